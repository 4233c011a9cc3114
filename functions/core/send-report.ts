/**
 * Sends one rendered weekly report: both heads on `to` of ONE message (they read the same
 * email), reply-to from the config, and an idempotency key from week + recipients +
 * methodology version so a retried run never sends twice.
 */
import type { Config } from './config.js';
import { type Mailer, reportIdempotencyKey } from './mailer.js';
import type { FunnelReport } from './report-types.js';

export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
}

export interface SendReportResult {
  mailer: string;
  id: string;
  deduplicated: boolean;
  idempotencyKey: string;
  recipients: number;
  note?: string;
}

export async function sendWeeklyReport(args: {
  mailer: Mailer;
  report: Pick<FunnelReport, 'week' | 'methodologyVersion'>;
  rendered: RenderedReport;
  config: Pick<Config, 'report'>;
}): Promise<SendReportResult> {
  const { mailer, report, rendered, config } = args;
  const to = [...config.report.to];
  const idempotencyKey = reportIdempotencyKey(report.week, to, report.methodologyVersion);
  const result = await mailer.send({
    from: config.report.from,
    to,
    ...(config.report.replyTo ? { replyTo: config.report.replyTo } : {}),
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    idempotencyKey,
    label: report.week,
  });
  return {
    mailer: mailer.kind,
    id: result.id,
    deduplicated: result.deduplicated === true,
    idempotencyKey,
    recipients: to.length,
    ...(result.note ? { note: result.note } : {}),
  };
}
