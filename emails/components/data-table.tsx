import type { Table } from '../model.js';
import { color, DATA_CELL_CLASS, dataCellText, font, noWrap, small } from './theme.js';

/** A real data table (not role=presentation): header row, numbers right-aligned, "and N more" below. */
export function DataTable({ table }: { table: Table }) {
  // The cells' font, size and colour are the table's (see `dataCellText`): only what differs per
  // cell is on the cell, which keeps a heavy week's HTML under Gmail's clipping point.
  const cell = { ...dataCellText, padding: '6px 4px' } as const;
  return (
    <>
      <table
        width="100%"
        cellPadding={0}
        cellSpacing={0}
        style={{ borderCollapse: 'collapse', marginTop: '4px', fontFamily: font, ...dataCellText }}
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
                  className={DATA_CELL_CLASS}
                  style={{ padding: cell.padding, borderBottom: `1px solid ${color.border}` }}
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
