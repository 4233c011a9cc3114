/**
 * Weekly lead cohorts (docs/methodology.md, Lead cohorts): the persons created in W and each of
 * the 7 weeks before, all judged as of W's cutoff. The figures come from
 * `sql/reports/weekly_cohorts.sql`; this module passes the week boundaries (computed with the
 * reporting time zone in weeks.ts, so the SQL never does zones), adds each cohort's age and
 * clears the figures of a family not measured.
 */
import { DateTime } from 'luxon';
import { loadReportQuery } from '../models.js';
import type { QueryEngine, Row } from '../ports.js';
import type { CohortFigures, Coverage } from '../report-types.js';
import { shiftWeek, sqlTimestamp, type ReportWeek } from '../weeks.js';
import { count, ratio } from './round.js';
import { attributionMeasured } from './coverage.js';

/** How many weekly cohorts the report shows: W and the 7 weeks before. */
export const WEEKLY_COHORTS = 8;

/**
 * The cohorts of the `WEEKLY_COHORTS` weeks ending with `week`, oldest first, as of the end of
 * `week`. Figures of a family `coverage` says is not measured are null, and so are the follow-up
 * figures of a cohort week that starts before the first activity loaded, or with a person whose
 * follow-up window meets `gaps` (the days no activity load speaks for, follow-up-gaps.ts
 * followUpGapsParam). Every figure of a cohort week whose leads are not loaded over the whole week
 * (`leadsCovered` false for it: report/coverage.ts leadsNotCoveredOf) is null, its lead count
 * too: the leads loaded so far would be presented as the week's. Default: every week covered.
 * Throws when the query does not return one row per cohort week (a broken query, never a silent gap).
 */
export async function buildCohorts(
  engine: QueryEngine,
  week: ReportWeek,
  coverage: Coverage,
  gaps: string,
  leadsCovered: (cohortWeek: ReportWeek) => boolean = () => true,
): Promise<CohortFigures[]> {
  const weeks = Array.from({ length: WEEKLY_COHORTS }, (_, i) => shiftWeek(week, i - (WEEKLY_COHORTS - 1)));
  const params = [sqlTimestamp(week.end), ...weeks.flatMap((w) => [sqlTimestamp(w.start), sqlTimestamp(w.end)]), gaps];
  const rows = await engine.query(loadReportQuery('weekly_cohorts'), params);
  return weeks.map((cohortWeek, i) => {
    const row = rows.find((r) => Number(r.week_index) === i);
    if (!row) throw new Error(`weekly_cohorts returned no row for the cohort ${cohortWeek.id} of ${week.id}`);
    return cohortFigures(row, cohortWeek, week, coverage, leadsCovered(cohortWeek));
  });
}

function cohortFigures(
  row: Row,
  cohortWeek: ReportWeek,
  week: ReportWeek,
  coverage: Coverage,
  leadsCovered: boolean,
): CohortFigures {
  // A cohort week that starts before the first activity loaded would read "never followed up".
  const followUpsKnown = row.follow_ups_known === true;
  const followUps = leadsCovered && coverage.followUps.measured && followUpsKnown;
  const deals = leadsCovered && attributionMeasured(coverage);
  // An unmapped lead status or lifecycle stage may be an MQL: no MQL figure (unknown-labels.ts).
  const mqls = leadsCovered && coverage.leadQuality.measured;
  const rate = (measured: boolean, value: unknown) => (measured ? ratio(value as number | null) : null);
  const figure = (measured: boolean, value: unknown) => (measured ? count(value) : null);
  return {
    week: cohortWeek.id,
    start: cohortWeek.startDate,
    ageDays: ageDays(cohortWeek, week),
    followUpsKnown,
    leads: leadsCovered ? count(row.leads) : null,
    mqls: figure(mqls, row.mqls),
    followedUp: figure(followUps, row.followed_up),
    followedUpWithinSla: figure(followUps, row.followed_up_within_sla),
    untimedLeads: figure(followUps, row.untimed_leads),
    opportunities: figure(deals, row.opportunities),
    won: figure(deals, row.won),
    mqlRate: rate(mqls, row.mql_rate),
    followedUpRate: rate(followUps, row.followed_up_rate),
    followedUpWithinSlaRate: rate(followUps, row.followed_up_within_sla_rate),
    opportunityRate: rate(deals, row.opportunity_rate),
    wonRate: rate(deals, row.won_rate),
  };
}

/** Local calendar days from the cohort's Monday to the cutoff (a DST change does not make 6.96). */
function ageDays(cohortWeek: ReportWeek, week: ReportWeek): number {
  const start = DateTime.fromJSDate(cohortWeek.start, { zone: week.timezone });
  const cutoff = DateTime.fromJSDate(week.end, { zone: week.timezone });
  return Math.round(cutoff.diff(start, 'days').days);
}
