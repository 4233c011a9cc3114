/**
 * A won deal's close judged against its export day in the zone the file was read in
 * (docs/methodology.md, "Won deals with a close date after their export"). A Pipedrive export
 * of 23 Nov read in New York (`--timezone America/New_York`) holds a deal won at 20:00 that
 * evening: 02:00 on 24 Nov in Berlin, the report's zone. The export day was taken in Berlin, so
 * the deal was rejected as "closed after its export day" and W47/W48 held deals not measured,
 * telling the user to fix a date that was right. The export day now ends at midnight in the
 * file's zone; a bare close day (a Salesforce Close Date) is still judged by its day.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'won-after-export');
const BERLIN = { reportingCurrency: 'EUR', fxRates: { USD: 0.92 }, timezone: 'Europe/Berlin' };
const NY = { date: '2026-11-23', timezone: 'America/New_York' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function wonOn(r: FieldCaseRun): Promise<string[]> {
  const rows = await r.query('select cast(closed_at as varchar) as at from stg_deals where is_won order by closed_at');
  return rows.map((row) => String(row.at));
}

describe('a deal won on its export day, west of the report zone', () => {
  it('loads from a Pipedrive export read in New York, and W47 is measured', async () => {
    run = await fieldCase(BERLIN);
    const printed = await run.import(join(FIXTURES, 'pd-deals-ny.csv'), 'pipedrive-deals-csv', NY);
    expect(printed).toContain('2 loaded, 0 rejected');
    expect(await wonOn(run)).toEqual(['2026-11-20 15:00:00', '2026-11-24 01:00:00']);
    // W47 (Beta, won 20 Nov) was held not measured by the reject, created 16 Nov; W48 ends after the export.
    const w47 = await run.report('2026-W47');
    expect(w47.coverage.deals.measured).toBe(true);
    expect(w47.totals).toMatchObject({ wonDeals: 1, wonRevenue: 3000 });
  });

  it('loads from a HubSpot export read in New York', async () => {
    run = await fieldCase(BERLIN);
    const printed = await run.import(join(FIXTURES, 'hs-deals-ny.csv'), 'hubspot-deals-csv', NY);
    expect(printed).toContain('2 loaded, 0 rejected');
    expect((await run.report('2026-W47')).coverage.deals.measured).toBe(true);
  });

  it('loads from a canonical file whose export day is in New York (--timezone)', async () => {
    run = await fieldCase(BERLIN);
    // 01:00 UTC on 24 Nov: 20:00 on 23 Nov in New York, 02:00 on 24 Nov in Berlin.
    const printed = await run.import(join(FIXTURES, 'deals-ny.csv'), 'canonical-deals', NY);
    expect(printed).toContain('1 loaded, 0 rejected');
    // The zone says where the export day ends, not where bare days lie: the report is not refused.
    expect((await run.report('2026-W47')).coverage.deals.measured).toBe(true);
  });

  it('is rejected when won after the export day by its time, with advice on --date and --timezone', async () => {
    run = await fieldCase(BERLIN);
    // Exported on 22 Nov by its --date: the deal won on the 23rd at 20:00 lies after it.
    const printed = await run.import(join(FIXTURES, 'pd-deals-ny.csv'), 'pipedrive-deals-csv', { date: '2026-11-22' });
    expect(printed).toContain('1 loaded, 1 rejected');
    // A time the CRM stamped may be read in the wrong zone: "set it in the CRM" alone would mislead.
    expect(printed).toContain('import it again with its --date and --timezone');
  });

  it('rejects a Salesforce Close Date after the export day whatever the zones, advising the CRM', async () => {
    run = await fieldCase(BERLIN);
    const printed = await run.import(join(FIXTURES, 'sf-report-ny.csv'), 'salesforce-opportunities-csv', NY);
    // 24 Nov at 00:00 in Berlin lies before 23 Nov ends in New York, but it is a day after the export.
    expect(printed).toContain('1 loaded, 1 rejected');
    expect(printed).toContain('a won deal closed on 2026-11-24, after its export day 2026-11-23');
    expect(printed).toContain('(set it in the CRM and export again)');
  });
});
