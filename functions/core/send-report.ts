/**
 * Sends one rendered weekly report: both heads on `to` of ONE message (they read the same
 * email), reply-to from the config, and an idempotency key from week + recipients +
 * methodology version so a retried run never sends twice.
 */
import { REPORT_TO_PLACEHOLDERS, type Config } from './config.js';
import { FreshnessHold, shouldHold, type Freshness } from './freshness.js';
import { IncompleteReportHold, leadsHold, unmeasured } from './report/coverage.js';
import { type Mailer, MailerError, reportIdempotencyKey } from './mailer.js';
import type { ObjectStore } from './ports.js';
import type { FunnelReport, WeeklyFigures } from './report-types.js';
import type { ReportAttachment } from './report/attachments.js';
import { attachmentKey, sentKey } from './telemetry.js';

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
 * is past `holdAfterHours`, IncompleteReportHold when a family of figures is not measured or a
 * leads source stops short of the week (leadsHold; unless `allowIncomplete`). Each message is the one-line alert. The CLI and the Lambda both
 * call it, so one rule decides what is held.
 */
export function assertSendable(args: {
  report: Pick<FunnelReport, 'week' | 'coverage'>;
  freshness: Freshness;
  allowIncomplete?: boolean;
}): void {
  if (shouldHold(args.freshness).hold) throw new FreshnessHold(args.freshness);
  if (!args.allowIncomplete && (unmeasured(args.report.coverage).length > 0 || leadsHold(args.report.coverage)))
    throw new IncompleteReportHold(args.report);
}

/** What the sent marker (`reports/<week>/sent.json`) records. */
export interface SentMarker {
  week: string;
  messageId: string;
  sentAt: string;
  recipients: number;
  /** The figures as sent, so a later report can say which of them were restated. */
  totals?: WeeklyFigures;
  /** The reporting currency of the money figures sent (absent in markers written before 1.11). */
  currency?: string;
  /** The methodology version the figures were built with (absent in markers written before 1.11). */
  methodologyVersion?: string;
}

/** The sent marker of `week`, or null when it has not been sent from this store. */
export async function sentMarker(store: ObjectStore, week: string): Promise<SentMarker | null> {
  const body = await store.get(sentKey(week));
  return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as SentMarker) : null;
}

export type SendOnceResult =
  | { alreadySent: true; marker: SentMarker }
  | {
      alreadySent: false;
      sent: Pick<SendReportResult, 'id' | 'recipients' | 'deduplicated'> & Partial<SendReportResult>;
    };

/**
 * THE send path of the weekly report, for the CLI (`funnel report --send`) and the report
 * Lambda alike: a week with a sent marker in the store is not sent again; else the holds
 * (`assertSendable`) apply, `deliver` sends (through `sendWeeklyReport`, whose idempotency key
 * makes the provider drop a repeat), the `attachments` (the CSVs the email carries) are stored
 * beside the report under `reports/<week>/<filename>`, and the marker is written (conditional
 * put) so a re-run or a retry sends nothing twice. Throws FreshnessHold or IncompleteReportHold
 * before sending.
 */
export async function sendWeeklyReportOnce(args: {
  store: ObjectStore;
  report: Pick<FunnelReport, 'week' | 'coverage' | 'totals' | 'currency' | 'methodologyVersion'>;
  freshness: Freshness;
  allowIncomplete?: boolean;
  now: Date;
  /** The CSVs to attach (`buildReportAttachments`): handed to `deliver`, stored once it has sent them. */
  attachments?: readonly ReportAttachment[];
  deliver: (
    attachments: readonly ReportAttachment[],
  ) => Promise<Pick<SendReportResult, 'id' | 'recipients' | 'deduplicated'> & Partial<SendReportResult>>;
}): Promise<SendOnceResult> {
  const { store, report } = args;
  const marker = await sentMarker(store, report.week);
  if (marker) return { alreadySent: true, marker };
  assertSendable(args);
  const attachments = args.attachments ?? [];
  const sent = await args.deliver(attachments);
  // Stored only when this run sent the email: a send the provider dropped as a repeat (same key,
  // other content) was sent with other files, which must not be replaced by these. Written once:
  // a run that stopped before the marker leaves what it sent, never a second version.
  if (!sent.deduplicated) {
    for (const a of attachments) await store.putIfAbsent(attachmentKey(report.week, a.filename), a.csv);
  }
  const written: SentMarker = {
    week: report.week,
    messageId: sent.id,
    sentAt: args.now.toISOString(),
    recipients: sent.recipients,
    totals: report.totals,
    currency: report.currency,
    methodologyVersion: report.methodologyVersion,
  };
  await store.putIfAbsent(sentKey(report.week), JSON.stringify(written));
  return { alreadySent: false, sent };
}

/** The bare, lower-case address of `Name <user@domain>` or `user@domain`. */
function bareAddress(address: string): string {
  return (/<([^>]*)>/.exec(address)?.[1] ?? address).trim().toLowerCase();
}

/**
 * Refuses a send that cannot reach the two heads: `config.report.to` empty, or, through a real
 * provider (any mailer but the local outbox), still the placeholders the config defaults to and
 * cdk.json ships with (`REPORT_TO_PLACEHOLDERS`, on example.com, which never receives mail).
 * Refused before anything is sent, so no sent marker is written and the week can be sent once
 * the config names the recipients. The outbox takes the placeholders: a local trial needs no
 * config. Throws MailerError (code `no_recipients` or `placeholder_recipients`).
 */
export function assertRecipients(to: readonly string[], mailerKind: string): void {
  if (to.length === 0)
    throw new MailerError(
      'config report.to names no recipient: set it to the head of marketing and the head of sales; nothing was sent',
      'no_recipients',
    );
  const placeholders = new Set<string>(REPORT_TO_PLACEHOLDERS);
  if (mailerKind !== 'outbox' && to.every((a) => placeholders.has(bareAddress(a))))
    throw new MailerError(
      `config report.to is still the placeholder ${REPORT_TO_PLACEHOLDERS.join(', ')} (example.com never receives mail): set it to the head of marketing and the head of sales; nothing was sent`,
      'placeholder_recipients',
    );
}

export async function sendWeeklyReport(args: {
  mailer: Mailer;
  report: Pick<FunnelReport, 'week' | 'methodologyVersion'>;
  rendered: RenderedReport;
  config: Pick<Config, 'report'>;
  /** The CSVs to attach (`buildReportAttachments`); none when absent. */
  attachments?: readonly ReportAttachment[];
}): Promise<SendReportResult> {
  const { mailer, report, rendered, config } = args;
  const attachments = (args.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.csv, 'utf8'),
  }));
  const to = [...config.report.to];
  assertRecipients(to, mailer.kind);
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
    ...(attachments.length > 0 ? { attachments } : {}),
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
