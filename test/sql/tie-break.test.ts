/** Two versions of one record in the same batch with equal timestamps: the later row wins, on any engine. */
import { afterEach, expect, it } from 'vitest';
import { spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => wh?.close());

it('the later row of a batch wins among equal versions', async () => {
  wh = await warehouseFrom({
    spend: [spendRow('2026-11-16', 'C1', 100), spendRow('2026-11-16', 'C1', 120), spendRow('2026-11-16', 'C1', 110)],
  });
  expect(await wh.engine.query('select cost from stg_spend')).toEqual([{ cost: 110 }]);
  // The loader keeps one copy of a (key, version) per batch: the later row; the others are rejects.
  expect(await wh.engine.query('select batch_row from spend order by batch_row')).toEqual([{ batch_row: 2 }]);
});
