/**
 * The claim basis for the head of sales (#15 item 3): the week's deals by how they were matched
 * to a marketing lead, the largest claimed deals with the lead that claims them, and pipeline
 * split marketing- vs sales-sourced, on hand-computed fixtures through the real models.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deal, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const week = '2026-W47'; // 16–23 Nov 2026, UTC

describe('claim basis', () => {
  it('splits the week’s pipeline and won revenue by match method, and lists the claimed deals largest first', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', '2026-11-02T08:00:00Z', {
          source: 'salesforce',
          email: 'anna@northwind.example',
          channel: 'paid_search',
          campaign_name: 'Brand',
        }),
        lead('L2', '2026-11-03T08:00:00Z', { email: 'ben@fabrikam.example', channel: 'paid_social' }),
        lead('L3', '2026-11-04T08:00:00Z', { email: 'carla@tailspin.example', channel: 'organic_search' }),
      ],
      deals: [
        // conversion, created in W
        deal('D1', '2026-11-17T09:00:00Z', {
          converted_from_lead_id: 'L1',
          amount: 5000,
          name: 'Northwind rollout',
          account_name: 'Northwind',
        }),
        // email, created before W, won in W
        deal('D2', '2026-11-10T09:00:00Z', {
          contact_emails: ['Ben@Fabrikam.example'],
          amount: 8000,
          is_closed: true,
          is_won: true,
          closed_at: '2026-11-18T09:00:00Z',
        }),
        // domain only, created in W
        deal('D3', '2026-11-18T09:00:00Z', { account_domain: 'www.tailspin.example', amount: 3000 }),
        // sales-sourced, created in W and won in W
        deal('D4', '2026-11-19T09:00:00Z', {
          account_domain: 'contoso.example',
          amount: 7000,
          is_closed: true,
          is_won: true,
          closed_at: '2026-11-20T09:00:00Z',
        }),
        // outside the week: in neither figure
        deal('D5', '2026-11-25T09:00:00Z', { converted_from_lead_id: 'L1', amount: 9999 }),
      ],
    });
    const r = await wh.report(week);
    expect(r.totals).toMatchObject({
      pipeline: 15000,
      marketingSourcedPipeline: 8000,
      wonRevenue: 15000,
      marketingSourcedWonRevenue: 8000,
    });
    expect(r.claimBasis?.byBasis).toEqual([
      { basis: 'conversion', opportunities: 1, pipeline: 5000, wonDeals: 0, wonRevenue: 0 },
      { basis: 'domain', opportunities: 1, pipeline: 3000, wonDeals: 0, wonRevenue: 0 },
      { basis: 'email', opportunities: 0, pipeline: 0, wonDeals: 1, wonRevenue: 8000 },
      { basis: 'sales_sourced', opportunities: 1, pipeline: 7000, wonDeals: 1, wonRevenue: 7000 },
    ]);
    // The marketing-sourced part of each figure is the sum of the three methods.
    const claimed = r.claimBasis!.byBasis.filter((b) => b.basis !== 'sales_sourced');
    expect(claimed.reduce((n, b) => n + b.pipeline, 0)).toBe(r.totals.marketingSourcedPipeline);
    expect(claimed.reduce((n, b) => n + b.wonRevenue, 0)).toBe(r.totals.marketingSourcedWonRevenue);
    expect(r.claimBasis?.deals.map((d) => [d.dealId, d.amount, d.wonInWeek, d.method, d.leadEmail, d.channel])).toEqual(
      [
        ['D2', 8000, true, 'email', 'ben@fabrikam.example', 'paid_social'],
        ['D1', 5000, false, 'conversion', 'anna@northwind.example', 'paid_search'],
        ['D3', 3000, false, 'domain', 'carla@tailspin.example', 'organic_search'],
      ],
    );
    expect(r.claimBasis?.deals[1]).toMatchObject({
      name: 'Northwind rollout',
      accountName: 'Northwind',
      campaignName: 'Brand',
    });
  });

  it('lists every claimed deal of the week, largest first (the email shows ten, the CSV all)', async () => {
    const leads = [lead('L1', '2026-11-02T08:00:00Z', { source: 'salesforce', email: 'anna@northwind.example' })];
    const deals = Array.from({ length: 12 }, (_, i) =>
      deal(`D${String(i).padStart(2, '0')}`, '2026-11-17T09:00:00Z', {
        converted_from_lead_id: 'L1',
        amount: 100 * (i + 1),
      }),
    );
    wh = await warehouseFrom({ leads, deals });
    const r = await wh.report(week);
    expect(r.claimBasis?.deals).toHaveLength(12);
    expect(r.claimBasis?.deals.map((d) => d.amount)).toEqual(Array.from({ length: 12 }, (_, i) => 100 * (12 - i)));
    expect(r.claimBasis?.byBasis).toEqual([
      { basis: 'conversion', opportunities: 12, pipeline: 7800, wonDeals: 0, wonRevenue: 0 },
    ]);
  });

  it('is null when deals are not measured (no deals loaded)', async () => {
    wh = await warehouseFrom({ leads: [lead('L1', '2026-11-17T08:00:00Z', { email: 'a@x.example' })] });
    const r = await wh.report(week);
    expect(r.claimBasis).toBeNull();
    expect(r.totals.marketingSourcedPipeline).toBeNull();
  });
});
