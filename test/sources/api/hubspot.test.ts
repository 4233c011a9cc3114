import { afterEach, describe, expect, it } from 'vitest';
import { cursorKey, healthKey, type SourceHealthState } from '../../../functions/sources/run-sources.js';
import { HubSpotFake, rateLimited } from '../../fakes/hubspot.js';
import type { FakeRequest } from '../../fakes/server.js';
import { fieldCase } from '../../helpers/field-case.js';
import { asCanonicalCsv, harness, testConfig } from './helpers.js';

const fakes: HubSpotFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function start(options: ConstructorParameters<typeof HubSpotFake>[0] = {}): Promise<HubSpotFake> {
  const fake = new HubSpotFake(options);
  await fake.start();
  fakes.push(fake);
  return fake;
}

function setup(fake: HubSpotFake, block: Record<string, unknown> = {}, secret: object = { accessToken: 'hs-token-1' }) {
  const h = harness(testConfig({ hubspot: { baseUrl: fake.baseUrl, ...block } }), { hubspot: secret });
  fake.now = h.clock.now;
  return h;
}

describe('HubSpot connector', () => {
  it('pulls everything on the first run and maps contacts, deals and engagements', async () => {
    const fake = await start();
    const h = setup(fake);
    const result = await h.run();
    const src = result.sources[0];
    expect(src?.error).toBeUndefined();
    expect(src?.ok).toBe(true);

    const leads = h.loader.rows('leads', 'hubspot');
    expect(leads).toHaveLength(fake.objects.contacts.size);
    expect(new Set(leads.map((l) => l.lead_id)).size).toBe(fake.objects.contacts.size);
    const sample = leads.find((l) => l.lead_id === [...fake.objects.contacts.keys()][1]);
    const source = fake.objects.contacts.get(String(sample?.lead_id));
    expect(sample?.email).toBe(source?.properties.email);
    expect(sample?.created_at).toBe(source?.properties.createdate);
    expect(sample?.company_domain).toMatch(/^example\d+\.com$/);
    // Custom numeric lifecycle stage → other; lead status UNQUALIFIED overrides.
    for (const lead of leads) {
      const p = fake.objects.contacts.get(String(lead.lead_id))?.properties;
      if (p?.hs_lead_status === 'UNQUALIFIED') expect(lead.lifecycle_stage).toBe('other');
      else if (p?.lifecyclestage === 'marketingqualifiedlead') expect(lead.lifecycle_stage).toBe('mql');
      else if (p?.lifecyclestage === '1064277769') expect(lead.lifecycle_stage).toBe('other');
      if (p?.hs_analytics_source === 'PAID_SEARCH') expect(lead.channel).toBe('paid_search');
      if (p?.hs_analytics_source === 'SOCIAL_MEDIA') expect(lead.channel).toBe('organic_social');
      if (p?.hs_analytics_source === null && p?.utm_medium === 'cpc') expect(lead.channel).toBe('paid_search');
      expect(lead).not.toHaveProperty('email_key');
    }

    const deals = h.loader.rows('deals', 'hubspot');
    expect(deals).toHaveLength(fake.objects.deals.size);
    const withContacts = deals.filter((d) => (d.contact_emails as string[]).length > 0);
    expect(withContacts.length).toBeGreaterThan(50);
    const d = withContacts[0];
    const expected = (fake.associations.deals?.get(String(d?.deal_id)) ?? [])
      .map((id) => fake.objects.contacts.get(id)?.properties.email)
      .filter(Boolean);
    expect([...(d?.contact_emails as string[])].sort()).toEqual([...new Set(expected)].sort());
    expect(deals.some((x) => x.currency === 'CHF')).toBe(true);
    const won = deals.find((x) => x.stage === 'closedwon');
    expect(won).toMatchObject({ is_closed: true, is_won: true });
    expect(won?.closed_at).toBeTruthy();

    const loaded = h.loader.rows('activities', 'hubspot');
    // Those that did not happen are loaded as such: never a follow-up, but a newer version.
    const acts = loaded.filter((x) => x.has_happened !== false);
    expect(loaded.length).toBeGreaterThan(acts.length);
    // One row per associated contact of each engagement that happened (SPEC §4.4).
    const status = { calls: 'hs_call_status', emails: 'hs_email_status', meetings: 'hs_meeting_outcome' } as const;
    let happenedRows = 0;
    for (const type of ['calls', 'emails', 'meetings'] as const) {
      for (const o of fake.objects[type].values()) {
        if (['FAILED', 'BOUNCED', 'CANCELED'].includes(String(o.properties[status[type]]))) continue;
        happenedRows += new Set(fake.associations[type]?.get(o.id)).size;
      }
    }
    expect(acts).toHaveLength(happenedRows);
    expect(happenedRows).toBeGreaterThan(fake.objects.meetings.size);
    expect(new Set(acts.map((a) => a.type))).toEqual(new Set(['call', 'email', 'meeting', 'other']));
    // Received emails and inbound calls are loaded as `other` (never a follow-up), the rest by type.
    const inbound = new Set(
      [...fake.objects.emails.values(), ...fake.objects.calls.values()]
        .filter((o) =>
          ['INCOMING_EMAIL', 'INBOUND'].includes(
            String(o.properties.hs_email_direction ?? o.properties.hs_call_direction),
          ),
        )
        .map((o) => o.id),
    );
    expect(inbound.size).toBeGreaterThan(5);
    for (const a of loaded) {
      const id = String(a.record_id).replace(/^\w+-/, '');
      expect(a.type === 'other', String(a.activity_id)).toBe(inbound.has(id));
    }
    expect(acts.every((a) => typeof a.lead_id === 'string')).toBe(true);
    const sequences = [...fake.objects.emails.values()].filter(
      (o) => o.properties.hs_engagement_source === 'SEQUENCES' && o.properties.hs_email_status === 'SENT',
    );
    expect(sequences.length).toBeGreaterThan(0);
    for (const o of sequences) expect(acts.find((a) => a.activity_id === `emails-${o.id}`)?.is_automated).toBe(true);

    // Raw landed exactly as received, with a manifest; cursor saved after the load.
    const rawKeys = await h.store.list('raw/hubspot/contacts/dt=2026-11-16/');
    expect(rawKeys).toHaveLength(1);
    const lines = h.store.rawLines(rawKeys[0] as string) as Array<{ id: string; properties: object }>;
    expect(lines).toHaveLength(fake.objects.contacts.size);
    expect(lines[0]).toHaveProperty('properties.lastmodifieddate');
    const manifestKeys = await h.store.list('manifests/raw/hubspot/contacts/');
    const manifest = h.store.json<Record<string, unknown>>(manifestKeys[0] as string);
    expect(manifest).toMatchObject({ count: fake.objects.contacts.size, cursorBefore: null });
    expect(manifest?.schemaFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(h.store.json<{ cursor: { since: string } }>(cursorKey('hubspot', 'contacts'))?.cursor.since).toBe(
      new Date(h.clock.now()).toISOString(),
    );
  });

  it('engagements: sequence email automated, a meeting followed up for both its contacts, cancelled, no-show, bounced and scheduled ones not happened, a forwarded email not the rep’s', async () => {
    const fake = await start({ contacts: 10, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['emails', 'meetings'] });
    const [a, b] = [...fake.objects.contacts.keys()] as [string, string];
    const engagement = (id: string, properties: Record<string, string | null>) => ({
      id,
      properties: {
        hs_object_id: id,
        hs_timestamp: '2026-11-12T09:00:00.000Z',
        hs_createdate: '2026-11-10T08:00:00.000Z',
        hs_lastmodifieddate: '2026-11-12T09:05:00.000Z',
        hubspot_owner_id: '101',
        ...properties,
      },
      createdAt: '2026-11-10T08:00:00.000Z',
      updatedAt: '2026-11-12T09:05:00.000Z',
      archived: false,
    });
    fake.put('emails', engagement('80001', { hs_engagement_source: 'SEQUENCES', hs_email_status: 'SENT' }));
    fake.put('emails', engagement('80002', { hs_engagement_source: 'CRM_UI', hs_email_status: 'BOUNCED' }));
    fake.put('emails', engagement('80003', { hs_engagement_source: 'CRM_UI', hs_email_status: 'SENT' }));
    fake.put(
      'meetings',
      engagement('80004', { hs_meeting_start_time: '2026-11-13T14:00:00.000Z', hs_meeting_outcome: 'COMPLETED' }),
    );
    fake.put(
      'meetings',
      engagement('80005', { hs_meeting_start_time: '2026-11-13T16:00:00.000Z', hs_meeting_outcome: 'CANCELED' }),
    );
    // Also not happened: a no-show meeting, a scheduled email; and a forwarded email (not the rep's).
    fake.put(
      'meetings',
      engagement('80006', { hs_meeting_start_time: '2026-11-13T17:00:00.000Z', hs_meeting_outcome: 'NO_SHOW' }),
    );
    fake.put('emails', engagement('80007', { hs_engagement_source: 'CRM_UI', hs_email_status: 'SCHEDULED' }));
    fake.put(
      'emails',
      engagement('80008', {
        hs_engagement_source: 'CRM_UI',
        hs_email_status: 'SENT',
        hs_email_direction: 'FORWARDED_EMAIL',
      }),
    );
    for (const id of ['80001', '80002', '80003', '80005', '80006', '80007', '80008'])
      fake.associations[['80004', '80005', '80006'].includes(id) ? 'meetings' : 'emails']?.set(id, [a]);
    fake.associations.meetings?.set('80004', [a, b]);
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const all = h.loader.rows('activities');
    const acts = new Map(all.filter((x) => x.has_happened).map((x) => [x.activity_id, x]));
    expect(all.filter((x) => !x.has_happened).map((x) => x.activity_id)).toEqual(
      expect.arrayContaining(['emails-80002', 'meetings-80005', 'meetings-80006', 'emails-80007']),
    );
    const emailOf = (id: string) => fake.objects.contacts.get(id)?.properties.email ?? null;
    const key = (id: string) => emailOf(id)?.toLowerCase() ?? id;
    expect([...acts.keys()].sort()).toEqual(
      ['emails-80001', 'emails-80003', 'emails-80008', `meetings-80004:${key(a)}`, `meetings-80004:${key(b)}`].sort(),
    );
    expect(acts.get('emails-80008')?.type).toBe('other');
    expect(acts.get('emails-80001')?.is_automated).toBe(true);
    expect(acts.get('emails-80003')?.is_automated).toBe(false);
    expect(acts.get(`meetings-80004:${key(b)}`)).toMatchObject({
      type: 'meeting',
      occurred_at: '2026-11-13T14:00:00.000Z',
      lead_id: b,
      email: emailOf(b),
    });
  });

  it('pages across the 10,000-result search cap without losing or repeating a contact', async () => {
    const fake = await start({ contacts: 10_450, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const ids = h.loader.rows('leads').map((l) => l.lead_id);
    expect(ids).toHaveLength(10_450);
    expect(new Set(ids).size).toBe(10_450);
    // The fake answers 400 to any page past the cap: none was requested.
    expect(fake.stats.faults).toBe(0);
  });

  it('a contact modified during a pull costs no other contact (search `after` is an offset); the next run loads the change', async () => {
    const fake = await start({ contacts: 500, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] });
    const victim = [...fake.objects.contacts.keys()][0] as string;
    // Between page 1 and page 2 a user edits a contact of page 1: it leaves the window
    // (modified after the pull's end), and an offset-paged page 2 would start one record late.
    fake.beforeSearch = (type, served) => {
      if (type === 'contacts' && served === 1)
        fake.touch('contacts', victim, { lifecyclestage: 'customer', hs_lead_status: null }, h.clock.now() + 60_000);
    };
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const first = new Set(h.loader.rows('leads').map((l) => l.lead_id));
    expect([...fake.objects.contacts.keys()].filter((id) => !first.has(id))).toEqual([]);
    expect(first.size).toBe(500);

    // Next daily pull: the edit arrives; the result equals a fresh pull of the final state.
    fake.beforeSearch = undefined;
    h.clock.advance(86_400_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.latest('leads').get(`hubspot|${victim}`)?.lifecycle_stage).toBe('customer');
    const fresh = setup(fake, { entities: ['contacts'] });
    fresh.clock.advance(86_400_000);
    expect((await fresh.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.latest('leads')).toEqual(fresh.loader.latest('leads'));
  });

  it('incremental run pulls only changes since the cursor (with overlap) and no duplicates of old data', async () => {
    const fake = await start();
    const h = setup(fake);
    await h.run();
    const before = h.loader.rows('leads').length;
    h.clock.advance(86_400_000);
    const [a, b] = [...fake.objects.contacts.keys()];
    fake.touch(
      'contacts',
      a as string,
      { lifecyclestage: 'customer', hs_lead_status: 'CONNECTED' },
      h.clock.now() - 3_600_000,
    );
    fake.touch('contacts', b as string, { email: 'new.address@example.org' }, h.clock.now() - 60_000);
    const result = await h.run();
    expect(result.sources[0]?.ok).toBe(true);
    const second = h.loader.rows('leads').slice(before);
    expect(second.map((r) => r.lead_id).sort()).toEqual([a, b].sort());
    const latest = h.loader.latest('leads');
    expect(latest.get(`hubspot|${a}`)?.lifecycle_stage).toBe('customer');
    expect(latest.size).toBe(fake.objects.contacts.size);
  });

  it('recovers from 429 (no Retry-After) and a burst of 5xx with backoff', async () => {
    const fake = await start({ contacts: 300, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] });
    fake.inject({ times: 3, response: rateLimited() });
    fake.inject({ times: 2, response: { status: 502, body: 'Bad Gateway' } });
    const started = h.clock.now();
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(h.loader.rows('leads')).toHaveLength(300);
    expect(result.sources[0]?.http?.retries).toBe(5);
    expect(h.clock.now() - started).toBeGreaterThan(0); // it waited (virtually)
  });

  it('honours the rolling rate limit of the fake', async () => {
    const fake = await start({
      contacts: 2000,
      deals: 0,
      engagements: 0,
      rateLimit: { perTenSeconds: 4, searchPerSecond: 4 },
    });
    const h = setup(fake, { entities: ['contacts'], maxAttempts: 10 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(h.loader.rows('leads')).toHaveLength(2000);
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
  });

  it('refreshes an expired OAuth token exactly once, then fails clearly if it is still refused', async () => {
    const fake = await start({ contacts: 50, deals: 0, engagements: 0 });
    const secret = {
      accessToken: 'hs-token-1',
      refreshToken: fake.refreshToken,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
    };
    const h = setup(fake, { entities: ['contacts'] }, secret);
    fake.expireTokens();
    const ok = await h.run();
    expect(ok.sources[0]?.error).toBeUndefined();
    expect(ok.sources[0]?.http?.refreshes).toBe(1);
    expect(h.loader.rows('leads')).toHaveLength(50);

    // A 401 that survives the refresh is not retried forever.
    fake.inject({
      times: 100,
      match: (r) => r.path.endsWith('/search'),
      response: { status: 401, body: { message: 'expired' } },
    });
    h.clock.advance(3_600_000);
    const bad = await h.run();
    expect(bad.sources[0]?.ok).toBe(false);
    expect(bad.sources[0]?.error).toMatch(
      /hubspot: .*POST \/crm\/v3\/objects\/contacts\/search → HTTP 401.*after a token refresh/,
    );
    expect(fake.stats.faults).toBe(2);
  });

  it('reports a permanent error clearly, records health, and leaves the cursor alone', async () => {
    const fake = await start({ contacts: 20, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] }, { accessToken: 'wrong-token' });
    const result = await h.run();
    expect(result.sources[0]).toMatchObject({ source: 'hubspot', ok: false });
    expect(result.sources[0]?.error).toBe(
      'hubspot: contacts: hubspot: POST /crm/v3/objects/contacts/search → HTTP 401: EXPIRED_AUTHENTICATION: The OAuth token used to make this call expired.',
    );
    expect(result.sources[0]?.error).not.toContain('wrong-token');
    expect(await h.store.exists(cursorKey('hubspot', 'contacts'))).toBe(false);
    const health = h.store.json<SourceHealthState>(healthKey('hubspot'));
    expect(health).toMatchObject({ ok: false, lastSuccessAt: null });
    expect(fake.stats.requests).toBe(1); // a 401 without a refresh token is not retried
  });

  it('a run that crashes after the canonical write re-runs with nothing lost or doubled', async () => {
    const fake = await start({ contacts: 120, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] });
    // Crash 1: the loader dies mid-batch. Crash 2: the process dies while saving the cursor.
    h.loader.failNext = true;
    const first = await h.run();
    expect(first.sources[0]?.ok).toBe(false);
    expect(await h.store.exists(cursorKey('hubspot', 'contacts'))).toBe(false);
    h.store.crashOn = /^state\/cursors\//;
    const second = await h.run();
    expect(second.sources[0]?.ok).toBe(false);
    expect(h.loader.rows('leads')).toHaveLength(120);
    const third = await h.run();
    expect(third.sources[0]?.ok).toBe(true);
    expect(third.sources[0]?.entities[0]?.alreadyLoaded).toBe(true);
    expect(h.loader.rows('leads')).toHaveLength(120);
    expect(await h.store.list('raw/hubspot/contacts/')).toHaveLength(1);
  });

  it('stops with an error when the API repeats a paging cursor', async () => {
    const fake = await start({ contacts: 500, deals: 0, engagements: 0 });
    const h = setup(fake, { entities: ['contacts'] });
    fake.inject({
      times: 10,
      // The second page (ids above the first page's last) answers nothing but "more".
      match: (r) => r.path.endsWith('/search') && !JSON.stringify(r.json).includes('"GT","value":"0"'),
      response: { status: 200, body: { total: 500, results: [], paging: { next: { after: '200' } } } },
    });
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(/same paging cursor twice/);
    expect(fake.stats.faults).toBe(1);
  });
});

describe('HubSpot merges (field case F4 through the API)', () => {
  const contact = (id: string, email: string, created: string, source: string) => ({
    id,
    properties: {
      hs_object_id: id,
      email,
      firstname: 'Anna',
      lastname: 'Keller',
      lifecyclestage: 'lead',
      hs_analytics_source: source,
      createdate: created,
      lastmodifieddate: created,
      hs_merged_object_ids: null,
      hs_additional_emails: null,
    },
    createdAt: created,
    updatedAt: created,
    archived: false,
  });

  it('the survivor names the merged id and keeps its address: the report equals the CSV path (2 leads, 0 paid_social)', async () => {
    const fake = await start({ contacts: 0, deals: 0, engagements: 0 });
    fake.put('contacts', contact('101', 'anna.keller@northwind.example', '2026-11-09T15:12:00.000Z', 'PAID_SEARCH'));
    fake.put('contacts', contact('102', 'anna.keller78@gmail.com', '2026-11-10T23:40:00.000Z', 'PAID_SOCIAL'));
    fake.put('contacts', contact('103', 'ben.ortiz@fabrikam.example', '2026-11-11T13:05:00.000Z', 'ORGANIC_SEARCH'));
    const h = harness(
      testConfig({ hubspot: { baseUrl: fake.baseUrl, entities: ['contacts'] } }),
      {
        hubspot: { accessToken: 'hs-token-1' },
      },
      '2026-11-12',
    );
    fake.now = h.clock.now;
    expect((await h.run()).sources[0]?.ok).toBe(true);
    h.clock.advance(86_400_000);
    fake.mergeContacts('101', '102', Date.parse('2026-11-12T14:30:00.000Z'));
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const survivor = h.loader.latest('leads').get('hubspot|101');
    expect(survivor).toMatchObject({ merged_lead_ids: ['102'], additional_emails: ['anna.keller78@gmail.com'] });

    const api = await fieldCase('cfg-ny.json');
    const csv = await fieldCase('cfg-ny.json');
    try {
      await api.import(await asCanonicalCsv('leads', h.loader.rows('leads', 'hubspot')), 'canonical-leads');
      await csv.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv');
      await csv.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv');
      const [fromApi, fromCsv] = [await api.report('2026-W46'), await csv.report('2026-W46')];
      expect(fromApi.totals.leads).toBe(2);
      expect(fromApi.channels.find((c) => c.channel === 'paid_social')?.leads ?? 0).toBe(0);
      expect(fromApi.totals).toEqual(fromCsv.totals);
      expect(fromApi.channels).toEqual(fromCsv.channels);
      const persons = 'select email_key, channel, created_at from fct_persons order by email_key';
      expect(await api.query(persons)).toEqual(await csv.query(persons));
    } finally {
      await api.close();
      await csv.close();
    }
  });
});

describe('HubSpot deal currency (issue #14 item 6)', () => {
  const noCode = (fake: HubSpotFake) =>
    [...fake.objects.deals.values()].filter((d) => d.properties.deal_currency_code === null).map((d) => d.id);

  it("a deal without deal_currency_code is in the portal's company currency (account-info), not the reporting currency", async () => {
    const fake = await start({ contacts: 20, deals: 60, engagements: 0, companyCurrency: 'USD' });
    const h = setup(fake, { entities: ['deals'] });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const deals = h.loader.latest('deals');
    const ids = noCode(fake);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(deals.get(`hubspot|${id}`)?.currency).toBe('USD');
    expect(deals.size).toBe(60);
    // Read from HubSpot, so nothing was assumed.
    expect(h.loader.batches[0]?.request.notes?.()).not.toHaveProperty('currencyAssumed');
    expect(fake.stats.byRoute['GET ^\\/account-info\\/v3\\/details$']).toBe(1);
  });

  it('a currency setting that contradicts HubSpot is refused; nothing loads', async () => {
    const fake = await start({ contacts: 20, deals: 60, engagements: 0, companyCurrency: 'USD' });
    const h = setup(fake, { entities: ['deals'], currency: 'CHF' });
    const result = await h.run();
    expect(result.sources[0]?.error).toBe(
      'hubspot: deals: hubspot: sources.hubspot.currency is CHF but GET /account-info/v3/details companyCurrency says USD; correct or remove the setting',
    );
    expect(h.loader.batches).toHaveLength(0);
  });

  it('when account-info is refused the setting stands in and is said; without a setting the pull stops', async () => {
    const refused = {
      status: 403,
      body: { status: 'error', message: 'This app lacks the scope', category: 'MISSING_SCOPES' },
    };
    const onAccountInfo = (r: FakeRequest) => r.path === '/account-info/v3/details';
    const fake = await start({ contacts: 20, deals: 60, engagements: 0, companyCurrency: 'USD' });
    fake.inject({ times: 10, match: onAccountInfo, response: refused });
    const h = setup(fake, { entities: ['deals'], currency: 'USD' });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const withAmount = noCode(fake).filter((id) => fake.objects.deals.get(id)?.properties.amount !== null);
    expect(h.loader.batches[0]?.request.notes?.()).toMatchObject({
      currencyAssumed: { currency: 'USD', from: 'setting', rows: withAmount.length },
    });
    for (const id of withAmount) expect(h.loader.latest('deals').get(`hubspot|${id}`)?.currency).toBe('USD');

    const bare = setup(fake, { entities: ['deals'] });
    const result = await bare.run();
    expect(result.sources[0]?.error).toMatch(
      /amounts without a currency are in the account's currency, but GET \/account-info\/v3\/details companyCurrency failed \(.*HTTP 403.*\); set sources\.hubspot\.currency to the account's currency$/,
    );
    expect(bare.loader.batches).toHaveLength(0);
  });
});

describe('HubSpot deletions (issue #14 item 2): search leaves archived records out', () => {
  it('a contact, a deal and a meeting deleted between two runs load as deletions at their archivedAt; older deletions are not read again', async () => {
    const fake = await start({ contacts: 30, deals: 10, engagements: 10 });
    const h = setup(fake);
    // Deleted long before the first run: the first run loads it as a deletion (never a lead).
    const old = [...fake.objects.contacts.keys()][5] as string;
    fake.archive('contacts', old, fake.asOf - 40 * 86_400_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.latest('leads').get(`hubspot|${old}`)?.is_deleted).toBe(true);

    const contact = [...fake.objects.contacts.keys()][0] as string;
    const deal = [...fake.objects.deals.keys()][0] as string;
    const meeting = [...fake.objects.meetings.values()].find(
      (m) =>
        m.properties.hs_meeting_outcome === 'COMPLETED' && (fake.associations.meetings?.get(m.id)?.length ?? 0) > 0,
    )?.id as string;
    h.clock.advance(86_400_000);
    const deletedAt = h.clock.now() - 3_600_000;
    for (const [type, id] of [
      ['contacts', contact],
      ['deals', deal],
      ['meetings', meeting],
    ] as const)
      fake.archive(type, id, deletedAt);
    const before = h.loader.rows('leads').length;
    expect((await h.run()).sources[0]?.ok).toBe(true);

    // Deleting changes no modification date: only the archived listing can tell.
    const at = new Date(deletedAt).toISOString();
    expect(h.loader.latest('leads').get(`hubspot|${contact}`)).toMatchObject({ is_deleted: true, updated_at: at });
    expect(h.loader.latest('deals').get(`hubspot|${deal}`)).toMatchObject({ is_deleted: true, updated_at: at });
    const rows = h.loader.rows('activities').filter((a) => a.record_id === `meetings-${meeting}`);
    const newest = rows.filter((a) => a.updated_at === at);
    expect(newest).toEqual([expect.objectContaining({ is_deleted: true, activity_id: `meetings-${meeting}` })]);
    expect(rows.filter((a) => a.is_deleted !== true).every((a) => String(a.updated_at) < at)).toBe(true);
    // The second run read the deletions of its window only: the contact, not the old one.
    expect(
      h.loader
        .rows('leads')
        .slice(before)
        .map((l) => l.lead_id),
    ).toEqual([contact]);
  });
});

describe('HubSpot associations added later (issue #14 item 8): associating does not touch the record', () => {
  it('a contact added to a meeting and to a deal reloads them at the pull time; unchanged ones are not reloaded', async () => {
    const fake = await start({ contacts: 20, deals: 12, engagements: 12 });
    const h = setup(fake, { entities: ['deals', 'meetings'] });
    const meeting = [...fake.objects.meetings.values()].find(
      (m) =>
        m.properties.hs_meeting_outcome === 'COMPLETED' &&
        Date.parse(String(m.properties.hs_timestamp)) > fake.asOf - 20 * 86_400_000,
    )?.id as string;
    const deal = [...(fake.associations.deals?.entries() ?? [])].find(([, ids]) => ids.length === 0)?.[0] as string;
    fake.associations.meetings?.set(meeting, [[...fake.objects.contacts.keys()][0] as string]);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const loaded = h.loader.batches.length;

    // A quiet day: nothing changed, nothing is loaded again.
    h.clock.advance(86_400_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.batches.slice(loaded).flatMap((b) => b.rows)).toEqual([]);

    const [a, b] = [...fake.objects.contacts.keys()] as [string, string];
    const modified = fake.objects.meetings.get(meeting)?.properties.hs_lastmodifieddate;
    fake.associate('meetings', meeting, b);
    fake.associate('deals', deal, b);
    expect(fake.objects.meetings.get(meeting)?.properties.hs_lastmodifieddate).toBe(modified);
    h.clock.advance(86_400_000);
    const result = await h.run();
    expect(result.sources[0]?.ok).toBe(true);
    const pulledAt = new Date(h.clock.now()).toISOString();

    const emailOf = (id: string) => fake.objects.contacts.get(id)?.properties.email ?? null;
    const newest = h.loader
      .rows('activities')
      .filter((r) => r.record_id === `meetings-${meeting}` && r.updated_at === pulledAt);
    expect(newest.map((r) => r.lead_id).sort()).toEqual([a, b].sort());
    expect(newest.every((r) => r.has_happened === true && r.is_deleted === false)).toBe(true);
    const d = h.loader.latest('deals').get(`hubspot|${deal}`);
    expect(d).toMatchObject({ updated_at: pulledAt, contact_emails: [emailOf(b)].filter(Boolean) });
    // Only the two records whose contacts changed came back.
    expect(result.sources[0]?.entities.map((e) => [e.entity, e.records])).toEqual([
      ['deals', 1],
      ['meetings', 1],
    ]);

    // B taken off the meeting again: a newer version with A alone replaces both rows.
    fake.associations.meetings?.set(meeting, [a]);
    h.clock.advance(86_400_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const third = new Date(h.clock.now()).toISOString();
    const rows = h.loader.rows('activities').filter((r) => r.record_id === `meetings-${meeting}`);
    expect(rows.filter((r) => r.updated_at === third).map((r) => [r.activity_id, r.lead_id])).toEqual([
      [`meetings-${meeting}`, a],
    ]);
  });

  it('an engagement older than the lookback is not read again; lookback 0 reads none', async () => {
    const fake = await start({ contacts: 10, deals: 0, engagements: 12 });
    const h = setup(fake, { entities: ['calls'], associationLookbackDays: 7 });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const old = [...fake.objects.calls.values()].find(
      (c) => Date.parse(String(c.properties.hs_timestamp)) < h.clock.now() - 10 * 86_400_000,
    )?.id as string;
    fake.associate('calls', old, [...fake.objects.contacts.keys()][3] as string);
    h.clock.advance(86_400_000);
    const result = await h.run();
    expect(result.sources[0]?.entities[0]?.records).toBe(0);
    const off = setup(fake, { entities: ['calls'], associationLookbackDays: 0 });
    await off.run();
    off.clock.advance(86_400_000);
    const searches = fake.stats.requests;
    await off.run();
    // One window search and one archived listing: no search of recent calls.
    expect(fake.stats.requests - searches).toBe(2);
  });
});

describe('HubSpot lead quality (issue #16 item 3)', () => {
  it('lead status UNQUALIFIED is disqualified, with the reason property the config names (trimmed); no status says nothing', async () => {
    const fake = await start();
    const h = setup(fake, { properties: { disqualification_reason: 'lead_disqualification_reason' } });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const loaded = h.loader.latest('leads');
    const reasons = new Set<unknown>();
    for (const contact of fake.objects.contacts.values()) {
      const p = contact.properties;
      const row = loaded.get(`hubspot|${contact.id}`);
      if (p.hs_lead_status === null) expect(row?.is_disqualified ?? null).toBeNull();
      else expect(row?.is_disqualified).toBe(p.hs_lead_status === 'UNQUALIFIED');
      if (p.hs_lead_status === 'UNQUALIFIED') reasons.add(row?.disqualification_reason);
      else expect(row?.disqualification_reason ?? null).toBeNull();
    }
    expect(reasons).toEqual(new Set(['No budget', 'Competitor', null]));
  });
});
