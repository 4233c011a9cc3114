/**
 * A HubSpot deal merged into another between two daily pulls (review d3, API side): HubSpot
 * drops the merged-away deal from search (no archived flag, so no pull deletes it) and lists it
 * in the survivor's `hs_merged_object_ids`. The version pulled before the merge counted beside
 * the survivor (3 opportunities, €22,000); the report must equal a fresh pull of the final
 * state (2, €12,000). Real runner, loader, warehouse and report; the strict fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { HubSpotFake, type HubSpotObject } from '../../fakes/hubspot.js';
import { Pipeline } from '../../reliability/pipeline.js';

const WEEK = '2026-W47';
const DAY1 = '2026-11-20';
const DAY2 = '2026-11-23';
const MERGED_AT = Date.parse('2026-11-20T12:00:00Z');

let encoder: DuckDBParquetEncoder;
const open: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
  await encoder.close();
});

const iso = (s: string) => new Date(s).toISOString();

function deal(id: string, created: string, amount: number): HubSpotObject {
  return {
    id,
    properties: {
      hs_object_id: id,
      dealname: 'Acme - Platform',
      dealstage: 'appointmentscheduled',
      amount: String(amount),
      deal_currency_code: 'EUR',
      closedate: '2026-12-31T00:00:00.000Z',
      pipeline: 'default',
      createdate: iso(created),
      hs_lastmodifieddate: iso(created),
      hs_is_closed: 'false',
      hs_is_closed_won: 'false',
      hs_merged_object_ids: null,
    },
    createdAt: iso(created),
    updatedAt: iso(created),
    archived: false,
  };
}

async function portal(): Promise<HubSpotFake> {
  const fake = new HubSpotFake({ contacts: 0, deals: 0, engagements: 0 });
  await fake.start();
  open.push({ close: () => fake.stop() });
  fake.put('deals', deal('9101', '2026-11-17T12:00:00Z', 10_000));
  fake.put('deals', deal('9102', '2026-11-18T12:00:00Z', 10_000)); // the duplicate
  fake.put('deals', deal('9103', '2026-11-19T15:00:00Z', 2_000));
  for (const id of ['9101', '9102', '9103']) fake.associations.deals?.set(id, []);
  return fake;
}

describe('HubSpot API: a deal merged between two pulls', () => {
  it('counts once, through its survivor, as a fresh pull of the final state does', async () => {
    const fake = await portal();
    const sources = { hubspot: { baseUrl: fake.baseUrl, pageSize: 2 } };
    const secrets = { hubspot: { accessToken: 'hs-token-1' } };
    const daily = await Pipeline.create(encoder);
    open.push(daily);
    expect((await daily.runApi(sources, secrets, DAY1)).sources[0]?.error).toBeUndefined();
    const before = (await daily.report(WEEK, new Date(`${DAY1}T06:00:00Z`))).report;
    expect(before?.totals).toMatchObject({ opportunities: 3, pipeline: 22_000 });

    fake.mergeDeals('9101', '9102', MERGED_AT);
    expect((await daily.runApi(sources, secrets, DAY2)).sources[0]?.error).toBeUndefined();
    const after = (await daily.report(WEEK)).report;
    expect(after?.totals).toMatchObject({ opportunities: 2, pipeline: 12_000 });

    const fresh = await Pipeline.create(encoder);
    open.push(fresh);
    expect((await fresh.runApi(sources, secrets, DAY2)).sources[0]?.error).toBeUndefined();
    expect(after?.totals).toEqual((await fresh.report(WEEK)).report?.totals);
  }, 120_000);
});
