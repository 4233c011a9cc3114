/** The FunnelReport (SPEC §6): the one JSON every renderer and sender works from. */

export interface WeeklyFigures {
  leads: number;
  mqls: number;
  followedUpWithinSla: number;
  followedUpLate: number;
  overdue: number;
  pending: number;
  slaRate: number | null;
  medianHoursToFollowUp: number | null;
  opportunities: number;
  marketingSourcedOpportunities: number;
  pipeline: number;
  wonDeals: number;
  wonRevenue: number;
  marketingSourcedWonRevenue: number;
  spend: number;
  cpl: number | null;
  costPerOpportunity: number | null;
  roas: number | null;
}

export interface ChannelFigures {
  channel: string;
  leads: number;
  spend: number;
  opportunities: number;
  marketingSourcedOpportunities: number;
  wonRevenue: number;
}

export interface OverdueLead {
  email: string | null;
  createdAt: string;
  owner: string | null;
  channel: string | null;
  hoursOverdue: number;
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
 * spend whose days are UTC days rather than the account's (LinkedIn adAnalytics).
 */
export interface DataAssumption {
  source: string;
  kind: 'currencyAssumed' | 'spendSpread' | 'spendDaysUtc';
  /** The assumed currency (currencyAssumed). */
  currency?: string;
  /** Rows of the export it applies to. */
  rows: number;
}

export interface DataQuality {
  sources: SourceHealth[];
  /** What the figures assume (empty when nothing is); see DataAssumption. */
  assumptions?: DataAssumption[];
  dealsMatched: number;
  dealsUnmatched: number;
  leadsWithoutEmail: number;
}

export interface FunnelReport {
  week: string;
  start: string;
  end: string;
  timezone: string;
  currency: string;
  methodologyVersion: string;
  totals: WeeklyFigures;
  previous: WeeklyFigures;
  channels: ChannelFigures[];
  overdueLeads: OverdueLead[];
  idleSpend: IdleSpendCampaign[];
  dataQuality: DataQuality;
}
