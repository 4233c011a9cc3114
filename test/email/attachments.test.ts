/**
 * The drill-down CSVs on their way out: through Resend (the strict fake decodes what the API
 * receives), in the outbox `.eml` (parsed with a real MIME parser), into the store beside the
 * report (once), and named in both parts of the email.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import { buildEmailModel, LIMITS } from '../../emails/model.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { ResendMailer } from '../../functions/adapters/resend-mailer.js';
import { parseConfig } from '../../functions/core/config.js';
import { MailerError, reportIdempotencyKey, type MailMessage } from '../../functions/core/mailer.js';
import type { ObjectStore } from '../../functions/core/ports.js';
import {
  buildReportAttachments,
  summarizeAttachments,
  type ReportAttachment,
} from '../../functions/core/report/attachments.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { sendWeeklyReport, sendWeeklyReportOnce } from '../../functions/core/send-report.js';
import { attachmentKey, sentKey } from '../../functions/core/telemetry.js';
import { ResendFake } from '../fakes/resend-fake.js';

const KEY = 're_test_key';
const GMAIL_CLIP_BYTES = 102 * 1000;
const FRESH = { stale: [], hold: false, footer: [] } as never;

function report(): FunnelReport {
  return structuredClone(fixture.report);
}

function message(attachments: ReportAttachment[]): MailMessage {
  return {
    from: 'one-funnel <report@example.com>',
    to: ['head.of.marketing@example.com', 'head.of.sales@example.com'],
    subject: 'Marketing × Sales — week 47',
    html: '<p>Leads: 142</p>',
    text: 'Leads: 142',
    idempotencyKey: reportIdempotencyKey('2026-W47', ['head.of.marketing@example.com'], '1.0'),
    label: '2026-W47',
    attachments: attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.csv, 'utf8'),
    })),
  };
}

/** A report whose lists hold text a spreadsheet would run and a name with umlauts. */
function trickyReport(): FunnelReport {
  const r = report();
  r.overdueLeads[0] = { ...r.overdueLeads[0]!, owner: '=HYPERLINK("http://evil.example","x")' };
  r.idleSpend[0] = { ...r.idleSpend[0]!, campaignName: 'Zürich – Frühling, "Q1"' };
  return r;
}

describe('attachments through Resend (strict local fake)', () => {
  let fake: ResendFake;
  beforeEach(async () => {
    fake = new ResendFake({ apiKeys: [KEY] });
    await fake.start();
  });
  afterEach(async () => {
    await fake.stop();
  });
  const mailer = () => new ResendMailer({ apiKey: KEY, baseUrl: fake.baseUrl, backoffMs: 1, sleep: async () => {} });

  it('sends each CSV as base64 content with its file name and content type; it decodes to the same bytes', async () => {
    const files = buildReportAttachments(trickyReport());
    await mailer().send(message(files));
    const got = fake.sent[0]?.attachments ?? [];
    expect(got.map((a) => [a.filename, a.contentType])).toEqual(
      files.map((f) => [f.filename, 'text/csv; charset=utf-8']),
    );
    for (const [i, f] of files.entries()) {
      expect(got[i]!.content.equals(Buffer.from(f.csv, 'utf8'))).toBe(true);
      expect([...got[i]!.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    expect(got[0]!.content.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(got[2]!.content.toString('utf8')).toContain('"Zürich – Frühling, ""Q1"""');
  });

  it('an email without attachments sends no attachments field', async () => {
    await mailer().send(message([]));
    expect(fake.sent[0]).toBeDefined();
    expect(fake.sent[0]!.attachments).toBeUndefined();
  });

  it('the fake refuses attachments as the API does: 422 invalid_attachment, not retried', async () => {
    const base = { from: 'report@example.com', to: 'a@example.com', subject: 's', text: 't' };
    const cases = [
      [{ filename: 'a.csv' }, /needs `content` or `path`/],
      [{ filename: 'a.csv', content: 'not base64!' }, /Base64/],
      [{ content: Buffer.from('x').toString('base64') }, /`filename` is required/],
      [{ filename: '../a.csv', content: Buffer.from('x').toString('base64') }, /without a path/],
    ] as const;
    for (const [attachment, why] of cases) {
      const res = await fetch(`${fake.baseUrl}/emails`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, attachments: [attachment] }),
      });
      const body = (await res.json()) as { name: string; message: string };
      expect([res.status, body.name]).toEqual([422, 'invalid_attachment']);
      expect(body.message).toMatch(why);
      await new Promise((r) => setTimeout(r, 520)); // the fake's 2 requests/s
    }
    // Through the SDK and the mailer: one line naming Resend's error.
    const bad = message([]);
    bad.attachments = [{ filename: 'a/b.csv', contentType: 'text/csv', content: Buffer.from('x') }];
    const err = await mailer()
      .send(bad)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailerError);
    expect((err as MailerError).code).toBe('invalid_attachment');
    expect(fake.sent).toHaveLength(0);
  });
});

describe('attachments in the outbox .eml', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-att-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes multipart/mixed: the text/HTML alternative, then one attachment part per CSV', async () => {
    const files = buildReportAttachments(trickyReport());
    await new OutboxMailer(dir, { now: () => new Date('2026-11-23T06:00:00Z') }).send(message(files));
    const name = (await readdir(dir)).find((f) => f.endsWith('.eml'));
    const eml = await readFile(join(dir, name ?? ''), 'utf8');
    expect(eml).toMatch(/\r\nContent-Type: multipart\/mixed; boundary="([^"]+)"\r\n/);
    expect(eml).toMatch(/\r\nContent-Type: multipart\/alternative; boundary="([^"]+)"\r\n/);
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);

    const parsed = await PostalMime.parse(eml);
    expect(parsed.text?.trim()).toBe('Leads: 142');
    expect(parsed.html).toContain('Leads: 142');
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType, a.disposition])).toEqual(
      files.map((f) => [f.filename, 'text/csv', 'attachment']),
    );
    for (const [i, f] of files.entries()) {
      const content = parsed.attachments[i]!.content;
      const bytes = Buffer.from(typeof content === 'string' ? Buffer.from(content, 'base64') : new Uint8Array(content));
      expect(bytes.equals(Buffer.from(f.csv, 'utf8'))).toBe(true);
    }
  });

  it('an email without attachments keeps the plain multipart/alternative message', async () => {
    await new OutboxMailer(dir).send(message([]));
    const eml = await readFile(join(dir, (await readdir(dir)).find((f) => f.endsWith('.eml')) ?? ''), 'utf8');
    expect(eml).not.toContain('multipart/mixed');
    expect((await PostalMime.parse(eml)).attachments).toEqual([]);
  });

  it('names a non-ASCII file by RFC 2231, which the parser reads back', async () => {
    const msg = message([]);
    msg.attachments = [
      { filename: 'überfällig.csv', contentType: 'text/csv; charset=utf-8', content: Buffer.from('a') },
    ];
    await new OutboxMailer(dir).send(msg);
    const eml = await readFile(join(dir, (await readdir(dir)).find((f) => f.endsWith('.eml')) ?? ''), 'utf8');
    expect(eml).toContain("filename*=UTF-8''%C3%BCberf%C3%A4llig.csv");
    expect((await PostalMime.parse(eml)).attachments[0]?.filename).toBe('überfällig.csv');
  });
});

/** A store that counts writes per key. */
function countingStore(inner: ObjectStore): { store: ObjectStore; writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const count = (key: string) => writes.set(key, (writes.get(key) ?? 0) + 1);
  const store: ObjectStore = {
    ...inner,
    get: (k) => inner.get(k),
    exists: (k) => inner.exists(k),
    list: (p) => inner.list(p),
    delete: (k) => inner.delete(k),
    putFileIfAbsent: (k, p) => inner.putFileIfAbsent(k, p),
    put: async (k, b) => {
      count(k);
      await inner.put(k, b);
    },
    putIfAbsent: async (k, b) => {
      const wrote = await inner.putIfAbsent(k, b);
      if (wrote) count(k);
      return wrote;
    },
  };
  return { store, writes };
}

describe('sendWeeklyReportOnce stores the attachments beside the report', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-att-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const config = parseConfig({
    report: { from: 'one-funnel <report@example.com>', to: ['cmo@example.com'] },
  });

  it('sends them and stores each under reports/<week>/<filename> once; a re-run sends and writes nothing', async () => {
    const { store, writes } = countingStore(new LocalStore(join(dir, 'store')));
    const r = report();
    const attachments = buildReportAttachments(r);
    const rendered = await renderWeeklyReport({ ...PreviewProps, attachments: summarizeAttachments(attachments) });
    const outbox = new OutboxMailer(join(dir, 'outbox'));
    let delivered = 0;
    const run = () =>
      sendWeeklyReportOnce({
        store,
        report: r,
        freshness: FRESH,
        now: new Date('2026-11-23T06:00:00Z'),
        attachments,
        deliver: (files) => {
          delivered++;
          return sendWeeklyReport({ mailer: outbox, report: r, rendered, config, attachments: files });
        },
      });
    expect((await run()).alreadySent).toBe(false);
    for (const a of attachments) {
      const stored = await store.get(attachmentKey(r.week, a.filename));
      expect(Buffer.from(stored!).equals(Buffer.from(a.csv, 'utf8'))).toBe(true);
    }
    expect(await store.list(`reports/${r.week}/`)).toEqual(
      [sentKey(r.week), ...attachments.map((a) => attachmentKey(r.week, a.filename))].sort(),
    );

    expect((await run()).alreadySent).toBe(true);
    expect(delivered).toBe(1);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    expect(writes.size).toBe(attachments.length + 1);
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('a send the provider dropped as a repeat stores nothing (those files were not the ones sent)', async () => {
    const store = new LocalStore(join(dir, 'store'));
    const r = report();
    await sendWeeklyReportOnce({
      store,
      report: r,
      freshness: FRESH,
      now: new Date('2026-11-23T06:00:00Z'),
      attachments: buildReportAttachments(r),
      deliver: async () => ({ id: '', recipients: 1, deduplicated: true }),
    });
    expect(await store.list(`reports/${r.week}/`)).toEqual([sentKey(r.week)]);
  });

  it('a held report stores nothing and sends nothing', async () => {
    const store = new LocalStore(join(dir, 'store'));
    const r = report();
    r.coverage.deals = { measured: false, reason: 'no deals loaded', lastDataAt: null };
    let delivered = 0;
    await expect(
      sendWeeklyReportOnce({
        store,
        report: r,
        freshness: FRESH,
        now: new Date('2026-11-23T06:00:00Z'),
        attachments: buildReportAttachments(r),
        deliver: async () => {
          delivered++;
          return { id: 'x', recipients: 1, deduplicated: false };
        },
      }),
    ).rejects.toThrow();
    expect(delivered).toBe(0);
    expect(await store.list('reports/')).toEqual([]);
  });
});

describe('the email names its attachments', () => {
  const props = (overrides: Partial<WeeklyReportEmailProps> = {}): WeeklyReportEmailProps => ({
    ...structuredClone(PreviewProps),
    ...overrides,
  });

  it('lists each file with its row count in the text part and the HTML, in English', async () => {
    const r = report();
    const summary = summarizeAttachments(buildReportAttachments(r));
    const out = await renderWeeklyReport(props({ attachments: summary }));
    const n = r.claimBasis!.deals.length;
    expect(out.text).toContain(
      [
        'Attached: the full lists',
        '------------------------',
        'Every row behind the lists above, as CSV files for Excel, Numbers or Google Sheets:',
        `- overdue-leads-${r.week}.csv: ${r.overdueLeads.length} overdue leads`,
        `- marketing-deals-${r.week}.csv: ${n} marketing-sourced deals, new or won this week`,
        `- idle-campaigns-${r.week}.csv: ${r.idleSpend.length} campaigns with spend and no opportunity yet`,
      ].join('\n'),
    );
    for (const a of summary) expect(out.html).toContain(a.filename);
    expect(out.html).toContain(`${r.overdueLeads.length} overdue leads`);
  });

  it('says it in Swiss German, with "ss" and singulars', async () => {
    const out = await renderWeeklyReport(
      props({
        locale: 'de-CH',
        attachments: [
          { kind: 'overdueLeads', filename: 'overdue-leads-2026-W47.csv', rows: 1 },
          { kind: 'idleCampaigns', filename: 'idle-campaigns-2026-W47.csv', rows: 1200 },
        ],
      }),
    );
    expect(out.text).toContain('Im Anhang: die vollständigen Listen');
    expect(out.text).toContain('- overdue-leads-2026-W47.csv: 1 überfälliger Lead');
    expect(out.text.replace(/[\u2019']/g, "'")).toContain(
      "- idle-campaigns-2026-W47.csv: 1'200 Kampagnen mit Ausgaben und noch ohne Opportunity",
    );
    expect(out.text).not.toContain('ß');
  });

  it('has no attachment block when there are none', async () => {
    const out = await renderWeeklyReport(props());
    expect(buildEmailModel(props()).attachments).toBeNull();
    expect(out.text).not.toContain('Attached:');
    expect(out.html).not.toContain('Attached:');
  });
});

describe('size with 50 overdue leads and their attachments', () => {
  it(`stays under Gmail's clipping point (${GMAIL_CLIP_BYTES} bytes); the lists show the first rows, the files all`, async () => {
    const r = report();
    const long = 'x'.repeat(60);
    r.overdueLeads = Array.from({ length: 50 }, (_, i) => ({
      email: `first.middle.lastname-${i}-${long}@a-very-long-company-domain-name-${i}.example`,
      createdAt: new Date(Date.parse('2026-11-20T08:00:00Z') - i * 3_600_000 * 7).toISOString(),
      owner: `Account Executive With A Long Name ${i % 12} ${long}`,
      channel: ['paid_search', 'paid_social', 'events', 'organic_search'][i % 4] ?? null,
      hoursOverdue: 5 + i * 7,
    }));
    r.claimBasis!.deals = Array.from({ length: 60 }, (_, i) => ({
      source: 'hubspot',
      dealId: String(10_000_000_000 + i),
      name: `A deal with a long descriptive name for a big rollout ${i} ${long}`,
      accountName: `Company With A Very Long Legal Name And Suffix AG ${i}`,
      amount: 100_000 - i * 1000,
      wonInWeek: i % 3 === 0,
      method: (['conversion', 'email', 'domain'] as const)[i % 3]!,
      leadEmail: `buyer-${i}@a-very-long-company-domain-name-${i}.example`,
      channel: 'paid_search',
      campaignName: `Campaign with a long name ${i} ${long}`,
    }));
    r.idleSpend = Array.from({ length: 30 }, (_, i) => ({
      platform: 'meta',
      campaignId: String(120_000_000_000_000 + i),
      campaignName: `Always-on prospecting campaign with a long descriptive name #${i} ${long}`,
      spend: 1000 + i,
    }));
    const files = buildReportAttachments(r);
    expect(files.map((f) => f.rows)).toEqual([50, 60, 30]);
    const out = await renderWeeklyReport(props({ report: r, attachments: summarizeAttachments(files) }));
    const bytes = Buffer.byteLength(out.html, 'utf8');
    console.log(
      `[email] HTML ${bytes} bytes with 50 overdue leads, 60 claimed deals, 30 idle campaigns, 3 attachments`,
    );
    expect(bytes).toBeLessThan(GMAIL_CLIP_BYTES);
    // The email shows the largest ten deals and says how many more; the file has all 60.
    expect((out.text.match(/^- A deal with a long descriptive name/gm) ?? []).length).toBe(LIMITS.claimedDeals);
    expect(out.text).toContain(`and ${60 - LIMITS.claimedDeals} more`);
    expect(out.text).toContain(`- overdue-leads-${r.week}.csv: 50 overdue leads`);
    // The attachment list (the last block before the footer) is inside the first 102 KB.
    expect(Buffer.byteLength(out.html.slice(0, out.html.indexOf(`idle-campaigns-${r.week}.csv`)))).toBeLessThan(
      GMAIL_CLIP_BYTES,
    );
  });

  function props(overrides: Partial<WeeklyReportEmailProps>): WeeklyReportEmailProps {
    return { ...structuredClone(PreviewProps), ...overrides };
  }
});
