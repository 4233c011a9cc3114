/**
 * The state of the model tables of core/marts.ts (which run the model views show, the run under
 * way, the lock) and the checks the report makes on them before and after its queries. Kept
 * apart from the build so that the report bundle does not carry the build's dependencies.
 */
import { createHash } from 'node:crypto';
import type { Config } from './config.js';
import { configSeeds, loadModels, modelBody, type Model } from './models.js';
import type { ObjectStore } from './ports.js';
import { REMOVALS_PREFIX } from './load.js';
import { parquetColumns } from './parquet.js';
import { REBUILD_STATE_KEY } from './rebuild.js';
import { TABLE_NAMES } from './schema.js';

/** `state/rebuild.json` as far as the model tables care: when the last rebuild from raw committed and finished. */
export interface RebuildState {
  finishedAt?: string;
  committedAt?: string;
}

/** What identifies the last rebuild from raw (null: none yet); a run records the one it saw. */
export function rebuildStamp(state: RebuildState | undefined): string | null {
  return state ? `${state.committedAt ?? ''}|${state.finishedAt ?? ''}` : null;
}

/** The current run's tables: what the model views point at, and when they were built. */
export const MARTS_STATE_KEY = 'state/marts.json';
/** The run under way (or stopped): written before its first table, removed once it is current. */
export const MARTS_PENDING_KEY = 'state/marts-pending.json';

/** The report refused because the model tables miss loads (see `martsStaleness`). */
export class MartsStale extends Error {
  override name = 'MartsStale';
}

/**
 * Throws `MartsStale` naming why the model tables cannot be trusted and what to run (see
 * `martsStaleness`); returns the run they show (null before the first run, when the model
 * views read the canonical zone), for `assertMartsUnchanged` after the report's queries.
 */
export async function assertMartsCurrent(store: ObjectStore, digest: string): Promise<string | null> {
  const stale = await martsStaleness(store, digest);
  if (stale) {
    throw new MartsStale(
      `the model tables cannot be used yet: ${stale}; run the refresh first (the Weekly state machine does; or invoke the refresh function with {"onlyIfStale": true})`,
    );
  }
  return (await currentMarts(store))?.runId ?? null;
}

/**
 * Throws `MartsStale` when a refresh started or switched the views since `assertMartsCurrent`
 * returned `runId`: the report's queries may then have read two runs, so it is built again.
 */
export async function assertMartsUnchanged(store: ObjectStore, runId: string | null): Promise<void> {
  const busy = (await store.exists(MARTS_LOCK_KEY)) || (await store.exists(MARTS_PENDING_KEY));
  const now = (await currentMarts(store))?.runId ?? null;
  if (busy || now !== runId) {
    throw new MartsStale(
      `the model tables were switched while the report was built (run ${runId ?? 'none'} → ${now ?? 'none'}${busy ? ', a refresh under way' : ''}); build the report again`,
    );
  }
}

/** One run of model tables. */
export interface MartsRun {
  runId: string;
  /** When the run started (UTC ISO). */
  startedAt: string;
  /** `martsDigest` of the SQL and config the run built with. */
  modelsDigest: string;
  models: { model: string; table: string; prefix: string | null }[];
  /** The load manifests (keys) committed when the run started: the loads its tables hold. */
  loads: string[];
  /** `incremental` when the incremental models were built from the previous run's tables. */
  mode?: 'full' | 'incremental';
  /**
   * Batches with canonical files but no manifest when the run started (a load being written,
   * or one that failed and was not re-run): the canonical tables read their rows, so the run
   * holds them too (an incremental run rebuilds their records as if they were new loads).
   */
  uncommittedBatches?: string[];
  /**
   * sha256 of every canonical file key when the run started: when the files of the batches it
   * held (`loads` and `uncommittedBatches`) are not exactly those any more (removed or added
   * by hand, or a failed load's files cleaned up), the next run is full.
   */
  canonicalDigest?: string;
  /**
   * The loader's records of removed canonical parts (`REMOVALS_PREFIX` of core/load.ts) when the
   * run started: a removal the next run does not find here makes it full.
   */
  removals?: string[];
  /** The rebuild from raw (`state/rebuild.json`) the run saw when it started: another one makes the next run full. */
  rebuildSeen?: string | null;
}

/** `state/marts.json`: the run the model views point at. */
export interface MartsState extends MartsRun {
  builtAt: string;
  /** Runs replaced by this one whose tables are still to drop (a crash while dropping leaves them here). */
  retired: MartsRun[];
}

/** `state/marts-pending.json`: a run under way, or one that stopped. */
export interface PendingRun extends MartsRun {
  /** Writing tables, or switching the views to them (then its tables are in use). */
  phase: 'building' | 'switching';
}

/** Held (conditional put) for the whole of a run; the lease below frees it after a crash. */
export const MARTS_LOCK_KEY = 'state/marts-lock.json';

/**
 * A lock younger than this is a run under way (the refresh Lambda stops after 15 minutes); an
 * older one is a crashed run's, taken over by the next run, which finishes or drops its tables.
 */
export const MARTS_RUN_TIMEOUT_MS = 20 * 60_000;

/**
 * The fingerprint of what a run builds: every model's SQL and the config seeds. The report
 * compares it with its own (the same bundle's SQL and the deployed config), so tables built by
 * older SQL or another config count as stale, never as current.
 */
export function martsDigest(models: readonly Model[], config: Config): string {
  const parts = [
    ...models.map((m) => [m.name, modelBody(m)]),
    ...configSeeds(config).map((s) => [s.name, s.sql]),
    // The canonical columns: `select *` models change shape with them (an incremental run's
    // union with the previous table would not fit), so a schema change rebuilds everything.
    ...TABLE_NAMES.map((t) => [
      t,
      parquetColumns(t)
        .map((c) => `${c.name} ${JSON.stringify(c.type)}`)
        .join(','),
    ]),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** `martsDigest` of the models of `sql/` this code ships with, under `config`. */
export function shippedMartsDigest(config: Config): string {
  return martsDigest(loadModels(), config);
}

/** The view analysts read to see which run the model names show: `select * from marts_run`. */
export const MARTS_RUN_VIEW = 'marts_run';

export const MANIFESTS_PREFIX = 'manifests/loads/';

/** The run the model views point at, or null before the first run. */
export async function currentMarts(store: ObjectStore): Promise<MartsState | null> {
  return (await readJson<MartsState>(store, MARTS_STATE_KEY)) ?? null;
}

/**
 * Why the model tables cannot be trusted for a report, or null when they hold every load and
 * were built by `digest` (`martsDigest` of the caller's SQL and config): a refresh under way or
 * stopped (the views may be half switched), tables built by other SQL or config (a deploy
 * since), a rebuild from raw that finished after the run started, or a load manifest the run
 * did not list when it started (a load committed since, or one still being written then).
 * Before the first run this is null: the model views are then the SQL over the canonical
 * zone, which reads every load. The weekly state runs a refresh first when this is not null,
 * and the report refuses while it is not.
 */
export async function martsStaleness(store: ObjectStore, digest: string): Promise<string | null> {
  const pending = await readJson<PendingRun>(store, MARTS_PENDING_KEY);
  const lock = await readJson<{ runId: string; takenAt: string }>(store, MARTS_LOCK_KEY);
  if (pending || lock) {
    const run = lock ?? { runId: pending!.runId, takenAt: pending!.startedAt };
    return `a refresh is building the model tables (run ${run.runId}, started ${run.takenAt})`;
  }
  const current = await currentMarts(store);
  if (!current) return null;
  const built = `run ${current.runId}, started ${current.startedAt}`;
  if (current.modelsDigest !== digest) {
    return `the model tables (${built}) were built by other SQL or another config than this deployment's`;
  }
  // By the rebuild state the run saw when it started (clocks of two machines are not compared);
  // runs recorded before it was kept fall back to the times.
  const rebuilt = await readJson<RebuildState>(store, REBUILD_STATE_KEY);
  const rebuiltSince =
    current.rebuildSeen === undefined
      ? rebuilt?.finishedAt !== undefined && rebuilt.finishedAt >= current.startedAt
      : rebuildStamp(rebuilt) !== current.rebuildSeen;
  if (rebuiltSince) {
    return `the tables were rebuilt from raw at ${rebuilt?.finishedAt ?? 'a time not recorded'}, after the models were last built (${built})`;
  }
  if (current.removals !== undefined) {
    // A failed load's parts, removed after the run read them: its tables may hold their rows.
    const seen = new Set(current.removals);
    const removed = (await store.list(REMOVALS_PREFIX)).filter((k) => !seen.has(k));
    if (removed.length > 0)
      return `the loader removed canonical parts of ${removed.length} failed or repeated load(s) since the models were last built (${built})`;
  }
  const held = new Set(current.loads ?? []);
  const later = (await store.list(MANIFESTS_PREFIX)).filter((k) => !held.has(k)).sort();
  if (later.length === 0) return null;
  return `${later.length} load(s) committed since the models were last built (${built}), e.g. ${later[later.length - 1]}`;
}

export async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as T) : undefined;
}
