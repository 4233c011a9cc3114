/**
 * Record validation derived from the canonical schema: every importer and connector
 * hands its records to `checkRecord`, which enforces SPEC §3 and adds the derived columns.
 */
import { DateTime } from 'luxon';
import { emailKey } from './email-key.js';
import { idDamage, isIdColumn } from './id-damage.js';
import type { CanonicalRecord, CanonicalValue } from './records.js';
import { TABLES, type ColumnDef, type ColumnType, type TableName } from './schema.js';

export const ISO_CURRENCIES: ReadonlySet<string> = new Set<string>(Intl.supportedValuesOf('currency'));

/** Timestamps outside this range are typos or placeholder dates, not real events. */
export const MIN_TIMESTAMP = Date.UTC(1990, 0, 1);
export const MAX_TIMESTAMP = Date.UTC(2100, 0, 1);
/** A single deal or a day's spend above this is a unit or export error (e.g. micros as units). */
export const MAX_MONEY = 1e10;
/** Money columns: never negative, never above MAX_MONEY. */
export const MONEY_COLUMNS: readonly string[] = ['amount', 'cost'];
/** Count columns: never negative. */
export const COUNT_COLUMNS: readonly string[] = ['impressions', 'clicks', 'conversions'];
/** What a source name may look like (it becomes the `source=` partition of every key). */
export const SOURCE_NAME = /^[a-z0-9_-]{1,64}$/;

export interface CheckContext {
  /** Currencies with a conversion rate (SPEC §4.6: a currency without a rate is a reject). */
  fxRates: Record<string, number>;
  /**
   * The load's export day (`dt`, `YYYY-MM-DD`), the instant its end falls on in `zone` (epoch
   * ms), `zone` (IANA): the zone the file's date-times were read in (`--timezone`, else the
   * report's), and `dayZone`: the zone its bare calendar days were placed in (vendor files and
   * API pulls; absent for a canonical file, which holds none). A won deal whose close lies after
   * the export day was won before the date its CRM gives, on a day the export cannot tell (see
   * `wonAfterExportDay`). `file`: the load is a file import (its `--date` and `--timezone` can be
   * wrong). Absent: not checked (the tombstones of a snapshot).
   */
  exportDay?: { day: string; endMs: number; zone: string; dayZone?: string; file?: boolean };
}

/**
 * A failed check names the field and the reason; `concerns` (epoch ms) are further instants the
 * rejected row could count at besides its own dates (rejected-rows.ts places it in those weeks).
 */
export type CheckResult =
  { ok: true; record: CanonicalRecord } | { ok: false; field: string | null; reason: string; concerns?: number[] };

/**
 * The checks of a load of `day` (its `dt`, the export day) for a report in `config.timezone`.
 * `read`: how the load was read: `zone`, the zone its date-times were read in (`--timezone`;
 * default the report's); `dayZone`, the zone its bare days were placed in (absent: none);
 * `file`, a file import. The export day ends at midnight in `zone`: it is a day of the clock the
 * file was written by (docs/methodology.md, "Won deals with a close date after their export").
 * @throws RangeError when `day` is not a `YYYY-MM-DD` day or `zone` is no time zone.
 */
export function checkContextOf(
  config: { fxRates: Record<string, number>; timezone: string },
  day: string,
  read: { zone?: string; dayZone?: string; file?: boolean } = {},
): CheckContext {
  const zone = read.zone ?? config.timezone;
  const start = DateTime.fromISO(day, { zone });
  if (!ISO_DATE.test(day) || !start.isValid)
    throw new RangeError(`export day ${day} in ${zone} is not a YYYY-MM-DD day`);
  return {
    fxRates: config.fxRates,
    exportDay: {
      day,
      endMs: start.plus({ days: 1 }).toMillis(),
      zone,
      ...(read.dayZone ? { dayZone: read.dayZone } : {}),
      ...(read.file ? { file: true } : {}),
    },
  };
}

const DAY_MS = 86_400_000;
/** The slack a creation time gets past its export day's end: one day, for zones (`createdAfterExportDay`). */
const CREATED_SLACK_MS = DAY_MS;

/**
 * The instant (epoch ms) from which a creation time with its time of day lies after its export
 * (`createdAfterExportDay`): the export day's end plus a day. The canonical fast path checks it
 * in SQL (canonical-sql.ts); a canonical file holds no bare day.
 */
export function createdByOf(exportDay: NonNullable<CheckContext['exportDay']>): number {
  return exportDay.endMs + CREATED_SLACK_MS;
}

/**
 * Whether an instant (epoch ms) lies after the export day, and whether it is a bare day: an
 * instant at midnight in the zone bare days were placed in is judged by its day there (a
 * Salesforce Close Date of 24 Nov is after an export of 23 Nov, whatever the zones), any other
 * by its instant against the export day's end in the zone the file's times were read in (20:00
 * in New York on the export day is on it, though it is 02:00 the next day in Berlin), plus
 * `slackMs` (0: exactly).
 */
function afterExportDay(
  ms: number,
  exportDay: NonNullable<CheckContext['exportDay']>,
  slackMs: number,
): { after: boolean; bareDay: boolean } {
  if (exportDay.dayZone) {
    const local = DateTime.fromMillis(ms, { zone: exportDay.dayZone });
    if (local.isValid && local.toMillis() === local.startOf('day').toMillis()) {
      return { after: (local.toISODate() ?? '') > exportDay.day, bareDay: true };
    }
  }
  return { after: ms >= exportDay.endMs + slackMs, bareDay: false };
}

/**
 * A lead or deal created, by its record, after the day it was exported: no export holds a
 * record created after it was written, so the date was read wrong (another date order, `--date`
 * or `--timezone`) or the file is not of that day (docs/methodology.md, "Records dated after
 * their export"). The CRM stamps the creation itself, unlike a close date, so it is also what
 * decides a file's date order when nothing else in the file proves it (row-format.ts). A time
 * is judged against the export day's end plus one day (a file read in a zone west of the one
 * its `--date` was meant in), a bare day by its day. Returns the creation (epoch ms) and its
 * day in the zone it was judged in, or null when it lies within its export.
 */
export function createdAfterExportDay(
  record: CanonicalRecord,
  exportDay: NonNullable<CheckContext['exportDay']>,
): { ms: number; day: string } | null {
  const created = typeof record.created_at === 'string' ? Date.parse(record.created_at) : NaN;
  if (!Number.isFinite(created)) return null;
  const { after, bareDay } = afterExportDay(created, exportDay, CREATED_SLACK_MS);
  if (!after) return null;
  const day = DateTime.fromMillis(created, { zone: bareDay ? exportDay.dayZone : exportDay.zone }).toISODate() ?? '';
  return { ms: created, day };
}

/**
 * `createdAfterExportDay` as a reject: the record's real creation lies on a day before its
 * export that the file does not tell, so it concerns every day of the year up to the export day
 * (its weeks' lead or deal figures are not measured while it stands) and its own date's.
 */
function createdLater(table: TableName, record: CanonicalRecord, ctx: CheckContext): CheckResult | null {
  const exportDay = ctx.exportDay;
  if (!exportDay || (table !== 'leads' && table !== 'deals')) return null;
  const later = createdAfterExportDay(record, exportDay);
  if (!later) return null;
  const concerns: number[] = [];
  for (let ms = exportDay.endMs - 366 * DAY_MS; ms < exportDay.endMs; ms += DAY_MS) concerns.push(ms);
  concerns.push(exportDay.endMs - 1);
  const what = table === 'leads' ? 'a lead' : 'a deal';
  const advice = exportDay.file
    ? `if its dates were read in the wrong order, set the format's dateOrder; if the file was exported later than ${exportDay.day} ` +
      `or its times are not in ${exportDay.zone}, import it again with its --date and --timezone`
    : 'the source gave a creation time after the day it was pulled';
  return {
    ok: false,
    field: 'created_at',
    reason: `${what} created on ${later.day}, after its export day ${exportDay.day}: no export holds a record created after it was written (${advice})`,
    concerns,
  };
}

/**
 * A won deal closed, by its record, after the day it was exported (docs/methodology.md, "Won
 * deals with a close date after their export"): a Salesforce opportunity set to Closed Won
 * keeps the expected Close Date it had (20 Dec on an export of 23 Nov) unless someone changes
 * it. The win happened by the export day, in a week the export cannot tell; counted on its
 * close date it would be missing from the week it was won in and added to a later one. The
 * reject concerns every day from its creation to the export day (and its close date). Its
 * advice: a bare close day is set in the CRM; a close with its time, in a file, may instead be
 * read with the wrong export day or zone, and the reason says both.
 */
function wonAfterExportDay(record: CanonicalRecord, ctx: CheckContext): CheckResult | null {
  const exportDay = ctx.exportDay;
  if (!exportDay || record.is_won !== true || typeof record.closed_at !== 'string') return null;
  const closedMs = Date.parse(record.closed_at);
  if (!Number.isFinite(closedMs)) return null;
  const { after, bareDay } = afterExportDay(closedMs, exportDay, 0);
  if (!after) return null;
  const created = typeof record.created_at === 'string' ? Date.parse(record.created_at) : NaN;
  const concerns: number[] = [];
  // From creation (a year at most) to the end of the export day, one instant a day.
  const from = Number.isFinite(created) ? Math.max(created, exportDay.endMs - 366 * DAY_MS) : exportDay.endMs - DAY_MS;
  for (let ms = from; ms < exportDay.endMs; ms += DAY_MS) concerns.push(ms);
  concerns.push(exportDay.endMs - 1);
  const closedDay = DateTime.fromMillis(closedMs, { zone: bareDay ? exportDay.dayZone : exportDay.zone }).toISODate();
  const advice =
    bareDay || !exportDay.file
      ? '(set it in the CRM and export again)'
      : `(if the file was exported later than ${exportDay.day} or its times are not in ${exportDay.zone}, ` +
        'import it again with its --date and --timezone; else set the close date in the CRM and export again)';
  return {
    ok: false,
    field: 'closed_at',
    reason:
      `a won deal closed on ${closedDay}, after its export day ${exportDay.day}: the close date was not set to the day ` +
      `it was won, so its week cannot be told ${advice}`,
    concerns,
  };
}

/**
 * An instant: a day with its time (hours and minutes at least), then an offset, `Z`, or none
 * meaning UTC. A bare day is no instant: its midnight would be a time nobody recorded.
 */
export const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The flag column of each instant a vendor may give only to the day (schema.ts): what a
 * canonical file sets instead of writing a bare day.
 */
const TIME_UNKNOWN_FLAGS: Record<string, string> = {
  created_at: 'created_at_time_unknown',
  occurred_at: 'occurred_at_time_unknown',
};

/** Parses an ISO-8601 timestamp (offset, `Z`, or none meaning UTC) to canonical `…Z` form. */
export function parseTimestamp(text: string): string | null {
  const m = ISO_TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  // Reject calendar dates that do not exist (2026-02-30), whatever the offset: Date would
  // silently roll them into the next month.
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) return null;
  const offset = zone && zone !== 'Z' ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const ms = (frac + '000').slice(0, 3);
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString();
}

/** True when y-m-d names a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function parseDate(text: string): string | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const date = new Date(`${text.trim()}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3])) return null;
  return text.trim();
}

export const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses one canonical-CSV cell (SPEC §3: empty = null, `true`/`false`, `;`-lists). */
export function parseCell(column: ColumnDef, text: string): { value: CanonicalValue } | { error: string } {
  const raw = text.trim();
  if (raw === '') return { value: null };
  const type: ColumnType = column.type;
  if (typeof type === 'object') return { value: raw };
  switch (type) {
    case 'string':
    case 'currency':
      return { value: raw };
    case 'timestamp': {
      const ts = parseTimestamp(raw);
      return ts ? { value: ts } : { error: timestampError(column.name, raw) };
    }
    case 'date': {
      const d = parseDate(raw);
      return d ? { value: d } : { error: `not a YYYY-MM-DD date: "${clip(raw)}"` };
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower === 'true') return { value: true };
      if (lower === 'false') return { value: false };
      return { error: `expected true or false, found "${clip(raw)}"` };
    }
    case 'double':
    case 'bigint': {
      if (!NUMBER.test(raw)) return { error: `not a number: "${clip(raw)}"` };
      const n = Number(raw);
      if (type === 'bigint' && !Number.isInteger(n)) return { error: `not a whole number: "${clip(raw)}"` };
      return { value: n };
    }
    case 'string_list':
      return {
        value: raw
          .split(';')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      };
  }
}

/**
 * Why `text` is no instant of `column`. A bare day (`2026-11-16`) is named as such: read as
 * midnight it would invent the time SLA hours are measured from.
 */
function timestampError(column: string, text: string): string {
  if (!ISO_DATE.test(text.trim())) return `not an ISO-8601 timestamp: "${clip(text)}"`;
  const flag = TIME_UNKNOWN_FLAGS[column];
  const known = flag ? `; when only the day is known, give its start with the offset and set ${flag} to true` : '';
  return `"${clip(text.trim())}" is a day without a time: an instant needs its time and offset (${text.trim()}T09:30:00+01:00)${known}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function checkValue(column: ColumnDef, value: CanonicalValue, ctx: CheckContext): string | null {
  const type = column.type;
  if (typeof type === 'object') {
    return typeof value === 'string' && type.enum.includes(value)
      ? null
      : `unknown value "${clip(String(value))}" (expected one of ${type.enum.join(', ')})`;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return 'expected text';
      // An id a spreadsheet damaged merges records or splits one (core/id-damage.ts).
      return isIdColumn(column.name) ? idDamage(value) : null;
    case 'currency':
      if (typeof value !== 'string' || !ISO_CURRENCIES.has(value)) {
        return `unknown currency "${clip(String(value))}" (expected an ISO 4217 code such as EUR)`;
      }
      return ctx.fxRates[value] === undefined ? `no FX rate for ${value}: add it to fxRates in the config` : null;
    case 'timestamp': {
      if (typeof value !== 'string') return 'expected a timestamp';
      const parsed = parseTimestamp(value);
      if (!parsed) return timestampError(column.name, value);
      const ms = Date.parse(parsed);
      return ms < MIN_TIMESTAMP || ms >= MAX_TIMESTAMP ? `implausible timestamp ${parsed} (outside 1990–2099)` : null;
    }
    case 'date': {
      if (typeof value !== 'string' || !parseDate(value)) return 'expected a YYYY-MM-DD date';
      const ms = Date.parse(`${value}T00:00:00Z`);
      return ms < MIN_TIMESTAMP || ms >= MAX_TIMESTAMP ? `implausible date ${value} (outside 1990–2099)` : null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'double':
    case 'bigint':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (type === 'bigint' && !Number.isInteger(value)) return 'expected a whole number';
      // Beyond 2^53 the number is no longer exact and beyond 2^63 Parquet INT64 cannot hold it.
      if (type === 'bigint' && !Number.isSafeInteger(value)) return `implausible ${column.name} ${value}`;
      if (MONEY_COLUMNS.includes(column.name) && (value < 0 || value > MAX_MONEY)) {
        return value < 0 ? `negative ${column.name} ${value}` : `implausible ${column.name} ${value}`;
      }
      if (COUNT_COLUMNS.includes(column.name) && value < 0) {
        return `negative ${column.name} ${value}`;
      }
      return null;
    case 'string_list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'expected a list of text';
  }
}

/**
 * Validates one record against its table and returns it with derived columns; unknown
 * keys are an error (a mapping bug must not vanish silently).
 */
export function checkRecord(table: TableName, input: CanonicalRecord, ctx: CheckContext): CheckResult {
  const def = TABLES[table];
  const known = new Set(def.columns.map((c) => c.name));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) return { ok: false, field: key, reason: `unknown column "${key}" for ${table}` };
  }
  const record: CanonicalRecord = {};
  for (const column of def.columns) {
    if (column.derived) continue;
    let value = input[column.name];
    if (value === undefined || value === '') value = null;
    if (typeof value === 'string') value = value.trim() === '' ? null : value;
    if (value === null) {
      if (column.required) return { ok: false, field: column.name, reason: `missing required value` };
      record[column.name] = null;
      continue;
    }
    const problem = checkValue(column, value, ctx);
    if (problem) return { ok: false, field: column.name, reason: problem };
    record[column.name] =
      column.type === 'timestamp' ? parseTimestamp(value as string) : Array.isArray(value) ? [...value] : value;
  }
  if ('currency' in record && record.currency === null && record.amount !== null && record.amount !== undefined) {
    return { ok: false, field: 'currency', reason: 'amount given without a currency' };
  }
  // A won deal counts in the week it closed (SPEC §5): without closed_at it would count in none,
  // and the report state its won revenue as 0. canonical-sql.ts mirrors it.
  if (table === 'deals' && record.is_won === true && record.closed_at === null) {
    return { ok: false, field: 'closed_at', reason: 'a won deal without its close date' };
  }
  // Dates the record had by its export (docs/methodology.md, "Records dated after their export").
  const later = createdLater(table, record, ctx) ?? (table === 'deals' ? wonAfterExportDay(record, ctx) : null);
  if (later) return later;
  deriveColumns(table, record);
  return { ok: true, record };
}

/**
 * Sets the derived columns (schema.ts marks them `derived`) from the record's own values, in
 * place: the email keys. Also used when rows of one record are combined (associations.ts).
 */
export function deriveColumns(table: TableName, record: CanonicalRecord): CanonicalRecord {
  if (table === 'leads' || table === 'activities') record.email_key = emailKey(record.email as string | null);
  if (table === 'deals') record.contact_email_keys = emailKeys(record.contact_emails);
  if (table === 'leads') record.additional_email_keys = emailKeys(record.additional_emails);
  return record;
}

/** The distinct usable email keys of a list of addresses (null → none). */
function emailKeys(value: unknown): string[] {
  const emails = (value as string[] | null | undefined) ?? [];
  return [...new Set(emails.map((e) => emailKey(e)).filter((k): k is string => k !== null))];
}
