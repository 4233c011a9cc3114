/**
 * The canonical loader: one batch of parsed rows → Parquet in the canonical zone, rejects
 * in the rejects zone, the input as received in the raw zone, and a manifest written last.
 *
 * Idempotent by content: the batch id is the sha-256 of the raw input, so loading the same
 * file or API response twice finds its manifest and changes nothing. A crash before the
 * manifest leaves no committed batch; the re-run clears the batch's partial parts first.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { Config } from './config.js';
import type { Log } from './log.js';
import type { ParquetEncoder } from './parquet.js';
import type { ObjectStore } from './ports.js';
import type { CanonicalRecord, DeclaredPeriod, LoadManifest, ParsedRow, Reject } from './records.js';
import { recordVersionColumns, type TableName } from './schema.js';
import { checkContextOf, checkRecord, SOURCE_NAME, type CheckContext, type CheckResult } from './validate.js';
import { SpendCoverage } from './import/spend-overlap.js';
import { isDatedRejectTable, RejectedRowDates } from './rejected-rows.js';
import { activityRecordId, combinable, combineRows, hasAssociations } from './associations.js';
import {
  assertSnapshotTable,
  SnapshotFile,
  SnapshotRefused,
  snapshotIdColumn,
  snapshotTombstones,
  type SnapshotNote,
  type SnapshotRequest,
} from './import/snapshot.js';

export interface LoadDeps {
  store: ObjectStore;
  encoder: ParquetEncoder;
  config: Config;
  now?: () => Date;
  /**
   * Rows per Parquet part; bounds memory for big files. Default 100,000 on the JS path and
   * 1,000,000 (per source) on the canonical-CSV fast path, which writes parts without holding them.
   */
  chunkRows?: number;
  /** Structured log (no row data); silent by default. */
  log?: Log;
}

export interface LoadRequest {
  /** Source for rows that carry none; without it every row must name its source. */
  source?: string;
  table: TableName;
  format: string;
  /** Logical load day `YYYY-MM-DD`: the `dt=` partition. */
  dt: string;
  /** Where the rows came from (file name or API entity), for rejects and manifests. */
  input: string;
  /** The input exactly as received (bytes, or a local file for big inputs); stored in the raw zone and hashed for the batch id. */
  raw: Uint8Array | { path: string };
  /** Raw-zone key suffix, e.g. the file name; defaults to `input`. */
  rawName?: string;
  /** Where the caller already landed `raw` (connectors land it themselves); then it is not stored twice. */
  rawKey?: string;
  rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>;
  notes?: () => Record<string, unknown> | undefined;
  /**
   * The period the input declares (records.ts DeclaredPeriod), asked for once its rows are read
   * (a vendor file states it in its header or rows); null or absent when not known.
   */
  period?: () => DeclaredPeriod | null | undefined;
  /**
   * The options the input was read with that its bytes do not tell (e.g. the time zone of a
   * vendor file's wall-clock times); recorded in the manifest so `funnel rebuild` reads the
   * raw file the same way.
   */
  options?: Record<string, string>;
  /** The zone calendar days without a time were placed in (LoadManifest.dayTimezone); vendor files and API pulls. */
  dayTimezone?: string;
  /**
   * A file import's zone: the one its date-times were read in (`--timezone`, else the
   * config's), where its export day `dt` ends (validate.ts `checkContextOf`). Absent (API
   * pulls): the config's zone.
   */
  exportZone?: string;
  /**
   * A faster way to produce this batch's Parquet parts and rejects (the canonical-CSV fast
   * path). Called after the raw file is stored; returning undefined means "use `rows`".
   */
  fast?: (batch: { batchId: string; loadedAt: Date; checks: CheckContext }) => Promise<FastBatch | undefined>;
  /**
   * A full snapshot of its source's records (`funnel import --snapshot`, import/snapshot.ts):
   * current records absent from it get tombstones in this batch. Leads, deals, activities only;
   * `fast` is not used (the ids of every row are needed, rejected ones included).
   */
  snapshot?: SnapshotRequest;
}

/** What a fast path hands back: local Parquet files (one per source and part) and the rejects. */
export interface FastBatch {
  parts: { source: string; path: string }[];
  rejects: Reject[];
  /**
   * Per reject, in the same order: the row's parsed record when it has one (its dates place it
   * in a week, rejected-rows.ts), null when it has none, 'superseded' for an earlier copy of a
   * version a later row replaced (its data loaded: not a missing row). Absent: all undated.
   */
  rejectRecords?: (CanonicalRecord | 'superseded' | null)[];
  rowsLoaded: number;
  rowsBySource: Record<string, number>;
  /** Frees the local files; called once the parts are stored (or the load failed). */
  cleanup(): Promise<void>;
}

export interface LoadResult {
  manifest: LoadManifest;
  /** True when this exact input had been loaded before and nothing was written. */
  alreadyLoaded: boolean;
}

const SAFE_PART = /[^A-Za-z0-9._-]+/g;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function digestOf(raw: LoadRequest['raw']): Promise<{ digest: string; bytes: number }> {
  if (raw instanceof Uint8Array) return { digest: sha256(raw), bytes: raw.length };
  // One reused buffer rather than a stream: a stream allocates a new 64 KB chunk per read, and
  // hashing a 1 GB file left ~35 MB of garbage buffers in the process's peak RSS.
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const file = await open(raw.path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { digest: hash.digest('hex'), bytes };
}

export function manifestKey(table: TableName, batchId: string): string {
  return `manifests/loads/${table}/${batchId}.json`;
}

/**
 * One object per time the loader removed canonical parts (a failed load's cleanup, or the
 * parts of an earlier attempt cleared by a re-run): a model run may have read those rows, and
 * no listing of the canonical zone shows that they were there. The refresh builds every table
 * from all of history after a removal it has not seen (core/marts.ts).
 */
export const REMOVALS_PREFIX = 'state/canonical-removals/';

/** Written after the parts are gone, so that a run that lists it did not read them. */
async function recordRemoval(store: ObjectStore, table: TableName, batchId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await store.put(
    `${REMOVALS_PREFIX}${table}/${batchId}-${randomUUID()}.json`,
    JSON.stringify({ table, batchId, removedAt: new Date().toISOString(), keys }, null, 2) + '\n',
  );
}

export async function loadBatch(deps: LoadDeps, req: LoadRequest): Promise<LoadResult> {
  const { store } = deps;
  const { digest, bytes: rawBytes } = await digestOf(req.raw);
  const batchId = digest.slice(0, 32);
  if (req.snapshot) assertSnapshotTable(req.table, req.input);
  const mKey = manifestKey(req.table, batchId);
  const existing = await store.get(mKey);
  if (existing) {
    const manifest = JSON.parse(Buffer.from(existing).toString('utf8')) as LoadManifest;
    // Its rows are in, but its absences were never applied: "nothing changed" would hide that.
    if (req.snapshot && !manifest.notes?.snapshot) {
      throw new SnapshotRefused(
        `${req.input}: already loaded on ${manifest.loadedAt} without --snapshot, so its absent records were not marked deleted; ` +
          'export the records again and import the new file with --snapshot',
      );
    }
    return { manifest, alreadyLoaded: true };
  }

  const rawKey =
    req.rawKey ??
    `raw/${req.source ?? 'files'}/${req.format}/dt=${req.dt}/${batchId}-${(req.rawName ?? req.input).replace(SAFE_PART, '_')}`;
  // Raw is never rewritten: written only when absent.
  if (!req.rawKey) {
    if (req.raw instanceof Uint8Array) await store.putIfAbsent(rawKey, req.raw);
    else await store.putFileIfAbsent(rawKey, req.raw.path);
  }
  await clearPartialBatch(store, req.table, batchId);

  const loadedAt = (deps.now ?? (() => new Date()))();
  const ctx = checkContextOf(deps.config, req.dt, {
    zone: req.exportZone,
    dayZone: req.dayTimezone,
    file: req.exportZone !== undefined,
  });
  const chunkRows = deps.chunkRows ?? 100_000;
  const canonicalKeys: string[] = [];
  const rejects: Reject[] = [];
  const rowsBySource: Record<string, number> = {};
  // The records of the part being filled, per source, by version key (in row order).
  let pending = new Map<string, Map<string, CanonicalRecord>>();
  let pendingCount = 0;
  let part = 0;
  let rowsLoaded = 0;
  // Position of the next row among the batch's rows (what batch_row stores).
  let position = 0;
  // Rows that became part of the record of an earlier row rather than a record of their own
  // (associations.ts): every row is loaded, rejected or combined.
  let combinedRows = 0;
  // Per record version: where its row sits and its group. No record or raw text is kept here,
  // so flushed parts are garbage-collected and memory stays bounded by one chunk (plus the keys).
  const versions = new Map<string, { line: number; part: number; file?: string; group: number }>();
  // The rows of each record version in the part being filled (cleared by each flush), and per
  // record (an activity's rows share its record id) the group later rows of it may join.
  let groups = new Map<number, RecordGroup>();
  let open = new Map<string, number>();
  let nextGroup = 0;
  // Spend loads record what they cover, so a later file at another level is refused (spend-overlap.ts).
  const coverage = req.table === 'spend' ? new SpendCoverage() : null;
  // Leads, deals, activities and spend record where their rejected rows lie (rejected-rows.ts).
  const rejectDates = isDatedRejectTable(req.table) ? new RejectedRowDates(req.table, req.source) : null;
  // A snapshot gathers the ids of every row (and refuses a row without one) as they stream by.
  const snapshotFile = req.snapshot ? new SnapshotFile(req.table, req.dt) : null;
  let snapshotNote: SnapshotNote | null = null;

  const flush = async (): Promise<void> => {
    for (const [source, rows] of [...pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (rows.size === 0) continue;
      const key = `canonical/${req.table}/source=${source}/dt=${req.dt}/${batchId}-${String(part).padStart(4, '0')}.parquet`;
      await store.put(key, await deps.encoder.encode(req.table, [...rows.values()]));
      canonicalKeys.push(key);
    }
    part++;
    pending = new Map();
    pendingCount = 0;
    groups = new Map();
    open = new Map();
  };

  const loadFast = async (fast: FastBatch): Promise<void> => {
    try {
      // Same key layout as the JS path; numbered across sources, one part per file.
      for (const file of fast.parts) {
        const key = `canonical/${req.table}/source=${file.source}/dt=${req.dt}/${batchId}-${String(part).padStart(4, '0')}.parquet`;
        part++;
        await putFile(store, key, file.path);
        canonicalKeys.push(key);
      }
    } finally {
      await fast.cleanup();
    }
    rejects.push(...fast.rejects);
    // Each reject with its parsed record where the fast path kept it (dated), as on the JS path.
    fast.rejects.forEach((_, i) => {
      const record = fast.rejectRecords?.[i] ?? null;
      if (record === 'superseded') return;
      // The further instants a reject could count at (a won deal closed after its export day).
      const checked = record ? checkRow(req.table, record, req.source, ctx) : undefined;
      rejectDates?.rejected(
        record ?? undefined,
        checked && !checked.ok ? checked.concerns : undefined,
        fast.rejects[i],
      );
    });
    Object.assign(rowsBySource, fast.rowsBySource);
    rowsLoaded = fast.rowsLoaded;
  };

  try {
    const fast = req.fast && !snapshotFile ? await req.fast({ batchId, loadedAt, checks: ctx }) : undefined;
    if (fast) await loadFast(fast);
    else await consume();
    if (snapshotFile) await writeTombstones(snapshotFile);
  } catch (err) {
    // Leave no uncommitted parts behind for queries to read.
    for (const key of canonicalKeys) await store.delete(key);
    await recordRemoval(store, req.table, batchId, canonicalKeys);
    throw err;
  }

  /**
   * The snapshot's tombstones (import/snapshot.ts) as rows of this batch after the file's own:
   * checked and stamped as any row, written in parts of their own. Not counted as rows loaded
   * (the manifest's `snapshot` note counts them).
   */
  async function writeTombstones(file: SnapshotFile): Promise<void> {
    const { records, note } = await snapshotTombstones(deps, {
      table: req.table,
      input: req.input,
      batchId,
      dt: req.dt,
      loadedAt,
      source: req.source,
      file,
      request: req.snapshot!,
    });
    snapshotNote = note;
    const stamped: CanonicalRecord[] = [];
    for (const record of records) {
      // A tombstone repeats a version loaded before: only the record's own checks apply.
      const checked = checkRow(req.table, record, undefined, { fxRates: ctx.fxRates });
      if (!checked.ok) {
        throw new SnapshotRefused(
          `${req.input}: --snapshot: the tombstone of ${req.table} ${String(record[snapshotIdColumn(req.table)])} fails a check (${checked.field}: ${checked.reason}); nothing was loaded`,
        );
      }
      stamped.push(stampRecord(checked.record, { loadedAt, batchId, batchRow: position++ }));
    }
    for (let start = 0; start < stamped.length; start += chunkRows) {
      const key = `canonical/${req.table}/source=${note.source}/dt=${req.dt}/${batchId}-${String(part).padStart(4, '0')}.parquet`;
      part++;
      await store.put(key, await deps.encoder.encode(req.table, stamped.slice(start, start + chunkRows)));
      canonicalKeys.push(key);
    }
  }

  /** Records added to (positive) or taken from (negative) the part being filled. */
  function count(source: string, n: number): void {
    rowsBySource[source] = (rowsBySource[source] ?? 0) + n;
    rowsLoaded += n;
    pendingCount += n;
  }

  /** Stores a record as a group of its own (the open group of its record when there is none). */
  function storeNew(record: CanonicalRecord, source: string, version: string, at: GroupRow): void {
    let bucket = pending.get(source);
    if (!bucket) pending.set(source, (bucket = new Map()));
    bucket.set(version, record);
    const id = nextGroup++;
    groups.set(id, { source, keys: [version], rows: [at], combined: 0 });
    const recordKey = groupKey(req.table, record);
    if (!groups.has(open.get(recordKey) ?? -1)) open.set(recordKey, id);
    versions.set(version, { line: at.line, part, file: at.file, group: id });
    coverage?.add(record, at.spread);
    rejectDates?.loaded(record);
    count(source, 1);
  }

  /**
   * The row is another row of the group's record version. `collided`: it has the version key
   * of one of the group's rows (before, the earlier row was superseded); then the group's rows
   * and this one are combined (associations.ts). Otherwise it is one more row of the record
   * (another contact's row of an activity) and is stored beside them, as written.
   */
  function join(id: number, record: CanonicalRecord, version: string, at: GroupRow, collided: boolean): void {
    const group = groups.get(id)!;
    const bucket = pending.get(group.source)!;
    const line = group.rows[0]!.line;
    if (!collided) {
      bucket.set(version, record);
      group.keys.push(version);
      versions.set(version, { line: at.line, part, file: at.file, group: id });
      count(group.source, 1);
    } else {
      const combined = combineRows(req.table, [...group.keys.map((k) => bucket.get(k)!), record]);
      const keys = combined.map((r) => versionKey(req.table, r));
      // A contact's new id may be the key of a row that disagrees with this record (it was not
      // combinable): the later row wins over it, as over any other copy of its version.
      for (const k of keys) {
        const other = versions.get(k);
        if (other && other.part === part && other.group !== id && groups.has(other.group))
          supersede(other.group, k, at);
      }
      for (const k of group.keys) if (!keys.includes(k)) bucket.delete(k);
      // A key kept keeps its place in the part (set on an existing key does not move it).
      combined.forEach((r, i) => bucket.set(keys[i]!, r));
      for (const k of keys) versions.set(k, { line, part, file: group.rows[0]!.file, group: id });
      // The row's own key (e.g. an activity's id before it was split per contact) still leads here.
      versions.set(version, { line, part, file: group.rows[0]!.file, group: id });
      // The row is a record of its own only when it added one (another contact of an activity);
      // otherwise it is counted as combined, so that rows = loaded + rejected + combined.
      const added = keys.length - group.keys.length;
      count(group.source, added);
      combinedRows += 1 - added;
      group.combined += 1 - added;
      group.keys = keys;
    }
    group.rows.push(at);
  }

  /**
   * The later row wins over every row of the group (the same-version rule): those become
   * rejects. The caller stores a record under `version` at once (it keeps its place).
   */
  function supersede(id: number, version: string, at: GroupRow): void {
    const group = groups.get(id)!;
    const bucket = pending.get(group.source)!;
    for (const r of group.rows) rejects.push(supersededReject(req.table, r.file ?? req.input, r, at.line));
    // Its rows are rejects now, the combined ones too.
    combinedRows -= group.combined;
    for (const k of group.keys) if (k !== version) bucket.delete(k);
    count(group.source, -group.keys.length);
    groups.delete(id);
  }

  async function consume(): Promise<void> {
    for await (const row of req.rows) {
      const batchRow = position++; // 0-based position among the batch's rows
      if (!row.ok) {
        snapshotFile?.rejected(row.reject);
        rejects.push(row.reject);
        // Its record's key when read before the row was refused: a later version supersedes it.
        rejectDates?.rejected(row.key, row.concerns, row.reject);
        continue;
      }
      const checked = checkRow(req.table, row.record, req.source, ctx);
      if (!checked.ok) {
        const given = row.record.source;
        const source = typeof given === 'string' && given !== '' ? given : req.source;
        snapshotFile?.invalid(row.record, source, row.file ?? req.input, row.line);
        const refused = invalidReject(row.file ?? req.input, row.line, checked.field, checked.reason, row.record);
        rejects.push(refused);
        rejectDates?.rejected(row.record, checked.concerns, refused);
        continue;
      }
      snapshotFile?.loaded(checked.record, row.file ?? req.input, row.line);
      const source = String(checked.record.source);
      const record = stampRecord(checked.record, { loadedAt, batchId, batchRow });
      const at: GroupRow = { line: row.line, file: row.file, record, ...(row.spread ? { spread: row.spread } : {}) };
      // Two rows of one batch with the same key and version are either one record listed once
      // per association (combined, associations.ts) or two copies of one version: the later
      // row wins (as batch_row orders them) and the earlier becomes a reject, so canonical
      // data never holds a (key, version) twice.
      const version = versionKey(req.table, record);
      const earlier = versions.get(version);
      if (earlier && earlier.part !== part) {
        // The earlier copy is already written (another Parquet part of a big file): keep it, refuse this one.
        // Its contacts cannot be added to that record any more (associations.ts): said so.
        const same = recordVersionColumns(req.table, record).join(', ');
        const what = hasAssociations(req.table)
          ? `duplicate (or another contact's row) of line ${earlier.line}`
          : `duplicate of line ${earlier.line}`;
        const fix = hasAssociations(req.table)
          ? 'put the rows of one record next to each other, or remove duplicates from the export'
          : 'remove duplicates from the export';
        const duplicate: Reject = {
          file: row.file ?? req.input,
          line: row.line,
          field: null,
          reason: `${what} (same ${same}), which was already written; ${fix}`,
          raw: rawOf(row.record),
        };
        rejects.push(duplicate);
        rejectDates?.rejected(record, [], duplicate);
        continue;
      }
      const collided = earlier ? groups.get(earlier.group) : undefined;
      if (earlier && collided) {
        if (combinable(req.table, collided.rows[0]!.record, record)) {
          join(earlier.group, record, version, at, true);
        } else {
          supersede(earlier.group, version, at);
          storeNew(record, source, version, at);
        }
      } else {
        const recordGroup = hasAssociations(req.table) ? open.get(groupKey(req.table, record)) : undefined;
        const group = recordGroup === undefined ? undefined : groups.get(recordGroup);
        if (recordGroup !== undefined && group && combinable(req.table, group.rows[0]!.record, record)) {
          join(recordGroup, record, version, at, false);
        } else storeNew(record, source, version, at);
      }
      if (pendingCount >= chunkRows) await flush();
    }
    if (pendingCount > 0) await flush();
  }

  const sources = Object.keys(rowsBySource);
  const source = req.source ?? (sources.length === 1 ? sources[0]! : 'mixed');
  const rejectsKey = rejects.length > 0 ? `rejects/${req.table}/source=${source}/dt=${req.dt}/${batchId}.jsonl` : null;

  const given = req.notes?.() ?? {};
  const level = typeof given.campaignLevel === 'string' ? given.campaignLevel : 'campaign';
  const currencyAssumed = typeof given.currencyAssumed === 'string';
  const spendCoverage = coverage && rowsLoaded > 0 ? { spendCoverage: coverage.entries(level, currencyAssumed) } : {};
  const combined = combinedRows > 0 ? { combinedRows } : {};
  const snapshot = snapshotNote ? { snapshot: snapshotNote } : {};
  const rejectedNote = rejectDates?.note();
  const rejectedRows = rejectedNote ? { rejectedRows: rejectedNote } : {};
  const notes = { ...given, rowsBySource, ...spendCoverage, ...combined, ...snapshot, ...rejectedRows };
  const period = req.period?.() ?? null;
  const manifest: LoadManifest = {
    batchId,
    source,
    table: req.table,
    format: req.format,
    dt: req.dt,
    input: req.input,
    rawKey,
    rawBytes,
    sha256: digest,
    loadedAt: loadedAt.toISOString(),
    rowsLoaded,
    rowsRejected: rejects.length,
    canonicalKeys,
    rejectsKey,
    notes,
    ...(period ? { period } : {}),
    ...(req.options ? { options: req.options } : {}),
    ...(req.dayTimezone ? { dayTimezone: req.dayTimezone } : {}),
  };
  try {
    if (rejectsKey) await store.put(rejectsKey, rejects.map((r) => JSON.stringify(r)).join('\n') + '\n');
    // The manifest commits the batch: written last, so a crash before it is re-run cleanly.
    await store.put(mKey, JSON.stringify(manifest, null, 2) + '\n');
  } catch (err) {
    // A failed commit must not leave uncommitted rows for queries to read until the re-run.
    for (const key of canonicalKeys) await store.delete(key).catch(() => undefined);
    if (rejectsKey) await store.delete(rejectsKey).catch(() => undefined);
    await recordRemoval(store, req.table, batchId, canonicalKeys).catch(() => undefined);
    throw err;
  }
  return { manifest, alreadyLoaded: false };
}

/**
 * What the loader checks for each parsed row: the --source fill, checkRecord, the source
 * name. The fast path runs it on the rows SQL refused, for the exact reject.
 */
export function checkRow(
  table: TableName,
  parsed: CanonicalRecord,
  fillSource: string | undefined,
  ctx: CheckContext,
): CheckResult {
  const input = { ...parsed };
  if ((input.source === undefined || input.source === null || input.source === '') && fillSource) {
    input.source = fillSource;
  }
  const checked = checkRecord(table, input, ctx);
  if (!checked.ok) return checked;
  const problem = invalidSource(String(checked.record.source));
  return problem ? { ok: false, field: 'source', reason: problem } : checked;
}

/** Removes parts an interrupted earlier attempt of this batch may have left behind. */
async function clearPartialBatch(store: ObjectStore, table: TableName, batchId: string): Promise<void> {
  const keys = (await store.list(`canonical/${table}/`)).filter((key) =>
    key.slice(key.lastIndexOf('/') + 1).startsWith(`${batchId}-`),
  );
  for (const key of keys) await store.delete(key);
  await recordRemoval(store, table, batchId, keys);
}

function versionKey(table: TableName, record: CanonicalRecord): string {
  return JSON.stringify(recordVersionColumns(table, record).map((c) => record[c] ?? null));
}

/**
 * The record version a row belongs to: its version key, except that the rows of one activity
 * (one per contact) share their record id (associations.ts).
 */
function groupKey(table: TableName, record: CanonicalRecord): string {
  if (table !== 'activities') return versionKey(table, record);
  return JSON.stringify([record.source ?? null, activityRecordId(record), record.updated_at ?? null]);
}

/** An input row stored in the part being filled: where it came from and its record as checked. */
interface GroupRow {
  line: number;
  file?: string;
  record: CanonicalRecord;
  /** A spend row's spread spans (`ParsedRow.spread`), for its coverage. */
  spread?: readonly string[];
}

/** The rows of one record version in the part being filled, and the records they became. */
interface RecordGroup {
  source: string;
  /** Version keys of its records in the part. */
  keys: string[];
  /** Its rows in file order (each as checked, for a superseded reject's raw). */
  rows: GroupRow[];
  /** How many of its rows were counted as combined (undone when the group is superseded). */
  combined: number;
}

/** A checked record with the load columns, as stored (and as a superseded reject shows it). */
export function stampRecord(
  record: CanonicalRecord,
  load: { loadedAt: Date; batchId: string; batchRow: number },
): CanonicalRecord {
  record.ingested_at = load.loadedAt.toISOString();
  record.batch_id = load.batchId;
  record.batch_row = load.batchRow;
  return record;
}

/** The reject of the earlier of two rows with the same version (the later one wins). */
export function supersededReject(
  table: TableName,
  file: string,
  earlier: { line: number; record: CanonicalRecord },
  laterLine: number,
): Reject {
  return {
    file,
    line: earlier.line,
    field: null,
    reason: `superseded by line ${laterLine} (same ${recordVersionColumns(table, earlier.record).join(', ')})`,
    raw: rawOf(earlier.record),
  };
}

/** The reject of a row the validator refused. */
export function invalidReject(
  file: string,
  line: number,
  field: string | null,
  reason: string,
  record: CanonicalRecord,
): Reject {
  return { file, line, field, reason, raw: rawOf(record) };
}

/** Rows with an unusable source name are rejected after validation (the name becomes a key). */
export function invalidSource(source: string): string | null {
  return SOURCE_NAME.test(source) ? null : `invalid source name "${source}" (use lower-case letters, digits, _ or -)`;
}

function rawOf(record: CanonicalRecord): string {
  return JSON.stringify(record);
}

/** Stores a local file under a key (streamed where the store can, read whole otherwise). */
async function putFile(store: ObjectStore, key: string, path: string): Promise<void> {
  if (store.putFile) await store.putFile(key, path);
  else await store.put(key, await readFile(path));
}

/** Rows loaded per source by one load (a `mixed` canonical file names several sources). */
export function rowsBySource(m: LoadManifest): Map<string, number> {
  const perSource = (m.notes?.rowsBySource as Record<string, number> | undefined) ?? { [m.source]: m.rowsLoaded };
  const rows = new Map<string, number>(m.source === 'mixed' ? [] : [[m.source, 0]]);
  for (const [source, n] of Object.entries(perSource)) if (source !== 'mixed') rows.set(source, n);
  return rows;
}

/** Every committed load manifest, oldest first. */
export async function listManifests(store: ObjectStore): Promise<LoadManifest[]> {
  const keys = await store.list('manifests/loads/');
  const manifests: LoadManifest[] = [];
  for (const key of keys) {
    const body = await store.get(key);
    if (body) manifests.push(JSON.parse(Buffer.from(body).toString('utf8')) as LoadManifest);
  }
  return manifests.sort((a, b) => a.loadedAt.localeCompare(b.loadedAt) || a.batchId.localeCompare(b.batchId));
}
