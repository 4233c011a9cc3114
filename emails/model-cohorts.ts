/**
 * The "Lead cohorts" section of the email model (docs/methodology.md, Lead cohorts): one row per
 * cohort week, oldest first as in the report, with its age at the cutoff; a young cohort is
 * marked and a note says why its rates are still low. A family not measured loses its column
 * and says why instead (never a number, never "0%").
 */
import type { CohortFigures, CoverageFamily, FunnelReport } from '../functions/core/report-types.js';
import { attributionMeasured } from '../functions/core/report/coverage.js';
import type { Formatter } from './i18n.js';
import type { Table } from './model.js';

/** A cohort younger than this many weeks at the cutoff is marked young. */
export const YOUNG_COHORT_WEEKS = 4;

export interface CohortSection {
  title: string;
  intro: string;
  /** Columns: week, age, leads, then the measured rates and won; the same table for HTML and text. */
  table: Table;
  /** Per row: the cohort is younger than `YOUNG_COHORT_WEEKS` (shown muted in the HTML). */
  young: boolean[];
  /** The young-cohort note (when one is shown), what the rates are of, and families not measured. */
  notes: string[];
}

/**
 * The section for `report.cohorts`; null when the report has none (a report built before
 * cohorts existed). `reason` words why a family is not measured, as the rest of the email does.
 */
export function cohortSection(
  fmt: Formatter,
  report: Pick<FunnelReport, 'week' | 'cohorts' | 'coverage'>,
  reason: (family: CoverageFamily) => string,
): CohortSection | null {
  const cohorts = report.cohorts ?? [];
  if (cohorts.length === 0) return null;
  const t = fmt.t.cohorts;
  const followUps = report.coverage.followUps.measured;
  // A cohort's opportunities are its persons' matched deals: they need deals linkable to leads
  // (and the report week's leads loaded: report/coverage.ts attributionMeasured, the report's rule).
  const deals = attributionMeasured(report.coverage);
  const weeks = (c: CohortFigures) => Math.max(1, Math.round(c.ageDays / 7));
  const young = cohorts.map((c) => weeks(c) < YOUNG_COHORT_WEEKS);
  type Column = [label: string, numeric: boolean, cell: (c: CohortFigures) => string];
  const columns: Column[] = [
    [t.columns.week, false, (c) => t.week(weekNumber(c.week))],
    [t.columns.age, false, (c) => `${t.age(weeks(c))}${weeks(c) < YOUNG_COHORT_WEEKS ? t.youngMark : ''}`],
    [t.columns.leads, true, (c) => fmt.count(c.leads)],
    [t.columns.mql, true, (c) => fmt.percent(c.mqlRate)],
  ];
  if (followUps) columns.push([t.columns.followedUp, true, (c) => fmt.percent(c.followedUpRate)]);
  if (deals) {
    columns.push([t.columns.opportunity, true, (c) => fmt.percent(c.opportunityRate)]);
    columns.push([t.columns.won, true, (c) => fmt.count(c.won)]);
  }
  return {
    title: t.title,
    intro: t.intro(weekNumber(report.week), cohorts.length),
    table: {
      columns: columns.map(([label]) => label),
      numeric: columns.map(([, numeric]) => numeric),
      rows: cohorts.map((c) => columns.map(([, , cell]) => cell(c))),
      more: null,
    },
    young,
    notes: [
      ...(young.some(Boolean) ? [t.youngNote(YOUNG_COHORT_WEEKS)] : []),
      t.ratesNote(followUps, deals),
      ...(followUps && cohorts.some((c) => c.followUpsKnown === false) ? [t.followUpsUnknown(fmt.t.noValue)] : []),
      ...(followUps ? [] : [reason('followUps')]),
      ...(deals ? [] : [reason('deals')]),
      // A cohort week whose leads are not all loaded shows none of its figures (CohortFigures.leads).
      ...(cohorts.some((c) => c.leads === null) ? [t.leadsUnknown(fmt.t.noValue)] : []),
    ],
  };
}

function weekNumber(week: string): number {
  const m = /-W(\d{2})$/.exec(week);
  return m ? Number(m[1]) : NaN;
}
