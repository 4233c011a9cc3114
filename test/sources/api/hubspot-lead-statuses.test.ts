/**
 * HubSpot contacts pulled by the API connector with a Lead Status (`hs_lead_status`) or a
 * lifecycle stage no table or setting knows: such a contact loaded as not disqualified (the
 * status was not even noted), and the week read its lead quality as measured. Now the pull
 * lists the labels with their settings (`leadStatuses`, `lifecycleStages`), lead quality (MQLs,
 * disqualified) is not measured, and the connector's settings map them (docs/methodology.md,
 * "Labels the product does not know").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { HubSpotFake, type HubSpotObject } from '../../fakes/hubspot.js';
import { Pipeline } from '../../reliability/pipeline.js';

const WEEK = '2026-W47'; // Mon 2026-11-16 .. Mon 2026-11-23, UTC
const DAY = '2026-11-23';

let encoder: DuckDBParquetEncoder;
let fake: HubSpotFake;
const open: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  fake = new HubSpotFake({ contacts: 0, deals: 0, engagements: 0 });
  await fake.start();
  const people: Array<[string, string, string, string | null]> = [
    ['601', 'anna@northwind.example', 'marketingqualifiedlead', 'NEW'],
    ['602', 'ben@fabrikam.example', 'lead', 'Pas intéressé'],
    ['603', 'carla@contoso.example', '1064277769', 'Non qualifié'],
  ];
  for (const [i, [id, email, stage, status]] of people.entries()) {
    fake.put('contacts', contact(id, email, `2026-11-1${6 + i}T08:00:00Z`, stage, status));
  }
}, 60_000);
afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
  await fake.stop();
  await encoder.close();
});

function contact(id: string, email: string, created: string, stage: string, status: string | null): HubSpotObject {
  const at = new Date(created).toISOString();
  return {
    id,
    properties: {
      hs_object_id: id,
      email,
      lastname: 'Test',
      lifecyclestage: stage,
      hs_lead_status: status,
      hs_analytics_source: 'PAID_SEARCH',
      createdate: at,
      lastmodifieddate: at,
      hs_merged_object_ids: null,
      hs_additional_emails: null,
    },
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

async function pullAndReport(settings: Record<string, unknown>) {
  const pipeline = await Pipeline.create(encoder);
  open.push(pipeline);
  const run = await pipeline.runApi(
    { hubspot: { baseUrl: fake.baseUrl, entities: ['contacts'], ...settings } },
    { hubspot: { accessToken: 'hs-token-1' } },
    DAY,
  );
  expect(run.sources[0]?.error).toBeUndefined();
  const { report } = await pipeline.report(WEEK);
  if (!report) throw new Error('no report');
  return report;
}

describe('HubSpot API: lead statuses and lifecycle stages no table knows', () => {
  it('are noted with their settings and hold MQLs and disqualified not measured', async () => {
    const report = await pullAndReport({});
    expect(report.coverage.leadQuality).toMatchObject({
      measured: false,
      unknownLabels: [
        { source: 'hubspot', setting: 'leadStatuses', labels: ['Pas intéressé'] },
        { source: 'hubspot', setting: 'lifecycleStages', labels: ['1064277769'] },
      ],
    });
    expect(report.totals.leads).toBe(3);
    expect(report.totals.mqls).toBeNull();
    expect(report.leadQuality?.totals.disqualified).toBeNull();
  });

  it("mapped under the connector's leadStatuses and lifecycleStages: measured, the French Unqualified disqualified", async () => {
    const report = await pullAndReport({
      leadStatuses: { 'pas intéressé': 'disqualified' },
      lifecycleStages: { '1064277769': 'lead' },
    });
    expect(report.coverage.leadQuality.measured).toBe(true);
    expect(report.totals).toMatchObject({ leads: 3, mqls: 1 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 3, disqualified: 2 });
  });
});
