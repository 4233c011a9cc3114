/** The data tests declared next to every model (sql/<layer>/<model>.yml) hold on a rich fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelTests } from '../../functions/core/model-tests.js';
import { loadModels } from '../../functions/core/models.js';
import { activity, deal, lead, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse;

beforeAll(async () => {
  wh = await warehouseFrom(
    {
      leads: [
        lead('L1', '2026-11-01T08:00:00Z', { email: 'A@acme.com', channel: 'paid_search', company_domain: 'acme.com' }),
        lead('L1', '2026-11-01T08:00:00Z', {
          email: 'A@acme.com',
          updated_at: '2026-11-02T08:00:00Z',
          lifecycle_stage: 'mql',
        }),
        lead('S1', '2026-11-03T08:00:00Z', { source: 'salesforce', email: 'a+x@acme.com', channel: 'events' }),
        lead('L2', '2026-11-04T08:00:00Z', { company_domain: 'acme.com' }),
        lead('L3', '2026-11-05T08:00:00Z', { email: 'b@gmail.com', is_deleted: true }),
      ],
      activities: [
        activity('A1', '2026-11-01T09:00:00Z', { email: 'a@acme.com' }),
        activity('A1', '2026-11-01T09:00:00Z', { email: 'a@acme.com' }),
        activity('A2', '2026-11-05T09:00:00Z', { lead_id: 'L2', source: 'hubspot' }),
      ],
      deals: [
        deal('D1', '2026-11-10T08:00:00Z', { contact_emails: ['a@acme.com', 'A@ACME.com'], currency: 'USD' }),
        deal('D2', '2026-11-10T08:00:00Z', { account_domain: 'www.acme.com' }),
        deal('D3', '2026-11-10T08:00:00Z', { amount: null, currency: null }),
      ],
      spend: [
        spendRow('2026-11-02', 'C1', 10),
        spendRow('2026-11-02', 'C1', 12),
        spendRow('2026-11-03', 'C1', 5, { account_id: 'acc' }),
      ],
    },
    { fxRates: { USD: 0.9 } },
  );
});
afterAll(async () => wh.close());

describe('model data tests', () => {
  const tests = loadModelTests();

  it('every model has a spec with at least a primary key', () => {
    for (const model of loadModels()) {
      expect(tests.some((t) => t.model === model.name && t.name.startsWith('unique('))).toBe(true);
    }
  });

  it.each(tests.map((t) => [`${t.model}: ${t.name}`, t] as const))('%s', async (_name, test) => {
    const [row] = await wh.engine.query(test.sql);
    expect(row!.failures).toBe(0);
  });

  it('a broken model fails its test (the tests can fail)', async () => {
    await wh.engine.run(
      'create or replace table stg_deals as select * from stg_deals union all select * from stg_deals',
    );
    const unique = tests.find((t) => t.model === 'stg_deals' && t.name.startsWith('unique'))!;
    const [row] = await wh.engine.query(unique.sql);
    expect(row!.failures).toBeGreaterThan(0);
  });
});
