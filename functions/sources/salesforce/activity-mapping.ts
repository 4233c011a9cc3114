/**
 * Salesforce Task and Event → canonical activities, one rule set for the report export
 * (salesforce-activities-csv) and the API connector (SPEC §4.4, MAPPINGS §2d, CONNECTORS §8):
 * - a task happened when it is closed (`IsClosed`, or a completed `Status`), at
 *   `CompletedDateTime`; `ActivityDate` is a due date and `CreatedDate` the logging time, so
 *   neither is ever the time of a follow-up; a closed task without a completion time happened
 *   at a time not known (`occurred_at_unknown`: its lead is followed up, never overdue, and its
 *   SLA verdict is untimed unless its export day was within the SLA); an open task is loaded as not happened (a reopened task then counts
 *   no more);
 * - an event happened at its `StartDateTime`; an all-day event (`IsAllDayEvent`) on its day
 *   (`ActivityDate`), known only to the day (`occurred_at_time_unknown`): Salesforce stores
 *   its start at 00:00 UTC of that day, a time nobody recorded;
 * - `TaskSubtype` ListEmail and Cadence (and Classic mass-email subjects) are automated;
 * - a task's type: its subtype, else its `Type`, by the user's `activityTypes`, the API value or
 *   the label in the user's language; one nothing maps is `other` and reported as unmapped (its
 *   follow-ups are then not measured);
 * - every id is stored in its 18-character form;
 * - a `WhoId` of a contact (`003…`) is kept as contact_id: converting a lead moves its tasks and
 *   events to the new contact, and the lead names that contact (`leads.converted_contact_id`),
 *   so the follow-up counts for the lead's person whether the link comes from the API's
 *   look-up (`convertedLeadId`) or from a leads export loaded beside a tasks export.
 */
import { DateTime } from 'luxon';
import type { ActivityType } from '../../core/schema.js';
import { compactLabel, lookup, type ActivityStatusMeaning } from '../labels.js';
import { localIsoToUtc } from '../local-time.js';
import { fanOut, type ActivityOutcome, type DayOnly } from '../activities.js';
import { salesforceKeyPrefix, toSalesforceId18 } from './ids.js';

/** A Task or Event as read from the API or a report row; times already ISO-8601 UTC. */
export interface SalesforceActivityInput {
  id: string;
  /** Task or Event; null lets the id's key prefix (`00T` / `00U`) decide. */
  object: 'Task' | 'Event' | null;
  /** `TaskSubtype` / `EventSubtype`, API value (`ListEmail`) or label (`List Email`). */
  subtype: string | null;
  /** Task `Type` (Call, Email, Meeting, Other…), or a report's "Activity Type". */
  type: string | null;
  status: string | null;
  /** Task `IsClosed` when the source gives it (the API): it wins over `status`. */
  isClosed: boolean | null;
  subject: string | null;
  completedAt: string | null;
  startAt: string | null;
  /** The times above that an export gave only as a day (`dueAt` is always a day). */
  dayOnly?: DayOnly<'completedAt' | 'startAt'>;
  ownerId: string | null;
  /** The contact's or lead's address, as given. */
  email: string | null;
  /** `WhoId` or a report's Lead ID / Contact ID (15 or 18 characters). */
  whoId: string | null;
  /**
   * When `whoId` is a contact: the lead converted into it (the API's `Lead.ConvertedContactId`
   * look-up), so a converted lead keeps the follow-ups Salesforce moved to its contact.
   */
  convertedLeadId?: string | null;
  /** `WhatId` or a report's Opportunity ID. */
  whatId: string | null;
  /**
   * `ActivityDate` (a task's due day, an all-day event's day) as the day's start in `dayZone`,
   * when given.
   */
  dueAt?: string | null;
  /** Event `IsAllDayEvent` (null: not given, a timed event). */
  isAllDay?: boolean | null;
  /**
   * The IANA zone the source reads calendar days in (the connector: the org's, as for
   * CloseDate; a file: the import's zone). Reads the day of an all-day event without
   * `ActivityDate` from its start. Default UTC.
   */
  dayZone?: string;
  /**
   * The report's zone: that day is placed at its start there (a day has no instant; read in a
   * zone east of the report's, a Monday would start on the Sunday before). Default `dayZone`.
   */
  reportZone?: string;
  /** `LastModifiedDate` / `SystemModstamp`, when given. */
  updatedAt?: string | null;
  /**
   * `CreatedDate` (when it was logged), when given: never a time of happening, only the
   * placeholder `occurred_at` of a closed task without a completion time, due day or change.
   */
  loggedAt?: string | null;
  /** `IsDeleted` (the API's `queryAll` lists deleted tasks and events). */
  deleted?: boolean;
  /**
   * The user's type label → canonical type mappings (the format's `activityTypes`): matched
   * against `subtype`, then `type`, before the tables; for custom or translated values.
   */
  activityTypes?: Readonly<Record<string, ActivityType>>;
  /** The user's task status label → happened / not_happened mappings (custom or translated statuses); they win. */
  activityStatuses?: Readonly<Record<string, ActivityStatusMeaning>>;
}

const normalize = compactLabel;

/** MAPPINGS §2d, on normalized values (so `ListEmail` and `List Email` are one). */
const SUBTYPE: Record<string, { type: ActivityType; automated: boolean }> = {
  task: { type: 'task', automated: false },
  email: { type: 'email', automated: false },
  listemail: { type: 'email', automated: true },
  // A Sales Engagement cadence step: the cadence, not a rep, decided it (MAPPINGS: task).
  cadence: { type: 'task', automated: true },
  call: { type: 'call', automated: false },
  linkedin: { type: 'other', automated: false },
  event: { type: 'meeting', automated: false },
};
/**
 * The TaskSubtype and Task Type default labels as a report exported by a user of another UI
 * language writes them (`E-Mail`, `E-mail` are `email` once normalized); German, French,
 * Spanish, Italian, Portuguese and Dutch, all unverified against an org. A value neither
 * this nor the user's `activityTypes` knows loads as `other` and is reported as unmapped.
 */
const LOCALIZED: Record<string, ActivityType> = Object.fromEntries(
  (
    [
      ['call', ['Anruf', 'Appel', 'Llamada', 'Chiamata', 'Chamada', 'Ligação', 'Telefoongesprek', 'Gesprek']],
      ['email', ['Correo electrónico', 'Correo', 'Courriel']],
      ['meeting', ['Besprechung', 'Réunion', 'Reunión', 'Riunione', 'Reunião', 'Vergadering']],
      ['task', ['Aufgabe', 'Tâche', 'Tarea', 'Attività', 'Tarefa', 'Taak']],
      ['other', ['Sonstiges', 'Andere', 'Autre', 'Otro', 'Altro', 'Outro', 'Overig', 'Anders']],
    ] as const
  ).flatMap(([type, labels]) => labels.map((l) => [normalize(l), type as ActivityType])),
);
/** Task `Type` fallback when there is no subtype (MAPPINGS §2d: same-name map, else other). */
const TYPE: Record<string, ActivityType> = {
  call: 'call',
  email: 'email',
  meeting: 'meeting',
  task: 'task',
  other: 'other',
  ...LOCALIZED,
};
/** Default TaskStatus values (and common translations) whose IsClosed is true. */
const CLOSED_STATUSES = new Set(['completed', 'closed', 'done', 'abgeschlossen', 'erledigt', 'terminé', 'termine']);
/** Default open TaskStatus values. */
const OPEN_STATUSES = new Set([
  'notstarted',
  'inprogress',
  'waitingonsomeoneelse',
  'deferred',
  'open',
  'nichtbegonnen',
  'inbearbeitung',
]);
/** Subjects Salesforce gives mass and list emails when it logs them as tasks. */
const AUTOMATED_SUBJECT = /^(list email|mass email|pardot list email)\s*:/i;

/** Task or Event, from the object name, else the id's key prefix, else "has a start, no completion". */
export function salesforceActivityObject(
  a: Pick<SalesforceActivityInput, 'object' | 'id' | 'startAt' | 'completedAt'>,
) {
  if (a.object) return a.object;
  const prefix = salesforceKeyPrefix(a.id);
  if (prefix === '00U') return 'Event';
  if (prefix === '00T') return 'Task';
  return a.startAt !== null && a.completedAt === null ? 'Event' : 'Task';
}

/**
 * Whether a task happened: `IsClosed` when known; else a closed status; else an unknown
 * (custom) status with a completion time (Salesforce sets CompletedDateTime only on closing);
 * no status at all: a completion time. The user's `activityStatuses` win over the tables. Returns the verdict and whether the status was unknown.
 */
export function salesforceTaskHappened(
  a: Pick<SalesforceActivityInput, 'isClosed' | 'status' | 'completedAt' | 'activityStatuses'>,
): {
  happened: boolean;
  unknownStatus: boolean;
} {
  if (a.isClosed !== null) return { happened: a.isClosed, unknownStatus: false };
  if (a.status === null) return { happened: a.completedAt !== null, unknownStatus: false };
  const user = lookup(new Map<string, ActivityStatusMeaning>(), a.status, a.activityStatuses);
  if (user !== undefined) return { happened: user === 'happened', unknownStatus: false };
  const s = normalize(a.status);
  if (CLOSED_STATUSES.has(s)) return { happened: true, unknownStatus: false };
  if (OPEN_STATUSES.has(s)) return { happened: false, unknownStatus: false };
  return { happened: a.completedAt !== null, unknownStatus: true };
}

/**
 * The canonical type and automation flag of a task or event. A task's `subtype` is read first
 * (the user's `activityTypes`, then MAPPINGS §2d and its localized labels), then its `type`
 * (likewise); neither given: `task`. Given but known to neither the user nor the tables: `other`,
 * with the labels under `unmapped` (for the import's `unmappedLabels`, setting `activityTypes`:
 * the week's follow-ups are then not measured, docs/methodology.md "Labels the product does not
 * know").
 */
export function salesforceActivityType(
  object: 'Task' | 'Event',
  a: Pick<SalesforceActivityInput, 'subtype' | 'type' | 'subject' | 'activityTypes'>,
): { type: ActivityType; automated: boolean; unmapped?: { subtype: string | null; type: string | null } } {
  const automatedSubject = a.subject !== null && AUTOMATED_SUBJECT.test(a.subject);
  if (object === 'Event') return { type: 'meeting', automated: false };
  const subtype = a.subtype?.trim() ? a.subtype : null;
  const label = a.type?.trim() ? a.type : null;
  const userSubtype = subtype === null ? undefined : lookup(new Map(), subtype, a.activityTypes);
  if (userSubtype) return { type: userSubtype, automated: automatedSubject };
  const known = subtype === null ? undefined : (SUBTYPE[normalize(subtype)] ?? localized(subtype));
  if (known) return { type: known.type, automated: known.automated || automatedSubject };
  const byType = label === null ? undefined : (lookup(new Map(), label, a.activityTypes) ?? TYPE[normalize(label)]);
  if (byType) return { type: byType, automated: automatedSubject };
  if (subtype === null && label === null) return { type: 'task', automated: automatedSubject };
  return { type: 'other', automated: automatedSubject, unmapped: { subtype, type: label } };
}

/** A subtype label in another UI language (`Appel`), as the subtype table's entry. */
function localized(subtype: string): { type: ActivityType; automated: boolean } | undefined {
  const type = LOCALIZED[normalize(subtype)];
  return type === undefined ? undefined : { type, automated: false };
}

/** An id in its 18-character form, or null when empty; throws RangeError when it is not an id. */
export function sfId(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : toSalesforceId18(value);
}

/** The lead an activity's Who stands for: the lead itself, or the lead converted into the contact. */
function leadOf(who: string | null, convertedLeadId: string | null): string | null {
  if (who === null) return null;
  const prefix = salesforceKeyPrefix(who);
  if (prefix === '00Q') return who;
  return prefix === '003' ? sfId(convertedLeadId) : null;
}

/** The contact an activity's Who names (key prefix `003`), else null. */
function contactOf(who: string | null): string | null {
  return who !== null && salesforceKeyPrefix(who) === '003' ? who : null;
}

/**
 * The start, in `placeZone` (the report's zone; default `zone`), of the day of an all-day
 * event known only by its `StartDateTime` (ISO-8601 UTC): Salesforce stores an all-day event
 * at 00:00 UTC of its day, so a start at exactly 00:00 UTC (the API, a Data Loader export) is
 * that UTC date; any other start (a report that wrote the start as a wall time, read in
 * `zone`) is the day it falls on in `zone`. Null for no start. Both must be valid IANA zones.
 */
export function allDayStart(startAt: string | null, zone: string, placeZone: string = zone): string | null {
  if (startAt === null) return null;
  const start = DateTime.fromISO(startAt, { zone: 'utc' });
  if (!start.isValid) return null;
  const utcMidnight = start.hour === 0 && start.minute === 0 && start.second === 0 && start.millisecond === 0;
  const day = utcMidnight ? start.toISODate() : start.setZone(zone).toISODate();
  return day === null ? null : localIsoToUtc(day, placeZone);
}

/**
 * Maps one Task or Event. A task that is not closed is loaded with `has_happened` false at its
 * due day (else its last change), so reopening a task takes its follow-up back. An all-day
 * event happened on its day (`dueAt`, else the day of its start: {@link allDayStart}), with
 * `occurred_at_time_unknown` set, on the API and the file path alike. A closed task without
 * `CompletedDateTime` is loaded with `occurred_at_unknown` (at its due day, else last change, a
 * placeholder; `timeUnknown` in the outcome). Skipped (not loaded): such a task with neither,
 * or an event without a start or day (`noHappenedTime`). `WhoId` of a lead (`00Q`) becomes lead_id; of a contact (`003`), it
 * becomes contact_id, the lead converted into it (`convertedLeadId`, when the caller looked it
 * up) lead_id, and its address links it too. A loaded task whose subtype and type nothing maps
 * returns them as `unmappedType` ({@link salesforceActivityType}). Throws RangeError for a
 * malformed id.
 */
export function mapSalesforceActivity(
  a: SalesforceActivityInput,
): ActivityOutcome & { unknownStatus?: boolean; unmappedType?: { subtype: string | null; type: string | null } } {
  const object = salesforceActivityObject(a);
  let occurredAt: string | null;
  let timeUnknown = false;
  let unknownStatus = false;
  let happened = true;
  let noTime = false;
  if (object === 'Task') {
    const verdict = salesforceTaskHappened(a);
    unknownStatus = verdict.unknownStatus;
    happened = verdict.happened;
    // Closed without a completion time (closed before the field existed, by some syncs): it
    // happened at a time not known, placed at its due day (else its last change) and flagged;
    // the warehouse reads it as "up to its export day", never as that day.
    noTime = happened && a.completedAt === null;
    occurredAt = happened
      ? (a.completedAt ?? a.dueAt ?? a.updatedAt ?? a.loggedAt ?? null)
      : (a.dueAt ?? a.updatedAt ?? null);
    timeUnknown = noTime ? false : happened ? (a.dayOnly?.completedAt ?? false) : a.dueAt != null;
  } else if (a.isAllDay === true) {
    occurredAt = a.dueAt ?? allDayStart(a.startAt, a.dayZone ?? 'UTC', a.reportZone ?? a.dayZone ?? 'UTC');
    timeUnknown = occurredAt !== null;
  } else {
    occurredAt = a.startAt;
    timeUnknown = a.dayOnly?.startAt ?? false;
  }
  if (occurredAt === null) return { ok: false, skipped: happened ? 'noHappenedTime' : 'notHappened', unknownStatus };
  const { type, automated, unmapped } = salesforceActivityType(object, a);
  const who = sfId(a.whoId);
  const what = sfId(a.whatId);
  const records = fanOut(
    {
      activityId: toSalesforceId18(a.id),
      type,
      occurredAt,
      occurredAtTimeUnknown: timeUnknown,
      occurredAtUnknown: noTime,
      ownerId: a.ownerId,
      dealId: what !== null && salesforceKeyPrefix(what) === '006' ? what : null,
      isAutomated: automated,
      happened,
      updatedAt: a.updatedAt ?? null,
      deleted: a.deleted ?? false,
    },
    [{ email: a.email, leadId: leadOf(who, a.convertedLeadId ?? null), contactId: contactOf(who) }],
  );
  return {
    ok: true,
    records,
    happened,
    unknownStatus,
    ...(noTime ? { timeUnknown: true } : {}),
    ...(unmapped ? { unmappedType: unmapped } : {}),
  };
}
