/**
 * The Resend Mailer. The SDK neither throws nor retries (it returns `{ data, error, headers }`),
 * so the retry policy lives here:
 * - 429 `rate_limit_exceeded`: wait `retry-after` (bounded), then retry;
 * - 429 `daily_quota_exceeded` / `monthly_quota_exceeded`: fail at once, never retried;
 * - 5xx, network errors, 409 `concurrent_idempotent_requests`: bounded backoff, retried with
 *   the SAME Idempotency-Key, so a request Resend accepted before failing is not sent twice;
 * - 401/403/4xx validation: fail at once with one line naming the Resend error.
 * Log lines carry status, error name and timing only, never addresses or content.
 */
import { Resend } from 'resend';
import { type MailMessage, type Mailer, MailerError, type SendResult } from '../core/mailer.js';

export interface ResendMailerOptions {
  apiKey: string;
  /** The API base URL (tests point it at the local fake). @default https://api.resend.com */
  baseUrl?: string;
  /** Attempts in all, first one included. @default 4 */
  maxAttempts?: number;
  /** A `retry-after` longer than this fails instead of waiting. @default 60_000 */
  maxRetryAfterMs?: number;
  /** First backoff after a 5xx/network error; doubles each time, capped at 8 s. @default 500 */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

interface ResendErrorLike {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

const NO_RETRY_QUOTA = new Set(['daily_quota_exceeded', 'monthly_quota_exceeded']);

export class ResendMailer implements Mailer {
  readonly kind = 'resend';
  private readonly client: Resend;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(options: ResendMailerOptions) {
    if (!options.apiKey?.trim()) {
      throw new MailerError(
        'resend: RESEND_API_KEY is empty; set it or leave it unset to use the outbox',
        'missing_api_key',
      );
    }
    this.client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.log = options.log ?? ((line) => console.warn(line));
  }

  async send(message: MailMessage): Promise<SendResult> {
    const payload = {
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      // The SDK sends binary content as base64 `content` with `filename` and `content_type`.
      ...(message.attachments?.length
        ? {
            attachments: message.attachments.map((a) => ({
              filename: a.filename,
              content: Buffer.from(a.content),
              contentType: a.contentType,
            })),
          }
        : {}),
    };
    let backoff = this.backoffMs;
    for (let attempt = 1; ; attempt++) {
      const { data, error, headers } = await this.client.emails.send(payload, {
        idempotencyKey: message.idempotencyKey,
      });
      if (data) return { id: data.id };
      const err: ResendErrorLike = error ?? {};
      const name = err.name ?? 'unknown_error';
      const status = typeof err.statusCode === 'number' ? err.statusCode : null;
      const where = `resend: ${status ?? 'no response'} ${name}`;
      const last = attempt >= this.maxAttempts;

      if (name === 'invalid_idempotent_request') {
        // Same key, different content within Resend's 24 h window: this week's report already
        // went to these recipients (from an earlier run on other data). Sending again is what
        // the key exists to prevent.
        return {
          id: '',
          deduplicated: true,
          note: `${where}: this week's report was already sent to these recipients within 24 h with different content; not sent again`,
        };
      }
      if (NO_RETRY_QUOTA.has(name)) {
        throw new MailerError(`${where}: ${oneLine(err.message)} (quota errors are not retried)`, name, status);
      }
      if (name === 'rate_limit_exceeded' || status === 429) {
        const waitMs = retryAfterMs(headers);
        if (waitMs > this.maxRetryAfterMs) {
          throw new MailerError(
            `${where}: retry-after ${Math.ceil(waitMs / 1000)} s is longer than allowed; not retried`,
            name,
            status,
          );
        }
        if (last) throw new MailerError(`${where}: still rate limited after ${attempt} attempts`, name, status);
        this.log(`${where}: retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1}/${this.maxAttempts})`);
        await this.sleep(waitMs);
        continue;
      }
      const transient = status === null || status >= 500 || name === 'concurrent_idempotent_requests';
      if (transient) {
        if (last) {
          throw new MailerError(`${where}: ${oneLine(err.message)} (gave up after ${attempt} attempts)`, name, status);
        }
        this.log(
          `${where}: retrying with the same idempotency key in ${(backoff / 1000).toFixed(1)} s (attempt ${attempt + 1}/${this.maxAttempts})`,
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 8_000);
        continue;
      }
      throw new MailerError(`${where}: ${oneLine(err.message)}${hint(name)}`, name, status);
    }
  }
}

function oneLine(text: string | undefined): string {
  return (text ?? 'no message').replace(/\s+/g, ' ').trim().slice(0, 300);
}

function hint(name: string): string {
  switch (name) {
    case 'missing_api_key':
    case 'invalid_api_key':
    case 'restricted_api_key':
      return ' (check RESEND_API_KEY: it must be a full-access or sending key of this team)';
    case 'invalid_from_address':
      return ' (check report.from in the config: a verified domain, "Name <address@domain>")';
    default:
      return '';
  }
}

/** `retry-after` in seconds (or an HTTP date), else `ratelimit-reset`, else 1 s. */
function retryAfterMs(headers: Record<string, string> | null): number {
  const value = headers?.['retry-after'] ?? headers?.['ratelimit-reset'];
  if (value !== undefined) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, seconds) * 1000;
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(1000, date - Date.now());
  }
  return 1000;
}
