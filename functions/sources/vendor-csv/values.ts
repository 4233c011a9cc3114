/**
 * Cell value parsing for vendor exports: empty markers, localized numbers, money with a
 * currency, percentages, dates and timestamps in the account time zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { localToUtc } from '../local-time.js';
import { websiteDomain } from '../../core/email-key.js';
import { withoutFormatCharacters } from '../../core/invisible.js';
import { AmbiguousDateError, compactDateForms, parseDayText as parseDay, type DateOrder } from './date-text.js';
import { FieldError } from './errors.js';
import { AmbiguousNumberError, numberEvidence, parseNumberText, type DecimalSeparator } from './number-text.js';

/** Cells that mean "no value" in exports: Google Ads writes ` --`, Meta `-`. */
const EMPTY_MARKERS = new Set(['', '--', '-', '—', '–']);

/**
 * A cell without its invisible format characters (core/invisible.ts: a zero-width space or
 * soft hyphen pasted into `Paid Search`, `Closed Won`, `USD`, `8000`), trimmed; null when it
 * is empty or an empty marker.
 */
export function cell(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = withoutFormatCharacters(value).trim();
  return EMPTY_MARKERS.has(trimmed) ? null : trimmed;
}

export interface NumberOptions {
  /** The file's decimal separator (conventions.ts); null when no value of the file needs one. */
  decimal: DecimalSeparator | null;
}

/**
 * A number as written in an export, in the file's convention: `9,380`, `4,838.80`,
 * `1 234,56`, `1.234,56`, `1'234.50`, `(12.00)`, `-3`. Returns null for empty markers.
 * Throws FieldError when it is no number of the file's convention (`12,5` in a decimal-point file).
 */
export function parseNumber(value: string | undefined, field: string, options: NumberOptions): number | null {
  const v = cell(value === undefined ? undefined : halfWidth(value));
  if (v === null) return null;
  let n: number | null;
  try {
    n = parseNumberText(v, options.decimal);
  } catch (err) {
    if (err instanceof AmbiguousNumberError) throw new FieldError(field, `${err.message}; set the decimalSeparator`);
    throw err;
  }
  if (n === null) {
    const hint =
      options.decimal !== null && numberEvidence(v) !== null
        ? ` with the decimal ${options.decimal === ',' ? 'comma' : 'point'} this file uses`
        : '';
    throw new FieldError(field, `"${v}" is not a number${hint}`);
  }
  return n;
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
  const n = parseNumber(v.replace(/\s*%$/, ''), field, options);
  return n === null ? null : n / 100;
}

/**
 * A number cell with the full-width forms Japanese, Chinese and Korean spreadsheets write
 * (`￥２０,０００`, U+FF01–U+FF5E and U+FFE0–U+FFE6, the ideographic space U+3000) read as their
 * plain forms (Unicode NFKC of those characters alone: `￥` is `¥`, `２` is `2`, `，` is `,`).
 * No other character is folded, so a cell that reads today reads the same (NFKC of the whole
 * cell would also turn `10²` into 102 and `①` into 1). Text cells (names) are never folded.
 */
export function halfWidth(text: string): string {
  return /[\u3000\uff01-\uff5e\uffe0-\uffe6]/u.test(text)
    ? text.replace(/[\u3000\uff01-\uff5e\uffe0-\uffe6]/gu, (c) => c.normalize('NFKC'))
    : text;
}

/**
 * Unambiguous currency symbols; `$`, `¥` and `kr` name several currencies and are checked
 * against the file's. `Kč` (cs-CZ) and `Ft` (hu-HU) name one currency each; Danish and
 * Icelandic `kr.` is the shared `kr` (SEK, NOK, DKK, ISK), never guessed.
 */
const CURRENCY_SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  R$: 'BRL',
  US$: 'USD',
  C$: 'CAD',
  CA$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  MX$: 'MXN',
  '₩': 'KRW',
  '₺': 'TRY',
  zł: 'PLN',
  Kč: 'CZK',
  Ft: 'HUF',
};
/** Symbols shared by several currencies, with the currencies each may stand for. */
const SHARED_SYMBOLS: Record<string, readonly string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD'],
  '¥': ['JPY', 'CNY'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
};
const SYMBOL = String.raw`(?:US\$|R\$|CA\$|AU\$|NZ\$|HK\$|MX\$|[CAS]\$|zł|Kč|Ft|kr\.?|[$€£¥₹₩₺])`;
const LEADING = new RegExp(String.raw`^([-−+(]?)\s*(?:([A-Z]{3})|(${SYMBOL}))\s*(.+)$`, 'u');
const TRAILING = new RegExp(String.raw`^(.+?)\s*(?:([A-Z]{3})|(${SYMBOL}))(\)?)$`, 'u');

/** A money cell split into its number text and its currency code or shared symbol. */
export function splitMoney(written: string): { digits: string; currency: string | null; symbol: string | null } {
  const text = halfWidth(written);
  const lead = LEADING.exec(text);
  if (lead) {
    const [, sign = '', code, symbol, rest = ''] = lead;
    return money(`${sign}${rest}`, code, symbol);
  }
  const trail = TRAILING.exec(text);
  if (trail) {
    const [, rest = '', code, symbol, paren = ''] = trail;
    return money(`${rest}${paren}`, code, symbol);
  }
  return { digits: text, currency: null, symbol: null };
}

function money(digits: string, code: string | undefined, written: string | undefined) {
  if (code) return { digits, currency: code, symbol: null };
  const symbol = written === 'kr.' ? 'kr' : written;
  const known = symbol ? CURRENCY_SYMBOLS[symbol] : undefined;
  return { digits, currency: known ?? null, symbol: known ? null : (symbol ?? null) };
}

/** A sign of letters or a currency symbol before or after a number (`₪ 120`, `120 lei`, `1 234,50 Kč`): the sign, else null. */
const SIGN = String.raw`[^\d\s()+\-−]*[\p{L}\p{Sc}][^\d\s()]*`;
const NUMBER_LIKE = String.raw`[-−+(]?\s*\d[\d.,'’\s\u00a0\u202f]*-?\)?`;
const UNKNOWN_SIGN = [
  new RegExp(String.raw`^[-−+(]?\s*(${SIGN})\s*(${NUMBER_LIKE})$`, 'u'),
  new RegExp(String.raw`^(${NUMBER_LIKE})\s*(${SIGN})(\)?)$`, 'u'),
];
function unknownSign(text: string): string | null {
  const lead = UNKNOWN_SIGN[0]!.exec(text);
  if (lead) return lead[1]!;
  return UNKNOWN_SIGN[1]!.exec(text)?.[2] ?? null;
}

/** The currency a money column's header names in brackets: `Amount spent (CHF)` → `CHF`, else null. */
export function currencyInHeader(header: string): string | null {
  return /\(([A-Z]{3})\)\s*$/.exec(header.trim())?.[1] ?? null;
}

/**
 * How many fraction digits an amount in `currency` has (ISO 4217 minor units, from Intl:
 * JPY and KRW 0, USD and EUR 2, BHD and KWD 3); null for a code Intl does not know.
 */
export function currencyDecimals(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? null;
  } catch {
    return null;
  }
}

/** Whether an amount written with a shared symbol (`$`) may be in `currency`. */
export function symbolFits(symbol: string, currency: string): boolean {
  return SHARED_SYMBOLS[symbol]?.includes(currency) ?? false;
}

/**
 * Money with an optional currency written in the cell: `USD 12,500.00`, `R$ 1.478,38`,
 * `12,50 €`, `$12.50`. `currency` is null unless the cell names one currency; a shared symbol
 * (`$`, `¥`, `kr`) is returned as `symbol` for the caller to check against the file's currency.
 */
export function parseMoney(
  value: string | undefined,
  field: string,
  options: NumberOptions,
): { amount: number | null; currency: string | null; symbol: string | null } {
  const v = cell(value);
  if (v === null) return { amount: null, currency: null, symbol: null };
  const split = splitMoney(v);
  if (split.currency === null && split.symbol === null) {
    // A number beside a sign no table lists (`₪ 120`, `120 lei`) is no number, and the reason says why.
    const sign = unknownSign(halfWidth(v));
    if (sign !== null) {
      throw new FieldError(
        field,
        `"${v}" is not a number: its currency sign "${sign}" is not recognised; export the amounts without currency signs, or with the currency's ISO code ("USD 12.50")`,
      );
    }
  }
  return { amount: parseNumber(split.digits, field, options), currency: split.currency, symbol: split.symbol };
}

/** An ISO 4217 code, upper-cased; throws when it is not three letters. */
export function parseCurrency(value: string | undefined, field: string): string | null {
  const v = cell(value);
  if (v === null) return null;
  const code = v.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new FieldError(field, `"${v}" is not an ISO 4217 currency code`);
  return code;
}

/** Yes and no as exports write them in the supported languages (en, de, fr, it, es, pt, nl). */
const TRUE = new Set([
  'true',
  'yes',
  'y',
  '1',
  '1.0',
  'ja',
  'wahr',
  'x',
  'oui',
  'vrai',
  'sì',
  'si',
  'sí',
  'vero',
  'verdadero',
  'sim',
  'verdadeiro',
  'waar',
]);
const FALSE = new Set([
  'false',
  'no',
  'n',
  '0',
  '0.0',
  'nein',
  'falsch',
  'non',
  'faux',
  'falso',
  'não',
  'nao',
  'nee',
  'onwaar',
]);

export function parseBoolean(value: string | undefined, field: string): boolean | null {
  const v = cell(value);
  if (v === null) return null;
  const l = v.toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  throw new FieldError(field, `"${v}" is not a boolean (true/false)`);
}

/**
 * `https://www.acme.com/path` → `acme.com`; null when it does not look like a domain, or is a
 * page about the company on a platform's host (`xing.de/acme`: websiteDomain); `company`, the
 * row's company or account name, tells a path that names it.
 */
export function domainFromUrl(value: string | undefined, company?: string | null): string | null {
  return websiteDomain(cell(value), company);
}

// An apostrophe is valid inside a local part (RFC 5322 atext: `ciara.o'brien@…`, common in Irish,
// Italian and French names) and must stay in it, or the address loses its start and may even
// match another person; it is still a delimiter before the local part and in the domain, where
// quotes stand around an address (`'jane@acme.com'`).
const EMAIL = /[^\s<>(),;"'][^\s<>(),;"]*@[^\s<>(),;"']+\.[^\s<>(),;"']+/g;

/**
 * Every email address found in a cell (`Jane Doe (jane@acme.com); bob@x.io` → 2), as written;
 * the caller keys them (email-key.ts). Used by every deal and activity format and for a
 * contact's further addresses.
 */
export function extractEmails(value: string | undefined): string[] {
  const v = cell(value);
  return v === null ? [] : [...v.matchAll(EMAIL)].map((m) => m[0]);
}

// ---------------------------------------------------------------- dates and times
//
// Luxon's per-value zone lookups (Intl) cost ~0.1 ms each, too slow for 1M-row exports, so
// the conversion below caches zone offsets per 15-minute slot (every real zone changes its
// offset on a quarter hour).

/**
 * A calendar day written without a time (see date-text.ts), optionally with a weekday in
 * front; `order` is the file's date order for numeric dates. Returns `YYYY-MM-DD` or null when
 * the text is not a date. Throws FieldError for a numeric date no order was decided for, and
 * for a two-digit year when `twoDigitYears` (the file's proven order for them) is null.
 */
export function parseDayText(
  text: string,
  order: DateOrder | null = null,
  field: string | null = null,
  twoDigitYears: DateOrder | null = null,
): string | null {
  try {
    return parseDay(text, order, twoDigitYears);
  } catch (err) {
    if (err instanceof AmbiguousDateError) throw new FieldError(field, `${err.message}; ${err.fix}`);
    throw err;
  }
}

const validZones = new Set<string>();

function checkZone(timezone: string): void {
  if (validZones.has(timezone)) return;
  if (!IANAZone.isValidZone(timezone)) throw new FieldError(null, `"${timezone}" is not an IANA time zone`);
  validZones.add(timezone);
}

/** `9:05`, `09:05:07.123`, `9:05 AM`, `4:45 p.m.`, `4:45 p. m.` (12-hour clocks in en, es, pt). */
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:\s*([AaPp])\.?\s?[Mm]\.?)?`;
const OFFSET = String.raw`(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?`;
const DATE_TIME = new RegExp(String.raw`^(.+?),?[T\s]+${TIME}${OFFSET}$`);

/** An instant read from a cell, and whether the cell gave only its day (no time of day). */
export interface Instant {
  /** ISO-8601 UTC with milliseconds; for a bare day, the day's start in `dayZone` (see parseInstant). */
  at: string;
  /** True when the cell was a calendar day without a time: `at` is then no recorded time. */
  timeUnknown: boolean;
}

/**
 * A point in time → ISO-8601 UTC with milliseconds (`2026-05-19T19:15:37.000Z`).
 * Values without an offset (`2026-08-07 11:48`, `3/15/2026 9:30 AM`, a bare date) are read
 * in `timezone`, so a DST change in the account's zone is honoured. Throws FieldError.
 * A bare date gives its day's start: where that matters (a creation or an activity's time),
 * read it with `parseInstant`, which says the time is unknown.
 */
export function parseTimestamp(
  value: string | undefined,
  field: string,
  timezone: string,
  order: DateOrder | null = null,
  twoDigitYears: DateOrder | null = null,
  dayZone: string = timezone,
): string | null {
  return parseInstant(value, field, timezone, order, twoDigitYears, dayZone)?.at ?? null;
}

/**
 * As `parseTimestamp`, with `timeUnknown` true when the cell is a calendar day without a
 * time (`2026-11-16`, `16/11/2026`, `16. Nov. 2026`): a time nobody recorded
 * (docs/methodology.md, "Times known only to the day"). Such a day is placed at its start in
 * `dayZone`, the report's zone (default `timezone`): a day has no instant, and read in an
 * import zone east of the report's (`--timezone Europe/Berlin` into a New York report) a
 * Monday would start on Sunday evening there and fall into the week before. An explicit
 * `00:00` is a time. Null for an empty cell; throws FieldError.
 */
export function parseInstant(
  value: string | undefined,
  field: string,
  timezone: string,
  order: DateOrder | null = null,
  twoDigitYears: DateOrder | null = null,
  dayZone: string = timezone,
): Instant | null {
  const v = cell(value);
  if (v === null) return null;
  let local: number | null = null;
  let offsetMinutes: number | null = null;
  const day = parseDayText(v, order, field, twoDigitYears);
  if (day) local = Date.parse(`${day}T00:00:00Z`);
  else {
    const m = DATE_TIME.exec(compactDateForms(v));
    const d = m ? parseDayText(m[1]!, order, field, twoDigitYears) : null;
    if (m && d) {
      let hour = Number(m[2]);
      const minute = Number(m[3]);
      const second = Number(m[4] ?? 0);
      const ampm = m[6] ? `${m[6].toLowerCase()}m` : undefined;
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
    const serial = spreadsheetSerialDate(v);
    if (serial !== null) throw new FieldError(field, serial);
    throw new FieldError(
      field,
      `"${v}" is not a date/time (expected ISO, YYYY-MM-DD HH:MM, ${order === 'MDY' ? 'M/D/YYYY' : order === 'DMY' ? 'D/M/YYYY' : 'D/M/YYYY or M/D/YYYY'} or D Month YYYY)`,
    );
  }
  let utc: number;
  if (offsetMinutes !== null) utc = local - offsetMinutes * 60_000;
  else {
    const zone = day !== null ? dayZone : timezone;
    checkZone(zone);
    utc = localToUtc(local, zone);
  }
  return { at: new Date(utc).toISOString(), timeUnknown: day !== null };
}

/**
 * A reporting day → `YYYY-MM-DD`, taken literally (a platform's day is already in the ad
 * account's zone). A value with a time and an offset is converted to `timezone` first.
 */
export function parseDate(
  value: string | undefined,
  field: string,
  timezone: string,
  order: DateOrder | null = null,
  twoDigitYears: DateOrder | null = null,
): string | null {
  const v = cell(value);
  if (v === null) return null;
  const day = parseDayText(v, order, field, twoDigitYears);
  if (day) return day;
  const ts = parseTimestamp(v, field, timezone, order, twoDigitYears);
  return ts === null ? null : DateTime.fromISO(ts, { zone: timezone }).toISODate();
}

/** Days from 1970-01-01 back to the day before a spreadsheet's serial 1 (1900 system: 1899-12-30). */
const SERIAL_1900_EPOCH = -25_569;
/** The 1904 date system (older Mac Excel) counts from 1904-01-01: 1,462 days later. */
const SERIAL_1904_SHIFT = 1_462;

/**
 * A reject reason for a date cell a spreadsheet program turned into its serial number (field
 * case F12): `46335` (or `46335.4375`, with the time as a day fraction) in a date column is
 * 2026-11-09 in the 1900 date system and 2030-11-10 in the 1904 one, and a CSV does not say
 * which, so the value stays refused and the reason names the damage and how to export again.
 * Null when `value` is no 5-digit serial of a day in 1970–2200 (either system).
 */
export function spreadsheetSerialDate(value: string): string | null {
  const m = /^(\d{5})(?:[.,]\d+)?$/.exec(value.trim());
  if (!m) return null;
  const day = (offset: number) => new Date((Number(m[1]) + SERIAL_1900_EPOCH + offset) * 86_400_000);
  const [d1900, d1904] = [day(0), day(SERIAL_1904_SHIFT)];
  if (d1900.getUTCFullYear() < 1970 || d1904.getUTCFullYear() > 2200) return null;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return (
    `"${value}" is a date a spreadsheet program turned into its serial number (${iso(d1900)} in the 1900 date system, ` +
    `${iso(d1904)} in the 1904 one, and a CSV file does not say which); export the file again and import it without ` +
    `opening and saving it in a spreadsheet, or format the column as a date (yyyy-mm-dd hh:mm) before saving it as CSV`
  );
}
