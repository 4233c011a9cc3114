/**
 * Deals: opportunities grown from followed-up persons (matched by lead conversion, by a
 * contact email spelled differently, or only by the account domain) and outbound deals the
 * sales team sourced itself, which no lead explains.
 */
import { DAY, MINUTE } from './calendar.js';
import { CHANNEL_PROFILES, FIRST_NAMES, LAST_NAMES, REPS, type AdCampaign, type Company } from './catalog.js';
import type { DemoContext } from './context.js';
import type { FollowUpPlan } from './followups.js';
import {
  emailVariant,
  hubspotId,
  salesforceId,
  uniqueEmail,
  type LeadSource,
  type People,
  type Person,
} from './people.js';
import { Random } from './prng.js';
import type { DemoRow } from './rows.js';

export type MatchPath = 'conversion' | 'email' | 'domain' | 'sales';

export interface Deal {
  source: LeadSource;
  dealId: string;
  person: Person | null;
  path: MatchPath;
  createdAt: number;
  closedAt: number | null;
  won: boolean;
  owner: string | null;
  contactEmails: string[];
}

export interface DealsResult {
  deals: Deal[];
  rows: Record<LeadSource, DemoRow[]>;
}

const PRODUCTS = [
  'ERP Cloud',
  'Finance Suite',
  'E-Invoicing',
  'Payroll Add-on',
  'Warehouse Module',
  'Migration Project',
];
const SF_OPEN = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review'];
const HS_OPEN = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];
const HUNTERS = REPS.map((r, i) => [r[0] as string, i < 3 ? 2 : 1] as const);

/** B2B deal sizes: 5k to 120k, in hundreds. */
function clampAmount(x: number): number {
  return Math.min(120_000, Math.max(5_000, Math.round(x / 100) * 100));
}

export function generateDeals(ctx: DemoContext, people: People, plans: readonly FollowUpPlan[]): DealsResult {
  const rng = new Random(ctx.seed, 'deals');
  const deals: Deal[] = [];
  const rows: Record<LeadSource, DemoRow[]> = { hubspot: [], salesforce: [] };
  let sfSeq = 0;
  let hsSeq = 0;
  const newId = (source: LeadSource): string =>
    source === 'salesforce' ? salesforceId('006', ++sfSeq) : hubspotId(18_034_500_000, ++hsSeq);
  const colleague = (company: Company): string =>
    uniqueEmail(rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES), company.domain, false, rng, people.usedKeys);

  /** Emit the deal's rows (an earlier version for some) and remember it. */
  const emit = (
    deal: Omit<Deal, 'closedAt' | 'won'>,
    company: Company,
    accountDomain: string | null,
    convertedFrom: string | null,
    amountFactor: number,
    wonRate: number,
  ): void => {
    const currency = company.currency === 'CHF' && rng.chance(0.25) ? 'EUR' : company.currency;
    const amount = clampAmount(rng.logNormal(21_000 * amountFactor, 0.75));
    const won = rng.chance(wonRate);
    const closeAt = ctx.cal.nextOfficeMoment(deal.createdAt + rng.logNormal(won ? 40 : 30, 0.55) * DAY, rng);
    const closed = closeAt < ctx.asOf;
    const open = deal.source === 'salesforce' ? SF_OPEN : HS_OPEN;
    const age = Math.min(1, (ctx.asOf - deal.createdAt) / (45 * DAY));
    const openStage = open[Math.min(open.length - 1, Math.floor(age * rng.uniform(0.6, 1.4) * open.length))] as string;
    const closedStage =
      deal.source === 'salesforce' ? (won ? 'Closed Won' : 'Closed Lost') : won ? 'closedwon' : 'closedlost';
    const touched = deal.createdAt + Math.min(ctx.asOf - deal.createdAt - MINUTE, rng.logNormal(4, 0.8) * DAY);
    const base: DemoRow = {
      deal_id: deal.dealId,
      source: deal.source,
      name: `${company.name} – ${rng.pick(PRODUCTS)}`,
      account_name: company.name,
      account_domain: accountDomain,
      created_at: deal.createdAt,
      updated_at: closed ? closeAt : Math.max(deal.createdAt, Math.round(touched / 1000) * 1000),
      closed_at: closed ? closeAt : null,
      stage: closed ? closedStage : openStage,
      is_closed: closed,
      is_won: closed && won,
      amount,
      currency,
      owner_id: deal.owner,
      pipeline: deal.source === 'salesforce' ? 'New Business' : 'default',
      converted_from_lead_id: convertedFrom,
      contact_emails: deal.contactEmails,
      is_deleted: false,
    };
    if (rng.chance(closed ? 0.3 : 0.1)) {
      // An earlier version: still open, often with a different amount.
      rows[deal.source].push({
        ...base,
        updated_at:
          deal.createdAt +
          Math.round(((Number(base.updated_at) - deal.createdAt) * rng.uniform(0.1, 0.6)) / 1000) * 1000,
        closed_at: null,
        stage: open[rng.int(0, 2)] as string,
        is_closed: false,
        is_won: false,
        amount: rng.chance(0.5) ? clampAmount(amount * rng.uniform(0.8, 1.2)) : amount,
      });
    }
    rows[deal.source].push(base);
    deals.push({ ...deal, closedAt: closed ? closeAt : null, won: closed && won });
  };

  // Marketing-sourced: persons who became opportunities.
  for (const person of people.persons) {
    const plan = plans[person.index] as FollowUpPlan;
    const idle = (person.campaign as AdCampaign | null)?.idle === true;
    const profile = CHANNEL_PROFILES[person.channel];
    const rate = idle ? 0 : profile.dealRate * (person.freeMail ? 0.5 : 1) * (plan.at === null ? 0.1 : 1);
    if (!rng.chance(rate)) continue;
    const from = Math.max(person.createdAt, plan.at ?? person.createdAt);
    const createdAt =
      Math.round(ctx.cal.nextOfficeMoment(from + Math.max(DAY, rng.logNormal(9, 0.7) * DAY), rng) / 1000) * 1000;
    if (createdAt >= ctx.asOf) continue;
    const sfLead = person.leads.find((l) => l.source === 'salesforce' && l.createdAt <= createdAt);
    const business = !person.freeMail && person.email !== null;
    let source: LeadSource;
    let path: MatchPath;
    if (sfLead) {
      source = 'salesforce';
      path =
        person.email === null
          ? 'conversion'
          : rng.weighted([
              ['conversion', 0.7],
              ['email', 0.15],
              [business ? 'domain' : 'email', 0.15],
            ] as const);
    } else {
      source = rng.chance(0.45) ? 'hubspot' : 'salesforce';
      path = business && rng.chance(0.4) ? 'domain' : 'email';
    }
    if (person.email === null && path !== 'conversion') continue;
    let contactEmails: string[] = [];
    if (path === 'conversion') {
      contactEmails = sfLead?.email && rng.chance(0.8) ? [sfLead.email.trim()] : [];
    } else if (path === 'email') {
      const email = person.email as string;
      contactEmails = [rng.chance(0.6) ? emailVariant(email, rng).trim() : email];
      if (business && rng.chance(0.3)) contactEmails.push(colleague(person.company));
    } else if (path === 'domain') {
      contactEmails = rng.chance(0.6) ? [colleague(person.company)] : [];
    }
    const accountDomain = path === 'domain' || rng.chance(0.85) ? person.company.domain : null;
    const factor = person.channel === 'events' ? 1.35 : person.channel === 'referral' ? 1.2 : 1;
    emit(
      {
        source,
        dealId: newId(source),
        person,
        path,
        createdAt,
        owner: person.owner ?? rng.weighted(HUNTERS),
        contactEmails,
      },
      person.company,
      accountDomain,
      path === 'conversion' ? (sfLead?.leadId ?? null) : null,
      factor,
      0.26,
    );
  }

  // Sales-sourced: outbound deals with accounts no marketing lead came from.
  for (let d = 0; d < ctx.days; d++) {
    const day = ctx.firstDay + d;
    if (!ctx.cal.isWorkday(day)) continue;
    const n = rng.poisson(2 * ctx.scale);
    for (let i = 0; i < n; i++) {
      const company = rng.pick(people.pools.sales);
      const source: LeadSource = rng.chance(0.12) ? 'hubspot' : 'salesforce';
      const contacts = rng.chance(0.1) ? 0 : rng.int(1, 2);
      const contactEmails = Array.from({ length: contacts }, () => colleague(company));
      emit(
        {
          source,
          dealId: newId(source),
          person: null,
          path: 'sales',
          createdAt: Math.round(ctx.cal.at(day, rng.uniform(8, 18)) / 1000) * 1000,
          owner: rng.weighted(HUNTERS),
          contactEmails,
        },
        company,
        rng.chance(0.95) ? company.domain : null,
        null,
        1.1,
        0.28,
      );
    }
  }

  // Duplicates entered by mistake and deleted a few hours later.
  const duplicates = Math.max(1, Math.round(2 * ctx.scale));
  for (let k = 0; k < duplicates; k++) {
    const open = rows.salesforce.filter((r) => r.is_closed === false && Number(r.created_at) < ctx.asOf - DAY);
    const original = open[Math.floor((open.length * (k + 1)) / (duplicates + 1))];
    if (!original) continue;
    const createdAt = Number(original.created_at) + rng.int(3, 40) * MINUTE;
    const deletedAt = createdAt + rng.int(60, 360) * MINUTE;
    const copy: DemoRow = { ...original, deal_id: newId('salesforce'), created_at: createdAt, updated_at: createdAt };
    rows.salesforce.push(copy, { ...copy, updated_at: deletedAt, is_deleted: true });
  }

  return { deals, rows };
}
