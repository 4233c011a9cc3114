/**
 * Mailchimp audience export (the CSVs inside the ZIP: subscribed, unsubscribed, cleaned).
 * MAPPINGS §7. Timestamps carry no offset and are read as UTC (unverified).
 */
import { createHash } from 'node:crypto';
import { FieldError } from '../errors.js';
import { LANGUAGES } from '../date-text.js';
import { aliasSpec, names, type HeaderTable, type LocalizedHeader } from '../headers.js';
import { resolveColumns } from '../kit.js';
import { defineRowFormat } from '../row-format.js';
import { FIRST_NAME, furtherEmailColumns, furtherEmails, LAST_NAME } from './person-headers.js';

/** Splits a TAGS cell: `"VIP","Blog"` → [VIP, Blog]. */
export function parseTags(value: string | null): string[] {
  if (value === null) return [];
  return [...value.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)]
    .map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"').trim())
    .filter((t) => t !== '');
}

/**
 * Mailchimp audience export. The upper-case system columns (OPTIN_TIME, LAST_CHANGED…) are
 * fixed names in every language (listed under each, so they do not tell the language). `Email Address`, `First Name`, `Last Name`
 * and `Company` are merge-field labels the audience's owner may have written in their own
 * language: the localized ones are Mailchimp's default labels as best known (unverified).
 */
const everyLanguage = (names: readonly string[]): LocalizedHeader =>
  Object.fromEntries(LANGUAGES.map((lang) => [lang, names]));

export const MAILCHIMP_HEADERS = {
  email: {
    en: ['email address'],
    de: ['e-mail-adresse'], // unverified
    fr: ['adresse e-mail', 'adresse email'], // unverified
    it: ['indirizzo email', 'indirizzo e-mail'], // unverified
    es: ['dirección de correo electrónico', 'correo electrónico'], // unverified
    pt: ['endereço de e-mail', 'endereço de email'], // unverified
    nl: ['e-mailadres'], // unverified
  },
  firstName: FIRST_NAME,
  lastName: LAST_NAME,
  company: {
    en: ['company', 'company name', 'organization'],
    de: ['firma', 'unternehmen'], // unverified
    fr: ['entreprise', 'société'], // unverified
    it: ['azienda'], // unverified
    es: ['empresa'], // unverified
    pt: ['empresa'], // unverified
    nl: ['bedrijf'], // unverified
  },
  optin: everyLanguage(['optin_time']),
  confirm: everyLanguage(['confirm_time']),
  changed: everyLanguage(['last_changed']),
  unsub: everyLanguage(['unsub_time']),
  cleaned: everyLanguage(['clean_time', 'cleaned_time']),
  tags: everyLanguage(['tags']),
  // The member's ids, which stay when its address changes: LEID its id in the audience (the
  // API's `web_id`), EUID its unique email id (`unique_email_id`).
  leid: everyLanguage(['leid']),
  euid: everyLanguage(['euid']),
  utmSource: { en: ['utm source', 'utm_source'] },
  utmMedium: { en: ['utm medium', 'utm_medium'] },
  utmCampaign: { en: ['utm campaign', 'utm_campaign'] },
} satisfies HeaderTable;

const M = MAILCHIMP_HEADERS;

/** Mailchimp's subscriber hash of an address: the MD5 of the lower-cased address (the API's `subscriber_hash`). */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

/**
 * A member's lead id: its LEID, else its EUID, the ids that stay when its address changes; the
 * subscriber hash of its address only when the export has neither (the hash changes with the
 * address, so the member would become a second lead). A member read by its LEID or EUID lists
 * the hash of its address as merged into it (`merged_lead_ids`): the loads made before the
 * ids were read stored it under that hash, and stay its record, never a second lead. A member
 * read by its LEID lists its EUID as merged too: an export without the LEID column stored it
 * under its EUID, and that record stays the member's even after its address changed.
 */
export function memberIds(
  leid: string | null,
  euid: string | null,
  email: string,
): { lead_id: string; merged_lead_ids: string[] } {
  const hash = subscriberHash(email);
  if (leid !== null) return { lead_id: leid, merged_lead_ids: euid !== null ? [hash, euid] : [hash] };
  if (euid !== null) return { lead_id: euid, merged_lead_ids: [hash] };
  return { lead_id: hash, merged_lead_ids: [] };
}

/** The reject of a member without a time it joined (see the mapping). */
export const NO_JOIN_TIME =
  'no OPTIN_TIME or CONFIRM_TIME: when the subscriber joined is not known; LAST_CHANGED is when it was last edited';

export const mailchimpAudienceCsv = defineRowFormat({
  name: 'mailchimp-audience-csv',
  table: 'leads',
  defaultSource: 'mailchimp',
  description: 'Mailchimp audience export (subscribed/unsubscribed/cleaned CSV from the export ZIP)',
  headers: MAILCHIMP_HEADERS,
  required: [
    { label: 'Email Address', aliases: names(M.email) },
    { label: 'LAST_CHANGED', aliases: [...names(M.changed), ...names(M.optin), ...names(M.confirm)] },
  ],
  prepare({ columns, notes, source }) {
    const col = resolveColumns(columns, aliasSpec(MAILCHIMP_HEADERS));
    // Audience fields the account added (Alternate Email, Work Email…): further addresses.
    const further = furtherEmailColumns(columns, col.email);
    const status = col.unsub !== undefined ? 'unsubscribed' : col.cleaned !== undefined ? 'cleaned' : 'subscribed';
    notes.set('memberStatus', status);
    notes.set('timestampsReadAs', 'UTC');
    const tagCounts = new Map<string, number>();
    return (r) => {
      const email = r.required(col.email, 'the email address');
      // In UTC, with the file's date order (a re-saved export writes 03/11/2026; conventions.ts).
      const utc = (c: number | undefined) => r.timestamp(c, 'UTC');
      r.recordKey(
        'lead_id',
        () => memberIds(r.id(col.leid, 'numeric'), r.id(col.euid), email).lead_id,
        source,
        () => utc(col.changed),
      );
      // When the member joined: its opt-in, else its confirmation. Members imported into the
      // list or added through the API have neither; LAST_CHANGED is their last edit (a tag
      // added, a field changed), never when they joined: read as created, every old subscriber
      // touched in a week counted as a new lead of that week.
      const created = r.instant(col.optin, 'UTC') ?? r.instant(col.confirm, 'UTC');
      if (created === null) throw new FieldError(r.field(col.optin ?? col.confirm), NO_JOIN_TIME);
      const ids = memberIds(r.id(col.leid, 'numeric'), r.id(col.euid), email);
      for (const tag of parseTags(r.text(col.tags))) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      if (tagCounts.size > 0) notes.set('tags', Object.fromEntries([...tagCounts].sort()));
      return {
        lead_id: ids.lead_id,
        merged_lead_ids: ids.merged_lead_ids,
        source,
        email,
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: utc(col.changed),
        lifecycle_stage: 'subscriber',
        status,
        utm_source: r.text(col.utmSource),
        utm_medium: r.text(col.utmMedium),
        utm_campaign: r.text(col.utmCampaign),
        additional_emails: furtherEmails(r, further),
      };
    };
  },
});
