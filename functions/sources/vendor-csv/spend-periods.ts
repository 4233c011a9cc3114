/**
 * The days one spend row covers: its time segment (Day, Week, Month, Quarter, Month of year,
 * Year), its own
 * reporting range, or the report's title range; clipped to the report's range and to the
 * campaign's own schedule. A platform reports a row's cost for those days only, so the cost
 * is spread over them and nowhere else (never before a campaign existed).
 */
import { DateTime } from 'luxon';
import { parseMonthName, parseMonthText, parseQuarterText } from './date-text.js';
import { FieldError, orNullOnFieldError } from './errors.js';
import type { Columns } from './columns.js';
import { names } from './headers.js';
import { ONGOING, PERIOD_HEADERS } from './formats/period-headers.js';
import type { VendorRow } from './kit.js';
import type { DateRange } from './spend.js';

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'month of year' | 'year';

/** The header names of each kind (period-headers.ts), in the order a report's columns are tried. */
const KIND_HEADERS: readonly [PeriodKind, keyof typeof PERIOD_HEADERS][] = [
  ['day', 'day'],
  ['week', 'week'],
  ['month', 'month'],
  ['quarter', 'quarter'],
  ['month of year', 'monthOfYear'],
  ['year', 'year'],
];

const plusDays = (day: string, n: number): string =>
  DateTime.fromISO(day, { zone: 'utc' }).plus({ days: n }).toISODate()!;

const lastOfMonths = (first: string, months: number): string =>
  DateTime.fromISO(first, { zone: 'utc' }).plus({ months }).minus({ days: 1 }).toISODate()!;

/**
 * The period a segment cell names, days inclusive. Day: that day. Week: 7 days from the
 * day written (the week's first day, whatever weekday the account starts weeks on). Month:
 * "November 2026", "2026-11" or the month's first day as a date. Quarter: "Q4 2026" or the
 * quarter's first day. Year: `2026`. Month of year: a month's name without a year, that month
 * in the year of the row's Year column, else the one year of the report's range (`titleRange`)
 * that has it. Dates are read with the file's date order (`r.date`). Throws FieldError when
 * the cell is empty or names no such period (a date that is not the first day of its month or
 * quarter is refused: which period it means is not clear; so is a month of year that the
 * report's range holds in two years, or that no range places in a year).
 */
export function periodOfCell(
  kind: PeriodKind,
  r: VendorRow,
  col: number,
  context: { titleRange?: DateRange | null; yearCol?: number } = {},
): DateRange {
  const text = r.text(col);
  if (text === null) throw new FieldError(r.field(col), `the ${kind} is empty`);
  if (kind === 'year') {
    if (!/^\d{4}$/.test(text)) throw new FieldError(r.field(col), `"${text}" is not a year`);
    return { start: `${text}-01-01`, end: `${text}-12-31` };
  }
  if (kind === 'month of year') return monthOfYear(text, r, col, context);
  if (kind === 'month') {
    const month = parseMonthText(text);
    if (month) return month;
  }
  if (kind === 'quarter') {
    const quarter = parseQuarterText(text);
    if (quarter) return quarter;
  }
  const day = r.date(col);
  if (day === null) throw new FieldError(r.field(col), `the ${kind} is empty`);
  switch (kind) {
    case 'day':
      return { start: day, end: day };
    case 'week':
      return { start: day, end: plusDays(day, 6) };
    case 'month':
    case 'quarter': {
      const d = DateTime.fromISO(day, { zone: 'utc' });
      const first = kind === 'month' ? d.day === 1 : d.day === 1 && (d.month - 1) % 3 === 0;
      if (!first) {
        throw new FieldError(
          r.field(col),
          `"${text}" is not the first day of a ${kind}; export the ${kind} as its name`,
        );
      }
      return { start: day, end: lastOfMonths(day, kind === 'month' ? 1 : 3) };
    }
  }
}

/** A month named without its year (Month of year): placed by the row's Year, else by the report's range. */
function monthOfYear(
  text: string,
  r: VendorRow,
  col: number,
  context: { titleRange?: DateRange | null; yearCol?: number },
): DateRange {
  const month = parseMonthName(text);
  if (month === null) throw new FieldError(r.field(col), `"${text}" is not the name of a month`);
  const mm = String(month).padStart(2, '0');
  const of = (year: number): DateRange => ({ start: `${year}-${mm}-01`, end: lastOfMonths(`${year}-${mm}-01`, 1) });
  const yearText = context.yearCol === undefined ? null : r.text(context.yearCol);
  if (yearText !== null && /^\d{4}$/.test(yearText)) return of(Number(yearText));
  const range = context.titleRange;
  const years: number[] = [];
  if (range) {
    for (let y = Number(range.start.slice(0, 4)); y <= Number(range.end.slice(0, 4)); y++) {
      if (intersect(of(y), range)) years.push(y);
    }
  }
  if (years.length !== 1) {
    const why = range
      ? `the report's range ${range.start}..${range.end} holds ${text} in ${years.length === 0 ? 'no year' : years.join(' and ')}`
      : 'the report has no date range to place it in a year';
    throw new FieldError(
      r.field(col),
      `"${text}" is a month without its year and ${why}; export the report segmented by Month`,
    );
  }
  return of(years[0]!);
}

/** The days both ranges cover, or null when they share none. */
export function intersect(a: DateRange, b: DateRange): DateRange | null {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

/**
 * A campaign's own schedule from its Starts / Ends cells: Ends `Ongoing` (any language of
 * period-headers.ts) or empty means it still runs, so the reporting end bounds it. Null
 * parts leave that side unbounded. Throws FieldError for a value that is no date.
 */
export function scheduleOf(
  r: VendorRow,
  startsCol: number | undefined,
  endsCol: number | undefined,
): { start: string | null; end: string | null } {
  const start = startsCol === undefined ? null : r.date(startsCol);
  const endText = r.text(endsCol);
  const ongoing = endText === null || ONGOING.includes(endText.normalize('NFC').toLowerCase());
  const end = ongoing ? null : r.date(endsCol);
  return { start, end };
}

/** Where a spend format finds the days of each row; resolved once per file. */
export interface RowDaysSpec {
  /** The time segment column, when the report is segmented by one. */
  period: { kind: PeriodKind; col: number; yearCol?: number } | null;
  /** Each row's own reporting range (Meta `Reporting starts`/`ends`, LinkedIn `Start`/`End Date`). */
  rowRange: { start: number; end: number } | null;
  /** The report's range on its title lines, when written (else null). */
  titleRange: DateRange | null;
  /** The campaign's own schedule columns (Meta `Starts` / `Ends`), when present. */
  starts: number | undefined;
  ends: number | undefined;
  /**
   * The file's export day (the import's `--date`, never after the clock's today): a week, month
   * or quarter still running on it, with no title range to bound it, is refused; a row's days
   * are spread up to it, never over days still to come.
   */
  today?: string;
  /** Where the platform's UI exports a report by day (e.g. Meta `Breakdown → By time → Day`), for refusals. */
  byDay?: string;
}

/**
 * The longest run of days (31: a calendar month) one row's cost is spread over when nothing
 * but the report's range says when it was spent: no time segment column and no campaign
 * Starts. Beyond it an even spread is not an estimate but a guess (a 37-month Meta "Maximum"
 * row of a campaign that ran one week would put 1/160 of its cost in each week), so the row is
 * refused (rowDays). A time segment (Week, Month, Quarter…) or the campaign's own Starts
 * bounds the row by what the platform said, and is spread whatever its length (field cases
 * F11, G9).
 */
export const MAX_UNBOUNDED_SPREAD_DAYS = 31;

/** Days of an inclusive ISO-date range. */
export const dayCount = (d: DateRange): number =>
  Math.round(DateTime.fromISO(d.end, { zone: 'utc' }).diff(DateTime.fromISO(d.start, { zone: 'utc' }), 'days').days) +
  1;

/**
 * The days a row's cost belongs to (inclusive): its period or reporting range (else the title
 * range), clipped to the title range, to the campaign's schedule and, when it covers several
 * days, to the export day `today` (a month-to-date report titled 1–30 Nov and exported on 23 Nov
 * holds the spend of 1–23 Nov: `endedByExportDay`). `days` is null when nothing is left;
 * `covers` is the row's period before clipping, for messages. Throws
 * FieldError for a period that cannot be read, a week/month/quarter still running with no
 * range to bound it, and a row without a time segment and without its campaign's own Starts
 * whose days are more than MAX_UNBOUNDED_SPREAD_DAYS (when its cost was spent is not known).
 */
export function rowDays(
  r: VendorRow,
  spec: RowDaysSpec,
): { days: DateRange | null; covers: DateRange; endedByExportDay: boolean } {
  let covers: DateRange;
  if (spec.period) {
    covers = periodOfCell(spec.period.kind, r, spec.period.col, {
      titleRange: spec.titleRange,
      yearCol: spec.period.yearCol,
    });
  } else if (spec.rowRange) {
    const start = r.date(spec.rowRange.start);
    const end = r.date(spec.rowRange.end);
    if (start === null || end === null) {
      throw new FieldError(
        r.field(start === null ? spec.rowRange.start : spec.rowRange.end),
        'the reporting range is empty',
      );
    }
    if (end < start) {
      throw new FieldError(r.field(spec.rowRange.end), `the reporting range ${start}..${end} ends before it starts`);
    }
    covers = { start, end };
  } else if (spec.titleRange) covers = spec.titleRange;
  else throw new FieldError(null, 'no dates for this row'); // the format refuses such a file first
  if (spec.period && spec.period.kind !== 'day' && !spec.titleRange && spec.today && covers.end > spec.today) {
    // The platform reported this period only up to the export: spread over the whole period,
    // part of its cost would land on days still to come.
    throw new FieldError(
      r.field(spec.period.col),
      `the ${spec.period.kind} ${covers.start}..${covers.end} had not ended on ${spec.today} and the report has no date range to bound it; export it with a date range, or by day`,
    );
  }
  let days: DateRange | null = covers;
  if (spec.titleRange && days) days = intersect(days, spec.titleRange);
  let ownStart: string | null = null;
  if ((spec.starts !== undefined || spec.ends !== undefined) && days) {
    const own = scheduleOf(r, spec.starts, spec.ends);
    ownStart = own.start;
    days = intersect(days, { start: own.start ?? days.start, end: own.end ?? days.end });
  }
  // Nothing was spent after the export: a range past it is spread only up to it.
  let endedByExportDay = false;
  if (days && spec.today && days.end > spec.today && days.start !== days.end) {
    days = days.start > spec.today ? null : { start: days.start, end: spec.today };
    endedByExportDay = true;
  }
  if (days && !spec.period && ownStart === null && dayCount(days) > MAX_UNBOUNDED_SPREAD_DAYS) {
    throw new FieldError(spec.rowRange ? r.field(spec.rowRange.start) : null, unboundedReason(spec, covers, days));
  }
  return { days, covers, endedByExportDay };
}

/**
 * The days a refused row's cost lies in by what the file states, when rowDays gives none (it
 * threw FieldError: a range too long to spread, a period still running, a day that does not
 * read): the row's own period or reporting range when its cells read (`reportCols`: the
 * format's reporting-range columns, read even beside a Day column, Meta's `Reporting starts`
 * / `Reporting ends`), else the report's range on the title lines; clipped to the title range
 * and to the export day `today`. Null when the file states no range for it (then the reject
 * has no days, as before). Days inclusive, `YYYY-MM-DD`. Rule: docs/methodology.md, "Rejected
 * rows" (spend rejects without days of their own, since 1.15). Throws nothing a cell causes.
 */
export function statedDaysOf(
  r: VendorRow,
  spec: RowDaysSpec,
  reportCols: { start: number; end: number } | null,
): DateRange | null {
  const rangeOf = (cols: { start: number; end: number } | null): DateRange | null => {
    if (!cols) return null;
    const start = orNullOnFieldError(() => r.date(cols.start));
    const end = orNullOnFieldError(() => r.date(cols.end));
    return start !== null && end !== null && start <= end ? { start, end } : null;
  };
  const period = spec.period;
  const own =
    (period
      ? orNullOnFieldError(() =>
          periodOfCell(period.kind, r, period.col, { titleRange: spec.titleRange, yearCol: period.yearCol }),
        )
      : null) ??
    rangeOf(spec.rowRange) ??
    rangeOf(reportCols);
  let days: DateRange | null = own ?? spec.titleRange;
  if (days && spec.titleRange) days = intersect(days, spec.titleRange);
  if (days && spec.today && days.end > spec.today) {
    days = days.start > spec.today ? null : { start: days.start, end: spec.today };
  }
  return days;
}

/** Why a long row without a time segment or campaign start is refused, and how to export it instead. */
function unboundedReason(spec: RowDaysSpec, covers: DateRange, days: DateRange): string {
  const what = spec.rowRange ? 'the reporting range' : "the report's range";
  const clipped =
    days.start === covers.start && days.end === covers.end ? '' : ` (clipped to ${days.start}..${days.end})`;
  const starts = spec.starts === undefined ? 'a campaign Starts column' : 'a campaign Starts';
  const how = spec.byDay ? ` (${spec.byDay})` : '';
  return `${what} ${covers.start}..${covers.end}${clipped} is ${dayCount(days)} days, with no day segment or ${starts} to say when its cost was spent (an even spread is kept to at most ${MAX_UNBOUNDED_SPREAD_DAYS} days); export the report by day${how}, or for a range of at most ${MAX_UNBOUNDED_SPREAD_DAYS} days`;
}

/** How a file's rows were spread, for the load notes (an estimate: platforms do not say per day). */
export function describeSpread(spec: RowDaysSpec): string {
  const range = (d: DateRange) => `${d.start}..${d.end}`;
  let over: string;
  if (spec.period) {
    const what = {
      day: 'day',
      week: 'week (7 days from its first day)',
      month: 'calendar month',
      quarter: 'calendar quarter',
      'month of year': 'calendar month',
      year: 'calendar year',
    };
    over = `each row's ${what[spec.period.kind]}`;
  } else if (spec.rowRange) over = "each row's own reporting range";
  else over = `the report's range ${range(spec.titleRange!)}`;
  const clips: string[] = [];
  if (spec.titleRange && (spec.period || spec.rowRange)) clips.push(`the report's range ${range(spec.titleRange)}`);
  if (spec.starts !== undefined || spec.ends !== undefined) {
    clips.push("each campaign's own Starts..Ends (an ongoing campaign: to the reporting end)");
  }
  return `evenly over the days of ${over}${clips.length > 0 ? `, within ${clips.join(' and ')}` : ''}: an estimate, not the platform's daily figures`;
}

/** The reason a row with cost but no day left is refused. */
export function outsideReason(spec: RowDaysSpec, covers: DateRange): string {
  const what = spec.period ? `the ${spec.period.kind}` : spec.rowRange ? 'the reporting range' : "the report's range";
  const bounds = [
    spec.titleRange ? `the report's range ${spec.titleRange.start}..${spec.titleRange.end}` : null,
    spec.starts !== undefined || spec.ends !== undefined ? "the campaign's Starts..Ends" : null,
    spec.today && covers.start > spec.today ? `the days up to the export day ${spec.today}` : null,
  ].filter((b) => b !== null);
  return `${what} ${covers.start}..${covers.end} shares no day with ${bounds.join(' and ')}, so its cost has no day; check the export's dates`;
}

/**
 * The time segment column of a report: the format's day column (`dayCol`) first, else the
 * first of Day, Week, Month, Quarter, Month of year, Year (period-headers.ts) the header has
 * (with Month of year, the Year column that places it); null when none.
 */
export function periodColumn(
  columns: Columns,
  dayCol: number | undefined,
): { kind: PeriodKind; col: number; yearCol?: number } | null {
  if (dayCol !== undefined) return { kind: 'day', col: dayCol };
  for (const [kind, header] of KIND_HEADERS) {
    const col = columns.find(names(PERIOD_HEADERS[header]));
    if (col === undefined) continue;
    const yearCol = kind === 'month of year' ? columns.find(names(PERIOD_HEADERS.year)) : undefined;
    return yearCol === undefined ? { kind, col } : { kind, col, yearCol };
  }
  return null;
}

/**
 * The period a spend file states it covers, as whole days (core/records.ts DeclaredPeriod): the
 * report's range on its title lines (Google Ads, LinkedIn), else the union of the rows' own
 * reporting ranges (Meta's Reporting starts / Reporting ends) when they join into one period
 * without a gap. Null when the file states none (a day-segmented export without a title range):
 * its days without rows may be days the export did not cover.
 */
export class StatedPeriod {
  private readonly ranges: DateRange[] = [];
  constructor(private readonly titleRange: DateRange | null) {}

  /** A row's own reporting range (before clipping to a campaign's schedule). */
  add(range: DateRange): void {
    this.ranges.push(range);
  }

  period(): { from: string; to: string } | null {
    if (this.titleRange) return { from: this.titleRange.start, to: this.titleRange.end };
    if (this.ranges.length === 0) return null;
    const sorted = [...this.ranges].sort((a, b) => a.start.localeCompare(b.start));
    const start = sorted[0]!.start;
    let end = sorted[0]!.end;
    for (const r of sorted.slice(1)) {
      if (r.start > plusDays(end, 1)) return null; // a gap: which days it covers is not one period
      if (r.end > end) end = r.end;
    }
    return { from: start, to: end };
  }
}

/** What a day column whose values are all period starts is read as (periodBreakdownOf). */
export interface PeriodBreakdown {
  /**
   * `month` or `week`: each row covers its period from the day written; `range`: the whole title
   * range; `ambiguous`: the one day is both the range's first day and a month's first day in a
   * range longer than that month (the Monthly or the All breakdown): the file is refused.
   */
  kind: 'month' | 'week' | 'range' | 'ambiguous';
  /** Why, for the import's notes: the days seen and the range. */
  why: string;
}

/**
 * Whether a spend file's day column is a period breakdown written as each period's first day
 * (LinkedIn's Time breakdown Monthly or All, a Weekly one; the same check for Meta's `Day` and
 * Google Ads' `Day`): its title range (`range`) is longer than a week and every value (`days`,
 * YYYY-MM-DD, the distinct values of the rows that read) is a 1st of a month (`month`), or one
 * weekday, Monday or Sunday, in steps of whole weeks with two values at least (`week`), or the
 * range's first day alone (`range`, the "All" breakdown), so the days without rows are explained
 * by the period. Null otherwise (a day column: each row is its day). Rule: docs/vendor-imports.md,
 * "Spend by day and spend spread over several days".
 */
export function periodBreakdownOf(days: readonly string[], range: DateRange | null): PeriodBreakdown | null {
  if (range === null || days.length === 0) return null;
  const span =
    DateTime.fromISO(range.end, { zone: 'utc' }).diff(DateTime.fromISO(range.start, { zone: 'utc' }), 'days').days + 1;
  if (span <= 7) return null;
  const sorted = [...new Set(days)].sort();
  const seen = `${sorted.length === 1 ? 'its only day is' : 'its days are all'} ${sorted.slice(0, 3).join(', ')}${sorted.length > 3 ? ', …' : ''}`;
  const inRange = `in the report's range ${range.start}..${range.end}`;
  const monthEnd = DateTime.fromISO(sorted[0]!, { zone: 'utc' }).endOf('month').toISODate()!;
  if (sorted.length === 1 && sorted[0] === range.start && sorted[0].endsWith('-01') && range.end > monthEnd)
    return {
      kind: 'ambiguous',
      why: `${seen}, both the first of a month and the first day of the report's range ${range.start}..${range.end}: a monthly or a whole-range breakdown cannot be told`,
    };
  if (sorted.every((d) => d.endsWith('-01')))
    return {
      kind: 'month',
      why: `${seen}, ${sorted.length === 1 ? 'the first of a month' : 'firsts of months'}, ${inRange}`,
    };
  if (sorted.length === 1 && sorted[0] === range.start)
    return { kind: 'range', why: `${seen}, the range's first day, ${inRange}` };
  const weekday = DateTime.fromISO(sorted[0]!, { zone: 'utc' }).weekday;
  const weekly =
    sorted.length >= 2 &&
    (weekday === 1 || weekday === 7) &&
    sorted.every(
      (d) =>
        Math.round(
          DateTime.fromISO(d, { zone: 'utc' }).diff(DateTime.fromISO(sorted[0]!, { zone: 'utc' }), 'days').days,
        ) %
          7 ===
        0,
    );
  if (weekly)
    return { kind: 'week', why: `${seen}, each a ${weekday === 1 ? 'Monday' : 'Sunday'} in whole weeks, ${inRange}` };
  return null;
}
