/**
 * Restatements (#15 item 5): a figure of last week that the email repeats (the "previous"
 * column) and that reads differently now than in the email sent for that week, after a
 * deletion loaded since, is listed with both values; nothing when nothing moved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { sendWeeklyReportOnce } from '../../functions/core/send-report.js';
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
});
