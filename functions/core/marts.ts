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
 * - The previous run's tables are then dropped and their files deleted. One run at a time (a
 *   lock with a lease); a run that stopped is dropped by the next one, or finished when it had
 *   begun switching the views (its tables were then in use).
 * - The report refuses tables that miss a load (a manifest the run did not list when it
 *   started), that other SQL or config built, or that a refresh is switching, and checks
 *   after its queries that the views did not move meanwhile.
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
import {
  MANIFESTS_PREFIX,
  MARTS_LOCK_KEY,
  MARTS_PENDING_KEY,
  MARTS_RUN_TIMEOUT_MS,
  MARTS_RUN_VIEW,
  MARTS_STATE_KEY,
  currentMarts,
  martsDigest,
  readJson,
  rebuildStamp,
  type RebuildState,
  type MartsRun,
  type MartsState,
  type PendingRun,
} from './marts-state.js';
import { loadModelSpec } from './model-tests.js';
import { configSeeds, loadModels, modelBody, replaceRelations, type Model } from './models.js';
import type { ObjectStore, QueryEngine } from './ports.js';
import { REMOVALS_PREFIX } from './load.js';
import { REBUILD_STATE_KEY } from './rebuild.js';
import { parquetColumns } from './parquet.js';
import { isTableName, type TableName } from './schema.js';

export * from './marts-state.js';

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

/**
 * What an incremental run adds to the previous run's tables: the batches committed since, per
 * canonical table (`batchIds` and the `dt` partitions they were written to).
 */
export interface IncrementalBasis {
  previousRunId: string;
  batches: Partial<Record<TableName, { batchIds: string[]; dts: string[] }>>;
}

/** One run's statements, in the order they must run. */
export interface MartPlan {
  runId: string;
  /**
   * `create table <model>__<runId> … as <model SQL on this run's tables>`, in dependency order;
   * `incremental` when the table is the previous run's with the touched records rebuilt.
   */
  build: { model: string; table: string; location: MartLocation; sql: string; incremental: boolean }[];
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
 * same run. With a `basis`, each model whose `.yml` declares `incremental:` is built from the
 * previous run's table instead (`incrementalSql`). Throws when a model name is not a plain
 * identifier (it is interpolated into DDL), or a batch id or dt is not of the loader's form.
 */
export function planMarts(
  models: readonly Model[],
  runId: string,
  dialect: MartDialect,
  basis: IncrementalBasis | null = null,
): MartPlan {
  const names = models.map((m) => m.name);
  for (const n of [...names, runId, ...(basis ? [basis.previousRunId] : [])]) {
    if (!/^[a-z][a-z0-9_]*$/.test(n)) throw new Error(`marts: "${n}" is not a plain lower-case identifier`);
  }
  const build = models.map((model) => {
    const body = replaceRelations(modelBody(model), model.dependsOn, (dep) => martTable(dep, runId));
    const table = martTable(model.name, runId);
    const location = dialect.location(model.name, runId);
    const properties = dialect.tableProperties(location);
    const spec = basis ? loadModelSpec(model).incremental : undefined;
    const select = spec && basis ? incrementalSql(body, spec, martTable(model.name, basis.previousRunId), basis) : body;
    return {
      model: model.name,
      table,
      location,
      sql: `create table ${table}${properties ? ` with (${properties})` : ''} as\n${select}`,
      incremental: select !== body,
    };
  });
  return { runId, build };
}

/** A model's `incremental:` spec (see core/model-tests.ts). */
type IncrementalSpec = NonNullable<ReturnType<typeof loadModelSpec>['incremental']>;

/**
 * The SELECT of an incremental model's table (dbt's delete+insert strategy on a unique key):
 * the previous run's rows of every record the new batches do not touch, and the model's own
 * SQL over the records they do: over their whole history, or with `from: state` over their rows
 * in the previous table and their new rows (Athena then reads the state, not the history).
 * Exact, not an approximation, because each of the model's rows depends on its record's
 * canonical rows only, and a `state` model keeps every row a later version is compared with
 * (the `.yml`'s promise, checked by test/sql/marts-incremental*.test.ts and the Trino proof);
 * keys are compared as one text, so a null and
 * an empty part, or a `|` inside an id, may only make more records rebuilt, never fewer.
 * Without new batches of its table the previous table is copied.
 */
function incrementalSql(body: string, spec: IncrementalSpec, previousTable: string, basis: IncrementalBasis): string {
  const batches = basis.batches[spec.source];
  if (!batches || batches.batchIds.length === 0) return `select * from ${previousTable}`;
  for (const id of batches.batchIds) if (!/^[0-9a-f]+$/.test(id)) throw new Error(`marts: batch id "${id}"`);
  for (const dt of batches.dts) if (!/^\d{4}-\d{2}-\d{2}$/.test(dt)) throw new Error(`marts: dt "${dt}"`);
  const key = (parts: readonly string[]): string =>
    parts.map((p) => `coalesce(cast(${p} as varchar), '')`).join(" || '|' || ");
  const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
  const inNewBatches =
    `batch_id in (${list(batches.batchIds)})` + (batches.dts.length > 0 ? ` and dt in (${list(batches.dts)})` : '');
  const rebuilt = replaceRelations(body, [spec.source], () => 'incremental__rows');
  const keys = '(select incremental_key from incremental__keys)';
  // From the state: the touched records' rows of the previous table, as canonical rows, and the
  // new rows; from the history: every canonical row of the touched records.
  const columns = [...parquetColumns(spec.source).map((c) => `"${c.name}"`), 'source', 'dt'].join(', ');
  const rows =
    spec.from === 'state'
      ? `select ${columns} from ${previousTable} where ${key(spec.unique_key)} in ${keys}\n` +
        `union all select ${columns} from ${spec.source} where ${inNewBatches}`
      : `select * from ${spec.source} where ${key(spec.input_key)} in ${keys}`;
  return [
    'with',
    `incremental__keys as (select distinct ${key(spec.input_key)} as incremental_key from ${spec.source} where ${inNewBatches}),`,
    `incremental__rows as (${rows})`,
    `select * from ${previousTable} where ${key(spec.unique_key)} not in ${keys}`,
    'union all',
    `select * from (\n${rebuilt}\n) as incremental__rebuilt`,
  ].join('\n');
}

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
  /** Rebuild every table from all of history even when the previous run allows an incremental one. */
  full?: boolean;
}

export interface MaterializeSummary {
  runId: string;
  tables: number;
  /** The run whose tables this one replaced (dropped), if any. */
  replaced: string | null;
  /** A run that had stopped and whose leftovers were removed (or whose view switch was finished) first, if any. */
  cleanedUp: string | null;
  /** Whether the incremental models were built from the previous run's tables, and if not, why. */
  mode: 'full' | 'incremental';
  fullBecause: string | null;
}

/**
 * Builds every model as a table of a new run, points the model views at them, and drops the
 * run it replaced (see the module comment). The config seeds (`cfg_*`) are views of literals,
 * replaced first so the run reads today's config.
 *
 * One run at a time: `MARTS_LOCK_KEY` is taken with a conditional put, and held → `MartsBusy`.
 * A lock older than `MARTS_RUN_TIMEOUT_MS` is a crashed run's: its run is finished when it was
 * switching the views (its tables may be in use), dropped when it was still building. Throws
 * the engine's error when a statement fails; the views then still point at the previous run.
 */
export async function materializeMarts(deps: MaterializeDeps): Promise<MaterializeSummary> {
  const { store } = deps;
  const say = deps.progress ?? (() => undefined);
  const now = deps.now ?? (() => new Date());
  const started = now();
  const models = deps.models ?? loadModels();
  const runId = martRunId(started);
  await takeLock(store, runId, started);
  try {
    let cleanedUp: string | null = null;
    const stopped = await readJson<PendingRun>(store, MARTS_PENDING_KEY);
    if (stopped?.phase === 'switching') {
      await switchTo(deps, stopped, now);
      say(`finished switching the views to run ${stopped.runId}, which had stopped half way`);
      cleanedUp = stopped.runId;
    } else if (stopped) {
      await dropRun(deps, stopped);
      await store.delete(MARTS_PENDING_KEY);
      say(`removed the tables of run ${stopped.runId}, which did not finish`);
      cleanedUp = stopped.runId;
    }
    await dropRetired(deps);

    // Read before the first table: a load committed from here on is not (wholly) in this run; a
    // removal or rebuild recorded from here on may have changed what its tables read.
    const rebuilt = await readJson<RebuildState>(store, REBUILD_STATE_KEY);
    const rebuildSeen = rebuildStamp(rebuilt);
    const removals = (await store.list(REMOVALS_PREFIX)).sort();
    const loads = (await store.list(MANIFESTS_PREFIX)).sort();
    const canonical = await canonicalFiles(store, loads);
    const uncommittedBatches = [...new Set(Object.values(canonical.uncommitted).map((b) => b.batchId))].sort();
    const modelsDigest = martsDigest(models, deps.config);
    let basis = await incrementalBasis(store, deps, modelsDigest, loads, canonical, removals, rebuilt);
    let run: MartsRun;
    for (let buildId = runId; ; buildId = martRunId(now())) {
      const plan = planMarts(models, buildId, deps.dialect, 'previousRunId' in basis ? basis : null);
      run = {
        runId: buildId,
        startedAt: started.toISOString(),
        modelsDigest,
        models: plan.build.map((b) => ({ model: b.model, table: b.table, prefix: b.location.prefix })),
        loads,
        mode: 'previousRunId' in basis ? 'incremental' : 'full',
        uncommittedBatches,
        canonicalDigest: digestOfFiles(canonical.keys),
        removals,
        rebuildSeen,
      };
      say(
        'previousRunId' in basis ? `incremental run on run ${basis.previousRunId}` : `full run: ${basis.fullBecause}`,
      );
      await store.put(MARTS_PENDING_KEY, json({ ...run, phase: 'building' }));
      for (const seed of configSeeds(deps.config))
        await deps.engine.query(`create or replace view ${seed.name} as ${seed.sql}`);
      for (const step of plan.build) {
        await deps.engine.query(step.sql);
        say(`built ${step.table}`);
      }
      const broken = run.mode === 'incremental' ? await duplicateKeys(deps.engine, models, plan) : null;
      if (!broken) break;
      // A bug, never expected: the tables are not what a full build gives. Build them in full.
      say(`the incremental tables failed their unique test (${broken}): dropped, building in full`);
      await dropRun(deps, run);
      basis = { fullBecause: `the incremental tables failed their unique test (${broken})` };
    }
    const previous = await switchTo(deps, { ...run, phase: 'building' }, now);
    say(`switched ${run.models.length} model views to run ${run.runId}`);
    return {
      runId: run.runId,
      tables: run.models.length,
      replaced: previous && previous.runId !== run.runId ? previous.runId : null,
      cleanedUp,
      mode: run.mode ?? 'full',
      fullBecause: 'fullBecause' in basis ? basis.fullBecause : null,
    };
  } finally {
    await releaseLock(store, runId);
  }
}

/**
 * The first `unique:` data test (the model's `.yml`) that an incremental table of `plan` fails,
 * as `model(columns)`, or null: a guard that turns a broken record-key promise into a full
 * build instead of duplicated rows.
 */
async function duplicateKeys(engine: QueryEngine, models: readonly Model[], plan: MartPlan): Promise<string | null> {
  for (const step of plan.build.filter((b) => b.incremental)) {
    const model = models.find((m) => m.name === step.model)!;
    for (const columns of loadModelSpec(model).unique) {
      const list = columns.join(', ');
      const [row] = await engine.query(
        `select count(*) as n from (select ${list} from ${step.table} group by ${list} having count(*) > 1) as dupes`,
      );
      if (Number(row?.n ?? 0) > 0) return `${step.model}(${list})`;
    }
  }
  return null;
}

/** `manifests/loads/<table>/<batchId>.json` → its table and batch id. */
function manifestParts(key: string): { table: string; batchId: string } | null {
  const m = /^manifests\/loads\/([a-z_]+)\/([^/]+)\.json$/.exec(key);
  return m ? { table: m[1]!, batchId: m[2]! } : null;
}

/** A batch's table and the `dt` partitions of its files. */
interface BatchFiles {
  table: string;
  batchId: string;
  dts: string[];
}

/**
 * Every canonical file key (`canonical/<table>/source=…/dt=…/<batchId>-<part>.parquet`),
 * and the batches with files but no load manifest in `loads`.
 */
async function canonicalFiles(
  store: ObjectStore,
  loads: readonly string[],
): Promise<{ keys: string[]; uncommitted: Record<string, BatchFiles> }> {
  // By table and batch: the same bytes loaded into two tables are one batch id, two batches.
  const committed = new Set(loads.map((k) => manifestParts(k)).map((p) => p && `${p.table}/${p.batchId}`));
  const keys = (await store.list('canonical/')).filter((k) => k.endsWith('.parquet')).sort();
  const uncommitted: Record<string, BatchFiles> = {};
  for (const key of keys) {
    const batchId = batchOfFile(key);
    const table = key.split('/')[1] ?? '';
    if (committed.has(`${table}/${batchId}`)) continue;
    const entry = (uncommitted[`${table}/${batchId}`] ??= { table, batchId, dts: [] });
    const dt = /\/dt=([^/]+)\//.exec(key)?.[1];
    if (dt && !entry.dts.includes(dt)) entry.dts.push(dt);
  }
  return { keys, uncommitted };
}

function batchOfFile(key: string): string {
  const file = key.slice(key.lastIndexOf('/') + 1);
  return file.includes('-') ? file.slice(0, file.indexOf('-')) : file;
}

function digestOfFiles(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

/**
 * Whether this run may build the incremental models from the current run's tables, and on
 * which new batches; otherwise why it must rebuild from all of history. Incremental only when
 * the current run's tables are exactly what a full run would have built from the loads it
 * listed, and the canonical tables have only grown since by committed loads: same SQL and
 * config, no rebuild from raw since, and every batch it read (committed or not) still there
 * with the same files (by key: a file rewritten in place under its key is not seen). The new
 * batches are the loads committed since and every batch with files but no manifest yet.
 */
async function incrementalBasis(
  store: ObjectStore,
  deps: MaterializeDeps,
  digest: string,
  loads: readonly string[],
  canonical: Awaited<ReturnType<typeof canonicalFiles>>,
  removals: readonly string[],
  rebuilt: RebuildState | undefined,
): Promise<IncrementalBasis | { fullBecause: string }> {
  if (deps.full) return { fullBecause: 'a full rebuild was asked for' };
  const previous = await currentMarts(store);
  if (!previous) return { fullBecause: 'no model tables yet' };
  if (previous.modelsDigest !== digest) return { fullBecause: 'the SQL or the config changed since the last run' };
  // By the state the last run saw, not by clocks: a rebuild's clock is another machine's.
  if (
    previous.rebuildSeen === undefined
      ? rebuilt && (!rebuilt.finishedAt || rebuilt.finishedAt >= previous.startedAt)
      : previous.rebuildSeen !== rebuildStamp(rebuilt) || (rebuilt !== undefined && !rebuilt.finishedAt)
  )
    return { fullBecause: 'the canonical tables were rebuilt from raw since the last run' };
  // Parts removed since (a failed load, or a re-run clearing an earlier attempt's parts, perhaps
  // read differently): the last run may hold rows of records no canonical file has any more.
  const seenRemovals = new Set(previous.removals ?? []);
  if (removals.some((k) => !seenRemovals.has(k)))
    return { fullBecause: 'the loader removed canonical parts since the last run' };
  const now = new Set(loads);
  if (previous.loads.some((k) => !now.has(k))) return { fullBecause: 'a load the last run held is gone' };
  const heldBatches = new Set([
    ...previous.loads.map((k) => manifestParts(k)?.batchId),
    ...(previous.uncommittedBatches ?? []),
  ]);
  if (
    previous.canonicalDigest === undefined ||
    previous.canonicalDigest !== digestOfFiles(canonical.keys.filter((k) => heldBatches.has(batchOfFile(k))))
  )
    return { fullBecause: 'the canonical files of the batches the last run read changed since' };
  const held = new Set(previous.loads);
  const batches: IncrementalBasis['batches'] = {};
  // Files without a manifest are read by a full run too: their records are rebuilt each run.
  for (const { batchId, ...files } of Object.values(canonical.uncommitted)) {
    if (!isTableName(files.table) || !/^[0-9a-f]+$/.test(batchId))
      return { fullBecause: `canonical files the loader did not write: batch ${batchId} of ${files.table}` };
    const entry = (batches[files.table] ??= { batchIds: [], dts: [] });
    entry.batchIds.push(batchId);
    for (const dt of files.dts) if (!entry.dts.includes(dt)) entry.dts.push(dt);
  }
  for (const key of loads) {
    if (held.has(key)) continue;
    const parts = manifestParts(key);
    if (!parts || !isTableName(parts.table)) return { fullBecause: `a load manifest of an unknown form: ${key}` };
    const manifest = await readJson<{ dt?: string }>(store, key);
    const entry = (batches[parts.table] ??= { batchIds: [], dts: [] });
    entry.batchIds.push(parts.batchId);
    if (manifest?.dt && !entry.dts.includes(manifest.dt)) entry.dts.push(manifest.dt);
    else if (!manifest?.dt) return { fullBecause: `the load manifest ${key} names no dt` };
  }
  return { previousRunId: previous.runId, batches };
}

async function takeLock(store: ObjectStore, runId: string, at: Date): Promise<void> {
  const lock = json({ runId, takenAt: at.toISOString() });
  if (await store.putIfAbsent(MARTS_LOCK_KEY, lock)) return;
  const held = await readJson<{ runId: string; takenAt: string }>(store, MARTS_LOCK_KEY);
  if (held && at.getTime() - Date.parse(held.takenAt) < MARTS_RUN_TIMEOUT_MS) {
    throw new MartsBusy(
      `another refresh is building the model tables (run ${held.runId}, started ${held.takenAt}); try again when it has finished`,
    );
  }
  // A crashed run's lock: taken over by whichever run's conditional put comes first.
  await store.delete(MARTS_LOCK_KEY);
  if (!(await store.putIfAbsent(MARTS_LOCK_KEY, lock))) {
    throw new MartsBusy('another refresh took over the model tables at the same moment; try again later');
  }
}

async function releaseLock(store: ObjectStore, runId: string): Promise<void> {
  const held = await readJson<{ runId: string }>(store, MARTS_LOCK_KEY);
  if (held?.runId === runId) await store.delete(MARTS_LOCK_KEY);
}

/**
 * Points every model view at `run`'s tables, records it as current (the run it replaced as
 * retired), ends its pending state and drops the retired runs; returns the run it replaced.
 * Safe to repeat after a crash at any step.
 */
async function switchTo(deps: MaterializeDeps, run: PendingRun, now: () => Date): Promise<MartsState | undefined> {
  const { engine, store } = deps;
  const { phase: _phase, ...done } = run;
  // Marked first: from the first switched view on, this run's tables are in use.
  await store.put(MARTS_PENDING_KEY, json({ ...done, phase: 'switching' }));
  for (const m of run.models) await engine.query(`create or replace view ${m.model} as select * from ${m.table}`);
  const builtAt = now().toISOString();
  await engine.query(
    `create or replace view ${MARTS_RUN_VIEW} as select cast('${run.runId}' as varchar) as run_id, ` +
      `cast('${run.startedAt}' as varchar) as started_at, cast('${builtAt}' as varchar) as built_at`,
  );
  const previous = await readJson<MartsState>(store, MARTS_STATE_KEY);
  const retired = previous
    ? [
        ...(previous.runId === run.runId ? [] : [withoutState(previous)]),
        ...(previous.retired ?? []).filter((r) => r.runId !== run.runId),
      ]
    : [];
  await store.put(MARTS_STATE_KEY, json({ ...done, builtAt, retired } satisfies MartsState));
  await store.delete(MARTS_PENDING_KEY);
  await dropRetired(deps);
  return previous;
}

/** Drops the retired runs of the current state and records that they are gone. */
async function dropRetired(deps: MaterializeDeps): Promise<void> {
  const state = await readJson<MartsState>(deps.store, MARTS_STATE_KEY);
  if (!state?.retired?.length) return;
  for (const run of state.retired) {
    await dropRun(deps, run);
    deps.progress?.(`dropped run ${run.runId}`);
  }
  await deps.store.put(MARTS_STATE_KEY, json({ ...state, retired: [] }));
}

function withoutState(state: MartsState): MartsRun {
  const { builtAt: _builtAt, retired: _retired, ...run } = state;
  return run;
}

async function dropRun(deps: MaterializeDeps, run: MartsRun): Promise<void> {
  for (const m of [...run.models].reverse()) {
    await deps.engine.query(`drop table if exists ${m.table}`);
    // An external table's files outlive `drop table`: delete them.
    if (m.prefix) for (const key of await deps.store.list(m.prefix)) await deps.store.delete(key);
  }
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
