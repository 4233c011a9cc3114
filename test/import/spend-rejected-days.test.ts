/**
 * Spend rows rejected at import whose days were read (docs/methodology.md, "Rejected rows").
 * A Google Ads manager-account report by Day with an EUR account (2 × 300) and a USD account
 * (2 × 1,000) on 16–17 Nov, config EUR without a USD rate: the USD rows were rejected and W47
 * read "Ad spend €600, ROAS paid 8.3×" as measured (`coverage.partial.spend` and a data-health
 * line only), though 77 % of the week's spend was missing. A row's day known, its spend is not
 * measured in that week, as a rejected deal holds the deals; a row whose day cannot be read
 * keeps marking the week partial; a later load of the same campaign-day supersedes the reject.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IncompleteReportHold, unmeasured } from '../../functions/core/report/coverage.js';
import { emailText } from '../helpers/email-text.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'spend-rejects');
const file = (name: string) => join(FIXTURES, name);
const PARIS = { reportingCurrency: 'EUR', fxRates: { GBP: 1.15 }, timezone: 'Europe/Paris' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** The CRM side of the week: 4 leads, a won 5,000 EUR deal from a paid-search lead. */
async function crm(r: FieldCaseRun): Promise<void> {
  await r.import(file('contacts.csv'), 'hubspot-contacts-csv', { date: '2026-11-23' });
  await r.import(file('deals.csv'), 'hubspot-deals-csv', { date: '2026-11-23' });
}

describe('a Google Ads manager-account report whose USD account has no FX rate', () => {
  it('holds W47 spend, CPL and ROAS not measured, naming the rows, days, file and cause', async () => {
    run = await fieldCase(PARIS);
    expect(await run.import(file('g-mcc.csv'), 'google-ads-csv', { date: '2026-11-23' })).toContain(
      '2 loaded, 2 rejected',
    );
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      rowsRejected: [{ source: 'google_ads', rows: 2 }],
      rejectedSpend: [
        {
          file: 'g-mcc.csv',
          platform: 'google_ads',
          reason: 'no FX rate for USD: add it to fxRates in the config',
          rows: 2,
          from: '2026-11-16',
          to: '2026-11-17',
        },
      ],
    });
    expect(report.coverage.spend.reason).toContain(
      '2 Google Ads spend rows of 2026-11-16 to 2026-11-17 in g-mcc.csv were rejected at import (no FX rate for USD',
    );
    expect(report.totals).toMatchObject({
      spend: null,
      cpl: null,
      costPerOpportunity: null,
      roas: null,
      paidCpl: null,
      paidRoas: null,
    });
    expect(report.idleSpend).toEqual([]);
    // Not "partial" on top: the figures are not stated at all.
    expect(report.coverage.partial?.spend).toBeUndefined();
    expect(report.dataQuality.assumptions).toContainEqual({ source: 'google_ads', kind: 'spendRejected', rows: 2 });
    // The scheduled send holds it like any family not measured.
    expect(unmeasured(report.coverage)).toContain('spend');
    expect(new IncompleteReportHold(report).message).toContain('spend: 2 Google Ads spend rows');
    const text = emailText(report);
    expect(text).toContain(
      'Ad spend not measured: 2 Google Ads spend rows of 16 Nov–17 Nov in g-mcc.csv were rejected at import (no FX rate for USD',
    );
    expect(text).not.toContain('€600');
    expect(emailText(report, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: 2 Google Ads-Ausgabenzeilen vom 16. Nov.–17. Nov. in g-mcc.csv wurden beim Import abgelehnt',
    );
    // A week the rejected rows are not dated in is not concerned.
    const w46 = await run.report('2026-W46');
    expect(w46.coverage.spend.rejectedSpend).toBeUndefined();
    expect(w46.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'spendRejected' }));
  });
});

describe('other causes with the day read', () => {
  it('a Meta cost that does not read ("1OO.00" on 17 Nov): spend not measured', async () => {
    run = await fieldCase(PARIS);
    expect(await run.import(file('meta-bad-cost.csv'), 'meta-ads-csv', { date: '2026-11-23' })).toContain(
      '1 loaded, 1 rejected',
    );
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      rejectedSpend: [{ file: 'meta-bad-cost.csv', platform: 'meta', rows: 1, from: '2026-11-17', to: '2026-11-17' }],
    });
    expect(report.totals.spend).toBeNull();
  });

  it('a corrected export of the same campaign-day under another name supersedes the reject', async () => {
    run = await fieldCase(PARIS);
    await run.import(file('meta-bad-cost.csv'), 'meta-ads-csv', { date: '2026-11-23' });
    await crm(run);
    const fixed = join(run.dir, 'meta-fixed.csv');
    await writeFile(fixed, (await readFile(file('meta-bad-cost.csv'), 'utf8')).replace('1OO.00', '100.00'));
    expect(await run.import(fixed, 'meta-ads-csv', { date: '2026-11-23' })).toContain('2 loaded, 0 rejected');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(true);
    expect(report.coverage.partial?.spend).toBeUndefined();
    expect(report.totals.spend).toBe(200);
    expect(report.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'spendRejected' }));
  });

  it('a negative cost in a canonical spend file: spend not measured', async () => {
    run = await fieldCase(PARIS);
    expect(
      await run.import(file('spend-negative.csv'), 'canonical-spend', { source: 'google_ads', date: '2026-11-23' }),
    ).toContain('1 rejected');
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      rejectedSpend: [{ file: 'spend-negative.csv', platform: 'google_ads', rows: 1, from: '2026-11-17' }],
    });
  });
});

describe('a spend row whose day cannot be read (an Excel serial in Day)', () => {
  it('keeps the week measured and marked partial, as before', async () => {
    run = await fieldCase(PARIS);
    const bad = join(run.dir, 'meta-bad-day.csv');
    await copyFile(file('meta-bad-day.csv'), bad);
    expect(await run.import(bad, 'meta-ads-csv', { date: '2026-11-23' })).toContain('1 loaded, 1 rejected');
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(true);
    expect(report.coverage.spend.rejectedSpend).toBeUndefined();
    expect(report.coverage.partial?.spend).toMatchObject({ rowsRejected: [{ source: 'meta', rows: 1 }] });
    expect(report.totals.spend).toBe(100);
  });
});
