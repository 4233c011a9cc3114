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
  /**
   * Client-side pacing to the vendor's documented rate: at most `limit` requests (attempts)
   * in any `windowMs`. Waiting before a request is cheaper than a 429 and its backoff.
   */
  pace?: RateWindow;
  /**
   * The source's shared limiter (one per vendor account): give every client of a source the
   * same one so their requests, sequential or concurrent, share one budget. Wins over `pace`.
   */
  limiter?: RateLimiter;
  /** Whether a response is the vendor's throttle answer (default: HTTP 429). */
  isThrottle?: (res: HttpResponse) => boolean;
  /**
   * A wait in ms a successful response announces (e.g. a remaining-quota header at 0 until its
   * reset); every request of the source pauses that long.
   */
  quotaWaitMs?: (res: HttpResponse) => number | undefined;
}

export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** A request admitted by the limiter; `release()` when its response has arrived. */
export interface Slot {
  /** Milliseconds the caller waited for it. */
  waited: number;
  /** When it was admitted. */
  sentAt: number;
  release(): void;
}

export interface RateLimiterOptions {
  /**
   * With no fixed window: requests go one at a time until the first 429, then the window
   * becomes what the server accepted in the trailing `learnWindowMs` and concurrent callers
   * share it. For vendors that publish no rate.
   */
  learnWindowMs?: number;
}

/**
 * The one rate limiter per vendor account (session): every HTTP client of a source and every
 * concurrent stream of it take their requests from it, so parallel pulls never exceed the
 * vendor's rate together. A sliding window: `acquire()` resolves when one more request fits in
 * the window and counts it; `release()` moves that request's time to when its response
 * arrived, which is never earlier than when the server counted it, so the client's window never
 * runs ahead of the server's. A vendor's wait (Retry-After, a quota header at 0) pauses every
 * caller, and a 429 on a source with no known rate teaches the limiter the rate (`learnWindowMs`).
 */
export class RateLimiter {
  /** Requests in the window: `t` is when each was sent, then when its answer arrived. */
  private readonly slots: Array<{ t: number; done: boolean }> = [];
  private pausedUntil = 0;
  private window: RateWindow | undefined;
  private learntAt: number | undefined;
  /** Probing an unknown rate: one request at a time; these wait for the one in flight. */
  private inFlight = 0;
  private readonly idle: Array<() => void> = [];

  constructor(
    window: RateWindow | undefined,
    private readonly deps: Pick<HttpDeps, 'now' | 'sleep'>,
    private readonly options: RateLimiterOptions = {},
  ) {
    if (window && !(window.limit >= 1 && window.windowMs > 0)) {
      throw new Error(`pacing needs limit ≥ 1 and windowMs > 0, got ${window.limit}/${window.windowMs} ms`);
    }
    this.window = window ? { ...window } : undefined;
  }

  /** The window in force (configured or learnt from a 429), if any. */
  get rate(): RateWindow | undefined {
    return this.window ? { ...this.window } : undefined;
  }

  /** Whether requests are paced (a window is configured or was learnt). */
  get pacing(): boolean {
    return this.window !== undefined;
  }

  async acquire(): Promise<Slot> {
    let waited = 0;
    for (;;) {
      if (this.probing && this.inFlight > 0) {
        await this.nextRelease();
        continue;
      }
      const now = this.deps.now();
      this.prune(now);
      let ms = this.pausedUntil - now;
      if (ms <= 0 && this.window && this.slots.length >= this.window.limit) {
        const answered = this.slots.filter((s) => s.done);
        if (answered.length === 0) {
          // The window is full of requests still in flight: the first answer frees nothing yet
          // but tells when a slot will leave the window.
          await this.nextRelease();
          continue;
        }
        ms = Math.max(1, Math.min(...answered.map((s) => s.t)) + this.window.windowMs - now);
      }
      if (ms <= 0) {
        const slot = { t: now, done: false };
        if (this.window || this.options.learnWindowMs) this.slots.push(slot);
        this.inFlight++;
        let released = false;
        return {
          waited,
          sentAt: now,
          release: () => {
            if (released) return;
            released = true;
            slot.t = Math.max(slot.t, this.deps.now());
            slot.done = true;
            this.inFlight--;
            this.idle.splice(0).forEach((wake) => wake());
          },
        };
      }
      waited += ms;
      await this.deps.sleep(ms);
    }
  }

  /** Every caller waits until `ms` from now (a vendor's Retry-After or quota reset). */
  pauseFor(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.deps.now() + ms);
  }

  /**
   * A 429 arrived for `slot`'s request. With learning on and no window yet, the window becomes
   * what the server accepted in the trailing `learnWindowMs` (the throttled request excluded);
   * a learnt window that is throttled again shrinks by one.
   */
  throttled(slot?: Slot): void {
    const learn = this.options.learnWindowMs;
    if (!learn) return;
    const now = this.deps.now();
    const accepted = this.slots.filter((s) => s.t > now - learn).length - (slot ? 1 : 0);
    if (!this.window) {
      this.window = { limit: Math.max(1, accepted), windowMs: learn };
      this.learntAt = now;
    } else if (this.learntAt !== undefined && (slot?.sentAt ?? now) >= this.learntAt) {
      // Throttled although sent under the learnt window: the rate is lower than learnt.
      this.window = { ...this.window, limit: Math.max(1, Math.min(this.window.limit - 1, accepted)) };
    }
  }

  /** Learning a rate and none known yet. */
  private get probing(): boolean {
    return this.window === undefined && this.options.learnWindowMs !== undefined;
  }

  /** Requests still in flight stay in the window: the server may count them later than they were sent. */
  private prune(now: number): void {
    const windowMs = this.window?.windowMs ?? this.options.learnWindowMs ?? 0;
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i]!;
      if (slot.done && slot.t <= now - windowMs) this.slots.splice(i, 1);
    }
  }

  private nextRelease(): Promise<void> {
    return new Promise<void>((resolve) => this.idle.push(resolve));
  }
}

/** The sequential form of RateLimiter: `wait()`, then `done()` when the response arrived. */
export class Pacer {
  private readonly limiter: RateLimiter;
  private last: Slot | undefined;
  constructor(window: RateWindow, deps: Pick<HttpDeps, 'now' | 'sleep'>) {
    this.limiter = new RateLimiter(window, deps);
  }

  /** Milliseconds waited. */
  async wait(): Promise<number> {
    this.last = await this.limiter.acquire();
    return this.last.waited;
  }

  /** The last request's response has arrived. */
  done(): void {
    this.last?.release();
  }
}

/**
 * Runs `fn` over `items` with at most `concurrency` at once; results in input order. The first
 * failure rejects (the others already started finish, none new start).
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => worker());
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return out;
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
  /** Backoff sleeps after failed attempts. */
  sleptMs: number;
  /** Waits of the client-side pacer (not counted in sleptMs). */
  pacedMs?: number;
  /** Throttle answers (429 or the vendor's equivalent) received. */
  throttled?: number;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, refreshes: 0, sleptMs: 0 };
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly limiter: RateLimiter | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.limiter = options.limiter ?? (options.pace ? new RateLimiter(options.pace, options.deps) : undefined);
    if (this.limiter) this.stats.pacedMs = 0;
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
      const slot = this.limiter ? await this.limiter.acquire() : undefined;
      if (slot) this.stats.pacedMs = (this.stats.pacedMs ?? 0) + slot.waited;
      this.stats.requests++;
      let res: HttpResponse;
      try {
        const raw = await deps.fetch(url, { method, headers, body });
        const text = await raw.text();
        res = { status: raw.status, headers: raw.headers, text, json: parseJson(text) };
      } catch (err) {
        slot?.release();
        if (attempt >= this.maxAttempts) {
          throw new HttpError(`${where} failed after ${attempt} attempts: ${(err as Error).message}`, 0, vendor, true);
        }
        await this.backoff(attempt, undefined);
        continue;
      }
      const verdict = this.options.classify?.(res) ?? defaultVerdict(res.status);
      const throttle = verdict !== 'ok' && (this.options.isThrottle?.(res) ?? res.status === 429);
      if (throttle) {
        this.stats.throttled = (this.stats.throttled ?? 0) + 1;
        this.limiter?.throttled(slot);
      }
      // Released once the answer is known, so a limiter learning a rate learns it first.
      slot?.release();
      if (verdict === 'ok') {
        const quotaMs = this.options.quotaWaitMs?.(res);
        if (quotaMs && quotaMs > 0) this.limiter?.pauseFor(quotaMs);
        return res;
      }
      const detail = this.options.describeError?.(res) ?? genericError(res);
      if (verdict === 'refresh' && this.options.refresh && !refreshed) {
        refreshed = true;
        this.stats.refreshes++;
        await this.options.refresh();
        continue;
      }
      if (verdict === 'retry' && attempt < this.maxAttempts) {
        await this.backoff(attempt, res, throttle);
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

  /**
   * Full jitter: a random wait in [0, min(max, base·2^n)], but never less than Retry-After, which
   * also pauses every other request of the source. A first throttle on a paced source skips
   * the jitter: the limiter already holds the retry until the window has room.
   */
  private async backoff(attempt: number, res: HttpResponse | undefined, throttle = false): Promise<void> {
    const { deps } = this.options;
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    let wait = throttle && attempt === 1 && this.limiter?.pacing ? 0 : Math.floor(deps.random() * cap);
    if (res) {
      const asked = Math.max(
        retryAfterMs(res.headers.get('retry-after'), deps.now()) ?? 0,
        this.options.retryAfterMs?.(res) ?? 0,
      );
      if (asked > 0) {
        wait = Math.max(wait, Math.min(asked, this.maxDelayMs * 5));
        this.limiter?.pauseFor(wait);
      }
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
