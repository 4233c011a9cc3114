/**
 * The invariants every reliability case must keep, written once:
 * 1. every input row is loaded or rejected with a reason (the counts add up against the input);
 * 2. canonical tables hold no duplicate (source, id, version);
 * 3. re-running the same day leaves canonical data and the report JSON byte-identical;
 * 4. no email goes out twice;
 * 5. raw data is never rewritten.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { manifestKey } from '../../functions/core/load.js';
import type { ObjectStore, QueryEngine } from '../../functions/core/ports.js';
import type { LoadManifest, Reject } from '../../functions/core/records.js';
import { TABLES, TABLE_NAMES, type TableName } from '../../functions/core/schema.js';

export const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** Key → sha-256 of the bytes, for every object under a prefix. */
export async function objectHashes(store: ObjectStore, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await store.list(prefix)) {
    const body = await store.get(key);
    if (body) out.set(key, sha(body));
  }
  return out;
}

export interface StoreSnapshot {
  canonical: Map<string, string>;
  raw: Map<string, string>;
  manifests: Map<string, string>;
  rejects: Map<string, string>;
}

export async function snapshot(store: ObjectStore): Promise<StoreSnapshot> {
  return {
    canonical: await objectHashes(store, 'canonical/'),
    raw: await objectHashes(store, 'raw/'),
    manifests: await objectHashes(store, 'manifests/loads/'),
    rejects: await objectHashes(store, 'rejects/'),
  };
}

const entries = (m: Map<string, string>): [string, string][] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

/** Invariant 5: every raw object seen before still exists, byte for byte. */
export function assertRawNeverRewritten(before: StoreSnapshot, after: StoreSnapshot): void {
  for (const [key, hash] of before.raw) {
    expect(after.raw.get(key), `raw object ${key} was rewritten or deleted`).toBe(hash);
  }
}

/** Invariant 3 (store half): canonical keys + bytes (and manifests, rejects) unchanged. */
export function assertSameCanonical(before: StoreSnapshot, after: StoreSnapshot): void {
  expect(entries(after.canonical), 'canonical keys or bytes changed on re-run').toEqual(entries(before.canonical));
  expect(entries(after.manifests), 'load manifests changed on re-run').toEqual(entries(before.manifests));
  expect(entries(after.rejects), 'rejects changed on re-run').toEqual(entries(before.rejects));
}

/** One attempted load: what went in (its row count, counted by the case) and what came out. */
export interface LoadAttempt {
  input: string;
  /** Data rows in the input, counted independently of the product's parser; undefined = unknown. */
  inputRows?: number;
  manifest?: LoadManifest;
  alreadyLoaded?: boolean;
  /** The one-line error when the whole input was refused. */
  error?: string;
}

async function rejectsOf(store: ObjectStore, manifest: LoadManifest): Promise<Reject[]> {
  if (!manifest.rejectsKey) return [];
  const body = await store.get(manifest.rejectsKey);
  expect(body, `rejects ${manifest.rejectsKey} missing`).toBeDefined();
  return Buffer.from(body!)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Reject);
}

/**
 * Invariant 1: for each load, loaded + rejected + combined = input rows; every reject names its line and a
 * reason; the canonical tables hold exactly `rowsLoaded` rows of the batch. A refused input
 * has a one-line error naming it and left no manifest and no canonical parts behind.
 */
export async function assertAccounted(store: ObjectStore, engine: QueryEngine, attempts: LoadAttempt[]): Promise<void> {
  for (const a of attempts) {
    if (a.error !== undefined) {
      expect(a.error, 'a refused input gets a one-line reason').not.toContain('\n');
      expect(a.error.length, 'a refused input gets a reason').toBeGreaterThan(10);
      expect(a.error, 'the reason names the input').toContain(a.input);
      expect(a.manifest).toBeUndefined();
      continue;
    }
    const m = a.manifest;
    expect(m, `${a.input}: no manifest`).toBeDefined();
    if (!m) continue;
    expect(await store.exists(manifestKey(m.table, m.batchId)), `${a.input}: manifest not committed`).toBe(true);
    if (a.inputRows !== undefined) {
      // Rows of one record listing another contact are combined into it (core/associations.ts).
      const combined = Number(m.notes?.combinedRows ?? 0);
      expect(m.rowsLoaded + m.rowsRejected + combined, `${a.input}: loaded + rejected + combined ≠ input rows`).toBe(
        a.inputRows,
      );
    }
    const rejects = await rejectsOf(store, m);
    expect(rejects.length, `${a.input}: rejects file ≠ rowsRejected`).toBe(m.rowsRejected);
    for (const r of rejects) {
      expect(r.reason.trim().length, `${a.input} line ${r.line}: reject without a reason`).toBeGreaterThan(3);
      expect(r.line, `${a.input}: reject without a line`).toBeGreaterThanOrEqual(1);
      expect(r.file).toBeTruthy();
    }
    const lines = rejects.map((r) => r.line);
    expect(new Set(lines).size, `${a.input}: a line rejected twice`).toBe(lines.length);
    const [row] = await engine.query(`select count(*) as n from ${m.table} where batch_id = ?`, [m.batchId]);
    expect(Number(row?.n), `${a.input}: canonical rows of the batch ≠ rowsLoaded`).toBe(m.rowsLoaded);
  }
}

/** The columns that make one version of a record: its key plus updated_at (if any) and ingested_at. */
export function versionColumns(table: TableName): string[] {
  const cols = [...TABLES[table].key];
  if (TABLES[table].columns.some((c) => c.name === 'updated_at')) cols.push('updated_at');
  cols.push('ingested_at');
  return cols;
}

/** Invariant 2: no two canonical rows with the same record key and the same version. */
export async function assertNoDuplicateVersions(engine: QueryEngine): Promise<void> {
  for (const table of TABLE_NAMES) {
    const cols = versionColumns(table)
      .map((c) => `"${c}"`)
      .join(', ');
    const dupes = await engine.query(
      `select ${cols}, count(*) as n from ${table} group by ${cols} having count(*) > 1 limit 5`,
    );
    expect(dupes, `${table}: duplicate (key, version) rows`).toEqual([]);
  }
}

/** Invariant 4: every idempotency key maps to at most one delivered email. */
export function assertNoEmailTwice(delivered: readonly { idempotencyKey: string }[]): void {
  const keys = delivered.map((d) => d.idempotencyKey);
  expect(new Set(keys).size, 'an email went out twice').toBe(keys.length);
}
