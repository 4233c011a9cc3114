import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { HyparquetEncoder } from '../../functions/adapters/hyparquet-encoder.js';
import { parquetColumns } from '../../functions/core/parquet.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { duckdbType, type TableName } from '../../functions/core/schema.js';

const encoder = new HyparquetEncoder();
let dir: string;
let db: DuckDBEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hyparquet-'));
  db = await DuckDBEngine.open();
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(table: TableName, rows: CanonicalRecord[]) {
  const file = join(dir, `${table}-${rows.length}.parquet`);
  await writeFile(file, await encoder.encode(table, rows));
  // The path is ours (a temp dir), never input: DuckDB table functions take no parameters.
  const types = await db.query(`select column_name, column_type from (describe select * from '${file}')`);
  const read = await db.query(`select * from '${file}'`);
  return { types: Object.fromEntries(types.map((t) => [t.column_name, t.column_type])), read };
}

const load = { ingested_at: '2026-11-17T01:02:03.123456Z', batch_id: 'batch-1' };

describe('HyparquetEncoder files read back in DuckDB', () => {
  it('has exactly the parquetColumns of every table, with the DuckDB types of the schema', async () => {
    for (const table of ['leads', 'deals', 'activities', 'spend'] as const) {
      const { types } = await roundTrip(table, []);
      const expected = Object.fromEntries(parquetColumns(table).map((c) => [c.name, duckdbType(c.type)]));
      expect(types, table).toEqual(expected);
      expect(Object.keys(types)).not.toContain('source');
    }
  });

  it('keeps timestamps (to the microsecond), lists, doubles and booleans of deals', async () => {
    const { read } = await roundTrip('deals', [
      {
        deal_id: 'd1',
        name: 'Grüezi AG – Renewal',
        created_at: '2026-11-16T08:00:00.000Z',
        closed_at: '2026-11-20T17:30:15.250Z',
        is_closed: true,
        is_won: false,
        amount: 1234.56,
        currency: 'CHF',
        contact_emails: ['a@x.com', 'B@Y.com'],
        contact_email_keys: ['a@x.com', 'b@y.com'],
        ...load,
      },
      { deal_id: 'd2', created_at: '2026-11-16T09:00:00.000Z', contact_emails: [], amount: -0.5, ...load },
      { deal_id: 'd3', created_at: '2026-11-16T09:00:00.000Z', contact_emails: null, ...load },
    ]);
    expect(read).toHaveLength(3);
    expect(read[0]).toMatchObject({
      deal_id: 'd1',
      name: 'Grüezi AG – Renewal',
      created_at: '2026-11-16T08:00:00.000Z',
      closed_at: '2026-11-20T17:30:15.250Z',
      is_closed: true,
      is_won: false,
      amount: 1234.56,
      contact_emails: ['a@x.com', 'B@Y.com'],
      contact_email_keys: ['a@x.com', 'b@y.com'],
      account_name: null,
      batch_id: 'batch-1',
    });
    expect(read[1]).toMatchObject({ contact_emails: [], amount: -0.5, is_won: null });
    expect(read[2]).toMatchObject({ contact_emails: null, amount: null });
    const micros = await db.query(`select epoch_us(ingested_at) as us from '${join(dir, 'deals-3.parquet')}' limit 1`);
    expect(micros[0]?.us).toBe(Date.parse('2026-11-17T01:02:03.123Z') * 1000 + 456);
  });

  it('keeps dates and bigints of spend', async () => {
    const { read } = await roundTrip('spend', [
      {
        date: '2026-02-28',
        platform: 'google_ads',
        campaign_id: 'c1',
        cost: 12.34,
        currency: 'EUR',
        impressions: 9_007_199_254_740_991,
        clicks: 0,
        conversions: 1.5,
        ...load,
      },
      { date: '1999-12-31', platform: 'meta', campaign_id: 'c2', cost: 0, currency: 'USD', impressions: null, ...load },
    ]);
    expect(read[0]).toMatchObject({ date: '2026-02-28', impressions: 9_007_199_254_740_991, clicks: 0, cost: 12.34 });
    expect(read[1]).toMatchObject({ date: '1999-12-31', impressions: null, cost: 0 });
  });

  it('rejects a value of the wrong type with table and column in the message', async () => {
    await expect(encoder.encode('spend', [{ date: '28.02.2026', cost: 1 }])).rejects.toThrow(
      /spend\.date: expected a YYYY-MM-DD date/,
    );
    await expect(encoder.encode('spend', [{ date: '2026-02-28', impressions: 1.5 }])).rejects.toThrow(
      /spend\.impressions: expected an integer/,
    );
  });
});

describe('decode: a canonical part read back (the snapshot import reads the loaded versions with it)', () => {
  const lead: CanonicalRecord = {
    lead_id: 'L1',
    email: 'ana@x.com',
    email_key: 'ana@x.com',
    created_at: '2026-11-16T08:00:00.000Z',
    updated_at: '2026-11-17T09:30:00.250Z',
    created_at_time_unknown: false,
    merged_lead_ids: ['L0', 'L9'],
    additional_email_keys: [],
    is_deleted: null,
    batch_row: 7,
    ...load,
  };
  const expected = {
    lead_id: 'L1',
    created_at: '2026-11-16T08:00:00.000000Z',
    updated_at: '2026-11-17T09:30:00.250000Z',
    merged_lead_ids: ['L0', 'L9'],
    is_deleted: null,
    ingested_at: '2026-11-17T01:02:03.123456Z',
    batch_row: 7,
  };
  const columns = Object.keys(expected);

  it('gives the values as the loader holds them, in both adapters, for the parts each writes', async () => {
    const rows = await encoder.decode(
      'leads',
      await encoder.encode('leads', [lead, { ...lead, lead_id: 'L2' }]),
      columns,
    );
    expect(rows).toEqual([expected, { ...expected, lead_id: 'L2' }]);
    const duckdb = await DuckDBParquetEncoder.create();
    try {
      // DuckDB's writer keeps milliseconds (its appender), so that is what it reads back.
      expect(await duckdb.decode('leads', await duckdb.encode('leads', [lead]), columns)).toEqual([
        { ...expected, ingested_at: '2026-11-17T01:02:03.123000Z' },
      ]);
      // DuckDB reads hyparquet's parts too (a lake that moved from Lambda to local mode).
      expect(await duckdb.decode('leads', await encoder.encode('leads', [lead]), columns)).toEqual([expected]);
    } finally {
      await duckdb.close();
    }
    // Every stored column when none is named.
    const [all] = await encoder.decode('leads', await encoder.encode('leads', [lead]));
    expect(Object.keys(all!).sort()).toEqual(
      parquetColumns('leads')
        .map((c) => c.name)
        .sort(),
    );
  });
});
