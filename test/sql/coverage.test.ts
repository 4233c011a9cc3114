/**
 * "Never a figure from missing data" (SPEC §5): the demo data set loaded without one family's
 * data gives null figures, a reason, "not measured" in the email and a held send; a store
 * with no data and a week that has not ended are refused with one line.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCommand, reportCommand, type ReportOptions } from '../../bin/cli/commands.js';
import { writeDemo } from '../../functions/core/demo/index.js';
import { IncompleteReportHold, ReportRefused } from '../../functions/core/report/coverage.js';

type Global = { config: string; dataDir: string };
let root: string;
let config: string;
let files: Awaited<ReturnType<typeof writeDemo>>;

/** A data dir with the demo's files of the given tables only. */
async function storeWith(name: string, tables: readonly string[]): Promise<Global> {
  const global = { config, dataDir: join(root, name) };
  for (const f of files.filter((f) => tables.includes(f.table)))
    await importCommand(f.path, { as: `canonical-${f.table}`, source: f.source, date: '2026-11-22' }, global);
  return global;
}

const report = (global: Global, options: Partial<ReportOptions> = {}) =>
  reportCommand({ week: '2026-W47', format: 'json', now: new Date('2026-11-30T08:00:00Z'), ...options }, global);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'funnel-coverage-'));
  files = await writeDemo(join(root, 'demo'));
  config = join(root, 'demo', 'funnel.config.json');
}, 60_000);

describe('a store without activities', () => {
  let global: Global;
  beforeAll(async () => {
    global = await storeWith('no-activities', ['leads', 'deals', 'spend']);
  }, 120_000);

  it('gives null follow-up figures, no overdue list and the reason', async () => {
    const { report: r } = await report(global);
    expect(r.coverage.followUps).toEqual({
      measured: false,
      reason: 'no calls, emails or meetings loaded',
      lastDataAt: null,
    });
    expect(r.coverage.deals.measured).toBe(true);
    expect(r.coverage.spend.measured).toBe(true);
    for (const key of ['followedUpWithinSla', 'followedUpLate', 'overdue', 'pending', 'slaRate'] as const) {
      expect(r.totals[key], key).toBeNull();
      expect(r.previous[key], key).toBeNull();
    }
    expect(r.overdueLeads).toEqual([]);
    // The other families keep their figures.
    expect(r.totals.leads).toBeGreaterThan(200);
    expect(r.totals.opportunities).toBeGreaterThan(0);
    expect(r.totals.spend).toBeGreaterThan(0);
  });

  it('says "not measured" in the email instead of a number, and never "nothing is overdue"', async () => {
    const { files: out } = await report(global, { format: 'text,html', out: join(root, 'out-no-activities') });
    const text = await readFile(
      out.find((f) => f.endsWith('.txt'))!,
      'utf8',
    );
    expect(text).toContain('Follow-ups not measured: no calls, emails or meetings loaded.');
    expect(text).toMatch(/SLA rate, all leads: not measured/i);
    expect(text).toMatch(/SLA rate, MQLs: not measured/i);
    expect(text).not.toContain('Nothing is overdue');
    expect(text).not.toMatch(/\b0 of \d+ leads/);
    const html = await readFile(
      out.find((f) => f.endsWith('.html'))!,
      'utf8',
    );
    expect(html).toContain('not measured');
  });

  it('holds --send with the reason, and sends with --allow-incomplete', async () => {
    const outbox = join(root, 'outbox-no-activities');
    await expect(report(global, { send: true, outboxOnly: true, outbox, allowStale: true })).rejects.toThrow(
      IncompleteReportHold,
    );
    await expect(report(global, { send: true, outboxOnly: true, outbox, allowStale: true })).rejects.toThrow(
      /holding the 2026-W47 report: not measured \(follow-ups: no calls, emails or meetings loaded\)/,
    );
    await expect(readdir(outbox)).rejects.toThrow(); // nothing written
    const sent = await report(global, {
      send: true,
      outboxOnly: true,
      outbox,
      allowStale: true,
      allowIncomplete: true,
    });
    expect(sent.stdout).toMatch(/sent via outbox/);
  });
});

describe('a store with deals only', () => {
  it('measures deals but not spend nor follow-ups; idle spend and paid ratios stay empty', async () => {
    const global = await storeWith('deals-only', ['deals']);
    const { report: r } = await report(global);
    expect(r.coverage.deals.measured).toBe(true);
    expect(r.coverage.spend).toEqual({ measured: false, reason: 'no ad spend loaded', lastDataAt: null });
    expect(r.totals.spend).toBeNull();
    expect(r.totals.roas).toBeNull();
    expect(r.totals.costPerOpportunity).toBeNull();
    expect(r.idleSpend).toEqual([]);
    expect(r.channels.every((c) => c.spend === null)).toBe(true);
    expect(r.totals.pipeline).toBeGreaterThan(0);
  }, 120_000);
});

describe('a week long after the last data', () => {
  it('says since when nothing was loaded, per family', async () => {
    const global = await storeWith('all', ['leads', 'deals', 'spend', 'activities']);
    const { report: r } = await report(global, { week: '2027-W04', now: new Date('2027-02-01T08:00:00Z') });
    expect(r.coverage.followUps.measured).toBe(false);
    expect(r.coverage.followUps.lastDataAt).toMatch(/^2026-11-\d\dT/);
    expect(r.coverage.followUps.reason).toMatch(
      /^no calls, emails or meetings loaded since 2026-11-\d\d \(none dated from 2027-01-04 to the cutoff\)$/,
    );
    expect(r.coverage.spend.measured).toBe(false);
    expect(r.coverage.spend.lastDataAt).toMatch(/^2026-11-\d\d$/);
    // No deal created, changed or closed since November: the deals, too, are stale.
    expect(r.coverage.deals.measured).toBe(false);
    expect(r.coverage.deals.reason).toMatch(
      /^no deal created, changed or closed since 2026-1\d-\d\d \(none from 2027-01-04 to the cutoff\)$/,
    );
    expect(r.totals.pipeline).toBeNull();
    expect(r.totals.spend).toBeNull();
    const { files: out } = await report(global, {
      week: '2027-W04',
      now: new Date('2027-02-01T08:00:00Z'),
      format: 'text',
      out: join(root, 'out-late'),
    });
    const text = await readFile(out[0]!, 'utf8');
    expect(text).toMatch(/Spend not measured: no ad spend loaded since \d+ Nov\./);
  }, 120_000);
});

describe('refusals', () => {
  it('refuses a store with no data at all, in one line', async () => {
    const global = { config, dataDir: join(root, 'empty') };
    await expect(report(global)).rejects.toThrow(ReportRefused);
    // The CLI names the data dir (and, for the default one, where `npm start` put the demo).
    await expect(report(global)).rejects.toThrow(/^no data loaded in \S*empty: import exports with `funnel import/);
  });

  it('refuses a week that has not ended, and builds it marked partial with --partial', async () => {
    const global = await storeWith('partial', ['leads']);
    const now = new Date('2026-11-20T12:00:00Z');
    await expect(report(global, { now })).rejects.toThrow(/^2026-W47 has not ended \(it ends 2026-11-23 .*--partial/);
    const { report: r, files: out } = await report(global, {
      now,
      partial: true,
      format: 'json,text',
      out: join(root, 'out-partial'),
    });
    expect(r.partial).toBe(true);
    const text = await readFile(
      out.find((f) => f.endsWith('.txt'))!,
      'utf8',
    );
    expect(text).toContain('Partial week: it has not ended yet');
  }, 120_000);
});
