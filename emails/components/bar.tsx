import { color } from './theme.js';

/** A horizontal bar as two table cells; width in whole percent so every client draws it. */
export function Bar({
  share,
  fill = color.bar,
  track = color.track,
  height = 10,
}: {
  share: number;
  fill?: string;
  track?: string;
  height?: number;
}) {
  const pct = Math.max(0, Math.min(100, Math.round(share * 100)));
  const cell = { height: `${height}px`, lineHeight: `${height}px`, fontSize: '1px' } as const;
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
      <tbody>
        <tr>
          {pct > 0 && (
            <td width={`${pct}%`} height={height} style={{ ...cell, width: `${pct}%`, backgroundColor: fill }}>
              &nbsp;
            </td>
          )}
          {pct < 100 && (
            <td
              width={`${100 - pct}%`}
              height={height}
              style={{ ...cell, width: `${100 - pct}%`, backgroundColor: track }}
            >
              &nbsp;
            </td>
          )}
        </tr>
      </tbody>
    </table>
  );
}
