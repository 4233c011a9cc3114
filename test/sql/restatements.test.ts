/**
 * Restatements (#15 item 5): a figure of last week that the email repeats (the "previous"
 * column) and that reads differently now than in the email sent for that week, after a
 * deletion loaded since, is listed with both values; nothing when nothing moved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { METHODOLOGY_VERSION, parseConfig } from '../../functions/core/config.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { sendWeeklyReportOnce, sentMarker } from '../../functions/core/send-report.js';
import { sentKey } from '../../functions/core/telemetry.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { emailText } from '../helpers/email-text.js';
import { deal, lead, loadFixture, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const FRESH = { stale: [], hold: false, footer: [] } as never;

async function sendWeek(w: TestWarehouse, week: string): Promise<void> {
  const report = await w.report(week);
  const result = await sendWeeklyReportOnce({
    store: w.store,
    report,
    freshness: FRESH,
    allowIncomplete: true,
    now: new Date('2026-11-24T08:00:00Z'),
    deliver: async () => ({ id: 'msg-1', recipients: 2, deduplicated: false }),
  });
  expect(result.alreadySent).toBe(false);
}

describe('restatements', () => {
  it('lists the previous week’s figures that moved since its email, and nothing when none did', async () => {
    wh = await warehouseFrom(
      {
        leads: [
          lead('L1', '2026-11-10T08:00:00Z', { email: 'a@x.example', updated_at: '2026-11-10T08:00:00Z' }),
          lead('L2', '2026-11-11T08:00:00Z', { email: 'b@x.example', updated_at: '2026-11-11T08:00:00Z' }),
          lead('L3', '2026-11-17T08:00:00Z', { email: 'c@x.example' }),
        ],
        deals: [deal('D1', '2026-11-12T08:00:00Z', { amount: 4000 })],
      },
      {},
      // Exported on 17 Nov: the corrections modified on 20 Nov are newer (D1 has no updated_at).
      '2026-11-17',
    );
    await sendWeek(wh, '2026-W46');
    expect((await wh.report('2026-W47')).restatements).toEqual([]);
    // Since W46 was sent: one of its leads deleted, its deal's amount corrected.
    await loadFixture(wh.store, wh.config, {
      leads: [
        lead('L2', '2026-11-11T08:00:00Z', {
          email: 'b@x.example',
          updated_at: '2026-11-20T08:00:00Z',
          is_deleted: true,
        }),
      ],
      deals: [deal('D1', '2026-11-12T08:00:00Z', { amount: 3500, updated_at: '2026-11-20T08:00:00Z' })],
    });
    await wh.engine.close();
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    const report = await wh.report('2026-W47');
    expect(report.previous.leads).toBe(1);
    expect(report.restatements).toEqual([
      { week: '2026-W46', figure: 'leads', sent: 2, now: 1 },
      { week: '2026-W46', figure: 'pipeline', sent: 4000, now: 3500 },
    ]);
    // Re-running the sent week itself says the same of its own figures.
    expect((await wh.report('2026-W46')).restatements).toEqual(report.restatements);
  });

  // W46 sent in EUR: two leads, one deal of €4,000; since then one lead deleted.
  async function sentInEurThenLeadDeleted(): Promise<TestWarehouse> {
    const w = await warehouseFrom(
      {
        leads: [
          lead('L1', '2026-11-10T08:00:00Z', { email: 'a@x.example', updated_at: '2026-11-10T08:00:00Z' }),
          lead('L2', '2026-11-11T08:00:00Z', { email: 'b@x.example', updated_at: '2026-11-11T08:00:00Z' }),
        ],
        deals: [deal('D1', '2026-11-12T08:00:00Z', { amount: 4000 })],
      },
      { reportingCurrency: 'EUR', fxRates: { USD: 0.9 } },
      '2026-11-17',
    );
    await sendWeek(w, '2026-W46');
    await loadFixture(w.store, w.config, {
      leads: [
        lead('L2', '2026-11-11T08:00:00Z', {
          email: 'b@x.example',
          updated_at: '2026-11-20T08:00:00Z',
          is_deleted: true,
        }),
      ],
    });
    return w;
  }

  it('compares no amount sent in another reporting currency, and says the email was in it', async () => {
    wh = await sentInEurThenLeadDeleted();
    const marker = await sentMarker(wh.store, '2026-W46');
    expect(marker).toMatchObject({ currency: 'EUR', methodologyVersion: METHODOLOGY_VERSION });
    // The same store, now reported in USD: the €4,000 reads US$4,400 without any data changing.
    const usd = parseConfig({ reportingCurrency: 'USD', fxRates: { EUR: 1.1 } });
    await wh.engine.close();
    wh.engine = await openLocalWarehouse(wh.dir, usd);
    const report = await buildReport({ engine: wh.engine, store: wh.store, config: usd }, parseWeek('2026-W47', 'UTC'));
    expect(report.previous.pipeline).toBe(4400);
    // The lead deleted is still a restatement (a count has no currency); the pipeline is not.
    expect(report.restatements).toEqual([{ week: '2026-W46', figure: 'leads', sent: 2, now: 1 }]);
    expect(report.restatementsNotCompared).toEqual([{ week: '2026-W46', reason: 'currency', sentCurrency: 'EUR' }]);
    const text = emailText(report);
    expect(text).toContain("Week 46's email was in EUR: its amounts are not compared with these in USD.");
    expect(text).not.toMatch(/pipeline restated/);
    expect(emailText(report, 'de-CH')).toContain('KW 46: Der Versand war in EUR');
  });

  it('compares nothing sent with another methodology, or before the version was recorded', async () => {
    wh = await sentInEurThenLeadDeleted();
    const marker = (await sentMarker(wh.store, '2026-W46'))!;
    for (const [version, line] of [
      ['1.9', "Week 46's email was built with methodology 1.9: its figures are not compared with these."],
      [undefined, "Week 46's email was built with an earlier methodology: its figures are not compared with these."],
    ] as const) {
      // A marker as an earlier version wrote it (before 1.11 it recorded neither version nor currency).
      const { methodologyVersion: _v, currency: _c, ...older } = marker;
      await wh.store.put(
        sentKey('2026-W46'),
        JSON.stringify(version ? { ...older, methodologyVersion: version } : older),
      );
      await wh.engine.close();
      wh.engine = await openLocalWarehouse(wh.dir, wh.config);
      const report = await wh.report('2026-W47');
      expect(report.previous.leads).toBe(1);
      expect(report.restatements).toEqual([]);
      expect(report.restatementsNotCompared).toEqual([
        { week: '2026-W46', reason: 'methodology', sentVersion: version ?? null },
      ]);
      expect(emailText(report)).toContain(line);
    }
  });
});
