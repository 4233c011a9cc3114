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
import { emailText } from '../helpers/email-text.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

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

/**
 * What a week whose leads are not loaded up to its cutoff must say: the figures that match deals
 * to leads, cost per lead and idle campaigns not measured, with the reason, in both languages;
 * spend, opportunities and pipeline still stated (a spend-only or deals-only store reports them).
 */
async function expectLeadsNotCovered(r: FieldCaseRun, reasonEn: RegExp, reasonDe: RegExp) {
  const report = await r.report('2026-W47');
  expect(report.totals.marketingSourcedOpportunities).toBeNull();
  expect(report.totals.roas).toBeNull();
  expect(report.totals.cpl).toBeNull();
  expect(report.idleSpend).toEqual([]);
  expect(report.totals.spend).toBe(450);
  expect(report.totals.opportunities).toBe(2);
  const text = emailText(report);
  expect(text).not.toMatch(/without an opportunity in the last 4 weeks/);
  expect(text).not.toMatch(/Sales-sourced 2 \(100/);
  expect(text).toMatch(reasonEn);
  expect(emailText(report, 'de-CH')).toMatch(reasonDe);
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
    expect(report.coverage.leadsNotCovered).toEqual({ source: 'hubspot', coveredUntil: '2026-11-16' });
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
    expect(report.coverage.leadsNotCovered).toEqual({ source: null });
  });

  it('the only leads source ends before the week (an export of 13 Nov): not "retired"', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(file('contacts-10-nov.csv'), 'hubspot-contacts-csv', { date: '2026-11-13' });
    await g5(run);
    await expectLeadsNotCovered(run, /the leads from HubSpot are loaded only up to 13 Nov/, /nur bis 13/);
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
