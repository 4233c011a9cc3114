/**
 * Renders the weekly report email (emails/, React Email) with its CSV attachments and sends it through Resend with the
 * API key from Secrets Manager (`<prefix>/resend`, JSON `{"apiKey": "re_…"}`). The idempotency
 * key (week + recipients + methodology) makes Resend drop a repeated send.
 */
import { renderWeeklyReport } from '../../emails/render.js';
import { ResendMailer } from '../adapters/resend-mailer.js';
import { emailLocale, type Config } from '../core/config.js';
import { buildReportAttachments, summarizeAttachments, type ReportAttachment } from '../core/report/attachments.js';
import type { FunnelReport, WeeklyFigures } from '../core/report-types.js';
import { getJsonSecret, SecretError, type Secrets } from '../core/secrets.js';
import { sendWeeklyReport } from '../core/send-report.js';

export interface DeliveryContext {
  config: Config;
  secrets: Secrets;
  log?: (line: string) => void;
  /** Lines for the data-health footer, e.g. stale sources. */
  dataWarnings?: string[];
  /** Resend API base URL (tests point it at the local fake). @default https://api.resend.com */
  resendBaseUrl?: string;
  /** The CSVs to attach, as the sender stores them. @default buildReportAttachments(report) */
  attachments?: readonly ReportAttachment[];
}

export interface Delivery {
  /** The provider's message id. */
  id: string;
  recipients: number;
  deduplicated: boolean;
}

/** `trend`: the figures of the report week and the weeks before it, oldest first (the 4-week trend). */
export type DeliverReport = (report: FunnelReport, ctx: DeliveryContext, trend?: WeeklyFigures[]) => Promise<Delivery>;

export const deliverReport: DeliverReport = async (report, ctx, trend) => {
  const secret = await getJsonSecret(ctx.secrets, 'resend');
  if (typeof secret.apiKey !== 'string') throw new SecretError('secret "resend": expected {"apiKey": "re_…"}');
  const attachments = ctx.attachments ?? buildReportAttachments(report, ctx.config.locale);
  const rendered = await renderWeeklyReport({
    report,
    attachments: summarizeAttachments(attachments),
    trend: trend ?? [report.previous, report.totals],
    ...(ctx.dataWarnings && ctx.dataWarnings.length > 0 ? { dataWarnings: ctx.dataWarnings } : {}),
    locale: emailLocale(ctx.config),
    methodologyUrl: ctx.config.report.methodologyUrl,
    followUpSlaHours: ctx.config.followUpSlaHours,
  });
  const sent = await sendWeeklyReport({
    mailer: new ResendMailer({
      apiKey: secret.apiKey,
      ...(ctx.log ? { log: ctx.log } : {}),
      ...(ctx.resendBaseUrl ? { baseUrl: ctx.resendBaseUrl } : {}),
    }),
    report,
    rendered,
    config: ctx.config,
    attachments,
  });
  return { id: sent.id, recipients: sent.recipients, deduplicated: sent.deduplicated };
};
