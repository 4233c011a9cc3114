import { afterEach, describe, expect, it } from 'vitest';
import { cursorKey } from '../../../functions/sources/run-sources.js';
import { GoogleAdsFake, resourceExhausted } from '../../fakes/google-ads.js';
import type { Config } from '../../../functions/core/config.js';
import { harness, testConfig, type Harness } from './helpers.js';

const fakes: GoogleAdsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function setup(block: Record<string, unknown> = {}, date = '2026-11-16') {
  const fake = new GoogleAdsFake();
  await fake.start();
  fakes.push(fake);
  const secret = {
    developerToken: fake.developerToken,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    refreshToken: fake.refreshToken,
  };
  const config = testConfig({
    google_ads: { baseUrl: fake.baseUrl, customerId: '123-456-7890', loginCustomerId: '111-222-3333', ...block },
  });
  const h = harness(config, { google_ads: secret }, date);
  fake.now = h.clock.now;
  return { fake, h, config, secret };
}

/** Campaign-days with activity in [from, to], of every campaign or only of `campaignId`. */
function expectedDays(fake: GoogleAdsFake, from: string, to: string, campaignId?: string): number {
  let n = 0;
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    for (const c of fake.campaigns.filter((x) => campaignId === undefined || x.id === campaignId)) {
      const m = fake.metrics(c.id, date);
      if (m.impressions || m.costMicros) n++;
    }
  }
  return n;
}

describe('Google Ads connector', () => {
  it('first run pulls the initial window; int64 strings and costMicros become numbers', async () => {
    const { fake, h } = await setup({ initialDays: 30 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const rows = h.loader.rows('spend', 'google_ads');
    expect(rows).toHaveLength(expectedDays(fake, '2026-10-17', '2026-11-15'));
    const c = fake.campaigns[0];
    const row = rows.find((r) => r.campaign_id === c?.id && r.date === '2026-11-10');
    const m = fake.metrics(String(c?.id), '2026-11-10');
    expect(row).toMatchObject({
      platform: 'google_ads',
      account_id: '1234567890',
      currency: 'CHF',
      channel: 'paid_search',
      cost: m.costMicros / 1e6,
      clicks: m.clicks,
      impressions: m.impressions,
    });
    expect(typeof row?.clicks).toBe('number');
    expect(rows.find((r) => r.campaign_id === fake.campaigns[3]?.id)?.channel).toBe('display'); // VIDEO
    expect(
      h.store.json<{ cursor: { through: string } }>(cursorKey('google_ads', 'campaign_daily'))?.cursor.through,
    ).toBe('2026-11-15');
  });

  it('re-pulls the restatement window daily: restated days replace older versions, nothing doubles', async () => {
    const { fake, h, config, secret } = await setup({ restatementDays: 14, initialDays: 14 });
    await h.run();
    fake.restated.set('2026-11-12', 1.5);
    const next = harnessNextDay(h, config, secret, fake);
    const result = await next.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const manifests = await next.store.list('manifests/raw/google_ads/');
    const notes = manifests.map((k) => next.store.json<{ notes: { from: string; to: string } }>(k)?.notes);
    expect(notes).toContainEqual({ from: '2026-11-03', to: '2026-11-16' });
    const latest = next.loader.latest('spend');
    expect(latest.size).toBe(expectedDays(fake, '2026-11-02', '2026-11-16'));
    const c = fake.campaigns.find((x) => fake.metrics(x.id, '2026-11-12').costMicros > 0);
    const key = ['google_ads', 'google_ads', '1234567890', c?.id, '2026-11-12'].join('|');
    expect(latest.get(key)?.cost).toBe(fake.metrics(String(c?.id), '2026-11-12').costMicros / 1e6);
    // Re-running the same day changes nothing.
    const again = await next.run();
    expect(again.sources[0]?.entities[0]?.alreadyLoaded).toBe(true);
  });

  it('a restated day and a removed campaign: the daily pulls equal a fresh pull of the final state', async () => {
    const { fake, h, config, secret } = await setup({ restatementDays: 14, initialDays: 14 });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    // Vendor-side changes before the next day's run: 2026-11-12 restated (inside the window),
    // and one campaign removed on the 16th. Its past spend still happened and must stay.
    const restatedCampaign = fake.campaigns.find((x) => fake.metrics(x.id, '2026-11-12').costMicros > 0)?.id as string;
    const before = fake.metrics(restatedCampaign, '2026-11-12').costMicros / 1e6;
    fake.restated.set('2026-11-12', 1.5);
    const removed = fake.campaigns.find((x) => x.id !== restatedCampaign)?.id as string;
    fake.removed.set(removed, '2026-11-16');
    const next = harnessNextDay(h, config, secret, fake);
    expect((await next.run()).sources[0]?.error).toBeUndefined();

    const fresh = harness(config, { google_ads: secret }, '2026-11-17');
    fake.now = fresh.clock.now;
    const backfill = await fresh.run({ backfill: { from: '2026-11-02', to: '2026-11-16' } });
    expect(backfill.sources[0]?.error).toBeUndefined();

    const costs = (latest: Map<string, Record<string, unknown>>): Record<string, unknown> =>
      Object.fromEntries([...latest].map(([k, r]) => [k, r.cost]));
    const daily = costs(h.loader.latest('spend'));
    const rebuilt = costs(fresh.loader.latest('spend'));
    expect(Object.keys(daily)).toHaveLength(expectedDays(fake, '2026-11-02', '2026-11-16'));
    expect(daily).toEqual(rebuilt); // same keys, same cost per key

    const key = (c: string, d: string) => ['google_ads', 'google_ads', '1234567890', c, d].join('|');
    const after = fake.metrics(restatedCampaign, '2026-11-12').costMicros / 1e6;
    expect(after).not.toBe(before);
    expect(daily[key(restatedCampaign, '2026-11-12')]).toBe(after);
    const ofRemoved = Object.keys(daily).filter((k) => k.split('|')[3] === removed);
    expect(ofRemoved).toHaveLength(expectedDays(fake, '2026-11-02', '2026-11-15', removed));
    expect(ofRemoved.length).toBeGreaterThan(0);
    expect(daily[key(removed, '2026-11-16')]).toBeUndefined();
  });

  it('recovers from 429 RESOURCE_EXHAUSTED and an expired token', async () => {
    const { fake, h } = await setup({ initialDays: 3 });
    fake.inject({
      times: 1,
      match: (r) => r.path.includes('searchStream'),
      response: () => (
        fake.validTokens.clear(),
        { status: 401, body: [{ error: { code: 401, status: 'UNAUTHENTICATED', message: 'expired' } }] }
      ),
    });
    fake.inject({
      times: 2,
      match: (r) => r.path.includes('searchStream'),
      response: { ...resourceExhausted(), headers: { 'retry-after': '30' } },
    });
    const before = h.clock.now();
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(result.sources[0]?.http).toMatchObject({ refreshes: 1, retries: 2 });
    expect(h.clock.now() - before).toBeGreaterThanOrEqual(60_000); // Retry-After honoured twice
  });

  it('reports a permanent error (PERMISSION_DENIED) clearly and keeps the cursor', async () => {
    const { h } = await setup({ customerId: '9999999999' });
    const result = await h.run();
    expect(result.sources[0]?.error).toBe(
      'google_ads: campaign_daily: google_ads: POST /v21/customers/9999999999/googleAds:searchStream → HTTP 403: PERMISSION_DENIED: The caller does not have permission',
    );
    expect(await h.store.exists(cursorKey('google_ads', 'campaign_daily'))).toBe(false);
  });

  it('a crash in the loader leaves the cursor; the re-run loads the window once', async () => {
    const { fake, h } = await setup({ initialDays: 5 });
    h.loader.failNext = true;
    expect((await h.run()).sources[0]?.ok).toBe(false);
    expect(await h.store.exists(cursorKey('google_ads', 'campaign_daily'))).toBe(false);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.rows('spend')).toHaveLength(expectedDays(fake, '2026-11-02', '2026-11-15'));
  });
});

/** The same store and loader, one day later. */
function harnessNextDay(h: Harness, config: Config, secret: object, fake: GoogleAdsFake): Harness {
  const next = harness(config, { google_ads: secret }, '2026-11-17');
  Object.assign(next, { store: h.store, loader: h.loader });
  const run = next.run;
  next.run = (o = {}) => run({ store: h.store, load: h.loader.load, ...o });
  fake.now = next.clock.now;
  return next;
}

describe('backfill', () => {
  it('runBackfill pulls exactly [from, to] and leaves the daily cursor alone', async () => {
    const { fake, h, config, secret } = await setup({ initialDays: 3 });
    await h.run();
    const cursor = h.store.json(cursorKey('google_ads', 'campaign_daily'));
    const { runBackfill } = await import('../../../functions/sources/run-sources.js');
    const { StaticSecrets } = await import('../../../functions/core/secrets.js');
    const result = await runBackfill({
      store: h.store,
      config,
      secrets: new StaticSecrets({ google_ads: secret }),
      from: '2026-09-01',
      to: '2026-09-30',
      load: h.loader.load,
      http: { sleep: h.clock.sleep, now: h.clock.now },
    });
    expect(result.sources[0]?.error).toBeUndefined();
    const batch = h.loader.batches.at(-1);
    expect(batch?.request.dt).toBe('2026-09-30');
    expect(batch?.rows).toHaveLength(expectedDays(fake, '2026-09-01', '2026-09-30'));
    expect(batch?.rows.every((r) => String(r.date) >= '2026-09-01' && String(r.date) <= '2026-09-30')).toBe(true);
    expect(h.store.json(cursorKey('google_ads', 'campaign_daily'))).toEqual(cursor);
  });
});
