/** Bad canonical CSVs (issue 2): each gives a clear error or a reject with its reason. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { parseConfig } from '../../functions/core/config.js';
import { FormatError } from '../../functions/core/import/canonical-csv.js';
import { importFile, type ImportDeps } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import type { Reject } from '../../functions/core/records.js';

let dir: string;
let deps: ImportDeps;
let encoder: DuckDBParquetEncoder;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-'));
  encoder = await DuckDBParquetEncoder.create();
  deps = {
    store: new LocalStore(join(dir, 'data')),
    encoder,
    config: parseConfig({ fxRates: { USD: 0.9 } }),
    vendorFormats: vendorFileFormats,
  };
});
afterAll(async () => encoder.close());

let n = 0;
async function importText(text: string | Buffer, format = 'canonical-leads', source?: string) {
  const file = join(dir, `file${n++}.csv`);
  await writeFile(file, text);
  return importFile(deps, { path: file, format, source, dt: '2026-11-26' });
}

async function rejectsOf(key: string | null): Promise<Reject[]> {
  if (!key) return [];
  const body = await readFile(join(dir, 'data', ...key.split('/')), 'utf8');
  return body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Reject);
}

const HEADER = 'lead_id,source,email,created_at,lifecycle_stage,channel';

describe('file-level errors name the file, line and columns', () => {
  it('missing required column', async () => {
    await expect(importText('lead_id,email\nL1,a@x.com\n')).rejects.toThrow(
      /file\d+\.csv: line 1: missing required columns source, created_at for canonical-leads/,
    );
  });

  it('unknown column', async () => {
    await expect(importText(`${HEADER},favourite_colour\n`)).rejects.toThrow(
      /line 1: unknown column "favourite_colour"/,
    );
  });

  it('an Email 2-style column is refused with where further addresses go', async () => {
    await expect(importText(`${HEADER},Email 2\n`)).rejects.toThrow(
      /unknown column "Email 2" for canonical-leads; put a lead's further addresses in additional_emails, separated by ";"/,
    );
  });

  it('derived columns cannot be imported', async () => {
    await expect(importText(`${HEADER},email_key\n`)).rejects.toThrow(/unknown column "email_key"/);
  });

  it('empty file', async () => {
    await expect(importText('')).rejects.toThrow(FormatError);
    await expect(importText('\n\n')).rejects.toThrow(/empty file; expected a header row/);
  });

  it('UTF-16 with a BOM is decoded; UTF-16 without one is refused with a clear message', async () => {
    const row = 'L1,hubspot,a@x.com,2026-11-16T08:00:00Z,mql,paid_search\n';
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n${row}`, 'utf16le')]);
    expect((await importText(withBom)).manifest.rowsLoaded).toBe(1);
    await expect(importText(Buffer.from(`${HEADER}\n${row}`, 'utf16le'))).rejects.toThrow(/line 1: not UTF-8 text/);
  });

  it('unknown format', async () => {
    await expect(importText(`${HEADER}\n`, 'canonical-people')).rejects.toThrow(
      /--as canonical-people: unknown format/,
    );
  });
});

describe('row-level problems are rejected with line, field and reason; the rest load', () => {
  it('bad timestamp, bad number, unknown enum, unknown currency, missing value, wrong field count, won without a close date', async () => {
    const csv = [
      'deal_id,source,created_at,amount,currency,is_won,closed_at',
      'D1,salesforce,2026-11-16T08:00:00Z,100,EUR,true,2026-11-18T08:00:00Z', // ok
      'D2,salesforce,16/11/2026,100,EUR,true,', // bad timestamp
      'D3,salesforce,2026-11-16T08:00:00Z,1.000,00,EUR,true,', // extra field (decimal comma)
      'D4,salesforce,2026-11-16T08:00:00Z,abc,EUR,false,', // bad number
      'D5,salesforce,2026-11-16T08:00:00Z,100,XYZ,false,', // unknown currency
      'D6,salesforce,2026-11-16T08:00:00Z,100,SEK,false,', // no FX rate
      ',salesforce,2026-11-16T08:00:00Z,100,EUR,false,', // missing id
      'D8,salesforce,2026-11-16T08:00:00Z,100,USD,maybe,', // bad boolean
      'D9,salesforce,2026-11-16T08:00:00Z,-5,EUR,false,', // negative amount
      'D10,salesforce,2026-02-30T08:00:00Z,5,EUR,false,', // impossible date
      'D11,salesforce,2999-01-01T08:00:00Z,5,EUR,false,', // far future
      'D12,salesforce,2026-11-16T08:00:00Z,5,EUR,true,', // won, never closed: it would count in no week
    ].join('\n');
    const { manifest } = await importText(csv, 'canonical-deals');
    expect(manifest.rowsLoaded).toBe(1);
    expect(manifest.rowsRejected).toBe(11);
    const rejects = await rejectsOf(manifest.rejectsKey);
    expect(rejects.map((r) => [r.line, r.field])).toEqual([
      [3, 'created_at'],
      [4, null],
      [5, 'amount'],
      [6, 'currency'],
      [7, 'currency'],
      [8, 'deal_id'],
      [9, 'is_won'],
      [10, 'amount'],
      [11, 'created_at'],
      [12, 'created_at'],
      [13, 'closed_at'],
    ]);
    expect(rejects[0]!.reason).toBe('not an ISO-8601 timestamp: "16/11/2026"');
    expect(rejects[3]!.reason).toMatch(/unknown currency "XYZ"/);
    expect(rejects[4]!.reason).toBe('no FX rate for SEK: add it to fxRates in the config');
    expect(rejects[1]!.raw).toBe('D3,salesforce,2026-11-16T08:00:00Z,1.000,00,EUR,true,');
    expect(rejects[1]!.reason).toBe('expected 7 fields, found 8');
    expect(rejects[10]!.reason).toBe('a won deal without its close date');
  });

  // Field case F12's kind in the canonical format: a file kept in a spreadsheet turned three
  // deal ids into one "1.23457E+11" (two loaded as "superseded" versions of the third), and a
  // grouped campaign id was a second campaign.
  it('ids a spreadsheet damaged are rejects naming the damage, in every id column', async () => {
    const deals = [
      'deal_id,source,created_at,amount,currency,converted_from_lead_id',
      'D1,salesforce,2026-11-16T08:00:00Z,100,EUR,',
      '1.23457E+11,salesforce,2026-11-16T08:00:00Z,100,EUR,',
      '"18,734,200,011",salesforce,2026-11-16T08:00:00Z,100,EUR,',
      'D4,salesforce,2026-11-16T08:00:00Z,100,EUR,123456789012.0',
    ].join('\n');
    const { manifest } = await importText(deals, 'canonical-deals');
    expect([manifest.rowsLoaded, manifest.rowsRejected]).toEqual([1, 3]);
    const rejects = await rejectsOf(manifest.rejectsKey);
    expect(rejects.map((r) => [r.line, r.field])).toEqual([
      [3, 'deal_id'],
      [4, 'deal_id'],
      [5, 'converted_from_lead_id'],
    ]);
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringContaining('turned into scientific notation'),
      expect.stringContaining('wrote with thousands separators'),
      expect.stringContaining('turned into a decimal number'),
    ]);
    const spend = 'date,platform,campaign_id,cost,currency\n2026-11-10,google_ads,"18,734,200,011",90,USD\n';
    const second = await importText(spend, 'canonical-spend');
    expect([second.manifest.rowsLoaded, second.manifest.rowsRejected]).toEqual([0, 1]);
  });

  it('a bare day in an instant column is a reject naming the flag to set; the flag column loads', async () => {
    const csv = [
      'activity_id,source,type,occurred_at,occurred_at_time_unknown,updated_at',
      'A1,hubspot,call,2026-11-17,,', // a day: its midnight would be an invented time
      'A2,hubspot,call,2026-11-17T00:00:00+01:00,true,', // the day's start, said to be only a day
      'A3,hubspot,call,2026-11-17 09:30,,', // a time without offset is UTC
      'A4,hubspot,call,2026-11-17T09:30:00Z,,2026-11-18', // a bare day in any instant column
    ].join('\n');
    const { manifest } = await importText(csv, 'canonical-activities');
    expect([manifest.rowsLoaded, manifest.rowsRejected]).toEqual([2, 2]);
    const rejects = await rejectsOf(manifest.rejectsKey);
    expect(rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [
        2,
        'occurred_at',
        '"2026-11-17" is a day without a time: an instant needs its time and offset (2026-11-17T09:30:00+01:00); when only the day is known, give its start with the offset and set occurred_at_time_unknown to true',
      ],
      [5, 'updated_at', expect.stringContaining('"2026-11-18" is a day without a time')],
    ]);
  });

  it('unknown enum value', async () => {
    const { manifest } = await importText(`${HEADER}\nL1,hubspot,a@x.com,2026-11-16T08:00:00Z,hot,paid_search\n`);
    expect(manifest.rowsRejected).toBe(1);
    const [reject] = await rejectsOf(manifest.rejectsKey);
    expect(reject).toMatchObject({ line: 2, field: 'lifecycle_stage' });
    expect(reject!.reason).toMatch(/unknown value "hot" \(expected one of subscriber, lead, mql/);
  });

  it('header only loads nothing and says so', async () => {
    const { manifest } = await importText(`${HEADER}\n`);
    expect(manifest).toMatchObject({ rowsLoaded: 0, rowsRejected: 0, canonicalKeys: [] });
  });

  it('BOM and CRLF are accepted', async () => {
    const text = `\uFEFF${HEADER}\r\nL1,hubspot,a@x.com,2026-11-16T08:00:00Z,mql,paid_search\r\nL2,hubspot,b@x.com,2026-11-16 09:00:00,lead,\r\n`;
    const { manifest } = await importText(text);
    expect(manifest).toMatchObject({ rowsLoaded: 2, rowsRejected: 0 });
  });

  it('quoted fields with commas, quotes and newlines load intact', async () => {
    const text = `lead_id,source,created_at,company\nL1,hubspot,2026-11-16T08:00:00Z,"Müller, ""Bau"" AG\nZürich"\n`;
    const { manifest } = await importText(text);
    expect(manifest.rowsLoaded).toBe(1);
  });

  it('--source fills rows without a source column', async () => {
    const { manifest } = await importText(
      'lead_id,created_at\nL1,2026-11-16T08:00:00Z\n',
      'canonical-leads',
      'pipedrive',
    );
    expect(manifest).toMatchObject({ rowsLoaded: 1, source: 'pipedrive' });
    expect(manifest.canonicalKeys[0]).toMatch(/^canonical\/leads\/source=pipedrive\/dt=2026-11-26\//);
  });
});

describe('importing the same file twice changes nothing', () => {
  it('finds the manifest by content hash and writes nothing', async () => {
    const text = `${HEADER}\nL1,hubspot,a@x.com,2026-11-16T08:00:00Z,mql,paid_search\n`;
    const file = join(dir, 'twice.csv');
    await writeFile(file, text);
    const first = await importFile(deps, { path: file, format: 'canonical-leads', dt: '2026-11-26' });
    const keysBefore = await deps.store.list('');
    const second = await importFile(deps, { path: file, format: 'canonical-leads', dt: '2026-11-27' });
    expect(first.alreadyLoaded).toBe(false);
    expect(second.alreadyLoaded).toBe(true);
    expect(second.manifest).toEqual(first.manifest);
    expect(await deps.store.list('')).toEqual(keysBefore);
  });
});
