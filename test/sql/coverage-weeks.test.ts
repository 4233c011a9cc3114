/**
 * The coverage of every week a report shows is judged in one run of each coverage query
 * (coverage.sql, coverage_sources.sql, deal_sources.sql take the list of weeks; issue #17): the
 * same coverage, week by week, as judging each week alone, and the deals are read once per report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportQuery } from '../../functions/core/models.js';
import type { QueryEngine } from '../../functions/core/ports.js';
import { buildReport, buildTrend, weekCoverage, weeksCoverage } from '../../functions/core/report/build-report.js';
import { parseWeek, shiftWeek } from '../../functions/core/weeks.js';
import { activity, deal, lead, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse;

beforeAll(async () => {
  wh = await warehouseFrom({
    leads: [lead('L1', '2026-10-20T08:00:00Z', { email: 'anna@northwind.example' })],
    // Calls from both CRMs until W45; then HubSpot's stop (its export broke), Salesforce's go on.
    activities: [
      ...['2026-10-27', '2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'].map((day) =>
        activity(`sf-${day}`, `${day}T10:00:00Z`, { email: 'anna@northwind.example' }),
      ),
      ...['2026-10-27', '2026-11-03'].map((day) =>
        activity(`hs-${day}`, `${day}T10:00:00Z`, { source: 'hubspot', email: 'anna@northwind.example' }),
      ),
    ],
    // A deal synced into HubSpot in W46 only; another in W47.
    deals: [
      deal('0061', '2026-11-10T09:00:00Z', { name: 'Northwind – ERP', amount: 5000 }),
      deal('180341', '2026-11-10T12:00:00Z', { source: 'hubspot', name: 'Northwind – ERP', amount: 5000 }),
      deal('0062', '2026-11-04T09:00:00Z', { name: 'Fabrikam – Payroll', amount: 2000 }),
      deal('0063', '2026-11-18T09:00:00Z', { name: 'Contoso – Migration', amount: 9000 }),
    ],
    // Spend until W46.
    spend: ['2026-10-28', '2026-11-04', '2026-11-11'].map((day) => spendRow(day, 'c1', 100)),
  });
}, 120_000);

afterAll(async () => {
  await wh?.close();
});

describe('coverage of several weeks in one pass', () => {
  it('is, week by week, the coverage of each week judged alone', async () => {
    const w48 = parseWeek('2026-W48', 'UTC');
    const weeks = [0, 1, 2, 3, 4, 5].map((i) => shiftWeek(w48, -i));
    const together = await weeksCoverage(wh.engine, weeks);
    const alone = [];
    for (const week of weeks) alone.push(await weekCoverage(wh.engine, week));
    expect(together).toEqual(alone);
    // Not vacuous: the weeks are judged differently (twins in W46, spend gone after W46, …).
    expect(new Set(alone.map((a) => JSON.stringify(a.coverage))).size).toBeGreaterThan(2);
    expect(alone[2]!.coverage.deals.dealTwins).toEqual({ pairs: 1, sources: ['hubspot', 'salesforce'] });
    expect(alone[1]!.coverage.deals.measured).toBe(true);
  });

  it('a report and its trend run each coverage query once', async () => {
    const runs = new Map<string, number>();
    const names = new Map(['coverage', 'coverage_sources', 'deal_sources'].map((n) => [loadReportQuery(n), n]));
    const counting: QueryEngine = {
      query: async (sql, params) => {
        const name = names.get(sql);
        if (name) runs.set(name, (runs.get(name) ?? 0) + 1);
        return wh.engine.query(sql, params);
      },
      close: async () => {},
    };
    const week = parseWeek('2026-W47', 'UTC');
    await buildReport({ engine: counting, store: wh.store, config: wh.config }, week);
    expect(Object.fromEntries(runs)).toEqual({ coverage: 1, coverage_sources: 1, deal_sources: 1 });
    runs.clear();
    await buildTrend(counting, week, wh.store);
    expect(Object.fromEntries(runs)).toEqual({ coverage: 1, coverage_sources: 1, deal_sources: 1 });
  });

  it("a trend given its week's report reuses W's and W-1's figures instead of running weekly_totals again", async () => {
    const totalsRuns: string[] = [];
    const weeklyTotals = loadReportQuery('weekly_totals');
    const counting: QueryEngine = {
      query: async (sql, params) => {
        if (sql === weeklyTotals) totalsRuns.push(String(params?.[0]));
        return wh.engine.query(sql, params);
      },
      close: async () => {},
    };
    const week = parseWeek('2026-W47', 'UTC');
    const report = await buildReport({ engine: wh.engine, store: wh.store, config: wh.config }, week);
    const computed = await buildTrend(counting, week, wh.store);
    expect(totalsRuns).toHaveLength(4);
    totalsRuns.length = 0;
    const reused = await buildTrend(counting, week, wh.store, { report });
    expect(totalsRuns).toHaveLength(2);
    // The same points either way: the report's own figures are the trend's last two.
    expect(reused).toEqual(computed);
    expect(reused.slice(2)).toEqual([report.previous, report.totals]);
    await expect(buildTrend(counting, parseWeek('2026-W46', 'UTC'), wh.store, { report })).rejects.toThrow(
      'buildTrend: report of 2026-W47 given for 2026-W46',
    );
  });
});
