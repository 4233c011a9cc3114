/**
 * The benchmark's generator (bench/generate-scale.ts) writes the canonical tables itself, column
 * by column. A column added to the canonical schema but not to the generator broke the benchmark
 * and CI's quick bench only ("Referenced column merged_deal_ids not found"), never `npm test`.
 * Here both generators run on a few hundred rows, and the rows they write read back through the
 * product's own canonical views with every stored column.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDayBatch, generateScale } from '../../bench/generate-scale.js';
import { TABLE_NAMES, storedColumns } from '../../functions/core/schema.js';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';

const root = await mkdtemp(join(tmpdir(), 'bench-generator-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the benchmark generator', () => {
  it('writes every stored column of the canonical schema, for the full data and a day batch', async () => {
    const counts = await generateScale(root, 220);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
    const day = await generateDayBatch(root, join(root, 'day'));
    expect(day.leads).toBeGreaterThan(0);
    const engine = await DuckDBEngine.open(':memory:', { threads: '1' });
    try {
      const written: [string, Record<string, number>][] = [
        [root, { ...counts }],
        [join(root, 'day'), { ...day }],
      ];
      for (const [dir, rowsOf] of written) {
        // A few hundred leads give a day batch of few rows: only the tables it wrote are read.
        for (const table of TABLE_NAMES.filter((t) => (rowsOf[t] ?? 0) > 0)) {
          const columns = storedColumns(table).map((c) => `"${c.name}"`);
          const rows = await engine.query(
            `select count(*) as n from (select ${columns.join(', ')} from read_parquet('${join(dir, 'canonical', table, '*', '*', '*.parquet')}', hive_partitioning = true))`,
          );
          expect(Number(rows[0]!.n), `${table} in ${dir}`).toBeGreaterThan(0);
        }
      }
    } finally {
      await engine.close();
    }
  }, 120_000);
});
