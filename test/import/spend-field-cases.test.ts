/**
 * Spend exports end to end (field cases F11, F14, F15, G9 and variants): `importFile` into a
 * fresh local store, then the real models and report. Each case asserts the figure a user
 * expects (README of the field cases), never only that something loaded.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type ConfigInput } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { deriveCampaignId } from '../../functions/sources/vendor-csv/spend.js';
import { loadBatch, type LoadResult } from '../../functions/core/load.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import { parseWeek } from '../../functions/core/weeks.js';

const CASES = join(import.meta.dirname, '..', 'fixtures', 'field-cases');
const cfg = async (name: string) => JSON.parse(await readFile(join(CASES, name), 'utf8')) as ConfigInput;

let root: string;
let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'spend-cases-'));
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await encoder.close();
  await rm(root, { recursive: true, force: true });
});

let n = 0;
/** A fresh data dir; imports run a minute apart, as consecutive imports would. */
async function store(configInput: ConfigInput) {
  const dir = join(root, `data-${n++}`);
  const local = new LocalStore(dir);
  const config = parseConfig(configInput);
  let minute = 0;
  const now = () => new Date(Date.UTC(2026, 10, 30, 6, minute++));
  const deps = { store: local, encoder, config, now, vendorFormats: vendorFileFormats };
  return {
    deps,
    /**
     * Imports a file: a field-case path (`F11/…`) or a file written from `text`; `--source` and
     * `--date` as options.
     */
    async import(
      format: string,
      file: string,
      text?: string,
      options: { source?: string; dt?: string } = {},
    ): Promise<LoadResult> {
      let path = join(CASES, file);
      if (text !== undefined) {
        path = join(dir + '-in', file);
        await import('node:fs/promises').then((fs) => fs.mkdir(dir + '-in', { recursive: true }));
        await writeFile(path, text);
      }
      return importFile(deps, { path, format, dt: options.dt ?? '2026-11-30', source: options.source });
    },
    /** Loads API-like spend rows (the connectors' path: loadBatch, campaign level, platform ids). */
    async api(rows: CanonicalRecord[]): Promise<void> {
      const platform = String(rows[0]!.platform);
      await loadBatch(deps, {
        table: 'spend',
        format: `${platform}-api`,
        source: platform,
        dt: '2026-11-30',
        input: `${platform} campaign_daily`,
        raw: Buffer.from(JSON.stringify(rows)),
        rows: rows.map((record, i) => ({ ok: true as const, line: i + 1, record })),
      });
    },
    /** Spend in the reporting currency on the days from `from` to `to` (inclusive), from fct_spend. */
    async spendOn(from: string, to: string): Promise<number> {
      const engine = await openLocalWarehouse(dir, config);
      try {
        const [row] = await engine.query(
          `select sum(cost_converted) as cost from fct_spend where spend_date between date '${from}' and date '${to}'`,
        );
        return Math.round(Number(row?.cost) * 100) / 100;
      } finally {
        await engine.close();
      }
    },
    async spend(week: string): Promise<number> {
      const engine = await openLocalWarehouse(dir, config);
      try {
        const report = await buildReport({ engine, store: local, config }, parseWeek(week, config.timezone));
        // Not measured (no spend in the 4 weeks ending at the cutoff) is never a 0.
        return report.totals.spend === null ? NaN : Math.round(report.totals.spend * 100) / 100;
      } finally {
        await engine.close();
      }
    },
  };
}

describe('F11: a report segmented by week inside a two-week title range', () => {
  it('puts each week row on its own week: 700 USD in W45, 1,400 USD in W46', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const { manifest } = await s.import('google-ads-csv', 'F11/google-ads-by-week.csv');
    expect(manifest.rowsRejected).toBe(0);
    expect(manifest.notes).toMatchObject({ spreadEvenly: true, spreadRows: 2 });
    expect(String(manifest.notes?.spreadOver)).toMatch(/week .*an estimate/);
    expect(await s.spend('2026-W45')).toBe(700);
    expect(await s.spend('2026-W46')).toBe(1400);
  });

  it('German Google Ads by Monat: each month row on its own calendar month', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const text = [
      'Kampagnenbericht',
      '1. Oktober 2026 - 30. November 2026',
      'Monat,Kampagne,Kampagnen-ID,Währungscode,Kosten',
      'Oktober 2026,Marke,111,USD,"3.100,00"',
      'November 2026,Marke,111,USD,"3.000,00"',
    ].join('\n');
    const { manifest } = await s.import('google-ads-csv', 'de-monat.csv', text);
    expect(manifest.rowsRejected).toBe(0);
    // November: 3,000 over 30 days = 100 a day; W46 (Nov 9–15) holds 7 of them.
    expect(await s.spend('2026-W46')).toBe(700);
    // W44 (Oct 26 – Nov 1): 6 October days at 100 and 1 November day at 100.
    expect(await s.spend('2026-W44')).toBe(700);
  });

  it('a Quarter report: the quarter row over its 92 days', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    // A quarter that has ended (a running one without a date range is refused: see file-conventions).
    const text = ['Quarter,Campaign,Campaign ID,Currency code,Cost', 'Q3 2026,Brand,111,USD,9200.00'].join('\n');
    await s.import('google-ads-csv', 'quarter.csv', text);
    expect(await s.spend('2026-W33')).toBe(700);
  });

  it('a week that starts before the title range contributes only its days inside it', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const text = [
      'Campaign report',
      '5 November 2026 - 15 November 2026',
      'Week,Campaign,Campaign ID,Currency code,Cost',
      // Google reports only the range's days of a week cut by the range: Nov 5–8 here.
      '2026-11-02,Brand,111,USD,400.00',
      '2026-11-09,Brand,111,USD,700.00',
    ].join('\n');
    await s.import('google-ads-csv', 'clipped.csv', text);
    expect(await s.spendOn('2026-11-02', '2026-11-04')).toBe(0);
    expect(await s.spendOn('2026-11-05', '2026-11-08')).toBe(400);
    // The range the report states begins Thursday: Nov 2–4 are not covered by it, so W45's
    // spend is not measured (declared periods), while W46 lies wholly inside it.
    expect(await s.spend('2026-W45')).toBeNaN();
    expect(await s.spend('2026-W46')).toBe(700);
  });
});

describe('F14: a re-pull that restates overlapping days', () => {
  it('the latest version of each campaign-day wins: W46 385 USD', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'F14/google-ads-pull1.csv');
    const second = await s.import('google-ads-csv', 'F14/google-ads-pull2-restated.csv');
    expect(second.manifest.rowsLoaded).toBe(3);
    expect(await s.spend('2026-W46')).toBe(385);
  });
});

describe('spend by day and spread over a range: restated only at the same granularity', () => {
  // A campaign that spent 100 USD a day from 16 Nov, downloaded by day, and month to date without the Day segment.
  const daily = [
    'Campaign report',
    '16 November 2026 - 22 November 2026',
    'Day,Campaign,Campaign ID,Currency code,Cost',
    ...[16, 17, 18, 19, 20, 21, 22].map((d) => `2026-11-${d},Black Week Search,21000000009,USD,100.00`),
  ].join('\n');
  const monthToDate = (cost: string) =>
    [
      'Campaign report',
      '1 November 2026 - 22 November 2026',
      'Campaign,Campaign ID,Currency code,Cost',
      `Black Week Search,21000000009,USD,${cost}`,
    ].join('\n');

  it('refuses a range-only re-download over days loaded by day: W47 stays 700, nothing before the campaign', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g-daily-w47.csv', daily);
    // Before: the month's row replaced 16–22 with 700/22 a day and put 2/3 of it in W44–W46.
    await expect(s.import('google-ads-csv', 'g-month-to-date.csv', monthToDate('700.00'))).rejects.toThrow(
      /^g-month-to-date\.csv: google_ads spend of 2026-11-16\.\.2026-11-22 \(no account id\) was already loaded by day from g-daily-w47\.csv \(2026-11-30\); this file is not by day there: it spreads a row's cost evenly over 2026-11-01\.\.2026-11-22, .*download the report by day \(Google Ads: Segment → Time → Day\)/,
    );
    expect(await s.spend('2026-W47')).toBe(700);
    expect(await s.spendOn('2026-11-01', '2026-11-15')).toBe(0);
    expect(await s.deps.store.list('manifests/loads/spend/')).toHaveLength(1);
  });

  it('refuses days by day inside an earlier spread: the rest of the estimate would stay beside them', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const { manifest } = await s.import('google-ads-csv', 'g-month-to-date.csv', monthToDate('700.00'));
    expect(manifest.notes?.spendCoverage).toEqual([
      expect.objectContaining({ start: '2026-11-01', end: '2026-11-22', spread: ['2026-11-01..2026-11-22'] }),
    ]);
    // Before: 16–22 became 700 by day and 1–15 kept 15/22 of the estimate: 1,177 for 700 spent.
    await expect(s.import('google-ads-csv', 'g-daily-w47.csv', daily)).rejects.toThrow(
      /^g-daily-w47\.csv: google_ads spend of 2026-11-01\.\.2026-11-22 \(no account id\) was already loaded from g-month-to-date\.csv \(2026-11-30\) as an estimate, .* the rest would stay on 2026-11-01\.\.2026-11-15 beside it, counted twice\. Nothing was loaded; /,
    );
    expect(await s.spendOn('2026-11-01', '2026-11-22')).toBe(700);
  });

  it('the same range re-downloaded restates it, and a wider spread replaces an earlier one whole', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g-month-to-date.csv', monthToDate('700.00'));
    await s.import('google-ads-csv', 'g-month-to-date-2.csv', monthToDate('770.00'));
    expect(await s.spendOn('2026-11-01', '2026-11-22')).toBe(770);
    const wider = monthToDate('900.00')
      .replace('1 November 2026', '1 November 2026')
      .replace('22 November 2026', '28 November 2026');
    await s.import('google-ads-csv', 'g-wider.csv', wider);
    expect(await s.spendOn('2026-11-01', '2026-11-28')).toBe(900);
  });

  it('Meta: a per-row reporting range over days loaded by Day names the Day breakdown', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const byDay = ['Campaign name,Campaign ID,Day,Amount spent (USD)']
      .concat([16, 17, 18].map((d) => `Retargeting,120210000000000111,2026-11-${d},50.00`))
      .join('\n');
    await s.import('meta-ads-csv', 'meta-days.csv', byDay);
    const range = [
      'Campaign name,Campaign ID,Reporting starts,Reporting ends,Amount spent (USD)',
      'Retargeting,120210000000000111,2026-11-16,2026-11-22,350.00',
    ].join('\n');
    await expect(s.import('meta-ads-csv', 'meta-week.csv', range)).rejects.toThrow(
      /^meta-week\.csv: meta spend of 2026-11-16\.\.2026-11-18 \(no account id\) was already loaded by day .*download the report by day \(Meta: Breakdown → By time → Day\)/,
    );
    expect(await s.spendOn('2026-11-16', '2026-11-22')).toBe(150);
  });
});

describe('F15: the same week exported from the campaigns tab and from the ad-sets tab', () => {
  it('refuses the ad-set file whole with the reason: W46 stays 700 USD', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const first = await s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv');
    expect(first.manifest.notes?.spendCoverage).toEqual([
      {
        source: 'meta',
        platform: 'meta',
        accountId: null,
        start: '2026-11-09',
        end: '2026-11-15',
        level: 'campaign',
        idKinds: ['name'],
        // From the "Amount spent (USD)" header: another currency would be another account.
        currency: 'USD',
        // Keyed by name: a later restatement must name the same campaigns on these days.
        campaigns: [{ id: deriveCampaignId('Lead Gen Q4'), name: 'Lead Gen Q4', days: ['2026-11-09..2026-11-15'] }],
        // Reporting starts/ends without a Day column: the week's cost spread over its days.
        spread: ['2026-11-09..2026-11-15'],
      },
    ]);
    await expect(s.import('meta-ads-csv', 'F15/meta-adsets-nov9-15.csv')).rejects.toThrow(
      'meta-adsets-nov9-15.csv: meta spend of 2026-11-09..2026-11-15 (no account id) was already loaded at campaign level from meta-campaigns-nov9-15.csv (2026-11-30); this file is at ad set level, so the same spend would count twice. Nothing was loaded; export the same level as before (or set sources["meta-ads-csv"].accountId if these are different accounts)',
    );
    expect(await s.spend('2026-W46')).toBe(700);
    // Nothing of the refused file was written, and the first file again is still a no-op.
    const files = await s.deps.store.list('manifests/loads/spend/');
    expect(files).toHaveLength(1);
    expect((await s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv')).alreadyLoaded).toBe(true);
  });

  it('the CLI prints the refusal as one line and exits 1', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'funnel.js');
    const data = join(root, `cli-${n++}`);
    const funnel = (file: string) =>
      promisify(execFile)(process.execPath, [
        bin,
        '--config',
        join(CASES, 'cfg-ny.json'),
        '--data-dir',
        data,
        'import',
        join(CASES, file),
        '--as',
        'meta-ads-csv',
      ]).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    expect((await funnel('F15/meta-campaigns-nov9-15.csv')).code).toBe(0);
    const refused = await funnel('F15/meta-adsets-nov9-15.csv');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^funnel: meta-adsets-nov9-15\.csv: meta spend of 2026-11-09\.\.2026-11-15 \(no account id\) was already loaded at campaign level from meta-campaigns-nov9-15\.csv \(\d{4}-\d{2}-\d{2}\); .* Nothing was loaded; [^\n]*\n$/,
    );
  }, 60_000);

  it('an ad-level Meta file after a campaign-level one is refused', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv');
    const ads = [
      'Ad name,Reporting starts,Reporting ends,Amount spent (USD)',
      'Video A,2026-11-12,2026-11-18,350.00',
      'Video B,2026-11-12,2026-11-18,350.00',
    ].join('\n');
    await expect(s.import('meta-ads-csv', 'ads.csv', ads)).rejects.toThrow(
      /^ads\.csv: meta spend of 2026-11-12\.\.2026-11-15 \(no account id\) was already loaded at campaign level .*this file is at ad level/,
    );
    expect(await s.spend('2026-W46')).toBe(700);
  });

  it('a Google Ads file with campaign ids after one without is refused', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const noIds = ['Day,Campaign,Currency code,Cost', '2026-11-10,Brand Search,USD,100.00'].join('\n');
    const withIds = ['Day,Campaign,Campaign ID,Currency code,Cost', '2026-11-10,Brand Search,187,USD,100.00'].join(
      '\n',
    );
    await s.import('google-ads-csv', 'no-ids.csv', noIds);
    await expect(s.import('google-ads-csv', 'with-ids.csv', withIds)).rejects.toThrow(
      'with-ids.csv: google_ads spend of 2026-11-10..2026-11-10 (no account id) was already loaded with campaign ids derived from names (no id column) from no-ids.csv (2026-11-30); this file has the platform\'s campaign ids, so the same spend would count twice. Nothing was loaded; export the same columns as before (or set sources["google-ads-csv"].accountId if these are different accounts)',
    );
    expect(await s.spend('2026-W46')).toBe(100);
  });

  it('two different accounts at different levels are not refused', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const campaigns = [
      'Account ID,Campaign name,Reporting starts,Reporting ends,Amount spent (USD)',
      '111,Lead Gen,2026-11-09,2026-11-15,700.00',
    ].join('\n');
    const adsets = [
      'Account ID,Ad set name,Reporting starts,Reporting ends,Amount spent (USD)',
      '222,Lookalike,2026-11-09,2026-11-15,140.00',
    ].join('\n');
    await s.import('meta-ads-csv', 'acct-111.csv', campaigns);
    await s.import('meta-ads-csv', 'acct-222.csv', adsets);
    expect(await s.spend('2026-W46')).toBe(840);
  });

  it('a file without an account id after one with it is refused (the staging key differs)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const withAccount = [
      'Account ID,Campaign name,Campaign ID,Reporting starts,Reporting ends,Amount spent (USD)',
      '111,Lead Gen,9,2026-11-09,2026-11-15,700.00',
    ].join('\n');
    const without = [
      'Campaign name,Campaign ID,Reporting starts,Reporting ends,Amount spent (USD)',
      'Lead Gen,9,2026-11-09,2026-11-15,700.00',
    ].join('\n');
    await s.import('meta-ads-csv', 'with.csv', withAccount);
    await expect(s.import('meta-ads-csv', 'without.csv', without)).rejects.toThrow(
      /was already loaded for account 111 from with\.csv .*; this file has no account id, so the same spend would count twice\. Nothing was loaded; set sources\["meta-ads-csv"\]\.accountId to "111" if this is that account \(or to this account's id if not\)$/,
    );
    expect(await s.spend('2026-W46')).toBe(700);
  });

  it('a name-id export after the API loaded the same account and days is refused', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.api([
      {
        date: '2026-11-10',
        source: 'meta',
        platform: 'meta',
        account_id: '111',
        campaign_id: '120210000000000111',
        campaign_name: 'Lead Gen Q4',
        channel: 'paid_social',
        cost: 100,
        currency: 'USD',
      },
    ]);
    await expect(s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv')).rejects.toThrow(
      /already loaded with the platform's campaign ids from meta campaign_daily/,
    );
    expect(await s.spend('2026-W46')).toBe(100);
  });

  it("a Google Ads export naming the API's account as 123-456-7890 is refused (another staging key)", async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.api([
      {
        date: '2026-11-10',
        source: 'google_ads',
        platform: 'google_ads',
        account_id: '1234567890',
        campaign_id: '187',
        cost: 100,
        currency: 'USD',
      },
    ]);
    const text = [
      'Day,Customer ID,Campaign,Campaign ID,Currency code,Cost',
      '2026-11-10,123-456-7890,Brand,187,USD,100',
    ];
    await expect(s.import('google-ads-csv', 'ui.csv', text.join('\n'))).rejects.toThrow(
      /google_ads spend of 2026-11-10\.\.2026-11-10 \(account 123-456-7890\) was already loaded for account 1234567890 /,
    );
    expect(await s.spend('2026-W46')).toBe(100);
  });

  it('the same level and id kind of the same account restates (days of both files loaded)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('meta-ads-csv', 'F15/meta-adsets-nov9-15.csv');
    const restated = [
      'Ad set name,Reporting starts,Reporting ends,Amount spent (USD)',
      'Lead Gen Q4 - Lookalike 1%,2026-11-09,2026-11-15,490.00',
      'Lead Gen Q4 - Retargeting 30d,2026-11-09,2026-11-15,280.00',
    ].join('\n');
    await s.import('meta-ads-csv', 'restated.csv', restated);
    expect(await s.spend('2026-W46')).toBe(770);
  });
});

describe('exports without campaign ids: campaigns keyed by name', () => {
  const TITLE = 'Campaign report';
  const HEADER = 'Day,Campaign,Campaign type,Currency code,Cost';
  /** A Google Ads daily campaign report as downloaded: title, range line, header, rows. */
  const googleAds = (range: string, rows: [day: number, campaign: string, cost: string][]) =>
    [TITLE, range, HEADER, ...rows.map(([d, c, cost]) => `2026-11-${d},${c},Search,USD,${cost}`)].join('\n');
  const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const WEEK = '16 November 2026 - 22 November 2026';
  const g1 = googleAds(
    WEEK,
    days(16, 22).map((d) => [d, 'Brand Search', '100.00']),
  );
  // Reviewer's 2a: the campaign renamed; Google Ads shows the current name for past days too.
  const g2 = googleAds(
    '16 November 2026 - 29 November 2026',
    days(16, 29).map((d) => [d, 'Brand Search US', '100.00']),
  );
  // Reviewer's 2b: a second ad account, exported without its Customer ID like the first.
  const acct2 = googleAds(
    WEEK,
    days(16, 22).flatMap((d) => [
      [d, 'Brand Search', '40.00'],
      [d, 'Generic DE', '10.00'],
    ]),
  );

  it('2a: a renamed campaign in an overlapping re-export is refused: W47 stays 700 (was 1,400)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g1.csv', g1, { dt: '2026-11-23' });
    const refused = s.import('google-ads-csv', 'g2.csv', g2, { dt: '2026-11-30' });
    await expect(refused).rejects.toThrow(
      'g2.csv: google_ads spend of 2026-11-16..2026-11-22 (no account id) was already loaded from g1.csv (2026-11-30) for other campaigns (this file: Brand Search US; loaded: Brand Search). Without a campaign id column campaigns are keyed by name, so a renamed campaign would count twice and another ad account would replace the campaigns of the same name. Nothing was loaded; if a campaign was renamed, export only the days after 2026-11-22; if this is another ad account, load it with --source NAME (e.g. --source google_ads_2); exports with the Campaign ID and Customer ID columns do not depend on names',
    );
    expect(await s.spend('2026-W47')).toBe(700);
    expect(await s.deps.store.list('manifests/loads/spend/')).toHaveLength(1);
    // The way out the message names: only the days not loaded yet, under the new name.
    const after = googleAds(
      '23 November 2026 - 29 November 2026',
      days(23, 29).map((d) => [d, 'Brand Search US', '100.00']),
    );
    await s.import('google-ads-csv', 'g2-new-days.csv', after, { dt: '2026-11-30' });
    expect(await s.spend('2026-W47')).toBe(700);
    expect(await s.spend('2026-W48')).toBe(700);
  });

  it('2b: a second account without its Customer ID is refused: W47 stays 700 (was 350)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g1.csv', g1, { dt: '2026-11-23' });
    await expect(s.import('google-ads-csv', 'g-acct2.csv', acct2, { dt: '2026-11-23' })).rejects.toThrow(
      /^g-acct2\.csv: google_ads spend of 2026-11-16\.\.2026-11-22 \(no account id\) was already loaded from g1\.csv \(2026-11-30\) for other campaigns \(this file: Generic DE; loaded: none\)\. .*load it with --source NAME/,
    );
    expect(await s.spend('2026-W47')).toBe(700);
  });

  it('2b with --source for the second account: both accounts count, W47 1,050', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g1.csv', g1, { dt: '2026-11-23' });
    const { manifest } = await s.import('google-ads-csv', 'g-acct2.csv', acct2, {
      dt: '2026-11-23',
      source: 'google_ads_2',
    });
    expect(manifest.rowsLoaded).toBe(14);
    expect(await s.spend('2026-W47')).toBe(1050);
    // A restatement of either account still restates (each against its own source's load).
    const g1Restated = googleAds(
      WEEK,
      days(16, 22).map((d) => [d, 'Brand Search', '90.00']),
    );
    await s.import('google-ads-csv', 'g1-restated.csv', g1Restated, { dt: '2026-11-30' });
    expect(await s.spend('2026-W47')).toBe(980);
  });

  it('another source naming the same campaigns is still refused (the same spend under two names)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g1.csv', g1);
    await expect(s.import('google-ads-csv', 'g1-again.csv', g1 + '\n', { source: 'google_ads_2' })).rejects.toThrow(
      /already loaded under source "google_ads" from g1\.csv/,
    );
    expect(await s.spend('2026-W47')).toBe(700);
  });

  it('restated values of the same campaigns are still a restatement: W47 630', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('google-ads-csv', 'g1.csv', g1, { dt: '2026-11-23' });
    const restated = googleAds(
      '16 November 2026 - 29 November 2026',
      days(16, 29).map((d) => [d, 'brand search', '90.00']), // names compared as their ids
    );
    await s.import('google-ads-csv', 'g2-restated.csv', restated, { dt: '2026-11-30' });
    expect(await s.spend('2026-W47')).toBe(630);
    expect(await s.spend('2026-W48')).toBe(630);
  });

  it('with Campaign ID columns but no Customer ID, two accounts never collide: W47 1,050 (nothing refused)', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const withIds = (rows: [number, string, string, string][]) =>
      [
        TITLE,
        WEEK,
        'Day,Campaign,Campaign ID,Currency code,Cost',
        ...rows.map(([d, c, id, cost]) => `2026-11-${d},${c},${id},USD,${cost}`),
      ].join('\n');
    await s.import(
      'google-ads-csv',
      'g1-ids.csv',
      withIds(days(16, 22).map((d) => [d, 'Brand Search', '111', '100.00'])),
    );
    await s.import(
      'google-ads-csv',
      'g-acct2-ids.csv',
      withIds(
        days(16, 22).flatMap((d) => [
          [d, 'Brand Search', '222', '40.00'],
          [d, 'Generic DE', '333', '10.00'],
        ]),
      ),
    );
    expect(await s.spend('2026-W47')).toBe(1050);
  });

  it('Meta: a renamed campaign in an overlapping re-export is refused too', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    await s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv');
    const renamed = [
      'Campaign name,Reporting starts,Reporting ends,Amount spent (USD)',
      'Lead Gen Q4 - US,2026-11-09,2026-11-15,700.00',
    ].join('\n');
    await expect(s.import('meta-ads-csv', 'renamed.csv', renamed)).rejects.toThrow(
      /^renamed\.csv: meta spend of 2026-11-09\.\.2026-11-15 \(no account id\) .*\(this file: Lead Gen Q4 - US; loaded: Lead Gen Q4\)\. .*Campaign ID and Account ID columns/,
    );
    expect(await s.spend('2026-W46')).toBe(700);
  });

  it('LinkedIn without a Campaign ID column: a renamed campaign is refused too', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const report = (name: string) =>
      [
        'Campaign Performance Report',
        'Report Start: 11/16/2026, Report End: 11/22/2026',
        'Campaign Name,Currency,Total Spent',
        `${name},USD,700.00`,
      ].join('\n');
    await s.import('linkedin-ads-csv', 'li-1.csv', report('Webinar'));
    await expect(s.import('linkedin-ads-csv', 'li-2.csv', report('Webinar EMEA'))).rejects.toThrow(
      /^li-2\.csv: linkedin spend of 2026-11-16\.\.2026-11-22 .*\(this file: Webinar EMEA; loaded: Webinar\)/,
    );
    expect(await s.spend('2026-W47')).toBe(700);
  });

  it('API connectors carry ids: no campaign names recorded, a renamed campaign restates', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const row = (campaign_name: string, cost: number) => ({
      date: '2026-11-16',
      source: 'google_ads',
      platform: 'google_ads',
      account_id: '1234567890',
      campaign_id: '187',
      campaign_name,
      cost,
      currency: 'USD',
    });
    await s.api([row('Brand Search', 100)]);
    await s.api([row('Brand Search US', 90)]);
    const manifests = await s.deps.store.list('manifests/loads/spend/');
    for (const key of manifests) {
      const m = JSON.parse(Buffer.from((await s.deps.store.get(key))!).toString('utf8')) as {
        notes: { spendCoverage: object[] };
      };
      expect(m.notes.spendCoverage).toEqual([expect.not.objectContaining({ campaigns: expect.anything() })]);
    }
    expect(await s.spend('2026-W47')).toBe(90);
  });
});

describe('canonical spend without a source column', () => {
  it('imports with each row under its platform, and its coverage is recorded on the JS path', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const text = [
      'date,platform,account_id,campaign_id,cost,currency',
      '2026-11-10,meta,111,120210000000000111,100,USD',
      '2026-11-11,google_ads,,187,50,USD',
    ].join('\n');
    const jsDeps = { ...s.deps, encoder: { encode: s.deps.encoder.encode.bind(s.deps.encoder) } };
    const path = join(root, 'canonical-spend.csv');
    await writeFile(path, text);
    const { manifest } = await importFile(jsDeps, { path, format: 'canonical-spend', dt: '2026-11-30' });
    expect(manifest.notes?.rowsBySource).toEqual({ meta: 1, google_ads: 1 });
    expect(manifest.notes?.spendCoverage).toEqual([
      expect.objectContaining({ source: 'meta', accountId: '111', level: 'campaign', idKinds: ['platform'] }),
      expect.objectContaining({ source: 'google_ads', accountId: null, start: '2026-11-11', end: '2026-11-11' }),
    ]);
    expect(await s.spend('2026-W46')).toBe(150);
    // The Meta export without ids for the same account's week would add the same spend again.
    await expect(s.import('meta-ads-csv', 'F15/meta-campaigns-nov9-15.csv')).rejects.toThrow(
      /already loaded with the platform's campaign ids from canonical-spend\.csv/,
    );
  });

  it('the DuckDB fast path gives the same rows', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const text = 'date,platform,campaign_id,cost,currency\n2026-11-10,linkedin,501,70,USD\n';
    const { manifest } = await s.import('canonical-spend', 'canonical-spend-fast.csv', text);
    expect(manifest.source).toBe('linkedin');
    expect(await s.spend('2026-W46')).toBe(70);
  });
});

describe('G9: the "Maximum" preset, each campaign with its own Starts / Ends', () => {
  it("spreads each row over its campaign's own days inside the range: W47 about 7,372 USD", async () => {
    const s = await store(await cfg('cfg-ny-multi.json'));
    const { manifest } = await s.import('meta-ads-csv', 'G9/meta-campaigns-maximum.csv');
    expect(manifest.rowsRejected).toBe(0);
    // 7,000 in W47 (Nov 16–22) and the ongoing campaign's 36,500 over its 686 days since 2025-01-06.
    expect(await s.spend('2026-W47')).toBeCloseTo(7000 + (36500 / 686) * 7, 0);
    expect(await s.spend('2026-W46')).toBeCloseTo((36500 / 686) * 7, 0);
    // Never before a campaign existed: no spend row at all in the 4 weeks up to then (not measured).
    expect(await s.spend('2024-W52')).toBeNaN();
    expect(String(manifest.notes?.spreadOver)).toMatch(/Starts\.\.Ends.*an estimate/);
  });

  it('a localized (German) Maximum export with Beginn / Ende = Fortlaufend', async () => {
    const s = await store(await cfg('cfg-ny-multi.json'));
    const text = [
      'Berichtsbeginn,Berichtsende,Kampagnenname,Kampagnen-ID,Beginn,Ende,Ausgegebener Betrag (USD)',
      '2023-10-23,2026-11-22,Winter,1,2026-11-16,2026-11-22,"7.000,00"',
      '2023-10-23,2026-11-22,Immer,2,2025-01-06,Fortlaufend,"36.500,00"',
    ].join('\n');
    await s.import('meta-ads-csv', 'de-maximum.csv', text);
    expect(await s.spend('2026-W47')).toBeCloseTo(7372.45, 0);
  });

  it('a LinkedIn report over a long title range with each campaign’s own start and end dates', async () => {
    const s = await store(await cfg('cfg-ny-multi.json'));
    const text = [
      'Campaign Performance Report',
      'Report Start: 01/01/2024, Report End: 11/22/2026',
      'Campaign Name,Campaign ID,Campaign Start Date,Campaign End Date,Currency,Total Spent',
      'Webinar,501,11/16/2026,11/22/2026,USD,700.00',
      'Old,502,03/01/2024,03/31/2024,USD,3100.00',
    ].join('\n');
    await s.import('linkedin-ads-csv', 'account_5_campaign_performance_report.csv', text);
    expect(await s.spend('2026-W47')).toBe(700);
    expect(await s.spend('2024-W10')).toBe(700); // March 4–10, 2024: 100 a day
  });
});

describe('G9 without Starts: a long reporting range that nothing bounds', () => {
  it("the reviewer's Meta export (Ends but no Starts): refused, W47 spend not measured instead of US$27.02", async () => {
    const s = await store(await cfg('cfg-ny.json'));
    // Other spend, weeks before (the store is not empty, and W47's four weeks hold none of it).
    await s.import('google-ads-csv', 'day.csv', 'Day,Campaign,Currency code,Cost\n2026-10-05,Brand,USD,10.00\n');
    const text = [
      '"Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",Impressions,Ends',
      '2023-11-01,2026-11-30,"Black Friday 2026",700.00,35000,2026-11-22',
      '2023-11-01,2026-11-30,"Always-on Prospecting",3650.00,99000,Ongoing',
    ].join('\n');
    const { manifest } = await s.import('meta-ads-csv', 'maximum-no-starts.csv', text);
    expect([manifest.rowsLoaded, manifest.rowsRejected]).toEqual([0, 2]);
    expect(await s.spend('2026-W47')).toBeNaN();
  });
});

describe('Indian digit grouping in a Google Ads report in INR', () => {
  it('"1,23,456.78" is read: W47 spend 2,696.66 USD, not 1,215.18 with the row rejected', async () => {
    const s = await store({ ...(await cfg('cfg-ny.json')), fxRates: { EUR: 1.08, INR: 0.012 } });
    const text = [
      'Campaign report',
      '"November 16, 2026 - November 22, 2026"',
      'Campaign,Campaign ID,Currency code,Cost',
      'Brand,1,INR,"1,23,456.78"',
      'Generic,2,INR,"98,765.00"',
      'Video,3,INR,"2,500.00"',
    ].join('\n');
    const { manifest } = await s.import('google-ads-csv', 'inr.csv', text);
    expect(manifest.rowsRejected).toBe(0);
    // (123,456.78 + 98,765 + 2,500) INR × 0.012
    expect(await s.spend('2026-W47')).toBe(2696.66);
  });
});

describe('a spend file with rejected rows', () => {
  // Since 1.14 the row's day (17 Nov) is read, so W47's spend is also not measured
  // (spend-rejected-days.test.ts); the data-quality line stays.
  it('names the rejected row in the data-quality lines of the week it is dated in', async () => {
    const s = await store(await cfg('cfg-ny.json'));
    const dir = join(root, `data-${n - 1}`);
    const text = [
      'Day,Campaign,Campaign ID,Currency code,Cost',
      '2026-11-16,Brand,1,USD,100.00',
      '2026-11-17,Brand,1,USD,not a cost',
    ].join('\n');
    const { manifest } = await s.import('google-ads-csv', 'one-bad.csv', text);
    expect([manifest.rowsLoaded, manifest.rowsRejected]).toEqual([1, 1]);
    const assumptions = async (week: string) => {
      const engine = await openLocalWarehouse(dir, s.deps.config);
      try {
        const report = await buildReport(
          { engine, store: s.deps.store, config: s.deps.config },
          parseWeek(week, 'America/New_York'),
        );
        return report.dataQuality.assumptions;
      } finally {
        await engine.close();
      }
    };
    expect(await assumptions('2026-W47')).toContainEqual({ source: 'google_ads', kind: 'spendRejected', rows: 1 });
    // A week the row is not dated in carries no such line.
    expect(await assumptions('2026-W45')).not.toContainEqual(expect.objectContaining({ kind: 'spendRejected' }));
    // The file fixed and imported again under the same name: the mark goes.
    await s.import('google-ads-csv', 'one-bad.csv', text.replace('not a cost', '50.00'));
    expect(await assumptions('2026-W47')).not.toContainEqual(expect.objectContaining({ kind: 'spendRejected' }));
  });
});
