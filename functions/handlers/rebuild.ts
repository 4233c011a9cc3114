/**
 * Rebuild Lambda: `funnel rebuild` on AWS (functions/core/rebuild.ts), one step of the Rebuild
 * state machine. Each invocation stages loads until its time budget is nearly spent and
 * returns `done: false`; the state machine invokes it again, and the staging already done is
 * kept (the rebuild resumes where it stopped). The last step commits and switches.
 * Event: `{}`, `{ "keepMissingRaw": true }` and/or `{ "reread": true }` (accept files today's
 * config reads otherwise than their loads did, each listed in the summary). A refusal (raw missing, a load that cannot be
 * replayed) fails with `RebuildError` and one line naming the load; the tables stay as they were.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HyparquetEncoder } from '../adapters/hyparquet-encoder.js';
import type { Config } from '../core/config.js';
import type { ParquetEncoder } from '../core/parquet.js';
import type { ObjectStore } from '../core/ports.js';
import { rebuild, type ReplayLoad, type RebuildSummary } from '../core/rebuild.js';
import { replayLoad } from '../sources/replay.js';
import { dataLakeStore, getEnv, instrumented, loadSettings, logger, metrics, once } from './runtime.js';
import { METRIC } from '../core/telemetry.js';

export interface RebuildEvent {
  keepMissingRaw?: boolean;
  /** Accept files read otherwise than their loads did (core/rebuild.ts `RebuildOptions.reread`). */
  reread?: boolean;
}

export interface RebuildResult {
  /** False when the time budget ran out while staging: invoke again with the same event. */
  done: boolean;
  keepMissingRaw: boolean;
  /** Passed on to the next step, as `keepMissingRaw` is. */
  reread: boolean;
  summary: RebuildSummary;
}

export interface RebuildHandlerDeps {
  store: ObjectStore;
  config: Config;
  encoder: ParquetEncoder;
  replay: ReplayLoad;
}

/** Time left for the commit and switch after staging stops (a switch copies every changed object). */
export const SWITCH_RESERVE_MS = 5 * 60_000;

export function createRebuildHandler(deps: () => Promise<RebuildHandlerDeps>) {
  return async (
    event: RebuildEvent | null,
    context?: { getRemainingTimeInMillis?: () => number },
  ): Promise<RebuildResult> =>
    instrumented(context, async () => {
      const d = await deps();
      const keepMissingRaw = event?.keepMissingRaw === true;
      const reread = event?.reread === true;
      const remaining = context?.getRemainingTimeInMillis?.bind(context);
      const summary = await rebuild(
        {
          store: d.store,
          config: d.config,
          encoder: d.encoder,
          replay: d.replay,
          progress: (line) => logger.info(line),
        },
        { keepMissingRaw, reread, shouldPause: remaining ? () => remaining() < SWITCH_RESERVE_MS : undefined },
      );
      metrics.addMetric(METRIC.rawFilesReplayed, MetricUnit.Count, summary.rawReplayed);
      logger.info('rebuild step', { ...summary });
      return { done: summary.status !== 'paused', keepMissingRaw, reread, summary };
    });
}

const awsDeps = once(async (): Promise<RebuildHandlerDeps> => {
  const env = getEnv(['DATA_BUCKET', 'SETTINGS_PARAMETER']);
  const settings = await loadSettings(env.SETTINGS_PARAMETER);
  return {
    store: dataLakeStore(env.DATA_BUCKET),
    config: settings.config,
    // The JS Parquet writer: DuckDB's native binary is not in the bundle.
    encoder: new HyparquetEncoder(),
    replay: replayLoad,
  };
});

export const handler = createRebuildHandler(awsDeps);
