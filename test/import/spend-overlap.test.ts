/** What counts as spend loaded twice (spend-overlap.ts), case by case. */
import { describe, expect, it } from 'vitest';
import { overlapConflict, SpendCoverage, type CoverageEntry } from '../../functions/core/import/spend-overlap.js';

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
    c.add({ date: '2026-11-10', source: 'meta', platform: 'meta', account_id: null, campaign_id: 'name:ab' });
    c.add({ date: '2026-11-08', source: 'meta', platform: 'meta', account_id: null, campaign_id: '1202' });
    c.add({ date: '2026-11-12', source: 'meta', platform: 'meta', account_id: '7', campaign_id: '1202' });
    expect(c.entries('ad set')).toEqual([
      entry({ start: '2026-11-08', end: '2026-11-10', level: 'ad set', idKinds: ['name', 'platform'] }),
      entry({ accountId: '7', start: '2026-11-12', end: '2026-11-12', level: 'ad set', idKinds: ['platform'] }),
    ]);
  });

  it('keeps each currency apart, and says when the currency was the config’s', () => {
    const c = new SpendCoverage();
    const row = { source: 'meta', platform: 'meta', account_id: null, campaign_id: 'name:ab' };
    c.add({ ...row, date: '2026-11-10', currency: 'USD' });
    c.add({ ...row, date: '2026-11-11', currency: 'EUR' });
    expect(c.entries('campaign', true)).toEqual([
      entry({ start: '2026-11-10', end: '2026-11-10', currency: 'USD', currencyAssumed: true }),
      entry({ start: '2026-11-11', end: '2026-11-11', currency: 'EUR', currencyAssumed: true }),
    ]);
  });
});
