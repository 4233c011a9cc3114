/**
 * The follow-up effect (SPEC §5b) and each channel's follow-up of W, against an independent
 * computation written here from the rules' words, on generated scenarios in several time zones,
 * SLA hours and attributions, through the real load, models and report.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../functions/core/records.js';
import type { FollowUpGroups, FunnelReport } from '../../functions/core/report-types.js';
import { seeded } from '../fakes/server.js';
import { activity, deal, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const HOUR = 3_600_000;
const CHANNELS = ['paid_search', 'paid_social', 'email', 'referral'] as const;

interface Scenario {
  timezone: string;
  followUpSlaHours: number;
  attribution: 'first_touch' | 'last_touch';
  week: string;
  seed: number;
  /** When the first activity happens, to cut the cohort (default: before it). */
  activitiesFrom?: string;
}

/** Leads, activities and deals around a week: some persons with two leads, all kinds of activity. */
function generate(s: Scenario) {
  const rnd = seeded(s.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const [y, w] = s.week.split('-W').map(Number) as [number, number];
  const weekEnd = DateTime.fromObject({ weekYear: y, weekNumber: w, weekday: 1 }, { zone: s.timezone }).plus({
    weeks: 1,
  });
  // From 16 weeks before the cutoff to 1 week after it: before, across and after the cohort.
  const from = weekEnd.minus({ weeks: 16 }).toMillis();
  const span = weekEnd.plus({ weeks: 1 }).toMillis() - from;
  const iso = (ms: number) => new Date(ms).toISOString();
  const leads: CanonicalRecord[] = [];
  const activities: CanonicalRecord[] = [];
  const deals: CanonicalRecord[] = [];
  const activitiesFrom = s.activitiesFrom ? Date.parse(s.activitiesFrom) : -Infinity;
  for (let p = 0; p < 160; p++) {
    const email = `person${p}@company${p % 37}.example`;
    const created = from + Math.floor(rnd() * span);
    const id = `L${p}`;
    leads.push(lead(id, iso(created), { email, channel: pick(CHANNELS) }));
    // A second lead of the same person, later, in another channel: attribution decides.
    if (rnd() < 0.25) {
      leads.push(
        lead(`L${p}b`, iso(created + Math.floor(rnd() * 20 * 24 * HOUR) + 1000), {
          email: email.toUpperCase(),
          channel: pick(CHANNELS),
        }),
      );
    }
    // 0–3 activities: by email or by lead id, any type, some automated, some not happened,
    // some before the person existed, some after the cutoff.
    const n = Math.floor(rnd() * 4);
    for (let a = 0; a < n; a++) {
      const at = created + Math.floor((rnd() * 2 - 0.1) * pick([6, 30, 24 * 10, 24 * 40]) * HOUR);
      if (at < activitiesFrom) continue;
      const byLead = rnd() < 0.3;
      activities.push(
        activity(`A${p}-${a}`, iso(at), {
          source: 'hubspot',
          type: pick(['call', 'email', 'meeting', 'task', 'other'] as const),
          is_automated: rnd() < 0.15,
          has_happened: rnd() > 0.1,
          ...(byLead ? { lead_id: id } : { email }),
        }),
      );
    }
    // A deal for about a third: by conversion (same source) or by contact email; some created
    // before the person (no match), some after the cutoff (not yet an opportunity).
    if (rnd() < 0.35) {
      const at = created + Math.floor((rnd() * 1.2 - 0.1) * 60 * 24 * HOUR);
      deals.push(
        deal(
          `D${p}`,
          iso(at),
          rnd() < 0.4 ? { source: 'hubspot', converted_from_lead_id: id } : { contact_emails: [email] },
        ),
      );
    }
  }
  return { leads, activities, deals, cutoff: weekEnd.toMillis(), weekStart: weekEnd.minus({ weeks: 1 }).toMillis() };
}

type Expected = Pick<NonNullable<FunnelReport['followUpEffect']>, 'withinSla' | 'late' | 'never' | 'channels'> & {
  week: Map<string, { due: number; withinSla: number; never: number }>;
};

/** SPEC §4 rules 3–5 and §5b, read directly, for scenarios of `generate` (no domain matches). */
function expected(s: Scenario, data: ReturnType<typeof generate>): Expected {
  const t = (v: unknown) => Date.parse(String(v));
  const persons = new Map<string, CanonicalRecord[]>();
  for (const l of data.leads) {
    const key = String(l.email).toLowerCase();
    persons.set(key, [...(persons.get(key) ?? []), l]);
  }
  // Local Monday 00:00 twelve weeks before W: not 12 × 168 h when a clock change lies between.
  const cohortStartLocal = DateTime.fromMillis(data.weekStart, { zone: s.timezone }).minus({ weeks: 12 }).toMillis();
  const happened = data.activities.filter((a) => a.has_happened !== false && t(a.occurred_at) < data.cutoff);
  // Follow-ups are known from the local day of the first activity that happened (any type).
  const firstActivity = Math.min(...happened.map((a) => t(a.occurred_at)));
  const knownFrom = DateTime.fromMillis(firstActivity, { zone: s.timezone }).startOf('day').toMillis();
  const groups = (): Record<keyof FollowUpGroups, { persons: number; opportunities: number }> => ({
    withinSla: { persons: 0, opportunities: 0 },
    late: { persons: 0, opportunities: 0 },
    never: { persons: 0, opportunities: 0 },
  });
  const overall = groups();
  const byChannel = new Map<string, ReturnType<typeof groups>>();
  const week = new Map<string, { due: number; withinSla: number; never: number }>();
  for (const [email, leads] of persons) {
    const sorted = [...leads].sort((a, b) => t(a.created_at) - t(b.created_at));
    const created = t(sorted[0]!.created_at);
    if (created < cohortStartLocal || created >= data.cutoff) continue;
    const channel = String((s.attribution === 'first_touch' ? sorted[0] : sorted.at(-1))!.channel);
    const ids = new Set(leads.map((l) => String(l.lead_id)));
    const followUps = data.activities
      .filter((a) => ['call', 'email', 'meeting'].includes(String(a.type)) && !a.is_automated && a.has_happened)
      .filter((a) => String(a.email ?? '').toLowerCase() === email || ids.has(String(a.lead_id ?? '')))
      .map((a) => t(a.occurred_at))
      .filter((at) => at >= created);
    const first = followUps.length ? Math.min(...followUps) : null;
    const verdict: keyof FollowUpGroups | null =
      first !== null && first < data.cutoff
        ? (first - created) / HOUR <= s.followUpSlaHours
          ? 'withinSla'
          : 'late'
        : (data.cutoff - created) / HOUR >= s.followUpSlaHours
          ? 'never'
          : null;
    // Created before follow-ups are known: only a follow-up within the SLA is known (an earlier
    // one not loaded would be within it too); late or never would rest on days not loaded.
    const group = verdict !== 'withinSla' && created < knownFrom ? null : verdict;
    if (created >= data.weekStart) {
      const w = week.get(channel) ?? { due: 0, withinSla: 0, never: 0 };
      if (group) w.due++;
      if (group === 'withinSla') w.withinSla++;
      if (group === 'never') w.never++;
      week.set(channel, w);
    }
    if (!group) continue;
    const hasOpportunity = data.deals.some((d) => {
      const at = t(d.created_at);
      if (at >= data.cutoff || created > at) return false;
      if (d.converted_from_lead_id) return ids.has(String(d.converted_from_lead_id));
      return (d.contact_emails as string[]).includes(email) && at - created <= 180 * 24 * HOUR;
    });
    const c = byChannel.get(channel) ?? groups();
    for (const g of [overall[group], c[group]]) {
      g.persons++;
      if (hasOpportunity) g.opportunities++;
    }
    byChannel.set(channel, c);
  }
  const figures = (g: ReturnType<typeof groups>): FollowUpGroups => {
    const f = (x: { persons: number; opportunities: number }) => ({
      ...x,
      rate: x.persons ? Math.round((x.opportunities / x.persons) * 10_000) / 10_000 : null,
    });
    return { withinSla: f(g.withinSla), late: f(g.late), never: f(g.never) };
  };
  const size = (g: ReturnType<typeof groups>) => g.withinSla.persons + g.late.persons + g.never.persons;
  return {
    ...figures(overall),
    channels: [...byChannel.entries()]
      .sort(([a, ga], [b, gb]) => size(gb) - size(ga) || a.localeCompare(b))
      .map(([channel, g]) => ({ channel, ...figures(g) })),
    week,
  };
}

const scenarios: Scenario[] = [
  { timezone: 'UTC', followUpSlaHours: 24, attribution: 'first_touch', week: '2026-W47', seed: 1 },
  { timezone: 'America/New_York', followUpSlaHours: 4, attribution: 'last_touch', week: '2026-W45', seed: 2 },
  // The cohort crosses the end of daylight saving time in Auckland's spring (27 Sep 2026).
  { timezone: 'Pacific/Auckland', followUpSlaHours: 48, attribution: 'first_touch', week: '2026-W44', seed: 3 },
  { timezone: 'Europe/Zurich', followUpSlaHours: 8, attribution: 'last_touch', week: '2026-W47', seed: 4 },
];

/**
 * The load's export day: after every generated date (deals are created up to 60 days after
 * their lead, into 2027), as no export holds a record created after it was written.
 */
const AFTER_EVERY_DATE = '2027-06-01';

describe('follow-up effect (SPEC §5b)', () => {
  for (const s of scenarios) {
    it(`equals an independent computation: ${s.timezone}, SLA ${s.followUpSlaHours} h, ${s.attribution}`, async () => {
      const data = generate(s);
      wh = await warehouseFrom(
        { leads: data.leads, activities: data.activities, deals: data.deals },
        { timezone: s.timezone, followUpSlaHours: s.followUpSlaHours, attribution: s.attribution },
        AFTER_EVERY_DATE,
      );
      const report = await wh.report(s.week);
      const want = expected(s, data);
      const effect = report.followUpEffect!;
      expect(effect).not.toBeNull();
      // Enough persons in each group that the scenario tests something.
      expect(effect.withinSla.persons + effect.late.persons + effect.never.persons).toBeGreaterThan(60);
      expect(effect.never.persons).toBeGreaterThan(0);
      expect(effect.withinSla.opportunities + effect.late.opportunities + effect.never.opportunities).toBeGreaterThan(
        3,
      );
      expect({ withinSla: effect.withinSla, late: effect.late, never: effect.never }).toEqual({
        withinSla: want.withinSla,
        late: want.late,
        never: want.never,
      });
      expect(effect.channels).toEqual(want.channels);
      expect(effect.cohortStart).toBe(
        DateTime.fromMillis(data.weekStart, { zone: s.timezone }).minus({ weeks: 12 }).toISODate(),
      );
      expect(effect.followUpsKnownFrom).toBeNull();
      for (const c of report.channels.filter((c) => c.channel !== 'unattributed')) {
        const w = want.week.get(c.channel) ?? { due: 0, withinSla: 0, never: 0 };
        expect([c.channel, c.followUpDue, c.followedUpWithinSla, c.neverFollowedUp]).toEqual([
          c.channel,
          w.due,
          w.withinSla,
          w.never,
        ]);
      }
      // The channel table's follow-up adds up to the week's totals.
      const sum = (f: (c: (typeof report.channels)[number]) => number | null) =>
        report.channels.reduce((n, c) => n + (f(c) ?? 0), 0);
      expect(sum((c) => c.followedUpWithinSla)).toBe(report.totals.followedUpWithinSla);
      expect(sum((c) => c.neverFollowedUp)).toBe(report.totals.overdue);
      expect(sum((c) => c.followUpDue)).toBe(
        report.totals.followedUpWithinSla! + report.totals.followedUpLate! + report.totals.overdue!,
      );
    });
  }

  it('leaves out persons created before the first activity loaded, and says from when', async () => {
    const s: Scenario = {
      timezone: 'UTC',
      followUpSlaHours: 24,
      attribution: 'first_touch',
      week: '2026-W47',
      seed: 5,
      activitiesFrom: '2026-10-05T00:00:00Z',
    };
    const data = generate(s);
    wh = await warehouseFrom(
      { leads: data.leads, activities: data.activities, deals: data.deals },
      {},
      AFTER_EVERY_DATE,
    );
    const report = await wh.report(s.week);
    const effect = report.followUpEffect!;
    const want = expected(s, data);
    expect(effect.never).toEqual(want.never);
    expect(effect.withinSla).toEqual(want.withinSla);
    // Known from the day of the first activity that happened, of any type, as the week's totals
    // and the overdue list know them (follow-up-gaps.ts): an export with a task of a day holds it.
    const firstOfAny = Math.min(
      ...data.activities.filter((a) => a.has_happened !== false).map((a) => Date.parse(String(a.occurred_at))),
    );
    expect(effect.followUpsKnownFrom).toBe(
      DateTime.fromMillis(firstOfAny, { zone: 'UTC' }).startOf('day').toUTC().toISO(),
    );
  });

  it('is null when deals are not loaded: every rate would read 0 %', async () => {
    const data = generate({
      timezone: 'UTC',
      followUpSlaHours: 24,
      attribution: 'first_touch',
      week: '2026-W47',
      seed: 6,
    });
    wh = await warehouseFrom({ leads: data.leads, activities: data.activities });
    const report = await wh.report('2026-W47');
    expect(report.coverage.deals.measured).toBe(false);
    expect(report.followUpEffect).toBeNull();
  });

  it('is null, and the channels’ follow-up too, when follow-ups are not measured', async () => {
    const data = generate({
      timezone: 'UTC',
      followUpSlaHours: 24,
      attribution: 'first_touch',
      week: '2026-W47',
      seed: 7,
    });
    wh = await warehouseFrom({ leads: data.leads, deals: data.deals });
    const report = await wh.report('2026-W47');
    expect(report.followUpEffect).toBeNull();
    expect(report.channels.every((c) => c.followUpDue === null && c.neverFollowedUp === null)).toBe(true);
  });
});
