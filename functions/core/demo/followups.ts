/**
 * When (and whether) sales first follows up each person: log-normal delays shifted into
 * office hours, slower and patchier for paid social and display, and for two of the reps.
 */
import { HOUR, MINUTE } from './calendar.js';
import { CHANNEL_PROFILES, REPS } from './catalog.js';
import type { DemoContext } from './context.js';
import type { LeadSource, Person } from './people.js';
import { Random } from './prng.js';

export interface FollowUpPlan {
  /** First genuine follow-up (call, email or meeting by a rep); null = none before the export. */
  at: number | null;
  /** True when the person is never worked at all (as opposed to not yet). */
  never: boolean;
  /** The system the rep logs activities in. */
  loggedIn: LeadSource;
}

const REP_FACTORS = new Map<string, { speed: number; never: number }>(
  REPS.map((r) => [r[0], { speed: r[2], never: r[3] }]),
);
const UNASSIGNED = { speed: 2, never: 2.5 };

export function planFollowUps(ctx: DemoContext, persons: readonly Person[]): FollowUpPlan[] {
  const rng = new Random(ctx.seed, 'follow-ups');
  return persons.map((person) => {
    const profile = CHANNEL_PROFILES[person.channel];
    const rep = (person.owner && REP_FACTORS.get(person.owner)) || UNASSIGNED;
    const hasSalesforceLead = person.leads.some((l) => l.source === 'salesforce');
    const loggedIn: LeadSource = hasSalesforceLead || rng.chance(0.75) ? 'salesforce' : 'hubspot';
    const never = rng.chance(Math.min(0.9, profile.neverFollowedUp * rep.never));
    if (never) return { at: null, never, loggedIn };
    const delay = Math.max(5 * MINUTE, rng.logNormal(profile.followUpMedianHours * rep.speed, 1.1) * HOUR);
    const at = Math.round(ctx.cal.nextOfficeMoment(person.createdAt + delay, rng) / 1000) * 1000;
    return { at: at < ctx.asOf ? at : null, never, loggedIn };
  });
}
