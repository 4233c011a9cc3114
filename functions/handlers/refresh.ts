/**
 * Refresh Lambda: the post-load checks after the daily Map. Canonical partitions are
 * projected and the views are applied at deploy, so nothing needs repairing; this checks
 * what would make the numbers wrong and fails the run (→ alarm) when something does.
 * Event: `{ "date": "…", "results": [<ingest result> | { source, ok: false, error, cause }] }`.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaEngine } from '../adapters/athena-engine.js';
import type { ObjectStore, QueryEngine } from '../core/ports.js';
import { postLoadChecks, type PostLoadReport, type SourceOutcome } from '../core/post-load.js';
import { dataLakeStore, getEnv, instrumented, loadSettings, log, logger, metrics, once, tracer } from './runtime.js';
import { METRIC } from '../core/telemetry.js';

export interface RefreshEvent {
  date?: string;
  results?: { source?: string; ok?: boolean; error?: string; cause?: string }[];
}

export interface RefreshDeps {
  engine: QueryEngine;
  store: ObjectStore;
  partitionSources: readonly string[] | null;
}

export class PostLoadCheckFailed extends Error {
  override name = 'PostLoadCheckFailed';
}

export function createRefreshHandler(deps: () => Promise<RefreshDeps>) {
  return async (event: RefreshEvent, context?: object): Promise<PostLoadReport> =>
    instrumented(context, async () => {
      const d = await deps();
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
      return report;
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
  };
});

export const handler = createRefreshHandler(awsDeps);
