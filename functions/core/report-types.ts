/** The FunnelReport (SPEC §6): the one JSON every renderer and sender works from. */

import type { SpendRejectCause } from './rejected-rows.js';
import type { SubtotalMismatchFound } from './subtotal-mismatch.js';

/**
 * The SPEC §5 figures of one week, money in the reporting currency, rates as fractions 0–1,
 * hours as hours. A figure of a family not measured (see `Coverage`) is null, never 0.
 */
export interface WeeklyFigures {
  /**
   * Null when the week's leads are not loaded up to its cutoff (`Coverage.leadsNotCovered`), with
   * every figure that counts them or rests on them; and as a point of comparison whose leads are
   * loaded only in part (see WeekTotals).
   */
  leads: number | null;
  mqls: number | null;
  /** Follow-up family: null when follow-ups are not measured. */
  followedUpWithinSla: number | null;
  followedUpLate: number | null;
  overdue: number | null;
  pending: number | null;
  /**
   * Persons of W left out of the follow-up figures above (and of the median and `overdueLeads`)
   * because their creation, or their first follow-up before the cutoff, is known only to the
   * day and the missing hour decides their verdict (a lead created the day before the cutoff, a
   * call the day after the creation). One whose verdict no hour of the day can change is in that
   * figure instead (docs/methodology.md, "Times known only to the day").
   */
  untimedLeads: number | null;
  slaRate: number | null;
  /** The SLA rate over the MQLs of W only (fraction 0–1); null when none was due. */
  slaRateMqls: number | null;
  medianHoursToFollowUp: number | null;
  /** Deal family: null when deals are not measured. */
  opportunities: number | null;
  marketingSourcedOpportunities: number | null;
  pipeline: number | null;
  /** Pipeline of the marketing-sourced opportunities created in W (the rest is sales-sourced). */
  marketingSourcedPipeline: number | null;
  wonDeals: number | null;
  wonRevenue: number | null;
  marketingSourcedWonRevenue: number | null;
  /** Spend family: null when spend is not measured (cost per opportunity and ROAS need deals too). */
  spend: number | null;
  cpl: number | null;
  costPerOpportunity: number | null;
  roas: number | null;
  /**
   * Paid figures (SPEC §5): against the leads, marketing-sourced opportunities and revenue of the
   * paid channels only (channels with spend rows dated in W), so organic and referral results do
   * not flatter paid spend. Null when spend (and, past paidLeads/paidCpl, deals) is not measured.
   */
  paidLeads: number | null;
  paidCpl: number | null;
  paidOpportunities: number | null;
  paidCostPerOpportunity: number | null;
  paidWonRevenue: number | null;
  paidRoas: number | null;
}

/**
 * A week's own figures. Its leads, MQLs, paid leads, cost per lead and follow-up figures are null
 * while its leads are not loaded up to its cutoff (Coverage.leadsNotCovered: "not measured", not
 * the count of the leads loaded so far); its MQLs also while lead quality is not measured
 * (Coverage.leadQuality). As a point of comparison (FunnelReport.previous, the trend's earlier
 * weeks) they are null too for a week whose leads are loaded only in part (Coverage.partial).
 */
export type WeekTotals = WeeklyFigures;

/**
 * One channel's figures of the week; spend null when spend, deal figures null when deals are not
 * measured; leads, cost per lead and the follow-up figures null while the week's leads are not
 * loaded up to its cutoff (Coverage.leadsNotCovered).
 */
export interface ChannelFigures {
  channel: string;
  leads: number | null;
  spend: number | null;
  opportunities: number | null;
  marketingSourcedOpportunities: number | null;
  wonRevenue: number | null;
  /** The channel's spend ÷ its leads, ÷ its marketing-sourced opportunities, its won revenue ÷ its spend (SQL). */
  cpl: number | null;
  costPerOpportunity: number | null;
  roas: number | null;
  /**
   * Follow-up of the channel's persons created in W (SPEC §5 groups, by person channel): those
   * whose SLA fell due by the cutoff (within SLA + late + overdue), those followed up within the
   * SLA, and those never followed up (overdue). Null when follow-ups are not measured.
   */
  followUpDue: number | null;
  followedUpWithinSla: number | null;
  neverFollowedUp: number | null;
}

/**
 * A person past the follow-up SLA with no follow-up (SPEC §5 `overdueLeads`). `email` is the
 * email key; `owner` the owner's id in `source`. The fields after `hoursOverdue` are optional
 * for reports built before owners were read: absent reads as unknown.
 */
export interface OverdueLead {
  email: string | null;
  createdAt: string;
  /** The owner's id as of the cutoff (the linked record's version then, docs/methodology.md "The overdue list"); null when unassigned. */
  owner: string | null;
  channel: string | null;
  hoursOverdue: number;
  /**
   * True when the person's creation is known only to the day (docs/methodology.md, "Times known
   * only to the day"): `hoursOverdue` counts from that day's end, so it is the fewest hours past
   * the SLA the missing hour allows ("at least"). Absent (false) in reports built before 1.14.
   */
  hoursOverdueAtLeast?: boolean;
  /** The owner's name from the `owners` table; null when no owner, or none loaded for the id (show `owner`). */
  ownerName?: string | null;
  /**
   * True when the owners table marks the owner deactivated or deleted in the CRM (as loaded
   * last): nobody will follow the lead up until it is given to someone. Absent in reports built
   * before 1.12.
   */
  ownerInactive?: boolean;
  /**
   * False when no version of the linked record known by the cutoff says who owned it (a file
   * without "Last Modified" exported after the week, a first pull after a reassignment): `owner`
   * is then the earliest version's, and may have been given the lead after the week. Otherwise
   * `owner` is the owner as of the cutoff. Absent in reports built before 1.12.
   */
  ownerKnownAtCutoff?: boolean;
  /** The person's first and last name from the linked record; null when the CRM has none. */
  name?: string | null;
  company?: string | null;
  /** The source of the linked record (the person's earliest lead held by its owner). */
  source?: string | null;
  /** The record in its CRM; null when the source's config lacks what a link needs (docs/methodology.md). */
  recordUrl?: string | null;
}

export interface IdleSpendCampaign {
  platform: string;
  campaignId: string;
  campaignName: string | null;
  spend: number;
}

export interface SourceHealth {
  source: string;
  lastLoadedAt: string | null;
  rowsLoaded: number;
  rowsRejected: number;
}

/**
 * Something a loaded figure rests on that the data did not say, from the load manifests:
 * amounts read in an assumed currency (no currency in the file: the source's setting or the
 * reporting currency), spend of rows covering several days spread evenly over them (an estimate),
 * spend whose days are UTC days rather than the account's (LinkedIn adAnalytics), spend rows
 * rejected from a file whose other rows loaded and whose days reach the report week (the week's
 * spend leaves their cost out); and, from the week's data, leads of which no version states a
 * lifecycle stage or MQL date (`leadsWithoutStage`: counted as not MQL) and deals of the week
 * without an amount (`dealsWithoutAmount`: left out of pipeline and won revenue), and deals of
 * the week from a source `dealSources` leaves out that are no likely twin of a counted deal
 * (`dealsLeftOut`: no figure counts them; `rows` those deals, `of` the source's deals of the
 * week). Rows of
 * leads, deals and activities rejected at import that could be of the week
 * (`leadsRejected`, `dealsRejected`, `activitiesRejected`), and open deals created before the
 * week's end whose stage no import could map (`dealsUnknownStage`).
 */
export interface DataAssumption {
  source: string;
  kind:
    | 'currencyAssumed'
    | 'spendSpread'
    | 'spendDaysUtc'
    | 'spendRejected'
    | 'leadsRejected'
    | 'dealsRejected'
    | 'activitiesRejected'
    | 'leadsWithoutStage'
    | 'dealsWithoutAmount'
    | 'dealsLeftOut'
    | 'dealsUnknownStage';
  /** The assumed currency (currencyAssumed). */
  currency?: string;
  /** `dealsUnknownStage` only: the stage labels no import could map, sorted. */
  stages?: string[];
  /**
   * Rows of the export it applies to; for `leadsWithoutStage`, the source's leads created in
   * the week of which no version states a lifecycle stage or an MQL date (they count as not MQL);
   * for `dealsWithoutAmount`, its deals created or won in the week without an amount (pipeline
   * and won revenue leave them out); for `<table>Rejected`, rows of that table rejected at
   * import that could be of the week (docs/methodology.md, "Rejected rows"); for
   * `dealsUnknownStage`, open deals created before the week's end whose stage no import could map.
   */
  rows: number;
  /**
   * `leadsWithoutStage` and `dealsWithoutAmount` only: the source's leads (deals) of the week;
   * `dealsUnknownStage`: the source's open deals created before the week's end.
   */
  of?: number;
}

/**
 * A campaign name that leads carry and that fits two or more ad campaigns with spend (after
 * normalization, on one platform or several): those persons are linked to no spend campaign,
 * rather than to one picked at random (docs/methodology.md, rule 7).
 */
export interface AmbiguousCampaign {
  /** The name as the attributed lead carries it (campaign name or utm_campaign). */
  name: string;
  /** Persons whose campaign it is and who are therefore linked to no spend campaign. */
  persons: number;
}

/**
 * An import that loaded nothing because every row was rejected (e.g. amounts in a currency
 * without an FX rate): its table lacks that file's data, so the footer names it until a later
 * load of the same file and table loads rows (a fixed file imported again, or `funnel rebuild`).
 */
export interface RejectedImport {
  /** The file (or pulled entity) as loaded, e.g. `deals-nov.csv`. */
  input: string;
  table: string;
  source: string;
  /** ISO instant of the load. */
  loadedAt: string;
  rowsRejected: number;
}

export interface DataQuality {
  sources: SourceHealth[];
  /** What the figures assume (empty when nothing is); see DataAssumption. */
  assumptions?: DataAssumption[];
  dealsMatched: number;
  dealsUnmatched: number;
  leadsWithoutEmail: number;
  /** Campaign names that fit several spend campaigns, most persons first (empty when none). */
  ambiguousCampaigns?: AmbiguousCampaign[];
  /** Imports of which every row was rejected, newest first (empty when none); see RejectedImport. */
  rejectedImports?: RejectedImport[];
}

/**
 * The families of figures measured or not as a whole. `leadQuality` (since 1.13): MQLs and
 * sales' disqualifications, not measured while a lead status or lifecycle stage of the week's
 * lead loads is one no import could map.
 */
export type CoverageFamily = 'followUps' | 'spend' | 'deals' | 'leadQuality';

/** Whether one family of figures is measured for the week, and why not. */
export interface FamilyCoverage {
  measured: boolean;
  /** One English line saying why not (e.g. "no calls, emails or meetings loaded since 2026-10-26"); null when measured. */
  reason: string | null;
  /** The newest data of the family before the cutoff (ISO instant, or YYYY-MM-DD for spend); null when none or measured. */
  lastDataAt: string | null;
  /**
   * Deals only: the likely twins (one deal loaded from two CRMs) that make the week's deal
   * figures not measured while `dealSources` is unset; absent otherwise. See DealTwins.
   */
  dealTwins?: DealTwins;
  /**
   * Deals only: `dealSources` names sources holding no deals while loaded sources' deals are
   * left out (a misspelt name); the deal figures are not measured. Absent otherwise.
   */
  dealSourcesMisnamed?: DealSourcesMisnamed;
  /**
   * Deals only, with `measured` true: the sources (canonical `source`, sorted) with deals in
   * the week none of whose deals names a contact (email or id), an account domain or a
   * converted lead, and none of which a lead's conversion claims. Every deal would read
   * sales-sourced, so the figures resting on the match (marketing-sourced, paid, cost per
   * opportunity, ROAS, claim basis, idle spend, the follow-up effect) are null; opportunities,
   * pipeline and won figures stay. Absent otherwise.
   */
  dealsUnlinked?: string[];
  /**
   * Spend only, with `measured` true: the ad platforms (sorted) with spend in the week whose
   * channel is unknown (a Google Ads report without "Campaign type", a type the mapping does not
   * know, a canonical row without a channel). The paid channels cannot be told, so the paid
   * figures (paidLeads … paidRoas) are null; spend, CPL and ROAS over all channels stay. Absent
   * otherwise.
   */
  channelUnknown?: string[];
  /**
   * Spend only, with `measured` true: persons of the week that rule 7 links to a spend campaign of
   * the week while they sit on another channel than its spend, one with no spend of its own in
   * the week (a Demand Gen campaign is display; HubSpot calls its leads Paid Search). The whole
   * spend would be divided by the other paid leads, so the paid figures are null. Absent otherwise.
   */
  channelMismatch?: ChannelMismatch[];
  /**
   * Spend only, with `measured` true: the leads created in the 4-week window when none of them
   * names a campaign (campaign id, campaign name or utm_campaign). No deal can then be linked to
   * a spend campaign, so `idleSpend` is not measured (empty, never "every campaign idle").
   * Absent otherwise.
   */
  leadsWithoutCampaign?: number;
  /**
   * Spend only, with `measured` true: the ad platforms (sorted) whose spend of the week was
   * loaded from rows named below the campaign level (a Meta export of ad sets or ads;
   * report/spend-levels.ts). Leads name campaigns, so `idleSpend` is not measured (it would list
   * ad sets as campaigns without an opportunity). Absent otherwise.
   */
  namesBelowCampaign?: string[];
  /**
   * Spend only, with `measured` true: campaign references that fit no campaign with spend (rule
   * 7), named by leads of a paid channel (one with spend in the week) whose person has a
   * marketing-sourced opportunity created in the 4-week window, when a platform with spend on
   * that channel has a campaign that would be listed as idle. That opportunity may come from
   * such a campaign, so `idleSpend` is not measured (empty, never "spent without an
   * opportunity"). One entry per platform and reference as written, platforms sorted, the
   * most persons first. Leads of channels without spend (newsletters, organic posts) never
   * count. Absent otherwise (report/coverage.ts withUnlinkedCampaigns).
   */
  unlinkedCampaigns?: UnlinkedCampaign[];
  /**
   * Spend only, with `measured` true: a deals source whose declared periods or export days leave
   * days of the 4-week window without deals loaded (a deals file imported with `--period` of the
   * report week alone): the first such gap, as days (YYYY-MM-DD, inclusive, report time zone).
   * An opportunity of those days would show a campaign is not idle, so `idleSpend` is not
   * measured (empty, never "spent without an opportunity"). Absent otherwise.
   */
  dealsWindowGap?: { source: string; from: string; to: string };
  /**
   * Spend only, with `measured` false: the subtotal rows of the week's spend exports whose detail
   * rows sum to another amount (a Meta campaign row of 300.00 beside ad sets of 100 + 150): the
   * import rejected them and loaded the detail rows, so the spend loaded may be short
   * (subtotal-mismatch.ts); and, with `doubt`, rows whose spend equals the sum of the rows
   * beside them that nothing proves their total (spend-unlabeled-totals.ts). Absent otherwise.
   */
  subtotalMismatch?: SubtotalMismatchFound[];
  /**
   * When one source's data stops before the week's end while the family has data: that
   * source (canonical `source`; the one whose data stops first), and `lastDataAt` is its newest.
   */
  source?: string;
  /** With `source`, for spend: the ad platform whose spend stops. */
  platform?: string;
  /**
   * With `source`, for spend: the ad account (`account_id`) whose spend stops; absent when its
   * rows carry no account id (they are judged per source and platform).
   */
  accountId?: string;
  /**
   * With `source`, for spend rows without an account id beside such rows in another currency
   * (two ad accounts, an ad account having one currency): the currency of the spend that stops.
   */
  currency?: string;
  /**
   * With `source`, when its loads declare the periods they cover and those stop before the
   * week's cutoff: the last day (YYYY-MM-DD, report time zone) they cover, in whole or in part.
   */
  coveredUntil?: string;
  /**
   * With `source`, instead of `coveredUntil`, when its declared periods start after the week's
   * start (inside the week): the day (YYYY-MM-DD, report time zone) they start. The gap is the
   * days before it.
   */
  coveredFrom?: string;
  /**
   * Follow-ups only: the sources (canonical `source`) whose activities in the 4-week window all
   * carry no call, email or meeting type (tasks, other, automated), so none can be a follow-up;
   * `source` is the first of them. Absent otherwise.
   */
  untypedSources?: string[];
  /**
   * Deals and follow-ups: rows of the family's table (deals; activities) rejected at import that
   * could be of the week (dated in its span, or undated while their load's rows reach it), per
   * source; the family is not measured. Spend: its rows dated in the week (`rejectedSpend`). Absent otherwise (docs/methodology.md, "Rejected rows").
   */
  rowsRejected?: { source: string; rows: number }[];
  /**
   * Spend only: the spend rows rejected at import whose days were read and lie in the week (a
   * missing FX rate, a cost that does not read, a negative cost, …), per file, platform and
   * reason, with their first and last day in the week; spend is not measured (docs/methodology.md,
   * "Rejected rows"). The rows are counted per source in `rowsRejected` too.
   */
  rejectedSpend?: SpendRejectCause[];
  /**
   * Deals only: open deals created before the week's end whose stage label no import could map
   * (no won/closed flag, no known or configured stage), per source with the labels: they may
   * have been won in the week, so the deal figures are not measured. Absent otherwise.
   */
  unknownStages?: { source: string; rows: number; stages: string[] }[];
  /**
   * Follow-ups: per source, the activity types (setting `activityTypes`) that loads whose rows
   * could touch the week could not map; the follow-up figures are not measured. Lead quality:
   * the lead statuses and lifecycle stages (settings `lifecycleStages`, `leadStatuses`) of lead
   * loads whose rows could lie in the 13-week lead cohort. Absent otherwise. See
   * report/unknown-labels.ts.
   */
  unknownLabels?: { source: string; setting: string; labels: string[] }[];
}

/** Persons linked to a platform's campaigns whose spend sits on another channel than theirs (FamilyCoverage.channelMismatch). */
export interface ChannelMismatch {
  platform: string;
  /** The channel of the campaigns' spend. */
  spendChannel: string;
  /** The persons' channel, without spend in the week. */
  leadChannel: string;
  persons: number;
}

/** A campaign reference of paid leads that links to no campaign with spend (FamilyCoverage.unlinkedCampaigns). */
export interface UnlinkedCampaign {
  /** An ad platform with spend in the week on the leads' channel (`google_ads`, `meta`, …). */
  platform: string;
  /** The reference as the lead wrote it: a campaign id, utm_campaign or campaign name. */
  reference: string;
  /** Persons naming it whose marketing-sourced opportunity was created in the 4-week window. */
  persons: number;
}

/** Likely twin deals of a week (docs/methodology.md, "Deals synced between CRMs"). */
export interface DealTwins {
  /** Pairs of current deals, in two different sources, taken for one deal. */
  pairs: number;
  /** The sources those pairs come from, sorted. */
  sources: string[];
}

/** A `dealSources` that looks misspelt (docs/methodology.md, "Deals synced between CRMs"). */
export interface DealSourcesMisnamed {
  /** The `dealSources` names that hold no deals, sorted. */
  named: string[];
  /** The loaded sources whose deals `dealSources` leaves out, sorted. */
  leftOut: string[];
}

/**
 * Data of a week loaded only in part while its figures are still shown (leads with rows rejected
 * at import keep their figures, with the `leadsRejected` note, unless they are not loaded up to
 * the cutoff as well: Coverage.leadsNotCovered; spend with rejected rows keeps its figures, with
 * the `spendRejected` note). Such a
 * week is not compared with another: no week-over-week change against it or from it, and in the
 * trend of a later week its lead (spend) figures are null (docs/methodology.md, "Changes against
 * the previous week").
 */
export interface PartialData {
  /** One English line saying what is missing. */
  reason: string;
  /** Rows rejected at import that could be of the week, per source. */
  rowsRejected?: { source: string; rows: number }[];
  /** The first source whose declared periods do not cover the week (canonical `source`). */
  source?: string;
  /** With `source`: the day (YYYY-MM-DD, report time zone) its declared periods start, after the week's start. */
  coveredFrom?: string;
  /** With `source`: the last day its declared periods cover, before the week's cutoff. */
  coveredUntil?: string;
  /** Leads: the first lead loaded (ISO instant), after the week's end; null when none was loaded. */
  firstDataAt?: string | null;
}

/** SPEC §5 "Never a figure from missing data": which families of figures the week measures. */
export interface Coverage {
  followUps: FamilyCoverage;
  spend: FamilyCoverage;
  deals: FamilyCoverage;
  /**
   * MQLs and disqualifications (since 1.13): not measured while a lead load whose rows could lie
   * in the 13-week lead cohort ending with the week holds a lead status or lifecycle stage no
   * import could map (`unknownLabels`; core/report/unknown-labels.ts). Then `totals.mqls`, the
   * cohorts' `mqls` and `mqlRate`, and lead quality's `disqualified` figures are null.
   */
  leadQuality: FamilyCoverage;
  /**
   * The week's leads (spend) loaded only in part: its figures stay, but no change is computed
   * against it or from it. Absent when complete.
   */
  partial?: { leads?: PartialData; spend?: PartialData };
  /**
   * The week's leads are not loaded up to its cutoff (report/coverage.ts leadsNotCoveredOf): a
   * leads source's loads (declared periods, else export days) end or start inside the week, every
   * leads source ends before it, or no lead is loaded at all. Every deal would read sales-sourced
   * and every campaign idle, and the week's lead count would be that of the leads loaded so far,
   * so the figures that match deals to leads (marketing-sourced, ROAS, cost per opportunity, idle
   * spend) and those that count or rest on the week's leads (leads, MQLs, paid leads, cost per
   * lead, the follow-up counts, rates and median; per channel too; the week's cohort) are not
   * measured. `source` null: no lead is loaded at all. `reason`: one English line ("leads from
   * HubSpot loaded only up to 2026-11-16; the week needs them up to 2026-11-22", "no leads
   * loaded"). Absent when the leads are covered.
   */
  leadsNotCovered?: { source: string | null; coveredUntil?: string; coveredFrom?: string; reason: string };
}

/** How a deal was matched to a marketing lead (methodology rule 5), or `sales_sourced` when it was not. */
export type ClaimBasis = 'conversion' | 'email' | 'contact' | 'domain' | 'sales_sourced';

/**
 * The week's deals by claim basis: opportunities and pipeline of the deals created in W, won
 * deals and revenue of those closed won in W (reporting currency).
 */
export interface ClaimBasisFigures {
  basis: ClaimBasis;
  opportunities: number;
  pipeline: number;
  wonDeals: number;
  wonRevenue: number;
}

/** One marketing-sourced deal of the week (created or won in W) and the lead that claims it. */
export interface ClaimedDeal {
  source: string;
  dealId: string;
  name: string | null;
  accountName: string | null;
  /** Amount in the reporting currency; null when the deal has no amount. */
  amount: number | null;
  /** True when it was closed won in W (else it is new pipeline of W). */
  wonInWeek: boolean;
  method: Exclude<ClaimBasis, 'sales_sourced'>;
  /** The claiming person's email key; null for a person without email (matched by conversion). */
  leadEmail: string | null;
  channel: string | null;
  campaignName: string | null;
}

/**
 * What marketing's claim rests on, for the head of sales to check; null when deals are not
 * measured. `byBasis` has one entry per basis present in W; `deals` every marketing-sourced
 * deal of W, largest first (the email shows the first ten, the drill-down CSV all).
 */
export interface ClaimBasisReport {
  byBasis: ClaimBasisFigures[];
  deals: ClaimedDeal[];
}

/** Figures of the week before that the report repeats and that can be restated. */
export const RESTATABLE_FIGURES = ['leads', 'mqls', 'opportunities', 'pipeline', 'wonRevenue', 'spend'] as const;
export type RestatableFigure = (typeof RESTATABLE_FIGURES)[number];
/** The restatable figures that are amounts in the reporting currency (the rest are counts). */
export const RESTATABLE_MONEY_FIGURES: ReadonlySet<RestatableFigure> = new Set(['pipeline', 'wonRevenue', 'spend']);

/**
 * A figure of an earlier week that reads differently now than in the report sent for that
 * week (a merge, a deletion, a late correction): the email says so beside the comparison.
 */
export interface Restatement {
  week: string;
  figure: RestatableFigure;
  /** As sent (count, or reporting currency). */
  sent: number;
  /** As it reads now. */
  now: number;
}

/**
 * An earlier week whose sent figures are not compared with today's, because the email was built
 * with other rules or in another currency: a difference would be no restatement of the data.
 * `methodology`: sent with another methodology version (`sentVersion`, null in a marker written
 * before 1.11, which recorded none), so no figure is compared. `currency`: sent in another
 * reporting currency (`sentCurrency`), so its amounts are not compared (its counts are).
 */
export type UncomparedSentWeek =
  | { week: string; reason: 'methodology'; sentVersion: string | null }
  | { week: string; reason: 'currency'; sentCurrency: string };

export interface FunnelReport {
  week: string;
  start: string;
  end: string;
  timezone: string;
  currency: string;
  methodologyVersion: string;
  totals: WeekTotals;
  /** The previous week's figures as the changes compare with them: null where not measured or loaded only in part. */
  previous: WeeklyFigures;
  channels: ChannelFigures[];
  overdueLeads: OverdueLead[];
  /**
   * Persons of W and the 3 weeks before past the SLA with no follow-up loaded, left out of
   * `overdueLeads` because no activity load speaks for their days (created before the first
   * call, email or meeting loaded, or days between two declared periods): 0 when none, absent in
   * reports built before it.
   */
  overdueLeftOut?: number;
  /**
   * Persons of W and the 3 weeks before without a follow-up by the cutoff whose creation is known
   * only to the day, and whose SLA ran out by the cutoff or not depending on the missing hour (a
   * lead created the day before the cutoff): not judged, so neither listed in `overdueLeads` nor
   * called contacted. 0 when none, absent in reports built before 1.14.
   */
  overdueUntimed?: number;
  idleSpend: IdleSpendCampaign[];
  /** Figures of the previous week, and of this week when it was sent before, that differ from the email sent for that week (empty when none, or none was sent from this store). */
  restatements: Restatement[];
  /** Weeks sent from this store whose figures were not compared (another methodology or currency); absent in reports built before 1.11. */
  restatementsNotCompared?: UncomparedSentWeek[];
  /** The basis of marketing's claim (deals by match method, every claimed deal largest first); null when deals are not measured. */
  claimBasis: ClaimBasisReport | null;
  dataQuality: DataQuality;
  coverage: Coverage;
  /**
   * Do leads followed up in time become opportunities more often (SPEC §5b)? Null when follow-ups
   * or deals are not measured: without deals every rate would read 0.
   */
  followUpEffect?: FollowUpEffect | null;
  /** True when the week had not ended when the report was built (asked for with `--partial`). */
  partial?: boolean;
  /** The weekly lead cohorts of W and the 7 weeks before, oldest first, judged as of W's cutoff (see CohortFigures). */
  cohorts?: CohortFigures[];
  /** Lead quality as sales sees it (issue #16 item 3), apart from the SLA figures; absent in reports built before it. */
  leadQuality?: LeadQualityReport | null;
}

/**
 * One weekly lead cohort (docs/methodology.md, Lead cohorts): the persons created in one ISO
 * week of the reporting time zone, and what became of them by the report's cutoff (the end of
 * W). Counts are persons, rates fractions 0–1 of the cohort's persons (4 places, null when the
 * cohort has none). A figure of a family not measured (`FunnelReport.coverage`: follow-ups,
 * deals) is null, never 0.
 */
export interface CohortFigures {
  /** The cohort's week, e.g. `2026-W40`. */
  week: string;
  /** Its local Monday (YYYY-MM-DD). */
  start: string;
  /** Whole days from the cohort week's start to the cutoff, local calendar days: 7 for W, 56 for W−7. */
  ageDays: number;
  /**
   * False when the week starts before the first call, email or meeting loaded: its persons'
   * follow-ups were never loaded, so `followedUp`, `followedUpWithinSla` and their rates are null
   * (they would read "never followed up" whatever sales did). Absent in reports built before it.
   */
  followUpsKnown?: boolean;
  /**
   * Persons created in the week. Null, with every figure of the cohort, when the cohort week's
   * leads are not loaded from its start to its end (report/coverage.ts leadsNotCoveredOf of that
   * week): a count of the leads loaded so far, and rates over them, would be presented as the week's.
   */
  leads: number | null;
  /** Of those, MQLs by the cutoff (`fct_persons.mql_since`, the rule of the week's `mqls`); null while lead quality is not measured. */
  mqls: number | null;
  /** Of those, first followed up before the cutoff. Null when follow-ups are not measured or not known for the week. */
  followedUp: number | null;
  /** Of those, first followed up before the cutoff and within the SLA hours of their creation. */
  followedUpWithinSla: number | null;
  /**
   * Of those, persons whose creation, or whose first follow-up before the cutoff, is known only
   * to the day and whose SLA verdict the missing hour decides (the rule of the week's
   * `untimedLeads`, on fct_persons' bounds): no SLA verdict, so they are in neither
   * `followedUpWithinSla` nor the base of its rate. Null when
   * follow-ups are not measured or not known for the week. Absent in reports built before it.
   */
  untimedLeads?: number | null;
  /** Persons with a matched deal created before the cutoff. Null when deals are not measured. */
  opportunities: number | null;
  /** Persons with a matched deal closed won before the cutoff. Null when deals are not measured. */
  won: number | null;
  mqlRate: number | null;
  followedUpRate: number | null;
  /** `followedUpWithinSla` ÷ (`leads` − `untimedLeads`): over the persons an SLA verdict is possible for. */
  followedUpWithinSlaRate: number | null;
  opportunityRate: number | null;
  wonRate: number | null;
}

/** One follow-up group of the §5b cohort: persons, those with an opportunity, and their share. */
export interface FollowUpGroupFigures {
  persons: number;
  /** Persons that are the attributed person of a matched deal created before the cutoff. */
  opportunities: number;
  /** opportunities ÷ persons (fraction 0–1, 4 decimals); null when the group has no person. */
  rate: number | null;
}

/** The three groups of SPEC §5b; persons whose SLA has not passed yet are in none. */
export interface FollowUpGroups {
  /** First follow-up at most `followUpSlaHours` after the person was created. */
  withinSla: FollowUpGroupFigures;
  /** Followed up later than that, before the cutoff. */
  late: FollowUpGroupFigures;
  /** No follow-up before the cutoff although the SLA has passed. */
  never: FollowUpGroupFigures;
}

/**
 * SPEC §5b, over the persons created in W and the 12 weeks before, as of the cutoff; overall
 * and per person channel (channels with any person in a group, most persons first).
 */
export interface FollowUpEffect extends FollowUpGroups {
  /** Local Monday 12 weeks before W (YYYY-MM-DD): the cohort's first day. */
  cohortStart: string;
  /**
   * When the first call, email or meeting loaded happened (ISO instant) if that is after the
   * cohort start: persons created before it are left out (their follow-ups were never loaded,
   * so they would all read "never"). Null when activities cover the whole cohort.
   */
  followUpsKnownFrom: string | null;
  /** A group with fewer persons than this is too small to read (30). */
  minGroupSize: number;
  channels: (FollowUpGroups & { channel: string })[];
}

/**
 * Lead-quality figures of one channel or of all (issue #16 item 3, docs/methodology.md "Lead
 * quality"). Person counts are persons of the cohort (created in W and the 12 weeks before) by
 * person channel, as of the cutoff; `leads` and `duplicates` count lead records created in those
 * 13 weeks by the lead's own channel. Rates are fractions 0–1, 4 decimals; null when their
 * denominator is 0 or the count is not measured.
 */
export interface LeadQualityFigures {
  persons: number;
  /** Persons with at least one lead whose source says whether sales disqualified it (as of the cutoff). */
  judged: number;
  /** Persons with a lead sales had disqualified as of the cutoff; null when none of them is judged (`judged` 0). */
  disqualified: number | null;
  /** disqualified / persons. */
  disqualifiedRate: number | null;
  /** Persons whose every email address is on a free-mail domain (gmail.com, gmx.ch…). */
  freeMailOnly: number;
  freeMailOnlyRate: number | null;
  /** Persons whose address is a role address (info@, office@, sales@…; config ROLE_ADDRESS_LOCAL_PARTS). */
  roleAddresses: number;
  roleAddressRate: number | null;
  /** Persons whose company domain had a deal won before they came in; null when deals are not measured. */
  existingCustomers: number | null;
  existingCustomerRate: number | null;
  /** Lead records of their own created in the 13 weeks (by the lead's channel). */
  leads: number;
  /** Of those, leads whose person already had an earlier lead in the same source. */
  duplicates: number;
  /** duplicates / leads. */
  duplicateRate: number | null;
}

/** One reason sales gave, with the disqualified persons whose latest disqualified lead gives it. */
export interface DisqualificationReason {
  /** The reason as the source gives it (trimmed); null for "no reason given". */
  reason: string | null;
  persons: number;
}

/**
 * Sales' view of lead quality (issue #16 item 3): the same 13-week cohort as the follow-up effect
 * (SPEC §5b), so both can be read side by side. Null on a report when the cohort has no persons
 * and no leads.
 */
export interface LeadQualityReport {
  /** First day of the cohort (Monday of W-12, YYYY-MM-DD in the report's timezone). */
  cohortStart: string;
  /** Whether sales' verdict is measured: no lead of the cohort saying whether it was disqualified leaves it unmeasured, with the reason. */
  disqualification: {
    measured: boolean;
    reason: string | null;
    /** Not measured because of lead statuses or lifecycle stages no import could map (Coverage.leadQuality); absent otherwise. */
    unknownLabels?: { source: string; setting: string; labels: string[] }[];
  };
  totals: LeadQualityFigures;
  /** One entry per channel with persons or leads, by channel name. */
  channels: (LeadQualityFigures & { channel: string })[];
  /** The five most given reasons, most first (ties by reason); empty when none or not measured. */
  reasons: DisqualificationReason[];
}
