/**
 * Changes against the previous week, and the trend's earlier weeks, from files as users import
 * them. A change was computed against a week loaded only in part: leads imported with
 * `--period 2026-11-12..2026-11-29` read "Leads: 7 (+75.0%)" in W47 against the four leads of
 * 12–15 Nov, and the trend "W44 0 · W45 0" where nothing was loaded; two lead rows of 17–18 Nov
 * whose ids a spreadsheet damaged were said to be "of this week" in W48, beside "Leads: 3
 * (+200.0%)" against the short W47. Now a week whose leads (or spend) are loaded only in part
 * is not compared: no change, "–" in the trend, as for a family not measured. And follow-ups
 * loaded only from 18 Nov say so, not "only up to 2026-11-15".
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'week-over-week');
const file = (name: string) => join(FIXTURES, name);
const UTC = { reportingCurrency: 'EUR', fxRates: { USD: 0.9 }, timezone: 'UTC', followUpSlaHours: 24 };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** The KPI line of `label` and its trend line, as the text email prints them. */
function kpi(text: string, label: string): [string, string] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${label}: `));
  expect(i, `no "${label}" line`).toBeGreaterThanOrEqual(0);
  return [lines[i]!, lines[i + 1]!.trim()];
}

describe('files declared to start inside a week (--period 2026-11-12..2026-11-29)', () => {
  it('W47 states no change against the partly loaded W46, and no 0 for weeks before it', async () => {
    run = await fieldCase(UTC);
    const period = { source: 'hubspot', period: '2026-11-12..2026-11-29' };
    await run.import(file('leads-from-12-nov.csv'), 'canonical-leads', period);
    await run.import(file('activities-from-12-nov.csv'), 'canonical-activities', period);
    await run.import(file('deals-from-12-nov.csv'), 'canonical-deals', period);
    const report = await run.report('2026-W47');
    expect(report.totals.leads).toBe(7);
    // W46 holds 4 leads of 12–15 Nov; 9–11 Nov were never loaded.
    expect(report.previous).toMatchObject({ leads: null, mqls: null });
    expect(report.coverage.partial).toBeUndefined();
    const text = await run.text('2026-W47');
    expect(kpi(text, 'Leads')).toEqual(['Leads: 7', 'Last 4 weeks: W44 – · W45 – · W46 – · W47 7']);
    expect(text).not.toContain('+75.0%');
  });

  it('W48 compares with W47, which its periods cover', async () => {
    run = await fieldCase(UTC);
    await run.import(file('leads-from-12-nov.csv'), 'canonical-leads', {
      source: 'hubspot',
      period: '2026-11-12..2026-11-29',
    });
    const report = await run.report('2026-W48');
    expect(report.previous.leads).toBe(7);
    expect(kpi(await run.text('2026-W48'), 'Leads')).toEqual([
      'Leads: 7 (0.0%)',
      'Last 4 weeks: W45 – · W46 – · W47 7 · W48 7',
    ]);
  });
});

describe('lead rows rejected for damaged ids, with readable dates of 17–18 Nov', () => {
  it('count for W47 only: W48 names none and states no change against the short W47', async () => {
    run = await fieldCase(UTC);
    expect(await run.import(file('leads-damaged-ids.csv'), 'canonical-leads', { source: 'hubspot' })).toContain(
      '4 loaded, 2 rejected',
    );
    await run.import(file('activities-damaged-ids.csv'), 'canonical-activities', { source: 'hubspot' });
    const w48 = await run.report('2026-W48');
    expect(w48.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'leadsRejected' }));
    expect(w48.previous.leads).toBeNull();
    const text = await run.text('2026-W48');
    expect(text).not.toContain('Leads incomplete');
    expect(kpi(text, 'Leads')).toEqual(['Leads: 3', 'Last 4 weeks: W45 – · W46 – · W47 – · W48 3']);
    expect(text).not.toContain('+200.0%');

    const w47 = await run.report('2026-W47');
    expect(w47.dataQuality.assumptions).toContainEqual({ source: 'hubspot', kind: 'leadsRejected', rows: 2 });
    expect(w47.coverage.partial?.leads).toMatchObject({ rowsRejected: [{ source: 'hubspot', rows: 2 }] });
    expect(emailText(w47)).toContain(
      'Leads incomplete: 2 lead rows (HubSpot) rejected at import could be of this week',
    );
  });
});

describe('spend rows rejected in the previous week (a currency without an FX rate)', () => {
  it('states no spend change against it, and "–" for it in the trend', async () => {
    run = await fieldCase(UTC);
    await run.import(file('leads-w45-w48.csv'), 'canonical-leads', { source: 'hubspot' });
    expect(await run.import(file('spend-rejected-w46.csv'), 'canonical-spend', { source: 'google_ads' })).toContain(
      '1 rejected',
    );
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(true);
    // The JPY row's day (11 Nov) is read: since 1.14 W46's spend is not measured, not only
    // partial; either way no change is stated against it.
    expect(report.previous.spend).toBeNull();
    const [line, trend] = kpi(await run.text('2026-W47'), 'Ad spend');
    expect(line).toBe('Ad spend: €700');
    expect(trend).toMatch(/W46 – · W47 €700$/);
  });
});

describe('activities declared from 18 Nov (--period 2026-11-18..2026-11-29)', () => {
  it('W47 follow-ups are not measured "loaded only from 2026-11-18", in both email languages', async () => {
    run = await fieldCase(UTC);
    await run.import(file('leads-w45-w48.csv'), 'canonical-leads', { source: 'hubspot' });
    await run.import(file('activities-from-18-nov.csv'), 'canonical-activities', {
      source: 'hubspot',
      period: '2026-11-18..2026-11-29',
    });
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps).toMatchObject({ measured: false, coveredFrom: '2026-11-18' });
    expect(report.coverage.followUps.coveredUntil).toBeUndefined();
    expect(report.coverage.followUps.reason).toContain('HubSpot loaded only from 2026-11-18');
    expect(report.coverage.followUps.reason).not.toContain('up to');
    expect(emailText(report)).toContain(
      'Follow-ups not measured: the calls, emails or meetings loaded from HubSpot cover this week only from 18 Nov',
    );
    expect(emailText(report, 'de-CH')).toContain('decken diese Woche erst ab 18');
    // W48 is covered from its start: measured.
    expect((await run.report('2026-W48')).coverage.followUps.measured).toBe(true);
  });
});
