/**
 * Ingest Lambda: one source, one day (a Map iteration of the daily state machine).
 * Event: `{ "source": "hubspot", "date": "2026-11-16" }`; `date` may also be the execution
 * start time (ISO instant), read as the local day in the configured time zone.
 */
import { DateTime } from 'luxon';
import { HyparquetEncoder } from '../adapters/hyparquet-encoder.js';
import { SecretsManagerSecrets } from '../adapters/secrets-manager.js';
import type { Config } from '../core/config.js';
import type { ParquetEncoder } from '../core/parquet.js';
import type { ObjectStore } from '../core/ports.js';
import type { Secrets } from '../core/secrets.js';
import { runDaily as defaultRunDaily, type RunOptions, type RunResult } from '../sources/run-sources.js';
import { dataLakeStore, getEnv, instrumented, loadSettings, logger, metrics, once } from './runtime.js';
import { METRIC } from '../core/telemetry.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

export interface IngestEvent {
  source: string;
  date?: string | null;
}

export interface IngestResult {
  source: string;
  date: string;
  ok: true;
  rowsLoaded: number;
  rowsRejected: number;
  alreadyLoaded: boolean;
}

/** The connectors' daily runner (functions/sources/run-sources.ts); tests pass a stand-in. */
export type RunDaily = (options: RunOptions) => Promise<RunResult>;

export interface IngestDeps {
  store: ObjectStore;
  config: Config;
  secrets: Secrets;
  encoder: ParquetEncoder;
  runDaily: RunDaily;
  now?: () => Date;
}

export class IngestError extends Error {
  override name = 'IngestError';
}

/** `YYYY-MM-DD` as is; an ISO instant → its local day in `timezone`; absent → today there. */
export function loadDay(date: string | null | undefined, timezone: string, now: Date): string {
  if (!date) return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const instant = DateTime.fromISO(date, { zone: 'utc' });
  if (!instant.isValid) throw new IngestError(`event.date: expected YYYY-MM-DD or an ISO instant, got "${date}"`);
  return instant.setZone(timezone).toISODate()!;
}

export function createIngestHandler(deps: () => Promise<IngestDeps>) {
  return async (event: IngestEvent, context?: object): Promise<IngestResult> =>
    instrumented(context, async () => {
      if (!event || typeof event.source !== 'string' || !/^[a-z][a-z0-9_]*$/.test(event.source)) {
        throw new IngestError(`event.source: expected a source name, got ${JSON.stringify(event?.source)}`);
      }
      const d = await deps();
      const now = (d.now ?? (() => new Date()))();
      const date = loadDay(event.date, d.config.timezone, now);
      logger.appendKeys({ source: event.source, date });
      const result = await d.runDaily({
        store: d.store,
        config: d.config,
        secrets: d.secrets,
        date,
        only: [event.source],
        now: () => now,
        // The JS Parquet writer: DuckDB's native binary is not in the bundle.
        encoder: d.encoder,
      });
      const outcome = result.sources.find((s) => s.source === event.source);
      if (!outcome) throw new IngestError(`source "${event.source}" is not enabled in the config`);
      if (!outcome.ok) throw new IngestError(`source "${event.source}" failed: ${outcome.error ?? 'no reason given'}`);
      const rowsLoaded = outcome.entities.reduce((n, e) => n + e.rowsLoaded, 0);
      const rowsRejected = outcome.entities.reduce((n, e) => n + e.rowsRejected, 0);
      metrics.addDimension('source', event.source);
      metrics.addMetric(METRIC.rowsLoaded, MetricUnit.Count, rowsLoaded);
      metrics.addMetric(METRIC.rowsRejected, MetricUnit.Count, rowsRejected);
      logger.info('source ingested', { rowsLoaded, rowsRejected, entities: outcome.entities.length });
      return {
        source: event.source,
        date,
        ok: true,
        rowsLoaded,
        rowsRejected,
        alreadyLoaded: outcome.entities.length > 0 && outcome.entities.every((e) => e.alreadyLoaded),
      };
    });
}

const awsDeps = once(async (): Promise<IngestDeps> => {
  const env = getEnv(['DATA_BUCKET', 'SETTINGS_PARAMETER']);
  const settings = await loadSettings(env.SETTINGS_PARAMETER);
  return {
    store: dataLakeStore(env.DATA_BUCKET),
    config: settings.config,
    secrets: new SecretsManagerSecrets({ prefix: settings.secretsPrefix }),
    encoder: new HyparquetEncoder(),
    runDaily: defaultRunDaily,
  };
});

export const handler = createIngestHandler(awsDeps);
