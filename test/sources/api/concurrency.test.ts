/**
 * The shared rate limiter and concurrent pulls: parallel streams of one source never exceed the
 * vendor's rate together, a source with no published rate learns it from its first 429, and a
 * concurrent run loads exactly what a sequential run loads, in the same order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, mapPool, RateLimiter, type HttpDeps } from '../../../functions/sources/http.js';
import { LinkedInFake, tooMany } from '../../fakes/linkedin.js';
import { PipedriveFake, throttled } from '../../fakes/pipedrive.js';
import { SalesforceFake } from '../../fakes/salesforce.js';
import { FakeServer, VirtualClock } from '../../fakes/server.js';
import { harness, testConfig, type Harness } from './helpers.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((f) => f.stop()));
});

async function started<T extends FakeServer>(fake: T): Promise<T> {
  await fake.start();
  servers.push(fake);
  return fake;
}

/** The largest number of admissions in any window of `windowMs` (a window ending at each admission). */
function busiestWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u > t - windowMs && u <= t).length));
}

describe('RateLimiter', () => {
  it('concurrent callers together never exceed the window', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter({ limit: 5, windowMs: 1000 }, clock);
    const admitted: number[] = [];
    await mapPool(
      Array.from({ length: 60 }, (_, i) => i),
      6,
      async (i) => {
        const slot = await limiter.acquire();
        admitted.push(slot.sentAt);
        await clock.sleep(i % 7); // responses take 0–6 ms
        slot.release();
      },
    );
    expect(admitted).toHaveLength(60);
    expect(busiestWindow(admitted, 1000)).toBeLessThanOrEqual(5);
  });

  it('a pause (Retry-After, quota reset) holds every caller', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(undefined, clock);
    limiter.pauseFor(2000);
    const admitted = await Promise.all([1, 2, 3].map(async () => (await limiter.acquire()).sentAt));
    for (const t of admitted) expect(t).toBeGreaterThanOrEqual(2000);
  });

  it('with no known rate: one request at a time, then the rate learnt from the first 429 for all streams', async () => {
    const clock = new VirtualClock(0);
    const server = await started(new FakeServer('unpublished'));
    server.now = clock.now;
    server.rateLimit = { limit: 10, windowMs: 1000, response: () => tooMany() };
    server.route('GET', /^\/x$/, () => ({ status: 200, body: { ok: true } }));
    const deps: HttpDeps = { fetch: (u, i) => fetch(u, i), sleep: clock.sleep, random: () => 0.5, now: clock.now };
    const limiter = new RateLimiter(undefined, deps, { learnWindowMs: 1000 });
    const client = new HttpClient({ vendor: 'unpublished', deps, limiter });
    const answers = await mapPool(
      Array.from({ length: 60 }, (_, i) => i),
      4,
      async () => (await client.get(`${server.baseUrl}/x`)).status,
    );
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(server.stats.rateLimited).toBe(1);
    expect(client.stats.throttled).toBe(1);
    expect(limiter.rate).toEqual({ limit: 10, windowMs: 1000 });
  });
});

/**
 * Every batch (by entity) with its rows, for comparing two runs. Concurrent entities load in the
 * order their pulls finish; entities of one table never share keys, so that order is immaterial.
 */
function loaded(h: Harness): Record<string, unknown[]> {
  return Object.fromEntries(h.loader.batches.map((b) => [b.request.input, b.rows]));
}

describe('concurrent pulls', () => {
  it('Pipedrive: four streams load the same rows as one and are never throttled', async () => {
    const runWith = async (concurrency: number) => {
      const fake = await started(new PipedriveFake());
      fake.rateLimit = { limit: 8, windowMs: 1000, response: () => throttled() };
      const h = harness(
        testConfig({
          pipedrive: {
            baseUrl: fake.baseUrl,
            companyDomain: 'acme',
            pageSize: 50,
            rateLimit: { limit: 8, windowMs: 1000 },
            concurrency,
          },
        }),
        { pipedrive: { apiToken: 'pd-token' } },
      );
      fake.now = h.clock.now;
      const result = await h.run();
      return { h, fake, result };
    };
    const one = await runWith(1);
    const four = await runWith(4);
    for (const run of [one, four]) {
      expect(run.result.sources[0]?.error).toBeUndefined();
      expect(run.fake.stats.rateLimited).toBe(0);
    }
    expect(four.fake.stats.requests).toBe(one.fake.stats.requests); // no extra requests
    expect(four.fake.stats.requests).toBeGreaterThan(30);
    expect(loaded(four.h)).toEqual(loaded(one.h));
    expect(Object.keys(loaded(one.h))).toEqual([
      'pipedrive API persons',
      'pipedrive API deals',
      'pipedrive API activities',
      'pipedrive API leads',
      'pipedrive API owners',
    ]);
    for (const table of ['leads', 'deals', 'activities'] as const)
      expect(four.h.loader.latest(table)).toEqual(one.h.loader.latest(table));
  });

  it('Salesforce: Bulk jobs side by side load the same rows as one at a time, within the rate limit', async () => {
    const runWith = async (concurrency: number) => {
      const fake = await started(new SalesforceFake({ batchSize: 40 }));
      fake.rateLimit = {
        limit: 5,
        windowMs: 1000,
        response: () => ({
          status: 403,
          body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        }),
      };
      const h = harness(
        testConfig({
          salesforce: {
            baseUrl: fake.baseUrl,
            bulkPollMs: 1000,
            bulkMaxRecords: 250,
            rateLimit: { limit: 5, windowMs: 1000 },
            concurrency,
          },
        }),
        { salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } },
      );
      fake.now = h.clock.now;
      const result = await h.run();
      return { h, fake, result };
    };
    const one = await runWith(1);
    const four = await runWith(4);
    for (const run of [one, four]) {
      expect(run.result.sources[0]?.error).toBeUndefined();
      expect(run.fake.stats.rateLimited).toBe(0);
    }
    const jobs = (f: SalesforceFake): number =>
      Object.entries(f.stats.byRoute).find(([k]) => k.startsWith('POST') && k.includes('jobs'))?.[1] ?? 0;
    expect(jobs(four.fake)).toBe(3); // leads, tasks, events
    const tokens = (f: SalesforceFake): number =>
      Object.entries(f.stats.byRoute).find(([k]) => k.includes('oauth2'))?.[1] ?? 0;
    expect(tokens(four.fake)).toBe(1); // streams starting together share one login
    expect(loaded(four.h)).toEqual(loaded(one.h));
    expect(loaded(four.h)['salesforce API leads']?.length).toBeGreaterThan(0);
    for (const table of ['leads', 'deals', 'activities'] as const)
      expect(four.h.loader.latest(table)).toEqual(one.h.loader.latest(table));
  });

  it('LinkedIn with no configured rate: a year of chunks, at most one throttled answer', async () => {
    const fake = await started(new LinkedInFake());
    fake.rateLimit = { limit: 20, windowMs: 1000, response: () => tooMany() };
    const h = harness(
      testConfig({ linkedin: { baseUrl: fake.baseUrl, accountId: fake.accountId, initialDays: 365 } }),
      { linkedin: { accessToken: fake.token } },
    );
    fake.now = h.clock.now;
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    expect(fake.stats.rateLimited).toBeLessThanOrEqual(1);
    expect(h.loader.rows('spend')).toHaveLength(fake.data.count('2025-11-16', '2026-11-15'));
  });
});
