/**
 * Whole-file checks of ad-platform spend exports (functions/sources/vendor-csv/spend-checks.ts,
 * conventions.ts): each case below loaded a wrong spend figure stated as measured before.
 * - two reports pasted into one file are refused naming the line the second one starts;
 * - LinkedIn's M/D/YYYY is read month-first whatever the team's locale; a day outside the
 *   report's title range refuses the file;
 * - the file's own total for its rows' level is a checksum, and identical rows need it.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, sum, utf8 } from './helpers.js';

const lines = (...l: string[]) => utf8(l.join('\n') + '\n');
/** A LinkedIn download: UTF-16LE with a BOM, tab-separated. */
const linkedin = (...l: string[]) => new Uint8Array(Buffer.from('\ufeff' + l.join('\n') + '\n', 'utf16le'));

describe('stacked reports in one spend file are refused', () => {
  it('Google Ads: two range reports pasted together (W45 read 2,100, was 700 + 3 rejects)', async () => {
    const file = lines(
      'Campaign report',
      '2 November 2026 - 8 November 2026',
      'Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions',
      'Brand Search,18734200011,Search,USD,700.00,"10,000",500,20.00',
      'Total: Campaigns,,,USD,700.00,"10,000",500,20.00',
      'Campaign report',
      '9 November 2026 - 15 November 2026',
      'Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions',
      'Brand Search,18734200011,Search,USD,1400.00,"20,000",1000,40.00',
      'Total: Campaigns,,,USD,1400.00,"20,000",1000,40.00',
    );
    await expect(importBytes('google-ads-csv', file, 'two-weeks.csv')).rejects.toThrow(
      'two-weeks.csv: line 6 starts a second report (its header again on line 8): import each report as its own file (nothing was loaded)',
    );
  });

  it('Google Ads: a second title range without its header is a second report too', async () => {
    const file = lines(
      'Campaign report',
      '2 November 2026 - 8 November 2026',
      'Campaign,Currency code,Cost',
      'Brand Search,USD,700.00',
      '9 November 2026 - 15 November 2026',
      'Brand Search,USD,1400.00',
    );
    await expect(importBytes('google-ads-csv', file, 'g.csv')).rejects.toThrow(
      /^g\.csv: line 5 starts a second report \(its title range "9 November 2026 - 15 November 2026" again\)/,
    );
  });

  it('Meta: the header repeated below the rows', async () => {
    const file = lines(
      'Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)',
      '2026-11-02,2026-11-08,Brand,70.00',
      'Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)',
      '2026-11-09,2026-11-15,Brand,140.00',
    );
    await expect(importBytes('meta-ads-csv', file, 'meta.csv')).rejects.toThrow(
      /^meta\.csv: line 3 starts a second report \(its header again\)/,
    );
  });

  it('LinkedIn: a second Report Start/End block and header', async () => {
    const file = linkedin(
      'Campaign Performance Report (in UTC)',
      'Report Start: 11/2/2026, Report End: 11/8/2026',
      '',
      'Account Name\tCampaign Name\tCampaign ID\tCurrency\tTotal Spent',
      'Acme\tABM Q4\t555001\tGBP\t700.00',
      'Campaign Performance Report (in UTC)',
      'Report Start: 11/9/2026, Report End: 11/15/2026',
      '',
      'Account Name\tCampaign Name\tCampaign ID\tCurrency\tTotal Spent',
      'Acme\tABM Q4\t555001\tGBP\t1400.00',
    );
    await expect(importBytes('linkedin-ads-csv', file, 'li.csv')).rejects.toThrow(
      /^li\.csv: line 6 starts a second report \(its header again on line 9\)/,
    );
  });
});

describe('LinkedIn dates are M/D/YYYY whatever the locale', () => {
  const daily = linkedin(
    'Campaign Performance Report (in UTC)',
    'Report Start: 11/2/2026, Report End: 11/8/2026',
    '',
    'Start Date (in UTC)\tAccount Name\tCampaign Name\tCampaign ID\tCurrency\tTotal Spent\tImpressions\tClicks',
    ...[2, 3, 4, 5, 6, 7, 8].map((d) => `11/${d}/2026\tAcme\tABM Q4\t555001\tGBP\t${d * 100 - 0}.00\t1000\t10`),
  );

  it('a team locale of en-GB does not turn 11/2/2026 into 11 February (was 2026-02-11..2026-08-11)', async () => {
    const { rows, rejects, notes } = await importBytes(
      'linkedin-ads-csv',
      daily,
      'account_513076055_campaign_performance_report.csv',
      'Europe/London',
      { reportingCurrency: 'GBP', locale: 'en-GB' },
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.date)).toEqual([
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
      '2026-11-08',
    ]);
    expect(sum(rows, 'cost')).toBe(3500);
    expect(notes).toMatchObject({
      dateOrder: { order: 'MDY', from: 'format' },
      declaredPeriod: { from: '2026-11-02', to: '2026-11-08' },
    });
  });

  it('a setting still wins (a file re-saved by a spreadsheet in another order)', async () => {
    const { rows } = await importBytes('linkedin-ads-csv', daily, 'li.csv', 'UTC', {
      sources: { 'linkedin-ads-csv': { dateOrder: 'DMY' } },
    });
    expect(rows[0]!.date).toBe('2026-02-11');
  });

  it('Google Ads keeps the locale tie-break (it writes ISO days: a numeric one was rewritten in the user’s locale)', async () => {
    const { rows, notes } = await importBytes(
      'google-ads-csv',
      lines('Day,Campaign,Currency code,Cost', '03/11/2026,Brand,GBP,5.00'),
      'g.csv',
      'UTC',
      { locale: 'en-GB' },
    );
    expect(rows[0]!.date).toBe('2026-11-03');
    expect(notes).toMatchObject({ dateOrder: { order: 'DMY', from: 'locale' } });
  });
});

describe('a day outside the title range refuses a day-segmented report', () => {
  it('Google Ads: 2026-11-12 in a 2–8 November report (was a reject, the rest loaded)', async () => {
    const file = lines(
      'Campaign report',
      '2 November 2026 - 8 November 2026',
      'Day,Campaign,Currency code,Cost',
      '2026-11-02,Brand,USD,100.00',
      '2026-11-12,Brand,USD,100.00',
    );
    await expect(importBytes('google-ads-csv', file, 'g.csv')).rejects.toThrow(
      /^g\.csv: line 5: the day 2026-11-12 is outside the report's range 2026-11-02\.\.2026-11-08 on its title lines; .*check the date order/,
    );
  });

  it('LinkedIn: rows read in another order than the title (a value proves 13/11) are refused', async () => {
    const file = linkedin(
      'Campaign Performance Report (in UTC)',
      'Report Start: 11/2/2026, Report End: 11/8/2026',
      '',
      'Start Date (in UTC)\tCampaign Name\tCurrency\tTotal Spent',
      '13/11/2026\tABM Q4\tGBP\t100.00',
    );
    await expect(importBytes('linkedin-ads-csv', file, 'li.csv')).rejects.toThrow(
      /^li\.csv: line 5: the day 2026-11-13 is outside the report's range 2026-02-11\.\.2026-08-11/,
    );
  });
});

describe("the file's own total is a checksum", () => {
  const googleDays = (total: string, ...extra: string[]) =>
    lines(
      'Campaign report',
      '16 November 2026 - 22 November 2026',
      'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions',
      '2026-11-16,Brand Search,18734200011,Search,USD,100.00,1000,10,1.00',
      '2026-11-17,Brand Search,18734200011,Search,USD,100.00,1000,10,1.00',
      '2026-11-18,Brand Search,18734200011,Search,USD,100.00,1000,10,1.00',
      '2026-11-18,Brand Search,18734200011,Search,USD,100.00,1000,10,1.00',
      '2026-11-19,Brand Search,18734200011,Search,USD,100.00,1000,10,1.00',
      ...extra,
      total,
    );

  it('Google Ads: a row pasted twice against "Total: Campaigns" 400 is refused (was 500 loaded)', async () => {
    await expect(
      importBytes('google-ads-csv', googleDays('Total: Campaigns,,,,USD,400.00,4000,40,4.00'), 'twice.csv'),
    ).rejects.toThrow(
      `twice.csv: line 9: the file's total "Total: Campaigns" says USD 400.00 but its loaded rows sum to USD 500.00 (lines 6 and 7 are the same row: pasted twice?); export the report again (nothing was loaded)`,
    );
  });

  it('Google Ads: identical rows that the total proves are both meant load', async () => {
    const { rows, notes } = await importBytes(
      'google-ads-csv',
      googleDays('Total: Campaigns,,,,USD,500.00,5000,50,5.00'),
      'g.csv',
    );
    expect(sum(rows, 'cost')).toBe(500);
    expect(notes).toMatchObject({ identicalRowsKept: 1, totalsChecked: [{ line: 9, currency: 'USD', rows: 5 }] });
  });

  it('Google Ads: identical rows without a total are refused naming both lines', async () => {
    const noTotal = lines(
      'Day,Campaign,Currency code,Cost',
      '2026-11-18,Brand Search,USD,100.00',
      '2026-11-18,Brand Search,USD,100.00',
    );
    await expect(importBytes('google-ads-csv', noTotal, 'g.csv')).rejects.toThrow(
      /^g\.csv: lines 2 and 3 are the same row \(every cell equal\): a row pasted twice, or two rows of a finer level/,
    );
  });

  it('identical rows without cost change no figure and load', async () => {
    const { rows } = await importBytes(
      'google-ads-csv',
      lines(
        'Campaign report',
        '16 November 2026 - 22 November 2026',
        'Campaign,Currency code,Cost',
        'Test,USD,0.00',
        'Test,USD,0.00',
        'Brand,USD,70.00',
      ),
      'g.csv',
    );
    expect(sum(rows, 'cost')).toBe(70);
  });

  it("rounding of the file's decimals is allowed (1661.67 + 904.26 against 2565.92, a real Google Ads footer)", async () => {
    const { rows } = await importBytes(
      'google-ads-csv',
      lines(
        'Campaign report',
        '"July 8, 2025 - July 31, 2025"',
        'Campaign,Currency code,Cost',
        'Video views,INR,1661.67',
        'MH-m-sand,INR,904.26',
        'Total: Campaigns,INR,2565.92',
        'Total: Account,INR,9999.00',
      ),
      'inr.csv',
    );
    expect(sum(rows, 'cost')).toBe(2565.93);
  });

  it('Meta: the summary line disagrees with the rows', async () => {
    const file = lines(
      'Campaign name,Day,Currency,Amount spent',
      ',,EUR,150.00',
      'Brand,2026-11-16,EUR,100.00',
      'Brand,2026-11-17,EUR,100.00',
    );
    await expect(importBytes('meta-ads-csv', file, 'meta.csv')).rejects.toThrow(
      /^meta\.csv: line 2: the file's total "the summary line" says EUR 150\.00 but its loaded rows sum to EUR 200\.00/,
    );
  });

  it('Meta: an ad-level export with two identical ad rows loads (the Ad name column is the finer level)', async () => {
    const { rows } = await importBytes(
      'meta-ads-csv',
      lines(
        'Campaign name,Ad name,Day,Currency,Amount spent',
        'Brand,Video,2026-11-16,EUR,10.00',
        'Brand,Video,2026-11-16,EUR,10.00',
      ),
      'meta.csv',
    );
    expect(sum(rows, 'cost')).toBe(20);
  });

  it('LinkedIn: a "Total" line without a day checks the rows', async () => {
    const file = linkedin(
      'Start Date (in UTC)\tCampaign Name\tCampaign ID\tCurrency\tTotal Spent',
      '11/16/2026\tABM Q4\t555001\tGBP\t100.00',
      '11/16/2026\tABM Q4\t555001\tGBP\t100.00',
      'Total\t\t\tGBP\t100.00',
    );
    await expect(importBytes('linkedin-ads-csv', file, 'li.csv')).rejects.toThrow(
      /^li\.csv: line 4: the file's total "Total" says GBP 100\.00 but its loaded rows sum to GBP 200\.00 \(lines 2 and 3 are the same row/,
    );
  });
});
