/**
 * The email's opening section: does following up pay (`report.followUpEffect`, docs/methodology.md)? One
 * sentence both heads can quote, the groups it rests on, and the same per channel.
 */
import type { FollowUpEffect, FollowUpGroupFigures, FunnelReport } from '../functions/core/report-types.js';
import type { Formatter } from './i18n.js';
import type { Table } from './model.js';

export interface FollowUpEffectModel {
  title: string;
  /** The headline, then what it rests on (and who is left out), each one paragraph. */
  lines: string[];
  /** Per channel: within SLA, never, their ratio; null when there is no effect to show. */
  table: Table | null;
  note: string | null;
}

/** At most this many channels in each table (the JSON has all). */
const MAX_CHANNELS = 6;

/**
 * within ÷ never, when both groups are large enough to read and both rates are above 0;
 * else null (no multiple is honest then).
 */
export function effectMultiple(
  within: FollowUpGroupFigures,
  never: FollowUpGroupFigures,
  minGroupSize: number,
): number | null {
  if (within.persons < minGroupSize || never.persons < minGroupSize) return null;
  if (!within.rate || !never.rate) return null;
  return within.rate / never.rate;
}

/**
 * The section from the report. `notMeasured` is the reason line to show when the effect is
 * null (follow-ups or deals not measured); `slaHours` words the SLA ("24 h").
 */
export function followUpEffectModel(
  fmt: Formatter,
  effect: FunnelReport['followUpEffect'],
  slaHours: string,
  notMeasured: string,
): FollowUpEffectModel {
  const t = fmt.t.effect;
  if (!effect) return { title: t.title, lines: [notMeasured], table: null, note: null };
  return {
    title: t.title,
    lines: [
      headline(fmt, effect, slaHours),
      t.basis(
        fmt.date(effect.cohortStart),
        fmt.count(effect.withinSla.persons),
        fmt.count(effect.late.persons),
        fmt.count(effect.never.persons),
      ),
      ...(effect.followUpsKnownFrom ? [t.knownFrom(fmt.date(effect.followUpsKnownFrom))] : []),
    ],
    table: effect.channels.length === 0 ? null : channelTable(fmt, effect),
    note: t.note(effect.minGroupSize),
  };
}

function headline(fmt: Formatter, e: FollowUpEffect, slaHours: string): string {
  const t = fmt.t.effect;
  if (e.withinSla.persons < e.minGroupSize || e.never.persons < e.minGroupSize) {
    return t.tooFew(fmt.count(e.withinSla.persons), fmt.count(e.never.persons), e.minGroupSize);
  }
  const within = fmt.percentPrecise(e.withinSla.rate);
  const never = fmt.percentPrecise(e.never.rate);
  const times = effectMultiple(e.withinSla, e.never, e.minGroupSize);
  // "0.6× as often" reads as a claim the other way round; say the two rates instead.
  return times !== null && times >= 1
    ? t.headline(slaHours, fmt.multiple(times), within, never)
    : t.compared(slaHours, within, never);
}

function channelTable(fmt: Formatter, e: FollowUpEffect): Table {
  const t = fmt.t.effect;
  const cell = (g: FollowUpGroupFigures) =>
    g.persons === 0 ? fmt.t.noValue : t.cell(fmt.percentPrecise(g.rate), fmt.count(g.persons));
  return {
    columns: [fmt.t.columns.channel, t.columns.inSla, t.columns.never, t.columns.times],
    numeric: [false, true, true, true],
    rows: e.channels.slice(0, MAX_CHANNELS).map((c) => {
      const small = c.withinSla.persons < e.minGroupSize || c.never.persons < e.minGroupSize;
      const times = effectMultiple(c.withinSla, c.never, e.minGroupSize);
      return [
        fmt.channel(c.channel),
        cell(c.withinSla),
        cell(c.never),
        small ? t.tooFewCell : times === null ? fmt.t.noValue : fmt.multiple(times),
      ];
    }),
    more: e.channels.length > MAX_CHANNELS ? fmt.t.andMore(e.channels.length - MAX_CHANNELS) : null,
  };
}
