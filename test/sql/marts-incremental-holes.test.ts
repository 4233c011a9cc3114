/**
 * Review of the incremental refresh (functions/core/marts.ts): sequences of loads and store
 * states after which an incremental run's tables must still equal a full build's. Same set-up
 * as marts-incremental.test.ts (DuckDB as Athena after a deploy), on a small seed instead of the
 * demo data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config } from '../../functions/core/config.js';
import { loadBatch, manifestKey } from '../../functions/core/load.js';
import {
  currentMarts,
  martsStaleness,
  shippedMartsDigest,
  duckdbMartDialect,
  materializeMarts,
  type MaterializeSummary,
} from '../../functions/core/marts.js';
import { loadModels } from '../../functions/core/models.js';
import type { QueryEngine, Row } from '../../functions/core/ports.js';
import { REBUILD_STATE_KEY } from '../../functions/core/rebuild.js';
import type { CanonicalRecord, ParsedRow } from '../../functions/core/records.js';
import type { TableName } from '../../functions/core/schema.js';
import { athenaLikeEngine, activity, deal, lead, loadFixture, spendRow } from '../helpers/warehouse.js';

let dir: string;
let store: LocalStore;
let config: Config;
let athena: DuckDBEngine;
let encoder: DuckDBParquetEncoder;

const T0 = '2026-11-17T09:00:00Z';
const at = (base: string, hours: number) => new Date(Date.parse(base) + hours * 3_600_000).toISOString();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'funnel-increview-'));
  store = new LocalStore(dir);
  config = parseConfig({});
  encoder = await DuckDBParquetEncoder.create();
  // Every table the models read has files before the views are made (as on Athena, where the
  // canonical tables exist from the deploy on).
  await loadFixture(store, config, {
    leads: [lead('seed-1', T0, { email: 'seed@seed.example', lifecycle_stage: 'lead' })],
    deals: [deal('seed-d1', T0, { contact_emails: ['seed@seed.example'] })],
    activities: [activity('seed-a1', T0, { email_key: 'seed@seed.example' })],
    spend: [spendRow('2026-11-16', 'seed-c1', 10)],
  });
  athena = await athenaLikeEngine(dir, config);
}, 120_000);

afterAll(async () => {
  await encoder?.close();
  await athena?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function rowsOf(engine: QueryEngine, relation: string): Promise<string[]> {
  const rows: Row[] = await engine.query(`select * from ${relation}`);
  return rows.map((r) => JSON.stringify(r)).sort();
}

let clock = Date.parse('2026-12-02T05:00:00Z');
const tick = () => new Date((clock += 60_000));

const run = (full = false, engine: QueryEngine = athena): Promise<MaterializeSummary> =>
  materializeMarts({ engine, store, config, dialect: duckdbMartDialect, now: tick, full });

async function expectSameAsFullBuild(step: string, models = loadModels().map((m) => m.name)): Promise<void> {
  const full = await openLocalWarehouse(dir, config);
  try {
    for (const model of models) {
      expect({ step, model, rows: await rowsOf(athena, model) }).toEqual({
        step,
        model,
        rows: await rowsOf(full, model),
      });
    }
  } finally {
    await full.close();
  }
}

/** One batch of `table` from `raw` (its bytes decide the batch id), as the loader writes it. */
function loadRaw(
  table: TableName,
  raw: string,
  rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>,
  opts: { dt?: string; chunkRows?: number; loadedAt?: Date } = {},
) {
  const loadedAt = opts.loadedAt ?? new Date(clock);
  return loadBatch(
    { store, encoder, config, now: () => loadedAt, ...(opts.chunkRows ? { chunkRows: opts.chunkRows } : {}) },
    { table, format: 'test', dt: opts.dt ?? '2026-12-02', input: `${table}.json`, raw: Buffer.from(raw), rows },
  );
}

const ok = (records: CanonicalRecord[]): ParsedRow[] =>
  records.map((record, i) => ({ ok: true as const, line: i + 1, record }));

async function dropManifests(since: Set<string>): Promise<void> {
  for (const key of await store.list('manifests/loads/')) if (!since.has(key)) await store.delete(key);
}

describe('incremental refresh: holes', () => {
  it('a load that writes its parts while a run builds, then fails and removes them, leaves no rows behind', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full' });

    // A load that has flushed its first part and fails on a later row (its catch deletes the part).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* rows(): AsyncGenerator<ParsedRow> {
      yield* ok([lead('race-1', T0, { email: 'rae@race.example', lifecycle_stage: 'mql' })]);
      await gate;
      throw new Error('the source file is truncated');
    }
    let load: Promise<unknown> | null = null;
    // The run listed the manifests and canonical files before its first table; the load's
    // part lands between that listing and the tables' reads.
    const racing: QueryEngine = {
      query: async (sql, params) => {
        if (!load && sql.startsWith('create table')) {
          load = loadRaw('leads', 'race raw bytes', rows(), { chunkRows: 1 }).catch((e: unknown) => e);
          while ((await store.list('canonical/leads/')).length < 2) await new Promise((r) => setTimeout(r, 10));
        }
        return athena.query(sql, params);
      },
      close: () => athena.close(),
    };
    expect(await run(true, racing)).toMatchObject({ mode: 'full' });
    release();
    expect(await load).toBeInstanceOf(Error);
    expect((await store.list('canonical/leads/')).length).toBe(1); // the failed load's part is gone

    // Nothing committed since and no canonical file the last run listed changed, but the loader
    // removed parts the last run may have read (it did): full.
    // The report refuses tables that may hold the removed rows, until a run rebuilds them.
    expect(await martsStaleness(store, shippedMartsDigest(config))).toMatch(
      /^the loader removed canonical parts of 1 failed or repeated load\(s\) since/,
    );
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the loader removed canonical parts since the last run',
    });
    await expectSameAsFullBuild('after a failed load raced the run', [
      'stg_leads__latest',
      'int_leads__verdicts',
      'stg_leads',
      'fct_persons',
    ]);
  }, 120_000);

  it('a crashed load re-run with another reading of the same bytes leaves no rows of the first reading', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full' });
    const raw = 'spend export, wall-clock times';
    // The first attempt wrote its part and crashed before its manifest (the Lambda timed out).
    const before = new Set(await store.list('manifests/loads/'));
    await loadRaw('spend', raw, ok([spendRow('2026-11-17', 'tz-c1', 100)]));
    await dropManifests(before);
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('a crashed spend load', ['stg_spend']);

    // Re-run with the file's time zone given (--timezone): the same bytes, so the same batch id
    // and the same part key, but the day moved. The loader clears the partial part and commits.
    const rerun = await loadRaw('spend', raw, ok([spendRow('2026-11-18', 'tz-c1', 100)]));
    expect(rerun.alreadyLoaded).toBe(false);
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the loader removed canonical parts since the last run',
    });
    const spend = await athena.query(`select sum(cost) as cost from stg_spend where campaign_id = 'tz-c1'`);
    expect(Number(spend[0]!.cost)).toBe(100);
    await expectSameAsFullBuild('the re-run of the crashed load', ['stg_spend', 'fct_spend']);
  }, 120_000);

  it('the same bytes loaded into two tables, neither committed yet, are new rows of both', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full' });
    const raw = 'one export, two tables';
    const before = new Set(await store.list('manifests/loads/'));
    await loadRaw('deals', raw, ok([deal('twin-d1', T0, { contact_emails: ['twin@twin.example'] })]));
    await loadRaw('leads', raw, ok([lead('twin-1', T0, { email: 'twin@twin.example' })]));
    await dropManifests(before);
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('one batch id, two tables', ['stg_deals', 'stg_leads__latest', 'int_leads__verdicts']);
  }, 120_000);

  it('a committed load taken back (its manifest deleted) and loaded again with another reading is read again', async () => {
    const raw = 'spend export, loaded twice';
    const first = await loadRaw('spend', raw, ok([spendRow('2026-11-20', 'again-c1', 70)]));
    expect(await run(true)).toMatchObject({ mode: 'full' });
    // The file was read in the wrong time zone: the operator takes the load back and imports it again.
    await store.delete(manifestKey('spend', first.manifest.batchId));
    const again = await loadRaw('spend', raw, ok([spendRow('2026-11-21', 'again-c1', 70)]));
    expect(again.alreadyLoaded).toBe(false);
    expect(again.manifest.canonicalKeys).toEqual(first.manifest.canonicalKeys);
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the loader removed canonical parts since the last run',
    });
    const days = await athena.query(
      `select cast(spend_date as varchar) as d from stg_spend where campaign_id = 'again-c1'`,
    );
    expect(days).toEqual([{ d: '2026-11-21' }]);
    await expectSameAsFullBuild('a load taken back and loaded again', ['stg_spend', 'fct_spend']);
  }, 120_000);

  it('a rebuild from raw is seen whatever the clock of the machine that ran it', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full' });
    // `funnel rebuild` from a laptop whose clock is 5 minutes slow rewrites a lead's part in
    // place (as its apply phase does: the staged object copied over the live key).
    const raw = 'leads export, re-derived';
    const loaded = await loadRaw('leads', raw, ok([lead('skew-1', T0, { email: 'Old@Skew.example' })]));
    expect(await run()).toMatchObject({ mode: 'incremental' });
    const staged = new LocalStore(await mkdtemp(join(tmpdir(), 'funnel-increview-staged-')));
    const restaged = await loadBatch(
      { store: staged, encoder, config, now: () => new Date(loaded.manifest.loadedAt) },
      {
        table: 'leads',
        format: 'test',
        dt: '2026-12-02',
        input: 'leads.json',
        raw: Buffer.from(raw),
        rows: ok([lead('skew-1', T0, { email: 'new@skew.example' })]),
      },
    );
    expect(restaged.manifest.canonicalKeys).toEqual(loaded.manifest.canonicalKeys);
    for (const key of restaged.manifest.canonicalKeys) await store.put(key, (await staged.get(key))!);
    const slow = new Date(clock - 5 * 60_000).toISOString();
    // Its clock says it finished before the last run started, which it did not.
    expect(slow < (await currentMarts(store))!.startedAt).toBe(true);
    await store.put(REBUILD_STATE_KEY, JSON.stringify({ committedAt: slow, finishedAt: slow }));
    // The report refuses the tables built before it, whatever the rebuild's clock says.
    expect(await martsStaleness(store, shippedMartsDigest(config))).toMatch(
      /^the tables were rebuilt from raw at .*, after the models were last built/,
    );
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the canonical tables were rebuilt from raw since the last run',
    });
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('the run after it', ['stg_leads__latest', 'int_leads__verdicts', 'stg_leads']);
    await expectSameAsFullBuild('a rebuild with a slow clock', [
      'stg_leads__latest',
      'int_leads__verdicts',
      'stg_leads',
    ]);
  }, 120_000);

  it('ideas checked and fine: null and | in key parts, a key changing between versions, a load committed while a run builds', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full' });
    await loadFixture(
      store,
      config,
      {
        spend: [
          spendRow('2026-11-17', 'p|q', 10, { account_id: 'a' }),
          spendRow('2026-11-17', 'q', 20, { account_id: 'a|p' }),
          spendRow('2026-11-17', 'nul-c', 30, { account_id: null }),
          spendRow('2026-11-17', 'nul-c', 40, { account_id: '' }),
        ],
        leads: [
          lead('x|y', T0, { email: 'xy@pipe.example' }),
          lead('x', T0, { source: 'hubspot', email: 'x@pipe.example' }),
        ],
        activities: [
          activity('leg-1', T0, { email_key: 'xy@pipe.example' }),
          activity('leg-2', T0, { email_key: 'x@pipe.example' }),
        ],
      },
      // Exported on 16 Nov, before the restatements below modified them (these have no updated_at).
      '2026-11-16',
    );
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('keys with | and nulls');
    // Restate one of each colliding pair; the legacy activity leg-2 reappears under record id
    // leg-1 (another legacy id): both records meet in one key.
    await loadFixture(store, config, {
      spend: [
        spendRow('2026-11-17', 'q', 25, { account_id: 'a|p' }),
        spendRow('2026-11-17', 'nul-c', 35, { account_id: null }),
      ],
      leads: [lead('x|y', T0, { email: 'xy@pipe.example', lifecycle_stage: 'mql', updated_at: at(T0, 5) })],
      activities: [activity('leg-2', T0, { record_id: 'leg-1', email_key: 'x@pipe.example', updated_at: at(T0, 6) })],
    });
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('restated colliding keys');
    const spend = await athena.query(
      `select campaign_id, account_id, cost from stg_spend where campaign_id in ('p|q', 'q', 'nul-c') order by 1, 2`,
    );
    expect(spend.map((r) => [r.campaign_id, r.account_id, Number(r.cost)])).toEqual([
      // (an empty account id loads as null: the two nul-c rows were one version, the later kept)
      ['nul-c', null, 35],
      ['p|q', 'a', 10],
      ['q', 'a|p', 25],
    ]);
    const leg = await athena.query(
      `select activity_id, crm_record_id as record_id from stg_activities__latest where activity_id like 'leg-%' order by 1`,
    );
    expect(leg).toEqual([
      // record leg-1's newest version is leg-2's row: leg-1's own row is no longer current
      { activity_id: 'leg-2', record_id: 'leg-2' },
      { activity_id: 'leg-2', record_id: 'leg-1' },
    ]);

    // A load that writes its parts and commits while a run builds: the run reads some of its
    // rows (those of the records it rebuilds), the next run rebuilds its records.
    let load: Promise<unknown> | null = null;
    await loadFixture(store, config, { leads: [lead('x', T0, { email: 'x@pipe.example', updated_at: at(T0, 7) })] });
    const racing: QueryEngine = {
      query: async (sql, params) => {
        if (!load && sql.startsWith('create table')) {
          load = loadFixture(store, config, {
            leads: [
              lead('x', T0, { email: 'x@pipe.example', lifecycle_stage: 'customer', updated_at: at(T0, 9) }),
              lead('late-1', T0, { email: 'late@pipe.example' }),
            ],
          });
          await load;
        }
        return athena.query(sql, params);
      },
      close: () => athena.close(),
    };
    expect(await run(false, racing)).toMatchObject({ mode: 'incremental' });
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('after a load committed during a run');
  }, 180_000);
});
