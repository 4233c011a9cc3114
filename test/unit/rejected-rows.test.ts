/**
 * Which rejected rows could be of a week (functions/core/rejected-rows.ts): dated ones by their
 * dates, undated ones where their load's rows reach, loads from before the note as incomplete
 * only, and a load fixed later not at all.
 */
import { describe, expect, it } from 'vitest';
import {
  RejectedRowDates,
  recordKeyOf,
  rejectedRowsOf,
  supersedeRejects,
  withRejectedRows,
} from '../../functions/core/rejected-rows.js';
import type { LoadManifest } from '../../functions/core/records.js';
import { parseWeek } from '../../functions/core/weeks.js';

const W47 = parseWeek('2026-W47', 'UTC');

function manifest(over: Partial<LoadManifest>): LoadManifest {
  return {
    batchId: 'b',
    source: 'hubspot',
    table: 'deals',
    format: 'hubspot-deals-csv',
    dt: '2026-11-30',
    input: 'deals.csv',
    rawKey: 'raw/x',
    rawBytes: 1,
    sha256: 'x',
    loadedAt: '2026-11-30T10:00:00.000Z',
    rowsLoaded: 5,
    rowsRejected: 1,
    canonicalKeys: [],
    rejectsKey: 'rejects/x',
    ...over,
  };
}

function noted(
  table: 'deals' | 'activities' | 'leads',
  rejected: (Record<string, string> | undefined)[],
  loaded: string[],
) {
  const dates = new RejectedRowDates(table);
  const column = table === 'activities' ? 'occurred_at' : 'created_at';
  for (const at of loaded) dates.loaded({ [column]: at });
  for (const r of rejected) dates.rejected(r);
  return dates.note();
}

describe('rejected rows and the week', () => {
  it('a deal dated in the week concerns it; one dated before does not', () => {
    const inWeek = manifest({ notes: { rejectedRows: noted('deals', [{ created_at: '2026-11-18T10:00:00Z' }], []) } });
    const before = manifest({ notes: { rejectedRows: noted('deals', [{ created_at: '2026-10-01T10:00:00Z' }], []) } });
    expect(rejectedRowsOf([inWeek], W47)).toEqual([{ table: 'deals', source: 'hubspot', rows: 1, known: true }]);
    expect(rejectedRowsOf([before], W47)).toEqual([]);
  });

  it('an undated reject counts where the load reaches; an activity counts over the 4-week window', () => {
    const reaching = manifest({
      notes: { rejectedRows: noted('deals', [undefined], ['2026-11-10T00:00:00Z', '2026-11-19T00:00:00Z']) },
    });
    const earlier = manifest({
      notes: { rejectedRows: noted('deals', [undefined], ['2026-09-01T00:00:00Z', '2026-09-20T00:00:00Z']) },
    });
    expect(rejectedRowsOf([reaching], W47)).toHaveLength(1);
    expect(rejectedRowsOf([earlier], W47)).toEqual([]);
    const call = manifest({
      table: 'activities',
      notes: { rejectedRows: noted('activities', [{ occurred_at: '2026-11-03T10:00:00Z' }], []) },
    });
    expect(rejectedRowsOf([call], W47)).toEqual([{ table: 'activities', source: 'hubspot', rows: 1, known: true }]);
  });

  it('a load from before the note is incomplete only; a load fixed later is not counted', () => {
    const old = manifest({ notes: {} });
    const found = rejectedRowsOf([old], W47);
    expect(found).toEqual([{ table: 'deals', source: 'hubspot', rows: 1, known: false }]);
    const measured = { measured: true, reason: null, lastDataAt: null };
    expect(withRejectedRows(measured, 'deals', found)).toBe(measured);
    const fixed = manifest({ loadedAt: '2026-12-01T10:00:00.000Z', rowsRejected: 0, rejectsKey: null });
    expect(rejectedRowsOf([old, fixed], W47)).toEqual([]);
  });
});

describe('a rejected row superseded by a later load of its record', () => {
  // A deal rejected on 30 Nov (modified 18 Nov 10:00), dated in W47.
  const dates = new RejectedRowDates('deals');
  dates.rejected({
    source: 'hubspot',
    deal_id: '601',
    created_at: '2026-11-17T09:00:00.000Z',
    updated_at: '2026-11-18T10:00:00.000Z',
  });
  const rejected = manifest({ rowsLoaded: 0, notes: { rejectedRows: dates.note() } });
  const key = recordKeyOf('deals', 'hubspot', '601');
  const at = (iso: string) => Date.parse(iso);

  it('notes the key apart from the unkeyed dates, and still places the row in its week', () => {
    expect(dates.note()).toMatchObject({ at: [], undated: 0, keyed: [{ source: 'hubspot', id: '601' }] });
    expect(rejectedRowsOf([rejected], W47)).toEqual([{ table: 'deals', source: 'hubspot', rows: 1, known: true }]);
  });

  it('is left out when a loaded version ranks above it, under any file name', () => {
    const later = { versionMs: at('2026-11-30T10:00:00Z'), dt: '2026-11-30', ingestedMs: at('2026-12-01T00:00:00Z') };
    const [m] = supersedeRejects([rejected], new Map([[key, later]]));
    expect(m!.rowsRejected).toBe(0);
    expect(rejectedRowsOf([m!], W47)).toEqual([]);
  });

  it('stays when the version loaded ranks below it (an older export imported later) or is another record', () => {
    const older = { versionMs: at('2026-11-18T09:00:00Z'), dt: '2026-12-01', ingestedMs: at('2026-12-02T00:00:00Z') };
    expect(supersedeRejects([rejected], new Map([[key, older]]))[0]!.rowsRejected).toBe(1);
    // Same modification time, earlier export day: the rejected version is the later one.
    const sameTime = {
      versionMs: at('2026-11-18T10:00:00Z'),
      dt: '2026-11-29',
      ingestedMs: at('2026-12-02T00:00:00Z'),
    };
    expect(supersedeRejects([rejected], new Map([[key, sameTime]]))[0]!.rowsRejected).toBe(1);
    const other = recordKeyOf('deals', 'salesforce', '601');
    const later = { versionMs: at('2026-11-30T10:00:00Z'), dt: '2026-11-30', ingestedMs: at('2026-12-01T00:00:00Z') };
    expect(supersedeRejects([rejected], new Map([[other, later]]))[0]!.rowsRejected).toBe(1);
  });
});

describe('spend rows rejected with and without their day read', () => {
  const NY = parseWeek('2026-W47', 'America/New_York');
  const spendLoad = (rows: { date?: string; reason: string; field?: string }[]) => {
    const dates = new RejectedRowDates('spend', 'google_ads');
    dates.loaded({ date: '2026-11-16' });
    rows.forEach((r, i) =>
      dates.rejected(
        { platform: 'google_ads', account_id: '111', campaign_id: 'c1', currency: 'USD', date: r.date ?? 'n/a' },
        [],
        { file: 'dir/g.csv', line: i + 2, reason: r.reason, field: r.field ?? 'currency' },
      ),
    );
    return manifest({
      table: 'spend',
      source: 'google_ads',
      input: 'dir/g.csv',
      rowsRejected: rows.length,
      notes: { rejectedRows: dates.note(), spendCoverage: [{ start: '2026-11-16', end: '2026-11-16' }] },
    });
  };

  it('a row whose day was read is known in the week of that local day (a New York week), with its cause', () => {
    // 22 Nov is W47's last day in New York, though its UTC midnight is before the week's end there.
    const m = spendLoad([{ date: '2026-11-22', reason: 'no FX rate for USD' }]);
    const [found] = rejectedRowsOf([m], NY);
    expect(found).toEqual({
      table: 'spend',
      source: 'google_ads',
      rows: 1,
      known: true,
      causes: [
        {
          file: 'g.csv',
          line: 2,
          platform: 'google_ads',
          reason: 'no FX rate for USD',
          rows: 1,
          from: '2026-11-22',
          to: '2026-11-22',
        },
      ],
    });
    expect(rejectedRowsOf([m], parseWeek('2026-W48', 'America/New_York'))).toEqual([]);
    const spend = withRejectedRows({ measured: true, reason: null, lastDataAt: '2026-11-16' }, 'spend', [found!]);
    expect(spend).toMatchObject({ measured: false, rowsRejected: [{ source: 'google_ads', rows: 1 }] });
    expect(spend.reason).toContain(
      '1 Google Ads spend row of 2026-11-22 in g.csv (line 2) was rejected at import (no FX rate for USD)',
    );
  });

  it('a row whose day did not read is not known: it marks the weeks its load reaches, and leaves spend measured', () => {
    const m = spendLoad([{ reason: 'the day does not read', field: 'date' }]);
    const found = rejectedRowsOf([m], NY);
    expect(found).toEqual([{ table: 'spend', source: 'google_ads', rows: 1, known: false }]);
    const spend = { measured: true, reason: null, lastDataAt: '2026-11-16' };
    expect(withRejectedRows(spend, 'spend', found)).toBe(spend);
  });

  it('a later load of the same campaign-day supersedes a dated spend reject; another day does not', () => {
    const m = spendLoad([{ date: '2026-11-17', reason: 'no FX rate for USD' }]);
    const id = JSON.stringify(['google_ads', '111', null, 'c1', '2026-11-17']);
    const later = { versionMs: Date.parse('2026-12-02T00:00:00Z'), dt: '2026-12-01', ingestedMs: 0 };
    const [gone] = supersedeRejects([m], new Map([[recordKeyOf('spend', 'google_ads', id), later]]));
    expect(gone!.rowsRejected).toBe(0);
    expect(rejectedRowsOf([gone!], NY)).toEqual([]);
    const other = recordKeyOf('spend', 'google_ads', id.replace('2026-11-17', '2026-11-18'));
    const [kept] = supersedeRejects([m], new Map([[other, later]]));
    expect(kept!.rowsRejected).toBe(1);
  });
});
