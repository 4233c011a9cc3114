/**
 * The cost column of a spend export, or its cost columns: a Meta report of ad accounts in two
 * currencies has `Amount spent (EUR)` and `Amount spent (USD)`, each row's cost in the one
 * column of its account's currency. Reading only the first loaded the other currency's rows at
 * 0; each row's cost is read from the column that holds it, in that column's currency.
 */
import type { Columns, HeaderAlias } from './columns.js';
import { FieldError, FormatError } from './errors.js';
import type { VendorRow } from './kit.js';
import { cell, currencyInHeader } from './values.js';

/** One cost column: where it stands, its header as written, the currency its header names. */
export interface CostColumn {
  col: number;
  header: string;
  /** `EUR` for `Amount spent (EUR)`; null when the header names none. */
  currency: string | null;
}

/**
 * The file's cost columns (columns with the same name as an earlier one are its twins, checked
 * by kit.ts, not further columns). Several are read only when each header names its own
 * currency; otherwise which a row's cost is cannot be told, and the file is refused (FormatError,
 * one line naming the columns). Empty when the file has no cost column.
 */
export function costColumns(columns: Columns, aliases: readonly HeaderAlias[], where: string): CostColumn[] {
  const seen = new Set<string>();
  const found: CostColumn[] = [];
  for (const col of columns.findAll(aliases)) {
    const normalized = columns.normalized[col]!;
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const header = columns.nameAt(col).trim();
    found.push({ col, header, currency: currencyInHeader(header) });
  }
  if (found.length <= 1) return found;
  const currencies = new Set(found.map((c) => c.currency));
  if (found.some((c) => c.currency === null) || currencies.size !== found.length) {
    throw new FormatError(
      `${where}: ${found.length} cost columns (${found.map((c) => `"${c.header}"`).join(', ')}) and nothing tells which one a row's cost is; export the report again with one cost column (nothing was loaded)`,
    );
  }
  return found;
}

/**
 * The column a row's cost is in: the one with a value (the first when none has). A row with a
 * cost in two columns of different currencies cannot be read (which is it?) and throws
 * FieldError naming both, unless both are zero. A value that is no number is left for the
 * caller's reading of that column to reject.
 */
export function costColumnOf(r: VendorRow, columns: readonly CostColumn[]): CostColumn {
  if (columns.length <= 1) return columns[0]!;
  const filled = columns.filter((c) => cell(r.row.cells[c.col]) !== null);
  if (filled.length <= 1) return filled[0] ?? columns[0]!;
  const amount = (c: CostColumn) => {
    try {
      return r.money(c.col).amount;
    } catch (err) {
      if (err instanceof FieldError) return null;
      throw err;
    }
  };
  if (filled.every((c) => amount(c) === 0)) return filled[0]!;
  throw new FieldError(
    null,
    `the row has a cost in ${filled.map((c) => `"${c.header}" (${r.row.cells[c.col]!.trim()})`).join(' and ')}; a row's cost is in one currency: export the report again with one cost per row`,
  );
}
