/**
 * Pipedrive activities export (Activities → … → Export): `Activity - …` columns with the
 * contact person's `Person - Email - Work/Home/…` beside them. The rules are the connector's
 * (functions/sources/pipedrive/activity-mapping.ts).
 */
import type { ActivityContact } from '../../activities.js';
import { mapPipedriveActivity, pipedriveActivityTypeOf } from '../../pipedrive/activity-mapping.js';
import { FieldError } from '../errors.js';
import { lookup, type ActivityStatusMeaning } from '../../labels.js';
import { names } from '../headers.js';
import { resolveColumns, type VendorRow } from '../kit.js';
import { defineRowFormat } from '../row-format.js';
import { extractEmails, parseTimestamp } from '../values.js';
import { PIPEDRIVE_PERSON_ID } from './pipedrive.js';

/** `Activity - Type` or `Type`. */
const activity = (...names: string[]) => names.flatMap((n) => [`activity - ${n}`, n]);
const PERSON_EMAIL = /^person - email( - .+| \(.+\))?$/;

const DONE = new Set(['done', 'true', 'yes', '1', 'erledigt', 'fait', 'hecho']);
const NOT_DONE = new Set(['to do', 'todo', 'false', 'no', '0', 'zu erledigen', 'offen', 'à faire', 'pendiente']);

export const pipedriveActivitiesCsv = defineRowFormat({
  name: 'pipedrive-activities-csv',
  table: 'activities',
  defaultSource: 'pipedrive',
  description: 'Pipedrive activities export ("Activity - …" columns, with the contact person\'s emails)',
  required: [
    { label: 'Activity - ID', aliases: activity('id'), recordId: true },
    { label: 'Activity - Type', aliases: activity('type') },
    { label: 'Activity - Done', aliases: activity('done') },
  ],
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, {
      id: activity('id'),
      type: activity('type'),
      done: activity('done'),
      dueDate: activity('due date'),
      dueTime: activity('due time'),
      markedDone: activity('marked as done time'),
      owner: activity('assigned to user', 'owner', 'user'),
      dealId: ['deal - id', 'activity - deal id'],
      personId: [...names(PIPEDRIVE_PERSON_ID), 'activity - person id'],
      contactEmail: ['activity - contact person email'],
    });
    // Every address of the person (Work, Home, Other…): a lead may be known by any of them.
    const emailCols = columns.normalized.flatMap((n, i) => (PERSON_EMAIL.test(n) ? [i] : []));
    if (col.contactEmail !== undefined) emailCols.push(col.contactEmail);
    notes.set('notHappened', 0);
    notes.set('noHappenedTime', 0);

    // A done flag neither table nor the user's `activityStatuses` knows: not done (never a
    // follow-up), listed, and the follow-ups it could change are not measured.
    const done = (r: VendorRow): boolean => {
      const text = r.required(col.done, 'the done flag');
      const user = lookup(new Map<string, ActivityStatusMeaning>(), text, options.activityStatuses);
      if (user !== undefined) return user === 'happened';
      const l = text.toLowerCase();
      if (DONE.has(l)) return true;
      if (NOT_DONE.has(l)) return false;
      notes.unmapped(r.field(col.done), text, 'activityStatuses');
      return false;
    };
    const due = (r: VendorRow): { at: string | null; hasTime: boolean } => {
      const day = r.text(col.dueDate);
      if (day === null) return { at: null, hasTime: false };
      const time = r.text(col.dueTime);
      const field = time === null ? r.field(col.dueDate) : `${r.field(col.dueDate)} + ${r.field(col.dueTime)}`;
      return {
        at: parseTimestamp(
          time === null ? day : `${day} ${time}`,
          field,
          r.ctx.timezone,
          null,
          null,
          r.ctx.dayTimezone,
        ),
        hasTime: time !== null,
      };
    };

    return (r) => {
      const id = r.requiredId(col.id, 'the activity id', 'numeric');
      if (!/^\d+$/.test(id)) throw new FieldError(r.field(col.id), `"${id}" is not a Pipedrive activity id`);
      const type = r.required(col.type, 'the activity type');
      const personId = r.text(col.personId);
      const emails = [...new Set(emailCols.flatMap((c) => extractEmails(r.text(c) ?? undefined)))];
      const contacts: ActivityContact[] = emails.map((email) => ({ id: personId, email, leadId: personId }));
      if (contacts.length === 0 && personId !== null) contacts.push({ id: personId, leadId: personId });
      const dueAt = due(r);
      const markedDone = r.instant(col.markedDone);
      const outcome = mapPipedriveActivity({
        id,
        type,
        done: done(r),
        dueAt: dueAt.at,
        dueHasTime: dueAt.hasTime,
        markedDoneAt: markedDone?.at ?? null,
        dayOnly: { markedDoneAt: markedDone?.timeUnknown },
        ownerId: r.text(col.owner),
        dealId: r.text(col.dealId),
        contacts,
        activityTypes: options.activityTypes,
      });
      if (!outcome.ok) {
        notes.increment(outcome.skipped);
        return null;
      }
      if (!outcome.happened) notes.increment('notHappened');
      if (outcome.timeUnknown === true) notes.increment('happenedTimeUnknown');
      if (outcome.dayOnly) notes.increment('dueDayWithoutTime');
      // A custom type nothing maps loads as `other`: listed, its weeks' follow-ups are not measured.
      const mapped = pipedriveActivityTypeOf(type, options.activityTypes);
      if (mapped.unmapped !== undefined) notes.unmapped(r.field(col.type), mapped.unmapped, 'activityTypes');
      return outcome.records.map((rec) => ({ ...rec, source }));
    };
  },
});
