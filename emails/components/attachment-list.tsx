import type { AttachmentsModel } from '../model-attachments.js';
import { cell, color, h3, small, text } from './theme.js';

/**
 * The CSV files attached to the email: one row a file, its name (which breaks anywhere, so a
 * long one stays inside 320 px) above what its rows are.
 */
export function AttachmentList({ attachments: a }: { attachments: AttachmentsModel }) {
  return (
    <>
      <h3 style={h3}>{a.title}</h3>
      <p style={{ ...small, marginBottom: '4px' }}>{a.intro}</p>
      <table
        role="presentation"
        width="100%"
        cellPadding={0}
        cellSpacing={0}
        style={{ borderCollapse: 'collapse', margin: '4px 0 8px 0' }}
      >
        <tbody>
          {a.items.map((item, i) => (
            <tr key={i}>
              <td style={{ ...cell, ...text, padding: '4px 0', borderBottom: `1px solid ${color.border}` }}>
                <strong style={{ wordBreak: 'break-all' }}>{item.filename}</strong>
                <br />
                <span style={{ ...small }}>{item.rows}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
