/**
 * Reads a canonical CSV (SPEC §3 "Canonical CSV") as a stream of parsed rows.
 * Header problems fail the whole file with one line naming file, line and columns;
 * row problems become rejects with their line and field, and the rest still load.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CanonicalRecord, ParsedRow } from '../records.js';
import { TABLES, inputColumns, type ColumnDef, type TableName } from '../schema.js';
import { parseCell } from '../validate.js';

export class FormatError extends Error {
  override name = 'FormatError';
}

export interface CanonicalCsvInput {
  table: TableName;
  fileName: string;
  /** Raw bytes as received (UTF-8, with or without BOM, LF or CRLF). */
  bytes: Uint8Array;
  /** Fills `source` where the file has no source column or leaves it empty. */
  source?: string;
}

export async function* readCanonicalCsv(input: CanonicalCsvInput): AsyncGenerator<ParsedRow> {
  const { table, fileName } = input;
  if (input.bytes.length === 0 || /^\s*$/.test(Buffer.from(input.bytes.subarray(0, 4096)).toString('utf8'))) {
    throw new FormatError(
      `${fileName}: empty file; expected a header row with the ${table} columns (${requiredNames(table)}, …)`,
    );
  }
  if (input.bytes[0] === 0xff || input.bytes[0] === 0xfe) {
    throw new FormatError(`${fileName}: line 1: UTF-16 text; canonical CSV must be UTF-8`);
  }
  // A Latin-1 or Windows-1252 export would otherwise load with U+FFFD in every accented name.
  if (!isUtf8(input.bytes)) {
    const { line, byte } = firstInvalidUtf8(input.bytes);
    throw new FormatError(
      `${fileName}: line ${line}: not UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')}); re-export the file as UTF-8`,
    );
  }
  const parser = Readable.from([Buffer.from(input.bytes)]).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true }),
  );
  let columns: (ColumnDef | undefined)[] | undefined;
  let width = 0;
  try {
    for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const line = chunk.info.lines;
      const raw = chunk.raw.replace(/\r?\n$/, '');
      if (!columns) {
        columns = resolveHeader(table, fileName, chunk.record, input.source !== undefined);
        width = chunk.record.length;
        continue;
      }
      yield parseRow(fileName, line, raw, chunk.record, columns, width, input.source);
    }
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const e = err as Error & { lines?: number };
    throw new FormatError(`${fileName}: line ${e.lines ?? '?'}: unreadable CSV (${e.message.replace(/\s+/g, ' ')})`);
  }
  if (!columns) throw new FormatError(`${fileName}: no header row found`);
}

function requiredNames(table: TableName): string {
  return TABLES[table].columns
    .filter((c) => c.required)
    .map((c) => c.name)
    .join(', ');
}

function resolveHeader(table: TableName, fileName: string, header: string[], hasSourceOverride: boolean) {
  const byName = new Map(inputColumns(table).map((c) => [c.name, c]));
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new FormatError(
      `${fileName}: line 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} for canonical-${table}`,
    );
  }
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0) throw new FormatError(`${fileName}: line 1: duplicate column "${dupes[0]}"`);
  const missing = [...byName.values()]
    .filter((c) => c.required && !names.includes(c.name))
    .filter((c) => !(c.name === 'source' && hasSourceOverride))
    .map((c) => c.name);
  if (missing.length > 0) {
    throw new FormatError(
      `${fileName}: line 1: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for canonical-${table}`,
    );
  }
  return names.map((n) => byName.get(n));
}

function parseRow(
  file: string,
  line: number,
  raw: string,
  cells: string[],
  columns: (ColumnDef | undefined)[],
  width: number,
  source: string | undefined,
): ParsedRow {
  if (cells.length !== width) {
    return {
      ok: false,
      reject: { file, line, field: null, reason: `expected ${width} fields, found ${cells.length}`, raw },
    };
  }
  const record: CanonicalRecord = {};
  for (let i = 0; i < width; i++) {
    const column = columns[i];
    if (!column) continue;
    const parsed = parseCell(column, cells[i] ?? '');
    if ('error' in parsed) return { ok: false, reject: { file, line, field: column.name, reason: parsed.error, raw } };
    record[column.name] = parsed.value;
  }
  if (source !== undefined && (record.source === undefined || record.source === null)) record.source = source;
  return { ok: true, line, record };
}

/** Line (1-based) and value of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (i + 1 === bytes.length || bytes[i + 1] === 0x0a) {
      // Check each complete line on its own: the first one that is not UTF-8 holds the bad byte.
      const slice = bytes.subarray(lineStart, i + 1);
      if (!isUtf8(slice)) {
        const bad = slice.find((b) => b >= 0x80) ?? slice[0] ?? 0;
        return { line, byte: bad };
      }
    }
  }
  return { line, byte: 0 };
}
