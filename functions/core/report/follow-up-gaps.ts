/**
 * The days no activity load speaks for (docs/methodology.md, "Follow-ups known"): a lead whose
 * follow-up window falls in them is not judged "not followed up" by any figure (the overdue list,
 * the cohorts' follow-up, the follow-up effect), as one created before the first activity loaded
 * is not (int_activities__first). Per activity source, as the coverage rule judges activities
 * (coverage.ts sourcesBehind): a source whose loads all declare periods (core/periods.ts:
 * `--period`, an export's day, an API pull's window) speaks for the union of those periods, so
 * the days between two of them (a1.csv for 9–18 Nov, a2.csv for 23–29 Nov) are a gap. And
 * all before the day of the first activity loaded (as FollowUpEffect.followUpsKnownFrom says
 * "leads created before 18 Nov are left out"): an export carries whole days, so a lead of that
 * morning, before the first call, was in it; any activity that happened counts, a task or an
 * automated email shows the export holds its day too (a source whose activities cannot be
 * follow-ups at all makes follow-ups not measured: coverage.ts untypedSources). A source
 * with a load of unknown period is judged by its data, as coverage judges it: no gap is told.
 * Days before a source's first period and after its last are no gap of it: a CRM that started
 * or stopped (a migration) speaks for its own days only, and the first activity loaded and the
 * coverage rule (periods reaching the cutoff) judge the rest.
 */
import { DateTime } from 'luxon';
import { periodInstants, type DeclaredPeriods } from '../periods.js';
import { sqlTimestamp } from '../weeks.js';

/** A span [from, to) of UTC milliseconds. */
export interface Span {
  from: number;
  to: number;
}

/**
 * The days no activity load speaks for, before the cutoff of `week` (its `end`), sorted and
 * merged: all before the local day (`week.timezone`) of `firstActivityAt` (the first
 * activity that happened, before the cutoff, CoverageCounts.firstActivityAt; all before the
 * cutoff when null), and each activity source's gaps between its declared periods
 * (a gap of one CRM is a gap: its leads' follow-ups may lie in it).
 */
export function followUpGaps(
  periods: DeclaredPeriods,
  week: { end: Date; timezone: string },
  firstActivityAt: string | null,
): Span[] {
  const cutoff = week.end.getTime();
  const knownFrom =
    firstActivityAt === null
      ? cutoff
      : DateTime.fromISO(firstActivityAt, { zone: week.timezone }).startOf('day').toMillis();
  const gaps: Span[] = [{ from: 0, to: Math.min(knownFrom, cutoff) }];
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
