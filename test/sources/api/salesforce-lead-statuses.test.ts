/**
 * A Salesforce Lead whose Status no table or setting knows (an org's custom picklist value
 * "Marketing Qualified"), pulled by the API connector: it loaded as a plain lead, so the week
 * read one MQL short as measured. Now the pull lists it with the setting `leadStatuses`
 * (`unmappedLabels`, `unmappedLabelSettings`), lead quality (MQLs, disqualified) is not
 * measured, and the connector's `leadStatuses` maps it (docs/methodology.md, "Labels the
 * product does not know").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config, type ConfigInput } from '../../../functions/core/config.js';
import { buildReport } from '../../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { StaticSecrets } from '../../../functions/core/secrets.js';
import { parseWeek } from '../../../functions/core/weeks.js';
import { runDaily } from '../../../functions/sources/run-sources.js';
import { leadRow, SalesforceFake } from '../../fakes/salesforce.js';
import { VirtualClock } from '../../fakes/server.js';

const ZONE = 'Europe/Berlin';
const WEEK = '2026-W47';
const SETTINGS: ConfigInput = { reportingCurrency: 'EUR', fxRates: { USD: 0.92 }, timezone: ZONE };
const lead = (n: number) => `00Q00000000000${n}AAA`;

let encoder: DuckDBParquetEncoder;
let fake: SalesforceFake;
const dirs: string[] = [];

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  fake = new SalesforceFake({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: ZONE });
  fake.data.Lead.push(
    leadRow(lead(1), 'cara@cara.example', '2026-11-17T09:00:00Z', { Status: 'Marketing Qualified' }),
    leadRow(lead(2), 'dan@dan.example', '2026-11-18T09:00:00Z', { Status: 'Qualified' }),
    leadRow(lead(3), 'eve@eve.example', '2026-11-19T09:00:00Z', { Status: 'Unqualified' }),
  );
  await fake.start();
}, 60_000);

afterAll(async () => {
  await encoder.close();
  await fake.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One daily pull of the org's leads into an empty store, then the week's report. */
async function pullAndReport(salesforce: Record<string, unknown>): Promise<FunnelReport> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-statuses-api-'));
  dirs.push(dir);
  const config: Config = parseConfig({
    ...SETTINGS,
    sources: { salesforce: { baseUrl: fake.baseUrl, entities: ['leads'], ...salesforce } },
  });
  const clock = new VirtualClock(Date.parse('2026-11-24T06:00:00Z'));
  fake.now = clock.now;
  const store = new LocalStore(join(dir, 'data'));
  const result = await runDaily({
    store,
    config,
    secrets: new StaticSecrets({ salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } }),
    date: '2026-11-24',
    encoder,
    now: () => new Date(clock.now()),
    http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
  });
  expect(result.sources.map((s) => s.error)).toEqual([undefined]);
  const engine = await openLocalWarehouse(join(dir, 'data'), config);
  try {
    return await buildReport({ engine, store, config }, parseWeek(WEEK, config.timezone), {
      now: new Date('2026-11-30T12:00:00Z'),
    });
  } finally {
    await engine.close();
  }
}

describe('Salesforce API: a lead status no table knows', () => {
  it('holds MQLs and disqualified not measured, naming the status and the setting', async () => {
    const report = await pullAndReport({});
    expect(report.coverage.leadQuality).toMatchObject({
      measured: false,
      unknownLabels: [{ source: 'salesforce', setting: 'leadStatuses', labels: ['Marketing Qualified'] }],
    });
    expect(report.totals.leads).toBe(3);
    expect(report.totals.mqls).toBeNull();
    expect(report.leadQuality?.totals.disqualified).toBeNull();
  });

  it("mapped under the connector's leadStatuses, it is an MQL: 2 MQLs, 1 disqualified, measured", async () => {
    const report = await pullAndReport({ leadStatuses: { 'marketing qualified': 'mql' } });
    expect(report.coverage.leadQuality.measured).toBe(true);
    expect(report.totals).toMatchObject({ leads: 3, mqls: 2 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 3, disqualified: 1 });
  });
});
