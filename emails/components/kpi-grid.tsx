import { Fragment } from 'react';
import type { Kpi } from '../model.js';
import { DeltaBadge } from './delta-badge.js';
import { color, font, small } from './theme.js';
import { TrendBars } from './trend-bars.js';

/**
 * One value size for every tile, from the longest value: "EUR 1'261'312" stays on one line in a
 * 375 px phone's half-width tile (about 140 px) without media queries, which many clients drop.
 */
export function kpiValueSize(items: readonly Kpi[]): { fontSize: string; lineHeight: string } {
  const longest = Math.max(0, ...items.map((k) => k.value.length));
  if (longest <= 9) return { fontSize: '24px', lineHeight: '30px' };
  if (longest <= 11) return { fontSize: '20px', lineHeight: '26px' };
  return { fontSize: '17px', lineHeight: '24px' };
}

function KpiTile({
  kpi,
  trendLabel,
  size,
}: {
  kpi: Kpi;
  trendLabel: string;
  size: { fontSize: string; lineHeight: string };
}) {
  const caption = `${trendLabel}: ${kpi.trend.map((p) => p.display).join(' · ')}`;
  return (
    <td
      width="49%"
      style={{
        width: '49%',
        fontFamily: font,
        verticalAlign: 'top',
        padding: '12px',
        backgroundColor: color.panel,
        border: `1px solid ${color.border}`,
        borderRadius: '8px',
      }}
    >
      <p style={{ ...small, fontWeight: 600 }}>{kpi.label}</p>
      <p style={{ ...size, fontWeight: 700, color: color.text, margin: '2px 0 4px 0' }}>
        {/* A normal space lets a long amount wrap rather than overflow on a 320 px phone. */}
        {kpi.value.replace(/\u00a0/g, ' ')}
      </p>
      <DeltaBadge delta={kpi.delta} />
      <TrendBars points={kpi.trend} caption={caption} />
    </td>
  );
}

/** KPI tiles two per row (49% + 2% gap + 49%): about 270 px each on desktop, still readable at 320 px without media queries. */
export function KpiGrid({ items, trendLabel }: { items: Kpi[]; trendLabel: string }) {
  const size = kpiValueSize(items);
  const rows: Kpi[][] = [];
  for (let i = 0; i < items.length; i += 2) rows.push(items.slice(i, i + 2));
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
      <tbody>
        {rows.map((row, r) => (
          <Fragment key={r}>
            {/* Spacer rows, not border-spacing: Outlook ignores border-spacing. */}
            <tr>
              <td colSpan={3} height={8} style={{ fontSize: '1px', lineHeight: '1px' }}>
                &nbsp;
              </td>
            </tr>
            <tr>
              {row[0] && <KpiTile kpi={row[0]} trendLabel={trendLabel} size={size} />}
              <td width="2%" style={{ width: '2%', fontSize: '1px', lineHeight: '1px' }}>
                &nbsp;
              </td>
              {row[1] ? (
                <KpiTile kpi={row[1]} trendLabel={trendLabel} size={size} />
              ) : (
                <td width="49%" style={{ width: '49%' }} />
              )}
            </tr>
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
