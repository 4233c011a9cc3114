/**
 * The encoding is decided for the whole file (issue 12, "Encodings"): Excel's Windows-1252
 * "CSV (Comma delimited)" loads with its accents even when the first one is past 64 KB; a UTF-8
 * file with rows pasted from a Windows-1252 one is refused naming its first bad line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectEncoding, hasUtf8MultiByte } from '../../../functions/sources/vendor-csv/decode.js';
import { FormatError } from '../../../functions/sources/vendor-csv/errors.js';
import { importAs, readAs } from './containers-helpers.js';
import { join } from 'node:path';
import { FIELD_CASES } from '../../helpers/field-case.js';

const HEADER = 'Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage\n';
const rows = (n: number, from = 1) =>
  Array.from(
    { length: n },
    (_, i) => `${from + i},First${i},Last${i},p${from + i}@acme.example,2026-11-17 09:00,Lead\n`,
  ).join('');
const cp1252 = (text: string) => Buffer.from(text, 'latin1'); // the test text uses only Latin-1 letters

describe('G3: an Excel "CSV (Comma delimited)" in Windows-1252, first accent after 64 KB', () => {
  const name = 'contacts-excel-ansi.csv';
  const bytes = readFileSync(join(FIELD_CASES, `G3/${name}`));

  it('loads 700 leads with their accents right', async () => {
    expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true); // the quirk: ASCII for 64 KB
    expect(detectEncoding(bytes)).toEqual({ encoding: 'windows-1252', bomLength: 0 });
    const result = await importAs('hubspot-contacts-csv', { name, bytes }, { timezone: 'America/New_York' });
    expect(result.manifest).toMatchObject({ rowsLoaded: 700, rowsRejected: 0 });
    expect(result.manifest.notes).toMatchObject({ encoding: 'windows-1252' });
    const read = await readAs('hubspot-contacts-csv', bytes, name, 'America/New_York');
    const byId = new Map(read.rows.map((r) => [r.lead_id, r]));
    expect(byId.get('7000690')).toMatchObject({ first_name: 'Zoë', last_name: 'O’Brien', company: 'Café Lumière Ltd' });
    expect(byId.get('7000695')).toMatchObject({ first_name: 'José', last_name: 'Müller' });
    expect(read.rows.some((r) => JSON.stringify(r).includes('\uFFFD'))).toBe(false);
  });
});

describe('whole-file encoding', () => {
  it('a Windows-1252 file whose only accents are in its last row loads right', async () => {
    const bytes = Buffer.concat([
      Buffer.from(HEADER + rows(1500)),
      cp1252('9999,Renée,Çelik,r@acme.example,2026-11-17 09:00,Lead\n'),
    ]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const read = await readAs('hubspot-contacts-csv', bytes, 'late.csv');
    expect(read.rows).toHaveLength(1501);
    expect(read.rows.at(-1)).toMatchObject({ lead_id: '9999', first_name: 'Renée', last_name: 'Çelik' });
    expect(read.notes).toMatchObject({ encoding: 'windows-1252' });
  });

  it('a UTF-8 file whose only multi-byte text is past 64 KB stays UTF-8', async () => {
    const bytes = Buffer.from(HEADER + rows(1500) + '9999,Žofia,Nováková,z@acme.example,2026-11-17 09:00,Lead\n');
    expect(detectEncoding(bytes).encoding).toBe('utf-8');
    const read = await readAs('hubspot-contacts-csv', bytes, 'utf8.csv');
    expect(read.rows.at(-1)).toMatchObject({ first_name: 'Žofia', last_name: 'Nováková' });
  });

  it('a UTF-8 file with a Windows-1252 row after 64 KB is refused, naming the line and what to do', async () => {
    const bytes = Buffer.concat([
      Buffer.from(HEADER + '1,José,Núñez,j@acme.example,2026-11-17 09:00,Lead\n' + rows(1500, 2)),
      cp1252('9999,Jürgen,Müller,m@acme.example,2026-11-17 09:00,Lead\n'),
      Buffer.from(rows(3, 10_000)),
    ]);
    expect(detectEncoding(bytes)).toMatchObject({ encoding: 'utf-8', mixed: true });
    const err = (await importAs('hubspot-contacts-csv', { name: 'mixed.csv', bytes }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toBe('mixed.csv: line 1503: not UTF-8 (mixed encodings?); re-export the file as UTF-8');
  });

  it('tells multi-byte UTF-8 from Windows-1252 accents', () => {
    expect(hasUtf8MultiByte(Buffer.from('Müller'))).toBe(true);
    expect(hasUtf8MultiByte(cp1252('Müller, Renée, Çelik'))).toBe(false);
    expect(hasUtf8MultiByte(Buffer.from([0xc3]))).toBe(false); // a lead byte cut at the end
    expect(hasUtf8MultiByte(Buffer.from([0xe9, 0x80, 0x41]))).toBe(false); // "é€A": lead byte without enough continuation bytes
  });

  it('a UTF-16 export with NUL bytes and no BOM still reads', async () => {
    const bytes = Buffer.from(
      HEADER.replace(/,/g, '\t') + '1\tA\tB\ta@acme.example\t2026-11-17 09:00\tLead\n',
      'utf16le',
    );
    expect(detectEncoding(bytes).encoding).toBe('utf-16le');
    expect((await readAs('hubspot-contacts-csv', bytes, 'u16.csv')).rows).toHaveLength(1);
  });
});
