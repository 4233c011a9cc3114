/**
 * Salesforce connector (CONNECTORS §2, MAPPINGS §2): OAuth client credentials, SOQL through
 * `/queryAll` (so deletions arrive as IsDeleted rows) paged with `nextRecordsUrl`, and Bulk
 * API 2.0 query jobs for the first pull and backfills of leads, tasks and events.
 * Lead → leads; Opportunity (+ contact-role emails, + the lead it was converted from, + the org's
 * currency and time zone) → deals, re-pulled when only a contact role changed; Task and Event
 * (+ the Who contact's address and the lead converted into it) → activities. A 403
 * REQUEST_LIMIT_EXCEEDED (daily allowance gone) is final.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { timeZoneName } from '../../core/time-zone.js';
import { IANAZone } from 'luxon';
import * as z from 'zod';
import { recordLinkKeys } from '../../core/config.js';
import { ACTIVITY_TYPES, CHANNELS, LIFECYCLE_STAGES, type TableName } from '../../core/schema.js';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import { getJsonSecret } from '../../core/secrets.js';
import { websiteDomain } from '../../core/email-key.js';
import { CursorGuard, HttpClient, mapPool, oneLine, RateLimiter, type HttpResponse } from '../http.js';
import { noteUnmappedLabel, type MappingOverrides } from '../labels.js';
import { tallyActivities } from '../activities.js';
import { mapSalesforceActivity, type SalesforceActivityInput } from './activity-mapping.js';
import { isSalesforceId, toSalesforceId18 } from './ids.js';
import { salesforceOwners } from './owners.js';
import {
  salesforceDisqualification,
  salesforceLeadChannel,
  salesforceLeadStage,
  salesforceOpportunityOutcome,
} from './mapping.js';
import {
  baseSourceConfig,
  bool,
  changeWindow,
  isObject,
  isoTimestamp,
  num,
  reject,
  str,
  zonedTimestamp,
  type Connector,
  type Cursor,
  type Entity,
  type SourceContext,
} from '../source.js';
import { accountCurrency, CurrencyError, rowCurrency, type AccountCurrencyInput, type NoteSink } from '../currency.js';

export const SALESFORCE_ENTITIES = ['leads', 'opportunities', 'tasks', 'events', 'owners'] as const;
/** The record entities (owners are the users, listed whole: owners.ts). */
type SfEntity = Exclude<(typeof SALESFORCE_ENTITIES)[number], 'owners'>;

const configSchema = z
  .object({
    ...baseSourceConfig,
    /**
     * The zone a CloseDate (a day) is read in. Default: the org's default time zone
     * (`Organization.TimeZoneSidKey`), read on every run; set it only to override the org.
     */
    timezone: timeZoneName.optional(),
    overlapMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(10),
    /** The org's URL for links from the overdue list to leads (core `recordLinkKeys`); default `baseUrl`. */
    instanceUrl: recordLinkKeys.instanceUrl,
    entities: z
      .array(z.enum(SALESFORCE_ENTITIES))
      .min(1)
      .default([...SALESFORCE_ENTITIES]),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d$/, 'must look like v62.0')
      .default('v62.0'),
    /** Use Bulk API 2.0 when there is no cursor yet (first pull) and for backfills. */
    bulkForBackfill: z.boolean().default(true),
    /** Longest wait between polls of a Bulk job; polls start at `bulkPollStartMs` and back off ×1.5. */
    bulkPollMs: z.number().int().min(0).default(2000),
    bulkPollStartMs: z.number().int().min(0).default(100),
    bulkMaxRecords: z.number().int().min(1).default(50_000),
    bulkTimeoutMinutes: z.number().min(1).default(30),
    /**
     * Independent streams at once: the entities (so Bulk jobs run side by side) and the
     * converted-lead look-ups of opportunities. They share the source's rate limiter.
     */
    concurrency: z.number().int().min(1).max(8).default(4),
    /**
     * Ignored (kept so existing configs stay valid): whether the org is multi-currency is read
     * from the Opportunity describe (`CurrencyIsoCode` present) on every run.
     */
    multiCurrency: z.boolean().optional(),
    /**
     * The org's currency, only for when Salesforce cannot be asked (Organization not readable);
     * refused when it contradicts `Organization.DefaultCurrencyIsoCode`.
     */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /** Canonical column ← custom Lead field, e.g. `{ "utm_source": "UTM_Source__c" }`. */
    leadFields: z
      .object({
        utm_source: z.string().optional(),
        utm_medium: z.string().optional(),
        utm_campaign: z.string().optional(),
        campaign_id: z.string().optional(),
        mql_at: z.string().optional(),
        /** The standard Lead has no reason field: the custom one holding sales' disqualification reason. */
        disqualification_reason: z.string().optional(),
      })
      .strict()
      .default({}),
    /** Lead Status value → canonical stage (custom status values). */
    leadStatuses: z.record(z.string(), z.enum(LIFECYCLE_STAGES)).default({}),
    /**
     * Lead Status values that mean sales disqualified the lead; they replace the defaults
     * (SALESFORCE_DISQUALIFIED_STATUSES: Closed - Not Converted, Unqualified, Disqualified).
     */
    disqualifiedStatuses: z.array(z.string().min(1)).min(1).optional(),
    /** LeadSource value → channel (custom picklist values). */
    leadSources: z.record(z.string(), z.enum(CHANNELS)).default({}),
    /**
     * Task TaskSubtype or Type value → call, email, meeting, task or other (custom Type values
     * such as "Call - Outbound"); they win over the tables, as a CSV format's `activityTypes`.
     */
    activityTypes: z.record(z.string(), z.enum(ACTIVITY_TYPES)).default({}),
  })
  .strict();
export type SalesforceConfig = z.output<typeof configSchema>;

const TABLE_OF: Record<SfEntity, TableName> = {
  leads: 'leads',
  opportunities: 'deals',
  tasks: 'activities',
  events: 'activities',
};
const OBJECT_OF: Record<SfEntity, string> = {
  leads: 'Lead',
  opportunities: 'Opportunity',
  tasks: 'Task',
  events: 'Event',
};

const LEAD_FIELDS = [
  'Id',
  'Email',
  'FirstName',
  'LastName',
  'Company',
  'Website',
  'Status',
  'LeadSource',
  'CreatedDate',
  'IsConverted',
  'ConvertedDate',
  'ConvertedOpportunityId',
  // The contact a conversion moved the lead's tasks and events to (activities.contact_id).
  'ConvertedContactId',
  'OwnerId',
  'SystemModstamp',
  'IsDeleted',
  // Set on a lead a merge deleted: the lead it was merged into (the survivor does not list it).
  'MasterRecordId',
];
const TASK_FIELDS = [
  'Id',
  'WhoId',
  'WhatId',
  'ActivityDate',
  'CreatedDate',
  'Status',
  // When and whether it happened: ActivityDate is a due date, CreatedDate the logging time.
  'IsClosed',
  'CompletedDateTime',
  'TaskSubtype',
  'Type',
  'OwnerId',
  'SystemModstamp',
  'IsDeleted',
];
const EVENT_FIELDS = [
  'Id',
  'WhoId',
  'WhatId',
  'ActivityDateTime',
  'StartDateTime',
  // An all-day event is its day (ActivityDate): its StartDateTime is 00:00 UTC, no recorded time.
  'IsAllDayEvent',
  'ActivityDate',
  'CreatedDate',
  'EventSubtype',
  'OwnerId',
  'SystemModstamp',
  'IsDeleted',
];

/** Salesforce answers errors as `[{"message","errorCode"}]`. */
function sfError(res: HttpResponse): { errorCode?: string; message?: string } | undefined {
  const body = res.json;
  const first = Array.isArray(body) ? body[0] : body;
  return isObject(first)
    ? {
        errorCode: str(first.errorCode) ?? str(first.error) ?? undefined,
        message: str(first.message) ?? str(first.error_description) ?? undefined,
      }
    : undefined;
}

export const salesforce: Connector<SalesforceConfig> = {
  vendor: 'salesforce',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const clientId = str(secret.clientId);
    const clientSecret = str(secret.clientSecret);
    if (!clientId || !clientSecret)
      throw new Error(`secret "${secretName}": needs clientId and clientSecret (client credentials flow)`);
    const login = (config.baseUrl ?? str(secret.myDomainUrl) ?? '').replace(/\/$/, '');
    if (!login)
      throw new Error(
        `config.sources.${ctx.source}.baseUrl: the My Domain URL (https://<domain>.my.salesforce.com) is required`,
      );
    const session = { token: '', instanceUrl: '' };
    const describeError = (res: HttpResponse): string | undefined => {
      const e = sfError(res);
      return e ? oneLine([e.errorCode, e.message].filter(Boolean).join(': ')) : undefined;
    };
    // Salesforce has no per-second limit, only a daily allowance (whose 403 is final), so
    // parallel streams are paced to 25 requests/s by default (the org's concurrent-request
    // ceiling, and polite to the other tools sharing the allowance); `rateLimit` overrides it.
    const limiter = new RateLimiter(config.rateLimit ?? { limit: 25, windowMs: 1000 }, ctx.http);
    const tokenClient = new HttpClient({
      vendor: 'salesforce',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      limiter,
      describeError,
    });
    // One token request at a time: concurrent streams starting (or hitting a 401) together share it.
    let authenticating: Promise<void> | undefined;
    const authenticate = (): Promise<void> =>
      (authenticating ??= requestToken().finally(() => {
        authenticating = undefined;
      }));
    const requestToken = async (): Promise<void> => {
      const res = await tokenClient.request('POST', `${login}/services/oauth2/token`, {
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      });
      const body = res.json as { access_token?: string; instance_url?: string } | undefined;
      if (!body?.access_token || !body.instance_url)
        throw new Error('salesforce: token response lacks access_token or instance_url');
      session.token = body.access_token;
      session.instanceUrl = body.instance_url.replace(/\/$/, '');
    };
    const client = new HttpClient({
      vendor: 'salesforce',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      limiter,
      auth: async () => {
        if (!session.token) await authenticate();
        return { authorization: `Bearer ${session.token}` };
      },
      refresh: authenticate,
      describeError,
      classify: (res) => {
        // The daily allowance is gone: retrying only burns what another tool may need.
        if (res.status === 403 && sfError(res)?.errorCode === 'REQUEST_LIMIT_EXCEEDED') return 'fail';
        return undefined;
      },
    });
    const api = new SalesforceApi(ctx, client, config, () => session.instanceUrl, authenticate);
    const entities: Entity[] = config.entities.map((name) =>
      name === 'owners'
        ? salesforceOwners(ctx, (soql) => api.query(soql))
        : {
            name,
            table: TABLE_OF[name],
            pull: (cursor) => api.pull(name, cursor),
            map: (records, notes) => mapRecords(ctx, config, name, records, notes),
          },
    );
    return {
      entities,
      concurrency: config.concurrency,
      stats: () => ({
        requests: client.stats.requests + tokenClient.stats.requests,
        retries: client.stats.retries + tokenClient.stats.retries,
        refreshes: client.stats.refreshes,
        sleptMs: client.stats.sleptMs + tokenClient.stats.sleptMs,
      }),
    };
  },
};

type SfRecord = Record<string, unknown>;

/** SOQL datetime literal (unquoted, UTC). */
function soqlTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A contact's id (key prefix 003), 15 or 18 characters. */
function isContactId(id: string | null): id is string {
  return id !== null && /^003[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(id);
}

/** Rows by the value of `field` (rows without one left out). */
function groupBy(rows: readonly SfRecord[], field: string): Map<string, SfRecord[]> {
  const out = new Map<string, SfRecord[]>();
  for (const row of rows) {
    const key = str(row[field]);
    if (key !== null) out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

/**
 * The org's zone as a pull found it, and whether that was assumed (raw manifest
 * `notes.closeDates`, `notes.activityDays`): it reads the day of an all-day event whose start
 * is a wall time. Since methodology 1.10 the calendar days themselves (CloseDate,
 * ActivityDate) start in the report's zone (`SourceContext.timezone`), whatever this says.
 */
interface CloseDateZone {
  timezone: string;
  /** The setting, `Organization.TimeZoneSidKey`, or why neither was there. */
  from: string;
  assumed: boolean;
}

/** What one run read of the org (see `readOrganization`). */
interface OrgFacts {
  multi: boolean;
  org: AccountCurrencyInput;
  closeDates: CloseDateZone;
  /** Attached to each raw opportunity as `Organization`, as the query returned it. */
  attach: SfRecord;
}

class SalesforceApi {
  constructor(
    private readonly ctx: SourceContext,
    private readonly client: HttpClient,
    private readonly config: SalesforceConfig,
    private readonly instance: () => string,
    private readonly authenticate: () => Promise<void>,
  ) {}

  private get data(): string {
    return `${this.instance()}/services/data/${this.config.apiVersion}`;
  }

  private fields(entity: SfEntity): string[] {
    if (entity === 'leads') {
      const custom = Object.values(this.config.leadFields).filter((f): f is string => !!f);
      return [...new Set([...LEAD_FIELDS, ...custom])];
    }
    if (entity === 'tasks') return TASK_FIELDS;
    if (entity === 'events') return EVENT_FIELDS;
    const fields = [
      'Id',
      'Name',
      'AccountId',
      'Account.Name',
      'Account.Website',
      'StageName',
      'Amount',
      'CloseDate',
      'IsWon',
      'IsClosed',
      'CreatedDate',
      'OwnerId',
      'SystemModstamp',
      'IsDeleted',
    ];
    if (this.organization?.multi) fields.push('CurrencyIsoCode');
    return fields;
  }

  /** Read once per run: see `readOrganization`. */
  private organization: OrgFacts | undefined;

  /**
   * What the Opportunity mapping needs to know of the org, once per run. Is it multi-currency?
   * Only then does Opportunity have `CurrencyIsoCode` (selecting it elsewhere is INVALID_FIELD),
   * so the describe decides (`GET …/sobjects/Opportunity/describe`); in a single-currency org
   * every amount is in `Organization.DefaultCurrencyIsoCode`. And the zone of a CloseDate: the
   * source's `timezone` when set, else `Organization.TimeZoneSidKey` (the org's default zone),
   * else, when the Organization cannot be read, UTC, said as assumed. Throws when the org's zone
   * is no IANA zone (set the source's `timezone`).
   */
  private async readOrganization(): Promise<OrgFacts> {
    if (this.organization) return this.organization;
    if (!this.instance()) await this.authenticate();
    const res = await this.client.get(`${this.data}/sobjects/Opportunity/describe`);
    const described = (res.json as { fields?: Array<{ name?: string }> } | undefined)?.fields;
    if (!Array.isArray(described)) throw new Error('salesforce: Opportunity describe: unexpected response (no fields)');
    const multi = described.some((f) => f?.name === 'CurrencyIsoCode');
    const fields = [...(multi ? [] : ['DefaultCurrencyIsoCode']), ...(this.config.timezone ? [] : ['TimeZoneSidKey'])];
    let org: SfRecord | undefined;
    let lookupError: string | undefined;
    if (fields.length > 0) {
      try {
        [org] = await this.query(`SELECT ${fields.join(', ')} FROM Organization`);
      } catch (err) {
        lookupError = err instanceof Error ? err.message : String(err);
      }
    }
    const vendor = !multi && org ? str(org.DefaultCurrencyIsoCode) : null;
    const orgZone = org ? str(org.TimeZoneSidKey) : null;
    if (!this.config.timezone && orgZone !== null && !IANAZone.isValidZone(orgZone)) {
      throw new Error(
        `salesforce: Organization.TimeZoneSidKey "${orgZone}" is not an IANA time zone; set sources.${this.ctx.source}.timezone to the org's zone`,
      );
    }
    const closeDates: CloseDateZone = this.config.timezone
      ? { timezone: this.config.timezone, from: `sources.${this.ctx.source}.timezone`, assumed: false }
      : orgZone !== null
        ? { timezone: orgZone, from: 'Organization.TimeZoneSidKey', assumed: false }
        : {
            timezone: 'UTC',
            from: `Organization not readable${lookupError ? ` (${lookupError})` : ''}`,
            assumed: true,
          };
    // As received from the Organization query, like ConvertedLeads: the mapping needs no state.
    const attach: SfRecord = {};
    if (vendor !== null) attach.DefaultCurrencyIsoCode = vendor;
    if (orgZone !== null) attach.TimeZoneSidKey = orgZone;
    this.organization = {
      multi,
      org: { ...orgCurrencyInput(this.ctx.source, this.config, vendor), lookupError },
      closeDates,
      attach,
    };
    return this.organization;
  }

  /**
   * Attaches the org's zone (`Organization.TimeZoneSidKey`, as on opportunities) to tasks and
   * events, so their ActivityDate (a due day, an all-day event's day) is read in the zone a
   * CloseDate is. When the org cannot be read, days are read in the source's `timezone`, else
   * UTC, and the returned note says it was assumed (the activities still load).
   */
  private async attachDayZone(records: SfRecord[]): Promise<CloseDateZone> {
    try {
      const { closeDates, attach } = await this.readOrganization();
      if (attach.TimeZoneSidKey !== undefined)
        for (const r of records) if (isObject(r)) r.Organization = { TimeZoneSidKey: attach.TimeZoneSidKey };
      return closeDates;
    } catch (err) {
      if (this.config.timezone)
        return { timezone: this.config.timezone, from: `sources.${this.ctx.source}.timezone`, assumed: false };
      const reason = err instanceof Error ? err.message : String(err);
      return { timezone: 'UTC', from: `Organization not readable (${reason})`, assumed: true };
    }
  }

  async pull(entity: SfEntity, cursor: Cursor | null) {
    const { since, until } = changeWindow(this.ctx, cursor, this.config);
    const where = `WHERE SystemModstamp >= ${soqlTime(since)} AND SystemModstamp < ${soqlTime(until)}`;
    const object = OBJECT_OF[entity];
    const useBulk =
      this.config.bulkForBackfill && entity !== 'opportunities' && (cursor === null || this.ctx.backfill !== undefined);
    let records: SfRecord[];
    const notes: Record<string, unknown> = {};
    if (entity === 'opportunities') {
      const { multi, org, closeDates, attach } = await this.readOrganization();
      // Single-currency org: no record says its currency; the org's must be known before loading.
      if (!multi) accountCurrency(org);
      // Live roles only: queryAll would list the deleted (removed) ones in the subquery too.
      const select = `SELECT ${this.fields(entity).join(', ')}, (SELECT ContactId, Contact.Email FROM OpportunityContactRoles WHERE IsDeleted = false) FROM Opportunity`;
      records = await this.query(`${select} ${where} ORDER BY SystemModstamp, Id`);
      // A contact role added or removed touches only the role, never the Opportunity: the
      // opportunities whose roles changed in the window are read again in this pull.
      const roles = await this.query(
        `SELECT Id, OpportunityId, IsDeleted FROM OpportunityContactRole ${where} ORDER BY SystemModstamp, Id`,
      );
      const pulled = new Set(records.map((r) => str(r.Id)));
      const touched = [...new Set(roles.map((r) => str(r.OpportunityId)))].filter(
        (oppId): oppId is string => oppId !== null && !pulled.has(oppId),
      );
      const again = await this.byIds(touched, (list) => `${select} WHERE Id IN (${list}) ORDER BY SystemModstamp, Id`);
      records.push(...again);
      await this.attachConvertedLeads(records);
      if (Object.keys(attach).length > 0) for (const r of records) r.Organization = { ...attach };
      notes.closeDates = closeDates;
      notes.contactRoles = { changed: roles.length, opportunitiesReadAgain: again.length };
    } else {
      const soql = `SELECT ${this.fields(entity).join(', ')} FROM ${object} ${where} ORDER BY SystemModstamp, Id`;
      records = useBulk ? await this.bulkQuery(soql) : await this.query(soql);
      if (entity === 'tasks' || entity === 'events') {
        notes.whoContacts = await this.attachWhoContacts(records);
        notes.activityDays = await this.attachDayZone(records);
      }
    }
    Object.assign(notes, { since: since.toISOString(), until: until.toISOString(), api: useBulk ? 'bulk2' : 'rest' });
    if (entity === 'tasks' || entity === 'events') {
      // What the mapping loads as not happened or deleted, and leaves out, so no skip is silent.
      const object = entity === 'tasks' ? 'Task' : 'Event';
      notes.activities = tallyActivities(
        records.flatMap((r) => {
          if (!isObject(r) || str(r.Id) === null) return [];
          try {
            return [mapSalesforceActivity(activityInput(object, r, dayZone(this.config, r), this.ctx.timezone))];
          } catch {
            return []; // a malformed id or zone: the mapping rejects it
          }
        }),
      );
    }
    return { records, cursor: { since: until.toISOString() }, notes };
  }

  /** REST `/queryAll` (deleted rows included), following `nextRecordsUrl` until `done`. */
  async query(soql: string): Promise<SfRecord[]> {
    if (!this.instance()) await this.authenticate();
    const out: SfRecord[] = [];
    const guard = new CursorGuard('salesforce: query');
    let url = `${this.data}/queryAll?q=${encodeURIComponent(soql)}`;
    for (;;) {
      const res = await this.client.get(url);
      const body = res.json as { done?: boolean; nextRecordsUrl?: string; records?: SfRecord[] } | undefined;
      if (!body || !Array.isArray(body.records))
        throw new Error('salesforce: query: unexpected response (no records array)');
      out.push(...body.records);
      if (body.done !== false) break;
      if (!body.nextRecordsUrl) throw new Error('salesforce: query: done=false without nextRecordsUrl');
      guard.check(body.nextRecordsUrl);
      url = `${this.instance()}${body.nextRecordsUrl}`;
    }
    return out;
  }

  /**
   * Runs `soql(list)` for the ids 200 at a time (a quoted, comma-separated IN list; the
   * batches side by side within `concurrency`) and returns every row. Ids that are not
   * Salesforce ids are left out, so nothing but an id reaches the query text.
   */
  private async byIds(ids: readonly string[], soql: (list: string) => string): Promise<SfRecord[]> {
    const valid = [...new Set(ids)].filter((id) => /^[A-Za-z0-9]{15,18}$/.test(id));
    const lists: string[] = [];
    for (let i = 0; i < valid.length; i += 200) {
      lists.push(
        valid
          .slice(i, i + 200)
          .map((id) => `'${id}'`)
          .join(','),
      );
    }
    const found = await mapPool(lists, this.config.concurrency, (list) => this.query(soql(list)));
    return found.flat();
  }

  /** Adds `ConvertedLeads` (query result, as received): the leads converted into each opportunity. */
  private async attachConvertedLeads(opps: SfRecord[]): Promise<void> {
    const ids = opps.map((o) => str(o.Id)).filter((id): id is string => id !== null);
    const leads = await this.byIds(
      ids,
      (list) => `SELECT Id, ConvertedOpportunityId FROM Lead WHERE ConvertedOpportunityId IN (${list})`,
    );
    const byOpp = groupBy(leads, 'ConvertedOpportunityId');
    for (const o of opps) {
      const found = byOpp.get(String(o.Id)) ?? [];
      o.ConvertedLeads = { totalSize: found.length, done: true, records: found };
    }
  }

  /**
   * For each task or event on a contact (WhoId `003…`), adds as received `Contact` (`SELECT Id,
   * Email FROM Contact`: its address) and `ConvertedLeads` (`SELECT Id, ConvertedContactId,
   * ConvertedDate FROM Lead WHERE ConvertedContactId IN …`: the leads converted into it).
   * Converting a lead moves its tasks and events to the new contact, so without these a
   * converted lead's follow-ups would name nobody. Returns counts for the raw manifest.
   */
  private async attachWhoContacts(records: SfRecord[]): Promise<{ onContacts: number; fromConvertedLeads: number }> {
    const onContact = records.filter((r) => isObject(r) && isContactId(str(r.WhoId)));
    if (onContact.length === 0) return { onContacts: 0, fromConvertedLeads: 0 };
    const ids = onContact.map((r) => String(r.WhoId));
    const [contacts, leads] = await Promise.all([
      this.byIds(ids, (list) => `SELECT Id, Email FROM Contact WHERE Id IN (${list})`),
      this.byIds(
        ids,
        (list) => `SELECT Id, ConvertedContactId, ConvertedDate FROM Lead WHERE ConvertedContactId IN (${list})`,
      ),
    ]);
    const contactById = new Map(contacts.map((c) => [str(c.Id), c]));
    const leadsByContact = groupBy(leads, 'ConvertedContactId');
    let fromConvertedLeads = 0;
    for (const r of onContact) {
      const who = String(r.WhoId);
      const found = leadsByContact.get(who) ?? [];
      if (found.length > 0) fromConvertedLeads++;
      r.Contact = contactById.get(who) ?? null;
      r.ConvertedLeads = { totalSize: found.length, done: true, records: found };
    }
    return { onContacts: onContact.length, fromConvertedLeads };
  }

  /** Bulk API 2.0: create a queryAll job, poll until JobComplete, read CSV results by locator. */
  async bulkQuery(soql: string): Promise<SfRecord[]> {
    if (!this.instance()) await this.authenticate();
    const created = await this.client.post(`${this.data}/jobs/query`, {
      operation: 'queryAll',
      query: soql,
      contentType: 'CSV',
      columnDelimiter: 'COMMA',
      lineEnding: 'LF',
    });
    const jobId = str((created.json as { id?: string } | undefined)?.id);
    if (!jobId) throw new Error('salesforce: bulk job creation returned no id');
    const deadline = this.ctx.http.now() + this.config.bulkTimeoutMinutes * 60_000;
    // Small jobs finish in well under a second, big ones take minutes: poll soon, then back off.
    let pollMs = Math.min(this.config.bulkPollStartMs, this.config.bulkPollMs);
    for (;;) {
      const res = await this.client.get(`${this.data}/jobs/query/${jobId}`);
      const info = res.json as { state?: string; errorMessage?: string } | undefined;
      if (info?.state === 'JobComplete') break;
      if (info?.state === 'Failed' || info?.state === 'Aborted') {
        throw new Error(
          `salesforce: bulk job ${jobId} ${info.state}${info.errorMessage ? `: ${oneLine(info.errorMessage)}` : ''}`,
        );
      }
      if (this.ctx.http.now() > deadline)
        throw new Error(`salesforce: bulk job ${jobId} not complete after ${this.config.bulkTimeoutMinutes} min`);
      await this.ctx.http.sleep(pollMs);
      pollMs = Math.min(this.config.bulkPollMs, Math.max(1, Math.ceil(pollMs * 1.5)));
    }
    const out: SfRecord[] = [];
    const guard = new CursorGuard(`salesforce: bulk results ${jobId}`);
    let locator: string | null = null;
    for (;;) {
      const qs = new URLSearchParams({ maxRecords: String(this.config.bulkMaxRecords) });
      if (locator) qs.set('locator', locator);
      const res = await this.client.get(`${this.data}/jobs/query/${jobId}/results?${qs}`, {
        headers: { accept: 'text/csv' },
      });
      const rows = parseCsv(res.text, { columns: true, skip_empty_lines: true, bom: true }) as Array<
        Record<string, string>
      >;
      // CSV has no nulls: an empty cell is a null, as in the JSON API.
      out.push(...rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : v]))));
      const next = res.headers.get('sforce-locator');
      if (!next || next === 'null') break;
      guard.check(next);
      locator = next;
    }
    return out;
  }
}

// ---- mapping ----

function mapRecords(
  ctx: SourceContext,
  config: SalesforceConfig,
  entity: SfEntity,
  records: readonly unknown[],
  notes?: NoteSink,
): ParsedRow[] {
  const file = `${ctx.source} API ${entity}`;
  return records.flatMap((record, index): ParsedRow[] => {
    const line = index + 1;
    if (!isObject(record) || str(record.Id) === null)
      return [reject(file, line, null, 'not a Salesforce record (no Id)', record)];
    let out: CanonicalRecord[];
    if (entity === 'leads') out = [mapLead(config, record, notes)];
    else if (entity === 'opportunities') {
      try {
        out = [mapOpportunity(ctx, config, record, notes)];
      } catch (err) {
        if (err instanceof CurrencyError) return [reject(file, line, 'CurrencyIsoCode', err.message, record)];
        if (err instanceof CloseDateZoneError) return [reject(file, line, 'CloseDate', err.message, record)];
        throw err;
      }
    } else {
      let outcome: ReturnType<typeof mapSalesforceActivity>;
      try {
        outcome = mapSalesforceActivity({
          ...activityInput(entity === 'tasks' ? 'Task' : 'Event', record, dayZone(config, record), ctx.timezone),
          activityTypes: config.activityTypes,
        });
      } catch (err) {
        if (err instanceof RangeError) return [reject(file, line, 'Id', err.message, record)];
        if (err instanceof CloseDateZoneError) return [reject(file, line, 'ActivityDate', err.message, record)];
        throw err;
      }
      // An open task, or one without a completion time, is not a follow-up (SPEC §4.4).
      out = outcome.ok ? outcome.records : [];
      // A subtype and type nothing maps load as `other`: listed, its weeks' follow-ups are not measured.
      const unmapped = outcome.ok ? outcome.unmappedType : undefined;
      if (notes && unmapped?.subtype != null)
        noteUnmappedLabel(notes, 'TaskSubtype', unmapped.subtype, 'activityTypes');
      if (notes && unmapped?.type != null) noteUnmappedLabel(notes, 'Type', unmapped.type, 'activityTypes');
    }
    return out.map((r) => ({ ok: true as const, line, record: r }));
  });
}

/** A related field from REST (`{ Account: { Name } }`) or Bulk CSV (`"Account.Name"`). */
function related(r: SfRecord, path: string): unknown {
  if (path in r) return r[path];
  let value: unknown = r;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** Salesforce config → the overrides the shared mapping (mapping.ts) takes, as a CSV import's. */
function overridesOf(
  config: Pick<SalesforceConfig, 'leadStatuses' | 'leadSources' | 'disqualifiedStatuses'>,
): MappingOverrides {
  return {
    lifecycleStages: config.leadStatuses,
    channels: config.leadSources,
    ...(config.disqualifiedStatuses ? { disqualifiedStatuses: config.disqualifiedStatuses } : {}),
  };
}

/**
 * A Lead as a canonical lead. A Status nothing maps (`leadStatuses`, the table, or
 * `disqualifiedStatuses`) is noted in `notes` with the setting `leadStatuses`, so the report
 * holds lead quality as not measured (core/report/unknown-labels.ts).
 */
function mapLead(config: SalesforceConfig, r: SfRecord, notes?: NoteSink): CanonicalRecord {
  const f = config.leadFields;
  const stage = salesforceLeadStage(
    {
      status: str(r.Status),
      isConverted: bool(r.IsConverted),
      convertedOpportunityId: str(r.ConvertedOpportunityId),
    },
    overridesOf(config),
  );
  if (notes && stage.unmapped !== undefined) noteUnmappedLabel(notes, 'Status', stage.unmapped, 'leadStatuses');
  const utmSource = f.utm_source ? str(r[f.utm_source]) : null;
  const utmMedium = f.utm_medium ? str(r[f.utm_medium]) : null;
  const channel = salesforceLeadChannel(
    str(r.LeadSource),
    { source: utmSource, medium: utmMedium },
    overridesOf(config),
  ).value;
  return {
    lead_id: String(r.Id),
    email: str(r.Email),
    // The standard Lead has one Email field: no further addresses, as an export without such a column.
    additional_emails: [],
    first_name: str(r.FirstName),
    last_name: str(r.LastName),
    company: str(r.Company),
    company_domain: websiteDomain(str(r.Website), str(r.Company)),
    created_at: isoTimestamp(r.CreatedDate),
    created_at_time_unknown: false, // the API gives the time
    updated_at: isoTimestamp(r.SystemModstamp),
    lifecycle_stage: stage.value,
    mql_at: f.mql_at ? isoTimestamp(r[f.mql_at]) : null,
    status: str(r.Status),
    ...salesforceDisqualification(
      str(r.Status),
      f.disqualification_reason ? str(r[f.disqualification_reason]) : null,
      overridesOf(config),
    ),
    owner_id: str(r.OwnerId),
    channel,
    campaign_id: f.campaign_id ? str(r[f.campaign_id]) : null,
    campaign_name: null,
    utm_source: utmSource,
    utm_medium: utmMedium,
    utm_campaign: f.utm_campaign ? str(r[f.utm_campaign]) : null,
    is_deleted: bool(r.IsDeleted) ?? false,
    // A merge deletes the losing leads and names the kept one in MasterRecordId (SPEC §4.1);
    // queryAll lists them while they are in the Recycle Bin (15 days), so each pull sees them.
    merged_into_lead_id: bool(r.IsDeleted) ? str(r.MasterRecordId) : null,
    // Where the lead went on conversion, as a leads export says it: the one rule in SQL ties
    // the contact's activities and the opportunity to this lead on either path (raw pulled
    // before these were selected reads null: the look-ups below still link those).
    converted_contact_id: str(r.ConvertedContactId),
    converted_deal_id: str(r.ConvertedOpportunityId),
  };
}

function subRecords(value: unknown): SfRecord[] {
  return isObject(value) && Array.isArray(value.records) ? (value.records.filter(isObject) as SfRecord[]) : [];
}

/** What says an amount's currency in a single-currency org: the Organization's default currency. */
function orgCurrencyInput(source: string, config: SalesforceConfig, vendor: string | null): AccountCurrencyInput {
  return {
    source,
    vendor,
    where: 'SELECT DefaultCurrencyIsoCode FROM Organization',
    setting: config.currency,
  };
}

/**
 * The zone a raw record's calendar days (an opportunity's CloseDate, a task's or event's
 * ActivityDate) are read in: the source's `timezone`, else the org's (attached), else UTC (raw
 * pulled before it was attached). Throws CloseDateZoneError for a zone that is no IANA zone.
 */
function dayZone(config: SalesforceConfig, r: SfRecord): string {
  if (config.timezone) return config.timezone;
  const org = str(related(r, 'Organization.TimeZoneSidKey'));
  if (org === null) return 'UTC';
  if (!IANAZone.isValidZone(org))
    throw new CloseDateZoneError(`Organization.TimeZoneSidKey "${org}" is not an IANA time zone`);
  return org;
}

class CloseDateZoneError extends Error {}

function mapOpportunity(ctx: SourceContext, config: SalesforceConfig, r: SfRecord, notes?: NoteSink): CanonicalRecord {
  const { isClosed: closed, isWon: won } = salesforceOpportunityOutcome(str(r.StageName), {
    closed: bool(r.IsClosed),
    won: bool(r.IsWon),
  }).value;
  const amount = num(r.Amount);
  // Multi-currency orgs: the record's CurrencyIsoCode; else the org's currency (said if assumed).
  const org = orgCurrencyInput(ctx.source, config, str(related(r, 'Organization.DefaultCurrencyIsoCode')));
  const own = str(r.CurrencyIsoCode);
  const currency = amount === null ? own : rowCurrency(own, org, notes);
  const emails = subRecords(r.OpportunityContactRoles)
    .map((role) => str(related(role, 'Contact.Email')))
    .filter((e): e is string => e !== null);
  // The roles' contacts by id too (deals.contact_ids): a contact without an address, or whose
  // address differs from the converted lead's, still names the lead converted into it.
  const contactIds = subRecords(r.OpportunityContactRoles)
    .map((role) => str(role.ContactId))
    .filter((id): id is string => id !== null)
    .map((id) => (isSalesforceId(id) ? toSalesforceId18(id) : id));
  const convertedFrom = subRecords(r.ConvertedLeads)
    .map((l) => str(l.Id))
    .filter((id): id is string => id !== null)
    .sort();
  return {
    deal_id: String(r.Id),
    name: str(r.Name),
    account_name: str(related(r, 'Account.Name')),
    account_domain: websiteDomain(str(related(r, 'Account.Website')), str(related(r, 'Account.Name'))),
    created_at: isoTimestamp(r.CreatedDate),
    created_at_time_unknown: false, // the API gives the time
    updated_at: isoTimestamp(r.SystemModstamp),
    // CloseDate is a day: its start in the source's `timezone`, else in the org's default zone
    // (attached from the Organization query), else (raw pulled before it was read) UTC.
    // CloseDate is a calendar day: its start in the report's zone keeps it in its week there
    // (read in an org zone east of the report's, a Monday would start on the Sunday before).
    closed_at: closed ? zonedTimestamp(r.CloseDate, ctx.timezone) : null,
    stage: str(r.StageName),
    is_closed: closed,
    is_won: won,
    amount,
    currency,
    owner_id: str(r.OwnerId),
    pipeline: null,
    converted_from_lead_id: convertedFrom[0] ?? null,
    contact_emails: [...new Set(emails)],
    contact_ids: [...new Set(contactIds)],
    is_deleted: bool(r.IsDeleted) ?? false,
  };
}

/**
 * The lead converted into a task's contact (attached `ConvertedLeads`): the earliest
 * conversion (then the smallest id) when several leads were converted into one contact.
 */
function convertedLead(r: SfRecord): string | null {
  const leads = subRecords(r.ConvertedLeads)
    .map((l) => ({ id: str(l.Id), day: str(l.ConvertedDate) ?? '' }))
    .filter((l): l is { id: string; day: string } => l.id !== null)
    .sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id));
  return leads[0]?.id ?? null;
}

/**
 * A Task or Event as received (REST JSON or Bulk CSV) → the shared mapping's input: an
 * all-day start read in `zone` (the org's), its calendar days (ActivityDate) placed at their
 * start in `reportZone` (the config's `timezone`).
 */
function activityInput(
  object: 'Task' | 'Event',
  r: SfRecord,
  zone: string,
  reportZone: string,
): SalesforceActivityInput {
  return {
    id: String(r.Id),
    object,
    subtype: str(object === 'Task' ? r.TaskSubtype : r.EventSubtype),
    type: object === 'Task' ? str(r.Type) : null,
    status: object === 'Task' ? str(r.Status) : null,
    isClosed: object === 'Task' ? bool(r.IsClosed) : null,
    subject: null,
    completedAt: object === 'Task' ? isoTimestamp(r.CompletedDateTime) : null,
    startAt: object === 'Event' ? (isoTimestamp(r.StartDateTime) ?? isoTimestamp(r.ActivityDateTime)) : null,
    ownerId: str(r.OwnerId),
    // A lead links by its id; a contact by its address and the lead converted into it, both
    // attached by the pull (attachWhoContacts): conversion moves a lead's tasks to its contact.
    email: str(related(r, 'Contact.Email')),
    convertedLeadId: convertedLead(r),
    whoId: str(r.WhoId),
    whatId: str(r.WhatId),
    // ActivityDate is a day (a task's due day, an all-day event's day): its start in the
    // report's zone, as a file import places a day.
    dueAt: zonedTimestamp(r.ActivityDate, reportZone),
    isAllDay: object === 'Event' ? bool(r.IsAllDayEvent) : null,
    dayZone: zone,
    reportZone,
    updatedAt: isoTimestamp(r.SystemModstamp),
    // queryAll lists a deleted task or event (IsDeleted) while it is in the Recycle Bin.
    deleted: bool(r.IsDeleted) ?? false,
  };
}
