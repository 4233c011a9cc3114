/**
 * The builder for record formats (leads, deals): one canonical row per export row, streamed,
 * with totals rows skipped and bad values turned into rejects.
 */
import type { TableName } from '../../core/schema.js';
import { checkContextOf, createdAfterExportDay, type CheckContext } from '../../core/validate.js';
import type { Columns } from './columns.js';
import type { FileConventions } from './conventions.js';
import { dateEvidence, describeOrder, parseDayText, type DateOrder } from './date-text.js';
import { FormatError } from './errors.js';
import type { CountColumn, FigureColumns } from './figure-columns.js';
import type { HeaderTable } from './headers.js';
import {
  defineFormat,
  mapRow,
  Notes,
  openFormatTable,
  VendorRow,
  type FormatOptions,
  type MappedRecords,
  type ReadContext,
  type VendorFormat,
  type VendorParseInput,
} from './kit.js';
import type { CsvRow, HeaderRequirement, OpenedCsv } from './reader.js';
import type { MoneyColumns } from './table.js';

export interface RowFormatSpec {
  name: string;
  table: TableName;
  defaultSource: string;
  description: string;
  required: readonly HeaderRequirement[];
  /**
   * The groups of columns that decide a figure (MQL, channel, won): a file without any column
   * of a group is refused or loads with a note (figure-columns.ts).
   */
  figures?: readonly FigureColumns[];
  /**
   * The optional columns that change a count (merged ids, deleted, won flag, contact link,
   * converted ids): a header that lacks one but seems to hold it under an unknown name
   * (another language's label) is noted (figure-columns.ts).
   */
  counts?: readonly CountColumn[];
  /** The format's header alias table: tells the header's language, which settles date order and decimals. */
  headers?: HeaderTable;
  /** The money columns with their currency columns: an amount's currency settles `12,345` (table.ts). */
  money?: readonly MoneyColumns[];
  /**
   * Called once the header is known; returns the row mapper: one record per export row, an
   * array when one export row is several canonical rows, or null to skip the row.
   */
  prepare(args: {
    columns: Columns;
    file: OpenedCsv;
    input: VendorParseInput;
    options: FormatOptions;
    notes: Notes;
    source: string;
  }): (row: VendorRow) => MappedRecords;
}

export function defineRowFormat(spec: RowFormatSpec): VendorFormat {
  return defineFormat({
    name: spec.name,
    table: spec.table,
    defaultSource: spec.defaultSource,
    description: spec.description,
    async *run(input, options, notes) {
      const opened = await openFormatTable(spec, input, options, notes);
      const { table, file } = opened;
      const prepare = (n: Notes) =>
        spec.prepare({ columns: file.columns, file, input, options, notes: n, source: spec.defaultSource });
      const swapped = orderByExportDay(table.rows, opened.ctx, table.conventions, {
        fileName: input.fileName,
        format: spec.name,
        exportDay: exportDayOf(input),
        map: () => prepare(new Notes()),
      });
      if (swapped)
        notes.set('dateOrder', { order: swapped.ctx.dateOrder, from: 'export day', evidence: swapped.evidence });
      const ctx = swapped?.ctx ?? opened.ctx;
      const map = prepare(notes);
      for (const csvRow of table.rows) yield* mapRow(new VendorRow(csvRow, ctx), map);
    },
  });
}

/** The file's export day as the load checks it (validate.ts `checkContextOf`); undefined when the input has none. */
function exportDayOf(input: VendorParseInput): CheckContext['exportDay'] {
  if (!input.today) return undefined;
  return checkContextOf(input.config, input.today, {
    zone: input.timezone,
    dayZone: input.config.timezone,
    file: true,
  }).exportDay;
}

/** The lines whose records, read with `ctx`, were created after the export day (validate.ts `createdAfterExportDay`). */
function createdLater(
  rows: readonly CsvRow[],
  ctx: ReadContext,
  map: (row: VendorRow) => MappedRecords,
  exportDay: NonNullable<CheckContext['exportDay']>,
): Map<number, { row: CsvRow; day: string }> {
  const out = new Map<number, { row: CsvRow; day: string }>();
  for (const row of rows) {
    for (const parsed of mapRow(new VendorRow(row, ctx), map)) {
      if (!parsed.ok) continue;
      const later = createdAfterExportDay(parsed.record, exportDay);
      if (later && !out.has(row.line)) out.set(row.line, { row, day: later.day });
    }
  }
  return out;
}

/**
 * A creation after the file's export day is evidence against the date order that reads it so
 * (docs/methodology.md, "Records dated after their export"): no export holds a record created
 * after it was written, and the CRM stamps the creation itself. When the order was not proven by
 * the file's values (it came from the locale, the header's language, the vendor's habit or the
 * setting) and the file holds ambiguous dates, the rows are mapped in that order; if a record
 * then lies after the export day while the other order puts every record before it (dates that
 * are late either way do not count), the other order reads the file and the returned context
 * is returned with the words for the import's note (`evidence`). A setting so contradicted
 * refuses the file (FormatError naming line, column and value), as a value that contradicts it
 * does. Neither order fitting, the order stays and those rows are rejected by the load
 * (validate.ts). Returns null when the order stays. Costs one or two extra mappings of the rows,
 * only for a file whose order no value proved and whose rows read in it hold such a creation.
 */
function orderByExportDay(
  rows: readonly CsvRow[],
  ctx: ReadContext,
  conventions: FileConventions,
  spec: {
    fileName: string;
    format: string;
    exportDay: CheckContext['exportDay'];
    map: () => (row: VendorRow) => MappedRecords;
  },
): { ctx: ReadContext; evidence: string } | null {
  const chosen = conventions.dateOrder;
  const from = conventions.dateOrderFrom;
  if (!spec.exportDay || (chosen !== 'DMY' && chosen !== 'MDY') || from === 'values' || from === null) return null;
  const exportDay = spec.exportDay;
  const late = createdLater(rows, ctx, spec.map(), exportDay);
  if (late.size === 0) return null;
  const other: DateOrder = chosen === 'DMY' ? 'MDY' : 'DMY';
  const swapped: ReadContext = {
    ...ctx,
    dateOrder: other,
    twoDigitYears: ctx.twoDigitYears === chosen ? other : ctx.twoDigitYears,
  };
  const lateOther = createdLater(rows, swapped, spec.map(), exportDay);
  const onlyChosen = [...late.keys()].find((line) => !lateOther.has(line));
  const otherFits = [...lateOther.keys()].every((line) => late.has(line));
  if (onlyChosen === undefined || !otherFits) return null;
  const { row, day } = late.get(onlyChosen)!;
  const cell = ambiguousCell(row, ctx, chosen, exportDay.day);
  const where = `line ${row.line}${cell ? `, column "${cell.column}": "${cell.text}"` : ''}`;
  const reading = `read ${describeOrder(chosen)}, its record was created on ${day}, after the export day ${exportDay.day}`;
  if (from === 'setting') {
    throw new FormatError(
      `${spec.fileName}: ${where} ${reading}, while ${describeOrder(other)} every record lies before it; ` +
        `correct sources["${spec.format}"].dateOrder, or the --date if the file was exported later (nothing was loaded)`,
    );
  }
  const signal = from === 'format' ? "the vendor's usual order" : `the ${from}`;
  return { ctx: swapped, evidence: `not ${describeOrder(chosen)} as ${signal} suggests: ${where} ${reading}` };
}

/** The first cell of `row` holding an ambiguous numeric date that `order` reads after the export day `day`, for messages. */
function ambiguousCell(
  row: CsvRow,
  ctx: ReadContext,
  order: DateOrder,
  day: string,
): { column: string; text: string } | null {
  for (const [i, raw] of row.cells.entries()) {
    const text = raw.trim();
    const date = /^\d{1,2}([/.-])\d{1,2}\1\d{4}/.exec(text)?.[0];
    if (date && dateEvidence(date) === 'ambiguous' && (parseDayText(date, order, null) ?? '') > day)
      return { column: ctx.columns.nameAt(i), text };
  }
  return null;
}
