/** The commands of `funnel` (README "Command line"), each thin over the core. */
import { existsSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { constants as zlib, gunzipSync } from 'node:zlib';
import { MissingFxRates, openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { emailLocale } from '../../functions/core/config.js';
import { writeDemo } from '../../functions/core/demo/index.js';
import { EnvSecrets } from '../../functions/adapters/env-secrets.js';
import { runBackfill, runDaily, type RunResult } from '../../functions/sources/run-sources.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { describeImport, describeReading } from '../../functions/core/import/import-summary.js';
import { buildReport, buildTrend, type BuildReportOptions } from '../../functions/core/report/build-report.js';
import { ReportRefused } from '../../functions/core/report/coverage.js';
// React and the email templates (~55 MB, 0.4 s to load) and the mail SDK are imported where a
// report is rendered or sent: `funnel import` never loads them (docs/performance.md).
import type { RenderedEmail } from '../../emails/render.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { sendWeeklyReport, sendWeeklyReportOnce } from '../../functions/core/send-report.js';
import {
  buildReportAttachments,
  summarizeAttachments,
  type ReportAttachment,
} from '../../functions/core/report/attachments.js';
import {
  assessFreshness,
  configuredSources,
  lastSuccessfulLoads,
  type Freshness,
} from '../../functions/core/freshness.js';
import type { WeeklyFigures } from '../../functions/core/report-types.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { asOfCutoff, lastFullWeek, parseWeek, type ReportWeek } from '../../functions/core/weeks.js';
import { rebuild, type RebuildSummary } from '../../functions/core/rebuild.js';
import { TABLE_NAMES } from '../../functions/core/schema.js';
import { listManifests } from '../../functions/core/load.js';
import { parsePeriodOption } from '../../functions/core/periods.js';
import type { DeclaredPeriod, LoadManifest } from '../../functions/core/records.js';
import { DEMO_END_DATE, DEMO_TIMEZONE } from '../../functions/core/demo/index.js';
import { weekOf } from '../../functions/core/weeks.js';
import { FormatError } from '../../functions/sources/formats.js';
import { unpackContainer } from '../../functions/sources/vendor-csv/container.js';
import { replayLoad } from '../../functions/sources/replay.js';
import {
  DEFAULT_DATA_DIR,
  START_DEMO,
  openContext,
  withLoadDeps,
  type CliContext,
  type GlobalOptions,
} from './context.js';
import { formatCsv, formatJson, formatTable } from './output.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ImportOptions {
  as: string;
  source?: string;
  date?: string;
  timezone?: string;
  /** `--period FROM..TO`: the days the file covers (core/periods.ts parsePeriodOption). */
  period?: string;
  /** `--snapshot`: the file holds every current record of its object for its source (core/import/snapshot.ts). */
  snapshot?: boolean;
  /** `--allow-mass-delete`: a snapshot may mark more than half of the source's current records deleted. */
  allowMassDelete?: boolean;
}

/**
 * `funnel import FILE --as FORMAT`: loads the file, returns the result line and what the import
 * decided. Throws ImportFailed (non-zero exit, the summary still printed) when every row was
 * rejected, FormatError when the file cannot be read (binary content among them, never echoed).
 */
export async function importCommand(file: string, options: ImportOptions, global: GlobalOptions): Promise<string> {
  const ctx = await openContext(global);
  if (options.date && !/^\d{4}-\d{2}-\d{2}$/.test(options.date))
    throw new UsageError(`--date: expected YYYY-MM-DD, got "${options.date}"`);
  if (options.allowMassDelete && !options.snapshot)
    throw new UsageError('--allow-mass-delete: only with --snapshot (a file without it deletes nothing)');
  let period: DeclaredPeriod | undefined;
  try {
    period = options.period === undefined ? undefined : parsePeriodOption(options.period);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // Vendor formats refuse binary files in their container reader; canonical CSV is checked here.
  if (options.as.startsWith('canonical-')) await refuseBinary(file);
  const { manifest, alreadyLoaded } = await withLoadDeps(ctx, (deps) =>
    importFile(deps, {
      path: file,
      format: options.as,
      source: options.source,
      dt: options.date,
      timezone: options.timezone ?? ctx.config.timezone,
      ...(period ? { period } : {}),
      ...(options.snapshot ? { snapshot: { allowMassDelete: options.allowMassDelete === true } } : {}),
    }),
  );
  const lines = alreadyLoaded
    ? alreadyLoadedLines(manifest)
    : [
        `${manifest.input}: ${manifest.rowsLoaded} loaded, ${manifest.rowsRejected} rejected into ${manifest.table}${
          manifest.rejectsKey ? ` (reasons in ${join(ctx.dataDir, manifest.rejectsKey)})` : ''
        }`,
        ...describeImport(manifest, ctx.config.dealSources),
      ];
  if (manifest.rowsRejected > 0) lines.push(...(await describeRejects(ctx, manifest)));
  if (manifest.rowsLoaded === 0 && manifest.rowsRejected > 0) {
    // Nothing of the file reached the tables: a success exit would let a script carry on with
    // last week's data. The report's data-health footer lists the import too.
    throw new ImportFailed(
      `${lines.join('\n')}\nevery row of ${manifest.input} was rejected, nothing loaded into ${manifest.table}: ` +
        'fix the file and import it again, or fix the config and run `funnel rebuild`',
    );
  }
  return lines.join('\n');
}

/**
 * The same bytes imported again: nothing is loaded, the file stays as its load read it (its date
 * order, decimal separator, encoding and what decided them, named), and the way to read it with
 * today's config is `funnel rebuild` (`--reread` when the file is then read otherwise): a fixed
 * `locale` otherwise had no effect and no message said how to apply it.
 */
function alreadyLoadedLines(manifest: LoadManifest): string[] {
  const reading = describeReading(manifest);
  return [
    `${manifest.input}: already loaded on ${manifest.loadedAt} (${manifest.rowsLoaded} loaded, ${manifest.rowsRejected} rejected); nothing changed: ` +
      `the file stays as it was read then${reading.length > 0 ? ` (${reading.join('; ')})` : ''}`,
    "  to read it with today's config (a locale or a setting changed since), run `funnel rebuild`, with --reread if it " +
      'then reads the file otherwise (another date order, decimal separator or encoding): it lists each such file',
  ];
}

/** An import that loaded nothing: its message is the summary lines, then the reason (last line). */
export class ImportFailed extends Error {
  override name = 'ImportFailed';
}

/** The most frequent reject reasons of a load (up to 3), and what to do when no config was given. */
async function describeRejects(ctx: CliContext, manifest: LoadManifest): Promise<string[]> {
  const body = manifest.rejectsKey ? await ctx.store.get(manifest.rejectsKey) : undefined;
  if (!body) return [];
  // Counted over every reject or not at all: a count of the first part would understate.
  if (body.length > MAX_REJECTS_SUMMARIZED) return ['  rejected: too many to count here, see the rejects file'];
  const counts = new Map<string, { n: number; line: number | null }>();
  for (const text of Buffer.from(body).toString('utf8').split('\n')) {
    if (!text.trim()) continue;
    const r = JSON.parse(text) as { field?: string | null; reason?: string; line?: number | null };
    const key = `${r.field ? `${r.field}: ` : ''}${r.reason ?? 'rejected'}`;
    const seen = counts.get(key) ?? { n: 0, line: r.line ?? null };
    seen.n++;
    counts.set(key, seen);
  }
  const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]));
  const lines = top
    .slice(0, 3)
    .map(([reason, { n, line }]) => `  rejected: ${n} × ${reason}${line === null ? '' : ` (first on line ${line})`}`);
  if (top.length > 3) lines.push(`  rejected: ${top.length - 3} other reason(s), see the rejects file`);
  if (!ctx.configFile && top.some(([reason]) => reason.includes('no FX rate'))) lines.push(`  ${noConfigForFx(ctx)}`);
  return lines;
}

/** Rejects files larger than this (bytes) are not summarized by `funnel import`. */
const MAX_REJECTS_SUMMARIZED = 64 * 1024 * 1024;

/** Why FX rates are missing when no `--config` was given, and how to give one. */
function noConfigForFx(ctx: CliContext): string {
  return (
    `no config was given (--config FILE), so there are no FX rates and only ${ctx.config.reportingCurrency} amounts load: ` +
    `write a JSON config with "fxRates" (e.g. {"fxRates": {"USD": 0.92}}; ${START_DEMO.config} is an example after \`npm start\`), ` +
    'then run `funnel --config FILE rebuild` to load the rejected rows'
  );
}

/** How many bytes of a file are looked at to tell text from binary. */
const SNIFF_BYTES = 64 * 1024;
/** A ZIP's local file header (an .xlsx is one too); an empty ZIP is refused by `unpackContainer`. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Refuses a file that is not text (PDF, ZIP, workbook, image…) before the canonical CSV reader
 * sees it, so that its bytes never reach a message: one line naming the file. The rule is the
 * vendor formats' (`unpackContainer`); a gzip file is judged by what it unpacks to.
 */
export async function refuseBinary(path: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return; // importFile names an unreadable file
  }
  const fileName = basename(path);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      // A partial gzip unpacks as far as it goes.
      head = gunzipSync(head, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
    } catch {
      return; // importFile names a corrupt gzip
    }
  }
  if (ZIP_MAGIC.every((b, i) => head[i] === b)) {
    throw new FormatError(
      `${fileName}: not a text/CSV file (a ZIP archive or an Excel workbook); canonical formats read CSV only: unzip it, or save the sheet as CSV UTF-8`,
    );
  }
  try {
    await unpackContainer(head, fileName);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    throw new FormatError(`${fileName}: not a text/CSV file (${err.message.slice(fileName.length + 2)})`);
  }
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

/**
 * The local warehouse over the data dir, refreshed. Missing FX rates with no `--config` say
 * that no config was given (the defaults have no rates), not only which rates to add.
 */
export async function openWarehouse(ctx: CliContext): Promise<DuckDBEngine> {
  try {
    return await openLocalWarehouse(ctx.dataDir, ctx.config);
  } catch (err) {
    if (err instanceof MissingFxRates && !ctx.configFile) {
      throw new UsageError(
        `no FX rate for ${err.currencies.join(', ')}: no config was given (--config FILE), so there are none; ` +
          `pass the config the data was loaded with${existsSync(START_DEMO.config) && ctx.dataDir === resolve(START_DEMO.dataDir) ? ` (--config ${START_DEMO.config} for the demo)` : ''}, or write one with "fxRates" such as {"fxRates": {"${err.currencies[0]}": 0.92}}`,
      );
    }
    throw err;
  }
}

/**
 * Refuses a data dir with nothing loaded, saying where `npm start` put the demo when the
 * default data dir is empty (the demo lives beside it, in its own store).
 */
export async function assertSomethingLoaded(ctx: CliContext): Promise<void> {
  if ((await listManifests(ctx.store)).length > 0) return;
  throw new ReportRefused(emptyDataDir(ctx));
}

function emptyDataDir(ctx: CliContext): string {
  const shown = relative(process.cwd(), ctx.dataDir) || '.';
  const where = `no data loaded in ${shown}`;
  const own = 'import exports with `funnel import FILE --as FORMAT` or pull with `funnel run`';
  if (ctx.dataDir !== resolve(DEFAULT_DATA_DIR)) return `${where}: ${own}`;
  if (existsSync(START_DEMO.dataDir)) {
    const week = weekOf(new Date(`${DEMO_END_DATE}T12:00:00Z`), DEMO_TIMEZONE).id;
    return (
      `${where} (the default data dir): \`npm start\` put the demo in ${START_DEMO.dataDir}: ` +
      `funnel --data-dir ${START_DEMO.dataDir} --config ${START_DEMO.config} report --week ${week}; or ${own}`
    );
  }
  return `${where} (the default data dir): ${own}, or run \`npm start\`, which loads a demo into ${START_DEMO.dataDir}`;
}

export async function computeReport(
  ctx: CliContext,
  week: ReportWeek,
  options: BuildReportOptions = {},
): Promise<ComputedReport> {
  const engine = await openWarehouse(ctx);
  try {
    const report = await buildReport({ engine, store: ctx.store, config: ctx.config }, week, options);
    // The trend's last week is the report's own, judged at the same cutoff.
    return {
      report,
      trend: await buildTrend(engine, asOfCutoff(week, options.now ?? new Date()), ctx.store, { report }),
    };
  } finally {
    await engine.close();
  }
}

/** The email of a computed report; `attachments` are the CSVs it carries (named with row counts in it). */
export async function renderEmail(
  ctx: CliContext,
  computed: ComputedReport,
  freshness?: Freshness,
  attachments: readonly ReportAttachment[] = [],
): Promise<RenderedEmail> {
  const { renderWeeklyReport } = await import('../../emails/render.js');
  return renderWeeklyReport({
    attachments: summarizeAttachments(attachments),
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
  await assertSomethingLoaded(ctx);
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
  // The drill-down CSVs: attached to the email, stored beside the report when sent, written by --out.
  const attachments = buildReportAttachments(report, ctx.config.locale);
  const email = needsEmail ? await renderEmail(ctx, computed, freshness, attachments) : undefined;
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
    for (const a of attachments) {
      const file = join(options.out, a.filename);
      await writeFile(file, a.csv);
      files.push(file);
      lines.push(`wrote ${file} (${a.rows} rows)`);
    }
  } else if (!options.send) {
    lines.push(renderAs(formats[0]!, report, email));
  }
  if (options.send) {
    const outboxDir = options.outbox ?? join(ctx.dataDir, 'outbox');
    const mailer = options.outboxOnly
      ? new OutboxMailer(outboxDir)
      : (await import('../../functions/adapters/mailer-from-env.js')).mailerFromEnv({ outboxDir });
    const result = await sendWeeklyReportOnce({
      store: ctx.store,
      report,
      freshness: options.allowStale ? { ...freshness, hold: false } : freshness,
      allowIncomplete: options.allowIncomplete === true,
      now: options.now ?? new Date(),
      attachments,
      deliver: (files) =>
        sendWeeklyReport({ mailer, report, rendered: email!, config: ctx.config, attachments: files }),
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

/**
 * `funnel query SQL`: the rows as a table, JSON or CSV. On a data dir with nothing loaded the
 * query still runs (`select 1` is fine), but `note` says so: empty tables are not zero activity.
 */
export async function queryCommand(
  sql: string,
  options: { format: string },
  global: GlobalOptions,
  note: (line: string) => void = () => undefined,
): Promise<string> {
  const ctx = await openContext(global);
  if (!['table', 'json', 'csv'].includes(options.format)) {
    throw new UsageError(`--format: expected table, json or csv, got "${options.format}"`);
  }
  const empty = (await listManifests(ctx.store)).length === 0;
  const engine = await openWarehouse(ctx);
  try {
    const rows = await engine.query(sql);
    // Said after the query ran: a failing query keeps its one line.
    if (empty) note(`note: ${emptyDataDir(ctx)}`);
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
  const engine = await openWarehouse(ctx);
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
  /** `--reread`: accept files today's config reads otherwise than their loads did, each listed (rebuild.ts `reread`). */
  reread?: boolean;
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
    rebuild(
      { ...deps, replay: replayLoad, progress },
      { keepMissingRaw: options.keepMissingRaw, reread: options.reread === true },
    ),
  );
  if (summary.status === 'empty') return `nothing to rebuild: no loads in ${ctx.dataDir}`;
  const lines = describeRebuild(summary);
  if (summary.status === 'rebuilt') {
    // Refresh: a model that breaks on the re-derived tables fails here and not on Monday.
    const engine = await openWarehouse(ctx);
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
  for (const r of summary.reread ?? []) {
    lines.push(`re-read: ${r.input} (${r.table}, batch ${r.batchId}): ${r.change}; its rows follow the new reading`);
  }
  for (const a of summary.assumptions) lines.push(`assumed: ${a}`);
  return lines;
}
