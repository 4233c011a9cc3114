/**
 * The canonical-CSV fast path (DuckDB) against the JS path on the same files: the same
 * canonical rows (read back from Parquet), the same rejects (file, line, field, reason, raw)
 * and the same manifest counts. The files are generated from tricky values of every column
 * type and every reject reason; the fallback cases must give the JS path's result too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile, type ImportDeps } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import type { Log } from '../../functions/core/log.js';
import type { LoadManifest } from '../../functions/core/records.js';
import { inputColumns, TABLES, type ColumnDef, type TableName } from '../../functions/core/schema.js';

let dir: string;
let encoder: DuckDBParquetEncoder;
let engine: DuckDBEngine;
const config = parseConfig({ fxRates: { USD: 0.9, CHF: 1.05 } });
const now = () => new Date('2026-11-24T06:00:00.123Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fast-parity-'));
  encoder = await DuckDBParquetEncoder.create();
  engine = await DuckDBEngine.open();
});
afterAll(async () => {
  await encoder.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NBSP = '\u00a0';
/** Tricky cells per column type; the generator mixes them with plain good values. */
const TRICKY: Record<string, string[]> = {
  timestamp: [
    '2026-11-16T08:00:00Z',
    '2026-11-16 08:00:00',
    '2026-11-16T08:00:00.123Z',
    '2026-11-16T08:00:00.123456789Z',
    '2026-11-16T08:00:00.1+02:00',
    '2026-11-16T08:00+0530',
    '2026-11-16T08:00:00-23:59',
    '2026-11-16',
    ' 2026-11-16T08:00:00Z\t',
    '2026-02-29T08:00:00Z',
    '2024-02-29T08:00:00Z',
    '2026-13-01',
    '2026-11-16T08:60:00Z',
    '2026-11-16T8:00:00Z',
    '2026-11-16T08:00:00+02',
    '1989-12-31T23:59:59Z',
    '1990-01-01T00:30:00+01:00',
    '2099-12-31T23:59:59-01:00',
    '16/11/2026',
    'yesterday',
    '',
  ],
  date: [
    '2026-11-16',
    '2024-02-29',
    '2026-02-29',
    '2026-11-16T00:00:00Z',
    '1989-12-31',
    '2100-01-01',
    ' 2026-01-05 ',
    '2026-1-5',
    '',
  ],
  boolean: ['true', 'false', 'TRUE', 'False', ' true ', 'yes', '1', ''],
  double: ['1', '1.5', '+2.5', '.5', '5.', '1e3', '-0', '-1', '1e11', '1e400', '12,5', ' 7 ', 'NaN', ''],
  bigint: ['1', '1.0', '1.5', '1e3', '-3', '9007199254740993', '9007199254740991', 'x', ''],
  currency: ['USD', 'CHF', 'EUR', 'usd', 'ABC', ' USD ', ''],
  string_list: [
    'a@x.com',
    'A.B+tag@GMail.com; b@y.org',
    'a@x.com; A@X.COM ;a@x.com',
    ';;',
    ` ${NBSP} ; x@y.com\u2003`,
    'not-an-email; +tag@x.com',
    'a@x.com\u200b; \u200eb@y.org; \u00ad',
    '',
  ],
  email: [
    'Jane.Doe+news@GMail.com',
    'jane.doe@googlemail.com',
    ' Bob@Example.COM ',
    'no-at-sign',
    '@x.com',
    'a@b',
    'a@b@c.com',
    '+tag@x.com',
    'Jürgen@Example.de',
    'Ju\u0308rgen@Example.de',
    'Ju\u200b\u0308rgen@Example.de',
    `a${NBSP}b@x.com`,
    // Pasted invisible characters (field case F8), removed wherever they stand.
    'anna.keller@northwind.example\u200b',
    '\ufeffcarla.rossi@contoso.example',
    'an\u00adna@x.com',
    '\u200fanna@x.com\u200e',
    'a\u2060b@x.com',
    'x@y.com\u3000',
    // An ASCII IDN domain is already in its stored form: SQL keys it as it stands.
    'Anna@XN--MLLER-KVA.example',
    // Not an address once the spaces are gone: no key on either path.
    'Jane Doe <jane@x.com>',
    'a,b@x.com',
    '"q"@x.com',
    'a\\b@x.com',
    'a[1]@x.com',
    'a:b@x.com',
    `${NBSP}x@y.com${NBSP}`,
    'ÉLODIE@exemple.fr',
    '',
  ],
  string: [
    'plain',
    ' padded ',
    `${NBSP}nbsp${NBSP}`,
    'with, comma',
    'with "quotes"',
    'multi\nline',
    'ünïcödé',
    '\u2003em\u2003',
    '',
  ],
  source: ['hubspot', 'salesforce', 'HubSpot', 'hub spot', ''],
  // Ids a spreadsheet damaged (core/id-damage.ts), and ids that only look like numbers.
  id: [
    '1.23457E+11',
    '1.2e3',
    '123456789012.0',
    '18,734,200,011',
    ' 18,734,200,011 ',
    '1,87,34,20,011',
    '12,34,56',
    "1'234'567",
    '1’234',
    `1${NBSP}234${NBSP}567`,
    '1\u202f234',
    '1 234',
    '1.234',
    '1.234,5',
    '12,34',
    '18734200011',
    '0012',
  ],
};

function cellFor(column: ColumnDef, r: () => number, i: number): string {
  const pick = (list: string[]): string => list[Math.floor(r() * list.length)]!;
  const tricky = r() < 0.35;
  if (column.name === 'source') return tricky ? pick(TRICKY.source!) : pick(['hubspot', 'salesforce']);
  if (column.name.endsWith('_id') && column.required) return tricky && r() < 0.3 ? pick(TRICKY.id!) : `ID${i % 97}`;
  if (column.name.endsWith('_id') && tricky && r() < 0.3) return pick(TRICKY.id!);
  if (column.name === 'email') return tricky ? pick(TRICKY.email!) : `p${i}@c${i % 7}.com`;
  const type = column.type;
  if (typeof type === 'object')
    return tricky ? pick([...type.enum.map((e) => e.toUpperCase()), ' other ', 'bogus', '']) : pick([...type.enum]);
  switch (type) {
    case 'timestamp':
      return tricky ? pick(TRICKY.timestamp!) : `2026-11-${String(10 + (i % 18)).padStart(2, '0')}T0${i % 10}:00:00Z`;
    case 'date':
      return tricky ? pick(TRICKY.date!) : `2026-11-${String(10 + (i % 18)).padStart(2, '0')}`;
    case 'boolean':
      return tricky ? pick(TRICKY.boolean!) : pick(['true', 'false']);
    case 'double':
      return tricky ? pick(TRICKY.double!) : String((i % 500) * 1.25);
    case 'bigint':
      return tricky ? pick(TRICKY.bigint!) : String(i % 1000);
    case 'currency':
      return tricky ? pick(TRICKY.currency!) : 'USD';
    case 'string_list':
      return tricky ? pick(TRICKY.string_list!) : `c${i}@x.com`;
    case 'string':
      return tricky ? pick(TRICKY.string!) : `v${i}`;
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A canonical CSV of `rows` generated rows plus blank lines, wrong field counts and repeated versions. */
function generate(table: TableName, rows: number, seed: number, opts: { crlf?: boolean; bom?: boolean } = {}): string {
  const r = rng(seed);
  const columns = inputColumns(table);
  const lines: string[] = [columns.map((c) => c.name).join(',')];
  const previous: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const roll = r();
    if (roll < 0.02) {
      lines.push('');
      continue;
    }
    if (roll < 0.03) {
      lines.push('   ');
      continue;
    }
    if (roll < 0.05) {
      lines.push(['only', 'three', 'cells'].join(','));
      continue;
    }
    if (roll < 0.06) {
      lines.push([...columns.map((c) => csvCell(cellFor(c, r, i))), 'extra'].join(','));
      continue;
    }
    let cells: string[];
    if (roll < 0.12 && previous.length > 0) {
      // The same version again (key and updated_at), other values may differ.
      const base = previous[Math.floor(r() * previous.length)]!;
      cells = columns.map((c, k) =>
        TABLES[table].key.includes(c.name) || c.name === 'updated_at' ? base[k]! : cellFor(c, r, i),
      );
    } else {
      cells = columns.map((c) => cellFor(c, r, i));
    }
    previous.push(cells);
    lines.push(cells.map(csvCell).join(','));
  }
  const eol = opts.crlf ? '\r\n' : '\n';
  return (opts.bom ? '\ufeff' : '') + lines.join(eol) + eol;
}

interface Outcome {
  manifest: LoadManifest;
  rows: Record<string, unknown>[];
  rejects: unknown[];
  messages: string[];
}

let runs = 0;
async function run(file: string, table: TableName, fast: boolean, source?: string): Promise<Outcome> {
  const data = join(dir, `data-${runs++}`);
  const messages: string[] = [];
  const log: Log = { debug() {}, info: (m) => messages.push(m), warn: (m) => messages.push(m) };
  const deps: ImportDeps = {
    vendorFormats: vendorFileFormats,
    store: new LocalStore(data),
    // The JS path: an encoder without the optional fast-path method.
    encoder: fast ? encoder : { encode: (t, rs) => encoder.encode(t, rs) },
    config,
    now,
    log,
  };
  const { manifest } = await importFile(deps, { path: file, format: `canonical-${table}`, dt: '2026-11-24', source });
  const glob = join(data, 'canonical', table, '*', '*', '*.parquet');
  const rows =
    manifest.canonicalKeys.length === 0
      ? []
      : await engine.query(
          `select columns(*)::varchar from read_parquet('${glob}', hive_partitioning = true, hive_types = {'source': 'VARCHAR', 'dt': 'VARCHAR'}) order by batch_row`,
        );
  const rejects = manifest.rejectsKey
    ? (await readFile(join(data, ...manifest.rejectsKey.split('/')), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown)
    : [];
  return { manifest, rows, rejects, messages };
}

const counts = (m: LoadManifest) => ({
  rowsLoaded: m.rowsLoaded,
  rowsRejected: m.rowsRejected,
  rowsBySource: m.notes?.rowsBySource,
  source: m.source,
  rejectsKey: m.rejectsKey,
  batchId: m.batchId,
  rawKey: m.rawKey,
});

async function expectParity(text: string | Buffer, table: TableName, opts: { source?: string; fastUsed: boolean }) {
  const file = join(dir, `in-${runs++}-${table}.csv`);
  await writeFile(file, text);
  const js = await run(file, table, false, opts.source);
  const fast = await run(file, table, true, opts.source);
  expect(
    fast.messages.some((m) => m === 'canonical csv: fast path'),
    fast.messages.join('; '),
  ).toBe(opts.fastUsed);
  expect(fast.rejects).toEqual(js.rejects);
  expect(fast.rows).toEqual(js.rows);
  expect(counts(fast.manifest)).toEqual(counts(js.manifest));
  return { js, fast };
}

describe('fast path and JS path agree', () => {
  for (const table of ['leads', 'deals', 'activities', 'spend'] as const) {
    it(`${table}: generated tricky rows`, async () => {
      // Spend always takes the JS path (its rows are checked for overlapping spend before loading).
      const { js } = await expectParity(generate(table, 1500, 7 + table.length), table, {
        fastUsed: table !== 'spend',
      });
      // The file exercises what it should: loads, rejects of several kinds, superseded versions.
      expect(js.manifest.rowsLoaded).toBeGreaterThan(100);
      const reasons = (js.rejects as { reason: string }[]).map((r) => r.reason);
      expect(reasons.some((r) => r.startsWith('expected '))).toBe(true);
      expect(reasons.some((r) => r.startsWith('superseded by line'))).toBe(true);
      expect(new Set(reasons.map((r) => r.replace(/".*$|\d.*$/, ''))).size).toBeGreaterThan(5);
    });
  }

  it('CRLF line ends and a BOM', async () => {
    await expectParity(generate('leads', 400, 99, { crlf: true, bom: true }), 'leads', { fastUsed: true });
  });

  it('--source fills empty sources', async () => {
    await expectParity(generate('deals', 400, 5), 'deals', { source: 'pipedrive', fastUsed: true });
  });

  it('a clean file never reads the file in JS beyond its header', async () => {
    const text =
      'lead_id,source,email,created_at\nL1,hubspot,A@x.com,2026-11-16T08:00:00Z\nL2,hubspot,b@x.com,2026-11-16T09:00:00Z\n';
    const { fast } = await expectParity(text, 'leads', { fastUsed: true });
    expect(fast.manifest.rowsLoaded).toBe(2);
  });

  it('spend without a source column: each row is its platform (SPEC §3)', async () => {
    const text = [
      'date,platform,campaign_id,cost,currency',
      '2026-11-16,google_ads,C1,10.5,USD',
      '2026-11-16, meta ,C2,20,CHF',
      '2026-11-16,Google Ads,C3,1,USD', // not a source name: a reject naming source
      '2026-11-17,meta,C2,abc,CHF', // a bad cost
      '2026-11-18,,C4,1,USD', // no platform
    ].join('\n');
    const { js } = await expectParity(text, 'spend', { fastUsed: false });
    expect(js.rows.map((r) => [r.source, r.platform])).toEqual([
      ['google_ads', 'google_ads'],
      ['meta', 'meta'],
    ]);
    expect(js.manifest.notes?.rowsBySource).toEqual({ google_ads: 1, meta: 1 });
    expect((js.rejects as { field: string }[]).map((r) => r.field)).toEqual(['source', 'cost', 'platform']);
  });

  it('spend without a source column and with --source: --source wins', async () => {
    const text = 'date,platform,campaign_id,cost,currency\n2026-11-16,google_ads,C1,10.5,USD\n';
    const { js } = await expectParity(text, 'spend', { source: 'agency_sheet', fastUsed: false });
    expect(js.rows.map((r) => r.source)).toEqual(['agency_sheet']);
  });

  it('spend with a source column: an empty cell is still a reject (only --source fills it)', async () => {
    const text = 'date,source,platform,campaign_id,cost,currency\n2026-11-16,,google_ads,C1,10.5,USD\n';
    const { js } = await expectParity(text, 'spend', { fastUsed: false });
    expect((js.rejects as { field: string }[]).map((r) => r.field)).toEqual(['source']);
  });

  it('gzip files take the fast path', async () => {
    await expectParity(gzipSync(Buffer.from(generate('activities', 300, 3))), 'activities', { fastUsed: true });
  });

  it('F8: addresses with pasted invisible characters give the same keys in SQL as in JS', async () => {
    const emails = [
      'anna.keller@northwind.example\u200b',
      '"ben.ortiz@fabrikam.example\u00a0"',
      '\ufeffcarla.rossi@contoso.example',
      '\u200fdan@rtl.example',
      'e\u00admil@x.example',
      'fay@xn--mller-kva.example',
    ];
    const text = `lead_id,source,email,created_at\n${emails.map((e, i) => `L${i},hubspot,${e},2026-11-16T09:00:00Z`).join('\n')}\n`;
    const { fast } = await expectParity(text, 'leads', { fastUsed: true });
    expect(fast.rows.map((r) => r.email_key)).toEqual([
      'anna.keller@northwind.example',
      'ben.ortiz@fabrikam.example',
      'carla.rossi@contoso.example',
      'dan@rtl.example',
      'emil@x.example',
      'fay@xn--mller-kva.example',
    ]);
  });

  it('every character SQL vouches for, inside the local part and the domain: the same key', async () => {
    const ranges = [
      [0x20, 0x7e],
      [0xa0, 0x12f],
      [0x131, 0x24f],
      [0x300, 0x36f],
      [0x1680, 0x1680],
      [0x180e, 0x180e],
      [0x2000, 0x200f],
      [0x2028, 0x202f],
      [0x205f, 0x2064],
      [0x2066, 0x206f],
      [0x3000, 0x3000],
      [0xfeff, 0xfeff],
    ] as const;
    const invisible = /[\p{White_Space}\p{Cf}]/u;
    const lines = ['lead_id,source,email,created_at'];
    for (const [lo, hi] of ranges) {
      for (let cp = lo; cp <= hi; cp++) {
        const ch = String.fromCodePoint(cp);
        lines.push(`L${cp}a,hubspot,${csvCell(`Jo${ch}e@x.example`)},2026-11-16`);
        // A non-ASCII domain sends the file to the JS path (tested below), so only ASCII and removed characters.
        if (cp < 0x80 || invisible.test(ch)) lines.push(`L${cp}b,hubspot,${csvCell(`jo@ex${ch}ample.com`)},2026-11-16`);
      }
    }
    await expectParity(`${lines.join('\n')}\n`, 'leads', { fastUsed: true });
  });

  it('deals: contact_email_keys with invisible characters match in SQL and JS', async () => {
    const text =
      'deal_id,source,created_at,contact_emails\nD1,hubspot,2026-11-16T09:00:00Z,"anna@x.example\u200b; \u200eBen@Y.example; anna@x.example"\n';
    const { fast } = await expectParity(text, 'deals', { fastUsed: true });
    expect(fast.rows[0]!.contact_email_keys).toBe('[anna@x.example, ben@y.example]');
  });

  it('leads: further addresses and a merge target give the same keys and values in SQL and JS', async () => {
    const text =
      'lead_id,source,email,created_at,is_deleted,merged_into_lead_id,additional_emails\n' +
      'L1,salesforce,max@contoso.example,2026-11-16T09:00:00Z,false,,"Max.M+crm@GoogleMail.com; \u200bmax@contoso.example"\n' +
      'L2,salesforce,max.m@gmail.com,2026-11-15T09:00:00Z,true,L1,\n';
    const { fast } = await expectParity(text, 'leads', { fastUsed: true });
    expect(fast.rows.map((r) => [r.lead_id, r.additional_email_keys, r.merged_into_lead_id])).toEqual([
      ['L1', '[maxm@gmail.com, max@contoso.example]', null],
      ['L2', '[]', 'L1'],
    ]);
  });
});

describe('the fast path declines and the JS path loads the file', () => {
  it('a timestamp JS accepts but SQL does not vouch for (24:00)', async () => {
    const text =
      'activity_id,source,type,occurred_at\nA1,hubspot,call,2026-11-16T24:00:00Z\nA2,hubspot,call,2026-11-16T09:00:00Z\n';
    await expectParity(text, 'activities', { fastUsed: false });
  });

  it('an email outside the Latin scripts (JS lower-cases final sigma)', async () => {
    const text = 'lead_id,source,email,created_at\nL1,hubspot,ΟΔΥΣΣΕΥΣ@example.gr,2026-11-16T09:00:00Z\n';
    const { js } = await expectParity(text, 'leads', { fastUsed: false });
    expect(js.rows[0]!.email_key).toBe('οδυσσευς@example.gr');
  });

  it('an internationalized domain in Unicode (SQL cannot write its xn-- form)', async () => {
    const text =
      'lead_id,source,email,created_at\nL1,hubspot,anna@müller.example,2026-11-16T09:00:00Z\nL2,hubspot,Anna@XN--MLLER-KVA.example,2026-11-16T09:00:00Z\n';
    const { js } = await expectParity(text, 'leads', { fastUsed: false });
    expect(js.rows.map((r) => r.email_key)).toEqual(['anna@xn--mller-kva.example', 'anna@xn--mller-kva.example']);
  });

  it('UTF-16 (the JS reader decodes it)', async () => {
    const text = 'lead_id,source,email,created_at\nL1,hubspot,a@x.com,2026-11-16T09:00:00Z\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { js } = await expectParity(bytes, 'leads', { fastUsed: false });
    expect(js.manifest.rowsLoaded).toBe(1);
  });

  it('Latin-1 fails with the JS message naming the line', async () => {
    const file = join(dir, 'latin1.csv');
    await writeFile(
      file,
      Buffer.from(
        'lead_id,source,email,created_at\nL1,hubspot,a@x.com,2026-11-16T09:00:00Z\nL2,hubspot,j\xfcrgen@x.de,2026-11-16T09:00:00Z\n',
        'latin1',
      ),
    );
    const jsError = await run(file, 'leads', false).catch((e: Error) => e.message);
    const fastError = await run(file, 'leads', true).catch((e: Error) => e.message);
    expect(fastError).toMatch(/line 3: not UTF-8/);
    expect(fastError).toBe(jsError);
  });

  it('a truncated gzip fails with the JS message', async () => {
    const file = join(dir, 'cut.csv.gz');
    const gz = gzipSync(Buffer.from(generate('leads', 200, 1)));
    await writeFile(file, gz.subarray(0, gz.length - 40));
    const jsError = await run(file, 'leads', false).catch((e: Error) => e.message);
    const fastError = await run(file, 'leads', true).catch((e: Error) => e.message);
    expect(fastError).toMatch(/truncated or corrupt gzip/);
    expect(fastError).toBe(jsError);
  });
});

describe("the fast path's row ordinal", () => {
  it('is the data row position across CSV buffers, row groups and parts (quoted newlines, blank lines, wrong field counts)', async () => {
    // ~8 MB: the CSV reader's 4 MB buffers and the 30,000-row Parquet groups both split this file,
    // so an ordinal taken from the wrong place (a buffer, a group, a part) shows as a wrong batch_row.
    const rows = 90_000;
    const lines = ['activity_id,source,type,occurred_at,owner_id,email,lead_id,deal_id,is_automated'];
    const special = new Map<number, string>([
      [7, 'A7,salesforce,call,2026-11-16T08:00:00Z,"rep\n7",p7@example.com,,,false'], // quoted newline
      [52_000, 'A52000,salesforce,call,2026-11-16T08:00:00Z,rep,p@example.com,,,false,extra'], // too many fields
      [61_000, 'A61000,salesforce,call,yesterday,rep,p@example.com,,,false'], // invalid timestamp
      [75_000, 'A75000,salesforce,email,2026-11-16T08:00:00Z,"rep\r\n75000",p@example.com,,,true'], // quoted CRLF
    ]);
    const expectedRejects: { line: number; field?: string }[] = [];
    let line = 1;
    for (let i = 0; i < rows; i++) {
      if (i === 30_000) {
        lines.push(''); // a blank line: no data row, one physical line
        line++;
      }
      const text =
        special.get(i) ??
        `A${i},salesforce,${['call', 'email', 'meeting'][i % 3]},2026-11-16T08:00:${String(i % 60).padStart(2, '0')}Z,rep-${i % 40},person.number.${i}@a-company-domain-${i % 500}.example,,,${i % 10 === 0}`;
      line++;
      if (i === 52_000 || i === 61_000) expectedRejects.push({ line });
      lines.push(text);
      line += text.split('\n').length - 1;
    }
    const file = join(dir, 'ordinal.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const data = join(dir, 'data-ordinal');
    const messages: string[] = [];
    const log: Log = { debug() {}, info: (m) => messages.push(m), warn: (m) => messages.push(m) };
    const { manifest } = await importFile(
      { vendorFormats: vendorFileFormats, store: new LocalStore(data), encoder, config, now, log, chunkRows: 25_000 },
      { path: file, format: 'canonical-activities', dt: '2026-11-24' },
    );
    expect(messages).toContain('canonical csv: fast path');
    expect(manifest.rowsLoaded).toBe(rows - 2);
    expect(manifest.canonicalKeys.length).toBe(4); // parts of 25,000 data rows
    const [check] = await engine.query(
      `select count(*)::int as n, count(*) filter (where batch_row <> substr(activity_id, 2)::bigint)::int as wrong,
         count(distinct batch_row)::int as distinct_rows
       from read_parquet('${join(data, 'canonical', 'activities', '*', '*', '*.parquet')}')`,
    );
    expect(check).toEqual({ n: rows - 2, wrong: 0, distinct_rows: rows - 2 });
    const rejects = (await readFile(join(data, ...manifest.rejectsKey!.split('/')), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number });
    expect(rejects.map((r) => r.line)).toEqual(expectedRejects.map((r) => r.line));
  });
});

describe('the fast path on wide rows', () => {
  it('loads a 100,000-row leads file (every column filled) on the fast path, not the JS path', async () => {
    // Two Parquet writers of the 30 stored lead columns ran out of DuckDB's 100 MB: the whole file
    // then went through the JS path (4x the time, 3x the memory). The encoder now retries on one thread.
    const header =
      'lead_id,source,email,first_name,last_name,company,company_domain,created_at,updated_at,lifecycle_stage,mql_at,status,owner_id,' +
      'is_disqualified,disqualification_reason,channel,campaign_id,campaign_name,utm_source,utm_medium,utm_campaign,is_deleted,' +
      'additional_emails,merged_lead_ids,merged_into_lead_id';
    const lines = [header];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `L${i},hubspot,First.Last${i}@Company${i % 5000}.example,First${i},Lastname${i},Company ${i % 5000},company${i % 5000}.example,` +
          `2026-01-01 00:00:00,2026-02-01 00:00:00,subscriber,,open,rep-${i % 40},${i % 7 === 0},,paid_search,cmp${i % 300},` +
          `Campaign number ${i % 300},google,cpc,brand,false,alt${i}@gmail.com; x${i}@y.example,L${i}x,`,
      );
    }
    const file = join(dir, 'wide-leads.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const data = join(dir, 'data-wide');
    const messages: string[] = [];
    const log: Log = { debug() {}, info: (m) => messages.push(m), warn: (m) => messages.push(m) };
    const { manifest } = await importFile(
      { vendorFormats: vendorFileFormats, store: new LocalStore(data), encoder, config, now, log },
      { path: file, format: 'canonical-leads', dt: '2026-11-24' },
    );
    expect(messages).toContain('canonical csv: fast path');
    expect(manifest.rowsLoaded).toBe(100_000);
    const [check] = await engine.query(
      `select count(*) filter (where batch_row <> substr(lead_id, 2)::bigint)::int as wrong,
         count(*) filter (where additional_email_keys <> ['alt' || batch_row || '@gmail.com', 'x' || batch_row || '@y.example'])::int as keys
       from read_parquet('${join(data, 'canonical', 'leads', '*', '*', '*.parquet')}')`,
    );
    expect(check).toEqual({ wrong: 0, keys: 0 });
  });
});
