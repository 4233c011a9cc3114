/** The loader's guarantees: raw kept as received, manifest last, crash-safe re-runs. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { parseConfig } from '../../functions/core/config.js';
import { loadBatch, type LoadDeps } from '../../functions/core/load.js';
import type { ParsedRow } from '../../functions/core/records.js';

let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => encoder.close());

async function deps(): Promise<LoadDeps & { store: LocalStore }> {
  const store = new LocalStore(await mkdtemp(join(tmpdir(), 'load-')));
  return { store, encoder, config: parseConfig({}), now: () => new Date('2026-11-26T06:00:00Z'), chunkRows: 2 };
}

const rows = (n: number): ParsedRow[] =>
  Array.from({ length: n }, (_, i) => ({
    ok: true as const,
    line: i + 2,
    record: { lead_id: `L${i}`, source: 'hubspot', created_at: '2026-11-16T08:00:00Z', email: `P${i}@X.com` },
  }));

const request = (raw: string, r: Iterable<ParsedRow> | AsyncIterable<ParsedRow>) => ({
  table: 'leads' as const,
  format: 'test',
  dt: '2026-11-26',
  input: 'leads.csv',
  raw: Buffer.from(raw),
  rows: r,
});

describe('loadBatch', () => {
  it('writes raw as received, Parquet parts per chunk with derived columns, and a manifest', async () => {
    const d = await deps();
    const { manifest } = await loadBatch(d, request('raw bytes', rows(5)));
    expect(manifest).toMatchObject({ rowsLoaded: 5, rowsRejected: 0, source: 'hubspot', rawBytes: 9 });
    expect(manifest.canonicalKeys).toHaveLength(3);
    expect(Buffer.from((await d.store.get(manifest.rawKey))!).toString()).toBe('raw bytes');
    const engine = await DuckDBEngine.open();
    const parquet = join(d.store.root, 'canonical', 'leads', '**', '*.parquet');
    const out = await engine.query(
      `select lead_id, email_key, ingested_at, batch_id from read_parquet('${parquet}') order by lead_id`,
    );
    await engine.close();
    expect(out[0]).toEqual({
      lead_id: 'L0',
      email_key: 'p0@x.com',
      ingested_at: '2026-11-26T06:00:00.000Z',
      batch_id: manifest.batchId,
    });
  });

  it('a crash mid-batch leaves no parts; the re-run loads everything exactly once', async () => {
    const d = await deps();
    async function* crashing(): AsyncGenerator<ParsedRow> {
      yield* rows(3);
      throw new Error('connection reset');
    }
    await expect(loadBatch(d, request('same input', crashing()))).rejects.toThrow('connection reset');
    expect(await d.store.list('canonical/')).toEqual([]);
    expect(await d.store.list('manifests/')).toEqual([]);
    const { manifest } = await loadBatch(d, request('same input', rows(5)));
    expect(manifest.rowsLoaded).toBe(5);
    expect(await d.store.list('canonical/')).toHaveLength(3);
  });

  it('clears parts left by a process that died before its manifest', async () => {
    const d = await deps();
    const { manifest } = await loadBatch(d, request('input', rows(2)));
    await d.store.delete(`manifests/loads/leads/${manifest.batchId}.json`); // as if the manifest never got written
    await d.store.put(`canonical/leads/source=hubspot/dt=2026-11-25/${manifest.batchId}-0007.parquet`, 'orphan');
    await loadBatch(d, request('input', rows(2)));
    const parts = await d.store.list('canonical/');
    expect(parts).toHaveLength(1);
    expect(parts[0]).toContain('dt=2026-11-26');
  });

  it('never rewrites raw data', async () => {
    const d = await deps();
    await d.store.put('raw/hubspot/test/dt=2026-11-26/x', 'original');
    expect(await d.store.putIfAbsent('raw/hubspot/test/dt=2026-11-26/x', 'changed')).toBe(false);
    expect(Buffer.from((await d.store.get('raw/hubspot/test/dt=2026-11-26/x'))!).toString()).toBe('original');
  });

  it('rejects rows of an unknown column, an invalid source name, or without a source', async () => {
    const d = await deps();
    const bad: ParsedRow[] = [
      {
        ok: true,
        line: 2,
        record: { lead_id: 'L1', source: 'hubspot', created_at: '2026-11-16T08:00:00Z', colour: 'red' },
      },
      { ok: true, line: 3, record: { lead_id: 'L2', source: 'Hub Spot', created_at: '2026-11-16T08:00:00Z' } },
      { ok: true, line: 4, record: { lead_id: 'L3', created_at: '2026-11-16T08:00:00Z' } },
    ];
    const { manifest } = await loadBatch(d, request('bad', bad));
    expect(manifest.rowsRejected).toBe(3);
    const text = Buffer.from((await d.store.get(manifest.rejectsKey!))!).toString();
    expect(text).toContain('unknown column \\"colour\\"');
    expect(text).toContain('invalid source name');
    expect(text).toContain('"field":"source","reason":"missing required value"');
  });
});
