/**
 * Report Lambda: build the FunnelReport for one ISO week (core), keep its JSON in S3, send
 * it once. Event: `{ "week": "2026-W47" }` or `{ "week": null }` for the last full week in
 * the configured time zone. A sent marker (conditional write) makes retries and re-runs
 * of the same week no-ops, so nobody gets the email twice.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaEngine } from '../adapters/athena-engine.js';
import { SecretsManagerSecrets } from '../adapters/secrets-manager.js';
import type { Config } from '../core/config.js';
import { assertMartsCurrent, assertMartsUnchanged, shippedMartsDigest } from '../core/marts-state.js';
import type { ObjectStore, QueryEngine } from '../core/ports.js';
import { buildReport, buildTrend } from '../core/report/build-report.js';
import { buildReportAttachments } from '../core/report/attachments.js';
import { assessFreshness, configuredSources, FreshnessHold, lastSuccessfulLoads } from '../core/freshness.js';
import type { Secrets } from '../core/secrets.js';
import { lastFullWeek, parseWeek } from '../core/weeks.js';
import { IncompleteReportHold, leadsHold, unmeasured } from '../core/report/coverage.js';
import { sendWeeklyReportOnce, sentMarker, type SendOnceResult } from '../core/send-report.js';
import { deliverReport as defaultDeliver, type DeliverReport } from './deliver-report.js';
import { dataLakeStore, getEnv, instrumented, loadSettings, log, logger, metrics, once, tracer } from './runtime.js';
import { METRIC, reportKey, sentKey, type ReportEvent } from '../core/telemetry.js';

export interface ReportResult {
  week: string;
  sent: boolean;
  alreadySent: boolean;
  reportKey: string;
  messageId: string | null;
}

export interface ReportHandlerDeps {
  engine: QueryEngine;
  store: ObjectStore;
  config: Config;
  secrets: Secrets;
  deliver: DeliverReport;
  now?: () => Date;
}

export { reportKey, sentKey, type ReportEvent };

export function createReportHandler(deps: () => Promise<ReportHandlerDeps>) {
  return async (event: ReportEvent, context?: object): Promise<ReportResult> =>
    instrumented(context, async () => {
      const d = await deps();
      const now = (d.now ?? (() => new Date()))();
      const week = event?.week ? parseWeek(event.week, d.config.timezone) : lastFullWeek(now, d.config.timezone);
      logger.appendKeys({ week: week.id });
      const key = reportKey(week.id);
      // Checked early too, so a re-run of a sent week costs no Athena query.
      const previous = await sentMarker(d.store, week.id);
      if (previous) {
        logger.info('weekly report already sent; nothing to do');
        return { week: week.id, sent: false, alreadySent: true, reportKey: key, messageId: previous.messageId ?? null };
      }

      // Stale numbers are never mailed: past holdAfterHours the run fails with the reason (→ alarm).
      const freshness = assessFreshness(await lastSuccessfulLoads(d.store, configuredSources(d.config)), now, d.config);
      if (freshness.hold) {
        logger.error('weekly report held: stale sources', { stale: freshness.stale });
        throw new FreshnessHold(freshness);
      }
      // Figures from model tables that miss loads would be silently low: refuse (→ alarm).
      const martsRun = await assertMartsCurrent(d.store, shippedMartsDigest(d.config));
      const report = await buildReport({ engine: d.engine, store: d.store, config: d.config }, week, { now });
      // Every query read the same run: a refresh that switched the views meanwhile fails the run (→ retry).
      await assertMartsUnchanged(d.store, martsRun);
      await d.store.put(key, JSON.stringify(report, null, 2));
      // The drill-down CSVs the email carries; sendWeeklyReportOnce stores them beside the report once sent.
      const attachments = buildReportAttachments(report, d.config.locale);
      // Figures on data that is not loaded are never mailed: the run fails with the reason (→ alarm).
      let result: SendOnceResult;
      try {
        result = await sendWeeklyReportOnce({
          store: d.store,
          report,
          freshness,
          allowIncomplete: d.config.report.allowIncomplete,
          now,
          attachments,
          deliver: async (files) =>
            d.deliver(
              report,
              {
                config: d.config,
                secrets: d.secrets,
                log: (line) => logger.info(line),
                dataWarnings: freshness.footer,
                attachments: files,
              },
              await buildTrend(d.engine, week, d.store, { report }),
            ),
        });
      } catch (err) {
        if (err instanceof IncompleteReportHold)
          logger.error('weekly report held: not measured', {
            notMeasured: [...unmeasured(report.coverage), ...(leadsHold(report.coverage) ? ['leads'] : [])],
          });
        throw err;
      }
      if (result.alreadySent) {
        logger.info('weekly report already sent; nothing to do');
        return { week: week.id, sent: false, alreadySent: true, reportKey: key, messageId: result.marker.messageId };
      }
      const delivery = result.sent;
      metrics.addMetric(METRIC.weeklyReportSent, MetricUnit.Count, 1);
      // Counts only: the report's overdue leads carry email keys, which stay out of logs.
      logger.info('weekly report sent', {
        recipients: delivery.recipients,
        deduplicated: delivery.deduplicated,
        leads: report.totals.leads,
        opportunities: report.totals.opportunities,
      });
      return { week: week.id, sent: true, alreadySent: false, reportKey: key, messageId: delivery.id };
    });
}

const awsDeps = once(async (): Promise<ReportHandlerDeps> => {
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
    config: settings.config,
    secrets: new SecretsManagerSecrets({ prefix: settings.secretsPrefix }),
    deliver: defaultDeliver,
  };
});

export const handler = createReportHandler(awsDeps);

/** The delivery the handler uses, exported so test/infra/bundles.test.ts can drive it inside the built bundle. */
export { defaultDeliver as deliverReport };
