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
import { createHash } from 'node:crypto';
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
 * Throws `MartsStale` naming why the model tables cannot be trusted and what to run (see
 * `martsStaleness`); returns when they can (or no run has been made, so the model views read
 * the canonical zone).
 */
export async function assertMartsCurrent(store: ObjectStore, digest: string): Promise<void> {
  const stale = await martsStaleness(store, digest);
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

/** `state/marts.json`, and `state/marts-pending.json` while a run is under way. */
export interface MartsState {
  runId: string;
  /** When the run started (UTC ISO): loads committed after it are not in its tables. */
  startedAt: string;
  builtAt: string;
  /** `martsDigest` of the SQL and config the run built with. */
  modelsDigest: string;
  /** Of a pending run: writing tables, or switching the views to them (then its tables are in use). */
  phase?: 'building' | 'switching';
  models: { model: string; table: string; prefix: string | null }[];
}

/**
 * A pending run younger than this is taken as still running (the refresh Lambda stops after 15
 * minutes); an older one crashed and is cleaned up or finished by the next run.
 */
export const MARTS_RUN_TIMEOUT_MS = 20 * 60_000;

/** Another refresh is building the model tables; the caller retries later (Step Functions does). */
export class MartsBusy extends Error {
  override name = 'MartsBusy';
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
  /** A run that had crashed and whose leftovers were removed (or whose view switch was finished) first, if any. */
  cleanedUp: string | null;
}

/**
 * The fingerprint of what a run builds: every model's SQL and the config seeds. The report
 * compares it with its own (the same bundle's SQL and the deployed config), so tables built by
 * older SQL or another config count as stale, never as current.
 */
export function martsDigest(models: readonly Model[], config: Config): string {
  const parts = [...models.map((m) => [m.name, modelBody(m)]), ...configSeeds(config).map((s) => [s.name, s.sql])];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** `martsDigest` of the models of `sql/` this code ships with, under `config`. */
export function shippedMartsDigest(config: Config): string {
  return martsDigest(loadModels(), config);
}

/**
 * Builds every model as a table of a new run, points the model views at them, and drops the
 * previous run (see the module comment). The config seeds (`cfg_*`) are views of literals,
 * replaced first so the run reads today's config.
 *
 * One run at a time: `state/marts-pending.json` is written with a conditional put before the
 * first table, and a run finds it (another run under way) → `MartsBusy`. A pending run older
 * than `MARTS_RUN_TIMEOUT_MS` crashed: one that was switching the views is finished (its
 * tables may be in use), one that was building is dropped. Throws the engine's error when a
 * statement fails; the views then still point at the previous run.
 */
export async function materializeMarts(deps: MaterializeDeps): Promise<MaterializeSummary> {
  const { engine, store } = deps;
  const say = deps.progress ?? (() => undefined);
  const now = deps.now ?? (() => new Date());
  const started = now();
  const models = deps.models ?? loadModels();

  const crashed = await readJson<MartsState>(store, MARTS_PENDING_KEY);
  if (crashed) {
    if (started.getTime() - Date.parse(crashed.startedAt) < MARTS_RUN_TIMEOUT_MS) {
      throw new MartsBusy(
        `another refresh is building the model tables (run ${crashed.runId}, started ${crashed.startedAt}); try again when it has finished`,
      );
    }
    if (crashed.phase === 'switching') {
      await switchTo(deps, crashed, now);
      say(`finished switching the views to run ${crashed.runId}, which had stopped half way`);
    } else {
      await dropRun(deps, crashed);
      await store.delete(MARTS_PENDING_KEY);
      say(`removed the tables of run ${crashed.runId}, which did not finish`);
    }
  }

  const plan = planMarts(models, martRunId(started), deps.dialect);
  const state: MartsState = {
    runId: plan.runId,
    startedAt: started.toISOString(),
    builtAt: '',
    modelsDigest: martsDigest(models, deps.config),
    phase: 'building',
    models: plan.build.map((b) => ({ model: b.model, table: b.table, prefix: b.location.prefix })),
  };
  if (!(await store.putIfAbsent(MARTS_PENDING_KEY, json(state)))) {
    throw new MartsBusy('another refresh started building the model tables at the same moment; try again later');
  }
  for (const seed of configSeeds(deps.config)) await engine.query(`create or replace view ${seed.name} as ${seed.sql}`);
  for (const step of plan.build) {
    await engine.query(step.sql);
    say(`built ${step.table}`);
  }
  const previous = await switchTo(deps, state, now);
  say(`switched ${plan.swap.length} model views to run ${plan.runId}`);
  return {
    runId: plan.runId,
    tables: plan.build.length,
    replaced: previous && previous.runId !== plan.runId ? previous.runId : null,
    cleanedUp: crashed?.runId ?? null,
  };
}

/**
 * Points every model view at `run`'s tables, records it as current, ends its pending state and
 * drops the run it replaced; returns that run. Safe to repeat after a crash at any step.
 */
async function switchTo(deps: MaterializeDeps, run: MartsState, now: () => Date): Promise<MartsState | undefined> {
  const { engine, store } = deps;
  // Marked first: from the first switched view on, this run's tables are in use.
  await store.put(MARTS_PENDING_KEY, json({ ...run, phase: 'switching' }));
  for (const m of run.models) await engine.query(`create or replace view ${m.model} as select * from ${m.table}`);
  const previous = await readJson<MartsState>(store, MARTS_STATE_KEY);
  const { phase: _phase, ...current } = run;
  await store.put(MARTS_STATE_KEY, json({ ...current, builtAt: now().toISOString() }));
  await store.delete(MARTS_PENDING_KEY);
  if (previous && previous.runId !== run.runId) {
    await dropRun(deps, previous);
    deps.progress?.(`dropped run ${previous.runId}`);
  }
  return previous;
}

/** The run the model views point at, or null before the first run. */
export async function currentMarts(store: ObjectStore): Promise<MartsState | null> {
  return (await readJson<MartsState>(store, MARTS_STATE_KEY)) ?? null;
}

/**
 * Why the model tables cannot be trusted for a report, or null when they hold every load and
 * were built by `digest` (`martsDigest` of the caller's SQL and config): a refresh under way
 * (the views may be half switched), tables built by other SQL or config (a deploy since), a
 * rebuild from raw (`finishedAt`) or a load manifest (`loadedAt`) at or after the run started.
 * Before the first run this is null: the model views are then the SQL over the canonical zone,
 * which reads every load. The weekly state runs a refresh first when this is not null, and the
 * report refuses while it is not.
 */
export async function martsStaleness(store: ObjectStore, digest: string): Promise<string | null> {
  const pending = await readJson<MartsState>(store, MARTS_PENDING_KEY);
  if (pending) return `a refresh is building the model tables (run ${pending.runId}, started ${pending.startedAt})`;
  const current = await currentMarts(store);
  if (!current) return null;
  if (current.modelsDigest !== digest) {
    return `the model tables (run ${current.runId}, started ${current.startedAt}) were built by other SQL or another config than this deployment's`;
  }
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
