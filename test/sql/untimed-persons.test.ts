/**
 * One rule for persons known only to the day (docs/methodology.md, "Times known only to the
 * day"): a creation or follow-up given as a day is an interval, that day from its start to its
 * end, and a verdict is given whenever every hour of it gives the same one; only a verdict the
 * missing hour can change is withheld ('untimed'). Every report query that judges follow-up
 * timing does so by the same expression on fct_persons' bounds: the weekly totals, the cohorts,
 * the overdue list and the follow-up effect read the same persons the same way. Week 2026-W47
 * in UTC (16–23 Nov), SLA 24 h.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SQL_DIR, expandMacros, loadReportQuery, stripComments } from '../../functions/core/models.js';
import {
  activity,
  callAtWeekEnd,
  deal,
  lead,
  warehouseFrom,
  type Fixture,
  type TestWarehouse,
} from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const dayOnly = { created_at_time_unknown: true };

/** The persons of test/sql/date-only-instants.test.ts, and more whose day-only times do or do not decide. */
const fixture: Fixture = {
  leads: [
    lead('P1', '2026-11-16T00:00:00Z', { email: 'a@x.com', ...dayOnly }), // created "16 Nov", called 10:00: within (≤ 10 h)
    lead('P2', '2026-11-17T09:00:00Z', { email: 'b@x.com' }), // called "17 Nov": within (≤ 15 h)
    // Created "16 Nov", never called: overdue whatever the hour, by at least 120 h (from 17 Nov 00:00).
    lead('P3', '2026-11-16T00:00:00Z', { email: 'c@x.com', first_name: 'Cat', ...dayOnly }),
    lead('P4', '2026-11-18T08:00:00Z', { email: 'd@x.com' }), // within SLA (12 h)
    lead('P5', '2026-11-19T08:00:00Z', { email: 'e@x.com' }), // late (48 h)
    lead('P6', '2026-11-20T08:00:00Z', { email: 'f@x.com' }), // overdue (40 h past)
    // Called "24 Nov", after the cutoff: as of the cutoff it was not followed up, so overdue by its hours.
    lead('P7', '2026-11-20T09:00:00Z', { email: 'g@x.com' }),
    // Created "22 Nov", the day before the cutoff, never called: overdue or pending by its hour.
    lead('P8', '2026-11-22T00:00:00Z', { email: 'h@x.com', ...dayOnly }),
    // Created 18 Nov 20:00, called "19 Nov": 4 to 28 h, within or late by the call's hour.
    lead('P10', '2026-11-18T20:00:00Z', { email: 'k@x.com' }),
    // Created "16 Nov", called "19 Nov": at least 48 h, late whatever the hours.
    lead('P11', '2026-11-16T00:00:00Z', { email: 'l@x.com', ...dayOnly }),
  ],
  activities: [
    activity('A1', '2026-11-16T10:00:00Z', { email: 'a@x.com' }),
    activity('A2', '2026-11-17T00:00:00Z', { email: 'b@x.com', occurred_at_time_unknown: true }),
    activity('A4', '2026-11-18T20:00:00Z', { email: 'd@x.com' }),
    activity('A5', '2026-11-21T08:00:00Z', { email: 'e@x.com' }),
    activity('A7', '2026-11-24T00:00:00Z', { email: 'g@x.com', occurred_at_time_unknown: true }),
    activity('A10', '2026-11-19T00:00:00Z', { email: 'k@x.com', occurred_at_time_unknown: true }),
    activity('A11', '2026-11-19T00:00:00Z', { email: 'l@x.com', occurred_at_time_unknown: true }),
    // Calls to no lead: follow-ups are known from before W47 on, and the CRM is fresh in W48 too.
    activity('A0', '2026-11-02T12:00:00Z', { email: 'colleague@earlier.example' }),
    callAtWeekEnd('salesforce', '2026-11-29T12:00:00Z'),
  ],
  // A deal to no lead, so deals are measured and the follow-up effect is shown.
  deals: [deal('D0', '2026-11-18T12:00:00Z', { contact_emails: ['buyer@elsewhere.example'] })],
};

describe('persons known only to the day: a verdict whenever the missing hour cannot change it', () => {
  it('judges them by the bounds of their days, the same in the totals, the cohort, the overdue list and the effect', async () => {
    wh = await warehouseFrom(fixture);
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 10,
      followedUpWithinSla: 3, // P1, P2, P4; was 1 (P1 and P2 untimed)
      followedUpLate: 2, // P5, P11; was 1
      overdue: 3, // P3, P6, P7; was 2 (P3 untimed: "nobody overdue" for a lead never called in 7 days)
      pending: 0,
      untimedLeads: 2, // P8, P10: only these the hour decides; was 6
      // Hours stay exact: P4 12 h and P5 48 h; the day-only persons are not in the median.
      medianHoursToFollowUp: 30,
    });
    const w47 = r.cohorts?.at(-1);
    expect(w47).toMatchObject({
      week: '2026-W47',
      leads: 10,
      followedUp: 6, // P1, P2, P4, P5, P10, P11: followed up, whatever the hour
      followedUpWithinSla: 3,
      untimedLeads: 2,
      followedUpWithinSlaRate: 0.375, // 3 of the 8 with a verdict
    });
    // W's own cohort is W's persons as of W's cutoff: the same verdicts as the week's totals.
    expect(w47).toMatchObject({
      leads: r.totals.leads,
      followedUpWithinSla: r.totals.followedUpWithinSla,
      untimedLeads: r.totals.untimedLeads,
    });
    // P3 is listed, most overdue, its hours counted from the end of its day: "at least".
    expect(r.overdueLeads.map((o) => [o.email, o.hoursOverdue, o.hoursOverdueAtLeast])).toEqual([
      ['c@x.com', 120, true],
      ['f@x.com', 40, false],
      ['g@x.com', 39, false],
    ]);
    // P8 may be overdue or not yet due: counted as not judged, not listed, not left out for gaps.
    expect(r.overdueUntimed).toBe(1);
    expect(r.overdueLeftOut).toBe(0);
    // The effect's groups: within SLA P1, P2, P4; late P5, P11; never P3, P6, P7.
    expect(r.followUpEffect).toMatchObject({
      withinSla: { persons: 3 },
      late: { persons: 2 },
      never: { persons: 3 },
    });
  });

  it('an older cohort judges its day-only persons as of the same cutoff', async () => {
    // The same persons one week earlier, reported as of the end of W48: they form the cohort W47.
    wh = await warehouseFrom(fixture);
    const r = await wh.report('2026-W48');
    expect(r.cohorts?.at(-2)).toMatchObject({
      week: '2026-W47',
      leads: 10,
      followedUp: 7, // P7's call of 24 Nov is before W48's cutoff now
      followedUpWithinSla: 3,
      // P10 only: P7's "24 Nov" is late at any hour (87 h at least), P8 is past its SLA by now.
      untimedLeads: 1,
      followedUpWithinSlaRate: 0.3333,
    });
    expect(r.cohorts?.at(-1)).toMatchObject({ week: '2026-W48', leads: 0, untimedLeads: 0 });
    // P8 (created "22 Nov") is overdue as of W48's cutoff, by at least 6 days less the SLA.
    expect(r.overdueLeads.find((o) => o.email === 'h@x.com')).toMatchObject({
      hoursOverdue: 144,
      hoursOverdueAtLeast: true,
    });
    expect(r.overdueUntimed).toBe(0);
  });
});

describe('persons known only to the day and days no activity load speaks for', () => {
  it('leaves an overdue day-only lead created before the first activity loaded out as not known, not as untimed', async () => {
    wh = await warehouseFrom({
      leads: [
        // Created "16 Nov", never called: overdue at any hour, but calls are loaded only from 17 Nov.
        lead('P1', '2026-11-16T00:00:00Z', { email: 'a@x.com', ...dayOnly }),
        // Created "18 Nov", never called: overdue at any hour, its days all loaded.
        lead('P2', '2026-11-18T00:00:00Z', { email: 'b@x.com', ...dayOnly }),
      ],
      activities: [activity('A0', '2026-11-17T12:00:00Z', { email: 'colleague@x.example' })],
    });
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({ overdue: 1, untimedLeads: 0 });
    expect(r.overdueLeads.map((o) => [o.email, o.hoursOverdue, o.hoursOverdueAtLeast])).toEqual([
      ['b@x.com', 72, true],
    ]);
    expect(r).toMatchObject({ overdueLeftOut: 1, overdueUntimed: 0 });
  });
});

const REPORTS = fileURLToPath(new URL('../../sql/reports/', import.meta.url));
/** What a report reads when it judges follow-up timing. */
const JUDGES_TIMING = /fct_persons\.(first_follow_up_at|hours_to_first_follow_up\w*)\b/;
/** The SLA bounds of fct_persons, which only the verdict macros read. */
const BOUNDS = /hours_to_first_follow_up_m(in|ax)|created_latest_at|untimed_since/g;

describe('one rule for the SLA verdict in the report queries', () => {
  const queries = readdirSync(REPORTS)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => ({
      name: f,
      written: stripComments(readFileSync(REPORTS + f, 'utf8')),
      runs: stripComments(loadReportQuery(f.slice(0, -4))),
    }));
  const judging = queries.filter((q) => JUDGES_TIMING.test(q.runs));

  it('finds the queries that judge follow-up timing', () => {
    expect(judging.map((q) => q.name)).toEqual([
      'follow_up_effect.sql',
      'overdue_leads.sql',
      'weekly_cohorts.sql',
      'weekly_totals.sql',
    ]);
  });

  it('every one calls the sla_verdict macro once and reads the SLA bounds nowhere else', () => {
    for (const q of judging) {
      expect(
        [...q.written.matchAll(/\{\{ sla_verdict\(params\.\w+\) \}\} as follow_up_verdict/g)],
        q.name,
      ).toHaveLength(1);
      // Outside the macro calls no query reads the bounds: no second, different rule.
      const hoursOverdue =
        /to_unixtime\(fct_persons\.created_latest_at\)\) \/ 3600\.0\s+- settings\.follow_up_sla_hours as hours_overdue/;
      expect(q.written.replace(hoursOverdue, '').match(BOUNDS), q.name).toBeNull();
    }
  });

  it("the text that runs is the macro with the query's cutoff, and no call is left unexpanded", () => {
    const macro = stripComments(
      readFileSync(fileURLToPath(new URL('../../sql/macros/sla_verdict.sql', import.meta.url)), 'utf8'),
    );
    for (const q of judging) {
      expect(q.runs, q.name).not.toContain('{{');
      const cutoff = /\{\{ sla_verdict\((params\.\w+)\) \}\}/.exec(q.written)![1]!;
      expect(q.runs.replace(/\s+/g, ' '), q.name).toContain(
        macro.trim().replaceAll('{{ cutoff }}', cutoff).replace(/\s+/g, ' '),
      );
    }
  });
});

describe('expandMacros', () => {
  it('refuses an unknown macro, a wrong argument count and an argument that is not a name, naming the file', () => {
    expect(() => expandMacros('select {{ no_such(params.x) }}', SQL_DIR, 'sql/reports/q.sql')).toThrow(
      'sql/reports/q.sql: no macro no_such (sql/macros/no_such.sql)',
    );
    expect(() => expandMacros('select {{ sla_verdict(params.a, params.b) }}', SQL_DIR, 'q.sql')).toThrow(
      'q.sql: sla_verdict takes 1 name(s) (cutoff), got "params.a, params.b"',
    );
    expect(() => expandMacros("select {{ sla_verdict('x' || y) }}", SQL_DIR, 'q.sql')).toThrow(/takes 1 name/);
  });

  it('leaves SQL without calls as it is', () => {
    expect(expandMacros('select 1 -- {{ not a call }}')).toBe('select 1 -- {{ not a call }}');
  });
});
