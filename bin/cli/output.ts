/** Printing query results: aligned table, JSON array, or CSV safe to open in a spreadsheet. */
import { stringify } from 'csv-stringify/sync';
import type { Row, SqlValue } from '../../functions/core/ports.js';

function cell(value: SqlValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(cell).join(';');
  return String(value);
}

/** Neutralizes spreadsheet formulas (CSV injection): a leading = + - @ tab or CR gets a quote. */
export function csvSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

export function formatCsv(rows: Row[], columns = Object.keys(rows[0] ?? {})): string {
  return stringify([columns.map(csvSafe), ...rows.map((r) => columns.map((c) => csvSafe(cell(r[c] ?? null))))]);
}

export function formatJson(rows: Row[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}

export function formatTable(rows: Row[], columns = Object.keys(rows[0] ?? {})): string {
  if (columns.length === 0) return '(no rows)\n';
  const body = rows.map((r) => columns.map((c) => cell(r[c] ?? null)));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]): string =>
    cells
      .map((v, i) => {
        const text = v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v;
        return /^-?\d+(\.\d+)?$/.test(v) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
