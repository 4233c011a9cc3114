/**
 * `npm run test:trino`: proves `sql/` on Athena's engine. Starts a real Trino server,
 * loads the same canonical Parquet into Trino (Hive connector, file metastore) and DuckDB,
 * creates the models of `sql/` as written (views, as the deploy does), builds them as tables
 * the way the daily refresh does on Athena (core/marts.ts: CTAS per model, views switched):
 * first without the last load day, then incrementally once its loads are committed, then
 * again in full. After each of the last two builds it runs the report queries with the
 * parameters the report builder passes, and compares every result and every model table. Then measures the bytes Trino reads for a weekly report over a
 * year of data (the Athena cost). Exit code 1 on any mismatch.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config } from '../../functions/core/config.js';
import { materializeMarts } from '../../functions/core/marts.js';
import { SQL_DIR, loadModels, loadReportQuery } from '../../functions/core/models.js';
import type { QueryEngine, Row, SqlValue } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { TrinoEngine } from './client.js';
import { compareRows, hasOuterOrderBy } from './compare.js';
import { measureCost } from './cost.js';
import { FIXTURE_FX, buildFixture, holdBackLastDay } from './fixtures.js';
import { CATALOG, SCHEMA, attachCanonicalTrino, createModelViews, trinoMartDialect } from './lake.js';
import { TrinoServer, ensureTrino, TRINO_VERSION } from './server.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CACHE = process.env.TRINO_CACHE_DIR ?? join(ROOT, '.cache', 'trino');

/** The weeks whose reports are compared (the fixture spans Sep–Nov 2026). */
const WEEKS = ['2026-W37', '2026-W47'];

interface Recorded {
  label: string;
  sql: string;
  params: SqlValue[];
  rows: Row[];
}

/** Wraps the DuckDB engine and records every query the report builder runs. */
class RecordingEngine implements QueryEngine {
  readonly recorded: Recorded[] = [];
  constructor(
    private readonly inner: QueryEngine,
    private readonly names: Map<string, string>,
  ) {}
  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const rows = await this.inner.query(sql, params);
    const label = this.names.get(sql) ?? 'ad-hoc';
    this.recorded.push({ label, sql, params: [...params], rows });
    return rows;
  }
  async close(): Promise<void> {}
}

function reportQueryNames(): Map<string, string> {
  const dir = join(SQL_DIR, 'reports');
  const names = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    names.set(loadReportQuery(f.slice(0, -4)), `reports/${f.slice(0, -4)}`);
  }
  return names;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const install = ensureTrino(CACHE);
  console.log(
    `trino: version ${TRINO_VERSION}, artifacts ${(install.artifactBytes / 1e6).toFixed(0)} MB` +
      (install.downloadedBytes > 0 ? ` (downloaded ${(install.downloadedBytes / 1e6).toFixed(0)} MB)` : ' (cached)') +
      ` in ${secs(Date.now() - t0)}`,
  );
  const work = mkdtempSync(join(tmpdir(), 'funnel-trino-'));
  // TRINO_URL + TRINO_LAKE: reuse a running server (kept with TRINO_KEEP=1) while iterating.
  const lake = process.env.TRINO_LAKE ?? join(work, 'lake');
  const keep = process.env.TRINO_KEEP === '1';
  const serverPromise = process.env.TRINO_URL
    ? Promise.resolve(TrinoServer.attach(process.env.TRINO_URL))
    : TrinoServer.start({ install, workDir: join(work, 'server'), lakeDir: lake });
  serverPromise.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
  let server: TrinoServer | undefined;
  try {
    const config: Config = parseConfig({ fxRates: FIXTURE_FX });

    if (process.env.TRINO_ONLY === 'cost') {
      server = await serverPromise;
      await measureCost({ client: server.client, lake, config });
      return 0;
    }

    // 1. The fixtures, through the real loader and Parquet encoder.
    const t1 = Date.now();
    rmSync(join(lake, 'fixture'), { recursive: true, force: true });
    const fixture = await buildFixture(join(lake, 'fixture'), config, {
      from: '2026-08-31',
      days: 95,
      leadsPerDay: 12,
      loadEveryDays: 7,
    });
    console.log(
      `fixture: ${fixture.loads} loads (weekly), rows ${JSON.stringify(fixture.rows)} in ${secs(Date.now() - t1)}`,
    );

    // 2. DuckDB: the local warehouse, the reports, every query recorded.
    const duck = await openLocalWarehouse(fixture.dataDir, config);
    const recorder = new RecordingEngine(duck, reportQueryNames());
    for (const id of WEEKS) {
      const store = new LocalStore(fixture.dataDir);
      await buildReport({ engine: recorder, store, config }, parseWeek(id, config.timezone));
    }
    const reportNames = reportQueryNames();
    for (const sql of reportNames.keys()) {
      if (!recorder.recorded.some((r) => r.sql === sql) && !sql.includes('?')) await recorder.query(sql);
    }
    const models = loadModels();
    for (const m of models)
      recorder.recorded.push({
        label: `model ${m.name}`,
        sql: `select * from ${m.name}`,
        params: [],
        rows: await duck.query(`select * from ${m.name}`),
      });
    await duck.close();
    // The same query with the same parameters is compared once.
    const seen = new Set<string>();
    const queries = recorder.recorded.filter((r) => {
      const key = JSON.stringify([r.sql, r.params]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const unused = [...reportNames.values()].filter((l) => !queries.some((q) => q.label === l));
    if (unused.length > 0) console.warn(`WARNING: report queries not exercised: ${unused.join(', ')}`);

    // 3. Trino: tables over the same files, models as views, the same queries. The last load
    // day is held back for the first build, so that the second one is incremental.
    server = await serverPromise;
    console.log(`trino: server ready on 127.0.0.1:${server.port} in ${secs(server.startupMs)} (startup)`);
    const client = server.client;
    const store = new LocalStore(fixture.dataDir);
    const heldBack = holdBackLastDay(fixture.dataDir, join(work, 'held-back'));
    await attachCanonicalTrino(client, lake, 'fixture');
    client.defaults.catalog = CATALOG;
    client.defaults.schema = SCHEMA;
    const views = await createModelViews(client, config);
    console.log(`trino: ${views.length} models of sql/ created as views (what the deploy applies)`);
    const engine = new TrinoEngine(client);
    const build = async (label: string, full: boolean): Promise<string> => {
      const t = Date.now();
      const marts = await materializeMarts({ engine, store, config, dialect: trinoMartDialect('fixture'), full });
      console.log(
        `trino: ${marts.tables} models built as tables of run ${marts.runId} (${label}, ${marts.mode}` +
          `${marts.fullBecause ? `: ${marts.fullBecause}` : ''}) in ${secs(Date.now() - t)}`,
      );
      return marts.mode;
    };
    // What the daily refresh does on Athena: every model as a table of a run, the views switched to them.
    await build(`without the ${heldBack.loads} loads of ${heldBack.dt}`, false);
    heldBack.restore();
    await attachCanonicalTrino(client, lake, 'fixture');
    const modes = [await build(`the loads of ${heldBack.dt} committed`, false)];
    let matched = await compareAll(engine, queries, 'incremental');
    modes.push(await build('a full rebuild', true));
    matched += await compareAll(engine, queries, 'full');
    const expected = 2 * queries.length;
    if (modes.join() !== 'incremental,full') console.log(`  FAIL the builds were ${modes.join(', ')}`);

    // 4. The cost: a year of data, bytes read per weekly report.
    if (process.env.TRINO_SKIP_COST !== '1') {
      await measureCost({ client, lake, config });
    }

    console.log(`trino: ${matched} of ${expected} queries matched DuckDB (incremental and full)`);
    return matched === expected && queries.length > 0 && modes.join() === 'incremental,full' ? 0 : 1;
  } finally {
    if (!server) server = await serverPromise.catch(() => undefined);
    if (!keep) await server?.stop();
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Runs every recorded DuckDB query on Trino and prints each comparison; returns how many matched. */
async function compareAll(engine: QueryEngine, queries: readonly Recorded[], build: string): Promise<number> {
  let matched = 0;
  for (const q of queries) {
    const params = q.params.length > 0 ? ` ${JSON.stringify(q.params)}` : '';
    try {
      const rows = await engine.query(q.sql, q.params);
      const cmp = compareRows(q.rows, rows, hasOuterOrderBy(q.sql));
      if (cmp.ok) {
        matched++;
        const order = cmp.orderDiffers ? ' (WARNING: row order differs among ties)' : '';
        console.log(`  ok   ${build} ${q.label}${params}: ${rows.length} rows${order}`);
      } else {
        console.log(`  FAIL ${build} ${q.label}${params}:\n       ${cmp.problems.join('\n       ')}`);
      }
    } catch (err) {
      console.log(`  FAIL ${build} ${q.label}${params}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return matched;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`trino: ${(err as Error).message}`);
    console.log('trino: 0 queries matched DuckDB (the run failed before comparing)');
    process.exit(1);
  },
);
