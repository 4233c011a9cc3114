/**
 * One measured task per process, so each peak RSS is its own: `tsx bench/tasks.ts <task> <json-args>`.
 * Prints one JSON line with the measurements.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Config } from '../functions/core/config.js';

// Each task imports only the modules it uses, inside the task: a task's peak RSS then holds
// its own work and what a real run of it loads, not the report's, the connectors' and React's.
const [task, argJson] = process.argv.slice(2);
const args = JSON.parse(argJson ?? '{}') as Record<string, string>;
const benchConfig = async (): Promise<Config> =>
  (await import('../functions/core/config.js')).parseConfig({ fxRates: { USD: 0.92, CHF: 1.06 } });
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (start: number): number => Math.round((performance.now() - start) / 10) / 100;
/** CPU seconds of this process (all DuckDB threads) since `start`: less sensitive to a shared machine than wall time. */
const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1e4) / 100;
};

async function refreshAndReport(): Promise<object> {
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const { attachCanonical, refreshModels } = await import('../functions/adapters/local-warehouse.js');
  const { buildReport } = await import('../functions/core/report/build-report.js');
  const { LocalStore } = await import('../functions/adapters/local-store.js');
  const { parseWeek } = await import('../functions/core/weeks.js');
  const config = await benchConfig();
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  let t = performance.now();
  const cpu = process.cpuUsage();
  await attachCanonical(engine, args.dataDir!);
  await refreshModels(engine, config);
  const refresh = seconds(t);
  const refreshCpu = cpuSeconds(cpu);
  t = performance.now();
  await buildReport({ engine, store: new LocalStore(args.dataDir!), config }, parseWeek('2026-W47', 'UTC'));
  const report = seconds(t);
  await engine.close();
  return { refreshSeconds: refresh, refreshCpuSeconds: refreshCpu, reportSeconds: report, peakRssMb: peakRssMb() };
}

async function floor(): Promise<object> {
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  const glob = (table: string): string => `'${join(args.dataDir!, 'canonical', table, '*', '*', '*.parquet')}'`;
  // The precomputed side: one row per person key (not timed).
  await engine.run(
    `create table persons as select email_key, min(created_at) as created_at from read_parquet(${glob('leads')}) where email_key is not null group by email_key`,
  );
  const t = performance.now();
  const cpu = process.cpuUsage();
  await engine.run(
    `create table first_follow_ups as select p.email_key, min(a.occurred_at) as first_at
     from read_parquet(${glob('activities')}) as a join persons as p on p.email_key = a.email_key
     where a.occurred_at >= p.created_at group by p.email_key`,
  );
  const s = seconds(t);
  const floorCpu = cpuSeconds(cpu);
  await engine.close();
  return { floorSeconds: s, floorCpuSeconds: floorCpu };
}

async function importOurs(): Promise<object> {
  const { DuckDBParquetEncoder } = await import('../functions/adapters/duckdb-parquet.js');
  const { LocalStore } = await import('../functions/adapters/local-store.js');
  const { importFile } = await import('../functions/core/import/import-file.js');
  const { vendorFileFormats } = await import('../functions/sources/formats.js');
  const config = await benchConfig();
  const encoder = await DuckDBParquetEncoder.create({
    memoryLimit: args.memoryLimit,
    threads: args.threads ? Number(args.threads) : undefined,
  });
  const store = new LocalStore(args.dataDir!);
  const t = performance.now();
  const { manifest } = await importFile(
    { store, encoder, config, vendorFormats: vendorFileFormats },
    { path: args.file!, format: 'canonical-activities', dt: '2026-11-24' },
  );
  const s = seconds(t);
  await encoder.close();
  return { seconds: s, rows: manifest.rowsLoaded, rejected: manifest.rowsRejected, peakRssMb: peakRssMb() };
}

async function importNative(): Promise<object> {
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  const t = performance.now();
  await engine.run(
    `copy (select * from read_csv('${args.file}', header = true)) to '${args.out}' (format parquet, compression zstd)`,
  );
  const s = seconds(t);
  await engine.close();
  return { seconds: s };
}

/** Every source in turn, each against freshly started fakes (one process: the runs are not memory-bound). */
async function connectors(): Promise<object> {
  const { measureConnector } = await import('./connectors.js');
  const out = [];
  for (const source of String(args.sources).split(',')) {
    out.push(
      await measureConnector(source, {
        scale: Number(args.scale),
        spendDays: Number(args.spendDays),
        fakesProcess: String(args.fakesProcess) === 'true',
      }),
    );
  }
  return out;
}

/** The weekly email with 50 overdue leads: the first render in this fresh process, then a warm median of 5. */
async function email(): Promise<object> {
  // Imported here so the first-render time includes loading React and React Email, as in a cold Lambda.
  const t0 = performance.now();
  const { renderWeeklyReport } = await import('../emails/render.js');
  const { PreviewProps } = await import('../emails/weekly-report.js');
  const importMs = performance.now() - t0;
  const props = structuredClone(PreviewProps) as unknown as Parameters<typeof renderWeeklyReport>[0];
  props.report.overdueLeads = Array.from({ length: 50 }, (_, i) => ({
    email: `firstname.lastname-${i}@a-rather-long-company-domain-name-${i}.example`,
    createdAt: new Date(Date.parse('2026-11-20T08:00:00Z') - i * 3_600_000 * 7).toISOString(),
    owner: i % 11 === 0 ? null : `Account Executive Number ${i % 9}`,
    channel: ['paid_search', 'paid_social', 'events', 'organic_search'][i % 4] ?? null,
    hoursOverdue: 5 + i * 7,
  }));
  props.report.totals.overdue = 50;
  let t = performance.now();
  const first = await renderWeeklyReport(props);
  const firstMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await renderWeeklyReport(props);
    warm.push(performance.now() - t);
  }
  const { median } = await import('./metrics.js');
  const ms = (v: number): number => Math.round(v * 10) / 10;
  return {
    htmlBytes: Buffer.byteLength(first.html, 'utf8'),
    textBytes: Buffer.byteLength(first.text, 'utf8'),
    importMs: ms(importMs),
    renderMs: { first: ms(firstMs), warmMedian: ms(median(warm)) },
  };
}

async function bundles(): Promise<object> {
  const { bundleSizes } = await import('./bundles.js');
  return bundleSizes(args.root ?? process.cwd());
}

/** Where the refresh time goes: seconds per model, the same statements `refreshModels` runs. */
async function refreshProfile(): Promise<object> {
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const { attachCanonical, modelStorage, refreshModels } = await import('../functions/adapters/local-warehouse.js');
  const config = await benchConfig();
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  await attachCanonical(engine, args.dataDir!);
  const models: Record<string, { seconds: number; cpuSeconds: number; materialized: string }> = {};
  await refreshModels(engine, config, async (model, run) => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await run();
    models[model.name] = {
      seconds: seconds(t),
      cpuSeconds: cpuSeconds(cpu),
      materialized: modelStorage(model).materialized,
    };
  });
  await engine.close();
  return { models, peakRssMb: peakRssMb() };
}

/** Where the report time goes: seconds per query of `buildReport` after a refresh, by `sql/reports/` file. */
async function reportProfile(): Promise<object> {
  const { readdirSync } = await import('node:fs');
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const { attachCanonical, refreshModels } = await import('../functions/adapters/local-warehouse.js');
  const { buildReport } = await import('../functions/core/report/build-report.js');
  const { LocalStore } = await import('../functions/adapters/local-store.js');
  const { SQL_DIR, loadReportQuery } = await import('../functions/core/models.js');
  const { parseWeek } = await import('../functions/core/weeks.js');
  const config = await benchConfig();
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  await attachCanonical(engine, args.dataDir!);
  await refreshModels(engine, config);
  const names = new Map<string, string>();
  for (const f of readdirSync(join(SQL_DIR, 'reports')).filter((f) => f.endsWith('.sql'))) {
    names.set(loadReportQuery(f.slice(0, -4)), f.slice(0, -4));
  }
  const queries: { query: string; seconds: number }[] = [];
  const timed = {
    query: async (sql: string, params?: readonly (string | number | boolean | null)[]) => {
      const t = performance.now();
      const rows = await engine.query(sql, params);
      queries.push({ query: names.get(sql) ?? sql.slice(0, 40), seconds: seconds(t) });
      return rows;
    },
    close: async () => {},
  };
  const t = performance.now();
  await buildReport({ engine: timed, store: new LocalStore(args.dataDir!), config }, parseWeek('2026-W47', 'UTC'));
  const total = seconds(t);
  await engine.close();
  return { seconds: total, queries: queries.sort((a, b) => b.seconds - a.seconds) };
}

/**
 * The daily refresh as it runs on Athena (core/marts.ts, DuckDB as the engine): a full run
 * over the scale data, then the day batch (`args.dayDir`, see generateDayBatch) is committed
 * and a second run builds incrementally. Seconds and CPU seconds of each run; the ratio is
 * incremental ÷ full. Moves the day batch back out afterwards, so the scale data stays as generated.
 */
async function refreshIncremental(): Promise<object> {
  const { DuckDBEngine } = await import('../functions/adapters/duckdb-engine.js');
  const { attachCanonical } = await import('../functions/adapters/local-warehouse.js');
  const { LocalStore } = await import('../functions/adapters/local-store.js');
  const { duckdbMartDialect, materializeMarts } = await import('../functions/core/marts.js');
  const { readdir, rename, mkdir, rm } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const config = await benchConfig();
  const dataDir = args.dataDir!;
  const dayDir = args.dayDir!;
  const dayFiles = (await readdir(dayDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dayDir.length + 1));
  const move = async (from: string, to: string) => {
    for (const f of dayFiles) {
      await mkdir(dirname(join(to, f)), { recursive: true });
      await rename(join(from, f), join(to, f));
    }
  };
  const store = new LocalStore(dataDir);
  for (const key of await store.list('state/')) await store.delete(key);
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  try {
    await attachCanonical(engine, dataDir);
    // Wall and CPU seconds per model table (from the previous progress line to its "built"):
    // on a shared machine the CPU seconds say more.
    const timedRun = async (full: boolean) => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const models: Record<string, { wall: number; cpu: number }> = {};
      let last = performance.now();
      let lastCpu = process.cpuUsage();
      const progress = (line: string): void => {
        const built = /^built ([a-z0-9_]+?)__r[0-9]+$/.exec(line);
        if (built) models[built[1]!] = { wall: seconds(last), cpu: cpuSeconds(lastCpu) };
        last = performance.now();
        lastCpu = process.cpuUsage();
      };
      const summary = await materializeMarts({ engine, store, config, dialect: duckdbMartDialect, full, progress });
      return { seconds: seconds(t), cpuSeconds: cpuSeconds(cpu), mode: summary.mode, models };
    };
    const full = await timedRun(true);
    await move(dayDir, dataDir);
    let incremental;
    try {
      incremental = await timedRun(false);
    } finally {
      await move(dataDir, dayDir);
      for (const key of await store.list('state/')) await store.delete(key);
      await rm(join(dataDir, 'state'), { recursive: true, force: true });
    }
    if (incremental.mode !== 'incremental') throw new Error(`the second run was ${incremental.mode}, not incremental`);
    return {
      fullSeconds: full.seconds,
      fullCpuSeconds: full.cpuSeconds,
      incrementalSeconds: incremental.seconds,
      incrementalCpuSeconds: incremental.cpuSeconds,
      peakRssMb: peakRssMb(),
      modelSeconds: Object.fromEntries(
        Object.keys(full.models).map((m) => [m, { full: full.models[m], incremental: incremental.models[m] }]),
      ),
    };
  } finally {
    await engine.close();
  }
}

const tasks: Record<string, () => Promise<object>> = {
  refreshIncremental,
  refreshProfile,
  reportProfile,
  bundles,
  email,
  refreshAndReport,
  floor,
  importOurs,
  importNative,
  connectors,
};
const fn = tasks[task ?? ''];
if (!fn) throw new Error(`unknown task ${task}; one of ${Object.keys(tasks).join(', ')}`);
console.log(JSON.stringify(await fn()));
