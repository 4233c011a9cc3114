/**
 * Which version of a Salesforce opportunity wins when the report has no "Last Modified Date"
 * (docs/methodology.md rule 1: such a version stands for the record as of its export day). The
 * import used the Close Date as the version's time, so a deal exported open on 23 Nov (Close
 * Date 27 Nov, the expected one) and exported Closed Won on 30 Nov with its Close Date set back
 * to 20 Nov stayed open: the later export ordered before the earlier one, and W47 read "won 0"
 * as measured. The export day orders them now.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'report-versions');
const BERLIN = { reportingCurrency: 'EUR', timezone: 'Europe/Berlin' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('a Salesforce opportunities report without Last Modified Date', () => {
  it('a later export with a backdated close wins over an earlier open one, in either import order', async () => {
    for (const order of [
      ['2026-11-23', '2026-11-30'],
      ['2026-11-30', '2026-11-23'],
    ]) {
      run = await fieldCase(BERLIN);
      for (const day of order) {
        await run.import(join(FIXTURES, `opps-${day}.csv`), 'salesforce-opportunities-csv', { date: day });
      }
      const deals = await run.query('select is_won, cast(closed_at as varchar) as closed_at from stg_deals');
      expect(deals).toEqual([{ is_won: true, closed_at: '2026-11-19 23:00:00' }]);
      const w47 = await run.report('2026-W47');
      expect(w47.totals).toMatchObject({ wonDeals: 1, wonRevenue: 10_000 });
      await run.close();
      run = undefined;
    }
  });
});
