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
