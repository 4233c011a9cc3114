/**
 * The email's content, worked out once from the FunnelReport: every label, formatted figure,
 * delta and truncated list. The HTML template and the plain text both render this model, so
 * they cannot drift apart. No number is computed here that the report does not define,
 * except display ratios (shares, per-channel CPL/ROAS) derived from report figures.
 */
import {
  RESTATABLE_MONEY_FIGURES,
  type ClaimBasis,
  type ClaimBasisReport,
  type CoverageFamily,
  type FunnelReport,
  type UnlinkedCampaign,
  type WeeklyFigures,
} from '../functions/core/report-types.js';
import { attributionMeasured, comparableFigures } from '../functions/core/report/coverage.js';
import { labelsOf } from '../functions/core/report/unknown-labels.js';
import { parseWeek, shiftWeek } from '../functions/core/weeks.js';
import { Formatter, type Strings } from './i18n.js';
import { channelFollowUpTable, followUpEffectModel, type FollowUpEffectModel } from './model-follow-up-effect.js';
import { cohortSection, type CohortSection } from './model-cohorts.js';
import { attachmentsModel, type AttachmentsModel } from './model-attachments.js';
import { everyOwnerAfterCutoff, groupOverdue } from './model-overdue.js';
import { buildLeadQualityModel, type LeadQualityModel } from './model-lead-quality.js';
import type { WeeklyReportEmailProps } from './props.js';

export type Tone = 'good' | 'bad' | 'neutral';

export interface Delta {
  /** "+8.4%", "−3.0 pp", "0.0%" */
  text: string;
  arrow: '▲' | '▼' | '';
  tone: Tone;
}

export interface TrendPoint {
  label: string;
  value: number | null;
  display: string;
  /** 0..1 of the largest value in the series; 0 when null. */
  share: number;
  current: boolean;
}

export interface Kpi {
  key: string;
  label: string;
  value: string;
  delta: Delta | null;
  trend: TrendPoint[];
  /** "Leads, last 4 weeks: 112, 98, 130, 141" */
  trendText: string;
}

export interface Stat {
  label: string;
  value: string;
  delta: Delta | null;
  /** A second figure shown small beside the value (the blended figure beside a paid one). */
  detail?: string;
}

export interface FunnelStep {
  label: string;
  value: string;
  share: number;
  conversion: string | null;
}

export interface OverdueRow {
  /** The person's name, else the email address (or "no email"). */
  title: string;
  company: string | null;
  /** The record in its CRM; null when no link can be built. */
  url: string | null;
  /** The address when `title` is the name, else null (it is the title). */
  email: string | null;
  channel: string;
  created: string;
  overdue: string;
  /** Said of the lead's owner: known only from a version exported after the week; else null. */
  ownerNote: string | null;
}

export interface OwnerGroup {
  owner: string;
  /** Said of the owner: deactivated in the CRM (nobody follows the leads up); else null. */
  ownerNote: string | null;
  summary: string;
  leads: OverdueRow[];
  more: string | null;
}

export interface Table {
  columns: string[];
  /** Which columns are numeric (right-aligned). */
  numeric: boolean[];
  rows: string[][];
  more: string | null;
}

export interface SplitBar {
  label: string;
  marketing: string;
  sales: string;
  /** Share of marketing in 0..1, or null when both are 0. */
  marketingShare: number | null;
  marketingPct: string;
  salesPct: string;
}

/** One claimed deal as shown: deal (name · account), amount (new or won), match method, claiming lead. */
export interface ClaimedDealRow {
  deal: string;
  amount: string;
  method: string;
  lead: string;
}

export interface EmailModel {
  lang: string;
  subject: string;
  preview: string;
  brand: string;
  title: string;
  weekLabel: string;
  /** Says the week has not ended (a partial report); null for a full week. */
  partial: string | null;
  t: Strings;
  attention: { title: string; items: { text: string; tone: Tone }[] };
  /** Does following up pay (SPEC §5b): the opening section. */
  effect: FollowUpEffectModel;
  kpis: { title: string; note: string; items: Kpi[] };
  funnel: { title: string; steps: FunnelStep[]; note: string };
  followUp: {
    title: string;
    intro: string;
    stats: Stat[];
    /** This week's leads per channel: due, within SLA, no contact; null when not measured or none due. */
    byChannelTitle: string;
    byChannel: Table | null;
    overdueTitle: string;
    overdueIntro: string;
    groups: OwnerGroup[];
    more: string | null;
  };
  /** Lead quality, sales' view (model-lead-quality.ts); null when the report has none. */
  leadQuality: LeadQualityModel | null;
  spend: {
    title: string;
    intro: string;
    stats: Stat[];
    byChannel: Table | null;
    idleTitle: string;
    idle: Table | null;
    idleIntro: string;
  };
  channels: {
    title: string;
    table: Table | null;
    empty: string;
    notes: string[];
  };
  split: {
    title: string;
    bars: SplitBar[];
    note: string;
    marketingLabel: string;
    salesLabel: string;
    /** Deals by claim basis (null when deals are not measured or none this week). */
    basisTitle: string;
    basisIntro: string;
    basis: Table | null;
    /** The largest marketing-sourced deals of the week; `claimedEmpty` when none. */
    claimedTitle: string;
    claimedIntro: string;
    claimed: ClaimedDealRow[] | null;
    /** "and 12 more" past the largest LIMITS.claimedDeals (all are in the attachment); null when none. */
    claimedMore: string | null;
    claimedEmpty: string;
  };
  /** The weekly lead cohorts (null when the report has none). */
  cohorts: CohortSection | null;
  health: {
    title: string;
    sources: Table;
    lines: string[];
    methodology: string;
    methodologyLinkText: string;
    methodologyUrl: string;
    timezone: string;
    footer: string;
  };
  /** The CSV files the email carries (null when none). */
  attachments: AttachmentsModel | null;
}

/** Limits that keep the HTML far below Gmail's 102 KB clipping point whatever the data. */
export const LIMITS = {
  owners: 5,
  leadsPerOwner: 3,
  idleCampaigns: 8,
  channels: 10,
  sources: 12,
  ambiguousCampaigns: 3,
  /** Campaign references of paid leads that link to none, named when idle spend is withheld. */
  unlinkedCampaigns: 3,
  rejectedImports: 5,
  /** The largest claimed deals shown; the report JSON and the CSV attachment carry every one. */
  claimedDeals: 10,
} as const;

type Better = 'up' | 'down' | 'neutral';

function safeRatio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) {
    return null;
  }
  return a / b;
}

/** The sum, or null when any part is null (a family not measured). */
function sumOrNull(...parts: (number | null)[]): number | null {
  let sum = 0;
  for (const p of parts) {
    if (p === null) return null;
    sum += p;
  }
  return sum;
}

function tone(sign: number, better: Better): Tone {
  if (sign === 0 || better === 'neutral') return 'neutral';
  return sign > 0 === (better === 'up') ? 'good' : 'bad';
}

/** Relative change; omitted (null) when there is no prior value to compare with. */
export function relativeDelta(
  fmt: Formatter,
  current: number | null,
  previous: number | null,
  better: Better,
): Delta | null {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  if (previous === 0) return null;
  const ratio = (current - previous) / Math.abs(previous);
  const rounded = Math.round(ratio * 1000) / 1000;
  const sign = Math.sign(rounded);
  return { text: fmt.changePercent(ratio), arrow: sign > 0 ? '▲' : sign < 0 ? '▼' : '', tone: tone(sign, better) };
}

/** Change of a rate in percentage points. */
export function pointsDelta(
  fmt: Formatter,
  current: number | null,
  previous: number | null,
  better: Better,
): Delta | null {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const points = (current - previous) * 100;
  const sign = Math.sign(Math.round(points * 10) / 10);
  return { text: fmt.changePoints(points), arrow: sign > 0 ? '▲' : sign < 0 ? '▼' : '', tone: tone(sign, better) };
}

/**
 * What a figure rests on: a family of figures, `attribution`, the match of deals to leads
 * (not measured while a source's deals cannot be linked: `coverage.deals.dealsUnlinked`), or
 * `paid`, telling the paid channels (not measured while spend has no channel:
 * `coverage.spend.channelUnknown`).
 */
type Rests = CoverageFamily | 'attribution' | 'paid' | 'leads';

interface KpiDef {
  key: keyof Strings['kpi'];
  /** The families of figures it rests on: not measured when one of them is not. */
  families: Rests[];
  get: (f: WeeklyFigures) => number | null;
  format: (fmt: Formatter, n: number | null) => string;
  compact: (fmt: Formatter, n: number | null) => string;
  better: Better;
  change: 'relative' | 'points';
}

const KPI_DEFS: KpiDef[] = [
  {
    key: 'leads',
    families: ['leads'],
    get: (f) => f.leads,
    format: (x, n) => x.count(n),
    compact: (x, n) => x.compact(n),
    better: 'up',
    change: 'relative',
  },
  {
    key: 'slaRate',
    families: ['followUps', 'leads'],
    get: (f) => f.slaRate,
    format: (x, n) => x.percent(n),
    compact: (x, n) => x.percent(n),
    better: 'up',
    change: 'points',
  },
  {
    key: 'opportunities',
    families: ['deals'],
    get: (f) => f.opportunities,
    format: (x, n) => x.count(n),
    compact: (x, n) => x.compact(n),
    better: 'up',
    change: 'relative',
  },
  {
    key: 'pipeline',
    families: ['deals'],
    get: (f) => f.pipeline,
    format: (x, n) => x.money(n),
    compact: (x, n) => x.moneyCompact(n),
    better: 'up',
    change: 'relative',
  },
  {
    key: 'wonRevenue',
    families: ['deals'],
    get: (f) => f.wonRevenue,
    format: (x, n) => x.money(n),
    compact: (x, n) => x.moneyCompact(n),
    better: 'up',
    change: 'relative',
  },
  // More spend is neither good nor bad on its own: the ROAS and cost figures judge it.
  {
    key: 'spend',
    families: ['spend'],
    get: (f) => f.spend,
    format: (x, n) => x.money(n),
    compact: (x, n) => x.moneyCompact(n),
    better: 'neutral',
    change: 'relative',
  },
  // The paid ROAS: organic and referral revenue would flatter the spend (SPEC §5 paid figures).
  {
    key: 'roas',
    families: ['spend', 'deals', 'attribution', 'paid'],
    get: (f) => f.paidRoas,
    format: (x, n) => x.multiple(n),
    compact: (x, n) => x.multiple(n),
    better: 'up',
    change: 'relative',
  },
];

function weekNumber(week: string): number {
  const m = /-W(\d{2})$/.exec(week);
  return m ? Number(m[1]) : NaN;
}

function trendLabels(week: string, count: number): string[] {
  let base;
  try {
    base = parseWeek(week, 'UTC');
  } catch {
    return Array.from({ length: count }, (_, i) => `−${count - 1 - i}`);
  }
  return Array.from({ length: count }, (_, i) => `W${shiftWeek(base, i - (count - 1)).weekNumber}`);
}

function split(
  fmt: Formatter,
  label: string,
  marketing: number | null,
  total: number | null,
  money: boolean,
): SplitBar {
  if (marketing === null || total === null) {
    const none = fmt.t.notMeasured;
    return { label, marketing: none, sales: none, marketingShare: null, marketingPct: none, salesPct: none };
  }
  const sales = Math.max(0, total - marketing);
  const share = safeRatio(marketing, marketing + sales);
  const show = (n: number) => (money ? fmt.money(n) : fmt.count(n));
  return {
    label,
    marketing: show(marketing),
    sales: show(sales),
    marketingShare: share,
    marketingPct: fmt.percent(share),
    salesPct: share === null ? fmt.t.noValue : fmt.percent(1 - share),
  };
}

/** The order the bases are shown in: strongest match first, sales-sourced last. */
/** The table of each `<table>Rejected` assumption (docs/methodology.md, "Rejected rows"). */
const REJECTED_TABLES = { leadsRejected: 'leads', dealsRejected: 'deals', activitiesRejected: 'activities' } as const;

const BASIS_ORDER: readonly ClaimBasis[] = ['conversion', 'email', 'contact', 'domain', 'sales_sourced'];

/** The claim-basis and claimed-deals tables of the split section (null tables when deals are not measured). */
function claimTables(
  fmt: Formatter,
  claim: ClaimBasisReport | null,
): Pick<
  EmailModel['split'],
  'basisTitle' | 'basisIntro' | 'basis' | 'claimedTitle' | 'claimedIntro' | 'claimed' | 'claimedMore' | 'claimedEmpty'
> {
  const t = fmt.t;
  const rows = claim
    ? BASIS_ORDER.flatMap((b) => claim.byBasis.filter((x) => x.basis === b)).filter(
        (x) => x.opportunities > 0 || x.wonDeals > 0,
      )
    : [];
  const basis: Table | null =
    rows.length === 0
      ? null
      : {
          columns: [
            t.columns.basis,
            t.columns.opportunities,
            fmt.moneyColumn(t.columns.pipeline),
            fmt.moneyColumn(t.columns.wonRevenue),
          ],
          numeric: [false, true, true, true],
          rows: rows.map((x) => [
            t.basis[x.basis],
            fmt.count(x.opportunities),
            fmt.amount(x.pipeline),
            fmt.amount(x.wonRevenue),
          ]),
          more: null,
        };
  const deals = claim?.deals ?? [];
  const claimed: ClaimedDealRow[] | null =
    deals.length === 0
      ? null
      : deals.slice(0, LIMITS.claimedDeals).map((d) => ({
          deal: [d.name ?? d.dealId, d.accountName].filter(Boolean).join(' · '),
          amount: `${d.amount === null ? t.noValue : fmt.money(d.amount)} (${d.wonInWeek ? t.claimedWon : t.claimedNew})`,
          method: t.basis[d.method],
          lead: [d.leadEmail ?? t.claimedNoLead, fmt.channel(d.channel), d.campaignName].filter(Boolean).join(' · '),
        }));
  return {
    basisTitle: t.basisTitle,
    basisIntro: t.basisIntro,
    basis,
    claimedTitle: t.claimedTitle,
    claimedIntro: t.claimedIntro,
    claimed,
    claimedMore: deals.length > LIMITS.claimedDeals ? t.andMore(deals.length - LIMITS.claimedDeals) : null,
    claimedEmpty: claim ? t.claimedNone : fmt.t.notMeasured,
  };
}

export function buildEmailModel(props: WeeklyReportEmailProps): EmailModel {
  const { report, locale } = props;
  const fmt = new Formatter(locale, report.currency, report.timezone);
  const t = fmt.t;
  const cur = report.totals;
  const prev = report.previous;
  // The current week's side of each change: a figure resting on data loaded only in part
  // (coverage.partial) is shown, but not compared (docs/methodology.md, "Changes against the previous week").
  const curCompared = comparableFigures(cur, report.coverage);
  const week = weekNumber(report.week);
  const range = fmt.dateRange(report.start, report.end);
  const slaHours = fmt.t.units.hours(fmt.count(props.followUpSlaHours ?? 24));
  // SPEC §5 coverage: a family whose data is not loaded shows "not measured" and why, never a number.
  const coverage = report.coverage;
  const twins = coverage.deals.dealTwins;
  const misnamed = coverage.deals.dealSourcesMisnamed;
  const unlinked = coverage.deals.dealsUnlinked;
  // Marketing- or sales-sourced needs deals that can be linked to leads; `reason('deals')`
  // words why not when only that is missing.
  const leadsGap = coverage.leadsNotCovered;
  const attributed = attributionMeasured(coverage);
  // The paid channels need every ad platform's spend of the week to have a channel.
  const channelUnknown = coverage.spend.channelUnknown ?? [];
  const channelMismatch = coverage.spend.channelMismatch ?? [];
  const paidKnown = channelUnknown.length === 0 && channelMismatch.length === 0;
  const measured = (families: readonly Rests[]) =>
    families.every((f) =>
      f === 'attribution'
        ? attributed
        : f === 'paid'
          ? paidKnown
          : f === 'leads'
            ? leadsGap === undefined
            : coverage[f].measured,
    );
  const untyped = coverage.followUps.untypedSources;
  // Why the figures that count or rest on the week's leads are not measured (coverage.leadsNotCovered).
  const leadsReason = (gap: NonNullable<typeof leadsGap>) => t.notMeasuredLeadsNotCovered(...leadsGapShown(gap));
  const leadsGapShown = (gap: NonNullable<typeof leadsGap>) =>
    [
      gap.source === null ? null : fmt.vendor(gap.source),
      gap.coveredUntil ? fmt.date(gap.coveredUntil) : null,
      gap.coveredFrom ? fmt.date(gap.coveredFrom) : null,
    ] as const;
  const reason = (family: CoverageFamily) => {
    if (family === 'leadQuality') {
      const found = coverage.leadQuality.unknownLabels ?? [];
      return t.notMeasuredUnknownLeadStatuses(labelsOf(found), [...new Set(found.map((f) => f.setting))].sort());
    }
    if (family === 'followUps' && untyped && untyped.length > 0)
      return t.notMeasuredUntyped(untyped.map((s) => fmt.vendor(s)));
    if (family === 'deals' && misnamed) return t.notMeasuredDealSourcesMisnamed(misnamed.named, misnamed.leftOut);
    const rejected = family === 'spend' ? undefined : coverage[family].rowsRejected;
    if (family !== 'spend' && rejected && rejected.length > 0) {
      const rows = rejected.reduce((n, r) => n + r.rows, 0);
      return t.notMeasuredRejected(
        family,
        rows,
        rejected.map((r) => fmt.vendor(r.source)),
      );
    }
    const spendRejected = family === 'spend' ? coverage.spend.rejectedSpend : undefined;
    if (spendRejected?.[0]) {
      const first = spendRejected[0];
      return t.notMeasuredSpendRejected(
        first.rows,
        first.platform === null ? null : fmt.vendor(first.platform),
        fmt.date(first.from),
        fmt.date(first.to),
        first.file,
        first.reason,
        spendRejected.reduce((n, c) => n + c.rows, 0) - first.rows,
        first.line ?? null,
      );
    }
    const mismatch = family === 'spend' ? coverage.spend.subtotalMismatch : undefined;
    if (mismatch?.[0]?.doubt) {
      const m = mismatch[0];
      return t.notMeasuredUnprovenTotal(
        m.file,
        m.line,
        m.subtotal === null ? null : fmt.exact(m.subtotal, m.currency, m.decimals),
        m.detailRows,
        m.doubt!.columns,
        mismatch.length - 1,
      );
    }
    if (mismatch?.[0]) {
      const m = mismatch[0];
      return t.notMeasuredSubtotalMismatch(
        m.file,
        m.line,
        m.subtotal === null ? null : fmt.exact(m.subtotal, m.currency, m.decimals),
        m.details === null ? null : fmt.exact(m.details, m.currency, m.decimals),
        m.detailRows,
        mismatch.length - 1,
      );
    }
    const types = family === 'followUps' ? coverage.followUps.unknownLabels : undefined;
    if (types && types.length > 0)
      return t.notMeasuredUnknownActivityTypes(labelsOf(types), [...new Set(types.map((f) => f.setting))].sort());
    const stages = family === 'deals' ? coverage.deals.unknownStages : undefined;
    if (stages && stages.length > 0) {
      const rows = stages.reduce((n, s) => n + s.rows, 0);
      return t.notMeasuredUnknownStages(rows, [...new Set(stages.flatMap((s) => s.stages))].sort());
    }
    // Deals loaded and measured, but the leads to match them to are not: said as the leads' reason.
    if (family === 'deals' && leadsGap && coverage.deals.measured) return leadsReason(leadsGap);
    if (family === 'deals' && unlinked) return t.notMeasuredDealsUnlinked(unlinked.map((s) => fmt.vendor(s)));
    if (family === 'deals' && twins) {
      return t.notMeasuredDealTwins(
        twins.pairs,
        twins.sources.map((s) => fmt.vendor(s)),
      );
    }
    const { lastDataAt, source, platform, accountId, currency, coveredUntil, coveredFrom } = coverage[family];
    const stopped = platform ?? source;
    const stoppedName = stopped ? fmt.vendor(stopped) : null;
    return t.notMeasuredReason(
      family,
      lastDataAt ? fmt.date(lastDataAt) : null,
      stoppedName && accountId
        ? t.adAccount(stoppedName, accountId)
        : stoppedName && currency
          ? t.adSpendInCurrency(stoppedName, currency)
          : stoppedName,
      coveredUntil ? fmt.date(coveredUntil) : null,
      coveredFrom ? fmt.date(coveredFrom) : null,
    );
  };
  const unmeasured = (['followUps', 'spend', 'deals', 'leadQuality'] as const).filter((f) => !coverage[f].measured);

  // --- KPIs with the 4-week trend ---------------------------------------------------
  const trendFigures = props.trend.length > 0 ? props.trend.slice(-4) : [prev, cur];
  const labels = trendLabels(report.week, trendFigures.length);
  const kpis: Kpi[] = KPI_DEFS.map((def) => {
    const values = trendFigures.map((f) => {
      const v = def.get(f);
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    const max = Math.max(0, ...values.map((v) => v ?? 0));
    const trend = values.map((value, i) => ({
      label: labels[i] ?? '',
      value,
      display: def.compact(fmt, value),
      share: value !== null && max > 0 ? Math.max(0, value) / max : 0,
      current: i === values.length - 1,
    }));
    const current = def.get(curCompared);
    const previous = def.get(prev);
    const isMeasured = measured(def.families);
    const delta = !isMeasured
      ? null
      : def.change === 'points'
        ? pointsDelta(fmt, current, previous, def.better)
        : relativeDelta(fmt, current, previous, def.better);
    return {
      key: def.key,
      label: t.kpi[def.key],
      value: isMeasured ? def.format(fmt, def.get(cur)) : t.notMeasured,
      delta,
      trend,
      trendText: t.trendAlt(t.kpi[def.key], trend.map((p) => p.display).join(', ')),
    };
  });

  // --- Funnel ------------------------------------------------------------------------
  const funnelValues: [keyof Strings['funnelSteps'], number | null][] = [
    ['leads', cur.leads],
    ['mqls', cur.mqls],
    ['followedUpWithinSla', cur.followedUpWithinSla],
    ['opportunities', cur.opportunities],
    ['wonDeals', cur.wonDeals],
  ];
  // Follow-up applies to every lead (not only MQLs), and deals of a week are not all from its
  // leads, so each rate is taken against the base it belongs to and says which one; each bar
  // is drawn as that same rate, so the bar and its words never disagree.
  const due = sumOrNull(cur.followedUpWithinSla, cur.followedUpLate, cur.overdue);
  const shares: Record<keyof Strings['funnelSteps'], number | null> = {
    leads: cur.leads !== null && cur.leads > 0 ? 1 : 0,
    mqls: safeRatio(cur.mqls, cur.leads),
    followedUpWithinSla: safeRatio(cur.followedUpWithinSla, due),
    opportunities: safeRatio(cur.opportunities, cur.leads),
    wonDeals: safeRatio(cur.wonDeals, cur.opportunities),
  };
  const rates: Record<keyof Strings['funnelSteps'], string | null> = {
    leads: null,
    mqls: t.funnelRate.ofLeads(fmt.percent(shares.mqls)),
    followedUpWithinSla: t.funnelRate.ofDue(fmt.percent(shares.followedUpWithinSla)),
    // No "– of leads" while the week's leads are not measured.
    opportunities: cur.leads === null ? null : t.funnelRate.ofLeads(fmt.percent(shares.opportunities)),
    wonDeals: t.funnelRate.ofOpportunities(fmt.percent(shares.wonDeals)),
  };
  const steps: FunnelStep[] = funnelValues.map(([key, v]) => ({
    label: t.funnelSteps[key],
    value: v === null ? t.notMeasured : fmt.count(v),
    share: v === null ? 0 : Math.min(1, Math.max(0, shares[key] ?? 0)),
    conversion: v === null ? null : rates[key],
  }));

  // --- Follow-up ---------------------------------------------------------------------
  const overdue = groupOverdue(fmt, report.overdueLeads, LIMITS);
  const followUpsMeasured = coverage.followUps.measured;
  // The follow-up figures are of the week's leads: not measured while those are not loaded either.
  const followUpFigures = followUpsMeasured && leadsGap === undefined;
  const followUpStats: Stat[] = [
    {
      label: t.followUpStats.slaRate,
      value: fmt.percent(cur.slaRate),
      delta: pointsDelta(fmt, curCompared.slaRate, prev.slaRate, 'up'),
    },
    {
      label: t.followUpStats.slaRateMqls,
      // Which leads are MQLs rests on lead quality too (coverage.leadQuality).
      value: coverage.leadQuality.measured ? fmt.percent(cur.slaRateMqls) : t.notMeasured,
      delta: pointsDelta(fmt, curCompared.slaRateMqls, prev.slaRateMqls, 'up'),
    },
    {
      label: t.followUpStats.median,
      value: fmt.hours(cur.medianHoursToFollowUp),
      delta: relativeDelta(fmt, curCompared.medianHoursToFollowUp, prev.medianHoursToFollowUp, 'down'),
    },
    { label: t.followUpStats.late, value: fmt.count(cur.followedUpLate), delta: null },
    { label: t.followUpStats.overdue, value: fmt.count(cur.overdue), delta: null },
    { label: t.followUpStats.pending, value: fmt.count(cur.pending), delta: null },
    // Only when there are any: most exports carry times, and a 0 would only puzzle.
    ...((cur.untimedLeads ?? 0) > 0
      ? [{ label: t.followUpStats.untimed, value: fmt.count(cur.untimedLeads), delta: null }]
      : []),
  ];
  const followUp = {
    title: t.followUpTitle,
    intro: !followUpsMeasured
      ? reason('followUps')
      : leadsGap
        ? leadsReason(leadsGap)
        : due !== null && due > 0
          ? t.followUpIntro(cur.followedUpWithinSla ?? 0, due, slaHours)
          : (cur.untimedLeads ?? 0) > 0
            ? t.followUpNoneJudged(cur.untimedLeads ?? 0)
            : t.followUpNoneDue,
    stats: followUpFigures ? followUpStats : followUpStats.map((st) => ({ ...st, value: t.notMeasured, delta: null })),
    byChannelTitle: t.effect.channelTitle,
    byChannel: followUpFigures ? channelFollowUpTable(fmt, report.channels) : null,
    overdueTitle: t.overdueTitle,
    // Each listed lead is overdue; with the week's leads loaded only in part the list is not all.
    overdueIntro: !followUpsMeasured
      ? t.notMeasured
      : overdueIntro(t, report, leadsGap ? t.overdueLeadsNotCovered(...leadsGapShown(leadsGap)) : null),
    groups: overdue.groups,
    more: overdue.more,
  };

  // --- Spend -------------------------------------------------------------------------
  const spendMeasured = coverage.spend.measured;
  const dealsMeasured = coverage.deals.measured;
  const channelsBySpend = report.channels
    .filter((c) => (c.spend ?? 0) > 0)
    .sort((a, b) => (b.spend ?? 0) - (a.spend ?? 0) || a.channel.localeCompare(b.channel));
  const byChannel: Table | null =
    channelsBySpend.length === 0
      ? null
      : {
          // Amounts without the currency in the cells (it is in the header) keep 5 columns inside 320 px.
          columns: [
            t.columns.channel,
            fmt.moneyColumn(t.columns.spend),
            fmt.moneyColumn(t.columns.cpl),
            fmt.moneyColumn(t.columns.costPerOpportunity),
            t.columns.roas,
          ],
          numeric: [false, true, true, true, true],
          rows: channelsBySpend
            .slice(0, LIMITS.channels)
            .map((c) => [
              fmt.channel(c.channel),
              fmt.amount(c.spend),
              fmt.amount(c.cpl),
              fmt.amount(c.costPerOpportunity),
              fmt.multiple(c.roas),
            ]),
          more: channelsBySpend.length > LIMITS.channels ? t.andMore(channelsBySpend.length - LIMITS.channels) : null,
        };
  const idleSorted = [...report.idleSpend].sort((a, b) => b.spend - a.spend);
  const idle: Table | null =
    idleSorted.length === 0
      ? null
      : {
          columns: [t.columns.campaign, t.columns.platform, fmt.moneyColumn(t.columns.spend)],
          numeric: [false, false, true],
          rows: idleSorted
            .slice(0, LIMITS.idleCampaigns)
            .map((c) => [c.campaignName?.trim() || c.campaignId, fmt.vendor(c.platform), fmt.amount(c.spend)]),
          more: idleSorted.length > LIMITS.idleCampaigns ? t.andMore(idleSorted.length - LIMITS.idleCampaigns) : null,
        };
  const idleTotal = idleSorted.reduce((s, c) => s + (Number.isFinite(c.spend) ? c.spend : 0), 0);
  const spend = {
    title: t.spendTitle,
    intro: !spendMeasured
      ? reason('spend')
      : cur.spend === null || cur.spend <= 0
        ? t.spendNone
        : attributed
          ? t.spendIntro(
              fmt.money(cur.spend),
              cur.marketingSourcedOpportunities ?? 0,
              fmt.money(cur.marketingSourcedWonRevenue),
            )
          : `${t.spendStats.spend}: ${fmt.money(cur.spend)}. ${reason('deals')}`,
    stats: [
      {
        label: t.spendStats.spend,
        families: ['spend'] as Rests[],
        value: fmt.money(cur.spend),
        delta: relativeDelta(fmt, curCompared.spend, prev.spend, 'neutral'),
      },
      // Paid figures first, the blended ones (all leads, all marketing-sourced deals) beside.
      {
        label: t.spendStats.cpl,
        families: ['spend', 'paid', 'leads'] as Rests[],
        value: fmt.money(cur.paidCpl),
        delta: relativeDelta(fmt, curCompared.paidCpl, prev.paidCpl, 'down'),
        detail: t.spendBlended(fmt.money(cur.cpl)),
      },
      {
        label: t.spendStats.costPerOpportunity,
        families: ['spend', 'deals', 'attribution', 'paid'] as Rests[],
        value: fmt.money(cur.paidCostPerOpportunity),
        delta: relativeDelta(fmt, curCompared.paidCostPerOpportunity, prev.paidCostPerOpportunity, 'down'),
        detail: t.spendBlended(fmt.money(cur.costPerOpportunity)),
      },
      {
        label: t.spendStats.roas,
        families: ['spend', 'deals', 'attribution', 'paid'] as Rests[],
        value: fmt.multiple(cur.paidRoas),
        delta: relativeDelta(fmt, curCompared.paidRoas, prev.paidRoas, 'up'),
        detail: t.spendBlended(fmt.multiple(cur.roas)),
      },
    ].map(({ families, ...st }) => (measured(families) ? st : { label: st.label, value: t.notMeasured, delta: null })),
    byChannel: spendMeasured ? byChannel : null,
    idleTitle: t.idleTitle,
    // Idle spend needs both: spend, and the deals that would show a campaign is not idle.
    // And leads that name campaigns: without any, every campaign would read idle.
    idleIntro: !spendMeasured
      ? t.notMeasured
      : !attributed
        ? reason('deals')
        : coverage.spend.leadsWithoutCampaign !== undefined
          ? t.notMeasuredIdleNoCampaign(coverage.spend.leadsWithoutCampaign)
          : coverage.spend.namesBelowCampaign !== undefined
            ? t.notMeasuredIdleBelowCampaign(coverage.spend.namesBelowCampaign.map((p) => fmt.vendor(p)))
            : coverage.spend.dealsWindowGap !== undefined
              ? t.notMeasuredIdleDealsGap(
                  fmt.vendor(coverage.spend.dealsWindowGap.source),
                  fmt.date(coverage.spend.dealsWindowGap.from),
                  fmt.date(coverage.spend.dealsWindowGap.to),
                )
              : coverage.spend.unlinkedCampaigns !== undefined
                ? unlinkedCampaignsText(t, fmt, coverage.spend.unlinkedCampaigns)
                : idle
                  ? t.idleIntro
                  : t.idleNone,
    idle,
  };

  // --- Channels ----------------------------------------------------------------------
  const channelRows = [...report.channels].sort(
    (a, b) =>
      (b.leads ?? 0) - (a.leads ?? 0) ||
      (b.opportunities ?? 0) - (a.opportunities ?? 0) ||
      a.channel.localeCompare(b.channel),
  );
  const channels = {
    title: t.channelsTitle,
    empty: t.channelsNone,
    // The leads column reads "–" while the week's leads are not measured: said why, once.
    notes: [...new Set([...(leadsGap ? [leadsReason(leadsGap)] : []), ...(attributed ? [] : [reason('deals')])])],
    table:
      channelRows.length === 0
        ? null
        : {
            columns: [
              t.columns.channel,
              t.columns.leads,
              t.columns.opportunities,
              t.columns.marketingSourced,
              fmt.moneyColumn(t.columns.wonRevenue),
            ],
            numeric: [false, true, true, true, true],
            rows: channelRows
              .slice(0, LIMITS.channels)
              .map((c) => [
                fmt.channel(c.channel),
                fmt.count(c.leads),
                fmt.count(c.opportunities),
                fmt.count(c.marketingSourcedOpportunities),
                fmt.amount(c.wonRevenue),
              ]),
            more: channelRows.length > LIMITS.channels ? t.andMore(channelRows.length - LIMITS.channels) : null,
          },
  };

  // --- Data health -------------------------------------------------------------------
  const dq = report.dataQuality;
  const dealsTotal = dq.dealsMatched + dq.dealsUnmatched;
  const sourcesSorted = [...dq.sources].sort((a, b) => a.source.localeCompare(b.source));
  const health = {
    title: t.healthTitle,
    sources: {
      columns: [t.columns.source, t.columns.lastLoad, t.columns.rows, t.columns.rejected],
      numeric: [false, false, true, true],
      rows: sourcesSorted
        .slice(0, LIMITS.sources)
        .map((s) => [
          fmt.vendor(s.source),
          s.lastLoadedAt ? fmt.dateTime(s.lastLoadedAt) : t.healthNever,
          fmt.count(s.rowsLoaded),
          fmt.count(s.rowsRejected),
        ]),
      more: sourcesSorted.length > LIMITS.sources ? t.andMore(sourcesSorted.length - LIMITS.sources) : null,
    },
    lines: [
      ...(props.dataWarnings ?? []),
      t.healthMatched(dq.dealsMatched, dealsTotal, fmt.percent(safeRatio(dq.dealsMatched, dealsTotal))),
      t.healthUnmatched(dq.dealsUnmatched),
      t.healthNoEmail(dq.leadsWithoutEmail),
      // An import that loaded nothing is a gap in the figures, said where both heads look.
      ...(dq.rejectedImports ?? [])
        .slice(0, LIMITS.rejectedImports)
        .map((r) => t.healthRejectedImport(r.input, r.table, fmt.dateTime(r.loadedAt), fmt.count(r.rowsRejected))),
      ...(dq.assumptions ?? []).map((a) =>
        a.kind === 'currencyAssumed'
          ? t.healthCurrencyAssumed(fmt.vendor(a.source), a.currency ?? '', a.rows)
          : a.kind === 'spendDaysUtc'
            ? t.healthSpendDaysUtc(fmt.vendor(a.source), a.rows)
            : a.kind === 'spendRejected'
              ? t.healthSpendRejected(fmt.vendor(a.source), a.rows)
              : a.kind === 'leadsWithoutStage'
                ? t.healthLeadsWithoutStage(fmt.vendor(a.source), a.rows, a.of ?? a.rows)
                : a.kind === 'dealsWithoutAmount'
                  ? t.healthDealsWithoutAmount(fmt.vendor(a.source), a.rows, a.of ?? a.rows)
                  : a.kind === 'dealsLeftOut'
                    ? t.healthDealsLeftOut(fmt.vendor(a.source), a.rows, a.source)
                    : a.kind === 'leadsRejected' || a.kind === 'dealsRejected' || a.kind === 'activitiesRejected'
                      ? t.healthRowsRejected(REJECTED_TABLES[a.kind], fmt.vendor(a.source), a.rows)
                      : a.kind === 'dealsUnknownStage'
                        ? t.healthDealsUnknownStage(fmt.vendor(a.source), a.rows, a.of ?? a.rows, a.stages ?? [])
                        : t.healthSpendSpread(fmt.vendor(a.source), a.rows),
      ),
      ...(dq.ambiguousCampaigns ?? [])
        .slice(0, LIMITS.ambiguousCampaigns)
        .map((c) => t.healthAmbiguousCampaign(c.name, c.persons)),
    ],
    methodology: t.healthMethodology(report.methodologyVersion),
    methodologyLinkText: t.healthMethodologyLink,
    methodologyUrl: props.methodologyUrl,
    timezone: t.healthTimezone(report.timezone),
    footer: t.footer,
  };

  // --- Headline ----------------------------------------------------------------------
  const wonDelta = relativeDelta(fmt, cur.wonRevenue, prev.wonRevenue, 'up');
  const attention: { text: string; tone: Tone }[] = [];
  if (report.overdueLeads.length > 0)
    attention.push({ text: t.attentionOverdue(report.overdueLeads.length), tone: 'bad' });
  // Leads whose days no activity load speaks for: neither accused nor "nothing is overdue".
  if (followUpsMeasured && (report.overdueLeftOut ?? 0) > 0)
    attention.push({ text: t.overdueLeftOut(report.overdueLeftOut ?? 0), tone: 'neutral' });
  // Leads created on a date without a time whose SLA may have run out: neither accused nor cleared.
  if (followUpsMeasured && (report.overdueUntimed ?? 0) > 0)
    attention.push({ text: t.overdueUntimed(report.overdueUntimed ?? 0), tone: 'neutral' });
  if (idleSorted.length > 0)
    attention.push({ text: t.attentionIdle(idleSorted.length, fmt.money(idleTotal)), tone: 'bad' });
  // MQLs of 0 (or nearly) from leads that never said their stage are no finding about marketing.
  const stageless = (dq.assumptions ?? []).filter((a) => a.kind === 'leadsWithoutStage');
  const stagelessLeads = stageless.reduce((sum, a) => sum + a.rows, 0);
  // Leads have no "not measured": rejected lead rows that could be of the week are said first.
  const rejectedLeads = (dq.assumptions ?? []).filter((a) => a.kind === 'leadsRejected');
  if (rejectedLeads.length > 0) {
    const rows = rejectedLeads.reduce((sum, a) => sum + a.rows, 0);
    attention.push({
      text: t.attentionLeadsRejected(rows, rejectedLeads.map((a) => fmt.vendor(a.source)).join(', ')),
      tone: 'bad',
    });
  }
  if (stagelessLeads > 0 && cur.leads !== null && stagelessLeads * 2 >= cur.leads) {
    const sources = stageless.map((a) => fmt.vendor(a.source)).join(', ');
    attention.push({ text: t.attentionMqlsUnknown(stagelessLeads, sources), tone: 'bad' });
  }
  // A family not measured is said first, and "nothing is overdue" is never claimed without it;
  // then the week's leads not loaded up to the cutoff (a spend- or deals-only store too: never
  // "Leads 0" unsaid), and deals measured but not linkable to leads.
  const leadsLine = leadsGap ? [leadsReason(leadsGap)] : [];
  const unattributed = coverage.deals.measured && !attributed && !leadsGap ? [reason('deals')] : [];
  // Spend measured but its channel unknown: the headline's paid ROAS is "not measured", said why.
  const unpaid = !spendMeasured
    ? []
    : [
        ...(channelUnknown.length > 0
          ? [t.notMeasuredPaidChannelUnknown(channelUnknown.map((p) => fmt.vendor(p)))]
          : []),
        ...channelMismatch.map((m) =>
          t.notMeasuredPaidChannelMismatch(
            fmt.vendor(m.platform),
            fmt.channel(m.spendChannel),
            fmt.channel(m.leadChannel),
            m.persons,
          ),
        ),
      ];
  attention.unshift(
    ...unmeasured.map((family) => ({ text: reason(family), tone: 'bad' as const })),
    ...leadsLine.map((text) => ({ text, tone: 'bad' as const })),
    ...unattributed.map((text) => ({ text, tone: 'bad' as const })),
    ...unpaid.map((text) => ({ text, tone: 'bad' as const })),
  );
  if (attention.length === 0) attention.push({ text: t.attentionNone, tone: 'good' });
  const subject = t.subject(week, range);

  return {
    lang: locale === 'en' ? 'en' : 'de-CH',
    subject: report.partial ? t.partialSubject(subject) : subject,
    preview: t.preview(
      dealsMeasured ? fmt.money(cur.wonRevenue) : null,
      wonDelta?.text ?? '',
      followUpsMeasured ? report.overdueLeads.length : null,
    ),
    brand: t.brand,
    title: t.title,
    weekLabel: t.weekLabel(week, range),
    partial: report.partial ? t.partialNote : null,
    t,
    attention: { title: t.attentionTitle, items: attention },
    // Not measured: follow-ups first (without them every lead reads "never"), then deals.
    effect: followUpEffectModel(
      fmt,
      report.followUpEffect,
      slaHours,
      reason(!followUpsMeasured ? 'followUps' : 'deals'),
    ),
    kpis: {
      title: t.kpiTitle,
      // A previous-week figure that moved since its email is said where the comparison is read.
      note: [
        t.changesNote,
        ...(report.restatements ?? []).map((r) => {
          const show = (n: number) => (RESTATABLE_MONEY_FIGURES.has(r.figure) ? fmt.money(n) : fmt.count(n));
          return t.restated(weekNumber(r.week), t.restatedFigure[r.figure], show(r.sent), show(r.now));
        }),
        // An email of other rules or in another currency is not compared: said, so no one reads a
        // silence as "nothing moved" after such a change.
        ...(report.restatementsNotCompared ?? []).map((u) =>
          u.reason === 'currency'
            ? t.notComparedCurrency(weekNumber(u.week), u.sentCurrency, report.currency)
            : t.notComparedMethodology(weekNumber(u.week), u.sentVersion),
        ),
      ].join(' '),
      items: kpis,
    },
    funnel: { title: t.funnelTitle, steps, note: t.funnelNote },
    followUp,
    leadQuality: buildLeadQualityModel(fmt, report, reason('deals')),
    spend,
    channels,
    split: {
      title: t.splitTitle,
      marketingLabel: t.splitMarketing,
      salesLabel: t.splitSales,
      bars: [
        split(fmt, t.splitOpportunities, cur.marketingSourcedOpportunities, cur.opportunities, false),
        split(fmt, t.splitPipeline, cur.marketingSourcedPipeline, cur.pipeline, true),
        split(fmt, t.splitWon, cur.marketingSourcedWonRevenue, cur.wonRevenue, true),
      ],
      note: attributed ? t.splitNote : reason('deals'),
      ...claimTables(fmt, report.claimBasis),
    },
    cohorts: cohortSection(fmt, report, reason),
    health,
    attachments: attachmentsModel(fmt, props.attachments),
  };
}

export type { FunnelReport };

/**
 * Why idle spend is not measured when paid leads with an opportunity name campaigns that link
 * to none (FunnelReport coverage.spend.unlinkedCampaigns, one entry per platform and
 * reference): one item per reference, with the platforms spending on its leads' channel, the
 * most persons first, at most LIMITS.unlinkedCampaigns (the report JSON has every one).
 */
function unlinkedCampaignsText(t: Strings, fmt: Formatter, entries: readonly UnlinkedCampaign[]): string {
  const byReference = new Map<string, { reference: string; platforms: string[]; persons: number }>();
  for (const e of entries) {
    const item = byReference.get(e.reference) ?? { reference: e.reference, platforms: [], persons: 0 };
    item.platforms.push(fmt.vendor(e.platform));
    item.persons = Math.max(item.persons, e.persons);
    byReference.set(e.reference, item);
  }
  const items = [...byReference.values()].sort(
    (a, b) => b.persons - a.persons || a.reference.localeCompare(b.reference),
  );
  const shown = items.slice(0, LIMITS.unlinkedCampaigns);
  return t.notMeasuredIdleUnlinked(shown, items.length - shown.length);
}

/**
 * The overdue list's intro: how many leads it names, and how many it leaves out because no
 * follow-ups are loaded for their days (FunnelReport.overdueLeftOut), and once that every owner
 * is as exported after the week when that holds for all, and how many leads created on a date
 * without a time it could not judge (FunnelReport.overdueUntimed); never "every lead past the SLA
 * has been contacted" while some could not be judged. `leadsNotLoaded`: said when the week's
 * leads are not loaded up to its cutoff (Strings.overdueLeadsNotCovered; null when they are):
 * each listed lead is overdue, but the list is not all of them.
 */
function overdueIntro(t: Strings, report: FunnelReport, leadsNotLoaded: string | null): string {
  const leftOut = report.overdueLeftOut ?? 0;
  const untimed = report.overdueUntimed ?? 0;
  const listed = report.overdueLeads.length;
  const intro = listed > 0 ? t.overdueIntro(listed) : leftOut > 0 || untimed > 0 || leadsNotLoaded ? '' : t.overdueNone;
  const owners = everyOwnerAfterCutoff(report.overdueLeads) ? t.ownersAfterCutoff : '';
  return [
    intro,
    leadsNotLoaded ?? '',
    owners,
    leftOut > 0 ? t.overdueLeftOut(leftOut) : '',
    untimed > 0 ? t.overdueUntimed(untimed) : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
}
