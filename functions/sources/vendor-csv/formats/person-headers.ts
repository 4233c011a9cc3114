/**
 * Localized header names of a person's first and last name, the same in every CRM export that
 * labels them plainly (HubSpot, Salesforce reports, Mailchimp merge fields); the formats add
 * their API names. Non-English names are unverified (see docs/vendor-imports.md, Languages).
 */
import type { Columns } from '../columns.js';
import type { LocalizedHeader } from '../headers.js';
import type { VendorRow } from '../kit.js';
import { extractEmails } from '../values.js';

export const FIRST_NAME = {
  en: ['first name', 'firstname'],
  de: ['vorname'], // unverified
  fr: ['prénom'], // unverified
  it: ['nome'], // unverified
  es: ['nombre'], // unverified
  pt: ['nome', 'primeiro nome'], // unverified
  nl: ['voornaam'], // unverified
} as const satisfies LocalizedHeader;

export const LAST_NAME = {
  en: ['last name', 'lastname'],
  de: ['nachname'], // unverified
  fr: ['nom'], // unverified
  it: ['cognome'], // unverified
  es: ['apellidos', 'apellido'], // unverified
  pt: ['sobrenome'], // unverified
  nl: ['achternaam'], // unverified
} as const satisfies LocalizedHeader;

const FURTHER_KIND =
  '(secondary|alternate|alternative|additional|other|second|2nd|backup|personal|private|work|home|business)';
/**
 * A person's further address columns (SPEC §4.2), by pattern: orgs name their own fields, so a
 * list of names would miss most. `Email 2`, `Email Address 3`, `Secondary Email`, `Alternate
 * E-mail Address`, `Additional email addresses` (HubSpot), `Work Email`, `Email (Home)`,
 * `Email - Other`, and API names such as `Secondary_Email__c`, `email_2`, `hs_additional_emails`.
 * English only: no other language's field names are known. Never matches the plain `Email`
 * column or properties about email (`Email Opt Out`, `Marketing emails opened`).
 */
export const FURTHER_EMAIL: readonly RegExp[] = [
  /^e-?mail( address)? ?#?[2-9]$/,
  new RegExp(`^${FURTHER_KIND} e-?mails?( address(es)?)?$`),
  new RegExp(`^e-?mail( address)? ?(\\(|- )${FURTHER_KIND}\\)?$`),
  /^hs additional emails$/,
];

/** A header as FURTHER_EMAIL reads it: API names' `__c` and underscores dropped. */
function furtherName(normalized: string): string {
  return normalized.replace(/__c$/, '').replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Every column holding further addresses (there may be several), except the main email column. */
export function furtherEmailColumns(columns: Columns, main: number | undefined): number[] {
  return columns.normalized.flatMap((name, i) =>
    i !== main && FURTHER_EMAIL.some((re) => re.test(furtherName(name))) ? [i] : [],
  );
}

/** The distinct addresses in a row's further-address columns (a cell may list several). */
export function furtherEmails(r: VendorRow, cols: readonly number[]): string[] {
  return [...new Set(cols.flatMap((c) => extractEmails(r.text(c) ?? undefined)))];
}
