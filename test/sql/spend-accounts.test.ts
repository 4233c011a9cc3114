/** Spend without an account id: another currency is another ad account, never a restatement. */
import { afterEach, expect, it } from 'vitest';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { loadFixture, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => wh?.close());

it('keeps two accounts without account id apart by currency, and restates within one', async () => {
  const brand = (cost: number, currency: string) =>
    spendRow('2026-11-16', 'name:brand', cost, { source: 'meta', platform: 'meta', currency, account_id: null });
  wh = await warehouseFrom({ spend: [brand(100, 'EUR')] }, { fxRates: { USD: 0.9 } }, '2026-11-17');
  // The other account's export (USD), then a re-pull of the first (EUR) that restates its day.
  await loadFixture(wh.store, wh.config, { spend: [brand(80, 'USD')] }, '2026-11-17');
  await loadFixture(wh.store, wh.config, { spend: [brand(90, 'EUR')] }, '2026-11-18');
  await wh.engine.close();
  wh.engine = await openLocalWarehouse(wh.dir, wh.config);
  const rows = await wh.engine.query('select currency, cost from stg_spend order by currency');
  expect(rows).toEqual([
    { currency: 'EUR', cost: 90 },
    { currency: 'USD', cost: 80 },
  ]);
});
