/**
 * Rebuild agrees with import for a workbook whose numbers are all typed cells: such a file
 * needs no decimal separator, so a replay records none, and a load that recorded one (as
 * loads did before number cells were read as their value) is no drift to refuse.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { listManifests } from '../../functions/core/load.js';
import { decisionDrift, rebuild } from '../../functions/core/rebuild.js';
import type { LoadManifest } from '../../functions/core/records.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { replayLoad } from '../../functions/sources/replay.js';
import { MemoryStore } from '../sources/api/helpers.js';
import { xlsx } from '../sources/files/containers-helpers.js';

let encoder: DuckDBParquetEncoder;
let dir: string;
let path: string;
const config = parseConfig({ locale: 'de-DE', timezone: 'Europe/Berlin' });

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  dir = await mkdtemp(join(tmpdir(), 'rebuild-xlsx-'));
  path = join(dir, 'kampagnen.xlsx');
  const day = (d: number) => new Date(Date.UTC(2026, 10, d));
  await writeFile(
    path,
    xlsx([
      {
        name: 'Kampagnen',
        rows: [
          ['Tag', 'Kampagnen-ID', 'Kampagne', 'Währungscode', 'Kosten', 'Klicks'],
          [day(16), 11, 'Marke', 'EUR', 12.125, 3],
          [day(17), 11, 'Marke', 'EUR', 12000, 1200],
        ],
      },
    ]),
  );
});
afterAll(async () => {
  await encoder.close();
  await rm(dir, { recursive: true, force: true });
});

async function importBook(store: MemoryStore) {
  const deps = {
    store,
    encoder,
    config,
    now: () => new Date('2026-11-20T07:00:00Z'),
    vendorFormats: vendorFileFormats,
  };
  return importFile(deps, { path, format: 'google-ads-csv', dt: '2026-11-20' });
}

const canonical = (store: MemoryStore) =>
  new Map(
    [...store.objects]
      .filter(([k]) => k.startsWith('canonical/'))
      .map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );

describe('rebuild of an all-typed German workbook', () => {
  it('imports with no decimal decision and replays to the same objects', async () => {
    const store = new MemoryStore();
    const loaded = await importBook(store);
    expect(loaded.manifest.rowsLoaded).toBe(2);
    expect(loaded.manifest.notes).not.toHaveProperty('decimalSeparator');
    const before = canonical(store);
    const summary = await rebuild({ store, encoder, config, replay: replayLoad });
    expect(summary.status).toBe('unchanged');
    expect(canonical(store)).toEqual(before);
  }, 60_000);

  it('is not refused when the load recorded a decimal separator the replay no longer needs', async () => {
    const store = new MemoryStore();
    await importBook(store);
    const before = canonical(store);
    const m = (await listManifests(store))[0]!;
    // What a load recorded when typed 12.125 went through the header language's ",": 12125.
    const recorded = { ...m, notes: { ...m.notes, decimalSeparator: { separator: ',', from: 'header language' } } };
    store.objects.set(`manifests/loads/${m.table}/${m.batchId}.json`, Buffer.from(JSON.stringify(recorded)));
    const summary = await rebuild({ store, encoder, config, replay: replayLoad });
    expect(summary.status).toBe('rebuilt');
    expect(summary.rows.spend).toBe(2);
    expect(canonical(store)).toEqual(before);
    expect((await listManifests(store))[0]!.notes).not.toHaveProperty('decimalSeparator');
  }, 60_000);
});

describe('decisionDrift', () => {
  const manifest = (notes: Record<string, unknown>) => ({ format: 'google-ads-csv', notes }) as unknown as LoadManifest;
  it('a replay that decides otherwise is drift; one that needs no decision is not', () => {
    const comma = manifest({ decimalSeparator: { separator: ',' }, encoding: 'utf-8' });
    expect(decisionDrift(comma, manifest({ decimalSeparator: { separator: '.' }, encoding: 'utf-8' }))).toMatch(
      /reads numbers \(decimal separator\) as \., the load read them as ,/,
    );
    expect(decisionDrift(comma, manifest({ encoding: 'utf-8' }))).toBeNull();
    expect(decisionDrift(comma, manifest({ decimalSeparator: { separator: ',' } }))).toMatch(
      /the text encoding as undecided/,
    );
    // Dates stay strict: a replay without a date order may have rejected dates the load read.
    expect(decisionDrift(manifest({ dateOrder: { order: 'DMY' } }), manifest({}))).toMatch(
      /reads dates as undecided, the load read them as DMY/,
    );
  });
});
