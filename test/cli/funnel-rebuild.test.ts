/**
 * `funnel rebuild` as a user runs it: on a store whose email keys were written under an older
 * rule it prints a line per load and the summary, and afterwards `funnel query` sees today's
 * keys; run again it says unchanged; a missing raw file is refused with one line (exit 1)
 * unless --keep-missing-raw, which names the load it kept.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { listManifests } from '../../functions/core/load.js';
import { loadVendorFiles, oldRuleEncoder } from '../helpers/old-keys.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'funnel.js');

async function funnel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let args: string[];
let store: LocalStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-rebuild-'));
  const config = join(dir, 'funnel.config.json');
  await writeFile(
    config,
    JSON.stringify({
      fxRates: { CHF: 1.05, USD: 0.92, EUR: 0.94 },
      timezone: 'Europe/Zurich',
      sources: { 'salesforce-leads-csv': { dateOrder: 'MDY' } },
    }),
  );
  store = new LocalStore(join(dir, 'data'));
  const encoder = await DuckDBParquetEncoder.create();
  try {
    await loadVendorFiles(store, oldRuleEncoder(encoder));
  } finally {
    await encoder.close();
  }
  args = ['--config', config, '--data-dir', store.root];
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const oldKeys = async () =>
  (await funnel(...args, 'query', "select count(*) as n from leads where email_key like 'old:%'", '--format', 'csv'))
    .stdout;

describe('funnel rebuild', () => {
  it('is listed in the help', async () => {
    const { stdout } = await funnel('rebuild', '--help');
    expect(stdout).toMatch(/re-derive the canonical tables and rejects from the raw zone/);
    expect(stdout).toMatch(/--keep-missing-raw/);
  });

  it('re-derives the keys, with a line per load and the summary, then says unchanged', async () => {
    expect(await oldKeys()).not.toMatch(/^n\n0\n?$/);
    const first = await funnel(...args, 'rebuild');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\[1\/2\] hubspot-contacts-greek\.csv → leads: \d+ rows, \d+ rejects/);
    expect(first.stdout).toMatch(/\[2\/2\] salesforce-leads-report\.csv → leads: \d+ rows/);
    expect(first.stdout).toMatch(/rebuilt: 2 raw file\(s\) replayed; the tables follow methodology \d+\.\d+/);
    expect(first.stdout).toMatch(/ {2}leads: \d+ rows, \d+ rejects\n {2}deals: 0 rows, 0 rejects/);
    expect(first.stdout).toMatch(/models refreshed/);
    expect(await oldKeys()).toMatch(/^n\n0\n?$/);

    const second = await funnel(...args, 'rebuild');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/unchanged: 2 raw file\(s\) replayed; they give exactly the tables already loaded/);
  }, 120_000);

  it('refuses a load without raw in one line; --keep-missing-raw keeps it and names it', async () => {
    const salesforce = (await listManifests(store)).find((m) => m.input === 'salesforce-leads-report.csv')!;
    await store.delete(salesforce.rawKey);
    const refused = await funnel(...args, 'rebuild');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^funnel: rebuild refused: 1 load\(s\) have no raw object.*salesforce-leads-report\.csv \(leads, loaded 2026-11-17T08:00:00\.000Z.*--keep-missing-raw/,
    );

    const kept = await funnel(...args, 'rebuild', '--keep-missing-raw');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(
      /kept as loaded: salesforce-leads-report\.csv \(leads, loaded 2026-11-17T08:00:00\.000Z\)/,
    );
  }, 120_000);
});
