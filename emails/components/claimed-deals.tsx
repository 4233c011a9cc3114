import type { ClaimedDealRow } from '../model.js';
import { color, font } from './theme.js';

/**
 * The largest marketing-sourced deals of the week, one block each (deal and amount, then how it
 * was matched and the lead that claims it): stacked lines, so long names and addresses wrap
 * inside 320 px instead of widening a table.
 */
export function ClaimedDeals({ deals }: { deals: ClaimedDealRow[] }) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
      <tbody>
        {deals.map((d, i) => (
          <tr key={i}>
            <td
              style={{
                fontFamily: font,
                padding: '6px 0',
                borderBottom: `1px solid ${color.border}`,
                fontSize: '13px',
                lineHeight: '18px',
                color: color.text,
                wordBreak: 'break-word',
              }}
            >
              <strong>{d.deal}</strong> · {d.amount}
              <br />
              <span style={{ color: color.muted }}>
                {d.method} · {d.lead}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
