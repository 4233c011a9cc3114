/**
 * A throw-away local deployment for one reliability case: a LocalStore folder, a clock that
 * ticks like a real one, the real importers and loader, the DuckDB warehouse and the report.
 * `holds()` applies the case's inputs, checks every invariant, re-runs the same day and
 * checks that nothing changed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config, type ConfigInput } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import type { ObjectStore } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { ReportRefused } from '../../functions/core/report/coverage.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { assessFreshness, lastSuccessfulLoads } from '../../functions/core/freshness.js';
import type { Mailer, MailMessage, SendResult } from '../../functions/core/mailer.js';
import { sendWeeklyReport, sendWeeklyReportOnce, type SendOnceResult } from '../../functions/core/send-report.js';
import { readdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { listManifests } from '../../functions/core/load.js';
import { StaticSecrets } from '../../functions/core/secrets.js';
import { runDaily, type RunResult } from '../../functions/sources/run-sources.js';
import { VirtualClock } from '../fakes/server.js';
import {
  assertAccounted,
  assertNoDuplicateVersions,
  assertNoEmailTwice,
  assertRawNeverRewritten,
  assertSameCanonical,
  snapshot,
  type LoadAttempt,
} from './invariants.js';

export const REPORT_WEEK = '2026-W47'; // 2026-11-16 .. 2026-11-23
export const DT = '2026-11-23';

export const BASE_CONFIG: ConfigInput = {
  fxRates: { CHF: 1.05, USD: 0.92 },
  // Named recipients: the defaults are placeholders a real provider (the Resend fake) refuses.
  report: { to: ['Head of Marketing <cmo@example.com>', 'Head of Sales <cso@example.com>'] },
};

export interface ImportSpec {
  /** File name as a user would have it. */
  name: string;
  bytes: Uint8Array | string;
  format: string;
  source?: string;
  dt?: string;
  /** Data rows in the file, counted by the case (not by the product). */
  rows?: number;
}

/** Wraps a Mailer and records what was really delivered (not deduplicated). */
export class RecordingMailer implements Mailer {
  readonly delivered: MailMessage[] = [];
  readonly calls: MailMessage[] = [];
  constructor(readonly inner: Mailer) {}
  get kind(): string {
    return this.inner.kind;
  }
  async send(message: MailMessage): Promise<SendResult> {
    this.calls.push(message);
    const result = await this.inner.send(message);
    if (!result.deduplicated) this.delivered.push(message);
    return result;
  }
}

export class Pipeline {
  readonly attempts: LoadAttempt[] = [];
  mailer: RecordingMailer | undefined;
  private tick = 0;

  private constructor(
    readonly dir: string,
    readonly local: LocalStore,
    readonly store: ObjectStore,
    readonly config: Config,
    readonly encoder: DuckDBParquetEncoder,
  ) {}

  static async create(
    encoder: DuckDBParquetEncoder,
    options: {
      config?: ConfigInput;
      wrap?: (store: LocalStore) => ObjectStore;
      /** Delivery (default: the local outbox) and what it really delivered (default: what the mailer did not deduplicate). */
      mailer?: Mailer;
      delivered?: () => { idempotencyKey?: string }[];
    } = {},
  ): Promise<Pipeline> {
    const dir = await mkdtemp(join(tmpdir(), 'funnel-rel-'));
    const local = new LocalStore(join(dir, 'data'));
    const config = parseConfig({ ...BASE_CONFIG, ...options.config });
    const p = new Pipeline(dir, local, options.wrap ? options.wrap(local) : local, config, encoder);
    if (options.mailer) p.mailer = new RecordingMailer(options.mailer);
    p.delivered = options.delivered ?? (() => p.mailer?.delivered ?? []);
    return p;
  }

  delivered: () => { idempotencyKey?: string }[] = () => [];

  /** A clock a minute further on each reading, from 2026-11-23 06:00 UTC. */
  now = (): Date => new Date(Date.UTC(2026, 10, 23, 6, 0) + this.tick++ * 60_000);

  /** `funnel import` of one file as downloaded; a refused file is recorded with its one-line reason. */
  async import(spec: ImportSpec): Promise<LoadAttempt> {
    const folder = join(this.dir, 'inbox');
    await mkdir(folder, { recursive: true });
    const path = join(folder, spec.name);
    await writeFile(path, spec.bytes);
    const attempt: LoadAttempt = { input: spec.name, inputRows: spec.rows };
    try {
      const { manifest, alreadyLoaded } = await importFile(
        {
          store: this.store,
          encoder: this.encoder,
          config: this.config,
          now: this.now,
          vendorFormats: vendorFileFormats,
        },
        { path, format: spec.format, source: spec.source, dt: spec.dt ?? DT },
      );
      attempt.manifest = manifest;
      attempt.alreadyLoaded = alreadyLoaded;
    } catch (err) {
      attempt.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      expect(err, `${spec.name}: refused with something other than an Error`).toBeInstanceOf(Error);
      expect((err as Error).name, `${spec.name}: refused with a bare ${(err as Error).name}`).toMatch(/FormatError/);
    }
    this.attempts.push(attempt);
    return attempt;
  }

  /** The send path: sent marker, freshness gate, render, mail (local outbox unless a mailer is given). */
  async send(report: FunnelReport): Promise<SendOnceResult> {
    this.mailer ??= new RecordingMailer(new OutboxMailer(join(this.dir, 'outbox'), { now: () => new Date(0) }));
    const now = this.now();
    const freshness = assessFreshness(await lastSuccessfulLoads(this.store), now, this.config);
    const rendered = await renderWeeklyReport({
      report,
      trend: [report.previous, report.totals],
      locale: 'en',
      methodologyUrl: this.config.report.methodologyUrl,
      dataWarnings: freshness.footer,
    });
    // These cases test the send path's idempotency on partial data sets (often leads only); the
    // hold for figures not measured is tested in test/sql/coverage.test.ts and the handlers.
    const mailer = this.mailer;
    return sendWeeklyReportOnce({
      store: this.store,
      report,
      freshness,
      allowIncomplete: true,
      now,
      deliver: () => sendWeeklyReport({ mailer, report, rendered, config: this.config }),
    });
  }

  async outboxMessages(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    } catch {
      return [];
    }
  }

  /**
   * `funnel run` for one day over API sources (the strict fakes): the real runner and loader.
   * Each landed batch is recorded as a load attempt, its input rows counted from the raw JSONL.
   */
  async runApi(
    sources: Record<string, Record<string, unknown>>,
    secrets: Record<string, object>,
    date = DT,
  ): Promise<RunResult> {
    const clock = new VirtualClock(Date.parse(`${date}T06:00:00Z`));
    const result = await runDaily({
      store: this.store,
      config: { ...this.config, sources },
      secrets: new StaticSecrets(secrets),
      date,
      encoder: this.encoder,
      now: () => new Date(clock.now()),
      http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
    });
    const manifests = await listManifests(this.local);
    for (const s of result.sources) {
      for (const e of s.entities) {
        if (!e.rawKey) continue;
        const raw = await this.local.get(e.rawKey);
        const lines = raw ? gunzipSync(raw).toString('utf8').split('\n').filter(Boolean).length : undefined;
        const manifest = manifests.find((m) => m.rawKey === e.rawKey);
        this.attempts.push({
          input: `${s.source} API ${e.entity}`,
          inputRows: await this.expectedRows(e.rawKey, lines),
          manifest,
          alreadyLoaded: e.alreadyLoaded,
        });
      }
    }
    return result;
  }

  /**
   * Rows an API load must account for: one per raw record, except activities (SPEC §4.4: one
   * row per contact, and one that happened without a time is not loaded), whose connectors record in the raw
   * manifest how many records became how many rows and how many were left out, and why.
   */
  private async expectedRows(rawKey: string, lines: number | undefined): Promise<number | undefined> {
    if (lines === undefined) return undefined;
    const key = rawKey.replace(/^raw\//, 'manifests/raw/').replace(/\.jsonl\.gz$/, '.json');
    const body = await this.local.get(key);
    const notes = body
      ? (JSON.parse(Buffer.from(body).toString('utf8')) as { notes?: Record<string, unknown> }).notes
      : undefined;
    const a = notes?.activities as
      { records: number; rows: number; notHappened: number; noHappenedTime: number; deleted?: number } | undefined;
    if (!a) return lines;
    const left = a.records + a.notHappened + a.noHappenedTime + (a.deleted ?? 0);
    return a.rows + (lines - left); // the rest are records the mapping rejected
  }

  async warehouse(): Promise<DuckDBEngine> {
    return openLocalWarehouse(this.local.root, this.config);
  }

  /**
   * The week's report (as of `asOf` when given); on a store with no data at all the report is refused (ReportRefused):
   * then `report` is null and `json` the refusal, so a re-run can be compared all the same.
   */
  async report(week = REPORT_WEEK, asOf?: Date): Promise<{ json: string; report: FunnelReport | null }> {
    const engine = await this.warehouse();
    try {
      // `asOf`: the report of the week as it stood then (a running week's `--partial` report).
      const options = asOf ? { now: asOf, partial: true } : {};
      const report = await buildReport(
        { engine, store: this.store, config: this.config },
        parseWeek(week, 'UTC'),
        options,
      );
      return { json: JSON.stringify(report, null, 2), report };
    } catch (err) {
      if (err instanceof ReportRefused) return { json: `refused: ${err.message}`, report: null };
      throw err;
    } finally {
      await engine.close();
    }
  }

  /**
   * Applies `run` (the day's inputs), checks invariants 1, 2; then re-runs the same day and
   * checks 3 and 5. Returns the report of the first run for case-specific assertions.
   */
  async holds(run: () => Promise<unknown>, week = REPORT_WEEK): Promise<{ report: FunnelReport | null; json: string }> {
    await run();
    const firstAttempts = this.attempts.length;
    const engine = await this.warehouse();
    try {
      await assertAccounted(this.store, engine, this.attempts);
      await assertNoDuplicateVersions(engine);
    } finally {
      await engine.close();
    }
    const first = await this.report(week);
    // Nothing loaded at all: the report is refused, and nothing is ever sent.
    if (first.report) await this.send(first.report);
    const before = await snapshot(this.local);
    await run(); // the same day again
    for (const a of this.attempts.slice(firstAttempts)) {
      expect(a.error ?? (a.alreadyLoaded ? 'already loaded' : 'loaded again'), `${a.input}: re-run`).toMatch(
        /already loaded|FormatError/,
      );
    }
    const after = await snapshot(this.local);
    assertRawNeverRewritten(before, after);
    assertSameCanonical(before, after);
    const second = await this.report(week);
    expect(second.json, 'report JSON changed on re-run').toBe(first.json);
    if (second.report) await this.send(second.report);
    const delivered = this.delivered();
    assertNoEmailTwice(delivered.map((m) => ({ idempotencyKey: m.idempotencyKey ?? '' })));
    const expected = first.report ? 1 : 0;
    expect(delivered.length, 'the weekly email is sent exactly once (never for a refused report)').toBe(expected);
    if (this.mailer?.inner instanceof OutboxMailer) expect(await this.outboxMessages()).toHaveLength(expected);
    return first;
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A CSV text from a header and rows (cells joined as given: the case controls quoting). */
export function csv(header: string[], rows: string[][], eol = '\n'): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join(eol) + eol;
}

/** What `usePipelines` gives a test file: pipelines made on one shared encoder, closed after all tests. */
export interface PipelineSuite {
  /** A new pipeline (its own temporary data dir) with `Pipeline.create`'s options. */
  pipeline(options?: Parameters<typeof Pipeline.create>[1]): Promise<Pipeline>;
  /** The shared Parquet encoder (for `importFile` and `loadBatch` called directly). */
  encoder(): DuckDBParquetEncoder;
  /** Closes `closable` (a vendor fake, a warehouse) after all tests, with the pipelines. */
  closeLater(closable: { close(): Promise<void> }): void;
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the calling file or `describe` block: one Parquet
 * encoder for its tests, and every pipeline and `closeLater` object closed at the end.
 */
export function usePipelines(): PipelineSuite {
  let encoder: DuckDBParquetEncoder | undefined;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    encoder = await DuckDBParquetEncoder.create();
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
    await encoder?.close();
  });
  const shared = (): DuckDBParquetEncoder => {
    if (!encoder) throw new Error('usePipelines: the encoder is made in beforeAll; use it inside a test');
    return encoder;
  };
  return {
    async pipeline(options) {
      const p = await Pipeline.create(shared(), options);
      open.push(p);
      return p;
    },
    encoder: shared,
    closeLater: (closable) => void open.push(closable),
  };
}
