import { describe, expect, it } from 'vitest';
import { EnvSecrets } from '../../../functions/adapters/env-secrets.js';
import { getJsonSecret } from '../../../functions/core/secrets.js';
import { CursorGuard, HttpClient, HttpError, retryAfterMs, type HttpDeps } from '../../../functions/sources/http.js';
import {
  changeWindow,
  dayChunks,
  isoTimestamp,
  spendWindow,
  type SourceContext,
} from '../../../functions/sources/source.js';

function scripted(responses: Array<Response | Error>): { deps: HttpDeps; sleeps: number[]; calls: number } {
  const state = { sleeps: [] as number[], calls: 0 };
  const deps: HttpDeps = {
    fetch: async () => {
      const next = responses[state.calls++];
      if (!next) throw new Error('no more responses');
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms) => {
      state.sleeps.push(ms);
    },
    random: () => 0.999,
    now: () => Date.parse('2026-11-16T06:00:00Z'),
  };
  return Object.assign(state, { deps });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('HttpClient', () => {
  it('backs off exponentially with full jitter, bounded by maxDelayMs', async () => {
    const s = scripted([json(500, {}), json(502, {}), json(503, {}), json(504, {}), json(200, { ok: 1 })]);
    const client = new HttpClient({ vendor: 'x', deps: s.deps, baseDelayMs: 100, maxDelayMs: 500 });
    const res = await client.get('http://h/a');
    expect(res.json).toEqual({ ok: 1 });
    expect(s.sleeps).toEqual([99, 199, 399, 499]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const s = scripted([
      json(429, {}, { 'retry-after': '7' }),
      json(429, {}, { 'retry-after': 'Mon, 16 Nov 2026 06:00:30 GMT' }),
      json(200, {}),
    ]);
    const client = new HttpClient({ vendor: 'x', deps: s.deps, baseDelayMs: 10 });
    await client.get('http://h/a');
    expect(s.sleeps).toEqual([7000, 30_000]);
    expect(retryAfterMs('garbage', 0)).toBeUndefined();
  });

  it('gives up after maxAttempts with a one-line error that keeps the query string out', async () => {
    const s = scripted([
      json(503, { message: 'down' }),
      json(503, { message: 'down' }),
      json(503, { message: 'down' }),
    ]);
    const client = new HttpClient({ vendor: 'acme', deps: s.deps, maxAttempts: 3 });
    const err = await client.get('http://h/v1/leads?api_token=SECRET').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).message).toBe('acme: GET /v1/leads → HTTP 503: down (gave up after 3 attempts)');
    expect((err as HttpError).transient).toBe(true);
  });

  it('retries network errors, does not retry other 4xx', async () => {
    const s = scripted([new TypeError('fetch failed'), json(404, { message: 'nope' })]);
    const client = new HttpClient({ vendor: 'x', deps: s.deps });
    await expect(client.get('http://h/a')).rejects.toThrow('x: GET /a → HTTP 404: nope');
    expect(s.calls).toBe(2);
  });

  it('refreshes auth exactly once on 401', async () => {
    const s = scripted([json(401, {}), json(401, {}), json(200, {})]);
    let refreshes = 0;
    const client = new HttpClient({ vendor: 'x', deps: s.deps, refresh: async () => void refreshes++ });
    await expect(client.get('http://h/a')).rejects.toThrow('HTTP 401 (after a token refresh)');
    expect(refreshes).toBe(1);
    expect(s.calls).toBe(2);
  });

  it('CursorGuard refuses a repeated cursor', () => {
    const g = new CursorGuard('v: list');
    g.check('a');
    g.check('b');
    expect(() => g.check('a')).toThrow(
      'v: list: the API returned the same paging cursor twice; stopping instead of looping',
    );
  });
});

describe('windows and values', () => {
  const ctx = { date: '2026-11-16', now: new Date('2026-11-16T06:00:00Z') } as SourceContext;
  it('change window: cursor minus overlap up to now; first run from startDate; backfill range', () => {
    expect(
      changeWindow(ctx, { since: '2026-11-15T06:00:00.000Z' }, { overlapMinutes: 60, startDate: '2015-01-01' }),
    ).toEqual({
      since: new Date('2026-11-15T05:00:00Z'),
      until: ctx.now,
    });
    expect(changeWindow(ctx, null, { overlapMinutes: 60, startDate: '2020-01-01' }).since.toISOString()).toBe(
      '2020-01-01T00:00:00.000Z',
    );
    expect(
      changeWindow({ ...ctx, backfill: { from: '2026-01-01', to: '2026-01-31' } }, null, {
        overlapMinutes: 0,
        startDate: '2015-01-01',
      }).until.toISOString(),
    ).toBe('2026-02-01T00:00:00.000Z');
  });
  it('spend window: restatement days, gaps since the cursor, initial days', () => {
    const cfg = { restatementDays: 14, initialDays: 30 };
    expect(spendWindow(ctx, { through: '2026-11-15' }, cfg)).toEqual({ from: '2026-11-02', to: '2026-11-15' });
    expect(spendWindow(ctx, { through: '2026-10-01' }, cfg)).toEqual({ from: '2026-10-02', to: '2026-11-15' });
    expect(spendWindow(ctx, null, cfg)).toEqual({ from: '2026-10-17', to: '2026-11-15' });
    expect(dayChunks('2026-11-01', '2026-11-15', 7)).toEqual([
      { from: '2026-11-01', to: '2026-11-07' },
      { from: '2026-11-08', to: '2026-11-14' },
      { from: '2026-11-15', to: '2026-11-15' },
    ]);
  });
  it('vendor timestamps parse leniently', () => {
    expect(isoTimestamp('2024-06-01T10:00:00.000+0000')).toBe('2024-06-01T10:00:00.000Z');
    expect(isoTimestamp('2024-06-01T12:00:00+02:00')).toBe('2024-06-01T10:00:00.000Z');
    expect(isoTimestamp('2024-06-01T10:00:00Z')).toBe('2024-06-01T10:00:00.000Z');
    expect(isoTimestamp('1717236000000')).toBe('2024-06-01T10:00:00.000Z');
    expect(isoTimestamp('2024-06-01 10:00:00')).toBe('2024-06-01T10:00:00.000Z');
    expect(isoTimestamp('')).toBeNull();
    expect(isoTimestamp('not a date')).toBeNull();
  });
});

describe('EnvSecrets', () => {
  it('reads FUNNEL_SECRET_<NAME>, names the variable when missing, never echoes a value', async () => {
    const secrets = new EnvSecrets({
      FUNNEL_SECRET_GOOGLE_ADS: '{"developerToken":"t"}',
      FUNNEL_SECRET_BAD: 'not-json-sekrit',
    });
    expect(await getJsonSecret(secrets, 'google_ads')).toEqual({ developerToken: 't' });
    await expect(secrets.get('hubspot')).rejects.toThrow(
      'secret "hubspot" is not set (set the environment variable FUNNEL_SECRET_HUBSPOT)',
    );
    const err = await getJsonSecret(secrets, 'bad').catch((e: Error) => e.message);
    expect(err).toBe('secret "bad": expected a JSON object');
  });
});
