/**
 * Deals need a deal created, changed or closed in the 4 weeks ending at the cutoff, as
 * follow-ups and spend need theirs (docs/methodology.md, "Never a figure from missing data").
 * An opportunities export loaded once in October and never again read as "Opportunities: 0,
 * Pipeline: 0" for every later week, measured, and the freshness check did not flag it (the
 * same CRM's leads were loaded that day).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { activity, deal, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const WEEK = '2026-W47';
const thisWeek = {
  leads: [lead('L1', '2026-11-17T09:00:00Z', { email: 'anna@northwind.example' })],
  activities: [activity('A1', '2026-11-17T10:00:00Z', { email: 'anna@northwind.example' })],
};

describe('deals of a stale export', () => {
  it('are not measured when no deal was created, changed or closed in the 4 weeks', async () => {
    wh = await warehouseFrom({
      ...thisWeek,
      deals: [
        deal('D1', '2026-09-20T10:00:00Z', { updated_at: '2026-09-30T10:00:00Z', closed_at: '2026-12-31T00:00:00Z' }),
        deal('D2', '2026-09-25T10:00:00Z'),
      ],
    });
    const r = await wh.report(WEEK);
    expect(r.coverage.deals).toEqual({
      measured: false,
      reason: 'no deal created, changed or closed since 2026-09-30 (none from 2026-10-26 to the cutoff)',
      lastDataAt: '2026-09-30T10:00:00.000Z',
    });
    expect(r.totals.opportunities).toBeNull();
    expect(r.totals.pipeline).toBeNull();
    expect(r.coverage.followUps.measured).toBe(true);
  });

  it('are measured when one deal changed, or one old deal closed, in the 4 weeks', async () => {
    wh = await warehouseFrom({
      ...thisWeek,
      deals: [deal('D1', '2026-09-20T10:00:00Z', { updated_at: '2026-11-02T08:00:00Z' })],
    });
    expect((await wh.report(WEEK)).coverage.deals.measured).toBe(true);
    await wh.close();
    wh = await warehouseFrom({
      ...thisWeek,
      deals: [deal('D1', '2026-08-20T10:00:00Z', { is_closed: true, is_won: true, closed_at: '2026-11-18T00:00:00Z' })],
    });
    const r = await wh.report(WEEK);
    expect(r.coverage.deals.measured).toBe(true);
    expect(r.totals.opportunities).toBe(0);
    expect(r.totals.wonDeals).toBe(1);
  });
});
