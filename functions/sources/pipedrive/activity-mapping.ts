/**
 * Pipedrive activities → canonical activities, one rule set for the activities export
 * (pipedrive-activities-csv) and the API connector (SPEC §4.4, MAPPINGS §3):
 * - only a done activity happened (`done`, the export's "Done" = Done; "To do" is planned);
 * - a meeting (and a lunch) happened at its due date and time, its start; any other type when
 *   it was marked as done (`marked_as_done_time`), falling back to its due date and time;
 * - types: call, meeting, task, deadline → task, email, lunch → meeting, by key or by the default
 *   label in the user's language; a custom type is `other` unless the format's `activityTypes`
 *   setting maps it, and is reported as unmapped (its follow-ups are then not measured);
 * - one row per person and address (a person's work and home addresses both link it).
 */
import type { ActivityType } from '../../core/schema.js';
import { lookup, table, type Mapped } from '../labels.js';
import { fanOut, type ActivityContact, type ActivityOutcome, type DayOnly } from '../activities.js';

export interface PipedriveActivityInput {
  id: string;
  /** `type` key (`call`, `deadline`, a custom key) or the export's label (`Call`, `Deadline`). */
  type: string;
  done: boolean;
  /** Due date and time as an ISO-8601 UTC instant (null when there is no due date). */
  dueAt: string | null;
  /** False when the activity has a due date but no due time (`dueAt` is then the day's start). */
  dueHasTime: boolean;
  markedDoneAt: string | null;
  /** `markedDoneAt` given only as a day (an export's date-only cell). */
  dayOnly?: DayOnly<'markedDoneAt'>;
  ownerId: string | null;
  dealId: string | null;
  contacts: readonly ActivityContact[];
  /** `update_time` as an ISO-8601 UTC instant, when given. */
  updatedAt?: string | null;
  /** True for a deleted activity (`is_deleted` in API v2). */
  deleted?: boolean;
  /** The user's type label → canonical type mappings (the format's `activityTypes`); they win. */
  activityTypes?: Readonly<Record<string, ActivityType>>;
}

/**
 * MAPPINGS §3: the default type keys, and the default types' labels as Pipedrive shows them in
 * each UI language (an export writes the label in the exporting user's language). German
 * verified (Anruf, Meeting, Aufgabe, Frist, E-Mail, Mittagessen); the others unverified.
 */
export const PIPEDRIVE_ACTIVITY_TYPES = table<ActivityType>({
  call: ['call', 'Anruf', 'Appel', 'Llamada', 'Chiamata', 'Telefoongesprek', 'Bellen', 'Ligação', 'Chamada'],
  meeting: [
    'meeting',
    'lunch',
    'Mittagessen',
    'Réunion',
    'Déjeuner',
    'Reunión',
    'Almuerzo',
    'Comida',
    'Riunione',
    'Pranzo',
    'Vergadering',
    'Lunch',
    'Reunião',
    'Almoço',
  ],
  task: [
    'task',
    'deadline',
    'Aufgabe',
    'Frist',
    'Tâche',
    'Échéance',
    'Date limite',
    'Tarea',
    'Fecha límite',
    'Plazo',
    'Compito',
    'Scadenza',
    'Taak',
    'Deadline',
    'Tarefa',
    'Prazo',
  ],
  email: ['email', 'E-Mail', 'E-mail', 'Courriel', 'Correo electrónico', 'Correo', 'Mail'],
});

/**
 * Canonical type of a Pipedrive activity type key or label: the user's `activityTypes` first,
 * then PIPEDRIVE_ACTIVITY_TYPES. A type neither knows (a custom type) is `other` and returned
 * as `unmapped`, for the import's `unmappedLabels` (setting `activityTypes`).
 */
export function pipedriveActivityTypeOf(
  typeKey: string,
  overrides?: Readonly<Record<string, ActivityType>>,
): Mapped<ActivityType> {
  const mapped = lookup(PIPEDRIVE_ACTIVITY_TYPES, typeKey, overrides);
  return mapped === undefined ? { value: 'other', unmapped: typeKey } : { value: mapped };
}

/** Canonical type of a Pipedrive activity type key or label (pipedriveActivityTypeOf's value). */
export function pipedriveActivityType(
  typeKey: string,
  overrides?: Readonly<Record<string, ActivityType>>,
): ActivityType {
  return pipedriveActivityTypeOf(typeKey, overrides).value;
}

/**
 * Maps one activity to one row per contact; one not done is loaded with `has_happened` false
 * at its due date (else its last change), so marking a done activity undone takes its
 * follow-up back. `noHappenedTime` when it has neither the time its type needs nor the
 * fallback. A due date without a time is used only when nothing better is known, and then
 * `dayOnly` says so (for the notes).
 */
export function mapPipedriveActivity(a: PipedriveActivityInput): ActivityOutcome & { dayOnly?: boolean } {
  const type = pipedriveActivityType(a.type, a.activityTypes);
  // Candidate times in order of preference, each with whether it is only a day.
  const due = a.dueAt === null ? null : { at: a.dueAt, dayOnly: !a.dueHasTime };
  const dueTime = due?.dayOnly === false ? due : null;
  const dueDay = due?.dayOnly === true ? due : null;
  const markedDone = a.markedDoneAt === null ? null : { at: a.markedDoneAt, dayOnly: a.dayOnly?.markedDoneAt ?? false };
  const updated = a.updatedAt == null ? null : { at: a.updatedAt, dayOnly: false };
  const timed = a.done
    ? ((type === 'meeting' ? (dueTime ?? markedDone) : (markedDone ?? dueTime)) ?? dueDay)
    : (due ?? updated);
  // Done, but no time at all: at a time not known (occurred_at_unknown), placed at its last
  // change (a placeholder the warehouse replaces by its export day); skipped without one.
  const noTime = timed === null && a.done && updated !== null;
  const chosen = timed ?? (noTime ? updated : null);
  if (chosen === null) return { ok: false, skipped: a.done ? 'noHappenedTime' : 'notHappened' };
  const records = fanOut(
    {
      activityId: a.id,
      type,
      occurredAt: chosen.at,
      occurredAtTimeUnknown: chosen.dayOnly,
      occurredAtUnknown: noTime,
      ownerId: a.ownerId,
      dealId: a.dealId,
      isAutomated: false,
      happened: a.done,
      updatedAt: a.updatedAt ?? null,
      deleted: a.deleted ?? false,
    },
    a.contacts,
  );
  return {
    ok: true,
    records,
    happened: a.done,
    dayOnly: a.done && chosen === dueDay,
    ...(noTime ? { timeUnknown: true } : {}),
  };
}
