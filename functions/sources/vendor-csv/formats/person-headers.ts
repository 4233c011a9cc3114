/**
 * Localized header names of a person's first and last name, the same in every CRM export that
 * labels them plainly (HubSpot, Salesforce reports, Mailchimp merge fields); the formats add
 * their API names. Non-English names are unverified (see docs/vendor-imports.md, Languages).
 * And the columns of a person's further addresses, found by one shared pattern.
 */
import { isFurtherEmailHeader } from '../../../core/email-key.js';
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

/**
 * Every column holding a person's further addresses (there may be several: `Email 2`, `Work
 * email`, `Secondary_Email__c`…; the rule is isFurtherEmailHeader), except the main email column.
 */
export function furtherEmailColumns(columns: Columns, main: number | undefined): number[] {
  return columns.normalized.flatMap((name, i) => (i !== main && isFurtherEmailHeader(name) ? [i] : []));
}

/** The distinct addresses in a row's further-address columns (a cell may list several). */
export function furtherEmails(r: VendorRow, cols: readonly number[]): string[] {
  return [...new Set(cols.flatMap((c) => extractEmails(r.text(c) ?? undefined)))];
}
