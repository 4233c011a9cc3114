/**
 * A creation or an activity given only as a calendar day (no time of day): every vendor format
 * loads it at the day's start in the report's zone (the config's `timezone`, whatever zone the
 * file's times are read in) and flags it (`created_at_time_unknown`,
 * `occurred_at_time_unknown`), so no SLA hours are measured from an invented midnight and a
 * Monday stays in its week.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapHubSpotActivity } from '../../../functions/sources/hubspot/activity-mapping.js';
import { mapPipedriveActivity } from '../../../functions/sources/pipedrive/activity-mapping.js';
import { allDayStart, mapSalesforceActivity } from '../../../functions/sources/salesforce/activity-mapping.js';
import { parseInstant } from '../../../functions/sources/vendor-csv/values.js';
import { cellText } from '../../../functions/sources/vendor-csv/xlsx.js';
import { importBytes, utf8 } from './helpers.js';

const FIELD_CASES = fileURLToPath(new URL('../../fixtures/field-cases/', import.meta.url));

describe('parseInstant: a bare day is its start, with the time unknown', () => {
  it.each([
    ['2026-11-16', 'Europe/Berlin', null, '2026-11-15T23:00:00.000Z', true],
    ['16/11/2026', 'Europe/Berlin', 'DMY', '2026-11-15T23:00:00.000Z', true],
    ['11/16/2026', 'America/New_York', 'MDY', '2026-11-16T05:00:00.000Z', true],
    ['16. Nov. 2026', 'UTC', null, '2026-11-16T00:00:00.000Z', true],
    ['2026-11-16 00:00', 'UTC', null, '2026-11-16T00:00:00.000Z', false], // midnight written out is a time
    ['16/11/2026 09:30', 'UTC', 'DMY', '2026-11-16T09:30:00.000Z', false],
    ['2026-11-16T09:30:00Z', 'Europe/Berlin', null, '2026-11-16T09:30:00.000Z', false],
  ] as const)('%s in %s → %s, time unknown %s', (text, zone, order, at, timeUnknown) => {
    expect(parseInstant(text, 'Create Date', zone, order)).toEqual({ at, timeUnknown });
  });

  it('an empty cell is no instant', () => {
    expect(parseInstant(' -- ', 'Create Date', 'UTC')).toBeNull();
  });
});

describe('lead and deal formats flag a creation given only as a day', () => {
  it('F1: a Salesforce report with "Create Date" as a day loads every lead flagged', async () => {
    const bytes = readFileSync(`${FIELD_CASES}F1/leads-report-en_GB.csv`);
    const { rows, rejects } = await importBytes('salesforce-leads-csv', bytes, 'leads.csv', 'Europe/London');
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.created_at, r.created_at_time_unknown])).toEqual([
      ['2026-11-03T00:00:00.000Z', true],
      ['2026-11-09T00:00:00.000Z', true],
      ['2026-11-14T00:00:00.000Z', true],
      ['2026-11-12T00:00:00.000Z', true],
    ]);
  });

  it('one file, a day on one row and a time on the other: each row says what it knows', async () => {
    const csv = [
      'Record ID,Email,Create Date,Lifecycle Stage',
      '101,a@x.example,2026-11-16,Lead',
      '102,b@x.example,2026-11-16 10:15,Lead',
    ].join('\n');
    const { rows } = await importBytes('hubspot-contacts-csv', utf8(csv), 'contacts.csv', 'Europe/Berlin', {
      timezone: 'Europe/Berlin',
    });
    expect(rows.map((r) => [r.created_at, r.created_at_time_unknown])).toEqual([
      ['2026-11-15T23:00:00.000Z', true],
      ['2026-11-16T09:15:00.000Z', false],
    ]);
  });

  it('a Pipedrive deal created on a day and a HubSpot deal with its time', async () => {
    const pipedrive =
      'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Deal created\n7,Pilot,100,EUR,Open,16.11.2026\n';
    const p = await importBytes('pipedrive-deals-csv', utf8(pipedrive), 'deals.csv', 'Europe/Berlin', {
      timezone: 'Europe/Berlin',
    });
    expect(p.rejects).toEqual([]);
    expect(p.rows.map((r) => [r.created_at, r.created_at_time_unknown])).toEqual([['2026-11-15T23:00:00.000Z', true]]);
    const hubspot =
      'Record ID,Deal Name,Amount,Currency,Deal Stage,Create Date\n9,Pilot,100,EUR,Appointment Scheduled,2026-11-16 08:00\n';
    const h = await importBytes('hubspot-deals-csv', utf8(hubspot), 'deals.csv', 'UTC');
    expect(h.rows.map((r) => r.created_at_time_unknown)).toEqual([false]);
  });
});

describe('a day belongs to the report calendar, whatever zone the times of the file are read in', () => {
  // A Salesforce report run in Berlin (`--timezone Europe/Berlin`, as vendor-imports asks)
  // into a New York report: read at Berlin's midnight, Monday 16 Nov started on Sunday 18:00
  // in New York, and the leads, opportunities and the won deal fell into the week before.
  const nyReport = { timezone: 'America/New_York' };

  it('Salesforce leads and opportunities dated Monday stay on Monday in the report zone', async () => {
    const leads = [
      '"Lead Owner","First Name","Last Name","Company / Account","Lead Source","Lead Status","Create Date","Email","Lead ID"',
      '"Jonas Weber","Tom","Baker","Northwind GmbH","Web","Open - Not Contacted","16/11/2026","tom.baker@northwind.example","00Q5g00000AbCdE"',
    ].join('\n');
    const l = await importBytes('salesforce-leads-csv', utf8(leads), 'leads.csv', 'Europe/Berlin', nyReport);
    expect(l.rows.map((r) => [r.created_at, r.created_at_time_unknown])).toEqual([['2026-11-16T05:00:00.000Z', true]]);
    const opps = [
      '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date","Opportunity ID"',
      '"Jonas Weber","Northwind GmbH","Northwind - Platform","Closed Won","EUR","12000.00","11/16/2026","11/16/2026","0065g00000XyZab"',
    ].join('\n');
    const o = await importBytes('salesforce-opportunities-csv', utf8(opps), 'opps.csv', 'Europe/Berlin', {
      ...nyReport,
      fxRates: { EUR: 1.08 },
    });
    expect(o.rejects).toEqual([]);
    expect(o.rows.map((r) => [r.created_at, r.closed_at])).toEqual([
      ['2026-11-16T05:00:00.000Z', '2026-11-16T05:00:00.000Z'],
    ]);
  });

  it('a time written out is still read in the import zone', async () => {
    const csv = 'Record ID,Email,Create Date,Lifecycle Stage\n102,b@x.example,2026-11-16 10:15,Lead\n';
    const { rows } = await importBytes('hubspot-contacts-csv', utf8(csv), 'contacts.csv', 'Europe/Berlin', nyReport);
    expect(rows.map((r) => r.created_at)).toEqual(['2026-11-16T09:15:00.000Z']);
  });

  it('a Pipedrive activity with only its due day', async () => {
    const csv = [
      'Activity - ID,Activity - Type,Activity - Done,Activity - Due date,Activity - Due time,Person - Email',
      '1,Call,Done,2026-11-16,,ann@x.example',
    ].join('\n');
    const { rows, rejects } = await importBytes(
      'pipedrive-activities-csv',
      utf8(csv),
      'a.csv',
      'Europe/Berlin',
      nyReport,
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.occurred_at, r.occurred_at_time_unknown])).toEqual([['2026-11-16T05:00:00.000Z', true]]);
  });
});

describe('activity formats flag an activity given only as a day', () => {
  it('HubSpot: an "Activity date" without a time', async () => {
    const csv = [
      'Record ID,Activity type,Activity date,Associated Contact',
      '1,Call,2026-11-17,Ann (ann@x.example)',
      '2,Call,2026-11-17 09:05,Ann (ann@x.example)',
    ].join('\n');
    const { rows } = await importBytes('hubspot-activities-csv', utf8(csv), 'activities.csv', 'UTC');
    expect(rows.map((r) => [r.activity_id, r.occurred_at_time_unknown])).toEqual([
      ['calls-1', true],
      ['calls-2', false],
    ]);
  });

  it('Pipedrive: done with only its due day, or marked done on a day, is flagged; a marked-done time is not', async () => {
    const csv = [
      'Activity - ID,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Marked as done time,Person - Email - Work',
      '1,Call,2026-11-17,,Done,,ann@x.example',
      '2,Call,2026-11-17,,Done,2026-11-18,ann@x.example',
      '3,Call,2026-11-17,,Done,2026-11-18 10:00:00,ann@x.example',
      '4,Call,2026-11-17,09:00,Done,,ann@x.example',
    ].join('\n');
    const { rows } = await importBytes('pipedrive-activities-csv', utf8(csv), 'activities.csv', 'UTC');
    expect(rows.map((r) => [r.activity_id, r.occurred_at, r.occurred_at_time_unknown])).toEqual([
      ['1', '2026-11-17T00:00:00.000Z', true],
      ['2', '2026-11-18T00:00:00.000Z', true],
      ['3', '2026-11-18T10:00:00.000Z', false],
      ['4', '2026-11-17T09:00:00.000Z', false],
    ]);
  });

  it('the shared mappings: the time chosen decides the flag (API times always have theirs)', () => {
    const contacts = [{ email: 'ann@x.example' }];
    const hub = mapHubSpotActivity({
      object: 'meetings',
      id: '5',
      timestamp: '2026-11-17T00:00:00.000Z',
      meetingStart: '2026-11-17T10:00:00.000Z',
      dayOnly: { timestamp: true },
      ownerId: null,
      source: null,
      status: null,
      contacts,
    });
    expect(hub.ok && hub.records[0]!.occurred_at_time_unknown).toBe(false); // the meeting's start has its time
    const sf = (happened: boolean) =>
      mapSalesforceActivity({
        id: '00T000000000001',
        object: 'Task',
        subtype: null,
        type: 'Call',
        status: happened ? 'Completed' : 'Not Started',
        isClosed: happened,
        subject: null,
        completedAt: happened ? '2026-11-17T09:00:00.000Z' : null,
        startAt: null,
        ownerId: null,
        email: 'ann@x.example',
        whoId: null,
        whatId: null,
        dueAt: '2026-11-17T00:00:00.000Z',
      });
    const done = sf(true);
    const open = sf(false);
    expect(done.ok && done.records[0]!.occurred_at_time_unknown).toBe(false);
    expect(open.ok && open.records[0]!.occurred_at_time_unknown).toBe(true); // placed at its due day
    const pd = mapPipedriveActivity({
      id: '9',
      type: 'call',
      done: true,
      dueAt: '2026-11-17T00:00:00.000Z',
      dueHasTime: false,
      markedDoneAt: null,
      ownerId: null,
      dealId: null,
      contacts,
    });
    expect(pd.ok && pd.records[0]!.occurred_at_time_unknown).toBe(true);
  });
});

describe('Salesforce all-day events (IsAllDayEvent) are known only to the day, in every export', () => {
  it('a Tasks and Events report: the "Due Date Only" day, else the day of the start, in the import zone', async () => {
    // Report zone = import zone here; the test below has them apart.
    const csv = [
      'Activity ID,Subject,Start,All-Day Event,Due Date Only,Lead ID',
      // The report writes an all-day event's start as a wall time: its day in Berlin.
      '00U000000000001,Kick-off,2026-11-17 00:00,1,2026-11-17,00Q000000000001',
      '00U000000000002,Workshop,2026-11-17 00:00,1,,00Q000000000001',
      // Data Loader's form of the same: 00:00 UTC of the day (Salesforce's storage).
      '00U000000000003,Visit,2026-11-17T00:00:00.000Z,true,,00Q000000000001',
      // A timed event, and one whose start was given only as a day (flagged without the column).
      '00U000000000004,Demo,2026-11-17 10:00,0,2026-11-17,00Q000000000001',
      '00U000000000005,Lunch,2026-11-17,,,00Q000000000001',
    ].join('\n');
    const { rows, rejects } = await importBytes(
      'salesforce-activities-csv',
      utf8(csv),
      'activities.csv',
      'Europe/Berlin',
      { timezone: 'Europe/Berlin' },
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [String(r.activity_id).slice(0, 5), r.occurred_at, r.occurred_at_time_unknown])).toEqual([
      ['00U00', '2026-11-16T23:00:00.000Z', true], // was 2026-11-16T23:00Z with a time ("00:00")
      ['00U00', '2026-11-16T23:00:00.000Z', true],
      ['00U00', '2026-11-16T23:00:00.000Z', true], // was 2026-11-17T00:00Z with a time
      ['00U00', '2026-11-17T09:00:00.000Z', false],
      ['00U00', '2026-11-16T23:00:00.000Z', true],
    ]);
  });

  it('imported in Berlin for a New York report: each day starts in New York, the timed event stays Berlin time', async () => {
    const csv = [
      'Activity ID,Subject,Start,All-Day Event,Due Date Only,Lead ID',
      '00U000000000001,Kick-off,2026-11-16 00:00,1,2026-11-16,00Q000000000001',
      '00U000000000002,Workshop,2026-11-16 00:00,1,,00Q000000000001',
      '00U000000000004,Demo,2026-11-16 10:00,0,2026-11-16,00Q000000000001',
    ].join('\n');
    const { rows } = await importBytes('salesforce-activities-csv', utf8(csv), 'activities.csv', 'Europe/Berlin', {
      timezone: 'America/New_York',
    });
    expect(rows.map((r) => [r.occurred_at, r.occurred_at_time_unknown])).toEqual([
      ['2026-11-16T05:00:00.000Z', true], // Monday 00:00 New York, not Sunday 18:00 there
      ['2026-11-16T05:00:00.000Z', true],
      ['2026-11-16T09:00:00.000Z', false],
    ]);
  });

  it('allDayStart: 00:00 UTC is that UTC date, any other start its day in the zone', () => {
    expect(allDayStart('2026-11-17T00:00:00.000Z', 'America/New_York')).toBe('2026-11-17T05:00:00.000Z');
    expect(allDayStart('2026-11-17T00:00:00.000Z', 'Pacific/Auckland')).toBe('2026-11-16T11:00:00.000Z');
    expect(allDayStart('2026-11-16T23:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-16T23:00:00.000Z');
    expect(allDayStart('2026-11-17T04:00:00.000Z', 'America/New_York')).toBe('2026-11-16T05:00:00.000Z');
    expect(allDayStart(null, 'UTC')).toBeNull();
  });
});

describe('a workbook date cell without a time', () => {
  it('is written as the bare day, not as a midnight time', () => {
    expect(cellText(new Date(Date.UTC(2026, 10, 16)))).toBe('2026-11-16');
    expect(cellText(new Date(Date.UTC(2026, 10, 16, 0, 0, 1)))).toBe('2026-11-16 00:00:01');
  });
});
