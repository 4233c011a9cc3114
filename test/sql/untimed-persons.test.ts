/**
 * One rule for persons known only to the day (docs/methodology.md, "Times known only to the
 * day"): every report query that judges follow-up timing leaves them without a verdict, by the
 * same expression on `fct_persons.untimed_since`. The weekly totals, the cohorts, the overdue
 * list and the follow-up effect read the same persons the same way. Week 2026-W47 in UTC
 * (16–23 Nov), SLA 24 h.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stripComments } from '../../functions/core/models.js';
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

/** The persons of test/sql/date-only-instants.test.ts, plus one whose day-only call comes after the cutoff. */
const fixture: Fixture = {
  leads: [
    lead('P1', '2026-11-16T00:00:00Z', { email: 'a@x.com', ...dayOnly }), // created "16 Nov", called 10:00
    lead('P2', '2026-11-17T09:00:00Z', { email: 'b@x.com' }), // called "17 Nov"
    lead('P3', '2026-11-16T00:00:00Z', { email: 'c@x.com', ...dayOnly }), // created "16 Nov", never called
    lead('P4', '2026-11-18T08:00:00Z', { email: 'd@x.com' }), // within SLA (12 h)
    lead('P5', '2026-11-19T08:00:00Z', { email: 'e@x.com' }), // late (48 h)
    lead('P6', '2026-11-20T08:00:00Z', { email: 'f@x.com' }), // overdue
    // Called "24 Nov", after the cutoff: as of the cutoff it was not followed up, so overdue by its hours.
    lead('P7', '2026-11-20T09:00:00Z', { email: 'g@x.com' }),
  ],
  activities: [
    activity('A1', '2026-11-16T10:00:00Z', { email: 'a@x.com' }),
    activity('A2', '2026-11-17T00:00:00Z', { email: 'b@x.com', occurred_at_time_unknown: true }),
    activity('A4', '2026-11-18T20:00:00Z', { email: 'd@x.com' }),
    activity('A5', '2026-11-21T08:00:00Z', { email: 'e@x.com' }),
    activity('A7', '2026-11-24T00:00:00Z', { email: 'g@x.com', occurred_at_time_unknown: true }),
    // Calls to no lead: follow-ups are known from before W47 on, and the CRM is fresh in W48 too.
    activity('A0', '2026-11-02T12:00:00Z', { email: 'colleague@earlier.example' }),
    callAtWeekEnd('salesforce', '2026-11-29T12:00:00Z'),
  ],
  // A deal to no lead, so deals are measured and the follow-up effect is shown.
  deals: [deal('D0', '2026-11-18T12:00:00Z', { contact_emails: ['buyer@elsewhere.example'] })],
};

describe('persons known only to the day: the same verdict in every report figure', () => {
  it("the cohort of W counts the week's untimed persons as the totals do, and leaves them out of the within-SLA rate", async () => {
    wh = await warehouseFrom(fixture);
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 7,
      followedUpWithinSla: 1,
      followedUpLate: 1,
      overdue: 2,
      pending: 0,
      untimedLeads: 3, // P1, P2, P3
    });
    const w47 = r.cohorts?.at(-1);
    expect(w47).toMatchObject({
      week: '2026-W47',
      leads: 7,
      followedUp: 4, // P1, P2, P4, P5: followed up, whatever the hour
      followedUpWithinSla: 1,
      untimedLeads: 3,
      // Was 1 / 7 = 0.1429: the three persons without a verdict sat in the base as "not within SLA".
      followedUpWithinSlaRate: 0.25,
    });
    // W's own cohort is W's persons as of W's cutoff: the same verdicts as the week's totals.
    expect(w47).toMatchObject({
      leads: r.totals.leads,
      followedUpWithinSla: r.totals.followedUpWithinSla,
      untimedLeads: r.totals.untimedLeads,
    });
    // No untimed person is listed as overdue by hours counted from an invented midnight.
    expect(r.overdueLeads.map((o) => o.email).sort()).toEqual(['f@x.com', 'g@x.com']);
    // Nor in a follow-up group of the effect: within SLA P4, late P5, never P6 and P7.
    expect(r.followUpEffect).toMatchObject({
      withinSla: { persons: 1 },
      late: { persons: 1 },
      never: { persons: 2 },
    });
  });

  it('an older cohort judges its untimed persons as of the same cutoff', async () => {
    // The same persons one week earlier, reported as of the end of W48: they form the cohort W47.
    wh = await warehouseFrom(fixture);
    const r = await wh.report('2026-W48');
    expect(r.cohorts?.at(-2)).toMatchObject({
      week: '2026-W47',
      leads: 7,
      followedUp: 5, // P7's call of 24 Nov is before W48's cutoff now
      followedUpWithinSla: 1,
      untimedLeads: 4, // P7 too: its first follow-up is known only to the day
      followedUpWithinSlaRate: 0.3333,
    });
    expect(r.cohorts?.at(-1)).toMatchObject({ week: '2026-W48', leads: 0, untimedLeads: 0 });
  });
});

const REPORTS = fileURLToPath(new URL('../../sql/reports/', import.meta.url));
/** The one way a report query says "no SLA verdict as of its cutoff" (the rule's column is fct_persons.untimed_since). */
const UNTIMED = /coalesce\(fct_persons\.untimed_since < params\.(\w+), false\)/g;
/** What a report reads when it judges follow-up timing. */
const JUDGES_TIMING = /fct_persons\.(first_follow_up_at|hours_to_first_follow_up)\b/;

describe('one rule for untimed persons in the report queries', () => {
  const queries = readdirSync(REPORTS)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => ({ name: f, sql: stripComments(readFileSync(REPORTS + f, 'utf8')) }));

  it('finds the queries that judge follow-up timing', () => {
    expect(queries.filter((q) => JUDGES_TIMING.test(q.sql)).map((q) => q.name)).toEqual([
      'follow_up_effect.sql',
      'overdue_leads.sql',
      'weekly_cohorts.sql',
      'weekly_totals.sql',
    ]);
  });

  it.each(queries.filter((q) => JUDGES_TIMING.test(q.sql)).map((q) => [q.name, q.sql]))(
    '%s leaves untimed persons out by the shared expression, as of its cutoff',
    (_name, sql) => {
      const uses = [...sql.matchAll(UNTIMED)];
      expect(uses.length).toBeGreaterThan(0);
      // Every mention of the column is the shared expression: no second, different rule.
      expect((sql.match(/untimed_since/g) ?? []).length).toBe(uses.length);
    },
  );
});
