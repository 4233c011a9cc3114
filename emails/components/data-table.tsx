import type { Table } from '../model.js';
import { color, font, noWrap, small } from './theme.js';

/** A real data table (not role=presentation): header row, numbers right-aligned, "and N more" below. */
export function DataTable({ table }: { table: Table }) {
  // No font-family per cell (the table carries it, and render.ts gives Outlook's Word engine
  // its own rule): repeated in every cell it was the largest part of the HTML.
  const cell = {
    fontSize: '13px',
    lineHeight: '18px',
    color: color.text,
    padding: '6px 4px',
  } as const;
  return (
    <>
      <table
        width="100%"
        cellPadding={0}
        cellSpacing={0}
        style={{ borderCollapse: 'collapse', marginTop: '4px', fontFamily: font }}
      >
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th
                key={i}
                align={table.numeric[i] ? 'right' : 'left'}
                style={{
                  ...cell,
                  fontSize: '12px',
                  color: color.muted,
                  fontWeight: 600,
                  textAlign: table.numeric[i] ? 'right' : 'left',
                  borderBottom: `1px solid ${color.border}`,
                }}
              >
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((v, i) => (
                <td
                  key={i}
                  align={table.numeric[i] ? 'right' : 'left'}
                  {...(table.numeric[i] ? noWrap : {})}
                  style={{ ...cell, borderBottom: `1px solid ${color.border}` }}
                >
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.more && <p style={{ ...small, marginTop: '6px' }}>{table.more}</p>}
    </>
  );
}
