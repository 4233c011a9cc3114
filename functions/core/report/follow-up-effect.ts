/**
 * The follow-up effect (SPEC §5b; docs/methodology.md "Does following up pay?") and the
 * follow-up of each channel's leads of W, from the rows of `sql/reports/follow_up_effect.sql`:
 * one SQL classification of persons into follow-up groups serves both.
 */
import type { Row } from '../ports.js';
import type { FollowUpEffect, FollowUpGroupFigures, FollowUpGroups } from '../report-types.js';
import { leadCohortStart, sqlTimestamp, type ReportWeek } from '../weeks.js';
import { followUpsKnownFrom, type Span } from './follow-up-gaps.js';
import { count, ratio } from './round.js';

/** A group with fewer persons than this is too small to read: one deal more or less swings its rate. */
export const MIN_GROUP_SIZE = 30;

/**
 * The query's parameters: cohort start, week start and cutoff as UTC instants, then the days no
 * activity load speaks for (follow-up-gaps.ts followUpGapsParam, the headline's own parameter:
 * before each activity source's first day too, so persons created before it are in no group).
 */
export function followUpEffectParams(week: ReportWeek, gaps: string): string[] {
  return [sqlTimestamp(leadCohortStart(week).start), sqlTimestamp(week.start), sqlTimestamp(week.end), gaps];
}

/** Follow-up of one channel's persons created in W: due (SLA passed), within SLA, never. */
export interface ChannelFollowUp {
  due: number;
  withinSla: number;
  never: number;
}

type Group = keyof FollowUpGroups;
const GROUPS: Record<string, Group> = { within_sla: 'withinSla', late: 'late', never: 'never' };

interface Tally {
  persons: number;
  opportunities: number;
}

const emptyGroups = (): Record<Group, Tally> => ({
  withinSla: { persons: 0, opportunities: 0 },
  late: { persons: 0, opportunities: 0 },
  never: { persons: 0, opportunities: 0 },
});

function figures(groups: Record<Group, Tally>): FollowUpGroups {
  const of = ({ persons, opportunities }: Tally): FollowUpGroupFigures => ({
    persons,
    opportunities,
    rate: persons > 0 ? ratio(opportunities / persons) : null,
  });
  return { withinSla: of(groups.withinSla), late: of(groups.late), never: of(groups.never) };
}

/**
 * Adds up the query's rows (channel, is_week, follow_up_group, has_opportunity, persons) into the
 * §5b effect of `week` and each channel's follow-up of W. `gaps`: the days no activity load
 * speaks for, as given to the query (follow-up-gaps.ts followUpGaps); the effect's
 * `followUpsKnownFrom` is where the first of them ends, when that is after the cohort start.
 */
export function followUpEffectOf(
  rows: readonly Row[],
  week: ReportWeek,
  gaps: readonly Span[],
): { effect: FollowUpEffect; channels: Map<string, ChannelFollowUp> } {
  const cohortStart = leadCohortStart(week);
  const overall = emptyGroups();
  const byChannel = new Map<string, Record<Group, Tally>>();
  const channels = new Map<string, ChannelFollowUp>();
  const knownFrom = followUpsKnownFrom(gaps);
  for (const r of rows) {
    const channel = String(r.channel);
    const persons = count(r.persons);
    const group = GROUPS[String(r.follow_up_group)];
    if (r.is_week === true) {
      const own = channels.get(channel) ?? { due: 0, withinSla: 0, never: 0 };
      if (group) own.due += persons;
      if (group === 'withinSla') own.withinSla += persons;
      if (group === 'never') own.never += persons;
      channels.set(channel, own);
    }
    if (!group) continue; // pending (SLA not passed yet), untimed (known only to the day), unknown (days not loaded)
    const opportunities = r.has_opportunity === true ? persons : 0;
    const perChannel = byChannel.get(channel) ?? emptyGroups();
    for (const tally of [overall[group], perChannel[group]]) {
      tally.persons += persons;
      tally.opportunities += opportunities;
    }
    byChannel.set(channel, perChannel);
  }
  const size = (g: Record<Group, Tally>) => g.withinSla.persons + g.late.persons + g.never.persons;
  return {
    effect: {
      cohortStart: cohortStart.startDate,
      followUpsKnownFrom: knownFrom !== null && Date.parse(knownFrom) > cohortStart.start.getTime() ? knownFrom : null,
      minGroupSize: MIN_GROUP_SIZE,
      ...figures(overall),
      channels: [...byChannel.entries()]
        .sort(([a, ga], [b, gb]) => size(gb) - size(ga) || a.localeCompare(b))
        .map(([channel, g]) => ({ channel, ...figures(g) })),
    },
    channels,
  };
}
