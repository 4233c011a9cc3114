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
      '2 Google Ads spend rows of 2026-11-16 to 2026-11-17 in g-mcc.csv (first on line 6) were rejected at import (no FX rate for USD',
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
      'Ad spend not measured: 2 Google Ads spend rows of 16 Nov–17 Nov in g-mcc.csv (first on line 6) were rejected at import (no FX rate for USD',
    );
    expect(text).not.toContain('€600');
    expect(emailText(report, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: 2 Google Ads-Ausgabenzeilen vom 16. Nov.–17. Nov. in g-mcc.csv (erste in Zeile 6) wurden beim Import abgelehnt',
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

// Since 1.15 (field case 10b-6): a spend row refused without days of its own still lies in
// the range its file states (its Reporting starts/ends, the title lines), so its cost is
// missing from those days as surely as a dated reject's.
describe('a spend row whose day cannot be read (an Excel serial in Day)', () => {
  it("covers the reporting range its row states: that week's spend is not measured, naming file, line and cause", async () => {
    run = await fieldCase(PARIS);
    const bad = join(run.dir, 'meta-bad-day.csv');
    await copyFile(file('meta-bad-day.csv'), bad);
    expect(await run.import(bad, 'meta-ads-csv', { date: '2026-11-23' })).toContain('1 loaded, 1 rejected');
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      rejectedSpend: [{ file: 'meta-bad-day.csv', line: 3, platform: 'meta', from: '2026-11-16', to: '2026-11-22' }],
    });
    expect(report.totals.spend).toBeNull();
  });

  it('without a stated range keeps the week measured and marked partial, as before', async () => {
    run = await fieldCase(PARIS);
    const bad = join(run.dir, 'meta-bad-day-norange.csv');
    const text = await readFile(file('meta-bad-day.csv'), 'utf8');
    // The same export without its Reporting starts/ends columns.
    await writeFile(bad, text.replace(/^[^,\n]*,[^,\n]*,/gm, ''));
    expect(await run.import(bad, 'meta-ads-csv', { date: '2026-11-23' })).toContain('1 loaded, 1 rejected');
    await crm(run);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(true);
    expect(report.coverage.spend.rejectedSpend).toBeUndefined();
    expect(report.coverage.partial?.spend).toMatchObject({ rowsRejected: [{ source: 'meta', rows: 1 }] });
    expect(report.totals.spend).toBe(100);
  });
});

// Field case 10b-6 (c35): the G9 "Maximum" file (Meta, 2023-10-23..2026-11-22) with a campaign
// without Starts: its row is refused (1127 days cannot be spread) and W47 read 7,372.40 as
// measured. The row's days lie in its reporting range: every week of it is not measured,
// until a later load of the same account over those days restates them.
describe('a spend row refused for a range too long to spread', () => {
  const MAXIMUM = [
    'Reporting starts,Reporting ends,Campaign name,Campaign ID,Starts,Ends,Amount spent (USD),Impressions',
    '2023-10-23,2026-11-22,Winter Webinar Promo,120210000000000111,2026-11-16,2026-11-22,7000.00,350000',
    '2023-10-23,2026-11-22,Always-on Retargeting,120210000000000112,2025-01-06,Ongoing,36500.00,2100000',
    '2023-10-23,2026-11-22,Old Test,120210000000000113,,,1200.00,50000',
  ].join('\n');
  const NY = { reportingCurrency: 'USD', timezone: 'America/New_York' };

  it('holds the spend of every week of its range not measured, naming file, line and cause', async () => {
    run = await fieldCase(NY);
    const max = join(run.dir, 'meta.csv');
    await writeFile(max, MAXIMUM);
    expect(await run.import(max, 'meta-ads-csv', { date: '2026-11-23' })).toContain('1 rejected');
    for (const week of ['2026-W47', '2025-W02']) {
      const report = await run.report(week);
      expect(report.coverage.spend.measured).toBe(false);
      expect(report.coverage.spend.rejectedSpend?.[0]).toMatchObject({ file: 'meta.csv', line: 4, platform: 'meta' });
      expect(report.coverage.spend.reason).toContain(
        'in meta.csv (line 4) was rejected at import (the reporting range',
      );
      expect(report.totals.spend).toBeNull();
    }
  });

  it('a later export of the account by day over those days restates them', async () => {
    run = await fieldCase(NY);
    const max = join(run.dir, 'meta.csv');
    // Without the campaign spread over 2025-01-06..: a daily file may replace only whole spreads.
    await writeFile(
      max,
      MAXIMUM.split('\n')
        .filter((l) => !l.includes('Always-on'))
        .join('\n'),
    );
    await run.import(max, 'meta-ads-csv', { date: '2026-11-23' });
    const daily = join(run.dir, 'meta-daily.csv');
    await writeFile(
      daily,
      [
        'Reporting starts,Reporting ends,Day,Campaign name,Campaign ID,Amount spent (USD),Impressions',
        '2026-11-16,2026-11-22,2026-11-16,Winter Webinar Promo,120210000000000111,1000.00,50000',
        '2026-11-16,2026-11-22,2026-11-22,Winter Webinar Promo,120210000000000111,1000.00,50000',
      ].join('\n'),
    );
    await run.import(daily, 'meta-ads-csv', { date: '2026-11-23' });
    const w47 = await run.report('2026-W47');
    expect(w47.coverage.spend).toMatchObject({ measured: true });
    expect(w47.totals.spend).toBe(7000);
    expect(w47.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'spendRejected' }));
    // A week the later load does not reach keeps the reject.
    const w46 = await run.report('2026-W46');
    expect(w46.coverage.spend.measured).toBe(false);
    expect(w46.dataQuality.assumptions).toContainEqual({ source: 'meta', kind: 'spendRejected', rows: 1 });
  });
});
