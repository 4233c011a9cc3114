/**
 * Cell value parsing for vendor exports: empty markers, localized numbers, money with a
 * currency, percentages, dates and timestamps in the account time zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { FieldError } from './errors.js';

/** Cells that mean "no value" in exports: Google Ads writes ` --`, Meta `-`. */
const EMPTY_MARKERS = new Set(['', '--', '-', '—', '–']);

/** A trimmed cell, or null when it is empty or an empty marker. */
export function cell(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return EMPTY_MARKERS.has(trimmed) ? null : trimmed;
}

export interface NumberOptions {
  /** `,` is the decimal separator (semicolon-delimited exports, or configured). */
  decimalComma: boolean;
}

const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

/**
 * A number as written in an export: `9,380`, `4,838.80`, `1 234,56`, `1.234,56`, `1'234.50`,
 * `(12.00)`, `-3`. Returns null for empty markers. Throws FieldError when it is no number.
 */
export function parseNumber(value: string | undefined, field: string, options: NumberOptions): number | null {
  const v = cell(value);
  if (v === null) return null;
  let s = v.replace(/[\s\u00a0\u202f'’]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the last one is the decimal separator.
    normalized = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    if (options.decimalComma && s.indexOf(',') === lastComma) normalized = s.replace(',', '.');
    else if (/^\d{1,3}(,\d{3})+$/.test(s)) normalized = s.replace(/,/g, '');
    else
      throw new FieldError(
        field,
        `"${v}" is ambiguous: a comma that is neither a thousands separator nor (in this file) a decimal separator`,
      );
  } else if (lastDot >= 0 && options.decimalComma && /^\d{1,3}(\.\d{3})+$/.test(s)) {
    normalized = s.replace(/\./g, '');
  } else normalized = s;
  if (!/^\d+(\.\d+)?$/.test(normalized) && !/^\d*\.\d+$/.test(normalized)) {
    throw new FieldError(field, `"${v}" is not a number`);
  }
  const n = Number(normalized);
  return negative ? -n : n;
}

/** A whole number (impressions, clicks); Excel's `1.0` floats are accepted. */
export function parseInteger(value: string | undefined, field: string, options: NumberOptions): number | null {
  const n = parseNumber(value, field, options);
  if (n === null) return null;
  if (!Number.isInteger(n)) throw new FieldError(field, `"${value?.trim()}" is not a whole number`);
  return n;
}

/**
 * A percentage as a fraction: `1.16%` → 0.0116. Bounded values such as Google Ads' `< 10%`
 * and `> 90%` are not a value: null.
 */
export function parsePercent(value: string | undefined, field: string, options: NumberOptions): number | null {
  const v = cell(value);
  if (v === null || /^[<>]/.test(v)) return null;
  const n = parseNumber(v.replace(/%$/, ''), field, options);
  return n === null ? null : n / 100;
}

/** Money with an optional currency written in the cell: `USD 12,500.00`, `$12.50`, `12,50 €`. */
export function parseMoney(
  value: string | undefined,
  field: string,
  options: NumberOptions,
): { amount: number | null; currency: string | null } {
  const v = cell(value);
  if (v === null) return { amount: null, currency: null };
  let currency: string | null = null;
  let s = v;
  const code = /^([A-Z]{3})\s*(.+)$/.exec(s) ?? /^(.+?)\s*([A-Z]{3})$/.exec(s);
  if (code) {
    const [, a, b] = code;
    if (a && b && /^[A-Z]{3}$/.test(a)) [currency, s] = [a, b];
    else if (a && b) [currency, s] = [b, a];
  }
  const symbol = /^(-?)([$€£¥₹])\s*(.+)$/.exec(s) ?? /^(.+?)\s*([$€£¥₹])$/.exec(s);
  if (symbol) {
    if (symbol.length === 4) {
      currency ??= CURRENCY_SYMBOLS[symbol[2] ?? ''] ?? null;
      s = `${symbol[1] ?? ''}${symbol[3] ?? ''}`;
    } else {
      currency ??= CURRENCY_SYMBOLS[symbol[2] ?? ''] ?? null;
      s = symbol[1] ?? '';
    }
  }
  return { amount: parseNumber(s, field, options), currency };
}

/** An ISO 4217 code, upper-cased; throws when it is not three letters. */
export function parseCurrency(value: string | undefined, field: string): string | null {
  const v = cell(value);
  if (v === null) return null;
  const code = v.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new FieldError(field, `"${v}" is not an ISO 4217 currency code`);
  return code;
}

const TRUE = new Set(['true', 'yes', 'y', '1', '1.0', 'ja', 'wahr', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', '0.0', 'nein', 'falsch']);

export function parseBoolean(value: string | undefined, field: string): boolean | null {
  const v = cell(value);
  if (v === null) return null;
  const l = v.toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  throw new FieldError(field, `"${v}" is not a boolean (true/false)`);
}

/** `https://www.acme.com/path` → `acme.com`; null when it does not look like a domain. */
export function domainFromUrl(value: string | undefined): string | null {
  const v = cell(value);
  if (v === null) return null;
  const host = v
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '');
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : null;
}

const EMAIL = /[^\s<>(),;"']+@[^\s<>(),;"']+\.[^\s<>(),;"']+/g;

/** Every email address found in a cell (`Jane Doe (jane@acme.com); bob@x.io` → 2). */
export function extractEmails(value: string | undefined): string[] {
  const v = cell(value);
  return v === null ? [] : [...v.matchAll(EMAIL)].map((m) => m[0]);
}

// ---------------------------------------------------------------- dates and times
//
// Luxon's per-value zone lookups (Intl) cost ~0.1 ms each, too slow for 1M-row exports, so
// the conversion below caches zone offsets per 15-minute slot (every real zone changes its
// offset on a quarter hour).

const MONTH_FORMATS = ['d MMMM yyyy', 'd MMM yyyy', 'MMMM d, yyyy', 'MMM d, yyyy', 'MMMM d yyyy', 'MMM d yyyy'];

function isoDay(y: number, m: number, d: number): string | null {
  const t = Date.UTC(y, m - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar day written without a time: ISO, M/D/YYYY (US, as LinkedIn and Salesforce
 * US-locale exports write it), D.M.YYYY (German), `27 January 2026`, `March 27, 2026`,
 * optionally with a weekday in front (`Mon, Jan 27, 2026`). Returns `YYYY-MM-DD` or null when
 * the text is not a date of these shapes.
 */
export function parseDayText(text: string): string | null {
  const s = text.trim().replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) return isoDay(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s))) return isoDay(year(m[3]!), +m[1]!, +m[2]!);
  if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(s))) return isoDay(year(m[3]!), +m[2]!, +m[1]!);
  if (/^\p{L}/u.test(s) || /^\d{1,2}\.?\s+\p{L}/u.test(s)) {
    for (const f of MONTH_FORMATS) {
      const candidate = DateTime.fromFormat(s.replace(/\s+/g, ' '), f, { zone: 'utc', locale: 'en-US' });
      if (candidate.isValid) return candidate.toISODate();
    }
  }
  return null;
}

function year(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

const SLOT = 15 * 60 * 1000;
const offsetCache = new Map<string, number>();

/** Offset (minutes) of an IANA zone at a UTC instant, cached per zone and 15-minute slot. */
function zoneOffset(zone: string, ts: number): number {
  const key = `${zone}|${Math.floor(ts / SLOT)}`;
  let o = offsetCache.get(key);
  if (o === undefined) {
    o = IANAZone.create(zone).offset(ts);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, o);
  }
  return o;
}

/**
 * Wall-clock time in `zone` → UTC epoch ms, deterministically (luxon's own answer for a
 * repeated hour depends on today's offset): a time that occurs twice (autumn) is the earlier
 * instant, a time skipped by the spring change is read with the offset before the change
 * (02:30 → 03:30 summer time), as Temporal's "compatible" disambiguation does.
 */
export function localToUtc(localTs: number, zone: string): number {
  // Offsets range from -12h to +14h: these probes lie before and after the real instant.
  const HOUR = 3600 * 1000;
  const before = zoneOffset(zone, localTs - 15 * HOUR);
  const after = zoneOffset(zone, localTs + 13 * HOUR);
  const valid = [...new Set([before, after])].filter((o) => zoneOffset(zone, localTs - o * 60_000) === o);
  if (valid.length === 0) return localTs - before * 60_000;
  return localTs - Math.max(...valid) * 60_000;
}

const validZones = new Set<string>();

function checkZone(timezone: string): void {
  if (validZones.has(timezone)) return;
  if (!IANAZone.isValidZone(timezone)) throw new FieldError(null, `"${timezone}" is not an IANA time zone`);
  validZones.add(timezone);
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:\s*([AaPp][Mm]))?`;
const OFFSET = String.raw`(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?`;
const DATE_TIME = new RegExp(String.raw`^(.+?),?[T\s]+${TIME}${OFFSET}$`);

/**
 * A point in time → ISO-8601 UTC with milliseconds (`2026-05-19T19:15:37.000Z`).
 * Values without an offset (`2026-08-07 11:48`, `3/15/2026 9:30 AM`, a bare date) are read
 * in `timezone`, so a DST change in the account's zone is honoured. Throws FieldError.
 */
export function parseTimestamp(value: string | undefined, field: string, timezone: string): string | null {
  const v = cell(value);
  if (v === null) return null;
  let local: number | null = null;
  let offsetMinutes: number | null = null;
  const day = parseDayText(v);
  if (day) local = Date.parse(`${day}T00:00:00Z`);
  else {
    const m = DATE_TIME.exec(v);
    const d = m ? parseDayText(m[1]!) : null;
    if (m && d) {
      let hour = Number(m[2]);
      const minute = Number(m[3]);
      const second = Number(m[4] ?? 0);
      const ampm = m[6]?.toLowerCase();
      if (ampm && (hour < 1 || hour > 12)) hour = 99;
      if (ampm === 'pm' && hour < 12) hour += 12;
      if (ampm === 'am' && hour === 12) hour = 0;
      if (hour <= 23 && minute <= 59 && second <= 59) {
        local =
          Date.parse(`${d}T00:00:00Z`) +
          ((hour * 60 + minute) * 60 + second) * 1000 +
          Number((m[5] ?? '0').padEnd(3, '0'));
        const offset = m[7];
        if (offset === 'Z' || offset === 'UTC' || offset === 'GMT') offsetMinutes = 0;
        else if (offset !== undefined) {
          const sign = offset.startsWith('-') ? -1 : 1;
          offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(-2)));
        }
      }
    }
  }
  const y = local === null ? NaN : new Date(local).getUTCFullYear();
  if (local === null || !(y >= 1970 && y <= 2200)) {
    throw new FieldError(field, `"${v}" is not a date/time (expected ISO, YYYY-MM-DD HH:MM, M/D/YYYY or D Month YYYY)`);
  }
  let utc: number;
  if (offsetMinutes !== null) utc = local - offsetMinutes * 60_000;
  else {
    checkZone(timezone);
    utc = localToUtc(local, timezone);
  }
  return new Date(utc).toISOString();
}

/**
 * A reporting day → `YYYY-MM-DD`, taken literally (a platform's day is already in the ad
 * account's zone). A value with a time and an offset is converted to `timezone` first.
 */
export function parseDate(value: string | undefined, field: string, timezone: string): string | null {
  const v = cell(value);
  if (v === null) return null;
  const day = parseDayText(v);
  if (day) return day;
  const ts = parseTimestamp(v, field, timezone);
  return ts === null ? null : DateTime.fromISO(ts, { zone: timezone }).toISODate();
}
