/** What counts as spend loaded twice (spend-overlap.ts), case by case. */
import { describe, expect, it } from 'vitest';
import {
  nameConflict,
  overlapConflict,
  spreadConflict,
  SpendCoverage,
  type CoverageEntry,
  type NamedCampaign,
} from '../../functions/core/import/spend-overlap.js';
import { deriveCampaignId } from '../../functions/sources/vendor-csv/spend.js';

const entry = (extra: Partial<CoverageEntry> = {}): CoverageEntry => ({
  source: 'meta',
  platform: 'meta',
  accountId: null,
  start: '2026-11-09',
  end: '2026-11-15',
  level: 'campaign',
  idKinds: ['name'],
  ...extra,
});

describe('overlapConflict', () => {
  const cases: [string, Partial<CoverageEntry>, Partial<CoverageEntry>, string | null][] = [
    ['the same rows again: a restatement', {}, {}, null],
    ['another level', { level: 'ad set' }, {}, 'level'],
    ['another id kind', { idKinds: ['platform'] }, {}, 'ids'],
    ['ids of a kind loaded before (mixed earlier)', { idKinds: ['platform'] }, { idKinds: ['name', 'platform'] }, null],
    ['a new id kind beside the old one', { idKinds: ['name', 'platform'] }, {}, 'ids'],
    ['another source name', { source: 'meta_manual' }, {}, 'source'],
    ['no account id after one', {}, { accountId: '111' }, 'account'],
    ['an account id after none', { accountId: '111' }, {}, 'account'],
    ['one account spelt two ways', { accountId: 'act_111' }, { accountId: '111' }, 'account'],
    [
      'Google Ads dashes',
      { accountId: '123-456-7890', platform: 'google_ads' },
      { accountId: '1234567890', platform: 'google_ads' },
      'account',
    ],
    ['two accounts', { accountId: '222', level: 'ad set' }, { accountId: '111' }, null],
    ['another platform', { platform: 'linkedin', level: 'ad' }, {}, null],
    ['no shared day', { start: '2026-11-16', end: '2026-11-22', level: 'ad' }, {}, null],
    ['one shared day', { start: '2026-11-15', end: '2026-11-22', level: 'ad' }, {}, 'level'],
    // An ad account has one currency: spend in another is another account's.
    ['no account ids, the same currency: a restatement', { currency: 'USD' }, { currency: 'USD' }, null],
    ['no account ids, another currency: another account', { currency: 'EUR' }, { currency: 'USD' }, null],
    ['another currency at another level: another account', { currency: 'EUR', level: 'ad' }, { currency: 'USD' }, null],
    ['another currency than an account with an id', { currency: 'EUR' }, { accountId: '111', currency: 'USD' }, null],
    [
      'another currency taken from the config',
      { currency: 'EUR', currencyAssumed: true },
      { currency: 'USD' },
      'currency',
    ],
    [
      'another currency, the earlier taken from the config',
      { currency: 'EUR' },
      { currency: 'USD', currencyAssumed: true },
      'currency',
    ],
    ['the currency of a load made before it was recorded', { currency: 'EUR', level: 'ad' }, {}, 'level'],
  ];
  for (const [name, next, earlier, kind] of cases) {
    it(name, () => {
      expect(overlapConflict(entry(next), entry(earlier))?.kind ?? null).toBe(kind);
    });
  }

  it('names the shared days', () => {
    expect(overlapConflict(entry({ start: '2026-11-12', end: '2026-11-20', level: 'ad' }), entry())?.days).toBe(
      '2026-11-12..2026-11-15',
    );
  });
});

describe('SpendCoverage', () => {
  it('keeps first and last day and the id kinds per source, platform and account', () => {
    const c = new SpendCoverage();
    c.add({
      date: '2026-11-10',
      source: 'meta',
      platform: 'meta',
      account_id: null,
      campaign_id: 'name:ab',
      campaign_name: 'Ab',
    });
    c.add({ date: '2026-11-08', source: 'meta', platform: 'meta', account_id: null, campaign_id: '1202' });
    c.add({ date: '2026-11-12', source: 'meta', platform: 'meta', account_id: '7', campaign_id: '1202' });
    expect(c.entries('ad set')).toEqual([
      entry({
        start: '2026-11-08',
        end: '2026-11-10',
        level: 'ad set',
        idKinds: ['name', 'platform'],
        // Only the campaigns keyed by name are listed (a rename keeps a platform id).
        campaigns: [{ id: 'name:ab', name: 'Ab', days: ['2026-11-10..2026-11-10'] }],
        // Every row by day: nothing spread.
        spread: [],
      }),
      entry({
        accountId: '7',
        start: '2026-11-12',
        end: '2026-11-12',
        level: 'ad set',
        idKinds: ['platform'],
        spread: [],
      }),
    ]);
  });

  it('keeps each currency apart, and says when the currency was the config’s', () => {
    const c = new SpendCoverage();
    const row = { source: 'meta', platform: 'meta', account_id: null, campaign_id: 'name:ab', campaign_name: 'Ab' };
    c.add({ ...row, date: '2026-11-10', currency: 'USD' });
    c.add({ ...row, date: '2026-11-11', currency: 'EUR' });
    const ab = (day: string) => [{ id: 'name:ab', name: 'Ab', days: [`${day}..${day}`] }];
    expect(c.entries('campaign', true)).toEqual([
      entry({
        start: '2026-11-10',
        end: '2026-11-10',
        currency: 'USD',
        currencyAssumed: true,
        campaigns: ab('2026-11-10'),
        spread: [],
      }),
      entry({
        start: '2026-11-11',
        end: '2026-11-11',
        currency: 'EUR',
        currencyAssumed: true,
        campaigns: ab('2026-11-11'),
        spread: [],
      }),
    ]);
  });

  it('lists the days of each campaign keyed by name as runs of consecutive days', () => {
    const c = new SpendCoverage();
    const row = { source: 'google_ads', platform: 'google_ads', account_id: null, campaign_name: 'Brand Search' };
    for (const date of ['2026-11-30', '2026-11-28', '2026-12-01', '2026-11-16', '2026-11-29'])
      c.add({ ...row, campaign_id: deriveCampaignId('Brand Search'), date });
    expect(c.entries()[0]!.campaigns).toEqual([
      {
        id: deriveCampaignId('Brand Search'),
        name: 'Brand Search',
        days: ['2026-11-16..2026-11-16', '2026-11-28..2026-12-01'],
      },
    ]);
  });
});

/** A campaign keyed by its name over the days given as runs. */
const named = (name: string, ...days: string[]): NamedCampaign => ({ id: deriveCampaignId(name), name, days });
const WEEK = '2026-11-16..2026-11-22';
const g = (campaigns: NamedCampaign[], extra: Partial<CoverageEntry> = {}): CoverageEntry =>
  entry({ source: 'google_ads', platform: 'google_ads', start: '2026-11-16', end: '2026-11-22', campaigns, ...extra });

describe('nameConflict: campaigns keyed by name must be the same on the shared days', () => {
  it('a renamed campaign (2a): other names on every shared day', () => {
    const next = g([named('Brand Search US', '2026-11-16..2026-11-29')], { end: '2026-11-29' });
    expect(nameConflict(next, g([named('Brand Search', WEEK)]))).toEqual({
      days: WEEK,
      added: ['Brand Search US'],
      missing: ['Brand Search'],
    });
  });

  it('a second account (2b): a campaign the first did not have', () => {
    const next = g([named('Brand Search', WEEK), named('Generic DE', WEEK)]);
    expect(nameConflict(next, g([named('Brand Search', WEEK)]))).toEqual({
      days: WEEK,
      added: ['Generic DE'],
      missing: [],
    });
  });

  it('a campaign missing on one shared day only', () => {
    const next = g([named('A', WEEK), named('B', '2026-11-16..2026-11-18', '2026-11-20..2026-11-22')]);
    expect(nameConflict(next, g([named('A', WEEK), named('B', WEEK)]))).toEqual({
      days: '2026-11-19..2026-11-19',
      added: [],
      missing: ['B'],
    });
  });

  it('the same campaigns (names spelt alike up to case and spacing): a restatement', () => {
    const next = g([{ ...named('brand  search', WEEK), name: 'brand  search' }, named('Generic DE', WEEK)]);
    expect(nameConflict(next, g([named('Brand Search', WEEK), named('Generic DE', WEEK)]))).toBeNull();
  });

  it('only the shared days count: a new campaign after the loaded days, one paused before them', () => {
    const next = g([named('A', '2026-11-20..2026-11-29'), named('New', '2026-11-23..2026-11-29')], {
      start: '2026-11-20',
      end: '2026-11-29',
    });
    const earlier = g([named('A', WEEK), named('Paused', '2026-11-16..2026-11-18')]);
    expect(nameConflict(next, earlier)).toBeNull();
  });

  it('loads without campaigns keyed by name, or made before they were recorded, are not compared', () => {
    expect(nameConflict(g([named('A', WEEK)]), entry({ source: 'google_ads', platform: 'google_ads' }))).toBeNull();
    expect(nameConflict(entry({ idKinds: ['platform'] }), g([named('A', WEEK)]))).toBeNull();
  });

  it('names every campaign that differs (the refusal shows five, then how many more)', () => {
    const many = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => named(n, WEEK));
    expect(nameConflict(g(many), g([]))?.added).toHaveLength(7);
  });
});

describe('overlapConflict with campaigns keyed by name', () => {
  const loaded = g([named('Brand Search', WEEK)]);
  it('a rename in the same source and account is a names conflict', () => {
    expect(overlapConflict(g([named('Brand Search US', WEEK)]), loaded)).toMatchObject({ kind: 'names', days: WEEK });
  });
  it('the same account id (from the config) renamed: a names conflict too', () => {
    const c = overlapConflict(g([named('Brand Search US', WEEK)], { accountId: '111' }), {
      ...loaded,
      accountId: '111',
    });
    expect(c?.kind).toBe('names');
  });
  it('restated values of the same campaigns: a restatement', () => {
    expect(overlapConflict(g([named('Brand Search', WEEK)]), loaded)).toBeNull();
  });
  it('another source naming other campaigns: another account (--source), loads', () => {
    const next = g([named('Brand Search', WEEK), named('Generic DE', WEEK)], { source: 'google_ads_2' });
    expect(overlapConflict(next, loaded)).toBeNull();
  });
  it('another source naming the same campaigns: still the same spend under another name', () => {
    expect(overlapConflict(g([named('Brand Search', WEEK)], { source: 'google_ads_2' }), loaded)?.kind).toBe('source');
  });
  it('another source with platform ids beside the names: still refused', () => {
    const next = g([named('Generic DE', WEEK)], { source: 'google_ads_2', idKinds: ['name', 'platform'] });
    expect(overlapConflict(next, { ...loaded, idKinds: ['name', 'platform'] })?.kind).toBe('source');
  });
  it('platform ids of two accounts without account ids: ids never collide, a restatement key', () => {
    const ids = (extra: Partial<CoverageEntry>) =>
      entry({ source: 'google_ads', platform: 'google_ads', idKinds: ['platform'], ...extra });
    expect(overlapConflict(ids({}), ids({}))).toBeNull();
  });
});

describe('spreadConflict: a restatement at the same granularity on the shared days', () => {
  // Google Ads, one account, campaign ids: the days and the spans their cost was spread over.
  const load = (start: string, end: string, spread?: string[]): CoverageEntry =>
    entry({
      platform: 'google_ads',
      source: 'google_ads',
      accountId: '1234567890',
      idKinds: ['platform'],
      start,
      end,
      ...(spread ? { spread } : {}),
    });
  const byDay = (start: string, end: string) => load(start, end, []);
  const spread = (start: string, end: string, ...spans: string[]) =>
    load(start, end, spans.length ? spans : [`${start}..${end}`]);

  const cases: [string, CoverageEntry, CoverageEntry, string | null][] = [
    // 9a-1: exact days 16–22, then the month to date without the Day segment.
    [
      'a range-only row over days loaded by day',
      spread('2026-11-01', '2026-11-22'),
      byDay('2026-11-16', '2026-11-22'),
      'estimate 2026-11-16..2026-11-22',
    ],
    [
      'a Week segment over days loaded by day',
      spread('2026-11-16', '2026-11-22'),
      byDay('2026-11-16', '2026-11-22'),
      'estimate 2026-11-16..2026-11-22',
    ],
    [
      'a spread reaching one day loaded by day',
      spread('2026-11-22', '2026-11-28'),
      byDay('2026-11-16', '2026-11-22'),
      'estimate 2026-11-22..2026-11-22',
    ],
    [
      'a spread next to days loaded by day',
      spread('2026-11-23', '2026-11-29'),
      byDay('2026-11-16', '2026-11-22'),
      null,
    ],
    // The reverse: the daily file replaces 16–22 of the spread 1–22; 1–15 keeps the estimate.
    [
      'days by day inside an earlier spread',
      byDay('2026-11-16', '2026-11-22'),
      spread('2026-11-01', '2026-11-22'),
      'part 2026-11-16..2026-11-22',
    ],
    [
      'a spread over another span cutting an earlier one',
      spread('2026-11-19', '2026-11-25'),
      spread('2026-11-16', '2026-11-22'),
      'part 2026-11-19..2026-11-22',
    ],
    [
      'the same span again: a re-download restates',
      spread('2026-11-01', '2026-11-22'),
      spread('2026-11-01', '2026-11-22'),
      null,
    ],
    [
      'days by day covering all of the earlier span',
      byDay('2026-11-01', '2026-11-22'),
      spread('2026-11-01', '2026-11-22'),
      null,
    ],
    [
      'a wider spread covering all of the earlier span',
      spread('2026-11-09', '2026-11-22'),
      spread('2026-11-16', '2026-11-22'),
      null,
    ],
    ['by day again', byDay('2026-11-10', '2026-11-12'), byDay('2026-11-09', '2026-11-11'), null],
    // Weeks 2–8 and 9–15 spread; then the same weeks again with 16–22 by day (a file mixing both).
    [
      'the same weeks again beside new days',
      spread('2026-11-02', '2026-11-22', '2026-11-02..2026-11-08', '2026-11-09..2026-11-15'),
      spread('2026-11-02', '2026-11-15', '2026-11-02..2026-11-08', '2026-11-09..2026-11-15'),
      null,
    ],
    // A load made before spans were recorded: unknown, never refused on.
    [
      'an earlier load without spans recorded',
      spread('2026-11-01', '2026-11-22'),
      load('2026-11-16', '2026-11-22'),
      null,
    ],
  ];
  for (const [name, next, earlier, expected] of cases) {
    it(name, () => {
      const d = spreadConflict(next, earlier);
      expect(d === null ? null : `${d.kind} ${d.days}`).toBe(expected);
      // The same verdict through the whole check (same source, account, level, ids).
      expect(overlapConflict(next, earlier)?.kind ?? null).toBe(expected === null ? null : 'spread');
    });
  }

  it('names the days of the earlier spread the new load leaves with the estimate', () => {
    expect(spreadConflict(byDay('2026-11-08', '2026-11-12'), spread('2026-11-01', '2026-11-22'))).toEqual({
      kind: 'part',
      span: '2026-11-01..2026-11-22',
      days: '2026-11-08..2026-11-12',
      left: ['2026-11-01..2026-11-07', '2026-11-13..2026-11-22'],
    });
  });

  it('records the spans rows were spread over, and [] for rows by day', () => {
    const c = new SpendCoverage();
    const row = { source: 'meta', platform: 'meta', account_id: '7', campaign_id: '1202' };
    c.add({ ...row, date: '2026-11-16' }, ['2026-11-16..2026-11-22']);
    c.add({ ...row, date: '2026-11-17' }, ['2026-11-16..2026-11-22', '2026-11-17..2026-11-18']);
    c.add({ ...row, account_id: '8', date: '2026-11-17' });
    expect(c.entries().map((e) => [e.accountId, e.spread])).toEqual([
      ['7', ['2026-11-16..2026-11-22', '2026-11-17..2026-11-18']],
      ['8', []],
    ]);
  });
});
