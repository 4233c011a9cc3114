/**
 * Activities in both systems: the first genuine follow-up, later touches and deal work,
 * plus the noise a report must not count: automated sequence sends, auto-created tasks,
 * notes, and calls logged before the lead existed.
 */
import { DAY, HOUR, MINUTE } from './calendar.js';
import type { ActivityType } from '../schema.js';
import type { DemoContext } from './context.js';
import type { Deal } from './deals.js';
import type { FollowUpPlan } from './followups.js';
import {
  emailVariant,
  hubspotId,
  salesforceId,
  type Lead,
  type LeadSource,
  type People,
  type Person,
} from './people.js';
import { Random } from './prng.js';
import type { DemoRow } from './rows.js';

const TOUCH: readonly (readonly [ActivityType, number])[] = [
  ['call', 0.4],
  ['email', 0.4],
  ['meeting', 0.1],
  ['task', 0.07],
  ['other', 0.03],
];
const DEAL_TOUCH: readonly (readonly [ActivityType, number])[] = [
  ['meeting', 0.35],
  ['call', 0.3],
  ['email', 0.3],
  ['other', 0.05],
];

export function generateActivities(
  ctx: DemoContext,
  people: People,
  plans: readonly FollowUpPlan[],
  deals: readonly Deal[],
): Record<LeadSource, DemoRow[]> {
  const rng = new Random(ctx.seed, 'activities');
  const rows: Record<LeadSource, DemoRow[]> = { hubspot: [], salesforce: [] };
  let sfSeq = 0;
  let hsSeq = 0;
  const seconds = (ms: number): number => Math.round(ms / 1000) * 1000;

  const add = (
    source: LeadSource,
    type: ActivityType,
    at: number,
    fields: {
      owner: string | null;
      email?: string | null;
      leadId?: string | null;
      dealId?: string | null;
      automated?: boolean;
    },
  ): void => {
    if (at >= ctx.asOf || at < ctx.cal.at(0, 0)) return;
    rows[source].push({
      activity_id: source === 'salesforce' ? salesforceId('00T', ++sfSeq) : hubspotId(40_100_000_000, ++hsSeq),
      source,
      type,
      occurred_at: seconds(at),
      owner_id: fields.owner,
      email: fields.email ?? null,
      lead_id: fields.leadId ?? null,
      deal_id: fields.dealId ?? null,
      is_automated: fields.automated ?? false,
    });
  };

  /** How a rep's touch on this person is logged: on the lead, by email, or both. */
  const logged = (person: Person, source: LeadSource): { email: string | null; leadId: string | null } => {
    const lead: Lead | undefined = person.leads.find((l) => l.source === source);
    if (source === 'hubspot') return { email: lead?.email ?? person.email, leadId: lead?.leadId ?? null };
    if (!lead)
      return {
        email: person.email && rng.chance(0.15) ? emailVariant(person.email, rng).trim() : person.email,
        leadId: null,
      };
    if (!lead.email) return { email: null, leadId: lead.leadId };
    const how = rng.weighted([
      ['both', 0.55],
      ['lead', 0.3],
      ['email', 0.15],
    ] as const);
    return { email: how === 'lead' ? null : lead.email.trim(), leadId: how === 'email' ? null : lead.leadId };
  };

  for (const person of people.persons) {
    const plan = plans[person.index] as FollowUpPlan;
    const hs = person.leads.find((l) => l.source === 'hubspot');
    const sf = person.leads.find((l) => l.source === 'salesforce');

    // Sequence sends: automated, in the owner's name, never a follow-up.
    if (hs?.email && rng.chance(0.55)) {
      let at = hs.createdAt + rng.uniform(2, 15) * MINUTE;
      for (let step = 0; step < 3 && (step === 0 || rng.chance(0.7)); step++) {
        add('hubspot', 'email', at, { owner: person.owner, email: hs.email, leadId: hs.leadId, automated: true });
        at += (step === 0 ? 3 : 4) * DAY + rng.uniform(-2, 2) * HOUR;
      }
    }
    if (sf && rng.chance(0.12)) {
      add('salesforce', 'email', sf.createdAt + rng.uniform(1, 10) * MINUTE, {
        owner: person.owner,
        email: sf.email?.trim() ?? null,
        leadId: sf.leadId,
        automated: true,
      });
    }
    // Assignment rules create a task for the owner; a task is not a follow-up.
    if (sf && rng.chance(0.35)) {
      add('salesforce', 'task', sf.createdAt + rng.uniform(0.5, 5) * MINUTE, {
        owner: person.owner,
        leadId: sf.leadId,
      });
    }
    // Cold outreach logged before the person ever became a lead: must not count.
    if (person.email && rng.chance(plan.never ? 0.08 : 0.02)) {
      const before = Math.min(25 * DAY, Math.max(HOUR, rng.logNormal(3, 1) * DAY));
      add('salesforce', rng.chance(0.6) ? 'call' : 'email', person.createdAt - before, {
        owner: person.owner ?? 'rep-01',
        email: person.email,
      });
    }

    if (plan.at === null) {
      // Not worked: at most a reminder task or a note, which never count.
      if (plan.never && rng.chance(0.2)) {
        const at = ctx.cal.nextOfficeMoment(person.createdAt + rng.logNormal(2, 0.8) * DAY, rng);
        add(plan.loggedIn, rng.chance(0.7) ? 'task' : 'other', at, {
          owner: person.owner,
          ...logged(person, plan.loggedIn),
        });
      }
      continue;
    }
    const first = rng.weighted([
      ['call', 0.5],
      ['email', 0.42],
      ['meeting', 0.08],
    ] as const);
    add(plan.loggedIn, first, plan.at, { owner: person.owner, ...logged(person, plan.loggedIn) });
    let at = plan.at;
    const later = rng.poisson(1.2);
    for (let i = 0; i < later; i++) {
      at = ctx.cal.nextOfficeMoment(at + rng.logNormal(2, 0.9) * DAY, rng);
      add(plan.loggedIn, rng.weighted(TOUCH), at, { owner: person.owner, ...logged(person, plan.loggedIn) });
    }
  }

  // Work on deals, logged on the deal.
  for (const deal of deals) {
    const until = Math.min(deal.closedAt ?? ctx.asOf, ctx.asOf);
    const n = 1 + rng.poisson(2.5);
    let at = deal.createdAt;
    for (let i = 0; i < n; i++) {
      at = ctx.cal.nextOfficeMoment(at + rng.logNormal(4, 0.8) * DAY, rng);
      if (at >= until) break;
      add(deal.source, rng.weighted(DEAL_TOUCH), at, {
        owner: deal.owner,
        email: deal.contactEmails.length > 0 ? rng.pick(deal.contactEmails) : null,
        dealId: deal.dealId,
      });
    }
  }
  return rows;
}
