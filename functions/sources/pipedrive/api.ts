/**
 * Pipedrive connector (CONNECTORS §3, MAPPINGS §3): API v2 persons, deals and activities
 * changed since the cursor (`updated_since`, sorted by update_time, `cursor` paging), and
 * v1 leads (start/limit paging, no change filter: listed in full each run; an unchanged list
 * is recognised by its content hash and not loaded twice).
 * persons and v1 leads → leads, deals (+ person emails) → deals, done activities → activities.
 */
import * as z from 'zod';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import type { TableName } from '../../core/schema.js';
import { CHANNELS } from '../../core/schema.js';
import { getJsonSecret } from '../../core/secrets.js';
import { CursorGuard, HttpClient, mapPool, oneLine } from '../http.js';
import { tallyActivities, type ActivityOutcome } from '../activities.js';
import { mapPipedriveActivity } from './activity-mapping.js';
import { pipedriveChannel, pipedriveClosedAt, pipedriveDealStatus } from './mapping.js';
import {
  baseSourceConfig,
  changeWindow,
  isObject,
  isoTimestamp,
  num,
  reject,
  str,
  type Connector,
  type Entity,
  type PullResult,
} from '../source.js';

export const PIPEDRIVE_ENTITIES = ['persons', 'deals', 'activities', 'leads'] as const;
type PdEntity = (typeof PIPEDRIVE_ENTITIES)[number];

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
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
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

    const entities: Entity[] = config.entities.map((name) => ({
      name,
      table: TABLE_OF[name],
      async pull(cursor): Promise<PullResult> {
        if (name === 'leads') {
          const records = await listV1('leads');
          return { records, cursor: { listedAt: ctx.now.toISOString() } };
        }
        const { since, until } = changeWindow(ctx, cursor, config);
        const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
        const records = await listV2(name, {
          updated_since: iso(since),
          updated_until: iso(until),
          sort_by: 'update_time',
          sort_direction: 'asc',
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
        }
        const notes: Record<string, unknown> = { since: since.toISOString(), until: until.toISOString() };
        // What the mapping will leave out (not done, no time), so no skip is silent.
        if (name === 'activities') notes.activities = tallyActivities(records.filter(isObject).map(activityOutcome));
        return { records, cursor: { since: until.toISOString() }, notes };
      },
      map: (records) => mapRecords(ctx.source, ctx.reportingCurrency, config, name, records),
    }));
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

function mapRecords(
  source: string,
  reportingCurrency: string,
  config: PipedriveConfig,
  entity: PdEntity,
  records: readonly unknown[],
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
      const deal = mapDeal(reportingCurrency, config, record);
      if (deal === null)
        return [reject(file, line, 'status', `"${String(record.status)}" is not a Pipedrive deal status`, record)];
      out = [deal];
    } else out = mapActivity(record);
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

function mapLead(config: PipedriveConfig, r: PdRecord): CanonicalRecord {
  return {
    lead_id: String(r.id),
    email: null,
    first_name: null,
    last_name: null,
    company: null,
    company_domain: null,
    created_at: isoTimestamp(r.add_time),
    updated_at: isoTimestamp(r.update_time),
    lifecycle_stage: 'lead',
    mql_at: null,
    status: r.is_archived === true ? 'archived' : 'open',
    owner_id: str(r.owner_id),
    channel: pipedriveChannel(str(r.channel), str(r.source_name), config).value,
    campaign_id: null,
    campaign_name: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    is_deleted: false,
  };
}

/** A deal, or null when its status is none of MAPPINGS §3 (the caller rejects it). */
function mapDeal(reportingCurrency: string, config: PipedriveConfig, r: PdRecord): CanonicalRecord | null {
  const mapped = pipedriveDealStatus(str(r.status) ?? 'open', null);
  if (mapped === undefined) return null;
  const status = mapped.value;
  const closed = status === 'won' || status === 'lost';
  // Every address of the deal's person: any of them names it (SPEC §4.5b).
  const emails = personEmails(r.person);
  return {
    deal_id: String(r.id),
    name: str(r.title),
    account_name: null,
    account_domain: null,
    created_at: isoTimestamp(r.add_time),
    updated_at: isoTimestamp(r.update_time),
    closed_at: pipedriveClosedAt(status, {
      wonTime: isoTimestamp(r.won_time),
      lostTime: isoTimestamp(r.lost_time),
      closeTime: isoTimestamp(r.close_time),
    }),
    stage: str(r.stage_id),
    is_closed: closed,
    is_won: status === 'won',
    amount: num(r.value),
    currency: str(r.currency) ?? config.currency ?? reportingCurrency,
    owner_id: str(r.owner_id),
    pipeline: str(r.pipeline_id),
    converted_from_lead_id: null,
    contact_emails: emails.primary ? [emails.primary, ...emails.others] : emails.others,
    // MAPPINGS §3: a deleted deal is dropped (the latest-version rule drops is_deleted rows).
    is_deleted: status === 'deleted' || r.is_deleted === true,
  };
}

/**
 * One activity → one row per participant (none when not done), by the rules shared with the
 * activities export (pipedrive/activity-mapping.ts). `due_date` + `due_time` are UTC in the API.
 * Persons load as leads, so a participant's person id is its lead_id; its addresses are not
 * fetched here (left for later: a persons look-up as deals do, for leads kept in another CRM).
 */
function mapActivity(r: PdRecord): CanonicalRecord[] {
  const outcome = activityOutcome(r);
  return outcome.ok ? outcome.records : [];
}

function activityOutcome(r: PdRecord): ActivityOutcome {
  const dueDate = str(r.due_date);
  const dueTime = str(r.due_time);
  const participants = (Array.isArray(r.participants) ? r.participants : [])
    .map((p) => (isObject(p) ? str(p.person_id) : null))
    .filter((id): id is string => id !== null);
  const people = [...new Set([str(r.person_id), ...participants].filter((id): id is string => id !== null))];
  return mapPipedriveActivity({
    id: String(r.id),
    type: str(r.type) ?? '',
    // Only done activities happened; a scheduled call is loaded, but is no follow-up yet.
    done: r.done === true,
    dueAt: dueDate ? isoTimestamp(`${dueDate}T${dueTime ?? '00:00'}:00Z`) : null,
    dueHasTime: dueTime !== null,
    markedDoneAt: isoTimestamp(r.marked_as_done_time),
    ownerId: str(r.owner_id),
    dealId: str(r.deal_id),
    contacts: people.map((id) => ({ id, leadId: id })),
    updatedAt: isoTimestamp(r.update_time),
    deleted: r.is_deleted === true,
  });
}
