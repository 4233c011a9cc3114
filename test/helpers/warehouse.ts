/** Builds a local warehouse from in-memory records, through the real loader and models. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { attachCanonical, openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config, type ConfigInput } from '../../functions/core/config.js';
import { loadBatch } from '../../functions/core/load.js';
import { configSeeds, loadModels, modelBody } from '../../functions/core/models.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import type { TableName } from '../../functions/core/schema.js';
import { parseWeek } from '../../functions/core/weeks.js';

export type Fixture = Partial<Record<TableName, CanonicalRecord[]>>;

export interface TestWarehouse {
  engine: DuckDBEngine;
  store: LocalStore;
  config: Config;
  dir: string;
  report(week: string): Promise<FunnelReport>;
  close(): Promise<void>;
}

let counter = 0;

export async function loadFixture(
  store: LocalStore,
  config: Config,
  fixture: Fixture,
  dt = '2026-12-01',
): Promise<void> {
  const encoder = await DuckDBParquetEncoder.create();
  try {
    for (const [table, records] of Object.entries(fixture) as [TableName, CanonicalRecord[]][]) {
      const n = counter++;
      const raw = Buffer.from(JSON.stringify({ table, records, n }));
      // Each batch is ingested a minute after the previous one, as consecutive loads would be.
      const loadedAt = new Date(Date.UTC(2026, 11, 1, 6, 0) + n * 60_000);
      await loadBatch(
        { store, encoder, config, now: () => loadedAt },
        {
          table,
          format: 'test',
          dt,
          input: `${table}.json`,
          raw,
          rows: records.map((record, i) => ({ ok: true as const, line: i + 1, record })),
        },
      );
    }
  } finally {
    await encoder.close();
  }
}

/**
 * A warehouse of `fixture`, loaded as one export of day `dt` (the `dt=` partition, which orders
 * versions without `updated_at`: give it the export's day when a later load corrects a record).
 */
export async function warehouseFrom(
  fixture: Fixture,
  configInput: ConfigInput = {},
  dt?: string,
): Promise<TestWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'funnel-test-'));
  const store = new LocalStore(dir);
  const config = parseConfig(configInput);
  await loadFixture(store, config, fixture, dt);
  const wh: TestWarehouse = {
    engine: await openLocalWarehouse(dir, config),
    store,
    config,
    dir,
    // The current engine: a test may reopen it after loading more.
    report: (week) => buildReport({ engine: wh.engine, store, config }, parseWeek(week, config.timezone)),
    close: async () => {
      await wh.engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return wh;
}

/** A lead with the required columns filled; override what the test is about. */
export function lead(id: string, createdAt: string, extra: CanonicalRecord = {}): CanonicalRecord {
  return { lead_id: id, source: 'hubspot', created_at: createdAt, ...extra };
}

export function activity(id: string, occurredAt: string, extra: CanonicalRecord = {}): CanonicalRecord {
  return { activity_id: id, source: 'salesforce', type: 'call', occurred_at: occurredAt, ...extra };
}

export function deal(id: string, createdAt: string, extra: CanonicalRecord = {}): CanonicalRecord {
  return { deal_id: id, source: 'salesforce', created_at: createdAt, currency: 'EUR', amount: 1000, ...extra };
}

export function spendRow(date: string, campaignId: string, cost: number, extra: CanonicalRecord = {}): CanonicalRecord {
  return {
    date,
    source: 'google_ads',
    platform: 'google_ads',
    campaign_id: campaignId,
    cost,
    currency: 'EUR',
    channel: 'paid_search',
    ...extra,
  };
}

/**
 * DuckDB set up as Athena is after a deploy, over the data dir `dir`: the canonical tables, the
 * config seeds and every model as a view of its SQL (what functions/handlers/apply-views.ts
 * applies), ready for the model runs of core/marts.ts.
 */
export async function athenaLikeEngine(dir: string, config: Config): Promise<DuckDBEngine> {
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  await attachCanonical(engine, dir);
  for (const seed of configSeeds(config)) await engine.run(`create or replace view ${seed.name} as ${seed.sql}`);
  for (const m of loadModels()) await engine.run(`create or replace view ${m.name} as ${modelBody(m)}`);
  return engine;
}

/**
 * A call to no lead on the last Sunday of 2026-W47: its source's activities reach into the
 * week, as a working CRM's do, so fixtures about other rules are not "not measured" because
 * their source has no activity in the week (coverage per source, docs/methodology.md).
 */
export function callAtWeekEnd(source = 'salesforce', occurredAt = '2026-11-22T12:00:00Z'): CanonicalRecord {
  return activity(`week-end-${source}-${occurredAt}`, occurredAt, { source, email: 'colleague@week-end.example' });
}
