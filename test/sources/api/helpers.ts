/** Shared test wiring for the API connectors: an in-memory store, a recording loader, virtual time. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parseConfig, type Config } from '../../../functions/core/config.js';
import type { ObjectStore } from '../../../functions/core/ports.js';
import type { CanonicalRecord, Reject } from '../../../functions/core/records.js';
import { TABLES, type TableName } from '../../../functions/core/schema.js';
import { StaticSecrets } from '../../../functions/core/secrets.js';
import { runDaily, type LoadFn, type LoadInput, type RunOptions } from '../../../functions/sources/run-sources.js';
import { VirtualClock } from '../../fakes/server.js';

export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  /** Keys matching this make `put` throw once (a crash at that step). */
  crashOn: RegExp | undefined;

  async put(key: string, body: Uint8Array | string): Promise<void> {
    if (this.crashOn?.test(key)) {
      this.crashOn = undefined;
      throw new Error(`simulated crash writing ${key}`);
    }
    this.objects.set(key, typeof body === 'string' ? Buffer.from(body) : body);
  }
  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    if (this.objects.has(key)) return false;
    await this.put(key, body);
    return true;
  }
  async putFileIfAbsent(key: string, path: string): Promise<boolean> {
    return this.putIfAbsent(key, await readFile(path));
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }
  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
  json<T = unknown>(key: string): T | undefined {
    const v = this.objects.get(key);
    return v ? (JSON.parse(Buffer.from(v).toString('utf8')) as T) : undefined;
  }
  rawLines(key: string): unknown[] {
    const v = this.objects.get(key);
    if (!v) return [];
    return gunzipSync(v)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown);
  }
}

export interface LoadedBatch {
  request: Omit<LoadInput, 'rows'>;
  rows: CanonicalRecord[];
  rejects: Reject[];
  batchId: string;
}

/**
 * A loader with the contract of functions/core/load.ts: idempotent by the sha-256 of `raw`,
 * required columns enforced, derived columns refused. `failNext` makes the next load throw.
 */
export class RecordingLoader {
  readonly batches: LoadedBatch[] = [];
  failNext = false;
  private readonly seen = new Set<string>();

  load: LoadFn = async (request) => {
    const batchId = createHash('sha256').update(request.raw).digest('hex').slice(0, 32);
    if (this.seen.has(batchId)) {
      return { alreadyLoaded: true, manifest: { batchId, rowsLoaded: 0, rowsRejected: 0 } };
    }
    const rows: CanonicalRecord[] = [];
    const rejects: Reject[] = [];
    for (const row of request.rows) {
      if (!row.ok) {
        rejects.push(row.reject);
        continue;
      }
      const problem = checkRow(request.table, row.record);
      if (problem)
        rejects.push({ file: request.input, line: row.line, field: problem.field, reason: problem.reason, raw: '' });
      else rows.push({ source: request.source, ...row.record });
    }
    if (this.failNext) {
      this.failNext = false;
      throw new Error('simulated loader crash before the manifest');
    }
    this.seen.add(batchId);
    const { rows: _rows, ...rest } = request;
    this.batches.push({ request: rest, rows, rejects, batchId });
    return { alreadyLoaded: false, manifest: { batchId, rowsLoaded: rows.length, rowsRejected: rejects.length } };
  };

  rows(table: TableName, source?: string): CanonicalRecord[] {
    return this.batches
      .filter((b) => b.request.table === table && (!source || b.request.source === source))
      .flatMap((b) => b.rows);
  }

  /** Latest version per key (SPEC §4.1: greatest updated_at, ties → later load). */
  latest(table: TableName, source?: string): Map<string, CanonicalRecord> {
    const key = TABLES[table].key;
    const out = new Map<string, CanonicalRecord>();
    for (const row of this.rows(table, source)) {
      const k = key.map((c) => String(row[c])).join('|');
      const prev = out.get(k);
      if (!prev || String(row.updated_at ?? '') >= String(prev.updated_at ?? '')) out.set(k, row);
    }
    return out;
  }
}

function checkRow(table: TableName, record: CanonicalRecord): { field: string; reason: string } | null {
  for (const column of TABLES[table].columns) {
    const value = record[column.name];
    if (column.derived && value !== undefined)
      return { field: column.name, reason: 'derived column set by a connector' };
    if (column.required && column.name !== 'source' && (value === null || value === undefined || value === '')) {
      return { field: column.name, reason: 'required value missing' };
    }
    if (
      typeof column.type === 'object' &&
      value !== null &&
      value !== undefined &&
      !column.type.enum.includes(String(value))
    ) {
      return { field: column.name, reason: `unknown value "${String(value)}"` };
    }
  }
  const known = new Set(TABLES[table].columns.map((c) => c.name));
  for (const name of Object.keys(record)) if (!known.has(name)) return { field: name, reason: 'unknown column' };
  return null;
}

export function testConfig(
  sources: Record<string, Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Config {
  return parseConfig({ fxRates: { CHF: 1.05, USD: 0.92 }, sources, ...extra });
}

export interface Harness {
  store: MemoryStore;
  loader: RecordingLoader;
  clock: VirtualClock;
  run(overrides?: Partial<RunOptions>): ReturnType<typeof runDaily>;
}

export function harness(config: Config, secrets: Record<string, object>, date = '2026-11-16'): Harness {
  const store = new MemoryStore();
  const loader = new RecordingLoader();
  const clock = new VirtualClock(Date.parse(`${date}T06:00:00Z`));
  return {
    store,
    loader,
    clock,
    run: (overrides = {}) =>
      runDaily({
        store,
        config,
        secrets: new StaticSecrets(secrets),
        date,
        load: loader.load,
        now: () => new Date(clock.now()),
        http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
        ...overrides,
      }),
  };
}

/** Every version a connector loaded, as a canonical CSV of `table` (lists `;`-joined): for the CLI path. */
export async function asCanonicalCsv(table: TableName, rows: Record<string, unknown>[]): Promise<string> {
  const columns = TABLES[table].columns.filter((c) => !c.derived).map((c) => c.name);
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : `"${(Array.isArray(v) ? v.join(';') : String(v)).replaceAll('"', '""')}"`;
  const dir = await mkdtemp(join(tmpdir(), `api-${table}-`));
  const path = join(dir, `${table}.csv`);
  await writeFile(
    path,
    [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n',
  );
  return path;
}
