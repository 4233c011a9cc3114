/**
 * An .xlsx workbook as CSV text, so every vendor format reads it with the same CSV reader.
 * The cell types decide the text: numbers as plain JS numbers (decimal point, no thousands
 * separator), date cells as wall-clock `YYYY-MM-DD HH:MM:SS` without offset (read in the
 * account's zone downstream, like a CSV export's times), booleans as true/false, strings as
 * they are. An integer beyond 2^53 has already lost digits in the workbook (Excel keeps 15
 * significant digits: Meta's 120210000000000111 is stored as 1.2021E+17), so it is written in
 * exponent form and the spreadsheet-damage check of id columns refuses it.
 */
import readXlsxFile from 'read-excel-file/universal';
import { FormatError } from './errors.js';

type Cell = string | number | boolean | Date | null;

export interface SheetCsv {
  csv: string;
  /** The sheet read: the first, in workbook order, with a non-empty cell. */
  sheet: string;
  /** Other sheets with data, left unread. */
  otherSheets: string[];
}

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
  const csv = first.data.map((row) => row.map((c) => quote(cellText(c as Cell))).join(',')).join('\n') + '\n';
  return { csv, sheet: first.sheet, otherSheets: withData.slice(1).map((s) => s.sheet) };
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
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return cell;
}

function quote(text: string): string {
  return text === '' ? '' : `"${text.replace(/"/g, '""')}"`;
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 120) || 'corrupt';
}
