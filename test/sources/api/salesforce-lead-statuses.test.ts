/**
 * A Salesforce Lead whose Status no table or setting knows (an org's custom picklist value
 * "Marketing Qualified"), pulled by the API connector: it loaded as a plain lead, so the week
 * read one MQL short as measured. Now the pull lists it with the setting `leadStatuses`
 * (`unmappedLabels`, `unmappedLabelSettings`), lead quality (MQLs, disqualified) is not
 * measured, and the connector's `leadStatuses` maps it (docs/methodology.md, "Labels the
 * product does not know").
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { leadRow, SalesforceFake } from '../../fakes/salesforce.js';
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

/** One daily pull of the org into an empty store, then the week's report (test/helpers/salesforce-pull.ts). */
const pullAndReport = (salesforce: Record<string, unknown>): Promise<FunnelReport> =>
  pullAndReportW47(fake, encoder, dirs, { entities: ['leads'], ...salesforce });

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
