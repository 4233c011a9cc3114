/**
 * The currency of a deal amount, resolved one way for every deal format (HubSpot, Salesforce,
 * Pipedrive): an amount is never loaded without its currency, and a currency is never
 * assumed without saying so (the notion shared with the API connectors: ../currency.ts). The
 * spend formats resolve theirs in spend-format.ts. One rule here holds for both (kit.ts
 * `openFormatTable`): no currency is assumed for a file that carries its currency in a
 * column the format does not read (`checkUnreadCurrencyColumn`).
 */
import { Columns, normalizeHeader, type HeaderAlias } from './columns.js';
import { FieldError, FormatError } from './errors.js';
import { closestKnownName } from './headers.js';
import type { Notes, VendorRow } from './kit.js';
import type { CsvRow } from './reader.js';
import type { MoneyColumns } from './table.js';
import { cell, currencyInHeader, symbolFits } from './values.js';
import { noteCurrencyAssumed, type AssumedFrom } from '../currency.js';

/** The ISO 4217 codes Intl knows (upper case). */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** A column the format does not read that holds the amounts' currency (see unreadCurrencyColumn). */
export interface UnreadCurrencyColumn {
  /** The column's header as written. */
  column: string;
  /** The amount column whose currency it seems to be, as written. */
  amount: string;
  /** Why: `closest known name: "deal - währung des wertes"` or `every value is a currency code (JPY, EUR)`. */
  why: string;
  /** The name to export or rename it under (a name of the format's currency column). */
  expected: string;
}

/**
 * The column that carries the amounts' currency while the format does not read it, when an
 * amount's currency would otherwise be assumed: a money group (`money`) whose amount column
 * the header has, whose currency column it lacks (`currency` aliases given, none present) and
 * whose amount header names no currency (`Amount spent (EUR)`). A column of the header that no
 * name of the format reads (`known`) is that column when the closest known name to it is a
 * currency column's name (the near-miss `headersNotRecognized` names: `Deal - Währung des
 * Werts` for `… des Wertes`), or when every non-empty value of it in `rows` is an ISO 4217
 * code (`JPY`, `EUR`; at least one value). Null when there is none. Rule: docs/vendor-imports.md,
 * "Currencies of deal amounts" (since methodology 1.15).
 */
export function unreadCurrencyColumn(
  columns: Columns,
  rows: readonly CsvRow[],
  money: readonly MoneyColumns[],
  known: readonly HeaderAlias[],
): UnreadCurrencyColumn | null {
  const assumed = money.filter((group) => {
    if (!group.currency || group.currency.length === 0 || columns.has(group.currency)) return false;
    const amounts = columns.findAll(group.amount);
    return amounts.length > 0 && amounts.some((i) => currencyInHeader(columns.nameAt(i)) === null);
  });
  if (assumed.length === 0) return null;
  const currencyNames = new Set(
    assumed.flatMap((g) => (g.currency ?? []).filter((a): a is string => typeof a === 'string').map(normalizeHeader)),
  );
  const first = assumed[0]!;
  const amount = columns.nameAt(columns.findAll(first.amount)[0]!).trim();
  const expected = [...currencyNames][0] ?? 'currency';
  for (const [i, name] of columns.names.entries()) {
    if (columns.normalized[i] === '' || new Columns([name]).has(known)) continue;
    const near = closestKnownName(name, known);
    if (near !== null && currencyNames.has(normalizeHeader(near))) {
      return { column: name.trim(), amount, why: `closest known name: "${near}"`, expected: near };
    }
    const values = rows.map((r) => cell(r.cells[i])).filter((v): v is string => v !== null);
    if (values.length > 0 && values.every((v) => ISO_CURRENCIES.has(v.toUpperCase()))) {
      const shown = [...new Set(values.map((v) => v.toUpperCase()))].slice(0, 3).join(', ');
      return { column: name.trim(), amount, why: `every value is a currency code: ${shown}`, expected };
    }
  }
  return null;
}

/**
 * Refuses a file whose amounts' currency is in a column the format does not read
 * (unreadCurrencyColumn): its amounts would otherwise be read in an assumed currency (the
 * source's `currency` setting or the reporting currency for deals; the setting for spend),
 * which the file contradicts. Throws FormatError `<file>: <format>: column "…" seems to hold the
 * currency of "…" (…) but is not a column this format reads, …; rename it "…" or export the
 * currency column under its usual name (nothing was loaded)`. The one rule for every format with amounts (deals and
 * spend; kit.ts `openFormatTable`).
 */
export function checkUnreadCurrencyColumn(
  file: { fileName: string; format: string; columns: Columns; known: readonly HeaderAlias[] },
  rows: readonly CsvRow[],
  money: readonly MoneyColumns[],
): void {
  const found = unreadCurrencyColumn(file.columns, rows, money, file.known);
  if (!found) return;
  throw new FormatError(
    `${file.fileName}: ${file.format}: column "${found.column}" seems to hold the currency of "${found.amount}" (${found.why}) but is not a column this format reads, and an amount is never read in an assumed currency beside it; rename it "${found.expected}" or export the currency column under its usual name (nothing was loaded)`,
  );
}

export interface AmountColumns {
  /** The amount column (undefined when the file has none). */
  amount: number | undefined;
  /** The currency column that goes with this amount (a converted amount has its own). */
  currency: number | undefined;
}

export interface CurrencyFallback {
  /** The format's name, for the setting named in messages: `sources["<format>"].currency`. */
  format: string;
  /** `config.sources["<format>"].currency`. */
  setting: string | undefined;
  /** `config.reportingCurrency`. */
  reportingCurrency: string;
}

/**
 * Reads a row's amount and its currency: the row's currency column, else the currency the
 * cell names (`USD 12.00`, `12,50 €`), else the source's `currency` setting, else the
 * reporting currency. The last two are counted in `notes` as
 * `currencyAssumed: { currency, from, rows }`. Returns `{ amount: null, currency: null }` for
 * an empty amount. Throws FieldError (a reject) when the cell's currency disagrees with the
 * currency column, or when a shared symbol (`$`, `¥`, `kr`) does not fit the resolved
 * currency: the message names the setting to add.
 */
export function resolveAmountCurrency(
  r: VendorRow,
  cols: AmountColumns,
  fallback: CurrencyFallback,
  notes: Notes,
): { amount: number | null; currency: string | null } {
  const money = r.money(cols.amount);
  if (money.amount === null) return { amount: null, currency: null };
  const column = r.currency(cols.currency);
  if (column !== null && money.currency !== null && money.currency !== column) {
    throw new FieldError(
      r.field(cols.amount),
      `the amount is in ${money.currency} but "${r.field(cols.currency)}" says ${column}`,
    );
  }
  let currency = column ?? money.currency;
  let from: AssumedFrom | null = null;
  if (currency === null) {
    from = fallback.setting ? 'setting' : 'reportingCurrency';
    currency = fallback.setting ?? fallback.reportingCurrency;
  }
  if (money.symbol !== null && !symbolFits(money.symbol, currency)) {
    // The currency column disagrees with the cell: no setting can fix that row.
    if (from === null) {
      throw new FieldError(
        r.field(cols.amount),
        `the amount is written with "${money.symbol}", which is not ${currency} as "${r.field(cols.currency)}" says`,
      );
    }
    const by = from === 'setting' ? `sources["${fallback.format}"].currency` : 'the reporting currency';
    throw new FieldError(
      r.field(cols.amount),
      `the amount is written with "${money.symbol}", which is not ${currency} (${by}); set sources["${fallback.format}"].currency in the config to the currency "${money.symbol}" stands for in this file`,
    );
  }
  if (from !== null) noteCurrencyAssumed(notes, currency, from);
  return { amount: money.amount, currency };
}
