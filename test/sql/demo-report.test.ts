/**
 * The demo end to end through the real import, models and report builder: every row loads,
 * and the report of its last week (2026-W47) tells both heads' stories.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { loadConfig, type Config } from '../../functions/core/config.js';
import { DEMO_END_DATE, writeDemo } from '../../functions/core/demo/index.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { dealSourcesIn } from '../../functions/core/report/deal-sources.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { parseWeek, shiftWeek } from '../../functions/core/weeks.js';

let dir: string;
let engine: DuckDBEngine;
let config: Config;
let report: FunnelReport;
const loads: { file: string; loaded: number; rejected: number; rows: number }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'funnel-demo-report-'));
  const files = await writeDemo(join(dir, 'demo'));
  config = await loadConfig(join(dir, 'demo', 'funnel.config.json'));
  const store = new LocalStore(join(dir, 'data'));
  const encoder = await DuckDBParquetEncoder.create();
  try {
    for (const f of files) {
      const result = await importFile(
        { store, encoder, config, vendorFormats: vendorFileFormats },
        { path: f.path, format: `canonical-${f.table}`, source: f.source, dt: DEMO_END_DATE },
      );
      loads.push({
        file: f.path,
        loaded: result.manifest.rowsLoaded,
        rejected: result.manifest.rowsRejected,
        rows: f.rows,
      });
    }
  } finally {
    await encoder.close();
  }
  engine = await openLocalWarehouse(join(dir, 'data'), config);
  report = await buildReport({ engine, store, config }, parseWeek('2026-W47', config.timezone));
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the demo through import and report', () => {
  it('loads every row of every file, rejecting none', () => {
    expect(loads).toHaveLength(11); // leads, deals, activities of two CRMs, spend of three platforms, owners of two CRMs
    for (const l of loads)
      expect({ file: l.file, loaded: l.loaded, rejected: l.rejected }).toEqual({
        file: l.file,
        loaded: l.rows,
        rejected: 0,
      });
  });

  it("shows marketing's point: overdue leads, piled up on two reps, worst on paid social and display", () => {
    const t = report.totals;
    expect(t.leads).toBeGreaterThanOrEqual(300);
    expect(t.leads).toBeLessThanOrEqual(450);
    expect(t.overdue).toBeGreaterThan(0);
    expect(t.slaRate).toBeGreaterThan(0.5);
    expect(t.slaRate).toBeLessThan(0.85);
    const byOwner = new Map<string | null, number>();
    for (const o of report.overdueLeads) byOwner.set(o.owner, (byOwner.get(o.owner) ?? 0) + 1);
    const top = [...byOwner]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([owner]) => owner);
    expect(top).toContain('rep-06');
    // The demo's owners files name every rep, so sales reads names, not ids.
    const rep06 = report.overdueLeads.find((o) => o.owner === 'rep-06');
    expect(rep06?.ownerName).toBe('Thomas Graf');
    expect(report.overdueLeads.filter((o) => o.owner !== null && o.ownerName === null)).toEqual([]);
  });

  it("shows sales' point: idle campaigns and sales-sourced deals", () => {
    const idle = report.idleSpend.map((s) => s.campaignName);
    expect(idle).toEqual(
      expect.arrayContaining([
        'Display | Remarketing | DACH',
        'Awareness | Video | Q4',
        'Conversation Ads | Demo Request',
      ]),
    );
    const q = report.dataQuality;
    const unmatched = q.dealsUnmatched / (q.dealsMatched + q.dealsUnmatched);
    expect(unmatched).toBeGreaterThan(0.28);
    expect(unmatched).toBeLessThan(0.42);
    expect(q.leadsWithoutEmail).toBeGreaterThan(0);
  });

  it('and shows marketing-sourced pipeline and revenue, mostly from paid search', () => {
    const t = report.totals;
    expect(t.marketingSourcedOpportunities).toBeGreaterThan(t.opportunities! / 2);
    expect(t.marketingSourcedWonRevenue).toBeGreaterThan(0);
    expect(t.spend).toBeGreaterThan(10_000);
    const search = report.channels.find((c) => c.channel === 'paid_search');
    const social = report.channels.find((c) => c.channel === 'paid_social');
    expect(search!.marketingSourcedOpportunities).toBeGreaterThan(social!.marketingSourcedOpportunities!);
  });

  it('keeps HubSpot and Salesforce deals apart: same-name deals in both, but no twin in any week', async () => {
    // The demo models two CRMs with deals of their own, not a sync: no dealSources in its config.
    expect(config.dealSources).toBeUndefined();
    const [same] = await engine.query(
      `select count(*) as pairs from stg_deals as a join stg_deals as b
       on lower(trim(a.name)) = lower(trim(b.name)) and a.source < b.source`,
    );
    expect(Number(same!.pairs)).toBeGreaterThan(0);
    const w47 = parseWeek('2026-W47', config.timezone);
    for (let i = 0; i < 16; i++)
      expect((await dealSourcesIn(engine, shiftWeek(w47, -i))).twins, `W47 - ${i}`).toBeNull();
    expect(report.coverage.deals.measured).toBe(true);
  });
});
