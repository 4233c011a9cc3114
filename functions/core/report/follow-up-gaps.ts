/**
 * The days no activity load speaks for (docs/methodology.md, "Follow-ups known only where
 * loaded"): a lead whose follow-up window falls in them is not judged "not followed up" by any
 * figure (the headline's SLA figures, the overdue list, the cohorts' follow-up, the follow-up
 * effect and each channel's follow-up), whatever sales did. A follow-up is known for a day only
 * when every activity source speaks for it, so the unknown days are the union over the sources:
 * - all before the day of the first activity loaded of any source;
 * - per activity source (with activities in the 4-week window, coverage.ts SourceCoverage: the
 *   sources follow-ups are judged on as of the cutoff), all before the earlier of the local day
 *   of its first activity that happened and the start of its first declared period (core/periods.ts:
 *   `--period`, an API pull's window; an export's day has no start). HubSpot emails from 3 Nov
 *   and Aircall calls from 19 Nov: a lead of 16 Nov called only in Aircall read overdue. Any
 *   activity counts: an export with a task or an automated email of a day holds its day;
 * - per activity source whose loads all declare periods, the days between two of them (a1.csv
 *   for 9–18 Nov, a2.csv for 23–29 Nov). A source with a load of unknown period is judged by
 *   its data, as coverage judges it: no such gap is told.
 * Days after a source's last period or activity are no gap of it: a CRM that stopped (a
 * migration) speaks for its own days only, and coverage (its data reaching the week) judges the
 * week; one that stopped before the 4-week window is no source of the week's follow-ups.
 */
import { DateTime } from 'luxon';
import { periodInstants, periodsKey, type DeclaredPeriods } from '../periods.js';
import { sqlTimestamp } from '../weeks.js';
import type { CoverageCounts, SourceCoverage } from './coverage.js';

/** A span [from, to) of UTC milliseconds. */
export interface Span {
  from: number;
  to: number;
}

/** Where activity loads start speaking for follow-ups, as of a cutoff. */
export interface ActivityStarts {
  /**
   * The first activity that happened (any type, any source) before the cutoff, ISO instant
   * (CoverageCounts.firstActivityAt); null when none.
   */
  firstActivityAt: string | null;
  /**
   * The activity sources of the week (coverage.ts SourceCoverage, family `followUps`), each with
   * its first activity that happened before the cutoff (ISO instant; null when none).
   */
  sources: readonly { source: string; firstActivityAt?: string | null }[];
}

/**
 * The ActivityStarts of one week, from coverage.sql's counts and coverage_sources.sql's sources
 * (the activity sources, family `followUps`).
 */
export function activityStartsOf(
  counts: Pick<CoverageCounts, 'firstActivityAt'>,
  sources: readonly SourceCoverage[],
): ActivityStarts {
  return {
    firstActivityAt: counts.firstActivityAt ?? null,
    sources: sources
      .filter((s) => s.family === 'followUps')
      .map((s) => ({ source: s.source, firstActivityAt: s.firstActivityAt ?? null })),
  };
}

/**
 * The days no activity load speaks for, before the cutoff of `week` (its `end`), sorted and
 * merged (see the module's rule): before the local day (`week.timezone`) of
 * `starts.firstActivityAt` (all before the cutoff when null); before each source's start (the
 * earlier of its first activity's day and its first declared period's start); and each activity
 * source's gaps between its declared periods (a gap of one CRM is a gap: its leads' follow-ups
 * may lie in it).
 */
export function followUpGaps(
  periods: DeclaredPeriods,
  week: { end: Date; timezone: string },
  starts: ActivityStarts,
): Span[] {
  const cutoff = week.end.getTime();
  const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: week.timezone }).startOf('day').toMillis();
  const knownFrom = starts.firstActivityAt === null ? cutoff : dayOf(starts.firstActivityAt);
  const gaps: Span[] = [{ from: 0, to: Math.min(knownFrom, cutoff) }];
  for (const s of starts.sources) {
    const declared = (periods.get(periodsKey('activities', s.source)) ?? [])
      .map((l) => l.period)
      .filter((p) => p !== null && p.basis !== 'export-day')
      .map((p) => periodInstants(p!, week.timezone).from);
    const from = Math.min(s.firstActivityAt ? dayOf(s.firstActivityAt) : cutoff, ...declared);
    gaps.push({ from: 0, to: Math.min(from, cutoff) });
  }
  for (const [key, loads] of periods) {
    if (!key.startsWith('activities:')) continue;
    if (loads.some((l) => !l.period)) continue;
    const spans = loads.map((l) => periodInstants(l.period!, week.timezone)).sort((a, b) => a.from - b.from);
    let reached = spans[0]?.to ?? 0;
    for (const s of spans.slice(1)) {
      if (s.from > reached) gaps.push({ from: reached, to: Math.min(s.from, cutoff) });
      reached = Math.max(reached, s.to);
    }
  }
  return merged(gaps.filter((g) => g.from < g.to));
}

/**
 * The start of the days follow-ups are known from, as the follow-up effect tells it
 * (FollowUpEffect.followUpsKnownFrom): the end of the unknown days that start at the epoch, as an
 * ISO instant; null when there are none.
 */
export function followUpsKnownFrom(gaps: readonly Span[]): string | null {
  const first = gaps.find((g) => g.from <= 0);
  return first ? new Date(first.to).toISOString() : null;
}

function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/**
 * The gaps as the one parameter of the report queries that judge follow-ups: `from|to` pairs of
 * UTC timestamps joined by `;`, always with one empty span first (so the list is never empty).
 */
export function followUpGapsParam(gaps: readonly Span[]): string {
  const epoch = sqlTimestamp(new Date(0));
  return [
    `${epoch}|${epoch}`,
    ...gaps.map((g) => `${sqlTimestamp(new Date(g.from))}|${sqlTimestamp(new Date(g.to))}`),
  ].join(';');
}
