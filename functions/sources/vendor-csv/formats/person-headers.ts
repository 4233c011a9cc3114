/**
 * Localized header names of a person's first and last name, the same in every CRM export that
 * labels them plainly (HubSpot, Salesforce reports, Mailchimp merge fields); the formats add
 * their API names. Non-English names are unverified (see docs/vendor-imports.md, Languages).
 */
import type { LocalizedHeader } from '../headers.js';

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
