/**
 * Shared setup of the handler tests: the demo data imported through the Lambda path
 * (HyparquetEncoder) into a LocalStore, and the same data through the local path
 * (DuckDB encoder, materialized models) as the reference the Lambdas must match.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { HyparquetEncoder } from '../../functions/adapters/hyparquet-encoder.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { attachCanonical, openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { loadConfig, type Config } from '../../functions/core/config.js';
import { DEMO_END_DATE, writeDemo, type WrittenDemoFile } from '../../functions/core/demo/index.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import type { ParquetEncoder } from '../../functions/core/parquet.js';
import type { ObjectStore } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { weekOf, type ReportWeek } from '../../functions/core/weeks.js';

export const LOADED_AT = new Date('2026-11-23T04:00:00.000Z');

export interface DemoPipeline {
  root: string;
  files: WrittenDemoFile[];
  config: Config;
  week: ReportWeek;
  cleanup(): Promise<void>;
}

export async function writeDemoData(): Promise<DemoPipeline> {
  const root = await mkdtemp(join(tmpdir(), 'handlers-'));
  const files = await writeDemo(join(root, 'demo'));
  const config = await loadConfig(join(root, 'demo', 'funnel.config.json'));
  const week = weekOf(new Date(`${DEMO_END_DATE}T12:00:00Z`), config.timezone);
  return { root, files, config, week, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function importAll(demo: DemoPipeline, store: ObjectStore, encoder: ParquetEncoder): Promise<void> {
  for (const file of demo.files) {
    await importFile(
      { store, encoder, config: demo.config, now: () => LOADED_AT, vendorFormats: vendorFileFormats },
      { path: file.path, format: `canonical-${file.table}`, source: file.source, dt: DEMO_END_DATE },
    );
  }
}

/** The local mode's report: DuckDB-written Parquet, models materialized as tables. */
export async function referenceReport(demo: DemoPipeline): Promise<FunnelReport> {
  const dir = join(demo.root, 'reference');
  const store = new LocalStore(dir);
  const encoder = await DuckDBParquetEncoder.create();
  try {
    await importAll(demo, store, encoder);
  } finally {
    await encoder.close();
  }
  const engine = await openLocalWarehouse(dir, demo.config);
  try {
    return await buildReport({ engine, store, config: demo.config }, demo.week);
  } finally {
    await engine.close();
  }
}

/** The Lambda path's lake: Hyparquet-written Parquet; DuckDB over it with only the canonical views. */
export async function lambdaLake(demo: DemoPipeline): Promise<{ store: LocalStore; engine: DuckDBEngine }> {
  const dir = join(demo.root, 'lake');
  const store = new LocalStore(dir);
  await importAll(demo, store, new HyparquetEncoder());
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  await attachCanonical(engine, dir);
  return { store, engine };
}
