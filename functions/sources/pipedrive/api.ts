/**
 * Pipedrive connector (CONNECTORS §3, MAPPINGS §3): API v2 deals changed since the cursor
 * (`updated_since`, sorted by update_time, `cursor` paging, deleted ones asked for with
 * `status`); API v2 persons and activities listed in full each run (sorted by id), of which
 * those changed since the cursor are loaded and those no longer listed are loaded as deleted
 * (v2 has no filter for deleted persons or activities); v1 leads and archived leads (start/limit
 * paging, no change filter: listed in full each run; an unchanged list is recognised by its
 * content hash and not loaded twice).
 * persons and v1 leads → leads (a lead with a person is a record of that person), deals (+
 * person emails) → deals, activities → activities (not done ones as not happened).
 */
import * as z from 'zod';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import type { TableName } from '../../core/schema.js';
import { CHANNELS } from '../../core/schema.js';
import { getJsonSecret } from '../../core/secrets.js';
import { CursorGuard, HttpClient, mapPool, oneLine } from '../http.js';
import { tallyActivities, type ActivityOutcome } from '../activities.js';
import { accountCurrency, CurrencyError, rowCurrency, type AccountCurrencyInput, type NoteSink } from '../currency.js';
import { mapPipedriveActivity } from './activity-mapping.js';
import { pipedriveOwners } from './owners.js';
import { pipedriveChannel, pipedriveClosedAt, pipedriveDealStatus, pipedriveLeadDisqualification } from './mapping.js';
import {
  baseSourceConfig,
  changeWindow,
  isObject,
  isoTimestamp,
  num,
  reject,
  str,
  zonedTimestamp,
  type Connector,
  type Entity,
  type PullResult,
} from '../source.js';

export const PIPEDRIVE_ENTITIES = ['persons', 'deals', 'activities', 'leads', 'owners'] as const;
/** The record entities (owners are the users, listed whole: owners.ts). */
type PdEntity = Exclude<(typeof PIPEDRIVE_ENTITIES)[number], 'owners'>;

const configSchema = z
  .object({
    ...baseSourceConfig,
    companyDomain: z.string().regex(/^[a-z0-9-]+$/i, 'must be the subdomain of <domain>.pipedrive.com'),
    entities: z
      .array(z.enum(PIPEDRIVE_ENTITIES))
      .min(1)
      .default([...PIPEDRIVE_ENTITIES]),
    pageSize: z.number().int().min(1).max(500).default(500),
    /**
     * Independent streams pulled at once (entities, and the person look-ups of deals), all
     * under the one rate limit of the API token; cursor pages within a stream stay sequential.
     */
    concurrency: z.number().int().min(1).max(8).default(4),
    /** Lead/deal `channel` option (id or label) → canonical channel. */
    channels: z.record(z.string(), z.enum(CHANNELS)).default({}),
    /**
     * Stand-in for the API user's `default_currency` (GET /v1/users/me), used only when a deal
     * has no `currency` and Pipedrive cannot be asked; counted as an assumption (../currency.ts).
     */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /**
     * Persons and activities deleted (or merged away) in Pipedrive are noticed by listing all
     * of them each run and comparing with the last run's ids: `scan` (default; refuses when
     * most of them vanish at once). `scan-unguarded` accepts such a mass deletion (for the one
     * run after one really happened). `off` pulls only the changed ones and never notices a
     * deletion (docs/connectors.md, Pipedrive).
     */
    deletions: z.enum(['scan', 'scan-unguarded', 'off']).default('scan'),
  })
  .strict();
export type PipedriveConfig = z.output<typeof configSchema>;

const TABLE_OF: Record<PdEntity, TableName> = {
  persons: 'leads',
  deals: 'deals',
  activities: 'activities',
  leads: 'leads',
};

type PdRecord = Record<string, unknown>;

export const pipedrive: Connector<PipedriveConfig> = {
  vendor: 'pipedrive',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const token = str(secret.apiToken);
    if (!token) throw new Error(`secret "${secretName}": missing apiToken`);
    const base = (config.baseUrl ?? `https://${config.companyDomain}.pipedrive.com`).replace(/\/$/, '');
    const client = new HttpClient({
      vendor: 'pipedrive',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      pace: config.rateLimit ?? { limit: 80, windowMs: 2_000 },
      describeError: (res) => {
        const body = res.json;
        return isObject(body) ? oneLine([str(body.error), str(body.error_info)].filter(Boolean).join(': ')) : undefined;
      },
      classify: (res) => (res.status === 401 ? 'fail' : undefined), // API tokens do not refresh
      retryAfterMs: (res) => {
        const reset = num(res.headers.get('x-ratelimit-reset'));
        return reset === null ? undefined : reset * 1000;
      },
      // The token's budget is spent (by us or another tool): every stream waits for the reset.
      quotaWaitMs: (res) => {
        if (num(res.headers.get('x-ratelimit-remaining')) !== 0) return undefined;
        const reset = num(res.headers.get('x-ratelimit-reset'));
        return reset === null ? undefined : reset * 1000;
      },
    });

    /** v2 list with cursor paging. */
    const listV2 = async (path: string, params: Record<string, string>): Promise<PdRecord[]> => {
      const out: PdRecord[] = [];
      const guard = new CursorGuard(`pipedrive: ${path}`);
      let cursor: string | null = null;
      for (;;) {
        const qs = new URLSearchParams({ ...params, limit: String(config.pageSize) });
        if (cursor) qs.set('cursor', cursor);
        const res = await client.get(`${base}/api/v2/${path}?${qs}`, { headers: { 'x-api-token': token } });
        const body = res.json as
          | { success?: boolean; data?: PdRecord[] | null; additional_data?: { next_cursor?: string | null } }
          | undefined;
        if (!body || body.success !== true) throw new Error(`pipedrive: ${path}: unexpected response`);
        out.push(...(body.data ?? []));
        cursor = body.additional_data?.next_cursor ?? null;
        if (!cursor) break;
        guard.check(cursor);
      }
      return out;
    };

    /** v1 list with start/limit paging (token as `api_token`, never logged: errors show paths only). */
    const listV1 = async (path: string): Promise<PdRecord[]> => {
      const out: PdRecord[] = [];
      const guard = new CursorGuard(`pipedrive: v1 ${path}`);
      let start = 0;
      for (;;) {
        const qs = new URLSearchParams({ start: String(start), limit: String(config.pageSize), api_token: token });
        const res = await client.get(`${base}/api/v1/${path}?${qs}`);
        const body = res.json as
          | {
              success?: boolean;
              data?: PdRecord[] | null;
              additional_data?: { pagination?: { more_items_in_collection?: boolean; next_start?: number } };
            }
          | undefined;
        if (!body || body.success !== true) throw new Error(`pipedrive: v1 ${path}: unexpected response`);
        out.push(...(body.data ?? []));
        const p = body.additional_data?.pagination;
        if (!p?.more_items_in_collection) break;
        if (typeof p.next_start !== 'number') throw new Error(`pipedrive: v1 ${path}: more items but no next_start`);
        guard.check(String(p.next_start));
        start = p.next_start;
      }
      return out;
    };

    /** The API user's default currency (`GET /v1/users/me`), asked once per run when needed. */
    let me: AccountCurrencyInput | undefined;
    const userCurrency = async (): Promise<AccountCurrencyInput> => {
      if (me) return me;
      let vendor: string | null = null;
      let lookupError: string | undefined;
      try {
        const qs = new URLSearchParams({ api_token: token });
        const res = await client.get(`${base}/api/v1/users/me?${qs}`);
        const body = res.json;
        vendor = isObject(body) && isObject(body.data) ? str(body.data.default_currency) : null;
      } catch (err) {
        lookupError = err instanceof Error ? err.message : String(err);
      }
      me = { ...userCurrencyInput(ctx.source, config, vendor), lookupError };
      return me;
    };

    const entities: Entity[] = config.entities.map((name) =>
      name === 'owners' ? pipedriveOwners(ctx, listV1) : recordEntity(name),
    );
    function recordEntity(name: PdEntity): Entity {
      return {
        name,
        table: TABLE_OF[name],
        async pull(cursor, state): Promise<PullResult> {
          if (name === 'leads') {
            // Since 2025-07-15 `/v1/leads` leaves archived leads out; they have a list of their own.
            const records = [...(await listV1('leads')), ...(await listV1('leads/archived'))];
            return { records, cursor: { listedAt: ctx.now.toISOString() } };
          }
          const { since, until } = changeWindow(ctx, cursor, config);
          const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
          const notes: Record<string, unknown> = { since: since.toISOString(), until: until.toISOString() };
          if (name !== 'deals' && config.deletions !== 'off' && !ctx.backfill) {
            const scan = await scanForDeletions(name, since, until, state);
            if (name === 'activities')
              notes.activities = tallyActivities(
                scan.records.filter(isObject).map((r) => activityOutcome(r, ctx.timezone)),
              );
            notes.deletions = { listed: scan.listed, vanished: scan.vanished };
            return { records: scan.records, cursor: { since: until.toISOString() }, notes, state: scan.state };
          }
          const records = await listV2(name, {
            updated_since: iso(since),
            updated_until: iso(until),
            sort_by: 'update_time',
            sort_direction: 'asc',
            // Deleted deals are listed only when asked for (and only for 30 days after deletion).
            ...(name === 'deals' ? { status: 'open,won,lost,deleted' } : {}),
          });
          if (name === 'deals') {
            // Contact emails: the persons of these deals, attached as `person` (v2 record as received).
            const ids = [...new Set(records.map((d) => num(d.person_id)).filter((n): n is number => n !== null))];
            const persons = new Map<number, PdRecord>();
            const batches: number[][] = [];
            for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
            const found = await mapPool(batches, config.concurrency, (batch) =>
              listV2('persons', { ids: batch.join(',') }),
            );
            for (const p of found.flat()) persons.set(Number(p.id), p);
            for (const d of records) {
              const p = persons.get(Number(d.person_id));
              if (p) d.person = p;
            }
            // A deal without a currency is in its creator's default currency (Pipedrive's rule):
            // the API user's, said in the raw record as received; else the setting, else refused.
            const without = records.filter((d) => str(d.currency) === null && num(d.value) !== null);
            if (without.length > 0) {
              const account = await userCurrency();
              accountCurrency(account); // throws when neither Pipedrive nor the setting says it
              if (account.vendor !== null) for (const d of without) d.user = { default_currency: account.vendor };
            }
          }
          // What the mapping will leave out (not done, no time), so no skip is silent.
          if (name === 'activities')
            notes.activities = tallyActivities(records.filter(isObject).map((r) => activityOutcome(r, ctx.timezone)));
          return { records, cursor: { since: until.toISOString() }, notes };
        },
        map: (records, notes) => mapRecords(ctx.source, ctx.timezone, config, name, records, notes),
      };
    }

    /**
     * Lists every person or activity (sorted by id: Pipedrive's cursor is keyset, so a record
     * changed meanwhile is neither skipped nor listed twice) and returns those changed in
     * [since, until), plus a deletion record `{ id, is_deleted: true, update_time, add_time,
     * vanished: true }` for each id the last scan saw (`state`) that is no longer listed:
     * deleted, or merged into another person. Refuses (unless `scan-unguarded`) when most known
     * records vanish at once, which is far likelier a token that lost sight of them than a mass
     * deletion.
     */
    const scanForDeletions = async (
      name: 'persons' | 'activities',
      since: Date,
      until: Date,
      state: unknown,
    ): Promise<{ records: PdRecord[]; state: ScanState; listed: number; vanished: number }> => {
      const all = await listV2(name, { sort_by: 'id', sort_direction: 'asc' });
      const seen: Record<string, string | null> = {};
      // A deleted person's row needs its created_at; an activity's needs nothing remembered.
      for (const r of all) seen[String(r.id)] = name === 'persons' ? str(r.add_time) : null;
      const known = isScanState(state) ? state.seen : {};
      const gone = Object.keys(known).filter((id) => !(id in seen));
      const knownCount = Object.keys(known).length;
      if (config.deletions === 'scan' && gone.length > 20 && gone.length * 2 > knownCount) {
        throw new Error(
          `pipedrive: ${name}: ${gone.length} of the ${knownCount} ${name} listed last time are no longer listed; check that the API token's user sees all ${name} (visibility), or if they were really deleted, pull once with sources.${ctx.source}.deletions set to "scan-unguarded"`,
        );
      }
      const changed = all.filter((r) => {
        const t = Date.parse(String(r.update_time));
        return t >= since.getTime() && t < until.getTime();
      });
      const at = until.toISOString();
      const tombstones = gone.map((id) => ({
        id: Number.isSafeInteger(Number(id)) ? Number(id) : id,
        is_deleted: true,
        vanished: true,
        add_time: known[id] ?? null,
        update_time: at,
      }));
      return { records: [...changed, ...tombstones], state: { seen }, listed: all.length, vanished: gone.length };
    };
    return { entities, concurrency: config.concurrency, stats: () => ({ ...client.stats }) };
  },
};

/**
 * A v2 person's addresses (`emails`: `[{value, primary, label}]`): the primary one (else the
 * first) and the others, distinct. A merge gives the survivor the merged person's addresses
 * too, so the others are keys of the person (SPEC §4.2), never a person of their own.
 */
function personEmails(person: unknown): { primary: string | null; others: string[] } {
  if (!isObject(person) || !Array.isArray(person.emails)) return { primary: null, others: [] };
  const emails = person.emails.filter(isObject);
  const first = emails.find((e) => e.primary === true) ?? emails[0];
  const primary = first ? str(first.value) : null;
  const others = emails
    .filter((e) => e !== first)
    .map((e) => str(e.value))
    .filter((v): v is string => v !== null && v !== primary);
  return { primary, others: [...new Set(others)] };
}

/** What the last full listing of persons or activities saw: id → `add_time`. */
interface ScanState {
  seen: Record<string, string | null>;
}

function isScanState(v: unknown): v is ScanState {
  return isObject(v) && isObject(v.seen);
}

/** What says a deal's currency when it has none: the API user's default currency. */
function userCurrencyInput(source: string, config: PipedriveConfig, vendor: string | null): AccountCurrencyInput {
  return { source, vendor, where: 'GET /v1/users/me default_currency', setting: config.currency };
}

function mapRecords(
  source: string,
  reportZone: string,
  config: PipedriveConfig,
  entity: PdEntity,
  records: readonly unknown[],
  notes?: NoteSink,
): ParsedRow[] {
  const file = `${source} API ${entity}`;
  return records.flatMap((record, index): ParsedRow[] => {
    const line = index + 1;
    if (!isObject(record) || str(record.id) === null)
      return [reject(file, line, null, 'not a Pipedrive record (no id)', record)];
    let out: CanonicalRecord[];
    if (entity === 'persons') out = [mapPerson(record)];
    else if (entity === 'leads') out = [mapLead(config, record)];
    else if (entity === 'deals') {
      let deal: CanonicalRecord | null;
      try {
        deal = mapDeal(source, config, record, notes);
      } catch (err) {
        if (err instanceof CurrencyError) return [reject(file, line, 'currency', err.message, record)];
        throw err;
      }
      if (deal === null)
        return [reject(file, line, 'status', `"${String(record.status)}" is not a Pipedrive deal status`, record)];
      out = [deal];
    } else out = mapActivity(record, reportZone);
    return out.map((r) => ({ ok: true as const, line, record: r }));
  });
}

function mapPerson(r: PdRecord): CanonicalRecord {
  const emails = personEmails(r);
  return {
    lead_id: String(r.id),
    email: emails.primary,
    first_name: str(r.first_name),
    last_name: str(r.last_name),
    company: null,
    company_domain: null,
    created_at: isoTimestamp(r.add_time),
    created_at_time_unknown: false, // the API gives the time
    updated_at: isoTimestamp(r.update_time),
    lifecycle_stage: 'lead',
    mql_at: null,
    status: null,
    owner_id: str(r.owner_id),
    channel: null,
    campaign_id: null,
    campaign_name: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    is_deleted: r.is_deleted === true,
    additional_emails: emails.others,
  };
}

/**
 * A v1 lead (Leads Inbox). One with a `person_id` is a record of that person, who is listed
 * among persons too (and whose activities name the person): it is stored as merged into the
 * person (`merged_into_lead_id`), so it is no second lead, its activities and conversions
 * count for the person, and its channel can be the person's first touch. One with only an
 * organization is a lead of its own. Archived ones come from `/v1/leads/archived`.
 */
function mapLead(config: PipedriveConfig, r: PdRecord): CanonicalRecord {
  return {
    lead_id: String(r.id),
    email: null,
    first_name: null,
    last_name: null,
    company: null,
    company_domain: null,
    created_at: isoTimestamp(r.add_time),
    created_at_time_unknown: false, // the API gives the time
    updated_at: isoTimestamp(r.update_time),
    lifecycle_stage: 'lead',
    mql_at: null,
    status: r.is_archived === true ? 'archived' : 'open',
    ...pipedriveLeadDisqualification(typeof r.is_archived === 'boolean' ? r.is_archived : null),
    owner_id: str(r.owner_id),
    channel: pipedriveChannel(str(r.channel), str(r.source_name), config).value,
    campaign_id: null,
    campaign_name: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    is_deleted: false,
    merged_into_lead_id: str(r.person_id),
  };
}

/**
 * A deal, or null when its status is none of MAPPINGS §3 (the caller rejects it). Its currency:
 * its own, else the API user's default currency attached at pull time (`user`), else the
 * `currency` setting (counted in `notes`); throws CurrencyError when none says it.
 */
function mapDeal(source: string, config: PipedriveConfig, r: PdRecord, notes?: NoteSink): CanonicalRecord | null {
  const mapped = pipedriveDealStatus(str(r.status) ?? 'open', null);
  if (mapped === undefined) return null;
  const status = mapped.value;
  const closed = status === 'won' || status === 'lost';
  // Every address of the deal's person: any of them names it (SPEC §4.5b).
  const emails = personEmails(r.person);
  const amount = num(r.value);
  return {
    deal_id: String(r.id),
    name: str(r.title),
    account_name: null,
    account_domain: null,
    created_at: isoTimestamp(r.add_time),
    created_at_time_unknown: false, // the API gives the time
    updated_at: isoTimestamp(r.update_time),
    closed_at: pipedriveClosedAt(status, {
      wonTime: isoTimestamp(r.won_time),
      lostTime: isoTimestamp(r.lost_time),
      closeTime: isoTimestamp(r.close_time),
    }),
    stage: str(r.stage_id),
    is_closed: closed,
    is_won: status === 'won',
    amount,
    currency:
      amount === null
        ? str(r.currency)
        : rowCurrency(
            str(r.currency),
            userCurrencyInput(source, config, isObject(r.user) ? str(r.user.default_currency) : null),
            notes,
          ),
    owner_id: str(r.owner_id),
    pipeline: str(r.pipeline_id),
    converted_from_lead_id: null,
    contact_emails: emails.primary ? [emails.primary, ...emails.others] : emails.others,
    // The person's id as well, also when the persons look-up did not find the person (persons
    // load as leads: it is their lead_id), as a deals export's `Person - ID` gives it.
    contact_ids: str(r.person_id) === null ? [] : [String(r.person_id)],
    // MAPPINGS §3: a deleted deal is dropped (the latest-version rule drops is_deleted rows).
    is_deleted: status === 'deleted' || r.is_deleted === true,
  };
}

/**
 * One activity → one row per participant (not done: `has_happened` false; deleted, or no
 * longer listed: `is_deleted`), by the rules shared with the activities export
 * (pipedrive/activity-mapping.ts). `due_date` + `due_time` are UTC in the API. Persons load as
 * leads, so a participant's person id is its lead_id; an activity on a Leads Inbox lead alone
 * (`lead_id`, no person) names that lead, which counts for its person (mapLead). Participants'
 * addresses are not fetched here (left for later: a persons look-up as deals do, for leads
 * kept in another CRM).
 */
function mapActivity(r: PdRecord, reportZone: string): CanonicalRecord[] {
  const outcome = activityOutcome(r, reportZone);
  return outcome.ok ? outcome.records : [];
}

/** `reportZone`: the config's `timezone`, where a due day without a time starts. */
function activityOutcome(r: PdRecord, reportZone: string): ActivityOutcome {
  const dueDate = str(r.due_date);
  const dueTime = str(r.due_time);
  const participants = (Array.isArray(r.participants) ? r.participants : [])
    .map((p) => (isObject(p) ? str(p.person_id) : null))
    .filter((id): id is string => id !== null);
  const persons = [...new Set([str(r.person_id), ...participants].filter((id): id is string => id !== null))];
  const inboxLead = str(r.lead_id);
  const people = persons.length === 0 && inboxLead !== null ? [inboxLead] : persons;
  return mapPipedriveActivity({
    id: String(r.id),
    type: str(r.type) ?? '',
    // Only done activities happened; a scheduled call is loaded, but is no follow-up yet.
    done: r.done === true,
    // A due day without a time is a calendar day: its start in the report's zone (not 00:00
    // UTC, which is the Sunday evening before a Monday in New York).
    dueAt: dueDate
      ? dueTime === null
        ? zonedTimestamp(dueDate, reportZone)
        : isoTimestamp(`${dueDate}T${dueTime}:00Z`)
      : null,
    dueHasTime: dueTime !== null,
    markedDoneAt: isoTimestamp(r.marked_as_done_time),
    ownerId: str(r.owner_id),
    dealId: str(r.deal_id),
    contacts: people.map((id) => ({ id, leadId: id })),
    updatedAt: isoTimestamp(r.update_time),
    deleted: r.is_deleted === true,
  });
}
