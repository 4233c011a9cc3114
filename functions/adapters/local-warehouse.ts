/**
 * The local warehouse: DuckDB over the canonical Parquet of a LocalStore, with the config
 * seeds and the models of `sql/` kept as tables or views as each model's `.yml` says
 * (`modelStorage`; Athena keeps them all as views).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import { loadModelSpec } from '../core/model-tests.js';
import { SQL_DIR, configSeeds, loadModels, loadReportQuery, modelBody, type Model } from '../core/models.js';
import { parquetColumns } from '../core/parquet.js';
import { TABLE_NAMES, duckdbType, type TableName } from '../core/schema.js';
import { DuckDBEngine } from './duckdb-engine.js';

/**
 * How DuckDB keeps a model (Athena keeps every model as a view), from its `.yml` as in dbt:
 * `materialized: view` for a model read once downstream, so its work is fused into the reader's
 * plan instead of written out in full (staging of the biggest tables); `table`, the default, for
 * what several models or the report read. `sorted_by:` writes a table in that order: the report
 * filters the marts by week, and sorted row groups let DuckDB skip the other weeks.
 */
export interface ModelStorage {
  materialized: 'table' | 'view';
  sortedBy: string[];
}

export function modelStorage(model: Model, sqlDir = SQL_DIR): ModelStorage {
  const spec = loadModelSpec(model, sqlDir);
  return { materialized: spec.materialized, sortedBy: spec.sorted_by };
}

export class RefreshError extends Error {
  override name = 'RefreshError';
}

/** A refresh refused because loaded rows are in currencies the config gives no FX rate for. */
export class MissingFxRates extends RefreshError {
  override name = 'MissingFxRates';
  constructor(
    message: string,
    /** The currencies without a rate (ISO 4217 codes), sorted. */
    readonly currencies: string[],
  ) {
    super(message);
  }
}

function quotePath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.parquet')) return true;
  }
  return false;
}

/** `leads`, `deals`, … as views over every version in the canonical zone. */
export async function attachCanonical(engine: DuckDBEngine, dataDir: string): Promise<void> {
  for (const table of TABLE_NAMES) {
    await engine.run(`create or replace view ${table} as ${await canonicalSelect(engine, table, dataDir)}`);
  }
}

async function canonicalSelect(engine: DuckDBEngine, table: TableName, dataDir: string): Promise<string> {
  const columns = parquetColumns(table);
  const dir = join(dataDir, 'canonical', table);
  const nullOf = (c: (typeof columns)[number]) => `cast(null as ${duckdbType(c.type)}) as "${c.name}"`;
  if (!hasParquet(dir)) {
    const nulls = columns.map(nullOf).join(', ');
    return `select ${nulls}, cast(null as varchar) as source, cast(null as varchar) as dt where false`;
  }
  const glob = quotePath(join(dir, 'source=*', 'dt=*', '*.parquet'));
  const files =
    `read_parquet(${glob}, hive_partitioning = true, ` +
    `hive_types = {'source': VARCHAR, 'dt': VARCHAR}, union_by_name = true)`;
  // A column added to the schema after these files were written (e.g. leads.is_disqualified)
  // reads as null, as Athena reads such files by name, rather than failing the whole view.
  const stored = new Set((await engine.query(`describe select * from ${files}`)).map((r) => String(r.column_name)));
  const list = columns.map((c) => (stored.has(c.name) ? `"${c.name}"` : nullOf(c))).join(', ');
  return `select ${list}, source, dt from ${files}`;
}

/**
 * Rebuilds the config seeds and every model; fails when a currency has no FX rate.
 * `onModel` wraps each model's statement (the benchmark times them).
 */
export async function refreshModels(
  engine: DuckDBEngine,
  config: Config,
  onModel?: (model: Model, run: () => Promise<void>) => Promise<void>,
): Promise<{ models: number }> {
  for (const seed of configSeeds(config)) await engine.run(`create or replace view ${seed.name} as ${seed.sql}`);
  const models = loadModels();
  try {
    for (const model of models) {
      const { materialized, sortedBy } = modelStorage(model);
      const run = async (): Promise<void> => {
        // Tables are read by keyed joins, not in storage order: without insertion order DuckDB
        // writes them in parallel with less memory. A sorted table keeps its order.
        const sorted = materialized === 'table' && sortedBy.length > 0;
        await engine.run(`set preserve_insertion_order = ${sorted}`);
        const body = sorted
          ? `select * from (${modelBody(model)}) as unsorted order by ${sortedBy.join(', ')}`
          : modelBody(model);
        await engine.run(`create or replace ${materialized} ${model.name} as ${body}`);
      };
      await (onModel ? onModel(model, run) : run());
    }
  } finally {
    await engine.run('reset preserve_insertion_order');
  }
  const missing = await engine.query(loadReportQuery('missing_fx_rates'));
  if (missing.length > 0) {
    const list = missing.map((r) => `${String(r.count_rows)} ${String(r.source_table)} in ${String(r.currency)}`);
    const currencies = [...new Set(missing.map((r) => String(r.currency)))].sort();
    throw new MissingFxRates(
      `no FX rate for ${list.join(', ')}: add the currencies to fxRates in the config`,
      currencies,
    );
  }
  return { models: models.length };
}

/** Opens DuckDB over a data dir and refreshes everything: the local equivalent of the daily refresh. */
export async function openLocalWarehouse(dataDir: string, config: Config): Promise<DuckDBEngine> {
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  try {
    await attachCanonical(engine, dataDir);
    await refreshModels(engine, config);
    return engine;
  } catch (err) {
    await engine.close();
    throw err;
  }
}
