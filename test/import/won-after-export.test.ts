/**
 * A won deal whose close date lies after the day it was exported (docs/methodology.md, "Won
 * deals with a close date after their export"). A Salesforce opportunity moved to Closed Won
 * keeps the expected Close Date it had unless someone changes it: a report exported on Monday
 * 23 Nov showed a won deal closing on 20 Dec. It loaded as won on 20 Dec, so W47 (when it was
 * won, by the export) read "won 0" as measured and W51 would count it. Now the row is rejected
 * with the reason, and the rejected-rows rule holds the deal figures not measured in every week
 * from its creation to the export day, and in its close date's week.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'won-after-export');
const BERLIN = { reportingCurrency: 'EUR', fxRates: { GBP: 1.15 }, timezone: 'Europe/Berlin' };
const REASON = 'a won deal closed on 2026-12-20, after its export day 2026-11-23';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function rejectsOf(printed: string): Promise<string> {
  const path = /reasons in (\S+\.jsonl)/.exec(printed)?.[1];
  expect(path).toBeDefined();
  return readFile(path!, 'utf8');
}

describe('a won deal closed after its export day', () => {
  it('is rejected from a Salesforce report, and the weeks it could be won in are not measured', async () => {
    run = await fieldCase(BERLIN);
    await run.import(join(FIXTURES, 'leads.csv'), 'canonical-leads', { date: '2026-11-23' });
    const printed = await run.import(join(FIXTURES, 'opps-report.csv'), 'salesforce-opportunities-csv', {
      date: '2026-11-23',
    });
    // The open deal and the deal won on the export day load.
    expect(printed).toContain('2 loaded, 1 rejected');
    expect(printed).toContain(REASON);
    expect(await rejectsOf(printed)).toContain('0065g00000XyZab');

    const w47 = await run.report('2026-W47');
    expect(w47.coverage.deals).toMatchObject({ measured: false, rowsRejected: [{ source: 'salesforce', rows: 1 }] });
    expect(w47.totals).toMatchObject({ wonDeals: null, wonRevenue: null });
    expect(emailText(w47)).toContain('Deals not measured: 1 deal row from Salesforce was rejected at import');
    // Won by the export day at the latest: Monday 23 Nov (W48) is one of the days too.
    expect((await run.report('2026-W48')).coverage.deals.measured).toBe(false);
    // Created on 17 Nov: nothing of it can be in W46, which stays measured.
    const w46 = await run.report('2026-W46');
    expect(w46.coverage.deals.measured).toBe(true);
    expect(w46.totals.wonDeals).toBe(0);
  });

  it('loads when exported after its close date, and counts in the week it closed', async () => {
    run = await fieldCase(BERLIN);
    await run.import(join(FIXTURES, 'leads.csv'), 'canonical-leads', { date: '2026-12-21' });
    const printed = await run.import(join(FIXTURES, 'opps-report.csv'), 'salesforce-opportunities-csv', {
      date: '2026-12-21',
    });
    expect(printed).toContain('3 loaded, 0 rejected');
    // Won on its close date, 20 Dec in Berlin (W51 has not ended on the day of writing: queried).
    const won = await run.query(
      "select cast(closed_at as varchar) as closed_at from stg_deals where name = 'Northwind - Platform' and is_won",
    );
    expect(won).toEqual([{ closed_at: '2026-12-19 23:00:00' }]);
  });

  it('is rejected from a canonical deals file (the fast path) with the same reason', async () => {
    run = await fieldCase(BERLIN);
    await run.import(join(FIXTURES, 'leads.csv'), 'canonical-leads', { date: '2026-11-23' });
    const printed = await run.import(join(FIXTURES, 'deals.csv'), 'canonical-deals', { date: '2026-11-23' });
    expect(printed).toContain('2 loaded, 1 rejected');
    expect(printed).toContain(REASON);
    expect((await run.report('2026-W47')).coverage.deals.measured).toBe(false);
    // The fast path dates its rejects as the JS path does: to the export day, not W46.
    expect((await run.report('2026-W48')).coverage.deals.measured).toBe(false);
    // D3, won on 10 Nov and exported after it, counts in W46.
    const w46 = await run.report('2026-W46');
    expect(w46.totals).toMatchObject({ wonDeals: 1, wonRevenue: 5750 });
  });
});
