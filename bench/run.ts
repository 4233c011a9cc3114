/**
 * `npm run bench [-- --quick] [--json FILE] [--leads N]`: speed, memory and cost against
 * their floors (issue 8). Prints a table; `--json` writes the machine-readable result.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBEngine } from '../functions/adapters/duckdb-engine.js';
import type { BundleSizes } from './bundles.js';
import type { ConnectorMeasurement } from './connectors.js';
import { generateDayBatch, generateScale } from './generate-scale.js';
import { connectorHolds } from './metrics.js';

const exec = promisify(execFile);
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const leads = Number(flag('--leads') ?? (quick ? 50_000 : 1_000_000));
const importSizes = quick ? [20_000, 100_000] : [100_000, 1_000_000, 10_000_000];
const work = join(process.cwd(), '.cache', 'bench');

async function task<T>(name: string, args: object): Promise<T> {
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'tasks.ts'), name, JSON.stringify(args)],
    {
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

const log = (line: string): void => console.error(`bench: ${line}`);
const targets: [string, string, boolean][] = [];
const check = (what: string, value: string, ok: boolean): void => {
  targets.push([what, value, ok]);
};

// Other work on the machine inflates every wall time: record the load the run saw.
const loadAtStart = loadavg()[0]!;
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });

// ---- refresh and report at scale
log(
  `generating ${leads.toLocaleString('en')} leads, ${(leads / 4).toLocaleString('en')} deals, ${(leads * 5).toLocaleString('en')} activities`,
);
const dataDir = join(work, 'scale');
const counts = await generateScale(dataDir, leads);
log('refresh + report');
const refresh = await task<{
  refreshSeconds: number;
  refreshCpuSeconds: number;
  reportSeconds: number;
  peakRssMb: number;
}>('refreshAndReport', { dataDir });
const floor = await task<{ floorSeconds: number; floorCpuSeconds: number }>('floor', { dataDir });
const ratio = Math.round((refresh.refreshSeconds / floor.floorSeconds) * 100) / 100;
// The same ratio in CPU seconds: on a shared machine wall time swings with the load, CPU time much less.
const cpuRatio = Math.round((refresh.refreshCpuSeconds / floor.floorCpuSeconds) * 100) / 100;
check('refresh ratio ≤ 3', String(ratio), ratio <= 3);
check('refresh peak RSS ≤ 1536 MB', `${refresh.peakRssMb} MB`, refresh.peakRssMb <= 1536);
check('report ≤ 0.5 s', `${refresh.reportSeconds} s`, refresh.reportSeconds <= 0.5);

// ---- the daily refresh as on Athena (core/marts.ts): full, then incremental after one day's batch
log('refresh: full and incremental model runs');
const dayDir = join(work, 'day-batch');
const dayRows = await generateDayBatch(dataDir, dayDir);
const runs = await task<{
  fullSeconds: number;
  fullCpuSeconds: number;
  incrementalSeconds: number;
  incrementalCpuSeconds: number;
  peakRssMb: number;
}>('refreshIncremental', { dataDir, dayDir });
const incrementalRatio = Math.round((runs.incrementalSeconds / runs.fullSeconds) * 1000) / 1000;
check('refresh.incremental ratio ≤ 0.10', String(incrementalRatio), incrementalRatio <= 0.1);

// ---- import: canonical CSV with full validation vs DuckDB-native read_csv → COPY … parquet
const imports: { rows: number; seconds: number; native: number; peakRssMb: number }[] = [];
for (const rows of importSizes) {
  const file = join(work, `activities-${rows}.csv`);
  const engine = await DuckDBEngine.open();
  await engine.run(
    `copy (select 'A' || i as activity_id, 'salesforce' as source, (['call','email','meeting'])[1 + cast(i % 3 as bigint)] as type,
       timestamp '2026-01-01 00:00:00' + to_seconds(i % 31536000) as occurred_at, 'rep-' || (i % 40) as owner_id,
       'p' || (i % 1000000) || '@c' || (i % 5000) || '.com' as email, null as lead_id, null as deal_id, (i % 10 = 0) as is_automated
     from range(${rows}) as t(i)) to '${file}' (header true)`,
  );
  await engine.close();
  log(`import ${rows.toLocaleString('en')} rows`);
  const ours = await task<{ seconds: number; peakRssMb: number; rows: number }>('importOurs', {
    file,
    dataDir: join(work, `import-${rows}`),
  });
  const native = await task<{ seconds: number }>('importNative', { file, out: join(work, `native-${rows}.parquet`) });
  imports.push({ rows, seconds: ours.seconds, native: native.seconds, peakRssMb: ours.peakRssMb });
  await rm(file);
}
const biggest = imports[imports.length - 1]!;
const rowsPerSecond = Math.round(biggest.rows / biggest.seconds);
const nativeRowsPerSecond = Math.round(biggest.rows / biggest.native);
const importRatio = Math.round((rowsPerSecond / nativeRowsPerSecond) * 100) / 100;
const importPeak = Math.max(...imports.map((i) => i.peakRssMb));
check('import ratio ≥ 0.5', String(importRatio), importRatio >= 0.5);
check('import peak RSS ≤ 300 MB', `${importPeak} MB`, importPeak <= 300);

// ---- connectors: each source's pull against its rate-limited fake, one process per source
const connectorScale = quick ? 4 : 10;
const spendDays = quick ? 180 : 365;
log(`connectors against rate-limited fakes (data × ${connectorScale}, ${spendDays} days of spend)`);
const measured = await task<ConnectorMeasurement[]>('connectors', {
  sources: 'hubspot,salesforce,pipedrive,google_ads,meta,linkedin',
  scale: connectorScale,
  spendDays,
});
const connectors = Object.fromEntries(measured.map((c) => [c.source, c])) as Record<string, ConnectorMeasurement>;
for (const [source, c] of Object.entries(connectors)) {
  const share = c.requestRateShare === null ? 'n/a' : String(c.requestRateShare);
  check(`${source} rate ≥ 0.9, no failure`, `${share}, ${c.failedRuns} failed`, connectorHolds(c));
}

// ---- email: the weekly report with 50 overdue leads, in a fresh process
log('email');
const email = await task<{
  htmlBytes: number;
  textBytes: number;
  importMs: number;
  renderMs: { first: number; warmMedian: number };
}>('email', {});
check('email HTML ≤ 102 KB', `${email.htmlBytes} B`, email.htmlBytes <= 102_000);

// ---- bundles: each Lambda handler as the CDK bundles it
log('bundles');
const bundles = await task<BundleSizes>('bundles', { root: process.cwd() });
for (const [name, bytes] of Object.entries(bundles.bundles)) {
  check(`bundle ${name} ≤ 1 MB`, `${bytes} B`, bytes <= 1_000_000);
}

const result = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(loadavg()[0]! * 10) / 10 },
  },
  scale: counts,
  refresh: {
    seconds: refresh.refreshSeconds,
    floorSeconds: floor.floorSeconds,
    ratio,
    peakRssMb: refresh.peakRssMb,
    cpuSeconds: refresh.refreshCpuSeconds,
    floorCpuSeconds: floor.floorCpuSeconds,
    cpuRatio,
    incremental: {
      seconds: runs.incrementalSeconds,
      fullSeconds: runs.fullSeconds,
      ratio: incrementalRatio,
      cpuSeconds: runs.incrementalCpuSeconds,
      fullCpuSeconds: runs.fullCpuSeconds,
      peakRssMb: runs.peakRssMb,
      dayBatchRows: dayRows,
    },
  },
  report: { seconds: refresh.reportSeconds },
  import: {
    rowsPerSecond,
    duckdbNativeRowsPerSecond: nativeRowsPerSecond,
    ratio: importRatio,
    peakRssMb: importPeak,
    bySize: imports.map((i) => ({ rows: i.rows, seconds: i.seconds, nativeSeconds: i.native, peakRssMb: i.peakRssMb })),
  },
  connectors,
  connectorSetup: {
    scale: connectorScale,
    spendDays,
    note: 'requestRateShare = (requests ÷ busy s) ÷ (fake limit ÷ window), capped at 1; null when a run needs < 10 requests',
  },
  email: { ...email, renderMs: email.renderMs.warmMedian, renderMsFirst: email.renderMs.first },
  bundles: bundles.bundles,
  bundleDetails: { from: bundles.from, sourceMapBytes: bundles.sourceMapBytes, largest: bundles.largest },
};

console.log(
  `\none-funnel benchmark (${quick ? 'quick' : 'full'}: ${leads.toLocaleString('en')} leads) on ${result.machine.cpus} × ${result.machine.cpu}, ${result.machine.memoryGb} GiB, Node ${process.version}, load average ${result.machine.loadAverage.start} → ${result.machine.loadAverage.end}\n`,
);
console.log(
  `refresh   ${refresh.refreshSeconds} s (floor ${floor.floorSeconds} s, ratio ${ratio}; CPU ${refresh.refreshCpuSeconds} s vs ${floor.floorCpuSeconds} s, ratio ${cpuRatio}), peak RSS ${refresh.peakRssMb} MB`,
);
console.log(
  `incremental ${runs.incrementalSeconds} s after a day's batch (${JSON.stringify(dayRows)}) vs a full model run ${runs.fullSeconds} s: ratio ${incrementalRatio}`,
);
console.log(`report    ${refresh.reportSeconds} s`);
for (const i of imports) {
  console.log(
    `import    ${i.rows.toLocaleString('en').padStart(10)} rows: ${i.seconds} s (${Math.round(i.rows / i.seconds).toLocaleString('en')} rows/s; DuckDB native ${i.native} s), peak RSS ${i.peakRssMb} MB`,
  );
}
for (const c of Object.values(connectors)) {
  const share = c.requestRateShare === null ? 'n/a' : c.requestRateShare.toFixed(3);
  console.log(
    `connector ${c.source.padEnd(11)} share ${share.padStart(5)} of ${c.allowedPerSecond}/s: ${c.requests} requests in ${c.busySeconds} s, ${c.rateLimited} throttled, ${c.failedRuns} failed, ${c.rows.toLocaleString('en')} rows`,
  );
}
console.log(
  `email     ${email.htmlBytes.toLocaleString('en')} B HTML (50 overdue leads); render ${email.renderMs.first} ms first (after ${email.importMs} ms of imports), ${email.renderMs.warmMedian} ms warm median of 5`,
);
const bundleNames = Object.keys(bundles.bundles);
if (bundleNames.length === 0) console.log('bundles   none: no Lambda handlers in functions/handlers/ yet');
for (const name of bundleNames) {
  console.log(`bundle    ${name.padEnd(16)}${bundles.bundles[name]!.toLocaleString('en').padStart(10)} B`);
}
console.log(`\n${'target'.padEnd(40)}${'value'.padEnd(20)}holds`);
for (const [what, value, ok] of targets) console.log(`${what.padEnd(40)}${value.padEnd(20)}${ok ? 'yes' : 'NO'}`);
const jsonFile = flag('--json');
if (jsonFile) {
  await writeFile(jsonFile, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${jsonFile}`);
}
