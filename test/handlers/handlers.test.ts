/**
 * Each Lambda handler invoked in-process with a realistic event, against local adapters:
 * LocalStore for S3, DuckDB for Athena. The views are applied by the apply-views handler
 * itself (as at deploy), the refresh handler builds the model tables (as each daily run does),
 * and the report must equal the local mode's, number for number.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { HyparquetEncoder } from '../../functions/adapters/hyparquet-encoder.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { currentMarts, duckdbMartDialect, martsStaleness, shippedMartsDigest } from '../../functions/core/marts.js';
import { configSeeds, loadModels, loadReportQuery, modelBody } from '../../functions/core/models.js';
import type { QueryEngine } from '../../functions/core/ports.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { buildReportAttachments } from '../../functions/core/report/attachments.js';
import { attachmentKey } from '../../functions/core/telemetry.js';
import { StaticSecrets } from '../../functions/core/secrets.js';
import { createApplyViewsHandler, physicalId } from '../../functions/handlers/apply-views.js';
import { loadBatch } from '../../functions/core/load.js';
import { deliverReport, type DeliverReport } from '../../functions/handlers/deliver-report.js';
import { createIngestHandler, loadDay, type RunDaily } from '../../functions/handlers/ingest.js';
import type { RunOptions } from '../../functions/sources/run-sources.js';
import { ResendFake } from '../fakes/resend-fake.js';
import { createRefreshHandler } from '../../functions/handlers/refresh.js';
import { createReportHandler, reportKey, sentKey } from '../../functions/handlers/report.js';
import { logger } from '../../functions/handlers/runtime.js';
import { LOADED_AT, lambdaLake, referenceReport, writeDemoData, type DemoPipeline } from './pipeline.js';

let demo: DemoPipeline;
let lake: { store: LocalStore; engine: DuckDBEngine };
let expected: FunnelReport;
const responses: { url: string; body: Record<string, unknown> }[] = [];

/** The engine as the custom resource sees it; closing is a no-op so the tests keep it. */
const shared = (engine: QueryEngine): QueryEngine => ({
  query: (sql, p) => engine.query(sql, p),
  close: async () => {},
});

const views = () => [
  ...configSeeds(demo.config).map((s) => ({ Name: s.name, Sql: s.sql })),
  ...loadModels().map((m) => ({ Name: m.name, Sql: modelBody(m) })),
];

function cfnEvent(type: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}) {
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:eu-central-1:111111111111:function:apply',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
    StackId: 'arn:aws:cloudformation:eu-central-1:111111111111:stack/OneFunnel/guid',
    RequestId: `req-${type}`,
    LogicalResourceId: 'ViewsViews',
    ResourceType: 'Custom::AthenaViews',
    ResourceProperties: { ServiceToken: 'x', Database: 'one_funnel', WorkGroup: 'one-funnel', Views: views() },
    ...extra,
  } as unknown as CloudFormationCustomResourceEvent;
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  demo = await writeDemoData();
  [lake, expected] = await Promise.all([lambdaLake(demo), referenceReport(demo)]);
}, 180_000);

afterAll(async () => {
  await lake?.engine.close();
  await demo?.cleanup();
});

describe('apply-views (custom resource)', () => {
  const handler = createApplyViewsHandler(async () => ({
    engine: () => shared(lake.engine),
    respond: async (url, body) => {
      responses.push({ url, body: JSON.parse(body) as Record<string, unknown> });
    },
  }));

  it('creates every view on Create, answers SUCCESS, and is idempotent on Update', async () => {
    await handler(cfnEvent('Create'));
    expect(responses.at(-1)?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'athena-views:one-funnel:one_funnel',
      RequestId: 'req-Create',
    });
    const names = (await lake.engine.query('select view_name from duckdb_views() where not internal')).map(
      (r) => r.view_name,
    );
    for (const v of views()) expect(names).toContain(v.Name);
    await handler(
      cfnEvent('Update', {
        PhysicalResourceId: 'athena-views:one-funnel:one_funnel',
        OldResourceProperties: cfnEvent('Create').ResourceProperties,
      }),
    );
    expect(responses.at(-1)?.body.Status).toBe('SUCCESS');
  });

  it('answers FAILED with the reason (never hangs the stack) when a view does not compile', async () => {
    const bad = cfnEvent('Create');
    (bad.ResourceProperties as unknown as { Views: unknown[] }).Views = [
      { Name: 'broken', Sql: 'select nope from leads' },
    ];
    await handler(bad);
    const body = responses.at(-1)!.body;
    expect(body.Status).toBe('FAILED');
    expect(String(body.Reason)).toMatch(/nope/);
  });

  it('drops the views in reverse order on Delete of its own physical id, and leaves a replaced one alone', async () => {
    const queries: string[] = [];
    const recording = createApplyViewsHandler(async () => ({
      engine: () => ({ query: async (sql) => (queries.push(sql), []), close: async () => {} }),
      respond: async () => {},
    }));
    await recording(cfnEvent('Delete', { PhysicalResourceId: 'athena-views:old-workgroup:old_db' }));
    expect(queries).toEqual([]);
    const props = cfnEvent('Create').ResourceProperties as unknown as Parameters<typeof physicalId>[0];
    await recording(cfnEvent('Delete', { PhysicalResourceId: physicalId(props) }));
    expect(queries[0]).toBe(`drop view if exists ${views().at(-1)!.Name}`);
    expect(queries.at(-1)).toBe(`drop view if exists ${views()[0]!.Name}`);
  });
});

/**
 * Rebuilds the models as tables with the refresh Lambda, as the deployed state machine does after
 * the views are applied and before a report: the report reads this run's tables, not views that
 * re-run every model per query (two minutes a report on 2 cores; the Trino proof and
 * test/sql/marts.test.ts compare the views with the tables).
 */
async function materializeModels(): Promise<void> {
  const refresh = createRefreshHandler(async () => ({
    engine: lake.engine,
    store: lake.store,
    partitionSources: null,
    config: demo.config,
    dialect: duckdbMartDialect,
  }));
  const result = await refresh({ results: [] });
  expect(result.marts).toMatchObject({ tables: loadModels().length });
}

describe('report', () => {
  it('builds the same report as the local mode from Lambda-written Parquet, views and model tables, stores it and sends it once', async () => {
    await createApplyViewsHandler(async () => ({
      engine: () => shared(lake.engine),
      respond: async () => {},
    }))(cfnEvent('Create'));
    await materializeModels();
    // The real delivery (React Email render + ResendMailer) against the strict Resend fake.
    const fake = new ResendFake({ apiKeys: ['re_test_key'] });
    const baseUrl = await fake.start();
    const deliver = vi.fn<DeliverReport>((report, ctx) => deliverReport(report, { ...ctx, resendBaseUrl: baseUrl }));
    const handler = createReportHandler(async () => ({
      engine: lake.engine,
      store: lake.store,
      config: demo.config,
      secrets: new StaticSecrets({ resend: { apiKey: 're_test_key' } }),
      deliver,
      now: () => new Date('2026-11-24T06:00:00Z'),
    }));

    // The scheduler sends no week: the last full week in the configured time zone.
    let first;
    try {
      first = await handler({ week: null }, { awsRequestId: 'r1' });
    } finally {
      await fake.stop();
    }
    expect(first).toMatchObject({ week: demo.week.id, sent: true, alreadySent: false });
    expect(deliver).toHaveBeenCalledTimes(1);
    // One email, both heads on `to`, HTML and text, with an idempotency key.
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ to: demo.config.report.to, from: demo.config.report.from });
    expect(fake.sent[0]!.subject).toContain(`week ${demo.week.weekNumber}`);
    expect(fake.sent[0]!.html).toContain('<html');
    expect(fake.sent[0]!.text!.length).toBeGreaterThan(200);
    expect(fake.sent[0]!.idempotencyKey).toBeTruthy();
    expect(first!.messageId).toBe(fake.sent[0]!.id);
    const stored = JSON.parse(Buffer.from((await lake.store.get(reportKey(demo.week.id)))!).toString()) as FunnelReport;
    expect(stored).toEqual(expected);
    expect(stored.totals.leads).toBeGreaterThan(0);
    expect(await lake.store.exists(sentKey(demo.week.id))).toBe(true);
    // The drill-down CSVs went with the email (as Resend received them) and sit beside the report.
    const files = buildReportAttachments(stored);
    expect(files.length).toBeGreaterThan(0);
    expect(fake.sent[0]!.attachments?.map((a) => [a.filename, a.content.toString('utf8')])).toEqual(
      files.map((f) => [f.filename, f.csv]),
    );
    for (const f of files) {
      expect(Buffer.from((await lake.store.get(attachmentKey(demo.week.id, f.filename)))!).toString('utf8')).toBe(
        f.csv,
      );
      expect(fake.sent[0]!.text).toContain(`- ${f.filename}: ${f.rows} `);
    }

    // A retry or a re-run of the same week sends nothing.
    const again = await handler({ week: demo.week.id });
    expect(again).toMatchObject({ sent: false, alreadySent: true, messageId: fake.sent[0]!.id });
    expect(deliver).toHaveBeenCalledTimes(1);
  }, 120_000);

  it('writes no sent marker when delivery fails, so the retry sends', async () => {
    await materializeModels();
    const week = '2026-W46';
    const failing = createReportHandler(async () => ({
      engine: lake.engine,
      store: lake.store,
      config: demo.config,
      secrets: new StaticSecrets({}),
      deliver: async () => {
        throw new Error('Resend: 503');
      },
      now: () => new Date('2026-11-24T06:00:00Z'),
    }));
    await expect(failing({ week })).rejects.toThrow('Resend: 503');
    expect(await lake.store.exists(sentKey(week))).toBe(false);
    // The report itself was kept for inspection; the next attempt rebuilds and sends it.
    expect(await lake.store.exists(reportKey(week))).toBe(true);
  }, 120_000);

  it('holds a report whose sources are past holdAfterHours: nothing is sent, the run fails with the reason', async () => {
    const deliver = vi.fn<DeliverReport>();
    const held = createReportHandler(async () => ({
      engine: lake.engine,
      store: lake.store,
      config: demo.config,
      secrets: new StaticSecrets({}),
      deliver,
      now: () => new Date('2026-12-24T06:00:00Z'),
    }));
    await expect(held({ week: '2026-W45' })).rejects.toThrow(
      /^holding the report: .* last loaded \d+ h ago \(limit 72 h\)/,
    );
    expect(deliver).not.toHaveBeenCalled();
    expect(await lake.store.exists(sentKey('2026-W45'))).toBe(false);
  }, 120_000);

  // Two whole reports, on the model tables the previous test's refresh built.
  it('holds a report whose follow-ups or spend are not measured (→ alarm), unless the config allows it', async () => {
    // Fresh enough, but the week lies two months after the last lead, activity and spend row (1.14: leads hold too).
    const config = { ...demo.config, staleAfterHours: 1e6, holdAfterHours: 1e6 };
    const deliver = vi.fn<DeliverReport>(async () => ({ id: 'm1', recipients: 2, deduplicated: false }));
    const deps = (allowIncomplete: boolean) => async () => ({
      engine: lake.engine,
      store: lake.store,
      config: { ...config, report: { ...config.report, allowIncomplete } },
      secrets: new StaticSecrets({}),
      deliver,
      now: () => new Date('2027-02-01T06:00:00Z'),
    });
    await expect(createReportHandler(deps(false))({ week: '2027-W04' })).rejects.toThrow(
      /^holding the 2027-W04 report: not measured \(leads: leads from .* loaded only up to .*; follow-ups: no calls, emails or meetings loaded since .*; spend: no ad spend loaded since/,
    );
    expect(deliver).not.toHaveBeenCalled();
    expect(await lake.store.exists(sentKey('2027-W04'))).toBe(false);
    const sent = await createReportHandler(deps(true))({ week: '2027-W04' });
    expect(sent).toMatchObject({ sent: true, messageId: 'm1' });
    expect(deliver.mock.calls[0]![0].totals.spend).toBeNull();
  }, 300_000);

  it('rejects a malformed week with a clear message', async () => {
    const handler = createReportHandler(async () => ({
      engine: lake.engine,
      store: lake.store,
      config: demo.config,
      secrets: new StaticSecrets({}),
      deliver: async () => ({ id: 'x', recipients: 0, deduplicated: false }),
    }));
    await expect(handler({ week: '2026-47' })).rejects.toThrow('expected an ISO week such as 2026-W47, got "2026-47"');
  });
});

describe('refresh (model tables and post-load checks)', () => {
  const refreshDeps = (partitionSources: string[] | null, engine: QueryEngine = lake.engine) => ({
    engine,
    store: lake.store,
    partitionSources,
    config: demo.config,
    dialect: duckdbMartDialect,
  });
  const handler = (
    partitionSources: string[] | null = ['csv', 'google_ads', 'hubspot', 'linkedin', 'meta', 'salesforce'],
  ) => createRefreshHandler(async () => refreshDeps(partitionSources));
  const ok = (source: string) => ({ source, ok: true, date: '2026-11-22', rowsLoaded: 10, rowsRejected: 0 });

  it('passes after a clean daily run, with every model rebuilt as a table of a new run', async () => {
    const report = await handler()({ date: '2026-11-22', results: [ok('hubspot'), ok('salesforce')] });
    expect(report).toMatchObject({ ok: true, problems: [], failedSources: [], unprojectedSources: [] });
    expect(report.marts).toMatchObject({ tables: loadModels().length });
    const state = await currentMarts(lake.store);
    expect(state?.runId).toBe(report.marts?.runId);
    // The model names are views of this run's tables; the report reads the same figures.
    const [row] = await lake.engine.query(
      `select count(*) as n from duckdb_tables() where table_name like '%__${state!.runId}'`,
    );
    expect(Number(row!.n)).toBe(loadModels().length);
    expect(await martsStaleness(lake.store, shippedMartsDigest(demo.config))).toBeNull();
    // The weekly state's refresh builds nothing while no load came in since.
    expect(await handler()({ onlyIfStale: true })).toEqual({ marts: null });
  });

  it('fails the run naming every failed source, with the Step Functions error and cause', async () => {
    await expect(
      handler()({
        date: '2026-11-22',
        results: [
          ok('hubspot'),
          { source: 'salesforce', ok: false, error: 'IngestError', cause: 'HTTP 401 from login' },
        ],
      }),
    ).rejects.toThrow('source pull failed (salesforce: IngestError: HTTP 401 from login)');
  });

  it('fails when loaded data sits in a source partition Athena does not project', async () => {
    await expect(handler(['hubspot'])({ date: '2026-11-22', results: [] })).rejects.toThrow(
      /source\(s\) google_ads, linkedin, meta, salesforce is invisible to Athena/,
    );
  });

  it('fails when a currency has no FX rate', async () => {
    const engine = {
      query: async (sql: string) =>
        sql === loadReportQuery('missing_fx_rates')
          ? [{ source_table: 'deals', currency: 'JPY', count_rows: 3 }]
          : lake.engine.query(sql),
      close: async () => {},
    };
    const refresh = createRefreshHandler(async () => refreshDeps(null, engine));
    await expect(refresh({ results: [] })).rejects.toThrow('no FX rate for 3 deals in JPY');
  });
});

describe('ingest', () => {
  function runner(outcome: 'ok' | 'fail' | 'absent', seen: RunOptions[]): RunDaily {
    // Stands in for the connectors' runDaily (issue 5): pulls nothing, loads one canonical batch.
    return async (options) => {
      seen.push(options);
      const date = options.date!;
      if (outcome === 'absent') return { date, sources: [] };
      if (outcome === 'fail') {
        return {
          date,
          sources: [{ source: 'hubspot', ok: false, rows: 0, error: 'HTTP 429 after 6 retries', entities: [] }],
        };
      }
      const raw = Buffer.from('{"id":"501","email":"Jane.Doe+news@Example.com"}\n');
      const loaded = await loadBatch(
        { store: options.store, encoder: options.encoder!, config: options.config },
        {
          source: 'hubspot',
          table: 'leads',
          format: 'hubspot-contacts',
          dt: date,
          input: 'contacts',
          raw,
          rows: [
            {
              ok: true,
              line: 1,
              record: {
                lead_id: '501',
                source: 'hubspot',
                email: 'Jane.Doe+news@Example.com',
                created_at: '2026-11-16T08:00:00.000Z',
                lifecycle_stage: 'lead',
                is_deleted: false,
              },
            },
          ],
        },
      );
      return {
        date,
        sources: [
          {
            source: 'hubspot',
            ok: true,
            rows: 1,
            entities: [
              {
                entity: 'contacts',
                table: 'leads' as const,
                records: 1,
                rawKey: null,
                rowsLoaded: loaded.manifest.rowsLoaded,
                rowsRejected: loaded.manifest.rowsRejected,
                alreadyLoaded: loaded.alreadyLoaded,
              },
            ],
          },
        ],
      };
    };
  }

  async function freshStore() {
    return new LocalStore(`${demo.root}/ingest-${Math.random().toString(36).slice(2)}`);
  }

  it('reads the execution start time as the local day and loads Parquet through the Lambda encoder', async () => {
    const store = await freshStore();
    const seen: RunOptions[] = [];
    const handler = createIngestHandler(async () => ({
      store,
      config: demo.config,
      secrets: new StaticSecrets({ hubspot: { accessToken: 'pat-test' } }),
      encoder: new HyparquetEncoder(),
      runDaily: runner('ok', seen),
      now: () => LOADED_AT,
    }));
    // 23:30 UTC on the 15th is already the 16th in Zurich.
    const result = await handler({ source: 'hubspot', date: '2026-11-15T23:30:00.000Z' }, { awsRequestId: 'r' });
    expect(result).toEqual({
      source: 'hubspot',
      date: '2026-11-16',
      ok: true,
      rowsLoaded: 1,
      rowsRejected: 0,
      alreadyLoaded: false,
    });
    expect(seen[0]).toMatchObject({ only: ['hubspot'], date: '2026-11-16' });
    expect(seen[0]!.encoder).toBeInstanceOf(HyparquetEncoder);
    const parts = await store.list('canonical/leads/source=hubspot/dt=2026-11-16/');
    expect(parts).toHaveLength(1);
    const rows = await lake.engine.query(`select lead_id, email_key, created_at from '${store.path(parts[0]!)}'`);
    expect(rows).toEqual([
      { lead_id: '501', email_key: 'jane.doe@example.com', created_at: '2026-11-16T08:00:00.000Z' },
    ]);

    // The same input again (a Step Functions retry) loads nothing new.
    const again = await handler({ source: 'hubspot', date: '2026-11-16' });
    expect(again.alreadyLoaded).toBe(true);
    expect(await store.list('canonical/leads/')).toEqual(parts);
  });

  it('throws (so Step Functions retries, then catches) when the source failed or is not enabled', async () => {
    const deps = (outcome: 'fail' | 'absent') => async () => ({
      store: await freshStore(),
      config: demo.config,
      secrets: new StaticSecrets({}),
      encoder: new HyparquetEncoder(),
      runDaily: runner(outcome, []),
    });
    await expect(createIngestHandler(deps('fail'))({ source: 'hubspot', date: '2026-11-16' })).rejects.toThrow(
      'source "hubspot" failed: HTTP 429 after 6 retries',
    );
    await expect(createIngestHandler(deps('absent'))({ source: 'hubspot', date: '2026-11-16' })).rejects.toThrow(
      'source "hubspot" is not enabled in the config',
    );
    await expect(createIngestHandler(deps('fail'))({ source: '../etc' })).rejects.toThrow(/event\.source/);
  });

  it('derives the load day from the time zone, never from the UTC date', () => {
    expect(loadDay(undefined, 'Europe/Zurich', new Date('2026-11-15T23:30:00Z'))).toBe('2026-11-16');
    expect(loadDay('2026-11-15', 'Europe/Zurich', new Date())).toBe('2026-11-15');
    expect(() => loadDay('yesterday', 'UTC', new Date())).toThrow(/event\.date/);
  });
});
