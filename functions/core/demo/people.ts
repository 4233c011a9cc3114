/**
 * Persons and their leads: who arrives when, through which channel and campaign, in which
 * system (HubSpot, Salesforce or both, with differently spelled emails), and who owns them.
 */
import { emailKey } from '../email-key.js';
import type { Channel } from '../schema.js';
import { HOUR, MINUTE } from './calendar.js';
import {
  AD_CAMPAIGNS,
  ascii,
  CHANNEL_PROFILES,
  companyUniverse,
  EMAIL_CAMPAIGNS,
  EVENTS,
  FIRST_NAMES,
  FREE_MAIL,
  LAST_NAMES,
  REFERRAL_SOURCES,
  REPS,
  type AdCampaign,
  type Campaign,
  type Company,
} from './catalog.js';
import { RAMP_WEEKS, type DemoContext } from './context.js';
import { Random } from './prng.js';

export type LeadSource = 'hubspot' | 'salesforce';

export interface Lead {
  source: LeadSource;
  leadId: string;
  /** The email as this system stores it (may be a variant spelling of the person's). */
  email: string | null;
  createdAt: number;
  channel: Channel;
  campaign: Campaign | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  company: string | null;
  companyDomain: string | null;
  owner: string | null;
}

export interface Person {
  index: number;
  createdAt: number;
  channel: Exclude<Channel, 'other'>;
  campaign: Campaign | null;
  firstName: string;
  lastName: string;
  company: Company;
  /** Canonical spelling (the first lead's); null for the few without an email. */
  email: string | null;
  freeMail: boolean;
  owner: string | null;
  mqlAt: number | null;
  leads: Lead[];
}

export interface Pools {
  main: Company[];
  idle: Company[];
  sales: Company[];
}

export interface People {
  persons: Person[];
  pools: Pools;
  /** Every email key in use (leads and deal contacts), so new addresses never merge people by accident. */
  usedKeys: Set<string>;
}

const WEEKDAY_WEIGHT = [1.18, 1.2, 1.12, 1.05, 0.85, 0.3, 0.3];
const WEEKDAY_TOTAL = WEEKDAY_WEIGHT.reduce((a, b) => a + b, 0);
/** Volume of the ramp-up weeks (RAMP_WEEKS of them), relative to the first reported week. */
const RAMP = [0.72, 0.82, 0.9, 0.96];
const PERSONS_PER_WEEK = 350;

export function salesforceId(prefix: string, n: number): string {
  return `${prefix}5g00000${n.toString(36).toUpperCase().padStart(5, '0')}`;
}

export function hubspotId(base: number, n: number): string {
  return String(base + n * 17 + (n % 13));
}

/** Split the company universe into marketing accounts, accounts of idle campaigns and outbound-only accounts. */
function makePools(ctx: DemoContext, rng: Random): Pools {
  const size = Math.max(1600, Math.ceil(((ctx.weeks + 4) * PERSONS_PER_WEEK * ctx.scale) / 4));
  const all = rng.shuffle(companyUniverse(size));
  const salesCut = Math.floor(all.length * 0.15);
  const idleCut = salesCut + Math.floor(all.length * 0.1);
  return { sales: all.slice(0, salesCut), idle: all.slice(salesCut, idleCut), main: all.slice(idleCut) };
}

const CAMPAIGNS_BY_CHANNEL = new Map<Channel, (readonly [Campaign, number])[]>();
for (const c of [...AD_CAMPAIGNS, ...EMAIL_CAMPAIGNS]) {
  const list = CAMPAIGNS_BY_CHANNEL.get(c.channel) ?? [];
  list.push([c, c.leadShare]);
  CAMPAIGNS_BY_CHANNEL.set(c.channel, list);
}

function pickCampaign(channel: Channel, rng: Random): Campaign | null {
  const options = CAMPAIGNS_BY_CHANNEL.get(channel);
  return options ? rng.weighted(options) : null;
}

function utm(channel: Channel, campaign: Campaign | null, rng: Random): [string | null, string | null, string | null] {
  if (campaign && campaign.utmSource) return [campaign.utmSource, campaign.utmMedium, campaign.utmCampaign];
  if (channel === 'organic_social') return [rng.pick(['linkedin', 'xing', 'facebook']), 'social', null];
  if (channel === 'referral') return [rng.pick(REFERRAL_SOURCES), 'referral', null];
  return [null, null, null];
}

/** A unique address for a name at a domain (a digit is appended when the key is taken). */
export function uniqueEmail(
  first: string,
  last: string,
  domain: string,
  free: boolean,
  rng: Random,
  used: Set<string>,
): string {
  const f = ascii(first);
  const l = ascii(last);
  const pattern = free
    ? rng.weighted([
        [`${f}.${l}`, 4],
        [`${f}${l}`, 2],
        [`${f[0]}.${l}`, 1],
        [`${l}.${f}`, 1],
      ] as const)
    : rng.weighted([
        [`${f}.${l}`, 7],
        [`${f[0]}.${l}`, 1.5],
        [`${f[0]}${l}`, 1],
        [`${f}_${l}`, 0.5],
      ] as const);
  let local = free && rng.chance(0.45) ? `${pattern}${rng.int(60, 99)}` : pattern;
  for (let n = 2; ; n++) {
    const email = `${local}@${domain}`;
    const key = emailKey(email);
    if (key && !used.has(key)) {
      used.add(key);
      return email;
    }
    local = `${pattern}${n}`;
  }
}

/** The same address as another system spells it: case, stray spaces, a +tag or Gmail dots. */
export function emailVariant(email: string, rng: Random): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const gmail = domain === 'gmail.com' || domain === 'googlemail.com';
  const kind = rng.weighted([
    ['case', 3],
    ['upper', 1],
    ['space', 1.5],
    ['tag', 2],
    ['gmail', gmail ? 6 : 0],
  ] as const);
  switch (kind) {
    case 'case':
      return `${local.replace(/(^|[._])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())}@${domain[0]?.toUpperCase()}${domain.slice(1)}`;
    case 'upper':
      return email.toUpperCase();
    case 'space':
      return rng.chance(0.5) ? ` ${email} ` : `${email} `;
    case 'tag':
      return `${local}+${rng.pick(['newsletter', 'webinar', 'crm', 'demo', 'news'])}@${domain}`;
    case 'gmail': {
      const bare = local.replaceAll('.', '');
      const dotted = bare === local ? `${bare.slice(0, 1)}.${bare.slice(1)}` : bare;
      return `${dotted}@${rng.chance(0.5) ? 'googlemail.com' : 'gmail.com'}`;
    }
  }
}

function pickOwner(rng: Random): string {
  return rng.weighted(REPS.map((r) => [r[0] as string, r[1]] as const));
}

interface Arrival {
  at: number;
  channel: Exclude<Channel, 'other'>;
  campaign: Campaign | null;
}

function arrivals(ctx: DemoContext, rng: Random): Arrival[] {
  const out: Arrival[] = [];
  const channels = (Object.entries(CHANNEL_PROFILES) as [Exclude<Channel, 'other'>, { share: number }][])
    .filter(([, p]) => p.share > 0)
    .map(([c, p]) => [c, p.share] as const);
  const totalWeeks = ctx.weeks + RAMP_WEEKS;
  for (let w = 0; w < totalWeeks; w++) {
    const ramp = RAMP[w] ?? 1 + (0.12 * (w - RAMP_WEEKS)) / Math.max(1, ctx.weeks - 1);
    const weekly = PERSONS_PER_WEEK * ctx.scale * ramp * Math.exp(0.07 * rng.normal());
    for (let d = 0; d < 7; d++) {
      const day = ctx.firstDay + w * 7 + d;
      const weight = WEEKDAY_WEIGHT[ctx.cal.weekday(day) - 1] ?? 1;
      const n = rng.poisson((weekly * weight) / WEEKDAY_TOTAL);
      for (let i = 0; i < n; i++) {
        // Mostly office hours, some evenings, a few nights.
        const r = rng.next();
        const hour = r < 0.74 ? rng.uniform(7, 18) : r < 0.95 ? rng.uniform(18, 23.5) : rng.uniform(0, 7);
        const at = Math.round(ctx.cal.at(day, hour) / 1000) * 1000;
        const channel = rng.weighted(channels);
        out.push({ at, channel, campaign: pickCampaign(channel, rng) });
      }
    }
  }
  // Trade fairs: badge scans imported in one batch the working day after the fair.
  for (const event of EVENTS) {
    let day = ctx.firstDay + Math.floor(event.at * (ctx.days - 1)) + 1;
    while (day < ctx.firstDay + ctx.days && !ctx.cal.isWorkday(day)) day++;
    if (day >= ctx.firstDay + ctx.days) continue;
    const start = ctx.cal.at(day, 10 + rng.uniform(0, 1.5));
    const campaign: Campaign = {
      id: event.id,
      name: event.name,
      channel: 'events',
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      leadShare: 1,
    };
    const n = rng.poisson(event.leads * ctx.scale);
    for (let i = 0; i < n; i++)
      out.push({ at: Math.round(start / 1000) * 1000 + i * 1000, channel: 'events', campaign });
  }
  return out.sort((a, b) => a.at - b.at);
}

function primarySource(channel: Channel, rng: Random): LeadSource {
  const sfShare: Partial<Record<Channel, number>> = { events: 1, direct: 0.5, referral: 0.55 };
  return rng.chance(sfShare[channel] ?? 0.15) ? 'salesforce' : 'hubspot';
}

export function generatePeople(ctx: DemoContext): People {
  const rng = new Random(ctx.seed, 'people');
  const pools = makePools(ctx, new Random(ctx.seed, 'companies'));
  const usedKeys = new Set<string>();
  const persons: Person[] = [];
  let sfLeads = 0;
  let hsLeads = 0;
  const newLead = (source: LeadSource): string =>
    source === 'salesforce' ? salesforceId('00Q', ++sfLeads) : hubspotId(51_200, ++hsLeads);

  for (const arrival of arrivals(ctx, new Random(ctx.seed, 'arrivals'))) {
    const { channel, campaign } = arrival;
    const profile = CHANNEL_PROFILES[channel];
    const idle = (campaign as AdCampaign | null)?.idle === true;
    const company = rng.pick(idle ? pools.idle : pools.main);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const freeMail = rng.chance(profile.freeMail);
    const primary = primarySource(channel, rng);
    const both = rng.chance(channel === 'events' ? 0.15 : 0.1);
    const noEmail = primary === 'salesforce' && !both && rng.chance(0.14);
    const email = noEmail
      ? null
      : uniqueEmail(firstName, lastName, freeMail ? rng.weighted(FREE_MAIL) : company.domain, freeMail, rng, usedKeys);
    const owner = primary === 'hubspot' && rng.chance(0.05) ? null : pickOwner(rng);
    let mqlAt: number | null = null;
    if (rng.chance(profile.mql)) {
      mqlAt = arrival.at + (rng.chance(0.5) ? rng.uniform(1, 30) * MINUTE : rng.logNormal(30, 1) * HOUR);
      mqlAt = Math.round(mqlAt / 1000) * 1000;
      if (mqlAt >= ctx.asOf) mqlAt = null;
    }
    const [utmSource, utmMedium, utmCampaign] = utm(channel, campaign, rng);
    const showDomain = !freeMail && rng.chance(0.85);
    const first: Lead = {
      source: primary,
      leadId: newLead(primary),
      email,
      createdAt: arrival.at,
      channel,
      campaign,
      utmSource,
      utmMedium,
      utmCampaign,
      company: freeMail && rng.chance(0.4) ? (primary === 'salesforce' ? '[not provided]' : null) : company.name,
      companyDomain: showDomain ? (rng.chance(0.06) ? `www.${company.domain}` : company.domain) : null,
      owner,
    };
    const leads = [first];
    if (both) {
      const other: LeadSource = primary === 'hubspot' ? 'salesforce' : 'hubspot';
      const createdAt = Math.round((arrival.at + Math.max(2 * MINUTE, rng.logNormal(3, 1.5) * HOUR)) / 1000) * 1000;
      if (createdAt < ctx.asOf) {
        const synced = rng.chance(other === 'hubspot' ? 0.8 : 0.7);
        leads.push({
          ...first,
          source: other,
          leadId: newLead(other),
          email: email === null ? null : emailVariant(email, rng),
          createdAt,
          channel: synced ? channel : 'other',
          campaign: synced ? campaign : null,
          utmSource: synced ? utmSource : null,
          utmMedium: synced ? utmMedium : null,
          utmCampaign: synced ? utmCampaign : null,
          company: first.company ?? (other === 'salesforce' ? '[not provided]' : null),
        });
      }
    }
    persons.push({
      index: persons.length,
      createdAt: arrival.at,
      channel,
      campaign,
      firstName,
      lastName,
      company,
      email,
      freeMail,
      owner,
      mqlAt,
      leads,
    });
  }
  return { persons, pools, usedKeys };
}
