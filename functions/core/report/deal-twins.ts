/**
 * Deals synced between CRMs (docs/methodology.md, "Deals synced between CRMs"): when two CRMs
 * are loaded and one mirrors the other's deals, each deal arrives twice with other ids, and
 * pipeline, won revenue and deal counts double without any sign. `dealSources` names the CRMs
 * of record (stg_deals keeps only theirs); while it is unset, a week whose deal figures touch
 * likely twins (`sql/reports/deal_twins.sql`) has them not measured, with a reason that says
 * how many and to set `dealSources`.
 */
import { loadReportQuery } from '../models.js';
import type { QueryEngine, Row } from '../ports.js';
import type { DealTwins, FamilyCoverage } from '../report-types.js';
import { sqlTimestamp, type ReportWeek } from '../weeks.js';
import { count } from './round.js';

/**
 * The likely twins touching `week`'s deal figures (created, or won, in the week); null when
 * none, or when `dealSources` is set (the query finds none then).
 */
export async function dealTwinsIn(engine: QueryEngine, week: ReportWeek): Promise<DealTwins | null> {
  const rows = await engine.query(loadReportQuery('deal_twins'), [sqlTimestamp(week.start), sqlTimestamp(week.end)]);
  return dealTwinsOf(rows);
}

/** The rows of `deal_twins.sql` (one per pair of sources) summed; null when they hold no pair. */
export function dealTwinsOf(rows: readonly Row[]): DealTwins | null {
  const pairs = rows.reduce((n, r) => n + count(r.twin_pairs), 0);
  if (pairs === 0) return null;
  const sources = new Set(rows.flatMap((r) => [String(r.source_a), String(r.source_b)]));
  return { pairs, sources: [...sources].sort() };
}

/**
 * The deals' coverage with `twins` taken into account: not measured, with an English reason
 * naming the count and the sources, when there are twins and the deals were measured; as
 * given otherwise (no deals loaded stays the reason: it is the first thing to fix).
 */
export function withDealTwins(deals: FamilyCoverage, twins: DealTwins | null): FamilyCoverage {
  if (!twins || !deals.measured) return deals;
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
