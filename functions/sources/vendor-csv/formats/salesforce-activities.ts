/**
 * Salesforce activities: a "Tasks and Events" report exported as CSV (labels, 15-character
 * ids, US dates) or a Data Loader export of Task or Event (API names, 18-character ids). The
 * rules are the connector's (functions/sources/salesforce/activity-mapping.ts).
 */
import { mapSalesforceActivity, salesforceActivityObject } from '../../salesforce/activity-mapping.js';
import type { SalesforceObject } from '../../salesforce/ids.js';
import { FieldError } from '../errors.js';
import { names } from '../headers.js';
import { resolveColumns, type VendorRow } from '../kit.js';
import { defineRowFormat } from '../row-format.js';
import { SALESFORCE_CONTACT_ID, salesforceOwnerCell } from './salesforce.js';

const activityId = ['activity id', 'id', 'task id', 'event id'];
const completed = ['completed date/time', 'completeddatetime'];
const start = ['start', 'startdatetime', 'start date/time', 'start date time', 'activitydatetime'];

export const salesforceActivitiesCsv = defineRowFormat({
  name: 'salesforce-activities-csv',
  table: 'activities',
  defaultSource: 'salesforce',
  description:
    'Salesforce tasks and events (a Tasks and Events report exported as CSV, or a Data Loader export of Task / Event)',
  required: [
    { label: 'Activity ID', aliases: activityId, recordId: true },
    // Without either time column nothing in the file says when an activity happened: the
    // due "Date" and the "Created Date" (logged, scheduled or booked) never stand in for it.
    { label: 'Completed Date/Time (tasks) or Start (events)', aliases: [...completed, ...start] },
  ],
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, {
      id: activityId,
      subject: ['subject'],
      type: ['activity type', 'type'],
      subtype: ['task subtype', 'tasksubtype', 'event subtype', 'eventsubtype', 'subtype'],
      status: ['status', 'task status'],
      isClosed: ['isclosed', 'closed'],
      completed,
      start,
      owner: ['assigned', 'assigned to', 'owner.name', 'owner', 'ownerid'],
      email: ['email', 'contact email', 'lead email'],
      leadId: ['lead id'],
      contactId: names(SALESFORCE_CONTACT_ID),
      whoId: ['whoid', 'name id'],
      whatId: ['whatid', 'opportunity id'],
      // An event's "Due Date Only" (ActivityDate) is an all-day event's day.
      // A Tasks and Events report calls the task's due day (ActivityDate) "Date".
      due: ['due date', 'due date only', 'activitydate', 'activity date', 'date'],
      created: ['created date', 'createddate'],
      allDay: ['isalldayevent', 'all-day event', 'all day event', 'all day'],
      modified: ['last modified date', 'lastmodifieddate', 'systemmodstamp'],
    });
    notes.set('notHappened', 0);
    notes.set('noHappenedTime', 0);
    // A Tasks report exported with its default columns has neither Type nor Task Subtype: every
    // task then loads as `task`, which is never a follow-up (its Subject, "Call" or "Email: …",
    // is free text and never read as a type). Counted so the import says so, not only the report.
    const untyped = col.type === undefined && col.subtype === undefined;
    if (untyped) notes.set('untypedTasks', 0);
    // Every id in its 18-character form (ids.ts); the object is certain for the activity, lead
    // and contact columns, not for WhoId / WhatId (a lead or a contact; many objects).
    const id = (r: VendorRow, c: number | undefined, objects?: readonly SalesforceObject[]): string | null =>
      r.id(c, 'salesforce', objects);
    return (r) => {
      const activity = id(r, col.id, ['Task', 'Event']);
      if (activity === null) throw new FieldError(r.field(col.id), 'the activity id is empty');
      // A report names the Who in "Lead ID" or "Contact ID", Data Loader in WhoId: a contact is
      // kept (contact_id) for the lead converted into it, as the API connector keeps it.
      // Every id column is read (and so validated) even when an earlier one names the Who.
      const [lead, contact, whoId] = [id(r, col.leadId, ['Lead']), id(r, col.contactId, ['Contact']), id(r, col.whoId)];
      const who = lead ?? contact ?? whoId;
      const completed = r.instant(col.completed);
      const start = r.instant(col.start);
      const outcome = mapSalesforceActivity({
        id: activity,
        object: null,
        subtype: r.text(col.subtype),
        type: r.text(col.type),
        status: r.text(col.status),
        isClosed: r.boolean(col.isClosed),
        subject: r.text(col.subject),
        completedAt: completed?.at ?? null,
        startAt: start?.at ?? null,
        dayOnly: { completedAt: completed?.timeUnknown, startAt: start?.timeUnknown },
        ownerId: salesforceOwnerCell(r, col.owner),
        email: r.text(col.email),
        whoId: who,
        whatId: id(r, col.whatId),
        dueAt: r.timestamp(col.due),
        isAllDay: r.boolean(col.allDay),
        dayZone: r.ctx.timezone,
        reportZone: r.ctx.dayTimezone,
        updatedAt: r.timestamp(col.modified),
        loggedAt: r.timestamp(col.created),
        activityTypes: options.activityTypes,
        activityStatuses: options.activityStatuses,
      });
      // A status nothing maps: with a completion time the task was closed (Salesforce sets it
      // only then), so it is listed only; without one it loads as not happened and holds the
      // follow-ups it could change (setting activityStatuses).
      if (outcome.unknownStatus)
        notes.unmapped(
          r.field(col.status),
          r.text(col.status) ?? '',
          outcome.ok && outcome.happened ? null : 'activityStatuses',
        );
      if (!outcome.ok) {
        notes.increment(outcome.skipped);
        return null;
      }
      if (!outcome.happened) notes.increment('notHappened');
      // Closed without a completion time: followed up at a time not known (occurred_at_unknown).
      if (outcome.timeUnknown === true) notes.increment('happenedTimeUnknown');
      // A subtype and type nothing maps load as `other`: listed, its weeks' follow-ups are not measured.
      const unmapped = outcome.unmappedType;
      if (unmapped?.subtype != null) notes.unmapped(r.field(col.subtype), unmapped.subtype, 'activityTypes');
      if (unmapped?.type != null) notes.unmapped(r.field(col.type), unmapped.type, 'activityTypes');
      if (
        untyped &&
        salesforceActivityObject({
          object: null,
          id: activity,
          startAt: start?.at ?? null,
          completedAt: completed?.at ?? null,
        }) === 'Task'
      )
        notes.increment('untypedTasks');
      return outcome.records.map((rec) => ({ ...rec, source }));
    };
  },
});
