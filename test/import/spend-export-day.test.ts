/**
 * Spend files that state no period are bounded by their export day (core/periods.ts
 * EXPORT_DAY_TABLES): a daily Google Ads report without its title lines, or a canonical spend
 * file, exported on Wednesday 18 Nov held 16–18 Nov and read as the whole of W47 (spend 300,
 * ROAS from 3 of 7 days, measured). And a Meta export of two ad accounts in two currencies
 * (`Amount spent (EUR)` beside `Amount spent (USD)`, no account id) loads both accounts, each
 * judged on its own: the USD rows were rejected as "the same campaign in EUR and USD".
 * Real importer, loader, warehouse and report (reviewer 9, 9a-5 and 9a-4).
 */
import { describe, expect, it } from 'vitest';
import { renderWeeklyReport } from '../../emails/render.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { usePipelines } from '../reliability/pipeline.js';

const WEEK = '2026-W47'; // Mon 2026-11-16 .. Sun 2026-11-22
const suite = usePipelines();

/** Google Ads by Day without the "Campaign report" and range lines (a scheduled report). */
const GOOGLE = [
  'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost',
  '2026-11-16,Brand,21000000001,Search,EUR,100.00',
  '2026-11-17,Brand,21000000001,Search,EUR,100.00',
  '2026-11-18,Brand,21000000001,Search,EUR,100.00',
].join('\n');

const CANONICAL = [
  'date,platform,account_id,campaign_id,campaign_name,channel,cost,currency',
  '2026-11-16,google_ads,1234567890,21000000001,Brand,paid_search,100.00,EUR',
  '2026-11-17,google_ads,1234567890,21000000001,Brand,paid_search,100.00,EUR',
  '2026-11-18,google_ads,1234567890,21000000001,Brand,paid_search,100.00,EUR',
].join('\n');

/** Meta by Day, without Reporting starts / ends columns. */
const META = [
  'Campaign name,Day,Amount spent (EUR),Impressions',
  'Leads A,2026-11-16,100.00,1000',
  'Leads A,2026-11-17,100.00,1000',
  'Leads A,2026-11-18,100.00,1000',
].join('\n');

/** LinkedIn daily (Start Date (in UTC) read as the day), no title lines. */
const LINKEDIN = [
  'Campaign Name,Start Date (in UTC),Currency,Total Spent,Impressions,Clicks',
  'Decision makers,11/16/2026,EUR,100.00,900,9',
  'Decision makers,11/17/2026,EUR,100.00,900,9',
  'Decision makers,11/18/2026,EUR,100.00,900,9',
].join('\n');

const FILES = [
  { name: 'g-daily-norange.csv', bytes: GOOGLE, format: 'google-ads-csv', label: 'Google Ads' },
  { name: 'canon-midweek.csv', bytes: CANONICAL, format: 'canonical-spend', label: 'Google Ads account 1234567890' },
  { name: 'meta-daily.csv', bytes: META, format: 'meta-ads-csv', label: 'Meta' },
  { name: 'linkedin-daily.csv', bytes: LINKEDIN, format: 'linkedin-ads-csv', label: 'LinkedIn' },
] as const;

async function emailText(report: FunnelReport, locale: 'en' | 'de-CH'): Promise<string> {
  const { text } = await renderWeeklyReport({ report, trend: [], locale, methodologyUrl: 'https://example.com/m' });
  return text;
}

describe('a spend file without a stated period is bounded by its export day', () => {
  it.each(FILES)(
    '$format exported on Wednesday (--date 2026-11-18): W47 spend not measured, "loaded only up to 2026-11-18"',
    async (f) => {
      const p = await suite.pipeline({ config: { timezone: 'Europe/Paris' } });
      const load = await p.import({ name: f.name, bytes: f.bytes, format: f.format, dt: '2026-11-18' });
      expect(load.error).toBeUndefined();
      expect(load.manifest?.rowsLoaded).toBe(3);
      expect(load.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-18', basis: 'export-day' });
      const { report } = await p.report(WEEK);
      // Was: spend 300, measured.
      expect(report?.coverage.spend).toMatchObject({
        measured: false,
        coveredUntil: '2026-11-18',
        reason: `ad spend from ${f.label} loaded only up to 2026-11-18 (the periods its loads declare end before the week's cutoff; later days would read as none)`,
      });
      expect(report?.totals.spend).toBeNull();
      expect(report?.totals.cpl).toBeNull();
    },
  );

  it.each(FILES)('$format exported after the week (--date 2026-11-23): measured, 300', async (f) => {
    const p = await suite.pipeline({ config: { timezone: 'Europe/Paris' } });
    const load = await p.import({ name: f.name, bytes: f.bytes, format: f.format, dt: '2026-11-23' });
    expect(load.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-23', basis: 'export-day' });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(report?.totals.spend).toBe(300);
  });

  it('exported on Sunday, the week’s last day: a whole spend day, measured', async () => {
    const p = await suite.pipeline({ config: { timezone: 'Pacific/Auckland' } });
    await p.import({ name: 'g.csv', bytes: GOOGLE, format: 'google-ads-csv', dt: '2026-11-22' });
    expect((await p.report(WEEK)).report?.coverage.spend.measured).toBe(true);
  });

  it('a later export of the rest of the week completes it; a stated range still wins over the export day', async () => {
    const p = await suite.pipeline();
    await p.import({ name: 'g-wed.csv', bytes: GOOGLE, format: 'google-ads-csv', dt: '2026-11-18' });
    const rest = `${GOOGLE.split('\n')[0]}\n2026-11-19,Brand,21000000001,Search,EUR,100.00\n`;
    await p.import({ name: 'g-mon.csv', bytes: rest, format: 'google-ads-csv', dt: '2026-11-23' });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend.measured).toBe(true);
    expect(report?.totals.spend).toBe(400);

    const ranged = await suite.pipeline();
    const load = await ranged.import({
      name: 'g-range.csv',
      bytes: `Campaign report\n16 November 2026 - 17 November 2026\n${GOOGLE}\n`.replace(/\n2026-11-18[^\n]*/, ''),
      format: 'google-ads-csv',
      dt: '2026-11-23',
    });
    expect(load.manifest?.period).toEqual({ from: '2026-11-16', to: '2026-11-17' });
  });

  it('the email says why, en and de-CH', async () => {
    const p = await suite.pipeline();
    await p.import({ name: 'g.csv', bytes: GOOGLE, format: 'google-ads-csv', dt: '2026-11-18' });
    const { report } = await p.report(WEEK);
    expect(await emailText(report!, 'en')).toContain(
      'Spend not measured: the ad spend loaded from Google Ads cover only up to 18 Nov, so spend of the later days would read as 0.',
    );
    expect(await emailText(report!, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: die von Google Ads geladenen Werbeausgaben reichen nur bis 18. Nov.',
    );
  });

  it('a load made before spend files declared their export day keeps the rule of data in the week', async () => {
    const p = await suite.pipeline();
    const load = await p.import({ name: 'g.csv', bytes: GOOGLE, format: 'google-ads-csv', dt: '2026-11-18' });
    // As such a manifest was written: no period.
    const keys = (await p.local.list('manifests/')).filter((k) => k.endsWith(`${load.manifest!.batchId}.json`));
    expect(keys).toHaveLength(1);
    const old = JSON.parse(Buffer.from((await p.local.get(keys[0]!))!).toString('utf8')) as Record<string, unknown>;
    delete old.period;
    await p.local.put(keys[0]!, Buffer.from(JSON.stringify(old)));
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend.measured).toBe(true);
    expect(report?.totals.spend).toBe(300);
  });
});

/** Ads Manager's multi-account view: one amount column per currency, summary line first. */
const META_2CUR = [
  '"Account name","Campaign name","Day","Amount spent (EUR)","Amount spent (USD)","Impressions","Results","Reporting starts","Reporting ends"',
  '"","","","500.00","1,000.00","60000","30","2026-11-16","2026-11-22"',
  '"Acme EU","Retargeting","2026-11-16","250.00","","15000","8","2026-11-16","2026-11-22"',
  '"Acme EU","Retargeting","2026-11-17","250.00","","15000","7","2026-11-16","2026-11-22"',
  '"Acme US","Retargeting","2026-11-16","","500.00","15000","8","2026-11-16","2026-11-22"',
  '"Acme US","Retargeting","2026-11-17","","500.00","15000","7","2026-11-16","2026-11-22"',
].join('\n');

describe('spend without an account id in two currencies is two accounts', () => {
  it('a Meta export of two accounts (EUR, USD) with one campaign name loads both: 500 EUR + 1,000 USD × 0.92', async () => {
    const p = await suite.pipeline({ config: { timezone: 'Europe/Paris' } });
    const load = await p.import({ name: 'meta-2cur.csv', bytes: META_2CUR, format: 'meta-ads-csv' });
    // Was: 2 loaded, 2 rejected ("appears in EUR (line 3) and in USD"), spend 500.
    expect(load.manifest).toMatchObject({ rowsLoaded: 4, rowsRejected: 0 });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend.measured).toBe(true);
    expect(report?.totals.spend).toBe(1420);
    // The same export again, or one account's file alone, restates its rows: nothing doubles.
    const us = META_2CUR.split('\n')
      .filter((l, i) => i === 0 || l.startsWith('"Acme US"'))
      .join('\n');
    const again = await p.import({ name: 'us.csv', bytes: us, format: 'meta-ads-csv' });
    expect(again.error).toBeUndefined();
    expect((await p.report(WEEK)).report?.totals.spend).toBe(1420);
  });

  it('a row with a cost in both currency columns is rejected, naming both', async () => {
    const p = await suite.pipeline();
    const both = META_2CUR.split('\n')
      .filter((_, i) => i !== 1)
      .join('\n')
      .replace('"Acme US","Retargeting","2026-11-17","",', '"Acme US","Retargeting","2026-11-17","3.00",');
    const load = await p.import({ name: 'meta-both.csv', bytes: both, format: 'meta-ads-csv' });
    expect(load.manifest).toMatchObject({ rowsLoaded: 3, rowsRejected: 1 });
    const body = await p.local.get(load.manifest!.rejectsKey!);
    const [reject] = Buffer.from(body!)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(reject?.line).toBe(5);
    expect(reject?.reason).toContain('"Amount spent (EUR)" (3.00) and "Amount spent (USD)" (500.00)');
  });

  it('canonical spend without an account id in EUR and USD: both rows load (not a duplicate)', async () => {
    const p = await suite.pipeline();
    const csv = [
      'date,platform,campaign_id,campaign_name,channel,cost,currency',
      '2026-11-16,meta,c1,Retargeting,paid_social,250.00,EUR',
      '2026-11-16,meta,c1,Retargeting,paid_social,500.00,USD',
    ].join('\n');
    const load = await p.import({ name: 'spend.csv', bytes: csv, format: 'canonical-spend' });
    // Was: 1 loaded, 1 rejected ("duplicate of line 3").
    expect(load.manifest).toMatchObject({ rowsLoaded: 2, rowsRejected: 0 });
    expect((await p.report(WEEK)).report?.totals.spend).toBe(710);
  });

  it('each currency is judged on its own: USD exported on Wednesday makes spend not measured beside EUR to Sunday (en, de-CH)', async () => {
    const p = await suite.pipeline();
    const eu = META_2CUR.split('\n').filter((l, i) => i === 0 || l.startsWith('"Acme EU"'));
    const us = META_2CUR.split('\n').filter((l, i) => i === 0 || l.startsWith('"Acme US"'));
    await p.import({ name: 'eu.csv', bytes: eu.join('\n'), format: 'meta-ads-csv', dt: '2026-11-23' });
    // No Reporting starts / ends: only the export day bounds it.
    const usDaily = us.map((l) => l.split(',').slice(0, 7).join(',')).join('\n');
    const load = await p.import({ name: 'us.csv', bytes: usDaily, format: 'meta-ads-csv', dt: '2026-11-18' });
    expect(load.manifest?.period).toMatchObject({ to: '2026-11-18', basis: 'export-day' });
    const { report } = await p.report(WEEK);
    // Was: measured (the EUR file's period covered both currencies' rows without an account id).
    expect(report?.coverage.spend).toMatchObject({
      measured: false,
      source: 'meta',
      currency: 'USD',
      coveredUntil: '2026-11-18',
      reason:
        "ad spend from Meta in USD (no account id) loaded only up to 2026-11-18 (the periods its loads declare end before the week's cutoff; later days would read as none)",
    });
    expect(await emailText(report!, 'en')).toContain('Meta (spend in USD, no account id)');
    expect(await emailText(report!, 'de-CH')).toContain('Meta (Ausgaben in USD, ohne Konto-ID)');
  });
});
