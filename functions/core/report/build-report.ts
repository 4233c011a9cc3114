/**
 * Builds the FunnelReport (SPEC §6) for one week from the reconciled models. Every figure
 * comes from `sql/reports/`; this module only passes the week's boundaries and rounds.
 */
import { METHODOLOGY_VERSION, type Config } from '../config.js';
import { listManifests, rowsBySource } from '../load.js';
import { declaredPeriodsOf, listPullRecords, type DeclaredPeriods } from '../periods.js';
import { loadReportQuery } from '../models.js';
import { assertNoRebuildHalfApplied } from '../rebuild.js';
import type { ObjectStore, QueryEngine, Row } from '../ports.js';
import type { LoadManifest } from '../records.js';
import { RESTATABLE_FIGURES, RESTATABLE_MONEY_FIGURES } from '../report-types.js';
import { sentMarker } from '../send-report.js';
import type {
  Restatement,
  UncomparedSentWeek,
  ClaimBasis,
  ClaimBasisReport,
  ClaimedDeal,
  Coverage,
  DataAssumption,
  DataQuality,
  FunnelReport,
  RejectedImport,
  SourceHealth,
  WeeklyFigures,
  WeekTotals,
} from '../report-types.js';
import { asOfCutoff, coverageWeeksParam, LOOKBACK_WEEKS, shiftWeek, sqlTimestamp, type ReportWeek } from '../weeks.js';
import {
  assessCoverage,
  attributionMeasured,
  channelMismatchOf,
  comparableFigures,
  coverageCounts,
  type CoverageCounts,
  isEmptyStore,
  ReportRefused,
  sourceCoverageOf,
  sourcesBehind,
  dealsWindowGapOf,
  idleSpendMeasured,
  leadsCoverageOf,
  leadsNotCoveredOf,
  leadsPartialOf,
  paidChannelsMeasured,
  spendPartialOf,
  untypedSources,
  withoutUnmeasured,
  withSpendLinks,
  withUnlinkedCampaigns,
} from './coverage.js';
import { buildCohorts } from './cohorts.js';
import { assertDaysPlacedIn } from './day-zone.js';
import { dealSourceFindingsOf, withDealSources } from './deal-sources.js';
import { followUpEffectOf, followUpEffectParams, type ChannelFollowUp } from './follow-up-effect.js';
import { overdueLeadsOf, overdueLeftOutOf, overdueUntimedOf } from './overdue.js';
import { activityStartsOf, followUpGaps, followUpGapsParam, type ActivityStarts, type Span } from './follow-up-gaps.js';
import { leadQualityOf } from './lead-quality.js';
import { rejectedRowsOf, rejectedSpendOf, withRejectedRows } from '../rejected-rows.js';
import { subtotalMismatchesOf, withSubtotalMismatches } from '../subtotal-mismatch.js';
import { withSupersededRejects } from './superseded-rejects.js';
import { spendBelowCampaign } from './spend-levels.js';
import {
  unknownStageAssumptions,
  unknownStagesOf,
  unmappedStagesOf,
  withUnknownStages,
  type UnknownStages,
} from './unknown-stages.js';
import {
  leadQualityCoverage,
  unknownActivityTypesOf,
  unknownLeadStatusesOf,
  withUnknownActivityTypes,
} from './unknown-labels.js';
import { count, money, moneyOrNull, ratio } from './round.js';

export interface ReportDeps {
  engine: QueryEngine;
  store: ObjectStore;
  config: Config;
}

function weekParams(week: ReportWeek): string[] {
  return [sqlTimestamp(week.start), sqlTimestamp(week.end), week.startDate, week.endDate];
}

/**
 * Which families of figures `week` measures (its 4-week window, and each source's data up to the
 * week's cutoff: its end, or now for a running week given as asOfCutoff), and the counts behind it.
 * `periods`: what the loads declare they cover (readDeclaredPeriods); without them every source
 * is judged by its data alone.
 */
export async function weekCoverage(engine: QueryEngine, week: ReportWeek, periods: DeclaredPeriods = new Map()) {
  const [judged] = await weeksCoverage(engine, [week], periods);
  return judged!;
}

/**
 * weekCoverage of each of `weeks`, in the same order, from one run of each coverage query over
 * all of them (the tables and the deals are read once per report, not once per week shown).
 * `manifests`: the load manifests, for the rejected rows (rejected-rows.ts), the deal stages
 * (unknown-stages.ts), activity types and lead statuses (unknown-labels.ts) no import could map,
 * that hold deals, follow-ups or lead quality not measured; without them none is judged. `unknownStages`: each week's open deals with such a stage.
 */
export async function weeksCoverage(
  engine: QueryEngine,
  weeks: readonly ReportWeek[],
  periods: DeclaredPeriods = new Map(),
  manifests: readonly LoadManifest[] = [],
): Promise<
  { counts: CoverageCounts; coverage: Coverage; unknownStages: UnknownStages[]; activityStarts: ActivityStarts }[]
> {
  const param = [coverageWeeksParam(weeks)];
  const countRows = await engine.query(loadReportQuery('coverage'), param);
  const sourceRows = await engine.query(loadReportQuery('coverage_sources'), param);
  const dealRows = await engine.query(loadReportQuery('deal_sources'), param);
  const linkRows = await engine.query(loadReportQuery('paid_channel_links'), param);
  const unmapped = unmappedStagesOf(manifests);
  const stageRows = unmapped.size > 0 ? await engine.query(loadReportQuery('deal_stages'), param) : [];
  const ofWeek = (rows: readonly Row[], i: number) => rows.filter((r) => Number(r.week_index) === i);
  return weeks.map((week, i) => {
    const windowStart = shiftWeek(week, -LOOKBACK_WEEKS);
    const sources = sourceCoverageOf(ofWeek(sourceRows, i));
    const counts = coverageCounts(ofWeek(countRows, i)[0]);
    const stopped = sourcesBehind(sources, week, periods, windowStart.start);
    const coverage = assessCoverage(counts, windowStart.startDate, stopped, untypedSources(sources));
    // One deal in two CRMs would count twice, and a misspelt dealSources would drop a CRM's
    // deals: either way the week's deal figures are not measured.
    coverage.deals = withDealSources(coverage.deals, dealSourceFindingsOf(ofWeek(dealRows, i)));
    // Spend without a channel, and leads without a campaign: the paid figures and idle spend.
    // A subtotal row whose detail rows sum to another amount: the spend loaded may be short.
    coverage.spend = withSubtotalMismatches(coverage.spend, subtotalMismatchesOf(manifests, week));
    // A rejected row that could be of the week: the family's figures would be silently short.
    // Spend: rows whose days were read and lie in the week (a missing FX rate, a cost that does
    // not read); rows without a day read only mark the week partial (below).
    const rejected = rejectedRowsOf(manifests, week);
    coverage.spend = withRejectedRows(coverage.spend, 'spend', rejected);
    coverage.spend = withSpendLinks(
      coverage.spend,
      sources,
      counts,
      channelMismatchOf(ofWeek(linkRows, i)),
      spendBelowCampaign(manifests, week),
    );
    // "Spent without an opportunity in the last 4 weeks" needs the deals of all 4 weeks.
    const dealsGap = coverage.spend.measured ? dealsWindowGapOf(week, periods, windowStart.start) : undefined;
    if (dealsGap) coverage.spend = { ...coverage.spend, dealsWindowGap: dealsGap };
    // A deal that may have been won in the week under a stage no import could map, like a
    // rejected row: the family's figures would be silently short.
    const unknownStages = unknownStagesOf(ofWeek(stageRows, i), unmapped);
    coverage.deals = withUnknownStages(withRejectedRows(coverage.deals, 'deals', rejected), unknownStages);
    // An activity type no import could map loads as `other`: a call would read as no follow-up.
    coverage.followUps = withUnknownActivityTypes(
      withRejectedRows(coverage.followUps, 'activities', rejected),
      unknownActivityTypesOf(manifests, week),
    );
    // A lead status or lifecycle stage no import could map loads as a plain lead, not
    // disqualified: the MQL and disqualified figures would be silently short.
    coverage.leadQuality = leadQualityCoverage(unknownLeadStatusesOf(manifests, week));
    // How the leads sources cover the week, judged once for both rules below.
    const leadsCoverage = leadsCoverageOf(week, periods);
    // Leads and spend loaded only in part: the week is not compared with another.
    const leads = leadsPartialOf(week, leadsCoverage, rejected, counts.firstLeadAt);
    const spend = spendPartialOf(rejected.filter((r) => r.table === 'spend' && !r.known));
    if (leads || spend) coverage.partial = { ...(leads ? { leads } : {}), ...(spend ? { spend } : {}) };
    // Leads not loaded up to the cutoff: the week's lead count would be short, every deal would
    // read sales-sourced, every campaign idle.
    const leadsNotCovered = leadsNotCoveredOf(week, leadsCoverage, counts.firstLeadAt);
    if (leadsNotCovered) coverage.leadsNotCovered = leadsNotCovered;
    // Where each activity source starts speaking for follow-ups (follow-up-gaps.ts).
    return { counts, coverage, unknownStages, activityStarts: activityStartsOf(counts, sources) };
  });
}

/**
 * The SPEC §5 figures of one week; a family not measured (`coverage`, weeksCoverage) is null.
 * `gaps`: the days no activity load speaks for (follow-up-gaps.ts followUpGaps): a person whose
 * SLA verdict would rest on them is in none of the follow-up figures.
 */
async function weeklyFigures(
  engine: QueryEngine,
  week: ReportWeek,
  coverage: Coverage,
  gaps: readonly Span[],
): Promise<WeekTotals> {
  const [row] = await engine.query(loadReportQuery('weekly_totals'), [...weekParams(week), followUpGapsParam(gaps)]);
  if (!row) throw new Error(`weekly_totals returned no row for ${week.id}`);
  return withoutUnmeasured(rawFigures(row), coverage);
}

function rawFigures(row: Row): WeekTotals {
  return {
    leads: count(row.leads),
    mqls: count(row.mqls),
    followedUpWithinSla: count(row.followed_up_within_sla),
    followedUpLate: count(row.followed_up_late),
    overdue: count(row.overdue),
    pending: count(row.pending),
    untimedLeads: count(row.untimed_leads),
    slaRate: ratio(row.sla_rate as number | null),
    slaRateMqls: ratio(row.sla_rate_mqls as number | null),
    medianHoursToFollowUp: ratio(row.median_hours_to_follow_up as number | null),
    opportunities: count(row.opportunities),
    marketingSourcedOpportunities: count(row.marketing_sourced_opportunities),
    pipeline: money(row.pipeline as number),
    marketingSourcedPipeline: money(row.marketing_sourced_pipeline as number),
    wonDeals: count(row.won_deals),
    wonRevenue: money(row.won_revenue as number),
    marketingSourcedWonRevenue: money(row.marketing_sourced_won_revenue as number),
    spend: money(row.spend as number),
    cpl: moneyOrNull(row.cpl as number | null),
    costPerOpportunity: moneyOrNull(row.cost_per_opportunity as number | null),
    roas: ratio(row.roas as number | null),
    paidLeads: count(row.paid_leads),
    paidCpl: moneyOrNull(row.paid_cpl as number | null),
    paidOpportunities: count(row.paid_opportunities),
    paidCostPerOpportunity: moneyOrNull(row.paid_cost_per_opportunity as number | null),
    paidWonRevenue: money(row.paid_won_revenue as number),
    paidRoas: ratio(row.paid_roas as number | null),
  };
}

export interface BuildReportOptions {
  /** The clock; a week not ended by it is refused unless `partial`. Default: now. */
  now?: Date;
  /** Build the report of a week that has not ended (marked `partial`). */
  partial?: boolean;
}

/**
 * The FunnelReport of `week`. Throws ReportRefused (one line) for a store with no data at all,
 * for a week that has not ended unless `options.partial`, and (DayZoneMismatch) when loads placed their calendar days in another zone than the config's
 * (report/day-zone.ts).
 */
export async function buildReport(
  deps: ReportDeps,
  week: ReportWeek,
  options: BuildReportOptions = {},
): Promise<FunnelReport> {
  const { engine, config } = deps;
  // Tables half switched by an interrupted rebuild mix two derivations: no figures from them.
  await assertNoRebuildHalfApplied(deps.store);
  const now = options.now ?? new Date();
  const running = week.end.getTime() > now.getTime();
  if (running && !options.partial) {
    throw new ReportRefused(
      `${week.id} has not ended (it ends ${week.endDate} 00:00 ${config.timezone}); ask for it with --partial, or report a past week`,
    );
  }
  // Every figure is as of the cutoff; a running week's cutoff is now (asOfCutoff).
  const cut = asOfCutoff(week, now);
  // What each load declares it covers: the same manifests locally and on S3 (the Lambda's store).
  const manifests = await listManifests(deps.store);
  // Days placed in another zone would sit in the wrong week: refuse until a rebuild moves them.
  assertDaysPlacedIn(manifests, config.timezone);
  const periods = declaredPeriodsOf(manifests, await listPullRecords(deps.store));
  // Rejected rows a later load of their record replaced concern no week (superseded-rejects.ts).
  const loads = await withSupersededRejects(engine, manifests);
  // W's coverage and W-1's (the comparison), judged together.
  const [current, previousCoverage] = await weeksCoverage(engine, [cut, shiftWeek(cut, -1)], periods, loads);
  const { counts, coverage } = current!;
  if (isEmptyStore(counts)) {
    throw new ReportRefused(
      'no data loaded: import exports with `funnel import FILE --as FORMAT`, pull with `funnel run`, or try the demo with `npm start`',
    );
  }
  const windowStart = shiftWeek(cut, -LOOKBACK_WEEKS);
  // The days no activity load speaks for: no lead is judged not followed up in them.
  const unknownDays = followUpGaps(periods, cut, current!.activityStarts);
  const gaps = followUpGapsParam(unknownDays);
  const [
    totals,
    previous,
    channelRows,
    overdueRows,
    idleRows,
    qualityRows,
    ambiguousRows,
    basisRows,
    claimedRows,
    effectRows,
    stageRows,
    unlinkedRows,
  ] = await sequential([
    () => weeklyFigures(engine, cut, coverage, unknownDays),
    // The comparison: figures of W-1 loaded only in part are null, as not measured ones are.
    async () =>
      comparableFigures(
        await weeklyFigures(engine, shiftWeek(cut, -1), previousCoverage!.coverage, unknownDays),
        previousCoverage!.coverage,
      ),
    () => engine.query(loadReportQuery('weekly_channels'), weekParams(cut)),
    () =>
      engine.query(loadReportQuery('overdue_leads'), [sqlTimestamp(windowStart.start), sqlTimestamp(cut.end), gaps]),
    () =>
      engine.query(loadReportQuery('idle_spend'), [
        week.startDate,
        week.endDate,
        sqlTimestamp(windowStart.start),
        sqlTimestamp(cut.end),
      ]),
    () => engine.query(loadReportQuery('data_quality')),
    () => engine.query(loadReportQuery('ambiguous_campaigns')),
    () => engine.query(loadReportQuery('claim_basis'), weekParams(cut).slice(0, 2)),
    () => engine.query(loadReportQuery('claimed_deals'), weekParams(cut).slice(0, 2)),
    () => engine.query(loadReportQuery('follow_up_effect'), followUpEffectParams(cut, gaps)),
    () => engine.query(loadReportQuery('unstated_values'), weekParams(cut).slice(0, 2)),
    () =>
      engine.query(loadReportQuery('unlinked_campaigns'), [
        week.startDate,
        week.endDate,
        sqlTimestamp(windowStart.start),
        sqlTimestamp(cut.end),
      ]),
  ] as const);
  // A paid lead with an opportunity naming a campaign that links to none: the campaigns of its
  // channel's platforms may not be idle at all, so the idle list is not measured.
  coverage.spend = withUnlinkedCampaigns(coverage.spend, unlinkedRows as Row[], idleRows as Row[]);
  const effect = followUpEffectOf(effectRows as Row[], cut, unknownDays);
  const followUpsMeasured = coverage.followUps.measured;
  // Marketing- or sales-sourced needs deals that can be linked to leads (deal-sources.ts).
  const attributed = attributionMeasured(coverage);

  // Spend without a channel sits in `other` (fct_spend): it paid for leads elsewhere, so no
  // ratio of it against other's leads and deals (paidChannelsMeasured, coverage.ts).
  const channelRatios = (r: Row) =>
    coverage.spend.measured && (paidChannelsMeasured(coverage) || String(r.channel) !== 'other');
  const quality = (qualityRows as Row[])[0] ?? {};
  // The week's leads not loaded up to the cutoff: no lead count, nothing over its leads (per channel too).
  const leadsKnown = coverage.leadsNotCovered === undefined;
  const leadQuality = await leadQualityOf(engine, cut, coverage);
  return {
    week: week.id,
    start: week.startDate,
    end: week.endDate,
    timezone: config.timezone,
    currency: config.reportingCurrency,
    methodologyVersion: METHODOLOGY_VERSION,
    ...(running ? { partial: true } : {}),
    totals,
    previous: previous as WeeklyFigures,
    // A family not measured gives null figures and empty lists, never zeros or claims.
    channels: (channelRows as Row[]).map((r) => ({
      channel: String(r.channel),
      leads: leadsKnown ? count(r.leads) : null,
      spend: coverage.spend.measured ? money(r.spend as number) : null,
      opportunities: coverage.deals.measured ? count(r.opportunities) : null,
      marketingSourcedOpportunities: attributed ? count(r.marketing_sourced_opportunities) : null,
      wonRevenue: coverage.deals.measured ? money(r.won_revenue as number) : null,
      cpl: channelRatios(r) && leadsKnown ? moneyOrNull(r.cpl as number | null) : null,
      costPerOpportunity: channelRatios(r) && attributed ? moneyOrNull(r.cost_per_opportunity as number | null) : null,
      roas: channelRatios(r) && attributed ? ratio(r.roas as number | null) : null,
      ...channelFollowUp(
        followUpsMeasured && leadsKnown ? effect.channels.get(String(r.channel)) : undefined,
        followUpsMeasured && leadsKnown,
      ),
    })),
    overdueLeads: overdueLeadsOf(followUpsMeasured ? (overdueRows as Row[]) : [], config),
    overdueLeftOut: followUpsMeasured ? overdueLeftOutOf(overdueRows as Row[]) : 0,
    overdueUntimed: followUpsMeasured ? overdueUntimedOf(overdueRows as Row[]) : 0,
    // Idle spend also needs leads that name campaigns: else every campaign would read idle.
    idleSpend: (idleSpendMeasured(coverage) ? (idleRows as Row[]) : []).map((r) => ({
      platform: String(r.platform),
      campaignId: String(r.campaign_id),
      campaignName: (r.campaign_name as string | null) ?? null,
      spend: money(r.spend as number),
    })),
    // The previous week as the comparison repeats it, and this week itself when it was sent
    // before (a re-run): either way the email says which figures moved since.
    ...(await restatementsOfWeeks(
      deps.store,
      [
        [shiftWeek(cut, -1).id, previous as WeeklyFigures],
        [week.id, totals as WeeklyFigures],
      ],
      { currency: config.reportingCurrency, methodologyVersion: METHODOLOGY_VERSION },
    )),
    claimBasis: attributed ? claimBasisOf(basisRows as Row[], claimedRows as Row[]) : null,
    dataQuality: {
      sources: sourceHealthOf(manifests),
      assumptions: sortedAssumptions([
        ...dataAssumptions(loads, cut),
        ...unstatedValueAssumptions(stageRows as Row[]),
        ...unknownStageAssumptions(current!.unknownStages),
      ]),
      dealsMatched: count(quality.deals_matched),
      dealsUnmatched: count(quality.deals_unmatched),
      leadsWithoutEmail: count(quality.leads_without_email),
      ambiguousCampaigns: (ambiguousRows as Row[]).map((r) => ({
        name: String(r.campaign_reference),
        persons: count(r.persons),
      })),
      rejectedImports: rejectedImports(loads),
    } satisfies DataQuality,
    coverage,
    // Without deals every group would read 0 %; without follow-ups every person "never".
    followUpEffect: followUpsMeasured && attributed ? effect.effect : null,
    // Each cohort week's leads judged as W's are: W's as the report's coverage, the others to their end.
    cohorts: await buildCohorts(engine, cut, coverage, gaps, (w) =>
      w.id === cut.id
        ? leadsKnown
        : leadsNotCoveredOf(w, leadsCoverageOf(w, periods), counts.firstLeadAt) === undefined,
    ),
    leadQuality,
  };
}

/** A channel's follow-up figures of W (0 for a channel without leads of W, null when not measured). */
function channelFollowUp(own: ChannelFollowUp | undefined, measured: boolean) {
  return {
    followUpDue: measured ? (own?.due ?? 0) : null,
    followedUpWithinSla: measured ? (own?.withinSla ?? 0) : null,
    neverFollowedUp: measured ? (own?.never ?? 0) : null,
  };
}

/**
 * The figures of `week` (the previous week, as the report repeats them) that differ from the
 * report sent for it from this store (its sent marker), e.g. a merge or a deletion loaded since.
 * Only like is compared with like: a marker of another methodology version (or of none, written
 * before 1.11) compares nothing, one of another reporting currency (`basis.currency`) compares
 * only the counts; either is returned in `notCompared`, so the email can say why.
 */
export async function restatementsOf(
  store: ObjectStore,
  week: string,
  now: WeeklyFigures,
  basis: Pick<FunnelReport, 'currency' | 'methodologyVersion'>,
): Promise<{ restatements: Restatement[]; notCompared: UncomparedSentWeek[] }> {
  const marker = await sentMarker(store, week);
  const sent = marker?.totals;
  if (!marker || !sent) return { restatements: [], notCompared: [] };
  if (marker.methodologyVersion !== basis.methodologyVersion) {
    return {
      restatements: [],
      notCompared: [{ week, reason: 'methodology', sentVersion: marker.methodologyVersion ?? null }],
    };
  }
  const sameCurrency = marker.currency === basis.currency;
  const restatements = RESTATABLE_FIGURES.flatMap((figure) => {
    if (!sameCurrency && RESTATABLE_MONEY_FIGURES.has(figure)) return [];
    const was = sent[figure];
    const is = now[figure];
    // A figure not measured then or now is not a restatement: "not measured" says it already.
    if (typeof was !== 'number' || typeof is !== 'number' || Math.abs(was - is) < 0.005) return [];
    return [{ week, figure, sent: was, now: is }];
  });
  const notCompared: UncomparedSentWeek[] =
    sameCurrency || marker.currency === undefined ? [] : [{ week, reason: 'currency', sentCurrency: marker.currency }];
  return { restatements, notCompared };
}

/** `restatementsOf` for each `[week, figures now]`, merged into the report's two fields. */
async function restatementsOfWeeks(
  store: ObjectStore,
  weeks: readonly (readonly [string, WeeklyFigures])[],
  basis: Pick<FunnelReport, 'currency' | 'methodologyVersion'>,
): Promise<Pick<FunnelReport, 'restatements' | 'restatementsNotCompared'>> {
  const restatements: Restatement[] = [];
  const restatementsNotCompared: UncomparedSentWeek[] = [];
  for (const [week, now] of weeks) {
    const found = await restatementsOf(store, week, now, basis);
    restatements.push(...found.restatements);
    restatementsNotCompared.push(...found.notCompared);
  }
  return { restatements, restatementsNotCompared };
}

/** The claim basis from the rows of `claim_basis.sql` and `claimed_deals.sql`. */
function claimBasisOf(basisRows: readonly Row[], claimedRows: readonly Row[]): ClaimBasisReport {
  return {
    byBasis: basisRows.map((r) => ({
      basis: String(r.basis) as ClaimBasis,
      opportunities: count(r.opportunities),
      pipeline: money(r.pipeline as number),
      wonDeals: count(r.won_deals),
      wonRevenue: money(r.won_revenue as number),
    })),
    deals: claimedRows.map((r) => ({
      source: String(r.source),
      dealId: String(r.deal_id),
      name: (r.name as string | null) ?? null,
      accountName: (r.account_name as string | null) ?? null,
      amount: moneyOrNull(r.amount_converted as number | null),
      wonInWeek: r.is_won_in_week === true,
      method: String(r.match_method) as ClaimedDeal['method'],
      leadEmail: (r.lead_email as string | null) ?? null,
      channel: (r.channel as string | null) ?? null,
      campaignName: (r.campaign_name as string | null) ?? null,
    })),
  };
}

/**
 * The figures of W and the weeks before it, oldest first (the email's 4-week trend). `store`:
 * where the load manifests are, for the periods they declare (weekCoverage). `report`: W's
 * report (buildReport at the same cutoff), whose `totals` and `previous` are the trend's last
 * two points as they are: not computed twice, and never different from the figures beside them.
 */
export async function buildTrend(
  engine: QueryEngine,
  week: ReportWeek,
  store?: ObjectStore,
  options: { weeks?: number; report?: Pick<FunnelReport, 'week' | 'totals' | 'previous'> } = {},
): Promise<WeeklyFigures[]> {
  const { weeks = 4, report } = options;
  if (report && report.week !== week.id) throw new Error(`buildTrend: report of ${report.week} given for ${week.id}`);
  const known = new Map<string, WeeklyFigures>(
    report
      ? [
          [week.id, report.totals],
          [shiftWeek(week, -1).id, report.previous],
        ]
      : [],
  );
  const manifests = store ? await listManifests(store) : [];
  const periods = store ? declaredPeriodsOf(manifests, await listPullRecords(store)) : undefined;
  // W itself as given: a running week's cutoff (asOfCutoff) must not become its full end again.
  const shown = Array.from({ length: weeks }, (_, k) => weeks - 1 - k).map((i) =>
    i === 0 ? week : shiftWeek(week, -i),
  );
  const judged = await weeksCoverage(engine, shown, periods, await withSupersededRejects(engine, manifests));
  const trend: WeeklyFigures[] = [];
  // Follow-ups known from each activity source's first day as of W's cutoff: the same days for every week shown.
  const first = judged.at(-1)!.activityStarts;
  for (const [i, w] of shown.entries()) {
    const given = known.get(w.id);
    if (given) {
      trend.push(given);
      continue;
    }
    const { coverage } = judged[i]!;
    const figures = await weeklyFigures(engine, w, coverage, followUpGaps(periods ?? new Map(), w, first));
    // The earlier weeks as points to compare with: one loaded only in part shows none (W its own figures).
    trend.push(i === shown.length - 1 ? figures : comparableFigures(figures, coverage));
  }
  return trend;
}

/** Last load, rows loaded and rejected per source, from the load manifests. */
function sourceHealthOf(manifests: readonly LoadManifest[]): SourceHealth[] {
  const bySource = new Map<string, SourceHealth>();
  for (const m of manifests) {
    for (const [source, rows] of rowsBySource(m)) {
      const health = bySource.get(source) ?? { source, lastLoadedAt: null, rowsLoaded: 0, rowsRejected: 0 };
      health.rowsLoaded += rows;
      if (source === m.source) health.rowsRejected += m.rowsRejected;
      if (!health.lastLoadedAt || m.loadedAt > health.lastLoadedAt) health.lastLoadedAt = m.loadedAt;
      bySource.set(source, health);
    }
  }
  return [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source));
}

/**
 * Loads that loaded nothing because every row was rejected, newest first, unless a later load
 * of the same input into the same table loaded rows (the file fixed and imported again, or the
 * load re-derived by a rebuild with the config fixed).
 */
export function rejectedImports(manifests: readonly LoadManifest[]): RejectedImport[] {
  const lastLoadedRows = new Map<string, string>();
  const key = (m: LoadManifest) => `${m.table}\u0000${m.input}`;
  for (const m of manifests) {
    const seen = lastLoadedRows.get(key(m));
    if (m.rowsLoaded > 0 && (!seen || m.loadedAt > seen)) lastLoadedRows.set(key(m), m.loadedAt);
  }
  return manifests
    .filter((m) => m.rowsLoaded === 0 && m.rowsRejected > 0)
    .filter((m) => !((lastLoadedRows.get(key(m)) ?? '') > m.loadedAt))
    .map((m) => ({
      input: m.input,
      table: m.table,
      source: m.source,
      loadedAt: m.loadedAt,
      rowsRejected: m.rowsRejected,
    }))
    .sort((a, b) => b.loadedAt.localeCompare(a.loadedAt) || a.input.localeCompare(b.input));
}

/**
 * What the loaded data assumes, per source and kind, summed over the loads' manifest notes
 * (`currencyAssumed` of deal imports and API pulls, `spreadEvenly`/`spreadRows` of spend imports,
 * `spendDaysUtc` of LinkedIn pulls), and `spendRejected`: rejected rows of a spend load that loaded
 * other rows, whose loaded days (`spendCoverage`) reach `week` (a load without coverage always
 * counts), unless a later load of the same input loaded without rejects. A load that loaded
 * nothing is named by rejectedImports instead. With `week`, also `leadsRejected`,
 * `dealsRejected` and `activitiesRejected`: the rows of those tables rejected at import that
 * could be of the week (rejected-rows.ts `rejectedRowsOf`, the same rows that hold deals or
 * follow-ups not measured).
 */
export function dataAssumptions(manifests: readonly LoadManifest[], week?: ReportWeek): DataAssumption[] {
  const byKey = new Map<string, DataAssumption>();
  const add = (a: DataAssumption) => {
    const key = JSON.stringify([a.source, a.kind, a.currency ?? null]);
    const seen = byKey.get(key);
    if (seen) seen.rows += a.rows;
    else byKey.set(key, { ...a });
  };
  for (const m of manifests) {
    const notes = m.notes ?? {};
    const assumed = notes.currencyAssumed as string | { currency: string; rows?: number } | undefined;
    if (assumed) {
      const currency = typeof assumed === 'string' ? assumed : assumed.currency;
      const rows = typeof assumed === 'string' ? m.rowsLoaded : (assumed.rows ?? m.rowsLoaded);
      if (rows > 0) add({ source: m.source, kind: 'currencyAssumed', currency, rows });
    }
    if (notes.spreadEvenly && Number(notes.spreadRows ?? 0) > 0) {
      add({ source: m.source, kind: 'spendSpread', rows: Number(notes.spreadRows) });
    }
    const utc = Number((notes.spendDaysUtc as { rows?: number } | undefined)?.rows ?? 0);
    if (utc > 0) add({ source: m.source, kind: 'spendDaysUtc', rows: utc });
  }
  for (const r of rejectedSpendOf(manifests, week)) add({ source: r.source, kind: 'spendRejected', rows: r.rows });
  for (const r of week ? rejectedRowsOf(manifests, week) : []) {
    if (r.table !== 'spend') add({ source: r.source, kind: `${r.table}Rejected`, rows: r.rows });
  }
  return sortedAssumptions([...byKey.values()]);
}

/** Assumptions by source, then kind: the order the email lists them in. */
function sortedAssumptions(assumptions: DataAssumption[]): DataAssumption[] {
  return assumptions.sort((a, b) => a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind));
}

/** The kinds `unstated_values.sql` gives (DataAssumption.kind). */
const UNSTATED_KINDS = ['leadsWithoutStage', 'dealsWithoutAmount', 'dealsLeftOut'] as const;

/**
 * The assumptions of `sql/reports/unstated_values.sql` (one row per kind and source with some):
 * `leadsWithoutStage`, `rows` leads of the week of which no version states a lifecycle stage
 * or an MQL date, so SPEC §5 `mqls` counts them as not MQL; `dealsWithoutAmount`, `rows` deals
 * created or won in the week without an amount, left out of pipeline and won revenue;
 * `dealsLeftOut`, `rows` deals of the week from a source dealSources leaves out, no likely twin
 * of a counted deal. `of`: the source's leads (deals) of the week.
 */
export function unstatedValueAssumptions(rows: readonly Row[]): DataAssumption[] {
  return rows.map((r) => ({
    source: String(r.source),
    kind: UNSTATED_KINDS.find((k) => k === r.kind) ?? ('leadsWithoutStage' as const),
    rows: count(r.unstated_rows),
    of: count(r.of_rows),
  }));
}

/** Runs the queries one after another: one DuckDB connection, and Athena's concurrency is capped. */
async function sequential<T extends readonly (() => Promise<unknown>)[]>(
  tasks: T,
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
