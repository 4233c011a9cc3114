import type { CohortSection } from '../model-cohorts.js';
import { color, font } from './theme.js';

/**
 * The lead-cohort table, compact enough for 320 px: the week and its age stacked in the first
 * cell (the model's first two columns), the figures right-aligned, a young cohort's row muted.
 * Lean markup (8 rows × 7 cells): size, colour and padding are set once on the table and rows,
 * rows are told apart by shading; the table carries the font (render.ts gives Outlook its rule).
 */
export function CohortTable({ table, young }: Pick<CohortSection, 'table' | 'young'>) {
  const [weekLabel, ageLabel, ...figures] = table.columns;
  const numeric = table.numeric.slice(2);
  return (
    <table
      width="100%"
      cellPadding={4}
      cellSpacing={0}
      style={{
        borderCollapse: 'collapse',
        marginTop: '4px',
        fontFamily: font,
        fontSize: '12px',
        lineHeight: '16px',
        color: color.text,
      }}
    >
      <thead>
        <tr style={{ color: color.muted }}>
          <th align="left" style={{ textAlign: 'left', borderBottom: `1px solid ${color.border}` }}>
            {weekLabel}
            <br />
            <span style={{ fontWeight: 400 }}>{ageLabel}</span>
          </th>
          {figures.map((c, i) => (
            <th
              key={i}
              align={numeric[i] ? 'right' : 'left'}
              style={{ textAlign: numeric[i] ? 'right' : 'left', borderBottom: `1px solid ${color.border}` }}
            >
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map(([week, age, ...values], r) => (
          <tr key={r} {...(r % 2 === 1 ? { bgcolor: color.panel } : {})} {...mutedIf(young[r] === true)}>
            <td>
              <b>{week}</b>
              <br />
              {age}
            </td>
            {values.map((v, i) => (
              <td key={i} align={numeric[i] ? 'right' : 'left'}>
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A young cohort's row in the muted colour: its rates are still growing. */
function mutedIf(young: boolean) {
  return young ? { style: { color: color.muted } } : {};
}
