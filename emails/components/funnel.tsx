import type { FunnelStep } from '../model.js';
import { Bar } from './bar.js';
import { cell, color, noWrap, small, text } from './theme.js';

export function Funnel({ steps }: { steps: FunnelStep[] }) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
      <tbody>
        {steps.map((s, i) => (
          <tr key={i}>
            <td style={{ ...cell, padding: '6px 0' }}>
              <table
                role="presentation"
                width="100%"
                cellPadding={0}
                cellSpacing={0}
                style={{ borderCollapse: 'collapse' }}
              >
                <tbody>
                  <tr>
                    <td style={{ ...cell, ...text, paddingBottom: '3px' }}>{s.label}</td>
                    <td align="right" {...noWrap} style={{ ...cell, ...text, fontWeight: 700, paddingBottom: '3px' }}>
                      {s.value}
                    </td>
                  </tr>
                </tbody>
              </table>
              <Bar share={s.share} fill={color.bar} height={12} />
              {s.conversion && <p style={{ ...small, marginTop: '2px' }}>{s.conversion}</p>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
