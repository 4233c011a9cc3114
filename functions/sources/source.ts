/**
 * The contract of an API connector. A connector opens a session per run (auth, HTTP client)
 * and exposes entities; each entity pulls what changed since its saved cursor and maps the
 * records exactly as received to canonical rows. The runner (run-sources.ts) lands raw data,
 * loads canonical rows and advances cursors; connectors never touch the store.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { localIsoToUtc } from './local-time.js';
import * as z from 'zod';
import { timeZoneName } from '../core/time-zone.js';
import type { ParsedRow } from '../core/records.js';
import { isCalendarDate } from '../core/validate.js';
import type { TableName } from '../core/schema.js';
import type { Secrets } from '../core/secrets.js';
import type { HttpDeps, HttpStats } from './http.js';
import type { NoteSink } from './currency.js';

/** A cursor is plain JSON saved under `state/cursors/<source>/<entity>.json`. */
export type Cursor = Record<string, string | number | null>;

export interface SourceContext {
  /** The configured source name (the key under `config.sources`), e.g. `hubspot`. */
  source: string;
  secrets: Secrets;
  http: HttpDeps;
  /** The run's clock reading; windows end here. */
  now: Date;
  /** The run's logical day `YYYY-MM-DD` (the `dt=` of what it loads). */
  date: string;
  /** Default currency when a vendor sends none (the config's reporting currency). */
  reportingCurrency: string;
  /**
   * The report's IANA zone (the config's `timezone`): a calendar day without a time (a
   * Salesforce CloseDate, a Pipedrive due date) is placed at its start there, so it stays in
   * the report week of that date (docs/methodology.md, "Times known only to the day").
   */
  timezone: string;
  /** A backfill pulls [from, to] regardless of cursors. */
  backfill?: { from: string; to: string };
}

export interface PullResult {
  /** The records exactly as the API returned them, one JSONL line each in the raw zone. */
  records: unknown[];
  cursor: Cursor;
  /** Anything worth recording in the raw manifest (e.g. the window pulled). */
  notes?: Record<string, unknown>;
  /**
   * What the entity needs to remember beyond its cursor, too large for a manifest (e.g. the ids
   * a full listing saw, to notice the ones that later vanish): saved with the cursor, only after
   * the load, under `state/snapshots/<source>/<entity>.json`, and handed to the next `pull`.
   */
  state?: unknown;
}

export interface Entity {
  name: string;
  table: TableName;
  /** `state`: what the last committed pull returned as `state` (null at first, and in a backfill). */
  pull(cursor: Cursor | null, state?: unknown): Promise<PullResult>;
  /**
   * Maps records (as received) to canonical rows; `line` is the 1-based record index. What the
   * mapping assumed (e.g. `currencyAssumed`, ./currency.ts) goes to `notes`, which the runner
   * stores in the load manifest for the report's data-quality section.
   */
  map(records: readonly unknown[], notes?: NoteSink): ParsedRow[];
}

export interface Session {
  entities: Entity[];
  /**
   * How many entities may pull at once (default 1). Only for independent streams that share
   * one rate limiter, so concurrency fills the vendor's rate instead of exceeding it.
   */
  concurrency?: number;
  /** HTTP counters for the run (requests, retries, refreshes, time slept). */
  stats(): HttpStats;
}

export interface Connector<C = unknown> {
  /** The vendor, also the default source name, e.g. `hubspot`, `google_ads`. */
  vendor: string;
  /** The zod schema of `config.sources.<name>` for this vendor. */
  configSchema: z.ZodType<C>;
  open(ctx: SourceContext, config: C): Promise<Session>;
}

/** Fields every source block accepts. */
export const baseSourceConfig = {
  /** The connector to use when the source name is not a vendor name (e.g. two HubSpot portals). */
  type: z.string().optional(),
  enabled: z.boolean().default(true),
  /** Points the connector at another host (the local fakes). */
  baseUrl: z.string().url().optional(),
  /** Secret name; defaults to the source name. */
  secret: z.string().optional(),
  /** The account's time zone (IANA), for date-only values and reporting days. */
  timezone: timeZoneName.default('UTC'),
  /** Re-pull this much before the cursor each run, so late index updates are not missed. */
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** First run (no cursor): pull changes since this day. */
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .default('2015-01-01'),
  /** Retries per request. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /**
   * Client-side pacing: at most `limit` requests in any `windowMs`. Default: the vendor's
   * documented rate where there is one (HubSpot 100 per 10 s, Pipedrive 80 per 2 s), else none.
   */
  rateLimit: z
    .object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1).max(86_400_000) })
    .strict()
    .optional(),
};

/** Window [since, until) of a timestamp-cursored pull: the cursor minus the overlap, up to now. */
export function changeWindow(
  ctx: SourceContext,
  cursor: Cursor | null,
  config: { overlapMinutes: number; startDate: string },
): { since: Date; until: Date } {
  if (ctx.backfill) {
    return {
      since: new Date(`${ctx.backfill.from}T00:00:00Z`),
      until: new Date(Date.parse(`${ctx.backfill.to}T00:00:00Z`) + 86_400_000),
    };
  }
  const saved = typeof cursor?.since === 'string' ? Date.parse(cursor.since) : NaN;
  const since = Number.isNaN(saved)
    ? new Date(`${config.startDate}T00:00:00Z`)
    : new Date(saved - config.overlapMinutes * 60_000);
  return { since, until: ctx.now };
}

/**
 * Window of reporting days for spend: the restatement window plus any gap since the cursor,
 * ending with the last day that has ended in `zone`, the time zone the platform's days are in
 * (the ad account's; UTC for LinkedIn). The run's logical day is cut in the config's zone, so
 * at 06:00 in Zurich "yesterday" has not ended yet for an account in Los Angeles: that day is
 * left for the next run instead of loading a partial day. Days are `YYYY-MM-DD`, inclusive.
 */
export function spendWindow(
  ctx: SourceContext,
  cursor: Cursor | null,
  config: { restatementDays: number; initialDays: number },
  zone = 'UTC',
): { from: string; to: string } | null {
  if (ctx.backfill) return { ...ctx.backfill };
  const day = DateTime.fromISO(ctx.date, { zone: 'UTC' });
  const endedInZone = DateTime.fromISO(
    DateTime.fromJSDate(ctx.now, { zone }).minus({ days: 1 }).toISODate() ?? ctx.date,
    { zone: 'UTC' },
  );
  const to = DateTime.min(day.minus({ days: 1 }), endedInZone);
  let from = day.minus({ days: config.restatementDays });
  const through = typeof cursor?.through === 'string' ? DateTime.fromISO(cursor.through, { zone: 'UTC' }) : null;
  if (through?.isValid) {
    const gap = through.plus({ days: 1 });
    if (gap < from) from = gap;
  } else {
    const initial = day.minus({ days: config.initialDays });
    if (initial < from) from = initial;
  }
  if (from > to) return null;
  return { from: from.toISODate() ?? '', to: to.toISODate() ?? '' };
}

/** Splits [from, to] (inclusive days) into chunks of at most `days` days. */
export function dayChunks(from: string, to: string, days: number): Array<{ from: string; to: string }> {
  const chunks: Array<{ from: string; to: string }> = [];
  let start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  while (start <= end) {
    const stop = DateTime.min(start.plus({ days: days - 1 }), end);
    chunks.push({ from: start.toISODate() ?? '', to: stop.toISODate() ?? '' });
    start = stop.plus({ days: 1 });
  }
  return chunks;
}

/** Field paths of the records (objects descended 3 levels, arrays merged), sorted. */
export function fieldNames(records: readonly unknown[]): string[] {
  const names = new Set<string>();
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 5)) walk(item, `${prefix}[]`, depth);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${key}` : key;
      names.add(path);
      if (depth < 3) walk(inner, path, depth + 1);
    }
  };
  for (const record of records) walk(record, '', 1);
  return [...names].sort();
}

/** The schema fingerprint of a raw batch: sha-256 of its sorted field names. */
export function schemaFingerprint(fields: readonly string[]): string {
  return createHash('sha256').update(fields.join('\n')).digest('hex');
}

// ---- small mapping helpers shared by connectors ----

export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text =
    typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
  return text === '' ? null : text;
}

export function num(value: unknown): number | null {
  const text = str(value);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = str(value)?.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** A vendor timestamp to canonical ISO UTC: ISO with or without ms, `Z`, `+0000` or `+00:00`, or epoch ms. */
export function isoTimestamp(value: unknown): string | null {
  const text = str(value);
  if (text === null) return null;
  if (/^\d{12,14}$/.test(text)) return new Date(Number(text)).toISOString();
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(' ', 'T');
  // Date rolls impossible days (2026-02-30) into the next month; refuse them instead.
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(normalized);
  if (ymd && !isCalendarDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]))) return null;
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(normalized);
  const date = new Date(hasZone || !normalized.includes('T') ? normalized : `${normalized}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * A local date or date-time without offset (a Salesforce CloseDate), read in the account's
 * zone by the rule CSV imports use too (local-time.ts: DST gaps and repeats resolved the same
 * way on both paths); a value that carries its own offset is read as {@link isoTimestamp}.
 */
export function zonedTimestamp(value: unknown, zone: string): string | null {
  const text = str(value);
  if (text === null) return null;
  return localIsoToUtc(text, zone) ?? (/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? isoTimestamp(text) : null);
}

export function reject(file: string, line: number, field: string | null, reason: string, record: unknown): ParsedRow {
  return { ok: false, reject: { file, line, field, reason, raw: JSON.stringify(record) } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
