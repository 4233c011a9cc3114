/** Bad inputs through `funnel import --as canonical-*`, part b (split so the two halves run in parallel). */
import { afterAll, beforeAll, describe } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { CASES, runCanonicalCase } from './canonical-cases.js';
import { reliabilityCase } from './tally.js';

let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await encoder.close();
});

describe('bad inputs: canonical CSV imports (b)', () => {
  for (const c of CASES.slice(20)) reliabilityCase('bad input', c.name, () => runCanonicalCase(c, encoder));
});
