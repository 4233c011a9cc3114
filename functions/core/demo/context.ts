/** The options of one demo generation, resolved and validated, plus the shared calendar. */
import { Calendar, DAY, parseIsoDate } from './calendar.js';

export const DEMO_TIMEZONE = 'Europe/Zurich';
/** The last day of the default demo (a Sunday): its last full week is 2026-W47. */
export const DEMO_END_DATE = '2026-11-22';
/** Weeks of data before the first reported week, so its comparisons and deal matches have history. */
export const RAMP_WEEKS = 4;
/** Calendar days kept before the data start, for activities logged before a lead existed. */
const LEAD_IN_DAYS = 30;

export interface DemoOptions {
  /** PRNG seed. @default 42 */
  seed?: number;
  /** Last day of the demo (local date in Europe/Zurich). @default '2026-11-22' */
  endDate?: string;
  /** Weeks ending `endDate` that the demo covers in full (ramp-up weeks come on top). @default 16 */
  weeks?: number;
  /** Multiplies all volumes (persons, deals, activities, spend amounts). @default 1 */
  scale?: number;
}

export interface DemoContext {
  seed: number;
  scale: number;
  weeks: number;
  endDate: string;
  cal: Calendar;
  /** Calendar index of the first data day (the first ramp-up day). */
  firstDay: number;
  /** Number of data days, ramp-up included. */
  days: number;
  /** Calendar index of the first reported day. */
  reportStartDay: number;
  /** The export moment: local midnight after `endDate`. Nothing happens at or after it. */
  asOf: number;
}

export function resolveOptions(options: DemoOptions = {}): DemoContext {
  const seed = options.seed ?? 42;
  const endDate = options.endDate ?? DEMO_END_DATE;
  const weeks = options.weeks ?? 16;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`demo seed: expected an integer, got ${seed}`);
  if (!Number.isInteger(weeks) || weeks < 12 || weeks > 260) {
    throw new RangeError(`demo weeks: expected an integer from 12 to 260, got ${weeks}`);
  }
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new RangeError(`demo scale: expected a number above 0 and at most 1000, got ${scale}`);
  }
  const end = parseIsoDate(endDate, 'demo endDate');
  const days = (weeks + RAMP_WEEKS) * 7;
  const first = end.minus({ days: days - 1 + LEAD_IN_DAYS }).toISODate() ?? '';
  // Two spare days after the end so instants just past the export moment stay inside the calendar.
  const cal = new Calendar(DEMO_TIMEZONE, first, LEAD_IN_DAYS + days + 2);
  const firstDay = LEAD_IN_DAYS;
  return {
    seed,
    scale,
    weeks,
    endDate,
    cal,
    firstDay,
    days,
    reportStartDay: firstDay + RAMP_WEEKS * 7,
    asOf: cal.at(firstDay + days, 0),
  };
}

/** Clamp an instant to the calendar's range (keeps long log-normal tails inside it). */
export function clampToCalendar(ctx: DemoContext, ms: number): number {
  const min = ctx.cal.at(0, 0);
  const max = ctx.asOf + DAY;
  return Math.min(max, Math.max(min, ms));
}
