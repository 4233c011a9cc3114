/**
 * Spend rows named like totals (functions/sources/vendor-csv/totals.ts): a campaign called
 * "Total – Brand" with its own day or id is spend, never a skipped totals row; only the
 * platforms' own summary lines are skipped; a row that could be either is a reject naming
 * file, line and column.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spendRowKind } from '../../../functions/sources/vendor-csv/totals.js';
import { FIXTURES, importBytes, importFixture, sum, utf8 } from './helpers.js';

const read = (format: string, lines: string[], fileName = 'spend.csv') =>
  importBytes(format, utf8(lines.join('\n') + '\n'), fileName);

describe('campaigns named like totals are spend', () => {
  it('Google Ads by day: "Total – Brand" and "Total (UK)" load beside the real footer (215, was 158)', async () => {
    const { rows, rejects, notes } = await read('google-ads-csv', [
      'Campaign,Day,Currency code,Cost',
      'Brand,2026-11-16,EUR,100.00',
      'Total – Brand,2026-11-16,EUR,50.00',
      'Totals Q4,2026-11-16,EUR,20.00',
      'Gesamt Kampagne,2026-11-17,EUR,30.00',
      'Total (UK),2026-11-17,EUR,7.00',
      'Summe Sommer,2026-11-17,EUR,8.00',
      'Total: Account,,EUR,215.00',
    ]);
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.campaign_name)).toEqual([
      'Brand',
      'Total – Brand',
      'Totals Q4',
      'Gesamt Kampagne',
      'Total (UK)',
      'Summe Sommer',
    ]);
    expect(sum(rows, 'cost')).toBe(215);
    expect(notes).toMatchObject({ skippedTotalsRows: 1 });
  });

  it('LinkedIn: "Total: Brand" with its own Campaign ID loads (105, was 100); a "Totals" line with a day is a reject', async () => {
    const { rows, rejects, notes } = await read(
      'linkedin-ads-csv',
      [
        'Campaign Name,Start Date (in UTC),Currency,Total Spent,Campaign ID',
        'Total: Brand,11/16/2026,EUR,5.00,77',
        'Brand,11/16/2026,EUR,100.00,12',
        'Totals,11/16/2026,EUR,105.00,',
      ],
      'linkedin.csv',
    );
    expect(rows.map((r) => [r.campaign_id, r.cost])).toEqual([
      ['77', 5],
      ['12', 100],
    ]);
    expect(rejects).toEqual([expect.objectContaining({ file: 'linkedin.csv', line: 4, field: 'Campaign Name' })]);
    expect(rejects[0]!.reason).toMatch(
      /^"Totals" may be a campaign or a totals line \(a platform summary line has no day/,
    );
    expect(notes).toMatchObject({ skippedTotalsRows: 0 });
  });

  it('a range report without ids: "Total – Brand" is a reject naming the column, the footers are skipped', async () => {
    const { rows, rejects, notes } = await read(
      'google-ads-csv',
      [
        'Campaign report',
        '"November 16, 2026 - November 17, 2026"',
        'Campaign status,Campaign,Campaign type,Currency code,Cost',
        'Enabled,Brand,Search,EUR,100.00',
        'Enabled,Total – Brand,Search,EUR,50.00',
        'Total: Campaigns, --, --,EUR,150.00',
        'Total: Account,,,EUR,150.00',
        'Total: Search,,Search,EUR,150.00',
      ],
      'range.csv',
    );
    expect(sum(rows, 'cost')).toBe(100);
    expect(rejects).toEqual([expect.objectContaining({ file: 'range.csv', line: 5, field: 'Campaign' })]);
    expect(rejects[0]!.reason).toMatch(
      /neither a campaign id nor a day of its own.*export the report with the campaign id column/,
    );
    expect(notes).toMatchObject({ skippedTotalsRows: 3 });
  });

  it.each([
    'Total: Ad groups',
    'Total: Filtered ad groups',
    'Total: Keywords',
    'Total: Search terms',
    'Gesamt: Anzeigengruppen',
    "Total : Groupes d'annonces",
    'Total: Grupos de anuncios',
    'Totale: Gruppi di annunci',
    'Total: Grupos de anúncios',
    'Totaal: Advertentiegroepen',
  ])('an ad-group report\'s "%s" footer is its total (checked against the rows), not a reject', async (footer) => {
    const { rows, rejects, notes } = await read(
      'google-ads-csv',
      [
        'Ad group report',
        '16 November 2026 - 22 November 2026',
        'Day,Ad group,Ad group ID,Campaign,Campaign ID,Campaign type,Currency code,Cost',
        '2026-11-16,Brand - Exact,150000000001,Brand Search,18734200011,Search,USD,60.00',
        '2026-11-16,Brand - Phrase,150000000002,Brand Search,18734200011,Search,USD,40.00',
        `${footer},,,,,,USD,100.00`,
      ],
      'adgroups.csv',
    );
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(100);
    expect(notes).toMatchObject({ skippedTotalsRows: 1 });
  });

  it('a totals-like line in a file with a Campaign ID column does not ask for that column', async () => {
    const { rejects } = await read(
      'google-ads-csv',
      [
        'Campaign report',
        '"November 16, 2026 - November 17, 2026"',
        'Campaign,Campaign ID,Campaign type,Currency code,Cost',
        'Brand,18734200011,Search,EUR,100.00',
        'Total – Brand,,Search,EUR,50.00',
      ],
      'ids.csv',
    );
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/its campaign id cell is empty, so if it is a campaign, export the report again/),
    ]);
  });

  it('Meta: the summary line (blank name first, or "Results from N campaigns" last) is skipped, a blank name inside is a reject', async () => {
    const { rows, rejects, notes } = await read('meta-ads-csv', [
      'Campaign name,Day,Currency,Amount spent',
      ',2026-11-16,EUR,150.00',
      'Total – Brand,2026-11-16,EUR,50.00',
      ',2026-11-16,EUR,9.00',
      'Brand,2026-11-16,EUR,100.00',
      'Results from 2 campaigns,,EUR,150.00',
    ]);
    expect(rows.map((r) => [r.campaign_name, r.cost])).toEqual([
      ['Total – Brand', 50],
      ['Brand', 100],
    ]);
    expect(rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [4, 'Campaign name', 'the campaign name is empty'],
    ]);
    expect(notes).toMatchObject({ skippedTotalsRows: 2 });
  });
});

describe("the platforms' real totals lines are still recognised", () => {
  it.each([
    ['googleads-campaign-report-greek-eur.csv', 3],
    ['googleads-campaign-report-inr-daterange.csv', 4],
    ['googleads-campaign-report-utf16le-tsv.csv', 2],
  ])('%s: %i totals lines skipped, none rejected', async (file, totals) => {
    const { rejects, notes } = await importFixture('google-ads-csv', file);
    expect(rejects.filter((r) => /total/i.test(r.raw))).toEqual([]);
    expect(notes).toMatchObject({ skippedTotalsRows: totals });
  });

  it('googleads-campaign-report-usd-alltime.csv (given a dated range): its 5 footer lines; "Total: Campaigns" proves the 3 rows the sample dropped', async () => {
    const text = readFileSync(FIXTURES + 'googleads-campaign-report-usd-alltime.csv', 'utf8').replace(
      /^All time$/m,
      '"March 1, 2026 - March 2, 2026"',
    );
    // SOURCES.md: 3 middle campaign rows were cut from the real download, so its own total no longer adds up.
    await expect(importBytes('google-ads-csv', utf8(text), 'usd.csv')).rejects.toThrow(
      /^usd\.csv: line 13: the file's total "Total: Campaigns" says USD 199,421\.15 but its loaded rows sum to USD 186,883\.77 \(rows missing\?\)/,
    );
    const withoutCampaignsTotal = text.replace(/^Total: Campaigns,.*\n/m, '');
    const { rows, rejects, notes } = await importBytes('google-ads-csv', utf8(withoutCampaignsTotal), 'usd.csv');
    expect(rejects).toEqual([]);
    expect(new Set(rows.map((r) => r.campaign_name)).size).toBe(9);
    expect(notes).toMatchObject({ skippedTotalsRows: 4 }); // Total: Account and the type subtotals: no checksum
  });

  it("spendRowKind: a campaign type subtotal is known by the row's own type cell", () => {
    const shape = {
      nameCol: 1,
      campaignIdCol: undefined,
      dayCols: [],
      campaignTypeCol: 2,
      blankNameSummary: false,
      edge: false,
    };
    expect(spendRowKind({ ...shape, cells: ['Total: Hybrid', '', 'Hybrid', '5'] })).toEqual({ kind: 'summary' });
    expect(spendRowKind({ ...shape, cells: ['Total: Hybrid', '', 'Search', '5'] }).kind).toBe('ambiguous');
  });
});
