import { afterEach, describe, expect, it } from 'vitest';
import { cursorKey } from '../../../functions/sources/run-sources.js';
import { dataAssumptions } from '../../../functions/core/report/build-report.js';
import type { LoadManifest } from '../../../functions/core/records.js';
import { LinkedInFake, tooMany } from '../../fakes/linkedin.js';
import { MetaFake, throttled } from '../../fakes/meta.js';
import type { FakeRequest, FakeServer } from '../../fakes/server.js';
import { harness, testConfig } from './helpers.js';

const fakes: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function metaSetup(block: Record<string, unknown> = {}, date = '2026-11-16') {
  const fake = new MetaFake();
  await fake.start();
  fakes.push(fake);
  const config = testConfig({
    meta: { baseUrl: fake.baseUrl, adAccountId: `act_${fake.accountId}`, pageSize: 40, asyncPollMs: 1000, ...block },
  });
  const h = harness(config, { meta: { accessToken: fake.token } }, date);
  fake.now = h.clock.now;
  return { fake, h, config };
}

async function linkedinSetup(block: Record<string, unknown> = {}, date = '2026-11-16', currency = 'USD') {
  const fake = new LinkedInFake({ currency });
  await fake.start();
  fakes.push(fake);
  const config = testConfig({
    linkedin: { baseUrl: fake.baseUrl, accountId: fake.accountId, ...block },
  });
  const h = harness(config, { linkedin: { accessToken: fake.token } }, date);
  fake.now = h.clock.now;
  return { fake, h, config };
}

describe('Meta insights connector', () => {
  it('pulls the window with paging.next, strings to numbers, lead actions as conversions', async () => {
    const { fake, h } = await metaSetup({ initialDays: 14 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const rows = h.loader.rows('spend', 'meta');
    expect(rows).toHaveLength(fake.data.count('2026-11-02', '2026-11-15'));
    expect(fake.calls).toEqual({ sync: Math.ceil(rows.length / 40), async: 0 });
    const c = fake.data.campaigns[0] as string;
    const day = fake.data.days('2026-11-02', '2026-11-15').find((d) => fake.data.metrics(c, d)) as string;
    const m = fake.data.metrics(c, day);
    expect(rows.find((r) => r.campaign_id === c && r.date === day)).toMatchObject({
      platform: 'meta',
      channel: 'paid_social',
      currency: 'EUR',
      cost: Number(m?.cost.toFixed(2)),
      impressions: m?.impressions,
      conversions: m?.leads,
    });
  });

  it('deleted and archived campaigns keep their spend: the daily pulls equal a fresh pull of the final state', async () => {
    const { fake, h, config } = await metaSetup({ initialDays: 14 });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    // Vendor-side change: one campaign deleted, one archived. Their past spend still happened.
    const [deleted, archived] = fake.data.campaigns as [string, string];
    fake.status.set(deleted, 'DELETED');
    fake.status.set(archived, 'ARCHIVED');
    const next = harness(config, { meta: { accessToken: fake.token } }, '2026-11-17');
    expect((await next.run({ store: h.store, load: h.loader.load })).sources[0]?.error).toBeUndefined();
    const fresh = harness(config, { meta: { accessToken: fake.token } }, '2026-11-17');
    const backfill = await fresh.run({ backfill: { from: '2026-11-02', to: '2026-11-16' } });
    expect(backfill.sources[0]?.error).toBeUndefined();
    const total = (rows: Map<string, Record<string, unknown>>) =>
      Math.round([...rows.values()].reduce((sum, r) => sum + Number(r.cost), 0) * 100) / 100;
    const ofDeleted = [...fresh.loader.latest('spend').values()].filter((r) => r.campaign_id === deleted);
    expect(ofDeleted).toHaveLength(
      fake.data.days('2026-11-02', '2026-11-16').filter((d) => fake.data.metrics(deleted, d)).length,
    );
    expect(total(fresh.loader.latest('spend'))).toBe(total(h.loader.latest('spend')));
    expect(fresh.loader.latest('spend').size).toBe(fake.data.count('2026-11-02', '2026-11-16'));
  });

  it("pulls only days that have ended in the ad account's zone, and the next run takes the day left out", async () => {
    // 06:00 in UTC on the 16th is 22:00 on the 15th in Los Angeles: the 15th has not ended there.
    const { fake, h, config } = await metaSetup({ initialDays: 14, timezone: 'America/Los_Angeles' });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const dates = new Set(h.loader.rows('spend', 'meta').map((r) => r.date));
    expect([...dates].sort().at(-1)).toBe('2026-11-14');
    expect(h.store.json<{ cursor: { through: string } }>(cursorKey('meta', 'campaign_daily'))?.cursor.through).toBe(
      '2026-11-14',
    );
    const next = harness(config, { meta: { accessToken: fake.token } }, '2026-11-17');
    expect((await next.run({ store: h.store, load: h.loader.load })).sources[0]?.error).toBeUndefined();
    const latest = [...h.loader.latest('spend').values()];
    expect(latest.filter((r) => r.date === '2026-11-15')).toHaveLength(fake.data.count('2026-11-15', '2026-11-15'));
    expect(latest.some((r) => r.date === '2026-11-16')).toBe(false);
  });

  it('uses an async report run for long ranges (backfill)', async () => {
    const { fake, h } = await metaSetup({ initialDays: 90, asyncAboveDays: 31 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(fake.calls.async).toBe(1);
    expect(h.loader.rows('spend')).toHaveLength(fake.data.count('2026-08-18', '2026-11-15'));
  });

  it('re-pulls restated days without duplicates and waits out throttling', async () => {
    const { fake, h, config } = await metaSetup({ initialDays: 14, restatementDays: 14 });
    await h.run();
    fake.data.restated.set('2026-11-10', 2);
    fake.inject({ times: 2, response: throttled(1) });
    const next = harness(config, { meta: { accessToken: fake.token } }, '2026-11-17');
    const before = next.clock.now();
    const result = await next.run({ store: h.store, load: h.loader.load });
    expect(result.sources[0]?.error).toBeUndefined();
    expect(next.clock.now() - before).toBeGreaterThanOrEqual(120_000); // estimated_time_to_regain_access
    const latest = h.loader.latest('spend');
    expect(latest.size).toBe(fake.data.count('2026-11-02', '2026-11-16'));
    const c = fake.data.campaigns.find((x) => fake.data.metrics(x, '2026-11-10')) as string;
    expect(latest.get(['meta', 'meta', fake.accountId, c, '2026-11-10'].join('|'))?.cost).toBe(
      Number(fake.data.metrics(c, '2026-11-10')?.cost.toFixed(2)),
    );
  });

  it('reports an invalid token clearly', async () => {
    const { h } = await metaSetup();
    const result = await harness(
      testConfig({ meta: { baseUrl: (fakes[0] as MetaFake).baseUrl, adAccountId: '1357924680' } }),
      { meta: { accessToken: 'bad' } },
    ).run({ store: h.store });
    expect(result.sources[0]?.error).toMatch(
      /meta: GET \/v21\.0\/act_1357924680\/insights → HTTP 400: OAuthException 190: Invalid OAuth access token/,
    );
    expect(result.sources[0]?.http?.retries).toBe(0);
  });

  it('a loader crash keeps the cursor; the re-run loads everything once', async () => {
    const { fake, h } = await metaSetup({ initialDays: 7 });
    h.loader.failNext = true;
    expect((await h.run()).sources[0]?.ok).toBe(false);
    expect(await h.store.exists(cursorKey('meta', 'campaign_daily'))).toBe(false);
    expect((await h.run()).sources[0]?.ok).toBe(true);
    expect(h.loader.rows('spend')).toHaveLength(fake.data.count('2026-11-02', '2026-11-15'));
  });
});

describe('LinkedIn adAnalytics connector', () => {
  it('pulls the window in small chunks (no paging) and maps URNs', async () => {
    const { fake, h } = await linkedinSetup({ initialDays: 30, chunkDays: 7 });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const rows = h.loader.rows('spend', 'linkedin');
    expect(rows).toHaveLength(fake.data.count('2026-10-17', '2026-11-15'));
    expect(fake.stats.requests).toBe(1 + 5); // the ad account, then 30 days / 7
    expect(rows[0]).toMatchObject({
      platform: 'linkedin',
      account_id: fake.accountId,
      currency: 'USD',
      channel: 'paid_social',
    });
    expect(fake.data.campaigns).toContain(rows[0]?.campaign_id);
  });

  it("labels cost with the ad account's currency (adAccounts), never the reporting currency", async () => {
    // A CHF account, a report in EUR, no currency setting: costInLocalCurrency is CHF.
    const { h } = await linkedinSetup({ initialDays: 7 }, '2026-11-16', 'CHF');
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const rows = h.loader.rows('spend', 'linkedin');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['CHF']));
    expect(h.loader.batches[0]?.rejects).toEqual([]);
  });

  it('a currency setting that contradicts the ad account is refused, before anything is loaded', async () => {
    const { h } = await linkedinSetup({ initialDays: 7, currency: 'EUR' }, '2026-11-16', 'CHF');
    const result = await h.run();
    expect(result.sources[0]?.error).toBe(
      'linkedin: campaign_daily: linkedin: sources.linkedin.currency is EUR but GET /rest/adAccounts/506333826 currency says CHF; correct or remove the setting',
    );
    expect(h.loader.batches).toHaveLength(0);
    expect(await h.store.exists(cursorKey('linkedin', 'campaign_daily'))).toBe(false);
  });

  it('without r_ads the setting stands in, and the load says the currency was assumed; without either, refused', async () => {
    const assumed = await linkedinSetup({ initialDays: 7, currency: 'CHF' }, '2026-11-16', 'CHF');
    assumed.fake.noAdsScope = true;
    expect((await assumed.h.run()).sources[0]?.error).toBeUndefined();
    const rows = assumed.h.loader.rows('spend', 'linkedin');
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['CHF']));
    expect(assumed.h.loader.batches[0]?.request.notes?.()).toMatchObject({
      currencyAssumed: { currency: 'CHF', from: 'setting', rows: rows.length },
    });

    const neither = await linkedinSetup({ initialDays: 7 }, '2026-11-16', 'CHF');
    neither.fake.noAdsScope = true;
    const result = await neither.h.run();
    expect(result.sources[0]?.error).toMatch(
      /amounts without a currency are in the account's currency, but GET \/rest\/adAccounts\/506333826 currency failed \(.*HTTP 403.*\); set sources\.linkedin\.currency to the account's currency$/,
    );
    expect(neither.h.loader.batches).toHaveLength(0);
  });

  it('says that its days are UTC days: every loaded row is counted for the report', async () => {
    const { h } = await linkedinSetup({ initialDays: 7, timezone: 'America/Los_Angeles' });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const rows = h.loader.rows('spend', 'linkedin');
    // UTC days: at 06:00 UTC on the 16th the 15th has ended in UTC, whatever the account's zone.
    expect([...new Set(rows.map((r) => r.date))].sort().at(-1)).toBe('2026-11-15');
    const notes = h.loader.batches[0]?.request.notes?.() ?? {};
    expect(notes).toMatchObject({ spendDaysUtc: { rows: rows.length } });
    const manifest = { source: 'linkedin', rowsLoaded: rows.length, notes } as unknown as LoadManifest;
    expect(dataAssumptions([manifest])).toEqual([{ source: 'linkedin', kind: 'spendDaysUtc', rows: rows.length }]);
  });

  it('restatement: the next day re-pulls 14 days, latest version per key, no duplicates', async () => {
    const { fake, h, config } = await linkedinSetup({ initialDays: 14 });
    await h.run();
    fake.data.restated.set('2026-11-14', 0.5);
    const next = harness(config, { linkedin: { accessToken: fake.token } }, '2026-11-17');
    await next.run({ store: h.store, load: h.loader.load });
    const latest = h.loader.latest('spend');
    expect(latest.size).toBe(fake.data.count('2026-11-02', '2026-11-16'));
    const c = fake.data.campaigns.find((x) => fake.data.metrics(x, '2026-11-14')) as string;
    expect(latest.get(['linkedin', 'linkedin', fake.accountId, c, '2026-11-14'].join('|'))?.cost).toBe(
      fake.data.metrics(c, '2026-11-14')?.cost,
    );
  });

  it('a restated day and an archived campaign: the daily pulls equal a fresh pull of the final state', async () => {
    const { fake, h, config } = await linkedinSetup({ initialDays: 14 });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    // Vendor-side changes before the next day's run: 2026-11-14's cost corrected (inside the
    // restatement window), and one campaign archived on the 16th. Its past spend still happened.
    const restatedCampaign = fake.data.campaigns.find((x) => fake.data.metrics(x, '2026-11-14')) as string;
    const before = fake.data.metrics(restatedCampaign, '2026-11-14')?.cost;
    fake.data.restated.set('2026-11-14', 0.5);
    // One that would have delivered on the 16th, so that archiving it changes that day.
    const archived = fake.data.campaigns.find(
      (x) => x !== restatedCampaign && fake.data.metrics(x, '2026-11-16'),
    ) as string;
    fake.archived.set(archived, '2026-11-16');
    const next = harness(config, { linkedin: { accessToken: fake.token } }, '2026-11-17');
    expect((await next.run({ store: h.store, load: h.loader.load })).sources[0]?.error).toBeUndefined();
    const fresh = harness(config, { linkedin: { accessToken: fake.token } }, '2026-11-17');
    const backfill = await fresh.run({ backfill: { from: '2026-11-02', to: '2026-11-16' } });
    expect(backfill.sources[0]?.error).toBeUndefined();

    const costs = (latest: Map<string, Record<string, unknown>>): Record<string, unknown> =>
      Object.fromEntries([...latest].map(([k, r]) => [k, r.cost]));
    const daily = costs(h.loader.latest('spend'));
    const rebuilt = costs(fresh.loader.latest('spend'));
    const activeOnThe16th = fake.data.campaigns.filter((c) => c !== archived && fake.data.metrics(c, '2026-11-16'));
    expect(Object.keys(daily)).toHaveLength(fake.data.count('2026-11-02', '2026-11-15') + activeOnThe16th.length);
    expect(daily).toEqual(rebuilt); // same keys, same cost per key

    const key = (c: string, d: string) => ['linkedin', 'linkedin', fake.accountId, c, d].join('|');
    const after = fake.data.metrics(restatedCampaign, '2026-11-14')?.cost;
    expect(after).not.toBe(before);
    expect(daily[key(restatedCampaign, '2026-11-14')]).toBe(after);
    const ofArchived = Object.keys(daily).filter((k) => k.split('|')[3] === archived);
    const deliveredBefore = fake.data.days('2026-11-02', '2026-11-15').filter((d) => fake.data.metrics(archived, d));
    expect(ofArchived).toHaveLength(deliveredBefore.length);
    expect(ofArchived.length).toBeGreaterThan(0);
    expect(daily[key(archived, '2026-11-16')]).toBeUndefined();
  });

  it('backs off on 429 without headers', async () => {
    const { h } = await linkedinSetup({ initialDays: 7 });
    (fakes[0] as LinkedInFake).inject({ times: 3, response: tooMany() });
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(result.sources[0]?.http?.retries).toBe(3);
  });

  it('a chunk failing midway loads nothing (restated days stay complete) and keeps the cursor', async () => {
    const { fake, h } = await linkedinSetup({ initialDays: 21, chunkDays: 7, maxAttempts: 2 });
    // The second chunk (chunks are pulled concurrently, so matched by its range, not by order).
    const second = (req: FakeRequest): boolean =>
      (req.query.get('dateRange') ?? '').startsWith('(start:(year:2026,month:11,day:2)');
    fake.inject({ times: 2, match: second, response: { status: 500, body: { message: 'Internal error' } } });
    const result = await h.run();
    expect(result.sources[0]?.error).toMatch(/HTTP 500: Internal error \(gave up after 2 attempts\)/);
    expect(h.loader.batches).toHaveLength(0);
    expect(await h.store.exists(cursorKey('linkedin', 'campaign_daily'))).toBe(false);
    const again = await h.run();
    expect(again.sources[0]?.ok).toBe(true);
    expect(h.loader.rows('spend')).toHaveLength(fake.data.count('2026-10-26', '2026-11-15'));
  });
});
