/**
 * The currency of a deal amount, resolved one way for every deal format (HubSpot, Salesforce,
 * Pipedrive): an amount is never loaded without its currency, and a currency is never
 * assumed without saying so (the notion shared with the API connectors: ../currency.ts). The
 * spend formats resolve theirs in spend-format.ts.
 */
import { FieldError } from './errors.js';
import type { Notes, VendorRow } from './kit.js';
import { symbolFits } from './values.js';
import { noteCurrencyAssumed, type AssumedFrom } from '../currency.js';

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
