/**
 * Lead rows: each lead's state at the export (stage, status, MQL date) plus, for some, an
 * earlier version of it, and a few deletions. Stages follow what happened to the person.
 */
import { DAY, MINUTE } from './calendar.js';
import type { LifecycleStage } from '../schema.js';
import type { DemoContext } from './context.js';
import type { Deal } from './deals.js';
import type { FollowUpPlan } from './followups.js';
import type { Lead, LeadSource, People, Person } from './people.js';
import { Random } from './prng.js';
import type { DemoRow } from './rows.js';

interface Change {
  at: number;
  lifecycle?: LifecycleStage;
  status?: 'contacted' | 'converted' | 'deal' | 'unqualified';
  mql?: boolean;
}

const STATUS: Record<
  LeadSource,
  Record<'new' | 'contacted' | 'attempted' | 'converted' | 'deal' | 'unqualified', string>
> = {
  salesforce: {
    new: 'Open - Not Contacted',
    contacted: 'Working - Contacted',
    attempted: 'Working - Contacted',
    converted: 'Closed - Converted',
    deal: 'Working - Contacted',
    unqualified: 'Closed - Not Converted',
  },
  hubspot: {
    new: 'NEW',
    contacted: 'CONNECTED',
    attempted: 'ATTEMPTED_TO_CONTACT',
    converted: 'OPEN_DEAL',
    deal: 'OPEN_DEAL',
    unqualified: 'UNQUALIFIED',
  },
};

/** Sales' reasons for a disqualified demo lead (one in four gives none). */
const REASONS = ['No budget', 'Student / job seeker', 'Competitor', null] as const;

export function generateLeadRows(
  ctx: DemoContext,
  people: People,
  plans: readonly FollowUpPlan[],
  deals: readonly Deal[],
): Record<LeadSource, DemoRow[]> {
  const rng = new Random(ctx.seed, 'leads');
  const rows: Record<LeadSource, DemoRow[]> = { hubspot: [], salesforce: [] };
  const dealOf = new Map<number, Deal>();
  for (const deal of deals) if (deal.person && !dealOf.has(deal.person.index)) dealOf.set(deal.person.index, deal);
  const seconds = (ms: number): number => Math.round(ms / 1000) * 1000;

  for (const person of people.persons) {
    const plan = plans[person.index] as FollowUpPlan;
    const deal = dealOf.get(person.index);
    // What happened to the person, in time order (the same for each of its leads).
    const changes: Change[] = [];
    if (person.mqlAt !== null) changes.push({ at: person.mqlAt, lifecycle: 'mql', mql: true });
    if (plan.at !== null) {
      changes.push({ at: plan.at, status: 'contacted' });
      if (!deal && person.mqlAt !== null && rng.chance(0.3)) {
        changes.push({ at: plan.at + rng.uniform(1, 5) * DAY, lifecycle: 'sql' });
      } else if (!deal && person.mqlAt === null && rng.chance(0.1)) {
        changes.push({ at: plan.at + rng.uniform(1, 10) * DAY, lifecycle: 'other', status: 'unqualified' });
      }
    }
    if (deal) {
      changes.push({ at: deal.createdAt, lifecycle: 'opportunity', status: 'deal' });
      if (deal.won && deal.closedAt !== null) changes.push({ at: deal.closedAt, lifecycle: 'customer' });
    }
    const attempted = rng.chance(0.4);
    const deleted = !deal && rng.chance(0.006);

    for (const lead of person.leads) {
      const versions = leadVersions(ctx, person, lead, changes, deal, attempted, rng);
      const keep =
        versions.length > 1 && rng.chance(0.3) ? [versions[0], versions[versions.length - 1]] : versions.slice(-1);
      for (const v of keep) if (v) rows[lead.source].push(v);
      const last = versions[versions.length - 1];
      if (deleted && last) {
        const at = seconds(Number(last.updated_at) + rng.logNormal(5, 1) * DAY);
        if (at < ctx.asOf) rows[lead.source].push({ ...last, updated_at: at, is_deleted: true });
      }
    }
  }
  return rows;

  function leadVersions(
    context: DemoContext,
    person: Person,
    lead: Lead,
    changes: readonly Change[],
    deal: Deal | undefined,
    attempted: boolean,
    random: Random,
  ): DemoRow[] {
    const initial: LifecycleStage = lead.channel === 'email' && random.chance(0.4) ? 'subscriber' : 'lead';
    let row: DemoRow = {
      lead_id: lead.leadId,
      source: lead.source,
      email: lead.email,
      first_name: person.firstName,
      last_name: person.lastName,
      company: lead.company,
      company_domain: lead.companyDomain,
      created_at: lead.createdAt,
      updated_at: lead.createdAt,
      lifecycle_stage: initial,
      mql_at: null,
      status: STATUS[lead.source].new,
      owner_id: lead.owner,
      is_disqualified: false,
      disqualification_reason: null,
      channel: lead.channel,
      campaign_id: lead.campaign?.id ?? null,
      campaign_name: lead.campaign?.name ?? null,
      utm_source: lead.utmSource,
      utm_medium: lead.utmMedium,
      utm_campaign: lead.utmCampaign,
      is_deleted: false,
    };
    const out: DemoRow[] = [row];
    const sorted = [...changes].filter((c) => c.at < context.asOf).sort((a, b) => a.at - b.at);
    for (const change of sorted) {
      const next: DemoRow = {
        ...row,
        updated_at: seconds(Math.min(context.asOf - 1000, Math.max(change.at, lead.createdAt + MINUTE))),
      };
      if (change.lifecycle) next.lifecycle_stage = change.lifecycle;
      if (change.mql) next.mql_at = seconds(change.at);
      if (change.status === 'contacted') next.status = STATUS[lead.source][attempted ? 'attempted' : 'contacted'];
      if (change.status === 'unqualified') {
        next.status = STATUS[lead.source].unqualified;
        next.is_disqualified = true;
        // By the person, not a draw: the demo's other random values stay as they were.
        next.disqualification_reason = REASONS[person.index % REASONS.length] ?? null;
      }
      if (change.status === 'deal') {
        const converted = lead.source === 'salesforce' && deal?.path === 'conversion';
        next.status = STATUS[lead.source][converted ? 'converted' : 'deal'];
      }
      // A change before this lead existed is already part of its first version.
      if (change.at <= lead.createdAt) {
        out[out.length - 1] = { ...next, updated_at: lead.createdAt };
      } else {
        out.push(next);
      }
      row = out[out.length - 1] as DemoRow;
    }
    return out;
  }
}
