import { describe, expect, it } from 'vitest';
import { fanOut } from '../../functions/sources/activities.js';
import {
  hubspotEngagementObjectOf,
  hubspotHappened,
  hubspotInbound,
  hubspotIsAutomated,
  mapHubSpotActivity,
} from '../../functions/sources/hubspot/activity-mapping.js';
import {
  mapPipedriveActivity,
  pipedriveActivityType,
  pipedriveActivityTypeOf,
} from '../../functions/sources/pipedrive/activity-mapping.js';
import { salesforceDisqualification, salesforceLeadStage } from '../../functions/sources/salesforce/mapping.js';
import {
  mapSalesforceActivity,
  salesforceActivityType,
  salesforceTaskHappened,
  type SalesforceActivityInput,
} from '../../functions/sources/salesforce/activity-mapping.js';

const facts = {
  activityId: 'calls-1',
  type: 'call' as const,
  occurredAt: '2026-11-16T10:00:00.000Z',
  ownerId: null,
  dealId: null,
  isAutomated: false,
  happened: true,
};

describe('fanOut (one row per contact, stable ids)', () => {
  it('keeps the bare id for one contact and suffixes the contact key for several', () => {
    expect(fanOut(facts, [{ id: '7', email: 'Ann@X.example' }]).map((r) => r.activity_id)).toEqual(['calls-1']);
    expect(fanOut(facts, []).map((r) => [r.activity_id, r.email])).toEqual([['calls-1', null]]);
    const two = fanOut(facts, [{ id: '7', email: 'Ann@X.example' }, { id: '8' }]);
    expect(two.map((r) => [r.activity_id, r.email])).toEqual([
      ['calls-1:ann@x.example', 'Ann@X.example'],
      ['calls-1:8', null],
    ]);
  });

  it('every row names the CRM record it came from, so a newer version replaces them all', () => {
    const two = fanOut({ ...facts, happened: false, deleted: true }, [
      { email: 'a@x.example' },
      { email: 'b@x.example' },
    ]);
    expect(two.map((r) => [r.record_id, r.has_happened, r.is_deleted])).toEqual([
      ['calls-1', false, true],
      ['calls-1', false, true],
    ]);
  });

  it('the same person listed twice is one row', () => {
    expect(fanOut(facts, [{ email: 'a@x.example' }, { email: 'A@x.example' }])).toHaveLength(1);
  });
});

describe('HubSpot rules', () => {
  it("activity type labels: translated defaults map, the user's activityTypes win, others are unmapped", () => {
    expect(hubspotEngagementObjectOf('Appel')).toEqual({ value: 'calls' });
    expect(hubspotEngagementObjectOf('Réunion')).toEqual({ value: 'meetings' });
    expect(hubspotEngagementObjectOf('E-Mail')).toEqual({ value: 'emails' });
    expect(hubspotEngagementObjectOf('Tâche')).toEqual({ value: 'tasks' });
    expect(hubspotEngagementObjectOf('WhatsApp')).toEqual({ value: 'other', unmapped: 'WhatsApp' });
    expect(hubspotEngagementObjectOf('whatsapp', { WhatsApp: 'call' })).toEqual({ value: 'calls' });
    expect(hubspotEngagementObjectOf('LinkedIn message', { 'LinkedIn message': 'other' })).toEqual({ value: 'other' });
    expect(hubspotEngagementObjectOf('Note')).toEqual({ value: 'notes' });
  });

  it('automation sources, export labels and API values alike', () => {
    for (const s of ['Sequences', 'SEQUENCES', 'Workflows', 'AUTOMATION_PLATFORM'])
      expect(hubspotIsAutomated(s)).toBe(true);
    for (const s of ['CRM UI', 'CRM_UI', 'Email integration', null]) expect(hubspotIsAutomated(s)).toBe(false);
  });

  it('what did not happen', () => {
    expect(hubspotHappened('meetings', 'NO_SHOW')).toBe(false);
    expect(hubspotHappened('meetings', 'Canceled')).toBe(false);
    expect(hubspotHappened('meetings', 'SCHEDULED')).toBe(true); // the default outcome of a held meeting too
    expect(hubspotHappened('emails', 'SCHEDULED')).toBe(false);
    expect(hubspotHappened('calls', 'NO_ANSWER')).toBe(true); // an attempt is a follow-up
    expect(hubspotHappened('tasks', 'NOT_STARTED')).toBe(false);
  });

  it('direction: a received or forwarded email, an inbound call is not the rep’s (type other, never a follow-up)', () => {
    for (const d of ['INCOMING_EMAIL', 'FORWARDED_EMAIL', 'Incoming', 'Forwarded email'])
      expect(hubspotInbound('emails', d)).toBe(true);
    for (const d of ['EMAIL', 'Outbound', null, '']) expect(hubspotInbound('emails', d)).toBe(false);
    expect(hubspotInbound('calls', 'INBOUND')).toBe(true);
    expect(hubspotInbound('calls', 'OUTBOUND')).toBe(false);
    const call = (direction: string) =>
      mapHubSpotActivity({
        object: 'calls',
        id: '9',
        timestamp: '2026-11-16T08:00:00.000Z',
        meetingStart: null,
        ownerId: null,
        source: null,
        status: 'COMPLETED',
        direction,
        contacts: [{ id: '501' }],
      });
    const inbound = call('INBOUND');
    expect(inbound.ok && inbound.records.map((r) => [r.activity_id, r.type, r.has_happened])).toEqual([
      ['calls-9', 'other', true],
    ]);
    const outbound = call('OUTBOUND');
    expect(outbound.ok && outbound.records[0]?.type).toBe('call');
  });

  it('a meeting at its start, not its timestamp', () => {
    const out = mapHubSpotActivity({
      object: 'meetings',
      id: '5',
      timestamp: '2026-11-16T08:00:00.000Z',
      meetingStart: '2026-11-17T14:00:00.000Z',
      ownerId: null,
      source: null,
      status: null,
      contacts: [],
    });
    expect(out.ok && out.records[0]?.occurred_at).toBe('2026-11-17T14:00:00.000Z');
  });
});

describe('Salesforce rules', () => {
  const task: SalesforceActivityInput = {
    id: '00T5g00001Qa1Aa',
    object: null,
    subtype: 'Call',
    type: null,
    status: 'Completed',
    isClosed: null,
    subject: null,
    completedAt: '2026-11-17T10:00:00.000Z',
    startAt: null,
    ownerId: null,
    email: null,
    whoId: '00Q5g00000XyZ9B',
    whatId: '0065g00000Op1Aa',
  };

  it('IsClosed wins over the status; a custom status counts only with a completion time', () => {
    expect(salesforceTaskHappened({ isClosed: false, status: 'Completed', completedAt: null }).happened).toBe(false);
    expect(salesforceTaskHappened({ isClosed: null, status: 'Not Started', completedAt: null }).happened).toBe(false);
    expect(salesforceTaskHappened({ isClosed: null, status: 'Sent', completedAt: '2026-11-17T10:00:00Z' })).toEqual({
      happened: true,
      unknownStatus: true,
    });
  });

  it('subtypes, API values and labels alike; mass-email subjects automated', () => {
    expect(salesforceActivityType('Task', { subtype: 'List Email', type: null, subject: null })).toEqual({
      type: 'email',
      automated: true,
    });
    expect(salesforceActivityType('Task', { subtype: null, type: 'Email', subject: 'Mass Email: News' })).toEqual({
      type: 'email',
      automated: true,
    });
    expect(salesforceActivityType('Event', { subtype: null, type: 'Call', subject: null }).type).toBe('meeting');
  });

  it('translated default labels map; an unknown subtype or type is `other` and returned as unmapped', () => {
    const t = (subtype: string | null, type: string | null, activityTypes?: Record<string, 'call' | 'email'>) =>
      salesforceActivityType('Task', { subtype, type, subject: null, activityTypes });
    expect(t('Appel', 'Appel')).toEqual({ type: 'call', automated: false });
    expect(t('Anruf', null)).toEqual({ type: 'call', automated: false });
    expect(t('Tâche', null).type).toBe('task');
    expect(t(null, 'Réunion').type).toBe('meeting');
    // A known Type still decides when the subtype is unknown; nothing is then unmapped.
    expect(t('Appel sortant', 'Call')).toEqual({ type: 'call', automated: false });
    expect(t(null, 'Call - Outbound')).toEqual({
      type: 'other',
      automated: false,
      unmapped: { subtype: null, type: 'Call - Outbound' },
    });
    expect(t('WhatsApp', 'WhatsApp').unmapped).toEqual({ subtype: 'WhatsApp', type: 'WhatsApp' });
    // The user's activityTypes win, on the subtype and on the type.
    expect(t(null, 'Call - Outbound', { 'call outbound': 'call' })).toEqual({ type: 'call', automated: false });
    expect(t('Task', 'Email', { task: 'call' }).type).toBe('call');
    // No subtype and no type: a task (not a label anyone could map).
    expect(t(null, null)).toEqual({ type: 'task', automated: false });
    expect(t(null, 'Other')).toEqual({ type: 'other', automated: false });
    expect(t(null, 'Autre')).toEqual({ type: 'other', automated: false });
  });

  it('a loaded task whose type nothing maps carries it as unmappedType', () => {
    const out = mapSalesforceActivity({ ...task, subtype: null, type: 'Email - Manual', isClosed: true });
    expect(out.ok && out.unmappedType).toEqual({ subtype: null, type: 'Email - Manual' });
    const mapped = mapSalesforceActivity({
      ...task,
      subtype: null,
      type: 'Email - Manual',
      isClosed: true,
      activityTypes: { 'Email - Manual': 'email' },
    });
    expect(mapped.ok && mapped.records[0]?.type).toBe('email');
    expect(mapped.ok && mapped.unmappedType).toBeUndefined();
  });

  it('18-character ids in every id column; a closed task without completion time is skipped', () => {
    const out = mapSalesforceActivity(task);
    expect(out.ok && out.records[0]).toMatchObject({
      activity_id: '00T5g00001Qa1AaEAJ',
      lead_id: '00Q5g00000XyZ9BEAV',
      deal_id: '0065g00000Op1AaAAJ',
      occurred_at: '2026-11-17T10:00:00.000Z',
    });
    expect(mapSalesforceActivity({ ...task, completedAt: null })).toMatchObject({
      ok: false,
      skipped: 'noHappenedTime',
    });
  });

  it('a task on a contact names the lead converted into it (15 characters extended) and the address', () => {
    const onContact = { ...task, whoId: '0035g00000Ct1Aa', email: 'anna@northwind.example' };
    const converted = mapSalesforceActivity({ ...onContact, convertedLeadId: '00Q5g00000XyZ9B' });
    expect(converted.ok && converted.records[0]).toMatchObject({
      lead_id: '00Q5g00000XyZ9BEAV',
      email: 'anna@northwind.example',
    });
    // A contact never converted from a lead: its address alone links it.
    const plain = mapSalesforceActivity(onContact);
    expect(plain.ok && plain.records[0]).toMatchObject({ lead_id: null, email: 'anna@northwind.example' });
    // Only a contact's converted lead counts: on a lead the Who itself is the lead.
    const onLead = mapSalesforceActivity({ ...task, convertedLeadId: '00Q5g00000Other' });
    expect(onLead.ok && onLead.records[0]).toMatchObject({ lead_id: '00Q5g00000XyZ9BEAV' });
  });
});

describe('Pipedrive rules', () => {
  const base = {
    id: '1',
    done: true,
    dueAt: '2026-11-17T13:00:00.000Z',
    dueHasTime: true,
    markedDoneAt: '2026-11-17T15:00:00.000Z',
    ownerId: null,
    dealId: null,
    contacts: [],
  };
  it('types in the UI languages map; the setting wins; an unknown type is other and unmapped', () => {
    const de = ['Anruf', 'Meeting', 'Aufgabe', 'Frist', 'E-Mail', 'Mittagessen'].map((t) => pipedriveActivityTypeOf(t));
    expect(de).toEqual(['call', 'meeting', 'task', 'task', 'email', 'meeting'].map((value) => ({ value })));
    expect(pipedriveActivityTypeOf('Telefonat')).toEqual({ value: 'other', unmapped: 'Telefonat' });
    expect(pipedriveActivityTypeOf('telefonat', { Telefonat: 'call' })).toEqual({ value: 'call' });
    // Said to be no follow-up in the config: `other`, and not unmapped.
    expect(pipedriveActivityTypeOf('LinkedIn message', { 'linkedin message': 'other' })).toEqual({ value: 'other' });
  });

  it('Salesforce lead statuses of the newer default picklist in French', () => {
    const stage = (status: string) => salesforceLeadStage({ status, isConverted: null, convertedOpportunityId: null });
    expect(['Nouveau', 'En cours', 'Qualifié', 'Non qualifié'].map(stage)).toEqual(
      ['lead', 'lead', 'sql', 'other'].map((value) => ({ value })),
    );
    expect(salesforceDisqualification('Non qualifié', null).is_disqualified).toBe(true);
    expect(salesforceDisqualification('Qualifié', null).is_disqualified).toBe(false);
  });

  it('types (MAPPINGS §3), the meeting at its start, others when marked done, planned ones loaded as not happened', () => {
    expect(['deadline', 'Lunch', 'LinkedIn message'].map((t) => pipedriveActivityType(t))).toEqual([
      'task',
      'meeting',
      'other',
    ]);
    const at = (type: string) => {
      const out = mapPipedriveActivity({ ...base, type });
      return out.ok ? out.records[0]?.occurred_at : null;
    };
    expect(at('meeting')).toBe('2026-11-17T13:00:00.000Z');
    expect(at('call')).toBe('2026-11-17T15:00:00.000Z');
    const planned = mapPipedriveActivity({ ...base, type: 'call', done: false });
    expect(planned.ok && planned.records[0]).toMatchObject({ has_happened: false, occurred_at: base.dueAt });
    const undated = { ...base, type: 'call', done: false, dueAt: null };
    expect(mapPipedriveActivity(undated)).toEqual({ ok: false, skipped: 'notHappened' });
  });
});
