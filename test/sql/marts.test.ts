/**
 * Materialized models (functions/core/marts.ts, issue #17), on DuckDB set up as Athena is after
 * a deploy (canonical tables, the config seeds and every model as a view): a run writes every
 * model as a table of its own and points the model views at them. The tables must equal the
 * local warehouse's model by model, the report must not change, a failed run must leave the
 * previous one in place and be cleaned up by the next, and loads after a run make it stale.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { createRefreshHandler } from '../../functions/handlers/refresh.js';
import { logger } from '../../functions/handlers/runtime.js';
import {
  MARTS_LOCK_KEY,
  MARTS_PENDING_KEY,
  assertMartsUnchanged,
  type MartDialect,
  MARTS_RUN_TIMEOUT_MS,
  martsDigest,
  assertMartsCurrent,
  currentMarts,
  duckdbMartDialect,
  martRunId,
  martsStaleness,
  materializeMarts,
  planMarts,
  shippedMartsDigest,
  athenaMartDialect,
} from '../../functions/core/marts.js';
import { loadModels, modelBody, replaceRelations } from '../../functions/core/models.js';
import type { QueryEngine, Row } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { importAll, writeDemoData, type DemoPipeline } from '../handlers/pipeline.js';
import { athenaLikeEngine, loadFixture, lead } from '../helpers/warehouse.js';

let demo: DemoPipeline;
let store: LocalStore;
let local: DuckDBEngine; // the local warehouse: models materialized by refreshModels
let athena: DuckDBEngine; // as Athena after a deploy: models as views over the canonical tables

beforeAll(async () => {
  logger.setLogLevel('SILENT'); // the refresh handler logs each table it builds
  demo = await writeDemoData();
  const dir = join(demo.root, 'lake');
  store = new LocalStore(dir);
  const encoder = await DuckDBParquetEncoder.create();
  try {
    await importAll(demo, store, encoder);
  } finally {
    await encoder.close();
  }
  local = await openLocalWarehouse(dir, demo.config);
  athena = await athenaLikeEngine(dir, demo.config);
}, 240_000);

afterAll(async () => {
  await local?.close();
  await athena?.close();
  await demo?.cleanup();
});

/** A relation's rows in a canonical order, so two engines' tables compare as sets. */
async function rowsOf(engine: QueryEngine, relation: string): Promise<string[]> {
  const rows: Row[] = await engine.query(`select * from ${relation}`);
  return rows.map((r) => JSON.stringify(r)).sort();
}

async function tablesOfRun(runId: string): Promise<string[]> {
  const rows = await athena.query(`select table_name from duckdb_tables() where table_name like '%__${runId}'`);
  return rows.map((r) => String(r.table_name)).sort();
}

let clock = Date.parse('2026-11-23T05:00:00Z');
const tick = () => new Date((clock += 60_000));

/** One run on `engine` (the Athena-like DuckDB by default) with the demo config and the test clock. */
const build = (engine: QueryEngine = athena, dialect: MartDialect = duckdbMartDialect) =>
  materializeMarts({ engine, store, config: demo.config, dialect, now: tick });

describe('materialized models', () => {
  it('plans a CTAS per model on its upstream tables of the same run', () => {
    const plan = planMarts(loadModels(), 'r20261123050000000', athenaMartDialect('lake-bucket'));
    const persons = plan.build.find((b) => b.model === 'fct_persons')!;
    expect(persons.sql).toMatch(
      /^create table fct_persons__r20261123050000000 with \(format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3:\/\/lake-bucket\/marts\/fct_persons\/r20261123050000000\/'\) as\n/,
    );
    expect(persons.sql).toContain('from int_persons__followed_up__r20261123050000000');
    expect(persons.sql).not.toMatch(/\bint_persons__followed_up\b(?!__r)/);
    expect(persons.location.prefix).toBe('marts/fct_persons/r20261123050000000/');
    // Every model: no upstream model is read by its bare name (any case), string literals stay as written.
    for (const step of plan.build) {
      const model = loadModels().find((m) => m.name === step.model)!;
      const body = step.sql.slice(step.sql.indexOf(' as\n') + 4);
      for (const dep of model.dependsOn) expect(body, step.model).not.toMatch(new RegExp(`\\b${dep}\\b(?!__r)`, 'i'));
      const literals = (sql: string) => sql.match(/'(?:[^']|'')*'/g) ?? [];
      expect(literals(body), step.model).toEqual(literals(modelBody(model)));
    }
    const rewritten = replaceRelations(
      `select 'stg_spend' as label, "stg_spend" from STG_SPEND join stg_spend_daily using (x)`,
      ['stg_spend'],
      (n) => `${n}__r1`,
    );
    expect(rewritten).toBe(
      `select 'stg_spend' as label, "stg_spend" from stg_spend__r1 join stg_spend_daily using (x)`,
    );
    expect(martRunId(new Date('2026-11-23T05:00:00.123Z'))).toBe('r20261123050000123');
    expect(() => planMarts(loadModels(), 'R-1', duckdbMartDialect)).toThrow(
      '"R-1" is not a plain lower-case identifier',
    );
  });

  it('builds tables equal to the local warehouse, model by model, and the same report', async () => {
    const summary = await build();
    expect(summary).toMatchObject({ tables: loadModels().length, replaced: null, cleanedUp: null });
    expect(await tablesOfRun(summary.runId)).toHaveLength(loadModels().length);
    for (const m of loadModels()) {
      expect({ model: m.name, rows: await rowsOf(athena, m.name) }).toEqual({
        model: m.name,
        rows: await rowsOf(local, m.name),
      });
    }
    const now = new Date('2026-11-30T08:00:00Z');
    const fromMarts = await buildReport({ engine: athena, store, config: demo.config }, demo.week, { now });
    const fromLocal = await buildReport({ engine: local, store, config: demo.config }, demo.week, { now });
    expect(fromMarts).toEqual(fromLocal);
    expect(fromMarts.totals.leads).toBeGreaterThan(100);
  }, 120_000);

  it('keeps the previous run when a run fails, and the next run removes the failed one', async () => {
    const before = (await currentMarts(store))!;
    let creates = 0;
    const failing: QueryEngine = {
      query: async (sql, params) => {
        if (sql.startsWith('create table') && ++creates === 4) throw new Error('Athena: HIVE_TOO_MANY_OPEN_PARTITIONS');
        return athena.query(sql, params);
      },
      close: async () => {},
    };
    await expect(build(failing)).rejects.toThrow('HIVE_TOO_MANY_OPEN_PARTITIONS');
    const failed = JSON.parse(Buffer.from((await store.get(MARTS_PENDING_KEY))!).toString('utf8')) as { runId: string };
    expect(await tablesOfRun(failed.runId)).toHaveLength(3);
    // The views still read the previous run, whole.
    expect((await currentMarts(store))?.runId).toBe(before.runId);
    expect(await rowsOf(athena, 'fct_persons')).toEqual(await rowsOf(local, 'fct_persons'));

    // Until the next run, the stopped run counts as under way: the report refuses.
    const digest = shippedMartsDigest(demo.config);
    expect(await martsStaleness(store, digest)).toMatch(/^a refresh is building the model tables \(run r\d+/);
    await expect(assertMartsCurrent(store, digest)).rejects.toThrow(/^the model tables cannot be used yet: a refresh/);
    const next = await build();
    expect(next).toMatchObject({ replaced: before.runId, cleanedUp: failed.runId });
    expect(await tablesOfRun(failed.runId)).toEqual([]);
    expect(await tablesOfRun(before.runId)).toEqual([]);
    expect(await tablesOfRun(next.runId)).toHaveLength(loadModels().length);
    expect(await store.exists(MARTS_PENDING_KEY)).toBe(false);
    expect(await martsStaleness(store, digest)).toBeNull();
    expect(await assertMartsCurrent(store, digest)).toBe(next.runId);
  }, 120_000);

  it('runs one refresh at a time; a crashed run’s lock is taken over after the timeout', async () => {
    const digest = shippedMartsDigest(demo.config);
    const current = (await currentMarts(store))!.runId;
    // A run under way (its Lambda still running, or killed without releasing the lock).
    await store.put(MARTS_LOCK_KEY, JSON.stringify({ runId: 'r1', takenAt: new Date(clock).toISOString() }));
    await expect(build()).rejects.toThrow(/^another refresh is building the model tables \(run r1, started /);
    expect(await martsStaleness(store, digest)).toMatch(/^a refresh is building the model tables \(run r1/);
    // A report that started before the lock was taken is built again.
    await expect(assertMartsUnchanged(store, current)).rejects.toThrow(/switched while the report was built/);
    clock += MARTS_RUN_TIMEOUT_MS;
    const next = await build();
    expect(await store.exists(MARTS_LOCK_KEY)).toBe(false);
    expect(await assertMartsCurrent(store, digest)).toBe(next.runId);
    await assertMartsUnchanged(store, next.runId);
    await expect(assertMartsUnchanged(store, current)).rejects.toThrow(`(run ${current} → ${next.runId})`);
  }, 120_000);

  it('deletes the files of exactly the runs it drops', async () => {
    // DuckDB keeps the tables itself; the files stand for what Athena writes under marts/.
    const withFiles: MartDialect = {
      location: (model, runId) => ({ url: '', prefix: `marts/${model}/${runId}/` }),
      tableProperties: () => '',
    };
    const first = await build(athena, withFiles);
    for (const m of ['fct_persons', 'stg_leads']) {
      await store.put(`marts/${m}/${first.runId}/part-0.parquet`, 'x');
      await store.put(`marts/${m}/${first.runId}0/part-0.parquet`, 'a run id that starts with the same digits');
    }
    const second = await build(athena, withFiles);
    await store.put(`marts/fct_persons/${second.runId}/part-0.parquet`, 'y');
    const third = await build(athena, withFiles);
    expect(third.replaced).toBe(second.runId);
    expect((await store.list('marts/')).sort()).toEqual(
      [`marts/fct_persons/${first.runId}0/part-0.parquet`, `marts/stg_leads/${first.runId}0/part-0.parquet`].sort(),
    );
  }, 120_000);

  it('finishes a run that stopped while switching the views, whose tables are then in use', async () => {
    const before = (await currentMarts(store))!;
    let switches = 0;
    const crashing: QueryEngine = {
      query: async (sql, params) => {
        if (/^create or replace view (stg|int|fct|dim)_/.test(sql) && ++switches === 5)
          throw new Error('Lambda timed out');
        return athena.query(sql, params);
      },
      close: async () => {},
    };
    await expect(build(crashing)).rejects.toThrow('Lambda timed out');
    const stopped = JSON.parse(Buffer.from((await store.get(MARTS_PENDING_KEY))!).toString('utf8')) as {
      runId: string;
      phase: string;
    };
    expect(stopped.phase).toBe('switching');
    // Four views already read the stopped run's tables: they must not be dropped.
    expect(await tablesOfRun(stopped.runId)).toHaveLength(loadModels().length);
    clock += MARTS_RUN_TIMEOUT_MS;
    const next = await build();
    // The stopped run was switched to and replaced the one before; this run replaced it in turn.
    expect(next).toMatchObject({ cleanedUp: stopped.runId, replaced: stopped.runId });
    expect(await tablesOfRun(before.runId)).toEqual([]);
    expect(await tablesOfRun(stopped.runId)).toEqual([]);
    for (const m of loadModels()) {
      const [view] = await athena.query(`select sql from duckdb_views() where view_name = '${m.name}'`);
      expect(String(view!.sql)).toContain(`${m.name}__${next.runId}`);
    }
    expect(await rowsOf(athena, 'fct_deals')).toEqual(await rowsOf(local, 'fct_deals'));
  }, 120_000);

  it('counts tables built by other SQL or another config as stale', async () => {
    const digest = shippedMartsDigest(demo.config);
    expect(await martsStaleness(store, digest)).toBeNull();
    const otherSla = shippedMartsDigest({ ...demo.config, followUpSlaHours: demo.config.followUpSlaHours + 1 });
    expect(otherSla).not.toBe(digest);
    expect(await martsStaleness(store, otherSla)).toMatch(
      /were built by other SQL or another config than this deployment/,
    );
    const otherSql = martsDigest(
      loadModels().map((m) => (m.name === 'fct_deals' ? { ...m, sql: `${m.sql}\nwhere true` } : m)),
      demo.config,
    );
    expect(otherSql).not.toBe(digest);
  });

  it('is stale once a load comes in after the run started, until the next run', async () => {
    // A run on 5 December; then a load stamped 1 December (when it started) is committed: it was
    // still being written when the run listed its loads, so the tables miss it.
    clock = Date.parse('2026-12-05T00:00:00Z');
    await build();
    expect(await martsStaleness(store, shippedMartsDigest(demo.config))).toBeNull();
    await loadFixture(store, demo.config, {
      leads: [lead('late-1', '2026-11-22T10:00:00Z', { email: 'late@late.example' })],
    });
    expect(await martsStaleness(store, shippedMartsDigest(demo.config))).toMatch(
      /^1 load\(s\) committed since the models were last built \(run r\d+, started .*\), e\.g\. manifests\/loads\/leads\//,
    );
    // The views still read the run's tables: the late lead is not there until the next run.
    // The weekly report refuses, naming what is missing and what to run.
    await expect(assertMartsCurrent(store, shippedMartsDigest(demo.config))).rejects.toThrow(
      /^the model tables cannot be used yet: 1 load\(s\) committed since .*; run the refresh first/,
    );
    const count = async () =>
      Number((await athena.query(`select count(*) as n from fct_persons where email_key = 'late@late.example'`))[0]!.n);
    expect(await count()).toBe(0);
    // The weekly state machine's first step: the refresh function, building only when stale.
    const refresh = createRefreshHandler(async () => ({
      engine: athena,
      store,
      partitionSources: null,
      config: demo.config,
      dialect: duckdbMartDialect,
      now: tick,
    }));
    const built = await refresh({ onlyIfStale: true });
    expect(built.marts?.tables).toBe(loadModels().length);
    expect(await martsStaleness(store, shippedMartsDigest(demo.config))).toBeNull();
    await assertMartsCurrent(store, shippedMartsDigest(demo.config));
    expect(await refresh({ onlyIfStale: true })).toEqual({ marts: null });
    expect(await count()).toBe(1);
  }, 120_000);
});
