/**
 * Calendar days as people's exports write them: ISO, numeric dates in a file's date order
 * (`03/11/2026` is 3 November day-first and 11 March month-first), and dates with a month
 * name in any of the languages the importers read ("9 de nov. de 2026", "9. Nov. 2026",
 * "9 nov 2026", "Nov 9, 2026", "mar. 10 nov. 2026").
 *
 * Month and weekday names come from the platform's Intl locale data (CLDR), never from
 * hand-written tables; a name that means two different months in two languages is dropped.
 */

/** The languages whose exports are read (header aliases, month names, number conventions). */
export const LANGUAGES = ['en', 'de', 'fr', 'it', 'es', 'pt', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The order of day, month and year in a numeric date: `DMY` (03/11/2026 = 3 Nov; most of
 * the world, and every dotted date), `MDY` (US), `YMD` (ISO and 2026/11/03).
 */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';
export const DATE_ORDERS: readonly DateOrder[] = ['DMY', 'MDY', 'YMD'];

/** Lower-case, NFC, without a trailing dot: how names are compared. */
function fold(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/\.$/, '');
}

function withoutAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Intl's names of months or weekdays in every supported language, long and short, by width. */
function intlNames(option: 'month' | 'weekday', count: number, dateOf: (i: number) => Date): [string, number][] {
  const out: [string, number][] = [];
  for (const lang of [...LANGUAGES, 'en-GB']) {
    for (const width of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(lang, { [option]: width, timeZone: 'UTC' });
      for (let i = 0; i < count; i++) {
        const name = format.format(dateOf(i));
        for (const n of new Set([fold(name), fold(withoutAccents(name))])) out.push([n, i + 1]);
      }
    }
  }
  return out;
}

/** Month names and abbreviations of every supported language → 1..12; a name meaning two months is dropped. */
const MONTHS = (() => {
  const names = new Map<string, number>();
  const conflicting = new Set<string>();
  for (const [name, month] of intlNames('month', 12, (i) => new Date(Date.UTC(2026, i, 15)))) {
    if ((names.get(name) ?? month) !== month) conflicting.add(name);
    names.set(name, month);
  }
  for (const name of conflicting) names.delete(name);
  return names;
})();

/**
 * Weekday names and their parts ("segunda-feira"); they may stand before a date and are
 * ignored, so their value does not matter. 2026-11-16 is a Monday.
 */
const WEEKDAYS = new Set(
  intlNames('weekday', 7, (i) => new Date(Date.UTC(2026, 10, 16 + i))).flatMap(([name]) => [name, ...name.split('-')]),
);

/** Words that join the parts of a written date: "9 de noviembre de 2026", "the 9th of November". */
const CONNECTORS = new Set(['de', 'del', 'of', 'the', 'le', 'den', 'der', 'il']);

export function isoDay(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2200)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A two-digit year is 20YY (`26` → 2026): read only once the file's order is known (`twoDigitYearOrders`). */
function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/** A numeric date `a/b/y`, `a.b.y`, `a-b-y` (day and month one or two digits, year two or four). */
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
/** Year first: `2026-11-03`, `2026/11/3`, `2026.11.03`. */
const YEAR_FIRST = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$/;

/**
 * `text` with a leading numeric date of the unambiguous spaced and suffixed forms other locales
 * write rewritten to the compact form the readers below know: `3. 11. 2026` and `03.11.2026.`
 * (Czech, Slovak, Croatian, Serbian: dotted, so day-first) → `3.11.2026`; `2026. 11. 3.`
 * (Hungarian, Korean) → `2026.11.3`; `2026年11月3日` (Japanese, Chinese) and `2026년 11월 3일`
 * (Korean) → `2026-11-3`. Whatever follows the date (a time) is kept; any other text is returned
 * as it is. The forms are Unicode CLDR's medium/short date patterns of those locales.
 */
export function compactDateForms(text: string): string {
  return text
    .replace(/^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?=\s|$)/u, '$1-$2-$3')
    .replace(/^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?(?=\s|$)/, '$1.$2.$3')
    .replace(/^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?(?=\s|$)/, '$1.$2.$3');
}

/** What a numeric date says about the file's date order. */
export type DateEvidence = 'DMY' | 'MDY' | 'ambiguous';

/**
 * The orders a numeric date with a two-digit year can be read in (`03/11/26`: DMY 3 Nov 2026,
 * MDY 11 Mar 2026, YMD 26 Nov 2003; `26.11.03`: DMY or YMD, a dotted date is never
 * month-first), years as 20YY; null when `text` is no such date (a four-digit year, ISO…).
 * The year may stand first or last, so only a value that fits one place (above 31: a year;
 * above 12: no month) or a setting tells; conventions.ts decides it once per file.
 */
export function twoDigitYearOrders(text: string): DateOrder[] | null {
  const m = NUMERIC.exec(compactDateForms(text));
  if (!m || m[4]!.length !== 2) return null;
  const [a, b, c] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const orders: DateOrder[] = [];
  if (isoDay(2000 + c, b, a)) orders.push('DMY');
  if (m[2] !== '.' && isoDay(2000 + c, a, b)) orders.push('MDY');
  if (m[1]!.length === 2 && isoDay(2000 + a, b, c)) orders.push('YMD');
  return orders;
}

/**
 * The date order a numeric date proves (`14/11/2026` → DMY, `11/14/2026` → MDY), `ambiguous`
 * when both parts are 12 or less, null when `text` is no numeric day-month date with a
 * four-digit year (ISO, year-first, two-digit years: see `twoDigitYearOrders`, month names,
 * impossible values). Dotted dates are always day-first.
 */
export function dateEvidence(text: string): DateEvidence | null {
  const m = NUMERIC.exec(compactDateForms(text));
  if (!m || m[4]!.length === 2) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const y = fullYear(m[4]!);
  const dmy = isoDay(y, b, a) !== null;
  const mdy = isoDay(y, a, b) !== null;
  if (m[2] === '.') return dmy ? 'DMY' : null;
  if (dmy && mdy) return a === b ? null : 'ambiguous';
  return dmy ? 'DMY' : mdy ? 'MDY' : null;
}

/** Thrown when a numeric date cannot be read without knowing the file's date order; `fix` says what settles it. */
export class AmbiguousDateError extends Error {
  override name = 'AmbiguousDateError';
  constructor(
    message: string,
    readonly fix = 'set the dateOrder',
  ) {
    super(message);
  }
}

/** What settles a two-digit year, for messages. */
export const TWO_DIGIT_YEAR_FIX =
  'export the dates with four-digit years, or set the dateOrder ("DMY", "MDY" or "YMD")';

/**
 * A calendar day written without a time → `YYYY-MM-DD`, or null when the text is not a day
 * of the shapes above. `order` decides numeric dates such as `03/11/2026`; with no order an
 * ambiguous one throws AmbiguousDateError (a day-first and a month-first reading both exist).
 * A two-digit year (`03/11/26`, `26.11.03`) is read, as 20YY, only in `twoDigitYears` (the
 * file's order once its values or a setting proved where the year stands; YMD: first): with
 * none it throws AmbiguousDateError unless only one reading exists.
 */
export function parseDayText(
  text: string,
  order: DateOrder | null,
  twoDigitYears: DateOrder | null = null,
): string | null {
  const s = compactDateForms(text.trim());
  let m = YEAR_FIRST.exec(s);
  if (m) return isoDay(+m[1]!, +m[3]!, +m[4]!);
  const twoDigit = twoDigitYearOrders(s);
  if (twoDigit) {
    const [a, b, c] = s.split(/[/.-]/).map(Number) as [number, number, number];
    const read = (o: DateOrder) =>
      o === 'DMY' ? isoDay(2000 + c, b, a) : o === 'MDY' ? isoDay(2000 + c, a, b) : isoDay(2000 + a, b, c);
    if (twoDigitYears) return twoDigit.includes(twoDigitYears) ? read(twoDigitYears) : null;
    if (twoDigit.length > 1) throw new AmbiguousDateError(twoDigitYearReason(s, twoDigit), TWO_DIGIT_YEAR_FIX);
    return twoDigit[0] ? read(twoDigit[0]) : null;
  }
  m = NUMERIC.exec(s);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[3]), fullYear(m[4]!)];
    if (m[2] === '.') return isoDay(y, b, a); // dotted dates are day-first everywhere
    const dmy = isoDay(y, b, a);
    const mdy = isoDay(y, a, b);
    if (order === 'DMY' || order === 'YMD') return order === 'DMY' ? dmy : null;
    if (order === 'MDY') return mdy;
    if (dmy && mdy && dmy !== mdy) throw new AmbiguousDateError(`"${s}" can be read day-first or month-first`);
    return dmy ?? mdy;
  }
  return /\p{L}/u.test(s) ? namedDay(s) : null;
}

/** Splits a written date into words and numbers: "9 de nov. de 2026" → 9, nov, 2026. */
function tokens(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/(\d)(st|nd|rd|th|er|º|ª)(?=[\s.,]|$)/gu, '$1')
    .split(/[\s.,-]+/u)
    .filter((t) => t !== '' && !CONNECTORS.has(t));
}

/** A day with a month name, in any order of day, month and year, with an optional weekday. */
function namedDay(text: string): string | null {
  const parts = tokens(text);
  const numbers = parts.filter((t) => /^\d+$/.test(t));
  const words = parts.filter((t) => !/^\d+$/.test(t));
  if (numbers.length !== 2) return null;
  // Exactly one word is the month; any other must be a weekday ("mar." is Tuesday in French
  // and March elsewhere: with "nov." beside it, it is the weekday).
  const months = words.filter((w) => MONTHS.has(w));
  const month = months.length === 1 ? months[0]! : months.filter((w) => !WEEKDAYS.has(w)).at(0);
  if (month === undefined || months.length > 2) return null;
  if (words.some((w) => w !== month && !WEEKDAYS.has(w))) return null;
  const yearIndex = numbers.findIndex((n) => n.length === 4);
  if (yearIndex < 0 || numbers[1 - yearIndex]!.length > 2) return null;
  return isoDay(Number(numbers[yearIndex]), MONTHS.get(month)!, Number(numbers[1 - yearIndex]));
}

/** A month's name or abbreviation alone ("November", "nov.", "Dezember") → 1..12, or null. */
export function parseMonthName(text: string): number | null {
  const parts = tokens(text);
  return parts.length === 1 ? (MONTHS.get(parts[0]!) ?? null) : null;
}

/**
 * A month written as text ("November 2026", "nov. 2026", "2026-11", "11/2026") → its first
 * and last day, or null. Used for reports segmented by month.
 */
export function parseMonthText(text: string): { start: string; end: string } | null {
  const s = text.trim();
  let year: number | undefined;
  let month: number | undefined;
  let m = /^(\d{4})[-/.](\d{1,2})$/.exec(s) ?? null;
  if (m) [year, month] = [+m[1]!, +m[2]!];
  else if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(s))) [year, month] = [+m[2]!, +m[1]!];
  else {
    const parts = tokens(s);
    const numbers = parts.filter((t) => /^\d{4}$/.test(t));
    const words = parts.filter((t) => !/^\d+$/.test(t));
    if (numbers.length === 1 && words.length === 1 && parts.length === 2 && MONTHS.has(words[0]!)) {
      [year, month] = [Number(numbers[0]), MONTHS.get(words[0]!)!];
    }
  }
  if (year === undefined || month === undefined) return null;
  const start = isoDay(year, month, 1);
  if (!start) return null;
  const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return { start, end };
}

/** Quarter words of the supported languages ("Q4 2026", "4. Quartal 2026", "T4 2026", "2026 Q4", "K4 2026"). */
const QUARTER =
  /^(?:(?:q|t|k|kw)\s*([1-4])|([1-4])(?:\.|º|°|e|er|st|nd|rd|th)?\s*(?:quarter|quartal|trimestre|kwartaal|trim\.?))\s*(?:de\s+)?(\d{4})$|^(\d{4})\s*[-/ ]?\s*(?:q|t|k)([1-4])$/i;

/** A quarter written as text → its first and last day, or null. */
export function parseQuarterText(text: string): { start: string; end: string } | null {
  const m = QUARTER.exec(text.trim());
  if (!m) return null;
  const q = Number(m[1] ?? m[2] ?? m[5]);
  const year = Number(m[3] ?? m[4]);
  const start = isoDay(year, (q - 1) * 3 + 1, 1);
  if (!start) return null;
  return { start, end: new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10) };
}

/** The date order a locale writes (`en-GB` → DMY, `en-US` → MDY, `de` → DMY), from Intl. */
export function dateOrderOfLocale(locale: string): DateOrder | null {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 10, 3)));
    const order = parts
      .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
      .map((p) => p.type[0]!.toUpperCase())
      .join('');
    return DATE_ORDERS.includes(order as DateOrder) ? (order as DateOrder) : null;
  } catch {
    return null;
  }
}

/** Why a two-digit-year date cannot be read: its readings, in words (`03/11/26` → "2026-11-03 (DMY), …"). */
export function twoDigitYearReason(text: string, orders: readonly DateOrder[]): string {
  const readings = orders.map((o) => `${parseDayText(text, o, o)} (${o})`).join(', ');
  return `"${text}" has a two-digit year and can be read as ${readings}`;
}

/** Describes an order for messages. */
export function describeOrder(order: DateOrder): string {
  return order === 'DMY' ? 'day-first (DMY)' : order === 'MDY' ? 'month-first (MDY)' : 'year-first (YMD)';
}
