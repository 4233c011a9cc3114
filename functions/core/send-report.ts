/**
 * Sends one rendered weekly report: both heads on `to` of ONE message (they read the same
 * email), reply-to from the config, and an idempotency key from week + recipients +
 * methodology version so a retried run never sends twice.
 */
import type { Config } from './config.js';
import { FreshnessHold, shouldHold, type Freshness } from './freshness.js';
import { IncompleteReportHold, unmeasured } from './report/coverage.js';
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

/**
 * Throws the hold that applies to a report before anything is sent: FreshnessHold when a source
 * is past `holdAfterHours`, IncompleteReportHold when a family of figures is not measured
 * (unless `allowIncomplete`). Each message is the one-line alert. The CLI and the Lambda both
 * call it, so one rule decides what is held.
 */
export function assertSendable(args: {
  report: Pick<FunnelReport, 'week' | 'coverage'>;
  freshness: Freshness;
  allowIncomplete?: boolean;
}): void {
  if (shouldHold(args.freshness).hold) throw new FreshnessHold(args.freshness);
  if (!args.allowIncomplete && unmeasured(args.report.coverage).length > 0) throw new IncompleteReportHold(args.report);
}

/**
 * The send path with its gates (see `assertSendable`); stale-but-not-held sources are
 * expected in the rendered footer (`freshness.footer` → the email's `dataWarnings`).
 */
export async function sendWeeklyReportIfFresh(
  args: Parameters<typeof sendWeeklyReport>[0] & {
    report: Pick<FunnelReport, 'coverage'>;
    freshness: Freshness;
    allowIncomplete?: boolean;
  },
): Promise<SendReportResult> {
  assertSendable(args);
  return sendWeeklyReport(args);
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
