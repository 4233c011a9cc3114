/**
 * A creation after the file's export day is evidence against a date order (docs/methodology.md,
 * "Records dated after their export"). A US Salesforce leads report (`11/03/2026`, `11/09/…`,
 * `11/12/…`, all ambiguous) imported on 23 Nov under `"locale": "en-GB"` was read day-first:
 * leads created 11 Mar, 11 Sep and 11 Dec 2026, the last after the export, and W46 read 0 leads.
 * Now the order that puts a record after its export day is impossible and the other reads the
 * file (the import says so); a setting so contradicted refuses the file; when neither order
 * fits, or the file's values proved the order, the late rows are rejected, on every path.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function file(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'export-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const NY = { timezone: 'America/New_York', reportingCurrency: 'USD' };
const EXPORTED = { date: '2026-11-23' };
const created = async (r: FieldCaseRun, table = 'leads') =>
  (await r.query(`select cast(created_at as varchar) as at from ${table} order by created_at`)).map((row) =>
    String(row.at).slice(0, 10),
  );

/** The reviewer's file (/tmp/s9/r9b/c08-wrong-order/leads.csv). */
const US_LEADS = [
  'Lead ID,First Name,Last Name,Email,Create Date,Lead Status,Lead Source,Lead Owner,Company',
  '00Q5g00000XyZ01,Amy,Chen,amy.chen@harbor.example,11/03/2026 9:15 AM,Open - Not Contacted,Web,Sam Sales,Harbor Inc',
  '00Q5g00000XyZ02,Bob,Diaz,bob.diaz@quarry.example,11/09/2026 2:40 PM,Working - Contacted,Advertisement,Sam Sales,Quarry LLC',
  '00Q5g00000XyZ03,Cat,Evans,cat.evans@summit.example,11/12/2026 4:05 PM,Open - Not Contacted,Web,Kim Lee,Summit Co',
].join('\n');

describe('the date order a record created after its export day rules out', () => {
  it('a US leads report under an en-GB locale is read month-first, and the import says why', async () => {
    run = await fieldCase({ ...NY, locale: 'en-GB' });
    const out = await run.import(await file('leads.csv', US_LEADS), 'salesforce-leads-csv', EXPORTED);
    expect(out).toContain('3 loaded, 0 rejected into leads');
    expect(out).toContain(
      'dates read month-first (MDY) (not day-first (DMY) as the locale suggests: line 4, column "Create Date": "11/12/2026 4:05 PM" read day-first (DMY), its record was created on 2026-12-11, after the export day 2026-11-23)',
    );
    // Before: 2026-03-11, 2026-09-11, 2026-12-11.
    expect(await created(run)).toEqual(['2026-11-03', '2026-11-09', '2026-11-12']);
    expect((await run.report('2026-W46')).totals.leads).toBe(2);
  });

  it('a UK deals export under an en-US locale is read day-first (another format, the other way)', async () => {
    run = await fieldCase({ ...NY, locale: 'en-US' });
    const deals = [
      'Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date,Close Date',
      '1,A,Appointment Scheduled,100,USD,03/11/2026 10:00,01/12/2026',
      '2,B,Appointment Scheduled,100,USD,12/11/2026 10:00,',
    ].join('\n');
    // The open deal's expected close (1 Dec day-first) is no evidence: only creations are.
    const out = await run.import(await file('deals.csv', deals), 'hubspot-deals-csv', EXPORTED);
    expect(out).toContain('2 loaded, 0 rejected into deals');
    expect(out).toContain('dates read day-first (DMY) (not month-first (MDY) as the locale suggests: line 3');
    expect(await created(run, 'deals')).toEqual(['2026-11-03', '2026-11-12']);
  });

  it('an order the setting gives that puts a record after its export day refuses the file', async () => {
    run = await fieldCase({ ...NY, sources: { 'salesforce-leads-csv': { dateOrder: 'DMY' } } });
    await expect(run.import(await file('leads.csv', US_LEADS), 'salesforce-leads-csv', EXPORTED)).rejects.toThrow(
      'leads.csv: line 4, column "Create Date": "11/12/2026 4:05 PM" read day-first (DMY), its record was created on 2026-12-11, after the export day 2026-11-23, while month-first (MDY) every record lies before it; correct sources["salesforce-leads-csv"].dateOrder, or the --date if the file was exported later (nothing was loaded)',
    );
    expect(await run.canonicalFiles('leads')).toEqual([]);
  });

  it('when neither order fits, the order stays and the late rows are rejected with the reason', async () => {
    run = await fieldCase({ ...NY, locale: 'en-GB' });
    const both = [
      'Lead ID,Email,Create Date,Lead Status',
      '00Q5g00000XyZ01,amy.chen@harbor.example,11/12/2026 9:15 AM,Open - Not Contacted',
      '00Q5g00000XyZ02,bob.diaz@quarry.example,12/11/2026 2:40 PM,Open - Not Contacted',
    ].join('\n');
    const out = await run.import(await file('leads.csv', both), 'salesforce-leads-csv', EXPORTED);
    expect(out).toContain('1 loaded, 1 rejected into leads');
    expect(out).toContain('dates read day-first (DMY) (from the locale)');
    expect(out).toContain('a lead created on 2026-12-11, after its export day 2026-11-23');
    expect(await created(run)).toEqual(['2026-11-12']);
  });

  it('a file whose values prove the order keeps it: a creation after the export day is a reject', async () => {
    run = await fieldCase(NY);
    const proven = [
      'Lead ID,Email,Create Date,Lead Status',
      '00Q5g00000XyZ01,amy.chen@harbor.example,14/11/2026 9:15 AM,Open - Not Contacted',
      '00Q5g00000XyZ02,bob.diaz@quarry.example,11/12/2026 2:40 PM,Open - Not Contacted',
    ].join('\n');
    const out = await run.import(await file('leads.csv', proven), 'salesforce-leads-csv', EXPORTED);
    expect(out).toContain('1 loaded, 1 rejected into leads');
    expect(out).toContain('a lead created on 2026-12-11, after its export day 2026-11-23');
  });

  it('a canonical file: a creation later than a day after the export day is rejected, within it loaded', async () => {
    run = await fieldCase(NY);
    const csv =
      'lead_id,source,email,created_at\n' +
      // 22:00 in New York on the 23rd: on the export day.
      'L1,webform,a@x.example,2026-11-24T03:00:00Z\n' +
      // The 24th in New York: within the day of slack for zones.
      'L2,webform,b@x.example,2026-11-24T20:00:00Z\n' +
      'L3,webform,c@x.example,2026-11-26T15:00:00Z\n';
    const out = await run.import(await file('leads.csv', csv), 'canonical-leads', EXPORTED);
    expect(out).toContain('2 loaded, 1 rejected into leads');
    expect(out).toContain('a lead created on 2026-11-26, after its export day 2026-11-23');
  });
});
