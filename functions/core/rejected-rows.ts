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
import { vendorName } from './vendors.js';
import { shiftWeek, type ReportWeek } from './weeks.js';
import { LOOKBACK_WEEKS } from './weeks.js';

/**
 * The record tables whose rejected rows are dated here. Spend (since 1.14): a row's reporting
 * day (`date`, a local `YYYY-MM-DD` kept as its UTC midnight); a row rejected with its day
 * unread keeps the spend rule of its load's loaded days (`spendCoverage`, partial only).
 */
export type DatedRejectTable = 'leads' | 'deals' | 'activities' | 'spend';

/** The dates that place a row of each table in a week: when it could count in one. */
const DATE_COLUMNS: Record<DatedRejectTable, readonly string[]> = {
  leads: ['created_at', 'mql_at'],
  deals: ['created_at', 'closed_at'],
  activities: ['occurred_at'],
  spend: ['date'],
};

/** Distinct reject instants kept in a manifest; beyond them a reject counts as undated. */
const MAX_DATED = 1000;

/** Rejects noted with their record key in a manifest; beyond them a reject is noted without. */
const MAX_KEYED = 1000;

/** The id column of each dated table but spend (its record key is the source and that id, schema.ts). */
const ID_COLUMN: Record<Exclude<DatedRejectTable, 'spend'>, string> = {
  leads: 'lead_id',
  deals: 'deal_id',
  activities: 'activity_id',
};

/** A spend day as written in the canonical table. */
const SPEND_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The id a spend record is keyed by among its source's (schema.ts spend key, as sql/staging
 * ranks its versions): platform, ad account (without one, the currency: another currency is
 * another account), campaign and day, as JSON. `date` null for a row covering several days: a
 * key no loaded version has, so only a clean load of its file supersedes it. Undefined when
 * the platform or campaign is not known.
 */
export function spendIdOf(record: CanonicalRecord): string | undefined {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const platform = text(record.platform);
  const campaign = text(record.campaign_id);
  if (platform === null || campaign === null) return undefined;
  const account = text(record.account_id);
  const day = record.date instanceof Date ? record.date.toISOString().slice(0, 10) : text(record.date);
  return JSON.stringify([
    platform,
    account,
    account === null ? text(record.currency) : null,
    campaign,
    day !== null && SPEND_DAY.test(day) ? day : null,
  ]);
}

/** The id of `record` in `table` (spendIdOf for spend); undefined when it does not read. */
function idOf(table: DatedRejectTable, record: CanonicalRecord | undefined): string | undefined {
  if (!record) return undefined;
  if (table === 'spend') return spendIdOf(record);
  const id = record[ID_COLUMN[table]];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

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
 * What a spend reject says (keyed spend rejects, since 1.14): the file (or pulled entity) and
 * line it was read from, and its reason as the rejects zone holds it, so the
 * report can name them where their spend is not measured.
 */
export interface RejectCause {
  file: string;
  line: number;
  reason: string;
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
  /** Spend only: where it was read and why it was rejected. */
  cause?: RejectCause;
  /**
   * Spend only (since 1.15): the days (`YYYY-MM-DD`, inclusive) of a row covering more than
   * SPAN_AFTER_DAYS days, kept as one span instead of in `at` (then empty): a Meta "Maximum"
   * row refused for its 37-month range covers 1127 days.
   */
  span?: { from: string; to: string };
}

/** A spend reject covering more days than this keeps them as a span (KeyedReject `span`). */
const SPAN_AFTER_DAYS = 31;

/** Whether `table` is one whose rejects are dated (leads, deals, activities). */
export function isDatedRejectTable(table: string): table is DatedRejectTable {
  return table in DATE_COLUMNS;
}

/**
 * The valid instants (ms) of `record`'s date columns of `table`. A spend day only when written
 * `YYYY-MM-DD` (its UTC midnight): a day a check refused (`field` `date`) places it nowhere.
 */
function instantsOf(table: DatedRejectTable, record: CanonicalRecord | undefined, field?: string | null): number[] {
  if (!record) return [];
  if (table === 'spend' && field === 'date') return [];
  return DATE_COLUMNS[table]
    .map((column) => record[column])
    .filter((v) => table !== 'spend' || v instanceof Date || (typeof v === 'string' && SPEND_DAY.test(v)))
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

  /**
   * `concerns`: further instants (epoch ms) the row could count at (CheckResult's; for spend
   * the UTC midnights of the days a row covering several days reaches). `cause`: where the row
   * was read and why it was rejected (kept for spend; `field` `date` leaves a spend row undated).
   */
  rejected(
    record?: CanonicalRecord,
    concerns: readonly number[] = [],
    cause?: RejectCause & { field?: string | null },
  ): void {
    const instants = [...instantsOf(this.table, record, cause?.field), ...concerns];
    // A long spend row keeps its days as one span (its days are consecutive: kit.ts `spendReject`).
    let span: { from: string; to: string } | undefined;
    if (this.table === 'spend' && instants.length > SPAN_AFTER_DAYS) {
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      span = { from: day(Math.min(...instants)), to: day(Math.max(...instants)) };
    }
    const source =
      record?.source === undefined || record.source === null || record.source === '' ? this.fillSource : record.source;
    const id = idOf(this.table, record);
    const kept = span ? [] : instants;
    const fits = this.keyedInstants + kept.length <= MAX_DATED && this.keyed.length < MAX_KEYED;
    // A spend row without a day read is not keyed: it keeps the rule of its load's days.
    const dated = this.table !== 'spend' || instants.length > 0;
    if (typeof source === 'string' && source !== '' && id !== undefined && fits && dated) {
      const updated = record?.updated_at;
      const updatedMs = typeof updated === 'string' && updated !== '' ? Date.parse(updated) : NaN;
      const at = [...new Set(kept)].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString());
      this.keyed.push({
        source,
        id,
        updatedAt: Number.isFinite(updatedMs) ? new Date(updatedMs).toISOString() : null,
        at,
        ...(this.table === 'spend' && cause
          ? { cause: { file: cause.file, line: cause.line, reason: cause.reason } }
          : {}),
        ...(span ? { span } : {}),
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
 * before, whose rejects could be anywhere (marked incomplete only). Spend (since 1.14): `known`
 * only for rows whose day was read and lies in the week (`causes` say which); a spend row
 * without a day read, or of a load from before, is not `known` (it marks the week partial).
 */
export interface RejectedRows {
  table: DatedRejectTable;
  source: string;
  rows: number;
  known: boolean;
  /** Spend, `known` only: the rows per file, platform and reason, with their days in the week. */
  causes?: SpendRejectCause[];
}

/**
 * Spend rows rejected at import with their days read, grouped by file, platform and reason:
 * `rows` of them, their first and last day in the week (`YYYY-MM-DD`, inclusive); `platform`
 * (`google_ads`, …) and `reason` null when the load kept no key for them (beyond the first
 * 1000, or a row whose campaign did not read).
 */
export interface SpendRejectCause {
  file: string;
  /** The first such row's line in its file (since 1.15); absent when the load kept no key for them. */
  line?: number;
  platform: string | null;
  reason: string | null;
  rows: number;
  from: string;
  to: string;
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
 * Rejected spend rows that could be of `week`, per source (all weeks without one): the
 * `spendRejected` assumption of the data health. rejectedRowsOf's spend entries, `known` or
 * not: rows dated in the week (which hold its spend not measured, withRejectedRows) and rows
 * without a day read (or from a load noted before 1.14) of loads that loaded other rows and
 * whose loaded days (`spendCoverage`) reach it. A load that loaded nothing is named by the
 * report's `rejectedImports` instead, unless its rows are dated in the week.
 */
export function rejectedSpendOf(
  manifests: readonly LoadManifest[],
  week?: { startDate: string; endDate: string },
): { source: string; rows: number }[] {
  const bySource = new Map<string, number>();
  for (const r of rejectedRowsOf(manifests, week ?? { startDate: '0000-01-01', endDate: '9999-12-31' })) {
    if (r.table === 'spend') bySource.set(r.source, (bySource.get(r.source) ?? 0) + r.rows);
  }
  return [...bySource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([source, rows]) => ({ source, rows }));
}

/** Whether a spend load's days (its `spendCoverage`) reach the week; true when unknown. */
export function reachesWeek(m: LoadManifest, week?: { startDate: string; endDate: string }): boolean {
  const entries = m.notes?.spendCoverage as { start?: string; end?: string }[] | undefined;
  if (!week || !Array.isArray(entries) || entries.length === 0) return true;
  return entries.some((e) => !e.start || !e.end || (e.start < week.endDate && e.end >= week.startDate));
}

/** A report week, or for spend alone its days (`startDate` inclusive, `endDate` exclusive). */
type WeekSpan = ReportWeek | { startDate: string; endDate: string; start?: undefined; end?: undefined };

/**
 * The span of `week` a table's rows must lie in to change its figures (epoch ms, end
 * exclusive): the week itself for leads and deals; for activities the 4-week window ending
 * with it (the overdue list and the follow-ups of the window's leads read them). Unbounded
 * for a week given by its days alone.
 */
function spanOf(table: DatedRejectTable, week: WeekSpan): { start: number; end: number } {
  if (!week.start) return { start: -Infinity, end: Infinity };
  const start = table === 'activities' ? shiftWeek(week, -LOOKBACK_WEEKS).start : week.start;
  return { start: start.getTime(), end: week.end.getTime() };
}

/**
 * Whether a noted instant (ISO UTC) lies in the span `week` gives `table` (spanOf); a spend
 * day (its UTC midnight) by its day against the week's days.
 */
function withinOf(table: DatedRejectTable, week: WeekSpan): (iso: string) => boolean {
  if (table === 'spend') return (iso) => iso.slice(0, 10) >= week.startDate && iso.slice(0, 10) < week.endDate;
  const { start, end } = spanOf(table, week);
  return (iso) => Date.parse(iso) >= start && Date.parse(iso) < end;
}

/**
 * The rejected rows of loads that could concern `week` (see RejectedRows), one entry per
 * table, source and `known`, unless a later load of the same input loaded without rejects.
 * A load without a `rejectedRows` note that loaded rows counts all its rejects (not `known`);
 * one that loaded nothing is named by the report's `rejectedImports` unless its rejects are
 * dated in the week. Spend (week's days enough): rows dated in the week are `known`, with
 * their causes; rows without a day read count, not `known`, where the load's loaded days reach
 * the week (reachesWeek) and it loaded rows.
 */
export function rejectedRowsOf(manifests: readonly LoadManifest[], week: WeekSpan): RejectedRows[] {
  const byKey = new Map<string, RejectedRows>();
  const add = (r: RejectedRows) => {
    const key = JSON.stringify([r.table, r.source, r.known]);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...r, ...(r.causes ? { causes: [...r.causes] } : {}) });
    else {
      seen.rows += r.rows;
      if (r.causes) seen.causes = mergeCauses([...(seen.causes ?? []), ...r.causes]);
    }
  };
  for (const m of manifests) {
    if (!isDatedRejectTable(m.table) || m.rowsRejected === 0 || fixedLater(m, manifests)) continue;
    const note = m.notes?.rejectedRows as RejectedRowsNote | undefined;
    if (m.table === 'spend') {
      spendRejectsOf(m, note, week, manifests).forEach(add);
      continue;
    }
    if (!note) {
      if (m.rowsLoaded > 0) add({ table: m.table, source: m.source, rows: m.rowsRejected, known: false });
      continue;
    }
    const within = withinOf(m.table, week);
    const { start, end } = spanOf(m.table, week);
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
  return [...byKey.values()].sort(
    (a, b) => a.table.localeCompare(b.table) || a.source.localeCompare(b.source) || Number(b.known) - Number(a.known),
  );
}

/** The days (`YYYY-MM-DD`) of a keyed reject's `span` within `week`'s days; empty without one. */
function spanDaysIn(span: KeyedReject['span'], week: WeekSpan): string[] {
  if (!span) return [];
  const DAY = 86_400_000;
  const from = span.from > week.startDate ? span.from : week.startDate;
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ; ms += DAY) {
    const day = new Date(ms).toISOString().slice(0, 10);
    if (day > span.to || day >= week.endDate) break;
    out.push(day);
  }
  return out;
}

/**
 * Whether a later spend load (loaded after `m`, rows loaded) restated day `day` of the ad
 * account of keyed reject `k`: one of its `spendCoverage` entries has the reject's source,
 * platform and account (without one, its currency) and its first and last day around `day`
 * (every day between was given, by day or spread: spend-overlap.ts `CoverageEntry`). Since
 * 1.15, for rejects covering several days (no campaign-day of their own to be superseded by).
 */
function restatedLater(m: LoadManifest, manifests: readonly LoadManifest[]): (k: KeyedReject, day: string) => boolean {
  const later = manifests.filter((o) => o.table === 'spend' && o.loadedAt > m.loadedAt && o.rowsLoaded > 0);
  if (later.length === 0) return () => false;
  return (k, day) => {
    const [platform, account, currency] = JSON.parse(k.id) as (string | null)[];
    return later.some((o) =>
      ((o.notes?.spendCoverage as CoverageSpan[] | undefined) ?? []).some(
        (e) =>
          (e.source ?? o.source) === k.source &&
          e.platform === platform &&
          (e.accountId ?? null) === account &&
          (account !== null || e.currency === currency) &&
          typeof e.start === 'string' &&
          typeof e.end === 'string' &&
          e.start <= day &&
          day <= e.end,
      ),
    );
  };
}

/** The parts of a spend load's coverage entry (spend-overlap.ts `CoverageEntry`) read here. */
interface CoverageSpan {
  source?: string;
  platform?: string;
  accountId?: string | null;
  currency?: string;
  start?: string;
  end?: string;
}

/**
 * A spend load's rejects that could concern `week`: those with a day read in it (`known`,
 * with their causes; a row covering several days, by its days or `span`, less the days a
 * later load of its account restated: restatedLater), and those without one read (or all, for
 * a load noted before 1.14) when the load loaded rows whose days (`spendCoverage`) reach the
 * week (not `known`). `manifests`: every load, for the later ones.
 */
function spendRejectsOf(
  m: LoadManifest,
  note: RejectedRowsNote | undefined,
  week: WeekSpan,
  manifests: readonly LoadManifest[],
): RejectedRows[] {
  const out: RejectedRows[] = [];
  const undated = note
    ? note.undated + (note.keyed ?? []).filter((k) => k.at.length === 0 && !k.span).length
    : m.rowsRejected;
  if (undated > 0 && m.rowsLoaded > 0 && reachesWeek(m, week))
    out.push({ table: 'spend', source: m.source, rows: undated, known: false });
  if (!note) return out;
  const within = withinOf('spend', week);
  const file = m.input.split(/[\\/]/).pop() ?? m.input;
  const causes: SpendRejectCause[] = [];
  const days = (at: readonly string[]) => at.filter(within).map((iso) => iso.slice(0, 10));
  const unkeyed = days(note.at);
  if (unkeyed.length > 0) {
    causes.push({ file, platform: null, reason: null, rows: unkeyed.length, from: unkeyed[0]!, to: unkeyed.at(-1)! });
  }
  const restated = restatedLater(m, manifests);
  for (const k of note.keyed ?? []) {
    const [platform, , , , day] = JSON.parse(k.id) as unknown[];
    // A row of several days has no campaign-day a later load supersedes: its account's days restate it.
    const severalDays = day === null;
    const inWeek = [...days(k.at), ...spanDaysIn(k.span, week)].filter((d) => !severalDays || !restated(k, d));
    if (inWeek.length === 0) continue;
    causes.push({
      file: k.cause?.file.split(/[\\/]/).pop() ?? file,
      ...(k.cause ? { line: k.cause.line } : {}),
      platform: typeof platform === 'string' ? platform : null,
      reason: k.cause?.reason ?? null,
      rows: 1,
      from: inWeek[0]!,
      to: inWeek.at(-1)!,
    });
  }
  const merged = mergeCauses(causes);
  const rows = merged.reduce((n, c) => n + c.rows, 0);
  if (rows > 0) out.push({ table: 'spend', source: m.source, rows, known: true, causes: merged });
  return out;
}

/** Causes of one file, platform and reason summed, their days joined; most rows first, then file. */
function mergeCauses(causes: readonly SpendRejectCause[]): SpendRejectCause[] {
  const byKey = new Map<string, SpendRejectCause>();
  for (const c of causes) {
    const key = JSON.stringify([c.file, c.platform, c.reason]);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...c });
    else {
      seen.rows += c.rows;
      if (c.line !== undefined && (seen.line === undefined || c.line < seen.line)) seen.line = c.line;
      if (c.from < seen.from) seen.from = c.from;
      if (c.to > seen.to) seen.to = c.to;
    }
  }
  return [...byKey.values()].sort(
    (a, b) => b.rows - a.rows || a.file.localeCompare(b.file) || a.from.localeCompare(b.from),
  );
}

/**
 * A family's coverage with the rejected rows of its table that can change the week's figures
 * (`known` ones): not measured, naming them; as given when there are none or it is already not
 * measured (its reason comes first). Spend: its rows dated in the week (`rejectedSpend`, the
 * first cause named: platform, days, file and reason); its rows without a day read leave it
 * measured (spendPartialOf marks the week instead).
 */
export function withRejectedRows(
  family: FamilyCoverage,
  table: Exclude<DatedRejectTable, 'leads'>,
  rejected: readonly RejectedRows[],
): FamilyCoverage {
  const own = rejected.filter((r) => r.table === table && r.known);
  if (!family.measured || own.length === 0) return family;
  const rows = own.reduce((n, r) => n + r.rows, 0);
  const sources = own.map((r) => r.source);
  const rowsRejected = own.map((r) => ({ source: r.source, rows: r.rows }));
  if (table === 'spend') {
    const causes = own.flatMap((r) => r.causes ?? []).sort((a, b) => b.rows - a.rows || a.file.localeCompare(b.file));
    return {
      measured: false,
      reason: spendRejectedReason(causes, sources),
      lastDataAt: null,
      rowsRejected,
      rejectedSpend: causes,
    };
  }
  const what = table === 'deals' ? 'deal' : 'activity';
  return {
    measured: false,
    reason:
      `${rows} ${what} row${rows === 1 ? ' was' : 's were'} rejected at import from ${sources.join(', ')} ` +
      `and could be of this week (dated in it, or with no date that could be read): fix ${rows === 1 ? 'it' : 'them'} (see the rejects) and import the file again`,
    lastDataAt: null,
    rowsRejected,
  };
}

/**
 * `2 Google Ads spend rows of 2026-11-16 to 2026-11-17 in g-mcc.csv were rejected at import
 * (no FX rate for USD: add it to fxRates in the config)`, the first cause, and how many rows more.
 */
function spendRejectedReason(causes: readonly SpendRejectCause[], sources: readonly string[]): string {
  const [first] = causes;
  const all = causes.reduce((n, c) => n + c.rows, 0);
  if (!first) return `spend rows were rejected at import from ${sources.join(', ')}`;
  const days = first.from === first.to ? first.from : `${first.from} to ${first.to}`;
  const platform = first.platform ? `${vendorName(first.platform)} ` : '';
  const more = all - first.rows;
  return (
    `${first.rows} ${platform}spend row${first.rows === 1 ? '' : 's'} of ${days} in ${first.file}` +
    `${first.line !== undefined ? ` (${first.rows === 1 ? 'line' : 'first on line'} ${first.line})` : ''} ` +
    `${first.rows === 1 ? 'was' : 'were'} rejected at import (${first.reason ?? 'see the rejects'})` +
    `${more > 0 ? ` and ${more} more row${more === 1 ? '' : 's'} of this week` : ''}: ` +
    'their days lie in this week (as read, or within the range their file states) and its spend would leave their cost out; fix the cause, then import the file again ' +
    '(after a change to the config: funnel rebuild)'
  );
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
