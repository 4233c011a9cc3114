/**
 * `funnel rebuild` (functions/core/rebuild.ts): a store loaded under an older key rule, replayed
 * from its raw zone, equals a fresh load of the same raw files, byte for byte; crashes while
 * staging or while switching leave readable tables and a re-run finishes; a second rebuild
 * changes nothing; loads without raw are refused or, when asked, kept and named.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import type { Config } from '../../functions/core/config.js';
import { METHODOLOGY_VERSION } from '../../functions/core/config.js';
import { importFile, type ImportDeps } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { listManifests } from '../../functions/core/load.js';
import type { ParquetEncoder } from '../../functions/core/parquet.js';
import {
  COMMIT_KEY,
  REBUILD_STATE_KEY,
  RebuildError,
  assertNoRebuildHalfApplied,
  rebuild,
} from '../../functions/core/rebuild.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { StaticSecrets } from '../../functions/core/secrets.js';
import { weekOf } from '../../functions/core/weeks.js';
import { replayLoad } from '../../functions/sources/replay.js';
import { runDaily } from '../../functions/sources/run-sources.js';
import { HubSpotFake } from '../fakes/hubspot.js';
import { VirtualClock } from '../fakes/server.js';
import { MemoryStore, testConfig } from '../sources/api/helpers.js';
import { loadVendorFiles, oldRuleEncoder } from '../helpers/old-keys.js';

let encoder: DuckDBParquetEncoder;
let dir: string;
let canonicalCsv: string;
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  dir = await mkdtemp(join(tmpdir(), 'rebuild-'));
  canonicalCsv = join(dir, 'web-leads.csv');
  // Mixed-case addresses with a Gmail dot: their keys depend on the email-key rule. One row
  // without a source is rejected (the import names no --source), one is a duplicate.
  await writeFile(
    canonicalCsv,
    [
      'lead_id,source,created_at,email,channel',
      'W1,web,2026-11-10T08:00:00Z,Anna.Muster@GMail.com,paid_search',
      'W2,web,2026-11-11T09:00:00Z,BOB@example.CH,organic_search',
      'W3,,2026-11-12T10:00:00Z,carl@example.ch,direct',
      'W2,web,2026-11-11T09:00:00Z,bob@example.ch,organic_search',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await encoder.close();
  await rm(dir, { recursive: true, force: true });
});

let fakes: HubSpotFake[] = [];
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  fakes = [];
});

/** The same loads in the same order: a HubSpot API pull and three file imports. */
async function loadEverything(store: MemoryStore, enc: ParquetEncoder): Promise<Config> {
  const fake = new HubSpotFake();
  await fake.start();
  fakes.push(fake);
  const config = testConfig(
    // The Salesforce report writes 3/7/2026: its date order is a setting of the format.
    { hubspot: { baseUrl: fake.baseUrl }, 'salesforce-leads-csv': { dateOrder: 'MDY' } },
    { fxRates: { CHF: 1.05, USD: 0.92, EUR: 0.94 }, timezone: 'Europe/Zurich' },
  );
  const clock = new VirtualClock(Date.parse('2026-11-16T06:00:00Z'));
  fake.now = clock.now;
  const run = await runDaily({
    store,
    config,
    secrets: new StaticSecrets({ hubspot: { accessToken: 'hs-token-1' } }),
    date: '2026-11-16',
    only: ['hubspot'],
    encoder: enc,
    now: () => new Date(clock.now()),
    http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
  });
  expect(run.sources[0]?.ok, run.sources[0]?.error).toBe(true);
  const deps = (at: string): ImportDeps => ({
    store,
    encoder: enc,
    config,
    now: () => new Date(at),
    vendorFormats: vendorFileFormats,
  });
  await loadVendorFiles(store, enc, config, 'hubspot_gr');
  await importFile(deps('2026-11-18T07:00:00Z'), { path: canonicalCsv, format: 'canonical-leads', dt: '2026-11-18' });
  return config;
}

/** Every object of the store but the state zone (cursors, health, the rebuild record). */
function snapshot(store: MemoryStore): Map<string, string> {
  return new Map(
    [...store.objects.entries()]
      .filter(([k]) => !k.startsWith('state/'))
      .map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
}

async function emailKeys(store: MemoryStore): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), 'rebuild-read-'));
  try {
    const keys = [...store.objects.keys()].filter((k) => k.startsWith('canonical/leads/'));
    for (const [i, k] of keys.entries()) await writeFile(join(root, `${i}.parquet`), store.objects.get(k)!);
    const engine = await DuckDBEngine.open();
    try {
      const rows = await engine.query(
        `select email_key from read_parquet('${join(root, '*.parquet')}', union_by_name = true) where email_key is not null order by 1`,
      );
      return rows.map((r) => String(r.email_key));
    } finally {
      await engine.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

let fresh: Map<string, string>;
let freshKeys: string[];
beforeAll(async () => {
  const store = new MemoryStore();
  await loadEverything(store, encoder);
  fresh = snapshot(store);
  freshKeys = await emailKeys(store);
}, 120_000);

async function oldStore(): Promise<{ store: MemoryStore; config: Config }> {
  const store = new MemoryStore();
  const config = await loadEverything(store, oldRuleEncoder(encoder));
  return { store, config };
}

const rebuildDeps = (store: MemoryStore, config: Config, lines: string[] = []) => ({
  store,
  encoder,
  config,
  replay: replayLoad,
  progress: (line: string) => lines.push(line),
});

describe('funnel rebuild', () => {
  it('gives the same objects as a fresh load of the same raw files', async () => {
    const { store, config } = await oldStore();
    expect((await emailKeys(store)).every((k) => k.startsWith('old:'))).toBe(true);
    expect(snapshot(store)).not.toEqual(fresh);
    const manifests = await listManifests(store);
    const lines: string[] = [];

    const summary = await rebuild(rebuildDeps(store, config, lines));

    expect(summary.status).toBe('rebuilt');
    expect(summary.rawReplayed).toBe(manifests.length);
    expect(summary.kept).toEqual([]);
    expect(await emailKeys(store)).toEqual(freshKeys);
    expect(freshKeys).toContain('annamuster@gmail.com');
    expect(snapshot(store)).toEqual(fresh);
    // Rejects re-derived once, not appended: the canonical CSV's two (no source, duplicate).
    const csv = (await listManifests(store)).find((m) => m.input === 'web-leads.csv')!;
    expect(csv.rowsRejected).toBe(2);
    expect(summary.rejects.leads).toBeGreaterThanOrEqual(2);
    expect(summary.rows.leads).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('web-leads.csv → leads: 2 rows, 2 rejects'))).toBe(true);
    // The vendor file was read in the zone it was imported with, as recorded.
    const greek = (await listManifests(store)).find((m) => m.input === 'hubspot-contacts-greek.csv')!;
    expect(greek.options).toEqual({ timezone: 'Europe/Athens' });
    expect(store.json(REBUILD_STATE_KEY)).toMatchObject({ status: 'rebuilt', methodologyVersion: METHODOLOGY_VERSION });
    expect([...store.objects.keys()].filter((k) => k.startsWith('rebuild/'))).toEqual([]);
  }, 120_000);

  it('changes nothing when run again', async () => {
    const { store, config } = await oldStore();
    await rebuild(rebuildDeps(store, config));
    const before = new Map(store.objects);
    const again = await rebuild(rebuildDeps(store, config));
    expect(again.status).toBe('unchanged');
    expect(again.written + again.deleted).toBe(0);
    expect(new Map(store.objects)).toEqual(before);
  }, 120_000);

  it('a crash while staging leaves the live tables untouched; the re-run finishes', async () => {
    const { store, config } = await oldStore();
    const live = snapshot(store);
    store.crashOn = /^rebuild\/staging\/canonical\/leads\/source=salesforce\//;
    await expect(rebuild(rebuildDeps(store, config))).rejects.toThrow(/simulated crash/);
    const liveNow = new Map([...snapshot(store)].filter(([k]) => !k.startsWith('rebuild/')));
    expect(liveNow).toEqual(live);
    await assertNoRebuildHalfApplied(store);

    const lines: string[] = [];
    const summary = await rebuild(rebuildDeps(store, config, lines));
    expect(summary.status).toBe('rebuilt');
    expect(lines.some((l) => l.includes('(staged by an earlier run)'))).toBe(true);
    expect(snapshot(store)).toEqual(fresh);
  }, 120_000);

  it('a crash while switching keeps a commit that the report refuses and the re-run applies', async () => {
    const { store, config } = await oldStore();
    // The first live write: staging is complete and committed, the switch has not begun.
    store.crashOn = /^canonical\//;
    await expect(rebuild(rebuildDeps(store, config))).rejects.toThrow(/simulated crash/);
    expect(store.objects.has(COMMIT_KEY)).toBe(true);
    await expect(assertNoRebuildHalfApplied(store)).rejects.toThrow(/half applied.*funnel rebuild/);
    // The report (CLI and Lambda) asks before its first query.
    const engine = { query: () => Promise.reject(new Error('no query expected')), close: async () => undefined };
    await expect(
      buildReport({ engine, store, config }, weekOf(new Date('2026-11-18T12:00:00Z'), config.timezone)),
    ).rejects.toThrow(/half applied/);

    const summary = await rebuild(rebuildDeps(store, config));
    expect(summary.finishedEarlierRun).toBe(true);
    expect(summary.status).toBe('rebuilt');
    expect(snapshot(store)).toEqual(fresh);
    await assertNoRebuildHalfApplied(store);
  }, 120_000);

  it('refuses loads without raw, or keeps them as loaded and names them when asked', async () => {
    const { store, config } = await oldStore();
    const csv = (await listManifests(store)).find((m) => m.input === 'web-leads.csv')!;
    store.objects.delete(csv.rawKey);
    const before = snapshot(store);
    await expect(rebuild(rebuildDeps(store, config))).rejects.toThrow(
      /rebuild refused: 1 load\(s\) have no raw object.*web-leads\.csv \(leads.*--keep-missing-raw/,
    );
    expect(snapshot(store)).toEqual(before);

    const summary = await rebuild(rebuildDeps(store, config), { keepMissingRaw: true });
    expect(summary.kept).toMatchObject([{ input: 'web-leads.csv', table: 'leads', rawKey: csv.rawKey }]);
    // Its rows stay as loaded (old keys); every other load is re-derived.
    for (const key of csv.canonicalKeys) expect(store.objects.get(key)).toBeDefined();
    const keys = await emailKeys(store);
    expect(keys.filter((k) => k.startsWith('old:'))).toHaveLength(2);
    expect(keys.filter((k) => !k.startsWith('old:')).length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a load whose source is no longer configured, naming it, and changes nothing', async () => {
    const { store, config } = await oldStore();
    const before = snapshot(store);
    const without: Config = { ...config, sources: {} };
    await expect(rebuild(rebuildDeps(store, without))).rejects.toThrow(
      /hubspot API \w+ \(\w+, batch \w+, raw raw\/hubspot\/.*\): cannot be replayed: config\.sources\.hubspot is not configured any more; add it back/,
    );
    expect(new Map([...snapshot(store)].filter(([k]) => !k.startsWith('rebuild/')))).toEqual(before);
  }, 120_000);

  it("replays a vendor load made before its time zone was recorded in the config's zone, and says so", async () => {
    const { store, config } = await oldStore();
    const m = (await listManifests(store)).find((x) => x.input === 'salesforce-leads-report.csv')!;
    const { options: _recorded, ...legacy } = m;
    store.objects.set(`manifests/loads/${m.table}/${m.batchId}.json`, Buffer.from(JSON.stringify(legacy)));
    const summary = await rebuild(rebuildDeps(store, config));
    expect(summary.assumptions).toEqual([
      "salesforce-leads-report.csv: loaded before the time zone was recorded: read in the config's Europe/Zurich",
    ]);
    // The replayed manifest records the zone from now on.
    const replayed = (await listManifests(store)).find((x) => x.input === 'salesforce-leads-report.csv')!;
    expect(replayed.options).toEqual({ timezone: 'Europe/Zurich' });
  }, 120_000);

  it('refuses with RebuildError when a replay reads dates in another order than the load did', async () => {
    const { store, config } = await oldStore();
    const m = (await listManifests(store)).find((x) => x.input === 'hubspot-contacts-greek.csv')!;
    const key = `manifests/loads/${m.table}/${m.batchId}.json`;
    store.objects.set(key, Buffer.from(JSON.stringify({ ...m, notes: { ...m.notes, dateOrder: { order: 'MDY' } } })));
    const err = await rebuild(rebuildDeps(store, config)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RebuildError);
    expect((err as Error).message).toMatch(
      /hubspot-contacts-greek\.csv .*reads dates as \w+, the load read them as MDY/,
    );
  }, 120_000);
});
