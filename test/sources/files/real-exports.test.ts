/** Every real export in test/fixtures/vendor-exports/ (copied from /shared, see SOURCES.md) imports as downloaded. */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../functions/sources/formats.js';
import { importFixture, sum } from './helpers.js';

const byCampaign = (rows: Record<string, unknown>[]) => {
  const out = new Map<string, number>();
  for (const r of rows)
    out.set(
      r.campaign_name as string,
      Math.round(((out.get(r.campaign_name as string) ?? 0) + (r.cost as number)) * 100) / 100,
    );
  return Object.fromEntries(out);
};

describe('Google Ads campaign reports (real downloads)', () => {
  it('UTF-16LE TSV with title lines: one campaign spread over 28 days, totals rows skipped', async () => {
    const { rows, rejects, notes } = await importFixture('google-ads-csv', 'googleads-campaign-report-utf16le-tsv.csv');
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(28);
    expect(sum(rows, 'cost')).toBe(365.22);
    expect(sum(rows, 'impressions')).toBe(9380); // "9,380" quoted in a TSV
    expect(sum(rows, 'clicks')).toBe(264);
    expect(sum(rows, 'conversions')).toBe(25);
    expect(rows[0]).toMatchObject({
      date: '2026-01-27',
      platform: 'google_ads',
      source: 'google_ads',
      campaign_name: 'Office Fruit Campaign',
      channel: 'paid_search', // Performance Max
      currency: 'GBP',
      line: 4,
    });
    expect(rows.at(-1)?.date).toBe('2026-02-23');
    // Whole cents, differing by at most one cent.
    const costs = new Set(rows.map((r) => r.cost));
    expect([...costs].sort()).toEqual([13.04, 13.05]);
    expect(notes).toMatchObject({
      encoding: 'utf-16le',
      delimiter: 'tab',
      headerLine: 3,
      skippedTotalsRows: 2,
      spreadEvenly: true,
      range: { start: '2026-01-27', end: '2026-02-23' },
    });
  });

  it('"All time" cannot be spread: the file fails with one clear message', async () => {
    const err = await importFixture('google-ads-csv', 'googleads-campaign-report-usd-alltime.csv').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toBe(
      'googleads-campaign-report-usd-alltime.csv: google-ads-csv: the report covers "All time", which cannot be split into days; export it again with a dated range (or segmented by day)',
    );
  });

  it('Greek campaign names, quoted US date range, Smart campaigns, EUR', async () => {
    const { rows, rejects, notes } = await importFixture('google-ads-csv', 'googleads-campaign-report-greek-eur.csv');
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(3 * 28); // 27 March – 23 April 2026
    expect(sum(rows, 'cost')).toBe(0);
    expect(new Set(rows.map((r) => r.campaign_name)).size).toBe(3);
    expect(rows.some((r) => /[\u0370-\u03ff]/.test(r.campaign_name as string))).toBe(true);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['paid_search']));
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['EUR']));
    expect(notes).toMatchObject({ skippedTotalsRows: 3, range: { start: '2026-03-27', end: '2026-04-23' } });
  });

  it('INR Video / Demand Gen report: 2 campaigns over 24 days', async () => {
    const { rows, rejects, notes } = await importFixture(
      'google-ads-csv',
      'googleads-campaign-report-inr-daterange.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(2 * 24);
    // The campaign rows sum to 2565.93; Google's own "Total: Campaigns" row shows 2565.92 (its rounding).
    expect(byCampaign(rows)).toEqual({ 'Video views - 2025-07-19': 1661.67, 'MH-m-sand': 904.26 });
    expect(sum(rows, 'impressions')).toBe(46168);
    expect(sum(rows, 'conversions')).toBe(15);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['display']));
    expect(notes).toMatchObject({ skippedTotalsRows: 4, range: { start: '2025-07-08', end: '2025-07-31' } });
  });
});

describe('Meta Ads Manager export (real content)', () => {
  it('ad-level rows become ad-set campaigns spread over Reporting starts/ends, never past their Ends', async () => {
    const { rows, rejects, notes } = await importFixture('meta-ads-csv', 'meta-ads-adlevel.csv');
    expect(rejects).toEqual([]);
    // 14 reporting days each, but the first ad's set ended on 2026-06-05: its last two days get nothing.
    expect(rows).toHaveLength(4 * 14 - 2 - 2);
    const first = rows.filter((r) => r.campaign_name === 'Andrew Hypes — Lookalike 1% — Medium Intent');
    expect(first.map((r) => r.date).at(-1)).toBe('2026-06-05');
    expect(sum(rows, 'cost')).toBe(299.23);
    expect(byCampaign(rows)).toEqual({
      'Andrew Hypes — Lookalike 1% — Medium Intent': 159.51,
      'Warped Band_0619_ Sales Ad Set -REVISED': 32.35,
      'Andrew Hypes Retargeting - June 5': 102.09,
      'Ugly Kid Joe_0911_ SeeTickets Buyers': 5.28,
    });
    expect(sum(rows, 'impressions')).toBe(43951);
    expect(sum(rows, 'conversions')).toBe(81);
    expect(new Set(rows.map((r) => `${r.platform}/${r.channel}/${r.currency}`))).toEqual(
      new Set(['meta/paid_social/USD']),
    );
    expect(notes).toMatchObject({
      campaignLevel: 'ad set',
      spreadEvenly: true,
      range: { start: '2026-05-25', end: '2026-06-07' },
    });
  });
});

describe('HubSpot contacts exports (real, masked)', () => {
  it('Greek: every field quoted, escaped quotes in the header, times read in the account zone', async () => {
    const { rows, rejects } = await importFixture(
      'hubspot-contacts-csv',
      'hubspot-contacts-greek.csv',
      'Europe/Athens',
    );
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.email !== null)).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      lead_id: '240439581297',
      source: 'hubspot',
      created_at: '2026-08-07T08:48:00.000Z', // 11:48 in Athens (UTC+3 in summer)
      lifecycle_stage: 'lead',
      status: 'Ενεργός Πελάτης',
      owner_id: 'Ilhbaf & Kvjavyz',
    });
    expect(new Set(rows.map((r) => r.lifecycle_stage))).toEqual(new Set(['lead']));
  });

  it('all-properties export with ~300 columns and duplicate header names', async () => {
    const { rows, rejects } = await importFixture('hubspot-contacts-csv', 'hubspot-contacts-allprops-mongolian.csv');
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => typeof r.email === 'string' && (r.email as string).includes('@'))).toBe(true);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['organic_social']));
    expect(rows[0]).toMatchObject({
      lead_id: '440555398885',
      created_at: '2026-02-25T22:36:00.000Z',
      updated_at: '2026-02-26T06:20:00.000Z',
      lifecycle_stage: 'lead',
    });
  });
});
