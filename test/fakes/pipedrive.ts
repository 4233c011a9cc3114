/**
 * Fake Pipedrive (CONNECTORS §3): API v2 `/api/v2/{persons,deals,activities}` with the
 * `x-api-token` header, `updated_since`/`updated_until` (RFC 3339, inclusive), `sort_by`,
 * `limit` ≤ 500, opaque `cursor` / `additional_data.next_cursor` (null at the end), `ids`;
 * v1 `/api/v1/leads` and `/api/v1/leads/archived` with `api_token` and start/limit
 * pagination; v1 `/api/v1/users/me`; v1 `/api/v1/users` (every user of the company at once, no
 * pagination: `id`, `name`, `email`, `active_flag`, `modified` as UTC `YYYY-MM-DD HH:MM:SS`;
 * the records' owners 40–42, 42 deactivated); 429 with x-ratelimit headers.
 *
 * Strict where the vendor is inconvenient (developers.pipedrive.com):
 * - `GET /api/v2/deals` leaves deleted deals out unless `status` names `deleted` (comma
 *   separated list of open, won, lost, deleted), and then only those deleted less than 30 days
 *   ago; a deal deleted longer ago is gone for good.
 * - `GET /api/v2/persons` and `/activities` have no such filter: a deleted (or merged) person
 *   and a deleted activity are simply left out of every list, `ids` included.
 * - `GET /v1/leads` leaves archived leads out (since 2025-07-15; they are listed by
 *   `GET /v1/leads/archived`); a lead converted to a deal is gone from both.
 */
import { FakeServer, pick, seeded, type FakeRequest, type FakeResponse } from './server.js';

type Row = Record<string, unknown>;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ts = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class PipedriveFake extends FakeServer {
  readonly token = 'pd-token';
  readonly data: Record<'persons' | 'deals' | 'activities', Row[]> = { persons: [], deals: [], activities: [] };
  readonly leads: Row[] = [];
  readonly users: Row[] = [
    { id: 40, name: 'API user', email: 'api@example.com', active_flag: true, modified: '2026-09-01 08:00:00' },
    { id: 41, name: 'Nina Huber', email: 'nina@example.com', active_flag: true, modified: '2026-10-02 09:30:00' },
    { id: 42, name: 'Urs Frei', email: 'urs@example.com', active_flag: false, modified: '2026-11-03 10:45:00' },
  ];
  readonly asOf = Date.parse('2026-11-15T12:00:00Z');

  constructor(options: { persons?: number; deals?: number; activities?: number; leads?: number } = {}) {
    super('pipedrive');
    const rand = seeded(3);
    const span = 60 * 86_400_000;
    for (let i = 1; i <= (options.persons ?? 700); i++) {
      const add = this.asOf - span + Math.floor(rand() * span * 0.8);
      this.data.persons.push({
        id: i,
        name: `Person ${i}`,
        first_name: 'Person',
        last_name: String(i),
        emails:
          i % 13 === 0
            ? []
            : [
                { value: `p${i}@org${i % 17}.ch`, primary: true, label: 'work' },
                { value: `private${i}@gmail.com`, primary: false, label: 'home' },
              ],
        owner_id: 40 + (i % 3),
        org_id: i % 17,
        add_time: ts(add),
        update_time: ts(Math.min(this.asOf, add + Math.floor(rand() * 86_400_000))),
      });
    }
    for (let i = 1; i <= (options.deals ?? 200); i++) {
      const add = this.asOf - span + Math.floor(rand() * span * 0.8);
      const status = pick(rand, ['open', 'open', 'won', 'lost', 'deleted']);
      const upd = Math.min(this.asOf, add + Math.floor(rand() * 5 * 86_400_000));
      this.data.deals.push({
        id: i,
        title: `Deal ${i}`,
        value: Math.round(rand() * 20_000),
        currency: i % 5 === 0 ? 'CHF' : 'EUR',
        status,
        is_deleted: status === 'deleted',
        stage_id: 1 + (i % 5),
        pipeline_id: 1,
        person_id: i % 6 === 0 ? null : 1 + Math.floor(rand() * (options.persons ?? 700)),
        owner_id: 40 + (i % 3),
        add_time: ts(add),
        update_time: ts(upd),
        won_time: status === 'won' ? ts(upd) : null,
        lost_time: status === 'lost' ? ts(upd) : null,
        close_time: status === 'won' || status === 'lost' ? ts(upd) : null,
      });
    }
    for (let i = 1; i <= (options.activities ?? 400); i++) {
      const add = this.asOf - span + Math.floor(rand() * span);
      const done = rand() < 0.8;
      this.data.activities.push({
        id: i,
        type: pick(rand, ['call', 'email', 'meeting', 'task', 'deadline', 'lunch', 'linkedin_message']),
        subject: `Activity ${i}`,
        done,
        due_date: new Date(add).toISOString().slice(0, 10),
        due_time: '10:00',
        marked_as_done_time: done ? ts(add + 3_600_000) : null,
        person_id: 1 + (i % (options.persons ?? 700)),
        // v2 lists every person of an activity; every sixth has a second participant.
        participants: [
          { person_id: 1 + (i % (options.persons ?? 700)), primary: true },
          ...(i % 6 === 0 ? [{ person_id: 1 + ((i + 1) % (options.persons ?? 700)), primary: false }] : []),
        ],
        deal_id: i % 4 === 0 ? 1 + (i % (options.deals ?? 200)) : null,
        owner_id: 40 + (i % 3),
        add_time: ts(add),
        update_time: ts(Math.min(this.asOf, add + 3_600_000)),
      });
    }
    for (let i = 1; i <= (options.leads ?? 130); i++) {
      const add = this.asOf - span + Math.floor(rand() * span);
      this.leads.push({
        id: `adf21080-0e10-11eb-879b-05d71fb4${String(i).padStart(4, '0')}`,
        title: `Lead ${i}`,
        owner_id: 40 + (i % 3),
        person_id: 1 + i,
        organization_id: null,
        source_name: pick(rand, ['Web forms', 'Manually created', 'Import', 'API']),
        origin: 'API',
        channel: i % 3 === 0 ? 12 : null,
        is_archived: i % 10 === 0,
        add_time: new Date(add).toISOString(),
        update_time: new Date(add + 1000).toISOString(),
      });
    }
    this.route('GET', /^\/api\/v2\/(persons|deals|activities)$/, (req, m) => this.listV2(req, m[1] as 'persons'));
    this.route('GET', /^\/api\/v1\/leads$/, (req) => this.listLeads(req, false));
    this.route('GET', /^\/api\/v1\/leads\/archived$/, (req) => this.listLeads(req, true));
    this.route('GET', /^\/api\/v1\/users\/me$/, (req) => this.me(req));
    this.route('GET', /^\/api\/v1\/users$/, (req) => this.listUsers(req));
  }

  /** The API user's `default_currency` (`GET /v1/users/me`); null: the field is missing. */
  defaultCurrency: string | null = 'EUR';

  /**
   * `DELETE /api/v2/{type}/{id}`: marked deleted at `at`, permanently gone 30 days later. A
   * deal gets `status: 'deleted'` (listed again only under `status=deleted`); a person or an
   * activity drops out of every list.
   */
  deleteRecord(type: 'persons' | 'deals' | 'activities', id: number, at: number): void {
    this.touch(type, id, type === 'deals' ? { status: 'deleted', is_deleted: true } : { is_deleted: true }, at);
  }

  /**
   * `POST /api/v2/leads/{id}/convert/deal`: the lead leaves the Leads Inbox (no list shows it
   * again) and a deal for its person and organization takes its place. Returns the deal id.
   */
  convertLead(leadId: string, at: number): number {
    const lead = this.leads.find((l) => l.id === leadId);
    if (!lead) throw new Error(`no lead ${leadId}`);
    this.leads.splice(this.leads.indexOf(lead), 1);
    const id = Math.max(0, ...this.data.deals.map((d) => Number(d.id))) + 1;
    this.data.deals.push({
      id,
      title: lead.title,
      value: 0,
      currency: 'EUR',
      status: 'open',
      is_deleted: false,
      stage_id: 1,
      pipeline_id: 1,
      person_id: lead.person_id,
      org_id: lead.organization_id,
      owner_id: lead.owner_id,
      channel: lead.channel,
      add_time: ts(at),
      update_time: ts(at),
      won_time: null,
      lost_time: null,
      close_time: null,
    });
    return id;
  }

  touch(type: 'persons' | 'deals' | 'activities', id: number, changes: Row, at: number): void {
    const row = this.data[type].find((r) => r.id === id);
    if (!row) throw new Error(`no ${type} ${id}`);
    Object.assign(row, changes, { update_time: ts(at) });
  }

  /**
   * `PUT /v1/persons/{loserId}/merge` with `merge_with_id: keepId`, as Pipedrive documents it:
   * the kept person's data wins, the merged person's addresses are added to it, its deals,
   * leads and activities move to the kept person, and the merged person is removed (left out of every
   * list; nothing names the person it went into).
   */
  mergePersons(loserId: number, keepId: number, at: number): void {
    const loser = this.data.persons.find((p) => p.id === loserId);
    const keep = this.data.persons.find((p) => p.id === keepId);
    if (!loser || !keep) throw new Error(`no person ${loser ? keepId : loserId}`);
    const emails = [...(keep.emails as Row[])];
    for (const e of loser.emails as Row[]) {
      if (!emails.some((k) => k.value === e.value)) emails.push({ ...e, primary: false });
    }
    this.touch('persons', keepId, { emails }, at);
    this.data.persons.splice(this.data.persons.indexOf(loser), 1);
    for (const d of this.data.deals)
      if (d.person_id === loserId) this.touch('deals', Number(d.id), { person_id: keepId }, at);
    for (const l of this.leads)
      if (l.person_id === loserId) Object.assign(l, { person_id: keepId, update_time: ts(at) });
    for (const a of this.data.activities) {
      const participants = (a.participants as Row[] | undefined) ?? [];
      if (a.person_id !== loserId && !participants.some((p) => p.person_id === loserId)) continue;
      this.touch(
        'activities',
        Number(a.id),
        {
          person_id: a.person_id === loserId ? keepId : a.person_id,
          participants: participants.map((p) => (p.person_id === loserId ? { ...p, person_id: keepId } : p)),
        },
        at,
      );
    }
  }

  /** Called on each v2 list request before it is answered (a change made during a pull). */
  onList: ((type: 'persons' | 'deals' | 'activities', req: FakeRequest) => void) | undefined;

  private listV2(req: FakeRequest, type: 'persons' | 'deals' | 'activities'): FakeResponse {
    if (req.headers['x-api-token'] !== this.token) return unauthorized();
    this.onList?.(type, req);
    const q = req.query;
    const limit = Number(q.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return bad('limit must be an integer between 1 and 500');
    for (const p of ['updated_since', 'updated_until']) {
      const v = q.get(p);
      if (v !== null && !RFC3339.test(v)) return bad(`${p} must be an RFC3339 date-time`);
    }
    const sortBy = q.get('sort_by') ?? 'id';
    if (!['id', 'update_time', 'add_time'].includes(sortBy))
      return bad(`sort_by must be one of id, update_time, add_time`);
    let rows = this.data[type];
    if (type === 'deals') {
      const status = q.get('status');
      const wanted = (status ?? 'open,won,lost').split(',');
      if (wanted.some((v) => !['open', 'won', 'lost', 'deleted'].includes(v)))
        return bad('status must be a comma separated list of open, won, lost, deleted');
      const purged = this.now() - 30 * 86_400_000;
      rows = rows.filter(
        (r) =>
          wanted.includes(String(r.status)) && (r.status !== 'deleted' || Date.parse(String(r.update_time)) >= purged),
      );
    } else rows = rows.filter((r) => r.is_deleted !== true);
    const ids = q.get('ids');
    if (ids) {
      const wanted = new Set(ids.split(',').map(Number));
      if (wanted.size > 100) return bad('at most 100 ids');
      rows = rows.filter((r) => wanted.has(Number(r.id)));
    }
    const since = q.get('updated_since');
    const until = q.get('updated_until');
    if (since) rows = rows.filter((r) => Date.parse(String(r.update_time)) >= Date.parse(since));
    if (until) rows = rows.filter((r) => Date.parse(String(r.update_time)) < Date.parse(until));
    const dir = q.get('sort_direction') === 'desc' ? -1 : 1;
    // Sort key: the field's value, then the id (Pipedrive's cursor names both).
    const key = (r: Row): [string | number, number] => [
      sortBy === 'id' ? Number(r.id) : Date.parse(String(r[sortBy])),
      Number(r.id),
    ];
    const cmp = (a: [string | number, number], b: [string | number, number]): number =>
      a[0] < b[0] ? -dir : a[0] > b[0] ? dir : (a[1] - b[1]) * dir;
    rows = [...rows].sort((a, b) => cmp(key(a), key(b)));
    // The cursor is keyset, as Pipedrive's (base64 of {field, fieldValue, sortDirection, id}):
    // the next page starts after the last record returned, wherever records moved meanwhile.
    const cursor = q.get('cursor');
    if (cursor) {
      const after = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { fieldValue: number; id: number };
      rows = rows.filter((r) => cmp(key(r), [after.fieldValue, after.id]) > 0);
    }
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    const next =
      rows.length > limit && last
        ? Buffer.from(
            JSON.stringify({
              field: sortBy,
              fieldValue: key(last)[0],
              sortDirection: dir > 0 ? 'asc' : 'desc',
              id: last.id,
            }),
          ).toString('base64url')
        : null;
    return {
      status: 200,
      headers: rateHeaders(),
      body: { success: true, data, additional_data: { next_cursor: next } },
    };
  }

  private me(req: FakeRequest): FakeResponse {
    if (req.query.get('api_token') !== this.token) return unauthorized();
    const data: Row = { id: 40, name: 'API user', company_id: 7, company_domain: 'acme', locale: 'de_CH' };
    if (this.defaultCurrency !== null) data.default_currency = this.defaultCurrency;
    return { status: 200, headers: rateHeaders(), body: { success: true, data } };
  }

  /** `GET /v1/users`: all users, with the company's fields (a subset of the real answer's keys). */
  private listUsers(req: FakeRequest): FakeResponse {
    if (req.query.get('api_token') !== this.token) return unauthorized();
    const data = this.users.map((u) => ({ ...u, default_currency: 'EUR', locale: 'de_CH', is_admin: u.id === 40 }));
    return { status: 200, headers: rateHeaders(), body: { success: true, data } };
  }

  private listLeads(req: FakeRequest, archived: boolean): FakeResponse {
    if (req.query.get('api_token') !== this.token) return unauthorized();
    const start = Number(req.query.get('start') ?? 0);
    const limit = Number(req.query.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return bad('limit must be an integer between 1 and 500');
    const leads = this.leads.filter((l) => (l.is_archived === true) === archived);
    const data = leads.slice(start, start + limit);
    const more = start + limit < leads.length;
    return {
      status: 200,
      headers: rateHeaders(),
      body: {
        success: true,
        data,
        additional_data: {
          pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) },
        },
      },
    };
  }
}

function rateHeaders(): Record<string, string> {
  return { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '79', 'x-ratelimit-reset': '2' };
}

function unauthorized(): FakeResponse {
  return {
    status: 401,
    body: {
      success: false,
      error: 'unauthorized access',
      errorCode: 401,
      error_info: 'Please check developers.pipedrive.com',
    },
  };
}

function bad(message: string): FakeResponse {
  return { status: 400, body: { success: false, error: message, code: 'ERR_SCHEMA_VALIDATION_FAILED' } };
}

export const throttled = (): FakeResponse => ({
  status: 429,
  headers: { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' },
  body: { success: false, error: 'Request over limit', errorCode: 429 },
});
