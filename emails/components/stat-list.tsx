import type { Stat } from '../model.js';
import { DeltaBadge } from './delta-badge.js';
import { cell, color, text } from './theme.js';

/** Label on the left, value and change on the right; one row per figure. */
export function StatList({ stats }: { stats: Stat[] }) {
  return (
    <table
      role="presentation"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ borderCollapse: 'collapse', margin: '8px 0' }}
    >
      <tbody>
        {stats.map((s, i) => (
          <tr key={i}>
            <td style={{ ...cell, ...text, padding: '6px 8px 6px 0', borderBottom: `1px solid ${color.border}` }}>
              {s.label}
            </td>
            <td
              align="right"
              style={{
                ...cell,
                ...text,
                padding: '6px 0',
                borderBottom: `1px solid ${color.border}`,
                textAlign: 'right',
              }}
            >
              <strong>{s.value}</strong>
              {s.detail && (
                <>
                  <br />
                  <span style={{ fontSize: '12px', lineHeight: '16px', color: color.muted }}>{s.detail}</span>
                </>
              )}
              {s.delta && (
                <>
                  <br />
                  <DeltaBadge delta={s.delta} />
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
