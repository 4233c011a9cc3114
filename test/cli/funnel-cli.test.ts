/** The CLI as a user runs it: exit codes, one-line errors, and byte-identical reports. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCommand, reportCommand } from '../../bin/cli/commands.js';
import { writeDemo } from '../../functions/core/demo/index.js';
import { ResendFake } from '../fakes/resend-fake.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'funnel.js');

async function funnel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return funnelWith({}, ...args);
}

async function funnelWith(
  extraEnv: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      timeout: 60_000,
      env: { ...process.env, ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let global: { config: string; dataDir: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'));
  const files = await writeDemo(join(dir, 'demo'));
  global = { config: join(dir, 'demo', 'funnel.config.json'), dataDir: join(dir, 'data') };
  for (const f of files)
    await importCommand(f.path, { as: `canonical-${f.table}`, source: f.source, date: '2026-11-22' }, global);
}, 120_000);

describe('funnel report on the demo data', () => {
  it('gives byte-identical JSON when run twice', async () => {
    const a = await reportCommand({ week: '2026-W47', format: 'json', out: join(dir, 'a') }, global);
    const b = await reportCommand({ week: '2026-W47', format: 'json', out: join(dir, 'b') }, global);
    const [ja, jb] = await Promise.all([readFile(a.files[0]!), readFile(b.files[0]!)]);
    expect(ja.equals(jb)).toBe(true);
    expect(a.report.totals.leads).toBeGreaterThan(200);
  });

  it('has exactly the keys of the report JSON (SPEC §6, plus overdueLeftOut, overdueUntimed, coverage, claimBasis, followUpEffect, cohorts and leadQuality)', async () => {
    const { report } = await reportCommand({ week: '2026-W47', format: 'json' }, global);
    expect(Object.keys(report)).toEqual([
      'week',
      'start',
      'end',
      'timezone',
      'currency',
      'methodologyVersion',
      'totals',
      'previous',
      'channels',
      'overdueLeads',
      'overdueLeftOut',
      'overdueUntimed',
      'idleSpend',
      'restatements',
      'restatementsNotCompared',
      'claimBasis',
      'dataQuality',
      'coverage',
      'followUpEffect',
      'cohorts',
      'leadQuality',
    ]);
    // The demo's sales disqualify some leads, with reasons (and some without).
    expect(report.leadQuality?.disqualification.measured).toBe(true);
    expect(report.leadQuality?.totals.disqualified).toBeGreaterThan(0);
    expect(report.leadQuality?.reasons.map((r) => r.reason)).toContain('No budget');
    // The demo loads follow-ups, spend and deals: every family is measured.
    expect(report.coverage).toEqual({
      followUps: { measured: true, reason: null, lastDataAt: null },
      spend: { measured: true, reason: null, lastDataAt: null },
      deals: { measured: true, reason: null, lastDataAt: null },
      leadQuality: { measured: true, reason: null, lastDataAt: null },
    });
    expect(Object.keys(report.totals)).toEqual([
      'leads',
      'mqls',
      'followedUpWithinSla',
      'followedUpLate',
      'overdue',
      'pending',
      'untimedLeads',
      'slaRate',
      'slaRateMqls',
      'medianHoursToFollowUp',
      'opportunities',
      'marketingSourcedOpportunities',
      'pipeline',
      'marketingSourcedPipeline',
      'wonDeals',
      'wonRevenue',
      'marketingSourcedWonRevenue',
      'spend',
      'cpl',
      'costPerOpportunity',
      'roas',
      'paidLeads',
      'paidCpl',
      'paidOpportunities',
      'paidCostPerOpportunity',
      'paidWonRevenue',
      'paidRoas',
    ]);
    expect(Object.keys(report.overdueLeads[0]!)).toEqual([
      'email',
      'createdAt',
      'owner',
      'channel',
      'hoursOverdue',
      'hoursOverdueAtLeast',
      'ownerName',
      'ownerInactive',
      'ownerKnownAtCutoff',
      'name',
      'company',
      'source',
      'recordUrl',
    ]);
    expect(Object.keys(report.idleSpend[0]!)).toEqual(['platform', 'campaignId', 'campaignName', 'spend']);
    expect(Object.keys(report.dataQuality)).toEqual([
      'sources',
      'assumptions',
      'dealsMatched',
      'dealsUnmatched',
      'leadsWithoutEmail',
      'ambiguousCampaigns',
      'rejectedImports',
    ]);
    // The demo's story: both claims partly true.
    expect(report.totals.overdue).toBeGreaterThan(0);
    expect(report.totals.slaRate).toBeGreaterThan(0.4);
    expect(report.idleSpend.length).toBeGreaterThan(0);
    expect(report.totals.marketingSourcedOpportunities).toBeGreaterThan(0);
  });

  it('funnel query prints JSON rows and CSV with formulas neutralized', async () => {
    const json = await funnel(
      '--config',
      global.config,
      '--data-dir',
      global.dataDir,
      'query',
      'select count(*) as n from fct_persons',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)[0].n).toBeGreaterThan(1000);
    const csv = await funnel(
      '--data-dir',
      join(dir, 'empty'),
      'query',
      "select '=HYPERLINK(1)' as x, -3 as y",
      '--format',
      'csv',
    );
    expect(csv.stdout).toBe("x,y\n'=HYPERLINK(1),-3\n");
  }, 120_000); // two CLI runs: about 5 s, but past 30 s on a loaded machine
});

describe('funnel report --send', () => {
  it('sends one email to both heads through Resend (local fake), and never twice', async () => {
    const resend = new ResendFake();
    const baseUrl = await resend.start();
    try {
      const env = { RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: baseUrl };
      const args = ['--config', global.config, '--data-dir', global.dataDir, 'report', '--week', '2026-W47', '--send'];
      const first = await funnelWith(env, ...args);
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(/^2026-W47: sent via resend to 2 recipients/);
      // The re-run finds the sent marker in the store: nothing is asked of Resend, even days later
      // (Resend forgets an idempotency key after 24 h).
      const second = await funnelWith(env, ...args);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/^2026-W47: already sent .*; nothing sent again/);
      expect(resend.sent).toHaveLength(1);
      expect(resend.requests).toHaveLength(1);
      expect(resend.sent[0]!.to).toHaveLength(2);
      // The drill-down CSVs went with it and were stored beside the report, named as attached.
      const attached = resend.sent[0]!.attachments ?? [];
      expect(attached.map((a) => a.filename)).toContain('overdue-leads-2026-W47.csv');
      const stored = await readdir(join(global.dataDir, 'reports', '2026-W47'));
      for (const a of attached) {
        expect(stored).toContain(a.filename);
        expect(await readFile(join(global.dataDir, 'reports', '2026-W47', a.filename))).toEqual(a.content);
      }
      const wrongKey = await funnelWith(
        { ...env, RESEND_API_KEY: 're_wrong' },
        ...args.map((a) => (a === '2026-W47' ? '2026-W46' : a)),
      );
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr.split('\n')).toHaveLength(2); // one line and the final newline
    } finally {
      await resend.stop();
    }
  }, 180_000);

  it('holds the report when a source is older than holdAfterHours, and names it', async () => {
    const later = new Date(Date.now() + 100 * 3_600_000);
    const outbox = join(dir, 'held-outbox');
    const send = (allowStale: boolean) =>
      reportCommand(
        { week: '2026-W45', format: 'json', send: true, outbox, outboxOnly: true, now: later, allowStale },
        global,
      );
    await expect(send(false)).rejects.toThrow(/^holding the report: .*last loaded 100 h ago \(limit 72 h\)/);
    expect(await readdir(outbox).catch(() => [])).toEqual([]); // nothing was written
    const { stdout } = await send(true);
    expect(stdout).toMatch(/sent via outbox/);
  });

  it('--out writes the drill-down CSVs beside the renderings, the names the email lists', async () => {
    const out = join(dir, 'drill-down');
    const { files, stdout } = await reportCommand({ week: '2026-W47', format: 'json,text', out }, global);
    const csvs = files.filter((f) => f.endsWith('.csv')).map((f) => f.slice(out.length + 1));
    expect(csvs).toContain('overdue-leads-2026-W47.csv');
    expect(stdout).toMatch(/wrote .*overdue-leads-2026-W47\.csv \(\d+ rows\)/);
    const text = await readFile(join(out, 'report-2026-W47.txt'), 'utf8');
    const overdue = await readFile(join(out, 'overdue-leads-2026-W47.csv'), 'utf8');
    expect(overdue.startsWith('\ufeffemail,owner,channel,')).toBe(true);
    const rows = overdue.trimEnd().split('\r\n').length - 1;
    expect(text).toContain(`- overdue-leads-2026-W47.csv: ${rows} overdue leads`);
    for (const f of csvs) expect(text).toContain(`- ${f}: `);
  });

  it('writes html and text renderings of the designed email', async () => {
    const { files } = await reportCommand({ week: '2026-W47', format: 'html,text', out: join(dir, 'email') }, global);
    const [html, text] = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    expect(html).toMatch(/<html[^>]*lang="en"/);
    expect(html).toContain('Were marketing');
    expect(text).toContain('Did the spend produce pipeline?');
  });
});

describe('failures exit non-zero with one line on stderr', () => {
  it.each([
    [['report', '--week', '2026-47'], /^funnel: --week: expected an ISO week such as 2026-W47, got "2026-47"\n$/],
    [['import', 'nope.csv', '--as', 'canonical-leads'], /^funnel: nope\.csv: cannot read file \(ENOENT\)\n$/],
    [['report', '--format', 'pdf'], /^funnel: --format: expected json, html or text, got "pdf"\n$/],
    [['query', 'select * from no_such_table'], /^funnel: .*no_such_table.*\n$/],
  ])('%j', async (args, message) => {
    const r = await funnel('--data-dir', join(dir, 'empty'), ...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('a bad config names the file and the key', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ timezone: 'Europe/Zurch' }));
    const r = await funnel('--config', bad, 'report');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`funnel: ${bad}: timezone: must be an IANA time zone such as Europe/Zurich\n`);
  });

  it('an unknown vendor format says what is expected', async () => {
    const file = join(dir, 'x.csv');
    await writeFile(file, 'a,b\n');
    const r = await funnel('--data-dir', join(dir, 'empty'), 'import', file, '--as', 'excel');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^funnel: --as excel: unknown format \(canonical-leads, .*\)\n$/);
  });
});
