/**
 * Replay from raw (`funnel rebuild`, the Rebuild state machine on AWS): every committed load
 * is derived again from its raw object with today's code and config (email keys, further
 * addresses, 18-character Salesforce ids, company domains, …), without pulling again.
 *
 * Three phases, each safe to crash in and to re-run:
 *
 * 1. **Stage.** Each load manifest, oldest first (as a fresh load of the same raw files would
 *    run), is replayed through the ordinary loader into `rebuild/staging/`: a view of the store
 *    in which only the raw zone is shared, so the live tables stay as they are. The loader's
 *    own manifests make a re-run skip batches already staged.
 * 2. **Commit.** With every batch staged, `rebuild/commit.json` lists the objects that differ
 *    from the live ones and the live objects no batch produces any more. Nothing differing:
 *    the staging area is dropped and nothing else is written (a second rebuild changes nothing).
 * 3. **Apply.** Staged objects replace live ones key by key (Parquet parts and rejects, then
 *    deletions, then the load manifests), `state/rebuild.json` records the rebuild, and the
 *    commit and staging area are removed. A crash here leaves the commit: the next run finishes
 *    it first, and until then the report refuses to run (`assertNoRebuildHalfApplied`).
 *
 * Batch ids (the sha-256 of the raw input) and load times come from the original manifests, so
 * a rebuilt table equals a fresh load of the same raw files.
 */
import { METHODOLOGY_VERSION } from './config.js';
import { listManifests, manifestKey, type LoadDeps, type LoadResult } from './load.js';
import type { ObjectStore } from './ports.js';
import type { LoadManifest } from './records.js';
import { TABLE_NAMES, type TableName } from './schema.js';

/** The staging area: a copy of the canonical, rejects and manifests zones under this prefix. */
export const STAGING_PREFIX = 'rebuild/staging/';
/** Written once everything is staged; its presence means "apply this before anything else". */
export const COMMIT_KEY = 'rebuild/commit.json';
/** The last rebuild that changed the tables: when, under which methodology, what it did. */
export const REBUILD_STATE_KEY = 'state/rebuild.json';
const PLAN_KEY = `${STAGING_PREFIX}plan.json`;

/**
 * Re-runs one committed load from its raw object, through `loadBatch`, into `deps.store` (the
 * staging view), with `deps.now` returning the original load time. Throws when the load
 * cannot be replayed (unknown format, source no longer configured, raw unreadable); the
 * message names the reason and is prefixed with the batch by `rebuild`.
 * Implemented in functions/sources/replay.ts (it knows the formats and connectors).
 */
export type ReplayLoad = (manifest: LoadManifest, deps: LoadDeps) => Promise<ReplayResult>;

export interface ReplayResult extends LoadResult {
  /** Assumptions the replay had to make (e.g. options not recorded by older loads), for the summary. */
  assumptions?: string[];
}

export interface RebuildDeps extends LoadDeps {
  replay: ReplayLoad;
  /** One line per step (CLI progress, Lambda log). */
  progress?: (line: string) => void;
}

export interface RebuildOptions {
  /**
   * Keep loads whose raw object is missing as they are (their rows keep the keys they were
   * loaded with) instead of refusing the whole rebuild. Default false: refuse.
   */
  keepMissingRaw?: boolean;
  /** Asked before each batch is staged; true stops with status `paused` (the Lambda's time budget). */
  shouldPause?: () => boolean;
  /**
   * Accept a replay that reads a file otherwise than its load did (another date order, decimal
   * separator or encoding: a config fixed since, such as `locale`, or a rule that now decides it),
   * instead of refusing: each such load is listed in the summary (`reread`) and its rows are
   * derived again with the new reading. Default false: refuse, so figures never move silently.
   * CLI `funnel rebuild --reread`, Rebuild state machine input `{"reread": true}`.
   */
  reread?: boolean;
}

/** A load whose file the rebuild read otherwise than its load did, accepted by `reread`. */
export interface RereadLoad {
  table: TableName;
  batchId: string;
  input: string;
  /** What changed, in words (`the replay reads dates as MDY, the load read them as DMY`). */
  change: string;
}

/** A load that was not replayed (its raw object is missing) and stays as loaded. */
export interface KeptLoad {
  table: TableName;
  batchId: string;
  input: string;
  rawKey: string;
  loadedAt: string;
}

export interface RebuildSummary {
  /**
   * `rebuilt`: the tables were switched to the replayed batches; `unchanged`: the replay gave
   * exactly the live objects and nothing was written; `paused`: staging stopped early (call
   * again); `empty`: no loads in the store.
   */
  status: 'rebuilt' | 'unchanged' | 'paused' | 'empty';
  methodologyVersion: string;
  /** Raw files (load batches) replayed in this run or staged by an earlier, interrupted one. */
  rawReplayed: number;
  /** Loads in the store. */
  batches: number;
  /** Rows per canonical table after the rebuild (replayed and kept loads). */
  rows: Record<TableName, number>;
  /** Rejected rows per canonical table after the rebuild. */
  rejects: Record<TableName, number>;
  /** Objects written and deleted in the live zones. */
  written: number;
  deleted: number;
  kept: KeptLoad[];
  /** One line per assumption a replay made (see ReplayResult). */
  assumptions: string[];
  /** The loads read otherwise than when they were loaded, accepted by `RebuildOptions.reread`. */
  reread: RereadLoad[];
  /** True when this run finished a rebuild an earlier run had committed but not applied. */
  finishedEarlierRun: boolean;
}

/** What `rebuild/commit.json` holds. Keys are live keys; the staged copy is `STAGING_PREFIX + key`. */
interface Commit {
  methodologyVersion: string;
  committedAt: string;
  /** Staged objects that differ from (or are absent in) the live zones; manifests last. */
  write: string[];
  /** Live objects of replayed batches that no replayed batch produces. */
  delete: string[];
  summary: Omit<RebuildSummary, 'status' | 'written' | 'deleted' | 'finishedEarlierRun'>;
}

export class RebuildError extends Error {
  override name = 'RebuildError';
}

/**
 * Re-derives the canonical tables and rejects from the raw zone (see the module comment).
 * Throws `RebuildError` when a load's raw object is missing (unless `keepMissingRaw`), when a
 * replay fails or decides differently from the original load (another date order, decimal
 * separator or encoding; unless `reread`), and leaves the live tables untouched in all those cases.
 */
export async function rebuild(deps: RebuildDeps, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const { store } = deps;
  const say = deps.progress ?? (() => undefined);
  const now = deps.now ?? (() => new Date());

  const pending = await readJson<Commit>(store, COMMIT_KEY);
  if (pending) {
    say(`finishing the rebuild committed at ${pending.committedAt} (it was interrupted while switching the tables)`);
    return { ...(await apply(store, pending, now, say)), finishedEarlierRun: true };
  }

  const manifests = await listManifests(store);
  const base = {
    methodologyVersion: METHODOLOGY_VERSION,
    batches: manifests.length,
    rows: perTable(),
    rejects: perTable(),
    kept: [] as KeptLoad[],
    assumptions: [] as string[],
    reread: [] as RereadLoad[],
    finishedEarlierRun: false,
  };
  if (manifests.length === 0) return { ...base, status: 'empty', rawReplayed: 0, written: 0, deleted: 0 };

  const missing: LoadManifest[] = [];
  for (const m of manifests) if (!(await store.exists(m.rawKey))) missing.push(m);
  if (missing.length > 0 && !options.keepMissingRaw) {
    const list = missing.slice(0, 5).map((m) => `${m.input} (${m.table}, loaded ${m.loadedAt}, raw ${m.rawKey})`);
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    throw new RebuildError(
      `rebuild refused: ${missing.length} load(s) have no raw object, so they cannot be derived again: ${list.join('; ')}${more}. ` +
        'Re-import those files, or pass --keep-missing-raw to keep their rows as they were loaded; nothing was changed',
    );
  }

  // Staging of an interrupted run is reused only under the same methodology version.
  const plan = await readJson<{ methodologyVersion: string }>(store, PLAN_KEY);
  if (plan?.methodologyVersion !== METHODOLOGY_VERSION) {
    await clearPrefix(store, STAGING_PREFIX);
    await store.put(PLAN_KEY, json({ methodologyVersion: METHODOLOGY_VERSION, startedAt: now().toISOString() }));
  }
  const staged = stagingStore(store);
  const missingKeys = new Set(missing.map((m) => manifestKey(m.table, m.batchId)));
  const replayable = manifests.filter((m) => !missingKeys.has(manifestKey(m.table, m.batchId)));
  const pairs: { live: LoadManifest; next: LoadManifest }[] = [];
  for (const [i, live] of replayable.entries()) {
    if (options.shouldPause?.()) {
      say(`paused after ${i} of ${replayable.length} loads; run again to continue`);
      return { ...base, status: 'paused', rawReplayed: i, written: 0, deleted: 0 };
    }
    const where = `${live.input} (${live.table}, batch ${live.batchId}, raw ${live.rawKey})`;
    let result: ReplayResult;
    try {
      // Staged by an interrupted run: taken as it is, so a resumed run does not parse it again.
      const earlier = await readJson<LoadManifest>(staged, manifestKey(live.table, live.batchId));
      result = earlier
        ? { manifest: earlier, alreadyLoaded: true }
        : await deps.replay(live, { ...deps, store: staged, now: () => new Date(live.loadedAt) });
    } catch (err) {
      throw new RebuildError(`${where}: cannot be replayed: ${firstLine(err)}; the tables were not changed`);
    }
    const next = result.manifest;
    if (next.batchId !== live.batchId || next.table !== live.table || next.rawKey !== live.rawKey) {
      throw new RebuildError(
        `${where}: the replay gave batch ${next.batchId} of ${next.table} from ${next.rawKey}, not the loaded one; the tables were not changed`,
      );
    }
    const drift = decisionDrift(live, next);
    if (drift && !options.reread) {
      throw new RebuildError(
        `${where}: ${drift}; if today's config reads it right, run \`funnel rebuild --reread\` (Rebuild state machine input {"reread": true}) ` +
          `to re-read it and every such file, each listed; else correct sources["${live.format}"] (or the locale) to read it as before; the tables were not changed`,
      );
    }
    if (drift) {
      base.reread.push({ table: live.table, batchId: live.batchId, input: live.input, change: drift });
      say(`re-read: ${live.input} (${live.table}, batch ${live.batchId}): ${drift}`);
    }
    for (const a of result.assumptions ?? []) base.assumptions.push(`${live.input}: ${a}`);
    say(
      `[${i + 1}/${replayable.length}] ${live.input} → ${live.table}: ${next.rowsLoaded} rows, ${next.rowsRejected} rejects` +
        (result.alreadyLoaded ? ' (staged by an earlier run)' : ''),
    );
    pairs.push({ live, next });
  }

  for (const m of missing) {
    base.kept.push({ table: m.table, batchId: m.batchId, input: m.input, rawKey: m.rawKey, loadedAt: m.loadedAt });
    say(`kept as loaded: ${m.input} (${m.table}, loaded ${m.loadedAt}): raw ${m.rawKey} is missing`);
  }
  for (const m of [...pairs.map((p) => p.next), ...missing]) {
    base.rows[m.table] += m.rowsLoaded;
    base.rejects[m.table] += m.rowsRejected;
  }

  const commit: Commit = {
    methodologyVersion: METHODOLOGY_VERSION,
    committedAt: now().toISOString(),
    write: [],
    delete: [],
    summary: { ...base, rawReplayed: pairs.length },
  };
  const manifestWrites: string[] = [];
  for (const { live, next } of pairs) {
    const produced = [...next.canonicalKeys, ...(next.rejectsKey ? [next.rejectsKey] : [])];
    const keys = new Set(produced);
    for (const key of produced) if (await differs(store, key)) commit.write.push(key);
    const mKey = manifestKey(next.table, next.batchId);
    if (await differs(store, mKey)) manifestWrites.push(mKey);
    for (const key of [...live.canonicalKeys, ...(live.rejectsKey ? [live.rejectsKey] : [])]) {
      if (!keys.has(key)) commit.delete.push(key);
    }
  }
  // Manifests last: a batch's manifest describes its parts, so it changes after them.
  commit.write.push(...manifestWrites);
  if (commit.write.length === 0 && commit.delete.length === 0) {
    await clearPrefix(store, STAGING_PREFIX);
    say(`unchanged: replaying ${pairs.length} raw file(s) gives exactly the tables already loaded`);
    return { ...commit.summary, status: 'unchanged', written: 0, deleted: 0, finishedEarlierRun: false };
  }
  await store.put(COMMIT_KEY, json(commit));
  say(`committed: ${commit.write.length} object(s) to write, ${commit.delete.length} to delete`);
  return { ...(await apply(store, commit, now, say)), finishedEarlierRun: false };
}

/** Switches the live zones to the staged objects; safe to run again after a crash. */
async function apply(
  store: ObjectStore,
  commit: Commit,
  now: () => Date,
  say: (line: string) => void,
): Promise<Omit<RebuildSummary, 'finishedEarlierRun'>> {
  for (const key of commit.write.filter((k) => !k.startsWith('manifests/'))) await copyStaged(store, key);
  for (const key of commit.delete) await store.delete(key);
  for (const key of commit.write.filter((k) => k.startsWith('manifests/'))) await copyStaged(store, key);
  const summary = {
    ...commit.summary,
    status: 'rebuilt' as const,
    written: commit.write.length,
    deleted: commit.delete.length,
  };
  await store.put(
    REBUILD_STATE_KEY,
    json({ ...summary, committedAt: commit.committedAt, finishedAt: now().toISOString() }),
  );
  // The commit goes before the staging area: while it exists, the staged objects must too.
  await store.delete(COMMIT_KEY);
  await clearPrefix(store, STAGING_PREFIX);
  say(`switched: ${summary.written} object(s) written, ${summary.deleted} deleted`);
  return summary;
}

async function copyStaged(store: ObjectStore, key: string): Promise<void> {
  const body = await store.get(STAGING_PREFIX + key);
  if (!body)
    throw new RebuildError(`rebuild: staged object ${STAGING_PREFIX}${key} is missing; the commit cannot be applied`);
  await store.put(key, body);
}

/** True when the staged object differs from the live one (or the live one is absent). */
async function differs(store: ObjectStore, key: string): Promise<boolean> {
  const [next, live] = await Promise.all([store.get(STAGING_PREFIX + key), store.get(key)]);
  if (!next) throw new RebuildError(`rebuild: staged object ${STAGING_PREFIX}${key} is missing`);
  return !live || Buffer.compare(Buffer.from(next), Buffer.from(live)) !== 0;
}

/**
 * Refuses to build a report while a rebuild is committed but not fully applied: its tables
 * then mix batches of both derivations, which could shift figures silently.
 */
export async function assertNoRebuildHalfApplied(store: ObjectStore): Promise<void> {
  const pending = await readJson<Commit>(store, COMMIT_KEY);
  if (pending) {
    throw new RebuildError(
      `a rebuild committed at ${pending.committedAt} is half applied (${COMMIT_KEY}): run \`funnel rebuild\` (or the Rebuild state machine) again to finish it before reporting`,
    );
  }
}

/**
 * The store as a load sees it during staging: canonical, rejects and load manifests under
 * `STAGING_PREFIX`, the raw zone and its manifests shared read-only (raw is never rewritten; a replay that would
 * store a raw object not already there does not match the original load and is refused).
 */
export function stagingStore(store: ObjectStore): ObjectStore {
  // `manifests/raw/` describes the raw objects (an API batch's pull time and cursors).
  const isRaw = (key: string): boolean => key.startsWith('raw/') || key.startsWith('manifests/raw/');
  const at = (key: string): string => STAGING_PREFIX + key;
  const noNewRaw = async (key: string): Promise<boolean> => {
    if (await store.exists(key)) return false;
    throw new RebuildError(`the replay would store a new raw object ${key}: it does not match the original load`);
  };
  return {
    put: (key, body) => (isRaw(key) ? Promise.reject(refuseRaw(key)) : store.put(at(key), body)),
    putIfAbsent: (key, body) => (isRaw(key) ? noNewRaw(key) : store.putIfAbsent(at(key), body)),
    putFileIfAbsent: (key, path) => (isRaw(key) ? noNewRaw(key) : store.putFileIfAbsent(at(key), path)),
    ...(store.putFile
      ? {
          putFile: (key: string, path: string) =>
            isRaw(key) ? Promise.reject(refuseRaw(key)) : store.putFile!(at(key), path),
        }
      : {}),
    get: (key) => store.get(isRaw(key) ? key : at(key)),
    exists: (key) => store.exists(isRaw(key) ? key : at(key)),
    list: async (prefix) =>
      isRaw(prefix)
        ? store.list(prefix)
        : (await store.list(at(prefix))).map((k) => k.slice(STAGING_PREFIX.length)).filter((k) => k !== 'plan.json'),
    delete: (key) => (isRaw(key) ? Promise.reject(refuseRaw(key)) : store.delete(at(key))),
  };
}

function refuseRaw(key: string): RebuildError {
  return new RebuildError(`a rebuild never rewrites the raw zone (${key})`);
}

/**
 * How the replay read the file differently from the original load, in words, or null. Only
 * decisions the loads record (date order, decimal separator, encoding): another reading of the
 * same bytes would move dates or amounts, which is no key-rule change and needs a person (who
 * accepts it with `RebuildOptions.reread`). A replay that needed no decimal separator (a workbook whose numbers are all typed cells,
 * read as their value) reads no number two ways: whatever the load recorded is no drift, so
 * rebuild agrees with a fresh import of the same file. Dates are stricter: a replay without
 * a date order may have rejected dates the load read (an unproven two-digit year).
 */
export function decisionDrift(live: LoadManifest, next: LoadManifest): string | null {
  const pick = (m: LoadManifest, note: string, field?: string): string | undefined => {
    const value = m.notes?.[note];
    if (value === undefined || value === null) return undefined;
    return String(field && typeof value === 'object' ? (value as Record<string, unknown>)[field] : value);
  };
  const checks: [string, string, string | undefined][] = [
    ['dates', 'dateOrder', 'order'],
    ['numbers (decimal separator)', 'decimalSeparator', 'separator'],
    ['the text encoding', 'encoding', undefined],
  ];
  for (const [what, note, field] of checks) {
    const before = pick(live, note, field);
    const after = pick(next, note, field);
    // A load made before the decision was recorded has nothing to compare with.
    if (before === undefined) continue;
    if (after === undefined && note === 'decimalSeparator') continue;
    if (before !== after) {
      return `the replay reads ${what} as ${after ?? 'undecided'}, the load read them as ${before}`;
    }
  }
  return null;
}

function perTable(): Record<TableName, number> {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
}

async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as T) : undefined;
}

async function clearPrefix(store: ObjectStore, prefix: string): Promise<void> {
  for (const key of await store.list(prefix)) await store.delete(key);
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function firstLine(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err);
}
