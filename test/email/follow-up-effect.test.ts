/**
 * The email's opening section, "Does following up pay?" (SPEC §5b): the sentence both heads
 * can quote, said only when both groups are large enough, never a multiple that reads as the
 * wrong claim, and "not measured" with its reason when follow-ups or deals are missing.
 */
import { describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import { buildEmailModel } from '../../emails/model.js';
import { renderWeeklyReport } from '../../emails/render.js';
import type { FollowUpEffect, FunnelReport } from '../../functions/core/report-types.js';

const group = (persons: number, opportunities: number) => ({
  persons,
  opportunities,
  rate: persons ? Math.round((opportunities / persons) * 10_000) / 10_000 : null,
});

function withEffect(effect: FollowUpEffect | null, edit: (r: FunnelReport) => void = () => {}) {
  const report = structuredClone(fixture.report);
  report.followUpEffect = effect;
  edit(report);
  return { report, trend: fixture.trend, methodologyUrl: 'https://example.test/methodology' };
}

const base: FollowUpEffect = {
  cohortStart: '2026-08-24',
  followUpsKnownFrom: null,
  minGroupSize: 30,
  withinSla: group(400, 48),
  late: group(100, 6),
  never: group(60, 3),
  channels: [{ channel: 'paid_social', withinSla: group(200, 20), late: group(40, 2), never: group(48, 1) }],
};

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('email: does following up pay?', () => {
  it('says how many times as often, with both rates and the groups, in the HTML and the text', async () => {
    const out = await renderWeeklyReport({ ...withEffect(base), locale: 'en' });
    const headline =
      'Leads followed up within 24 h became opportunities 2.4× as often as leads never followed up (12.0% vs 5.0%).';
    expect(plain(out.text)).toContain(headline);
    expect(plain(out.html)).toContain(headline);
    expect(plain(out.text)).toContain('400 followed up within the SLA, 100 late, 60 never');
    // Per channel: rates with group sizes and the ratio.
    expect(plain(out.text)).toContain('Paid social: 4.8× · within SLA 10.0% (200) · never 2.1% (48)');
    // The opening section comes before the KPIs.
    expect(out.text.indexOf('Does following up pay?')).toBeLessThan(out.text.indexOf('This week at a glance'));
  });

  it('says the same in Swiss German', async () => {
    const out = await renderWeeklyReport({ ...withEffect(base), locale: 'de-CH' });
    expect(plain(out.text)).toContain(
      'Leads, die innert 24 Std. kontaktiert wurden, wurden 2.4× so oft zur Opportunity wie nie kontaktierte Leads (12.0% gegenüber 5.0%).',
    );
    expect(out.text).not.toContain('ß');
  });

  it('compares nothing when a group is under 30 persons, and marks small channels "too few"', async () => {
    const small = { ...base, never: group(12, 0), channels: [{ ...base.channels[0]!, never: group(9, 0) }] };
    const m = buildEmailModel({ ...withEffect(small), locale: 'en' });
    expect(plain(m.effect.lines[0]!)).toBe(
      'Too few leads to compare yet: 400 followed up within the SLA, 12 never (at least 30 in each group).',
    );
    expect(m.effect.channels[0]?.value).toBe('too few');
  });

  it('names how many channels are left out on a line of its own, not as an empty figure', async () => {
    const channels = [
      'paid_search',
      'paid_social',
      'organic_search',
      'email',
      'referral',
      'direct',
      'display',
      'other',
    ].map((channel) => ({ ...base.channels[0]!, channel }));
    const out = await renderWeeklyReport({ ...withEffect({ ...base, channels }), locale: 'en' });
    const lines = plain(out.text).split('\n');
    expect(lines).toContain('and 2 more');
    expect(lines.some((l) => l.startsWith('and 2 more:'))).toBe(false);
    expect(plain(out.html)).not.toContain('<strong></strong>');
  });

  it('gives no multiple when the never group converts at 0 % or better than the followed-up group', async () => {
    for (const never of [group(50, 0), group(50, 10)]) {
      const m = buildEmailModel({ ...withEffect({ ...base, never }), locale: 'en' });
      expect(plain(m.effect.lines[0]!)).toMatch(
        /^Leads followed up within 24 h became opportunities in 12\.0% of cases/,
      );
      expect(m.effect.lines[0]).not.toContain('×');
    }
  });

  it('says who is left out when activities start inside the cohort', async () => {
    const m = buildEmailModel({ ...withEffect({ ...base, followUpsKnownFrom: '2026-10-05T09:30:00Z' }), locale: 'en' });
    expect(m.effect.lines).toContain(
      'Leads created before 5 Oct are left out: no calls, emails or meetings are loaded before then.',
    );
  });

  it('says "not measured" with the reason when follow-ups or deals are missing, never a rate', async () => {
    const noFollowUps = withEffect(null, (r) => {
      r.coverage.followUps = { measured: false, reason: 'no calls, emails or meetings loaded', lastDataAt: null };
    });
    const m = buildEmailModel({ ...noFollowUps, locale: 'en' });
    expect(m.effect.lines).toEqual(['Follow-ups not measured: no calls, emails or meetings loaded.']);
    expect(m.effect.channels).toEqual([]);
    const noDeals = withEffect(null, (r) => {
      r.coverage.deals = { measured: false, reason: 'no deals loaded', lastDataAt: null };
    });
    expect(buildEmailModel({ ...noDeals, locale: 'en' }).effect.lines).toEqual([
      'Deals not measured: no deals loaded.',
    ]);
  });
});
