/**
 * The robust reader shared by every vendor format: decodes by BOM, finds the header line
 * among title/metadata lines by the columns the format expects, sniffs the delimiter from
 * that line, then streams the rows with csv-parse, each with its 1-based physical line.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Columns, type HeaderAlias } from './columns.js';
import { decodeChunks, detectEncoding, type TextEncodingName } from './decode.js';
import { FormatError } from './errors.js';
import { closestKnownName } from './headers.js';

/** One column the header must have; `label` is how it is named in the error message. */
export interface HeaderRequirement {
  label: string;
  aliases: readonly HeaderAlias[];
  /** The column of the record's own id: a row with an id in it is a record, never a totals row (table.ts). */
  recordId?: boolean;
}

export interface ReaderSpec {
  format: string;
  required: readonly HeaderRequirement[];
  /** How many lines may precede the header (titles, date ranges, blank lines). */
  maxPreambleLines?: number;
  /** The languages the format reads headers in, by name (`English`, `German`…), for the refusal when no line is a header. */
  languages?: readonly string[];
}

export type Delimiter = ',' | '\t' | ';';

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** The record as written, without its line break. */
  raw: string;
}

export interface OpenedCsv {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  headerLine: number;
  columns: Columns;
  /** The cells of the non-blank lines before the header (report title, date range…). */
  preamble: string[][];
  rows: AsyncIterable<CsvRow>;
}

const DELIMITERS: readonly Delimiter[] = ['\t', ';', ','];
const LINE_BREAK = /\r\n|\n|\r/g;

/** Counts candidate delimiters outside quotes; the most frequent wins (ties: tab, semicolon, comma). */
export function sniffDelimiter(line: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const c = counts.get(d) ?? 0;
    if (c > bestCount) [best, bestCount] = [d, c];
  }
  return best;
}

function splitLine(line: string, delimiter: Delimiter): string[] {
  try {
    const rows = parseSync(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return line.split(delimiter);
  }
}

function preview(cells: string[]): string {
  const text = cells.join(',');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** `; "Amout" is not a known name, closest: "amount"` for the first missing column a cell resembles. */
function closest(cells: readonly string[], required: readonly HeaderRequirement[]): string {
  const columns = new Columns([...cells]);
  const missing = required.filter((r) => !columns.has(r.aliases));
  for (const r of missing) {
    for (const cell of cells) {
      const near = closestKnownName(cell, r.aliases);
      if (near) return `; "${cell.trim()}" is not a known name, closest: "${near}"`;
    }
  }
  // Nothing near: still say which of the required columns the header lacks, so a user whose UI
  // names one column differently knows that only that one is the problem.
  if (missing.length > 0 && missing.length < required.length)
    return `; missing: ${describeRequirements(missing)} (in any of the languages docs/vendor-imports.md lists)`;
  return '';
}

export function describeRequirements(required: readonly HeaderRequirement[]): string {
  const labels = required.map((r) => `"${r.label}"`);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

export async function openVendorCsv(
  input: { bytes: Uint8Array; fileName: string },
  spec: ReaderSpec,
): Promise<OpenedCsv> {
  const maxPreamble = spec.maxPreambleLines ?? 30;
  const detected = detectEncoding(input.bytes);
  const chunks = decodeChunks(input.bytes, detected, undefined, input.fileName);

  // Read just enough text to see the header (titles and blank lines come first).
  let prefix = '';
  let done = false;
  const lineCount = () => (prefix.match(LINE_BREAK) ?? []).length;
  while (!done && lineCount() <= maxPreamble + 1) {
    const next = chunks.next();
    if (next.done) done = true;
    else prefix += next.value;
  }

  const preamble: string[][] = [];
  let firstFound: { line: number; cells: string[] } | undefined;
  /** The line most like the header: the most required columns, then the most filled cells. */
  let likeliest: { line: number; cells: string[]; required: number; filled: number } | undefined;
  let scanned = 0;
  let offset = 0;
  let lineNo = 0;
  LINE_BREAK.lastIndex = 0;
  while (offset < prefix.length && lineNo <= maxPreamble) {
    LINE_BREAK.lastIndex = offset;
    const brk = LINE_BREAK.exec(prefix);
    // A last line without its break may still be growing (unless the text is complete).
    if (!brk && !done) break;
    const end = brk ? brk.index : prefix.length;
    const next = brk ? brk.index + brk[0].length : prefix.length;
    const text = prefix.slice(offset, end);
    lineNo++;
    if (text.trim() !== '') {
      const delimiter = sniffDelimiter(text);
      const cells = splitLine(text, delimiter);
      const columns = new Columns(cells);
      firstFound ??= { line: lineNo, cells };
      scanned = lineNo;
      const required = spec.required.filter((r) => columns.has(r.aliases)).length;
      const filled = cells.filter((c) => c.trim() !== '').length;
      if (
        !likeliest ||
        required > likeliest.required ||
        (required === likeliest.required && filled > likeliest.filled)
      ) {
        likeliest = { line: lineNo, cells, required, filled };
      }
      if (required === spec.required.length) {
        return {
          encoding: detected.encoding,
          delimiter,
          headerLine: lineNo,
          columns,
          preamble,
          rows: streamRows(prefix.slice(next), chunks, delimiter, lineNo, input.fileName),
        };
      }
      preamble.push(cells.map((c) => c.trim()));
    }
    offset = next;
  }
  const expected = `expected a header with ${describeRequirements(spec.required)}`;
  if (!firstFound || !likeliest)
    throw new FormatError(`${input.fileName}: ${spec.format}: ${expected}, found an empty file`);
  // Named: the line most like a header, not the title line above it (`Kampanjrapport`).
  const found = `${expected}, found "${preview(likeliest.cells)}" on line ${likeliest.line}`;
  const hint = closest(likeliest.cells, spec.required);
  // No line holds any of the columns: a header in a language the format does not read, or another export.
  const languages =
    likeliest.required === 0 && spec.languages && spec.languages.length > 0
      ? `; no line of the first ${scanned} names these columns in a language ${spec.format} reads (${spec.languages.join(', ')}): an export in another interface language (switch it to one of these and download again), or an export of another kind`
      : '';
  throw new FormatError(`${input.fileName}: ${spec.format}: ${found}${hint}${languages}`);
}

async function* streamRows(
  head: string,
  rest: Iterator<string>,
  delimiter: Delimiter,
  headerLine: number,
  fileName: string,
): AsyncGenerator<CsvRow> {
  function* text(): Generator<string> {
    if (head) yield head;
    for (let n = rest.next(); !n.done; n = rest.next()) yield n.value;
  }
  const source = Readable.from(text());
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    raw: true,
  });
  // pipe() does not forward errors: a decoding error in the source would leave the parse waiting forever.
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let cursor = headerLine;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const line = cursor + 1;
      cursor += (item.raw.match(LINE_BREAK) ?? []).length;
      if (item.record.every((c) => c.trim() === '')) continue;
      yield { line, cells: item.record, raw: item.raw.replace(/(\r\n|\n|\r)$/, '') };
    }
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    const where = e.lines !== undefined ? ` near line ${headerLine + e.lines}` : '';
    throw new FormatError(`${fileName}${where}: the CSV cannot be read (${e.code ?? e.message ?? String(err)})`);
  }
}
