/**
 * What every vendor's activity mapping shares (SPEC §4.4): the outcome of mapping one vendor
 * activity (canonical rows, or a reason it is not loaded) and the fan-out of one activity into
 * one row per contact, with an id scheme that the file formats and the API connectors share.
 */
import type { ActivityType } from '../core/schema.js';
import type { CanonicalRecord } from '../core/records.js';
import { contactActivityId, emailContactKey } from '../core/associations.js';

/** One person an activity was with, as far as the vendor tells. */
export interface ActivityContact {
  /** The vendor's contact / person id, when known. */
  id?: string | null;
  /** The address as given (never lower-cased here: the warehouse derives the email key). */
  email?: string | null;
  /** The canonical lead_id of this contact (same source), when the vendor's contact is a lead. */
  leadId?: string | null;
  /**
   * The canonical contact_id: the vendor's contact when it is a record apart from the leads
   * (a Salesforce contact, `003…`), which counts for the lead converted into it
   * (`leads.converted_contact_id`). Left empty where contacts load as leads (`leadId`).
   */
  contactId?: string | null;
}

/** Everything but the contact: the same for each row of a fanned-out activity. */
export interface ActivityFacts {
  /** The vendor's activity id, already in the form the API connector stores. */
  activityId: string;
  type: ActivityType;
  /** ISO-8601 UTC: when it happened (completed, or a meeting's start). */
  occurredAt: string;
  /** True when the source gave only the day of `occurredAt` (it is then the day's start). */
  occurredAtTimeUnknown?: boolean;
  /**
   * True when it happened but no time of happening is known at all (`occurredAt` is then a
   * placeholder: a due day or last change); the warehouse reads it as "at some time up to its
   * export day" (`activities.occurred_at_unknown`).
   */
  occurredAtUnknown?: boolean;
  ownerId: string | null;
  dealId: string | null;
  isAutomated: boolean;
  /**
   * False when it has not happened (open, planned, cancelled, no-show, bounced…): the row is
   * still loaded, so it replaces an earlier version that had happened, but never follows up.
   */
  happened: boolean;
  /** ISO-8601 UTC: the vendor's last modification of the activity, when it gives one. */
  updatedAt?: string | null;
  /** True when the vendor reports the activity deleted. */
  deleted?: boolean;
}

/**
 * Which of a mapping input's times the source gave only as a calendar day (a file's date-only
 * cell); a time not named here has its time of day.
 */
export type DayOnly<K extends string> = Partial<Record<K, boolean>>;

/** Why a vendor activity is not loaded. Counted per reason in a format's notes. */
export type SkipReason =
  /** It has not happened and gives no planned or changed time to load it at (never a follow-up). */
  | 'notHappened'
  /** It happened, but the vendor gives no time of happening (only a due or logging time). */
  | 'noHappenedTime';

/**
 * Mapped rows (`happened` false: loaded with `has_happened` false, never a follow-up), or the
 * reason nothing is loaded.
 */
export type ActivityOutcome =
  | { ok: true; records: CanonicalRecord[]; happened: boolean; timeUnknown?: boolean }
  | { ok: false; skipped: SkipReason };

/** Key of a contact in a fanned-out activity id: the address (case-folded) or else the contact id. */
export function contactKey(contact: ActivityContact): string | null {
  const email = emailContactKey(contact.email);
  if (email) return email;
  const id = contact.id?.trim();
  return id ? id : null;
}

/**
 * One canonical activity row per distinct contact (SPEC §4.4: an activity with several
 * contacts follows up each). Ids: the vendor id alone when the activity has at most one
 * contact, else `<id>:<contactKey>` for each (contactKey = the lower-cased address, or the
 * contact id when there is no address), so the single-contact case keeps the id earlier loads
 * used and every id is the same in a file import and an API pull. Contacts with neither an
 * address, an id, a lead id nor a contact id are dropped when others are known. The loader
 * combines rows of one activity that a file lists once per contact by the same scheme
 * (core/associations.ts).
 */
export function fanOut(facts: ActivityFacts, contacts: readonly ActivityContact[]): CanonicalRecord[] {
  const seen = new Map<string, ActivityContact>();
  for (const c of contacts) {
    const key = contactKey(c) ?? (c.leadId ? `lead:${c.leadId}` : c.contactId ? `contact:${c.contactId}` : null);
    if (key === null) continue;
    const prev = seen.get(key);
    // The same person twice (e.g. listed by id and by address): keep what each copy knows.
    seen.set(
      key,
      prev
        ? {
            id: prev.id ?? c.id,
            email: prev.email ?? c.email,
            leadId: prev.leadId ?? c.leadId,
            contactId: prev.contactId ?? c.contactId,
          }
        : c,
    );
  }
  const list = [...seen.entries()];
  const row = (c: ActivityContact | undefined, id: string): CanonicalRecord => ({
    activity_id: id,
    type: facts.type,
    occurred_at: facts.occurredAt,
    occurred_at_time_unknown: facts.occurredAtTimeUnknown ?? false,
    occurred_at_unknown: facts.occurredAtUnknown ?? false,
    updated_at: facts.updatedAt ?? null,
    owner_id: facts.ownerId,
    email: c?.email?.trim() || null,
    lead_id: c?.leadId ?? null,
    contact_id: c?.contactId ?? null,
    deal_id: facts.dealId,
    is_automated: facts.isAutomated,
    has_happened: facts.happened,
    // Always the vendor id, so a version with fewer (or more) contacts replaces every row.
    record_id: facts.activityId,
    is_deleted: facts.deleted ?? false,
  });
  if (list.length <= 1) return [row(list[0]?.[1], facts.activityId)];
  return list.map(([key, c]) => row(c, contactActivityId(facts.activityId, key)));
}

/** What one pull's activities became: rows, and records left out by reason (for the raw manifest). */
export interface ActivityTally {
  /** Records that happened, mapped to at least one row. */
  records: number;
  /** Rows all loaded records became (one per contact), those not happened included. */
  rows: number;
  /** Records that have not happened (open, planned, cancelled…), loaded as such when they have a time: never a follow-up. */
  notHappened: number;
  /** Records not loaded: they happened but give no time of happening. */
  noHappenedTime: number;
  /** Records that happened at a time not known at all, loaded as such (`occurred_at_unknown`). */
  happenedTimeUnknown: number;
  /** Records the vendor reports deleted, loaded as deletions (`is_deleted`). */
  deleted: number;
}

/**
 * Tallies mapping outcomes, so a connector can record in its raw manifest what it loaded as
 * not happened and what it left out and why: nothing is dropped silently. Rejected records
 * (a thrown error) are the caller's to count.
 */
export function tallyActivities(outcomes: Iterable<ActivityOutcome>): ActivityTally {
  const tally: ActivityTally = {
    records: 0,
    rows: 0,
    notHappened: 0,
    noHappenedTime: 0,
    happenedTimeUnknown: 0,
    deleted: 0,
  };
  for (const o of outcomes) {
    if (o.ok) {
      if (o.timeUnknown === true) tally.happenedTimeUnknown++;
      if (o.records[0]?.is_deleted === true) tally.deleted++;
      else if (o.happened) tally.records++;
      else tally.notHappened++;
      tally.rows += o.records.length;
    } else tally[o.skipped]++;
  }
  return tally;
}
