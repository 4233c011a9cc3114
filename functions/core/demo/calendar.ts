/**
 * Local days of the demo's time zone, precomputed once with luxon so the generators can
 * place events in office hours without a time-zone lookup per row.
 */
import { DateTime } from 'luxon';
import type { Random } from './prng.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseIsoDate(value: string, what: string): DateTime {
  const d = DateTime.fromISO(value, { zone: 'UTC' });
  if (!DATE.test(value) || !d.isValid)
    throw new RangeError(`${what}: expected a date such as 2026-11-22, got "${value}"`);
  return d;
}

export class Calendar {
  /** Local dates (YYYY-MM-DD), UTC ms of the date's midnight as if it were UTC, and the zone offset at noon. */
  private readonly dates: string[] = [];
  private readonly utcDay: number[] = [];
  private readonly offsetMs: number[] = [];
  private readonly weekdays: number[] = [];

  /** Days `first` … `first + count - 1` (local dates), index 0 = `first`. */
  constructor(
    readonly zone: string,
    first: string,
    readonly count: number,
  ) {
    const start = DateTime.fromISO(first, { zone });
    for (let i = 0; i < count; i++) {
      const noon = start.plus({ days: i }).set({ hour: 12 });
      const date = noon.toISODate() ?? '';
      this.dates.push(date);
      this.utcDay.push(Date.parse(`${date}T00:00:00.000Z`));
      this.offsetMs.push(noon.offset * MINUTE);
      this.weekdays.push(noon.weekday);
    }
  }

  date(day: number): string {
    return this.get(this.dates, day);
  }

  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday(day: number): number {
    return this.get(this.weekdays, day);
  }

  isWorkday(day: number): boolean {
    return this.weekday(day) <= 5;
  }

  /** The UTC instant of local time `hours` (fractional) on local day `day`. */
  at(day: number, hours: number): number {
    return this.get(this.utcDay, day) + hours * HOUR - this.get(this.offsetMs, day);
  }

  /** Local day index of an instant (may be out of range). */
  dayOf(ms: number): number {
    let day = Math.floor((ms - this.get(this.utcDay, 0)) / DAY);
    // The local midnight differs from the UTC one by the zone offset; step at most once.
    if (day >= 0 && day < this.count && ms < this.at(day, 0)) day--;
    else if (day + 1 >= 0 && day + 1 < this.count && ms >= this.at(day + 1, 0)) day++;
    return day;
  }

  /** Local hour of day (fractional) of an instant inside the calendar. */
  hourOf(ms: number): number {
    const day = this.dayOf(ms);
    return (ms - this.at(day, 0)) / HOUR;
  }

  /**
   * The instant itself when it falls in office hours (Mon–Fri 07:30–18:30 local), else a
   * moment early on the next working day: how a rep picks up what came in overnight.
   */
  nextOfficeMoment(ms: number, rng: Random): number {
    let day = this.dayOf(ms);
    if (day < 0 || day >= this.count) return ms;
    const hour = (ms - this.at(day, 0)) / HOUR;
    if (this.isWorkday(day) && hour >= 7.5 && hour < 18.5) return ms;
    if (!(this.isWorkday(day) && hour < 7.5)) day++;
    while (day < this.count && !this.isWorkday(day)) day++;
    if (day >= this.count) return ms;
    return this.at(day, rng.uniform(7.75, 10.5));
  }

  private get<T>(list: readonly T[], day: number): T {
    const v = list[day];
    if (v === undefined) throw new RangeError(`demo calendar: day ${day} outside 0..${this.count - 1}`);
    return v;
  }
}
