/**
 * `npm start`: the whole pipeline on the demo data, no cloud account needed —
 * demo files → import → refresh → the report of the demo's last full week → out/ and the
 * outbox (never Resend: the demo must not mail anyone, whatever the environment holds).
 */
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { importCommand, reportCommand } from './cli/commands.js';
import { START_DEMO } from './cli/context.js';
import { DEMO_END_DATE, writeDemo } from '../functions/core/demo/index.js';
import { loadConfig } from '../functions/core/config.js';
import { weekOf } from '../functions/core/weeks.js';

const started = Date.now();
const root = resolve(process.env.FUNNEL_START_DIR ?? '.');
const demoDir = join(root, START_DEMO.demoDir);
const dataDir = join(root, START_DEMO.dataDir);
const outDir = join(root, START_DEMO.outDir);
const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

log(`writing the demo data set to ${relative(root, demoDir)}/`);
const files = await writeDemo(demoDir);
const configFile = join(root, START_DEMO.config);
const config = await loadConfig(configFile);
log(`${files.length} files, ${files.reduce((n, f) => n + f.rows, 0)} rows`);

// A fresh store each time, so the demo always shows the same numbers.
await rm(dataDir, { recursive: true, force: true });
const global = { config: configFile, dataDir };
for (const file of files) {
  log(
    await importCommand(file.path, { as: `canonical-${file.table}`, source: file.source, date: DEMO_END_DATE }, global),
  );
}

const week = weekOf(new Date(`${DEMO_END_DATE}T12:00:00Z`), config.timezone);
log(`building the report for ${week.id} (${week.startDate} – ${week.endDate}, ${config.timezone})`);
const outbox = join(outDir, 'outbox');
const {
  files: written,
  report,
  stdout,
} = await reportCommand(
  { week: week.id, format: 'json,html,text', out: outDir, send: true, outbox, outboxOnly: true },
  global,
);
for (const file of written) log(`wrote ${relative(root, file)}`);
log(`${stdout.split('\n').at(-1)} → ${relative(root, outbox)}/`);

const t = report.totals;
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const times = (v: number | null): string => (v === null ? '–' : `${v.toFixed(1)}×`);
const money = (v: number | null): string =>
  v === null
    ? '–'
    : new Intl.NumberFormat('en', { style: 'currency', currency: report.currency, maximumFractionDigits: 0 }).format(v);
console.log(`
${report.week}: ${t.leads} leads, ${t.mqls === null ? 'MQLs not measured' : `${t.mqls} MQLs`}; ${pct(t.slaRate)} followed up within ${config.followUpSlaHours} h, ${t.overdue} of them overdue
           ${t.opportunities} opportunities (${t.marketingSourcedOpportunities} marketing-sourced), pipeline ${money(t.pipeline)}, won ${money(t.wonRevenue)}
           spend ${money(t.spend)}, cost per lead ${money(t.cpl)}, ROAS ${times(t.roas)} (paid channels ${times(t.paidRoas)})
Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Open ${relative(root, written.find((f) => f.endsWith('.html')) ?? outDir)} or query the tables:
  npx funnel --data-dir ${START_DEMO.dataDir} --config ${START_DEMO.config} query "select channel, count(*) from fct_persons group by 1"`);
