/** Spend rows segmented by a period column, in the languages of period-headers.ts, and the campaign schedule. */
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../../functions/core/records.js';
import { importBytes, sum, utf8 } from './helpers.js';

const daysOf = (rows: CanonicalRecord[]) => rows.map((r) => r.date).sort();
const first = (rows: CanonicalRecord[]) => daysOf(rows)[0];
const last = (rows: CanonicalRecord[]) => daysOf(rows).at(-1);

describe('period columns', () => {
  it('a Semana column with written dates: each week its 7 days', async () => {
    // The format's other Spanish headers come with its localized table (another change).
    const text = ['Semana,Campaign,Currency code,Cost', '2 nov 2026,Marca,USD,70.00'].join('\n');
    const { rows, rejects, notes } = await importBytes('google-ads-csv', utf8(text), 'es-semana.csv');
    expect(rejects).toEqual([]);
    expect([first(rows), last(rows), rows.length]).toEqual(['2026-11-02', '2026-11-08', 7]);
    expect(sum(rows, 'cost')).toBe(70);
    expect(notes).toMatchObject({ spreadEvenly: true, spreadRows: 1 });
    expect(String(notes.spreadOver)).toBe(
      "evenly over the days of each row's week (7 days from its first day): an estimate, not the platform's daily figures",
    );
  });

  it('Italian Trimestre, Dutch Maand, French Mois, Portuguese Mês', async () => {
    const cases: [string, string, string, string, number][] = [
      ['Trimestre', 'T3 2026', '2026-07-01', '2026-09-30', 92],
      ['Maand', 'november 2026', '2026-11-01', '2026-11-30', 30],
      ['Mois', '2026-02', '2026-02-01', '2026-02-28', 28],
      ['Mês', '2026-03-01', '2026-03-01', '2026-03-31', 31],
    ];
    for (const [header, value, start, end, n] of cases) {
      const text = `${header},Campaign,Currency code,Cost\n${value},Brand,USD,100.00\n`;
      const { rows, rejects } = await importBytes('google-ads-csv', utf8(text), `${header}.csv`);
      expect(rejects, header).toEqual([]);
      expect([first(rows), last(rows), rows.length], header).toEqual([start, end, n]);
      expect(sum(rows, 'cost'), header).toBe(100);
    }
  });

  it('a Month given as a date that is not the first day is refused with the reason', async () => {
    const text = 'Month,Campaign,Currency code,Cost\n2026-11-15,Brand,USD,100.00\n';
    const { rows, rejects } = await importBytes('google-ads-csv', utf8(text), 'mid-month.csv');
    expect(rows).toEqual([]);
    expect(rejects[0]).toMatchObject({
      line: 2,
      field: 'Month',
      reason: '"2026-11-15" is not the first day of a month; export the month as its name',
    });
  });

  // Google Ads' Time → Month of year and Year: each row was spread over the whole title range,
  // so half of December's cost landed in November (4,475.42 instead of 3,000).
  it('Month of year: each month within the title range; a month the range holds in two years is refused', async () => {
    const title = 'Campaign report\n1 November 2026 - 31 December 2026\n';
    const text = `${title}Month of year,Campaign,Currency code,Cost\nNovember,Brand,USD,3000.00\nDecember,Brand,USD,6200.00\n`;
    const { rows, rejects } = await importBytes('google-ads-csv', utf8(text), 'month-of-year.csv');
    expect(rejects).toEqual([]);
    const november = rows.filter((r) => String(r.date) < '2026-12-01');
    expect([first(november), last(november), sum(november, 'cost')]).toEqual(['2026-11-01', '2026-11-30', 3000]);
    expect(sum(rows, 'cost')).toBe(9200);

    const long =
      'Campaign report\n1 November 2025 - 31 December 2026\nMonth of year,Campaign,Currency code,Cost\nNovember,Brand,USD,3000.00\n';
    const refused = await importBytes('google-ads-csv', utf8(long), 'two-years.csv');
    expect(refused.rows).toEqual([]);
    expect(refused.rejects[0]).toMatchObject({
      field: 'Month of year',
      reason: expect.stringContaining('holds November in 2025 and 2026; export the report segmented by Month'),
    });
  });

  it('Year: each row within its own year of the title range', async () => {
    const text =
      'Campaign report\n15 December 2025 - 11 January 2026\nYear,Campaign,Currency code,Cost\n2025,Brand,USD,2000.00\n2026,Brand,USD,550.00\n';
    const { rows, rejects } = await importBytes('google-ads-csv', utf8(text), 'year.csv');
    expect(rejects).toEqual([]);
    const y2026 = rows.filter((r) => String(r.date) >= '2026-01-01');
    expect([first(y2026), last(y2026), sum(y2026, 'cost')]).toEqual(['2026-01-01', '2026-01-11', 550]);
    expect([first(rows), sum(rows, 'cost')]).toEqual(['2025-12-15', 2550]);
  });

  it('"Day of week" / "Wochentag" are not a Day column: the title range applies', async () => {
    const text = [
      'Campaign report',
      '2 November 2026 - 8 November 2026',
      'Day of week,Campaign,Currency code,Cost',
      'Monday,Brand,USD,70.00',
    ].join('\n');
    const { rows, rejects } = await importBytes('google-ads-csv', utf8(text), 'dow.csv');
    expect(rejects).toEqual([]);
    expect([first(rows), last(rows)]).toEqual(['2026-11-02', '2026-11-08']);
    const de = ['Wochentag,Kampagne,Währungscode,Kosten', 'Montag,Marke,USD,70'].join('\n');
    await expect(importBytes('google-ads-csv', utf8(de), 'wochentag.csv')).rejects.toThrow(
      /expected a day column or a date range on the title lines/,
    );
  });

  it('a week wholly outside the title range: a cost is a reject, a zero row is nothing', async () => {
    const text = [
      'Campaign report',
      '9 November 2026 - 15 November 2026',
      'Week,Campaign,Currency code,Cost',
      '2026-10-26,Brand,USD,0.00',
      '2026-11-30,Brand,USD,50.00',
      '2026-11-09,Brand,USD,70.00',
    ].join('\n');
    const { rows, rejects, notes } = await importBytes('google-ads-csv', utf8(text), 'outside.csv');
    expect(sum(rows, 'cost')).toBe(70);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 5,
        reason:
          "the week 2026-11-30..2026-12-06 shares no day with the report's range 2026-11-09..2026-11-15, so its cost has no day; check the export's dates",
      }),
    ]);
    expect(String(notes.spreadOver)).toContain("within the report's range 2026-11-09..2026-11-15");
  });

  it('a Day report keeps one row per day (no spread notes)', async () => {
    const text = 'Tag,Kampagne,Währungscode,Kosten\n10.11.2026,Marke,EUR,"12,50"\n';
    const { rows, notes } = await importBytes('google-ads-csv', utf8(text), 'tag.csv');
    expect(rows.map((r) => [r.date, r.cost])).toEqual([['2026-11-10', 12.5]]);
    expect(notes.spreadEvenly).toBeUndefined();
  });
});

describe('a campaign schedule beside the reporting range', () => {
  it('French Meta export: Début / Fin = En cours clip the reporting range', async () => {
    const text = [
      'Début des rapports,Fin des rapports,Nom de la campagne,Début,Fin,Montant dépensé (EUR)',
      '2026-01-01,2026-11-22,Hiver,2026-11-16,2026-11-22,"700,00"',
      '2026-01-01,2026-11-22,Toujours,2026-11-13,En cours,"1000,00"',
    ].join('\n');
    const { rows, rejects } = await importBytes('meta-ads-csv', utf8(text), 'fr.csv');
    expect(rejects).toEqual([]);
    const hiver = rows.filter((r) => r.campaign_name === 'Hiver');
    const toujours = rows.filter((r) => r.campaign_name === 'Toujours');
    expect([first(hiver), last(hiver), sum(hiver, 'cost')]).toEqual(['2026-11-16', '2026-11-22', 700]);
    expect([first(toujours), last(toujours), sum(toujours, 'cost')]).toEqual(['2026-11-13', '2026-11-22', 1000]);
  });

  it('a campaign that ended before the reporting range: its cost is a reject, never moved', async () => {
    const text = [
      'Reporting starts,Reporting ends,Campaign name,Starts,Ends,Amount spent (USD)',
      '2026-11-01,2026-11-30,Gone,2026-01-01,2026-02-01,10.00',
    ].join('\n');
    const { rows, rejects } = await importBytes('meta-ads-csv', utf8(text), 'gone.csv');
    expect(rows).toEqual([]);
    expect(rejects[0]?.reason).toBe(
      "the reporting range 2026-11-01..2026-11-30 shares no day with the campaign's Starts..Ends, so its cost has no day; check the export's dates",
    );
  });
});

// A row without a day segment and without its campaign's Starts was spread over however long
// its range was: a Meta "Maximum" export without Starts put 700 USD of a one-week campaign over
// 37 months (US$27.02 in W47 instead of a refusal). Over 31 days such a row is refused.
describe('a long range with no day segment and no campaign start', () => {
  it("Meta with Ends but no Starts (the real ad-level export's shape): each row refused naming its range", async () => {
    const text = [
      '"Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",Impressions,Ends',
      '2023-11-01,2026-11-30,"Black Friday 2026",700.00,35000,2026-11-22',
      '2023-11-01,2026-11-30,"Always-on Prospecting",3650.00,99000,Ongoing',
    ].join('\n');
    const { rows, rejects } = await importBytes('meta-ads-csv', utf8(text), 'maximum-no-starts.csv');
    expect(rows).toEqual([]);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'Reporting starts',
        reason:
          'the reporting range 2023-11-01..2026-11-30 (clipped to 2023-11-01..2026-11-22) is 1118 days, with no day segment or a campaign Starts column to say when its cost was spent (an even spread is kept to at most 31 days); export the report by day (Meta: Breakdown → By time → Day), or for a range of at most 31 days',
      }),
      expect.objectContaining({
        line: 3,
        reason: expect.stringMatching(/^the reporting range 2023-11-01\.\.2026-11-30 is 1126 days/),
      }),
    ]);
  });

  it('a Starts column with an empty cell: that row is refused, the row with its Starts is spread', async () => {
    const text = [
      'Reporting starts,Reporting ends,Campaign name,Starts,Ends,Amount spent (USD)',
      '2023-10-23,2026-11-22,Known,2026-11-16,2026-11-22,700.00',
      '2023-10-23,2026-11-22,Unknown,,Ongoing,3650.00',
    ].join('\n');
    const { rows, rejects } = await importBytes('meta-ads-csv', utf8(text), 'empty-starts.csv');
    expect([first(rows), last(rows), sum(rows, 'cost')]).toEqual(['2026-11-16', '2026-11-22', 700]);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 3,
        reason: expect.stringContaining('no day segment or a campaign Starts to say'),
      }),
    ]);
  });

  it('Ends inside the last 31 days bounds the row: spread over those days though its start is unknown', async () => {
    const text = [
      'Reporting starts,Reporting ends,Campaign name,Ends,Amount spent (USD)',
      '2026-11-01,2026-12-31,Short,2026-11-22,2200.00',
    ].join('\n');
    // 61 days of range, clipped by Ends to Nov 1–22: 22 days, 100 a day.
    const { rows, rejects } = await importBytes('meta-ads-csv', utf8(text), 'ends-short.csv');
    expect(rejects).toEqual([]);
    expect([first(rows), last(rows), sum(rows, 'cost'), rows.length]).toEqual(['2026-11-01', '2026-11-22', 2200, 22]);
  });

  it('Google Ads with a 37-month title range and no segment: every row refused; 31 days is still spread', async () => {
    const long = [
      'Campaign report',
      '1 November 2023 - 30 November 2026',
      'Campaign,Campaign ID,Currency code,Cost',
      'Brand,1,USD,700.00',
    ].join('\n');
    const refused = await importBytes('google-ads-csv', utf8(long), 'long.csv');
    expect(refused.rows).toEqual([]);
    expect(refused.rejects).toEqual([
      expect.objectContaining({
        line: 4,
        reason: expect.stringMatching(
          /^the report's range 2023-11-01\.\.2026-11-30 is 1126 days, .*\(Google Ads: Segment → Time → Day\)/,
        ),
      }),
    ]);
    const month = long.replace('1 November 2023 - 30 November 2026', '1 October 2026 - 31 October 2026');
    const kept = await importBytes('google-ads-csv', utf8(month), 'month.csv');
    expect(kept.rejects).toEqual([]);
    expect([first(kept.rows), last(kept.rows), sum(kept.rows, 'cost')]).toEqual(['2026-10-01', '2026-10-31', 700]);
  });

  it('LinkedIn rows with their own 32-day Start/End Date are refused', async () => {
    const text = [
      'Start Date (in UTC),End Date (in UTC),Campaign Name,Currency,Total Spent',
      '10/01/2026,11/01/2026,Webinar,USD,320.00',
      '10/01/2026,10/31/2026,Webinar 2,USD,310.00',
    ].join('\n');
    const { rows, rejects } = await importBytes('linkedin-ads-csv', utf8(text), 'li.csv');
    expect(sum(rows, 'cost')).toBe(310);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 2,
        reason: expect.stringMatching(/^the reporting range 2026-10-01\.\.2026-11-01 is 32 days, .*LinkedIn/),
      }),
    ]);
  });
});

// Review 10b-4 (case c06): LinkedIn's Time breakdown Monthly writes each month's first day under
// "Start Date": the October and November spend landed on 1 Oct and 1 Nov (W44 1,100, W47 0).
describe('a day column whose values are all period starts under a wider title range', () => {
  const title = 'Campaign Performance Report (in UTC)\nReport Start: 10/1/2026\nReport End: 11/22/2026\n';
  const header = 'Start Date (in UTC),Campaign Name,Campaign ID,Currency,Total Spent\n';

  it('firsts of months: each row spread over its month inside the range, and the import says so', async () => {
    const text = `${title}${header}10/1/2026,Lead Gen,612345678,USD,3100.00\n11/1/2026,Lead Gen,612345678,USD,1100.00\n`;
    const { rows, rejects, notes } = await importBytes('linkedin-ads-csv', utf8(text), 'li-monthly.csv');
    expect(rejects).toEqual([]);
    const oct = rows.filter((r) => String(r.date) < '2026-11-01');
    const nov = rows.filter((r) => String(r.date) >= '2026-11-01');
    expect([first(oct), last(oct), oct.length, sum(oct, 'cost')]).toEqual(['2026-10-01', '2026-10-31', 31, 3100]);
    expect([first(nov), last(nov), nov.length, sum(nov, 'cost')]).toEqual(['2026-11-01', '2026-11-22', 22, 1100]);
    expect(notes).toMatchObject({ dayColumnReadAs: { kind: 'month', column: 'Start Date (in UTC)' } });
  });

  it('Mondays in whole weeks: each row its 7 days; the range start alone: the whole range', async () => {
    const weekly = `${title}${header}10/5/2026,Lead Gen,612345678,USD,70.00\n10/19/2026,Lead Gen,612345678,USD,140.00\n`;
    const w = await importBytes('linkedin-ads-csv', utf8(weekly), 'li-weekly.csv');
    expect([first(w.rows), last(w.rows), w.rows.length, sum(w.rows, 'cost')]).toEqual([
      '2026-10-05',
      '2026-10-25',
      14,
      210,
    ]);
    const all = `${title.replace('10/1/2026', '10/5/2026').replace('11/22/2026', '10/25/2026')}${header}10/5/2026,Lead Gen,612345678,USD,210.00\n`;
    const a = await importBytes('linkedin-ads-csv', utf8(all), 'li-all.csv');
    expect([first(a.rows), last(a.rows), a.rows.length, sum(a.rows, 'cost')]).toEqual([
      '2026-10-05',
      '2026-10-25',
      21,
      210,
    ]);
    // The range's first day that is also a month's first: Monthly or All cannot be told, refused.
    const either = `${title}${header}10/1/2026,Lead Gen,612345678,USD,530.00\n`;
    await expect(importBytes('linkedin-ads-csv', utf8(either), 'li-either.csv')).rejects.toThrow(
      /"Start Date \(in UTC\)" is not a day column as read: .*monthly or a whole-range breakdown cannot be told/,
    );
  });

  it('days that are not all period starts stay days', async () => {
    const text = `${title}${header}10/1/2026,Lead Gen,612345678,USD,10.00\n10/2/2026,Lead Gen,612345678,USD,20.00\n`;
    const { rows, notes } = await importBytes('linkedin-ads-csv', utf8(text), 'li-daily.csv');
    expect(daysOf(rows)).toEqual(['2026-10-01', '2026-10-02']);
    expect(notes.dayColumnReadAs).toBeUndefined();
  });
});
