/**
 * An .xlsx workbook as CSV text, so every vendor format reads it with the same CSV reader.
 * The cell types decide the text: numbers as plain JS numbers (decimal point, no thousands
 * separator), date cells as wall-clock `YYYY-MM-DD HH:MM:SS` without offset (read in the
 * account's zone downstream, like a CSV export's times; a cell without a time of day as
 * `YYYY-MM-DD`), booleans as true/false, strings as
 * they are. An integer beyond 2^53 has already lost digits in the workbook (Excel keeps 15
 * significant digits: Meta's 120210000000000111 is stored as 1.2021E+17), so it is written in
 * exponent form and the spreadsheet-damage check of id columns refuses it.
 */
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { FormatError } from './errors.js';

type Cell = string | number | boolean | Date | null;

export interface SheetCsv {
  csv: string;
  /** The sheet read: the first, in workbook order, with a non-empty cell. */
  sheet: string;
  /** Other sheets with data, left unread. */
  otherSheets: string[];
  /** The cells stored as numbers (see `typedKey`): their text is the value, in every locale. */
  typedNumbers: TypedNumbers;
}

/**
 * Cells of the CSV text that a workbook stored as numbers (OOXML `<c>` without `t` or with
 * `t="n"`, not date-styled), by `typedKey(line, column)`: line is the CSV's 1-based physical
 * line where the record starts (as `CsvRow.line`), column the 0-based cell index.
 */
export type TypedNumbers = ReadonlySet<string>;

/** The key of one cell in `TypedNumbers`. */
export function typedKey(line: number, column: number): string {
  return `${line}:${column}`;
}

const LINE_BREAKS = /\r\n|\n|\r/g;

/**
 * Reads the first worksheet with data of an .xlsx as CSV text (every cell quoted, `\n`
 * line breaks, one line per sheet row from row 1, so line N is row N). Throws FormatError
 * (starting with `fileName`) when the workbook cannot be read or has no data.
 */
export async function sheetToCsv(bytes: Uint8Array, fileName: string): Promise<SheetCsv> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    sheets = await readXlsxFile(buffer, { trim: false });
  } catch (err) {
    throw new FormatError(
      `${fileName}: the workbook cannot be read (${oneLine(err)}); open it in Excel and save it as CSV UTF-8`,
    );
  }
  const withData = sheets.filter((s) => s.data.some((row) => row.some((c) => c !== null && c !== '')));
  const first = withData[0];
  if (!first) throw new FormatError(`${fileName}: the workbook has no sheet with data`);
  const rows = first.data.map((row) => row.map((c) => cellText(c as Cell)));
  const numeric = first.data.map((row) => row.map((c) => typeof c === 'number'));
  for (const e of textCells(bytes, first.sheet)) {
    while (rows.length <= e.row) rows.push([]);
    const row = rows[e.row]!;
    while (row.length <= e.col) row.push('');
    row[e.col] = e.text;
    if (numeric[e.row]) numeric[e.row]![e.col] = false;
  }
  const typedNumbers = new Set<string>();
  let line = 1;
  const lines = rows.map((row, r) => {
    row.forEach((_, c) => {
      if (numeric[r]?.[c]) typedNumbers.add(typedKey(line, c));
    });
    const text = row.map(quote).join(',');
    // A text cell with a line break spans lines: the reader numbers records by physical line.
    line += (text.match(LINE_BREAKS) ?? []).length + 1;
    return text;
  });
  const csv = lines.join('\n') + '\n';
  return { csv, sheet: first.sheet, otherSheets: withData.slice(1).map((s) => s.sheet), typedNumbers };
}

/** The text of one typed cell (see the module comment). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && !Number.isSafeInteger(cell)) return cell.toExponential();
    return String(cell);
  }
  if (cell instanceof Date) {
    // The library builds dates from the serial number in UTC: the UTC fields are the wall clock.
    // A serial day fraction is binary floating point (09:30 is 0.39583…): round to the second.
    if (Number.isNaN(cell.getTime())) return '';
    const iso = new Date(Math.round(cell.getTime() / 1000) * 1000).toISOString();
    // A whole serial is a date cell without a time (Excel's date formats store no fraction):
    // written as the bare day, so a creation or an activity on it reads "time unknown", never
    // an invented midnight.
    if (iso.slice(11, 19) === '00:00:00') return iso.slice(0, 10);
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return cell;
}

/**
 * Cells whose text is taken from the sheet XML, not from the library, of the sheet named
 * `sheetName`: formula errors (`t="e"`: `#N/A`, `#REF!`), which the library reads as empty
 * while a CSV saved by Excel keeps their text (so a number or date column rejects the row
 * instead of loading a null); and ISO date cells (`t="d"`, strict OOXML), which the library
 * parses in the process's zone: their text is the wall clock as written.
 */
function textCells(bytes: Uint8Array, sheetName: string): { row: number; col: number; text: string }[] {
  const files = unzipSync(bytes, { filter: (f) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels)$/.test(f.name) });
  const workbook = strFromU8(files['xl/workbook.xml'] ?? new Uint8Array());
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
  const id = [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => unescapeXml(/\bname="([^"]*)"/.exec(tag)?.[1] ?? '') === sheetName)
    ?.match(/\br:id="([^"]+)"/)?.[1];
  const target = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`Id="${id}"`))
    ?.match(/Target="([^"]+)"/)?.[1];
  if (!id || !target) return [];
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = unzipSync(bytes, { filter: (f) => f.name === path })[path];
  if (!sheet) return [];
  const out: { row: number; col: number; text: string }[] = [];
  const cells = /<c\b([^>]*?\bt="([de])"[^>]*?)(?<!\/)>(?:(?!<\/c>)[\s\S])*?<v>([^<]*)<\/v>/g;
  for (const m of strFromU8(sheet).matchAll(cells)) {
    const ref = /\br="([A-Z]+)(\d+)"/.exec(m[1]!);
    if (!ref) continue;
    const col = [...ref[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const value = unescapeXml(m[3]!);
    const text = m[2] === 'd' && !/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value.replace('T', ' ') : value;
    out.push({ row: Number(ref[2]) - 1, col, text });
  }
  return out;
}

function unescapeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, n: string) => named[n] ?? '');
}

function quote(text: string): string {
  return text === '' ? '' : `"${text.replace(/"/g, '""')}"`;
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 120) || 'corrupt';
}
