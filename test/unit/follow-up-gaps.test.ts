/** follow-up-gaps.ts: the days no activity load speaks for (docs/methodology.md, "Follow-ups known only where loaded"). */
import { describe, expect, it } from 'vitest';
import type { DeclaredPeriods } from '../../functions/core/periods.js';
import { followUpGaps, followUpGapsParam } from '../../functions/core/report/follow-up-gaps.js';

const week = { end: new Date('2026-11-30T00:00:00Z'), timezone: 'Europe/Zurich' };
const at = (iso: string) => Date.parse(iso);
const load = (from: string, to: string) => ({ period: { from, to }, loadedAt: '2026-11-30T08:00:00Z' });

describe('followUpGaps', () => {
  it('is all before the local day of the first activity, and the days between two declared periods', () => {
    const periods: DeclaredPeriods = new Map([
      ['activities:hubspot', [load('2026-11-23', '2026-11-29'), load('2026-11-09', '2026-11-18')]],
    ]);
    expect(followUpGaps(periods, week, '2026-11-09T11:00:00Z')).toEqual([
      { from: 0, to: at('2026-11-08T23:00:00Z') }, // 9 Nov 00:00 in Zurich
      { from: at('2026-11-18T23:00:00Z'), to: at('2026-11-22T23:00:00Z') }, // 19–22 Nov
    ]);
  });

  it('tells no gap for a source with a load of unknown period, nor after a source’s last period (a CRM that stopped)', () => {
    const periods: DeclaredPeriods = new Map([
      [
        'activities:hubspot',
        [
          load('2026-11-02', '2026-11-05'),
          load('2026-11-20', '2026-11-29'),
          { period: null, loadedAt: '2026-11-30T08:00:00Z' },
        ],
      ],
      ['activities:pipedrive', [load('2026-10-01', '2026-11-10')]],
      ['spend:google_ads', [load('2026-11-01', '2026-11-02'), load('2026-11-20', '2026-11-29')]],
    ]);
    expect(followUpGaps(periods, week, '2026-10-01T08:00:00Z')).toEqual([{ from: 0, to: at('2026-09-30T22:00:00Z') }]);
  });

  it('is all before the cutoff when no activity is loaded; the parameter always holds an empty span first', () => {
    expect(followUpGaps(new Map(), week, null)).toEqual([{ from: 0, to: week.end.getTime() }]);
    expect(followUpGapsParam([])).toBe('1970-01-01 00:00:00.000|1970-01-01 00:00:00.000');
  });
});
