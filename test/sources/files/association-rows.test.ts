/**
 * Exports that list one record once per associated person (core/associations.ts): a
 * Salesforce "Opportunities with Contact Roles" report, a deal repeated per contact in a
 * Pipedrive or HubSpot export, an event listed once per invitee. Each is one record with every
 * contact, through the real import, models and report; rows that disagree are still rejects.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { parseConfig, type ConfigInput } from '../../../functions/core/config.js';
import { importFile } from '../../../functions/core/import/import-file.js';
import { describeImport } from '../../../functions/core/import/import-summary.js';
import type { LoadResult } from '../../../functions/core/load.js';
import type { Reject } from '../../../functions/core/records.js';
import { buildReport } from '../../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { parseWeek } from '../../../functions/core/weeks.js';
import { vendorFileFormats } from '../../../functions/sources/formats.js';

const FIELD_CASES = fileURLToPath(new URL('../../fixtures/field-cases/', import.meta.url));
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Run {
  loads: LoadResult[];
  report: FunnelReport;
  /** The results of `queries`, in order. */
  results: Record<string, unknown>[][];
  rejects: Reject[][];
}

/** Imports each file (a path, or inline text written to a temp file) in order, then the W47 report. */
async function run(
  files: { path?: string; text?: string; format: string }[],
  config: ConfigInput,
  queries: string[] = [],
): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'funnel-association-rows-'));
  dirs.push(dir);
  const cfg = parseConfig(config);
  const store = new LocalStore(join(dir, 'data'));
  const encoder = await DuckDBParquetEncoder.create();
  const loads: LoadResult[] = [];
  try {
    const now = () => new Date('2026-11-30T08:00:00Z');
    const deps = { store, encoder, config: cfg, now, vendorFormats: vendorFileFormats };
    for (const [i, f] of files.entries()) {
      let path = f.path;
      if (path === undefined) {
        path = join(dir, `file-${i}.csv`);
        await writeFile(path, f.text ?? '');
      }
      loads.push(await importFile(deps, { path, format: f.format }));
    }
  } finally {
    await encoder.close();
  }
  const rejects: Reject[][] = [];
  for (const load of loads) {
    const body = load.manifest.rejectsKey ? await store.get(load.manifest.rejectsKey) : undefined;
    rejects.push(
      body
        ? Buffer.from(body)
            .toString('utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Reject)
        : [],
    );
  }
  const engine = await openLocalWarehouse(join(dir, 'data'), cfg);
  try {
    const report = await buildReport({ engine, store, config: cfg }, parseWeek('2026-W47', cfg.timezone));
    const results: Record<string, unknown>[][] = [];
    for (const sql of queries) results.push(await engine.query(sql));
    return { loads, report, results, rejects };
  } finally {
    await engine.close();
  }
}

const NEW_YORK: ConfigInput = { reportingCurrency: 'USD', fxRates: { EUR: 1.08 }, timezone: 'America/New_York' };
const BERLIN = JSON.parse(readFileSync(join(FIELD_CASES, 'cfg-berlin.json'), 'utf8')) as ConfigInput;
const ACTIVITY_LEADS = join(FIELD_CASES, 'activity-leads.csv');

const SF_LEADS = [
  'Lead ID,First Name,Last Name,Email,Company,Create Date,Lead Status,Lead Source',
  '00Q5g00000AbCdE,Anna,Kowalski,anna.kowalski@gmail.com,Kowalski Consulting,11/16/2026 9:00 AM,Working - Contacted,Web',
].join('\n');

const SF_OPPS_HEADER =
  '"Opportunity Name","Account Name","Opportunity ID","Stage","Amount","Amount Currency","Created Date","Close Date","Contact Role","Email"';
const sfOpp = (amount: string, role: string, email: string) =>
  `"Kowalski Consulting - New","Kowalski Consulting","0065g00000QqQqA","Prospecting","${amount}","USD","11/17/2026","12/31/2026","${role}","${email}"`;

describe('deals listed once per contact', () => {
  it('Salesforce "Opportunities with Contact Roles": one opportunity, three roles → one deal with the three contacts, matched to Anna', async () => {
    const opps = [
      SF_OPPS_HEADER,
      sfOpp('10,000.00', 'Decision Maker', 'cfo@kowalski-consulting.example'),
      sfOpp('10,000.00', 'Evaluator', 'anna.kowalski@gmail.com'),
      sfOpp('10,000.00', 'Economic Buyer', 'ceo@kowalski-consulting.example'),
    ].join('\n');
    const { loads, report, results } = await run(
      [
        { text: SF_LEADS, format: 'salesforce-leads-csv' },
        { text: opps, format: 'salesforce-opportunities-csv' },
      ],
      NEW_YORK,
      ['select deal_id, contact_emails from deals'],
    );
    const deals = loads[1]!.manifest;
    // Before: 1 loaded, 2 rejected ("superseded by line 3"), only the last contact kept.
    expect([deals.rowsLoaded, deals.rowsRejected]).toEqual([1, 0]);
    expect(deals.notes).toMatchObject({ combinedRows: 2 });
    expect(describeImport(deals).join('\n')).toContain('combined: 2 rows into the deal of an earlier row');
    expect(results[0]).toEqual([
      {
        deal_id: '0065g00000QqQqAAAV',
        contact_emails: [
          'cfo@kowalski-consulting.example',
          'anna.kowalski@gmail.com',
          'ceo@kowalski-consulting.example',
        ],
      },
    ]);
    expect(report.totals).toMatchObject({ opportunities: 1, marketingSourcedOpportunities: 1, pipeline: 10000 });
    expect(report.dataQuality).toMatchObject({ dealsMatched: 1, dealsUnmatched: 0 });
    expect(report.dataQuality.sources.find((s) => s.source === 'salesforce')?.rowsRejected).toBe(0);
  });

  it('the same opportunity with another amount on one row is two versions: the later row wins, the earlier is a reject', async () => {
    const opps = [
      SF_OPPS_HEADER,
      sfOpp('10,000.00', 'Evaluator', 'anna.kowalski@gmail.com'),
      sfOpp('12,000.00', 'Decision Maker', 'cfo@kowalski-consulting.example'),
    ].join('\n');
    const { loads, rejects, results } = await run([{ text: opps, format: 'salesforce-opportunities-csv' }], NEW_YORK, [
      'select amount, contact_emails from deals',
    ]);
    expect([loads[0]!.manifest.rowsLoaded, loads[0]!.manifest.rowsRejected]).toEqual([1, 1]);
    expect(loads[0]!.manifest.notes?.combinedRows).toBeUndefined();
    expect(rejects[0]!.map((r) => [r.line, r.reason])).toEqual([[2, expect.stringMatching(/^superseded by line 3 /)]]);
    expect(results[0]).toEqual([{ amount: 12000, contact_emails: ['cfo@kowalski-consulting.example'] }]);
  });

  it('Pipedrive: a deal exported once per person → one deal with both people, the same address once', async () => {
    const text = [
      'Deal - ID,Deal - Title,Deal - Value,Deal - Currency of value,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Update time,Organization - Name,Person - Email (Work)',
      '301,Northwind rollout,"5,000",EUR,Qualified,Open,2026-11-17 09:00:00,2026-11-18 10:00:00,Northwind Traders,anna.keller@northwind.example',
      '301,Northwind rollout,"5,000",EUR,Qualified,Open,2026-11-17 09:00:00,2026-11-18 10:00:00,Northwind Traders,piet.cfo@northwind.example',
      '301,Northwind rollout,"5,000",EUR,Qualified,Open,2026-11-17 09:00:00,2026-11-18 10:00:00,Northwind Traders,Anna.Keller@northwind.example',
    ].join('\n');
    const { loads, results, report } = await run(
      [
        { path: ACTIVITY_LEADS, format: 'canonical-leads' },
        { text, format: 'pipedrive-deals-csv' },
      ],
      BERLIN,
      ['select contact_emails, contact_email_keys from deals'],
    );
    expect([loads[1]!.manifest.rowsLoaded, loads[1]!.manifest.rowsRejected]).toEqual([1, 0]);
    expect(loads[1]!.manifest.notes).toMatchObject({ combinedRows: 2 });
    expect(results[0]).toEqual([
      {
        contact_emails: ['anna.keller@northwind.example', 'piet.cfo@northwind.example'],
        contact_email_keys: ['anna.keller@northwind.example', 'piet.cfo@northwind.example'],
      },
    ]);
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
  });

  it('HubSpot: a deal listed twice, one associated contact each → one deal with both', async () => {
    const text = [
      '"Record ID","Deal Name","Deal Stage","Pipeline","Amount","Create Date","Last Modified Date","Associated Contact"',
      '"9101","Contoso pilot","appointmentscheduled","Sales Pipeline","4000","2026-11-17 10:00","2026-11-18 09:00","Sam Buyer (sam@contoso.example)"',
      '"9101","Contoso pilot","appointmentscheduled","Sales Pipeline","4000","2026-11-17 10:00","2026-11-18 09:00","Carla Rossi (carla.rossi@contoso.example)"',
    ].join('\n');
    const { loads, results, report } = await run(
      [
        { path: ACTIVITY_LEADS, format: 'canonical-leads' },
        { text, format: 'hubspot-deals-csv' },
      ],
      BERLIN,
      ['select contact_emails from deals'],
    );
    expect([loads[1]!.manifest.rowsLoaded, loads[1]!.manifest.rowsRejected]).toEqual([1, 0]);
    expect(results[0]).toEqual([{ contact_emails: ['sam@contoso.example', 'carla.rossi@contoso.example'] }]);
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
  });
});

const SF_EVENTS_HEADER =
  '"Activity ID","Subject","Activity Type","Start","End","Created Date","Assigned","Name","Email","Contact ID","Lead ID"';
const ACTIVITIES_SQL = 'select activity_id, record_id, email, lead_id from activities order by activity_id';

describe('activities listed once per contact', () => {
  it('Salesforce Tasks and Events report, one row per invitee: each invitee is followed up by the one meeting', async () => {
    const row = (name: string, email: string, contact: string, lead: string) =>
      `"00U5g00000Rb4Aa","Kick-off","Meeting","11/16/2026 3:00 PM","11/16/2026 4:00 PM","11/16/2026 8:00 AM","Lena Vogt","${name}","${email}","${contact}","${lead}"`;
    const text = [
      SF_EVENTS_HEADER,
      row('Anna Keller', 'anna.keller@northwind.example', '', '00Q5g00000XyZ9A'),
      row('Ben Ortiz', 'ben.ortiz@fabrikam.example', '0035g00000KLm1B', ''),
      row('Carla Rossi', 'carla.rossi@contoso.example', '0035g00000KLm1C', ''),
      // Anna again, as the contact she was converted into: the same person, one row.
      row('Anna Keller', 'Anna.Keller@northwind.example', '0035g00000KLm1A', ''),
    ].join('\n');
    const { loads, report, results } = await run(
      [
        { path: ACTIVITY_LEADS, format: 'canonical-leads' },
        { text, format: 'salesforce-activities-csv' },
      ],
      BERLIN,
      [ACTIVITIES_SQL],
    );
    // Before: 1 loaded, 3 rejected, and only Anna followed up (Ben and Carla overdue). Now one
    // row per invitee; Anna's second row adds nothing but is no reject either.
    expect([loads[1]!.manifest.rowsLoaded, loads[1]!.manifest.rowsRejected]).toEqual([3, 0]);
    expect(loads[1]!.manifest.notes).toMatchObject({ combinedRows: 1 });
    expect(describeImport(loads[1]!.manifest).join('\n')).toContain(
      'combined: 1 contact row into the activity of an earlier row',
    );
    // One row per contact, with the ids the fan-out gives an activity with several contacts.
    expect(results[0]).toEqual([
      {
        activity_id: '00U5g00000Rb4AaEAJ:anna.keller@northwind.example',
        record_id: '00U5g00000Rb4AaEAJ',
        email: 'anna.keller@northwind.example',
        lead_id: '00Q5g00000XyZ9AEAV',
      },
      {
        activity_id: '00U5g00000Rb4AaEAJ:ben.ortiz@fabrikam.example',
        record_id: '00U5g00000Rb4AaEAJ',
        email: 'ben.ortiz@fabrikam.example',
        lead_id: null,
      },
      {
        activity_id: '00U5g00000Rb4AaEAJ:carla.rossi@contoso.example',
        record_id: '00U5g00000Rb4AaEAJ',
        email: 'carla.rossi@contoso.example',
        lead_id: null,
      },
    ]);
    // Anna, Ben and Carla met 8 h after they came in; Dan had nothing.
    expect(report.totals).toMatchObject({ followedUpWithinSla: 3, followedUpLate: 0, overdue: 1 });
  });

  it('HubSpot activities export listing a meeting once per associated contact → a row per contact', async () => {
    const text = [
      '"Record ID","Activity type","Activity date","Activity assigned to","Meeting outcome","Associated Contact","Associated Contact IDs"',
      '"91000000101","Meeting","2026-11-16 10:00","Lena Vogt","Completed","Anna Keller (anna.keller@northwind.example)","440612500101"',
      '"91000000101","Meeting","2026-11-16 10:00","Lena Vogt","Completed","Dan Meyer (dan.meyer@tailspin.example)","440612500104"',
    ].join('\n');
    const { loads, report, results } = await run(
      [
        { path: ACTIVITY_LEADS, format: 'canonical-leads' },
        { text, format: 'hubspot-activities-csv' },
      ],
      BERLIN,
      [ACTIVITIES_SQL],
    );
    expect([loads[1]!.manifest.rowsLoaded, loads[1]!.manifest.rowsRejected]).toEqual([2, 0]);
    expect(results[0]!.map((r) => [r.activity_id, r.lead_id])).toEqual([
      ['meetings-91000000101:anna.keller@northwind.example', '440612500101'],
      ['meetings-91000000101:dan.meyer@tailspin.example', '440612500104'],
    ]);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 2, overdue: 2 });
  });

  it('the same activity id at another time on a second row is two versions: the later row wins, the earlier is a reject', async () => {
    const text = [
      SF_EVENTS_HEADER,
      '"00U5g00000Rb4Ab","Demo","Meeting","11/16/2026 3:00 PM","","","Lena Vogt","Anna Keller","anna.keller@northwind.example","",""',
      '"00U5g00000Rb4Ab","Demo","Meeting","11/19/2026 3:00 PM","","","Lena Vogt","Ben Ortiz","ben.ortiz@fabrikam.example","",""',
    ].join('\n');
    const { loads, rejects, results } = await run([{ text, format: 'salesforce-activities-csv' }], BERLIN, [
      ACTIVITIES_SQL,
    ]);
    expect([loads[0]!.manifest.rowsLoaded, loads[0]!.manifest.rowsRejected]).toEqual([1, 1]);
    expect(rejects[0]!.map((r) => [r.line, r.reason])).toEqual([[2, expect.stringMatching(/^superseded by line 3 /)]]);
    expect(results[0]!.map((r) => r.email)).toEqual(['ben.ortiz@fabrikam.example']);
  });
});
