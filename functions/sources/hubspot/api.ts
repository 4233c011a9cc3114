/**
 * HubSpot CRM v3 connector (CONNECTORS §1, MAPPINGS §1): contacts → leads, deals → deals
 * (contact emails through associations v4), calls/emails/meetings → activities, owners → owners.
 * Changes are found with the search API. Its `after` is an offset into a result that is
 * recomputed on every request, so a record modified during a pull leaves the window and shifts
 * every later page by one (a record is skipped); it also stops at 10,000 results per query.
 * Both are avoided by keyset paging: results sorted by `hs_object_id`, and every page is a new
 * query for `hs_object_id > last id seen` (no `after`).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { recordLinkKeys } from '../../core/config.js';
import { LIFECYCLE_STAGES, type TableName } from '../../core/schema.js';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import { getJsonSecret } from '../../core/secrets.js';
import { websiteDomain } from '../../core/email-key.js';
import { CursorGuard, HttpClient, oneLine, RateLimiter, type HttpResponse } from '../http.js';
import { tallyActivities } from '../activities.js';
import { mapHubSpotActivity } from './activity-mapping.js';
import { hubspotOwners } from './owners.js';
import {
  hubspotChannel,
  hubspotDealOutcome,
  hubspotDisqualification,
  hubspotLeadStatus,
  hubspotLifecycleStage,
  hubspotStageOverrides,
} from './mapping.js';
import { ACTIVITY_STATUS_MEANINGS, HUBSPOT_LEAD_STATUS_MEANINGS, noteUnmappedLabel } from '../labels.js';
import { accountCurrency, CurrencyError, rowCurrency, type AccountCurrencyInput, type NoteSink } from '../currency.js';
import {
  baseSourceConfig,
  bool,
  changeWindow,
  isObject,
  isoTimestamp,
  num,
  reject,
  str,
  type Connector,
  type Cursor,
  type Entity,
  type SourceContext,
} from '../source.js';

export const HUBSPOT_ENTITIES = ['contacts', 'deals', 'calls', 'emails', 'meetings', 'owners'] as const;
/** The record entities (owners are listed whole, see owners.ts). */
type HubSpotEntity = Exclude<(typeof HUBSPOT_ENTITIES)[number], 'owners'>;

const configSchema = z
  .object({
    ...baseSourceConfig,
    entities: z
      .array(z.enum(HUBSPOT_ENTITIES))
      .min(1)
      .default([...HUBSPOT_ENTITIES]),
    pageSize: z.number().int().min(1).max(200).default(200),
    /** Canonical column ← HubSpot contact property (custom properties per portal). */
    properties: z
      .object({
        utm_source: z.string().default('utm_source'),
        utm_medium: z.string().default('utm_medium'),
        utm_campaign: z.string().default('utm_campaign'),
        campaign_id: z.string().optional(),
        campaign_name: z.string().optional(),
        company_domain: z.string().default('website'),
        mql_at: z.string().default('hs_lifecyclestage_marketingqualifiedlead_date'),
        /**
         * The contact property holding sales' reason for an Unqualified lead status. HubSpot
         * documents none on contacts, so there is no default: name the portal's own.
         */
        disqualification_reason: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** Portal-specific lifecycle stages (custom stages have numeric ids) → canonical stage. */
    lifecycleStages: z.record(z.string(), z.enum(LIFECYCLE_STAGES)).default({}),
    /**
     * Lead Status values (`hs_lead_status`, custom or translated) → `open`, `opportunity` or
     * `disqualified`; they win over the default statuses (hubspot/mapping.ts HUBSPOT_LEAD_STATUS).
     */
    leadStatuses: z.record(z.string(), z.enum(HUBSPOT_LEAD_STATUS_MEANINGS)).default({}),
    /**
     * Engagement status / outcome values (a custom meeting outcome, a call status) →
     * `happened` or `not_happened`; they win over HubSpot's (hubspot/activity-mapping.ts). A
     * value neither knows loads as not happened and is listed, holding follow-ups.
     */
    activityStatuses: z.record(z.string(), z.enum(ACTIVITY_STATUS_MEANINGS)).default({}),
    /**
     * The portal's company currency, only for when HubSpot cannot be asked (account-info
     * refused): deals without `deal_currency_code` are in the company currency, read from
     * `GET /account-info/v3/details`. Refused when it contradicts HubSpot's answer.
     */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    closedWonStages: z.array(z.string()).default(['closedwon']),
    closedLostStages: z.array(z.string()).default(['closedlost']),
    /**
     * Days back whose associations are read again each run (0: never): engagements with
     * `hs_timestamp` in them, deals still open or with `closedate` in them. An association
     * change does not touch the record, so only this finds a contact added later.
     */
    associationLookbackDays: z.number().int().min(0).max(365).default(30),
    /** The Hub ID, for links from the overdue list to contacts (core `recordLinkKeys`). */
    portalId: recordLinkKeys.portalId,
  })
  .strict();
export type HubSpotConfig = z.output<typeof configSchema>;

const BASE_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'lifecyclestage',
  'hs_lead_status',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
  'hubspot_owner_id',
  'createdate',
  'lastmodifieddate',
  // Merges (SPEC §4.1): the survivor names the ids merged into it and keeps their addresses.
  'hs_merged_object_ids',
  'hs_additional_emails',
];
const DEAL_PROPERTIES = [
  'dealname',
  'dealstage',
  'amount',
  'deal_currency_code',
  'closedate',
  'pipeline',
  'createdate',
  'hs_lastmodifieddate',
  'hubspot_owner_id',
  'hs_is_closed',
  'hs_is_closed_won',
  // The deals merged into this one: they stop counting (stg_deals), as in the deals export.
  'hs_merged_object_ids',
];
/** `hs_engagement_source` says a sequence or workflow sent it; the status whether it happened. */
const ENGAGEMENT_COMMON = [
  'hs_timestamp',
  'hubspot_owner_id',
  'hs_engagement_source',
  'hs_createdate',
  'hs_lastmodifieddate',
];
const ENGAGEMENT_PROPERTIES: Record<'calls' | 'emails' | 'meetings', string[]> = {
  calls: [...ENGAGEMENT_COMMON, 'hs_call_direction', 'hs_call_status'],
  emails: [...ENGAGEMENT_COMMON, 'hs_email_direction', 'hs_email_status'],
  meetings: [...ENGAGEMENT_COMMON, 'hs_meeting_start_time', 'hs_meeting_outcome'],
};
const STATUS_PROPERTY: Record<'calls' | 'emails' | 'meetings', string> = {
  calls: 'hs_call_status',
  emails: 'hs_email_status',
  meetings: 'hs_meeting_outcome',
};
/** An incoming or forwarded email, an inbound call is not the rep's (activity-mapping.ts). */
const DIRECTION_PROPERTY: Partial<Record<'calls' | 'emails' | 'meetings', string>> = {
  calls: 'hs_call_direction',
  emails: 'hs_email_direction',
};

const TABLE_OF: Record<HubSpotEntity, TableName> = {
  contacts: 'leads',
  deals: 'deals',
  calls: 'activities',
  emails: 'activities',
  meetings: 'activities',
};

interface Token {
  accessToken: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
}

export const hubspot: Connector<HubSpotConfig> = {
  vendor: 'hubspot',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const token: Token = {
      accessToken: String(secret.accessToken ?? ''),
      refreshToken: str(secret.refreshToken) ?? undefined,
      clientId: str(secret.clientId) ?? undefined,
      clientSecret: str(secret.clientSecret) ?? undefined,
    };
    if (!token.accessToken && !token.refreshToken) {
      throw new Error(
        `secret "${secretName}": needs accessToken (private app) or refreshToken, clientId, clientSecret`,
      );
    }
    const base = (config.baseUrl ?? 'https://api.hubapi.com').replace(/\/$/, '');
    // One budget for the portal: token refreshes and API calls share the documented 100 per 10 s.
    const limiter = new RateLimiter(config.rateLimit ?? { limit: 100, windowMs: 10_000 }, ctx.http);
    const tokenClient = new HttpClient({
      vendor: 'hubspot',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      limiter,
    });
    const refresh = token.refreshToken
      ? async (): Promise<void> => {
          const res = await tokenClient.request('POST', `${base}/oauth/v1/token`, {
            form: {
              grant_type: 'refresh_token',
              client_id: token.clientId ?? '',
              client_secret: token.clientSecret ?? '',
              refresh_token: token.refreshToken ?? '',
            },
          });
          const body = res.json as { access_token?: string; refresh_token?: string } | undefined;
          if (!body?.access_token) throw new Error('hubspot: token refresh returned no access_token');
          token.accessToken = body.access_token;
          if (body.refresh_token) token.refreshToken = body.refresh_token;
        }
      : undefined;
    const client = new HttpClient({
      vendor: 'hubspot',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      limiter,
      auth: async () => {
        if (!token.accessToken && refresh) await refresh();
        return { authorization: `Bearer ${token.accessToken}` };
      },
      refresh,
      describeError,
      // A malformed token answers 530; retrying cannot help.
      classify: (res) => (res.status === 530 ? 'fail' : undefined),
    });
    const api = new HubSpotApi(client, base, config);
    const entities: Entity[] = config.entities.map((name) =>
      name === 'owners'
        ? hubspotOwners(ctx, client, base)
        : {
            name,
            table: TABLE_OF[name],
            pull: (cursor) => api.pull(ctx, name, cursor),
            map: (records, notes) => mapRecords(ctx, config, name, records, notes),
          },
    );
    return {
      entities,
      stats: () => ({
        requests: client.stats.requests + tokenClient.stats.requests,
        retries: client.stats.retries + tokenClient.stats.retries,
        refreshes: client.stats.refreshes,
        sleptMs: client.stats.sleptMs + tokenClient.stats.sleptMs,
      }),
    };
  },
};

function describeError(res: HttpResponse): string | undefined {
  const body = res.json as { message?: string; category?: string; errorType?: string; policyName?: string } | undefined;
  if (!isObject(body)) return undefined;
  const kind = body.policyName ?? body.errorType ?? body.category;
  return oneLine([kind, body.message].filter(Boolean).join(': '));
}

interface Filter {
  propertyName: string;
  operator: string;
  value: string;
}

interface SearchRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  /** Set on records of the archived listing: when it was deleted. */
  archivedAt?: string;
  /**
   * Added by the connector (not HubSpot) to a record loaded again because its contacts
   * changed: the pull time, which is the new version's `updated_at`.
   */
  reassociatedAt?: string;
  [key: string]: unknown;
}

class HubSpotApi {
  constructor(
    private readonly client: HttpClient,
    private readonly base: string,
    private readonly config: HubSpotConfig,
  ) {}

  async pull(ctx: SourceContext, entity: HubSpotEntity, cursor: Cursor | null) {
    const { since, until } = changeWindow(ctx, cursor, this.config);
    const changed = await this.search(entity, since, until);
    // Search leaves archived records out: deletions come from the archived listing.
    const archived = await this.listArchived(entity, since, until);
    const notes: Record<string, unknown> = {
      since: since.toISOString(),
      until: until.toISOString(),
      archived: archived.length,
    };
    const next: Cursor = { since: until.toISOString() };
    if (entity === 'contacts') return { records: [...changed, ...archived], cursor: next, notes };

    // Deals and engagements: the recent ones are read again for their associations, which
    // can change without touching the record (a backfill leaves the saved state alone).
    const recent = ctx.backfill ? [] : await this.searchRecent(entity, until);
    const seen = new Set(changed.map((r) => r.id));
    const others = recent.filter((r) => !seen.has(r.id));
    // An archived record has no associations left; it loads as a deletion.
    await this.attachContacts(entity, [...changed, ...others]);
    const reassociated = ctx.backfill
      ? []
      : markReassociated(changed, others, recent, cursor, until.toISOString(), next);
    const records = [...changed, ...reassociated, ...archived];
    notes.reassociated = reassociated.length + changed.filter((r) => r.reassociatedAt !== undefined).length;
    if (entity === 'deals') notes.companyCurrency = await this.attachCompanyCurrency(ctx.source, records);
    else {
      // What the mapping will leave out (did not happen, no time), so no skip is silent.
      notes.activities = tallyActivities(records.map((r) => engagementOutcome(this.config, entity, r)));
    }
    return { records, cursor: next, notes };
  }

  /**
   * The deals and engagements whose associations can still change a figure: engagements with
   * `hs_timestamp` in the last `associationLookbackDays` days, deals not closed (`hs_is_closed`
   * false) or with `closedate` in those days. Empty when the lookback is 0.
   */
  private async searchRecent(entity: 'deals' | 'calls' | 'emails' | 'meetings', until: Date): Promise<SearchRecord[]> {
    const days = this.config.associationLookbackDays;
    if (days === 0) return [];
    const from = String(until.getTime() - days * 86_400_000);
    const groups: Filter[][] =
      entity === 'deals'
        ? [
            [{ propertyName: 'hs_is_closed', operator: 'EQ', value: 'false' }],
            [{ propertyName: 'closedate', operator: 'GTE', value: from }],
          ]
        : [[{ propertyName: 'hs_timestamp', operator: 'GTE', value: from }]];
    return this.searchWhere(entity, groups);
  }

  /**
   * Records archived (deleted, in the recycle bin) in [since, until], by `archivedAt`:
   * `GET /crm/v3/objects/{type}?archived=true`, 100 a page, `after` as HubSpot gives it. The
   * listing cannot be filtered by time, so every archived record is read and those archived
   * outside the window are dropped here (archiving leaves `hs_lastmodifieddate` alone, so
   * `archivedAt` is the only time of the deletion). Throws when a record has no `archivedAt`
   * (its deletion could not be placed in time) or the API repeats a cursor.
   */
  async listArchived(entity: HubSpotEntity, since: Date, until: Date): Promise<SearchRecord[]> {
    const guard = new CursorGuard(`hubspot: archived ${entity}`);
    const out: SearchRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({
        archived: 'true',
        limit: '100',
        properties: this.properties(entity).join(','),
      });
      if (after !== undefined) query.set('after', after);
      const res = await this.client.get(`${this.base}/crm/v3/objects/${entity}?${query.toString()}`);
      const body = res.json as { results?: SearchRecord[]; paging?: { next?: { after?: string } } } | undefined;
      if (!body || !Array.isArray(body.results)) {
        throw new Error(`hubspot: archived ${entity}: unexpected response (no results array)`);
      }
      for (const record of body.results) {
        const at = Date.parse(String(record?.archivedAt ?? ''));
        if (Number.isNaN(at)) {
          throw new Error(
            `hubspot: archived ${entity}: record "${String(record?.id)}" has no archivedAt; its deletion cannot be dated`,
          );
        }
        if (at >= since.getTime() && at <= until.getTime()) out.push({ ...record, archived: true });
      }
      const next = body.paging?.next?.after;
      if (next === undefined || next === null) break;
      guard.check(String(next));
      after = String(next);
    }
    return out;
  }

  private properties(entity: HubSpotEntity): string[] {
    if (entity === 'contacts') {
      const p = this.config.properties;
      const extra = [
        p.utm_source,
        p.utm_medium,
        p.utm_campaign,
        p.campaign_id,
        p.campaign_name,
        p.company_domain,
        p.mql_at,
        p.disqualification_reason,
      ];
      return [...new Set([...BASE_CONTACT_PROPERTIES, ...extra.filter((x): x is string => !!x)])];
    }
    if (entity === 'deals') return DEAL_PROPERTIES;
    return ENGAGEMENT_PROPERTIES[entity];
  }

  /**
   * Every object modified in [since, until], however many, each once. Keyset paging by
   * `hs_object_id` (numeric, ascending): each page asks for ids above the last one seen, so an
   * object that changes during the pull (and so leaves the window) shifts nothing, and no query
   * nears the 10,000-result cap. The changed object is pulled by the next run, whose window
   * starts before this one's end. Throws when HubSpot answers ids out of order or not numeric
   * (keyset paging would then skip records silently).
   */
  async search(entity: HubSpotEntity, since: Date, until: Date): Promise<SearchRecord[]> {
    const modified = entity === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
    return this.searchWhere(entity, [
      [
        { propertyName: modified, operator: 'GTE', value: String(since.getTime()) },
        { propertyName: modified, operator: 'LTE', value: String(until.getTime()) },
      ],
    ]);
  }

  /**
   * Every object matching any of `groups` (OR of ANDs), keyset-paged by `hs_object_id` as
   * `search` describes: each group gets `hs_object_id GT <last id seen>`.
   */
  private async searchWhere(entity: HubSpotEntity, groups: Filter[][]): Promise<SearchRecord[]> {
    const guard = new CursorGuard(`hubspot: search ${entity}`);
    const out: SearchRecord[] = [];
    let lastId = 0;
    for (;;) {
      guard.check(String(lastId));
      const keyset = { propertyName: 'hs_object_id', operator: 'GT', value: String(lastId) };
      const res = await this.client.post(`${this.base}/crm/v3/objects/${entity}/search`, {
        filterGroups: groups.map((filters) => ({ filters: [...filters, keyset] })),
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: this.properties(entity),
        limit: this.config.pageSize,
      });
      const body = res.json as { results?: SearchRecord[]; paging?: { next?: { after?: string } } } | undefined;
      if (!body || !Array.isArray(body.results)) {
        throw new Error(`hubspot: search ${entity}: unexpected response (no results array)`);
      }
      for (const record of body.results) {
        const id = Number(record?.id);
        if (!Number.isSafeInteger(id) || id <= lastId) {
          throw new Error(
            `hubspot: search ${entity}: id "${String(record?.id)}" after ${lastId} is not in ascending numeric order; paging by id would skip records`,
          );
        }
        lastId = id; // numeric, never compared as text
        out.push(record);
      }
      // Stop only when HubSpot says there is no next page: a short page is not the end.
      const next = body.paging?.next?.after;
      if (next === undefined || next === null) break;
    }
    return out;
  }

  /**
   * Deals without `deal_currency_code` are in the portal's company currency (HubSpot's rule):
   * when there are any, asks `GET /account-info/v3/details` once per run and adds
   * `accountInfo: { companyCurrency }` (as received) to each of them. Throws CurrencyError
   * (nothing is loaded) when neither HubSpot nor the `currency` setting can say it, or when
   * they disagree. Returns the currency HubSpot gave (null when it was not needed or refused).
   */
  private async attachCompanyCurrency(source: string, deals: SearchRecord[]): Promise<string | null> {
    const without = deals.filter((d) => str(d.properties.deal_currency_code) === null);
    if (without.length === 0) return null;
    this.account ??= await this.readAccountInfo(source);
    accountCurrency(this.account);
    if (this.account.vendor !== null) {
      for (const d of without) d.accountInfo = { companyCurrency: this.account.vendor };
    }
    return this.account.vendor;
  }

  private account: AccountCurrencyInput | undefined;

  private async readAccountInfo(source: string): Promise<AccountCurrencyInput> {
    let vendor: string | null = null;
    let lookupError: string | undefined;
    try {
      const res = await this.client.get(`${this.base}/account-info/v3/details`);
      vendor = isObject(res.json) ? str(res.json.companyCurrency) : null;
    } catch (err) {
      lookupError = err instanceof Error ? err.message : String(err);
    }
    return { ...companyCurrencyInput(source, this.config, vendor), lookupError };
  }

  /** Adds `associations.contacts` (v4 batch read, as received) and `associatedContacts` (emails). */
  private async attachContacts(from: string, records: SearchRecord[]): Promise<void> {
    const toIds = new Map<string, Array<Record<string, unknown>>>();
    // At most 1000 ids per associations batch read (HubSpot's limit since 2025-02-10).
    for (let i = 0; i < records.length; i += 1000) {
      let inputs: Array<{ id: string; after?: string }> = records.slice(i, i + 1000).map((r) => ({ id: r.id }));
      const guard = new CursorGuard(`hubspot: associations ${from}→contacts`);
      while (inputs.length > 0) {
        guard.check(JSON.stringify(inputs));
        const res = await this.client.post(`${this.base}/crm/v4/associations/${from}/contacts/batch/read`, { inputs });
        const body = res.json as {
          results?: Array<{
            from: { id: string };
            to: Array<Record<string, unknown>>;
            paging?: { next?: { after?: string } };
          }>;
        };
        const more: Array<{ id: string; after: string }> = [];
        for (const result of body?.results ?? []) {
          const list = toIds.get(result.from.id) ?? [];
          list.push(...(result.to ?? []));
          toIds.set(result.from.id, list);
          const next = result.paging?.next?.after;
          if (next) more.push({ id: result.from.id, after: next });
        }
        inputs = more;
      }
    }
    const contactIds = [...new Set([...toIds.values()].flat().map((t) => String(t.toObjectId)))];
    const contacts = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < contactIds.length; i += 100) {
      const res = await this.client.post(`${this.base}/crm/v3/objects/contacts/batch/read`, {
        inputs: contactIds.slice(i, i + 100).map((id) => ({ id })),
        properties: ['email'],
      });
      const body = res.json as { results?: Array<Record<string, unknown>> };
      for (const c of body?.results ?? []) contacts.set(String(c.id), c);
    }
    for (const r of records) {
      const to = toIds.get(r.id) ?? [];
      r.associations = { contacts: to };
      r.associatedContacts = to.map((t) => contacts.get(String(t.toObjectId))).filter((c) => c !== undefined);
    }
  }
}

// ---- associations changed since the last run ----

/** Cursor key of the association fingerprints of the recent records (`id:fp,id:fp`). */
const ASSOCIATIONS_KEY = 'associations';

/**
 * A short digest of a record's contacts (ids and addresses, order-free): it changes when a
 * contact is added or taken off, or a contact's address changes.
 */
function contactsFingerprint(r: SearchRecord): string {
  const to = isObject(r.associations) && Array.isArray(r.associations.contacts) ? r.associations.contacts : [];
  const emails = new Map<string, string>();
  for (const c of Array.isArray(r.associatedContacts) ? r.associatedContacts : []) {
    if (isObject(c) && str(c.id) !== null)
      emails.set(String(c.id), (isObject(c.properties) ? str(c.properties.email) : null) ?? '');
  }
  const ids = [...new Set(to.map((t) => (isObject(t) ? str(t.toObjectId) : null)).filter((id) => id !== null))];
  const text = ids
    .sort()
    .map((id) => `${id}=${emails.get(id) ?? ''}`)
    .join('\n');
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

function readFingerprints(cursor: Cursor | null): Map<string, string> {
  const text = cursor?.[ASSOCIATIONS_KEY];
  const out = new Map<string, string>();
  if (typeof text !== 'string') return out;
  for (const entry of text.split(',')) {
    const [id, fp] = entry.split(':');
    if (id && fp) out.set(id, fp);
  }
  return out;
}

/**
 * Which recent records get a new version because their contacts changed since the last run
 * (an association change leaves `hs_lastmodifieddate` alone, CONNECTORS §8): compares each
 * recent record's contacts with the fingerprint the last run saved in the cursor, and saves
 * this run's into `next`. Returns the recent records not otherwise pulled whose contacts
 * changed (or that the last run did not know), marked `reassociatedAt` = `at` (the pull time,
 * their `updated_at`, so they win over every earlier version); a changed record the window
 * pulled anyway is marked too, since an earlier run may have loaded a version dated later than
 * its modification.
 */
function markReassociated(
  changed: SearchRecord[],
  others: SearchRecord[],
  recent: SearchRecord[],
  cursor: Cursor | null,
  at: string,
  next: Cursor,
): SearchRecord[] {
  const before = readFingerprints(cursor);
  const recentIds = new Set(recent.map((r) => r.id));
  const now = new Map<string, string>();
  for (const r of [...changed, ...others]) if (recentIds.has(r.id)) now.set(r.id, contactsFingerprint(r));
  for (const r of changed) {
    const was = before.get(r.id);
    if (was !== undefined && was !== now.get(r.id)) r.reassociatedAt = at;
  }
  const out = others.filter((r) => before.get(r.id) !== now.get(r.id));
  for (const r of out) r.reassociatedAt = at;
  next[ASSOCIATIONS_KEY] = [...now].map(([id, fp]) => `${id}:${fp}`).join(',');
  return out;
}

// ---- mapping (records as received → canonical rows) ----

/**
 * The time of the version a record is: its last modification, or its archiving or the pull
 * that found its contacts changed when later (neither touches `hs_lastmodifieddate`, and the
 * new version must replace the last one loaded). ISO-8601 UTC, null when there is none.
 */
function versionTime(modified: string | null, r: SearchRecord): string | null {
  const times = [modified, isoTimestamp(r.archivedAt), isoTimestamp(r.reassociatedAt)].filter(
    (t): t is string => t !== null,
  );
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function mapRecords(
  ctx: SourceContext,
  config: HubSpotConfig,
  entity: HubSpotEntity,
  records: readonly unknown[],
  notes?: NoteSink,
): ParsedRow[] {
  const file = `${ctx.source} API ${entity}`;
  return records.flatMap((record, index): ParsedRow[] => {
    const line = index + 1;
    if (!isObject(record) || !isObject(record.properties) || str(record.id) === null) {
      return [reject(file, line, null, 'not a HubSpot object (no id or properties)', record)];
    }
    const r = record as SearchRecord;
    let out: CanonicalRecord[];
    if (entity === 'contacts') out = [mapContact(config, r, notes)];
    else if (entity === 'deals') {
      try {
        out = [mapDeal(ctx, config, r, notes)];
      } catch (err) {
        if (err instanceof CurrencyError) return [reject(file, line, 'deal_currency_code', err.message, record)];
        throw err;
      }
    } else out = mapEngagement(config, entity, r, notes);
    return out.map((rec) => ({ ok: true as const, line, record: rec }));
  });
}

/**
 * A contact as a canonical lead. A lifecycle stage or Lead Status nothing maps is noted in
 * `notes` (noteUnmappedLabel, with its setting `lifecycleStages` or `leadStatuses`), so the
 * report holds lead quality as not measured (core/report/unknown-labels.ts).
 */
function mapContact(config: HubSpotConfig, r: SearchRecord, notes?: NoteSink): CanonicalRecord {
  const p = r.properties;
  const lifecycle = hubspotLifecycleStage(str(p.lifecyclestage), str(p.hs_lead_status), config);
  if (notes && lifecycle.unmapped !== undefined)
    noteUnmappedLabel(notes, 'lifecyclestage', lifecycle.unmapped, 'lifecycleStages');
  const leadStatus = hubspotLeadStatus(str(p.hs_lead_status), config);
  if (notes && leadStatus.unmapped !== undefined)
    noteUnmappedLabel(notes, 'hs_lead_status', leadStatus.unmapped, 'leadStatuses');
  const map = config.properties;
  const utmSource = str(p[map.utm_source]);
  const utmMedium = str(p[map.utm_medium]);
  return {
    lead_id: String(r.id),
    email: str(p.email),
    first_name: str(p.firstname),
    last_name: str(p.lastname),
    company: str(p.company),
    company_domain: websiteDomain(str(p[map.company_domain]), str(p.company)),
    created_at: isoTimestamp(p.createdate) ?? isoTimestamp(r.createdAt),
    created_at_time_unknown: false, // the API gives the time
    updated_at: versionTime(isoTimestamp(p.lastmodifieddate) ?? isoTimestamp(r.updatedAt), r),
    lifecycle_stage: lifecycle.value,
    mql_at: isoTimestamp(p[map.mql_at]),
    status: str(p.hs_lead_status),
    ...hubspotDisqualification(
      str(p.hs_lead_status),
      map.disqualification_reason ? str(p[map.disqualification_reason]) : null,
      config,
    ),
    owner_id: str(p.hubspot_owner_id),
    channel: hubspotChannel(str(p.hs_analytics_source), { source: utmSource, medium: utmMedium }).value,
    campaign_id: map.campaign_id ? str(p[map.campaign_id]) : null,
    campaign_name: map.campaign_name ? str(p[map.campaign_name]) : null,
    utm_source: utmSource,
    utm_medium: utmMedium,
    utm_campaign: str(p[map.utm_campaign]),
    is_deleted: r.archived === true,
    additional_emails: multiValue(p.hs_additional_emails),
    merged_lead_ids: multiValue(p.hs_merged_object_ids),
  };
}

/** A multi-value property: HubSpot separates the values with `;`. */
function multiValue(value: string | null | undefined): string[] {
  const text = str(value);
  if (text === null) return [];
  return [
    ...new Set(
      text
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
  ];
}

function contactEmails(r: SearchRecord): string[] {
  const contacts = Array.isArray(r.associatedContacts) ? r.associatedContacts : [];
  const emails = contacts
    .map((c) => (isObject(c) && isObject(c.properties) ? str(c.properties.email) : null))
    .filter((e): e is string => e !== null);
  return [...new Set(emails)];
}

/**
 * The ids of a deal's associated contacts (`associations.contacts`, the v4 batch read as
 * received), distinct, in the order HubSpot lists them: every one, also those whose address
 * the contacts read did not give, as a deals export's `Associated Contact IDs` lists them.
 */
function contactIds(r: SearchRecord): string[] {
  const to = isObject(r.associations) && Array.isArray(r.associations.contacts) ? r.associations.contacts : [];
  const ids = to.map((t) => (isObject(t) ? str(t.toObjectId) : null)).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/** What says a deal's currency when `deal_currency_code` is empty: the portal's company currency. */
function companyCurrencyInput(source: string, config: HubSpotConfig, vendor: string | null): AccountCurrencyInput {
  return { source, vendor, where: 'GET /account-info/v3/details companyCurrency', setting: config.currency };
}

function mapDeal(ctx: SourceContext, config: HubSpotConfig, r: SearchRecord, notes?: NoteSink): CanonicalRecord {
  const p = r.properties;
  const amount = num(p.amount);
  const own = str(p.deal_currency_code);
  // No code: the company currency HubSpot gave at pull time (`accountInfo`), else the setting (said).
  const company = isObject(r.accountInfo) ? str(r.accountInfo.companyCurrency) : null;
  const currency = amount === null ? own : rowCurrency(own, companyCurrencyInput(ctx.source, config, company), notes);
  const stage = str(p.dealstage);
  const { isClosed: closed, isWon: won } = hubspotDealOutcome(
    stage,
    { closed: bool(p.hs_is_closed), won: bool(p.hs_is_closed_won) },
    { stages: hubspotStageOverrides(config) },
  ).value;
  return {
    deal_id: String(r.id),
    name: str(p.dealname),
    account_name: null,
    account_domain: null,
    created_at: isoTimestamp(p.createdate) ?? isoTimestamp(r.createdAt),
    created_at_time_unknown: false, // the API gives the time
    updated_at: versionTime(isoTimestamp(p.hs_lastmodifieddate) ?? isoTimestamp(r.updatedAt), r),
    closed_at: closed ? isoTimestamp(p.closedate) : null,
    stage,
    is_closed: closed,
    is_won: won,
    amount,
    currency,
    owner_id: str(p.hubspot_owner_id),
    pipeline: str(p.pipeline),
    converted_from_lead_id: null,
    contact_emails: contactEmails(r),
    contact_ids: contactIds(r),
    merged_deal_ids: multiValue(p.hs_merged_object_ids),
    is_deleted: r.archived === true,
  };
}

/**
 * One engagement → one row per associated contact (none when it did not happen), by the rules
 * shared with the activities export (hubspot/activity-mapping.ts). A contact's lead_id is its
 * contact id, as contacts load as leads.
 */
function mapEngagement(
  config: HubSpotConfig,
  entity: 'calls' | 'emails' | 'meetings',
  r: SearchRecord,
  notes?: NoteSink,
): CanonicalRecord[] {
  const outcome = engagementOutcome(config, entity, r);
  // A status nothing maps loads as not happened: listed, its weeks' follow-ups are not measured.
  if (notes && outcome.unmappedStatus !== undefined)
    noteUnmappedLabel(notes, STATUS_PROPERTY[entity], outcome.unmappedStatus, 'activityStatuses');
  return outcome.ok ? outcome.records : [];
}

function engagementOutcome(
  config: HubSpotConfig,
  entity: 'calls' | 'emails' | 'meetings',
  r: SearchRecord,
): ReturnType<typeof mapHubSpotActivity> {
  const p = r.properties;
  const to = isObject(r.associations) && Array.isArray(r.associations.contacts) ? r.associations.contacts : [];
  const emails = new Map<string, string | null>();
  for (const c of Array.isArray(r.associatedContacts) ? r.associatedContacts : []) {
    if (isObject(c) && str(c.id) !== null)
      emails.set(String(c.id), isObject(c.properties) ? str(c.properties.email) : null);
  }
  const contacts = to
    .map((t) => (isObject(t) ? str(t.toObjectId) : null))
    .filter((id): id is string => id !== null)
    .map((id) => ({ id, email: emails.get(id) ?? null, leadId: id }));
  return mapHubSpotActivity({
    object: entity,
    id: String(r.id),
    timestamp: isoTimestamp(p.hs_timestamp),
    meetingStart: isoTimestamp(p.hs_meeting_start_time),
    ownerId: str(p.hubspot_owner_id),
    source: str(p.hs_engagement_source),
    status: str(p[STATUS_PROPERTY[entity]]),
    direction: DIRECTION_PROPERTY[entity] ? str(p[DIRECTION_PROPERTY[entity]]) : null,
    contacts,
    updatedAt: versionTime(isoTimestamp(r.updatedAt ?? p.hs_lastmodifieddate), r),
    archived: r.archived === true,
    activityStatuses: config.activityStatuses,
  });
}
