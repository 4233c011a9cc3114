/**
 * ISO weeks in the reporting time zone (SPEC §5). Boundaries are computed here, with a
 * real time-zone database, and passed to SQL as UTC instants: the SQL never does zones.
 */
import { DateTime } from 'luxon';

export interface ReportWeek {
  /** e.g. `2026-W47` */
  id: string;
  weekYear: number;
  weekNumber: number;
  timezone: string;
  /** Local dates: Monday of the week and the Monday after (exclusive). */
  startDate: string;
  endDate: string;
  /** UTC instants of local Monday 00:00 and the next Monday 00:00. */
  start: Date;
  end: Date;
}

const WEEK_ID = /^(\d{4})-W(\d{2})$/;

export class WeekError extends Error {
  override name = 'WeekError';
}

export function parseWeek(id: string, timezone: string): ReportWeek {
  const m = WEEK_ID.exec(id);
  if (!m) throw new WeekError(`--week: expected an ISO week such as 2026-W47, got "${id}"`);
  const weekYear = Number(m[1]);
  const weekNumber = Number(m[2]);
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: timezone });
  if (!monday.isValid || monday.weekNumber !== weekNumber || monday.weekYear !== weekYear) {
    throw new WeekError(`--week: ${id} does not exist (${weekYear} has ${weeksInYear(weekYear)} ISO weeks)`);
  }
  return fromMonday(monday.startOf('day'));
}

function weeksInYear(weekYear: number): number {
  return DateTime.fromObject({ year: weekYear, month: 12, day: 28 }).weekNumber;
}

function fromMonday(monday: DateTime): ReportWeek {
  const next = monday.plus({ weeks: 1 }).startOf('day');
  return {
    id: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    weekYear: monday.weekYear,
    weekNumber: monday.weekNumber,
    timezone: monday.zoneName ?? 'UTC',
    startDate: monday.toISODate() ?? '',
    endDate: next.toISODate() ?? '',
    start: monday.toJSDate(),
    end: next.toJSDate(),
  };
}

/** The ISO week containing an instant, in a time zone. */
export function weekOf(instant: Date, timezone: string): ReportWeek {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  return fromMonday(local.startOf('week'));
}

/** The last complete week before an instant (the default report week). */
export function lastFullWeek(now: Date, timezone: string): ReportWeek {
  return shiftWeek(weekOf(now, timezone), -1);
}

export function shiftWeek(week: ReportWeek, weeks: number): ReportWeek {
  const monday = DateTime.fromJSDate(week.start, { zone: week.timezone }).plus({ weeks });
  return fromMonday(monday.startOf('day'));
}

/**
 * `week` as of `now`: for a week still running (a `--partial` report) its `end`, the cutoff at
 * which every "as of the cutoff" figure is judged (overdue, pending, hours overdue, the
 * follow-up effect's "never", cohorts, coverage), becomes `now`: a lead 2 hours old is pending,
 * not overdue against a cutoff days ahead. Leads, deals and spend of the week are the same
 * either way (nothing is created after now). An ended week is returned as it is.
 */
export function asOfCutoff(week: ReportWeek, now: Date): ReportWeek {
  return week.end.getTime() > now.getTime() ? { ...week, end: now } : week;
}

/** `YYYY-MM-DD HH:MM:SS.mmm`, the UTC timestamp literal both DuckDB and Trino cast. */
export function sqlTimestamp(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

/** Weeks before W whose overdue leads and campaign attributions still count, and coverage's window is W and these (SPEC §5). */
export const LOOKBACK_WEEKS = 3;

/**
 * The weeks a report shows as the one text parameter of the coverage queries
 * (`sql/reports/coverage.sql`, `coverage_sources.sql`, `deal_sources.sql`): `;` between weeks,
 * each `index|week start|cutoff|window start|window start date|end date` (instants as
 * sqlTimestamp, dates YYYY-MM-DD; the window is the week and the LOOKBACK_WEEKS before it). The
 * rows of week `weeks[i]` carry `week_index` i.
 */
export function coverageWeeksParam(weeks: readonly ReportWeek[]): string {
  return weeks
    .map((week, i) => {
      const windowStart = shiftWeek(week, -LOOKBACK_WEEKS);
      return [
        i,
        sqlTimestamp(week.start),
        sqlTimestamp(week.end),
        sqlTimestamp(windowStart.start),
        windowStart.startDate,
        week.endDate,
      ].join('|');
    })
    .join(';');
}

/**
 * Weeks in the lead cohort the follow-up effect (SPEC §5b) and lead quality judge: W and the 12
 * weeks before, so the two sections read side by side.
 */
export const LEAD_COHORT_WEEKS = 13;

/** The first week of the lead cohort ending with `week` (its start is the cohort's start). */
export function leadCohortStart(week: ReportWeek): ReportWeek {
  return shiftWeek(week, -(LEAD_COHORT_WEEKS - 1));
}
