import type { LeadQualityModel } from '../model-lead-quality.js';
import { cell, color, h3, small, text } from './theme.js';

/**
 * Lead quality per channel as stacked entries (channel and persons on one line, the figures
 * below, wrapping freely): five figures per channel never fit a 320 px table.
 */
export function LeadQuality({ model: m }: { model: LeadQualityModel }) {
  return (
    <>
      {m.intro && <p style={text}>{m.intro}</p>}
      {m.empty && <p style={text}>{m.empty}</p>}
      {m.rows.length > 0 && (
        <table
          role="presentation"
          width="100%"
          cellPadding={0}
          cellSpacing={0}
          style={{ borderCollapse: 'collapse', margin: '8px 0' }}
        >
          <tbody>
            {m.rows.map((r, i) => (
              <tr key={i}>
                <td style={{ ...cell, padding: '6px 0', borderBottom: `1px solid ${color.border}` }}>
                  <p style={{ ...text, fontWeight: i === 0 ? 700 : 400 }}>
                    {r.label} · <strong>{r.persons}</strong>
                  </p>
                  <p style={{ ...small, color: color.text }}>{r.figures.join(' · ')}</p>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.more && <p style={small}>{m.more}</p>}
      {m.notes.map((n, i) => (
        <p key={i} style={{ ...small, marginTop: '4px' }}>
          {n}
        </p>
      ))}
      {m.rows.length > 0 && <p style={{ ...small, marginTop: '6px' }}>{m.legend}</p>}
      {m.reasons.length > 0 && (
        <>
          <h3 style={h3}>{m.reasonsTitle}</h3>
          {m.reasons.map((r, i) => (
            <p key={i} style={{ ...text, margin: '2px 0 0 0' }}>
              • {r}
            </p>
          ))}
        </>
      )}
    </>
  );
}
