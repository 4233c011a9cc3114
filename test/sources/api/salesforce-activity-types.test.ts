/**
 * A Salesforce task whose TaskSubtype and Type no table knows (an org's custom Type "Call -
 * Outbound" on a task without a subtype), pulled by the API connector: it loads as `other`, so
 * before it read as no follow-up and the week's SLA was stated as measured. Now the pull lists
 * it with the setting (`unmappedLabels`, `unmappedLabelSettings`), the week's follow-ups are not
 * measured, and the connector's `activityTypes` maps it, as a CSV format's does
 * (docs/methodology.md, "Labels the product does not know").
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
import { completedTaskRow, leadRow, SalesforceFake } from '../../fakes/salesforce.js';
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
    leadRow(lead(1), 'cara@cara.example', '2026-11-17T09:00:00Z'),
    leadRow(lead(2), 'dan@dan.example', '2026-11-18T09:00:00Z'),
  );
  fake.data.Task.push(
    // Cara was called an hour after she came in, logged under the org's custom Type.
    completedTaskRow('00T000000000001AAA', lead(1), '2026-11-17T10:00:00Z', 'Call', {
      TaskSubtype: null,
      Type: 'Call - Outbound',
    }),
    completedTaskRow('00T000000000002AAA', lead(2), '2026-11-18T10:00:00Z', 'Call'),
  );
  await fake.start();
}, 60_000);

afterAll(async () => {
  await encoder.close();
  await fake.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One daily pull of the org into an empty store, then the week's report. */
async function pullAndReport(salesforce: Record<string, unknown>): Promise<FunnelReport> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-types-api-'));
  dirs.push(dir);
  const config: Config = parseConfig({
    ...SETTINGS,
    sources: { salesforce: { baseUrl: fake.baseUrl, ...salesforce } },
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

describe('Salesforce API: a task type no table knows', () => {
  it('holds the follow-ups not measured, naming the type and the setting', async () => {
    const report = await pullAndReport({});
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'salesforce', setting: 'activityTypes', labels: ['Call - Outbound'] },
    ]);
    expect(report.totals.slaRate).toBeNull();
    expect(report.totals.overdue).toBeNull();
  });

  it("mapped under the connector's activityTypes, it is a call: both leads within SLA, measured", async () => {
    const report = await pullAndReport({ activityTypes: { 'call - outbound': 'call' } });
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 2, overdue: 0 });
  });
});
