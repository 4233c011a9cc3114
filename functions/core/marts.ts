/**
 * Materialized models on Athena (issue #17): the daily refresh writes every model of `sql/` as
 * a table, so a report query reads the reconciled rows instead of re-deriving them from the
 * canonical zone through a chain of views (one weekly report read 65× the canonical data).
 *
 * How, and why this way (dbt-athena's `table` materialization with its "swap" pattern):
 * - Each model of one run is written by a CTAS to a fresh location, `<model>__<runId>`, in
 *   dependency order; a model's SQL reads its upstream models' tables of the same run, so the
 *   run never mixes old and new rows.
 * - Only when every table is written, each model's name becomes a view `select * from
 *   <model>__<runId>` (`create or replace view`: one metadata write each). The report queries
 *   and analysts keep using the model names; a failed run leaves the previous run's views.
 * - The previous run's tables are then dropped and their files deleted. A run that crashed is
 *   cleaned up by the next one (its id is written before its first table).
 * - CTAS into Hive-format Parquet over Iceberg `MERGE`: a full rebuild per run needs no table
 *   history, compaction or vacuum, and the same statements run on Trino's Hive connector in
 *   the proof (`npm run test:trino`). The views deployed with the stack (the model bodies over
 *   the canonical zone) give the same rows, only slower, until the first run after a deploy.
 *
 * Locally DuckDB keeps the same models as tables (or fused views) in memory: see
 * `functions/adapters/local-warehouse.ts`.
 */
import type { Config } from './config.js';
import { listManifests } from './load.js';
import { configSeeds, loadModels, modelBody, type Model } from './models.js';
import type { ObjectStore, QueryEngine } from './ports.js';
import { REBUILD_STATE_KEY } from './rebuild.js';

/** The current run's tables: what the model views point at, and when they were built. */
export const MARTS_STATE_KEY = 'state/marts.json';
/** Written before a run's first table; left behind only by a run that did not finish. */
export const MARTS_PENDING_KEY = 'state/marts-pending.json';

/** Where an engine writes one model's table of one run, and how to delete it afterwards. */
export interface MartLocation {
  /** The CTAS `external_location`: `s3://bucket/marts/<model>/<runId>/` on Athena. */
  url: string;
  /** The same files as an ObjectStore prefix, deleted with the run's tables; null when the engine keeps them itself. */
  prefix: string | null;
}

/** What differs between Athena and Trino's Hive connector in a CTAS. */
export interface MartDialect {
  location(model: string, runId: string): MartLocation;
  /** The `with (…)` properties of a CTAS writing Parquet to `location`; empty for none. */
  tableProperties(location: MartLocation): string;
}

/** DuckDB (tests, and the local engine as Athena would run it): tables in the database itself. */
export const duckdbMartDialect: MartDialect = {
  location: () => ({ url: '', prefix: null }),
  tableProperties: () => '',
};

/**
 * Athena engine v3: Parquet with ZSTD under `marts/` of the data bucket. Source:
 * https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html (`format`,
 * `write_compression`, `external_location`, which must be empty).
 */
export function athenaMartDialect(bucket: string): MartDialect {
  return {
    location: (model, runId) => ({
      url: `s3://${bucket}/marts/${model}/${runId}/`,
      prefix: `marts/${model}/${runId}/`,
    }),
    tableProperties: (location) =>
      `format = 'PARQUET', write_compression = 'ZSTD', external_location = '${location.url}'`,
  };
}

/** One run's statements, in the order they must run. */
export interface MartPlan {
  runId: string;
  /** `create table <model>__<runId> … as <model SQL on this run's tables>`, in dependency order. */
  build: { model: string; table: string; location: MartLocation; sql: string }[];
  /** `create or replace view <model> as select * from <model>__<runId>`, once every table exists. */
  swap: { model: string; sql: string }[];
}

/** The report refused because the model tables miss loads (see `martsStaleness`). */
export class MartsStale extends Error {
  override name = 'MartsStale';
}

/**
 * Throws `MartsStale` naming what the model tables miss and what to run; returns when they
 * hold every load (or no run has been made, so the model views read the canonical zone).
 */
export async function assertMartsCurrent(store: ObjectStore): Promise<void> {
  const stale = await martsStaleness(store);
  if (stale) {
    throw new MartsStale(
      `the model tables miss data: ${stale}; run the refresh first (the Weekly state machine does; or invoke the refresh function with {"onlyIfStale": true})`,
    );
  }
}

/** The run id of a run started at `at`: `r` and the UTC time to the millisecond (sortable, a valid table-name suffix). */
export function martRunId(at: Date): string {
  return `r${at.toISOString().replace(/[-:.TZ]/g, '')}`;
}

/** The table of `model` in run `runId`. */
export function martTable(model: string, runId: string): string {
  return `${model}__${runId}`;
}

/**
 * The statements of one run over `models` (dependency order, as `loadModels` returns them):
 * every reference to another model in a model's SQL is pointed at that model's table of the
 * same run. Throws when a model name is not a plain identifier (it is interpolated into DDL).
 */
export function planMarts(models: readonly Model[], runId: string, dialect: MartDialect): MartPlan {
  const names = models.map((m) => m.name);
  for (const n of [...names, runId]) {
    if (!/^[a-z][a-z0-9_]*$/.test(n)) throw new Error(`marts: "${n}" is not a plain lower-case identifier`);
  }
  const build = models.map((model) => {
    let body = modelBody(model);
    for (const dep of model.dependsOn) body = body.replace(new RegExp(`\\b${dep}\\b`, 'g'), martTable(dep, runId));
    const table = martTable(model.name, runId);
    const location = dialect.location(model.name, runId);
    const properties = dialect.tableProperties(location);
    return {
      model: model.name,
      table,
      location,
      sql: `create table ${table}${properties ? ` with (${properties})` : ''} as\n${body}`,
    };
  });
  const swap = models.map((m) => ({
    model: m.name,
    sql: `create or replace view ${m.name} as select * from ${martTable(m.name, runId)}`,
  }));
  return { runId, build, swap };
}

/** `state/marts.json`. */
export interface MartsState {
  runId: string;
  /** When the run started (UTC ISO): loads committed after it are not in its tables. */
  startedAt: string;
  builtAt: string;
  models: { model: string; table: string; prefix: string | null }[];
}

export interface MaterializeDeps {
  engine: QueryEngine;
  store: ObjectStore;
  config: Config;
  dialect: MartDialect;
  now?: () => Date;
  /** One line per step (table written, views switched, old run dropped). */
  progress?: (line: string) => void;
  /** The models to build; `loadModels()` by default. */
  models?: Model[];
}

export interface MaterializeSummary {
  runId: string;
  tables: number;
  /** The run whose tables this one replaced (dropped), if any. */
  replaced: string | null;
  /** A run that had crashed and whose leftovers were removed first, if any. */
  cleanedUp: string | null;
}

/**
 * Builds every model as a table of a new run, points the model views at them, and drops the
 * previous run (see the module comment). The config seeds (`cfg_*`) are views of literals,
 * replaced first so the run reads today's config. Throws the engine's error when a statement
 * fails; the views then still point at the previous run, and the next run removes this one.
 */
export async function materializeMarts(deps: MaterializeDeps): Promise<MaterializeSummary> {
  const { engine, store } = deps;
  const say = deps.progress ?? (() => undefined);
  const started = (deps.now ?? (() => new Date()))();
  const models = deps.models ?? loadModels();

  const crashed = await readJson<MartsState>(store, MARTS_PENDING_KEY);
  if (crashed) {
    await dropRun(deps, crashed);
    await store.delete(MARTS_PENDING_KEY);
    say(`removed the tables of run ${crashed.runId}, which did not finish`);
  }

  const plan = planMarts(models, martRunId(started), deps.dialect);
  const state: MartsState = {
    runId: plan.runId,
    startedAt: started.toISOString(),
    builtAt: '',
    models: plan.build.map((b) => ({ model: b.model, table: b.table, prefix: b.location.prefix })),
  };
  await store.put(MARTS_PENDING_KEY, json(state));
  for (const seed of configSeeds(deps.config)) await engine.query(`create or replace view ${seed.name} as ${seed.sql}`);
  for (const step of plan.build) {
    await engine.query(step.sql);
    say(`built ${step.table}`);
  }
  for (const step of plan.swap) await engine.query(step.sql);
  say(`switched ${plan.swap.length} model views to run ${plan.runId}`);

  const previous = await readJson<MartsState>(store, MARTS_STATE_KEY);
  state.builtAt = (deps.now ?? (() => new Date()))().toISOString();
  await store.put(MARTS_STATE_KEY, json(state));
  await store.delete(MARTS_PENDING_KEY);
  if (previous && previous.runId !== plan.runId) {
    await dropRun(deps, previous);
    say(`dropped run ${previous.runId}`);
  }
  return {
    runId: plan.runId,
    tables: plan.build.length,
    replaced: previous?.runId ?? null,
    cleanedUp: crashed?.runId ?? null,
  };
}

/** The run the model views point at, or null before the first run. */
export async function currentMarts(store: ObjectStore): Promise<MartsState | null> {
  return (await readJson<MartsState>(store, MARTS_STATE_KEY)) ?? null;
}

/**
 * Why the model tables miss data, or null when they hold every load: a load manifest
 * (`loadedAt`) or a rebuild from raw (`finishedAt`) at or after the current run started, or no
 * run yet (then the model views are the SQL over the canonical zone, which reads every load,
 * and this is null too). The daily refresh builds after the day's loads; the weekly report
 * state runs a refresh first when this says stale, and the report refuses while it does.
 */
export async function martsStaleness(store: ObjectStore): Promise<string | null> {
  const current = await currentMarts(store);
  if (!current) return null;
  const rebuilt = await readJson<{ finishedAt?: string }>(store, REBUILD_STATE_KEY);
  if (rebuilt?.finishedAt && rebuilt.finishedAt >= current.startedAt) {
    return `the tables were rebuilt from raw at ${rebuilt.finishedAt}, after the models were last built (run ${current.runId}, started ${current.startedAt})`;
  }
  const later = (await listManifests(store)).filter((m) => m.loadedAt >= current.startedAt);
  if (later.length === 0) return null;
  const last = later[later.length - 1]!;
  return `${later.length} load(s) since the models were last built (run ${current.runId}, started ${current.startedAt}), the latest ${last.input} (${last.table}) at ${last.loadedAt}`;
}

async function dropRun(deps: MaterializeDeps, run: MartsState): Promise<void> {
  for (const m of [...run.models].reverse()) {
    await deps.engine.query(`drop table if exists ${m.table}`);
    // An external table's files outlive `drop table`: delete them.
    if (m.prefix) for (const key of await deps.store.list(m.prefix)) await deps.store.delete(key);
  }
}

async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as T) : undefined;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
