/**
 * Refresh Lambda, after the daily Map: builds every model of `sql/` as a table of a new run
 * and points the model views at it (core/marts.ts), then runs the post-load checks and fails
 * the run (→ alarm) when something would make the numbers wrong.
 * Event: `{ "date": "…", "results": [<ingest result> | { source, ok: false, error, cause }] }`,
 * or `{ "onlyIfStale": true }` from the weekly state machine before the report: build only when
 * loads came in after the last build, and skip the checks (there are no pull results).
 * A run is incremental when the last run allows it (core/marts.ts); `{ "full": true }` rebuilds
 * every table from all of history.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaEngine } from '../adapters/athena-engine.js';
import type { Config } from '../core/config.js';
import {
  athenaMartDialect,
  martsStaleness,
  materializeMarts,
  shippedMartsDigest,
  type MartDialect,
  type MaterializeSummary,
} from '../core/marts.js';
import type { ObjectStore, QueryEngine } from '../core/ports.js';
import { postLoadChecks, type PostLoadReport, type SourceOutcome } from '../core/post-load.js';
import { dataLakeStore, getEnv, instrumented, loadSettings, log, logger, metrics, once, tracer } from './runtime.js';
import { METRIC } from '../core/telemetry.js';

export interface RefreshEvent {
  date?: string;
  results?: { source?: string; ok?: boolean; error?: string; cause?: string }[];
  onlyIfStale?: boolean;
  /** Rebuild every model table from all of history, never incrementally. */
  full?: boolean;
}

export interface RefreshDeps {
  engine: QueryEngine;
  store: ObjectStore;
  partitionSources: readonly string[] | null;
  config: Config;
  dialect: MartDialect;
  now?: () => Date;
}

/** What the refresh did: the model build (null when `onlyIfStale` found the tables current) and the checks. */
export interface RefreshResult extends Partial<PostLoadReport> {
  marts: MaterializeSummary | null;
}

export class PostLoadCheckFailed extends Error {
  override name = 'PostLoadCheckFailed';
}

export function createRefreshHandler(deps: () => Promise<RefreshDeps>) {
  return async (event: RefreshEvent, context?: object): Promise<RefreshResult> =>
    instrumented(context, async () => {
      const d = await deps();
      const stale = event?.onlyIfStale ? await martsStaleness(d.store, shippedMartsDigest(d.config)) : 'daily refresh';
      const marts = stale
        ? await materializeMarts({
            engine: d.engine,
            store: d.store,
            config: d.config,
            dialect: d.dialect,
            now: d.now,
            full: event?.full === true,
            progress: (line) => logger.info(line),
          })
        : null;
      logger.info('models built', {
        reason: stale ?? 'current',
        runId: marts?.runId,
        tables: marts?.tables,
        mode: marts?.mode,
        fullBecause: marts?.fullBecause,
      });
      if (event?.onlyIfStale) return { marts };
      const outcomes: SourceOutcome[] = (event?.results ?? []).map((r) => ({
        source: String(r.source ?? 'unknown'),
        ok: r.ok === true,
        error: r.ok === true ? undefined : [r.error, r.cause].filter(Boolean).join(': '),
      }));
      const report = await postLoadChecks({
        engine: d.engine,
        store: d.store,
        partitionSources: d.partitionSources,
        outcomes,
      });
      metrics.addMetric(METRIC.sourcesFailed, MetricUnit.Count, report.failedSources.length);
      metrics.addMetric(METRIC.missingFxRateCurrencies, MetricUnit.Count, report.missingFxRates.length);
      logger.info('post-load checks', {
        ok: report.ok,
        sources: outcomes.length,
        failedSources: report.failedSources,
        unprojectedSources: report.unprojectedSources,
      });
      if (!report.ok) throw new PostLoadCheckFailed(report.problems.join(' | '));
      return { ...report, marts };
    });
}

const awsDeps = once(async (): Promise<RefreshDeps> => {
  const env = getEnv(['DATA_BUCKET', 'SETTINGS_PARAMETER', 'ATHENA_WORKGROUP', 'GLUE_DATABASE']);
  const settings = await loadSettings(env.SETTINGS_PARAMETER);
  return {
    engine: new AthenaEngine({
      client: tracer.captureAWSv3Client(new AthenaClient({})),
      workgroup: env.ATHENA_WORKGROUP,
      database: env.GLUE_DATABASE,
      log,
    }),
    store: dataLakeStore(env.DATA_BUCKET),
    partitionSources: settings.partitionSources,
    config: settings.config,
    dialect: athenaMartDialect(env.DATA_BUCKET),
  };
});

export const handler = createRefreshHandler(awsDeps);
