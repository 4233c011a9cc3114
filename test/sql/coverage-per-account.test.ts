/**
 * Spend coverage per ad account (docs/methodology.md, "Never a figure from missing data"): two
 * Google Ads accounts under one source, one of whose exports stopped on 10 Nov, made W47's
 * spend, cost per lead and ROAS "measured" on the other account's spend alone (too low). Each
 * account with spend in the 4 weeks must now reach into the week, or be covered by the periods
 * its loads declare, as each source and platform must; rows without an account id are judged
 * per source and platform as before. Warehouse fixtures for the rule of data in the week; the
 * real importer (Google Ads CSVs naming their Customer ID) for declared periods.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeeklyReport } from '../../emails/render.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { declaredPeriodsOf, loadCoversAccount, parsePeriodOption, periodsKey } from '../../functions/core/periods.js';
import type { LoadManifest } from '../../functions/core/records.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { usePipelines } from '../reliability/pipeline.js';
import { deal, lead, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

const WEEK = '2026-W47'; // Monday 16 Nov to Sunday 22 Nov 2026
const A = '123-456-7890';
const B = '987-654-3210';

/** Days `from`..`to` inclusive (YYYY-MM-DD). */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from); d <= DateTime.fromISO(to); d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

async function emailText(report: FunnelReport, locale: 'en' | 'de-CH'): Promise<string> {
  const { text } = await renderWeeklyReport({ report, trend: [], locale, methodologyUrl: 'https://example.com/m' });
  return text;
}

describe('spend of two ad accounts under one source (rule of data in the week)', () => {
  let wh: TestWarehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });

  /** Google Ads spend of account A every day, of account B until `bUntil`; leads, deals and Meta beside. */
  async function twoAccounts(bUntil: string, b: string | null = B, a: string | null = A): Promise<TestWarehouse> {
    const all = days('2026-10-19', '2026-11-22');
    return warehouseFrom({
      leads: all.map((d) => lead(`L-${d}`, `${d}T09:00:00Z`, { channel: 'paid_search' })),
      deals: [deal('D1', '2026-11-18T10:00:00Z')],
      activities: all.map((d) => ({
        activity_id: `A-${d}`,
        source: 'salesforce',
        type: 'call',
        occurred_at: `${d}T11:00:00Z`,
      })),
      spend: [
        ...all.map((d) => spendRow(d, 'g-a', 100, { account_id: a })),
        ...days('2026-10-19', bUntil).map((d) => spendRow(d, 'g-b', 40, { account_id: b })),
      ],
    });
  }

  it('is not measured when one account stops before the week, naming the source, the account and its last day', async () => {
    wh = await twoAccounts('2026-11-10');
    const r = await wh.report(WEEK);
    expect(r.coverage.spend).toEqual({
      measured: false,
      reason: `no ad spend from Google Ads account ${B} since 2026-11-10 (every source with some in the 4 weeks must have some in the report week)`,
      lastDataAt: '2026-11-10',
      source: 'google_ads',
      platform: 'google_ads',
      accountId: B,
    });
    // Before: measured, 700 (account A alone) as the week's spend.
    expect(r.totals.spend).toBeNull();
    expect(r.totals.cpl).toBeNull();
    expect(r.totals.roas).toBeNull();
    expect(r.coverage.followUps.measured).toBe(true);
    expect(r.coverage.deals.measured).toBe(true);
    expect(await emailText(r, 'en')).toContain(
      `Spend not measured: no ad spend from Google Ads account ${B} loaded since 10 Nov, so spend would read too low.`,
    );
    expect(await emailText(r, 'de-CH')).toContain(
      `Werbeausgaben nicht gemessen: seit 10. Nov. wurden keine Werbeausgaben von Google Ads-Konto ${B} geladen, die Summe erschiene zu tief.`,
    );
  });

  it('is measured when both accounts have spend in the week, and when one ended before the 4 weeks', async () => {
    wh = await twoAccounts('2026-11-16');
    const r = await wh.report(WEEK);
    // Measured: the spend of both accounts (idle spend apart: these leads name no campaign).
    expect(r.coverage.spend).toMatchObject({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals.spend).toBe(700 + 40);
    await wh.close();
    wh = await twoAccounts('2026-10-25'); // B's last spend is before W44 (from 26 Oct): not judged
    expect((await wh.report(WEEK)).coverage.spend.measured).toBe(true);
  });

  it('reads two spellings of one account id as one account (a Google Ads CSV, then the API)', async () => {
    const all = days('2026-10-19', '2026-11-22');
    wh = await warehouseFrom({
      leads: all.map((d) => lead(`L-${d}`, `${d}T09:00:00Z`, { channel: 'paid_search' })),
      deals: [deal('D1', '2026-11-18T10:00:00Z')],
      activities: all.map((d) => ({
        activity_id: `A-${d}`,
        source: 'salesforce',
        type: 'call',
        occurred_at: `${d}T11:00:00Z`,
      })),
      spend: [
        ...all.map((d) => spendRow(d, 'g-a', 100, { account_id: A })),
        ...days('2026-10-19', '2026-11-10').map((d) => spendRow(d, 'g-b', 40, { account_id: B })),
        ...days('2026-11-11', '2026-11-22').map((d) => spendRow(d, 'g-b', 40, { account_id: B.replaceAll('-', '') })),
      ],
    });
    expect((await wh.report(WEEK)).coverage.spend).toMatchObject({ measured: true, reason: null, lastDataAt: null });
  });

  it('judges rows without an account id per source and platform, as before', async () => {
    // Rows without an account id beside an account's: they are one group of their own.
    wh = await twoAccounts('2026-11-10', null);
    const r = await wh.report(WEEK);
    expect(r.coverage.spend).toMatchObject({ measured: false, source: 'google_ads', lastDataAt: '2026-11-10' });
    expect(r.coverage.spend.accountId).toBeUndefined();
    expect(r.coverage.spend.reason).toBe(
      'no ad spend from Google Ads since 2026-11-10 (every source with some in the 4 weeks must have some in the report week)',
    );
    await wh.close();
    // Every row without an account id (one group, as a source without accounts always was).
    wh = await twoAccounts('2026-11-10', null, null);
    expect((await wh.report(WEEK)).coverage.spend).toMatchObject({ measured: true, reason: null, lastDataAt: null });
  });
});

/** A Google Ads daily campaign report of account `customerId` whose title states `range`; 100 USD a day on `spendDays`. */
function googleAds(customerId: string | null, range: string, spendDays: readonly string[], campaignId: string): string {
  const id = customerId === null ? '' : 'Customer ID,';
  const rows = spendDays.map(
    (d) =>
      `${customerId === null ? '' : `${customerId},`}${d},Search ${campaignId},${campaignId},Search,USD,100.00,1000,80,2.00`,
  );
  return (
    [
      'Campaign report',
      range,
      `${id}Day,Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions`,
      ...rows,
    ].join('\n') + '\n'
  );
}

describe('spend of two ad accounts under one source (declared periods)', () => {
  const suite = usePipelines();
  const pipeline = suite.pipeline;

  it("an account's export whose stated range ends on 10 Nov: not measured, though the other account's covers the week", async () => {
    const p = await pipeline();
    const a = await p.import({
      name: 'google-ads-a.csv',
      bytes: googleAds(A, '19 October 2026 - 22 November 2026', days('2026-10-19', '2026-11-22'), '21000000001'),
      format: 'google-ads-csv',
    });
    expect(a.error).toBeUndefined();
    const b = await p.import({
      name: 'google-ads-b.csv',
      bytes: googleAds(B, '19 October 2026 - 10 November 2026', days('2026-10-19', '2026-11-10'), '21000000002'),
      format: 'google-ads-csv',
    });
    expect(b.error).toBeUndefined();
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend).toMatchObject({
      measured: false,
      source: 'google_ads',
      accountId: B,
      coveredUntil: '2026-11-10',
      reason: `ad spend from Google Ads account ${B} loaded only up to 2026-11-10 (the periods its loads declare end before the week's cutoff; later days would read as none)`,
    });
    expect(report?.totals.spend).toBeNull();
    expect(await emailText(report!, 'en')).toContain(
      `Spend not measured: the ad spend loaded from Google Ads account ${B} cover only up to 10 Nov, so spend of the later days would read as 0.`,
    );
    expect(await emailText(report!, 'de-CH')).toContain(
      `Werbeausgaben nicht gemessen: die von Google Ads-Konto ${B} geladenen Werbeausgaben reichen nur bis 10. Nov.`,
    );

    // The account's next export, stating the rest of the period (its campaigns paused: no rows), completes it.
    await p.import({
      name: 'google-ads-b-rest.csv',
      bytes: googleAds(B, '11 November 2026 - 22 November 2026', [], '21000000002'),
      format: 'google-ads-csv',
    });
    expect((await p.report(WEEK)).report?.coverage.spend.measured).toBe(true);
  });

  it('a period declared by a load that names no account covers every account of its source', async () => {
    const p = await pipeline();
    await p.import({
      name: 'google-ads-a.csv',
      bytes: googleAds(A, '19 October 2026 - 10 November 2026', days('2026-10-19', '2026-11-10'), '21000000001'),
      format: 'google-ads-csv',
    });
    await p.import({
      name: 'google-ads-b.csv',
      bytes: googleAds(B, '19 October 2026 - 10 November 2026', days('2026-10-19', '2026-11-10'), '21000000002'),
      format: 'google-ads-csv',
    });
    expect((await p.report(WEEK)).report?.coverage.spend).toMatchObject({ measured: false, accountId: A });
    // A canonical file of the source with no rows and no account, imported with --period: the
    // importer's word for the whole source (both accounts had nothing from 11 to 22 Nov).
    const path = join(p.dir, 'nothing.csv');
    await writeFile(path, 'date,platform,account_id,campaign_id,campaign_name,currency,cost,source\n');
    await importFile(
      { store: p.store, encoder: suite.encoder(), config: p.config, now: p.now, vendorFormats: vendorFileFormats },
      {
        path,
        format: 'canonical-spend',
        source: 'google_ads',
        dt: '2026-11-23',
        period: parsePeriodOption('2026-11-11..2026-11-22'),
      },
    );
    expect((await p.report(WEEK)).report?.coverage.spend).toEqual({ measured: true, reason: null, lastDataAt: null });
  });
});

describe('which accounts a declared period speaks for', () => {
  /** A committed spend load of `source` declaring `period`, whose rows are of `accounts` (spendCoverage note). */
  const manifest = (accounts: (string | null)[] | null): LoadManifest => ({
    batchId: 'b',
    source: 'google_ads',
    table: 'spend',
    format: 'google-ads-csv',
    dt: '2026-11-23',
    input: 'x.csv',
    rawKey: 'raw/x',
    rawBytes: 1,
    sha256: '',
    loadedAt: '2026-11-23T06:00:00.000Z',
    rowsLoaded: accounts === null ? 0 : 1,
    rowsRejected: 0,
    canonicalKeys: [],
    rejectsKey: null,
    period: { from: '2026-11-01', to: '2026-11-22' },
    notes:
      accounts === null
        ? {}
        : { spendCoverage: accounts.map((accountId) => ({ source: 'google_ads', platform: 'google_ads', accountId })) },
  });
  const loadOf = (m: LoadManifest) => declaredPeriodsOf([m], []).get(periodsKey('spend', 'google_ads'))![0]!;

  it('a load with rows covers the accounts of its rows; rows without an account id cover only such rows', () => {
    const named = loadOf(manifest([A]));
    expect([loadCoversAccount(named, A), loadCoversAccount(named, B), loadCoversAccount(named, null)]).toEqual([
      true,
      false,
      false,
    ]);
    // A file without an account id column was some account, which one it does not say.
    const unnamed = loadOf(manifest([null]));
    expect([loadCoversAccount(unnamed, A), loadCoversAccount(unnamed, null)]).toEqual([false, true]);
  });

  it('a load or an API pull that names no account covers every account of its source', () => {
    expect(loadCoversAccount(loadOf(manifest(null)), B)).toBe(true);
    const pull = declaredPeriodsOf(
      [],
      [
        {
          source: 'google_ads',
          entity: 'campaign_days',
          table: 'spend',
          period: { from: '2026-11-01', to: '2026-11-22' },
          pulledAt: '2026-11-23T06:00:00.000Z',
        },
      ],
    ).get(periodsKey('spend', 'google_ads'))![0]!;
    expect(loadCoversAccount(pull, B)).toBe(true);
  });
});
