/**
 * "Never a figure from missing data" (docs/methodology.md, Coverage): each family of figures
 * is measured only where its data is loaded, judged over the 4 weeks ending at the cutoff
 * (W and the three weeks before):
 * - follow-ups need at least one activity dated in those 4 weeks that can be a follow-up (a
 *   non-automated call, email or meeting: `stg_activities.is_follow_up_kind`, the rule of
 *   int_persons__followed_up);
 * - spend needs at least one spend row dated in those 4 weeks;
 * - deals need at least one deal created, changed or closed in those 4 weeks.
 * And per source: every source that holds activities in those 4 weeks, and every source, ad
 * platform and ad account that holds spend in them, must have data in the report week itself
 * (rows without an account id are one group of their source and platform); a source whose
 * loads declare the period they cover (core/periods.ts) must instead have declared periods that
 * reach the week's cutoff (its days without rows inside them had nothing: a paused campaign).
 * Every source with a deal created, changed or closed in those 4 weeks whose loads declare
 * periods (a deals file's export day, an API pull's window) must have them reach the cutoff
 * too: a deals export of Wednesday holds no deal of Thursday.
 * With two CRMs, two ad platforms or two ad accounts, one stopped source would otherwise leave
 * the family "measured" on the other's data alone: its leads read as never followed up, its
 * spend as 0, its deals of the later days as none.
 * And a source whose activities in those 4 weeks are all tasks, other or automated (a Salesforce
 * Tasks report exported without its Type column) makes follow-ups not measured: no activity of
 * it can be a follow-up, so its leads would all read overdue whatever sales did.
 * A family not measured has null figures and a reason; the send path holds such a report.
 */
import { DateTime } from 'luxon';
import { loadCoversAccount, periodInstants, periodsKey, type DeclaredPeriods, type SourceLoad } from '../periods.js';
import type { Row } from '../ports.js';
import type { RejectedRows } from '../rejected-rows.js';
import type {
  ChannelMismatch,
  Coverage,
  CoverageFamily,
  FamilyCoverage,
  FunnelReport,
  PartialData,
  UnlinkedCampaign,
  WeeklyFigures,
} from '../report-types.js';
import { vendorName } from '../vendors.js';
import type { ReportWeek } from '../weeks.js';
import { count } from './round.js';

/** What `sql/reports/coverage.sql` counts for one week; instants and dates as ISO text. */
export interface CoverageCounts {
  /** Activities that happened in the 4-week window and can be a follow-up (`is_follow_up_kind`). */
  followUpKindsInWindow: number;
  /** The newest activity that can be a follow-up, before the cutoff (ISO instant), null when none. */
  lastFollowUpKindAt: string | null;
  /**
   * The first activity that happened (any type), before the cutoff (ISO instant; null when
   * none): follow-ups are known from its day on (follow-up-gaps.ts).
   */
  firstActivityAt?: string | null;
  /** Every activity that happened in the 4-week window, tasks and automated ones included. */
  activitiesInWindow: number;
  activitiesLoaded: number;
  spendRowsInWindow: number;
  /** The newest spend day before the week's end (YYYY-MM-DD), null when none. */
  lastSpendDate: string | null;
  spendRowsLoaded: number;
  dealsLoaded: number;
  /** Deals created, changed or closed in the 4-week window. */
  dealsChangedInWindow: number;
  /** The newest deal creation, change or close before the cutoff (ISO instant), null when none. */
  lastDealChangeAt: string | null;
  /** Rows of every version in the four canonical tables, deleted ones included. */
  rowsLoaded: number;
  /** Current leads created in the 4-week window. */
  leadsInWindow: number;
  /** Of those, leads that name a campaign (campaign id, campaign name or utm_campaign). */
  leadsWithCampaignInWindow: number;
  /** The first current lead's creation (ISO instant), null when no lead is loaded. */
  firstLeadAt: string | null;
}

/** Reads the coverage query's one row. */
export function coverageCounts(row: Row | undefined): CoverageCounts {
  const r = row ?? {};
  return {
    followUpKindsInWindow: count(r.follow_up_kinds_in_window),
    lastFollowUpKindAt: isoOrNull(r.last_follow_up_kind_at),
    firstActivityAt: isoOrNull(r.first_activity_at),
    activitiesInWindow: count(r.activities_in_window),
    activitiesLoaded: count(r.activities_loaded),
    spendRowsInWindow: count(r.spend_rows_in_window),
    lastSpendDate: isoOrNull(r.last_spend_date)?.slice(0, 10) ?? null,
    spendRowsLoaded: count(r.spend_rows_loaded),
    dealsLoaded: count(r.deals_loaded),
    dealsChangedInWindow: count(r.deals_changed_in_window),
    lastDealChangeAt: latest([r.last_deal_created_at, r.last_deal_updated_at, r.last_deal_closed_at]),
    rowsLoaded: count(r.rows_loaded),
    leadsInWindow: count(r.leads_in_window),
    leadsWithCampaignInWindow: count(r.leads_with_campaign_in_window),
    firstLeadAt: isoOrNull(r.first_lead_at),
  };
}

/** The latest of some TIMESTAMPs (nulls skipped) as ISO UTC text, null when all are null. */
function latest(values: unknown[]): string | null {
  const isos = values.map(isoOrNull).filter((v): v is string => v !== null);
  return isos.length === 0 ? null : isos.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** A TIMESTAMP as the engines return it (Date, or `YYYY-MM-DD HH:MM:SS[.fff]`), as ISO UTC text. */
export function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // DuckDB and Trino give `YYYY-MM-DD HH:MM:SS[.fff]` for a TIMESTAMP; the report speaks ISO UTC.
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?Z?$/.exec(text);
  if (m) return `${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}Z`;
  return text;
}

/** The families of figures judged per source (`family` of sql/reports/coverage_sources.sql). */
export type PerSourceFamily = 'followUps' | 'spend' | 'deals';

/** The canonical table whose loads declare a per-source family's periods. */
const FAMILY_TABLE = { followUps: 'activities', spend: 'spend', deals: 'deals' } as const;

/** One source's data in the 4-week window, a row of `sql/reports/coverage_sources.sql`. */
export interface SourceCoverage {
  family: PerSourceFamily;
  /** The canonical `source`. */
  source: string;
  /** The ad platform (spend only); null for activities and deals. */
  platform: string | null;
  /** The ad account (`account_id`, spend only); null for activities, deals and spend rows without one. */
  accountId: string | null;
  /**
   * Spend rows without an account id only: their currency. An ad account has one currency, so
   * such rows in another currency are another account, judged on their own (null otherwise).
   */
  currency?: string | null;
  /**
   * Set by sourceCoverageOf when rows of the same source and platform without an account id
   * hold spend in another currency too: the reasons then name the currency (`Meta spend in USD`).
   */
  currencyNamed?: true;
  /**
   * Spend rows, activities that happened and can be a follow-up (`is_follow_up_kind`), or deals
   * created, changed or closed, in the window.
   */
  rowsInWindow: number;
  /** Activities only: every activity that happened in the window, whatever its type (0 for spend and deals). */
  activitiesInWindow: number;
  /** Spend only: rows of the report week itself with cost and no channel (0 for activities). */
  unknownChannelRowsInWeek?: number;
  /**
   * Newest data before the cutoff: ISO instant (activities that can be a follow-up; a deal's
   * creation, change or close) or YYYY-MM-DD (spend).
   */
  lastDataAt: string | null;
  /**
   * Activities only: the source's first activity that happened (any type) before the cutoff, of
   * all it holds, not only the window's (ISO instant; null for spend and deals). The source speaks
   * for follow-ups from its day on (follow-up-gaps.ts).
   */
  firstActivityAt?: string | null;
  /**
   * Set by sourcesBehind for a source judged by its declared periods whose periods stop before
   * the cutoff: where they stop (ISO instant, exclusive) and that as text for the reason
   * (`2026-11-18` for a whole day, `2026-11-19 14:00` for a pull in the day; report time zone).
   */
  coveredUntil?: { at: string; day: string; label: string };
  /**
   * Set by sourcesBehind with `coveredUntil` when the declared periods do not reach the week's
   * start but one starts inside the week: the day that one starts (YYYY-MM-DD, report time zone).
   * The days before it are the gap, not those after `coveredUntil`.
   */
  coveredFrom?: string;
}

/**
 * Reads the rows of `coverage_sources.sql`: sources with rows in the window, and activity
 * sources whose activities in the window cannot be follow-ups (`rowsInWindow` 0).
 */
export function sourceCoverageOf(rows: readonly Row[]): SourceCoverage[] {
  const read = rows.map((r): SourceCoverage => {
    const family: PerSourceFamily = r.family === 'spend' ? 'spend' : r.family === 'deals' ? 'deals' : 'followUps';
    return {
      family,
      source: String(r.source),
      platform: r.platform === null || r.platform === undefined ? null : String(r.platform),
      accountId: r.account_id === null || r.account_id === undefined ? null : String(r.account_id),
      ...(family === 'spend'
        ? { currency: r.currency === null || r.currency === undefined ? null : String(r.currency) }
        : {}),
      rowsInWindow: count(r.rows_in_window),
      activitiesInWindow: count(r.activities_in_window),
      unknownChannelRowsInWeek: count(r.unknown_channel_rows_in_week),
      lastDataAt: family === 'spend' ? (isoOrNull(r.last_spend_date)?.slice(0, 10) ?? null) : isoOrNull(r.last_data_at),
      ...(family === 'followUps' ? { firstActivityAt: isoOrNull(r.first_activity_at) } : {}),
    };
  });
  // Two currencies without an account id under one source and platform: two accounts, named by currency.
  const unaccounted = (s: SourceCoverage) =>
    s.family === 'spend' && s.accountId === null && s.currency !== null && s.currency !== undefined;
  return read.map((s) =>
    unaccounted(s) && read.some((o) => o !== s && unaccounted(o) && o.source === s.source && o.platform === s.platform)
      ? { ...s, currencyNamed: true }
      : s,
  );
}

/** From when each source must have data: an ISO instant (activities) and a local date (spend days). */
export interface DataDue {
  at: string;
  date: string;
}

/**
 * Where each source's data must reach: into the report week itself (SPEC §5's family rule
 * asks for data somewhere in the 4 weeks; per source, a source with data in those weeks and
 * none in W has stopped, its export broke or was not loaded). Not later in the week: a CRM
 * whose reps log on weekdays, a small team's quiet Friday, or an ad platform whose campaigns
 * run Monday to Wednesday (its export lists no zero days, field case G5) are not stopped, and
 * a stricter rule held their reports every week.
 *
 * Returns the start of `week` (Monday 00:00 local as a UTC instant; its first day for spend).
 * A running week given as asOfCutoff is judged the same way, up to now.
 */
export function dataDueFrom(week: ReportWeek): DataDue {
  return { at: week.start.toISOString(), date: week.startDate };
}

/**
 * The sources (for spend: each source, platform and ad account) whose data stops before `due`,
 * oldest data first. A spend day counts whole: a
 * row dated on `due.date` or later is in time. A source without follow-up kinds in the window
 * is not among them: {@link untypedSources} judges it.
 */
export function stoppedSources(sources: readonly SourceCoverage[], due: DataDue): SourceCoverage[] {
  const dueAt = Date.parse(due.at);
  return sources
    .filter((s) => s.rowsInWindow > 0)
    .filter((s) =>
      s.lastDataAt === null ? true : s.family === 'spend' ? s.lastDataAt < due.date : Date.parse(s.lastDataAt) < dueAt,
    )
    .sort((a, b) => (a.lastDataAt ?? '').localeCompare(b.lastDataAt ?? '') || bySource(a, b));
}

/** Source, then platform, then account (rows without an account id first): a stable order for equal days. */
function bySource(a: SourceCoverage, b: SourceCoverage): number {
  return (
    a.source.localeCompare(b.source) ||
    (a.platform ?? '').localeCompare(b.platform ?? '') ||
    (a.accountId ?? '').localeCompare(b.accountId ?? '') ||
    (a.currency ?? '').localeCompare(b.currency ?? '')
  );
}

/**
 * The sources whose data does not reach the cutoff of `week` (a running week given as
 * asOfCutoff: now), oldest first. One rule for every vendor, API pull and file:
 *
 * - A source whose loads declare periods (core/periods.ts: an API pull's window, the range a
 *   report states, `--period`) is judged by them: the union of its declared periods must cover
 *   the week from its start to the cutoff (spend, which is reported by whole days: to the last
 *   day ended by the cutoff). A day inside a declared period without rows had none (a paused
 *   campaign, a quiet Friday), so data on the last days is not asked for. Such a source gets
 *   `coveredUntil`: where its periods stop. Spend is judged per ad account: an account's
 *   periods are those of the loads that name it, or that name no account (loadCoversAccount).
 * - A source with a load of unknown period that may hold data of the 4 weeks (loaded since the
 *   window began), or with no declared period at all, is judged as before (stoppedSources):
 *   it must have some data in the week. So is a source whose periods reach the cutoff when one
 *   of them, loaded since the window began, is only a file's export day (DeclaredPeriod.basis):
 *   the day bounds the file, it does not say the file holds everything before it.
 * - Deals are judged by declared periods alone: a deal source whose periods reach the cutoff,
 *   or that declares none, keeps the family's rule (a deal created, changed or closed in the 4
 *   weeks); a week without a new deal is common, and is no sign that the export stopped.
 *
 * `periods` as readDeclaredPeriods gives them; `windowStart` the start of the 4-week window.
 */
export function sourcesBehind(
  sources: readonly SourceCoverage[],
  week: ReportWeek,
  periods: DeclaredPeriods,
  windowStart: Date,
): SourceCoverage[] {
  const undeclared: SourceCoverage[] = [];
  const behind: SourceCoverage[] = [];
  for (const s of sources) {
    const loads = (periods.get(periodsKey(FAMILY_TABLE[s.family], s.source)) ?? []).filter(
      (l) => s.family !== 'spend' || loadCoversAccount(l, s.accountId, s.currency ?? null),
    );
    const judged = declaredIntervals(loads, week.timezone, windowStart.getTime());
    if (!judged) {
      if (s.family !== 'deals') undeclared.push(s);
      continue;
    }
    const { declared, intervals } = judged;
    const from = week.start.getTime();
    const to =
      s.family === 'spend'
        ? DateTime.fromJSDate(week.end, { zone: week.timezone }).startOf('day').toMillis()
        : week.end.getTime();
    const reached = coveredFrom(intervals, from);
    if (reached < to) {
      const starts = reached === from ? startInWeek(intervals, from, to, week.timezone) : undefined;
      behind.push({
        ...s,
        coveredUntil: coveredLabel(lastCovered(intervals, from, reached), week.timezone),
        ...(starts ? { coveredFrom: starts } : {}),
      });
    }
    // An export's day bounds what a file can speak for, not where its rows reach (a stale filter).
    else if (
      s.family !== 'deals' &&
      declared.some((l) => l.period.basis === 'export-day' && Date.parse(l.loadedAt) >= windowStart.getTime())
    )
      undeclared.push(s);
  }
  const all = [...stoppedSources(undeclared, dataDueFrom(week)), ...behind];
  const key = (s: SourceCoverage) => s.coveredUntil?.at ?? s.lastDataAt ?? '';
  return all.sort((a, b) => key(a).localeCompare(key(b)) || bySource(a, b));
}

type DeclaredLoad = SourceLoad & { period: NonNullable<SourceLoad['period']> };

/**
 * A source's loads that declare a period, with the instants ([from, to) in ms) each covers in
 * `timezone`; undefined when the source cannot be judged by declared periods: none of its loads
 * declares one, or a load of unknown period was made since `windowStart` (ms; it may hold any
 * day). The one rule sourcesBehind and dealsWindowGapOf judge a source's periods by.
 */
function declaredIntervals(
  loads: readonly SourceLoad[],
  timezone: string,
  windowStart: number,
): { declared: DeclaredLoad[]; intervals: { from: number; to: number }[] } | undefined {
  const declared = loads.filter((l): l is DeclaredLoad => !!l.period);
  const unknownInWindow = loads.some((l) => !l.period && Date.parse(l.loadedAt) >= windowStart);
  if (declared.length === 0 || unknownInWindow) return undefined;
  return { declared, intervals: declared.map((l) => periodInstants(l.period, timezone)) };
}

/** How far from `start` the intervals ([from, to) in ms) cover without a gap; `start` when they do not cover it. */
export function coveredFrom(intervals: readonly { from: number; to: number }[], start: number): number {
  let reached = start;
  for (const i of [...intervals].sort((a, b) => a.from - b.from)) {
    if (i.from > reached) break;
    if (i.to > reached) reached = i.to;
  }
  return reached;
}

/**
 * Where declared periods stop for the reason: `reached` (coveredFrom) when they cover the week's
 * start `from`; else the end of the latest period ending by `from` (an export whose stated range
 * ends on 10 Nov reads "up to 2026-11-10", not the day before the week), `from` when none does.
 */
function lastCovered(intervals: readonly { from: number; to: number }[], from: number, reached: number): number {
  if (reached > from) return reached;
  const before = intervals.filter((i) => i.to <= from).map((i) => i.to);
  return before.length > 0 ? Math.max(...before) : from;
}

/**
 * The day (YYYY-MM-DD in `timezone`) the earliest declared period starting inside [from, to)
 * starts, for periods that do not cover the week's start `from`; undefined when none does.
 */
export function startInWeek(
  intervals: readonly { from: number; to: number }[],
  from: number,
  to: number,
  timezone: string,
): string | undefined {
  const inside = intervals.filter((i) => i.from > from && i.from < to).map((i) => i.from);
  if (inside.length === 0) return undefined;
  return DateTime.fromMillis(Math.min(...inside), { zone: timezone }).toISODate() ?? undefined;
}

/** Where declared periods stop, as SourceCoverage.coveredUntil. */
function coveredLabel(reached: number, timezone: string): NonNullable<SourceCoverage['coveredUntil']> {
  const at = DateTime.fromMillis(reached, { zone: timezone });
  const midnight = at.equals(at.startOf('day'));
  const last = midnight ? at.minus({ days: 1 }) : at;
  const day = last.toISODate() ?? '';
  return {
    at: new Date(reached).toISOString(),
    day,
    label: midnight ? day : `${day} ${at.toFormat('HH:mm')}`,
  };
}

/**
 * The activity sources whose activities that happened in the 4-week window are all of kinds that
 * can never be a follow-up (tasks, other, automated: not `stg_activities.is_follow_up_kind`), by
 * source name. Their leads would read never followed up whatever sales did, so follow-ups are
 * not measured (docs/methodology.md, "Never a figure from missing data"). No type is guessed
 * from a subject: the export must carry it.
 */
export function untypedSources(sources: readonly SourceCoverage[]): SourceCoverage[] {
  return sources
    .filter((s) => s.family === 'followUps' && s.rowsInWindow === 0 && s.activitiesInWindow > 0)
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** Not measured because no activity of `untyped` (non-empty) in the window can be a follow-up. */
function untypedCoverage(untyped: readonly SourceCoverage[], windowStartDate: string): FamilyCoverage {
  const each = untyped
    .map((s) => `${sourceLabel(s)} (${s.activitiesInWindow} ${s.activitiesInWindow === 1 ? 'activity' : 'activities'})`)
    .join(', ');
  const first = untyped[0]!;
  return {
    measured: false,
    reason: `the activities of ${each} from ${windowStartDate} to the cutoff carry no call, email or meeting type (only tasks, other or automated), so none can be a follow-up; load them with their type`,
    lastDataAt: first.lastDataAt,
    source: first.source,
    untypedSources: untyped.map((s) => s.source),
  };
}

/**
 * How a source is named in a reason: the vendor's name; spend by its platform, with its ad
 * account when it has one and a source named otherwise (`Google Ads account 987-654-3210 (source csv)`);
 * rows without an account id by their currency when another currency has such rows too
 * (`Meta in USD (no account id)`, SourceCoverage.currencyNamed).
 */
function sourceLabel(
  s: Pick<SourceCoverage, 'source' | 'platform' | 'accountId' | 'currency' | 'currencyNamed'>,
): string {
  if (s.platform === null) return vendorName(s.source);
  const account =
    s.accountId !== null
      ? ` account ${s.accountId}`
      : s.currencyNamed && s.currency
        ? ` in ${s.currency} (no account id)`
        : '';
  return `${vendorName(s.platform)}${account}${s.platform === s.source ? '' : ` (source ${s.source})`}`;
}

/**
 * Not measured because `stopped` (non-empty, oldest first) stop before the week's end: those
 * without data in the week, and those whose declared periods stop before the cutoff
 * (`coveredUntil`, sourcesBehind).
 */
function stoppedCoverage(family: PerSourceFamily, stopped: readonly SourceCoverage[]): FamilyCoverage {
  const since = (s: SourceCoverage) => (s.lastDataAt ?? '').slice(0, 10);
  const what = { spend: 'ad spend', followUps: 'calls, emails or meetings', deals: 'deals' }[family];
  const silent = stopped.filter((s) => !s.coveredUntil);
  const late = stopped.filter((s) => s.coveredFrom);
  const short = stopped.filter((s) => s.coveredUntil && !s.coveredFrom);
  const reasons = [
    ...(silent.length > 0
      ? [
          `no ${what} from ${silent.map((s) => `${sourceLabel(s)} since ${since(s)}`).join(', ')} (every source with some in the 4 weeks must have some in the report week)`,
        ]
      : []),
    ...(late.length > 0
      ? [
          `${what} from ${late.map((s) => `${sourceLabel(s)} loaded only from ${s.coveredFrom!}`).join(', ')} (the periods its loads declare start after the week's start; earlier days would read as none)`,
        ]
      : []),
    ...(short.length > 0
      ? [
          `${what} from ${short.map((s) => `${sourceLabel(s)} loaded only up to ${s.coveredUntil!.label}`).join(', ')} (the periods its loads declare end before the week's cutoff; later days would read as none)`,
        ]
      : []),
  ];
  const first = stopped[0]!;
  return {
    measured: false,
    reason: reasons.join('; '),
    lastDataAt: first.lastDataAt,
    source: first.source,
    ...(first.platform === null ? {} : { platform: first.platform }),
    ...(first.accountId === null ? {} : { accountId: first.accountId }),
    ...(first.accountId === null && first.currencyNamed && first.currency ? { currency: first.currency } : {}),
    ...(first.coveredFrom
      ? { coveredFrom: first.coveredFrom }
      : first.coveredUntil
        ? { coveredUntil: first.coveredUntil.day }
        : {}),
  };
}

const measured: FamilyCoverage = { measured: true, reason: null, lastDataAt: null };

/**
 * Which families are measured for a week whose 4-week window starts on `windowStartDate`
 * (YYYY-MM-DD, local), given the sources whose data stops before the week's end (see
 * stoppedSources) and the activity sources none of whose activities in the window can be a
 * follow-up (see untypedSources; these come first: loading more of the same would not help).
 * Reasons are one English line each; the email words its own from `lastDataAt`, `source` and
 * `untypedSources`.
 */
export function assessCoverage(
  counts: CoverageCounts,
  windowStartDate: string,
  stopped: readonly SourceCoverage[] = [],
  untyped: readonly SourceCoverage[] = [],
): Coverage {
  const stoppedOf = (family: PerSourceFamily) => stopped.filter((s) => s.family === family);
  const followUps: FamilyCoverage =
    untyped.length > 0
      ? untypedCoverage(untyped, windowStartDate)
      : counts.followUpKindsInWindow > 0
        ? stoppedOf('followUps').length > 0
          ? stoppedCoverage('followUps', stoppedOf('followUps'))
          : measured
        : counts.lastFollowUpKindAt === null
          ? { measured: false, reason: 'no calls, emails or meetings loaded', lastDataAt: null }
          : {
              measured: false,
              reason: `no calls, emails or meetings loaded since ${counts.lastFollowUpKindAt.slice(0, 10)} (none dated from ${windowStartDate} to the cutoff)`,
              lastDataAt: counts.lastFollowUpKindAt,
            };
  const spend: FamilyCoverage =
    counts.spendRowsInWindow > 0
      ? stoppedOf('spend').length > 0
        ? stoppedCoverage('spend', stoppedOf('spend'))
        : measured
      : counts.lastSpendDate === null
        ? { measured: false, reason: 'no ad spend loaded', lastDataAt: null }
        : {
            measured: false,
            reason: `no ad spend loaded since ${counts.lastSpendDate} (none dated from ${windowStartDate} to the cutoff)`,
            lastDataAt: counts.lastSpendDate,
          };
  // Deals loaded once and never again would read as 0 opportunities, 0 pipeline: "marketing
  // produces no deals" from a stale export. Deals need one created, changed or closed in the
  // window, as follow-ups and spend need theirs; and each source whose loads declare periods
  // needs them to reach the cutoff (sourcesBehind).
  const deals: FamilyCoverage =
    counts.dealsLoaded === 0
      ? { measured: false, reason: 'no deals loaded', lastDataAt: null }
      : counts.dealsChangedInWindow > 0
        ? stoppedOf('deals').length > 0
          ? stoppedCoverage('deals', stoppedOf('deals'))
          : measured
        : {
            measured: false,
            reason: `no deal created, changed or closed since ${(counts.lastDealChangeAt ?? '').slice(0, 10) || 'the first load'} (none from ${windowStartDate} to the cutoff)`,
            lastDataAt: counts.lastDealChangeAt,
          };
  // Lead quality rests on labels only (unknown-labels.ts leadQualityCoverage); measured here.
  return { followUps, spend, deals, leadQuality: measured };
}

/**
 * The spend coverage with what the paid-channel figures and idle spend rest on (docs/methodology.md,
 * "Paid channels" and rule 7), for a measured spend family (else as given):
 * - `channelUnknown`: the ad platforms whose spend in the week has no channel. The paid channels
 *   are "the channels with spend in W" (SPEC §5): spend without a channel would sit in `other`,
 *   the leads it brought in `paid_search`, and the week's whole spend be divided by part of its
 *   leads (paid CPL too high, paid ROAS 0). The paid figures are not measured instead.
 * - `channelMismatch`: persons of the week linked (rule 7) to a spend campaign of the week sit on
 *   another channel than its spend, one without spend of its own (`paid_channel_links.sql`): the
 *   spend would again be divided by the other paid leads only. Not measured, not re-assigned:
 *   SPEC §5 defines the paid leads by channel, and the fix is the mapping (`channels`).
 * - `leadsWithoutCampaign`: leads were created in the 4-week window and none names a campaign,
 *   so no opportunity can be linked to a spend campaign and idle spend is not measured. One
 *   lead with a campaign (a marketing CRM beside a sales CRM without) is enough.
 * - `namesBelowCampaign`: the platforms whose spend of the week is named by ad set or ad
 *   (`belowCampaign`, report/spend-levels.ts): idle spend is not measured.
 */
export function withSpendLinks(
  spend: FamilyCoverage,
  sources: readonly SourceCoverage[],
  counts: CoverageCounts,
  mismatch: readonly ChannelMismatch[] = [],
  belowCampaign: readonly string[] = [],
): FamilyCoverage {
  if (!spend.measured) return spend;
  const unknown = [
    ...new Set(
      sources
        .filter((s) => s.family === 'spend' && (s.unknownChannelRowsInWeek ?? 0) > 0)
        .map((s) => s.platform ?? s.source),
    ),
  ].sort();
  const noCampaign = counts.leadsInWindow > 0 && counts.leadsWithCampaignInWindow === 0;
  return {
    ...spend,
    ...(unknown.length > 0 ? { channelUnknown: unknown } : {}),
    ...(mismatch.length > 0 ? { channelMismatch: [...mismatch] } : {}),
    ...(noCampaign ? { leadsWithoutCampaign: counts.leadsInWindow } : {}),
    ...(belowCampaign.length > 0 ? { namesBelowCampaign: [...belowCampaign] } : {}),
  };
}

/**
 * Whether the paid-channel figures (paidLeads … paidRoas) are measured: spend is, every ad
 * platform's spend of the week has a channel (`coverage.spend.channelUnknown`), and no person
 * linked to a campaign sits on another channel than its spend (`coverage.spend.channelMismatch`). The paid
 * figures past paidLeads and paidCpl need {@link attributionMeasured} too.
 */
export function paidChannelsMeasured(coverage: Coverage): boolean {
  const { measured, channelUnknown, channelMismatch } = coverage.spend;
  return measured && (channelUnknown ?? []).length === 0 && (channelMismatch ?? []).length === 0;
}

/** The rows of `sql/reports/paid_channel_links.sql` (one week's) as ChannelMismatch entries. */
export function channelMismatchOf(rows: readonly Row[]): ChannelMismatch[] {
  return rows.map((r) => ({
    platform: String(r.platform),
    spendChannel: String(r.spend_channel),
    leadChannel: String(r.lead_channel),
    persons: count(r.persons),
  }));
}

/**
 * Whether idle spend (SPEC §5 `idleSpend`) is measured: spend and attribution are, some lead
 * of the 4-week window names a campaign (`coverage.spend.leadsWithoutCampaign` unset), the
 * week's spend is named by campaign (`coverage.spend.namesBelowCampaign` unset), the deals
 * are loaded over the whole window (`coverage.spend.dealsWindowGap` unset), and no paid lead
 * with an opportunity names a campaign that links to none (`coverage.spend.unlinkedCampaigns`
 * unset).
 */
export function idleSpendMeasured(coverage: Coverage): boolean {
  return (
    coverage.spend.measured &&
    attributionMeasured(coverage) &&
    coverage.spend.leadsWithoutCampaign === undefined &&
    coverage.spend.namesBelowCampaign === undefined &&
    coverage.spend.dealsWindowGap === undefined &&
    coverage.spend.unlinkedCampaigns === undefined
  );
}

/**
 * The spend coverage with `unlinkedCampaigns` (docs/methodology.md, rule 7, "A paid lead naming
 * no campaign with spend"): `rows` are `sql/reports/unlinked_campaigns.sql`'s (platform,
 * campaign_reference, persons: references of paid leads whose person has a marketing-sourced
 * opportunity of the 4-week window and that fit no campaign with spend), `idle` the rows of
 * `idle_spend.sql` (platform, …). Set only when a platform of `rows` has a campaign in `idle`:
 * that campaign may be the one the opportunity came from, so "spent without an opportunity" is
 * doubtful, and the whole list is withheld rather than shown in part (a shorter list would read
 * as "the others are fine"). Without such a campaign the list is unaffected and `spend` is
 * returned as given; likewise when spend is not measured.
 */
export function withUnlinkedCampaigns(
  spend: FamilyCoverage,
  rows: readonly Row[],
  idle: readonly Row[],
): FamilyCoverage {
  if (!spend.measured) return spend;
  const idlePlatforms = new Set(idle.map((r) => String(r.platform)));
  const unlinked: UnlinkedCampaign[] = rows
    .filter((r) => idlePlatforms.has(String(r.platform)))
    .map((r) => ({ platform: String(r.platform), reference: String(r.campaign_reference), persons: count(r.persons) }));
  return unlinked.length > 0 ? { ...spend, unlinkedCampaigns: unlinked } : spend;
}

/**
 * The first days of the 4-week window (`windowStart` to the cutoff `week.end`) that a deals
 * source's declared periods or export days leave without deals loaded, for idle spend ("spent
 * without an opportunity in the last 4 weeks" needs the opportunities of all 4 weeks);
 * undefined when none. Judged as sourcesBehind judges deals: a source whose loads declare no
 * period, or that has a load of unknown period made since the window began, is not judged; nor
 * is one whose periods all end before the window (retired). Days inclusive, report time zone.
 */
export function dealsWindowGapOf(
  week: ReportWeek,
  periods: DeclaredPeriods,
  windowStart: Date,
): NonNullable<FamilyCoverage['dealsWindowGap']> | undefined {
  const from = windowStart.getTime();
  const to = week.end.getTime();
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: week.timezone }).toISODate() ?? '';
  for (const [key, loads] of [...periods.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const source = key.slice('deals:'.length);
    if (key !== periodsKey('deals', source)) continue;
    const intervals = declaredIntervals(loads, week.timezone, from)?.intervals;
    if (!intervals?.some((i) => i.to > from)) continue;
    const reached = coveredFrom(intervals, from);
    if (reached >= to) continue;
    const next = intervals.filter((i) => i.from > reached && i.from < to).map((i) => i.from);
    const resumes = next.length > 0 ? Math.min(...next) : to;
    return { source, from: day(reached), to: day(resumes - 1) };
  }
  return undefined;
}

/** True when nothing at all was ever loaded: a report on it would be all zeros, so it is refused. */
export function isEmptyStore(counts: CoverageCounts): boolean {
  return counts.rowsLoaded === 0;
}

/** The figures that may be null (every one: leads too, while they are not loaded up to the cutoff). */
type NullableFigure = { [K in keyof WeeklyFigures]: null extends WeeklyFigures[K] ? K : never }[keyof WeeklyFigures];

const FOLLOW_UP_FIGURES = [
  'followedUpWithinSla',
  'followedUpLate',
  'overdue',
  'pending',
  'untimedLeads',
  'slaRate',
  'slaRateMqls',
  'medianHoursToFollowUp',
] as const satisfies readonly NullableFigure[];
/**
 * The figures resting on lead statuses and lifecycle stages (`coverage.leadQuality`): the MQLs,
 * and the SLA rate over them (which MQLs were due).
 */
const LEAD_QUALITY_FIGURES = ['mqls', 'slaRateMqls'] as const satisfies readonly NullableFigure[];
const DEAL_FIGURES = [
  'opportunities',
  'marketingSourcedOpportunities',
  'pipeline',
  'wonDeals',
  'wonRevenue',
  'marketingSourcedWonRevenue',
  'marketingSourcedPipeline',
  'costPerOpportunity',
  'roas',
  'paidOpportunities',
  'paidCostPerOpportunity',
  'paidWonRevenue',
  'paidRoas',
] as const satisfies readonly NullableFigure[];
/** The figures that rest on telling the paid channels (`paidChannelsMeasured`). */
const PAID_FIGURES = [
  'paidLeads',
  'paidCpl',
  'paidOpportunities',
  'paidCostPerOpportunity',
  'paidWonRevenue',
  'paidRoas',
] as const satisfies readonly NullableFigure[];
const SPEND_FIGURES = [
  'spend',
  'cpl',
  'costPerOpportunity',
  'roas',
  ...PAID_FIGURES,
] as const satisfies readonly NullableFigure[];

/**
 * The figures that rest on matching deals to leads (rule 5): marketing-sourced, paid and
 * per-opportunity figures. Null while deals are measured but a source's deals cannot be linked
 * to leads (`coverage.deals.dealsUnlinked`): every deal would read sales-sourced.
 */
const ATTRIBUTION_FIGURES = [
  'marketingSourcedOpportunities',
  'marketingSourcedPipeline',
  'marketingSourcedWonRevenue',
  'costPerOpportunity',
  'roas',
  'paidOpportunities',
  'paidCostPerOpportunity',
  'paidWonRevenue',
  'paidRoas',
] as const satisfies readonly NullableFigure[];

/**
 * The figures that count the week's leads or rest on them (leads, MQLs, paid leads, cost per
 * lead, the follow-up counts, rates and median over the week's leads): null while the week's
 * leads are not loaded up to its cutoff (`coverage.leadsNotCovered`), and in a week compared
 * with another while they are loaded only in part (`coverage.partial.leads`).
 */
const LEAD_FIGURES = [
  'leads',
  'mqls',
  'cpl',
  'paidLeads',
  'paidCpl',
  ...FOLLOW_UP_FIGURES,
] as const satisfies readonly NullableFigure[];

/**
 * Whether the week's deals can be told marketing- or sales-sourced: deals are measured and no
 * source's deals are unlinkable (`coverage.deals.dealsUnlinked`, see deal-sources.ts). The
 * opportunities, pipeline and won figures need only `coverage.deals.measured`.
 */
export function attributionMeasured(coverage: Coverage): boolean {
  return (
    coverage.deals.measured &&
    (coverage.deals.dealsUnlinked ?? []).length === 0 &&
    coverage.leadsNotCovered === undefined
  );
}

/** The week's figures with every figure of a family not measured set to null (never 0). */
export function withoutUnmeasured<F extends WeeklyFigures>(figures: F, coverage: Coverage): F {
  const out: F = { ...figures };
  const clear = (keys: readonly NullableFigure[]) => {
    for (const key of keys) out[key] = null;
  };
  if (!coverage.followUps.measured) clear(FOLLOW_UP_FIGURES);
  if (!coverage.leadQuality.measured) clear(LEAD_QUALITY_FIGURES);
  if (!coverage.deals.measured) clear(DEAL_FIGURES);
  if (!attributionMeasured(coverage)) clear(ATTRIBUTION_FIGURES);
  if (!coverage.spend.measured) clear(SPEND_FIGURES);
  if (!paidChannelsMeasured(coverage)) clear(PAID_FIGURES);
  // The week's leads loaded only in part: a count of them reads short, a rate over them is of
  // the leads loaded so far (the latest ones missing), spend over them reads too high.
  if (coverage.leadsNotCovered) clear(LEAD_FIGURES);
  return out;
}

/**
 * How the leads sources cover one week (from its start to its cutoff), by what their loads
 * declare: a load's `--period`, an API pull's window, else its export day (`--date`, periods.ts
 * exportDayPeriod: a contacts export of the 16th holds no lead of the 17th); a load stored
 * without any period (made before leads declared their export day) speaks up to when it was
 * loaded. Sources sorted by name.
 * - `covering`: sources whose coverage reaches from the week's start to its cutoff;
 * - `short`: sources whose coverage reaches into the week but not over all of it: it ends inside
 *   the week (`coveredUntil`, the last day covered) or starts inside it (`coveredFrom`);
 * - `ended`: sources whose coverage ends before the week starts (`coveredUntil`, the last day
 *   covered): retired when another source covers the week, else the week has no leads loaded.
 */
export interface LeadsCoverage {
  covering: string[];
  short: { source: string; coveredFrom?: string; coveredUntil?: string }[];
  ended: { source: string; coveredUntil: string }[];
}

/** {@link LeadsCoverage} of `week` from the store's declared periods (readDeclaredPeriods). */
export function leadsCoverageOf(week: ReportWeek, periods: DeclaredPeriods): LeadsCoverage {
  const out: LeadsCoverage = { covering: [], short: [], ended: [] };
  const from = week.start.getTime();
  const to = week.end.getTime();
  for (const [key, loads] of [...periods.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const source = key.slice('leads:'.length);
    if (key !== periodsKey('leads', source) || loads.length === 0) continue;
    const intervals = loads.map((l) =>
      l.period ? periodInstants(l.period, week.timezone) : { from: -Infinity, to: Date.parse(l.loadedAt) },
    );
    const reached = coveredFrom(intervals, from);
    if (reached >= to) out.covering.push(source);
    else if (!intervals.some((i) => i.to > from))
      out.ended.push({ source, coveredUntil: coveredLabel(lastCovered(intervals, from, from), week.timezone).day });
    else {
      const starts = reached === from ? startInWeek(intervals, from, Infinity, week.timezone) : undefined;
      out.short.push(
        starts
          ? { source, coveredFrom: starts }
          : { source, coveredUntil: coveredLabel(lastCovered(intervals, from, reached), week.timezone).day },
      );
    }
  }
  return out;
}

/** "leads from HubSpot loaded only up to 2026-11-16" (or "only from …"): one short or ended leads source, for a reason. */
function leadsLoadedOnly(s: { source: string; coveredFrom?: string; coveredUntil?: string }): string {
  return `${vendorName(s.source)} loaded only ${s.coveredFrom ? `from ${s.coveredFrom}` : `up to ${s.coveredUntil}`}`;
}

/**
 * Whether the leads of `week` are loaded in full, for comparing the week with another
 * (docs/methodology.md, "Changes against the previous week"); undefined when they are, else
 * what is missing, in this order:
 * - `rejected` (rejectedRowsOf of the week) holds lead rows that could be of it;
 * - a leads source's coverage (`leads`, leadsCoverageOf of the week: declared periods, else
 *   export day) reaches into the week but does not cover it from its start to the cutoff;
 * - no leads source covers the week (every one ends before it: none loaded there, which is not
 *   0 leads), or no lead at all is loaded before the week's cutoff (`firstLeadAt` later, or none).
 *   A source that ends before the week beside one that covers it was retired, and is not judged.
 * The report of the week is built with the figures that count or rest on its leads not measured
 * on the last two and on the second (leadsNotCoveredOf); no change is computed against or from it.
 */
export function leadsPartialOf(
  week: ReportWeek,
  leads: LeadsCoverage,
  rejected: readonly RejectedRows[],
  firstLeadAt: string | null,
): PartialData | undefined {
  const reasons: string[] = [];
  const out: Omit<PartialData, 'reason'> = {};
  const own = rejected.filter((r) => r.table === 'leads');
  if (own.length > 0) {
    const rows = own.reduce((n, r) => n + r.rows, 0);
    reasons.push(
      `${rows} lead row${rows === 1 ? ' was' : 's were'} rejected at import from ${own.map((r) => r.source).join(', ')} and could be of this week`,
    );
    out.rowsRejected = own.map((r) => ({ source: r.source, rows: r.rows }));
  }
  const { covering, short, ended } = leads;
  if (short.length > 0) {
    reasons.push(
      `leads from ${short.map(leadsLoadedOnly).join(', ')} (the periods or export days of its loads do not cover the week)`,
    );
    Object.assign(out, short[0]);
  } else if (covering.length === 0 && ended.length > 0) {
    reasons.push(`no leads source covers the week: leads from ${ended.map(leadsLoadedOnly).join(', ')}`);
    Object.assign(out, ended[0]);
  } else if (firstLeadAt === null || Date.parse(firstLeadAt) >= week.end.getTime()) {
    reasons.push(firstLeadAt === null ? 'no leads loaded' : `no leads loaded before ${firstLeadAt.slice(0, 10)}`);
    out.firstDataAt = firstLeadAt;
  }
  return reasons.length === 0 ? undefined : { reason: reasons.join('; '), ...out };
}

/**
 * Whether the leads of `week` are not loaded up to its cutoff (docs/methodology.md, "Leads, to
 * the cutoff"), from `leads` (leadsCoverageOf of the week, computed once by the caller for this
 * and leadsPartialOf): the first leads source whose coverage ends or starts inside the week;
 * else, when no leads source covers the week, the one whose coverage ends latest before it (ties
 * by name); else, when no lead is loaded at all (`firstLeadAt` null), `source` null. Each with a
 * one-English-line `reason` as the families' coverage has ("leads from HubSpot loaded only up to
 * 2026-11-16; the week needs them up to 2026-11-22"; the day the cutoff ends, or its time for a
 * running week). Undefined when the leads are covered (a source ended before the week beside one
 * that covers it was retired). Lead rows rejected at import are not judged here: the week is
 * shown, not compared (leadsPartialOf). The week's report is built with every figure that counts
 * or rests on its leads not measured (Coverage.leadsNotCovered, withoutUnmeasured).
 */
export function leadsNotCoveredOf(
  week: ReportWeek,
  leads: LeadsCoverage,
  firstLeadAt: string | null,
): Coverage['leadsNotCovered'] {
  const { covering, short, ended } = leads;
  const needs = (s: { coveredFrom?: string }) =>
    s.coveredFrom
      ? `the week needs them from ${week.startDate}`
      : `the week needs them up to ${coveredLabel(week.end.getTime(), week.timezone).label}`;
  const gap = (s: { source: string; coveredFrom?: string; coveredUntil?: string }) => ({
    ...s,
    reason: `leads from ${leadsLoadedOnly(s)}; ${needs(s)}`,
  });
  const s = short[0];
  if (s) return gap(s);
  if (covering.length > 0) return undefined;
  const e = [...ended].sort((a, b) => a.coveredUntil.localeCompare(b.coveredUntil)).at(-1);
  if (e) return gap(e);
  return firstLeadAt === null ? { source: null, reason: 'no leads loaded' } : undefined;
}

/**
 * Whether the spend of a week is loaded in full, for comparing it with another: undefined when
 * it is, else the rejected spend rows whose days could not be read that could be of it
 * (`rejected`: rejectedRowsOf's spend entries not `known`; their cost is left out of the week's
 * spend figures). Rows whose days were read and lie in the week hold its spend not measured
 * instead (rejected-rows.ts withRejectedRows).
 */
export function spendPartialOf(rejected: readonly { source: string; rows: number }[]): PartialData | undefined {
  if (rejected.length === 0) return undefined;
  const rows = rejected.reduce((n, r) => n + r.rows, 0);
  return {
    reason: `${rows} spend row${rows === 1 ? ' was' : 's were'} rejected at import from ${rejected.map((r) => r.source).join(', ')} and could be of this week`,
    rowsRejected: rejected.map((r) => ({ ...r })),
  };
}

/**
 * The week's figures as a comparison may use them (docs/methodology.md, "Changes against the
 * previous week"): `figures` with those resting on data loaded only in part (`coverage.partial`:
 * leads, spend) set to null, as a family not measured already is. Used for the previous week and
 * the trend's earlier weeks (build-report.ts) and for the current week's side of a change
 * (the email): a change against or from a week so loaded would be silently wrong.
 */
export function comparableFigures(figures: WeeklyFigures, coverage: Pick<Coverage, 'partial'>): WeeklyFigures {
  const out: WeeklyFigures = { ...figures };
  const clear = (keys: readonly (keyof WeeklyFigures)[]) => {
    for (const key of keys) out[key] = null;
  };
  if (coverage.partial?.leads) clear(LEAD_FIGURES);
  if (coverage.partial?.spend) clear(SPEND_FIGURES);
  return out;
}

/** The families of a report that are not measured, in the report's order. */
export function unmeasured(coverage: Coverage | undefined): CoverageFamily[] {
  if (!coverage) return [];
  return (['followUps', 'spend', 'deals', 'leadQuality'] as const).filter((f) => !coverage[f].measured);
}

/**
 * Whether the scheduled send holds for the week's leads (`Coverage.leadsNotCovered`): a leads
 * source's loads stop short of the cutoff, start inside the week, or ended before it, so the
 * week's lead figures are not measured while leads are what the store loads. Not when no lead is
 * loaded at all (`source` null): a spend-only or deals-only store still gets its spend and deal
 * figures every week.
 */
export function leadsHold(coverage: Coverage | undefined): boolean {
  return (coverage?.leadsNotCovered?.source ?? null) !== null;
}

/**
 * Raised by the send path instead of mailing a report with a family not measured, or with its
 * leads loaded only in part (`leadsHold`); the CLI's `--allow-incomplete` lets it through. Its
 * message is the one-line alert.
 */
export class IncompleteReportHold extends Error {
  override name = 'IncompleteReportHold';
  constructor(readonly report: Pick<FunnelReport, 'week' | 'coverage'>) {
    const families = [
      ...(leadsHold(report.coverage) ? [`leads: ${report.coverage?.leadsNotCovered?.reason ?? ''}`] : []),
      ...unmeasured(report.coverage).map((f) => `${FAMILY_NAMES[f]}: ${report.coverage?.[f].reason ?? ''}`),
    ];
    super(
      `holding the ${report.week} report: not measured (${families.join('; ')}); load the data, or send anyway with --allow-incomplete`,
    );
  }
}

const FAMILY_NAMES: Record<CoverageFamily, string> = {
  followUps: 'follow-ups',
  spend: 'spend',
  deals: 'deals',
  leadQuality: 'MQLs and disqualified',
};

/** Refused report requests (empty store, week not ended): one line, exit non-zero. */
export class ReportRefused extends Error {
  override name = 'ReportRefused';
}
