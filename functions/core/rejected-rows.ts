/**
 * Rejected rows of leads, deals and activities, and the weeks they could concern
 * (docs/methodology.md, "Rejected rows"). A row the loader rejects (a date it cannot read, a
 * currency without an FX rate, an id a spreadsheet damaged) is missing from every figure: a won
 * deal rejected read as "won revenue 0", a rejected call made its lead overdue. Spend has its
 * own measure of the days a load covers (`spendCoverage`); these three tables record at load,
 * in the manifest note `rejectedRows`, the dates of each rejected row that was parsed far enough
 * to have them and how many had none, and the span of the load's loaded rows. The report then
 * names, per source and table, the rejects that could concern the week (`<table>Rejected`
 * assumptions) and, when such a row can change the week's deal or follow-up figures, holds
 * that family as not measured. A reject whose record a later load carries (any file, path or
 * pull) is superseded (`supersedeRejects`); one without its key, by a clean load of its file.
 */
import type { CanonicalRecord, LoadManifest } from './records.js';
import type { FamilyCoverage } from './report-types.js';
import { shiftWeek, type ReportWeek } from './weeks.js';
import { LOOKBACK_WEEKS } from './weeks.js';

/** The record tables whose rejected rows are dated here (spend: `spendCoverage`). */
export type DatedRejectTable = 'leads' | 'deals' | 'activities';

/** The dates that place a row of each table in a week: when it could count in one. */
const DATE_COLUMNS: Record<DatedRejectTable, readonly string[]> = {
  leads: ['created_at', 'mql_at'],
  deals: ['created_at', 'closed_at'],
  activities: ['occurred_at'],
};

/** Distinct reject instants kept in a manifest; beyond them a reject counts as undated. */
const MAX_DATED = 1000;

/** Rejects noted with their record key in a manifest; beyond them a reject is noted without. */
const MAX_KEYED = 1000;

/** The id column of each dated table (its record key is the source and that id, schema.ts). */
const ID_COLUMN: Record<DatedRejectTable, string> = { leads: 'lead_id', deals: 'deal_id', activities: 'activity_id' };

/**
 * The manifest note `rejectedRows`: `at`, the distinct instants (ISO UTC) of the rejected rows
 * that had readable dates; `undated`, the rejected rows with none; `loadedFrom`/`loadedTo`, the
 * earliest and latest such instant of the rows loaded (null when none). Rows superseded by a
 * later copy of the same version are not counted: their data loaded. `keyed` (since 1.12): the
 * rejected rows whose record was read far enough to have its key, each with its instants, left
 * out of `at` and `undated`: a later load of that record supersedes them (`supersedeRejects`).
 */
export interface RejectedRowsNote {
  at: string[];
  undated: number;
  loadedFrom: string | null;
  loadedTo: string | null;
  keyed?: KeyedReject[];
}

/**
 * A rejected row with its record key: `source` and `id` (lead_id, deal_id or activity_id),
 * `updatedAt` (ISO UTC, null when the row had none: what orders it among the record's versions,
 * with its load's `dt` and `loadedAt`), and `at`, the instants (ISO UTC) it could count at
 * (empty: undated).
 */
export interface KeyedReject {
  source: string;
  id: string;
  updatedAt: string | null;
  at: string[];
}

/** Whether `table` is one whose rejects are dated (leads, deals, activities). */
export function isDatedRejectTable(table: string): table is DatedRejectTable {
  return table in DATE_COLUMNS;
}

/** The valid instants (ms) of `record`'s date columns of `table`. */
function instantsOf(table: DatedRejectTable, record: CanonicalRecord | undefined): number[] {
  if (!record) return [];
  return DATE_COLUMNS[table]
    .map((column) => record[column])
    .map((v) => (v instanceof Date ? v.getTime() : typeof v === 'string' && v !== '' ? Date.parse(v) : NaN))
    .filter((ms) => Number.isFinite(ms));
}

/**
 * Collects, while a batch loads, the `rejectedRows` note: `loaded` for each row loaded,
 * `rejected` for each row rejected (with its parsed record when it has one).
 */
export class RejectedRowDates {
  private readonly at = new Set<number>();
  private readonly keyed: KeyedReject[] = [];
  private keyedInstants = 0;
  private undated = 0;
  private from = Infinity;
  private to = -Infinity;

  /** `fillSource`: the source a row without one loads under (`--source`), as the loader fills it. */
  constructor(
    private readonly table: DatedRejectTable,
    private readonly fillSource?: string,
  ) {}

  loaded(record: CanonicalRecord): void {
    for (const ms of instantsOf(this.table, record)) {
      if (ms < this.from) this.from = ms;
      if (ms > this.to) this.to = ms;
    }
  }

  /** `concerns`: further instants (epoch ms) the row could count at (CheckResult's). */
  rejected(record?: CanonicalRecord, concerns: readonly number[] = []): void {
    const instants = [...instantsOf(this.table, record), ...concerns];
    const source =
      record?.source === undefined || record.source === null || record.source === '' ? this.fillSource : record.source;
    const id = record?.[ID_COLUMN[this.table]];
    const fits = this.keyedInstants + instants.length <= MAX_DATED && this.keyed.length < MAX_KEYED;
    if (typeof source === 'string' && source !== '' && typeof id === 'string' && id !== '' && fits) {
      const updated = record?.updated_at;
      const updatedMs = typeof updated === 'string' && updated !== '' ? Date.parse(updated) : NaN;
      const at = [...new Set(instants)].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString());
      this.keyed.push({
        source,
        id,
        updatedAt: Number.isFinite(updatedMs) ? new Date(updatedMs).toISOString() : null,
        at,
      });
      this.keyedInstants += at.length;
      return;
    }
    if (instants.length === 0 || this.at.size + instants.length > MAX_DATED) this.undated++;
    else for (const ms of instants) this.at.add(ms);
  }

  /** The note, or null when no row was rejected. */
  note(): RejectedRowsNote | null {
    if (this.at.size === 0 && this.undated === 0 && this.keyed.length === 0) return null;
    const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
    return {
      at: [...this.at].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString()),
      undated: this.undated,
      loadedFrom: iso(this.from),
      loadedTo: iso(this.to),
      ...(this.keyed.length > 0 ? { keyed: this.keyed } : {}),
    };
  }
}

/**
 * Rejected rows of one source and table that could concern a week. `known`: the load said
 * where its rejects lie (a `rejectedRows` note, loads since 1.10) and they are dated in the
 * week's span or have no readable date while the load's rows reach it; false for a load from
 * before, whose rejects could be anywhere (marked incomplete only).
 */
export interface RejectedRows {
  table: DatedRejectTable | 'spend';
  source: string;
  rows: number;
  known: boolean;
}

/** Whether a later load of the same input and table loaded rows and rejected none: the file fixed. */
export function fixedLater(m: LoadManifest, manifests: readonly LoadManifest[]): boolean {
  return manifests.some(
    (later) =>
      later.table === m.table &&
      later.input === m.input &&
      later.loadedAt > m.loadedAt &&
      later.rowsLoaded > 0 &&
      later.rowsRejected === 0,
  );
}

/**
 * Rejected spend rows that could be of `week`, per source: rejects of spend loads that loaded
 * other rows and whose loaded days (`spendCoverage`) reach the week (a load without coverage
 * always counts), unless a later load of the same input loaded without rejects. A load that
 * loaded nothing is named by the report's `rejectedImports` instead. The week's spend figures
 * leave their cost out (the `spendRejected` assumption) and are not compared with another week's.
 */
export function rejectedSpendOf(
  manifests: readonly LoadManifest[],
  week?: { startDate: string; endDate: string },
): { source: string; rows: number }[] {
  const bySource = new Map<string, number>();
  for (const m of manifests) {
    if (m.table !== 'spend' || m.rowsLoaded === 0 || m.rowsRejected === 0 || !reachesWeek(m, week)) continue;
    if (!fixedLater(m, manifests)) bySource.set(m.source, (bySource.get(m.source) ?? 0) + m.rowsRejected);
  }
  return [...bySource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([source, rows]) => ({ source, rows }));
}

/** Whether a spend load's days (its `spendCoverage`) reach the week; true when unknown. */
export function reachesWeek(m: LoadManifest, week?: { startDate: string; endDate: string }): boolean {
  const entries = m.notes?.spendCoverage as { start?: string; end?: string }[] | undefined;
  if (!week || !Array.isArray(entries) || entries.length === 0) return true;
  return entries.some((e) => !e.start || !e.end || (e.start < week.endDate && e.end >= week.startDate));
}

/**
 * The span of `week` a table's rows must lie in to change its figures: the week itself for
 * leads and deals; for activities the 4-week window ending with it (the overdue list and the
 * follow-ups of the window's leads read them).
 */
function spanOf(table: DatedRejectTable, week: ReportWeek): { start: number; end: number } {
  const start = table === 'activities' ? shiftWeek(week, -LOOKBACK_WEEKS).start : week.start;
  return { start: start.getTime(), end: week.end.getTime() };
}

/**
 * The rejected rows of leads, deals and activities loads that could concern `week` (see
 * RejectedRows), one entry per table, source and `known`, unless a later load of the same
 * input loaded without rejects. A load without a `rejectedRows` note that loaded rows counts
 * all its rejects (not `known`); one that loaded nothing is named by the report's
 * `rejectedImports` unless its rejects are dated in the week.
 */
export function rejectedRowsOf(manifests: readonly LoadManifest[], week: ReportWeek): RejectedRows[] {
  const byKey = new Map<string, RejectedRows>();
  const add = (r: RejectedRows) => {
    const key = JSON.stringify([r.table, r.source, r.known]);
    const seen = byKey.get(key);
    if (seen) seen.rows += r.rows;
    else byKey.set(key, { ...r });
  };
  for (const m of manifests) {
    if (!isDatedRejectTable(m.table) || m.rowsRejected === 0 || fixedLater(m, manifests)) continue;
    const note = m.notes?.rejectedRows as RejectedRowsNote | undefined;
    if (!note) {
      if (m.rowsLoaded > 0) add({ table: m.table, source: m.source, rows: m.rowsRejected, known: false });
      continue;
    }
    const { start, end } = spanOf(m.table, week);
    const within = (iso: string) => Date.parse(iso) >= start && Date.parse(iso) < end;
    const dated = note.at.filter(within).length;
    // Undated rejects count where the load's rows reach (as spend's do); a load whose loaded
    // rows' dates were not collected (the canonical CSV fast path) reaches every week.
    const reaches =
      note.loadedFrom === null || note.loadedTo === null
        ? m.rowsLoaded > 0
        : Date.parse(note.loadedFrom) < end && Date.parse(note.loadedTo) >= start;
    // A keyed reject counts once when one of its instants is in the span (undated: as above).
    const keyed = (note.keyed ?? []).filter((k) => (k.at.length === 0 ? reaches : k.at.some(within))).length;
    const rows = Math.min(m.rowsRejected, dated + (reaches ? note.undated : 0) + keyed);
    if (rows > 0) add({ table: m.table, source: m.source, rows, known: true });
  }
  return [...byKey.values()].sort((a, b) => a.table.localeCompare(b.table) || a.source.localeCompare(b.source));
}

/**
 * A family's coverage with the rejected rows of its table that can change the week's figures
 * (`known` ones): not measured, naming them; as given when there are none or it is already not
 * measured (its reason comes first).
 */
export function withRejectedRows(
  family: FamilyCoverage,
  table: DatedRejectTable,
  rejected: readonly RejectedRows[],
): FamilyCoverage {
  const own = rejected.filter((r) => r.table === table && r.known);
  if (!family.measured || own.length === 0) return family;
  const rows = own.reduce((n, r) => n + r.rows, 0);
  const sources = own.map((r) => r.source);
  const what = table === 'deals' ? 'deal' : 'activity';
  return {
    measured: false,
    reason:
      `${rows} ${what} row${rows === 1 ? ' was' : 's were'} rejected at import from ${sources.join(', ')} ` +
      `and could be of this week (dated in it, or with no date that could be read): fix ${rows === 1 ? 'it' : 'them'} (see the rejects) and import the file again`,
    lastDataAt: null,
    rowsRejected: own.map((r) => ({ source: r.source, rows: r.rows })),
  };
}

/**
 * The latest loaded version of a record, as the staging models rank them (sql/staging, "latest
 * version"): `versionMs`, its `updated_at` or, without one, the end of its export day (epoch
 * ms); `dt`, its export day; `ingestedMs`, when it was loaded.
 */
export interface LoadedVersion {
  versionMs: number;
  dt: string;
  ingestedMs: number;
}

/** The key `supersedeRejects` looks loaded versions up by: table, source and id. */
export function recordKeyOf(table: DatedRejectTable, source: string, id: string): string {
  return JSON.stringify([table, source, id]);
}

/** The record keys of the keyed rejects of `manifests`, per table: what `supersedeRejects` needs versions of. */
export function rejectedKeysOf(
  manifests: readonly LoadManifest[],
): Map<DatedRejectTable, { source: string; id: string }[]> {
  const byTable = new Map<DatedRejectTable, { source: string; id: string }[]>();
  for (const m of manifests) {
    const keyed = (m.notes?.rejectedRows as RejectedRowsNote | undefined)?.keyed;
    if (!isDatedRejectTable(m.table) || !keyed) continue;
    const list = byTable.get(m.table) ?? [];
    for (const k of keyed) list.push({ source: k.source, id: k.id });
    byTable.set(m.table, list);
  }
  return byTable;
}

/** Whether version `a` ranks above `b` as the staging models order them: later `updated_at` (else export day's end), `dt`, load. */
export function ranksAbove(a: LoadedVersion, b: LoadedVersion): boolean {
  if (a.versionMs !== b.versionMs) return a.versionMs > b.versionMs;
  if (a.dt !== b.dt) return a.dt > b.dt;
  return a.ingestedMs > b.ingestedMs;
}

/**
 * The manifests with every rejected row superseded by a later load of its record left out
 * (docs/methodology.md, "Rejected rows"): a keyed reject (RejectedRowsNote `keyed`) whose record
 * has a loaded version (`latest`, by recordKeyOf) that ranks above the rejected one, by the rule
 * the staging models pick a record's version with (its `updated_at`, else the end of its load's
 * export day; then the export day; then the load time): that version is the one counted, from
 * any file name, path or pull. A loaded version ranking below it (an older export loaded later)
 * supersedes nothing: the record counted is older than the one rejected. Its rows leave
 * `rowsRejected` and its note; the rest of each manifest is unchanged.
 */
export function supersedeRejects(
  manifests: readonly LoadManifest[],
  latest: ReadonlyMap<string, LoadedVersion>,
): LoadManifest[] {
  const DAY = 86_400_000;
  return manifests.map((m) => {
    const note = m.notes?.rejectedRows as RejectedRowsNote | undefined;
    if (!isDatedRejectTable(m.table) || !note?.keyed) return m;
    const table = m.table;
    const loadedMs = Date.parse(m.loadedAt);
    const kept = note.keyed.filter((k) => {
      const loaded = latest.get(recordKeyOf(table, k.source, k.id));
      if (!loaded) return true;
      const rejected: LoadedVersion = {
        versionMs: k.updatedAt !== null ? Date.parse(k.updatedAt) : Date.parse(`${m.dt}T00:00:00Z`) + DAY,
        dt: m.dt,
        ingestedMs: loadedMs,
      };
      return !ranksAbove(loaded, rejected);
    });
    const gone = note.keyed.length - kept.length;
    if (gone === 0) return m;
    return {
      ...m,
      rowsRejected: m.rowsRejected - gone,
      notes: { ...m.notes, rejectedRows: { ...note, keyed: kept } },
    };
  });
}
