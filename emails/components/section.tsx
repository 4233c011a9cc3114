import type { ReactNode } from 'react';
import { color, font, h2 } from './theme.js';

/** One titled block of the report; an `<h2>` per section for screen readers. */
export function ReportSection({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <table
      role="presentation"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ borderCollapse: 'collapse' }}
      id={id}
    >
      <tbody>
        <tr>
          <td style={{ fontFamily: font, padding: '20px', borderTop: `1px solid ${color.border}` }}>
            <h2 style={h2}>{title}</h2>
            {children}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
