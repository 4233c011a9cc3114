/**
 * The one HTTP client every API connector uses: bounded retries with exponential backoff and
 * full jitter, Retry-After honoured, 5xx and 429 retried, one auth refresh on 401, and
 * vendor rules for errors that must not be retried (Salesforce REQUEST_LIMIT_EXCEEDED).
 * `fetch`, the clock and `sleep` are injected so tests run in milliseconds.
 */

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpDeps {
  fetch: FetchFn;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1); the jitter source. */
  random: () => number;
  now: () => number;
}

export const realHttpDeps = (): HttpDeps => ({
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
});

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when the body is not JSON. */
  json: unknown;
}

/** What to do with a response: accept it, retry it, refresh auth and retry, or fail. */
export type Verdict = 'ok' | 'retry' | 'refresh' | 'fail';

export interface HttpClientOptions {
  /** Names the vendor in errors, e.g. `hubspot`. */
  vendor: string;
  deps: HttpDeps;
  /** Total attempts per request, first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Auth headers for each attempt (called again after a refresh). */
  auth?: () => Promise<Record<string, string>>;
  /** Gets a new token after a 401; called at most once per request. */
  refresh?: () => Promise<void>;
  /** Vendor rules; the default retries 408/429/5xx, refreshes on 401 and fails other errors. */
  classify?: (res: HttpResponse) => Verdict | undefined;
  /** Short vendor error text from an error body, for messages. */
  describeError?: (res: HttpResponse) => string | undefined;
  /** Extra wait a vendor asks for (beyond Retry-After), in ms, e.g. from a usage header. */
  retryAfterMs?: (res: HttpResponse) => number | undefined;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Form-encoded body instead of JSON. */
  form?: Record<string, string>;
}

/** An HTTP request that failed for good; the message is one line and never holds secrets. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly vendor: string,
    /** True when the request may succeed later (exhausted retries on 429/5xx, network errors). */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** A paging cursor that came back twice: an error, never an endless loop. */
export class PagingError extends Error {
  override name = 'PagingError';
}

export interface HttpStats {
  requests: number;
  retries: number;
  refreshes: number;
  sleptMs: number;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, refreshes: 0, sleptMs: 0 };
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: HttpClientOptions) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  async get(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.request('GET', url, options);
  }

  async post(url: string, body: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.request('POST', url, { ...options, body });
  }

  async request(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const { deps, vendor } = this.options;
    const where = `${vendor}: ${method} ${pathOf(url)}`;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
      if (this.options.auth) Object.assign(headers, await this.options.auth());
      let body: string | undefined;
      if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(options.form).toString();
      } else if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      this.stats.requests++;
      let res: HttpResponse;
      try {
        const raw = await deps.fetch(url, { method, headers, body });
        const text = await raw.text();
        res = { status: raw.status, headers: raw.headers, text, json: parseJson(text) };
      } catch (err) {
        if (attempt >= this.maxAttempts) {
          throw new HttpError(`${where} failed after ${attempt} attempts: ${(err as Error).message}`, 0, vendor, true);
        }
        await this.backoff(attempt, undefined);
        continue;
      }
      const verdict = this.options.classify?.(res) ?? defaultVerdict(res.status);
      if (verdict === 'ok') return res;
      const detail = this.options.describeError?.(res) ?? genericError(res);
      if (verdict === 'refresh' && this.options.refresh && !refreshed) {
        refreshed = true;
        this.stats.refreshes++;
        await this.options.refresh();
        continue;
      }
      if (verdict === 'retry' && attempt < this.maxAttempts) {
        await this.backoff(attempt, res);
        continue;
      }
      const transient = verdict === 'retry';
      const suffix = transient ? ` (gave up after ${attempt} attempts)` : refreshed ? ' (after a token refresh)' : '';
      throw new HttpError(
        `${where} → HTTP ${res.status}${detail ? `: ${detail}` : ''}${suffix}`,
        res.status,
        vendor,
        transient,
      );
    }
  }

  /** Full jitter: a random wait in [0, min(max, base·2^n)], but never less than Retry-After. */
  private async backoff(attempt: number, res: HttpResponse | undefined): Promise<void> {
    const { deps } = this.options;
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    let wait = Math.floor(deps.random() * cap);
    if (res) {
      const asked = Math.max(
        retryAfterMs(res.headers.get('retry-after'), deps.now()) ?? 0,
        this.options.retryAfterMs?.(res) ?? 0,
      );
      if (asked > 0) wait = Math.max(wait, Math.min(asked, this.maxDelayMs * 5));
    }
    this.stats.retries++;
    this.stats.sleptMs += wait;
    await deps.sleep(wait);
  }
}

function defaultVerdict(status: number): Verdict {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'refresh';
  if (RETRYABLE.has(status) || status >= 500) return 'retry';
  return 'fail';
}

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function genericError(res: HttpResponse): string {
  const j = res.json as Record<string, unknown> | undefined;
  const msg = j && typeof j === 'object' ? (j.message ?? j.error_description ?? j.error) : undefined;
  const text = typeof msg === 'string' ? msg : typeof msg === 'object' && msg ? JSON.stringify(msg) : '';
  return oneLine(text);
}

export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The path of a URL without its query (queries may hold tokens or personal data). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/** Guards a paging loop: a cursor seen before in the same listing is an error. */
export class CursorGuard {
  private readonly seen = new Set<string>();
  constructor(private readonly where: string) {}
  check(cursor: string): void {
    if (this.seen.has(cursor)) {
      throw new PagingError(
        `${this.where}: the API returned the same paging cursor twice; stopping instead of looping`,
      );
    }
    this.seen.add(cursor);
  }
}
