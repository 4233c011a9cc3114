/** Printing query results: aligned table, JSON array, or CSV safe to open in a spreadsheet. */
import { stringify } from 'csv-stringify/sync';
import type { Row, SqlValue } from '../../functions/core/ports.js';
import { CANONICAL_FORMATS } from '../../functions/core/import/import-file.js';
import { TABLES } from '../../functions/core/schema.js';
import { VENDOR_FORMATS } from '../../functions/sources/formats.js';

/**
 * `text` with every control character but newline and tab shown as `\xNN` (C0, DEL, C1): a
 * message quoting a file's bytes (a binary file, an escape sequence in a header) cannot move
 * the cursor, recolour or retitle the terminal, or ring its bell.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Every format `funnel import --as` takes, one a line with the table it loads: the registry's own list. */
export function formatList(): string {
  const rows = [
    ...CANONICAL_FORMATS.map((name) => {
      const table = name.slice('canonical-'.length) as keyof typeof TABLES;
      return [name, `${table}: the canonical ${table} CSV (columns in docs/tables.md)`] as const;
    }),
    ...Object.values(VENDOR_FORMATS).map((f) => [f.name, `${f.table}: ${f.description}`] as const),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`).join('\n');
}

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
