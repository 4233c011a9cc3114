/**
 * The file as it arrives, in front of every vendor format: a ZIP of CSVs (Mailchimp's
 * audience export), an Excel workbook (.xlsx), or plain text. Told apart by their magic
 * bytes, never by the extension. Containers that cannot be read (.xls, encrypted .xlsx, PDF,
 * Apple Numbers, OpenDocument, other binaries) are refused with one line saying what to do,
 * so that binary bytes never reach the CSV reader.
 */
import { unzipSync, type Unzipped } from 'fflate';
import type { ParsedRow } from '../../core/records.js';
import { detectEncoding } from './decode.js';
import { FormatError } from './errors.js';
import type { VendorFormat, VendorParseInput } from './kit.js';
import { sheetToCsv, type TypedNumbers } from './xlsx.js';

/** One text file for the CSV reader; `fileName` is what errors and rejects name. */
export interface TextPart {
  fileName: string;
  bytes: Uint8Array;
  /** A workbook's cells stored as numbers: read as their value, whatever the file's decimal separator. */
  typedNumbers?: TypedNumbers;
}

export interface Unpacked {
  parts: TextPart[];
  /** What was read, for the load manifest (absent for a plain text file). */
  notes?: { container: 'zip' | 'xlsx'; members?: string[]; sheet?: string; [key: string]: unknown };
}

const SAVE_AS = 'save it as .xlsx or CSV UTF-8 and import that';

/** Magic bytes of containers that are refused, with the reason and what to do. */
const REFUSED: readonly { magic: readonly number[]; what: string }[] = [
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: `an Excel 97-2003 workbook (.xls) or a password-protected workbook cannot be read; remove the password, ${SAVE_AS}`,
  },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF cannot be read; download the export as CSV' },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP; download the export again' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive cannot be read; unpack it and import the CSV inside' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive cannot be read; unpack it and import the CSV inside' },
  { magic: [0x42, 0x5a, 0x68], what: 'a bzip2 file cannot be read; unpack it and import the CSV inside' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz file cannot be read; unpack it and import the CSV inside' },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

/**
 * Unpacks `bytes` (already gunzipped) into the text files a vendor format reads: the file
 * itself when it is text, each CSV/TSV/TXT member of a ZIP (name order), or the first sheet
 * with data of an .xlsx as CSV text. Throws FormatError (one line starting with `fileName`)
 * for a container that cannot be read, a ZIP without a text member, or binary content.
 */
export async function unpackContainer(bytes: Uint8Array, fileName: string): Promise<Unpacked> {
  const refused = REFUSED.find((r) => startsWith(bytes, r.magic));
  if (refused) throw new FormatError(`${fileName}: ${refused.what}`);
  if (!startsWith(bytes, ZIP)) return { parts: [textPart(bytes, fileName)] };

  const names = zipNames(bytes, fileName);
  const kind = zipKind(names);
  if (kind === 'xlsx') return readWorkbook(bytes, fileName);
  if (kind) throw new FormatError(`${fileName}: ${kind}`);

  const members = names.filter(isTextMember).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const workbook = names.find((n) => /\.(xlsx|xlsm|xls|numbers|ods)$/i.test(n) && !isHidden(n));
  if (workbook) {
    throw new FormatError(
      `${fileName}/${workbook}: a workbook inside a ZIP cannot be read; unzip it and import the workbook or its CSV`,
    );
  }
  if (members.length === 0) {
    const found = names.filter((n) => !isHidden(n) && !n.endsWith('/'));
    throw new FormatError(
      `${fileName}: a ZIP with no CSV, TSV or TXT file inside (${found.length ? `found ${preview(found)}` : 'it is empty'}); unzip it and import the export file`,
    );
  }
  const wanted = new Set(members);
  const files = unzip(bytes, fileName, (name) => wanted.has(name));
  return {
    parts: members.map((m) => textPart(files[m] ?? new Uint8Array(), `${fileName}/${m}`)),
    notes: { container: 'zip', members },
  };
}

/**
 * A vendor format's rows from a file as it arrives: `unpackContainer`, then `format.parse`
 * on each part in order, as one stream. Every part's header is checked before the first row
 * is given, so a ZIP member that does not fit the format fails the import with nothing
 * written (FormatError naming `zip/member`). `notes()` merges the container's notes with the
 * format's: spread as they are for one part, per member (`byMember`) for several.
 */
export async function readVendorFile(
  format: VendorFormat,
  input: VendorParseInput,
): Promise<{ rows: AsyncIterable<ParsedRow>; notes: () => Record<string, unknown> | undefined }> {
  const { parts, notes: container } = await unpackContainer(input.bytes, input.fileName);
  const parse = (part: TextPart) =>
    format.parse({ ...input, bytes: part.bytes, fileName: part.fileName, typedNumbers: part.typedNumbers });
  if (parts.length > 1) for (const part of parts) await firstRow(parse(part));

  const byMember: Record<string, Record<string, unknown>> = {};
  async function* rows(): AsyncGenerator<ParsedRow> {
    for (const part of parts) {
      // Rows of a member carry its name, so the loader's own rejects name the member too.
      if (parts.length === 1) yield* parse(part);
      else for await (const row of parse(part)) yield row.ok ? { ...row, file: part.fileName } : row;
      const notes = format.notes?.();
      if (notes) byMember[part.fileName.slice(input.fileName.length + 1)] = notes;
    }
  }
  const notes = (): Record<string, unknown> | undefined => {
    if (!container) return format.notes?.();
    if (parts.length === 1) return { ...format.notes?.(), ...container };
    return { ...container, byMember };
  };
  return { rows: rows(), notes };
}

/** Pulls one row (which reads the header) and closes the parse; throws its FormatError. */
async function firstRow(rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>): Promise<void> {
  const iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  await iterator.next();
  await iterator.return?.();
}

/** Text for the CSV reader; binary content (see `looksBinary`) is refused so its bytes never reach a message. */
function textPart(bytes: Uint8Array, fileName: string): TextPart {
  if (looksBinary(bytes)) {
    throw new FormatError(`${fileName}: a binary file, not a CSV or text export; download the export as CSV`);
  }
  return { fileName, bytes };
}

/**
 * Binary: a NUL byte, or more than 1% control characters (other than tab, line breaks, form
 * feed, escape), in a file that is not UTF-16. A text export may hold a stray control
 * character pasted into a note; a binary file of an unknown kind holds them everywhere.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  let nul = false;
  let control = 0;
  for (const b of bytes) {
    if (b >= 0x20) continue;
    if (b === 0) nul = true;
    else if (b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  if (!nul && (control <= 8 || control <= bytes.length / 100)) return false;
  return !detectEncoding(bytes).encoding.startsWith('utf-16');
}

/** Skipped members: folders, macOS resource forks, dot-files. */
function isHidden(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((p) => p.startsWith('.'));
}

function isTextMember(name: string): boolean {
  return !isHidden(name) && /\.(csv|tsv|txt)$/i.test(name);
}

/** What a ZIP is by its members: `'xlsx'`, the reason a kind is refused, or undefined for a plain archive. */
function zipKind(names: string[]): string | undefined {
  const has = (name: string) => names.includes(name);
  if (has('xl/workbook.xml') || has('xl/workbook.bin')) {
    if (has('xl/workbook.bin')) return `an Excel binary workbook (.xlsb) cannot be read; ${SAVE_AS}`;
    return 'xlsx';
  }
  if (names.some((n) => n.endsWith('.iwa')))
    return 'an Apple Numbers file cannot be read; in Numbers use File > Export To > CSV (Unicode UTF-8) or Excel';
  if (has('mimetype') && has('content.xml')) return `an OpenDocument file (.ods) cannot be read; ${SAVE_AS}`;
  if (has('word/document.xml') || has('ppt/presentation.xml'))
    return 'a Word or PowerPoint document cannot be read; download the export as CSV';
  return undefined;
}

function zipNames(bytes: Uint8Array, fileName: string): string[] {
  const names: string[] = [];
  unzip(bytes, fileName, (name) => {
    names.push(name);
    return false;
  });
  return names;
}

function unzip(bytes: Uint8Array, fileName: string, want: (name: string) => boolean): Unzipped {
  try {
    return unzipSync(bytes, { filter: (f) => want(f.name) });
  } catch (err) {
    throw new FormatError(
      `${fileName}: a ZIP that cannot be unpacked (${(err as Error).message || 'corrupt'}); download it again, or unzip it and import the CSV inside`,
    );
  }
}

async function readWorkbook(bytes: Uint8Array, fileName: string): Promise<Unpacked> {
  const { csv, sheet, otherSheets, typedNumbers } = await sheetToCsv(bytes, fileName);
  return {
    parts: [{ fileName, bytes: new TextEncoder().encode(csv), typedNumbers }],
    notes: { container: 'xlsx', sheet, ...(otherSheets.length ? { otherSheetsWithData: otherSheets } : {}) },
  };
}

function preview(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
