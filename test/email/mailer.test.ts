import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { Resend } from 'resend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailerFromEnv } from '../../functions/adapters/mailer-from-env.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { ResendMailer } from '../../functions/adapters/resend-mailer.js';
import { parseConfig } from '../../functions/core/config.js';
import { type MailMessage, MailerError, reportIdempotencyKey } from '../../functions/core/mailer.js';
import { sendWeeklyReport } from '../../functions/core/send-report.js';
import { ResendFake } from '../fakes/resend-fake.js';

const KEY = 're_test_key';

function message(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    from: 'one-funnel <report@example.com>',
    to: ['head.of.marketing@example.com', 'Head of Sales <head.of.sales@example.com>'],
    replyTo: 'ops@example.com',
    subject: 'Marketing × Sales — week 47 (16–22 Nov 2026)',
    html: '<p>Leads: 142</p>',
    text: 'Leads: 142',
    idempotencyKey: reportIdempotencyKey(
      '2026-W47',
      ['head.of.marketing@example.com', 'head.of.sales@example.com'],
      '1.0',
    ),
    label: '2026-W47',
    ...overrides,
  };
}

describe('reportIdempotencyKey', () => {
  it('is stable, ignores recipient order, case and display names, and stays short', () => {
    const a = reportIdempotencyKey('2026-W47', ['b@example.com', 'a@example.com'], '1.0');
    const b = reportIdempotencyKey('2026-W47', ['Head <A@Example.com>', ' b@example.com '], '1.0');
    expect(a).toBe(b);
    expect(a).toMatch(/^funnel-report-2026-W47-[0-9a-f]{32}$/);
    expect(a.length).toBeLessThanOrEqual(256);
  });

  it('changes with the week, the recipients and the methodology version', () => {
    const base = reportIdempotencyKey('2026-W47', ['a@example.com', 'b@example.com'], '1.0');
    expect(reportIdempotencyKey('2026-W48', ['a@example.com', 'b@example.com'], '1.0')).not.toBe(base);
    expect(reportIdempotencyKey('2026-W47', ['a@example.com'], '1.0')).not.toBe(base);
    expect(reportIdempotencyKey('2026-W47', ['a@example.com', 'b@example.com'], '1.1')).not.toBe(base);
  });
});

describe('ResendMailer through the strict local fake', () => {
  let fake: ResendFake;
  let waits: number[];
  let logs: string[];
  const mailer = (apiKey = KEY, extra: { maxAttempts?: number } = {}) =>
    new ResendMailer({
      apiKey,
      baseUrl: fake.baseUrl,
      backoffMs: 20,
      ...extra,
      // Real waiting, so the fake's rate-limit window really passes; recorded for asserts.
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
      log: (line) => logs.push(line),
    });

  beforeEach(async () => {
    fake = new ResendFake({ apiKeys: [KEY] });
    await fake.start();
    waits = [];
    logs = [];
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('sending the same report twice delivers one email', async () => {
    const m = mailer();
    const first = await m.send(message());
    const second = await m.send(message());
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).toBe(first.id);
    expect(fake.sent).toHaveLength(1);
    expect(fake.requests.map((r) => r.replayed ?? false)).toEqual([false, true]);
    const sent = fake.sent[0];
    expect(sent?.to).toEqual(['head.of.marketing@example.com', 'Head of Sales <head.of.sales@example.com>']);
    expect(sent?.replyTo).toBe('ops@example.com');
    expect(sent?.idempotencyKey).toMatch(/^funnel-report-2026-W47-/);
    expect(sent?.text).toBe('Leads: 142');
  });

  it('waits for retry-after on 429 rate_limit_exceeded, then succeeds', async () => {
    // Use up the 2 req/s budget with other sends, then the report hits the limit.
    const other = new Resend(KEY, { baseUrl: fake.baseUrl });
    await other.emails.send({ from: 'a@example.com', to: 'b@example.com', subject: 's', text: 't' });
    await other.emails.send({ from: 'a@example.com', to: 'b@example.com', subject: 's2', text: 't' });
    const result = await mailer().send(message());
    expect(result.id).toBeTruthy();
    expect(fake.requests.find((r) => r.status === 429)?.name).toBe('rate_limit_exceeded');
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThanOrEqual(2000);
    expect(logs[0]).toMatch(/^resend: 429 rate_limit_exceeded: retrying in 1\.0 s/);
    expect(fake.sent).toHaveLength(3);
  });

  it('the fake sends ratelimit headers and retry-after with a 429', async () => {
    const post = () =>
      fetch(`${fake.baseUrl}/emails`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'a@example.com', to: ['b@example.com'], subject: 's', text: 't' }),
      });
    const ok = await post();
    expect(ok.headers.get('ratelimit-limit')).toBe('2');
    expect(ok.headers.get('ratelimit-remaining')).toBe('1');
    await post();
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
  });

  it.each(['daily_quota_exceeded', 'monthly_quota_exceeded'] as const)(
    '%s fails clearly and is not retried',
    async (quota) => {
      fake.quota = quota;
      const err = await mailer()
        .send(message())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailerError);
      expect((err as Error).message).toMatch(new RegExp(`^resend: 429 ${quota}: .*not retried\\)$`));
      expect((err as Error).message).not.toContain('\n');
      expect(fake.requests).toHaveLength(1);
      expect(waits).toEqual([]);
      expect(fake.sent).toHaveLength(0);
    },
  );

  it('401 missing key and 403 invalid key give one-line errors naming the Resend error', async () => {
    const noAuth = await fetch(`${fake.baseUrl}/emails`, { method: 'POST', body: '{}' });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ name: 'missing_api_key' });

    const err = await mailer('re_wrong_key')
      .send(message())
      .catch((e: unknown) => e);
    expect((err as MailerError).code).toBe('invalid_api_key');
    expect((err as Error).message).toMatch(/^resend: 403 invalid_api_key: API key is invalid\. \(check RESEND_API_KEY/);
    expect((err as Error).message).not.toContain('\n');
    expect(fake.requests).toHaveLength(2);
  });

  it('422 validation errors are one line and not retried', async () => {
    const bad = await mailer()
      .send(message({ from: 'not an address' }))
      .catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(
      /^resend: 422 invalid_from_address: Invalid `from` field\..*check report\.from/,
    );
    const tooMany = await mailer()
      .send(message({ to: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`), idempotencyKey: 'k-51' }))
      .catch((e: unknown) => e);
    expect((tooMany as MailerError).code).toBe('validation_error');
    expect((tooMany as Error).message).toContain('maximum number of recipients is 50');
    expect(fake.sent).toHaveLength(0);
    expect(waits).toEqual([]);
  });

  it('a 5xx after Resend accepted the email is retried with the same key: still one email', async () => {
    fake.failNext(1, { status: 500, name: 'internal_server_error', afterAccept: true });
    const result = await mailer().send(message());
    expect(result.id).toBe(fake.sent[0]?.id);
    expect(fake.sent).toHaveLength(1);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(logs[0]).toMatch(/^resend: 500 internal_server_error: retrying with the same idempotency key/);
  });

  it('a 5xx before acceptance is retried and sends once; persistent 5xx gives up after bounded attempts', async () => {
    fake.failNext(1, { status: 503, name: 'application_error' });
    await mailer().send(message());
    expect(fake.sent).toHaveLength(1);

    fake.failNext(5, { status: 500 });
    const err = await mailer(KEY, { maxAttempts: 3 })
      .send(message({ idempotencyKey: 'another-key' }))
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^resend: 500 internal_server_error: .*gave up after 3 attempts/);
    expect(fake.sent).toHaveLength(1);
  });

  it('enforces Idempotency-Key semantics: 409 on a different payload, 400 on a bad key', async () => {
    const post = (key: string, subject: string) =>
      fetch(`${fake.baseUrl}/emails`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ from: 'a@example.com', to: ['b@example.com'], subject, text: 't' }),
      });
    expect((await post('k1', 'one')).status).toBe(200);
    const conflict = await post('k1', 'two');
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ name: 'invalid_idempotent_request' });
    await new Promise((r) => setTimeout(r, 1000));
    const bad = await post('x'.repeat(257), 'three');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ name: 'invalid_idempotency_key' });
    expect(fake.sent).toHaveLength(1);
  });

  it('a re-run with changed content inside 24 h is reported as already sent, not sent again', async () => {
    const m = mailer();
    await m.send(message());
    const again = await m.send(message({ html: '<p>Leads: 143</p>', text: 'Leads: 143' }));
    expect(again.deduplicated).toBe(true);
    expect(again.note).toMatch(/already sent to these recipients within 24 h/);
    expect(fake.sent).toHaveLength(1);
  });

  it('sendWeeklyReport puts both heads on one message with reply-to from the config', async () => {
    const config = parseConfig({
      report: {
        from: 'one-funnel <report@example.com>',
        to: ['Head of Marketing <cmo@example.com>', 'Head of Sales <cso@example.com>'],
        replyTo: 'revops@example.com',
      },
    });
    const report = { week: '2026-W47', methodologyVersion: '1.0' };
    const rendered = { subject: 'Marketing × Sales — week 47', html: '<p>x</p>', text: 'x' };
    const first = await sendWeeklyReport({ mailer: mailer(), report, rendered, config });
    const second = await sendWeeklyReport({ mailer: mailer(), report, rendered, config });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.to).toEqual(['Head of Marketing <cmo@example.com>', 'Head of Sales <cso@example.com>']);
    expect(fake.sent[0]?.replyTo).toBe('revops@example.com');
    expect(first).toMatchObject({ mailer: 'resend', recipients: 2, deduplicated: false });
    expect(second.id).toBe(first.id);
    expect(first.idempotencyKey).toBe(reportIdempotencyKey('2026-W47', ['cso@example.com', 'cmo@example.com'], '1.0'));
  });

  // Reviewer 9 (9b-6): the default recipients (and cdk.json's) are placeholders on example.com;
  // through Resend they were "sent" and the week marked sent before the real list was set.
  it('refuses the placeholder recipients through Resend before sending; the outbox takes them', async () => {
    const report = { week: '2026-W47', methodologyVersion: '1.0' };
    const rendered = { subject: 'Marketing × Sales — week 47', html: '<p>x</p>', text: 'x' };
    const defaults = parseConfig({});
    await expect(sendWeeklyReport({ mailer: mailer(), report, rendered, config: defaults })).rejects.toThrow(
      /^config report\.to is still the placeholder head\.of\.marketing@example\.com, head\.of\.sales@example\.com .*nothing was sent$/,
    );
    const explicit = parseConfig({ report: { to: ['Head of Marketing <HEAD.OF.MARKETING@example.com>'] } });
    await expect(sendWeeklyReport({ mailer: mailer(), report, rendered, config: explicit })).rejects.toThrow(
      /placeholder/,
    );
    expect(fake.sent).toHaveLength(0);
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    try {
      const sent = await sendWeeklyReport({ mailer: new OutboxMailer(dir), report, rendered, config: defaults });
      expect(sent).toMatchObject({ mailer: 'outbox', recipients: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('mailerFromEnv picks Resend with RESEND_API_KEY and the outbox without it', () => {
    expect(
      mailerFromEnv({ outboxDir: '/tmp/x', env: { RESEND_API_KEY: KEY, RESEND_BASE_URL: fake.baseUrl } }).kind,
    ).toBe('resend');
    expect(mailerFromEnv({ outboxDir: '/tmp/x', env: {} }).kind).toBe('outbox');
    expect(mailerFromEnv({ outboxDir: '/tmp/x', env: { RESEND_API_KEY: '  ' } }).kind).toBe('outbox');
  });
});

describe('OutboxMailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .html, .txt and a parseable multipart .eml, and a second send writes nothing new', async () => {
    const outbox = new OutboxMailer(dir, { now: () => new Date('2026-11-23T06:00:00Z') });
    const msg = message({ text: 'Leads: 142\nGrüsse aus Zürich', html: '<p>Leads: 142 – Grüsse</p>' });
    const first = await outbox.send(msg);
    expect(first.deduplicated).toBeUndefined();
    const files = (await readdir(dir)).filter((f) => !f.startsWith('.')).sort();
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^2026-W47-[0-9a-f]{12}\.(eml|html|txt)$/.test(f))).toBe(true);

    const eml = await readFile(join(dir, files.find((f) => f.endsWith('.eml')) ?? ''), 'utf8');
    expect(eml).toMatch(/^From: one-funnel <report@example\.com>\r\n/);
    expect(eml).toContain('\r\nMIME-Version: 1.0\r\n');
    expect(eml).toContain('Content-Type: multipart/alternative; boundary=');
    expect(eml).toContain('Date: Mon, 23 Nov 2026 06:00:00 +0000');
    expect(eml).toMatch(/\r\nSubject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/);
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await PostalMime.parse(eml);
    expect(parsed.subject).toBe('Marketing × Sales — week 47 (16–22 Nov 2026)');
    expect(parsed.to?.map((a) => a.address)).toEqual(['head.of.marketing@example.com', 'head.of.sales@example.com']);
    expect(parsed.replyTo?.[0]?.address).toBe('ops@example.com');
    expect(parsed.text?.trim()).toBe('Leads: 142\nGrüsse aus Zürich');
    expect(parsed.html).toContain('Leads: 142 – Grüsse');

    const second = await outbox.send({ ...msg, html: '<p>changed</p>' });
    expect(second.deduplicated).toBe(true);
    expect(second.id).toBe(first.id);
    expect(second.note).toMatch(/already sent .*nothing new written/);
    expect((await readdir(dir)).filter((f) => !f.startsWith('.')).sort()).toEqual(files);
    expect(await readFile(join(dir, files.find((f) => f.endsWith('.html')) ?? ''), 'utf8')).toContain('Leads: 142');
  });

  it('concurrent sends with one key leave one set of files', async () => {
    const outbox = new OutboxMailer(dir);
    const results = await Promise.all([outbox.send(message()), outbox.send(message()), outbox.send(message())]);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect((await readdir(dir)).filter((f) => !f.startsWith('.'))).toHaveLength(3);
  });

  it('rejects header injection and empty recipients with one-line errors', async () => {
    const outbox = new OutboxMailer(dir);
    await expect(outbox.send(message({ subject: 'a\r\nBcc: x@example.com' }))).rejects.toThrow(
      /^outbox: headers: line breaks/,
    );
    await expect(outbox.send(message({ to: [] }))).rejects.toThrow('outbox: to: needs at least one recipient');
  });
});
