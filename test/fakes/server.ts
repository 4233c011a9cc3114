/**
 * Base of the vendor fakes: a loopback HTTP server (random port) with routes, a per-vendor
 * rate limiter on a clock that tests can make virtual, and injectable faults (bursts of 5xx,
 * 429s, expired tokens). Every fake counts requests so a benchmark can measure the share of
 * the allowed rate a connector uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON, strings as they are. */
  body?: unknown;
}

export type Handler = (req: FakeRequest, match: RegExpExecArray) => FakeResponse | Promise<FakeResponse>;

export interface Fault {
  /** Which requests it applies to (default: all). */
  match?: (req: FakeRequest) => boolean;
  /** How many matching requests get it. */
  times: number;
  response: FakeResponse | ((req: FakeRequest) => FakeResponse);
}

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** The vendor's 429 (or 403) answer; `retryAfterMs` is when the window frees up. */
  response: (retryAfterMs: number, req: FakeRequest) => FakeResponse;
  /** Which requests count (default: all). */
  applies?: (req: FakeRequest) => boolean;
}

/** A clock the client's `sleep` can advance, so backoff and rate windows take no real time. */
export class VirtualClock {
  private t: number;
  constructor(start = Date.parse('2026-11-16T06:00:00Z')) {
    this.t = start;
  }
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.t += ms;
  };
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface FakeStats {
  requests: number;
  rateLimited: number;
  faults: number;
  byRoute: Record<string, number>;
}

export class FakeServer {
  readonly stats: FakeStats = { requests: 0, rateLimited: 0, faults: 0, byRoute: {} };
  private readonly faults: Fault[] = [];
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  private server: Server | undefined;
  private window: number[] = [];
  baseUrl = '';
  now: () => number = Date.now;
  rateLimit: RateLimit | undefined;

  constructor(readonly name: string) {}

  route(method: string, pattern: RegExp, handler: Handler): void {
    this.routes.push({ method, pattern, handler });
  }

  /** The next `times` matching requests get `response` instead of being served. */
  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const fr: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json,
    };
    this.stats.requests++;
    let out: FakeResponse;
    try {
      out = await this.respond(fr);
    } catch (err) {
      out = { status: 500, body: { message: `fake ${this.name} crashed: ${(err as Error).message}` } };
    }
    const headers: Record<string, string> = { ...(out.headers ?? {}) };
    let payload = '';
    if (out.body !== undefined) {
      if (typeof out.body === 'string') payload = out.body;
      else {
        payload = JSON.stringify(out.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }

  private async respond(req: FakeRequest): Promise<FakeResponse> {
    const fault = this.faults.find((f) => f.times > 0 && (f.match?.(req) ?? true));
    if (fault) {
      fault.times--;
      this.stats.faults++;
      return typeof fault.response === 'function' ? fault.response(req) : fault.response;
    }
    if (this.rateLimit && (this.rateLimit.applies?.(req) ?? true)) {
      const now = this.now();
      const { limit, windowMs } = this.rateLimit;
      this.window = this.window.filter((t) => t > now - windowMs);
      if (this.window.length >= limit) {
        this.stats.rateLimited++;
        const oldest = this.window[0] ?? now;
        return this.rateLimit.response(Math.max(1, oldest + windowMs - now), req);
      }
      this.window.push(now);
    }
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      const key = `${r.method} ${r.pattern.source}`;
      this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
      return r.handler(req, m);
    }
    return { status: 404, body: { message: `fake ${this.name}: no route ${req.method} ${req.path}` } };
  }
}

/** Deterministic PRNG (mulberry32) for seeded data sets. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

export function bearer(req: FakeRequest): string | undefined {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : undefined;
}
