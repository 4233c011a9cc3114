/**
 * A file's conventions, decided once from the whole file before any row is read: the order
 * of numeric dates and the decimal separator. Each is taken, in this order, from the source's
 * setting, from the file's own values (a day above 12, a `12,5`), for dates from the vendor's
 * fixed order when it writes one whatever the user's locale (LinkedIn), from the language of its
 * header, from the configured `locale` (the decimal separator also from a `;` delimiter; it
 * must be the one all of these agree on, English headers counting only when nothing else
 * speaks); a file whose values contradict each other or a setting, or that needs a convention
 * nothing settles, is refused whole with the setting to add. Never a silent month/day swap,
 * never a guessed decimal separator.
 */
import {
  dateEvidence,
  dateOrderOfLocale,
  describeOrder,
  twoDigitYearOrders,
  type DateOrder,
  type Language,
} from './date-text.js';
import { FormatError } from './errors.js';
import { languageName } from './headers.js';
import { decimalOfAmount, numberEvidence, type DecimalSeparator } from './number-text.js';
import { currencyDecimals, halfWidth, splitMoney } from './values.js';

/** One cell of the data block, where it stands. */
export interface ScannedCell {
  text: string;
  line: number;
  column: string;
  /** The currency of a money cell when the row, the header or the source's setting names it (table.ts). */
  currency?: string;
}

/**
 * Where a decision came from, for the load notes and messages. `export day`: the order the other
 * signals chose read a record as created after the file's export day (row-format.ts).
 */
export type DecidedBy = 'setting' | 'values' | 'format' | 'header language' | 'locale' | 'delimiter' | 'export day';

export interface FileConventions {
  /** Null when the file has no numeric day-month date that needs one. */
  dateOrder: DateOrder | null;
  dateOrderFrom: DecidedBy | null;
  /** The value that settled it, when the file's values did (`line 5, column "Create Date": "14/11/2026"`). */
  dateOrderEvidence: string | null;
  /**
   * The order two-digit-year dates (`03/11/26`) are read in: the setting, or what the file's
   * values prove; null when the year may stand first or last (such dates are then rejects).
   */
  twoDigitYears: DateOrder | null;
  /** Null when no number in the file needs one (then `.`-less and unambiguous values only). */
  decimal: DecimalSeparator | null;
  decimalFrom: DecidedBy | null;
  decimalEvidence: string | null;
  language: Language | null;
}

export interface ConventionInputs {
  fileName: string;
  format: string;
  /** Every non-empty cell of the data rows. */
  cells: Iterable<ScannedCell>;
  /** Free text around the data (title and footer lines): dates in it count as evidence. */
  texts: Iterable<{ text: string; line: number }>;
  language: Language | null;
  /**
   * The languages a mixed header proves (English and Spanish standard labels side by side;
   * headers.ts headerLanguageEvidence): the UI that wrote the file is unknown, so neither its
   * language nor the team's locale settles its dates or numbers; only the source's own
   * dateOrder, decimalSeparator or locale setting does, else the file is refused.
   */
  languageMixed?: readonly Language[];
  setting: { dateOrder?: DateOrder; decimalSeparator?: DecimalSeparator; locale?: string };
  /** The config's `locale` when it is set. */
  locale?: string;
  delimiter: string;
  /**
   * The order the vendor always writes numeric dates in, whatever the exporting user's UI
   * locale (LinkedIn: M/D/YYYY), with the words that say so. It settles an ambiguous date
   * before the header language and the locale, which say nothing about such a vendor.
   */
  fixedDateOrder?: { order: DateOrder; why: string };
}

interface Seen {
  line: number;
  column: string | null;
  text: string;
  /** Why an ambiguous amount proves a separator (`JPY has no decimals: "," groups thousands`). */
  why?: string;
}

const LEADING_DATE = /^(\d{1,2}([/.-])\d{1,2}\2(?:\d{4}|\d{2}))(?=$|[\sT,])/;
const DATE_IN_TEXT = /(?<![\d/.-])(\d{1,2}([/.-])\d{1,2}\2(?:\d{4}|\d{2}))(?![\d/.-])/g;

const where = (s: Seen) => `line ${s.line}${s.column === null ? '' : `, column "${s.column}"`}`;
/** `"12,5"`, or `"12,345" (JPY has no decimals: "," groups thousands)` when an amount's currency proved it. */
const quoted = (s: Seen) => `"${s.text}"${s.why ? ` (${s.why})` : ''}`;

/**
 * What an ambiguous amount's currency proves (number-text.ts `decimalOfAmount`), with the
 * words for messages; null when it proves nothing.
 */
function amountEvidence(digits: string, currency: string): { decimal: DecimalSeparator; why: string } | null {
  const decimals = currencyDecimals(currency);
  const decimal = decimalOfAmount(digits, decimals);
  if (decimal === null) return null;
  const group = decimal === '.' ? ',' : '.';
  return {
    decimal,
    why: `${currency} has ${decimals === 0 ? 'no decimals' : `${decimals} decimals`}: "${group}" groups thousands`,
  };
}

/**
 * Decides the date order and decimal separator of one file. Throws FormatError (one line:
 * file, line, column, the values in conflict, the setting to add) when the file mixes
 * conventions, contradicts the source's setting, or needs a convention nothing settles.
 */
export function decideConventions(input: ConventionInputs): FileConventions {
  const dates: Partial<Record<'DMY' | 'MDY' | 'ambiguous', Seen>> = {};
  const numbers: Partial<Record<'.' | ',' | 'ambiguous', Seen>> = {};
  // Two-digit-year dates by the orders they allow (the first of each kind): at most 7 kinds.
  const twoDigit = new Map<string, { orders: DateOrder[]; seen: Seen }>();
  const noteDate = (text: string, seen: Seen) => {
    const orders = twoDigitYearOrders(text);
    if (orders) {
      if (!twoDigit.has(orders.join())) twoDigit.set(orders.join(), { orders, seen: { ...seen, text } });
      return;
    }
    const e = dateEvidence(text);
    if (e) dates[e] ??= seen;
  };
  for (const written of input.cells) {
    // Full-width forms (`￥２０，０００`) read as their plain forms, as the cell's value is (values.ts).
    const c = { ...written, text: halfWidth(written.text) };
    const first = c.text.charCodeAt(0);
    // Cheap filter: a digit, a sign, a currency symbol or code first ("USD 12,50", "R$ 5").
    if (!(first >= 48 && first <= 57) && !/^(?:[-−+($€£¥₹₩₺]|[A-Z]{1,3}\$|[A-Z]{3}\s?\d)/u.test(c.text)) continue;
    const date = LEADING_DATE.exec(c.text);
    if (date) {
      noteDate(date[1]!, { line: c.line, column: c.column, text: c.text });
      continue;
    }
    const money = splitMoney(c.text);
    const n = numberEvidence(money.digits);
    // An amount's currency rules out the reading that would give it more decimals than the
    // currency has ("12,345" JPY is twelve thousand): evidence as a "12,5" is.
    const currency = money.currency ?? c.currency;
    const proven = n === 'ambiguous' && currency ? amountEvidence(money.digits, currency) : null;
    if (proven) numbers[proven.decimal] ??= { line: c.line, column: c.column, text: c.text, why: proven.why };
    else if (n) numbers[n] ??= { line: c.line, column: c.column, text: c.text };
  }
  for (const t of input.texts) {
    for (const m of t.text.matchAll(DATE_IN_TEXT)) noteDate(m[1]!, { line: t.line, column: null, text: m[1]! });
  }
  const settingName = (key: string) => `sources["${input.format}"].${key}`;
  const refuse = (message: string) => new FormatError(`${input.fileName}: ${message}`);
  const twoDigitOrder = decideTwoDigitYears([...twoDigit.values()], input.setting.dateOrder, settingName, refuse);
  // What the two-digit years settle joins the other dates' evidence (a year-last pair is
  // still day-first or month-first: the usual rules decide that).
  if (twoDigitOrder?.order === 'DMY' || twoDigitOrder?.order === 'MDY')
    dates[twoDigitOrder.order] ??= twoDigitOrder.seen;
  if (twoDigitOrder?.order === 'year last') dates.ambiguous ??= twoDigitOrder.seen;
  // An unproven year position is settled by nothing but a setting: those dates are rejects
  // with the reason (a date-like campaign name does not refuse the whole file).

  // ---- date order
  let dateOrder: DateOrder | null = null;
  let dateOrderFrom: DecidedBy | null = null;
  let dateOrderEvidence: string | null = null;
  const { DMY: dmy, MDY: mdy, ambiguous } = dates;
  if (twoDigitOrder?.order === 'YMD' && !input.setting.dateOrder) {
    const other = dates.DMY ?? dates.MDY ?? dates.ambiguous;
    if (other) {
      throw refuse(
        `the file mixes date orders: ${where(twoDigitOrder.seen)} "${twoDigitOrder.seen.text}" is year-first, ${where(other)} "${other.text}" is not; export it again with one date format (nothing was loaded)`,
      );
    }
    [dateOrder, dateOrderFrom] = ['YMD', 'values'];
    dateOrderEvidence = `${where(twoDigitOrder.seen)}: "${twoDigitOrder.seen.text}"`;
  } else if (input.setting.dateOrder) {
    [dateOrder, dateOrderFrom] = [input.setting.dateOrder, 'setting'];
    const contradiction = dateOrder === 'DMY' ? mdy : dateOrder === 'MDY' ? dmy : (dmy ?? mdy);
    if (contradiction) {
      throw refuse(
        `${where(contradiction)}: "${contradiction.text}" cannot be ${describeOrder(dateOrder)} as ${settingName('dateOrder')} says; correct the setting (nothing was loaded)`,
      );
    }
  } else if (dmy && mdy) {
    throw refuse(
      `the file mixes date orders: ${where(dmy)} "${dmy.text}" is day-first, ${where(mdy)} "${mdy.text}" is month-first; export it again with one date format (nothing was loaded)`,
    );
  } else if (dmy || mdy) {
    [dateOrder, dateOrderFrom] = [dmy ? 'DMY' : 'MDY', 'values'];
    dateOrderEvidence = `${where((dmy ?? mdy)!)}: "${(dmy ?? mdy)!.text}"`;
  } else if (ambiguous && input.fixedDateOrder) {
    [dateOrder, dateOrderFrom] = [input.fixedDateOrder.order, 'format'];
    dateOrderEvidence = input.fixedDateOrder.why;
  } else if (ambiguous) {
    const fromLanguage = input.language && input.language !== 'en' ? dateOrderOfLocale(input.language) : null;
    const locale = localeFor(input);
    const fromLocale = locale ? dateOrderOfLocale(locale) : null;
    if (fromLanguage) [dateOrder, dateOrderFrom] = [fromLanguage, 'header language'];
    else if (fromLocale && fromLocale !== 'YMD') [dateOrder, dateOrderFrom] = [fromLocale, 'locale'];
    else {
      throw refuse(
        `${where(ambiguous)}: "${ambiguous.text}" can be day-first or month-first and nothing in the file settles it${mixedHeader(input)}; set ${settingName('dateOrder')} to "DMY" or "MDY" in the config (nothing was loaded)`,
      );
    }
  }

  // ---- decimal separator
  let decimal: DecimalSeparator | null = null;
  let decimalFrom: DecidedBy | null = null;
  let decimalEvidence: string | null = null;
  const { '.': point, ',': comma, ambiguous: ambiguousNumber } = numbers;
  if (input.setting.decimalSeparator) {
    [decimal, decimalFrom] = [input.setting.decimalSeparator, 'setting'];
    const contradiction = decimal === '.' ? comma : point;
    if (contradiction) {
      throw refuse(
        `${where(contradiction)}: ${quoted(contradiction)} does not use the decimal separator "${decimal}" that ${settingName('decimalSeparator')} says; correct the setting (nothing was loaded)`,
      );
    }
  } else if (point && comma) {
    throw refuse(
      `the file mixes number formats: ${where(point)} ${quoted(point)} has a decimal point, ${where(comma)} ${quoted(comma)} a decimal comma; export it again with one number format (nothing was loaded)`,
    );
  } else if (point || comma) {
    [decimal, decimalFrom] = [point ? '.' : ',', 'values'];
    decimalEvidence = `${where((point ?? comma)!)}: ${quoted((point ?? comma)!)}`;
  } else if (ambiguousNumber) {
    const signals = decimalSignals(input);
    const [first, other] = [signals[0], signals.find((s) => s.decimal !== signals[0]?.decimal)];
    const settle = `set ${settingName('decimalSeparator')} to "." or "," in the config (nothing was loaded)`;
    if (first && other) {
      throw refuse(
        `${where(ambiguousNumber)}: "${ambiguousNumber.text}" can be read with a decimal comma or a decimal point, and the file disagrees with itself: its ${first.what} says "${first.decimal}", its ${other.what} "${other.decimal}"; ${settle}`,
      );
    } else if (first) [decimal, decimalFrom] = [first.decimal, first.from];
    else if (input.language === 'en') [decimal, decimalFrom] = ['.', 'header language'];
    else {
      throw refuse(
        `${where(ambiguousNumber)}: "${ambiguousNumber.text}" can be read with a decimal comma or a decimal point and nothing in the file settles it${mixedHeader(input)}; ${settle}`,
      );
    }
  }
  const twoDigitYears =
    input.setting.dateOrder ??
    (twoDigitOrder === null || twoDigitOrder.order === 'unproven'
      ? null
      : twoDigitOrder.order === 'year last'
        ? dateOrder
        : twoDigitOrder.order);
  return {
    dateOrder,
    dateOrderFrom,
    dateOrderEvidence,
    twoDigitYears,
    decimal,
    decimalFrom,
    decimalEvidence,
    language: input.language,
  };
}

/**
 * The order of a file's two-digit-year dates (`03/11/26`, `26.11.03`): the one order every
 * such date allows (`twoDigitYearOrders`: a value above 31 is a year, above 12 no month);
 * `year last` when they prove only that the year is last (DMY or MDY is then decided like a
 * four-digit date's); `unproven` when the year may stand first or last; null when the file
 * has none or the setting reads them all. Throws FormatError when they contradict each other
 * or the setting.
 */
function decideTwoDigitYears(
  kinds: readonly { orders: DateOrder[]; seen: Seen }[],
  setting: DateOrder | undefined,
  settingName: (key: string) => string,
  refuse: (message: string) => FormatError,
): { order: DateOrder | 'year last' | 'unproven'; seen: Seen } | null {
  if (kinds.length === 0) return null;
  const fix = `export the dates with four-digit years, or set ${settingName('dateOrder')} to "DMY", "MDY" or "YMD" in the config (nothing was loaded)`;
  if (setting) {
    const misfit = kinds.find((k) => !k.orders.includes(setting));
    if (misfit) {
      throw refuse(
        `${where(misfit.seen)}: "${misfit.seen.text}" cannot be ${describeOrder(setting)} as ${settingName('dateOrder')} says; correct the setting (nothing was loaded)`,
      );
    }
    return null;
  }
  let allowed: DateOrder[] = ['DMY', 'MDY', 'YMD'];
  let proof: Seen | null = null;
  for (const k of kinds) {
    const next = allowed.filter((o) => k.orders.includes(o));
    if (next.length === 0) {
      const other = kinds.find((o) => !o.orders.some((x) => k.orders.includes(x))) ?? kinds[0]!;
      throw refuse(
        `the two-digit-year dates cannot be read in one order: ${where(other.seen)} "${other.seen.text}" and ${where(k.seen)} "${k.seen.text}"; ${fix}`,
      );
    }
    if (next.length < allowed.length) proof = k.seen;
    allowed = next;
  }
  const seen = proof ?? kinds[0]!.seen;
  if (allowed.length === 1) return { order: allowed[0]!, seen };
  return { order: allowed.includes('YMD') ? 'unproven' : 'year last', seen };
}

/**
 * The locale that may settle a file's conventions: the source's own, else the team's, but not
 * the team's when the header mixes languages (the exporting UI is then unknown).
 */
function localeFor(input: ConventionInputs): string | undefined {
  return input.setting.locale ?? ((input.languageMixed ?? []).length > 0 ? undefined : input.locale);
}

/** `: its header mixes English and Spanish column names …` when it does; empty otherwise. */
function mixedHeader(input: ConventionInputs): string {
  const mixed = input.languageMixed ?? [];
  if (mixed.length === 0) return '';
  const names = mixed.map(languageName);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return ` (its header mixes ${list} column names, so neither its language nor the team's locale tells the exporting user's date and number format; ${`sources["${input.format}"]`}.locale may name it)`;
}

/** One sign of a file's decimal separator: which, where it came from, and its words for a message. */
interface DecimalSignal {
  decimal: DecimalSeparator;
  from: DecidedBy;
  what: string;
}

/**
 * What says which decimal separator a file's ambiguous numbers (`1.234`, `12,000`) use when
 * none of its values proves it: a header in a language other than English, the configured
 * locale, a `;` delimiter (what Excel writes where the decimal separator is a comma). English
 * headers are not among them: an English CRM or ad platform UI is used in every region, and
 * a German team's English export with `;` and `12.000` means twelve thousand. They decide
 * only when nothing else speaks (see decideConventions).
 */
function decimalSignals(input: ConventionInputs): DecimalSignal[] {
  const out: DecimalSignal[] = [];
  const fromLanguage = input.language && input.language !== 'en' ? decimalOfLocale(input.language) : null;
  if (fromLanguage)
    out.push({ decimal: fromLanguage, from: 'header language', what: `header language (${input.language})` });
  const locale = localeFor(input);
  const fromLocale = locale ? decimalOfLocale(locale) : null;
  if (fromLocale) out.push({ decimal: fromLocale, from: 'locale', what: `locale (${locale})` });
  if (input.delimiter === ';') out.push({ decimal: ',', from: 'delimiter', what: 'delimiter ";"' });
  return out;
}

/** The decimal separator a locale writes, from Intl (`de` → `,`, `en-GB` → `.`). */
export function decimalOfLocale(locale: string): DecimalSeparator | null {
  try {
    const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return part === ',' || part === '.' ? part : null;
  } catch {
    return null;
  }
}
