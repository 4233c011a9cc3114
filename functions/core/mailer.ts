/**
 * The Mailer port (SPEC §2: Resend | outbox folder) and the idempotency key that makes a
 * retried report run send at most once.
 */
import { createHash } from 'node:crypto';

/** A file attached to a message (Resend `attachments`, a MIME part of the outbox `.eml`). */
export interface MailAttachment {
  /** Plain file name, no path, e.g. `overdue-leads-2026-W47.csv`. */
  filename: string;
  /** MIME type with parameters, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  /** The file's bytes. */
  content: Uint8Array;
}

export interface MailMessage {
  /** "Name <address@domain>" or a bare address. */
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Same key + same message = one email, however often `send` is called (1–256 chars). */
  idempotencyKey: string;
  /** Files attached to the message; none when absent or empty. */
  attachments?: MailAttachment[];
  /** Short, file-safe label for local copies (the outbox names files after it), e.g. the week. */
  label?: string;
}

export interface SendResult {
  id: string;
  /** True when nothing new was sent because this key was already sent. */
  deduplicated?: boolean;
  /** One line for the operator, e.g. why a send was deduplicated. No personal data. */
  note?: string;
}

export interface Mailer {
  /** "resend" or "outbox", for messages to the operator. */
  readonly kind: string;
  send(message: MailMessage): Promise<SendResult>;
}

/** A send that failed for good; `message` is one line, names the cause, holds no personal data. */
export class MailerError extends Error {
  override name = 'MailerError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The bare address of "Name <a@b>" or "a@b", lower-cased and trimmed. */
export function addressOf(recipient: string): string {
  const m = /<([^<>]+)>\s*$/.exec(recipient);
  return (m?.[1] ?? recipient).trim().toLowerCase();
}

const KEY_PREFIX = 'funnel-report';

/**
 * Idempotency key of one weekly report: the week, the recipients (as a set: order, case and
 * display names do not matter) and the methodology version. A re-run for the same week and
 * people is the same send; a new methodology or a changed recipient list is a new one.
 * Shape: `funnel-report-2026-W47-<32 hex>` (≤ 64 chars, far below Resend's 256).
 */
export function reportIdempotencyKey(week: string, recipients: readonly string[], methodologyVersion: string): string {
  const people = [...new Set(recipients.map(addressOf))].sort();
  const hash = createHash('sha256')
    .update(JSON.stringify({ v: 1, week, recipients: people, methodologyVersion }))
    .digest('hex')
    .slice(0, 32);
  const safeWeek = week.replace(/[^A-Za-z0-9-]/g, '').slice(0, 16) || 'week';
  return `${KEY_PREFIX}-${safeWeek}-${hash}`;
}

/** A short, file-safe digest of any idempotency key (for local file names). */
export function keyDigest(idempotencyKey: string, length = 12): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, length);
}
