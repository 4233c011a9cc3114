/**
 * A deals row whose stage is empty, with no won or closed column (docs/methodology.md, "Deal
 * stages the product does not know"). A Salesforce report grouped by Stage shows the stage on a
 * group's first row only: the second Closed Won deal loaded as an open deal without a stage, and
 * the week read "won 1, €10,000" as measured (right: 2, €15,000). Such a row is rejected now,
 * naming the grouped layout, so the week's deal figures are not measured (rejected rows).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'empty-stage');
const BERLIN = { reportingCurrency: 'EUR', timezone: 'Europe/Berlin' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('a deal row with an empty stage and no won or closed column', () => {
  it.each([
    ['opps-grouped.csv', 'salesforce-opportunities-csv', 'Stage', 3],
    ['hubspot-deals.csv', 'hubspot-deals-csv', 'Deal Stage', 3],
  ])('%s: rejected, naming the grouped layout; the week is not measured', async (file, format, column, line) => {
    run = await fieldCase(BERLIN);
    const printed = await run.import(join(FIXTURES, file), format, { date: '2026-11-23' });
    expect(printed).toContain(
      `rejected: 1 × ${column}: the stage is empty and no won or closed column says how the deal stands (a grouped report`,
    );
    expect(printed).toContain(`(first on line ${line})`);
    const w47 = await run.report('2026-W47');
    expect(w47.coverage.deals.measured).toBe(false);
    expect(w47.totals.wonRevenue).toBeNull();
  });
});
