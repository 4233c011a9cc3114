/**
 * Fake HubSpot CRM (CONNECTORS §1), strict where the docs are: bearer auth (401 for an expired
 * token, 530 for a malformed one), search limit ≤ 200, ≤ 5 filter groups, ≤ 10 filters per
 * group, 25 in all, the 10,000-result cap (400 past it), `paging` absent on the last page,
 * associations v4 batch read with per-object paging, OAuth refresh, 429 with HubSpot headers.
 * Search is recomputed on every request and `after` is an offset into it (CONNECTORS §8), so a
 * record modified during a pull leaves the window and shifts the later pages, as HubSpot's
 * does; `beforeSearch` lets a test change data between two pages of one pull.
 * Archived (deleted) records are never in a search nor a batch read, nor at either end of an
 * association; only `GET /crm/v3/objects/{type}?archived=true` lists them (with `archivedAt`,
 * no time filter, ≤ 100 per page, `after` an opaque cursor), and archiving leaves the record's
 * modification date alone (CONNECTORS §8). A merged-away contact is removed, never archived.
 * Owners: `GET /crm/v3/owners` as documented (`results` with `id`, `email`, `type`,
 * `firstName`, `lastName`, `userId`, `createdAt`, `updatedAt`, `archived`; `limit` ≤ 500,
 * `after` an opaque cursor, `paging` absent on the last page); `archived=true` lists only the
 * deactivated owners. The contacts' and deals' `hubspot_owner_id` are owners 100–104; 104 is archived.
 */
import { FakeServer, bearer, pick, seeded, type FakeRequest, type FakeResponse } from './server.js';

export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** When it was archived (moved to the recycle bin); only on archived records. */
  archivedAt?: string;
}

type ObjectType = 'contacts' | 'deals' | 'calls' | 'emails' | 'meetings';
const MODIFIED: Record<ObjectType, string> = {
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  calls: 'hs_lastmodifieddate',
  emails: 'hs_lastmodifieddate',
  meetings: 'hs_lastmodifieddate',
};

export interface HubSpotFakeOptions {
  seed?: number;
  contacts?: number;
  deals?: number;
  engagements?: number;
  /** Newest modification time in the data set. */
  asOf?: string;
  /** Requests per 10 s before 429 (search is limited separately at 5/s). Off when undefined. */
  rateLimit?: { perTenSeconds: number; searchPerSecond: number };
  /** Associations per page of a v4 batch read (real: 500). Small values exercise paging. */
  associationPageSize?: number;
  /** The portal's company currency (account-info `companyCurrency`), default EUR. */
  companyCurrency?: string;
}

const ISO = (ms: number): string => new Date(ms).toISOString();
const SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SEARCH',
  'EMAIL_MARKETING',
  'SOCIAL_MEDIA',
  'REFERRALS',
  'DIRECT_TRAFFIC',
  'PAID_SOCIAL',
  'OFFLINE',
];
const STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  '1064277769',
];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'contractsent', 'closedwon', 'closedlost'];

export interface HubSpotOwner {
  id: string;
  email: string;
  type: 'PERSON' | 'QUEUE';
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export class HubSpotFake extends FakeServer {
  /** Owners by id, in id order. */
  readonly owners = new Map<string, HubSpotOwner>();
  readonly objects: Record<ObjectType, Map<string, HubSpotObject>> = {
    contacts: new Map(),
    deals: new Map(),
    calls: new Map(),
    emails: new Map(),
    meetings: new Map(),
  };
  /** from type → from id → contact ids. */
  readonly associations: Record<string, Map<string, string[]>> = {
    deals: new Map(),
    calls: new Map(),
    emails: new Map(),
    meetings: new Map(),
  };
  validTokens = new Set(['hs-token-1']);
  readonly refreshToken = 'hs-refresh-1';
  readonly clientId = 'hs-client';
  readonly clientSecret = 'hs-secret';
  /**
   * Called before each search request is served, with the object type and how many searches of
   * that type were served before it: a test changes data here, as a user would during a pull.
   */
  beforeSearch: ((type: ObjectType, served: number) => void) | undefined;
  private readonly searchesServed: Record<string, number> = {};
  /** A deal with an empty `deal_currency_code` is in this currency (HubSpot's rule). */
  companyCurrency: string;
  private tokenSeq = 1;
  private associationPageSize: number;
  readonly asOf: number;

  constructor(options: HubSpotFakeOptions = {}) {
    super('hubspot');
    this.asOf = Date.parse(options.asOf ?? '2026-11-15T12:00:00Z');
    this.associationPageSize = options.associationPageSize ?? 500;
    this.companyCurrency = options.companyCurrency ?? 'EUR';
    this.seed(options);
    if (options.rateLimit) {
      const { perTenSeconds } = options.rateLimit;
      this.rateLimit = {
        limit: perTenSeconds,
        windowMs: 10_000,
        response: () => rateLimited(perTenSeconds),
      };
    }
    this.route('POST', /^\/oauth\/v1\/token$/, (req) => this.token(req));
    this.route('POST', /^\/crm\/v3\/objects\/(contacts|deals|calls|emails|meetings)\/search$/, (req, m) =>
      this.authed(req, () => this.search(m[1] as ObjectType, req)),
    );
    this.route('POST', /^\/crm\/v4\/associations\/(deals|calls|emails|meetings)\/contacts\/batch\/read$/, (req, m) =>
      this.authed(req, () => this.associationsRead(m[1] as string, req)),
    );
    this.route('GET', /^\/crm\/v3\/objects\/(contacts|deals|calls|emails|meetings)$/, (req, m) =>
      this.authed(req, () => this.list(m[1] as ObjectType, req)),
    );
    this.route('GET', /^\/crm\/v3\/owners\/?$/, (req) => this.authed(req, () => this.listOwners(req)));
    this.route('GET', /^\/account-info\/v3\/details$/, (req) => this.authed(req, () => this.accountInfo()));
    this.route('POST', /^\/crm\/v3\/objects\/contacts\/batch\/read$/, (req) =>
      this.authed(req, () => this.batchRead(req)),
    );
  }

  private seed(options: HubSpotFakeOptions): void {
    const rand = seeded(options.seed ?? 42);
    const span = 60 * 86_400_000;
    const names = [
      ['Anna', 'Aebi'],
      ['Beat', 'Brunner'],
      ['Chiara', 'Conti'],
      ['Daniel', 'Dubois'],
      ['Eva', 'Egger'],
    ] as const;
    names.forEach(([firstName, lastName], i) => {
      this.owners.set(String(100 + i), {
        id: String(100 + i),
        email: `${firstName.toLowerCase()}@example.com`,
        type: 'PERSON',
        firstName,
        lastName,
        userId: 9_000_000 + i,
        createdAt: ISO(this.asOf - span),
        updatedAt: ISO(this.asOf - span + i * 86_400_000),
        archived: i === 4,
      });
    });
    let id = 501;
    for (let i = 0; i < (options.contacts ?? 450); i++) {
      // Ids are not contiguous and cross digit boundaries (999 → 1000): numeric order matters.
      id += 1 + Math.floor(rand() * 3);
      const created = this.asOf - span + Math.floor(rand() * span * 0.8);
      const modified = Math.min(this.asOf, created + Math.floor(rand() * span * 0.2));
      const stage = pick(rand, STAGES);
      const paid = rand() < 0.4;
      const leadStatus = pick(rand, ['NEW', 'OPEN', 'IN_PROGRESS', 'UNQUALIFIED', 'CONNECTED', null]);
      this.put('contacts', {
        id: String(id),
        properties: {
          hs_object_id: String(id),
          email: i % 17 === 0 ? null : `Person.${id}+hs@Example${i % 23}.com`,
          firstname: `First${id}`,
          lastname: `Last${id}`,
          company: `Company ${i % 23}`,
          website: `www.example${i % 23}.com`,
          lifecyclestage: stage,
          hs_lead_status: leadStatus,
          // A portal's own reason property (HubSpot documents none on contacts), filled when
          // sales set the contact Unqualified; one in three without a reason.
          lead_disqualification_reason:
            leadStatus === 'UNQUALIFIED' ? ([' No budget ', 'Competitor', null][i % 3] ?? null) : null,
          hs_analytics_source: i % 11 === 0 ? null : pick(rand, SOURCES),
          hs_analytics_source_data_1: null,
          hs_analytics_source_data_2: null,
          hubspot_owner_id: String(100 + (i % 5)),
          createdate: ISO(created),
          lastmodifieddate: ISO(modified),
          hs_merged_object_ids: null,
          hs_additional_emails: null,
          hs_lifecyclestage_marketingqualifiedlead_date:
            stage === 'marketingqualifiedlead' ? ISO(created + 3_600_000) : null,
          utm_source: paid ? 'google' : null,
          utm_medium: paid ? 'cpc' : null,
          utm_campaign: paid ? `campaign-${i % 7}` : null,
        },
        createdAt: ISO(created),
        updatedAt: ISO(modified),
        archived: false,
      });
    }
    const contactIds = [...this.objects.contacts.keys()];
    let dealId = 9000;
    for (let i = 0; i < (options.deals ?? 120); i++) {
      dealId += 1 + Math.floor(rand() * 2);
      const created = this.asOf - span + Math.floor(rand() * span * 0.9);
      const modified = Math.min(this.asOf, created + Math.floor(rand() * span * 0.1));
      const stage = pick(rand, DEAL_STAGES);
      const closed = stage === 'closedwon' || stage === 'closedlost';
      this.put('deals', {
        id: String(dealId),
        properties: {
          hs_object_id: String(dealId),
          dealname: `Deal ${dealId}`,
          dealstage: stage,
          amount: String(Math.round(rand() * 50_000) / 10 + 1000),
          // Deals created before multi-currency was switched on (or through the API without
          // it) have no code: they are in the company currency.
          deal_currency_code: i % 9 === 0 ? 'CHF' : i % 7 === 3 ? null : 'EUR',
          closedate: closed ? ISO(modified) : ISO(this.asOf + 30 * 86_400_000),
          pipeline: 'default',
          createdate: ISO(created),
          hs_lastmodifieddate: ISO(modified),
          hubspot_owner_id: String(100 + (i % 5)),
          hs_is_closed: String(closed),
          hs_is_closed_won: String(stage === 'closedwon'),
          hs_merged_object_ids: null,
        },
        createdAt: ISO(created),
        updatedAt: ISO(modified),
        archived: false,
      });
      const n = i % 4 === 0 ? 0 : 1 + (i % 3);
      this.associations.deals?.set(
        String(dealId),
        Array.from({ length: n }, () => pick(rand, contactIds)),
      );
    }
    let engId = 70_000;
    for (const type of ['calls', 'emails', 'meetings'] as const) {
      for (let i = 0; i < (options.engagements ?? 60); i++) {
        engId += 1 + Math.floor(rand() * 5);
        const at = this.asOf - span + Math.floor(rand() * span);
        const properties: Record<string, string | null> = {
          hs_object_id: String(engId),
          hs_timestamp: ISO(at),
          hubspot_owner_id: String(100 + (i % 5)),
          hs_createdate: ISO(at),
          hs_lastmodifieddate: ISO(Math.min(this.asOf, at + 60_000)),
        };
        // Every tenth email is a sequence step (automated); every eighth of each type did not
        // happen (a bounced email, a cancelled meeting, a failed call); every sixth email was
        // received and every seventh call inbound (not the rep's).
        properties.hs_engagement_source = type === 'emails' && i % 10 === 3 ? 'SEQUENCES' : 'CRM_UI';
        const failed = i % 8 === 5;
        if (type === 'calls') {
          properties.hs_call_direction = i % 7 === 4 ? 'INBOUND' : 'OUTBOUND';
          properties.hs_call_status = failed ? 'FAILED' : 'COMPLETED';
        }
        if (type === 'emails') {
          properties.hs_email_direction = i % 6 === 2 ? 'INCOMING_EMAIL' : 'EMAIL';
          properties.hs_email_status = failed ? 'BOUNCED' : 'SENT';
        }
        if (type === 'meetings') {
          properties.hs_meeting_start_time = ISO(at);
          properties.hs_meeting_outcome = failed ? 'CANCELED' : 'COMPLETED';
        }
        this.put(type, {
          id: String(engId),
          properties,
          createdAt: ISO(at),
          updatedAt: ISO(at + 60_000),
          archived: false,
        });
        // One engagement can be associated with several contacts (every fourth meeting has two).
        const first = pick(rand, contactIds);
        const others =
          type === 'meetings' && i % 4 === 1
            ? [contactIds[(contactIds.indexOf(first) + 1) % contactIds.length] as string]
            : [];
        this.associations[type]?.set(String(engId), [first, ...others]);
      }
    }
  }

  put(type: ObjectType, object: HubSpotObject): void {
    this.objects[type].set(object.id, object);
  }

  /** Changes an object now (as a user would), moving its modification time to `at`. */
  touch(type: ObjectType, id: string, changes: Record<string, string | null>, at: number): void {
    const o = this.objects[type].get(id);
    if (!o) throw new Error(`no ${type} ${id}`);
    Object.assign(o.properties, changes, { [MODIFIED[type]]: ISO(at) });
    o.updatedAt = ISO(at);
  }

  /**
   * Merges contact `mergedId` into `primaryId` as HubSpot does: the merged-away contact vanishes
   * (no archived flag), the primary lists its id in `hs_merged_object_ids` and keeps its email in
   * `hs_additional_emails` (both `;`-separated), and is modified at `at`.
   */
  mergeContacts(primaryId: string, mergedId: string, at: number): void {
    const merged = this.objects.contacts.get(mergedId);
    const primary = this.objects.contacts.get(primaryId);
    if (!merged || !primary) throw new Error(`no contact ${merged ? primaryId : mergedId}`);
    const append = (list: string | null | undefined, values: Array<string | null | undefined>) =>
      [...new Set([...(list ? list.split(';') : []), ...values.filter((x): x is string => !!x)])].join(';') || null;
    const mergedEmails = [merged.properties.email, ...(merged.properties.hs_additional_emails?.split(';') ?? [])];
    this.touch(
      'contacts',
      primaryId,
      {
        hs_merged_object_ids: append(primary.properties.hs_merged_object_ids, [
          mergedId,
          ...(merged.properties.hs_merged_object_ids?.split(';') ?? []),
        ]),
        hs_additional_emails: append(
          primary.properties.hs_additional_emails,
          mergedEmails.filter((e) => e !== primary.properties.email),
        ),
      },
      at,
    );
    this.objects.contacts.delete(mergedId);
    for (const links of Object.values(this.associations)) {
      for (const [from, ids] of links)
        links.set(from, [...new Set(ids.map((id) => (id === mergedId ? primaryId : id)))]);
    }
  }

  /**
   * Merges deal `mergedId` into `primaryId` as HubSpot does: the merged-away deal vanishes (no
   * archived flag), the primary lists its id (and those merged into it) in
   * `hs_merged_object_ids` (`;`-separated), takes its contacts, and is modified at `at`.
   */
  mergeDeals(primaryId: string, mergedId: string, at: number): void {
    const merged = this.objects.deals.get(mergedId);
    const primary = this.objects.deals.get(primaryId);
    if (!merged || !primary) throw new Error(`no deal ${merged ? primaryId : mergedId}`);
    const ids = [
      ...(primary.properties.hs_merged_object_ids?.split(';') ?? []),
      mergedId,
      ...(merged.properties.hs_merged_object_ids?.split(';') ?? []),
    ];
    this.touch('deals', primaryId, { hs_merged_object_ids: [...new Set(ids)].join(';') }, at);
    this.objects.deals.delete(mergedId);
    const links = this.associations.deals;
    if (links) {
      links.set(primaryId, [...new Set([...(links.get(primaryId) ?? []), ...(links.get(mergedId) ?? [])])]);
      links.delete(mergedId);
    }
  }

  /**
   * Associates a contact with a deal or engagement as a user does: neither record's
   * modification date changes (CONNECTORS §8), so no search by modification finds it.
   */
  associate(from: 'deals' | 'calls' | 'emails' | 'meetings', id: string, contactId: string): void {
    if (!this.objects[from].has(id)) throw new Error(`no ${from} ${id}`);
    if (!this.objects.contacts.has(contactId)) throw new Error(`no contact ${contactId}`);
    const links = this.associations[from] as Map<string, string[]>;
    links.set(id, [...new Set([...(links.get(id) ?? []), contactId])]);
  }

  /**
   * Deletes an object as a user does in HubSpot: it goes to the recycle bin (`archived`,
   * `archivedAt` = `at`), its modification date unchanged; it leaves every search, batch read
   * and association.
   */
  archive(type: ObjectType, id: string, at: number): void {
    const o = this.objects[type].get(id);
    if (!o) throw new Error(`no ${type} ${id}`);
    o.archived = true;
    o.archivedAt = ISO(at);
  }

  /** Whether an id names a live (not archived) object of that type. */
  private live(type: ObjectType, id: string): boolean {
    const o = this.objects[type].get(id);
    return o !== undefined && !o.archived;
  }

  /** The access token in use stops working (30-minute expiry): the next call gets 401. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  private token(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    if (
      form.get('grant_type') !== 'refresh_token' ||
      form.get('refresh_token') !== this.refreshToken ||
      form.get('client_id') !== this.clientId ||
      form.get('client_secret') !== this.clientSecret
    ) {
      return { status: 400, body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' } };
    }
    const token = `hs-token-${++this.tokenSeq}`;
    this.validTokens.add(token);
    return {
      status: 200,
      body: { access_token: token, refresh_token: this.refreshToken, expires_in: 1800, token_type: 'bearer' },
    };
  }

  private authed(req: FakeRequest, serve: () => FakeResponse): FakeResponse {
    const token = bearer(req);
    if (!token || !/^[\w-]+$/.test(token)) {
      return { status: 530, body: { status: 'error', message: 'Authentication credentials not found or malformed.' } };
    }
    if (!this.validTokens.has(token)) {
      return {
        status: 401,
        body: {
          status: 'error',
          message: 'The OAuth token used to make this call expired.',
          category: 'EXPIRED_AUTHENTICATION',
        },
      };
    }
    return serve();
  }

  private search(type: ObjectType, req: FakeRequest): FakeResponse {
    const body = req.json as {
      filterGroups?: Array<{ filters?: Array<{ propertyName: string; operator: string; value: string }> }>;
      sorts?: Array<{ propertyName: string; direction: string }>;
      properties?: string[];
      limit?: number;
      after?: string;
    };
    if (!body || typeof body !== 'object') return bad('Invalid input JSON');
    const served = this.searchesServed[type] ?? 0;
    this.searchesServed[type] = served + 1;
    this.beforeSearch?.(type, served);
    const limit = body.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      return bad(`limit must be between 1 and 200, got ${limit}`);
    const after = Number(body.after ?? 0);
    if (!Number.isInteger(after) || after < 0) return bad(`invalid after "${body.after}"`);
    if (after + limit > 10_000) {
      return bad('Search results are limited to 10,000. Refine the query to page further.', 'VALIDATION_ERROR');
    }
    const groups = body.filterGroups ?? [];
    if (groups.length > 5) return bad('At most 5 filterGroups are allowed');
    const allFilters = groups.flatMap((g) => g.filters ?? []);
    if (groups.some((g) => (g.filters ?? []).length > 10)) return bad('At most 10 filters per filterGroup');
    if (allFilters.length > 25) return bad('At most 25 filters in total');
    const known = new Set(['hs_object_id', MODIFIED[type], 'createdate', 'hs_createdate', 'email']);
    if (type === 'deals') for (const p of ['hs_is_closed', 'closedate']) known.add(p);
    if (type === 'calls' || type === 'emails' || type === 'meetings') known.add('hs_timestamp');
    for (const f of allFilters) {
      if (!known.has(f.propertyName)) return bad(`Property "${f.propertyName}" does not exist on ${type}`);
      if (!['GTE', 'LTE', 'GT', 'LT', 'EQ'].includes(f.operator)) return bad(`Unsupported operator ${f.operator}`);
    }
    // HubSpot sorts by one property per search.
    if ((body.sorts ?? []).length > 1) return bad('Only one sort is allowed');
    const sort = body.sorts?.[0];
    // Search never returns archived records, whatever the filters.
    let rows = [...this.objects[type].values()].filter(
      (o) => !o.archived && (groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(o, f)))),
    );
    const sortKey = sort?.propertyName ?? 'hs_object_id';
    rows.sort(
      (a, b) => compareValues(value(a, sortKey), value(b, sortKey)) * (sort?.direction === 'DESCENDING' ? -1 : 1),
    );
    const total = rows.length;
    rows = rows.slice(after, after + limit);
    const wanted = body.properties ?? ['createdate', 'hs_object_id', MODIFIED[type]];
    const results = rows.map((o) => wire(type, o, wanted));
    const out: Record<string, unknown> = { total, results };
    if (after + limit < total) {
      out.paging = {
        next: {
          after: String(after + limit),
          link: `${this.baseUrl}/crm/v3/objects/${type}/search?after=${after + limit}`,
        },
      };
    }
    return { status: 200, headers: rateHeaders(), body: out };
  }

  /**
   * `GET /crm/v3/objects/{type}`: a page of records in id order, only archived ones when
   * `archived=true` (default false), `limit` ≤ 100 (default 10), `properties` comma-separated;
   * `after` is the cursor HubSpot gave (here the last id served), `paging` absent at the end.
   */
  private list(type: ObjectType, req: FakeRequest): FakeResponse {
    const archived = req.query.get('archived') === 'true';
    const limit = Number(req.query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return bad(`limit must be between 1 and 100, got ${limit}`);
    const afterParam = req.query.get('after');
    const after = afterParam === null ? 0 : Number(afterParam);
    if (!Number.isInteger(after) || after < 0) return bad(`invalid after "${afterParam}"`);
    const wanted = (req.query.get('properties') ?? '').split(',').filter(Boolean);
    const all = [...this.objects[type].values()]
      .filter((o) => o.archived === archived && Number(o.id) > after)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = all.slice(0, limit);
    const results = page.map((o) => wire(type, o, wanted));
    const out: Record<string, unknown> = { results };
    const last = page.at(-1);
    if (all.length > limit && last) {
      out.paging = { next: { after: last.id, link: `${this.baseUrl}/crm/v3/objects/${type}?after=${last.id}` } };
    }
    return { status: 200, headers: rateHeaders(), body: out };
  }

  /** `GET /crm/v3/owners`: active owners, or only archived ones with `archived=true`. */
  private listOwners(req: FakeRequest): FakeResponse {
    const archived = req.query.get('archived') === 'true';
    const limit = Number(req.query.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return bad(`limit must be between 1 and 500, got ${limit}`);
    const afterParam = req.query.get('after');
    const after = afterParam === null ? 0 : Number(afterParam);
    if (!Number.isInteger(after) || after < 0) return bad(`invalid after "${afterParam}"`);
    const all = [...this.owners.values()].filter((o) => o.archived === archived);
    const page = all.slice(after, after + limit);
    const out: Record<string, unknown> = { results: page };
    if (after + limit < all.length) {
      const next = String(after + limit);
      out.paging = { next: { after: next, link: `${this.baseUrl}/crm/v3/owners?after=${next}` } };
    }
    return { status: 200, headers: rateHeaders(), body: out };
  }

  /** `GET /account-info/v3/details`, as documented (account information API). */
  private accountInfo(): FakeResponse {
    return {
      status: 200,
      headers: rateHeaders(),
      body: {
        portalId: 2519445,
        accountType: 'STANDARD',
        timeZone: 'Europe/Zurich',
        companyCurrency: this.companyCurrency,
        additionalCurrencies: ['CHF', 'USD'].filter((c) => c !== this.companyCurrency),
        utcOffset: '+01:00',
        utcOffsetMilliseconds: 3_600_000,
        uiDomain: 'app-eu1.hubspot.com',
        dataHostingLocation: 'eu1',
      },
    };
  }

  private associationsRead(from: string, req: FakeRequest): FakeResponse {
    const inputs = (req.json as { inputs?: Array<{ id: string; after?: string }> })?.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0) return bad('inputs must be a non-empty array');
    if (inputs.length > 1000) return bad('at most 1000 inputs');
    const size = this.associationPageSize;
    const results = inputs.flatMap((input) => {
      if (!this.live(from as ObjectType, String(input.id))) return [];
      const all = this.associations[from]?.get(String(input.id))?.filter((id) => this.live('contacts', id));
      if (!all || all.length === 0) return [];
      const start = Number(input.after ?? 0);
      const page = all.slice(start, start + size);
      const result: Record<string, unknown> = {
        from: { id: String(input.id) },
        to: page.map((toId) => ({
          toObjectId: Number(toId),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: from === 'deals' ? 3 : 194, label: null }],
        })),
      };
      if (start + size < all.length) result.paging = { next: { after: String(start + size) } };
      return [result];
    });
    return {
      status: 200,
      body: { status: 'COMPLETE', results, startedAt: ISO(this.now()), completedAt: ISO(this.now()) },
    };
  }

  private batchRead(req: FakeRequest): FakeResponse {
    const body = req.json as { inputs?: Array<{ id: string }>; properties?: string[] };
    if (!Array.isArray(body?.inputs)) return bad('inputs must be an array');
    if (body.inputs.length > 100) return bad('at most 100 inputs');
    const results = body.inputs.flatMap(({ id }) => {
      const o = this.objects.contacts.get(String(id));
      if (!o || o.archived) return [];
      const props = Object.fromEntries((body.properties ?? ['email']).map((p) => [p, o.properties[p] ?? null]));
      return [
        {
          id: o.id,
          properties: { ...props, hs_object_id: o.id },
          createdAt: o.createdAt,
          updatedAt: o.updatedAt,
          archived: false,
        },
      ];
    });
    return { status: 200, body: { status: 'COMPLETE', results } };
  }
}

/** An object as HubSpot sends it: the asked properties plus the ones always sent; `archivedAt` when archived. */
function wire(type: ObjectType, o: HubSpotObject, wanted: readonly string[]): Record<string, unknown> {
  return {
    id: o.id,
    properties: Object.fromEntries(
      [...new Set([...wanted, 'hs_object_id', 'createdate', MODIFIED[type]])]
        .filter((p) => p in o.properties)
        .map((p) => [p, o.properties[p] ?? null]),
    ),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived,
    ...(o.archived ? { archivedAt: o.archivedAt } : {}),
  };
}

function value(o: HubSpotObject, property: string): string | null {
  if (property === 'hs_object_id') return o.id;
  return o.properties[property] ?? null;
}

function toNumber(property: string, v: string): number {
  if (property === 'hs_object_id') return Number(v);
  const n = Number(v);
  return Number.isFinite(n) ? n : Date.parse(v);
}

function matches(o: HubSpotObject, f: { propertyName: string; operator: string; value: string }): boolean {
  const v = value(o, f.propertyName);
  if (v === null) return false;
  const a = toNumber(f.propertyName, v);
  const b = toNumber(f.propertyName, f.value);
  switch (f.operator) {
    case 'GTE':
      return a >= b;
    case 'LTE':
      return a <= b;
    case 'GT':
      return a > b;
    case 'LT':
      return a < b;
    default:
      return v === f.value;
  }
}

function compareValues(a: string | null, b: string | null): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a).localeCompare(String(b));
}

function bad(message: string, category = 'VALIDATION_ERROR'): FakeResponse {
  return { status: 400, body: { status: 'error', message, category, correlationId: 'fake-correlation' } };
}

function rateHeaders(): Record<string, string> {
  return {
    'x-hubspot-ratelimit-daily': '250000',
    'x-hubspot-ratelimit-daily-remaining': '249000',
    'x-hubspot-ratelimit-secondly': '10',
    'x-hubspot-ratelimit-secondly-remaining': '9',
  };
}

export function rateLimited(perTenSeconds = 100): FakeResponse {
  // HubSpot does not always send Retry-After: the client must back off on its own.
  return {
    status: 429,
    headers: {
      'x-hubspot-ratelimit-secondly': String(Math.ceil(perTenSeconds / 10)),
      'x-hubspot-ratelimit-secondly-remaining': '0',
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': '248000',
    },
    body: {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: 'fake-correlation',
      policyName: 'TEN_SECONDLY_ROLLING',
    },
  };
}
