/**
 * HubSpot engagements → canonical activities, one rule set for the activities export
 * (hubspot-activities-csv) and the API connector (SPEC §4.4, MAPPINGS §1e, CONNECTORS §8):
 * - the time is the activity's own (`hs_timestamp`, the export's "Activity date"; a meeting's
 *   `hs_meeting_start_time`), never its creation (`Create Date`);
 * - not happened: a meeting CANCELED, RESCHEDULED or NO_SHOW, an email SCHEDULED, FAILED or
 *   BOUNCED, a call CANCELED, FAILED, QUEUED or MISSED, a task not COMPLETED; a status value
 *   none of these tables nor the user's `activityStatuses` knows: not happened, and listed;
 * - automated: an engagement whose source (`hs_engagement_source`, the export's "Record
 *   source") is a sequence, a workflow or another automation;
 * - not the rep's: an email received or forwarded (`hs_email_direction` INCOMING_EMAIL /
 *   FORWARDED_EMAIL, the export's "Email direction" or an "Incoming email" / "Forwarded email"
 *   activity type) or a call received (`hs_call_direction` INBOUND) is loaded as type `other`,
 *   so it is never a follow-up (SPEC §4.4: a follow-up is the rep's call, email or meeting);
 * - one row per associated contact, ids `<objectType>-<id>` (the connector's scheme since its
 *   first release) with `:<contactKey>` per contact when there are several.
 */
import type { ActivityType } from '../../core/schema.js';
import { fanOut, type ActivityContact, type ActivityOutcome, type DayOnly } from '../activities.js';
import { compactLabel, lookup, type ActivityStatusMeaning, type Mapped } from '../labels.js';

/** The CRM object type of an engagement (also the prefix of its activity id). */
export type HubSpotEngagementObject = 'calls' | 'emails' | 'meetings' | 'tasks' | 'notes' | 'communications' | 'other';

/** One engagement as read from the API or an export row; times already ISO-8601 UTC. */
export interface HubSpotActivityInput {
  object: HubSpotEngagementObject;
  id: string;
  /** `hs_timestamp` / "Activity date". */
  timestamp: string | null;
  /** `hs_meeting_start_time` (meetings). */
  meetingStart: string | null;
  /** The times above that an export gave only as a day (the API always gives the time). */
  dayOnly?: DayOnly<'timestamp' | 'meetingStart'>;
  ownerId: string | null;
  /** `hs_engagement_source` (API value, e.g. SEQUENCES) or the export's "Record source" label. */
  source: string | null;
  /** hs_meeting_outcome / hs_email_status / hs_call_status / hs_task_status, as given. */
  status: string | null;
  /**
   * `hs_email_direction` / `hs_call_direction` (API value or export label, e.g. INCOMING_EMAIL,
   * "Inbound"); null when not given (then it is the rep's, as HubSpot's default EMAIL / OUTBOUND).
   */
  direction?: string | null;
  contacts: readonly ActivityContact[];
  /** `hs_lastmodifieddate` / "Last modified date", when given. */
  updatedAt?: string | null;
  /** The user's status label → happened / not_happened mappings (custom or translated values); they win. */
  activityStatuses?: Readonly<Record<string, ActivityStatusMeaning>>;
  /** True for an archived (deleted) engagement. */
  archived?: boolean;
}

const normalize = compactLabel;

/** MAPPINGS §1e, keyed by the export's "Activity type" label or the engagement type. */
const OBJECT_OF_LABEL: Record<string, HubSpotEngagementObject> = {
  call: 'calls',
  calls: 'calls',
  email: 'emails',
  emails: 'emails',
  incomingemail: 'emails',
  forwardedemail: 'emails',
  emailactivity: 'emails',
  meeting: 'meetings',
  meetings: 'meetings',
  task: 'tasks',
  tasks: 'tasks',
  note: 'notes',
  notes: 'notes',
  // The default types' labels in HubSpot's other UI languages (an export writes the exporting
  // user's); de, fr, es, it, pt and nl, all unverified against a portal. E-mail and
  // E-Mail normalize to `email`.
  anruf: 'calls',
  appel: 'calls',
  llamada: 'calls',
  chiamata: 'calls',
  chamada: 'calls',
  ligação: 'calls',
  gesprek: 'calls',
  telefoongesprek: 'calls',
  courriel: 'emails',
  correo: 'emails',
  correoelectrónico: 'emails',
  besprechung: 'meetings',
  réunion: 'meetings',
  reunión: 'meetings',
  riunione: 'meetings',
  reunião: 'meetings',
  vergadering: 'meetings',
  aufgabe: 'tasks',
  tâche: 'tasks',
  tarea: 'tasks',
  attività: 'tasks',
  tarefa: 'tasks',
  taak: 'tasks',
  notiz: 'notes',
  nota: 'notes',
  notitie: 'notes',
};
/** The engagement object a user's `activityTypes` value stands for. */
const OBJECT_OF_TYPE: Record<ActivityType, HubSpotEngagementObject> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  task: 'tasks',
  other: 'other',
};
const TYPE_OF: Record<HubSpotEngagementObject, ActivityType> = {
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  tasks: 'task',
  notes: 'other',
  communications: 'other',
  other: 'other',
};

/**
 * Engagement sources that send without a rep deciding each message: HubSpot's
 * `hs_engagement_source` enum values (and their export labels, normalized).
 */
const AUTOMATED_SOURCES = new Set(
  [
    'SEQUENCES',
    'WORKFLOWS',
    'AUTOMATION_PLATFORM',
    'AUTOMATION_JOURNEY',
    'PRIMARY_AUTOMATION',
    'PROSPECTING_AGENT',
    'Sequence',
    'Workflow',
  ].map(normalize),
);

/**
 * HubSpot's status / outcome values of each engagement type (`hs_meeting_outcome`,
 * `hs_email_status`, `hs_call_status`, `hs_task_status`: the API value and the English label,
 * normalized), with what each says: it happened, or it did not (a meeting CANCELED,
 * RESCHEDULED or NO_SHOW did not take place at its time; an email SCHEDULED, FAILED or BOUNCED
 * was not sent; a call CANCELED, FAILED, QUEUED or MISSED was not the rep's call; a task not
 * COMPLETED is open). A few labels of other UI languages whose meaning is plain are included;
 * any other value is unknown (hubspotStatusOf).
 */
const STATUSES: Partial<Record<HubSpotEngagementObject, { happened: ReadonlySet<string>; not: ReadonlySet<string> }>> =
  {
    meetings: {
      happened: new Set(['scheduled', 'completed', 'geplant', 'abgeschlossen', 'durchgeführt', 'planifié', 'terminé']),
      not: new Set([
        'canceled',
        'cancelled',
        'noshow',
        'rescheduled',
        'abgesagt',
        'storniert',
        'verschoben',
        'nichterschienen',
        'annulé',
        'reporté',
        'absent',
        'cancelado',
        'cancelada',
        'reprogramado',
        'reprogramada',
        'annullato',
        'annullata',
        'geannuleerd',
      ]),
    },
    emails: {
      happened: new Set(['sent', 'sending', 'gesendet', 'envoyé']),
      not: new Set(['scheduled', 'failed', 'bounced']),
    },
    calls: {
      happened: new Set([
        'completed',
        'busy',
        'noanswer',
        'inprogress',
        'ringing',
        'connecting',
        'callingcrmuser',
        'abgeschlossen',
        'besetzt',
        'keineantwort',
      ]),
      not: new Set(['canceled', 'cancelled', 'failed', 'queued', 'missed', 'abgebrochen', 'fehlgeschlagen']),
    },
    tasks: {
      happened: new Set(['completed', 'abgeschlossen', 'erledigt', 'terminé', 'completada', 'completata', 'voltooid']),
      not: new Set([
        'notstarted',
        'inprogress',
        'waiting',
        'deferred',
        'nichtbegonnen',
        'inbearbeitung',
        'wartend',
        'zurückgestellt',
      ]),
    },
  };

/**
 * Directions that say the rep did not send or make it: HubSpot's `hs_email_direction`
 * INCOMING_EMAIL and FORWARDED_EMAIL, `hs_call_direction` INBOUND, and their export labels
 * (normalized). EMAIL / OUTBOUND ("Outbound", "Sent") are the rep's.
 */
const NOT_THE_REPS: Partial<Record<HubSpotEngagementObject, ReadonlySet<string>>> = {
  emails: new Set(['incomingemail', 'incoming', 'received', 'forwardedemail', 'forwarded']),
  calls: new Set(['inbound', 'incoming', 'incomingcall', 'inboundcall']),
};
/** Directions known to be the rep's (anything else is reported as an unmapped label by the export). */
const THE_REPS: Partial<Record<HubSpotEngagementObject, ReadonlySet<string>>> = {
  emails: new Set(['email', 'outbound', 'outgoing', 'sent', 'outgoingemail']),
  calls: new Set(['outbound', 'outgoing', 'outboundcall', 'outgoingcall']),
};

/**
 * Whether an engagement's direction says a contact sent or made it (an incoming or forwarded
 * email, an inbound call): then it is not a rep's follow-up. Null or empty: the rep's.
 */
export function hubspotInbound(object: HubSpotEngagementObject, direction: string | null | undefined): boolean {
  if (direction === null || direction === undefined || direction.trim() === '') return false;
  return NOT_THE_REPS[object]?.has(normalize(direction)) ?? false;
}

/** Whether a direction value is one of HubSpot's (either way) for that engagement object. */
export function hubspotKnownDirection(object: HubSpotEngagementObject, direction: string): boolean {
  const d = normalize(direction);
  return (NOT_THE_REPS[object]?.has(d) ?? false) || (THE_REPS[object]?.has(d) ?? false);
}

/** The direction an export's "Activity type" label carries ("Incoming email"), else null. */
export function hubspotDirectionOfLabel(label: string): string | null {
  const l = normalize(label);
  return l === 'incomingemail' || l === 'forwardedemail' ? label : null;
}

/**
 * The engagement object of an export's "Activity type" label: the user's `activityTypes`
 * first (label → call, email, meeting, task or other), then the default labels (English,
 * internal names, other UI languages). A label neither knows (a custom or translated type,
 * "WhatsApp") is `other` and returned as `unmapped`, for the import's `unmappedLabels`
 * (setting `activityTypes`: the week's follow-ups are then not measured).
 */
export function hubspotEngagementObjectOf(
  label: string,
  overrides?: Readonly<Record<string, ActivityType>>,
): Mapped<HubSpotEngagementObject> {
  const user = lookup(new Map<string, ActivityType>(), label, overrides);
  if (user !== undefined) return { value: OBJECT_OF_TYPE[user] };
  const known = OBJECT_OF_LABEL[normalize(label)];
  return known === undefined ? { value: 'other', unmapped: label } : { value: known };
}

/** The engagement object of an export's "Activity type" label (hubspotEngagementObjectOf's value). */
export function hubspotEngagementObject(
  label: string,
  overrides?: Readonly<Record<string, ActivityType>>,
): HubSpotEngagementObject {
  return hubspotEngagementObjectOf(label, overrides).value;
}

export function hubspotIsAutomated(source: string | null): boolean {
  return source !== null && AUTOMATED_SOURCES.has(normalize(source));
}

/**
 * Whether the engagement happened, judged from its status or outcome: the user's
 * `activityStatuses` first (label → happened / not_happened), then HubSpot's values (STATUSES).
 * No status: it did (HubSpot's default). A value neither knows (a custom outcome, a label in a
 * language the table lacks, "Abgesagt") is returned as `unmapped` with `value` false: it is
 * never counted as a follow-up, and the import lists it (setting `activityStatuses`), so the
 * report holds the follow-ups it could change as not measured (docs/methodology.md, "Labels
 * the product does not know"). An engagement type without a status property (notes): happened.
 */
export function hubspotStatusOf(
  object: HubSpotEngagementObject,
  status: string | null,
  overrides?: Readonly<Record<string, ActivityStatusMeaning>>,
): Mapped<boolean> {
  if (status === null || status.trim() === '') return { value: true };
  const user = lookup(new Map<string, ActivityStatusMeaning>(), status, overrides);
  if (user !== undefined) return { value: user === 'happened' };
  const known = STATUSES[object];
  if (known === undefined) return { value: true };
  const s = normalize(status);
  if (known.happened.has(s)) return { value: true };
  if (known.not.has(s)) return { value: false };
  return { value: false, unmapped: status };
}

/** Whether the engagement happened, judged from its status (hubspotStatusOf's value). */
export function hubspotHappened(object: HubSpotEngagementObject, status: string | null): boolean {
  return hubspotStatusOf(object, status).value;
}

/**
 * Maps one engagement to one row per contact (see the module comment for ids); one that did
 * not happen is loaded with `has_happened` false at its planned time. A status nothing maps
 * is returned as `unmappedStatus` (loaded as not happened; hubspotStatusOf). Skipped only when it has
 * no time at all (`noHappenedTime`).
 */
export function mapHubSpotActivity(a: HubSpotActivityInput): ActivityOutcome & { unmappedStatus?: string } {
  const status = hubspotStatusOf(a.object, a.status, a.activityStatuses);
  const happened = status.value;
  const unmapped = status.unmapped === undefined ? {} : { unmappedStatus: status.unmapped };
  const fromStart = a.object === 'meetings' && a.meetingStart !== null;
  const time = fromStart ? a.meetingStart : a.timestamp;
  // Happened, but no time at all: at a time not known (occurred_at_unknown), placed at its last
  // change (a placeholder the warehouse replaces by its export day); skipped without one.
  const noTime = time === null && happened && a.updatedAt != null;
  const occurredAt = time ?? (noTime ? (a.updatedAt ?? null) : null);
  if (occurredAt === null) return { ok: false, skipped: happened ? 'noHappenedTime' : 'notHappened', ...unmapped };
  const records = fanOut(
    {
      activityId: `${a.object}-${a.id}`,
      // Received, not sent: kept (it still replaces an earlier version) but never a follow-up.
      type: hubspotInbound(a.object, a.direction) ? 'other' : TYPE_OF[a.object],
      occurredAt,
      occurredAtTimeUnknown: noTime ? false : ((fromStart ? a.dayOnly?.meetingStart : a.dayOnly?.timestamp) ?? false),
      occurredAtUnknown: noTime,
      ownerId: a.ownerId,
      dealId: null,
      isAutomated: hubspotIsAutomated(a.source),
      happened,
      updatedAt: a.updatedAt ?? null,
      deleted: a.archived ?? false,
    },
    a.contacts,
  );
  return { ok: true, records, happened, ...(noTime ? { timeUnknown: true } : {}), ...unmapped };
}
