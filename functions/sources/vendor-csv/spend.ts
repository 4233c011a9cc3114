/**
 * Spend rows from ad-platform exports: one row per campaign and reporting day. Rows that
 * cover a range (range-only reports) are spread evenly over its days in whole cost units
 * (costUnitsPerCurrencyUnit: cents, or the third decimal of KWD and BHD; and whole
 * impressions/clicks, hundredths of conversions) so the day parts sum exactly to the
 * row; rows with the same account, campaign and day are summed (an ad-level export becomes
 * campaign rows).
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { withoutFormatCharacters } from '../../core/invisible.js';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import type { Channel } from '../../core/schema.js';
import { FieldError } from './errors.js';
import { reject, type VendorRow } from './kit.js';
import type { DateOrder } from './date-text.js';
import { currencyDecimals, parseDayText } from './values.js';

/**
 * A stable campaign id for exports without an id column: `name:` + the first 16 hex digits
 * of sha-256 over the campaign name (invisible format characters removed as from ids and
 * email addresses, Unicode NFC, trimmed, inner whitespace collapsed, lower-cased). The same
 * name always gives the same id, across files and platforms.
 */
export function deriveCampaignId(name: string): string {
  const normalized = withoutFormatCharacters(name).normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return `name:${createHash('sha256').update(normalized).digest('hex').slice(0, 16)}`;
}

export interface DateRange {
  start: string;
  end: string;
}

export type PreambleRange = DateRange | 'all-time' | null;

/** A time of day after a title range's day (`, 12:00 AM`, ` 23:59:59`): dropped, the range is of days. */
const TIME_OF_DAY = /,?\s*\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?\s*$/i;
/** `Report Start: 10/1/2026` and `Report End: 11/22/2026` on lines of their own (LinkedIn). */
const LINE_START = /^[^:]*\bstart\b[^:]*:\s*(.+)$/i;
const LINE_END = /^[^:]*\bend\b[^:]*:\s*(.+)$/i;
const ALL_TIME = /^(all time|gesamte laufzeit|gesamter zeitraum|lifetime|maximum|todo el tiempo|toute la période)$/i;

/**
 * The reporting range written on the title lines: `27 January 2026 - 23 February 2026`,
 * `"March 27, 2026 - April 23, 2026"`, `Report Start: 09/01/2026, Report End: 09/02/2026`
 * (or `Report Start:` and `Report End:` on two lines; each day may carry a time of day,
 * `10/23/2023, 12:00 AM`, which is dropped), or `All time` (which cannot be spread over days).
 */
export function rangeFromPreamble(
  preamble: readonly (readonly string[])[],
  order: DateOrder | null = null,
  twoDigitYears: DateOrder | null = null,
): PreambleRange {
  const day = (text: string) => parseDayText(text.replace(TIME_OF_DAY, ''), order, null, twoDigitYears);
  let startLine: string | null = null;
  let endLine: string | null = null;
  for (const cells of preamble) {
    const line = cells
      .filter((c) => c !== '')
      .join(', ')
      .trim();
    if (ALL_TIME.test(line)) return 'all-time';
    const ownStart = LINE_START.exec(line);
    const ownEnd = LINE_END.exec(line);
    if (ownStart && !ownEnd) startLine = day(ownStart[1]!);
    if (ownEnd && !ownStart) endLine = day(ownEnd[1]!);
    if (startLine && endLine) return { start: startLine, end: endLine };
    const dash = line.split(/\s+[-–—]\s+/);
    if (dash.length === 2) {
      const start = parseDayText(dash[0]!, order, null, twoDigitYears);
      const end = parseDayText(dash[1]!, order, null, twoDigitYears);
      if (start && end) return { start, end };
    }
    const labelled = /start[^:]*:\s*(.+?)\s*,\s*[^,]*end[^:]*:\s*(.+)$/i.exec(line);
    if (labelled) {
      const start = day(labelled[1]!);
      const end = day(labelled[2]!);
      if (start && end) return { start, end };
    }
  }
  return null;
}

export function daysOf(range: DateRange): string[] {
  const start = DateTime.fromISO(range.start, { zone: 'utc' });
  const end = DateTime.fromISO(range.end, { zone: 'utc' });
  const n = Math.round(end.diff(start, 'days').days) + 1;
  if (!(n >= 1)) throw new FieldError(null, `the range ${range.start} – ${range.end} ends before it starts`);
  if (n > 3700) throw new FieldError(null, `the range ${range.start} – ${range.end} is longer than ten years`);
  return Array.from({ length: n }, (_, i) => start.plus({ days: i }).toISODate()!);
}

/** Splits an integer into n parts that differ by at most one and sum exactly to it. */
export function splitEvenly(total: number, n: number): number[] {
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const base = Math.floor(abs / n);
  const remainder = abs - base * n;
  return Array.from({ length: n }, (_, i) => sign * (base + (i < remainder ? 1 : 0)));
}

export interface SpendInput {
  row: VendorRow;
  range: DateRange;
  accountId: string | null;
  campaignId: string;
  campaignName: string | null;
  channel: Channel | null;
  currency: string;
  cost: number;
  impressions: number | null;
  clicks: number | null;
  conversions: number | null;
}

/**
 * The whole units a cost in `currency` is kept and spread in, per currency unit: 100 (cents),
 * or 10^minor units where the currency has more than two (KWD, BHD: 1000), so no fraction
 * digit the currency has is rounded away (ISO 4217 minor units, values.ts currencyDecimals).
 */
function costUnitsPerCurrencyUnit(currency: string): number {
  let units = COST_UNITS.get(currency);
  if (units === undefined) COST_UNITS.set(currency, (units = 10 ** Math.max(2, currencyDecimals(currency) ?? 2)));
  return units;
}
/** Per currency code: Intl's formatter is too slow to build once per row. */
const COST_UNITS = new Map<string, number>();

interface Bucket {
  date: string;
  accountId: string | null;
  campaignId: string;
  campaignName: string | null;
  channel: Channel | null;
  currency: string;
  line: number;
  /** Cost in whole units of 1 / costUnitsPerCurrencyUnit(currency). */
  costUnits: number;
  impressions: number | null;
  clicks: number | null;
  conversionsHundredths: number | null;
  /** The spans (`YYYY-MM-DD..YYYY-MM-DD`) of the multi-day rows summed into this day. */
  spans: Set<string>;
}

/**
 * The campaign-day a row's spend is summed into: account, campaign and day, and the currency
 * when the row names no account. An ad account has one currency, so rows without an account id
 * in two currencies are two accounts (a Meta export of a multi-account view, one
 * `Amount spent (…)` column per currency) and neither is the other's: they stay two rows, as
 * stg_spend.sql keeps them apart. With an account id, one campaign-day in two currencies cannot
 * be read and is rejected (SpendCollector.add).
 */
function bucketKey(input: Pick<SpendInput, 'accountId' | 'campaignId' | 'currency'>, date: string): string {
  return JSON.stringify([input.accountId, input.campaignId, date, input.accountId === null ? input.currency : null]);
}

const add = (a: number | null, b: number | null): number | null =>
  a === null && b === null ? null : (a ?? 0) + (b ?? 0);

export class SpendCollector {
  private readonly buckets = new Map<string, Bucket>();
  /** Source rows that covered more than one day. */
  spreadRows = 0;
  private minDay: string | null = null;
  private maxDay: string | null = null;

  constructor(
    readonly source: string,
    readonly platform: string,
  ) {}

  /** Adds one export row; returns a reject when it conflicts with an earlier row. */
  add(input: SpendInput): ParsedRow | null {
    const days = daysOf(input.range);
    if (days.length > 1) this.spreadRows++;
    const n = days.length;
    const cost = splitEvenly(Math.round(input.cost * costUnitsPerCurrencyUnit(input.currency)), n);
    const impressions = input.impressions === null ? null : splitEvenly(input.impressions, n);
    const clicks = input.clicks === null ? null : splitEvenly(input.clicks, n);
    const conversions = input.conversions === null ? null : splitEvenly(Math.round(input.conversions * 100), n);
    for (const date of days) {
      const key = bucketKey(input, date);
      const existing = this.buckets.get(key);
      if (existing && existing.currency !== input.currency) {
        return reject(
          input.row,
          null,
          `campaign ${input.campaignName ?? input.campaignId} on ${date} appears in ${existing.currency} (line ${existing.line}) and in ${input.currency}`,
        );
      }
    }
    for (const [i, date] of days.entries()) {
      const key = bucketKey(input, date);
      const b = this.buckets.get(key) ?? {
        date,
        accountId: input.accountId,
        campaignId: input.campaignId,
        campaignName: input.campaignName,
        channel: input.channel,
        currency: input.currency,
        line: input.row.row.line,
        costUnits: 0,
        impressions: null,
        clicks: null,
        conversionsHundredths: null,
        spans: new Set<string>(),
      };
      if (n > 1) b.spans.add(`${days[0]}..${days.at(-1)}`);
      b.costUnits += cost[i]!;
      b.impressions = add(b.impressions, impressions?.[i] ?? null);
      b.clicks = add(b.clicks, clicks?.[i] ?? null);
      b.conversionsHundredths = add(b.conversionsHundredths, conversions?.[i] ?? null);
      this.buckets.set(key, b);
    }
    if (this.minDay === null || days[0]! < this.minDay) this.minDay = days[0]!;
    if (this.maxDay === null || days.at(-1)! > this.maxDay) this.maxDay = days.at(-1)!;
    return null;
  }

  get range(): DateRange | null {
    return this.minDay && this.maxDay ? { start: this.minDay, end: this.maxDay } : null;
  }

  *rows(): Generator<ParsedRow> {
    for (const b of this.buckets.values()) {
      const record: CanonicalRecord = {
        date: b.date,
        source: this.source,
        platform: this.platform,
        account_id: b.accountId,
        campaign_id: b.campaignId,
        campaign_name: b.campaignName,
        channel: b.channel,
        cost: b.costUnits / costUnitsPerCurrencyUnit(b.currency),
        currency: b.currency,
        impressions: b.impressions,
        clicks: b.clicks,
        conversions: b.conversionsHundredths === null ? null : b.conversionsHundredths / 100,
      };
      // The spans a day's cost was spread from: a later load must not restate part of them (spend-overlap.ts).
      yield b.spans.size > 0
        ? { ok: true, line: b.line, record, spread: [...b.spans].sort() }
        : { ok: true, line: b.line, record };
    }
  }
}
