/**
 * The currency of an amount, one rule for every path (file formats and API connectors): an
 * amount is never loaded without its currency, and a currency the data did not state is never
 * used without saying so. What was assumed is counted in the load's notes as
 * `currencyAssumed: { currency, from, rows }`, which the report shows under
 * `dataQuality.assumptions` (functions/core/report/build-report.ts `dataAssumptions`).
 *
 * API connectors go further than files, because the vendor can be asked: a record without its
 * own currency is in its account's currency, read from the vendor (HubSpot account-info
 * `companyCurrency`, Salesforce `Organization.DefaultCurrencyIsoCode`, LinkedIn
 * `adAccounts.currency`); the source's `currency` setting is used only when the vendor cannot
 * be asked (and is then an assumption), and is refused when it contradicts the vendor. The
 * reporting currency is never assumed for an API amount.
 */

/** Where an assumed currency came from. */
export type AssumedFrom = 'setting' | 'reportingCurrency';

/** Where notes are collected: the file formats' `Notes` (vendor-csv/kit.ts) or a connector's map notes. */
export interface NoteSink {
  readonly data: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

/** A plain NoteSink (what the API runner hands to `Entity.map`). */
export function noteSink(): NoteSink {
  const data: Record<string, unknown> = {};
  return { data, set: (key, value) => void (data[key] = value) };
}

/** Counts one amount read in an assumed currency under `currencyAssumed: { currency, from, rows }`. */
export function noteCurrencyAssumed(notes: NoteSink, currency: string, from: AssumedFrom): void {
  const prev = notes.data.currencyAssumed as { currency: string; from: AssumedFrom; rows: number } | undefined;
  notes.set('currencyAssumed', { currency, from, rows: (prev?.rows ?? 0) + 1 });
}

/** A currency that cannot be told: the message names the source, what was asked and what to do. */
export class CurrencyError extends Error {}

export interface AccountCurrencyInput {
  /** The configured source name, for messages (`sources.<source>.currency`). */
  source: string;
  /** The account's currency as the vendor answered it; null when it gave none or could not be asked. */
  vendor: string | null;
  /** What was asked, for messages, e.g. `GET /account-info/v3/details companyCurrency`. */
  where: string;
  /** Why the vendor could not be asked (the HTTP error), when it could not. */
  lookupError?: string;
  /** `config.sources.<source>.currency`. */
  setting: string | undefined;
}

/**
 * The currency of the account's amounts that carry none: the vendor's answer, else the
 * setting (`assumed: 'setting'`). Throws CurrencyError when the setting contradicts the
 * vendor, or when there is neither.
 */
export function accountCurrency(input: AccountCurrencyInput): { currency: string; assumed: AssumedFrom | null } {
  const setting = `sources.${input.source}.currency`;
  if (input.vendor !== null) {
    if (input.setting !== undefined && input.setting !== input.vendor) {
      throw new CurrencyError(
        `${input.source}: ${setting} is ${input.setting} but ${input.where} says ${input.vendor}; correct or remove the setting`,
      );
    }
    return { currency: input.vendor, assumed: null };
  }
  if (input.setting !== undefined) return { currency: input.setting, assumed: 'setting' };
  const why = input.lookupError ? `failed (${input.lookupError})` : 'gave no currency';
  throw new CurrencyError(
    `${input.source}: amounts without a currency are in the account's currency, but ${input.where} ${why}; set ${setting} to the account's currency`,
  );
}

/**
 * The currency of one API row: its own, else the account's (accountCurrency), counting an
 * assumed one in `notes`. Throws CurrencyError as accountCurrency does.
 */
export function rowCurrency(own: string | null, account: AccountCurrencyInput, notes: NoteSink | undefined): string {
  if (own !== null) return own;
  const { currency, assumed } = accountCurrency(account);
  if (assumed && notes) noteCurrencyAssumed(notes, currency, assumed);
  return currency;
}
