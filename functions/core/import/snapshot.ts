/**
 * Full-snapshot imports (`funnel import … --snapshot`, docs/vendor-imports.md "Records deleted
 * or merged in the CRM"): the file holds every current record of its object (leads, deals or
 * activities) for its source, so a record of that source that is current in the loaded data
 * but absent from the file was deleted (or merged away) in the CRM. For each such record the
 * load writes a tombstone: its current version again with `is_deleted = true` and `updated_at`
 * = the snapshot's time, through the loader's own write path (same batch, same checks), so the
 * staging models drop it as they drop a deletion an API connector reports (SPEC §4.1).
 *
 * The snapshot's time (the tombstones' `updated_at`) is the end of the export day `dt`
 * (`--date`, default the import day), the time the version rule already gives a row of that
 * export without a modification time, or the file's newest change if later: the export was
 * taken by then, so the tombstone wins over every version the deleted record had before it.
 * The file's newest change alone would leave a deleted record that was changed after every
 * record still in the CRM (a duplicate edited, then deleted) counted; the import time would let
 * an old export imported late delete the records created since. Two absent records are kept
 * and counted in the summary instead: one changed after the snapshot's time (a later load
 * knows it), and one created (an activity: happened) after the file's newest record, which may
 * have been created after the export was taken.
 *
 * Safety (a silently wrong figure is the worst outcome): a row whose id cannot be read refuses
 * the snapshot (its record might be one "absent"); so does a file naming several sources, and a
 * snapshot that would delete more than MAX_DELETE_FRACTION of the source's current records
 * unless the import allows it (a filtered view exported by mistake must not wipe a CRM).
 * Re-running it writes nothing new: deleted records are not current, so not deleted again.
 */
import type { ObjectStore } from '../ports.js';
import type { ParquetEncoder } from '../parquet.js';
import type { CanonicalRecord, Reject } from '../records.js';
import { TABLES, type TableName } from '../schema.js';
import { activityRecordId } from '../associations.js';

/** The tables a snapshot can be of: the CRM objects. Spend is restated by day (spend-overlap.ts); owners are not deleted. */
export const SNAPSHOT_TABLES: readonly TableName[] = ['leads', 'deals', 'activities'];

/** More than this fraction of a source's current records deleted by one snapshot is refused unless allowed. */
export const MAX_DELETE_FRACTION = 0.5;

/** What the import asks for: `--snapshot`, and `--allow-mass-delete`. */
export interface SnapshotRequest {
  allowMassDelete: boolean;
}

/** What a snapshot did, recorded in the load manifest's notes (`snapshot`) and told by `funnel import`. */
export interface SnapshotNote {
  source: string;
  /** The snapshot's time: the tombstones' `updated_at` (ISO-8601 UTC). */
  at: string;
  /** Records of the source current before the load (latest version not deleted). */
  currentBefore: number;
  /** Records the file lists (rows loaded or rejected with a readable id). */
  inFile: number;
  /** Current records absent from the file, marked deleted by this load. */
  tombstones: number;
  /** Current records absent from the file whose current version is newer than the snapshot: kept. */
  newerKept: number;
  /** Current records absent from the file created after its newest record (perhaps after the export): kept. */
  createdAfterKept: number;
  /** The file's newest time (`updated_at`, else creation), ISO-8601 UTC; null when its rows have none. */
  fileNewest: string | null;
}

/** A snapshot that must not be applied; nothing of the load is committed. */
export class SnapshotRefused extends Error {
  override name = 'SnapshotRefused';
}

/** Refuses `--snapshot` for a table that is not a CRM object. */
export function assertSnapshotTable(table: TableName, input: string): void {
  if (SNAPSHOT_TABLES.includes(table)) return;
  throw new SnapshotRefused(
    `${input}: --snapshot applies to leads, deals and activities, not ${table}` +
      (table === 'spend' ? ' (a spend file restates the days it covers already)' : ''),
  );
}

/** The column that names a record of `table` (an activity: `activity_id`, or its `record_id`). */
export function snapshotIdColumn(table: TableName): string {
  return table === 'leads' ? 'lead_id' : table === 'deals' ? 'deal_id' : 'activity_id';
}

/** The record id a snapshot compares: the lead or deal id, an activity's CRM record id (associations.ts); null when none. */
export function snapshotRecordId(table: TableName, record: CanonicalRecord): string | null {
  const given = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== '';
  if (table === 'activities')
    return given(record.record_id) || given(record.activity_id) ? activityRecordId(record) : null;
  const id = record[snapshotIdColumn(table)];
  return given(id) ? String(id) : null;
}

/**
 * What the file says, gathered by the loader row by row: the ids it lists per source and its
 * newest version time. Throws SnapshotRefused at the first row whose id cannot be read.
 */
export class SnapshotFile {
  private readonly ids = new Map<string, Set<string>>();
  private newest: string | null = null;
  private changed: string | null = null;

  constructor(
    private readonly table: TableName,
    private readonly dt: string,
  ) {}

  /** A row the reader rejected: its record cannot be known, so the snapshot cannot be applied. */
  rejected(reject: Reject): never {
    throw new SnapshotRefused(
      `${reject.file} line ${reject.line}: rejected (${reject.field ? `${reject.field}: ` : ''}${reject.reason}), so whether its record still exists is unknown; ` +
        '--snapshot needs every row read: fix the row, or import the file without --snapshot',
    );
  }

  /** A row the loader's checks refused: its record exists (not deleted) if its id is readable. */
  invalid(record: CanonicalRecord, source: string | undefined, file: string, line: number): void {
    this.list(record, source, file, line);
  }

  /** A row loaded: its record exists, and its version time may be the file's newest. */
  loaded(record: CanonicalRecord, file: string, line: number): void {
    this.list(record, String(record.source), file, line);
    const at = versionInstant(record.updated_at, this.dt);
    if (this.newest === null || at > this.newest) this.newest = at;
    const time = record.updated_at ?? record[BORN_COLUMN[this.table]!];
    if (typeof time === 'string' && time !== '') {
      const instant = versionInstant(time, this.dt);
      if (this.changed === null || instant > this.changed) this.changed = instant;
    }
  }

  /** The file's newest time: of its rows' `updated_at`, else their creation; null when none has one. */
  newestTime(): string | null {
    return this.changed;
  }

  /** The one source the file is a snapshot of; throws when it names none or several. */
  source(fallback: string | undefined): string {
    const sources = [...this.ids.keys()];
    if (sources.length > 1) {
      throw new SnapshotRefused(
        `--snapshot: the file names ${sources.length} sources (${sources.sort().join(', ')}); a snapshot is of one source: split the file per source`,
      );
    }
    const source = sources[0] ?? fallback;
    if (!source) throw new SnapshotRefused('--snapshot: the file has no rows and names no source; give --source');
    return source;
  }

  /** The ids the file lists for `source`. */
  idsOf(source: string): ReadonlySet<string> {
    return this.ids.get(source) ?? new Set();
  }

  /**
   * The snapshot's time, in milliseconds (what a stored `updated_at` holds, rounded up so that
   * it is not before any version time of the file): the end of the export day, or the newest
   * version time of the rows loaded when later.
   */
  at(): string {
    const endOfDay = versionInstant(null, this.dt);
    const newest = this.newest !== null && this.newest > endOfDay ? this.newest : endOfDay;
    const ms = Date.parse(`${newest.slice(0, 23)}Z`) + (/\.\d{3}0{3}Z$/.test(newest) ? 0 : 1);
    return new Date(ms).toISOString();
  }

  private list(record: CanonicalRecord, source: string | undefined, file: string, line: number): void {
    const id = snapshotRecordId(this.table, record);
    const missing = id === null ? snapshotIdColumn(this.table) : !source ? 'source' : null;
    if (missing !== null || id === null || !source) {
      throw new SnapshotRefused(
        `${file} line ${line}: no ${missing}; --snapshot needs every row to say which record it is (else its record would read as deleted): fix the row, or import the file without --snapshot`,
      );
    }
    let set = this.ids.get(source);
    if (!set) this.ids.set(source, (set = new Set()));
    set.add(id);
  }
}

/**
 * An instant in the one sortable form used here (`YYYY-MM-DDTHH:MM:SS.ffffffZ`): the version
 * time of the staging models, `updated_at`, else the day after the export day `dt`.
 */
function versionInstant(updatedAt: unknown, dt: string): string {
  if (typeof updatedAt === 'string' && updatedAt !== '') {
    const [whole = '', fraction = ''] = updatedAt.replace(/Z$/, '').split('.');
    return `${whole.slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}Z`;
  }
  const next = new Date(Date.parse(`${dt}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 19);
  return `${next}.000000Z`;
}

/**
 * A version's place in the staging models' order (stg_deals.sql, stg_leads__latest.sql,
 * stg_activities__latest.sql): version time, export day, load time, batch, row; later wins.
 */
interface VersionOrder {
  at: string;
  dt: string;
  ingestedAt: string;
  batchId: string;
  batchRow: number;
}

/** Compares two versions without the row (activities: the rows of one version share it). */
function compareVersion(a: VersionOrder, b: VersionOrder): number {
  return cmp(a.at, b.at) || cmp(a.dt, b.dt) || cmp(a.ingestedAt, b.ingestedAt) || cmp(a.batchId, b.batchId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a stored row is: its part and its position in it. */
interface StoredRow {
  key: string;
  index: number;
  batchRow: number;
  activityId: string | null;
  deleted: boolean;
}

/** A record's newest version: its order and its rows (one, or one per contact for an activity). */
interface LatestVersion {
  order: VersionOrder;
  rows: StoredRow[];
  /** Its creation (an activity: occurrence) in the sortable form; null when not given. */
  born: string | null;
}

const ORDER_COLUMNS = ['updated_at', 'ingested_at', 'batch_id', 'batch_row', 'is_deleted'];
/** When a record came to be: a lead's or deal's creation, an activity's occurrence. */
const BORN_COLUMN: Record<string, string> = { leads: 'created_at', deals: 'created_at', activities: 'occurred_at' };
const ID_COLUMNS: Record<string, string[]> = {
  leads: ['lead_id'],
  deals: ['deal_id'],
  activities: ['activity_id', 'record_id'],
};

/**
 * The newest version of every record of `source` in the committed canonical parts of `table`
 * (the batch being loaded left out), by record id, as the staging models rank versions.
 */
async function latestVersions(
  store: ObjectStore,
  decode: NonNullable<ParquetEncoder['decode']>,
  table: TableName,
  source: string,
  batchId: string,
): Promise<Map<string, LatestVersion>> {
  const latest = new Map<string, LatestVersion>();
  const prefix = `canonical/${table}/source=${source}/`;
  const columns = [...ID_COLUMNS[table]!, ...ORDER_COLUMNS, BORN_COLUMN[table]!];
  for (const key of await store.list(prefix)) {
    if (!key.endsWith('.parquet') || key.slice(key.lastIndexOf('/') + 1).startsWith(`${batchId}-`)) continue;
    const dt = /\/dt=([^/]+)\//.exec(key)?.[1] ?? '';
    const body = await store.get(key);
    if (!body) continue;
    const rows = await decode(table, body, columns);
    rows.forEach((row, index) => {
      const id = snapshotRecordId(table, row);
      if (id === null) return;
      const order: VersionOrder = {
        at: versionInstant(row.updated_at, dt),
        dt,
        ingestedAt: versionInstant(row.ingested_at, dt),
        batchId: String(row.batch_id),
        batchRow: Number(row.batch_row),
      };
      const stored: StoredRow = {
        key,
        index,
        batchRow: order.batchRow,
        activityId: table === 'activities' ? String(row.activity_id) : null,
        deleted: row.is_deleted === true,
      };
      const born = row[BORN_COLUMN[table]!];
      const seen = latest.get(id);
      const versus = seen ? compareVersion(order, seen.order) : 1;
      if (!seen || versus > 0)
        latest.set(id, { order, rows: [stored], born: typeof born === 'string' ? versionInstant(born, dt) : null });
      else if (versus === 0) {
        if (table === 'activities') seen.rows.push(stored);
        else if (order.batchRow > seen.order.batchRow) latest.set(id, { ...seen, order, rows: [stored] });
      }
    });
  }
  return latest;
}

/** The rows of a version that are its current rows: per activity id the last copy (stg_activities__latest's copy_rank). */
function currentRows(version: LatestVersion): StoredRow[] {
  const byActivity = new Map<string, StoredRow>();
  for (const row of version.rows) {
    const id = row.activityId ?? '';
    const seen = byActivity.get(id);
    if (!seen || row.batchRow > seen.batchRow) byActivity.set(id, row);
  }
  return [...byActivity.values()];
}

/** What `snapshotTombstones` needs of the load. */
export interface SnapshotLoad {
  table: TableName;
  input: string;
  batchId: string;
  dt: string;
  loadedAt: Date;
  /** The source when the file names none (`--source`, a vendor's default). */
  source: string | undefined;
  file: SnapshotFile;
  request: SnapshotRequest;
}

/**
 * The tombstones of a snapshot load: for each record current in the loaded data and absent
 * from the file, its current version (each contact's row of an activity) with `is_deleted`
 * true and `updated_at` the snapshot's time, unchecked and unstamped (the loader checks and
 * stamps them as any row). Throws SnapshotRefused for a mass deletion not allowed, or when the
 * encoder cannot read Parquet back.
 */
export async function snapshotTombstones(
  deps: { store: ObjectStore; encoder: ParquetEncoder },
  load: SnapshotLoad,
): Promise<{ records: CanonicalRecord[]; note: SnapshotNote }> {
  const decode = deps.encoder.decode?.bind(deps.encoder);
  if (!decode) throw new SnapshotRefused(`${load.input}: --snapshot needs a Parquet reader, which this encoder lacks`);
  const source = load.file.source(load.source);
  const at = load.file.at();
  const inFile = load.file.idsOf(source);
  const latest = await latestVersions(deps.store, decode, load.table, source, load.batchId);
  // The tombstones' own place in the order: they win over every version that sorts before it.
  const tombstone: VersionOrder = {
    at: versionInstant(at, load.dt),
    dt: load.dt,
    ingestedAt: versionInstant(load.loadedAt.toISOString(), load.dt),
    batchId: load.batchId,
    batchRow: Number.MAX_SAFE_INTEGER,
  };
  const fileNewest = load.file.newestTime();
  let currentBefore = 0;
  let newerKept = 0;
  let createdAfterKept = 0;
  let records = 0;
  const targets: StoredRow[] = [];
  for (const [id, version] of latest) {
    const rows = currentRows(version);
    if (rows.every((r) => r.deleted)) continue;
    currentBefore++;
    if (inFile.has(id)) continue;
    if (compareVersion(tombstone, version.order) <= 0) newerKept++;
    else if (fileNewest !== null && version.born !== null && version.born > fileNewest) createdAfterKept++;
    else {
      records++;
      targets.push(...rows);
    }
  }
  if (!load.request.allowMassDelete && records > 0 && records > currentBefore * MAX_DELETE_FRACTION) {
    throw new SnapshotRefused(
      `${load.input}: --snapshot would mark ${records} of the ${currentBefore} current ${load.table} of ${source} deleted ` +
        `(more than ${Math.round(MAX_DELETE_FRACTION * 100)} %): is it a filtered view or a partial export? ` +
        'Export every record of the object, or pass --allow-mass-delete if they were really deleted; nothing was loaded',
    );
  }
  const tombstones = await readTombstones(deps.store, decode, load.table, targets, { source, at });
  return {
    records: tombstones,
    note: {
      source,
      at,
      currentBefore,
      inFile: inFile.size,
      tombstones: records,
      newerKept,
      createdAfterKept,
      fileNewest: fileNewest === null ? null : `${fileNewest.slice(0, 23)}Z`,
    },
  };
}

/** The stored rows read back in full, each as its tombstone (part by part, so memory stays one part). */
async function readTombstones(
  store: ObjectStore,
  decode: NonNullable<ParquetEncoder['decode']>,
  table: TableName,
  targets: StoredRow[],
  as: { source: string; at: string },
): Promise<CanonicalRecord[]> {
  const byPart = new Map<string, number[]>();
  for (const t of targets) byPart.set(t.key, [...(byPart.get(t.key) ?? []), t.index]);
  const out: CanonicalRecord[] = [];
  for (const [key, indexes] of [...byPart.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const body = await store.get(key);
    if (!body)
      throw new SnapshotRefused(`--snapshot: the part ${key} disappeared while it was read; run the import again`);
    const rows = await decode(table, body);
    // The record's own columns (the load columns are stamped again, the derived ones derived again).
    const columns = TABLES[table].columns.filter((c) => !c.derived).map((c) => c.name);
    for (const index of indexes.sort((a, b) => a - b)) {
      const row = rows[index]!;
      const record: CanonicalRecord = Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
      out.push({ ...record, source: as.source, is_deleted: true, updated_at: as.at });
    }
  }
  return out;
}
