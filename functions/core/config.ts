/** Configuration (SPEC §4 keys plus delivery and sources), validated with clear errors. */
import { readFile } from 'node:fs/promises';
import { distance } from 'fastest-levenshtein';
import * as z from 'zod';
import { timeZoneName } from './time-zone.js';

export const METHODOLOGY_VERSION = '1.15';

/**
 * Free-mail domains whose email domain never counts for domain matching (SPEC §4.2: "at least"
 * its sixteen). The SPEC's minimum is mostly German-speaking; a London or São Paulo team's
 * leads come from hotmail.co.uk or uol.com.br, and a free-mail domain taken for a company's
 * ties every stranger on it to that "company's" deals and misstates lead quality. So the
 * list also holds the big providers' national domains and the large consumer ISPs' mail
 * domains of the markets the product's locales serve. A domain a company really owns is
 * never on it; add others with `freeMailDomains`.
 */
export const BUILT_IN_FREE_MAIL_DOMAINS = [
  // SPEC §4.2's minimum
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'aol.com',
  'gmx.de',
  'gmx.net',
  'gmx.ch',
  'web.de',
  't-online.de',
  'bluewin.ch',
  'proton.me',
  'protonmail.com',
  // the same providers' other and national domains
  'ymail.com',
  'rocketmail.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'yahoo.ca',
  'yahoo.com.au',
  'yahoo.com.br',
  'yahoo.com.mx',
  'yahoo.co.in',
  'yahoo.co.jp',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'hotmail.nl',
  'hotmail.be',
  'hotmail.ch',
  'hotmail.com.br',
  'outlook.de',
  'outlook.fr',
  'outlook.es',
  'outlook.it',
  'outlook.com.br',
  'live.co.uk',
  'live.fr',
  'live.de',
  'live.nl',
  'live.be',
  'live.it',
  'msn.com',
  'me.com',
  'mac.com',
  'aol.de',
  'aol.co.uk',
  'gmx.at',
  'gmx.com',
  'gmx.fr',
  'mail.com',
  'pm.me',
  'protonmail.ch',
  'tutanota.com',
  'tuta.io',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  // independent and privacy mail providers, and the same providers' further domains
  'fastmail.com',
  'fastmail.fm',
  'hey.com',
  'duck.com',
  'hushmail.com',
  'mailfence.com',
  'runbox.com',
  'startmail.com',
  'posteo.net',
  'tutanota.de',
  'tutamail.com',
  'tuta.com',
  'zohomail.com',
  'zohomail.eu',
  'zoho.eu',
  'yandex.ua',
  'yandex.by',
  'yandex.kz',
  'ya.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'aim.com',
  'gmx.us',
  'gmx.co.uk',
  'gmx.it',
  'gmx.es',
  'mail.de',
  'email.de',
  'live.ca',
  'live.com.au',
  'yahoo.ie',
  // consumer ISPs' and national free-mail domains
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'talktalk.net',
  'ntlworld.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'laposte.net',
  'libero.it',
  'virgilio.it',
  'tiscali.it',
  'alice.it',
  'tin.it',
  'freenet.de',
  'arcor.de',
  'posteo.de',
  'mailbox.org',
  'online.de',
  'aon.at',
  'chello.at',
  'sunrise.ch',
  'hispeed.ch',
  'ziggo.nl',
  'kpnmail.nl',
  'planet.nl',
  'home.nl',
  'telenet.be',
  'skynet.be',
  'terra.com.br',
  'uol.com.br',
  'bol.com.br',
  'ig.com.br',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'bellsouth.net',
  'cox.net',
  'charter.net',
  'earthlink.net',
  'shaw.ca',
  'rogers.com',
  'sympatico.ca',
  'bigpond.com',
  'optusnet.com.au',
  'xtra.co.nz',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'interia.pl',
  'onet.pl',
  'rediffmail.com',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  // further consumer ISPs' and webmail domains of the locales' markets (PT, ES, NL, BE, FR, IT,
  // AT, CH, UK, IE, Nordics, PL, BR, AR, MX, JP, US, AU): a telco's own staff write from its
  // corporate domain (telefonica.com, not telefonica.net), so these hold no company's people
  'sapo.pt',
  'clix.pt',
  'netcabo.pt',
  'iol.pt',
  'portugalmail.pt',
  'telepac.pt',
  'terra.es',
  'telefonica.net',
  'ono.com',
  'ya.com',
  'jazzfree.com',
  'euskaltel.net',
  'xs4all.nl',
  'hetnet.nl',
  'casema.nl',
  'chello.nl',
  'quicknet.nl',
  'upcmail.nl',
  'zonnet.nl',
  'scarlet.be',
  'neuf.fr',
  'club-internet.fr',
  'aliceadsl.fr',
  'numericable.fr',
  'bbox.fr',
  'noos.fr',
  'cegetel.net',
  'aol.fr',
  'fastwebnet.it',
  'email.it',
  'inwind.it',
  'iol.it',
  'teletu.it',
  'kabelmail.de',
  'a1.net',
  'bluemail.ch',
  'blueyonder.co.uk',
  'virgin.net',
  'btopenworld.com',
  'tiscali.co.uk',
  'eircom.net',
  'hotmail.se',
  'live.se',
  'yahoo.se',
  'telia.com',
  'bredband.net',
  'comhem.se',
  'spray.se',
  'hotmail.dk',
  'live.dk',
  'hotmail.no',
  'online.no',
  'op.pl',
  'gazeta.pl',
  'tlen.pl',
  'vp.pl',
  'interia.eu',
  'onet.eu',
  'poczta.fm',
  'oi.com.br',
  'r7.com',
  'zipmail.com.br',
  'fibertel.com.ar',
  'yahoo.com.ar',
  'prodigy.net.mx',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'softbank.ne.jp',
  'i.softbank.jp',
  'nifty.com',
  'biglobe.ne.jp',
  'ocn.ne.jp',
  'so-net.ne.jp',
  'hotmail.co.jp',
  'outlook.jp',
  'live.jp',
  'rr.com',
  'optonline.net',
  'juno.com',
  'netzero.net',
  'windstream.net',
  'centurylink.net',
  'mindspring.com',
  'prodigy.net',
  'bigpond.net.au',
  'iinet.net.au',
  'tpg.com.au',
  'ozemail.com.au',
] as const;

/**
 * The recipients `report.to` defaults to (and cdk.json ships with) until the config names the
 * heads of marketing and sales: on example.com (RFC 2606), which never receives mail. The local
 * outbox takes them; a real provider refuses them (send-report.ts assertRecipients).
 */
export const REPORT_TO_PLACEHOLDERS = ['head.of.marketing@example.com', 'head.of.sales@example.com'] as const;

/**
 * Platform hosts: social networks, video and link-shortener hosts, site builders,
 * marketplaces, booking sites and business directories. A website field often holds a company's page on one of them
 * (`facebook.com/northwindbakery`), which says nothing about the company's own domain, so
 * neither they nor their subdomains (`de-de.facebook.com`, `northwind.wixsite.com`) are
 * ever company domains, on a lead or on a deal (field case G4). A host not listed here whose
 * URL is a page about the company (`/company/acme`, `/@acme`, a path naming the company) gives
 * no company domain either: email-key.ts `websiteDomain`, where every website becomes a domain.
 */
export const BUILT_IN_PLATFORM_HOSTS = [
  // social networks and messengers
  'facebook.com',
  'fb.com',
  'fb.me',
  'linkedin.com',
  'lnkd.in',
  'instagram.com',
  'x.com',
  'twitter.com',
  't.co',
  'tiktok.com',
  'pinterest.com',
  'reddit.com',
  'snapchat.com',
  'threads.net',
  'bsky.app',
  'mastodon.social',
  'xing.com',
  'xing.de',
  'vk.com',
  'weibo.com',
  't.me',
  'telegram.me',
  'wa.me',
  'whatsapp.com',
  'discord.gg',
  // video and audio
  'youtube.com',
  'youtu.be',
  'vimeo.com',
  'twitch.tv',
  'soundcloud.com',
  'spotify.com',
  // link shorteners and link pages
  'bit.ly',
  'tinyurl.com',
  'ow.ly',
  'buff.ly',
  'goo.gl',
  'rebrand.ly',
  'linktr.ee',
  'linkin.bio',
  'beacons.ai',
  'bio.link',
  'about.me',
  'wa.link',
  'forms.gle',
  'g.page',
  // site builders, blogs, hosted pages
  'google.com',
  'sites.google.com',
  'business.site',
  'wixsite.com',
  'wix.com',
  'squarespace.com',
  'wordpress.com',
  'blogspot.com',
  'medium.com',
  'substack.com',
  'tumblr.com',
  'weebly.com',
  'webflow.io',
  'carrd.co',
  'jimdo.com',
  'jimdofree.com',
  'strikingly.com',
  'myshopify.com',
  'github.io',
  'github.com',
  'gitlab.io',
  'netlify.app',
  'vercel.app',
  'notion.site',
  'godaddysites.com',
  'square.site',
  'canva.site',
  'hs-sites.com',
  'hs-sites-eu1.com',
  'hubspotpagebuilder.com',
  'site123.me',
  'mystrikingly.com',
  'webnode.page',
  'framer.website',
  // booking pages
  'calendly.com',
  // marketplaces and listings
  'yelp.com',
  'etsy.com',
  'amazon.com',
  'ebay.com',
  'tripadvisor.com',
  'crunchbase.com',
  'glassdoor.com',
  // national marketplaces, booking sites, directories, portfolios (field case 10b-2)
  'amazon.de',
  'amazon.co.uk',
  'amazon.fr',
  'amazon.it',
  'amazon.es',
  'amazon.nl',
  'ebay.de',
  'ebay.co.uk',
  'ebay.fr',
  'ebay.it',
  'ebay.es',
  'booking.com',
  'airbnb.com',
  'airbnb.de',
  'eventbrite.com',
  'eventbrite.de',
  'eventbrite.co.uk',
  'kununu.com',
  'gelbeseiten.de',
  'dasoertliche.de',
  'pagesjaunes.fr',
  'paginegialle.it',
  'paginasamarillas.es',
  'local.ch',
  'herold.at',
  'doctolib.de',
  'doctolib.fr',
  'jameda.de',
  'trustpilot.com',
  'behance.net',
  'dribbble.com',
  'angel.co',
  'wellfound.com',
] as const;

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR');
const domain = z
  .string()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as example.com')
  .transform((d) => d.toLowerCase());

const timezone = timeZoneName;

const emailAddress = z
  .string()
  .regex(/^(?:[^<>]+<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/, 'must be an email address');

/** A source's name (a connector, or a custom name with `type`): lower-case letters, digits, underscores. */
export const SOURCE_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export const configSchema = z
  .object({
    reportingCurrency: currencyCode.default('EUR'),
    fxRates: z.record(currencyCode, z.number().positive('must be a positive number')).default({}),
    timezone: timezone.default('UTC'),
    followUpSlaHours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(24),
    matchLookbackDays: z.number().int().positive().max(3650).default(180),
    attribution: z.enum(['first_touch', 'last_touch']).default('first_touch'),
    freeMailDomains: z.array(domain).default([]),
    /** Extra platform hosts (added to BUILT_IN_PLATFORM_HOSTS): never company domains, nor their subdomains. */
    platformHosts: z.array(domain).default([]),
    /**
     * The company's own domains besides the one of `report.from` (see `ownDomains()`): its
     * employees' addresses and its test deals are no customer's, so neither they nor their
     * subdomains ever match a deal to a lead by domain.
     */
    ownDomains: z.array(domain).default([]),
    /**
     * BCP 47 locale of the team (`en-GB`, `de-CH`, `pt-BR`): the email's language and formats
     * (German for `de…`, else English) and, for export files nothing else settles, their date
     * order and decimal separator. Unset: the email is English and no file convention is assumed.
     */
    locale: z
      .string()
      .refine(isLocale, 'must be a BCP 47 locale of a known language, such as en-GB, de-CH or pt-BR')
      .optional(),
    /**
     * The CRMs of record: the sources (`hubspot`, `salesforce`, a custom name) whose deals count.
     * Deals of every other source are left out of every deal figure (a CRM that only mirrors
     * another's deals through a sync would double them); leads and activities of all sources
     * still count. Unset: every source's deals count, and a week with likely twins (the same
     * deal in two CRMs) has its deal figures not measured. A name that holds no deals while a
     * loaded source's deals are left out (a misspelt name) has every week's deal figures not
     * measured (docs/methodology.md, "Deals synced between CRMs").
     */
    dealSources: z
      .array(z.string().regex(SOURCE_NAME, 'must be a source name such as hubspot or salesforce'))
      .min(1, 'must name at least one source; leave dealSources out to count the deals of every source')
      .refine((names) => new Set(names).size === names.length, 'must not name a source twice')
      .optional(),
    /** Freshness: a source older than this is flagged; see the reliability suite. */
    staleAfterHours: z.number().positive().default(36),
    /** Past this age of any source's last successful load the report is held, not sent. */
    holdAfterHours: z.number().positive().default(72),
    report: z
      .object({
        from: emailAddress.default('one-funnel <report@example.com>'),
        // Placeholders on example.com: the local outbox takes them (a trial needs no config);
        // a real provider refuses them (send-report.ts assertRecipients) before sending.
        to: z
          .array(emailAddress)
          .min(1)
          .max(50)
          .default([...REPORT_TO_PLACEHOLDERS]),
        replyTo: emailAddress.optional(),
        methodologyUrl: z
          .string()
          .url()
          .default('https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md'),
        /**
         * Send the scheduled report even when follow-ups, spend or deals are not measured (their
         * "not measured" lines stay in it). Default false: such a report is held and the alarm fires.
         */
        allowIncomplete: z.boolean().default(false),
      })
      .strict()
      .default({
        from: 'one-funnel <report@example.com>',
        to: [...REPORT_TO_PLACEHOLDERS],
        methodologyUrl: 'https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md',
        allowIncomplete: false,
      }),
    /** Per-source settings; each connector validates its own block. */
    sources: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

export type Config = z.output<typeof configSchema>;

/**
 * Whether `tag` is a well-formed locale (`en-GB`, `de-CH`, `pt-BR`) whose language the runtime
 * knows. A well-formed but unknown one (`xx-YY`) is refused: Intl would fall back to the runtime's
 * default (en-US) without a word, and a file's dates would be read month-first.
 */
export function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 1;
  } catch {
    return false;
  }
}

/**
 * True for a `sources` entry that holds a file format's options (`"salesforce-leads-csv": {…}`,
 * named with dashes, no `type`): it is read by `funnel import`, never a source that pulls or
 * that freshness waits for.
 */
export function isFormatOptions(name: string, block: { type?: unknown }): boolean {
  return block.type === undefined && !SOURCE_NAME.test(name);
}

/**
 * The keys of a CRM's `sources` block that link the overdue list to its records (the core reads
 * them; each CRM connector's schema accepts its own): HubSpot `portalId` (the Hub ID), Salesforce
 * `instanceUrl` (the org's URL; default its `baseUrl`, the My Domain URL), Pipedrive
 * `companyDomain` (the `<company>` of `<company>.pipedrive.com`). A block with `enabled: false`
 * gives links to records imported from CSV without pulling.
 */
export const recordLinkKeys = {
  portalId: z
    .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be the Hub ID, digits only')])
    .optional(),
  instanceUrl: z.string().url().optional(),
  companyDomain: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'must be the subdomain of <domain>.pipedrive.com')
    .optional(),
};

/** What the record links of `source` may use: its connector type (`type`, else its name) and link keys. */
export interface RecordLinkSettings {
  type: string;
  portalId?: string;
  instanceUrl?: string;
  companyDomain?: string;
}

/**
 * The record-link settings of `source` from `config.sources`; null when the config has no block
 * for it. Throws ConfigError naming the key when a link key is malformed.
 */
export function recordLinkSettings(config: Pick<Config, 'sources'>, source: string): RecordLinkSettings | null {
  const block = config.sources[source];
  if (!block) return null;
  const parsed = z.object({ ...recordLinkKeys, baseUrl: z.string().url().optional() }).safeParse({
    portalId: block.portalId,
    instanceUrl: block.instanceUrl,
    companyDomain: block.companyDomain,
    baseUrl: block.baseUrl,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`config: sources.${source}.${issue.path.join('.')}: ${issue.message}`);
  }
  const { portalId, instanceUrl, companyDomain, baseUrl } = parsed.data;
  const type = typeof block.type === 'string' ? block.type : source;
  return {
    type,
    ...(portalId !== undefined ? { portalId: String(portalId) } : {}),
    ...((instanceUrl ?? (type === 'salesforce' ? baseUrl : undefined))
      ? { instanceUrl: (instanceUrl ?? baseUrl)!.replace(/\/+$/, '') }
      : {}),
    ...(companyDomain !== undefined ? { companyDomain: companyDomain.toLowerCase() } : {}),
  };
}

/** The email's locale: German (Swiss formats) for a German-speaking team, else English. */
export function emailLocale(config: Pick<Config, 'locale'>): 'en' | 'de-CH' {
  return config.locale?.toLowerCase().startsWith('de') ? 'de-CH' : 'en';
}
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * One line for the first problem: a misspelt key first (it usually explains the others, e.g. a
 * default used instead), with the closest known key of the same object when one is close.
 */
function formatIssues(where: string, error: z.ZodError): string {
  const first = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (!first) return `${where}: invalid configuration`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  if (first.code === 'unrecognized_keys') {
    const key = first.keys[0]!;
    const path = [...first.path, key].join('.');
    return `${where}: ${path}: ${unknownKey(key, keysAt(first.path))}${more}`;
  }
  const path = first.path.length > 0 ? first.path.join('.') : '(root)';
  return `${where}: ${path}: ${first.message}${more}`;
}

/** The keys the schema knows for the object at `path` (the top level or `report`). */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const part of path) {
    while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (!(schema instanceof z.ZodObject)) return [];
    schema = (schema.shape as Record<string, z.ZodType>)[String(part)]!;
    if (!schema) return [];
  }
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * The known name closest to `name`, ignoring case: by edit distance (a typo, a lost plural: at
 * most a third of the longer name, and at least 2), else a known name that contains it or that
 * it contains (`slaHours` → `followUpSlaHours`); null when none is that close.
 */
export function closestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | null = null;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (d <= limit && (best === null || d < best.d)) best = { name: candidate, d };
  }
  if (best) return best.name;
  if (lower.length < 4) return null;
  const within = known.filter((k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()));
  return within.length === 1 ? within[0]! : null;
}

/** `unknown key; did you mean "fxRates"?`, or the known keys when none is close. */
function unknownKey(key: string, known: readonly string[]): string {
  const near = closestName(key, known);
  if (near) return `unknown key; did you mean "${near}"?`;
  return known.length > 0 ? `unknown key (known: ${known.join(', ')})` : 'unknown key';
}

/**
 * What `sources` may name, injected by whoever wires the sources in (the CLI, the handlers,
 * the CDK app): the core does not import them. A `sources` key is a connector (by its `type`,
 * else its own name) or the options of a file format (`sources["hubspot-contacts-csv"]`).
 */
export interface KnownSources {
  /** Connector types (`hubspot`, `google_ads`…). */
  types: readonly string[];
  /** File format names (`salesforce-leads-csv`…). */
  formats: readonly string[];
}

/**
 * Throws ConfigError for the first `sources` entry that is neither a known connector type nor a
 * file format, naming the closest known name, so a typo fails when the config is read rather
 * than at the first daily run.
 */
export function checkSources(config: Pick<Config, 'sources'>, known: KnownSources, where = 'config'): void {
  for (const [name, block] of Object.entries(config.sources)) {
    if (block.type !== undefined) {
      if (typeof block.type === 'string' && known.types.includes(block.type)) continue;
      const type = String(block.type);
      const near = closestName(type, known.types);
      throw new ConfigError(
        `${where}: sources.${name}.type: unknown source type "${type}"; ${near ? `did you mean "${near}"? ` : ''}(known: ${known.types.join(', ')})`,
      );
    }
    if (known.types.includes(name) || known.formats.includes(name)) continue;
    const near = closestName(name, [...known.types, ...known.formats]);
    throw new ConfigError(
      `${where}: sources.${name}: unknown source type "${name}"; ${near ? `did you mean "${near}"? ` : ''}` +
        `(a source is a connector: ${known.types.join(', ')}, or a custom name with "type"; ` +
        `file format options go under the format's name, such as "${known.formats[0] ?? 'hubspot-contacts-csv'}")`,
    );
  }
}

/**
 * The validated config: SPEC-documented defaults filled in, the reporting currency at rate 1.
 * With `known`, every `sources` entry is checked too (checkSources). Throws ConfigError, one
 * line starting with `where`.
 */
export function parseConfig(input: unknown, where = 'config', known?: KnownSources): Config {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(formatIssues(where, result.error));
  const config = result.data;
  if (config.holdAfterHours < config.staleAfterHours) {
    throw new ConfigError(
      `${where}: holdAfterHours (${config.holdAfterHours}) must be at least staleAfterHours (${config.staleAfterHours})`,
    );
  }
  if (known) checkSources(config, known, where);
  // The reporting currency always converts 1:1.
  config.fxRates = { ...config.fxRates, [config.reportingCurrency]: 1 };
  return config;
}

/** The config in `file` (JSON), or the defaults without one; see parseConfig. */
export async function loadConfig(file?: string, known?: KnownSources): Promise<Config> {
  if (!file) return parseConfig({}, 'config', known);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read config (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseConfig(json, file, known);
}

export function freeMailDomains(config: Config): string[] {
  return [...new Set([...BUILT_IN_FREE_MAIL_DOMAINS, ...config.freeMailDomains])].sort();
}

/**
 * Role addresses (issue #16 item 3, docs/methodology.md "Lead quality"): an email local part
 * that names a function rather than a person (`info@`, `office@`, `sales@`…). One such
 * address may stand for several people, and a lead from it is seldom a buyer's own; the
 * report counts such persons by channel. Matched whole against the local part of the email
 * key (lower case, `+tag` removed), so `info.de@` or `maria.info@` are persons.
 */
export const ROLE_ADDRESS_LOCAL_PARTS = [
  'admin',
  'billing',
  'buchhaltung',
  'contact',
  'empfang',
  'enquiries',
  'hello',
  'hallo',
  'help',
  'hr',
  'info',
  'jobs',
  'kontakt',
  'mail',
  'marketing',
  'no-reply',
  'noreply',
  'office',
  'post',
  'reception',
  'sales',
  'service',
  'support',
  'team',
  'verkauf',
  'vertrieb',
  'webmaster',
] as const;

/**
 * The company's own domains, which never match a deal to a lead by domain (docs/methodology.md
 * rule 5): the domain of `report.from` (the sender is the company, `report@ourco.com` →
 * `ourco.com`) plus `ownDomains`, lower case, sorted, without repeats. An employee's test lead
 * and a test deal on the company's account would otherwise make a marketing-sourced deal.
 */
export function ownDomains(config: Pick<Config, 'ownDomains' | 'report'>): string[] {
  // `report.from` is validated: `Name <local@domain>` or `local@domain`.
  const fromDomain = /@([^@\s<>]+)>?\s*$/.exec(config.report.from)?.[1]?.toLowerCase();
  return [...new Set([...(fromDomain ? [fromDomain] : []), ...config.ownDomains])].sort();
}

/** The platform hosts in force: the built-in list plus `platformHosts`, sorted, without repeats. */
export function platformHosts(config: Pick<Config, 'platformHosts'>): string[] {
  return [...new Set([...BUILT_IN_PLATFORM_HOSTS, ...config.platformHosts])].sort();
}
