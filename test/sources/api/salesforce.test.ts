import { afterEach, describe, expect, it } from 'vitest';
import { cursorKey } from '../../../functions/sources/run-sources.js';
import { completedTaskRow, leadRow, SalesforceFake, sfTimestamp } from '../../fakes/salesforce.js';
import { fieldCase } from '../../helpers/field-case.js';
import { asCanonicalCsv, harness, testConfig } from './helpers.js';

const fakes: SalesforceFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function start(options: ConstructorParameters<typeof SalesforceFake>[0] = {}): Promise<SalesforceFake> {
  const fake = new SalesforceFake(options);
  await fake.start();
  fakes.push(fake);
  return fake;
}

const LEAD_FIELDS = { utm_source: 'UTM_Source__c', utm_medium: 'UTM_Medium__c', utm_campaign: 'UTM_Campaign__c' };

function setup(
  fake: SalesforceFake,
  block: Record<string, unknown> = {},
  secret: object = { clientId: 'sf-client', clientSecret: 'sf-secret' },
  settings: Record<string, unknown> = {},
) {
  const h = harness(
    testConfig(
      {
        salesforce: {
          baseUrl: fake.baseUrl,
          bulkPollMs: 1000,
          leadFields: LEAD_FIELDS,
          timezone: 'Europe/Zurich',
          ...block,
        },
      },
      settings,
    ),
    { salesforce: secret },
  );
  fake.now = h.clock.now;
  return h;
}

describe('Salesforce connector', () => {
  it('first run: Bulk 2.0 for leads/tasks/events, REST for opportunities; maps conversions and contact roles', async () => {
    const fake = await start({ batchSize: 40 });
    const h = setup(fake, { bulkMaxRecords: 250 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();

    const leads = h.loader.rows('leads', 'salesforce');
    expect(leads).toHaveLength(fake.data.Lead.length); // queryAll: deleted ones included, flagged
    expect(leads.filter((l) => l.is_deleted)).toHaveLength(fake.data.Lead.filter((l) => l.IsDeleted).length);
    const converted = leads.find((l) => l.lead_id === fake.data.Lead[0]?.Id);
    expect(converted).toMatchObject({ lifecycle_stage: 'opportunity', status: 'Closed - Converted' });
    const paid = leads.find(
      (l) =>
        l.utm_medium === 'paid_social' && l.channel !== 'referral' && l.channel !== 'events' && l.channel !== 'direct',
    );
    expect(paid?.channel).toBe('paid_social');
    expect(leads.find((l) => l.lead_id === fake.data.Lead[1]?.Id)?.created_at).toBe(
      new Date(String(fake.data.Lead[1]?.CreatedDate).replace('+0000', 'Z')).toISOString(),
    );
    // Bulk CSV pages were followed by Sforce-Locator (600 leads / 250 per page).
    const manifests = await h.store.list('manifests/raw/salesforce/leads/');
    expect(h.store.json<{ notes: { api: string } }>(manifests[0] as string)?.notes.api).toBe('bulk2');

    const deals = h.loader.rows('deals', 'salesforce');
    expect(deals).toHaveLength(fake.data.Opportunity.length);
    const opp1 = deals.find((d) => d.deal_id === fake.data.Opportunity[0]?.Id);
    expect(opp1?.converted_from_lead_id).toBe(fake.data.Lead[0]?.Id);
    expect(opp1?.contact_emails).toEqual(fake.contactEmails(String(fake.data.Opportunity[0]?.Id)));
    expect(opp1?.account_domain).toMatch(/^account\d+\.com$/);
    const noRoles = deals.find((d) => d.deal_id === fake.data.Opportunity[2]?.Id);
    expect(noRoles?.contact_emails).toEqual([]);
    const won = deals.find((d) => d.is_won === true);
    expect(won?.is_closed).toBe(true);
    expect(String(won?.closed_at)).toMatch(/T00:00:00.000Z$/); // a calendar day: its start in the report's zone (UTC)
    expect(deals.every((d) => d.currency === 'EUR')).toBe(true);

    const loaded = h.loader.rows('activities', 'salesforce');
    // Open tasks are no follow-ups (SPEC §4.4): loaded as not happened; deleted ones as deleted.
    const acts = loaded.filter((a) => a.has_happened && !a.is_deleted);
    expect(loaded.filter((a) => !a.has_happened).every((a) => a.type !== 'meeting')).toBe(true);
    const doneTasks = fake.data.Task.filter((t) => !t.IsDeleted && t.IsClosed).length;
    expect(doneTasks).toBeLessThan(fake.data.Task.filter((t) => !t.IsDeleted).length);
    expect(acts).toHaveLength(doneTasks + fake.data.Event.length);
    expect(acts.filter((a) => a.is_automated).every((a) => a.type === 'email')).toBe(true);
    expect(acts.some((a) => a.type === 'call')).toBe(true);
    expect(acts.filter((a) => a.type === 'meeting')).toHaveLength(fake.data.Event.length);
  });

  it('incremental run uses REST queryAll with nextRecordsUrl paging and picks up deletions', async () => {
    const fake = await start({ batchSize: 3 });
    const h = setup(fake, { entities: ['leads'] });
    await h.run();
    h.clock.advance(86_400_000);
    const ids = fake.data.Lead.slice(10, 18).map((l) => String(l.Id));
    for (const [i, leadId] of ids.entries()) {
      fake.touch(
        'Lead',
        leadId,
        i === 0 ? { IsDeleted: true } : { Status: 'Working - Contacted' },
        h.clock.now() - 5 * 60_000,
      );
    }
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const manifests = await h.store.list('manifests/raw/salesforce/leads/');
    expect(manifests).toHaveLength(2);
    const second = h.loader.batches[1]?.rows ?? [];
    expect(second.map((r) => r.lead_id).sort()).toEqual([...ids].sort());
    expect(second.find((r) => r.lead_id === ids[0])?.is_deleted).toBe(true);
    // 8 rows in batches of 3 → 3 REST pages.
    expect(fake.stats.byRoute[Object.keys(fake.stats.byRoute).find((k) => k.includes('query\\/([\\w-]+)')) ?? '']).toBe(
      2,
    );
  });

  it('re-authenticates once on INVALID_SESSION_ID and recovers from a 503 burst', async () => {
    const fake = await start({ leads: 50, opportunities: 10, tasks: 0, events: 0 });
    const h = setup(fake, { entities: ['opportunities'] });
    await h.run();
    // The session expires mid-run (the token from this run's login stops working).
    fake.inject({
      times: 1,
      match: (r) => r.path.includes('/queryAll'),
      response: () => (
        fake.expireSessions(),
        { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] }
      ),
    });
    fake.inject({
      times: 3,
      match: (r) => r.path.includes('/query'),
      response: { status: 503, body: [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }] },
    });
    h.clock.advance(3_600_000);
    fake.touch(
      'Opportunity',
      String(fake.data.Opportunity[0]?.Id),
      { StageName: 'Closed Won', IsWon: true, IsClosed: true },
      h.clock.now() - 60_000,
    );
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(result.sources[0]?.http?.refreshes).toBe(1);
    const latest = h.loader.latest('deals').get(`salesforce|${String(fake.data.Opportunity[0]?.Id)}`);
    expect(latest).toMatchObject({ is_won: true, stage: 'Closed Won' });
  });

  it('does not retry 403 REQUEST_LIMIT_EXCEEDED and says why', async () => {
    const fake = await start({ leads: 20, opportunities: 4, tasks: 0, events: 0, dailyLimit: 3 });
    const h = setup(fake, { entities: ['leads'], bulkForBackfill: false });
    fake.apiUsed = 3;
    const result = await h.run();
    expect(result.sources[0]?.ok).toBe(false);
    expect(result.sources[0]?.error).toBe(
      'salesforce: leads: salesforce: GET /services/data/v62.0/queryAll → HTTP 403: REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
    );
    expect(result.sources[0]?.http?.retries).toBe(0);
    expect(await h.store.exists(cursorKey('salesforce', 'leads'))).toBe(false);
  });

  it('reports a SOQL error (INVALID_FIELD) clearly', async () => {
    const fake = await start({ leads: 5, opportunities: 2, tasks: 0, events: 0 });
    const h = setup(fake, { entities: ['leads'], bulkForBackfill: false, leadFields: { utm_source: 'Utm_Src__c' } });
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(/HTTP 400: INVALID_FIELD: No such column 'Utm_Src__c' on entity 'Lead'\./);
  });

  it('wrong client credentials fail without retries', async () => {
    const fake = await start({ leads: 5, opportunities: 2, tasks: 0, events: 0 });
    const h = setup(fake, { entities: ['leads'] }, { clientId: 'sf-client', clientSecret: 'nope' });
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(
      /POST \/services\/oauth2\/token → HTTP 400: invalid_client: invalid client credentials/,
    );
    expect(result.sources[0]?.error).not.toContain('nope');
  });

  it('tasks: when completed (not logged), open ones not happened, list email and cadence automated, events at their start', async () => {
    const fake = await start({ leads: 5, opportunities: 2, tasks: 0, events: 0 });
    const h = setup(fake, { entities: ['tasks', 'events'], bulkForBackfill: false });
    const lead = String(fake.data.Lead[0]?.Id);
    const base = {
      WhoId: lead,
      WhatId: null,
      ActivityDate: '2026-11-10',
      Type: null,
      OwnerId: '005000000000001AAA',
      SystemModstamp: '2026-11-12T10:00:00.000+0000',
      IsDeleted: false,
    };
    fake.data.Task.push(
      // Logged (scheduled) on the 10th, done on the 12th.
      {
        ...base,
        Id: '00T000000000001EAA',
        CreatedDate: '2026-11-10T08:00:00.000+0000',
        Status: 'Completed',
        IsClosed: true,
        CompletedDateTime: '2026-11-12T09:30:00.000+0000',
        TaskSubtype: 'Call',
      },
      {
        ...base,
        Id: '00T000000000002EAA',
        CreatedDate: '2026-11-10T08:00:00.000+0000',
        Status: 'Not Started',
        IsClosed: false,
        CompletedDateTime: null,
        TaskSubtype: 'Call',
      },
      {
        ...base,
        Id: '00T000000000003EAA',
        CreatedDate: '2026-11-11T08:00:00.000+0000',
        Status: 'Completed',
        IsClosed: true,
        CompletedDateTime: '2026-11-11T08:00:00.000+0000',
        TaskSubtype: 'ListEmail',
      },
      {
        ...base,
        Id: '00T000000000004EAA',
        CreatedDate: '2026-11-11T08:00:00.000+0000',
        Status: 'Completed',
        IsClosed: true,
        CompletedDateTime: '2026-11-11T09:00:00.000+0000',
        TaskSubtype: 'Cadence',
      },
    );
    fake.data.Event.push({
      ...base,
      Id: '00U000000000001EAA',
      ActivityDateTime: '2026-11-13T14:00:00.000+0000',
      StartDateTime: '2026-11-13T14:00:00.000+0000',
      CreatedDate: '2026-11-09T08:00:00.000+0000',
      EventSubtype: 'Event',
    });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const all = h.loader.rows('activities');
    const acts = new Map(all.filter((a) => a.has_happened).map((a) => [a.activity_id, a]));
    expect(all.filter((a) => !a.has_happened).map((a) => a.activity_id)).toEqual(['00T000000000002EAA']);
    expect([...acts.keys()].sort()).toEqual([
      '00T000000000001EAA',
      '00T000000000003EAA',
      '00T000000000004EAA',
      '00U000000000001EAA',
    ]);
    expect(acts.get('00T000000000001EAA')).toMatchObject({
      type: 'call',
      occurred_at: '2026-11-12T09:30:00.000Z',
      lead_id: lead,
      is_automated: false,
    });
    expect(acts.get('00T000000000003EAA')).toMatchObject({ type: 'email', is_automated: true });
    expect(acts.get('00T000000000004EAA')).toMatchObject({ type: 'task', is_automated: true });
    expect(acts.get('00U000000000001EAA')).toMatchObject({ type: 'meeting', occurred_at: '2026-11-13T14:00:00.000Z' });
    // The open task is loaded as not happened, and the raw manifest says so.
    const manifests = await h.store.list('manifests/raw/salesforce/tasks/');
    expect(h.store.json<{ notes: { activities: unknown } }>(manifests[0] as string)?.notes.activities).toEqual({
      deleted: 0,
      records: 3,
      rows: 4,
      notHappened: 1,
      noHappenedTime: 0,
      happenedTimeUnknown: 0,
    });
  });

  it('a crash between the canonical write and the cursor save loses and doubles nothing', async () => {
    const fake = await start({ batchSize: 50 });
    const h = setup(fake, { entities: ['tasks'] });
    await h.run();
    h.clock.advance(86_400_000);
    const touched = fake.data.Task.slice(0, 5).map((t) => String(t.Id));
    for (const t of touched) fake.touch('Task', t, { Status: 'Completed' }, h.clock.now() - 60_000);
    h.store.crashOn = /^state\/cursors\/salesforce\/tasks/;
    const crashed = await h.run();
    expect(crashed.sources[0]?.ok).toBe(false);
    const afterCrash = h.loader.rows('activities').length;
    const rerun = await h.run();
    expect(rerun.sources[0]?.ok).toBe(true);
    expect(rerun.sources[0]?.entities[0]?.alreadyLoaded).toBe(true);
    expect(h.loader.rows('activities')).toHaveLength(afterCrash);
    const current = [...h.loader.latest('activities').values()].filter((a) => a.has_happened && !a.is_deleted);
    expect(current).toHaveLength(fake.data.Task.filter((t) => !t.IsDeleted && t.IsClosed).length);
  });
});

describe('Salesforce merged leads (SPEC §4.1)', () => {
  const lead = (id: string, email: string, created: string, source: string, utm: [string, string] | null) =>
    leadRow(id, email, created, {
      FirstName: 'Max',
      LastName: 'Muster',
      Company: 'Contoso',
      Website: 'contoso.example',
      LeadSource: source,
      UTM_Source__c: utm?.[0] ?? null,
      UTM_Medium__c: utm?.[1] ?? null,
    });
  const LOSER = '00Q000000000001EAA';
  const KEPT = '00Q000000000002EAA';

  it('the deleted loser names the kept lead: one person, first touch from the loser, its task counts', async () => {
    const fake = await start({ leads: 0, opportunities: 0, tasks: 0, events: 0 });
    // The loser came first (paid search), the kept lead a day later from a trade show.
    fake.data.Lead.push(lead(LOSER, 'max.m@gmail.com', '2026-11-09T16:00:00Z', 'Web', ['google', 'cpc']));
    fake.data.Lead.push(lead(KEPT, 'max@contoso.example', '2026-11-10T14:00:00Z', 'Trade Show', null));
    fake.data.Task.push(completedTaskRow('00T000000000001EAA', LOSER, '2026-11-10T10:00:00Z', 'Call'));
    const h = setup(fake, { entities: ['leads', 'tasks'], startDate: '2026-11-01' });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    h.clock.advance(86_400_000);
    fake.mergeLeads(KEPT, [LOSER], h.clock.now() - 60 * 60_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);

    const latest = h.loader.latest('leads');
    expect(latest.get(`salesforce|${LOSER}`)).toMatchObject({ is_deleted: true, merged_into_lead_id: KEPT });
    expect(latest.get(`salesforce|${KEPT}`)).toMatchObject({ is_deleted: false, merged_into_lead_id: null });

    // Through the CLI as canonical CSVs, with only the first pull's task (WhoId = the loser):
    // the task was moved to the kept lead by the merge, but an earlier export still names the loser.
    const run = await fieldCase('cfg-ny.json');
    try {
      await run.import(await asCanonicalCsv('leads', h.loader.rows('leads', 'salesforce')), 'canonical-leads');
      const firstTasks = h.loader.batches.filter((b) => b.request.table === 'activities')[0]?.rows ?? [];
      expect(firstTasks.map((t) => t.lead_id)).toEqual([LOSER]);
      await run.import(await asCanonicalCsv('activities', firstTasks), 'canonical-activities');
      const report = await run.report('2026-W46');
      expect(report.totals.leads).toBe(1);
      expect(report.channels.find((c) => c.channel === 'paid_search')?.leads).toBe(1);
      expect(report.totals.followedUpWithinSla).toBe(1);
      expect(await run.query('select created_at, channel from fct_persons')).toEqual([
        { created_at: '2026-11-09T16:00:00.000Z', channel: 'paid_search' },
      ]);
    } finally {
      await run.close();
    }
  });
});

describe('Salesforce currencies (issue #14 item 6)', () => {
  it('a multi-currency org is detected (describe) and each opportunity keeps its CurrencyIsoCode, unconfigured', async () => {
    const fake = await start({ leads: 10, opportunities: 40, tasks: 0, events: 0, multiCurrency: true });
    const h = setup(fake, { entities: ['opportunities'] });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const deals = h.loader.latest('deals');
    const usd = fake.data.Opportunity.filter((o) => o.CurrencyIsoCode === 'USD');
    expect(usd.length).toBeGreaterThan(3);
    for (const o of fake.data.Opportunity)
      expect(deals.get(`salesforce|${String(o.Id)}`)?.currency).toBe(o.CurrencyIsoCode);
    expect(h.loader.batches[0]?.request.notes?.()).not.toHaveProperty('currencyAssumed');
  });

  it("a single-currency org's amounts are in its currency (Organization), not the reporting currency", async () => {
    const fake = await start({ leads: 10, opportunities: 40, tasks: 0, events: 0, orgCurrency: 'CHF' });
    const h = setup(fake, { entities: ['opportunities'] });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const deals = [...h.loader.latest('deals').values()];
    expect(deals).toHaveLength(40);
    expect(new Set(deals.map((d) => d.currency))).toEqual(new Set(['CHF']));

    // A setting that contradicts the org is refused, and nothing loads.
    const wrong = setup(fake, { entities: ['opportunities'], currency: 'EUR' });
    expect((await wrong.run()).sources[0]?.error).toBe(
      'salesforce: opportunities: salesforce: sources.salesforce.currency is EUR but SELECT DefaultCurrencyIsoCode FROM Organization says CHF; correct or remove the setting',
    );
    expect(wrong.loader.batches).toHaveLength(0);
  });
});

describe('Salesforce conversions, contact roles and close dates (issue #14 items 1, 7, 8)', () => {
  const opp = (id: string, close: string, over: Record<string, unknown> = {}) => ({
    Id: id,
    Name: 'Deal',
    AccountId: '001000000000001AAA',
    StageName: 'Closed Won',
    Amount: 1000,
    CloseDate: close,
    IsWon: true,
    IsClosed: true,
    CreatedDate: sfTimestamp('2026-11-10T10:00:00Z'),
    OwnerId: '005000000000001AAA',
    SystemModstamp: sfTimestamp('2026-11-14T15:00:00Z'),
    IsDeleted: false,
    ...over,
  });
  /** The raw manifest notes of the i-th pull of `entity` (the harness keeps one dt: ordered by window end). */
  const rawNotes = async (h: ReturnType<typeof setup>, entity: string, i = 0) => {
    const manifests = await h.store.list(`manifests/raw/salesforce/${entity}/`);
    const notes = manifests.map((k) => h.store.json<{ notes: Record<string, unknown> }>(k)?.notes ?? {});
    return notes.sort((a, b) => String(a.until).localeCompare(String(b.until)))[i];
  };

  it("CloseDate is the start of its day in the report's zone, whatever the org's; the manifest names the org's", async () => {
    const fake = await start({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: 'Europe/Berlin' });
    fake.data.Opportunity.push(opp('006000000000001AAA', '2026-11-16'));
    const h = setup(fake, { entities: ['opportunities'], timezone: undefined }, undefined, {
      timezone: 'America/New_York',
    });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    // Monday 00:00 in New York: not Sunday 18:00 there (Berlin's midnight), the week before.
    expect(h.loader.rows('deals')[0]?.closed_at).toBe('2026-11-16T05:00:00.000Z');
    expect((await rawNotes(h, 'opportunities'))?.closeDates).toEqual({
      timezone: 'Europe/Berlin',
      from: 'Organization.TimeZoneSidKey',
      assumed: false,
    });
  });

  it("the source's timezone overrides the org's; an unreadable Organization is UTC, said as assumed", async () => {
    const fake = await start({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: 'America/New_York' });
    fake.data.Opportunity.push(opp('006000000000001AAA', '2026-11-16'));
    const set = setup(fake, { entities: ['opportunities'], timezone: 'Europe/Zurich' });
    expect((await set.run()).sources[0]?.error).toBeUndefined();
    expect(set.loader.rows('deals')[0]?.closed_at).toBe('2026-11-16T00:00:00.000Z'); // the report's zone (UTC)
    expect((await rawNotes(set, 'opportunities'))?.closeDates).toEqual({
      timezone: 'Europe/Zurich',
      from: 'sources.salesforce.timezone',
      assumed: false,
    });

    fake.inject({
      times: 1,
      match: (r) => (r.query.get('q') ?? '').includes('FROM Organization'),
      response: { status: 403, body: [{ message: 'Insufficient privileges', errorCode: 'INSUFFICIENT_ACCESS' }] },
    });
    const blind = setup(fake, { entities: ['opportunities'], timezone: undefined, currency: 'EUR' });
    expect((await blind.run()).sources[0]?.error).toBeUndefined();
    expect(blind.loader.rows('deals')[0]?.closed_at).toBe('2026-11-16T00:00:00.000Z');
    expect((await rawNotes(blind, 'opportunities'))?.closeDates).toMatchObject({
      timezone: 'UTC',
      from: expect.stringMatching(/^Organization not readable \(.*INSUFFICIENT_ACCESS/),
      assumed: true,
    });
  });

  it('an org zone that is no IANA zone is refused in one line, nothing loaded', async () => {
    const fake = await start({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: 'Mars/Olympus_Mons' });
    fake.data.Opportunity.push(opp('006000000000001AAA', '2026-11-16'));
    const h = setup(fake, { entities: ['opportunities'], timezone: undefined });
    expect((await h.run()).sources[0]?.error).toBe(
      'salesforce: opportunities: salesforce: Organization.TimeZoneSidKey "Mars/Olympus_Mons" is not an IANA time zone; set sources.salesforce.timezone to the org\'s zone',
    );
    expect(h.loader.batches).toHaveLength(0);
  });

  it('a contact role added, then removed, is read again each time though the Opportunity never changed', async () => {
    const fake = await start({ leads: 0, opportunities: 3, tasks: 0, events: 0 });
    const h = setup(fake, { entities: ['opportunities'] });
    await h.run();
    const target = String(fake.data.Opportunity[2]?.Id); // the third has no contact role
    const stamp = fake.data.Opportunity[2]?.SystemModstamp;
    expect(h.loader.latest('deals').get(`salesforce|${target}`)?.contact_emails).toEqual([]);

    h.clock.advance(86_400_000);
    const contact = fake.addContact('ops@tailspin.example', h.clock.now() - 3_600_000);
    const role = fake.addContactRole(target, contact, h.clock.now() - 3_600_000);
    expect(fake.data.Opportunity[2]?.SystemModstamp).toBe(stamp); // only the role was touched
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    expect(h.loader.batches[1]?.rows.map((r) => r.deal_id)).toEqual([target]);
    expect(h.loader.latest('deals').get(`salesforce|${target}`)?.contact_emails).toEqual(['ops@tailspin.example']);
    // The role's contact by id too (deals.contact_ids), as a contact-roles report gives it.
    expect(h.loader.latest('deals').get(`salesforce|${target}`)?.contact_ids).toEqual([contact]);
    expect((await rawNotes(h, 'opportunities', 1))?.contactRoles).toEqual({ changed: 1, opportunitiesReadAgain: 1 });

    // Removed: queryAll lists the deleted role, and the subquery leaves it out.
    h.clock.advance(86_400_000);
    fake.removeContactRole(role, h.clock.now() - 3_600_000);
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    expect(h.loader.latest('deals').get(`salesforce|${target}`)?.contact_emails).toEqual([]);
  });

  it('tasks on contacts: the address, and the lead converted into the contact (the earliest of several)', async () => {
    const fake = await start({ leads: 0, opportunities: 0, tasks: 0, events: 0 });
    const t0 = Date.parse('2026-11-12T09:00:00Z');
    const plain = fake.addContact('buyer@contoso.example', t0);
    const merged = fake.addContact('max@contoso.example', t0);
    const convertedLead = (id: string, day: string) =>
      leadRow(id, 'max@contoso.example', '2026-11-01T09:00:00Z', {
        Status: 'Closed - Converted',
        IsConverted: true,
        ConvertedDate: day,
        ConvertedContactId: merged,
        SystemModstamp: sfTimestamp(`${day}T09:00:00Z`),
      });
    // Two leads converted into one contact: the earlier conversion names the task.
    fake.data.Lead.push(
      convertedLead('00Q000000000009EAA', '2026-11-10'),
      convertedLead('00Q000000000008EAA', '2026-11-11'),
    );
    const done = '2026-11-12T10:00:00Z';
    fake.data.Task.push(completedTaskRow('00T000000000001EAA', plain, done, 'Call'));
    fake.data.Task.push(completedTaskRow('00T000000000002EAA', merged, done, 'Call'));
    // Through Bulk (the first pull) and through REST: the same rows.
    for (const bulkForBackfill of [true, false]) {
      const h = setup(fake, { entities: ['tasks'], bulkForBackfill });
      expect((await h.run()).sources[0]?.error).toBeUndefined();
      const rows = new Map(h.loader.rows('activities').map((a) => [a.activity_id, a]));
      expect(rows.get('00T000000000001EAA')).toMatchObject({ email: 'buyer@contoso.example', lead_id: null });
      expect(rows.get('00T000000000002EAA')).toMatchObject({
        email: 'max@contoso.example',
        lead_id: '00Q000000000009EAA',
      });
      expect((await rawNotes(h, 'tasks'))?.whoContacts).toEqual({ onContacts: 2, fromConvertedLeads: 1 });
    }
  });
});

describe('Salesforce lead quality (issue #16 item 3)', () => {
  it('Status "Closed - Not Converted" is disqualified by default, with the custom reason field the config names', async () => {
    const fake = await start();
    const h = setup(fake, { leadFields: { ...LEAD_FIELDS, disqualification_reason: 'Disqualification_Reason__c' } });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const loaded = h.loader.latest('leads');
    let disqualified = 0;
    for (const lead of fake.data.Lead) {
      const row = loaded.get(`salesforce|${String(lead.Id)}`);
      const isDq = lead.Status === 'Closed - Not Converted';
      if (isDq) disqualified++;
      expect(row).toMatchObject({
        is_disqualified: isDq,
        disqualification_reason: isDq ? ((lead.Disqualification_Reason__c as string | null) ?? null) : null,
      });
    }
    expect(disqualified).toBeGreaterThan(10);
  });

  it("the config's disqualifiedStatuses replace the defaults", async () => {
    const fake = await start();
    const h = setup(fake, { disqualifiedStatuses: ['Working - Contacted'] });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const loaded = h.loader.latest('leads');
    for (const lead of fake.data.Lead) {
      expect(loaded.get(`salesforce|${String(lead.Id)}`)?.is_disqualified).toBe(lead.Status === 'Working - Contacted');
    }
    // Without the field named, no reason is read.
    expect([...loaded.values()].every((r) => r.disqualification_reason === null)).toBe(true);
  });
});
