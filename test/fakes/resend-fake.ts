/**
 * A strict local fake of the Resend API (POST /emails), on 127.0.0.1 and a random port.
 * Follows CONNECTORS.md §7: Bearer auth (401 missing_api_key / 403 invalid_api_key), body
 * validation (422 with Resend's error names), Idempotency-Key semantics (replay within 24 h,
 * 409 on a different payload or a concurrent request, 400 on a bad key), a 2 req/s rate
 * limit with `ratelimit-*` and `retry-after` headers, a switchable quota error, and 5xx
 * injection before or after the email is accepted. Attachments are checked as the API takes
 * them (`[{filename, content (base64) | path, content_type}]`, ≤ 40 MB; 422 invalid_attachment).
 * Every accepted email is recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  replyTo?: string | string[];
  idempotencyKey?: string;
  /** Attachments as received: `content` decoded from the base64 on the wire. */
  attachments?: FakeAttachment[];
}

export interface FakeAttachment {
  filename: string;
  contentType?: string;
  content: Buffer;
}

export interface FakeRequestLog {
  status: number;
  name?: string;
  idempotencyKey?: string;
  replayed?: boolean;
}

interface Fault {
  status: number;
  name: string;
  /** Accept (record + store the idempotent response) and still answer with the error. */
  afterAccept: boolean;
}

interface StoredResponse {
  payloadHash: string;
  at: number;
  status: number;
  body: unknown;
  inFlight: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const FROM = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

export interface ResendFakeOptions {
  apiKeys?: string[];
  /** Requests per second per team. @default 2 */
  rateLimit?: number;
  /** Milliseconds an accepted request stays "in flight" (to provoke concurrent requests). @default 0 */
  processingDelayMs?: number;
  now?: () => number;
}

export class ResendFake {
  readonly sent: FakeEmail[] = [];
  readonly requests: FakeRequestLog[] = [];
  /** Set to make every send fail with this quota error (429, never accepted). */
  quota: null | 'daily_quota_exceeded' | 'monthly_quota_exceeded' = null;
  private readonly faults: Fault[] = [];
  private readonly idempotency = new Map<string, StoredResponse>();
  private readonly windowHits: number[] = [];
  private readonly apiKeys: Set<string>;
  private readonly rateLimit: number;
  private readonly processingDelayMs: number;
  private readonly now: () => number;
  private server: Server | null = null;
  baseUrl = '';

  constructor(options: ResendFakeOptions = {}) {
    this.apiKeys = new Set(options.apiKeys ?? ['re_test_key']);
    this.rateLimit = options.rateLimit ?? 2;
    this.processingDelayMs = options.processingDelayMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** The next `count` requests (that pass auth) fail with `status`. */
  failNext(count: number, fault: Partial<Fault> = {}): void {
    for (let i = 0; i < count; i++) {
      this.faults.push({
        status: fault.status ?? 500,
        name: fault.name ?? 'internal_server_error',
        afterAccept: fault.afterAccept ?? false,
      });
    }
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.reply(res, 500, { statusCode: 500, name: 'internal_server_error', message: String(err) });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    key?: string,
    replayed = false,
  ): void {
    const name = status >= 400 && body && typeof body === 'object' ? (body as { name?: string }).name : undefined;
    this.requests.push({
      status,
      ...(name ? { name } : {}),
      ...(key ? { idempotencyKey: key } : {}),
      ...(replayed ? { replayed } : {}),
    });
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(
    res: ServerResponse,
    status: number,
    name: string,
    message: string,
    headers: Record<string, string> = {},
    key?: string,
  ): void {
    this.reply(res, status, { statusCode: status, name, message }, headers, key);
  }

  /** Sliding 1 s window per team; returns the headers every response carries. */
  private rateLimitHeaders(): { limited: boolean; headers: Record<string, string> } {
    const now = this.now();
    while (this.windowHits.length > 0 && (this.windowHits[0] ?? 0) <= now - 1000) this.windowHits.shift();
    const limited = this.windowHits.length >= this.rateLimit;
    if (!limited) this.windowHits.push(now);
    const oldest = this.windowHits[0] ?? now;
    const resetSeconds = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    const headers: Record<string, string> = {
      'ratelimit-limit': String(this.rateLimit),
      'ratelimit-remaining': String(Math.max(0, this.rateLimit - this.windowHits.length)),
      'ratelimit-reset': String(resetSeconds),
    };
    if (limited) headers['retry-after'] = String(resetSeconds);
    return { limited, headers };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (req.method !== 'POST' || req.url !== '/emails') {
      return this.error(
        res,
        req.url === '/emails' ? 405 : 404,
        req.url === '/emails' ? 'method_not_allowed' : 'not_found',
        'The requested endpoint does not exist.',
      );
    }

    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!token) return this.error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (!this.apiKeys.has(token)) return this.error(res, 403, 'invalid_api_key', 'API key is invalid.');

    const rate = this.rateLimitHeaders();
    if (rate.limited) {
      return this.error(
        res,
        429,
        'rate_limit_exceeded',
        'Too many requests. You can only make 2 requests per second.',
        rate.headers,
      );
    }
    const h = rate.headers;

    if (this.quota) {
      const what = this.quota === 'daily_quota_exceeded' ? 'daily' : 'monthly';
      return this.error(res, 429, this.quota, `You have reached your ${what} email sending quota.`, h);
    }

    const keyHeader = req.headers['idempotency-key'];
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (key !== undefined && (key.length < 1 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key))) {
      return this.error(res, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.', h);
    }

    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return this.error(res, 400, 'validation_error', 'Invalid JSON body.', h, key);
    }

    const invalid = validateBody(body);
    if (invalid) return this.error(res, 422, invalid.name, invalid.message, h, key);

    const payloadHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    if (key !== undefined) {
      const stored = this.idempotency.get(key);
      if (stored && stored.at > this.now() - DAY_MS) {
        if (stored.payloadHash !== payloadHash) {
          return this.error(
            res,
            409,
            'invalid_idempotent_request',
            'Same idempotency key used with a different request payload.',
            h,
            key,
          );
        }
        if (stored.inFlight) {
          return this.error(
            res,
            409,
            'concurrent_idempotent_requests',
            'Same idempotency key used while original request is still in progress.',
            h,
            key,
          );
        }
        return this.reply(res, stored.status, stored.body, h, key, true);
      }
    }

    const fault = this.faults.shift();
    if (fault && !fault.afterAccept) {
      return this.error(res, fault.status, fault.name, 'Injected failure before acceptance.', h, key);
    }

    const id = randomUUID();
    const entry: StoredResponse = { payloadHash, at: this.now(), status: 200, body: { id }, inFlight: true };
    if (key !== undefined) this.idempotency.set(key, entry);
    if (this.processingDelayMs > 0) await new Promise((r) => setTimeout(r, this.processingDelayMs));
    const to = typeof body.to === 'string' ? [body.to] : (body.to as string[]);
    this.sent.push({
      id,
      from: body.from as string,
      to,
      subject: body.subject as string,
      ...(typeof body.html === 'string' ? { html: body.html } : {}),
      ...(typeof body.text === 'string' ? { text: body.text } : {}),
      ...(body.reply_to !== undefined ? { replyTo: body.reply_to as string | string[] } : {}),
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      ...(Array.isArray(body.attachments) ? { attachments: receivedAttachments(body.attachments) } : {}),
    });
    entry.inFlight = false;

    if (fault?.afterAccept) {
      return this.error(res, fault.status, fault.name, 'Injected failure after the email was accepted.', h, key);
    }
    return this.reply(res, 200, { id }, h, key);
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function validateBody(body: Record<string, unknown>): { name: string; message: string } | null {
  const missing = (field: string) => ({ name: 'missing_required_field', message: `Missing \`${field}\` field.` });
  if (body.from === undefined || body.from === null || body.from === '') return missing('from');
  if (typeof body.from !== 'string' || !FROM.test(body.from.trim())) {
    return {
      name: 'invalid_from_address',
      message:
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    };
  }
  if (body.to === undefined || body.to === null || (Array.isArray(body.to) && body.to.length === 0) || body.to === '')
    return missing('to');
  const to = typeof body.to === 'string' ? [body.to] : body.to;
  if (!Array.isArray(to) || to.some((t) => typeof t !== 'string')) {
    return { name: 'validation_error', message: 'Invalid `to` field. It must be a string or an array of strings.' };
  }
  if (to.length > 50)
    return { name: 'validation_error', message: 'Invalid `to` field. The maximum number of recipients is 50.' };
  for (const t of to as string[]) {
    const address = /<([^<>]+)>\s*$/.exec(t)?.[1] ?? t;
    if (!EMAIL.test(address.trim())) {
      return {
        name: 'validation_error',
        message:
          'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
      };
    }
  }
  if (body.subject === undefined || body.subject === null || body.subject === '') return missing('subject');
  if (typeof body.subject !== 'string') return { name: 'validation_error', message: 'Invalid `subject` field.' };
  const hasContent = ['html', 'text', 'react', 'template'].some(
    (f) => typeof body[f] === 'string' || (f === 'template' && body[f]),
  );
  if (!hasContent) return missing('html` or `text');
  return body.attachments === undefined ? null : validateAttachments(body.attachments);
}

/** ≤ 40 MB per email, counted on the base64 as sent (CONNECTORS.md §7). */
const MAX_ATTACHMENTS_BYTES = 40 * 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateAttachments(value: unknown): { name: string; message: string } | null {
  const invalid = (message: string) => ({ name: 'invalid_attachment', message });
  if (!Array.isArray(value)) {
    return { name: 'validation_error', message: 'Invalid `attachments` field. It must be an array of objects.' };
  }
  let total = 0;
  for (const [i, a] of value.entries()) {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return invalid(`Attachment ${i} must be an object.`);
    const { content, path, filename, content_type: contentType } = a as Record<string, unknown>;
    if (content === undefined && path === undefined) return invalid(`Attachment ${i} needs \`content\` or \`path\`.`);
    if (content !== undefined && path !== undefined)
      return invalid(`Attachment ${i} has both \`content\` and \`path\`.`);
    if (path !== undefined && (typeof path !== 'string' || !/^https?:\/\//.test(path))) {
      return invalid(`Attachment ${i}: \`path\` must be an http(s) URL.`);
    }
    if (content !== undefined) {
      if (typeof content !== 'string' || content.length === 0 || !BASE64.test(content)) {
        return invalid(`Attachment ${i}: \`content\` must be the file's Base64 encoded content.`);
      }
      if (typeof filename !== 'string' || filename.trim() === '') {
        return invalid(`Attachment ${i}: \`filename\` is required with \`content\`.`);
      }
      total += content.length;
    }
    if (filename !== undefined && (typeof filename !== 'string' || /[/\\\r\n]/.test(filename))) {
      return invalid(`Attachment ${i}: \`filename\` must be a file name without a path.`);
    }
    if (contentType !== undefined && (typeof contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+/.test(contentType))) {
      return invalid(`Attachment ${i}: \`content_type\` must be a MIME type.`);
    }
  }
  if (total > MAX_ATTACHMENTS_BYTES) return invalid('Attachments exceed the 40 MB limit per email.');
  return null;
}

function receivedAttachments(list: unknown[]): FakeAttachment[] {
  return list.map((raw) => {
    const a = raw as { filename?: string; content?: string; content_type?: string };
    return {
      filename: a.filename ?? '',
      ...(a.content_type !== undefined ? { contentType: a.content_type } : {}),
      content: Buffer.from(a.content ?? '', 'base64'),
    };
  });
}
