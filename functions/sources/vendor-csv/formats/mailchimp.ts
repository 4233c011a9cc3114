/**
 * Mailchimp audience export (the CSVs inside the ZIP: subscribed, unsubscribed, cleaned).
 * MAPPINGS §7. Timestamps carry no offset and are read as UTC (unverified).
 */
import { createHash } from 'node:crypto';
import { FieldError } from '../errors.js';
import { resolveColumns } from '../kit.js';
import { defineRowFormat } from '../row-format.js';
import { parseTimestamp } from '../values.js';

/** Splits a TAGS cell: `"VIP","Blog"` → [VIP, Blog]. */
export function parseTags(value: string | null): string[] {
  if (value === null) return [];
  return [...value.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)]
    .map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"').trim())
    .filter((t) => t !== '');
}

export const mailchimpAudienceCsv = defineRowFormat({
  name: 'mailchimp-audience-csv',
  table: 'leads',
  defaultSource: 'mailchimp',
  description: 'Mailchimp audience export (subscribed/unsubscribed/cleaned CSV from the export ZIP)',
  required: [
    { label: 'Email Address', aliases: ['email address'] },
    { label: 'LAST_CHANGED', aliases: ['last_changed', 'optin_time', 'confirm_time'] },
  ],
  prepare({ columns, notes, source }) {
    const col = resolveColumns(columns, {
      email: ['email address'],
      firstName: ['first name'],
      lastName: ['last name'],
      company: ['company', 'company name', 'organization'],
      optin: ['optin_time'],
      confirm: ['confirm_time'],
      changed: ['last_changed'],
      unsub: ['unsub_time'],
      cleaned: ['clean_time', 'cleaned_time'],
      tags: ['tags'],
      utmSource: ['utm source', 'utm_source'],
      utmMedium: ['utm medium', 'utm_medium'],
      utmCampaign: ['utm campaign', 'utm_campaign'],
    });
    const status = col.unsub !== undefined ? 'unsubscribed' : col.cleaned !== undefined ? 'cleaned' : 'subscribed';
    notes.set('memberStatus', status);
    notes.set('timestampsReadAs', 'UTC');
    const tagCounts = new Map<string, number>();
    return (r) => {
      const email = r.required(col.email, 'the email address');
      const utc = (c: number | undefined) =>
        c === undefined ? null : parseTimestamp(r.row.cells[c], r.field(c), 'UTC');
      const createdAt = utc(col.optin) ?? utc(col.confirm) ?? utc(col.changed);
      if (createdAt === null)
        throw new FieldError(
          r.field(col.optin ?? col.confirm),
          'OPTIN_TIME, CONFIRM_TIME and LAST_CHANGED are all empty',
        );
      for (const tag of parseTags(r.text(col.tags))) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      if (tagCounts.size > 0) notes.set('tags', Object.fromEntries([...tagCounts].sort()));
      return {
        // Mailchimp's own member id: md5 of the lower-cased address (the API's subscriber_hash).
        lead_id: createHash('md5').update(email.toLowerCase()).digest('hex'),
        source,
        email,
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        created_at: createdAt,
        updated_at: utc(col.changed),
        lifecycle_stage: 'subscriber',
        status,
        utm_source: r.text(col.utmSource),
        utm_medium: r.text(col.utmMedium),
        utm_campaign: r.text(col.utmCampaign),
      };
    };
  },
});
