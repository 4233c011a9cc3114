/**
 * HubSpot activities export (CRM → Activities → Export): calls, emails, meetings, tasks and
 * notes in one file, labels or internal names. The rules are the connector's
 * (functions/sources/hubspot/activity-mapping.ts); this file only reads the cells.
 */
import type { ActivityContact } from '../../activities.js';
import {
  hubspotDirectionOfLabel,
  hubspotEngagementObjectOf,
  hubspotKnownDirection,
  mapHubSpotActivity,
  type HubSpotEngagementObject,
} from '../../hubspot/activity-mapping.js';
import { names } from '../headers.js';
import { checkIdCell } from '../ids.js';
import { resolveColumns, type VendorRow } from '../kit.js';
import { defineRowFormat } from '../row-format.js';
import { extractEmails } from '../values.js';
import { HUBSPOT_ASSOCIATED_CONTACT_IDS } from './hubspot.js';

const recordId = ['record id', 'activity id', 'engagement id', 'hs_object_id'];
const activityType = ['activity type', 'engagement type', 'hs_engagement_type'];
const activityDate = ['activity date', 'hs_timestamp'];

/** A HubSpot id is digits; `8.7412E+10` is one a spreadsheet rounded (never load it as an id). */
function hubspotId(value: string, field: string): string {
  return checkIdCell(value, field, 'numeric');
}

export const hubspotActivitiesCsv = defineRowFormat({
  name: 'hubspot-activities-csv',
  table: 'activities',
  defaultSource: 'hubspot',
  description: 'HubSpot activities export (calls, emails, meetings, tasks; one row per contact of each)',
  required: [
    { label: 'Record ID', aliases: recordId, recordId: true },
    { label: 'Activity type', aliases: activityType },
    // The time it happened; Create Date (when it was logged) is never a substitute.
    { label: 'Activity date', aliases: activityDate },
  ],
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, {
      id: recordId,
      type: activityType,
      date: activityDate,
      meetingStart: ['meeting start time', 'hs_meeting_start_time'],
      owner: ['activity assigned to', 'assigned to', 'activity owner', 'hubspot owner', 'hubspot_owner_id'],
      source: ['record source', 'activity source', 'hs_engagement_source', 'hs_object_source'],
      contacts: ['associated contact', 'associated contacts'],
      contactIds: names(HUBSPOT_ASSOCIATED_CONTACT_IDS),
      contactEmail: ['contact email', 'associated contact email'],
    });
    const statusCols: Partial<Record<HubSpotEngagementObject, number | undefined>> = {
      meetings: columns.find(['meeting outcome', 'hs_meeting_outcome']),
      emails: columns.find(['email send status', 'email status', 'hs_email_status']),
      calls: columns.find(['call status', 'hs_call_status']),
      tasks: columns.find(['task status', 'hs_task_status']),
    };
    // Who sent or made it: an incoming or forwarded email, an inbound call is not the rep's.
    const directionCols: Partial<Record<HubSpotEngagementObject, number | undefined>> = {
      emails: columns.find(['email direction', 'hs_email_direction']),
      calls: columns.find(['call direction', 'hs_call_direction']),
    };
    if (col.contacts === undefined && col.contactEmail === undefined) notes.set('noContactColumn', true);
    notes.set('notHappened', 0);
    notes.set('noHappenedTime', 0);

    const contactsOf = (r: VendorRow): ActivityContact[] => {
      const named = (r.text(col.contacts) ?? '').split(';').map((s) => s.trim());
      const ids = (r.text(col.contactIds) ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((id) => hubspotId(id, r.field(col.contactIds)));
      const parts = named.filter(Boolean);
      // Ids pair with names only when the two lists are alike; else the addresses stand alone.
      const aligned = ids.length === parts.length;
      // A contact's id is its lead_id (contacts load as leads), as in the API connector.
      const out: ActivityContact[] = parts.map((part, i) => {
        const id = aligned ? (ids[i] ?? null) : null;
        return { email: extractEmails(part)[0] ?? null, id, leadId: id };
      });
      if (!aligned && parts.length === 0) out.push(...ids.map((id) => ({ id, leadId: id })));
      for (const email of extractEmails(r.text(col.contactEmail) ?? undefined)) out.push({ email });
      return out;
    };

    return (r) => {
      const label = r.required(col.type, 'the activity type');
      // A type nothing maps loads as `other`: listed, its weeks' follow-ups are not measured.
      const mapped = hubspotEngagementObjectOf(label, options.activityTypes);
      const object = mapped.value;
      const directionCol = directionCols[object];
      const direction = r.text(directionCol) ?? hubspotDirectionOfLabel(label);
      // An unknown direction is counted as the rep's (HubSpot's default) and reported.
      if (directionCol !== undefined && direction !== null && !hubspotKnownDirection(object, direction))
        notes.unmapped(r.field(directionCol), direction);
      const timestamp = r.instant(col.date);
      const meetingStart = r.instant(col.meetingStart);
      const outcome = mapHubSpotActivity({
        object,
        id: hubspotId(r.required(col.id, 'the record id'), r.field(col.id)),
        timestamp: timestamp?.at ?? null,
        meetingStart: meetingStart?.at ?? null,
        dayOnly: { timestamp: timestamp?.timeUnknown, meetingStart: meetingStart?.timeUnknown },
        ownerId: r.text(col.owner),
        source: r.text(col.source),
        status: r.text(statusCols[object]),
        direction,
        contacts: contactsOf(r),
        activityStatuses: options.activityStatuses,
      });
      // A status or outcome nothing maps loads as not happened: listed, its weeks' follow-ups are not measured.
      if (outcome.unmappedStatus !== undefined)
        notes.unmapped(r.field(statusCols[object]), outcome.unmappedStatus, 'activityStatuses');
      if (!outcome.ok) {
        notes.increment(outcome.skipped);
        return null;
      }
      if (!outcome.happened) notes.increment('notHappened');
      if (outcome.timeUnknown === true) notes.increment('happenedTimeUnknown');
      if (mapped.unmapped !== undefined) notes.unmapped(r.field(col.type), mapped.unmapped, 'activityTypes');
      return outcome.records.map((rec) => ({ ...rec, source }));
    };
  },
});
