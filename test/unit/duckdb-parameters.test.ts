import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine, inlineParameters } from '../../functions/adapters/duckdb-engine.js';

describe('DuckDB query parameters (bound as escaped literals)', () => {
  let engine: DuckDBEngine;
  beforeAll(async () => {
    engine = await DuckDBEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('binds strings, numbers, booleans and null by position', async () => {
    const [row] = await engine.query(
      'select cast(? as timestamp) as ts, ? as n, ? as d, ? as b, ? as z, cast(? as date) as day',
      ['2026-11-16 00:00:00', 42, 0.1, true, null, '2026-11-16'],
    );
    expect(row).toEqual({ ts: '2026-11-16T00:00:00.000Z', n: 42, d: 0.1, b: true, z: null, day: '2026-11-16' });
  });

  it('a string parameter cannot break out of its literal', async () => {
    const evil = "x'; drop table t; --";
    await engine.run('create or replace table t as select 1 as a');
    const [row] = await engine.query('select ? as s', [evil]);
    expect(row!.s).toBe(evil);
    expect(await engine.query('select count(*) as n from t')).toEqual([{ n: 1 }]);
  });

  it('leaves ? inside quotes and comments alone', () => {
    expect(inlineParameters('select \'?\' as a, "?" as b, ? as c -- why?\n, ? as d', [1, 'x'])).toBe(
      "select '?' as a, \"?\" as b, 1 as c -- why?\n, 'x' as d",
    );
  });

  it('refuses a count mismatch and values SQL cannot hold', () => {
    expect(() => inlineParameters('select ?, ?', [1])).toThrow(/more \? placeholders/);
    expect(() => inlineParameters('select ?', [1, 2])).toThrow(/1 \? placeholders but 2/);
    expect(() => inlineParameters('select ?', [Number.NaN])).toThrow(/finite/);
    expect(() => inlineParameters('select ?', [[1]])).toThrow(/list/);
  });
});
