/**
 * Files as they arrive (issue 12, "Containers"): a ZIP of CSVs and an .xlsx are read with the
 * same vendor format; .xls, PDF, Numbers and other binaries are refused with one line.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { parseConfig } from '../../../functions/core/config.js';
import { importFile } from '../../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../../functions/sources/formats.js';
import { FormatError } from '../../../functions/sources/vendor-csv/errors.js';
import { looksBinary, unpackContainer } from '../../../functions/sources/vendor-csv/container.js';
import { cellText } from '../../../functions/sources/vendor-csv/xlsx.js';
import { importAs, readAs, xlsx, zip } from './containers-helpers.js';
import { join } from 'node:path';
import { FIELD_CASES } from '../../helpers/field-case.js';

const g2 = (name: string) => ({ name, bytes: readFileSync(join(FIELD_CASES, `G2/${name}`)) });
const G2_ZIP = g2('members_export_4f2a9c1d7e.zip');
const G2_XLSX = g2('hubspot-crm-exports-all-contacts-2026-11-23.xlsx');
const NY_MULTI = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08, GBP: 1.27, JPY: 0.0067 },
  timezone: 'America/New_York',
};

const GADS = (rows: string[]): string =>
  [
    'Campaign performance',
    '"November 16, 2026 - November 22, 2026"',
    'Day,Campaign ID,Campaign,Campaign type,Currency code,Cost,Impr.,Clicks,Customer ID',
    ...rows,
  ].join('\n') + '\n';
const HS_HEADER = ['Record ID', 'First Name', 'Last Name', 'Email', 'Create Date', 'Lifecycle Stage'];

describe('G2: the file as it arrives', () => {
  it('a Mailchimp audience export ZIP: its three CSVs read as one load of 3 leads', async () => {
    const result = await importAs('mailchimp-audience-csv', G2_ZIP, NY_MULTI);
    expect(result.manifest).toMatchObject({ rowsLoaded: 3, rowsRejected: 0, input: G2_ZIP.name });
    expect(result.manifest.rawBytes).toBe(G2_ZIP.bytes.length); // the raw zone keeps the ZIP as received
    expect(result.manifest.notes).toMatchObject({
      container: 'zip',
      members: [
        'cleaned_members_export_4f2a9c1d7e.csv',
        'subscribed_members_export_4f2a9c1d7e.csv',
        'unsubscribed_members_export_4f2a9c1d7e.csv',
      ],
    });
    const { rows } = await readAs('mailchimp-audience-csv', G2_ZIP.bytes, G2_ZIP.name);
    expect(rows.map((r) => [r.email, r.status])).toEqual([
      ['mira.holt@northwind.example', 'subscribed'],
      ['ravi.menon@contoso.example', 'subscribed'],
      ['lena.ford@fabrikam.example', 'unsubscribed'],
    ]);
  });

  it('a HubSpot contacts workbook: the sheet read, 2 contacts with their values', async () => {
    const result = await importAs('hubspot-contacts-csv', G2_XLSX, NY_MULTI);
    expect(result.manifest).toMatchObject({ rowsLoaded: 2, rowsRejected: 0 });
    expect(result.manifest.notes).toMatchObject({ container: 'xlsx', sheet: 'Contacts' });
    const { rows } = await readAs('hubspot-contacts-csv', G2_XLSX.bytes, G2_XLSX.name, 'America/New_York');
    expect(rows.map((r) => [r.lead_id, r.email, r.created_at, r.lifecycle_stage, r.channel])).toEqual([
      ['5101', 'mira.holt@northwind.example', '2026-11-16T19:05:00.000Z', 'mql', 'paid_search'],
      ['5102', 'ravi.menon@contoso.example', '2026-11-18T14:12:00.000Z', 'lead', 'organic_search'],
    ]);
  });
});

describe('ZIP of CSVs', () => {
  it("the loader's own rejects (a currency without a rate) name the member too", async () => {
    const bytes = zip({
      'a.csv': GADS(['2026-11-17,101,Brand,Search,USD,10.50,100,5,123-456-7890']),
      'b.csv': GADS(['2026-11-18,102,Generic,Search,SEK,20.25,200,9,123-456-7890']),
    });
    const dir = await mkdtemp(join(tmpdir(), 'zip-rejects-'));
    await writeFile(join(dir, 'ads.zip'), bytes);
    const store = new LocalStore(join(dir, 'data'));
    const encoder = await DuckDBParquetEncoder.create();
    try {
      const deps = {
        store,
        encoder,
        config: parseConfig({ reportingCurrency: 'USD' }),
        vendorFormats: vendorFileFormats,
      };
      const { manifest } = await importFile(deps, {
        path: join(dir, 'ads.zip'),
        format: 'google-ads-csv',
        dt: '2026-11-26',
      });
      expect(manifest).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
      const reject = JSON.parse(
        Buffer.from((await store.get(manifest.rejectsKey!))!)
          .toString('utf8')
          .trim(),
      );
      expect(reject).toMatchObject({ file: 'ads.zip/b.csv', field: 'currency' });
    } finally {
      await encoder.close();
    }
  });

  const a = GADS(['2026-11-17,101,Brand,Search,USD,10.50,100,5,123-456-7890']);
  const b = GADS([
    '2026-11-18,102,Generic,Search,USD,20.25,200,9,123-456-7890',
    '2026-11-19,103,Display,Display,USD,lots,10,1,123-456-7890',
  ]);

  it('reads every CSV member in name order as one batch; skips folders, __MACOSX and dot-files', async () => {
    const bytes = zip({
      'report/b.csv': b,
      'report/a.csv': a,
      'report/': new Uint8Array(),
      '__MACOSX/report/._a.csv': new Uint8Array([0, 5, 22, 7, 0, 2]),
      'report/.DS_Store': new Uint8Array([0, 0, 0, 1]),
    });
    const read = await readAs('google-ads-csv', bytes, 'ads.zip');
    expect(read.rows.map((r) => [r.campaign_id, r.cost])).toEqual([
      ['101', 10.5],
      ['102', 20.25],
    ]);
    expect(read.notes).toMatchObject({ container: 'zip', members: ['report/a.csv', 'report/b.csv'] });
    expect(Object.keys(read.notes!.byMember as object)).toEqual(['report/a.csv', 'report/b.csv']);
    // A reject names the member it came from.
    expect(read.rejects).toHaveLength(1);
    expect(read.rejects[0]).toMatchObject({ file: 'ads.zip/report/b.csv', line: 5, field: 'Cost' });

    const result = await importAs('google-ads-csv', { name: 'ads.zip', bytes }, NY_MULTI);
    expect(result.manifest).toMatchObject({ rowsLoaded: 2, rowsRejected: 1 });
  });

  it('a ZIP of one CSV reads like the CSV, with the format notes kept', async () => {
    const read = await readAs('google-ads-csv', zip({ 'a.tsv': a.replace(/,/g, '\t') }), 'one.zip');
    expect(read.rows).toHaveLength(1);
    expect(read.notes).toMatchObject({ container: 'zip', members: ['a.tsv'], delimiter: 'tab' });
  });

  it('a member that does not fit the format fails the whole import, naming the member', async () => {
    const bytes = zip({ 'a.csv': a, 'z-contacts.csv': 'Record ID,Email\n1,x@y.example\n' });
    await expect(importAs('google-ads-csv', { name: 'ads.zip', bytes })).rejects.toThrow(
      /^ads\.zip\/z-contacts\.csv: google-ads-csv: expected a header/,
    );
  });

  it('refuses a ZIP without a text member, a workbook inside a ZIP, a corrupt ZIP and an empty one', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [
        zip({ 'report.pdf': '%PDF-1.4', 'readme.md': 'x' }),
        /^x\.zip: a ZIP with no CSV, TSV or TXT file inside \(found report\.pdf, readme\.md\)/,
      ],
      [
        zip({ 'a.csv': a, 'book.xlsx': xlsx([{ name: 'S', rows: [['a']] }]) }),
        /^x\.zip\/book\.xlsx: a workbook inside a ZIP/,
      ],
      [zip({ 'a.csv': a }).subarray(0, 40), /^x\.zip: a ZIP that cannot be unpacked/],
      [new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]), /^x\.zip: an empty ZIP/],
    ];
    for (const [bytes, message] of cases) {
      const err = await unpackContainer(bytes, 'x.zip').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('XLSX', () => {
  it('writes cells by type: dates as wall clock, numbers plain, booleans, strings as they are', () => {
    expect(cellText(new Date(Date.UTC(2026, 10, 16, 14, 5, 7)))).toBe('2026-11-16 14:05:07');
    expect(cellText(1234567.5)).toBe('1234567.5');
    expect(cellText(5101)).toBe('5101');
    expect(cellText(true)).toBe('true');
    expect(cellText(' 00123 ')).toBe(' 00123 ');
    expect(cellText(Number('120210000000000111'))).toMatch(/^1\.2021\d*e\+17$/);
  });

  it('reads date, number and boolean cells; dates are read in the account zone', async () => {
    const book = xlsx([
      {
        name: 'contacts',
        rows: [
          [...HS_HEADER, 'Marketing contact status'],
          [7001, 'Zoë', 'Müller', 'zoe@acme.example', new Date(Date.UTC(2026, 10, 16, 9, 30)), 'Lead', true],
          [7002, 'Ann "Q"', 'Lee, Jr.', 'ann@acme.example', new Date(Date.UTC(2026, 10, 17, 0, 0)), 'Lead', false],
          [7003, 'Iso', 'Date', 'iso@acme.example', { iso: '2026-11-18T10:15:00' }, 'Lead', null],
        ],
      },
    ]);
    const read = await readAs('hubspot-contacts-csv', book, 'book.xlsx', 'Europe/Berlin');
    expect(read.rejects).toEqual([]);
    expect(read.rows.map((r) => [r.lead_id, r.first_name, r.last_name, r.created_at])).toEqual([
      ['7001', 'Zoë', 'Müller', '2026-11-16T08:30:00.000Z'],
      ['7002', 'Ann "Q"', 'Lee, Jr.', '2026-11-17T00:00:00.000Z'], // a bare day: its start in the report zone (UTC)
      ['7003', 'Iso', 'Date', '2026-11-18T09:15:00.000Z'], // a strict-OOXML date cell: its wall clock, in any TZ
    ]);
    expect(read.notes).toMatchObject({ container: 'xlsx', sheet: 'contacts' });
  });

  it('a big numeric id that lost its digits is refused as spreadsheet damage, not loaded wrong', async () => {
    const book = xlsx([
      {
        name: 'Campaigns',
        rows: [
          ['Campaign performance'],
          ['November 16, 2026 - November 22, 2026'],
          ['Day', 'Campaign ID', 'Campaign', 'Currency code', 'Cost'],
          [new Date(Date.UTC(2026, 10, 17)), { raw: '1.2021000000000011E+17' }, 'Meta-like', 'USD', 12.5],
          [new Date(Date.UTC(2026, 10, 18)), 23456789012, 'Safe id', 'USD', 3],
        ],
      },
    ]);
    const read = await readAs('google-ads-csv', book, 'ads.xlsx');
    expect(read.rows.map((r) => [r.date, r.campaign_id, r.cost])).toEqual([['2026-11-18', '23456789012', 3]]);
    expect(read.rejects).toHaveLength(1);
    expect(read.rejects[0]).toMatchObject({ file: 'ads.xlsx', line: 4, field: 'Campaign ID' });
    expect(read.rejects[0]!.reason).toMatch(/a spreadsheet program turned into scientific notation/);
  });

  it('a formula error cell is read as its text (as a CSV saved by Excel has it), so the row is rejected', async () => {
    const book = xlsx([
      {
        name: 'Campaigns',
        rows: [
          ['Day', 'Campaign ID', 'Campaign', 'Currency code', 'Cost'],
          ['2026-11-17', 11, 'Lookup failed', 'USD', { error: '#N/A' }],
          ['2026-11-17', 12, 'Fine', { error: '#REF!' }, 4],
          ['2026-11-17', 13, 'Fine too', 'USD', 4],
        ],
      },
    ]);
    const read = await readAs('google-ads-csv', book, 'errors.xlsx');
    expect(read.rows.map((r) => r.campaign_id)).toEqual(['13']);
    expect(read.rejects.map((r) => [r.line, r.field])).toEqual([
      [2, 'Cost'],
      [3, 'Currency code'],
    ]);
    expect(read.rejects.map((r) => r.raw)).toEqual([
      '"2026-11-17","11","Lookup failed","USD","#N/A"',
      '"2026-11-17","12","Fine","#REF!","4"',
    ]);
  });

  it('reads the first sheet with data and names the others in the notes', async () => {
    const book = xlsx([
      { name: 'Empty', rows: [] },
      { name: 'Export', rows: [HS_HEADER, [1, 'A', 'B', 'a@acme.example', '2026-11-16 10:00', 'Lead']] },
      {
        name: 'Pivot',
        rows: [
          ['Lifecycle Stage', 'Count'],
          ['Lead', 1],
        ],
      },
    ]);
    const result = await importAs('hubspot-contacts-csv', { name: 'book.xlsx', bytes: book });
    expect(result.manifest.rowsLoaded).toBe(1);
    expect(result.manifest.notes).toMatchObject({ container: 'xlsx', sheet: 'Export', otherSheetsWithData: ['Pivot'] });
  });

  it('a workbook with no data or a broken sheet is refused with one line', async () => {
    await expect(unpackContainer(xlsx([{ name: 'S', rows: [] }]), 'e.xlsx')).rejects.toThrow(
      /^e\.xlsx: the workbook has no sheet with data$/,
    );
    const broken = zip({ 'xl/workbook.xml': '<workbook><sheets><sheet', '[Content_Types].xml': '<' });
    const err = (await unpackContainer(broken, 'b.xlsx').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(/^b\.xlsx: the workbook cannot be read \(.*\); open it in Excel/);
    expect(err.message).not.toContain('\n');
  });
});

describe('refused containers: one line naming the file and what to do', () => {
  const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]);
  it.each([
    [
      'contacts.xls',
      ole2,
      /^contacts\.xls: an Excel 97-2003 workbook \(\.xls\) or a password-protected workbook cannot be read; .*save it as \.xlsx or CSV UTF-8/,
    ],
    [
      'report.pdf',
      new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'),
      /^report\.pdf: a PDF cannot be read; download the export as CSV$/,
    ],
    [
      'sheet.numbers',
      zip({ 'Index/Document.iwa': new Uint8Array([0, 1, 2]), 'Metadata/Properties.plist': 'x' }),
      /^sheet\.numbers: an Apple Numbers file cannot be read/,
    ],
    [
      'sheet.ods',
      zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
      /^sheet\.ods: an OpenDocument file/,
    ],
    [
      'image.csv',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
      /^image\.csv: a binary file, not a CSV or text export/,
    ],
  ])('%s', async (name, bytes, message) => {
    const err = (await importAs('hubspot-contacts-csv', { name, bytes }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
    // eslint-disable-next-line no-control-regex -- raw bytes must never reach the message
    expect(err.message).not.toMatch(/[\u0000-\u0008\uFFFD]/);
  });

  it('binary without NUL bytes is refused too; a stray control character in a text export is not', () => {
    const noise = Uint8Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 255) + 1); // every byte but NUL
    expect(looksBinary(noise)).toBe(true);
    expect(looksBinary(new TextEncoder().encode('a,b\nnote with a \u000b vertical tab,2\n'))).toBe(false);
  });

  it('a gzipped CSV still reads; a UTF-16 file (NUL bytes) is text, not binary', async () => {
    const csv = GADS(['2026-11-17,101,Brand,Search,USD,10.50,100,5,123-456-7890']);
    const gz = await importAs('google-ads-csv', { name: 'a.csv.gz', bytes: gzipSync(csv) }, NY_MULTI);
    expect(gz.manifest.rowsLoaded).toBe(1);
    expect(gz.manifest.notes?.container).toBeUndefined();
    const utf16 = Buffer.from('\uFEFF' + csv.replace(/,/g, '\t'), 'utf16le');
    expect((await readAs('google-ads-csv', utf16, 'a.csv')).rows).toHaveLength(1);
  });
});
