/**
 * Rows of one record listed once per association (core/associations.ts): the rule itself, and
 * the loader applying it to canonical CSVs on the JS path and the DuckDB fast path (which
 * leaves such files to the JS path), with rows that disagree still superseded.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { combinable, combineRows, disagreeingColumns } from '../../functions/core/associations.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile, type ImportDeps } from '../../functions/core/import/import-file.js';
import { loadBatch } from '../../functions/core/load.js';
import type { Log } from '../../functions/core/log.js';
import type { CanonicalRecord, LoadManifest, ParsedRow, Reject } from '../../functions/core/records.js';
import type { TableName } from '../../functions/core/schema.js';
import { checkRecord } from '../../functions/core/validate.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';

let dir: string;
let encoder: DuckDBParquetEncoder;
let engine: DuckDBEngine;
const config = parseConfig({ fxRates: { USD: 0.9 } });
const now = () => new Date('2026-11-24T06:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'association-rows-'));
  encoder = await DuckDBParquetEncoder.create();
  engine = await DuckDBEngine.open();
});
afterAll(async () => {
  await encoder.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const checked = (table: TableName, input: CanonicalRecord): CanonicalRecord => {
  const result = checkRecord(table, input, { fxRates: { USD: 0.9 } });
  if (!result.ok) throw new Error(result.reason);
  return result.record;
};
const deal = (over: CanonicalRecord = {}) =>
  checked('deals', {
    deal_id: 'D1',
    source: 'salesforce',
    created_at: '2026-11-17T00:00:00Z',
    amount: 100,
    currency: 'USD',
    ...over,
  });
const activity = (over: CanonicalRecord = {}) =>
  checked('activities', {
    activity_id: 'X',
    source: 'salesforce',
    type: 'meeting',
    occurred_at: '2026-11-16T14:00:00Z',
    ...over,
  });

describe('the rule (core/associations.ts)', () => {
  it('deals: contacts are the union in row order, an address given twice (by its key) kept once as first written', () => {
    const rows = [
      deal({ contact_emails: ['Anna.Keller+crm@gmail.com', 'cfo@x.example'] }),
      deal({ contact_emails: ['annakeller@gmail.com', 'ceo@x.example'] }),
      deal({ contact_emails: null }),
    ];
    expect(rows.every((r) => combinable('deals', rows[0]!, r))).toBe(true);
    expect(combineRows('deals', rows)).toEqual([
      {
        ...rows[0],
        contact_emails: ['Anna.Keller+crm@gmail.com', 'cfo@x.example', 'ceo@x.example'],
        contact_email_keys: ['annakeller@gmail.com', 'cfo@x.example', 'ceo@x.example'],
      },
    ]);
  });

  it('rows that differ outside the association columns are not combinable, naming the columns', () => {
    expect(disagreeingColumns('deals', deal(), deal({ amount: 120, stage: 'Won' }))).toEqual(['stage', 'amount']);
    expect(combinable('deals', deal(), deal({ amount: 120 }))).toBe(false);
    expect(disagreeingColumns('activities', activity(), activity({ record_id: 'Y' }))).toEqual(['record_id']);
    // Tables without association columns never combine, not even identical rows.
    const lead = checked('leads', { lead_id: 'L1', source: 'hubspot', created_at: '2026-11-16T00:00:00Z' });
    expect(combinable('leads', lead, lead)).toBe(false);
  });

  it('activities: one row per contact with the fan-out ids; the same rows again keep their ids', () => {
    const split = combineRows('activities', [
      activity({ email: 'Anna@x.example', lead_id: null }),
      activity({ email: 'ben@y.example' }),
      activity({ email: 'anna@x.example', lead_id: '00Q1' }),
      activity({ email: null, lead_id: '00Q9' }),
      activity({ email: null, contact_id: '003A' }),
      activity({ email: 'ben@y.example', contact_id: '003B' }),
    ]);
    expect(split.map((r) => [r.activity_id, r.record_id, r.email, r.email_key, r.lead_id, r.contact_id])).toEqual([
      ['X:anna@x.example', 'X', 'Anna@x.example', 'anna@x.example', '00Q1', null],
      ['X:ben@y.example', 'X', 'ben@y.example', 'ben@y.example', null, '003B'],
      ['X:lead:00Q9', 'X', null, null, '00Q9', null],
      ['X:contact:003A', 'X', null, null, null, '003A'],
    ]);
    // Rows already split per contact (one vendor row with two contacts), listed again.
    const again = combineRows('activities', [...split.slice(0, 2), split[0]!]);
    expect(again.map((r) => r.activity_id)).toEqual(['X:anna@x.example', 'X:ben@y.example']);
    // One contact twice: the row keeps the vendor id.
    expect(combineRows('activities', [activity({ email: 'a@x.example' }), activity({ email: 'a@x.example' })])).toEqual(
      [{ ...activity({ email: 'a@x.example' }), record_id: 'X' }],
    );
  });
});

interface Outcome {
  manifest: LoadManifest;
  rows: Record<string, unknown>[];
  rejects: Reject[];
  messages: string[];
}

let runs = 0;
/** Imports a canonical CSV on the JS path or the fast path; rows as stored, by batch_row. */
async function importCanonical(file: string, table: TableName, fast: boolean): Promise<Outcome> {
  const data = join(dir, `data-${runs++}`);
  const messages: string[] = [];
  const log: Log = { debug() {}, info: (m) => messages.push(m), warn: (m) => messages.push(m) };
  const deps: ImportDeps = {
    vendorFormats: vendorFileFormats,
    store: new LocalStore(data),
    encoder: fast ? encoder : { encode: (t, rs) => encoder.encode(t, rs) },
    config,
    now,
    log,
  };
  const { manifest } = await importFile(deps, { path: file, format: `canonical-${table}`, dt: '2026-11-24' });
  const glob = join(data, 'canonical', table, '*', '*', '*.parquet');
  const rows =
    manifest.canonicalKeys.length === 0
      ? []
      : await engine.query(`select * exclude (ingested_at, batch_id) from read_parquet('${glob}') order by batch_row`);
  const rejects = manifest.rejectsKey
    ? (await readFile(join(data, ...manifest.rejectsKey.split('/')), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Reject)
    : [];
  return { manifest, rows, rejects, messages };
}

/** Both paths, which must agree; returns the JS path's outcome and whether the fast path was used. */
async function bothPaths(text: string, table: TableName): Promise<Outcome & { fastUsed: boolean }> {
  const file = join(dir, `in-${runs++}.csv`);
  await writeFile(file, text);
  const js = await importCanonical(file, table, false);
  const fast = await importCanonical(file, table, true);
  expect(fast.rows).toEqual(js.rows);
  expect(fast.rejects).toEqual(js.rejects);
  expect([fast.manifest.rowsLoaded, fast.manifest.rowsRejected, fast.manifest.notes?.combinedRows]).toEqual([
    js.manifest.rowsLoaded,
    js.manifest.rowsRejected,
    js.manifest.notes?.combinedRows,
  ]);
  return { ...js, fastUsed: fast.messages.includes('canonical csv: fast path') };
}

describe('canonical CSV: the same rule as every vendor format', () => {
  const DEALS = 'deal_id,source,created_at,updated_at,amount,currency,contact_emails';

  it('deals: rows of one version differing only in contact_emails are one deal with every contact (the fast path leaves them to JS)', async () => {
    const text = [
      DEALS,
      'D1,hubspot,2026-11-17T09:00:00Z,2026-11-18T00:00:00Z,100,EUR,a@x.example',
      'D2,hubspot,2026-11-17T09:00:00Z,,5,EUR,',
      'D1,hubspot,2026-11-17T09:00:00Z,2026-11-18T00:00:00Z,100,EUR,b@y.example; A@x.example',
    ].join('\n');
    const out = await bothPaths(text, 'deals');
    expect(out.fastUsed).toBe(false);
    expect([out.manifest.rowsLoaded, out.manifest.rowsRejected, out.manifest.notes?.combinedRows]).toEqual([2, 0, 1]);
    expect(out.rows.map((r) => [r.deal_id, r.contact_emails, r.batch_row])).toEqual([
      ['D1', ['a@x.example', 'b@y.example'], 0],
      ['D2', null, 1],
    ]);
  });

  it('deals: the same version with another amount is still superseded, on the fast path', async () => {
    const text = [
      DEALS,
      'D1,hubspot,2026-11-17T09:00:00Z,2026-11-18T00:00:00Z,100,EUR,a@x.example',
      'D1,hubspot,2026-11-17T09:00:00Z,2026-11-18T00:00:00Z,120,EUR,b@y.example',
    ].join('\n');
    const out = await bothPaths(text, 'deals');
    expect(out.fastUsed).toBe(true);
    expect([out.manifest.rowsLoaded, out.manifest.rowsRejected]).toEqual([1, 1]);
    expect(out.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'superseded by line 3 (same source, deal_id, updated_at)'],
    ]);
    expect(out.rows.map((r) => [r.amount, r.contact_emails])).toEqual([[120, ['b@y.example']]]);
  });

  it('activities: one activity id listed once per contact → a row per contact (record_id the id)', async () => {
    const text = [
      'activity_id,source,type,occurred_at,email',
      'E1,salesforce,meeting,2026-11-16T14:00:00Z,anna@x.example',
      'E1,salesforce,meeting,2026-11-16T14:00:00Z,ben@y.example',
    ].join('\n');
    const out = await bothPaths(text, 'activities');
    expect(out.fastUsed).toBe(false);
    // Each row is a contact's row of its own: two rows, two loaded, none combined.
    expect([out.manifest.rowsLoaded, out.manifest.rowsRejected, out.manifest.notes?.combinedRows]).toEqual([
      2,
      0,
      undefined,
    ]);
    expect(out.rows.map((r) => [r.activity_id, r.record_id, r.email])).toEqual([
      ['E1:anna@x.example', 'E1', 'anna@x.example'],
      ['E1:ben@y.example', 'E1', 'ben@y.example'],
    ]);
  });

  it('leads: the same version twice is superseded as before (a lead has no association columns)', async () => {
    const text = [
      'lead_id,source,email,created_at',
      'L1,hubspot,a@x.example,2026-11-16T08:00:00Z',
      'L1,hubspot,a@x.example,2026-11-16T08:00:00Z',
    ].join('\n');
    const out = await bothPaths(text, 'leads');
    expect(out.fastUsed).toBe(true);
    expect(out.rejects.map((r) => r.reason)).toEqual(['superseded by line 3 (same source, lead_id, updated_at)']);
  });
});

describe('the loader', () => {
  async function load(table: TableName, records: CanonicalRecord[], chunkRows?: number) {
    const rows: ParsedRow[] = records.map((record, i) => ({ ok: true, line: i + 2, record }));
    const store = new LocalStore(join(dir, `loader-${runs++}`));
    const { manifest } = await loadBatch(
      { store, encoder, config, now, chunkRows },
      {
        table,
        format: 'test',
        dt: '2026-11-24',
        input: 'in.csv',
        raw: new TextEncoder().encode(JSON.stringify(records)),
        rows,
      },
    );
    const rejects = manifest.rejectsKey
      ? Buffer.from((await store.get(manifest.rejectsKey))!)
          .toString('utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Reject)
      : [];
    return { manifest, rejects };
  }
  const raw = (over: CanonicalRecord) => ({
    deal_id: 'D1',
    source: 'pipedrive',
    created_at: '2026-11-17T00:00:00Z',
    amount: 100,
    currency: 'EUR',
    ...over,
  });

  it('a row that disagrees after combined rows supersedes every one of them', async () => {
    const { manifest, rejects } = await load('deals', [
      raw({ contact_emails: ['a@x.example'] }),
      raw({ contact_emails: ['b@x.example'] }),
      raw({ contact_emails: ['c@x.example'], amount: 90 }),
    ]);
    // Every row is loaded, rejected or combined, once: line 3 is a reject now, not combined.
    expect([manifest.rowsLoaded, manifest.rowsRejected, manifest.notes?.combinedRows]).toEqual([1, 2, undefined]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'superseded by line 4 (same source, deal_id, updated_at)'],
      [3, 'superseded by line 4 (same source, deal_id, updated_at)'],
    ]);
  });

  it("a contact's new id that a disagreeing row of the record holds: the later row wins over it too", async () => {
    const act = (over: CanonicalRecord) => ({
      source: 'salesforce',
      type: 'meeting',
      occurred_at: '2026-11-16T14:00:00Z',
      ...over,
    });
    const { manifest, rejects } = await load('activities', [
      act({ activity_id: 'X:b@x.example', record_id: 'X', email: 'b@x.example', owner_id: 'B' }),
      act({ activity_id: 'X', email: 'a@x.example', owner_id: 'A' }),
      act({ activity_id: 'X', email: 'b@x.example', owner_id: 'A' }),
    ]);
    // Line 4 is Ben's own row now (X:b@x.example), so nothing counts as combined.
    expect([manifest.rowsLoaded, manifest.rowsRejected, manifest.notes?.combinedRows]).toEqual([2, 1, undefined]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'superseded by line 4 (same source, activity_id, updated_at)'],
    ]);
  });

  it('a contact row whose record was already written (another part of a big file) is a reject that says so', async () => {
    const { manifest, rejects } = await load(
      'deals',
      [raw({ contact_emails: ['a@x.example'] }), raw({ contact_emails: ['b@x.example'] })],
      1,
    );
    expect([manifest.rowsLoaded, manifest.rowsRejected]).toEqual([1, 1]);
    expect(rejects[0]!.reason).toBe(
      "duplicate (or another contact's row) of line 2 (same source, deal_id, updated_at), which was already written; put the rows of one record next to each other, or remove duplicates from the export",
    );
  });
});
