/**
 * Whose deals count (docs/methodology.md, "Deals synced between CRMs"), judged by
 * `sql/reports/deal_sources.sql` for each week whose figures the report shows:
 * - likely twins: when two CRMs are loaded and one mirrors the other's deals, each deal arrives
 *   twice with other ids, and pipeline, won revenue and deal counts double without any sign.
 *   `dealSources` names the CRMs of record (stg_deals keeps only theirs); while it is unset, a
 *   week whose deal figures touch likely twins has them not measured;
 * - a `dealSources` that cannot be right: it names a source holding no deals while another
 *   source's deals are left out (a misspelt name). That CRM's deals would read 0 in every
 *   figure, so the deal figures are not measured until the config is corrected;
 * - deals nothing links to a lead: a source with deals in the week none of whose deals names a
 *   contact (by email, or by an id some loaded lead of the source carries as its own), an account
 *   domain or a converted lead, and none of which a lead's conversion claims (a Salesforce
 *   `003…` contact id matches only through a lead's converted contact id). Every deal would read sales-sourced ("marketing-sourced 0 %"), so the
 *   figures resting on the match (marketing-sourced, paid, per opportunity: attributionMeasured
 *   in coverage.ts) are not measured until the deals are exported with their contacts; the
 *   opportunities, pipeline and won figures stay measured.
 */
import { loadReportQuery } from '../models.js';
import type { QueryEngine, Row } from '../ports.js';
import type { DealSourcesMisnamed, DealTwins, FamilyCoverage } from '../report-types.js';
import { coverageWeeksParam, type ReportWeek } from '../weeks.js';
import { count } from './round.js';

/** What `deal_sources.sql` found for one week: each null when there is nothing to say. */
export interface DealSourceFindings {
  /** Likely twins touching the week's deal figures (only while `dealSources` is unset). */
  twins: DealTwins | null;
  /** `dealSources` names without deals while loaded sources are left out. */
  misnamed: DealSourcesMisnamed | null;
  /** Sources with deals in the week that nothing links to a lead, sorted. */
  unlinked: string[] | null;
}

/**
 * Runs `deal_sources.sql` for `week` alone (its start and end instants) and reads its rows; a
 * report runs it once for all the weeks it shows (build-report.ts, weeksCoverage).
 */
export async function dealSourcesIn(engine: QueryEngine, week: ReportWeek): Promise<DealSourceFindings> {
  const rows = await engine.query(loadReportQuery('deal_sources'), [coverageWeeksParam([week])]);
  return dealSourceFindingsOf(rows);
}

/**
 * The rows of `deal_sources.sql` for one week (`finding`: `twins` per pair of sources with `twin_pairs`,
 * `named_without_deals` and `left_out` per source) as findings.
 */
export function dealSourceFindingsOf(rows: readonly Row[]): DealSourceFindings {
  const of = (finding: string) => rows.filter((r) => r.finding === finding);
  const twinRows = of('twins');
  const pairs = twinRows.reduce((n, r) => n + count(r.twin_pairs), 0);
  const twinSources = new Set(twinRows.flatMap((r) => [String(r.source_a), String(r.source_b)]));
  const named = of('named_without_deals').map((r) => String(r.source_a));
  const leftOut = of('left_out').map((r) => String(r.source_a));
  const unlinked = of('unlinked').map((r) => String(r.source_a));
  return {
    twins: pairs === 0 ? null : { pairs, sources: [...twinSources].sort() },
    misnamed: named.length === 0 || leftOut.length === 0 ? null : { named: named.sort(), leftOut: leftOut.sort() },
    unlinked: unlinked.length === 0 ? null : unlinked.sort(),
  };
}

/**
 * The deals' coverage with the findings taken into account: not measured, with an English
 * reason, when `dealSources` looks misspelt (first: it is a config error) or when there are
 * twins; measured deals whose sources cannot be linked to leads get `dealsUnlinked`; as given
 * when there is nothing to say. "No deals loaded" stays the reason when no deal
 * is measured at all, except for a misspelt `dealSources`, which is then the cause.
 */
export function withDealSources(deals: FamilyCoverage, findings: DealSourceFindings): FamilyCoverage {
  const { twins, misnamed, unlinked } = findings;
  if (misnamed) {
    return {
      measured: false,
      // The source names as written in the config, so that the fix can be typed from the reason.
      reason:
        `dealSources names ${listed(misnamed.named)}, which ${misnamed.named.length === 1 ? 'holds' : 'hold'} no deals, ` +
        `while the deals of ${listed(misnamed.leftOut)} are left out: correct dealSources in the config`,
      lastDataAt: null,
      dealSourcesMisnamed: misnamed,
    };
  }
  if (!deals.measured) return deals;
  if (!twins) return unlinked ? { ...deals, dealsUnlinked: unlinked } : deals;
  const { pairs, sources } = twins;
  return {
    measured: false,
    reason:
      `${pairs} ${pairs === 1 ? 'deal was' : 'deals were'} loaded twice, from ${listed(sources)} ` +
      `(same name, amount and currency, created within 7 days): set dealSources to the CRM of record`,
    lastDataAt: null,
    dealTwins: twins,
  };
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
