/**
 * Rows as the generators build them (timestamps as epoch milliseconds) and their canonical
 * CSV text (SPEC §3), with the header taken from the schema's input columns.
 */
import { stringify } from 'csv-stringify/sync';
import { inputColumns, type ColumnDef, type TableName } from '../schema.js';

export type DemoValue = string | number | boolean | null | string[];
export type DemoRow = Record<string, DemoValue>;

const NEEDS_QUOTES = /[",\r\n]/;

function cell(column: ColumnDef, value: DemoValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (column.type === 'timestamp') return new Date(value).toISOString();
    if (column.type === 'bigint') return String(Math.round(value));
    return String(Math.round(value * 100) / 100);
  }
  return value;
}

export function toCanonicalCsv(table: TableName, rows: readonly DemoRow[]): string {
  const columns = inputColumns(table);
  const names = columns.map((c) => c.name);
  const known = new Set(names);
  const lines = [stringify([names])];
  for (const row of rows) {
    // Rows of one table share one shape: check the keys fully once, the count on every row.
    if (lines.length === 1 || Object.keys(row).length !== names.length) {
      for (const key of Object.keys(row)) {
        if (!known.has(key)) throw new Error(`demo ${table}: column "${key}" is not an input column`);
      }
    }
    const cells = columns.map((c) => cell(c, row[c.name]));
    // csv-stringify quotes exactly the cells that need it; rows with none are the plain
    // join it would produce anyway (a test checks the whole demo against it), at a tenth of the cost.
    lines.push(cells.some((c) => NEEDS_QUOTES.test(c)) ? stringify([cells]) : `${cells.join(',')}\n`);
  }
  return lines.join('');
}
