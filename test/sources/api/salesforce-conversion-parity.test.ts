/**
 * One vendor, two paths, the same figures: a Salesforce org with a converted lead, pulled by
 * the API connector, and the same org exported with Data Loader (Lead, Task and Opportunity
 * objects, their API names as headers) and imported as files. Converting a lead moves its
 * tasks to the new contact (WhoId 003…) and neither the Task nor the Opportunity export names
 * the lead: only the lead's ConvertedContactId / ConvertedOpportunityId tie them to it, while
 * the API looks the lead up from the contact and the opportunity. SPEC §4.4, §4.5a.
 */
import { dataLoaderCsv } from '../../helpers/data-loader-csv.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../bin/cli/commands.js';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config, type ConfigInput } from '../../../functions/core/config.js';
import { buildReport } from '../../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { StaticSecrets } from '../../../functions/core/secrets.js';
import { parseWeek } from '../../../functions/core/weeks.js';
import { runDaily } from '../../../functions/sources/run-sources.js';
import { completedTaskRow, leadRow, SalesforceFake } from '../../fakes/salesforce.js';
import { VirtualClock } from '../../fakes/server.js';

const ZONE = 'America/New_York';
const WEEK = '2026-W47';
const ANNA = '00Q000000000001EAA';
const BEN = '00Q000000000002EAA';
const SETTINGS: ConfigInput = { reportingCurrency: 'EUR', fxRates: { USD: 0.92 }, timezone: ZONE };

/** The Data Loader columns exported per object (API names; `SystemModstamp` as LastModifiedDate). */
const EXPORTS = {
  Lead: [
    'Id',
    'FirstName',
    'LastName',
    'Email',
    'Company',
    'Status',
    'LeadSource',
    'CreatedDate',
    'SystemModstamp',
    'IsConverted',
    'ConvertedContactId',
    'ConvertedOpportunityId',
    'ConvertedAccountId',
    'OwnerId',
  ],
  Task: [
    'Id',
    'WhoId',
    'WhatId',
    'Status',
    'IsClosed',
    'TaskSubtype',
    'ActivityDate',
    'CompletedDateTime',
    'CreatedDate',
    'SystemModstamp',
    'OwnerId',
  ],
  // No lead, no contact address: an Opportunity export names neither.
  Opportunity: [
    'Id',
    'Name',
    'StageName',
    'Amount',
    'CloseDate',
    'IsClosed',
    'IsWon',
    'CreatedDate',
    'SystemModstamp',
    'OwnerId',
  ],
} as const;

let encoder: DuckDBParquetEncoder;
let fake: SalesforceFake;
const dirs: string[] = [];

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  fake = new SalesforceFake({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: ZONE });
  // Anna (gmail, so no domain can match her) is called 4 h after she came in, then converted
  // with an opportunity: her call moves to her new contact. Ben is called on his lead.
  fake.data.Lead.push(
    leadRow(ANNA, 'anna.kowalski@gmail.com', '2026-11-16T14:00:00Z', {
      FirstName: 'Anna',
      LastName: 'Kowalski',
      Company: 'Kowalski Consulting',
      LeadSource: 'Advertisement',
    }),
    leadRow(BEN, 'ben.ortiz@northwind.example', '2026-11-16T15:00:00Z', { Company: 'Northwind', LeadSource: 'Web' }),
  );
  fake.data.Task.push(
    completedTaskRow('00T000000000001EAA', ANNA, '2026-11-16T18:00:00Z', 'Call'),
    completedTaskRow('00T000000000002EAA', BEN, '2026-11-16T19:00:00Z', 'Call'),
  );
  fake.convertLead(ANNA, Date.parse('2026-11-17T15:00:00Z'), { opportunity: { Amount: 10_000 } });
  await fake.start();
}, 60_000);

afterAll(async () => {
  await encoder.close();
  await fake.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function report(dataDir: string, config: Config): Promise<FunnelReport> {
  const engine = await openLocalWarehouse(dataDir, config);
  try {
    return await buildReport({ engine, store: new LocalStore(dataDir), config }, parseWeek(WEEK, config.timezone), {
      now: new Date('2026-11-30T12:00:00Z'),
    });
  } finally {
    await engine.close();
  }
}

async function query(dataDir: string, config: Config, sql: string): Promise<Record<string, unknown>[]> {
  const engine = await openLocalWarehouse(dataDir, config);
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

const matches = (dataDir: string, config: Config) =>
  query(dataDir, config, 'select deal_id, match_method from int_deals__matched order by deal_id');

/** The conversion pointers as each path stores them: the same columns, the same values. */
const pointers = async (dataDir: string, config: Config) => ({
  leads: await query(
    dataDir,
    config,
    'select lead_id, converted_contact_id, converted_deal_id from stg_leads order by lead_id',
  ),
  activities: await query(dataDir, config, 'select activity_id, contact_id from stg_activities order by activity_id'),
});

/** The API path: one daily pull of the org into an empty store. */
async function viaApi(): Promise<{ dir: string; config: Config }> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-conv-api-'));
  dirs.push(dir);
  const config = parseConfig({ ...SETTINGS, sources: { salesforce: { baseUrl: fake.baseUrl } } });
  const clock = new VirtualClock(Date.parse('2026-11-24T06:00:00Z'));
  fake.now = clock.now;
  const result = await runDaily({
    store: new LocalStore(join(dir, 'data')),
    config,
    secrets: new StaticSecrets({ salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } }),
    date: '2026-11-24',
    encoder,
    now: () => new Date(clock.now()),
    http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
  });
  expect(result.sources.map((s) => s.error)).toEqual([undefined]);
  return { dir: join(dir, 'data'), config };
}

/** The file path: the same org's Data Loader exports, imported as a user does. */
async function viaFiles(order: readonly (keyof typeof EXPORTS)[]): Promise<{ dir: string; config: Config }> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-conv-files-'));
  dirs.push(dir);
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(SETTINGS));
  const format = {
    Lead: 'salesforce-leads-csv',
    Task: 'salesforce-activities-csv',
    Opportunity: 'salesforce-opportunities-csv',
  };
  for (const object of order) {
    const path = join(dir, `${object}.csv`);
    await writeFile(path, dataLoaderCsv(fake.data[object], EXPORTS[object]));
    const out = await importCommand(
      path,
      { as: format[object], date: '2026-11-24' },
      { config: configPath, dataDir: join(dir, 'data') },
    );
    expect(out).toContain('0 rejected');
  }
  return { dir: join(dir, 'data'), config: parseConfig(SETTINGS) };
}

const figures = (r: FunnelReport) => ({
  totals: r.totals,
  channels: r.channels,
  overdueLeads: r.overdueLeads,
  dealsMatched: r.dataQuality.dealsMatched,
  dealsUnmatched: r.dataQuality.dealsUnmatched,
});

describe('Salesforce lead conversion: the API pull and the Data Loader files give the same figures', () => {
  it('both: Anna followed up within SLA on her contact, her opportunity marketing-sourced by conversion', async () => {
    const api = await viaApi();
    const files = await viaFiles(['Lead', 'Task', 'Opportunity']);
    const [fromApi, fromFiles] = [await report(api.dir, api.config), await report(files.dir, files.config)];
    expect(fromFiles.totals).toMatchObject({
      leads: 2,
      followedUpWithinSla: 2,
      followedUpLate: 0,
      overdue: 0,
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
    expect(fromFiles.overdueLeads).toEqual([]);
    expect(figures(fromFiles)).toEqual(figures(fromApi));
    const opportunity = fake.data.Opportunity[0]?.Id;
    expect(await matches(files.dir, files.config)).toEqual([{ deal_id: opportunity, match_method: 'conversion' }]);
    expect(await matches(api.dir, api.config)).toEqual([{ deal_id: opportunity, match_method: 'conversion' }]);
    // One rule: the API connector fills the columns the files fill (its look-ups add lead and address on top).
    const [apiPointers, filePointers] = [await pointers(api.dir, api.config), await pointers(files.dir, files.config)];
    expect(apiPointers).toEqual(filePointers);
    expect(filePointers.leads[0]).toMatchObject({ lead_id: ANNA, converted_deal_id: opportunity });
    expect(filePointers.activities[0]?.contact_id).toMatch(/^003/);
  }, 120_000);

  it('the leads export loaded last still ties the moved call and the opportunity to Anna', async () => {
    const files = await viaFiles(['Opportunity', 'Task', 'Lead']);
    expect((await report(files.dir, files.config)).totals).toMatchObject({
      followedUpWithinSla: 2,
      overdue: 0,
      marketingSourcedOpportunities: 1,
    });
  }, 120_000);
});
