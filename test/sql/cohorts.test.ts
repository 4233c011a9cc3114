/**
 * Weekly lead cohorts (docs/methodology.md, Lead cohorts): hand-computed scenarios in two time
 * zones (persons created near week boundaries, follow-ups, MQLs and deals after the cutoff),
 * families not measured, and a larger generated data set checked against an independent
 * computation in TypeScript (luxon week bucketing over the fct_persons and fct_deals rows).
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { CohortFigures } from '../../functions/core/report-types.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
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

const week = '2026-W47';

/** Persons a–h, one domain each (no domain matching across them); see the expectations below. */
const scenario: Fixture = {
  leads: [
    // UTC W47 (first instant); New York W46 (Sun 19:00). MQL, followed up within SLA, opportunity, won.
    lead('a', '2026-11-16T00:00:00Z', { email: 'a@alpha.example', mql_at: '2026-11-17T09:00:00Z' }),
    // UTC W47 (last second); New York W47. Qualified after the cutoff.
    lead('b', '2026-11-22T23:59:59Z', { email: 'b@beta.example', mql_at: '2026-11-24T09:00:00Z' }),
    // UTC W48 (the cutoff itself: in no cohort); New York W47 (Sun 19:00).
    lead('c', '2026-11-23T00:00:00Z', { email: 'c@gamma.example' }),
    // W46 in both: followed up late, a deal won only after the cutoff.
    lead('d', '2026-11-09T12:00:00Z', { email: 'd@delta.example' }),
    // W46 in both: an MQL from its stage (no mql_at).
    lead('e', '2026-11-15T23:30:00Z', { email: 'e@epsilon.example', lifecycle_stage: 'mql' }),
    // UTC W40 (first instant); New York W39 (outside the 8 weeks).
    lead('f', '2026-09-28T00:00:00Z', { email: 'f@zeta.example' }),
    // W39 in both: outside the 8 weeks.
    lead('g', '2026-09-27T23:00:00Z', { email: 'g@eta.example' }),
    // UTC W45; New York W44 (Sun 1 Nov 23:30 EST, the day daylight saving time ended).
    lead('h', '2026-11-02T04:30:00Z', { email: 'h@theta.example' }),
  ],
  activities: [
    activity('A-a', '2026-11-16T10:00:00Z', { email: 'a@alpha.example' }),
    // Exactly at the UTC cutoff (not before it); before the New York cutoff (05:00Z).
    activity('A-b', '2026-11-23T00:00:00Z', { email: 'b@beta.example' }),
    activity('A-d', '2026-11-11T12:00:00Z', { email: 'd@delta.example' }), // +48 h: late
    activity('A-f', '2026-09-28T05:00:00Z', { email: 'f@zeta.example' }),
    // After both cutoffs: not a follow-up yet.
    activity('A-e', '2026-11-24T09:00:00Z', { email: 'e@epsilon.example' }),
    callAtWeekEnd(),
  ],
  deals: [
    deal('D-a', '2026-11-18T09:00:00Z', {
      contact_emails: ['a@alpha.example'],
      is_closed: true,
      is_won: true,
      closed_at: '2026-11-20T09:00:00Z',
    }),
    // Created after the UTC cutoff, before the New York one.
    deal('D-b', '2026-11-23T03:00:00Z', { contact_emails: ['b@beta.example'] }),
    // Created after both cutoffs: no opportunity.
    deal('D-e', '2026-11-24T09:00:00Z', { contact_emails: ['e@epsilon.example'] }),
    // Won after the cutoff: an opportunity, not won.
    deal('D-d', '2026-11-12T09:00:00Z', {
      contact_emails: ['d@delta.example'],
      is_closed: true,
      is_won: true,
      closed_at: '2026-11-25T09:00:00Z',
    }),
    deal('D-f', '2026-10-20T09:00:00Z', {
      contact_emails: ['f@zeta.example'],
      is_closed: true,
      is_won: true,
      closed_at: '2026-11-01T09:00:00Z',
    }),
  ],
};

type Counts = [leads: number, mqls: number, followedUp: number, withinSla: number, opportunities: number, won: number];

/**
 * The cohorts from counts per week id (weeks not listed have no persons). The first
 * `unknownWeeks` cohorts start before the first activity loaded: their follow-up figures are null.
 */
function expected(
  weeks: string[],
  starts: string[],
  counts: Record<string, Counts>,
  unknownWeeks = 0,
): CohortFigures[] {
  const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
  return weeks.map((w, i) => {
    const [leads, mqls, followedUp, withinSla, opportunities, won] = counts[w] ?? [0, 0, 0, 0, 0, 0];
    const known = i >= unknownWeeks;
    return {
      week: w,
      start: starts[i]!,
      ageDays: 56 - 7 * i,
      followUpsKnown: known,
      leads,
      mqls,
      followedUp: known ? followedUp : null,
      followedUpWithinSla: known ? withinSla : null,
      untimedLeads: known ? 0 : null, // no date-only times here (test/sql/untimed-persons.test.ts)
      opportunities,
      won,
      mqlRate: rate(mqls, leads),
      followedUpRate: known ? rate(followedUp, leads) : null,
      followedUpWithinSlaRate: known ? rate(withinSla, leads) : null,
      opportunityRate: rate(opportunities, leads),
      wonRate: rate(won, leads),
    };
  });
}

const WEEKS = ['W40', 'W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47'].map((w) => `2026-${w}`);
const STARTS = ['09-28', '10-05', '10-12', '10-19', '10-26', '11-02', '11-09', '11-16'].map((d) => `2026-${d}`);

describe('weekly lead cohorts', () => {
  it('buckets persons by UTC week and judges each cohort as of the cutoff', async () => {
    wh = await warehouseFrom(scenario);
    const r = await wh.report(week);
    expect(r.cohorts).toEqual(
      expected(
        WEEKS,
        STARTS,
        {
          '2026-W40': [1, 0, 1, 1, 1, 1], // f
          '2026-W45': [1, 0, 0, 0, 0, 0], // h
          '2026-W46': [2, 1, 1, 0, 1, 0], // d (late, won after the cutoff), e (MQL; follow-up and deal after it)
          '2026-W47': [2, 1, 1, 1, 1, 1], // a; b qualified, followed up and with a deal only at or after the cutoff
        },
        1,
      ), // W40 starts (00:00Z) before the first activity loaded (A-f, 05:00Z)
    );
    // W's own cohort says what the week's totals say about its leads and MQLs.
    expect(r.cohorts?.at(-1)).toMatchObject({ leads: r.totals.leads, mqls: r.totals.mqls });
  });

  it('buckets persons by the weeks of the configured time zone (America/New_York), cutoff included', async () => {
    wh = await warehouseFrom(scenario, { timezone: 'America/New_York' });
    const r = await wh.report(week);
    expect(r.cohorts).toEqual(
      expected(
        WEEKS,
        STARTS,
        {
          '2026-W44': [1, 0, 0, 0, 0, 0], // h, the Sunday daylight saving time ended
          '2026-W46': [3, 2, 2, 1, 2, 1], // a, d, e
          '2026-W47': [2, 0, 1, 1, 1, 0], // b (follow-up and deal before 05:00Z), c
        },
        1,
      ), // W40 starts (04:00Z) before the first activity loaded (A-f, 05:00Z)
    );
    expect(r.cohorts?.at(-1)).toMatchObject({ leads: r.totals.leads, mqls: r.totals.mqls });
  });

  it('gives null, never 0, for follow-ups and deals when they are not measured', async () => {
    wh = await warehouseFrom({ leads: scenario.leads });
    const r = await wh.report(week);
    expect(r.coverage.followUps.measured).toBe(false);
    expect(r.coverage.deals.measured).toBe(false);
    const w47 = r.cohorts?.at(-1);
    expect(w47).toMatchObject({
      week: '2026-W47',
      leads: 2,
      mqls: 1,
      mqlRate: 0.5,
      followedUp: null,
      followedUpWithinSla: null,
      followedUpRate: null,
      followedUpWithinSlaRate: null,
      opportunities: null,
      won: null,
      opportunityRate: null,
      wonRate: null,
    });
    // An empty cohort has no rates either way.
    expect(r.cohorts?.[1]).toMatchObject({ leads: 0, mqls: 0, mqlRate: null });
  });

  it('leaves follow-ups unknown, never 0 %, for cohort weeks that start before the first activity loaded', async () => {
    // Without A-f the first activity loaded is A-d (Wed of W46): h (W45) was never called as far
    // as the store knows, and would read 0 % followed up whatever sales did.
    wh = await warehouseFrom({ ...scenario, activities: scenario.activities!.filter((a) => a.activity_id !== 'A-f') });
    const r = await wh.report(week);
    expect(r.coverage.followUps.measured).toBe(true);
    expect(r.cohorts).toEqual(
      expected(
        WEEKS,
        STARTS,
        {
          '2026-W40': [1, 0, 0, 0, 1, 1],
          '2026-W45': [1, 0, 0, 0, 0, 0],
          '2026-W46': [2, 1, 1, 0, 1, 0],
          '2026-W47': [2, 1, 1, 1, 1, 1],
        },
        7,
      ),
    );
  });

  it('keeps follow-ups when only deals are not measured', async () => {
    wh = await warehouseFrom({ leads: scenario.leads, activities: scenario.activities });
    const r = await wh.report(week);
    expect(r.cohorts?.at(-1)).toMatchObject({ followedUp: 1, followedUpRate: 0.5, opportunities: null, won: null });
  });
});

/** A deterministic pseudo-random sequence (mulberry32), so the generated data set is the same every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(): Fixture {
  const next = random(47);
  const leads: CanonicalRecord[] = [];
  const activities: CanonicalRecord[] = [];
  const deals: CanonicalRecord[] = [];
  const from = Date.parse('2026-09-20T00:00:00Z');
  const hour = 3_600_000;
  for (let i = 0; i < 300; i++) {
    const created = from + Math.floor(next() * 70 * 24) * hour + Math.floor(next() * 3600) * 1000;
    const email = `p${i}@company${i}.example`;
    const extra: CanonicalRecord = { email };
    if (next() < 0.4) extra.mql_at = new Date(created + Math.floor(next() * 30 * 24) * hour).toISOString();
    leads.push(lead(`L${i}`, new Date(created).toISOString(), extra));
    if (next() < 0.7) {
      const at = created + Math.floor(next() * 72) * hour;
      activities.push(activity(`A${i}`, new Date(at).toISOString(), { email }));
    }
    if (next() < 0.3) {
      const at = created + Math.floor(next() * 40 * 24) * hour;
      const won = next() < 0.5;
      deals.push(
        deal(`D${i}`, new Date(at).toISOString(), {
          contact_emails: [email],
          ...(won
            ? {
                is_closed: true,
                is_won: true,
                closed_at: new Date(at + Math.floor(next() * 20 * 24) * hour).toISOString(),
              }
            : {}),
        }),
      );
    }
  }
  return { leads, activities, deals };
}

/** The cohorts computed in TypeScript from the fct_persons and fct_deals rows (the SLA is 24 h). */
async function independent(w: TestWarehouse, timezone: string) {
  const ts = (v: unknown) => Date.parse(String(v)); // DuckDB gives ISO UTC text
  const persons = await w.engine.query(
    'select person_key, created_at, mql_since, first_follow_up_at, hours_to_first_follow_up from fct_persons',
  );
  const deals = await w.engine.query('select person_key, created_at, is_won, closed_at from fct_deals');
  const cutoff = DateTime.fromISO('2026-11-23T00:00:00', { zone: timezone }).toMillis();
  const byWeek = new Map<string, Counts>();
  for (const p of persons) {
    const created = DateTime.fromMillis(ts(p.created_at), { zone: timezone });
    const id = `${created.weekYear}-W${String(created.weekNumber).padStart(2, '0')}`;
    const own = deals.filter((d) => d.person_key === p.person_key && ts(d.created_at) < cutoff);
    const followed = p.first_follow_up_at !== null && ts(p.first_follow_up_at) < cutoff;
    const c = byWeek.get(id) ?? [0, 0, 0, 0, 0, 0];
    c[0] += 1;
    if (p.mql_since !== null && ts(p.mql_since) <= cutoff) c[1] += 1;
    if (followed) c[2] += 1;
    if (followed && Number(p.hours_to_first_follow_up) <= 24) c[3] += 1;
    if (own.length > 0) c[4] += 1;
    if (own.some((d) => d.is_won === true && d.closed_at !== null && ts(d.closed_at) < cutoff)) c[5] += 1;
    byWeek.set(id, c);
  }
  return Object.fromEntries(byWeek);
}

describe('weekly lead cohorts on a generated data set', () => {
  for (const timezone of ['UTC', 'Pacific/Auckland']) {
    it(`equal an independent computation in TypeScript (${timezone})`, async () => {
      // Exported after every generated date (deals are created up to 40 days after their lead,
      // into 2027): no export holds a record created after it was written.
      wh = await warehouseFrom(generated(), { timezone }, '2027-03-01');
      const r = await wh.report(week);
      const counts = await independent(wh, timezone);
      const starts = WEEKS.map((_, i) =>
        DateTime.fromISO('2026-11-16', { zone: timezone })
          .minus({ weeks: 7 - i })
          .toISODate(),
      ) as string[];
      // The first activity (within 72 h of a lead from 20 Sep) is before every cohort week.
      expect(r.cohorts).toEqual(expected(WEEKS, starts, counts));
      // The data set is large enough to say something: every cohort has persons, older ones deals and wins.
      expect(r.cohorts?.every((c) => (c.leads ?? 0) > 10 && (c.followedUp ?? 0) > 0)).toBe(true);
      expect(r.cohorts?.slice(0, 6).every((c) => (c.opportunities ?? 0) > 0 && (c.won ?? 0) > 0)).toBe(true);
    }, 60_000);
  }
});
