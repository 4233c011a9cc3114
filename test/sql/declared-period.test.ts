/**
 * Declared periods (docs/methodology.md, Coverage): a source whose loads say which period they
 * cover is judged by those periods, not by its last row. An ad-platform export pulled on
 * Wednesday, or a CRM pull made on Thursday, used to pass (it had data in the week), so
 * Thursday–Sunday spend read as 0 and Thursday–Sunday leads as overdue. The same rows declaring
 * the whole week are measured: their empty days had nothing (a paused campaign).
 * Real importer, runner, loader, warehouse and report.
 */
import { describe, expect, it } from 'vitest';
import { endByExportDay, importFile } from '../../functions/core/import/import-file.js';
import { listManifests } from '../../functions/core/load.js';
import { coveredFrom } from '../../functions/core/report/coverage.js';
import { listPullRecords, parsePeriodOption, periodOfPull } from '../../functions/core/periods.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { renderWeeklyReport } from '../../emails/render.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { HubSpotFake, type HubSpotObject } from '../fakes/hubspot.js';
import { usePipelines } from '../reliability/pipeline.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const WEEK = '2026-W47'; // Mon 2026-11-16 .. Mon 2026-11-23, UTC

const suite = usePipelines();
const pipeline = suite.pipeline;

/** Days `from`..`to` inclusive (YYYY-MM-DD). */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

/** A Google Ads daily campaign report whose title line says `range`; 100 USD a day on `spendDays`. */
function googleAds(range: string, spendDays: readonly string[]): string {
  const rows = spendDays.map((d) => `${d},Brand Search US,21000000001,Search,USD,100.00,1000,80,2.00`);
  return (
    [
      'Campaign report',
      range,
      'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions',
      ...rows,
    ].join('\n') + '\n'
  );
}

/** A Meta campaigns export (no Day column): one campaign's spend over its Reporting starts..ends. */
function metaExport(starts: string, ends: string, amount: string): string {
  return `Campaign name,Campaign ID,Reporting starts,Reporting ends,Amount spent (USD),Impressions,Results\nLead Gen Q4,120210000000000111,${starts},${ends},${amount},35000,28\n`;
}

const SPEND_DAYS = days('2026-10-19', '2026-11-18'); // W44..W47 Wednesday

async function emailText(report: FunnelReport, locale: 'en' | 'de-CH'): Promise<string> {
  const { text } = await renderWeeklyReport({ report, trend: [], locale, methodologyUrl: 'https://example.com/m' });
  return text;
}

describe('spend exports that declare their period', () => {
  it('a Google Ads report whose range ends on Wednesday: spend not measured, naming Google Ads and the day', async () => {
    const p = await pipeline();
    const load = await p.import({
      name: 'google-ads-to-wed.csv',
      bytes: googleAds('19 October 2026 - 18 November 2026', SPEND_DAYS),
      format: 'google-ads-csv',
    });
    expect(load.manifest?.period).toEqual({ from: '2026-10-19', to: '2026-11-18' });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend).toMatchObject({
      measured: false,
      source: 'google_ads',
      coveredUntil: '2026-11-18',
      reason:
        "ad spend from Google Ads loaded only up to 2026-11-18 (the periods its loads declare end before the week's cutoff; later days would read as none)",
    });
    expect(report?.totals.spend).toBeNull();
    expect(report?.totals.cpl).toBeNull();
    expect(await emailText(report!, 'en')).toContain(
      'Spend not measured: the ad spend loaded from Google Ads cover only up to 18 Nov, so spend of the later days would read as 0.',
    );
    expect(await emailText(report!, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: die von Google Ads geladenen Werbeausgaben reichen nur bis 18. Nov.',
    );
  });

  it('the same rows declaring the whole week are measured: Thursday–Sunday had no spend (paused)', async () => {
    const p = await pipeline();
    await p.import({
      name: 'google-ads-week.csv',
      bytes: googleAds('19 October 2026 - 22 November 2026', SPEND_DAYS),
      format: 'google-ads-csv',
    });
    const { report, json } = await p.report(WEEK);
    expect(report?.coverage.spend).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(report?.totals.spend).toBe(276); // 3 days × 100 USD × 0.92
    // A re-run (the same file again, the report again) changes nothing.
    const again = await p.import({
      name: 'google-ads-week.csv',
      bytes: googleAds('19 October 2026 - 22 November 2026', SPEND_DAYS),
      format: 'google-ads-csv',
    });
    expect(again.alreadyLoaded).toBe(true);
    expect((await p.report(WEEK)).json).toBe(json);
  });

  it('a title range past the export day (--date) declares only up to that day', async () => {
    // A Friday export whose range was chosen to the week's end: Saturday and Sunday are not in it.
    const p = await pipeline();
    const load = await p.import({
      name: 'google-ads-fri.csv',
      bytes: googleAds('19 October 2026 - 22 November 2026', days('2026-10-19', '2026-11-20')),
      format: 'google-ads-csv',
      dt: '2026-11-20',
    });
    expect(load.manifest?.period).toEqual({ from: '2026-10-19', to: '2026-11-20' });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend).toMatchObject({ measured: false, coveredUntil: '2026-11-20' });
    expect(report?.totals.spend).toBeNull();
    expect(endByExportDay({ from: '2026-11-21', to: '2026-11-27' }, '2026-11-20')).toBeNull();
    expect(endByExportDay({ from: '2026-11-16', to: '2026-11-18' }, '2026-11-20')).toEqual({
      from: '2026-11-16',
      to: '2026-11-18',
    });
  });

  it('a later export declaring the rest of the week completes the union of periods', async () => {
    const p = await pipeline();
    await p.import({
      name: 'google-ads-to-wed.csv',
      bytes: googleAds('19 October 2026 - 18 November 2026', SPEND_DAYS),
      format: 'google-ads-csv',
    });
    await p.import({
      name: 'google-ads-thu-sun.csv',
      bytes: googleAds('19 November 2026 - 22 November 2026', []).replace(/\n$/, '\n'),
      format: 'google-ads-csv',
    });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.spend.measured).toBe(true);
  });

  it("Meta's Reporting starts / ends: Monday–Wednesday is not measured, the whole week is", async () => {
    const short = await pipeline();
    const l = await short.import({
      name: 'meta-mon-wed.csv',
      bytes: metaExport('2026-10-19', '2026-11-18', '3100.00'),
      format: 'meta-ads-csv',
    });
    expect(l.manifest?.period).toEqual({ from: '2026-10-19', to: '2026-11-18' });
    const r1 = (await short.report(WEEK)).report;
    expect(r1?.coverage.spend).toMatchObject({ measured: false, source: 'meta', coveredUntil: '2026-11-18' });

    const whole = await pipeline();
    await whole.import({
      name: 'meta-week.csv',
      // 28 days: a longer range without a day segment is refused (spread over at most 31 days).
      bytes: metaExport('2026-10-26', '2026-11-22', '3500.00'),
      format: 'meta-ads-csv',
    });
    const r2 = (await whole.report(WEEK)).report;
    expect(r2?.coverage.spend.measured).toBe(true);
  });

  it('a file that states no period (a canonical CSV) keeps the rule of data in the week; --period declares one', async () => {
    const csv =
      'date,platform,account_id,campaign_id,campaign_name,currency,cost,source\n' +
      SPEND_DAYS.map((d) => `${d},google_ads,1,c1,Brand,EUR,100,agency`).join('\n') +
      '\n';
    const plain = await pipeline();
    await plain.import({ name: 'spend.csv', bytes: csv, format: 'canonical-spend' });
    expect((await plain.report(WEEK)).report?.coverage.spend.measured).toBe(true);

    const declared = await pipeline();
    const path = join(declared.dir, 'spend.csv');
    await writeFile(path, csv);
    const { manifest } = await importFile(
      {
        store: declared.store,
        encoder: suite.encoder(),
        config: declared.config,
        now: declared.now,
        vendorFormats: vendorFileFormats,
      },
      { path, format: 'canonical-spend', dt: '2026-11-19', period: parsePeriodOption('2026-10-19..2026-11-18') },
    );
    expect(manifest.period).toEqual({ from: '2026-10-19', to: '2026-11-18' });
    expect(manifest.options).toEqual({ period: '2026-10-19..2026-11-18' });
    expect((await declared.report(WEEK)).report?.coverage.spend).toMatchObject({
      measured: false,
      source: 'agency',
    });
  });
});

const iso = (s: string) => new Date(s).toISOString();

function contact(id: string, email: string, created: string): HubSpotObject {
  return {
    id,
    properties: {
      hs_object_id: id,
      email,
      firstname: 'T',
      lastname: 'Test',
      lifecyclestage: 'lead',
      hs_analytics_source: 'PAID_SEARCH',
      createdate: iso(created),
      lastmodifieddate: iso(created),
      hs_merged_object_ids: null,
      hs_additional_emails: null,
    },
    createdAt: iso(created),
    updatedAt: iso(created),
    archived: false,
  };
}

function call(id: string, at: string): HubSpotObject {
  const modified = new Date(Date.parse(at) + 300_000).toISOString();
  return {
    id,
    properties: {
      hs_object_id: id,
      hs_timestamp: iso(at),
      hubspot_owner_id: '101',
      hs_engagement_source: 'CRM_UI',
      hs_createdate: iso(at),
      hs_lastmodifieddate: modified,
      hs_call_status: 'COMPLETED',
      hs_call_direction: 'OUTBOUND',
    },
    createdAt: iso(at),
    updatedAt: modified,
    archived: false,
  };
}

describe('a CRM pulled by API: the pull window is the declared period', () => {
  it('a pull on Thursday: follow-ups not measured; the pull on Monday (nothing new) makes them measured', async () => {
    const fake = new HubSpotFake({ contacts: 0, deals: 0, engagements: 0 });
    await fake.start();
    suite.closeLater({ close: () => fake.stop() });
    // A lead and a call on it every weekday of W46 and Monday–Wednesday of W47; nothing after.
    const weekdays = [...days('2026-11-09', '2026-11-13'), ...days('2026-11-16', '2026-11-18')];
    for (const [i, d] of weekdays.entries()) {
      const id = String(600 + i);
      fake.put('contacts', contact(id, `lead${i}@acme${i}.example`, `${d}T08:00:00Z`));
      fake.put('calls', call(String(7000 + i), `${d}T10:00:00Z`));
      fake.associations.calls?.set(String(7000 + i), [id]);
    }
    const sources = { hubspot: { baseUrl: fake.baseUrl, entities: ['contacts', 'calls'] } };
    const secrets = { hubspot: { accessToken: 'hs-token-1' } };
    const p = await pipeline();

    const thursday = await p.runApi(sources, secrets, '2026-11-19');
    expect(thursday.sources[0]?.error).toBeUndefined();
    const calls = (await listManifests(p.local)).find((m) => m.table === 'activities');
    expect(calls?.period).toEqual({ from: '2015-01-01T00:00:00.000Z', to: '2026-11-19T06:00:00.000Z' });
    const before = (await p.report(WEEK)).report;
    expect(before?.coverage.followUps).toMatchObject({
      measured: false,
      source: 'hubspot',
      coveredUntil: '2026-11-19',
      reason:
        "calls, emails or meetings from HubSpot loaded only up to 2026-11-19 06:00 (the periods its loads declare end before the week's cutoff; later days would read as none)",
    });
    expect(before?.totals.overdue).toBeNull();

    // Monday: the pull finds nothing new, yet says nothing happened from Thursday to Monday.
    const monday = await p.runApi(sources, secrets, '2026-11-23');
    expect(monday.sources[0]?.error).toBeUndefined();
    // Recorded as a pull even when it loads nothing: its window reaches Monday 06:00.
    const pulls = await listPullRecords(p.local);
    expect(pulls.filter((r) => r.entity === 'calls').map((r) => r.period.to)).toEqual([
      '2026-11-19T06:00:00.000Z',
      '2026-11-23T06:00:00.000Z',
    ]);
    const mondayCalls = monday.sources[0]?.entities.find((e) => e.entity === 'calls');
    expect(mondayCalls?.rowsLoaded ?? 0).toBe(0);
    const after = await p.report(WEEK);
    expect(after.report?.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(after.report?.totals).toMatchObject({ leads: 3, followedUpWithinSla: 3, overdue: 0 });
    // The same pull again changes nothing.
    await p.runApi(sources, secrets, '2026-11-23');
    expect((await p.report(WEEK)).json).toBe(after.json);
  });
});

describe('the rule’s parts', () => {
  it('periodOfPull: a change window (instants) or spend days; null for a full listing', () => {
    expect(periodOfPull({ since: '2026-11-01T00:00:00Z', until: '2026-11-19T06:00:00.000Z' })).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-19T06:00:00.000Z',
    });
    expect(periodOfPull({ from: '2026-11-10', to: '2026-11-22', mode: 'x' })).toEqual({
      from: '2026-11-10',
      to: '2026-11-22',
    });
    expect(periodOfPull({ listed: 3 })).toBeNull();
    expect(periodOfPull(undefined)).toBeNull();
  });

  it('coveredFrom: how far the union reaches without a gap', () => {
    expect(
      coveredFrom(
        [
          { from: 0, to: 5 },
          { from: 5, to: 9 },
        ],
        2,
      ),
    ).toBe(9);
    expect(
      coveredFrom(
        [
          { from: 0, to: 5 },
          { from: 6, to: 9 },
        ],
        2,
      ),
    ).toBe(5);
    expect(coveredFrom([{ from: 3, to: 9 }], 2)).toBe(2);
  });

  it('--period: two days FROM..TO', () => {
    expect(parsePeriodOption('2026-11-16..2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(() => parsePeriodOption('2026-11-22..2026-11-16')).toThrow('ends before it starts');
    expect(() => parsePeriodOption('last week')).toThrow('expected FROM..TO');
  });
});
