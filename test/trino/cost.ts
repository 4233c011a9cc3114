/**
 * The Athena cost estimate: bytes Trino's Hive connector reads from Parquet (physical input)
 * for one weekly report over a year of data, against a full scan of the canonical tables
 * and against a query that prunes partitions. Athena bills the bytes scanned per query,
 * rounded up to a megabyte with a 10 MB minimum, at $5 per TB.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStore } from '../../functions/adapters/local-store.js';
import type { Config } from '../../functions/core/config.js';
import { materializeMarts } from '../../functions/core/marts.js';
import { SQL_DIR, loadReportQuery } from '../../functions/core/models.js';
import { parquetColumns } from '../../functions/core/parquet.js';
import type { QueryEngine, Row, SqlValue } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { TABLE_NAMES } from '../../functions/core/schema.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { TrinoClient, TrinoEngine, type TrinoStats } from './client.js';
import { buildFixture, holdBackLastDay } from './fixtures.js';
import { CATALOG, attachCanonicalTrino, createModelViews, trinoMartDialect } from './lake.js';
import { dirBytes } from './server.js';

const MB = 1024 * 1024;
const TB = 1024 ** 4;
export const ATHENA_USD_PER_TB = 5;

/** What Athena would bill for one query that scans `bytes`. */
export function athenaBilledBytes(bytes: number): number {
  return Math.max(10 * MB, Math.ceil(bytes / MB) * MB);
}

export function athenaUsd(bytes: number): number {
  return (athenaBilledBytes(bytes) / TB) * ATHENA_USD_PER_TB;
}

class MeteredEngine implements QueryEngine {
  readonly log: { label: string; stats: TrinoStats }[] = [];
  constructor(
    private readonly inner: TrinoEngine,
    private readonly names: (sql: string) => string,
  ) {}
  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const rows = await this.inner.query(sql, params);
    this.log.push({ label: this.names(sql), stats: this.inner.lastStats! });
    return rows;
  }
  async close(): Promise<void> {}
}

function kb(bytes: number): string {
  return bytes >= 10 * MB ? `${(bytes / MB).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

export interface CostResult {
  reportBytes: number;
  fullScanBytes: number;
  prunedBytes: number;
  unprunedBytes: number;
  /** Bytes the refresh's CTAS statements read (the daily build's cost). */
  buildBytes: number;
  /** The refresh after the last load day, incremental on the run before it. */
  incrementalBytes: number;
}

export async function measureCost(opts: { client: TrinoClient; lake: string; config: Config }): Promise<CostResult> {
  const { client, lake, config } = opts;
  const t0 = Date.now();
  const days = Number(process.env.TRINO_COST_DAYS ?? 364);
  const leadsPerDay = Number(process.env.TRINO_COST_LEADS_PER_DAY ?? 300);
  const loadEveryDays = Number(process.env.TRINO_COST_LOAD_EVERY_DAYS ?? 7);
  rmSync(join(lake, 'year'), { recursive: true, force: true });
  rmSync(join(lake, 'year-held-back'), { recursive: true, force: true });
  const fixture = await buildFixture(join(lake, 'year'), config, {
    from: '2025-12-01',
    days,
    leadsPerDay,
    loadEveryDays,
    seed: 7,
  });
  const onDisk = dirBytes(join(fixture.dataDir, 'canonical'));
  console.log(
    `cost: ${days} days of data, ${fixture.loads} loads (one every ${loadEveryDays} days per table and source), rows ${JSON.stringify(fixture.rows)}, ` +
      `${kb(onDisk)} of Parquet (generated in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  // The same tables and views in a schema of their own, over the year; the last load day held
  // back first, so that the daily refresh is measured twice: in full, then incrementally.
  const schema = 'canonical_year';
  const heldBack = holdBackLastDay(fixture.dataDir, join(lake, 'year-held-back'));
  await attachCanonicalTrino(client, lake, 'year', schema);
  await createModelViews(client, config, schema);
  const engine = new TrinoEngine(new TrinoClient(client.baseUrl, { catalog: CATALOG, schema }));
  // The daily refresh: every model as a table (core/marts.ts); what it reads is the refresh's cost.
  const refresh = async (label: string): Promise<number> => {
    const building = new MeteredEngine(engine, (sql) => /^create table (\w+)/.exec(sql)?.[1] ?? 'other');
    const t = Date.now();
    const run = await materializeMarts({
      engine: building,
      store: new LocalStore(fixture.dataDir),
      config,
      dialect: trinoMartDialect('year'),
    });
    const bytes = building.log.reduce((sum, q) => sum + q.stats.physicalInputBytes, 0);
    const byModel = building.log
      .filter((q) => q.label !== 'other')
      .sort((a, b) => b.stats.physicalInputBytes - a.stats.physicalInputBytes)
      .map((q) => `${q.label.replace(/__r\d+$/, '')} ${kb(q.stats.physicalInputBytes)}`);
    console.log(`cost: refresh (${label}) read per model: ${byModel.join(', ')}`);
    console.log(
      `cost: refresh (${label}, ${run.mode}) built ${building.log.filter((q) => q.label !== 'other').length} model tables in ${((Date.now() - t) / 1000).toFixed(1)} s, reading ${kb(bytes)}`,
    );
    return bytes;
  };
  const buildBytes = await refresh(`without the ${heldBack.loads} loads of ${heldBack.dt}`);
  heldBack.restore();
  await attachCanonicalTrino(client, lake, 'year', schema);
  const incrementalBytes = await refresh(`the loads of ${heldBack.dt} committed`);
  console.log(
    `cost: the incremental refresh read ${(incrementalBytes / buildBytes).toFixed(2)} of what the full one read`,
  );

  // A full scan: every column of every partition of every canonical table.
  let fullScanBytes = 0;
  for (const table of TABLE_NAMES) {
    const cols = [...parquetColumns(table).map((c) => c.name), 'source', 'dt'];
    await engine.query(`select count(*), ${cols.map((c) => `count("${c}")`).join(', ')} from ${table}`);
    fullScanBytes += engine.lastStats!.physicalInputBytes;
    console.log(`cost: full scan of ${table}: ${kb(engine.lastStats!.physicalInputBytes)} read`);
  }

  // One weekly report, exactly as the report builder runs it.
  const names = new Map<string, string>();
  for (const f of readdirSync(join(SQL_DIR, 'reports')).filter((f) => f.endsWith('.sql'))) {
    names.set(loadReportQuery(f.slice(0, -4)), f.slice(0, -4));
  }
  const metered = new MeteredEngine(engine, (sql) => names.get(sql) ?? 'other');
  const week = parseWeek('2026-W47', config.timezone);
  await buildReport({ engine: metered, store: new LocalStore(fixture.dataDir), config }, week);
  let reportBytes = 0;
  let billed = 0;
  for (const { label, stats } of metered.log) {
    reportBytes += stats.physicalInputBytes;
    billed += athenaBilledBytes(stats.physicalInputBytes);
    console.log(
      `cost: report query ${label}: ${kb(stats.physicalInputBytes)} read, ${stats.processedRows} rows, ` +
        `${((stats.elapsedTimeMillis ?? 0) / 1000).toFixed(1)} s`,
    );
  }

  // Partition pruning: a week of spend by load day vs the whole table, the same columns.
  const spendSql = (where: string): string => `select sum(cost), count(*) from spend ${where}`;
  await engine.query(spendSql(''));
  const unprunedBytes = engine.lastStats!.physicalInputBytes;
  await engine.query(spendSql("where dt >= '2026-11-16' and dt < '2026-11-23'"));
  const prunedBytes = engine.lastStats!.physicalInputBytes;

  console.log(`cost: Parquet on disk ${kb(onDisk)}; full scan of all columns ${kb(fullScanBytes)}`);
  console.log(
    `cost: weekly report ${week.id}: ${metered.log.length} queries read ${kb(reportBytes)} ` +
      `(${(reportBytes / fullScanBytes).toFixed(2)}× one full scan of the canonical tables)`,
  );
  // The one line issue #17 asks for: R is the report's bytes over the canonical data's.
  console.log(
    `athena-cost: weekly report scans ${reportBytes} bytes = ${(reportBytes / fullScanBytes).toFixed(3)} of the canonical data (${fullScanBytes} bytes)`,
  );
  console.log(
    `cost: partition pruning: spend (cost column) all load days ${kb(unprunedBytes)} vs one week of dt= ${kb(prunedBytes)}`,
  );
  console.log(
    `cost: Athena at $${ATHENA_USD_PER_TB}/TB with 10 MB minimum per query: billed ${kb(billed)} = ` +
      `$${((billed / TB) * ATHENA_USD_PER_TB).toFixed(6)} per weekly report ` +
      `(without the minimum $${((reportBytes / TB) * ATHENA_USD_PER_TB).toFixed(8)})`,
  );
  return { reportBytes, fullScanBytes, prunedBytes, unprunedBytes, buildBytes, incrementalBytes };
}
