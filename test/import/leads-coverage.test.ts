/**
 * A week's leads loaded up to its cutoff, or the figures resting on them not measured
 * (docs/methodology.md, "Leads, to the cutoff"), from files as users import them beside the G5 field case (Google Ads spend of
 * 16–22 Nov and HubSpot deals, both exported 23 Nov). Before, a contacts export of 16 Nov
 * imported later read as all of W47's leads ("Leads 1", CPL 450, "1 campaign spent US$150 this
 * week without an opportunity"), a `--period` ending 16 Nov only set `coverage.partial.leads`,
 * which the email never showed, no leads file at all read "Leads 0, sales-sourced 100 %", and an
 * export of 13 Nov was a "retired" source, not judged. And idle spend was stated from deals
 * declared for W47 alone, though 26 Oct – 15 Nov of deals were never loaded.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unmeasured } from '../../functions/core/report/coverage.js';
import type { Freshness } from '../../functions/core/freshness.js';
import { assertSendable } from '../../functions/core/send-report.js';
import { emailText } from '../helpers/email-text.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

/** Every source fresh: only the coverage decides the hold. */
const NO_STALE_SOURCE: Freshness = {
  checkedAt: '2026-11-23T06:00:00.000Z',
  staleAfterHours: 36,
  holdAfterHours: 72,
  sources: [],
  stale: [],
  hold: false,
  message: null,
  footer: [],
};

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'leads-coverage');
const file = (name: string) => join(FIXTURES, name);

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** G5's spend and deals, both exported 23 Nov; `deals: false` leaves the deals out. */
async function g5(r: FieldCaseRun, deals = true): Promise<void> {
  await r.import('G5/google-ads-daily.csv', 'google-ads-csv', { date: '2026-11-23' });
  if (deals) await r.import('G5/hubspot-deals.csv', 'hubspot-deals-csv', { date: '2026-11-23' });
}

/** Every figure that counts the week's leads or is a rate over them (the week's own figures). */
const LEAD_FIGURES = [
  'leads',
  'mqls',
  'paidLeads',
  'cpl',
  'paidCpl',
  'followedUpWithinSla',
  'followedUpLate',
  'overdue',
  'pending',
  'untimedLeads',
  'slaRate',
  'slaRateMqls',
  'medianHoursToFollowUp',
] as const;

/**
 * What a week whose leads are not loaded up to its cutoff must say: the lead count, MQLs, paid
 * leads, the follow-up figures over the week's leads (per channel too, and the week's cohort),
 * the figures that match deals to leads, cost per lead and idle campaigns not measured, with the
 * reason, in both languages; spend, opportunities and pipeline still stated (a spend-only or
 * deals-only store reports them).
 */
async function expectLeadsNotCovered(r: FieldCaseRun, reasonEn: RegExp, reasonDe: RegExp) {
  const report = await r.report('2026-W47');
  for (const figure of LEAD_FIGURES) expect(report.totals[figure], figure).toBeNull();
  expect(report.totals.marketingSourcedOpportunities).toBeNull();
  expect(report.totals.roas).toBeNull();
  expect(report.idleSpend).toEqual([]);
  expect(report.totals.spend).toBe(450);
  expect(report.totals.opportunities).toBe(2);
  expect(report.channels.length).toBeGreaterThan(0);
  for (const c of report.channels) {
    expect([c.channel, c.leads, c.cpl, c.followUpDue, c.followedUpWithinSla, c.neverFollowedUp]).toEqual([
      c.channel,
      null,
      null,
      null,
      null,
      null,
    ]);
  }
  const w47 = report.cohorts?.at(-1);
  expect(w47?.week).toBe('2026-W47');
  expect([w47?.leads, w47?.mqls, w47?.mqlRate]).toEqual([null, null, null]);
  const text = emailText(report);
  expect(text).not.toMatch(/without an opportunity in the last 4 weeks/);
  expect(text).not.toMatch(/Sales-sourced 2 \(100/);
  expect(text).toMatch(reasonEn);
  // "Leads 1" (or 0) was read as the week's: the KPI, the funnel and the cohort say "not measured".
  expect(text).not.toMatch(/^Leads: \d/m);
  expect(text).toMatch(/^Leads: not measured\n {2}Last 4 weeks: .*W47 –$/m);
  expect(text).toMatch(/^Marketing-qualified \(MQL\): not measured$/m);
  expect(text).toMatch(/^W47 +1\swk\* +–/m);
  expect(text).toContain('– in Leads: that week’s leads are not loaded for all its days');
  const de = emailText(report, 'de-CH');
  expect(de).toMatch(reasonDe);
  expect(de).not.toMatch(/^Leads: \d/m);
  expect(de).toMatch(/^Leads: nicht gemessen$/m);
  expect(de).toContain('– bei Leads: Die Leads dieser Woche sind nicht für alle ihre Tage geladen');
  return report;
}

describe('a week whose leads are not loaded up to its cutoff: marketing-sourced, CPL and idle spend not measured', () => {
  it('a contacts export of 16 Nov (no --period), imported later: "loaded only up to 16 Nov"', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-2026-11-16.csv'), 'hubspot-contacts-csv', { date: '2026-11-16' });
    await g5(run);
    const report = await expectLeadsNotCovered(
      run,
      /not measured: the leads from HubSpot are loaded only up to 16 Nov/,
      /Die Leads aus HubSpot sind nur bis 16\.? ?Nov/,
    );
    expect(report.coverage.leadsNotCovered).toEqual({
      source: 'hubspot',
      coveredUntil: '2026-11-16',
      reason: 'leads from HubSpot loaded only up to 2026-11-16; the week needs them up to 2026-11-22',
    });
    // A leads source that stops short holds the scheduled send (a store without leads does not).
    expect(() => assertSendable({ report, freshness: NO_STALE_SOURCE })).toThrow(
      /^holding the 2026-W47 report: not measured \(leads: leads from HubSpot loaded only up to 2026-11-16; .*--allow-incomplete$/,
    );
    expect(() => assertSendable({ report, freshness: NO_STALE_SOURCE, allowIncomplete: true })).not.toThrow();
    // The export day covers W46 whole: measured there.
    expect((await run.report('2026-W46')).coverage.leadsNotCovered).toBeUndefined();
  });

  it('the same export declared --period 2026-11-01..2026-11-16: said in the email, not only in the JSON', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-2026-11-16.csv'), 'hubspot-contacts-csv', {
      date: '2026-11-16',
      period: '2026-11-01..2026-11-16',
    });
    await g5(run);
    await expectLeadsNotCovered(run, /loaded only up to 16 Nov/, /nur bis 16/);
  });

  it('no leads file at all, only spend and deals: "no leads are loaded", spend and deals still stated', async () => {
    run = await fieldCase('cfg-ny.json');
    await g5(run);
    const report = await expectLeadsNotCovered(run, /not measured: no leads are loaded/, /Es sind keine Leads geladen/);
    expect(report.coverage.leadsNotCovered).toEqual({ source: null, reason: 'no leads loaded' });
  });

  it('the only leads source ends before the week (an export of 13 Nov): not "retired"', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-10-nov.csv'), 'hubspot-contacts-csv', { date: '2026-11-13' });
    await g5(run);
    const report = await expectLeadsNotCovered(
      run,
      /the leads from HubSpot are loaded only up to 13 Nov/,
      /nur bis 13/,
    );
    expect(report.coverage.leadsNotCovered?.reason).toBe(
      'leads from HubSpot loaded only up to 2026-11-13; the week needs them up to 2026-11-22',
    );
  });

  it('a source that ends before the week beside one that covers it is retired: the week is measured', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-10-nov.csv'), 'hubspot-contacts-csv', { date: '2026-11-13', source: 'oldcrm' });
    await run.import('G5/contacts-utm.csv', 'hubspot-contacts-csv', { date: '2026-11-23' });
    await g5(run);
    const report = await run.report('2026-W47');
    expect(report.totals.leads).toBe(2);
    expect(report.coverage.leadsNotCovered).toBeUndefined();
    expect(report.totals.marketingSourcedOpportunities).toBe(2);
    expect(report.coverage.partial?.leads).toBeUndefined();
    // W46 holds the old source's lead of 10 Nov, and its export of 13 Nov ends inside W46:
    // shown in the trend as "–", not compared.
    expect(report.previous.leads).toBeNull();
  });
});

describe('a week whose leads are not loaded up to its cutoff: the overdue list and a store without leads', () => {
  it('the overdue list is kept, and its intro says the leads are loaded only up to 16 Nov (en, de-CH)', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-2026-11-16.csv'), 'hubspot-contacts-csv', { date: '2026-11-16' });
    // Calls, emails and meetings of 17–20 Nov, exported after the week: follow-ups are measured.
    await run.import('A1/hubspot-activities.csv', 'hubspot-activities-csv');
    await g5(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    // Ines (16 Nov 10:05) had no follow-up: truly overdue, so listed; the week's counts are not measured.
    expect(report.overdueLeads.map((l) => l.email)).toEqual(['ines.varga@lumen-labs.example']);
    expect([report.totals.overdue, report.totals.slaRate, report.totals.leads]).toEqual([null, null, null]);
    const text = emailText(report);
    expect(text).toContain(
      '1 lead from this week and the 3 before; owners with the most first. The leads from HubSpot are loaded only up to 16 Nov: leads created after it are not in this list.',
    );
    expect(text).toMatch(/^SLA rate, all leads: not measured$/m);
    expect(text).toMatch(/^Leads of this week not yet followed up, past the SLA: not measured$/m);
    expect(text).not.toContain('every lead past the SLA has been contacted');
    const de = emailText(report, 'de-CH');
    expect(de).toContain(
      'Die Leads aus HubSpot sind nur bis 16. Nov. geladen: Später erfasste Leads fehlen in dieser Liste.',
    );
    expect(de).toMatch(/^Quote innert Frist, alle Leads: nicht gemessen$/m);
  });

  it('a spend-only store (no leads ever loaded): "Leads: not measured: no leads loaded", never "Leads 0"; spend stated, no hold', async () => {
    run = await fieldCase('cfg-ny.json');
    await g5(run, false);
    const report = await run.report('2026-W47');
    expect(report.coverage.leadsNotCovered).toEqual({ source: null, reason: 'no leads loaded' });
    expect(report.totals.leads).toBeNull();
    expect(report.totals.spend).toBe(450);
    // Every cohort week: nothing loaded there is not 0 leads.
    expect(report.cohorts?.map((c) => c.leads)).toEqual(Array(8).fill(null));
    // The CLI's email, with its 4-week trend.
    const text = await run.text('2026-W47');
    expect(text).not.toMatch(/Leads: 0|^Leads +0/m);
    expect(text).toMatch(/^Leads: not measured\n {2}Last 4 weeks: W44 – · W45 – · W46 – · W47 –$/m);
    expect(text).toContain('not measured: no leads are loaded, so the week would read 0 leads');
    expect(text).toMatch(/^Ad spend: US\$450$/m);
    const de = emailText(report, 'de-CH');
    expect(de).toMatch(/^Leads: nicht gemessen$/m);
    expect(de).toContain('nicht gemessen: Es sind keine Leads geladen');
  });
});

describe('the scheduled send is not held for leads not loaded', () => {
  it('spend, deals and activities without any leads: no family unmeasured (the send goes), leads "not measured" in the email', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('A1/hubspot-activities.csv', 'hubspot-activities-csv');
    await g5(run);
    const report = await run.report('2026-W47');
    // The send path holds only for these (send-report.ts): a team loading no leads still gets its figures.
    expect(unmeasured(report.coverage)).toEqual([]);
    expect(report.coverage.leadsNotCovered).toEqual({ source: null, reason: 'no leads loaded' });
    expect(() => assertSendable({ report, freshness: NO_STALE_SOURCE })).not.toThrow();
    expect([report.totals.leads, report.totals.slaRate, report.totals.overdue]).toEqual([null, null, null]);
    expect([report.totals.spend, report.totals.opportunities, report.totals.pipeline]).toEqual([450, 2, 15_000]);
    const text = emailText(report);
    expect(text).toMatch(/^Leads: not measured$/m);
    expect(text).toContain('No leads are loaded, so none can be listed.');
    expect(text).not.toContain('every lead past the SLA has been contacted');
    expect(emailText(report, 'de-CH')).toContain('Es sind keine Leads geladen, daher kann keiner aufgeführt werden.');
  });
});

describe('idle spend needs the deals of all 4 weeks', () => {
  it('deals declared for W47 alone: idle spend not measured, with the days left out (en, de-CH)', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('G5/contacts-utm.csv', 'hubspot-contacts-csv', { date: '2026-11-23' });
    await run.import('G5/google-ads-daily.csv', 'google-ads-csv', { date: '2026-11-23' });
    await run.import(file('deals-w47.csv'), 'hubspot-deals-csv', {
      date: '2026-11-23',
      period: '2026-11-16..2026-11-22',
    });
    const report = await run.report('2026-W47');
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.coverage.spend.dealsWindowGap).toEqual({ source: 'hubspot', from: '2026-10-26', to: '2026-11-15' });
    expect(report.idleSpend).toEqual([]);
    const text = emailText(report);
    expect(text).not.toContain('without an opportunity in the last 4 weeks');
    expect(text).toContain('Not measured: no HubSpot deals are loaded from 26 Oct to 15 Nov');
    expect(emailText(report, 'de-CH')).toContain('sind keine Deals aus HubSpot geladen');
  });

  it('deals exported 23 Nov (an export day, open start): idle spend is measured as before', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('G5/contacts-utm.csv', 'hubspot-contacts-csv', { date: '2026-11-23' });
    await g5(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.dealsWindowGap).toBeUndefined();
  });
});
