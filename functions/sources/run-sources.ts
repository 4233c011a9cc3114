/**
 * The daily pull (`funnel run`, the ingest Lambda): for every configured source and entity,
 * pull from the saved cursor, land the records raw (gzip JSONL, never rewritten, with a
 * manifest), load canonical rows, and only then advance the cursor. A crash anywhere before
 * the cursor write makes the next run pull the same window again; the loader's content
 * hash and the canonical latest-version rule keep that from doubling anything.
 * One source failing never stops the others; each source's health is saved for the report.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import { isFormatOptions, type Config } from '../core/config.js';
import { loadBatch } from '../core/load.js';
import type { ParquetEncoder } from '../core/parquet.js';
import type { ObjectStore } from '../core/ports.js';
import { periodOfPull, pullRecordKey, type PullRecord } from '../core/periods.js';
import type { DeclaredPeriod, ParsedRow } from '../core/records.js';
import type { TableName } from '../core/schema.js';
import type { Secrets } from '../core/secrets.js';
import { mapPool, realHttpDeps, type HttpDeps, type HttpStats } from './http.js';
import type { Connector, Cursor, Entity, PullResult, SourceContext } from './source.js';
import { fieldNames, schemaFingerprint } from './source.js';
import { noteSink } from './currency.js';
import { hubspot } from './hubspot/api.js';
import { salesforce } from './salesforce/api.js';
import { pipedrive } from './pipedrive/api.js';
import { googleAds } from './google-ads/api.js';
import { meta } from './meta/api.js';
import { linkedin } from './linkedin/api.js';

/** What the canonical loader takes (functions/core/load.ts `LoadRequest`). */
export interface LoadInput {
  source: string;
  table: TableName;
  format: string;
  dt: string;
  input: string;
  raw: Uint8Array;
  rawName?: string;
  rawKey?: string;
  rows: Iterable<ParsedRow>;
  notes?: () => Record<string, unknown> | undefined;
  /** The window the pull asked for (core/periods.ts periodOfPull), stored in the load manifest. */
  period?: () => DeclaredPeriod | null | undefined;
  /** The zone the mapping placed bare days in, stored in the load manifest (LoadManifest.dayTimezone). */
  dayTimezone?: string;
}

export interface LoadOutput {
  alreadyLoaded: boolean;
  manifest: { batchId: string; rowsLoaded: number; rowsRejected: number };
}

export type LoadFn = (request: LoadInput) => Promise<LoadOutput>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CONNECTORS: Record<string, Connector<any>> = {
  hubspot,
  salesforce,
  pipedrive,
  google_ads: googleAds,
  meta,
  linkedin,
};

export interface RunOptions {
  store: ObjectStore;
  config: Config;
  secrets: Secrets;
  /** The logical day `YYYY-MM-DD`; defaults to today in `config.timezone`. */
  date?: string;
  /** Override of `fetch` (tests); the rest of the HTTP deps stay real unless `http` is given. */
  fetch?: HttpDeps['fetch'];
  http?: Partial<HttpDeps>;
  /** The canonical loader; without it, `loadBatch` over `store` with `encoder`. */
  load?: LoadFn;
  /** Parquet encoder for `loadBatch` (the CLI passes DuckDB's, Lambda its JS writer); required without `load`. */
  encoder?: ParquetEncoder;
  now?: () => Date;
  /** Only these sources (default: every enabled one). */
  only?: string[];
  /** Pull [from, to] regardless of cursors (which stay untouched). */
  backfill?: { from: string; to: string };
}

export interface EntityResult {
  entity: string;
  table: TableName;
  records: number;
  rowsLoaded: number;
  rowsRejected: number;
  alreadyLoaded: boolean;
  rawKey: string | null;
}

export interface SourceResult {
  source: string;
  ok: boolean;
  entities: EntityResult[];
  rows: number;
  error?: string;
  http?: HttpStats;
}

export interface RunResult {
  date: string;
  sources: SourceResult[];
}

export interface SourceHealthState {
  source: string;
  ok: boolean;
  date: string;
  lastRunAt: string;
  lastSuccessAt: string | null;
  rowsLoaded: number;
  rowsRejected: number;
  error: string | null;
  entities: EntityResult[];
}

export const cursorKey = (source: string, entity: string): string => `state/cursors/${source}/${entity}.json`;
export const healthKey = (source: string): string => `state/health/${source}.json`;
/** Where an entity's `PullResult.state` is kept between runs (beside its cursor). */
export const snapshotKey = (source: string, entity: string): string => `state/snapshots/${source}/${entity}.json`;

export async function runDaily(options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const date = options.date ?? DateTime.fromJSDate(now(), { zone: options.config.timezone }).toISODate() ?? '';
  const http: HttpDeps = { ...realHttpDeps(), ...(options.fetch ? { fetch: options.fetch } : {}), ...options.http };
  const load = options.load ?? defaultLoader({ ...options, now });
  const results: SourceResult[] = [];
  for (const [source, block] of Object.entries(options.config.sources)) {
    if (options.only && !options.only.includes(source)) continue;
    if (block.enabled === false || isFormatOptions(source, block)) continue;
    results.push(await runSource(source, block, { ...options, date, now, http, load }));
  }
  return { date, sources: results };
}

/** `funnel backfill --from --to`: one pull over the range; cursors are left as they are. */
export async function runBackfill(
  options: Omit<RunOptions, 'backfill'> & { from: string; to: string },
): Promise<RunResult> {
  return runDaily({ ...options, date: options.date ?? options.to, backfill: { from: options.from, to: options.to } });
}

interface Resolved extends RunOptions {
  date: string;
  now: () => Date;
  http: HttpDeps;
  load: LoadFn;
}

/**
 * The connector of `config.sources.<source>` (its `type`, else the source name) and its block
 * parsed by the connector's schema. Throws one line naming the config key when either fails.
 */
export function connectorOf(
  source: string,
  block: Record<string, unknown>,
): { connector: Connector<unknown>; config: unknown } {
  const type = typeof block.type === 'string' ? block.type : source;
  const connector = CONNECTORS[type];
  if (!connector) {
    throw new Error(
      `config.sources.${source}: unknown source type "${type}" (known: ${Object.keys(CONNECTORS).join(', ')})`,
    );
  }
  const parsed = connector.configSchema.safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`config.sources.${source}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return { connector, config: parsed.data };
}

async function runSource(source: string, block: Record<string, unknown>, options: Resolved): Promise<SourceResult> {
  const { store } = options;
  const result: SourceResult = { source, ok: true, entities: [], rows: 0 };
  const errors: string[] = [];
  try {
    const { connector, config } = connectorOf(source, block);
    const ctx: SourceContext = {
      source,
      secrets: options.secrets,
      http: options.http,
      now: options.now(),
      date: options.date,
      reportingCurrency: options.config.reportingCurrency,
      timezone: options.config.timezone,
      backfill: options.backfill,
    };
    const session = await connector.open(ctx, config);
    // Entities are independent streams: up to `session.concurrency` pull at once (sharing the
    // source's rate limiter). Landing, loading and cursor writes go one at a time, each entity
    // as soon as its pull is done, so that work overlaps the other streams' network waits.
    // Entities of one table never share keys (Pipedrive persons vs v1 leads, Salesforce tasks
    // vs events), so the load order changes nothing in the canonical tables.
    const serial = serialQueue();
    const outcomes = await mapPool(session.entities, session.concurrency ?? 1, async (entity) => {
      try {
        return { ok: await runEntity(source, connector.vendor, entity, ctx, options, serial) };
      } catch (err) {
        return { error: `${entity.name}: ${message(err)}` };
      }
    });
    for (const outcome of outcomes) {
      if (outcome.ok) result.entities.push(outcome.ok);
      else errors.push(outcome.error);
    }
    result.http = session.stats();
  } catch (err) {
    errors.push(message(err));
  }
  result.rows = result.entities.reduce((n, e) => n + e.rowsLoaded, 0);
  if (errors.length > 0) {
    result.ok = false;
    result.error = `${source}: ${errors.join('; ')}`;
  }
  await writeHealth(store, options, result);
  return result;
}

async function runEntity(
  source: string,
  vendor: string,
  entity: Entity,
  ctx: SourceContext,
  options: Resolved,
  serial: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
): Promise<EntityResult> {
  const { store } = options;
  const key = cursorKey(source, entity.name);
  const saved = await store.get(key);
  const before: Cursor | null = saved
    ? ((JSON.parse(Buffer.from(saved).toString('utf8')) as { cursor: Cursor }).cursor ?? null)
    : null;
  // A backfill neither reads nor moves the saved state, as it leaves the cursor alone.
  const savedState = ctx.backfill ? undefined : await store.get(snapshotKey(source, entity.name));
  const state: unknown = savedState ? JSON.parse(Buffer.from(savedState).toString('utf8')) : null;
  const pulled = await entity.pull(ctx.backfill ? null : before, state);
  return serial(() => landAndLoad(source, vendor, entity, ctx, options, before, pulled));
}

async function landAndLoad(
  source: string,
  vendor: string,
  entity: Entity,
  ctx: SourceContext,
  options: Resolved,
  before: Cursor | null,
  pulled: PullResult,
): Promise<EntityResult> {
  const { store } = options;
  const key = cursorKey(source, entity.name);
  const out: EntityResult = {
    entity: entity.name,
    table: entity.table,
    records: pulled.records.length,
    rowsLoaded: 0,
    rowsRejected: 0,
    alreadyLoaded: false,
    rawKey: null,
  };
  // The window the pull asked for: what the coverage rule takes the source to be complete for.
  const period = periodOfPull(pulled.notes);
  if (pulled.records.length > 0) {
    const jsonl = Buffer.from(pulled.records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');
    // Node's gzip header carries no timestamp: the same records give the same bytes and run id.
    const gz = gzipSync(jsonl);
    const sha = createHash('sha256').update(gz).digest('hex');
    const runId = sha.slice(0, 16);
    const base = `${source}/${entity.name}/dt=${options.date}/${runId}`;
    out.rawKey = `raw/${base}.jsonl.gz`;
    await store.putIfAbsent(out.rawKey, gz); // raw is never rewritten
    const fields = fieldNames(pulled.records);
    await store.put(
      `manifests/raw/${base}.json`,
      JSON.stringify(
        {
          source,
          vendor,
          entity: entity.name,
          table: entity.table,
          dt: options.date,
          runId,
          rawKey: out.rawKey,
          count: pulled.records.length,
          bytes: gz.length,
          uncompressedBytes: jsonl.length,
          sha256: sha,
          cursorBefore: before,
          cursorAfter: pulled.cursor,
          schemaFingerprint: schemaFingerprint(fields),
          fields,
          pulledAt: ctx.now.toISOString(),
          backfill: ctx.backfill ?? null,
          period,
          notes: pulled.notes ?? {},
        },
        null,
        2,
      ) + '\n',
    );
    const loaded = await options.load(
      apiLoadInput(
        { source, vendor, entity, date: options.date, gz, runId, rawKey: out.rawKey, dayTimezone: ctx.timezone },
        pulled.records,
        { before, after: pulled.cursor },
        period,
      ),
    );
    out.rowsLoaded = loaded.manifest.rowsLoaded;
    out.rowsRejected = loaded.manifest.rowsRejected;
    out.alreadyLoaded = loaded.alreadyLoaded;
  }
  if (period) {
    // Also a pull that loaded nothing new (no records, or the records of an earlier load) says
    // that nothing else happened in its window: recorded beside the load manifests.
    const record: PullRecord = {
      source,
      entity: entity.name,
      table: entity.table,
      period,
      pulledAt: ctx.now.toISOString(),
    };
    await store.put(pullRecordKey(record), JSON.stringify(record, null, 2) + '\n');
  }
  // Only now, with the canonical write committed, may the cursor move.
  if (!ctx.backfill) {
    // The state first: a crash between the two re-pulls the same window against the new state,
    // which loads again only what is already loaded.
    if (pulled.state !== undefined) await store.put(snapshotKey(source, entity.name), JSON.stringify(pulled.state));
    await store.put(key, JSON.stringify({ cursor: pulled.cursor, savedAt: ctx.now.toISOString() }, null, 2) + '\n');
  }
  return out;
}

/**
 * The load of one entity's landed raw batch (gzip JSONL `gz` of `records`, at `rawKey`): also
 * what `funnel rebuild` replays (functions/sources/replay.ts), so both name, map and key it alike.
 */
export function apiLoadInput(
  landed: {
    source: string;
    vendor: string;
    entity: Entity;
    date: string;
    gz: Uint8Array;
    runId: string;
    rawKey: string;
    /** The zone the mapping places a bare day in (the context's `timezone`, the config's). */
    dayTimezone: string;
  },
  records: readonly unknown[],
  cursors: { before: Cursor | null; after: Cursor },
  period: DeclaredPeriod | null = null,
): LoadInput {
  const { source, entity, rawKey } = landed;
  // What the mapping assumed (currencyAssumed) reaches the report through the load manifest.
  const mapNotes = noteSink();
  return {
    source,
    table: entity.table,
    format: `${landed.vendor}-api-${entity.name}`,
    dt: landed.date,
    input: `${source} API ${entity.name}`,
    raw: landed.gz,
    rawName: `${landed.runId}.jsonl.gz`,
    rawKey,
    rows: entity.map(records, mapNotes),
    notes: () => ({ rawKey, cursorBefore: cursors.before, cursorAfter: cursors.after, ...mapNotes.data }),
    period: () => period,
    dayTimezone: landed.dayTimezone,
  };
}

async function writeHealth(store: ObjectStore, options: Resolved, result: SourceResult): Promise<void> {
  try {
    const key = healthKey(result.source);
    const previous = await store.get(key);
    const prior = previous ? (JSON.parse(Buffer.from(previous).toString('utf8')) as SourceHealthState) : null;
    const at = options.now().toISOString();
    const state: SourceHealthState = {
      source: result.source,
      ok: result.ok,
      date: options.date,
      lastRunAt: at,
      lastSuccessAt: result.ok ? at : (prior?.lastSuccessAt ?? null),
      rowsLoaded: result.rows,
      rowsRejected: result.entities.reduce((n, e) => n + e.rowsRejected, 0),
      error: result.error ?? null,
      entities: result.entities,
    };
    await store.put(key, JSON.stringify(state, null, 2) + '\n');
  } catch (err) {
    // Health is a report aid: failing to write it must not turn a good pull into a failure.
    result.error = [result.error, `health not saved: ${message(err)}`].filter(Boolean).join('; ');
  }
}

/** Runs the functions given to it one at a time, in the order they were given. */
function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

function message(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err);
}

/**
 * `loadBatch` over the run's store with the injected Parquet encoder (the CLI passes DuckDB's,
 * Lambda its JS writer): the connectors never import an adapter. Throws when neither a loader
 * nor an encoder was given.
 */
function defaultLoader(options: RunOptions): LoadFn {
  const encoder = options.encoder;
  if (!encoder) throw new Error('runDaily/runBackfill: pass `load` or a Parquet `encoder`');
  return (request) => loadBatch({ store: options.store, encoder, config: options.config, now: options.now }, request);
}
