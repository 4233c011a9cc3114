/**
 * The builder for record formats (leads, deals): one canonical row per export row, streamed,
 * with totals rows skipped and bad values turned into rejects.
 */
import type { TableName } from '../../core/schema.js';
import type { Columns } from './columns.js';
import {
  defineFormat,
  isTotalsRow,
  mapRow,
  noteFile,
  readContext,
  VendorRow,
  type FormatOptions,
  type MappedRecords,
  type Notes,
  type VendorFormat,
  type VendorParseInput,
} from './kit.js';
import { openVendorCsv, type HeaderRequirement, type OpenedCsv } from './reader.js';

export interface RowFormatSpec {
  name: string;
  table: TableName;
  defaultSource: string;
  description: string;
  required: readonly HeaderRequirement[];
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
      const file = await openVendorCsv(input, { format: spec.name, required: spec.required });
      noteFile(notes, file);
      const ctx = readContext(file, input, options);
      const map = spec.prepare({ columns: file.columns, file, input, options, notes, source: spec.defaultSource });
      let totals = 0;
      for await (const csvRow of file.rows) {
        if (isTotalsRow(csvRow.cells)) {
          totals++;
          continue;
        }
        yield* mapRow(new VendorRow(csvRow, ctx), map);
      }
      notes.set('skippedTotalsRows', totals);
    },
  });
}
