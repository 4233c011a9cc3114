/**
 * Creations and activities known only to the day (`created_at_time_unknown`,
 * `occurred_at_time_unknown`): no SLA hours from an invented midnight, and deal matching by day.
 * Week 2026-W47 in UTC (16–23 Nov), SLA 24 h.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { activity, deal, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const dayOnly = { created_at_time_unknown: true };

describe('SLA figures judge persons known only to the day by the bounds of their day', () => {
  it('gives the verdicts no hour of the day can change, never hours from an invented midnight', async () => {
    wh = await warehouseFrom({
      leads: [
        // Created "16 Nov", called 10:00: within the SLA at any hour of creation (at most 10 h).
        lead('P1', '2026-11-16T00:00:00Z', { email: 'a@x.com', ...dayOnly }),
        // Created 09:00, called "17 Nov": read as midnight the call was before the lead, so "overdue";
        // at any hour of its day the call came within 15 h.
        lead('P2', '2026-11-17T09:00:00Z', { email: 'b@x.com' }),
        // Created "16 Nov", never called: "overdue 144 h" from an invented midnight; at least 120 h.
        lead('P3', '2026-11-16T00:00:00Z', { email: 'c@x.com', ...dayOnly }),
        // Times known: within SLA (12 h), late (48 h), overdue.
        lead('P4', '2026-11-18T08:00:00Z', { email: 'd@x.com' }),
        lead('P5', '2026-11-19T08:00:00Z', { email: 'e@x.com' }),
        lead('P6', '2026-11-20T08:00:00Z', { email: 'f@x.com' }),
      ],
      activities: [
        activity('A1', '2026-11-16T10:00:00Z', { email: 'a@x.com' }),
        activity('A2', '2026-11-17T00:00:00Z', { email: 'b@x.com', occurred_at_time_unknown: true }),
        activity('A4', '2026-11-18T20:00:00Z', { email: 'd@x.com' }),
        activity('A5', '2026-11-21T08:00:00Z', { email: 'e@x.com' }),
      ],
    });
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 6,
      followedUpWithinSla: 3, // P1, P2, P4
      followedUpLate: 1,
      overdue: 2, // P3, P6; midnight read P2 overdue too
      pending: 0,
      untimedLeads: 0,
      slaRate: 0.5,
      medianHoursToFollowUp: 30, // exact hours only: midnight read 12 (10, 12 and 48 h)
    });
    expect(r.overdueLeads.map((o) => [o.email, o.hoursOverdue, o.hoursOverdueAtLeast])).toEqual([
      ['c@x.com', 120, true],
      ['f@x.com', 40, false],
    ]);
    const persons = await wh.engine.query(
      `select email_key, hours_to_first_follow_up, hours_to_first_follow_up_min, hours_to_first_follow_up_max
       from fct_persons order by email_key`,
    );
    expect(persons.map((p) => Object.values(p))).toEqual([
      ['a@x.com', null, 0, 10],
      ['b@x.com', null, 0, 15], // the call of its day counts, at an unknown time
      ['c@x.com', null, null, null],
      ['d@x.com', 12, 12, 12],
      ['e@x.com', 48, 48, 48],
      ['f@x.com', null, null, null],
    ]);
  });

  it("a lead with its time among the person's earlier records keeps the person timed; files without the flag read as timed", async () => {
    wh = await warehouseFrom({
      leads: [
        lead('Q1', '2026-11-16T23:00:00Z', { email: 'q@x.com' }),
        lead('Q2', '2026-11-17T00:00:00Z', { source: 'salesforce', email: 'q@x.com', ...dayOnly }),
        lead('R1', '2026-11-17T08:00:00Z', { email: 'r@x.com', source: 'salesforce' }),
        lead('R2', '2026-11-17T00:00:00Z', { email: 'r@x.com', ...dayOnly }),
      ],
      activities: [activity('B1', '2026-11-17T12:00:00Z', { email: 'q@x.com' })],
    });
    const persons = await wh.engine.query(
      `select email_key, created_at_time_unknown, cast(created_latest_at as varchar) as created_latest_at
       from fct_persons order by email_key`,
    );
    expect(persons).toEqual([
      { email_key: 'q@x.com', created_at_time_unknown: false, created_latest_at: '2026-11-16 23:00:00' },
      // Its day may have begun before 08:00, but the person existed by its lead of 08:00.
      { email_key: 'r@x.com', created_at_time_unknown: true, created_latest_at: '2026-11-17 08:00:00' },
    ]);
  });
});

describe('deal matching by day when a creation is known only to the day', () => {
  it('same day counts as after; the next day does not; the lookback counts days', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('G', '2026-11-18T15:00:00Z', { email: 'g@x.com' }),
        lead('H', '2026-11-19T01:00:00Z', { email: 'h@x.com' }),
        // 180 days and 12 hours before the deal by its day's start; 180 days by day.
        lead('I', '2026-05-22T00:00:00Z', { email: 'i@x.com', ...dayOnly }),
        lead('J', '2026-05-22T00:00:00Z', { email: 'j@x.com' }),
      ],
      deals: [
        // Created "18 Nov": read as midnight, the lead of 15:00 came after it and it was sales-sourced.
        deal('D1', '2026-11-18T00:00:00Z', { contact_emails: ['g@x.com'], created_at_time_unknown: true }),
        deal('D2', '2026-11-18T00:00:00Z', { contact_emails: ['h@x.com'], created_at_time_unknown: true }),
        deal('D3', '2026-11-18T12:00:00Z', { contact_emails: ['i@x.com'] }),
        deal('D4', '2026-11-18T12:00:00Z', { contact_emails: ['j@x.com'] }), // 180.5 days with times: out
      ],
    });
    expect(await wh.engine.query('select deal_id, match_method from int_deals__matched order by deal_id')).toEqual([
      { deal_id: 'D1', match_method: 'email' },
      { deal_id: 'D3', match_method: 'email' },
    ]);
  });
});
