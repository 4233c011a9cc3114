/**
 * Rows that list one record once per association. Exports and reports often repeat a record
 * on one row per associated person: a Salesforce "Opportunities with Contact Roles" report
 * (one row per contact role), a Tasks and Events report (one row per invitee or WhoId), a
 * HubSpot or Pipedrive export listing a deal or an activity once per associated contact.
 * Those rows are not versions of the record: each adds a contact, and keeping only the last
 * (the same-version rule of load.ts) would drop the others, so a deal would lose the contact
 * that matches it to a marketing lead (SPEC §4.5b) and an invitee would never count as
 * followed up (SPEC §4.4). Silently, since the dropped rows read as harmless duplicates.
 *
 * The rule, applied by the loader (load.ts) to every vendor format, canonical CSV and
 * connector: rows of one record and version (same key and `updated_at`) whose other columns
 * agree are one record whose associations are the union, in row order, without repeats.
 * Rows that disagree outside the association columns are two versions that cannot both be
 * true, and keep the same-version rule (the later row wins, the earlier is a reject).
 * Tables without association columns (leads, spend, owners) never combine: a second
 * campaign-day is not a contact, and adding or dropping it must stay visible.
 */
import { emailKey } from './email-key.js';
import type { CanonicalRecord, CanonicalValue } from './records.js';
import { TABLES, type TableName } from './schema.js';
import { deriveColumns } from './validate.js';

/**
 * The columns that name a record's associated persons rather than facts of the record,
 * derived key columns included. Deals: their contacts. Activities: the one contact each row
 * is with (an activity with several contacts is one row per contact, `activity_id`
 * `<record_id>:<contact key>`), so the row's id is an association column too.
 */
export const ASSOCIATION_COLUMNS: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  deals: ['contact_emails', 'contact_email_keys', 'contact_ids'],
  activities: ['activity_id', 'email', 'email_key', 'lead_id', 'contact_id', 'record_id'],
};

/** True when rows of this table can list one record once per association. */
export function hasAssociations(table: TableName): boolean {
  return ASSOCIATION_COLUMNS[table] !== undefined;
}

/**
 * The CRM record an activity row belongs to: `record_id`, else the row's own id (tables.md:
 * an empty `record_id` means `activity_id`).
 */
export function activityRecordId(record: CanonicalRecord): string {
  const recordId = record.record_id;
  return typeof recordId === 'string' && recordId !== '' ? recordId : String(record.activity_id);
}

/**
 * The id of one contact's row of an activity with several contacts (the fan-out scheme of
 * functions/sources/activities.ts, which the file formats and the API connectors share).
 */
export function contactActivityId(recordId: string, contactKey: string): string {
  return `${recordId}:${contactKey}`;
}

/** Key of a contact in a fanned-out activity id given its address: trimmed, lower-cased. */
export function emailContactKey(email: string | null | undefined): string | null {
  const trimmed = email?.trim();
  return trimmed ? trimmed.toLowerCase() : null;
}

/**
 * The columns where two rows of one record and version disagree, outside the association
 * columns; empty when they agree (they are then one record: see {@link combineRows}).
 * Values compare exactly (lists element by element; a missing value is null). Activities
 * compare their record ({@link activityRecordId}) rather than `record_id` as written.
 */
export function disagreeingColumns(table: TableName, a: CanonicalRecord, b: CanonicalRecord): string[] {
  const associations = new Set(ASSOCIATION_COLUMNS[table] ?? []);
  const differ = TABLES[table].columns
    .filter((c) => !associations.has(c.name) && !sameValue(a[c.name], b[c.name]))
    .map((c) => c.name);
  if (table === 'activities' && activityRecordId(a) !== activityRecordId(b)) differ.push('record_id');
  return differ;
}

/** True when two rows of one record and version can be combined (see {@link disagreeingColumns}). */
export function combinable(table: TableName, a: CanonicalRecord, b: CanonicalRecord): boolean {
  return hasAssociations(table) && disagreeingColumns(table, a, b).length === 0;
}

/**
 * The rows of one record and version, combined: `rows` are checked records (derived columns
 * set) in file order that agree outside the association columns (callers check with
 * {@link combinable}). Returns the canonical rows they are, derived columns set again:
 *
 * - deals: one row, the first's, with `contact_emails` the union in row order, an address
 *   given twice (same email key, else same text ignoring case) kept once as first written, and
 *   `contact_ids` the union in row order (each id once);
 * - activities: one row per distinct contact (key: the contact part of a fanned-out id, else
 *   the lower-cased address, else `lead:<lead_id>`, else `contact:<contact_id>`), the first
 *   row's facts, an address, lead or contact id one copy lacks taken from another; ids as the fan-out scheme gives them (the record id
 *   alone for one contact, `<record id>:<key>` for several). Rows that already have one id
 *   per contact (the same fanned-out rows again) keep their ids. Rows without any contact
 *   are dropped when others have one.
 *
 * Throws on a table without association columns (a bug: nothing there may combine).
 */
export function combineRows(table: TableName, rows: readonly CanonicalRecord[]): CanonicalRecord[] {
  if (rows.length === 0) return [];
  if (table === 'deals') return [combineDeals(rows)];
  if (table === 'activities') return combineActivities(rows);
  throw new Error(`${table} rows have no association columns to combine`);
}

function combineDeals(rows: readonly CanonicalRecord[]): CanonicalRecord {
  const first = rows[0]!;
  const emails = new Map<string, string>();
  for (const row of rows) {
    for (const email of (row.contact_emails as string[] | null | undefined) ?? []) {
      const key = emailKey(email) ?? email.trim().toLowerCase();
      if (!emails.has(key)) emails.set(key, email);
    }
  }
  const listed = rows.some((r) => Array.isArray(r.contact_emails));
  // Contact ids likewise (a contact-roles report's Contact ID column): the union in row order.
  const ids = [
    ...new Set(rows.flatMap((r) => (r.contact_ids as string[] | null | undefined) ?? []).map((id) => id.trim())),
  ].filter((id) => id !== '');
  const idsListed = rows.some((r) => Array.isArray(r.contact_ids));
  return deriveColumns('deals', {
    ...first,
    contact_emails: listed ? [...emails.values()] : null,
    contact_ids: idsListed ? ids : null,
  });
}

interface Contact {
  email: string | null;
  leadId: string | null;
  contactId: string | null;
}

function combineActivities(rows: readonly CanonicalRecord[]): CanonicalRecord[] {
  const first = rows[0]!;
  const recordId = activityRecordId(first);
  const contacts = new Map<string, Contact>();
  // Which contacts each id names: when every id names one contact of its own, the rows are
  // the same contacts again and keep their ids.
  const byId = new Map<string, { row: CanonicalRecord; keys: Set<string | null> }>();
  for (const row of rows) {
    const key = contactKeyOf(row, recordId);
    const id = String(row.activity_id);
    const entry = byId.get(id) ?? { row, keys: new Set<string | null>() };
    entry.keys.add(key);
    byId.set(id, entry);
    if (key === null) continue;
    const email = nonEmpty(row.email);
    const leadId = nonEmpty(row.lead_id);
    const contactId = nonEmpty(row.contact_id);
    const prev = contacts.get(key);
    contacts.set(
      key,
      prev
        ? { email: prev.email ?? email, leadId: prev.leadId ?? leadId, contactId: prev.contactId ?? contactId }
        : { email, leadId, contactId },
    );
  }
  const row = (base: CanonicalRecord, id: string, c: Contact | undefined): CanonicalRecord =>
    deriveColumns('activities', {
      ...base,
      activity_id: id,
      record_id: recordId,
      email: c?.email ?? null,
      lead_id: c?.leadId ?? null,
      contact_id: c?.contactId ?? null,
    });
  const list = [...contacts.entries()];
  if (list.length <= 1) return [row(first, byId.size === 1 ? String(first.activity_id) : recordId, list[0]?.[1])];
  const ids = [...byId.entries()];
  const keys = ids.map(([, e]) => [...e.keys][0]);
  const sameRows =
    ids.every(([id, e]) => e.keys.size === 1 && id !== recordId) &&
    !keys.includes(null) &&
    new Set(keys).size === keys.length;
  if (sameRows) return ids.map(([id, e]) => row(e.row, id, contacts.get([...e.keys][0]!)));
  return list.map(([key, c]) => row(first, contactActivityId(recordId, key), c));
}

/** The contact key of an activity row: from a fanned-out id, else address, lead or contact (as fanOut keys them). */
function contactKeyOf(row: CanonicalRecord, recordId: string): string | null {
  const id = String(row.activity_id);
  const prefix = `${recordId}:`;
  if (id.startsWith(prefix) && id.length > prefix.length) return id.slice(prefix.length);
  const email = emailContactKey(nonEmpty(row.email));
  if (email) return email;
  const leadId = nonEmpty(row.lead_id);
  if (leadId) return `lead:${leadId}`;
  const contactId = nonEmpty(row.contact_id);
  return contactId ? `contact:${contactId}` : null;
}

function nonEmpty(value: CanonicalValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function sameValue(a: CanonicalValue | undefined, b: CanonicalValue | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return x === y;
}
