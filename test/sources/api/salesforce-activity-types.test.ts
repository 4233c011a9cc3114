/**
 * A Salesforce task whose TaskSubtype and Type no table knows (an org's custom Type "Call -
 * Outbound" on a task without a subtype), pulled by the API connector: it loads as `other`, so
 * before it read as no follow-up and the week's SLA was stated as measured. Now the pull lists
 * it with the setting (`unmappedLabels`, `unmappedLabelSettings`), the week's follow-ups are not
 * measured, and the connector's `activityTypes` maps it, as a CSV format's does
 * (docs/methodology.md, "Labels the product does not know").
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { completedTaskRow, leadRow, SalesforceFake } from '../../fakes/salesforce.js';
import { pullAndReportW47, SALESFORCE_PULL_ZONE } from '../../helpers/salesforce-pull.js';

const ZONE = SALESFORCE_PULL_ZONE;
const lead = (n: number) => `00Q00000000000${n}EAA`;

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
    completedTaskRow('00T000000000001EAA', lead(1), '2026-11-17T10:00:00Z', 'Call', {
      TaskSubtype: null,
      Type: 'Call - Outbound',
    }),
    completedTaskRow('00T000000000002EAA', lead(2), '2026-11-18T10:00:00Z', 'Call'),
  );
  await fake.start();
}, 60_000);

afterAll(async () => {
  await encoder.close();
  await fake.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One daily pull of the org into an empty store, then the week's report (test/helpers/salesforce-pull.ts). */
const pullAndReport = (salesforce: Record<string, unknown>): Promise<FunnelReport> =>
  pullAndReportW47(fake, encoder, dirs, salesforce);

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
