/**
 * The builder for record formats (leads, deals): one canonical row per export row, streamed,
 * with totals rows skipped and bad values turned into rejects.
 */
import type { TableName } from '../../core/schema.js';
import type { Columns } from './columns.js';
import type { CountColumn, FigureColumns } from './figure-columns.js';
import type { HeaderTable } from './headers.js';
import {
  defineFormat,
  mapRow,
  openFormatTable,
  VendorRow,
  type FormatOptions,
  type MappedRecords,
  type Notes,
  type VendorFormat,
  type VendorParseInput,
} from './kit.js';
import type { HeaderRequirement, OpenedCsv } from './reader.js';
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
      const { table, file, ctx } = await openFormatTable(spec, input, options, notes);
      const map = spec.prepare({ columns: file.columns, file, input, options, notes, source: spec.defaultSource });
      for (const csvRow of table.rows) yield* mapRow(new VendorRow(csvRow, ctx), map);
    },
  });
}
