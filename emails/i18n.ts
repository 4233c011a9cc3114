/**
 * Words and number/date formats of the weekly email, in English and Swiss German.
 * Everything the reader sees comes from here, so the HTML and the plain text say the same
 * thing. Swiss German writes "ss", never "ß".
 */
import type { Channel } from '../functions/core/schema.js';
import type { AttachmentKind } from '../functions/core/report/attachments.js';
import type { ClaimBasis, RestatableFigure } from '../functions/core/report-types.js';
import { vendorName } from '../functions/core/vendors.js';

export type EmailLocale = 'en' | 'de-CH';

export interface Strings {
  brand: string;
  subject: (week: number, range: string) => string;
  title: string;
  weekLabel: (week: number, range: string) => string;
  /** `won` null when deals, `overdue` null when follow-ups are not measured. */
  preview: (won: string | null, wonChange: string, overdue: number | null) => string;
  vsPrevious: string;
  changesNote: string;
  /** A figure of an earlier week that reads differently now than in the email sent for it. */
  restated: (week: number, figure: string, sent: string, now: string) => string;
  restatedFigure: Record<RestatableFigure, string>;
  /** An earlier week's email whose amounts are not compared: it was in `sent`, these are in `now` (currency codes). */
  notComparedCurrency: (week: number, sent: string, now: string) => string;
  /** An earlier week's email whose figures are not compared: built with methodology `version` (null: one before 1.11). */
  notComparedMethodology: (week: number, version: string | null) => string;
  noValue: string;

  attentionTitle: string;
  attentionOverdue: (n: number) => string;
  attentionIdle: (n: number, spend: string) => string;
  attentionLate: (n: number) => string;
  attentionNone: string;

  /** In place of a figure whose data is not loaded (SPEC §5 coverage). */
  notMeasured: string;
  /**
   * Why a family of figures is not measured; `since` is the date of its newest data, or null if
   * none; `source` the source whose data stops before the week's end (a vendor name), if that is why.
   */
  /**
   * `coveredUntil` (displayed date): the source's loads declare periods that end on that day,
   * before the week's cutoff (`coverage.<family>.coveredUntil`). `coveredFrom` (displayed date):
   * they start on that day, after the week's start (`coverage.<family>.coveredFrom`).
   */
  notMeasuredReason: (
    family: 'followUps' | 'spend' | 'deals',
    since: string | null,
    source?: string | null,
    coveredUntil?: string | null,
    coveredFrom?: string | null,
  ) => string;
  /**
   * Why follow-ups are not measured when no activity of some sources in the 4 weeks can be a
   * follow-up (`coverage.followUps.untypedSources`: all tasks, other or automated); `sources` as displayed.
   */
  notMeasuredUntyped: (sources: readonly string[]) => string;
  /** An ad account named in a "not measured" reason: the platform as displayed and the account id (`coverage.spend.accountId`). */
  adAccount: (platform: string, accountId: string) => string;
  /**
   * Spend without an account id named by its currency in a "not measured" reason, when the same
   * platform has such spend in another currency too (`coverage.spend.currency`: another account).
   */
  adSpendInCurrency: (platform: string, currency: string) => string;
  /** Why deals are not measured when deals were loaded from two CRMs (`coverage.deals.dealTwins`); `sources` as displayed. */
  notMeasuredDealTwins: (pairs: number, sources: readonly string[]) => string;
  /**
   * Why deals are not measured when `dealSources` names sources without deals while others are
   * left out (`coverage.deals.dealSourcesMisnamed`); the names as written in the config.
   */
  notMeasuredDealSourcesMisnamed: (named: readonly string[], leftOut: readonly string[]) => string;
  /** Why marketing-sourced figures are not measured when nothing links a source's deals to leads (`coverage.deals.dealsUnlinked`); `sources` as displayed. */
  notMeasuredDealsUnlinked: (sources: readonly string[]) => string;
  /**
   * Why the lead count, MQLs, follow-up figures, marketing-sourced, ROAS, cost per lead and idle
   * campaigns are not measured when the week's leads are not loaded up to its cutoff
   * (`coverage.leadsNotCovered`): `source` as displayed (null: no lead loaded at all),
   * `until`/`from` formatted days of its loads' coverage.
   */
  notMeasuredLeadsNotCovered: (source: string | null, until: string | null, from: string | null) => string;
  /**
   * Said in the overdue list's intro when the week's leads are not loaded up to its cutoff
   * (`coverage.leadsNotCovered`, arguments as notMeasuredLeadsNotCovered): each listed lead is
   * overdue, but leads of the days not loaded are missing from the list.
   */
  overdueLeadsNotCovered: (source: string | null, until: string | null, from: string | null) => string;
  /** Why the paid-channel figures are not measured when an ad platform's spend has no channel (`coverage.spend.channelUnknown`); `platforms` as displayed. */
  notMeasuredPaidChannelUnknown: (platforms: readonly string[]) => string;
  /** Why the paid-channel figures are not measured when linked leads sit on another channel than their campaigns' spend (`coverage.spend.channelMismatch`); names as displayed. */
  notMeasuredPaidChannelMismatch: (
    platform: string,
    spendChannel: string,
    leadChannel: string,
    persons: number,
  ) => string;
  /** Why idle spend is not measured when no lead of the 4 weeks names a campaign (`coverage.spend.leadsWithoutCampaign`). */
  notMeasuredIdleNoCampaign: (leads: number) => string;
  /** Why idle spend is not measured when a platform's spend is named by ad set or ad (`coverage.spend.namesBelowCampaign`); `platforms` as displayed. */
  notMeasuredIdleBelowCampaign: (platforms: string[]) => string;
  /**
   * Why idle spend is not measured when a deals source's loads leave days of the 4 weeks without
   * deals (`coverage.spend.dealsWindowGap`); `source` as displayed, `from`/`to` formatted days.
   */
  notMeasuredIdleDealsGap: (source: string, from: string, to: string) => string;
  /**
   * Why idle spend is not measured when leads of a paid channel whose person has an opportunity
   * name a campaign that links to no campaign with spend (`coverage.spend.unlinkedCampaigns`):
   * each reference as the lead wrote it, with the platforms (as displayed) that spend on the
   * leads' channel and the persons naming it; `more`: references left out of the list.
   */
  notMeasuredIdleUnlinked: (
    references: { reference: string; platforms: string[]; persons: number }[],
    more: number,
  ) => string;
  /**
   * Why deals or follow-ups are not measured when `rows` rows of deals (activities) rejected at
   * import could be of the week (`coverage.<family>.rowsRejected`); `sources` as displayed.
   */
  notMeasuredRejected: (family: 'followUps' | 'deals', rows: number, sources: readonly string[]) => string;
  /**
   * Why spend is not measured when spend rows rejected at import have their days in the week
   * (`coverage.spend.rejectedSpend`): the first group's rows, platform (as displayed, null when
   * not known), first and last day (formatted, equal for one day), file and the import's reason
   * (English as the rejects hold it; null when not kept), and how many rows more; `line`, the
   * first row's line in the file (null when not kept).
   */
  notMeasuredSpendRejected: (
    rows: number,
    platform: string | null,
    from: string,
    to: string,
    file: string,
    reason: string | null,
    more: number,
    line: number | null,
  ) => string;
  /** Why deals are not measured when `rows` open deals have stages no import could map (`coverage.deals.unknownStages`). */
  notMeasuredUnknownStages: (rows: number, stages: readonly string[]) => string;
  /**
   * Why spend is not measured when a spend export's subtotal row differs from the sum of its
   * detail rows (`coverage.spend.subtotalMismatch`): the first one's file, line, both amounts as
   * formatted (null when a cost could not be read, so the sums were not compared), its detail
   * rows, and how many more there are.
   */
  notMeasuredSubtotalMismatch: (
    file: string,
    line: number,
    subtotal: string | null,
    details: string | null,
    rows: number,
    more: number,
  ) => string;
  /**
   * Why spend is not measured when a spend export's row equals the sum of the rows beside it
   * (same campaign and day) and nothing proves it their total (`coverage.spend.subtotalMismatch`
   * with `doubt`): the first one's file, line, spend as formatted (null when not read), how many
   * rows beside it, the unknown columns that tell them apart, and how many more there are.
   */
  notMeasuredUnprovenTotal: (
    file: string,
    line: number,
    spend: string | null,
    rows: number,
    columns: readonly string[],
    more: number,
  ) => string;
  /**
   * Why follow-ups are not measured when activity types no import could map could touch the
   * week (`coverage.followUps.unknownLabels`); `labels` sorted; `settings` the settings that map
   * them, sorted: `activityTypes` (types) and/or `activityStatuses` (statuses and outcomes).
   */
  notMeasuredUnknownActivityTypes: (labels: readonly string[], settings: readonly string[]) => string;
  /**
   * MQLs and disqualified not measured (`coverage.leadQuality`): lead statuses or lifecycle
   * stages no import could map (`labels`), under the settings that map them (`settings`).
   */
  notMeasuredUnknownLeadStatuses: (labels: readonly string[], settings: readonly string[]) => string;
  /** Says the week has not ended (a `--partial` report). */
  partialNote: string;
  partialSubject: (subject: string) => string;

  kpiTitle: string;
  kpi: {
    leads: string;
    slaRate: string;
    opportunities: string;
    pipeline: string;
    wonRevenue: string;
    spend: string;
    roas: string;
  };
  trendLabel: string;
  trendAlt: (label: string, values: string) => string;

  funnelTitle: string;
  funnelSteps: { leads: string; mqls: string; followedUpWithinSla: string; opportunities: string; wonDeals: string };
  /** Each funnel rate names its base, so no step reads as more than 100% of an unrelated one. */
  funnelRate: {
    ofLeads: (pct: string) => string;
    ofDue: (pct: string) => string;
    ofOpportunities: (pct: string) => string;
  };
  funnelNote: string;

  followUpTitle: string;
  followUpIntro: (within: number, due: number, hours: string) => string;
  followUpNoneDue: string;
  /** Instead of followUpNoneDue when no lead was known to be due but `n` had no verdict: created or followed up on a date without a time. */
  followUpNoneJudged: (n: number) => string;
  followUpStats: {
    slaRate: string;
    slaRateMqls: string;
    median: string;
    late: string;
    overdue: string;
    pending: string;
    untimed: string;
  };
  overdueTitle: string;
  overdueIntro: (n: number) => string;
  overdueNone: string;
  /** Leads past the SLA left out of the overdue list: no follow-ups are loaded for their days. */
  overdueLeftOut: (n: number) => string;
  /** Leads without a follow-up created on a date without a time whose SLA may or may not have run out (FunnelReport.overdueUntimed). */
  overdueUntimed: (n: number) => string;
  unassigned: string;
  /** After the name of an owner deactivated or deleted in the CRM: the leads have nobody to follow them up. */
  ownerInactive: string;
  /** On a lead whose owner is known only from a version exported after the week (OverdueLead.ownerKnownAtCutoff). */
  ownerAfterCutoff: string;
  /** In the overdue list's intro when every listed lead's owner is known only from after the week. */
  ownersAfterCutoff: string;
  ownerSummary: (count: number, longest: string) => string;
  noEmail: string;
  createdOn: (date: string) => string;
  overdueBy: (duration: string) => string;
  /** A duration that is a lower bound: hours past the SLA of a lead created on a date without a time. */
  atLeast: (duration: string) => string;
  andMoreLeadsOwner: (n: number) => string;
  andMoreOwners: (leads: number, owners: number) => string;

  /** The follow-up effect (SPEC §5b): do leads followed up in time become opportunities more often? */
  effect: {
    title: string;
    /** `times` = within-SLA rate ÷ never rate, both groups large enough and the never rate above 0. */
    headline: (hours: string, times: string, within: string, never: string) => string;
    /** Both groups large enough, but no multiple to give (a rate of 0, or followed-up leads converting less). */
    compared: (hours: string, within: string, never: string) => string;
    tooFew: (within: string, never: string, min: number) => string;
    basis: (since: string, within: string, late: string, never: string) => string;
    knownFrom: (date: string) => string;
    /** A rate with its group's size, e.g. "12.0% (420)". */
    cell: (rate: string, persons: string) => string;
    /** Beside a channel's ratio: both groups' rates with their sizes. */
    channelDetail: (within: string, never: string) => string;
    tooFewCell: string;
    note: (min: number) => string;
    /** This week's leads by channel: due for follow-up, within SLA, past the SLA without a first contact. */
    channelTitle: string;
    channelColumns: { due: string; inSla: string; never: string };
  };

  spendTitle: string;
  spendIntro: (spend: string, opps: number, won: string) => string;
  spendNone: string;
  /** The paid figures (paid channels only); `blended` words the all-leads figure shown beside. */
  spendStats: { spend: string; cpl: string; costPerOpportunity: string; roas: string };
  spendBlended: (value: string) => string;
  spendByChannelTitle: string;
  idleTitle: string;
  idleIntro: string;
  idleNone: string;
  andMore: (n: number) => string;

  channelsTitle: string;
  columns: {
    channel: string;
    leads: string;
    spend: string;
    cpl: string;
    opportunities: string;
    marketingSourced: string;
    costPerOpportunity: string;
    wonRevenue: string;
    roas: string;
    campaign: string;
    platform: string;
    source: string;
    lastLoad: string;
    rows: string;
    rejected: string;
    basis: string;
    pipeline: string;
  };
  channelsNone: string;

  splitTitle: string;
  splitMarketing: string;
  splitSales: string;
  splitOpportunities: string;
  splitPipeline: string;
  splitWon: string;
  splitNote: string;
  /** What marketing's claim rests on: deals by match method (for the head of sales). */
  basisTitle: string;
  basisIntro: string;
  basis: Record<ClaimBasis, string>;
  claimedTitle: string;
  claimedIntro: string;
  claimedNone: string;
  /** A claimed deal won in W (else it is new pipeline of W). */
  claimedWon: string;
  claimedNew: string;
  claimedNoLead: string;

  healthTitle: string;
  healthNever: string;
  healthMatched: (matched: number, total: number, pct: string) => string;
  healthUnmatched: (n: number) => string;
  healthNoEmail: (n: number) => string;
  /** An import of which every row was rejected: nothing of `input` is in the figures. */
  healthRejectedImport: (input: string, table: string, loaded: string, rows: string) => string;
  /** Amounts of `rows` rows of a source read in an assumed currency (the file named none). */
  healthCurrencyAssumed: (source: string, currency: string, rows: number) => string;
  /** Spend of `rows` rows that covered several days, spread evenly over them (an estimate). */
  healthSpendSpread: (source: string, rows: number) => string;
  /** A campaign name that fits several ad campaigns: its persons are linked to none. */
  healthAmbiguousCampaign: (name: string, persons: number) => string;
  /** Spend of `rows` rows whose days are UTC days, not the account's (LinkedIn). */
  healthSpendDaysUtc: (source: string, rows: number) => string;
  /** `rows` spend rows of a source rejected from files whose other rows loaded: the spend leaves their cost out. */
  healthSpendRejected: (source: string, rows: number) => string;
  /**
   * `rows` rows of a source's leads, deals or activities rejected at import that could be of the
   * week (`leadsRejected`, `dealsRejected`, `activitiesRejected`): the figures leave them out.
   */
  healthRowsRejected: (table: 'leads' | 'deals' | 'activities', source: string, rows: number) => string;
  /** `rows` of the `of` open deals of a source (created before the week's end) have a stage no import could map. */
  healthDealsUnknownStage: (source: string, rows: number, of: number, stages: readonly string[]) => string;
  /** Attention: `rows` lead rows rejected at import could be of this week: the lead figures leave them out. */
  attentionLeadsRejected: (rows: number, sources: string) => string;
  /** `rows` of the `of` leads of the week from a source state no lifecycle stage or MQL date: they count as not MQL. */
  healthLeadsWithoutStage: (source: string, rows: number, of: number) => string;
  /** `rows` of the `of` deals created or won in the week from a source have no amount: pipeline and won revenue leave them out. */
  healthDealsWithoutAmount: (source: string, rows: number, of: number) => string;
  /** `rows` deals created or won in the week from a source `dealSources` leaves out, none a likely twin of a counted deal: no figure counts them; `configName` the source as the config writes it. */
  healthDealsLeftOut: (source: string, rows: number, configName: string) => string;
  /** Attention: the week's MQLs rest on leads of which `rows` (all or nearly) state no stage. */
  attentionMqlsUnknown: (rows: number, sources: string) => string;
  healthMethodology: (version: string) => string;
  healthMethodologyLink: string;
  healthTimezone: (tz: string) => string;
  footer: string;

  units: { hours: (h: string) => string; days: string; hoursShort: string };
  channels: Record<Channel, string>;
  /** The row of deals matched to no marketing lead (the SQL's `unattributed`): sales-sourced. */
  salesSourcedChannel: string;

  /** The lead-cohort section (docs/methodology.md, Lead cohorts). */
  cohorts: {
    title: string;
    intro: (week: number, cohorts: number) => string;
    /** The cohort's week in the table, e.g. "W40". */
    week: (week: number) => string;
    /** Its age at the cutoff in whole weeks, e.g. "2 wks". */
    age: (weeks: number) => string;
    columns: {
      week: string;
      age: string;
      leads: string;
      mql: string;
      followedUp: string;
      opportunity: string;
      won: string;
    };
    /** Marks a young cohort's age, explained by `youngNote`. */
    youngMark: string;
    youngNote: (weeks: number) => string;
    /** What the rates are of; only the columns shown (a family not measured has none). */
    ratesNote: (followUps: boolean, deals: boolean) => string;
    /** For cohort weeks that start before the first activity loaded; `mark` is the empty cell. */
    followUpsUnknown: (mark: string) => string;
    /** `mark` in Leads: a cohort week whose leads are not loaded over the whole week (CohortFigures.leads null): none of its figures is shown. */
    leadsUnknown: (mark: string) => string;
  };

  /** The drill-down: the CSV files the email carries, by name with what their rows are. */
  attachments: {
    title: string;
    intro: string;
    /** `count` formatted, `n` for the plural. */
    rows: Record<AttachmentKind, (count: string, n: number) => string>;
  };

  /** Lead quality, sales' view (issue #16 item 3): its own section after the follow-ups. */
  leadQuality: {
    title: string;
    /** `from`: the cohort's first day, formatted. */
    intro: (from: string) => string;
    all: string;
    persons: (n: number, shown: string) => string;
    disqualified: string;
    freeMailOnly: string;
    existingCustomers: string;
    roleAddresses: string;
    /** Duplicates among the leads of these weeks (their share), by the new lead's channel. */
    duplicates: (share: string, leads: string) => string;
    legend: string;
    disqualifiedNotMeasured: string;
    reasonsTitle: string;
    reason: (reason: string, persons: number, shown: string) => string;
    noReason: string;
    reasonsNone: string;
    empty: string;
  };
}

/** A source name as written in the config, so that the fix can be typed from the sentence. */
const quoted = (name: string): string => `"${name}"`;

const en: Strings = {
  brand: 'one-funnel',
  subject: (week, range) => `Marketing × Sales — week ${week} (${range})`,
  title: 'Marketing × Sales weekly report',
  weekLabel: (week, range) => `Week ${week} · ${range}`,
  preview: (won, wonChange, overdue) =>
    [
      won === null ? 'Won: not measured' : `Won ${won}${wonChange ? ` (${wonChange})` : ''}`,
      overdue === null
        ? 'follow-ups not measured'
        : `${overdue} ${overdue === 1 ? 'lead' : 'leads'} of the last 4 weeks awaiting first follow-up`,
    ].join(' · '),
  vsPrevious: 'vs previous week',
  changesNote: 'Changes are against the previous week.',
  restated: (week, figure, sent, now) => `Week ${week} ${figure} restated since its email: ${sent} → ${now}.`,
  notComparedCurrency: (week, sent, now) =>
    `Week ${week}'s email was in ${sent}: its amounts are not compared with these in ${now}.`,
  notComparedMethodology: (week, version) =>
    `Week ${week}'s email was built with ${version ? `methodology ${version}` : 'an earlier methodology'}: its figures are not compared with these.`,
  restatedFigure: {
    leads: 'leads',
    mqls: 'MQLs',
    opportunities: 'opportunities',
    pipeline: 'pipeline',
    wonRevenue: 'won revenue',
    spend: 'ad spend',
  },
  noValue: '–',

  attentionTitle: 'Worth a look this week',
  attentionOverdue: (n) =>
    `${n} ${n === 1 ? 'lead' : 'leads'} from this week and the 3 before ${n === 1 ? 'is' : 'are'} past the follow-up SLA without a first contact.`,
  attentionIdle: (n, spend) =>
    `${n} ${n === 1 ? 'campaign' : 'campaigns'} spent ${spend} this week without an opportunity in the last 4 weeks.`,
  attentionLate: (n) => `${n} ${n === 1 ? 'lead was' : 'leads were'} followed up after the SLA.`,
  attentionMqlsUnknown: (rows, sources) =>
    `MQLs not known: ${rows} of this week's leads (${sources}) state no lifecycle stage or MQL date, so the MQL figures count them as not MQL.`,
  attentionLeadsRejected: (rows, sources) =>
    `Leads incomplete: ${rows} lead ${rows === 1 ? 'row' : 'rows'} (${sources}) rejected at import could be of this week, so the lead, MQL and cost-per-lead figures leave ${rows === 1 ? 'it' : 'them'} out. Fix ${rows === 1 ? 'it' : 'them'} and import the file again.`,
  attentionNone: 'Nothing is overdue and every campaign with spend has pipeline.',

  notMeasured: 'not measured',
  notMeasuredReason: (family, since, source, coveredUntil, coveredFrom) => {
    const what = { followUps: 'Follow-ups', spend: 'Spend', deals: 'Deals' }[family];
    const data = { followUps: 'calls, emails or meetings', spend: 'ad spend', deals: 'deals' }[family];
    if (source && coveredFrom) {
      const effect = {
        followUps: 'leads followed up on the earlier days would read as overdue',
        spend: 'spend of the earlier days would read as 0',
        deals: 'deals created or closed on the earlier days would be missing',
      }[family];
      return `${what} not measured: the ${data} loaded from ${source} cover this week only from ${coveredFrom}, so ${effect}.`;
    }
    if (source && coveredUntil) {
      const effect = {
        followUps: 'leads of the later days would read as overdue',
        spend: 'spend of the later days would read as 0',
        deals: 'deals created or closed on the later days would be missing',
      }[family];
      return `${what} not measured: the ${data} loaded from ${source} cover only up to ${coveredUntil}, so ${effect}.`;
    }
    if (source && since) {
      const effect =
        family === 'followUps' ? 'leads followed up there would read as never followed up' : 'spend would read too low';
      return `${what} not measured: no ${data} from ${source} loaded since ${since}, so ${effect}.`;
    }
    // Deals are loaded but none moved: the deals export looks stale, not missing.
    if (family === 'deals' && since)
      return `Deals not measured: no deal was created, changed or closed since ${since}, so the deals export looks stale.`;
    return since
      ? `${what} not measured: no ${data} loaded since ${since}.`
      : `${what} not measured: no ${data} loaded.`;
  },
  adAccount: (platform, accountId) => `${platform} account ${accountId}`,
  adSpendInCurrency: (platform, currency) => `${platform} (spend in ${currency}, no account id)`,
  notMeasuredUntyped: (sources) =>
    `Follow-ups not measured: the activities from ${new Intl.ListFormat('en-GB').format(sources)} carry no call, email or meeting type ` +
    '(only tasks, other or automated ones), so none can count as a follow-up and their leads would read never followed up. ' +
    'Export them with their type (Salesforce: the Task Subtype or Type column).',
  notMeasuredDealTwins: (pairs, sources) =>
    `Deals not measured: ${pairs} ${pairs === 1 ? 'deal was' : 'deals were'} loaded twice, from ${new Intl.ListFormat('en-GB').format(sources)} ` +
    '(same name, amount and currency, created within 7 days), so every deal figure would count them twice. ' +
    'Set dealSources in the configuration to the CRM of record.',
  notMeasuredDealSourcesMisnamed: (named, leftOut) =>
    `Deals not measured: the configuration's dealSources names ${new Intl.ListFormat('en-GB').format(named.map(quoted))}, ` +
    `which ${named.length === 1 ? 'holds' : 'hold'} no deals, while the deals of ${new Intl.ListFormat('en-GB').format(leftOut.map(quoted))} are left out. ` +
    'Correct dealSources in the configuration.',
  notMeasuredRejected: (family, rows, sources) =>
    `${family === 'deals' ? 'Deals' : 'Follow-ups'} not measured: ${rows} ${family === 'deals' ? 'deal' : 'activity'} ${rows === 1 ? 'row' : 'rows'} from ${new Intl.ListFormat('en-GB').format(sources)} ` +
    `${rows === 1 ? 'was' : 'were'} rejected at import and could be of this week (dated in it, or with a date that could not be read), ` +
    `so the figures could be short${family === 'followUps' ? ' and a lead followed up could read overdue' : ''}. Fix ${rows === 1 ? 'it' : 'them'} (see the rejects) and import the file again.`,
  notMeasuredSpendRejected: (rows, platform, from, to, file, reason, more, line) =>
    `Ad spend not measured: ${rows} ${platform ? `${platform} ` : ''}spend ${rows === 1 ? 'row' : 'rows'} of ${from === to ? from : `${from}–${to}`} in ${file}` +
    `${line === null ? '' : ` (${rows === 1 ? 'line' : 'first on line'} ${line})`} ` +
    `${rows === 1 ? 'was' : 'were'} rejected at import${reason ? ` (${reason})` : ''}` +
    `${more > 0 ? ` and ${more} more ${more === 1 ? 'row' : 'rows'} of this week` : ''}, so the spend, cost per lead and ROAS would leave their cost out. ` +
    'Fix the cause and import the file again (after a change to the configuration: funnel rebuild).',
  notMeasuredUnknownActivityTypes: (labels, settings) =>
    settings.includes('activityStatuses') && !settings.includes('activityTypes')
      ? `Follow-ups not measured: ${labels.length} activity ${labels.length === 1 ? 'status' : 'statuses'} no import could map ` +
        `(${labels.map(quoted).join(', ')}) may say the activity took place or did not, so the SLA figures cannot be told. Map them in the configuration (sources, activityStatuses) and rebuild.`
      : `Follow-ups not measured: ${labels.length} activity ${labels.length === 1 ? 'type' : 'types'}${settings.includes('activityStatuses') ? ' or statuses' : ''} no import could map ` +
        `(${labels.map(quoted).join(', ')}) may be calls, emails or meetings${settings.includes('activityStatuses') ? ', or say whether it took place' : ''}, so the SLA figures cannot be told. Map them in the configuration (sources, ${settings.join(' or ')}) and rebuild.`,
  notMeasuredUnknownLeadStatuses: (labels, settings) =>
    `MQLs and disqualified not measured: ${labels.length} lead ${labels.length === 1 ? 'status or lifecycle stage' : 'statuses or lifecycle stages'} no import could map ` +
    `(${labels.map(quoted).join(', ')}) may mean MQL or disqualified, so those figures cannot be told. Map them in the configuration (sources, ${settings.join(' or ')}) and rebuild.`,
  notMeasuredUnknownStages: (rows, stages) =>
    `Deals not measured: ${rows} open ${rows === 1 ? 'deal has' : 'deals have'} a stage the import could not map ` +
    `(${stages.map(quoted).join(', ')}), so ${rows === 1 ? 'it' : 'they'} may have been won this week and the won figures cannot be told. Map the stages in the configuration (sources, stages) and rebuild.`,
  notMeasuredDealsUnlinked: (sources) =>
    `Marketing-sourced not measured: no deal from ${new Intl.ListFormat('en-GB').format(sources)} names a contact (email, or an id a loaded lead carries), an account domain or a converted lead, ` +
    'so none can be matched to a lead and every deal would read sales-sourced. ' +
    'Export the deals with their associated contacts (HubSpot: Associated Contact; Pipedrive: Person - Email; Salesforce: a report with contact roles), ' +
    'and Salesforce leads with Converted Contact ID and Converted Opportunity ID.',
  notMeasuredLeadsNotCovered: (source, until, from) =>
    'Leads, MQLs, follow-ups, marketing-sourced, ROAS, cost per lead and campaigns without an opportunity not measured: ' +
    (source === null
      ? 'no leads are loaded, so the week would read 0 leads and every deal sales-sourced. ' +
        'Import a leads export, or pull the CRM (funnel run).'
      : (until
          ? `the leads from ${source} are loaded only up to ${until}, `
          : `the leads from ${source} are loaded only from ${from ?? '?'}, `) +
        "so the week's other leads are missing: its lead figures would read short and their deals sales-sourced. " +
        'Import a leads export taken after the week, or pull the CRM (funnel run).'),
  overdueLeadsNotCovered: (source, until, from) =>
    source === null
      ? 'No leads are loaded, so none can be listed.'
      : until
        ? `The leads from ${source} are loaded only up to ${until}: leads created after it are not in this list.`
        : `The leads from ${source} are loaded only from ${from ?? '?'}: this week's leads created before it are not in this list.`,
  notMeasuredPaidChannelUnknown: (platforms) =>
    `Paid-channel figures not measured: the ${new Intl.ListFormat('en-GB').format(platforms)} spend of this week has no channel ` +
    '(no campaign type), so the leads of the channels it paid for cannot be told and the whole spend would be divided by some of them. ' +
    'Download the Google Ads campaign report with the "Campaign type" column (a canonical spend file: fill its channel column). ' +
    'Spend, cost per lead and ROAS over all channels are measured.',
  notMeasuredPaidChannelMismatch: (platform, spendChannel, leadChannel, persons) =>
    `Paid-channel figures not measured: ${persons} ${persons === 1 ? 'lead' : 'leads'} of this week came from ${platform} campaigns whose spend is filed as ${spendChannel}, ` +
    `while the CRM files ${persons === 1 ? 'it' : 'them'} as ${leadChannel}, which has no spend this week; the whole spend would be divided by the other paid leads only. ` +
    `Map the campaign type to the leads' channel in the ${platform} source's channels setting.`,
  notMeasuredIdleNoCampaign: (leads) =>
    `Not measured: none of the ${leads} ${leads === 1 ? 'lead' : 'leads'} of the last 4 weeks names a campaign (utm_campaign or a campaign column), ` +
    'so no campaign can be linked to an opportunity. Export the leads with their campaign (HubSpot: utm_campaign or First Touch Converting Campaign).',
  notMeasuredSubtotalMismatch: (file, line, subtotal, details, rows, more) =>
    `Ad spend not measured: ${file} line ${line} is a subtotal ` +
    (subtotal !== null && details !== null
      ? `of ${subtotal} but its ${rows} detail ${rows === 1 ? 'row sums' : 'rows sum'} to ${details}`
      : `that could not be checked against its ${rows} detail ${rows === 1 ? 'row' : 'rows'} (a cost could not be read)`) +
    `${more > 0 ? ` (and ${more} more such ${more === 1 ? 'subtotal' : 'subtotals'})` : ''}, so the spend loaded may be short (a filtered view?). ` +
    'Export the report again at one level, or unfiltered, and import it.',
  notMeasuredUnprovenTotal: (file, line, spend, rows, columns, more) =>
    `Ad spend not measured: ${file} line ${line}${spend === null ? '' : ` (${spend})`} is the sum of the ${rows} ${rows === 1 ? 'row' : 'rows'} beside it ` +
    `(same campaign and day${columns.length > 0 ? `, told apart only by ${columns.map(quoted).join(', ')}` : ''}): their total or a row of its own, the file cannot tell` +
    `${more > 0 ? ` (and ${more} more such ${more === 1 ? 'row' : 'rows'})` : ''}, so the spend loaded may be short. ` +
    'Export the report again without that breakdown, or with impressions and clicks, and import it.',
  notMeasuredIdleBelowCampaign: (platforms) =>
    `Not measured: the ${platforms.join(', ')} spend of this week was exported by ad set or ad, not by campaign, ` +
    'while leads name campaigns, so campaigns without an opportunity cannot be told. Export the spend by campaign (with its Campaign name column).',
  notMeasuredIdleDealsGap: (source, from, to) =>
    `Not measured: no ${source} deals are loaded from ${from} to ${to} (the periods or export days of its deal loads leave them out), ` +
    'so an opportunity of those days could not show a campaign is not idle. Import a deals export that covers the last 4 weeks.',
  notMeasuredIdleUnlinked: (references, more) =>
    `Not measured: ${references
      .map(
        (r) =>
          `"${r.reference}" (${r.persons} ${r.persons === 1 ? 'lead' : 'leads'} with an opportunity, ${new Intl.ListFormat('en-GB').format(r.platforms)} spend on ${r.persons === 1 ? 'its' : 'their'} channel)`,
      )
      .join('; ')}${more > 0 ? ` and ${more} more` : ''}: ` +
    `leads of a paid channel name a campaign that matches no campaign with spend, so their opportunities may come from a campaign that would be listed here. ` +
    'Correct the campaign name in the CRM, or tag the ad links with the campaign id ({campaignid}, {{campaign.id}}).',
  partialNote: 'Partial week: it has not ended yet, so its figures will still change.',
  partialSubject: (subject) => `[Partial] ${subject}`,

  kpiTitle: 'This week at a glance',
  kpi: {
    leads: 'Leads',
    slaRate: 'Followed up within SLA',
    opportunities: 'Opportunities',
    pipeline: 'Pipeline created',
    wonRevenue: 'Won revenue',
    spend: 'Ad spend',
    roas: 'ROAS (paid channels)',
  },
  trendLabel: 'Last 4 weeks',
  trendAlt: (label, values) => `${label}, last 4 weeks: ${values}`,

  funnelTitle: 'Funnel this week',
  funnelSteps: {
    leads: 'Leads',
    mqls: 'Marketing-qualified (MQL)',
    followedUpWithinSla: 'Followed up within SLA',
    opportunities: 'Opportunities',
    wonDeals: 'Deals won',
  },
  funnelRate: {
    ofLeads: (pct) => `${pct} of leads`,
    ofDue: (pct) => `${pct} of leads due for follow-up`,
    ofOpportunities: (pct) => `${pct} of opportunities`,
  },
  funnelNote:
    'Counts of the same week, each rate against the base it names: opportunities and wins of a week do not all come from that week’s leads, so read them as a guide, not a cohort.',

  followUpTitle: 'Were marketing’s leads followed up?',
  followUpIntro: (within, due, hours) =>
    `${within} of ${due} leads that were due got a first call, email or meeting within ${hours}.`,
  followUpNoneDue: 'No lead of this week was due for follow-up yet.',
  followUpNoneJudged: (n) =>
    `No lead of this week is known to be due for follow-up yet: ${n} ${n === 1 ? 'lead was' : 'leads were'} not judged, created or followed up on a date without a time.`,
  followUpStats: {
    slaRate: 'SLA rate, all leads',
    slaRateMqls: 'SLA rate, MQLs',
    median: 'Median time to first follow-up, over the leads of this week followed up',
    late: 'Leads of this week followed up after the SLA',
    overdue: 'Leads of this week not yet followed up, past the SLA',
    pending: 'Leads of this week not yet due',
    untimed: 'Leads of this week not in these figures: created or followed up on a date without a time',
  },
  overdueTitle: 'Leads awaiting a first follow-up, by owner',
  overdueIntro: (n) =>
    `${n} ${n === 1 ? 'lead' : 'leads'} from this week and the 3 before; owners with the most first.`,
  overdueNone: 'None: every lead past the SLA has been contacted.',
  overdueUntimed: (n) =>
    `${n} ${n === 1 ? 'lead' : 'leads'} without a follow-up not judged: created on a date without a time, so whether ${n === 1 ? 'its' : 'their'} SLA had run out by the end of the week depends on the hour.`,
  overdueLeftOut: (n) =>
    `${n} ${n === 1 ? 'lead' : 'leads'} left out of the overdue list: no calls, emails or meetings are loaded for ${n === 1 ? 'its' : 'their'} days, so whether ${n === 1 ? 'it was' : 'they were'} followed up is not known.`,
  unassigned: 'Unassigned',
  ownerInactive: 'deactivated in the CRM: nobody follows these leads up',
  ownerAfterCutoff: 'owner as exported after the week',
  ownersAfterCutoff:
    'Owners as exported after the week: no export made by its end names them, so a lead may have been reassigned since.',
  ownerSummary: (count, longest) => `${count} ${count === 1 ? 'lead' : 'leads'} · longest ${longest}`,
  noEmail: '(no email)',
  createdOn: (date) => `created ${date}`,
  overdueBy: (duration) => `${duration} past SLA`,
  atLeast: (duration) => `at least ${duration}`,
  andMoreLeadsOwner: (n) => `and ${n} more`,
  andMoreOwners: (leads, owners) =>
    `and ${leads} more ${leads === 1 ? 'lead' : 'leads'} with ${owners} other ${owners === 1 ? 'owner' : 'owners'}`,

  effect: {
    title: 'Does following up pay?',
    headline: (hours, times, within, never) =>
      `Leads followed up within ${hours} became opportunities ${times} as often as leads never followed up (${within} vs ${never}).`,
    compared: (hours, within, never) =>
      `Leads followed up within ${hours} became opportunities in ${within} of cases, leads never followed up in ${never}.`,
    tooFew: (within, never, min) =>
      `Too few leads to compare yet: ${within} followed up within the SLA, ${never} never (at least ${min} in each group).`,
    basis: (since, within, late, never) =>
      `Leads created since ${since} (13 weeks), as of the end of this week: ${within} followed up within the SLA, ${late} late, ${never} never. Leads not yet due are left out.`,
    knownFrom: (date) =>
      `Leads created before ${date} are left out: no calls, emails or meetings are loaded before then.`,
    cell: (rate, persons) => `${rate} (${persons})`,
    channelDetail: (within, never) => `within SLA ${within} · never ${never}`,
    tooFewCell: 'too few',
    note: (min) =>
      `Per channel: how many times as often, then each group's rate with its leads in brackets. Opportunity: a marketing-sourced deal created by the end of this week is attributed to the lead. A group of fewer than ${min} is too small to compare. This compares, it does not prove: sales may call the most promising leads first.`,
    channelTitle: 'By channel: leads of this week due for follow-up',
    channelColumns: { due: 'Due', inSla: 'Within SLA', never: 'No contact' },
  },

  spendTitle: 'Did the spend produce pipeline?',
  spendIntro: (spend, opps, won) =>
    `${spend} of ad spend this week; ${opps} marketing-sourced ${opps === 1 ? 'opportunity' : 'opportunities'} and ${won} marketing-sourced revenue won.`,
  spendNone: 'No ad spend was recorded this week.',
  spendStats: {
    spend: 'Ad spend',
    cpl: 'Cost per lead, paid channels',
    costPerOpportunity: 'Cost per marketing-sourced opportunity, paid channels',
    roas: 'ROAS, paid channels (won revenue ÷ spend)',
  },
  spendBlended: (value) => `all channels: ${value}`,
  spendByChannelTitle: 'Spend by channel',
  idleTitle: 'Campaigns with spend and no opportunity yet',
  idleIntro: 'Spend this week, no marketing-sourced opportunity in this week or the 3 before.',
  idleNone: 'None: every campaign with spend this week has pipeline.',
  andMore: (n) => `and ${n} more`,

  channelsTitle: 'Channels',
  columns: {
    channel: 'Channel',
    leads: 'Leads',
    spend: 'Spend',
    cpl: 'CPL',
    opportunities: 'Opps',
    marketingSourced: 'Mkt opps',
    costPerOpportunity: 'Cost per opp',
    wonRevenue: 'Won',
    roas: 'ROAS',
    campaign: 'Campaign',
    platform: 'Platform',
    source: 'Source',
    lastLoad: 'Last load',
    rows: 'Rows',
    rejected: 'Rejected',
    basis: 'Matched by',
    pipeline: 'Pipeline',
  },
  channelsNone: 'No channel had leads, spend or deals this week.',

  splitTitle: 'Marketing-sourced vs sales-sourced',
  splitMarketing: 'Marketing-sourced',
  splitSales: 'Sales-sourced',
  splitOpportunities: 'Opportunities',
  splitPipeline: 'Pipeline',
  splitWon: 'Won revenue',
  splitNote: 'A deal is marketing-sourced when it matches a marketing lead created before it (see methodology).',
  basisTitle: 'What the marketing-sourced figures rest on',
  basisIntro:
    'Deals of this week by how they were matched to a marketing lead: converted from the lead, the same contact (by email or by its CRM id), or only the same company domain (the weakest).',
  basis: {
    conversion: 'Converted from the lead',
    email: 'Same contact email',
    contact: 'Same contact (CRM id)',
    domain: 'Same company domain only',
    sales_sourced: 'Sales-sourced (no marketing lead)',
  },
  claimedTitle: 'Largest marketing-sourced deals of the week',
  claimedIntro: 'New this week or won this week, each with the lead that claims it.',
  claimedNone: 'No marketing-sourced deal was created or won this week.',
  claimedWon: 'won',
  claimedNew: 'new',
  claimedNoLead: 'lead without email',

  healthTitle: 'Data health',
  healthNever: 'never',
  healthMatched: (matched, total, pct) => `Deals matched to a lead: ${matched} of ${total} (${pct})`,
  healthUnmatched: (n) => `Deals without a matching lead (sales-sourced): ${n}`,
  healthNoEmail: (n) => `Leads without a usable email: ${n}`,
  healthRejectedImport: (input, table, loaded, rows) =>
    `Not loaded: every row of ${input} (${table}, imported ${loaded}) was rejected (${rows}); its data is missing from these figures`,
  healthCurrencyAssumed: (source, currency, rows) =>
    `Assumed: ${rows} amount${rows === 1 ? '' : 's'} from ${source} had no currency and count as ${currency}`,
  healthSpendSpread: (source, rows) =>
    `Estimated: ${rows} ${source} spend row${rows === 1 ? '' : 's'} covering several days, spread evenly over them`,
  healthAmbiguousCampaign: (name, persons) =>
    `Not linked: campaign name "${name}" fits several ad campaigns, so its ${persons} lead${persons === 1 ? '' : 's'} count for none; rename one or tag links with the campaign id`,
  healthSpendDaysUtc: (source, rows) =>
    `${source} reports spend by UTC day: ${rows} spend row${rows === 1 ? '' : 's'} cut at midnight UTC, not in the account's time zone`,
  healthRowsRejected: (table, source, rows) =>
    `Incomplete: ${rows} ${source} ${{ leads: 'lead', deals: 'deal', activities: 'activity' }[table]} row${rows === 1 ? ' was' : 's were'} rejected at import (see Rejected above) and could be of this week; ` +
    `the ${{ leads: 'lead', deals: 'deal', activities: 'follow-up' }[table]} figures leave ${rows === 1 ? 'it' : 'them'} out until the file is fixed and imported again`,
  healthDealsUnknownStage: (source, rows, of, stages) =>
    `Not known: ${rows} of ${of} open ${source} deal${of === 1 ? '' : 's'} ${rows === 1 ? 'has' : 'have'} a stage the import could not map ` +
    `(${stages.map((x) => `"${x}"`).join(', ')}), so whether ${rows === 1 ? 'it was' : 'they were'} won is not known; map the stages in the configuration (sources, stages)`,
  healthSpendRejected: (source, rows) =>
    `Incomplete: ${rows} ${source} spend row${rows === 1 ? ' was' : 's were'} rejected at import (see Rejected above); the spend figures leave ${rows === 1 ? 'its' : 'their'} cost out`,
  healthLeadsWithoutStage: (source, rows, of) =>
    `Assumed: ${rows} of the week's ${of} ${source} lead${of === 1 ? '' : 's'} state${rows === 1 ? 's' : ''} no lifecycle stage or MQL date, so ${rows === 1 ? 'it counts' : 'they count'} as not MQL; export ${source} leads with their lifecycle stage`,
  healthDealsWithoutAmount: (source, rows, of) =>
    `Incomplete: ${rows} of the week's ${of} ${source} deal${of === 1 ? '' : 's'} ${rows === 1 ? 'has' : 'have'} no amount, so pipeline and won revenue leave ${rows === 1 ? 'it' : 'them'} out`,
  healthDealsLeftOut: (source, rows, configName) =>
    `Left out: ${rows} ${source} deal${rows === 1 ? '' : 's'} of the week, ${rows === 1 ? 'no copy' : 'none a copy'} of a counted deal, ${rows === 1 ? 'counts' : 'count'} in no deal figure, as dealSources does not name "${configName}"; if it is a CRM of its own, add it to dealSources`,
  healthMethodology: (version) => `Methodology version ${version}`,
  healthMethodologyLink: 'How every figure is defined',
  healthTimezone: (tz) => `Times in ${tz}.`,
  footer:
    'The heads of marketing and sales receive this same email, built from the same data with the same definitions.',

  units: { hours: (h) => `${h}\u00a0h`, days: 'd', hoursShort: 'h' },
  channels: {
    paid_search: 'Paid search',
    paid_social: 'Paid social',
    display: 'Display',
    email: 'Email',
    organic_search: 'Organic search',
    organic_social: 'Organic social',
    referral: 'Referral',
    events: 'Events',
    direct: 'Direct',
    other: 'Other',
  },
  salesSourcedChannel: 'Sales-sourced (no marketing lead)',

  cohorts: {
    title: 'Lead cohorts',
    intro: (week, cohorts) =>
      `The leads created in each of the last ${cohorts} weeks, and what became of them by the end of week ${week}.`,
    week: (week) => `W${week}`,
    age: (weeks) => `${weeks}\u00a0${weeks === 1 ? 'wk' : 'wks'}`,
    columns: {
      week: 'Week',
      age: 'Age',
      leads: 'Leads',
      mql: 'MQL',
      followedUp: 'Followed up',
      opportunity: 'Opp.',
      won: 'Won',
    },
    youngMark: '*',
    youngNote: (weeks) =>
      `* Less than ${weeks} weeks old: these leads have not had time to become opportunities or be won, so their rates will still grow. Compare a cohort with cohorts of the same age in earlier reports, not with older ones.`,
    ratesNote: (followUps, deals) =>
      `${['MQL', ...(followUps ? ['followed up'] : []), ...(deals ? ['opportunity'] : [])].join(', ').replace(/, (?=[^,]*$)/, ' and ')} as a share of the cohort’s leads, as of the end of the report week${deals ? '; Won counts the leads with a deal won by then' : ''}.`,
    followUpsUnknown: (mark) =>
      `${mark} in Followed up: no calls, emails or meetings are loaded for some days of that week’s leads (before the first one loaded, or between two loads’ periods), so whether its leads were followed up is not known.`,
    leadsUnknown: (mark) =>
      `${mark} in Leads: that week’s leads are not loaded for all its days, so its lead count and rates would be of the leads loaded so far and are not shown.`,
  },

  attachments: {
    title: 'Attached: the full lists',
    intro: 'Every row behind the lists above, as CSV files for Excel, Numbers or Google Sheets:',
    rows: {
      overdueLeads: (c, n) => `${c} overdue lead${n === 1 ? '' : 's'}`,
      marketingDeals: (c, n) => `${c} marketing-sourced deal${n === 1 ? '' : 's'}, new or won this week`,
      idleCampaigns: (c, n) => `${c} campaign${n === 1 ? '' : 's'} with spend and no opportunity yet`,
    },
  },

  leadQuality: {
    title: "Lead quality (sales' view)",
    intro: (from) =>
      `People who came in from ${from} to the end of this week, as sales had judged them by then. Read apart from the follow-up figures above: neither explains the other.`,
    all: 'All channels',
    persons: (n, shown) => `${shown} ${n === 1 ? 'person' : 'people'}`,
    disqualified: 'disqualified',
    freeMailOnly: 'free mail only',
    existingCustomers: 'already customers',
    roleAddresses: 'role addresses',
    duplicates: (share, leads) => `duplicates ${share} of ${leads} leads`,
    legend:
      'Free mail only: every address on gmail.com, gmx.ch and the like. Role address: info@, office@, sales@ and the like. Already customers: the company had won a deal before the person came in. Duplicates: new leads whose person already had one in the same system, by the new lead’s channel.',
    disqualifiedNotMeasured:
      'Disqualified: not measured, because no source of these leads says whether sales disqualified them.',
    reasonsTitle: 'Why sales disqualified',
    reason: (reason, n, shown) => `${reason}: ${shown} ${n === 1 ? 'person' : 'people'}`,
    noReason: 'no reason given',
    reasonsNone: 'Sales disqualified no one from these weeks.',
    empty: 'No leads came in during these 13 weeks.',
  },
};

const deCH: Strings = {
  brand: 'one-funnel',
  subject: (week, range) => `Marketing × Sales — KW ${week} (${range})`,
  title: 'Wochenbericht Marketing × Sales',
  weekLabel: (week, range) => `KW ${week} · ${range}`,
  preview: (won, wonChange, overdue) =>
    [
      won === null ? 'Gewonnen: nicht gemessen' : `Gewonnen ${won}${wonChange ? ` (${wonChange})` : ''}`,
      overdue === null
        ? 'Nachfassen nicht gemessen'
        : `${overdue} ${overdue === 1 ? 'Lead der letzten 4 Wochen wartet' : 'Leads der letzten 4 Wochen warten'} auf den ersten Kontakt`,
    ].join(' · '),
  vsPrevious: 'ggü. Vorwoche',
  changesNote: 'Veränderungen gegenüber der Vorwoche.',
  restated: (week, figure, sent, now) => `KW ${week}: ${figure} seit dem Versand korrigiert, ${sent} → ${now}.`,
  notComparedCurrency: (week, sent, now) =>
    `KW ${week}: Der Versand war in ${sent}, die Beträge werden nicht mit diesen in ${now} verglichen.`,
  notComparedMethodology: (week, version) =>
    `KW ${week}: Der Versand beruhte auf ${version ? `der Methodik ${version}` : 'einer früheren Methodik'}, die Zahlen werden nicht mit diesen verglichen.`,
  restatedFigure: {
    leads: 'Leads',
    mqls: 'MQLs',
    opportunities: 'Opportunities',
    pipeline: 'Pipeline',
    wonRevenue: 'gewonnener Umsatz',
    spend: 'Werbeausgaben',
  },
  noValue: '–',

  attentionTitle: 'Diese Woche einen Blick wert',
  attentionOverdue: (n) =>
    `${n} ${n === 1 ? 'Lead aus dieser und den 3 Wochen davor ist' : 'Leads aus dieser und den 3 Wochen davor sind'} über der Nachfass-Frist und noch ohne ersten Kontakt.`,
  attentionIdle: (n, spend) =>
    `${n} ${n === 1 ? 'Kampagne hat' : 'Kampagnen haben'} diese Woche ${spend} ausgegeben, ohne Opportunity in den letzten 4 Wochen.`,
  attentionLate: (n) => `${n} ${n === 1 ? 'Lead wurde' : 'Leads wurden'} nach Ablauf der Frist kontaktiert.`,
  attentionMqlsUnknown: (rows, sources) =>
    `MQLs unbekannt: ${rows} Leads dieser Woche (${sources}) haben keine Lifecycle-Phase und kein MQL-Datum, die MQL-Zahlen zählen sie als kein MQL.`,
  attentionLeadsRejected: (rows, sources) =>
    `Leads unvollständig: ${rows} ${rows === 1 ? 'Leadzeile' : 'Leadzeilen'} (${sources}) beim Import abgelehnt, ${rows === 1 ? 'sie kann' : 'sie können'} aus dieser Woche sein; Leads, MQLs und Kosten pro Lead lassen sie aus. Korrigieren und die Datei erneut importieren.`,
  attentionNone: 'Nichts ist überfällig, und jede Kampagne mit Ausgaben hat Pipeline.',

  notMeasured: 'nicht gemessen',
  notMeasuredReason: (family, since, source, coveredUntil, coveredFrom) => {
    const what = { followUps: 'Nachfassen', spend: 'Werbeausgaben', deals: 'Deals' }[family];
    const data = {
      followUps: 'Anrufe, E-Mails oder Termine',
      spend: 'Werbeausgaben',
      deals: 'Deals',
    }[family];
    if (source && coveredFrom) {
      const effect = {
        followUps: 'an den früheren Tagen kontaktierte Leads erschienen als überfällig',
        spend: 'die Ausgaben der früheren Tage erschienen als 0',
        deals: 'Deals der früheren Tage fehlten',
      }[family];
      return `${what} nicht gemessen: die von ${source} geladenen ${data} decken diese Woche erst ab ${coveredFrom} ab, ${effect}.`;
    }
    if (source && coveredUntil) {
      const effect = {
        followUps: 'Leads der späteren Tage erschienen als überfällig',
        spend: 'die Ausgaben der späteren Tage erschienen als 0',
        deals: 'Deals der späteren Tage fehlten',
      }[family];
      return `${what} nicht gemessen: die von ${source} geladenen ${data} reichen nur bis ${coveredUntil}, ${effect}.`;
    }
    if (source && since) {
      const effect =
        family === 'followUps'
          ? 'dort nachgefasste Leads erschienen als nie kontaktiert'
          : 'die Summe erschiene zu tief';
      return `${what} nicht gemessen: seit ${since} wurden keine ${data} von ${source} geladen, ${effect}.`;
    }
    if (family === 'deals' && since)
      return `Deals nicht gemessen: seit ${since} wurde kein Deal erstellt, geändert oder abgeschlossen, der Deal-Export scheint veraltet.`;
    return since
      ? `${what} nicht gemessen: seit ${since} wurden keine ${data} geladen.`
      : `${what} nicht gemessen: es wurden keine ${data} geladen.`;
  },
  adAccount: (platform, accountId) => `${platform}-Konto ${accountId}`,
  adSpendInCurrency: (platform, currency) => `${platform} (Ausgaben in ${currency}, ohne Konto-ID)`,
  notMeasuredUntyped: (sources) =>
    `Nachfassen nicht gemessen: die Aktivitäten von ${new Intl.ListFormat('de-CH').format(sources)} haben keinen Typ Anruf, E-Mail oder Termin ` +
    '(nur Aufgaben, Sonstiges oder automatisierte), keine kann als Nachfassen zählen, ihre Leads erschienen als nie kontaktiert. ' +
    'Exportieren Sie sie mit ihrem Typ (Salesforce: Spalte Task Subtype oder Type).',
  notMeasuredDealTwins: (pairs, sources) =>
    `Deals nicht gemessen: ${pairs} ${pairs === 1 ? 'Deal wurde' : 'Deals wurden'} doppelt geladen, aus ${new Intl.ListFormat('de-CH').format(sources)} ` +
    '(gleicher Name, Betrag und Währung, innert 7 Tagen erstellt); jede Deal-Zahl würde sie doppelt zählen. ' +
    'Legen Sie in der Konfiguration dealSources auf das führende CRM fest.',
  notMeasuredDealSourcesMisnamed: (named, leftOut) =>
    `Deals nicht gemessen: dealSources in der Konfiguration nennt ${new Intl.ListFormat('de-CH').format(named.map(quoted))}, ` +
    `${named.length === 1 ? 'das keine Deals hat' : 'die keine Deals haben'}, während die Deals aus ${new Intl.ListFormat('de-CH').format(leftOut.map(quoted))} weggelassen werden. ` +
    'Korrigieren Sie dealSources in der Konfiguration.',
  notMeasuredRejected: (family, rows, sources) =>
    `${family === 'deals' ? 'Deals' : 'Nachfassen'} nicht gemessen: ${rows} ${family === 'deals' ? (rows === 1 ? 'Dealzeile' : 'Dealzeilen') : rows === 1 ? 'Aktivitätenzeile' : 'Aktivitätenzeilen'} aus ${new Intl.ListFormat('de-CH').format(sources)} ` +
    `beim Import abgelehnt, ${rows === 1 ? 'sie kann' : 'sie können'} aus dieser Woche sein (darin datiert oder mit unlesbarem Datum), ` +
    `die Zahlen könnten zu tief sein${family === 'followUps' ? ' und ein kontaktierter Lead als überfällig erscheinen' : ''}. Korrigieren (siehe Abgelehnt) und die Datei erneut importieren.`,
  notMeasuredSpendRejected: (rows, platform, from, to, file, reason, more, line) =>
    `Werbeausgaben nicht gemessen: ${rows} ${platform ? `${platform}-` : ''}${rows === 1 ? 'Ausgabenzeile' : 'Ausgabenzeilen'} vom ${from === to ? from : `${from}–${to}`} in ${file}` +
    `${line === null ? '' : ` (${rows === 1 ? 'Zeile' : 'erste in Zeile'} ${line})`} ` +
    `${rows === 1 ? 'wurde' : 'wurden'} beim Import abgelehnt${reason ? ` (Grund: «${reason}»)` : ''}` +
    `${more > 0 ? ` und ${more} weitere ${more === 1 ? 'Zeile' : 'Zeilen'} dieser Woche` : ''}, Ausgaben, Kosten pro Lead und ROAS würden ihre Kosten auslassen. ` +
    'Ursache beheben und die Datei erneut importieren (nach einer Änderung der Konfiguration: funnel rebuild).',
  notMeasuredUnknownActivityTypes: (labels, settings) =>
    settings.includes('activityStatuses') && !settings.includes('activityTypes')
      ? `Follow-ups nicht gemessen: ${labels.length} ${labels.length === 1 ? 'Aktivitätsstatus' : 'Aktivitätsstatus'}, die der Import nicht zuordnen konnte ` +
        `(${labels.map(quoted).join(', ')}), können heissen, dass die Aktivität stattfand oder nicht, die SLA-Zahlen lassen sich nicht bestimmen. Status in der Konfiguration zuordnen (sources, activityStatuses) und neu aufbauen (rebuild).`
      : `Follow-ups nicht gemessen: ${labels.length} ${labels.length === 1 ? 'Aktivitätstyp' : 'Aktivitätstypen'}${settings.includes('activityStatuses') ? ' oder -status' : ''}, die der Import nicht zuordnen konnte ` +
        `(${labels.map(quoted).join(', ')}), können Anrufe, E-Mails oder Meetings sein${settings.includes('activityStatuses') ? ' oder sagen, ob sie stattfanden' : ''}, die SLA-Zahlen lassen sich nicht bestimmen. Typen in der Konfiguration zuordnen (sources, ${settings.join(' oder ')}) und neu aufbauen (rebuild).`,
  notMeasuredUnknownLeadStatuses: (labels, settings) =>
    `MQLs und Disqualifizierte nicht gemessen: ${labels.length} ${labels.length === 1 ? 'Lead-Status oder Lebenszyklusphase' : 'Lead-Status oder Lebenszyklusphasen'}, die der Import nicht zuordnen konnte ` +
    `(${labels.map(quoted).join(', ')}), können MQL oder disqualifiziert bedeuten, diese Zahlen lassen sich nicht bestimmen. In der Konfiguration zuordnen (sources, ${settings.join(' oder ')}) und neu aufbauen (rebuild).`,
  notMeasuredUnknownStages: (rows, stages) =>
    `Deals nicht gemessen: ${rows} ${rows === 1 ? 'offener Deal hat' : 'offene Deals haben'} eine Phase, die der Import nicht zuordnen konnte ` +
    `(${stages.map(quoted).join(', ')}), ${rows === 1 ? 'er kann' : 'sie können'} diese Woche gewonnen worden sein. Phasen in der Konfiguration zuordnen (sources, stages) und neu aufbauen (rebuild).`,
  notMeasuredDealsUnlinked: (sources) =>
    `Marketing-Anteil nicht gemessen: kein Deal aus ${new Intl.ListFormat('de-CH').format(sources)} nennt einen Kontakt (E-Mail oder eine ID, die ein geladener Lead trägt), eine Firmendomain oder einen konvertierten Lead, ` +
    'keiner lässt sich einem Lead zuordnen, jeder Deal erschiene als von Sales generiert. ' +
    'Exportieren Sie die Deals mit ihren zugeordneten Kontakten (HubSpot: Associated Contact; Pipedrive: Person - Email; Salesforce: ein Bericht mit Kontaktrollen) ' +
    'und die Salesforce-Leads mit Converted Contact ID und Converted Opportunity ID.',
  notMeasuredLeadsNotCovered: (source, until, from) =>
    'Leads, MQLs, Nachfassen, Marketing-Anteil, ROAS, Kosten pro Lead und Kampagnen ohne Opportunity nicht gemessen: ' +
    (source === null
      ? 'Es sind keine Leads geladen, die Woche zeigte 0 Leads und jeden Deal als von Sales generiert. ' +
        'Importieren Sie einen Lead-Export oder rufen Sie das CRM ab (funnel run).'
      : (until
          ? `Die Leads aus ${source} sind nur bis ${until} geladen, `
          : `Die Leads aus ${source} sind erst ab ${from ?? '?'} geladen, `) +
        'die übrigen Leads der Woche fehlen: Die Lead-Zahlen der Woche wären zu tief, ihre Deals erschienen als von Sales generiert. ' +
        'Importieren Sie einen Lead-Export von nach der Woche oder rufen Sie das CRM ab (funnel run).'),
  overdueLeadsNotCovered: (source, until, from) =>
    source === null
      ? 'Es sind keine Leads geladen, daher kann keiner aufgeführt werden.'
      : until
        ? `Die Leads aus ${source} sind nur bis ${until} geladen: Später erfasste Leads fehlen in dieser Liste.`
        : `Die Leads aus ${source} sind erst ab ${from ?? '?'} geladen: Vorher erfasste Leads dieser Woche fehlen in dieser Liste.`,
  notMeasuredPaidChannelUnknown: (platforms) =>
    `Zahlen der bezahlten Kanäle nicht gemessen: Die Ausgaben aus ${new Intl.ListFormat('de-CH').format(platforms)} dieser Woche haben keinen Kanal ` +
    '(kein Kampagnentyp), die Leads der bezahlten Kanäle lassen sich nicht bestimmen, und die ganzen Ausgaben würden durch einen Teil davon geteilt. ' +
    'Laden Sie den Google-Ads-Kampagnenbericht mit der Spalte «Kampagnentyp» herunter (eine kanonische Ausgabendatei: Spalte channel füllen). ' +
    'Ausgaben, Kosten pro Lead und ROAS über alle Kanäle sind gemessen.',
  notMeasuredPaidChannelMismatch: (platform, spendChannel, leadChannel, persons) =>
    `Zahlen der bezahlten Kanäle nicht gemessen: ${persons} ${persons === 1 ? 'Lead' : 'Leads'} dieser Woche kamen aus Kampagnen von ${platform}, deren Ausgaben als ${spendChannel} gelten, ` +
    `das CRM führt sie als ${leadChannel}, ohne Ausgaben diese Woche; die ganzen Ausgaben würden nur durch die übrigen bezahlten Leads geteilt. ` +
    `Ordnen Sie den Kampagnentyp in der Einstellung channels der Quelle ${platform} dem Kanal der Leads zu.`,
  notMeasuredIdleNoCampaign: (leads) =>
    `Nicht gemessen: Keiner der ${leads} Leads der letzten 4 Wochen nennt eine Kampagne (utm_campaign oder eine Kampagnenspalte), ` +
    'keine Kampagne lässt sich einer Opportunity zuordnen. Exportieren Sie die Leads mit ihrer Kampagne (HubSpot: utm_campaign oder First Touch Converting Campaign).',
  notMeasuredSubtotalMismatch: (file, line, subtotal, details, rows, more) =>
    `Werbeausgaben nicht gemessen: ${file} Zeile ${line} ist eine Zwischensumme, ` +
    (subtotal !== null && details !== null
      ? `die ${subtotal} ausweist, ihre ${rows} ${rows === 1 ? 'Detailzeile ergibt' : 'Detailzeilen ergeben'} aber ${details}`
      : `die sich nicht mit ihren ${rows} ${rows === 1 ? 'Detailzeile' : 'Detailzeilen'} vergleichen liess (ein Betrag war nicht lesbar)`) +
    `${more > 0 ? ` (und ${more} weitere solche ${more === 1 ? 'Zwischensumme' : 'Zwischensummen'})` : ''}, die geladenen Ausgaben könnten zu tief sein (eine gefilterte Ansicht?). ` +
    'Exportieren Sie den Bericht erneut auf einer Ebene oder ungefiltert und importieren Sie ihn.',
  notMeasuredUnprovenTotal: (file, line, spend, rows, columns, more) =>
    `Werbeausgaben nicht gemessen: ${file} Zeile ${line}${spend === null ? '' : ` (${spend})`} ist die Summe der ${rows} ${rows === 1 ? 'Zeile' : 'Zeilen'} daneben ` +
    `(gleiche Kampagne, gleicher Tag${columns.length > 0 ? `, unterschieden nur durch ${columns.map(quoted).join(', ')}` : ''}): ihr Total oder eine eigene Zeile, das lässt die Datei nicht erkennen` +
    `${more > 0 ? ` (und ${more} weitere solche ${more === 1 ? 'Zeile' : 'Zeilen'})` : ''}, die geladenen Ausgaben könnten zu tief sein. ` +
    'Exportieren Sie den Bericht erneut ohne diese Aufschlüsselung oder mit Impressionen und Klicks und importieren Sie ihn.',
  notMeasuredIdleBelowCampaign: (platforms) =>
    `Nicht gemessen: Die Ausgaben (${platforms.join(', ')}) dieser Woche wurden nach Anzeigengruppe oder Anzeige exportiert, nicht nach Kampagne, ` +
    'Leads nennen aber Kampagnen, so lassen sich Kampagnen ohne Opportunity nicht erkennen. Exportieren Sie die Ausgaben nach Kampagne (mit der Spalte Kampagnenname).',
  notMeasuredIdleDealsGap: (source, from, to) =>
    `Nicht gemessen: Vom ${from} bis ${to} sind keine Deals aus ${source} geladen (die Zeiträume oder Exporttage ihrer Deal-Importe lassen diese Tage aus), ` +
    'eine Opportunity dieser Tage könnte nicht zeigen, dass eine Kampagne nicht ungenutzt ist. Importieren Sie einen Deal-Export, der die letzten 4 Wochen abdeckt.',
  notMeasuredIdleUnlinked: (references, more) =>
    `Nicht gemessen: ${references
      .map(
        (r) =>
          `«${r.reference}» (${r.persons} ${r.persons === 1 ? 'Lead' : 'Leads'} mit Opportunity, Ausgaben von ${new Intl.ListFormat('de-CH').format(r.platforms)} auf ${r.persons === 1 ? 'seinem' : 'ihrem'} Kanal)`,
      )
      .join('; ')}${more > 0 ? ` und ${more} weitere` : ''}: ` +
    'Leads eines bezahlten Kanals nennen eine Kampagne, die zu keiner Kampagne mit Ausgaben passt, ihre Opportunities könnten also aus einer Kampagne stammen, die hier stünde. ' +
    'Korrigieren Sie den Kampagnennamen im CRM oder versehen Sie die Anzeigenlinks mit der Kampagnen-ID ({campaignid}, {{campaign.id}}).',
  partialNote: 'Unvollständige Woche: Sie ist noch nicht zu Ende, die Zahlen ändern sich noch.',
  partialSubject: (subject) => `[Vorläufig] ${subject}`,

  kpiTitle: 'Die Woche auf einen Blick',
  kpi: {
    leads: 'Leads',
    slaRate: 'Innert Frist kontaktiert',
    opportunities: 'Opportunities',
    pipeline: 'Neue Pipeline',
    wonRevenue: 'Gewonnener Umsatz',
    spend: 'Werbeausgaben',
    roas: 'ROAS (bezahlte Kanäle)',
  },
  trendLabel: 'Letzte 4 Wochen',
  trendAlt: (label, values) => `${label}, letzte 4 Wochen: ${values}`,

  funnelTitle: 'Funnel dieser Woche',
  funnelSteps: {
    leads: 'Leads',
    mqls: 'Marketing-qualifiziert (MQL)',
    followedUpWithinSla: 'Innert Frist kontaktiert',
    opportunities: 'Opportunities',
    wonDeals: 'Gewonnene Deals',
  },
  funnelRate: {
    ofLeads: (pct) => `${pct} der Leads`,
    ofDue: (pct) => `${pct} der fälligen Leads`,
    ofOpportunities: (pct) => `${pct} der Opportunities`,
  },
  funnelNote:
    'Zahlen derselben Woche: Opportunities und Abschlüsse einer Woche stammen nicht alle aus deren Leads; die Quoten sind ein Richtwert, keine Kohorte.',

  followUpTitle: 'Wurden die Leads aus dem Marketing nachgefasst?',
  followUpIntro: (within, due, hours) =>
    `${within} von ${due} fälligen Leads erhielten innert ${hours} einen ersten Anruf, eine E-Mail oder ein Meeting.`,
  followUpNoneDue: 'Noch kein Lead dieser Woche war zum Nachfassen fällig.',
  followUpNoneJudged: (n) =>
    `Von keinem Lead dieser Woche ist bekannt, dass er schon zum Nachfassen fällig war: ${n} ${n === 1 ? 'Lead wurde' : 'Leads wurden'} nicht beurteilt, erfasst oder kontaktiert mit Datum ohne Uhrzeit.`,
  followUpStats: {
    slaRate: 'Quote innert Frist, alle Leads',
    slaRateMqls: 'Quote innert Frist, MQLs',
    median: 'Median bis zum ersten Kontakt, über die kontaktierten Leads dieser Woche',
    late: 'Leads dieser Woche, nach Ablauf der Frist kontaktiert',
    overdue: 'Leads dieser Woche noch ohne Kontakt, Frist abgelaufen',
    pending: 'Leads dieser Woche, noch nicht fällig',
    untimed: 'Leads dieser Woche nicht in diesen Zahlen: erfasst oder kontaktiert mit Datum ohne Uhrzeit',
  },
  overdueTitle: 'Leads ohne ersten Kontakt, nach Verantwortlichen',
  overdueIntro: (n) =>
    `${n} ${n === 1 ? 'Lead' : 'Leads'} aus dieser und den 3 Wochen davor; Personen mit den meisten zuerst.`,
  overdueNone: 'Keine: Jeder Lead über der Frist wurde kontaktiert.',
  overdueUntimed: (n) =>
    `${n} ${n === 1 ? 'Lead' : 'Leads'} ohne Kontakt nicht beurteilt: erfasst mit Datum ohne Uhrzeit; ob die Frist bis Ende der Woche abgelaufen war, hängt von der Uhrzeit ab.`,
  overdueLeftOut: (n) =>
    `${n} ${n === 1 ? 'Lead' : 'Leads'} nicht in der Liste der überfälligen Leads: Für ${n === 1 ? 'seine' : 'ihre'} Tage sind keine Anrufe, E-Mails oder Meetings geladen; ob ${n === 1 ? 'er' : 'sie'} kontaktiert ${n === 1 ? 'wurde' : 'wurden'}, ist nicht bekannt.`,
  unassigned: 'Nicht zugewiesen',
  ownerInactive: 'im CRM deaktiviert: Niemand kümmert sich um diese Leads',
  ownerAfterCutoff: 'Verantwortlich gemäss Export nach der Woche',
  ownersAfterCutoff:
    'Verantwortliche gemäss Export nach der Woche: Kein Export bis zu ihrem Ende nennt sie, ein Lead kann seither neu zugewiesen worden sein.',
  ownerSummary: (count, longest) => `${count} ${count === 1 ? 'Lead' : 'Leads'} · am längsten ${longest}`,
  noEmail: '(keine E-Mail)',
  createdOn: (date) => `erstellt ${date}`,
  overdueBy: (duration) => `${duration} über Frist`,
  atLeast: (duration) => `mindestens ${duration}`,
  andMoreLeadsOwner: (n) => `und ${n} weitere`,
  andMoreOwners: (leads, owners) =>
    `und ${leads} weitere ${leads === 1 ? 'Lead' : 'Leads'} bei ${owners} ${owners === 1 ? 'weiteren Person' : 'weiteren Personen'}`,

  effect: {
    title: 'Lohnt sich das Nachfassen?',
    headline: (hours, times, within, never) =>
      `Leads, die innert ${hours} kontaktiert wurden, wurden ${times} so oft zur Opportunity wie nie kontaktierte Leads (${within} gegenüber ${never}).`,
    compared: (hours, within, never) =>
      `Innert ${hours} kontaktierte Leads wurden zu ${within} zur Opportunity, nie kontaktierte zu ${never}.`,
    tooFew: (within, never, min) =>
      `Noch zu wenige Leads für einen Vergleich: ${within} innert Frist kontaktiert, ${never} nie (mindestens ${min} je Gruppe).`,
    basis: (since, within, late, never) =>
      `Leads seit ${since} (13 Wochen), Stand Ende dieser Woche: ${within} innert Frist kontaktiert, ${late} verspätet, ${never} nie. Noch nicht fällige Leads sind nicht dabei.`,
    knownFrom: (date) =>
      `Leads vor dem ${date} sind nicht dabei: Vorher sind keine Anrufe, E-Mails oder Meetings geladen.`,
    cell: (rate, persons) => `${rate} (${persons})`,
    channelDetail: (within, never) => `innert Frist ${within} · nie ${never}`,
    tooFewCell: 'zu wenige',
    note: (min) =>
      `Je Kanal: wie viel Mal so oft, dann die Quote jeder Gruppe mit ihren Leads in Klammern. Opportunity: Dem Lead wird ein Marketing-Deal zugerechnet, der bis Ende dieser Woche erstellt wurde. Eine Gruppe unter ${min} ist zu klein für einen Vergleich. Das ist ein Vergleich, kein Beweis: Der Verkauf kontaktiert vielleicht die vielversprechendsten Leads zuerst.`,
    channelTitle: 'Nach Kanal: fällige Leads dieser Woche',
    channelColumns: { due: 'Fällig', inSla: 'Innert Frist', never: 'Ohne Kontakt' },
  },

  spendTitle: 'Haben die Werbeausgaben Pipeline gebracht?',
  spendIntro: (spend, opps, won) =>
    `${spend} Werbeausgaben diese Woche; ${opps} ${opps === 1 ? 'Opportunity' : 'Opportunities'} aus Marketing und ${won} gewonnener Umsatz aus Marketing.`,
  spendNone: 'Diese Woche wurden keine Werbeausgaben erfasst.',
  spendStats: {
    spend: 'Werbeausgaben',
    cpl: 'Kosten pro Lead, bezahlte Kanäle',
    costPerOpportunity: 'Kosten pro Opportunity aus Marketing, bezahlte Kanäle',
    roas: 'ROAS bezahlte Kanäle (gewonnener Umsatz ÷ Ausgaben)',
  },
  spendBlended: (value) => `alle Kanäle: ${value}`,
  spendByChannelTitle: 'Ausgaben nach Kanal',
  idleTitle: 'Kampagnen mit Ausgaben und noch ohne Opportunity',
  idleIntro: 'Ausgaben diese Woche, keine Opportunity aus Marketing in dieser oder den 3 Wochen davor.',
  idleNone: 'Keine: Jede Kampagne mit Ausgaben diese Woche hat Pipeline.',
  andMore: (n) => `und ${n} weitere`,

  channelsTitle: 'Kanäle',
  columns: {
    channel: 'Kanal',
    leads: 'Leads',
    spend: 'Ausgaben',
    cpl: 'CPL',
    opportunities: 'Opps',
    marketingSourced: 'aus Mktg.',
    costPerOpportunity: 'Kosten pro Opp',
    wonRevenue: 'Gewonnen',
    roas: 'ROAS',
    campaign: 'Kampagne',
    platform: 'Plattform',
    source: 'Quelle',
    lastLoad: 'Letzte Ladung',
    rows: 'Zeilen',
    rejected: 'Abgelehnt',
    basis: 'Zugeordnet über',
    pipeline: 'Pipeline',
  },
  channelsNone: 'Kein Kanal hatte diese Woche Leads, Ausgaben oder Deals.',

  splitTitle: 'Aus Marketing vs. aus Sales',
  splitMarketing: 'Aus Marketing',
  splitSales: 'Aus Sales',
  splitOpportunities: 'Opportunities',
  splitPipeline: 'Pipeline',
  splitWon: 'Gewonnener Umsatz',
  splitNote:
    'Ein Deal stammt aus Marketing, wenn er einem vorher erstellten Marketing-Lead zugeordnet ist (siehe Methodik).',
  basisTitle: 'Worauf die Marketing-Zahlen beruhen',
  basisIntro:
    'Deals dieser Woche danach, wie sie einem Marketing-Lead zugeordnet wurden: aus dem Lead konvertiert, derselbe Kontakt (per E-Mail oder per Kontakt-ID des CRM) oder nur dieselbe Firmendomain (die schwächste Zuordnung).',
  basis: {
    conversion: 'Aus dem Lead konvertiert',
    email: 'Dieselbe Kontakt-E-Mail',
    contact: 'Derselbe Kontakt (CRM-ID)',
    domain: 'Nur dieselbe Firmendomain',
    sales_sourced: 'Vom Vertrieb (kein Marketing-Lead)',
  },
  claimedTitle: 'Grösste Deals aus Marketing dieser Woche',
  claimedIntro: 'Neu oder gewonnen in dieser Woche, jeweils mit dem Lead, dem er zugerechnet wird.',
  claimedNone: 'Diese Woche wurde kein Deal aus Marketing erstellt oder gewonnen.',
  claimedWon: 'gewonnen',
  claimedNew: 'neu',
  claimedNoLead: 'Lead ohne E-Mail',

  healthTitle: 'Datenqualität',
  healthNever: 'nie',
  healthMatched: (matched, total, pct) => `Deals mit zugeordnetem Lead: ${matched} von ${total} (${pct})`,
  healthUnmatched: (n) => `Deals ohne zugeordneten Lead (aus Sales): ${n}`,
  healthNoEmail: (n) => `Leads ohne verwendbare E-Mail: ${n}`,
  healthRejectedImport: (input, table, loaded, rows) =>
    `Nicht geladen: alle Zeilen von ${input} (${table}, importiert ${loaded}) wurden abgewiesen (${rows}); diese Daten fehlen in den Zahlen`,
  healthCurrencyAssumed: (source, currency, rows) =>
    `Annahme: ${rows} ${rows === 1 ? 'Betrag' : 'Beträge'} aus ${source} ohne Währung, gezählt als ${currency}`,
  healthSpendSpread: (source, rows) =>
    `Geschätzt: ${rows} ${rows === 1 ? 'Ausgabenzeile' : 'Ausgabenzeilen'} aus ${source} über mehrere Tage, gleichmässig verteilt`,
  healthAmbiguousCampaign: (name, persons) =>
    `Nicht zugeordnet: Kampagnenname «${name}» passt zu mehreren Werbekampagnen, ${persons === 1 ? 'sein Lead zählt' : `seine ${persons} Leads zählen`} für keine; eine umbenennen oder Links mit der Kampagnen-ID versehen`,
  healthSpendDaysUtc: (source, rows) =>
    `${source} meldet Ausgaben nach UTC-Tagen: ${rows} ${rows === 1 ? 'Ausgabenzeile' : 'Ausgabenzeilen'} um Mitternacht UTC geschnitten, nicht in der Zeitzone des Kontos`,
  healthRowsRejected: (table, source, rows) =>
    `Unvollständig: ${rows} ${{ leads: 'Lead', deals: 'Deal', activities: 'Aktivitäten' }[table]}${rows === 1 ? 'zeile' : 'zeilen'} aus ${source} beim Import abgelehnt (siehe Abgelehnt oben), ` +
    `${rows === 1 ? 'sie kann' : 'sie können'} aus dieser Woche sein; die ${{ leads: 'Lead', deals: 'Deal', activities: 'Nachfass' }[table]}-Zahlen lassen ${rows === 1 ? 'sie' : 'sie'} aus, bis die Datei korrigiert und erneut importiert ist`,
  healthDealsUnknownStage: (source, rows, of, stages) =>
    `Unbekannt: ${rows} von ${of} offenen ${of === 1 ? 'Deal' : 'Deals'} aus ${source} mit einer Phase, die der Import nicht zuordnen konnte ` +
    `(${stages.map((x) => `«${x}»`).join(', ')}), ob gewonnen ist nicht bekannt; Phasen in der Konfiguration zuordnen (sources, stages)`,
  healthSpendRejected: (source, rows) =>
    `Unvollständig: ${rows} ${rows === 1 ? 'Ausgabenzeile' : 'Ausgabenzeilen'} aus ${source} beim Import abgelehnt (siehe Abgelehnt oben); ihre Kosten fehlen in den Ausgaben`,
  healthLeadsWithoutStage: (source, rows, of) =>
    `Annahme: ${rows} von ${of} ${of === 1 ? 'Lead' : 'Leads'} der Woche aus ${source} ohne Lifecycle-Phase oder MQL-Datum, ${rows === 1 ? 'zählt' : 'zählen'} als kein MQL; ${source}-Leads mit ihrer Lifecycle-Phase exportieren`,
  healthDealsWithoutAmount: (source, rows, of) =>
    `Unvollständig: ${rows} von ${of} ${of === 1 ? 'Deal' : 'Deals'} der Woche aus ${source} ohne Betrag, Pipeline und gewonnener Umsatz lassen ${rows === 1 ? 'ihn' : 'sie'} aus`,
  healthDealsLeftOut: (source, rows, configName) =>
    `Ausgelassen: ${rows} ${rows === 1 ? 'Deal' : 'Deals'} der Woche aus ${source}, ${rows === 1 ? 'keine Kopie' : 'keiner eine Kopie'} eines gezählten Deals, ${rows === 1 ? 'zählt' : 'zählen'} in keiner Deal-Zahl, da dealSources "${configName}" nicht nennt; ist es ein eigenes CRM, nehmen Sie es in dealSources auf`,
  healthMethodology: (version) => `Methodik Version ${version}`,
  healthMethodologyLink: 'So ist jede Zahl definiert',
  healthTimezone: (tz) => `Zeiten in ${tz}.`,
  footer:
    'Die Leitungen Marketing und Sales erhalten dieselbe E-Mail, aus denselben Daten und mit denselben Definitionen.',

  units: { hours: (h) => `${h}\u00a0Std.`, days: 'T', hoursShort: 'Std.' },
  channels: {
    paid_search: 'Bezahlte Suche',
    paid_social: 'Bezahlte Social Ads',
    display: 'Display',
    email: 'E-Mail',
    organic_search: 'Organische Suche',
    organic_social: 'Organisch Social',
    referral: 'Empfehlung',
    events: 'Events',
    direct: 'Direkt',
    other: 'Andere',
  },
  salesSourcedChannel: 'Vom Vertrieb (kein Marketing-Lead)',

  cohorts: {
    title: 'Lead-Kohorten',
    intro: (week, cohorts) =>
      `Die Leads jeder der letzten ${cohorts} Wochen und was bis Ende KW ${week} aus ihnen geworden ist.`,
    week: (week) => `KW${week}`,
    age: (weeks) => `${weeks}\u00a0Wo.`,
    columns: {
      week: 'Woche',
      age: 'Alter',
      leads: 'Leads',
      mql: 'MQL',
      followedUp: 'Kontak\u00adtiert',
      opportunity: 'Opp.',
      won: 'Gewon\u00adnen',
    },
    youngMark: '*',
    youngNote: (weeks) =>
      `* Jünger als ${weeks} Wochen: Diese Leads hatten noch keine Zeit, zu Opportunities oder gewonnenen Deals zu werden; ihre Quoten steigen noch. Vergleichen Sie eine Kohorte mit gleich alten Kohorten früherer Berichte, nicht mit älteren.`,
    ratesNote: (followUps, deals) =>
      `${['MQL', ...(followUps ? ['kontaktiert'] : []), ...(deals ? ['Opportunity'] : [])].join(', ').replace(/, (?=[^,]*$)/, ' und ')} als Anteil der Leads der Kohorte, Stand Ende der Berichtswoche${deals ? '; Gewonnen zählt die Leads mit einem bis dahin gewonnenen Deal' : ''}.`,
    followUpsUnknown: (mark) =>
      `${mark} bei Kontaktiert: Für einige Tage der Leads dieser Woche sind keine Anrufe, E-Mails oder Meetings geladen (vor dem ersten geladenen oder zwischen den Zeiträumen zweier Ladungen); ob ihre Leads kontaktiert wurden, ist nicht bekannt.`,
    leadsUnknown: (mark) =>
      `${mark} bei Leads: Die Leads dieser Woche sind nicht für alle ihre Tage geladen; ihre Anzahl und Quoten wären die der bisher geladenen Leads und werden nicht gezeigt.`,
  },

  attachments: {
    title: 'Im Anhang: die vollständigen Listen',
    intro: 'Alle Zeilen hinter den Listen oben, als CSV-Dateien für Excel, Numbers oder Google Sheets:',
    rows: {
      overdueLeads: (c, n) => `${c} ${n === 1 ? 'überfälliger Lead' : 'überfällige Leads'}`,
      marketingDeals: (c, n) => `${c} ${n === 1 ? 'Deal' : 'Deals'} aus Marketing, neu oder gewonnen in dieser Woche`,
      idleCampaigns: (c, n) => `${c} ${n === 1 ? 'Kampagne' : 'Kampagnen'} mit Ausgaben und noch ohne Opportunity`,
    },
  },

  leadQuality: {
    title: 'Lead-Qualität (Sicht Verkauf)',
    intro: (from) =>
      `Personen, die vom ${from} bis Ende dieser Woche hereinkamen, so wie der Verkauf sie bis dahin beurteilt hatte. Getrennt von den Nachfass-Zahlen oben zu lesen: keines erklärt das andere.`,
    all: 'Alle Kanäle',
    persons: (n, shown) => `${shown} ${n === 1 ? 'Person' : 'Personen'}`,
    disqualified: 'disqualifiziert',
    freeMailOnly: 'nur Freemail',
    existingCustomers: 'bereits Kunden',
    roleAddresses: 'Funktionsadressen',
    duplicates: (share, leads) => `Duplikate ${share} von ${leads} Leads`,
    legend:
      'Nur Freemail: jede Adresse bei gmail.com, gmx.ch und ähnlichen. Funktionsadresse: info@, office@, sales@ und ähnliche. Bereits Kunden: die Firma hatte vor dem Eintreffen der Person einen Deal gewonnen. Duplikate: neue Leads, deren Person im selben System schon einen hatte, nach Kanal des neuen Leads.',
    disqualifiedNotMeasured:
      'Disqualifiziert: nicht gemessen, weil keine Quelle dieser Leads sagt, ob der Verkauf sie disqualifiziert hat.',
    reasonsTitle: 'Warum der Verkauf disqualifizierte',
    reason: (reason, n, shown) => `${reason}: ${shown} ${n === 1 ? 'Person' : 'Personen'}`,
    noReason: 'ohne Angabe',
    reasonsNone: 'Der Verkauf hat niemanden aus diesen Wochen disqualifiziert.',
    empty: 'In diesen 13 Wochen kamen keine Leads herein.',
  },
};

export const STRINGS: Record<EmailLocale, Strings> = { en, 'de-CH': deCH };

/** Number, money and date formatting for one locale and currency; never prints NaN. */
export class Formatter {
  readonly intl: string;
  readonly t: Strings;
  private readonly int: Intl.NumberFormat;
  private readonly dec1: Intl.NumberFormat;
  private readonly pct0: Intl.NumberFormat;
  private readonly pct1: Intl.NumberFormat;
  private readonly pctChange: Intl.NumberFormat;
  private readonly money0: Intl.NumberFormat;
  private readonly money2: Intl.NumberFormat;
  private readonly moneyCompactFmt: Intl.NumberFormat;
  private readonly compactFmt: Intl.NumberFormat;
  private readonly pointsFmt: Intl.NumberFormat;

  constructor(
    readonly locale: EmailLocale,
    readonly currency: string,
    readonly timezone: string,
  ) {
    // 'en' uses British conventions (16–22 Nov 2026), which read naturally in Europe.
    this.intl = locale === 'en' ? 'en-GB' : 'de-CH';
    this.t = STRINGS[locale];
    this.int = new Intl.NumberFormat(this.intl, { maximumFractionDigits: 0 });
    this.dec1 = new Intl.NumberFormat(this.intl, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.pct0 = new Intl.NumberFormat(this.intl, { style: 'percent', maximumFractionDigits: 0 });
    this.pct1 = new Intl.NumberFormat(this.intl, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    this.pctChange = new Intl.NumberFormat(this.intl, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
    this.money0 = new Intl.NumberFormat(this.intl, { style: 'currency', currency, maximumFractionDigits: 0 });
    this.money2 = new Intl.NumberFormat(this.intl, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    this.moneyCompactFmt = new Intl.NumberFormat(this.intl, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumSignificantDigits: 3,
    });
    this.compactFmt = new Intl.NumberFormat(this.intl, { notation: 'compact', maximumSignificantDigits: 3 });
    this.pointsFmt = new Intl.NumberFormat(this.intl, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
  }

  private ok(n: number | null | undefined): n is number {
    return typeof n === 'number' && Number.isFinite(n);
  }

  count(n: number | null | undefined): string {
    return this.ok(n) ? this.int.format(n) : this.t.noValue;
  }

  compact(n: number | null | undefined): string {
    return this.ok(n) ? (Math.abs(n) < 10_000 ? this.int.format(n) : this.compactFmt.format(n)) : this.t.noValue;
  }

  /** Whole units from 100 up (pipeline, spend), cents below (cost per lead). */
  money(n: number | null | undefined): string {
    if (!this.ok(n)) return this.t.noValue;
    return n === 0 || Math.abs(n) >= 100 ? this.money0.format(n) : this.money2.format(n);
  }

  /**
   * An amount as a file wrote it, in its own `currency` (null: none written) with `decimals`
   * fraction digits: a spend export's subtotal (`300.00 EUR`, `300,00 EUR`), never converted.
   */
  exact(n: number | null, currency: string | null, decimals: number): string {
    if (!this.ok(n)) return this.t.noValue;
    const digits = new Intl.NumberFormat(this.intl, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    return `${digits.format(n)}${currency ? ` ${currency}` : ''}`;
  }

  /** A money amount without the currency, for table cells whose header names the currency. */
  amount(n: number | null | undefined): string {
    if (!this.ok(n)) return this.t.noValue;
    const digits = n === 0 || Math.abs(n) >= 100 ? 0 : 2;
    return new Intl.NumberFormat(this.intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  }

  /** The currency as this locale writes it ("€", "EUR", "CHF"), for column headers. */
  currencySymbol(): string {
    return this.money0.formatToParts(1).find((p) => p.type === 'currency')?.value ?? this.currency;
  }

  /** "Spend (€)": a column header for amounts shown without their currency. */
  moneyColumn(label: string): string {
    return `${label} (${this.currencySymbol()})`;
  }

  moneyCompact(n: number | null | undefined): string {
    if (!this.ok(n)) return this.t.noValue;
    return Math.abs(n) < 10_000 ? this.money0.format(n) : this.moneyCompactFmt.format(n);
  }

  percent(ratio: number | null | undefined): string {
    return this.ok(ratio) ? this.pct0.format(ratio) : this.t.noValue;
  }

  /** A small rate compared with another (conversion rates of 2–15 %): one decimal, "3.7%". */
  percentPrecise(ratio: number | null | undefined): string {
    return this.ok(ratio) ? this.pct1.format(ratio) : this.t.noValue;
  }

  /** ROAS as a multiple: "3.2×". */
  multiple(n: number | null | undefined): string {
    return this.ok(n) ? `${this.dec1.format(n)}×` : this.t.noValue;
  }

  hours(h: number | null | undefined): string {
    return this.ok(h) ? this.t.units.hours(this.dec1.format(h)) : this.t.noValue;
  }

  /** "2 d 5 h" / "5 h": how long a lead has waited. */
  duration(hours: number | null | undefined): string {
    if (!this.ok(hours)) return this.t.noValue;
    const total = Math.max(0, Math.round(hours));
    const d = Math.floor(total / 24);
    const h = total % 24;
    const { days, hoursShort } = this.t.units;
    // No-break spaces keep "2 d 5 h" on one line without CSS white-space (Outlook ignores it).
    const nb = '\u00a0';
    if (d === 0) return `${h}${nb}${hoursShort}`;
    return h === 0 ? `${d}${nb}${days}` : `${d}${nb}${days}${nb}${h}${nb}${hoursShort}`;
  }

  /** Relative change, one decimal, −0.0 shown as 0.0%. */
  changePercent(ratio: number): string {
    const rounded = Math.round(ratio * 1000) / 1000;
    return this.pctChange.format(rounded === 0 ? 0 : rounded);
  }

  /** Change of a rate in percentage points, signed like `changePercent`. */
  changePoints(points: number): string {
    const rounded = Math.round(points * 10) / 10;
    return `${this.pointsFmt.format(rounded === 0 ? 0 : rounded)}\u00a0${this.locale === 'en' ? 'pp' : 'Pp.'}`;
  }

  /** The week's dates from Monday to Sunday; `endExclusive` is the next Monday (SPEC §6). */
  dateRange(start: string, endExclusive: string): string {
    const from = new Date(`${start}T12:00:00Z`);
    const to = new Date(`${endExclusive}T12:00:00Z`);
    to.setUTCDate(to.getUTCDate() - 1);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return `${start} – ${endExclusive}`;
    const fmt = new Intl.DateTimeFormat(this.intl, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    // Intl puts thin spaces round the dash even within one month ("16 – 22 Nov"); tighten that case.
    return fmt.formatRange(from, to).replace(/^(\d{1,2}\.?)\s*–\s*(\d{1,2}\.?\s)/u, '$1–$2');
  }

  /**
   * An instant as its day in the report's zone; a calendar day (`YYYY-MM-DD`: a spend day, a
   * declared period's end, a cohort's first day) as itself. Read as an instant, `2026-11-20`
   * is 00:00 UTC, which is 19 Nov in New York.
   */
  date(iso: string | null | undefined): string {
    const d = iso ? new Date(iso) : null;
    if (!d || Number.isNaN(d.getTime())) return this.t.noValue;
    const zone = /^\d{4}-\d{2}-\d{2}$/.test(iso ?? '') ? 'UTC' : this.timezone;
    return new Intl.DateTimeFormat(this.intl, { day: 'numeric', month: 'short', timeZone: zone }).format(d);
  }

  dateTime(iso: string | null | undefined): string {
    const d = iso ? new Date(iso) : null;
    if (!d || Number.isNaN(d.getTime())) return this.t.noValue;
    return new Intl.DateTimeFormat(this.intl, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: this.timezone,
    }).format(d);
  }

  /** Vendor names as the vendors write them (sources and ad platforms). */
  vendor(name: string): string {
    return vendorName(name);
  }

  channel(name: string | null | undefined): string {
    if (!name) return this.t.channels.other;
    // Not a marketing channel: the deals no marketing lead claims.
    if (name === 'unattributed') return this.t.salesSourcedChannel;
    const known = (this.t.channels as Record<string, string>)[name];
    if (known) return known;
    const words = name.replace(/[_-]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
}
