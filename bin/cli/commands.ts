/** The commands of `funnel` (SPEC §7), each thin over the core. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { emailLocale } from '../../functions/core/config.js';
import { writeDemo } from '../../functions/core/demo/index.js';
import { EnvSecrets } from '../../functions/adapters/env-secrets.js';
import { runBackfill, runDaily, type RunResult } from '../../functions/sources/run-sources.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { describeImport } from '../../functions/core/import/import-summary.js';
import { buildReport, buildTrend, type BuildReportOptions } from '../../functions/core/report/build-report.js';
import { renderWeeklyReport, type RenderedEmail } from '../../emails/render.js';
import { mailerFromEnv } from '../../functions/adapters/mailer-from-env.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { sendWeeklyReport, sendWeeklyReportOnce } from '../../functions/core/send-report.js';
import {
  assessFreshness,
  configuredSources,
  lastSuccessfulLoads,
  type Freshness,
} from '../../functions/core/freshness.js';
import type { WeeklyFigures } from '../../functions/core/report-types.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { lastFullWeek, parseWeek, type ReportWeek } from '../../functions/core/weeks.js';
import { rebuild, type RebuildSummary } from '../../functions/core/rebuild.js';
import { TABLE_NAMES } from '../../functions/core/schema.js';
import { replayLoad } from '../../functions/sources/replay.js';
import { openContext, withLoadDeps, type CliContext, type GlobalOptions } from './context.js';
import { formatCsv, formatJson, formatTable } from './output.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ImportOptions {
  as: string;
  source?: string;
  date?: string;
  timezone?: string;
}

export async function importCommand(file: string, options: ImportOptions, global: GlobalOptions): Promise<string> {
  const ctx = await openContext(global);
  if (options.date && !/^\d{4}-\d{2}-\d{2}$/.test(options.date))
    throw new UsageError(`--date: expected YYYY-MM-DD, got "${options.date}"`);
  const { manifest, alreadyLoaded } = await withLoadDeps(ctx, (deps) =>
    importFile(deps, {
      path: file,
      format: options.as,
      source: options.source,
      dt: options.date,
      timezone: options.timezone ?? ctx.config.timezone,
    }),
  );
  if (alreadyLoaded) {
    return `${manifest.input}: already loaded on ${manifest.loadedAt} (${manifest.rowsLoaded} loaded, ${manifest.rowsRejected} rejected); nothing changed`;
  }
  const rejects = manifest.rejectsKey ? ` (reasons in ${join(ctx.dataDir, manifest.rejectsKey)})` : '';
  return [
    `${manifest.input}: ${manifest.rowsLoaded} loaded, ${manifest.rowsRejected} rejected into ${manifest.table}${rejects}`,
    ...describeImport(manifest),
  ].join('\n');
}

export type ReportFormat = 'json' | 'html' | 'text';
const EXTENSIONS: Record<ReportFormat, string> = { json: 'json', html: 'html', text: 'txt' };

export interface ReportOptions {
  week?: string;
  format: string;
  out?: string;
  send?: boolean;
  /** Where the outbox mailer writes (default `<data-dir>/outbox`). */
  outbox?: string;
  /** Never use Resend, even when RESEND_API_KEY is set (the demo). */
  outboxOnly?: boolean;
  /** Send even when a source is past `holdAfterHours` (the stale sources are still named in the footer). */
  allowStale?: boolean;
  /** Send even when a family of figures is not measured (its "not measured" lines stay in the email). */
  allowIncomplete?: boolean;
  /** Build the report of the running week (marked partial); otherwise a week not ended is refused. */
  partial?: boolean;
  now?: Date;
}

export function resolveWeek(ctx: CliContext, week: string | undefined, now = new Date()): ReportWeek {
  return week ? parseWeek(week, ctx.config.timezone) : lastFullWeek(now, ctx.config.timezone);
}

export function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(',').map((f) => f.trim());
  for (const f of formats) {
    if (!(f in EXTENSIONS)) throw new UsageError(`--format: expected json, html or text, got "${f}"`);
  }
  return formats as ReportFormat[];
}

export interface ComputedReport {
  report: FunnelReport;
  /** The figures of W and the three weeks before, oldest first (the email's trend). */
  trend: WeeklyFigures[];
}

export async function computeReport(
  ctx: CliContext,
  week: ReportWeek,
  options: BuildReportOptions = {},
): Promise<ComputedReport> {
  const engine = await openLocalWarehouse(ctx.dataDir, ctx.config);
  try {
    const report = await buildReport({ engine, store: ctx.store, config: ctx.config }, week, options);
    return { report, trend: await buildTrend(engine, week) };
  } finally {
    await engine.close();
  }
}

export function renderEmail(ctx: CliContext, computed: ComputedReport, freshness?: Freshness): Promise<RenderedEmail> {
  return renderWeeklyReport({
    ...(freshness && freshness.footer.length > 0 ? { dataWarnings: freshness.footer } : {}),
    report: computed.report,
    trend: computed.trend,
    locale: emailLocale(ctx.config),
    methodologyUrl: ctx.config.report.methodologyUrl,
    followUpSlaHours: ctx.config.followUpSlaHours,
  });
}

function renderAs(format: ReportFormat, report: FunnelReport, email: RenderedEmail | undefined): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  return format === 'html' ? email!.html : email!.text;
}

export async function reportCommand(
  options: ReportOptions,
  global: GlobalOptions,
): Promise<{ stdout: string; files: string[]; report: FunnelReport }> {
  const ctx = await openContext(global);
  const formats = parseFormats(options.format);
  const week = resolveWeek(ctx, options.week, options.now);
  const computed = await computeReport(ctx, week, { now: options.now, partial: options.partial });
  const { report } = computed;
  const needsEmail = options.send || formats.some((f) => f !== 'json');
  // Freshness of every source as of now: stale ones are named in the email, and past the hold
  // limit nothing is sent (the run fails with the reason instead of mailing stale numbers).
  const freshness = assessFreshness(
    await lastSuccessfulLoads(ctx.store, configuredSources(ctx.config)),
    options.now ?? new Date(),
    ctx.config,
  );
  const email = needsEmail ? await renderEmail(ctx, computed, freshness) : undefined;
  const lines: string[] = [];
  const files: string[] = [];
  if (!options.out && !options.send && formats.length > 1)
    throw new UsageError('--format: several formats need --out DIR');
  if (options.out) {
    await mkdir(options.out, { recursive: true });
    for (const format of formats) {
      const file = join(options.out, `report-${report.week}.${EXTENSIONS[format]}`);
      await writeFile(file, renderAs(format, report, email));
      files.push(file);
      lines.push(`wrote ${file}`);
    }
  } else if (!options.send) {
    lines.push(renderAs(formats[0]!, report, email));
  }
  if (options.send) {
    const outboxDir = options.outbox ?? join(ctx.dataDir, 'outbox');
    const mailer = options.outboxOnly ? new OutboxMailer(outboxDir) : mailerFromEnv({ outboxDir });
    const result = await sendWeeklyReportOnce({
      store: ctx.store,
      report,
      freshness: options.allowStale ? { ...freshness, hold: false } : freshness,
      allowIncomplete: options.allowIncomplete === true,
      now: options.now ?? new Date(),
      deliver: () => sendWeeklyReport({ mailer, report, rendered: email!, config: ctx.config }),
    });
    if (result.alreadySent) {
      const m = result.marker;
      lines.push(`${report.week}: already sent ${m.sentAt} (${m.messageId}); nothing sent again`);
    } else {
      const sent = result.sent;
      lines.push(
        sent.deduplicated
          ? `${report.week}: already sent (${sent.note ?? `idempotency key ${sent.idempotencyKey}`}); nothing sent again`
          : `${report.week}: sent via ${sent.mailer} to ${sent.recipients} recipients (${sent.id})`,
      );
    }
  }
  return { stdout: lines.join('\n'), files, report };
}

export async function queryCommand(sql: string, options: { format: string }, global: GlobalOptions): Promise<string> {
  const ctx = await openContext(global);
  if (!['table', 'json', 'csv'].includes(options.format)) {
    throw new UsageError(`--format: expected table, json or csv, got "${options.format}"`);
  }
  const engine = await openLocalWarehouse(ctx.dataDir, ctx.config);
  try {
    const rows = await engine.query(sql);
    if (options.format === 'json') return formatJson(rows);
    return options.format === 'csv' ? formatCsv(rows) : formatTable(rows);
  } finally {
    await engine.close();
  }
}

export async function demoCommand(options: { out: string; seed?: number; scale?: number }): Promise<string> {
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    throw new UsageError('--seed: expected an integer');
  const files = await writeDemo(options.out, { seed: options.seed, scale: options.scale });
  const lines = files.map((f) => `${f.path}: ${f.rows} ${f.table}`);
  lines.push(`config: ${join(options.out, 'funnel.config.json')}`);
  lines.push('next: import each file with `funnel import FILE --as canonical-<table>`, or run `npm start`');
  return lines.join('\n');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Summarizes a daily run; fails (non-zero exit) when any source failed, after all ran. */
async function summarizeRun(ctx: CliContext, result: RunResult): Promise<string> {
  const lines = result.sources.map((s) =>
    s.ok
      ? `${s.source}: ${s.rows} rows from ${s.entities.length} entities`
      : `${s.source}: FAILED: ${s.error ?? 'unknown error'}`,
  );
  if (result.sources.length === 0) lines.push('no sources configured (add them under "sources" in the config)');
  // Refresh: rebuild the models once, so a load that breaks them fails here and not on Monday.
  const engine = await openLocalWarehouse(ctx.dataDir, ctx.config);
  await engine.close();
  lines.push(`${result.date}: models refreshed`);
  const failed = result.sources.filter((s) => !s.ok);
  if (failed.length > 0) {
    throw new RunFailed(
      `${lines.join('\n')}\n${failed.length} of ${result.sources.length} sources failed: ${failed.map((f) => f.source).join(', ')}`,
    );
  }
  return lines.join('\n');
}

export class RunFailed extends Error {
  override name = 'RunFailed';
}

export async function runCommand(options: { date?: string }, global: GlobalOptions): Promise<string> {
  if (options.date && !DATE.test(options.date))
    throw new UsageError(`--date: expected YYYY-MM-DD, got "${options.date}"`);
  const ctx = await openContext(global);
  const result = await withLoadDeps(ctx, ({ encoder }) =>
    runDaily({ store: ctx.store, config: ctx.config, secrets: new EnvSecrets(), date: options.date, encoder }),
  );
  return summarizeRun(ctx, result);
}

export async function backfillCommand(options: { from: string; to: string }, global: GlobalOptions): Promise<string> {
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (!DATE.test(value)) throw new UsageError(`${flag}: expected YYYY-MM-DD, got "${value}"`);
  }
  if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  const ctx = await openContext(global);
  const result = await withLoadDeps(ctx, ({ encoder }) =>
    runBackfill({
      store: ctx.store,
      config: ctx.config,
      secrets: new EnvSecrets(),
      from: options.from,
      to: options.to,
      encoder,
    }),
  );
  return summarizeRun(ctx, result);
}

export interface RebuildCommandOptions {
  keepMissingRaw?: boolean;
}

/**
 * `funnel rebuild`: re-derives the canonical tables and rejects from the raw zone with today's
 * rules (functions/core/rebuild.ts), then refreshes the models. `progress` gets one line per
 * load replayed; the returned text is the summary (raw files replayed, rows and rejects per table).
 */
export async function rebuildCommand(
  options: RebuildCommandOptions,
  global: GlobalOptions,
  progress: (line: string) => void = () => undefined,
): Promise<string> {
  const ctx = await openContext(global);
  const summary = await withLoadDeps(ctx, (deps) =>
    rebuild({ ...deps, replay: replayLoad, progress }, { keepMissingRaw: options.keepMissingRaw }),
  );
  if (summary.status === 'empty') return `nothing to rebuild: no loads in ${ctx.dataDir}`;
  const lines = describeRebuild(summary);
  if (summary.status === 'rebuilt') {
    // Refresh: a model that breaks on the re-derived tables fails here and not on Monday.
    const engine = await openLocalWarehouse(ctx.dataDir, ctx.config);
    await engine.close();
    lines.push('models refreshed');
  }
  return lines.join('\n');
}

/** The summary lines of a rebuild (CLI; the Lambda logs the same summary as JSON). */
export function describeRebuild(summary: RebuildSummary): string[] {
  const files = `${summary.rawReplayed} raw file(s) replayed`;
  const lines = [
    summary.status === 'unchanged'
      ? `unchanged: ${files}; they give exactly the tables already loaded (methodology ${summary.methodologyVersion}), nothing written`
      : `rebuilt: ${files}; the tables follow methodology ${summary.methodologyVersion}` +
        (summary.finishedEarlierRun ? ' (finished an interrupted rebuild)' : ''),
  ];
  for (const table of TABLE_NAMES) {
    lines.push(`  ${table}: ${summary.rows[table]} rows, ${summary.rejects[table]} rejects`);
  }
  if (summary.status === 'rebuilt') lines.push(`  ${summary.written} object(s) written, ${summary.deleted} deleted`);
  for (const k of summary.kept) {
    lines.push(
      `kept as loaded: ${k.input} (${k.table}, loaded ${k.loadedAt}): raw ${k.rawKey} is missing, its rows keep the keys they were loaded with; re-import the file to re-derive them`,
    );
  }
  for (const a of summary.assumptions) lines.push(`assumed: ${a}`);
  return lines;
}
