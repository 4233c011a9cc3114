import type { SplitBar as SplitBarModel } from '../model.js';
import { Bar } from './bar.js';
import { cell, color, small, text } from './theme.js';

/** Marketing-sourced vs sales-sourced as one two-colour bar with the numbers written out. */
export function SplitBars({
  bars,
  marketingLabel,
  salesLabel,
}: {
  bars: SplitBarModel[];
  marketingLabel: string;
  salesLabel: string;
}) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
      <tbody>
        {bars.map((b, i) => (
          <tr key={i}>
            <td style={{ ...cell, padding: '6px 0 10px 0' }}>
              <p style={{ ...text, fontWeight: 600, marginBottom: '4px' }}>{b.label}</p>
              <Bar
                share={b.marketingShare ?? 0}
                fill={color.marketing}
                track={b.marketingShare === null ? color.track : color.sales}
                height={12}
              />
              <table
                role="presentation"
                width="100%"
                cellPadding={0}
                cellSpacing={0}
                style={{ borderCollapse: 'collapse', marginTop: '4px' }}
              >
                <tbody>
                  <tr>
                    <td style={{ ...cell, ...small, color: color.text }}>
                      <span style={{ color: color.marketing, fontWeight: 700 }}>■</span> {marketingLabel}:{' '}
                      <strong>{b.marketing}</strong> ({b.marketingPct})
                    </td>
                  </tr>
                  <tr>
                    <td style={{ ...cell, ...small, color: color.text }}>
                      <span style={{ color: color.sales, fontWeight: 700 }}>■</span> {salesLabel}:{' '}
                      <strong>{b.sales}</strong> ({b.salesPct})
                    </td>
                  </tr>
                </tbody>
              </table>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
