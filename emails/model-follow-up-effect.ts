/**
 * The email's opening section: does following up pay (`report.followUpEffect`, docs/methodology.md)? One
 * sentence both heads can quote, the groups it rests on, and the same per channel; and each
 * channel's follow-up of this week's leads for the follow-up section.
 */
import type {
  ChannelFigures,
  FollowUpEffect,
  FollowUpGroupFigures,
  FunnelReport,
} from '../functions/core/report-types.js';
import type { Formatter } from './i18n.js';
import type { Stat, Table } from './model.js';

export interface FollowUpEffectModel {
  title: string;
  /** The headline, then what it rests on (and who is left out), each one paragraph. */
  lines: string[];
  /**
   * Per channel: the ratio (or "too few"), with both rates and group sizes beside it; stacked
   * lines rather than a four-column table, so it fits a 320 px phone. Empty without an effect.
   */
  channels: Stat[];
  /** "and 3 more" when channels beyond MAX_CHANNELS are left out (the JSON has them); else null. */
  channelsMore: string | null;
  note: string | null;
}

/** At most this many channels in each table (the JSON has all). */
const MAX_CHANNELS = 6;
const MAX_FOLLOW_UP_CHANNELS = 10;

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
  if (!effect) return { title: t.title, lines: [notMeasured], channels: [], channelsMore: null, note: null };
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
    channels: channelStats(fmt, effect),
    channelsMore: effect.channels.length > MAX_CHANNELS ? fmt.t.andMore(effect.channels.length - MAX_CHANNELS) : null,
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

/** One line per channel, most persons first, at most MAX_CHANNELS (the JSON has all). */
function channelStats(fmt: Formatter, e: FollowUpEffect): Stat[] {
  const t = fmt.t.effect;
  const cell = (g: FollowUpGroupFigures) =>
    g.persons === 0 ? fmt.t.noValue : t.cell(fmt.percentPrecise(g.rate), fmt.count(g.persons));
  return e.channels.slice(0, MAX_CHANNELS).map((c) => {
    const small = c.withinSla.persons < e.minGroupSize || c.never.persons < e.minGroupSize;
    const times = effectMultiple(c.withinSla, c.never, e.minGroupSize);
    return {
      label: fmt.channel(c.channel),
      value: small ? t.tooFewCell : times === null ? fmt.t.noValue : fmt.multiple(times),
      delta: null,
      detail: t.channelDetail(cell(c.withinSla), cell(c.never)),
    };
  });
}

/**
 * Each channel's follow-up of this week's leads: due (SLA passed), within SLA, no contact
 * (overdue); channels with leads due, most first. Null when no lead of the week was due.
 */
export function channelFollowUpTable(fmt: Formatter, channels: readonly ChannelFigures[]): Table | null {
  const rows = channels
    .filter((c) => (c.followUpDue ?? 0) > 0)
    .sort((a, b) => (b.followUpDue ?? 0) - (a.followUpDue ?? 0) || a.channel.localeCompare(b.channel));
  if (rows.length === 0) return null;
  const t = fmt.t.effect.channelColumns;
  return {
    columns: [fmt.t.columns.channel, t.due, t.inSla, t.never],
    numeric: [false, true, true, true],
    rows: rows
      .slice(0, MAX_FOLLOW_UP_CHANNELS)
      .map((c) => [
        fmt.channel(c.channel),
        fmt.count(c.followUpDue),
        fmt.count(c.followedUpWithinSla),
        fmt.count(c.neverFollowedUp),
      ]),
    more: rows.length > MAX_FOLLOW_UP_CHANNELS ? fmt.t.andMore(rows.length - MAX_FOLLOW_UP_CHANNELS) : null,
  };
}
