/**
 * Numbers as people's exports write them: a decimal comma or point; thousands grouped by
 * `,` `.` `'` `’`, a space, a no-break or narrow no-break space, or the Indian lakh/crore
 * grouping (`1,23,456.78`, `12,34,56,789.00`: CLDR en-IN / hi-IN `#,##,##0.###`); a sign, parentheses for
 * negatives (a trailing `%` only for evidence: percentages are read by values.ts). `1,234` is one thousand two hundred and thirty-four with a
 * decimal point and one point two three four with a decimal comma: which one a file means is
 * decided once for the whole file (conventions.ts), never per value.
 */

export type DecimalSeparator = '.' | ',';

/** Thousands separators; a number uses one of them throughout. */
const GROUP = `[,.'’ \\u00a0\\u202f]`;
/** Integer part (plain, or grouped by threes), optional fraction. */
const NUMBER = new RegExp(`^(?:(\\d{1,3})((${GROUP})\\d{3}(?:\\3\\d{3})*)|(\\d+))(?:([.,])(\\d+))?$`, 'u');

/**
 * The Indian grouping (lakh, crore): one or two digits, then groups of two, then the last group
 * of three, all by `,`, and a decimal point (CLDR's en-IN pattern `#,##,##0.###`). At least one
 * group of two, so `12,345` stays an ordinary (possibly ambiguous) thousands group. No locale
 * writes a decimal comma twice, so such a number proves a decimal point; the same shape with
 * `.`, a space or `'` is written by no locale and is not read.
 */
const LAKH = /^(\d{1,2})((?:,\d{2})+,\d{3})(?:\.(\d+))?$/;

interface NumberShape {
  /** The integer digits with any grouping removed. */
  integer: string;
  /** The grouping separator, when the integer part is grouped. */
  group: string | null;
  /** How many groups of three follow the leading digits. */
  groups: number;
  /** The separator before the fraction, and the fraction digits. */
  point: DecimalSeparator | null;
  fraction: string;
}

function shape(core: string): NumberShape | null {
  const lakh = LAKH.exec(core);
  if (lakh && !lakh[1]!.startsWith('0')) {
    const groups = lakh[2]!.split(',').slice(1);
    return {
      integer: lakh[1]! + groups.join(''),
      group: ',',
      groups: groups.length,
      point: lakh[3] === undefined ? null : '.',
      fraction: lakh[3] ?? '',
    };
  }
  const m = NUMBER.exec(core);
  if (!m) return null;
  const grouped = m[1] !== undefined;
  const group = grouped ? m[3]! : null;
  if (grouped && m[1]!.startsWith('0')) {
    // A group never follows a leading zero: "0,123" is a fraction.
    const parts = m[2]!.split(group!);
    if (parts.length !== 2 || (group !== ',' && group !== '.') || m[5] !== undefined) return null;
    return { integer: m[1]!, group: null, groups: 0, point: group, fraction: parts[1]! };
  }
  return {
    integer: grouped ? m[1]! + m[2]!.split(group!).join('') : m[4]!,
    group,
    groups: grouped ? m[2]!.split(group!).length - 1 : 0,
    point: (m[5] as DecimalSeparator | undefined) ?? null,
    fraction: m[6] ?? '',
  };
}

/** Sign, parentheses and percent around the digits; null when the text has none of the number's shape. */
function strip(text: string): { core: string; negative: boolean; percent: boolean } | null {
  let s = text.trim();
  let negative = false;
  let percent = false;
  if (s.endsWith('%')) [s, percent] = [s.slice(0, -1).trimEnd(), true];
  if (/^\(.*\)$/.test(s)) [s, negative] = [s.slice(1, -1).trim(), true];
  if (/^[-−+]/.test(s)) {
    if (s[0] !== '+') negative = !negative;
    s = s.slice(1).trimStart();
  } else if (/\d-$/.test(s)) [s, negative] = [s.slice(0, -1), !negative];
  return /^\d/.test(s) ? { core: s, negative, percent } : null;
}

/** What a number cell says about the file's decimal separator. */
export type NumberEvidence = DecimalSeparator | 'ambiguous';

/**
 * The decimal separator a number proves (`1,234.56` → `.`, `12,5` → `,`, `1.234.567` → `,`,
 * `1,23,456` → `.`),
 * `ambiguous` for `1,234` / `1.234` (one separator, three digits after it), null when the
 * text proves nothing (`1234`, `1 234`) or is no number.
 */
export function numberEvidence(text: string): NumberEvidence | null {
  const stripped = strip(text);
  const s = stripped && shape(stripped.core);
  if (!s) return null;
  if (s.group === ',' || s.group === '.') {
    const decimal: DecimalSeparator = s.group === ',' ? '.' : ',';
    if (s.point !== null) return s.point === decimal ? decimal : null;
    return s.groups > 1 ? decimal : 'ambiguous';
  }
  if (s.point === null) return null;
  // "0,123" cannot be a thousands group, and "12,5" or "1234,56" not either.
  if (s.group === null && s.fraction.length === 3 && s.integer.length <= 3 && s.integer !== '0') return 'ambiguous';
  return s.point;
}

/**
 * The decimal separator an ambiguous amount (`12,345`, `1.234`: one separator, three digits
 * after it) proves in a currency with fewer than three fraction digits (`currencyDecimals`:
 * JPY 0, USD 2): read the other way it would have three, which no amount in that currency
 * has, so its separator groups thousands. Null when the text is not ambiguous or the currency
 * allows both readings (BHD, KWD: 3) or is unknown (null).
 */
export function decimalOfAmount(text: string, currencyDecimals: number | null): DecimalSeparator | null {
  if (currencyDecimals === null || currencyDecimals >= 3 || numberEvidence(text) !== 'ambiguous') return null;
  const separator = /[.,]/.exec(text)?.[0];
  return separator === ',' ? '.' : separator === '.' ? ',' : null;
}

/** Thrown when a number cannot be read without knowing the file's decimal separator. */
export class AmbiguousNumberError extends Error {
  override name = 'AmbiguousNumberError';
}

/**
 * A number written with `decimal` as its decimal separator → its value, or null when the text
 * is not a number of that convention (`12,5` in a decimal-point file, `1.234.567` in one…).
 * With `decimal` null only unambiguous numbers are read; `1,234` throws AmbiguousNumberError.
 */
export function parseNumberText(text: string, decimal: DecimalSeparator | null): number | null {
  const stripped = strip(text);
  const s = stripped && shape(stripped.core);
  if (!stripped || !s || stripped.percent) return null;
  let digits: string;
  const evidence = numberEvidence(text);
  if (evidence === 'ambiguous' && decimal === null) {
    throw new AmbiguousNumberError(`"${text.trim()}" can be read with a decimal comma or a decimal point`);
  }
  const d = decimal ?? (evidence as DecimalSeparator | null) ?? '.';
  if (s.group !== null && s.group === d) {
    // "1,234" in a decimal-comma file is 1.234: a "group" that is really the fraction.
    if (s.groups !== 1 || s.point !== null) return null;
    digits = `${s.integer.slice(0, -3)}.${s.integer.slice(-3)}`;
  } else {
    if (s.point !== null && s.point !== d) return null;
    digits = s.point === null ? s.integer : `${s.integer}.${s.fraction}`;
  }
  return Number(digits) * (stripped.negative ? -1 : 1);
}
