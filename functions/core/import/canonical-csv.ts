/**
 * Reads a canonical CSV (SPEC §3 "Canonical CSV") as a stream of parsed rows.
 * Header problems fail the whole file with one line naming file, line and columns;
 * row problems become rejects with their line and field, and the rest still load.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { isFurtherEmailHeader } from '../email-key.js';
import type { CanonicalRecord, ParsedRow } from '../records.js';
import { TABLES, inputColumns, type ColumnDef, type TableName } from '../schema.js';
import { parseCell } from '../validate.js';

export class FormatError extends Error {
  override name = 'FormatError';
}

export interface CanonicalCsvInput {
  table: TableName;
  fileName: string;
  /** The file as received (UTF-8, with or without BOM, LF or CRLF), read as a stream. */
  stream: Readable;
  /** Fills `source` where the file has no source column or leaves it empty. */
  source?: string;
  /** Called with the header's trimmed names once it is resolved (for the load's notes). */
  onHeader?: (names: string[]) => void;
}

/**
 * Streams the rows of a canonical CSV. Line numbers are physical lines: a quoted value
 * spanning lines advances them, blank lines are counted and skipped.
 */
export async function* readCanonicalCsv(input: CanonicalCsvInput): AsyncGenerator<ParsedRow> {
  const { table, fileName } = input;
  let columns: (ColumnDef | undefined)[] | undefined;
  let width = 0;
  let sourceFrom: string | undefined;
  for await (const { line, cells } of readCsvRecords(input.stream, fileName)) {
    if (!columns) {
      columns = resolveHeader(table, fileName, cells, line, input.source !== undefined);
      input.onHeader?.(cells.map((c) => c.trim()));
      width = cells.length;
      sourceFrom = sourceColumnFor(table, cells, input.source);
      continue;
    }
    yield parseRow(fileName, line, cells, columns, width, input.source, sourceFrom);
  }
  if (!columns) {
    throw new FormatError(
      `${fileName}: empty file; expected a header row with the ${table} columns (${requiredNames(table)}, …)`,
    );
  }
}

/**
 * The records of a CSV file with their physical line (blank lines skipped), header included:
 * what both the JS path and the fast path's line mapping read.
 */
export async function* readCsvRecords(
  stream: Readable,
  fileName: string,
): AsyncGenerator<{ line: number; cells: string[] }> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  const guard = utf8Guard(fileName);
  // pipe() does not forward errors: a failing source (e.g. a truncated gzip) must end the parse.
  stream.on('error', (err) => guard.destroy(err));
  guard.on('error', (err) => parser.destroy(err));
  stream.pipe(guard).pipe(parser);
  let nextLine = 1;
  let first = true;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (first) {
        first = false;
        const firstCell = record[0] ?? '';
        if (firstCell.includes('\uFFFD') || firstCell.includes('\u0000')) {
          throw new FormatError(`${fileName}: line 1: not UTF-8 text (UTF-16?); canonical CSV must be UTF-8`);
        }
      }
      const line = nextLine;
      nextLine += 1 + countNewlines(record);
      if (record.length === 1 && record[0]!.trim() === '') continue; // a blank line
      yield { line, cells: record };
    }
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const e = err as Error & { lines?: number };
    throw new FormatError(
      `${fileName}: line ${e.lines ?? nextLine}: unreadable CSV (${e.message.replace(/\s+/g, ' ')})`,
    );
  } finally {
    // Stopping early (the fast path reads the header only) must not leave the file open.
    if (!parser.destroyed) parser.destroy();
    if ('destroy' in stream) stream.destroy();
  }
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    if (cell.length > 0 && cell.includes('\n')) n += cell.split('\n').length - 1;
  }
  return n;
}

function requiredNames(table: TableName): string {
  return TABLES[table].columns
    .filter((c) => c.required)
    .map((c) => c.name)
    .join(', ');
}

/**
 * The column whose value is a row's source when the file has no `source` column and no
 * `--source` was given: `platform` in a spend file (SPEC §3: "In a spend file without a
 * `source` column, a row's `source` is its `platform`"); undefined otherwise. An empty cell
 * of a `source` column is not filled from it (only `--source` fills those).
 */
export function sourceColumnFor(table: TableName, header: readonly string[], source: string | undefined) {
  if (table !== 'spend' || source !== undefined || header.some((h) => h.trim() === 'source')) return undefined;
  return 'platform';
}

/**
 * The columns of a canonical CSV header, in file order. Throws FormatError (file, line, the
 * columns) for unknown or duplicate columns and missing required ones; `source` may be
 * missing with `--source`, and in a spend file (its platform is its source).
 */
export function resolveHeader(
  table: TableName,
  fileName: string,
  header: string[],
  line: number,
  hasSourceOverride: boolean,
) {
  const byName = new Map(inputColumns(table).map((c) => [c.name, c]));
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    // A further-address column under its CRM name: say where such addresses go.
    const further = table === 'leads' && unknown.some((u) => isFurtherEmailHeader(u));
    throw new FormatError(
      `${fileName}: line ${line}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} for canonical-${table}` +
        (further ? '; put a lead\'s further addresses in additional_emails, separated by ";"' : ''),
    );
  }
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0) throw new FormatError(`${fileName}: line ${line}: duplicate column "${dupes[0]}"`);
  const missing = [...byName.values()]
    .filter((c) => c.required && !names.includes(c.name))
    .filter((c) => !(c.name === 'source' && (hasSourceOverride || table === 'spend')))
    .map((c) => c.name);
  if (missing.length > 0) {
    throw new FormatError(
      `${fileName}: line ${line}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for canonical-${table}`,
    );
  }
  return names.map((n) => byName.get(n));
}

/**
 * The canonical columns a headline figure rests on that a file may leave out (they are
 * optional, SPEC §3): without them every row reads "not an MQL" or "not won", and the figure
 * would be a stated 0. The file still loads (its leads and deals count); the import prints the
 * note, kept in the load manifest as `figureColumnsMissing` like a vendor export's
 * (vendor-csv/figure-columns.ts), and the report names the week's leads that state no stage
 * (`sql/reports/lead_stages.sql`).
 */
const CANONICAL_FIGURE_COLUMNS: Partial<Record<TableName, { columns: string[]; without: string; add: string }>> = {
  leads: {
    columns: ['lifecycle_stage', 'mql_at'],
    without: 'every lead loads as not an MQL (MQLs 0)',
    add: 'add either column (lifecycle_stage: subscriber, lead, mql, sql, opportunity, customer or other)',
  },
  deals: {
    columns: ['is_won'],
    without: 'every deal loads as not won (won deals 0, won revenue 0)',
    add: 'add it (true for closed won, false otherwise)',
  },
};

/**
 * `{ figureColumnsMissing: [{ columns, text }] }` for a canonical header (trimmed names) that
 * lacks every column a figure rests on (see CANONICAL_FIGURE_COLUMNS), else undefined. The
 * text is the one line `funnel import` prints after "not measured: ".
 */
export function canonicalFigureNotes(
  table: TableName,
  names: readonly string[],
): { figureColumnsMissing: { columns: string[]; text: string }[] } | undefined {
  const group = CANONICAL_FIGURE_COLUMNS[table];
  if (!group || group.columns.some((c) => names.includes(c))) return undefined;
  const quoted = group.columns.map((c) => `"${c}"`).join(' or ');
  const what = group.columns.length === 1 ? 'column' : 'columns';
  return {
    figureColumnsMissing: [
      { columns: [...group.columns], text: `no ${quoted} ${what}: ${group.without}; ${group.add}` },
    ],
  };
}

export function parseRow(
  file: string,
  line: number,
  cells: string[],
  columns: (ColumnDef | undefined)[],
  width: number,
  source: string | undefined,
  sourceFrom?: string,
): ParsedRow {
  if (cells.length !== width) {
    return {
      ok: false,
      reject: { file, line, field: null, reason: `expected ${width} fields, found ${cells.length}`, raw: rawOf(cells) },
    };
  }
  const record: CanonicalRecord = {};
  for (let i = 0; i < width; i++) {
    const column = columns[i];
    if (!column) continue;
    const parsed = parseCell(column, cells[i] ?? '');
    if ('error' in parsed) {
      const reject = { file, line, field: column.name, reason: parsed.error, raw: rawOf(cells) };
      const key = recordKeyOf(cells, columns, source);
      return key ? { ok: false, reject, key } : { ok: false, reject };
    }
    record[column.name] = parsed.value;
  }
  if (source !== undefined && (record.source === undefined || record.source === null)) record.source = source;
  else if (sourceFrom !== undefined && record.source === undefined) {
    const from = record[sourceFrom];
    if (from === undefined || from === null) {
      const reason = `missing required value (the file has no source column, so a row's source is its ${sourceFrom})`;
      return { ok: false, reject: { file, line, field: sourceFrom, reason, raw: rawOf(cells) } };
    }
    record.source = from;
  }
  return { ok: true, line, record };
}

/** The columns a refused row's record key is read from (ParsedRow `key`). */
const KEY_COLUMNS = new Set(['lead_id', 'deal_id', 'activity_id', 'source', 'updated_at']);

/**
 * A refused row's record key (ParsedRow `key`): its id, source (else the `--source` fill) and
 * `updated_at` cells, each where it parses; undefined when no id does. A later load of the
 * record supersedes the reject (rejected-rows.ts), as a vendor row's key does (kit.ts).
 */
function recordKeyOf(
  cells: string[],
  columns: (ColumnDef | undefined)[],
  source: string | undefined,
): CanonicalRecord | undefined {
  const key: CanonicalRecord = {};
  columns.forEach((column, i) => {
    if (!column || !KEY_COLUMNS.has(column.name)) return;
    const parsed = parseCell(column, cells[i] ?? '');
    if (!('error' in parsed) && parsed.value !== null) key[column.name] = parsed.value;
  });
  if (!['lead_id', 'deal_id', 'activity_id'].some((c) => typeof key[c] === 'string')) return undefined;
  if (source !== undefined && key.source === undefined) key.source = source;
  return key;
}

/** The row as CSV again (rejects only; the file itself is kept as received in raw/). */
function rawOf(cells: string[]): string {
  return stringify([cells]).replace(/\r?\n$/, '');
}

/**
 * Passes bytes through and fails on the first one that breaks UTF-8, naming its line: a
 * Latin-1 or Windows-1252 export (or one such row) would otherwise load as U+FFFD mojibake.
 */
function utf8Guard(fileName: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let first = true;
  let utf16 = false;
  const fail = (chunk: Uint8Array): FormatError => {
    let at = line;
    let start = 0;
    for (let i = 0; i <= chunk.length; i++) {
      if (i === chunk.length || chunk[i] === 0x0a) {
        const slice = chunk.subarray(start, i);
        if (!isUtf8(slice)) {
          const bad = slice.find((b) => b >= 0x80) ?? 0;
          return new FormatError(
            `${fileName}: line ${at}: not UTF-8 (byte 0x${bad.toString(16).padStart(2, '0')}); re-export the file as UTF-8`,
          );
        }
        at++;
        start = i + 1;
      }
    }
    return new FormatError(`${fileName}: line ${line}: not UTF-8; re-export the file as UTF-8`);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (first) {
        first = false;
        // A UTF-16 BOM: csv-parse decodes the file itself.
        utf16 = (chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff);
      }
      if (utf16) {
        callback(null, chunk);
        return;
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        callback(fail(chunk));
        return;
      }
      for (const b of chunk) if (b === 0x0a) line++;
      callback(null, chunk);
    },
    flush(callback) {
      if (utf16) {
        callback();
        return;
      }
      try {
        decoder.decode();
        callback();
      } catch {
        callback(new FormatError(`${fileName}: line ${line}: not UTF-8 (cut inside a character); re-export as UTF-8`));
      }
    },
  });
}
