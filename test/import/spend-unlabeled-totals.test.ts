/**
 * A spend export split by a column the import does not know (a Polish Meta breakdown "Wiek",
 * Google Ads "Audience segment", a LinkedIn column of its own) with the "all" row among its values:
 * the rows of one campaign-day were summed, the total with them, so spend read doubled as
 * measured. Each case asserts the figure a user expects (spend-unlabeled-totals.ts).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function file(name: string, lines: readonly string[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'export-')), name);
  await writeFile(path, lines.join('\n'));
  return path;
}

const TEAM = { reportingCurrency: 'EUR', fxRates: { PLN: 0.23, USD: 0.9 }, timezone: 'Europe/Berlin' } as const;
const W47 =
  "select round(sum(cost), 2) as cost, sum(impressions) as impressions from spend where date between '2026-11-16' and '2026-11-22'";

describe('a total nothing labels, beside the rows of a column the import does not know', () => {
  it('Meta by a Polish "Wiek" with its "Wszystkie" row: the total is left out (300 PLN, was 600)', async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-wiek.csv', [
      'Campaign name,Day,Wiek,Amount spent (PLN),Impressions,Link clicks',
      'Prospecting,2026-11-16,Wszystkie,300.00,3000,30',
      'Prospecting,2026-11-16,18-24,100.00,1200,10',
      'Prospecting,2026-11-16,25-34,200.00,1800,20',
      'Prospecting,2026-11-17,18-24,50.00,500,5',
      'Prospecting,2026-11-17,25-34,0.00,0,0',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(out).toContain(
      'of which totals nothing labels: line 2 (the sum of lines 3, 4), their spend and every count the sum of the rows beside them',
    );
    expect(out).toContain(
      '5 rows in 2 groups share campaign, day and every column the import knows, told apart only by "Wiek": summed unless one is the total of the others',
    );
    expect(await run.query(W47)).toEqual([{ cost: 350, impressions: 3500 }]);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(true);
  });

  it('Google Ads by "Audience segment" with its total row (segment empty): the total is left out (300 EUR, was 600)', async () => {
    run = await fieldCase(TEAM);
    const path = await file('google-audiences.csv', [
      'Day,Campaign,Campaign type,Audience segment,Currency code,Cost,Impr.,Clicks,Conversions',
      '2026-11-17,Brand,Search,In-market: Software,EUR,100.00,1000,10,1.50',
      '2026-11-17,Brand,Search,Affinity: Tech,EUR,150.00,1500,15,0.25',
      '2026-11-17,Brand,Search,Remarketing,EUR,50.00,500,5,0.00',
      '2026-11-17,Brand,Search,,EUR,300.00,3000,30,1.75',
    ]);
    const out = await run.import(path, 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    expect(out).toContain('line 5 (the sum of lines 2, 3, 4)');
    expect(out).toContain('told apart only by "Audience segment"');
    expect(await run.query(W47)).toEqual([{ cost: 300, impressions: 3000 }]);
  });

  it('LinkedIn by a column it does not know ("Job Function"): its "All" row is left out', async () => {
    run = await fieldCase(TEAM);
    const path = await file('linkedin.csv', [
      'Campaign Name,Job Function,Start Date (in UTC),Currency,Total Spent,Impressions,Clicks',
      'Decision makers,All,11/16/2026,USD,90.00,900,9',
      'Decision makers,Marketing,11/16/2026,USD,60.00,600,6',
      'Decision makers,Sales,11/16/2026,USD,30.00,300,3',
    ]);
    const out = await run.import(path, 'linkedin-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    expect(out).toContain('line 2 (the sum of lines 3, 4)');
    expect(await run.query('select sum(cost) as cost from spend')).toEqual([{ cost: 90 }]);
  });

  it("a spend-only file cannot prove its total: the row is rejected and the week's spend is not measured (en, de-CH)", async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-spend-only.csv', [
      'Campaign name,Day,Wiek,Amount spent (EUR)',
      'Prospecting,2026-11-16,Wszystkie,300.00',
      'Prospecting,2026-11-16,18-24,100.00',
      'Prospecting,2026-11-16,25-34,200.00',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    // Was 600 loaded as measured.
    expect(out).toContain('1 rejected');
    expect(out).toContain(
      'its spend 300.00 EUR is the sum of the lines 3, 4 (same campaign and day, told apart only by "Wiek"): their total or a row of its own? Nothing but its spend proves it',
    );
    expect(await run.query(W47)).toEqual([{ cost: 300, impressions: null }]);
    const report = await run.report('2026-W47');
    expect(report.totals.spend).toBeNull();
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      subtotalMismatch: [
        {
          file: 'meta-spend-only.csv',
          line: 2,
          subtotal: 300,
          details: 300,
          detailRows: 2,
          doubt: { why: 'no-counts' },
        },
      ],
    });
    expect(report.coverage.spend.reason).toContain(
      'meta-spend-only.csv line 2: 300.00 EUR, the sum of the 2 rows beside it (told apart only by "Wiek"): their total or a row of its own, the file cannot tell',
    );
    expect(emailText(report)).toContain(
      'Ad spend not measured: meta-spend-only.csv line 2 (300.00 EUR) is the sum of the 2 rows beside it (same campaign and day, told apart only by "Wiek")',
    );
    expect(emailText(report, 'de-CH')).toContain('Werbeausgaben nicht gemessen: meta-spend-only.csv Zeile 2');
    expect(emailText(report, 'de-CH')).toContain('ist die Summe der 2 Zeilen daneben');
  });

  it('two rows that could each be the total (the other values without delivery) are not read either', async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-two.csv', [
      'Campaign name,Day,Wiek,Amount spent (EUR),Impressions',
      'Prospecting,2026-11-16,Wszystkie,100.00,1000',
      'Prospecting,2026-11-16,18-24,100.00,1000',
      'Prospecting,2026-11-16,25-34,0.00,0',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('1 rejected');
    expect(out).toContain('Line 3 could be their total as well');
    expect((await run.report('2026-W47')).coverage.spend.measured).toBe(false);
  });

  it('a true partition without a total is summed and measured, and the summary names the column', async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-partition.csv', [
      'Campaign name,Day,Wiek,Amount spent (EUR),Impressions',
      'Prospecting,2026-11-16,18-24,100.00,1000',
      'Prospecting,2026-11-16,25-34,150.00,1400',
      'Prospecting,2026-11-16,35-44,40.00,380',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    expect(out).not.toContain('subtotal');
    expect(out).toContain(
      '3 rows in 1 group share campaign, day and every column the import knows, told apart only by "Wiek"',
    );
    expect(await run.query(W47)).toEqual([{ cost: 290, impressions: 2780 }]);
    expect((await run.report('2026-W47')).totals.spend).toBe(290);
  });

  it('all-zero rows are nothing to judge: loaded as zero, no reject, spend measured', async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-zero.csv', [
      'Campaign name,Day,Wiek,Amount spent (EUR),Impressions',
      'Paused,2026-11-16,Wszystkie,0.00,0',
      'Paused,2026-11-16,18-24,0.00,0',
      'Paused,2026-11-16,25-34,0.00,0',
      'Prospecting,2026-11-16,Wszystkie,120.00,1200',
      'Prospecting,2026-11-16,18-24,70.00,700',
      'Prospecting,2026-11-16,25-34,50.00,500',
      'Prospecting,2026-11-16,65+,0.00,0',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    // The zero row (line 8) is in no sum.
    expect(out).toContain('line 5 (the sum of lines 6, 7)');
    expect(await run.query(W47)).toEqual([{ cost: 120, impressions: 1200 }]);
    expect((await run.report('2026-W47')).coverage.spend.measured).toBe(true);
  });

  it('rows of another currency are no part of the sum: each currency is judged on its own', async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-currencies.csv', [
      'Campaign name,Day,Wiek,Currency,Amount spent,Impressions',
      'Prospecting,2026-11-16,18-24,EUR,100.00,1000',
      'Prospecting,2026-11-16,25-34,EUR,150.00,1500',
      'Prospecting,2026-11-16,18-24,USD,250.00,2500',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    // The USD row is not taken for the EUR rows' total (same sums). Without an account id another
    // currency is another ad account (an account has one currency): both load, each in its own.
    expect(out).not.toContain('subtotal');
    expect(out).not.toContain('the sum of the lines');
    expect(out).toContain('0 rejected');
    expect(
      await run.query('select currency, sum(cost) as cost from spend group by currency order by currency'),
    ).toEqual([
      { currency: 'EUR', cost: 250 },
      { currency: 'USD', cost: 250 },
    ]);
  });

  it("a row whose spend is the others' sum but whose counts are not is not read as their total", async () => {
    run = await fieldCase(TEAM);
    const path = await file('meta-results.csv', [
      'Campaign name,Day,Wiek,Amount spent (EUR),Impressions,Results',
      'Prospecting,2026-11-16,Wszystkie,300.00,3000,12',
      'Prospecting,2026-11-16,18-24,100.00,1000,4',
      'Prospecting,2026-11-16,25-34,200.00,2000,7',
    ]);
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('1 rejected');
    expect(out).toContain('Its counts (Impressions, Results) are not their sums, so nothing proves it');
    expect((await run.report('2026-W47')).coverage.spend).toMatchObject({
      measured: false,
      subtotalMismatch: [{ line: 2, doubt: { why: 'counts-differ', siblings: [3, 4], columns: ['Wiek'] } }],
    });
  });
});
