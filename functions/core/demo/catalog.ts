/**
 * The fixed cast of the demo: names, companies, sales reps, campaigns and the channel mix.
 * Company names are invented combinations; nothing here describes a real person.
 */
import type { Channel } from '../schema.js';

export const FIRST_NAMES: readonly string[] =
  'Anna Laura Sarah Lea Julia Sandra Nicole Andrea Claudia Monika Petra Sophie Chiara Elena Marie Léa Camille Nina Franziska Katrin Martina Barbara Simone Daniela Corinne Jasmin Thomas Daniel Martin Peter Andreas Christian Stefan Michael Markus Marco Luca David Patrick Reto Urs Beat Lukas Jonas Simon Matthias Philipp Roman Fabian Pascal Nicolas Julien Alessandro Matteo Raphael Oliver Tobias Florian Sebastian Adrian'.split(
    ' ',
  );

export const LAST_NAMES: readonly string[] =
  'Müller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer Gerber Brunner Baumann Frei Zimmermann Moser Widmer Wyss Graf Roth Kaufmann Suter Bachmann Baumgartner Studer Hofmann Berger Lehmann Bühler Kunz Marti Sutter Bösch Egli Vogel Favre Rochat Bernasconi Rossi Ferrari Bianchi Fontana Dubois Morel Fuchs Wagner Becker Schulz Koch Richter Wolf Schäfer Neumann Schwarz Krüger Hartmann Lang Schmitt Werner Krause Maurer Lüthi Odermatt Imhof Hess Arnold Ammann Zürcher Knecht Wenger'.split(
    ' ',
  );

const COMPANY_STEMS: readonly string[] =
  'Alpen Berg Rhein Aare Limmat Säntis Pilatus Jura Linden Eiger Rigi Gotthard Seeland Bodensee Brunnen Falken Adler Stern Nord Süd Ost West Blau Grün Silber Gold Stahl Holz Stein Glas Licht Wasser Feld Tal Matt Sonnen Wald Fluss Kristall Ahorn'.split(
    ' ',
  );

const COMPANY_WORDS: readonly (readonly [word: string, legal: string])[] = [
  ['bau', 'AG'],
  ['tech', 'AG'],
  ['logistik', 'GmbH'],
  ['med', 'AG'],
  ['metall', 'AG'],
  ['druck', 'AG'],
  ['energie', 'AG'],
  ['haus', 'GmbH'],
  ['werk', 'AG'],
  ['systems', 'AG'],
  ['data', 'GmbH'],
  ['consulting', 'GmbH'],
  ['pharma', 'AG'],
  ['foods', 'AG'],
  ['textil', 'AG'],
  ['mobil', 'GmbH'],
  ['treuhand', 'AG'],
  ['immo', 'AG'],
  ['optik', 'GmbH'],
  ['plan', 'AG'],
  ['soft', 'GmbH'],
  ['trans', 'AG'],
  ['chemie', 'AG'],
  ['elektro', 'AG'],
  ['holding', 'AG'],
];

const REGIONS = ['', 'Zürich', 'Bern', 'Basel', 'Luzern', 'Zug', 'Aarau', 'Chur', 'Thun', 'Olten'] as const;

export const FREE_MAIL = [
  ['gmail.com', 5],
  ['gmx.ch', 2],
  ['bluewin.ch', 2.5],
  ['outlook.com', 1.5],
  ['hotmail.com', 0.7],
  ['yahoo.com', 0.3],
] as const;

export interface Company {
  name: string;
  domain: string;
  /** The currency its deals are priced in. */
  currency: 'EUR' | 'CHF' | 'USD';
}

/** ASCII for email local parts and domains: umlauts as ae/oe/ue, accents dropped. */
const asciiCache = new Map<string, string>();

export function ascii(text: string): string {
  let out = asciiCache.get(text);
  if (out === undefined) {
    out = toAscii(text);
    asciiCache.set(text, out);
  }
  return out;
}

function toAscii(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

/** Every company the demo can use, in a fixed order (`size` of them, adding regions as needed). */
export function companyUniverse(size: number): Company[] {
  const out: Company[] = [];
  for (const region of REGIONS) {
    for (let w = 0; w < COMPANY_WORDS.length; w++) {
      for (let s = 0; s < COMPANY_STEMS.length; s++) {
        if (out.length >= size) return out;
        const stem = COMPANY_STEMS[s] as string;
        const [word, legal] = COMPANY_WORDS[w] as readonly [string, string];
        const base = `${stem}${word}`;
        const name = region ? `${base} ${region} ${legal}` : `${base} ${legal}`;
        // A fixed, varied country mix: most Swiss, some German and Austrian, a few international.
        const k = (s * 7 + w * 3) % 20;
        const tld = k < 12 ? 'ch' : k < 16 ? 'de' : k < 18 ? 'at' : 'com';
        const slug = region ? `${ascii(base)}-${ascii(region)}` : ascii(base);
        const currency = tld === 'ch' ? 'CHF' : tld === 'com' ? 'USD' : 'EUR';
        out.push({ name, domain: `${slug}.${tld}`, currency });
      }
    }
  }
  return out;
}

export const REPS = [
  // [id, share of leads, follow-up speed factor (1 = team median), share never followed up (factor)]
  ['rep-01', 1.2, 0.6, 0.6],
  ['rep-02', 1.2, 0.8, 0.8],
  ['rep-03', 1.0, 1.0, 1.0],
  ['rep-04', 1.0, 0.9, 0.9],
  ['rep-05', 1.0, 1.2, 1.0],
  ['rep-06', 0.9, 3.2, 3.5],
  ['rep-07', 1.0, 1.4, 1.2],
  ['rep-08', 0.9, 2.4, 2.8],
] as const;

/** The reps' names, as the demo's owners tables (HubSpot owners, Salesforce users) give them. */
export const REP_NAMES: Record<(typeof REPS)[number][0], string> = {
  'rep-01': 'Lena Brunner',
  'rep-02': 'Marco Rossi',
  'rep-03': 'Sophie Weber',
  'rep-04': 'Jonas Keller',
  'rep-05': 'Anna Meier',
  'rep-06': 'Thomas Graf',
  'rep-07': 'Nina Frei',
  'rep-08': 'David Schmid',
};

export interface ChannelProfile {
  /** Share of the daily inflow of persons (events come in batches, see EVENTS). */
  share: number;
  /** Median hours to the first follow-up before office-hour shifting. */
  followUpMedianHours: number;
  /** Probability a lead of this channel is never followed up (before the rep factor). */
  neverFollowedUp: number;
  /** Probability a followed-up person turns into an opportunity. */
  dealRate: number;
  /** Probability of a free-mail address. */
  freeMail: number;
  /** Probability the person becomes an MQL. */
  mql: number;
}

export const CHANNEL_PROFILES: Record<Exclude<Channel, 'other'>, ChannelProfile> = {
  paid_search: {
    share: 0.23,
    followUpMedianHours: 1,
    neverFollowedUp: 0.05,
    dealRate: 0.127,
    freeMail: 0.12,
    mql: 0.45,
  },
  paid_social: {
    share: 0.21,
    followUpMedianHours: 4.2,
    neverFollowedUp: 0.25,
    dealRate: 0.016,
    freeMail: 0.38,
    mql: 0.24,
  },
  display: { share: 0.07, followUpMedianHours: 5.6, neverFollowedUp: 0.32, dealRate: 0.011, freeMail: 0.3, mql: 0.15 },
  email: { share: 0.11, followUpMedianHours: 2.8, neverFollowedUp: 0.1, dealRate: 0.046, freeMail: 0.15, mql: 0.3 },
  organic_search: {
    share: 0.16,
    followUpMedianHours: 1.8,
    neverFollowedUp: 0.08,
    dealRate: 0.075,
    freeMail: 0.15,
    mql: 0.36,
  },
  organic_social: {
    share: 0.05,
    followUpMedianHours: 2.8,
    neverFollowedUp: 0.12,
    dealRate: 0.034,
    freeMail: 0.25,
    mql: 0.25,
  },
  referral: {
    share: 0.09,
    followUpMedianHours: 1.4,
    neverFollowedUp: 0.05,
    dealRate: 0.138,
    freeMail: 0.08,
    mql: 0.48,
  },
  events: { share: 0, followUpMedianHours: 9.8, neverFollowedUp: 0.06, dealRate: 0.196, freeMail: 0.05, mql: 0.5 },
  direct: { share: 0.08, followUpMedianHours: 0.7, neverFollowedUp: 0.05, dealRate: 0.103, freeMail: 0.12, mql: 0.38 },
};

export interface Campaign {
  id: string;
  name: string;
  channel: Channel;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  /** Share of its channel's leads. */
  leadShare: number;
}

export interface AdCampaign extends Campaign {
  platform: 'google_ads' | 'meta' | 'linkedin';
  accountId: string;
  currency: 'EUR' | 'USD' | 'CHF';
  /** Average daily cost on a weekday, platform currency. */
  dailyCost: number;
  /** Cost per thousand impressions and click-through rate. */
  cpm: number;
  ctr: number;
  /** Weekend cost factor. */
  weekend: number;
  /** Spends money but never yields an opportunity (the sales team's complaint). */
  idle: boolean;
}

function ad(
  platform: AdCampaign['platform'],
  id: string,
  name: string,
  channel: Channel,
  dailyCost: number,
  leadShare: number,
  opts: { cpm: number; ctr: number; weekend: number; idle?: boolean },
): AdCampaign {
  const account = {
    google_ads: ['123-456-7890', 'EUR'],
    meta: ['act_1029384756', 'USD'],
    linkedin: ['508912345', 'CHF'],
  } as const;
  const [accountId, currency] = account[platform];
  const slug = name
    .toLowerCase()
    .split('|')
    .map((part) => ascii(part.replaceAll(' ', '')) || '')
    .filter(Boolean)
    .join('-');
  const utm = {
    google_ads: ['google', channel === 'display' ? 'display' : 'cpc'],
    meta: ['facebook', 'paid_social'],
    linkedin: ['linkedin', 'paid_social'],
  } as const;
  return {
    id,
    name,
    channel,
    utmSource: utm[platform][0],
    utmMedium: utm[platform][1],
    utmCampaign: slug,
    leadShare,
    platform,
    accountId,
    currency,
    dailyCost,
    cpm: opts.cpm,
    ctr: opts.ctr,
    weekend: opts.weekend,
    idle: opts.idle ?? false,
  };
}

export const AD_CAMPAIGNS: readonly AdCampaign[] = [
  ad('google_ads', '20518734021', 'Search | Brand | DACH', 'paid_search', 140, 0.3, {
    cpm: 60,
    ctr: 0.11,
    weekend: 0.5,
  }),
  ad('google_ads', '20518734022', 'Search | ERP Software | CH', 'paid_search', 420, 0.28, {
    cpm: 70,
    ctr: 0.05,
    weekend: 0.45,
  }),
  ad('google_ads', '20518734023', 'Search | ERP Software | DE', 'paid_search', 360, 0.2, {
    cpm: 55,
    ctr: 0.045,
    weekend: 0.45,
  }),
  ad('google_ads', '20518734024', 'Search | Competitor Terms', 'paid_search', 210, 0.14, {
    cpm: 65,
    ctr: 0.04,
    weekend: 0.5,
  }),
  ad('google_ads', '20518734025', 'Search | Finance Software | AT', 'paid_search', 120, 0.08, {
    cpm: 50,
    ctr: 0.04,
    weekend: 0.5,
  }),
  ad('google_ads', '20518734031', 'Display | Remarketing | DACH', 'display', 160, 1, {
    cpm: 4,
    ctr: 0.004,
    weekend: 1,
    idle: true,
  }),
  ad('meta', '120210458800120', "Lead Ads | ERP Buyer's Guide", 'paid_social', 230, 0.36, {
    cpm: 11,
    ctr: 0.012,
    weekend: 1,
  }),
  ad('meta', '120210458800121', 'Retargeting | Website Visitors', 'paid_social', 110, 0.16, {
    cpm: 14,
    ctr: 0.015,
    weekend: 1,
  }),
  ad('meta', '120210458800122', 'Awareness | Video | Q4', 'paid_social', 190, 0.06, {
    cpm: 6,
    ctr: 0.005,
    weekend: 1,
    idle: true,
  }),
  ad('linkedin', '612904411', 'Lead Gen | CFO Whitepaper', 'paid_social', 260, 0.22, {
    cpm: 42,
    ctr: 0.006,
    weekend: 0.3,
  }),
  ad('linkedin', '612904412', 'Sponsored Content | E-Invoicing Webinar', 'paid_social', 210, 0.13, {
    cpm: 38,
    ctr: 0.005,
    weekend: 0.3,
  }),
  ad('linkedin', '612904413', 'Conversation Ads | Demo Request', 'paid_social', 170, 0.07, {
    cpm: 45,
    ctr: 0.004,
    weekend: 0.3,
    idle: true,
  }),
];

function other(
  id: string,
  name: string,
  channel: Channel,
  utm: [string | null, string | null],
  share: number,
): Campaign {
  const utmCampaign = utm[0] === null ? null : ascii(name.replaceAll(' ', '-')).slice(0, 40) || null;
  return { id, name, channel, utmSource: utm[0], utmMedium: utm[1], utmCampaign, leadShare: share };
}

/** Campaigns without ad spend (newsletters in HubSpot); leads of other channels carry none. */
export const EMAIL_CAMPAIGNS: readonly Campaign[] = [
  other('2984512301', 'Newsletter', 'email', ['hubspot', 'email'], 0.45),
  other('2984512302', 'Nurture ERP Evaluation', 'email', ['hubspot', 'email'], 0.35),
  other('2984512303', 'Webinar Invite E-Invoicing', 'email', ['hubspot', 'email'], 0.2),
];

/** Trade fairs: badge scans imported into Salesforce in one batch the working day after. */
export const EVENTS = [
  { id: '7015g000001TsZ1AAK', name: 'Topsoft Zürich 2026', at: 0.18, leads: 110 },
  { id: '7015g000001TsZ2AAK', name: 'Swiss ERP Forum 2026', at: 0.42, leads: 95 },
  { id: '7015g000001TsZ3AAK', name: 'Digital Finance Summit Bern', at: 0.66, leads: 80 },
  { id: '7015g000001TsZ4AAK', name: 'Partner Day Luzern', at: 0.88, leads: 70 },
] as const;

export const REFERRAL_SOURCES = ['treuhand-partner.ch', 'erp-vergleich.ch', 'capterra.com', 'swissict.ch'] as const;
