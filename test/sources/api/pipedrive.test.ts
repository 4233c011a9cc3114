import { afterEach, describe, expect, it } from 'vitest';
import { cursorKey } from '../../../functions/sources/run-sources.js';
import { PipedriveFake, throttled } from '../../fakes/pipedrive.js';
import { harness, testConfig } from './helpers.js';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function setup(block: Record<string, unknown> = {}, token = 'pd-token') {
  const fake = new PipedriveFake();
  await fake.start();
  fakes.push(fake);
  const h = harness(
    testConfig({
      pipedrive: {
        baseUrl: fake.baseUrl,
        companyDomain: 'acme',
        pageSize: 100,
        channels: { '12': 'paid_social' },
        ...block,
      },
    }),
    {
      pipedrive: { apiToken: token },
    },
  );
  fake.now = h.clock.now;
  return { fake, h };
}

describe('Pipedrive connector', () => {
  it('full pull: v2 persons, deals (+ person emails), done activities, v1 leads across pages', async () => {
    const { fake, h } = await setup();
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const leads = h.loader.rows('leads', 'pipedrive');
    expect(leads).toHaveLength(fake.data.persons.length + fake.leads.length);
    const p1 = leads.find((l) => l.lead_id === '1');
    expect(p1?.email).toBe('p1@org1.ch'); // the primary address, not the first private one
    // The others are further keys of the person (SPEC §4.2).
    expect(p1?.additional_emails).toEqual(['private1@gmail.com']);
    expect(leads.filter((l) => l.channel === 'paid_social')).toHaveLength(
      fake.leads.filter((l) => l.channel === 12).length,
    );

    const deals = h.loader.rows('deals', 'pipedrive');
    // Pipedrive lists a deleted deal only under status=deleted, and only for 30 days after its
    // deletion; then it is gone for good.
    const purged = fake.data.deals.filter(
      (d) => d.status === 'deleted' && Date.parse(String(d.update_time)) < h.clock.now() - 30 * 86_400_000,
    );
    expect(purged.length).toBeGreaterThan(0);
    expect(deals).toHaveLength(fake.data.deals.length - purged.length);
    const withPerson = fake.data.deals.find((d) => d.person_id !== null && d.status === 'won');
    const deal = deals.find((d) => d.deal_id === String(withPerson?.id));
    expect(deal).toMatchObject({ is_won: true, is_closed: true });
    expect((deal?.contact_emails as string[])[0]).toMatch(/^p\d+@org\d+\.ch$|^$/);
    const person = fake.data.persons.find((p) => p.id === withPerson?.person_id);
    // Every address of the deal's person, the primary first.
    expect(deal?.contact_emails).toEqual((person?.emails as { value: string }[]).map((e) => e.value));
    // And the person's id, its lead_id (persons load as leads): a deal names its person by id too.
    expect(deal?.contact_ids).toEqual([String(withPerson?.person_id)]);
    expect(deals.filter((d) => d.is_deleted)).toHaveLength(
      fake.data.deals.filter((d) => d.status === 'deleted').length - purged.length,
    );
    expect(deals.filter((d) => d.is_deleted).length).toBeGreaterThan(0);

    const acts = h.loader.rows('activities', 'pipedrive').filter((a) => a.has_happened);
    // One row per participant of each done activity (SPEC §4.4: each contact is followed up).
    expect(acts).toHaveLength(
      fake.data.activities.filter((a) => a.done).reduce((n, a) => n + (a.participants as unknown[]).length, 0),
    );
    const source = (activityId: unknown) =>
      fake.data.activities.find((x) => String(x.id) === String(activityId).split(':')[0]);
    expect(acts.find((a) => source(a.activity_id)?.type === 'lunch')?.type).toBe('meeting');
    expect(acts.find((a) => source(a.activity_id)?.type === 'linkedin_message')?.type).toBe('other');
  });

  it('incremental: only changed records since the cursor; unchanged v1 leads are not loaded again', async () => {
    const { fake, h } = await setup();
    await h.run();
    const batches = h.loader.batches.length;
    h.clock.advance(86_400_000);
    fake.touch('deals', 5, { status: 'won' }, h.clock.now() - 30 * 60_000);
    fake.touch('persons', 9, { first_name: 'Renamed' }, h.clock.now() - 10 * 60_000);
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const fresh = h.loader.batches.slice(batches);
    expect(fresh.map((b) => b.request.input).sort()).toEqual(['pipedrive API deals', 'pipedrive API persons']);
    expect(
      fresh
        .flatMap((b) => b.rows)
        .map((r) => r.deal_id ?? r.lead_id)
        .sort(),
    ).toEqual(['5', '9']);
    expect(result.sources[0]?.entities.find((e) => e.entity === 'leads')?.alreadyLoaded).toBe(true);
    expect(h.loader.latest('deals').get('pipedrive|5')?.is_won).toBe(true);
  });

  it('recovers from 429 using x-ratelimit-reset', async () => {
    const { fake, h } = await setup({ entities: ['persons'] });
    fake.inject({ times: 2, response: throttled() });
    const t0 = h.clock.now();
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(h.clock.now() - t0).toBeGreaterThanOrEqual(4000);
    expect(h.loader.rows('leads')).toHaveLength(fake.data.persons.length);
  });

  it('a wrong token is a clear, unretried error', async () => {
    const { h } = await setup({ entities: ['deals'] }, 'bad');
    const result = await h.run();
    expect(result.sources[0]?.error).toBe(
      'pipedrive: deals: pipedrive: GET /api/v2/deals → HTTP 401: unauthorized access: Please check developers.pipedrive.com',
    );
    expect(result.sources[0]?.http?.retries).toBe(0);
  });

  it('a repeated next_cursor is an error, not a loop', async () => {
    const { fake, h } = await setup({ entities: ['persons'] });
    fake.inject({
      times: 5,
      response: { status: 200, body: { success: true, data: [], additional_data: { next_cursor: 'same' } } },
    });
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(/same paging cursor twice/);
    expect(fake.stats.faults).toBe(2);
  });

  it('a crash before the cursor save: re-run loads nothing twice and loses nothing', async () => {
    const { fake, h } = await setup({ entities: ['activities'] });
    h.store.crashOn = /^state\/cursors\/pipedrive\/activities/;
    expect((await h.run()).sources[0]?.ok).toBe(false);
    expect(await h.store.exists(cursorKey('pipedrive', 'activities'))).toBe(false);
    const again = await h.run();
    expect(again.sources[0]?.entities[0]?.alreadyLoaded).toBe(true);
    expect(h.loader.rows('activities').filter((a) => a.has_happened)).toHaveLength(
      fake.data.activities.filter((a) => a.done).reduce((n, a) => n + (a.participants as unknown[]).length, 0),
    );
  });

  it('activities: a meeting at its start for each participant, a call when marked done, planned ones not happened', async () => {
    const { fake, h } = await setup({ entities: ['activities'] });
    fake.data.activities.length = 0;
    const base = {
      subject: 'x',
      owner_id: 41,
      deal_id: null,
      add_time: '2026-11-10T08:00:00Z',
      update_time: '2026-11-13T10:00:00Z',
    };
    fake.data.activities.push(
      {
        ...base,
        id: 9001,
        type: 'meeting',
        done: true,
        due_date: '2026-11-12',
        due_time: '14:00',
        marked_as_done_time: '2026-11-13T09:00:00Z',
        person_id: 7,
        participants: [
          { person_id: 7, primary: true },
          { person_id: 8, primary: false },
        ],
      },
      {
        ...base,
        id: 9002,
        type: 'call',
        done: true,
        due_date: '2026-11-12',
        due_time: '09:00',
        marked_as_done_time: '2026-11-12T16:20:00Z',
        person_id: 7,
        participants: [{ person_id: 7, primary: true }],
      },
      {
        ...base,
        id: 9003,
        type: 'call',
        done: false,
        due_date: '2026-11-14',
        due_time: '09:00',
        marked_as_done_time: null,
        person_id: 8,
        participants: [{ person_id: 8, primary: true }],
      },
    );
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const all = h.loader.rows('activities');
    const acts = new Map(all.filter((a) => a.has_happened).map((a) => [a.activity_id, a]));
    expect(all.filter((a) => !a.has_happened).map((a) => a.activity_id)).toEqual(['9003']);
    expect([...acts.keys()].sort()).toEqual(['9001:7', '9001:8', '9002']);
    expect(acts.get('9001:8')).toMatchObject({
      type: 'meeting',
      occurred_at: '2026-11-12T14:00:00.000Z',
      lead_id: '8',
    });
    expect(acts.get('9002')).toMatchObject({ type: 'call', occurred_at: '2026-11-12T16:20:00.000Z', lead_id: '7' });
  });
});

describe('Pipedrive merged persons (what the API shows)', () => {
  it('the kept person gains the merged one’s addresses as further keys; the merged person, no longer listed, is deleted', async () => {
    const { fake, h } = await setup({ entities: ['persons', 'deals'] });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    h.clock.advance(86_400_000);
    const deal = fake.data.deals.find((d) => typeof d.person_id === 'number' && d.person_id !== 1);
    const loserId = Number(deal?.person_id);
    const loser = h.loader.latest('leads').get(`pipedrive|${loserId}`);
    fake.mergePersons(loserId, 1, h.clock.now() - 60_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);

    const latest = h.loader.latest('leads');
    // The merged person's address is now a further key of the kept one (SPEC §4.2)…
    expect(latest.get('pipedrive|1')?.additional_emails).toEqual(
      expect.arrayContaining([loser?.email, ...(loser?.additional_emails as string[])]),
    );
    // …and its deal names the kept person, with all of its addresses.
    const moved = h.loader.latest('deals').get(`pipedrive|${deal?.id}`);
    expect(moved?.contact_emails).toEqual(
      ['p1@org1.ch', 'private1@gmail.com', loser?.email, ...(loser?.additional_emails as string[])].filter(
        (e, i, all) => e && all.indexOf(e) === i,
      ),
    );
    // Nothing names the person it went into, but the full listing no longer has it: it is
    // loaded as deleted, so it is not a second person beside the kept one.
    expect(latest.get(`pipedrive|${loserId}`)).toMatchObject({ lead_id: String(loserId), is_deleted: true });
    expect(latest.get(`pipedrive|${loserId}`)?.created_at).toBe(loser?.created_at);
  });
});

describe('Pipedrive deal currency (never the reporting currency unasked)', () => {
  const noCurrency = (fake: PipedriveFake) => {
    const d = fake.data.deals.find((x) => x.status === 'open');
    if (!d) throw new Error('no open deal');
    d.currency = null;
    return String(d.id);
  };

  it('a deal without currency is in the API user’s default currency (GET /v1/users/me), asked once', async () => {
    const { fake, h } = await setup({ entities: ['deals'] });
    fake.defaultCurrency = 'CHF';
    const id = noCurrency(fake);
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(h.loader.latest('deals').get(`pipedrive|${id}`)?.currency).toBe('CHF');
    const asked = Object.entries(fake.stats.byRoute).filter(([route]) => route.includes('users'));
    expect(asked.map(([, n]) => n)).toEqual([1]);
  });

  it('Pipedrive gives none: the currency setting, counted as assumed; neither: refused with what to do', async () => {
    const withSetting = await setup({ entities: ['deals'], currency: 'EUR' });
    withSetting.fake.defaultCurrency = null;
    const id = noCurrency(withSetting.fake);
    expect((await withSetting.h.run()).sources[0]?.error).toBeUndefined();
    expect(withSetting.h.loader.latest('deals').get(`pipedrive|${id}`)?.currency).toBe('EUR');
    const notes = withSetting.h.loader.batches.at(-1)?.request.notes?.() as Record<string, unknown>;
    expect(notes.currencyAssumed).toEqual({ currency: 'EUR', from: 'setting', rows: 1 });

    const neither = await setup({ entities: ['deals'] });
    neither.fake.defaultCurrency = null;
    noCurrency(neither.fake);
    expect((await neither.h.run()).sources[0]?.error).toMatch(
      /GET \/v1\/users\/me default_currency gave no currency; set sources\.pipedrive\.currency/,
    );
    expect(neither.h.loader.rows('deals')).toHaveLength(0);
  });
});

describe('Pipedrive Leads Inbox', () => {
  it('archived leads (their own list since 2025-07) still load; a lead with a person is that person’s record', async () => {
    const { fake, h } = await setup({ entities: ['leads'] });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const leads = h.loader.rows('leads');
    expect(leads).toHaveLength(fake.leads.length);
    expect(leads.filter((l) => l.status === 'archived')).toHaveLength(
      fake.leads.filter((l) => l.is_archived === true).length,
    );
    const withPerson = fake.leads.find((l) => l.person_id !== null);
    expect(leads.find((l) => l.lead_id === withPerson?.id)?.merged_into_lead_id).toBe(String(withPerson?.person_id));
  });

  it('an activity on an inbox lead alone (no person) names that lead', async () => {
    const { fake, h } = await setup({ entities: ['activities'] });
    fake.data.activities.length = 0;
    fake.data.activities.push({
      id: 9100,
      type: 'call',
      done: true,
      due_date: '2026-11-12',
      due_time: '09:00',
      marked_as_done_time: '2026-11-12T09:30:00Z',
      person_id: null,
      participants: [],
      lead_id: String(fake.leads[0]?.id),
      deal_id: null,
      owner_id: 41,
      add_time: '2026-11-12T09:00:00Z',
      update_time: '2026-11-12T09:30:00Z',
    });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    expect(h.loader.rows('activities')[0]).toMatchObject({ activity_id: '9100', lead_id: fake.leads[0]?.id });
  });
});

describe('Pipedrive deletion scan', () => {
  it('refuses when most persons vanish at once (a token that lost sight of them), loading nothing', async () => {
    const { fake, h } = await setup({ entities: ['persons'] });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const loaded = h.loader.rows('leads').length;
    h.clock.advance(86_400_000);
    fake.data.persons.splice(100);
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(
      /600 of the 700 persons listed last time are no longer listed; check that the API token's user sees all persons/,
    );
    expect(h.loader.rows('leads')).toHaveLength(loaded);
    // Told they were really deleted, the next pull loads them as deleted.
    const unguarded = testConfig({
      pipedrive: {
        baseUrl: fake.baseUrl,
        companyDomain: 'acme',
        pageSize: 100,
        entities: ['persons'],
        deletions: 'scan-unguarded',
      },
    });
    expect((await h.run({ config: unguarded })).sources[0]?.ok).toBe(true);
    expect([...h.loader.latest('leads').values()].filter((l) => l.is_deleted)).toHaveLength(600);
  });

  it('deletions: off lists only changed persons and activities (no full listing)', async () => {
    const { fake, h } = await setup({ entities: ['activities'], deletions: 'off' });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    h.clock.advance(86_400_000);
    fake.deleteRecord('activities', 1, h.clock.now() - 60_000);
    const before = h.loader.rows('activities').length;
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.rows('activities')).toHaveLength(before);
  });
});

describe('Pipedrive: a record modified during a pull', () => {
  it('is neither skipped nor doubled (keyset cursor), and its new version comes with the next run', async () => {
    const { fake, h } = await setup({ entities: ['deals'] });
    const first = [...fake.data.deals]
      .sort(
        (a, b) => Date.parse(String(a.update_time)) - Date.parse(String(b.update_time)) || Number(a.id) - Number(b.id),
      )
      .find((d) => d.status === 'open');
    let pages = 0;
    fake.onList = (type, req) => {
      // Between the first and the second page, the first open deal listed is won: it moves to
      // the end of the update_time order, past the window this run pulls.
      if (type === 'deals' && req.query.get('cursor') && pages++ === 0)
        fake.touch(
          'deals',
          Number(first?.id),
          { status: 'won', won_time: '2026-11-16T06:00:30Z' },
          h.clock.now() + 30_000,
        );
    };
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const ids = h.loader.rows('deals').map((d) => d.deal_id);
    expect(new Set(ids).size).toBe(ids.length);
    const listed = fake.data.deals.filter(
      (d) => d.status !== 'deleted' || Date.parse(String(d.update_time)) >= h.clock.now() - 30 * 86_400_000,
    );
    expect(ids).toHaveLength(listed.length);
    expect(h.loader.latest('deals').get(`pipedrive|${first?.id}`)?.is_won).toBe(false);
    fake.onList = undefined;
    h.clock.advance(86_400_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.latest('deals').get(`pipedrive|${first?.id}`)?.is_won).toBe(true);
  });
});

describe('Pipedrive lead converted to a deal', () => {
  it('the lead leaves the Inbox and keeps its last version (still its person’s record); the new deal names the person', async () => {
    const { fake, h } = await setup({ entities: ['leads', 'deals'] });
    expect((await h.run()).sources[0]?.ok).toBe(true);
    const lead = fake.leads.find((l) => l.person_id !== null && l.is_archived !== true);
    const before = h.loader.latest('leads').get(`pipedrive|${lead?.id}`);
    expect(before?.merged_into_lead_id).toBe(String(lead?.person_id));
    h.clock.advance(86_400_000);
    const dealId = fake.convertLead(String(lead?.id), h.clock.now() - 60_000);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    // Nothing in either lead list names it any more, and nothing marks it deleted: it was a lead.
    expect(h.loader.latest('leads').get(`pipedrive|${lead?.id}`)).toEqual(before);
    const person = fake.data.persons.find((p) => p.id === lead?.person_id);
    expect(h.loader.latest('deals').get(`pipedrive|${dealId}`)?.contact_emails).toEqual(
      (person?.emails as { value: string }[]).map((e) => e.value),
    );
  });
});

describe('Pipedrive lead quality (issue #16 item 3)', () => {
  it('an archived Leads Inbox lead is disqualified (no reason: leads have none); open leads are not; persons say nothing', async () => {
    const { fake, h } = await setup();
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const loaded = h.loader.latest('leads');
    const archived = fake.leads.filter((l) => l.is_archived === true);
    expect(archived.length).toBeGreaterThan(0);
    for (const lead of fake.leads) {
      expect(loaded.get(`pipedrive|${String(lead.id)}`)).toMatchObject({
        is_disqualified: lead.is_archived === true,
        disqualification_reason: null,
      });
    }
    const persons = [...loaded.values()].filter((r) => !fake.leads.some((l) => String(l.id) === r.lead_id));
    expect(persons.length).toBeGreaterThan(0);
    for (const p of persons) expect(p.is_disqualified ?? null).toBeNull();
  });
});
