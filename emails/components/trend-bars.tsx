import type { TrendPoint } from '../model.js';
import { color, small } from './theme.js';

const MAX_HEIGHT = 28;

/**
 * A 4-week column chart drawn with table cells (no images, no SVG), so it survives image
 * blocking; the values are repeated as text underneath. Each column is a bottom-aligned
 * cell holding one coloured cell of the bar's height.
 */
export function TrendBars({ points, caption }: { points: TrendPoint[]; caption: string }) {
  return (
    <>
      <table role="presentation" cellPadding={0} cellSpacing={0} style={{ marginTop: '8px' }}>
        <tbody>
          <tr>
            {points.map((p, i) => {
              const h = p.value === null ? 0 : Math.max(2, Math.round(p.share * MAX_HEIGHT));
              return (
                <td key={i} height={MAX_HEIGHT} style={{ verticalAlign: 'bottom', paddingRight: '4px' }}>
                  {h > 0 && (
                    <table role="presentation" cellPadding={0} cellSpacing={0}>
                      <tbody>
                        <tr>
                          <td
                            width={18}
                            height={h}
                            style={{
                              height: `${h}px`,
                              fontSize: '1px',
                              lineHeight: '1px',
                              backgroundColor: p.current ? color.bar : color.barPast,
                            }}
                          >
                            &nbsp;
                          </td>
                        </tr>
                      </tbody>
                    </table>
                  )}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
      <p style={{ ...small, fontSize: '11px', lineHeight: '14px', marginTop: '4px' }}>{caption}</p>
    </>
  );
}
