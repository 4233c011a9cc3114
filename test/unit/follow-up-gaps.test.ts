/** follow-up-gaps.ts: the days no activity load speaks for (docs/methodology.md, "Follow-ups known only where loaded"). */
import { describe, expect, it } from 'vitest';
import type { DeclaredPeriods } from '../../functions/core/periods.js';
import { followUpGaps, followUpGapsParam, followUpsKnownFrom } from '../../functions/core/report/follow-up-gaps.js';

const week = { end: new Date('2026-11-30T00:00:00Z'), timezone: 'Europe/Zurich' };
const at = (iso: string) => Date.parse(iso);
const load = (from: string, to: string) => ({ period: { from, to }, loadedAt: '2026-11-30T08:00:00Z' });
/** An export without a stated period: its export day, from an open start (periods.ts exportDayPeriod). */
const exportDay = (to: string) => ({
  period: { from: '1970-01-01', to, basis: 'export-day' as const },
  loadedAt: '2026-11-30T08:00:00Z',
});
/** One source only: the first activity of all is its first. */
const only = (source: string, firstActivityAt: string | null) => ({
  firstActivityAt,
  sources: firstActivityAt === null ? [] : [{ source, firstActivityAt }],
});

describe('followUpGaps', () => {
  it('is all before the local day of the first activity, and the days between two declared periods', () => {
    const periods: DeclaredPeriods = new Map([
      ['activities:hubspot', [load('2026-11-23', '2026-11-29'), load('2026-11-09', '2026-11-18')]],
    ]);
    expect(followUpGaps(periods, week, only('hubspot', '2026-11-09T11:00:00Z'))).toEqual([
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
    const starts = {
      firstActivityAt: '2026-10-01T08:00:00Z',
      sources: [
        { source: 'hubspot', firstActivityAt: '2026-11-02T08:00:00Z' },
        { source: 'pipedrive', firstActivityAt: '2026-10-01T08:00:00Z' },
      ],
    };
    // HubSpot's first declared period starts on 2 Nov: known from then (not its gap of 6–19 Nov,
    // told by a load of unknown period); Pipedrive's days after 10 Nov are no gap.
    expect(followUpGaps(periods, week, starts)).toEqual([{ from: 0, to: at('2026-11-01T23:00:00Z') }]);
  });

  it('is all before the cutoff when no activity is loaded; the parameter always holds an empty span first', () => {
    expect(followUpGaps(new Map(), week, only('hubspot', null))).toEqual([{ from: 0, to: week.end.getTime() }]);
    expect(followUpGapsParam([])).toBe('1970-01-01 00:00:00.000|1970-01-01 00:00:00.000');
  });

  it('is all before the day the latest activity source starts: HubSpot emails from 3 Nov, Aircall calls from 19 Nov', () => {
    const periods: DeclaredPeriods = new Map([
      ['activities:hubspot', [exportDay('2026-11-23')]],
      ['activities:aircall', [exportDay('2026-11-23')]],
    ]);
    const starts = {
      firstActivityAt: '2026-11-03T09:00:00Z',
      sources: [
        { source: 'hubspot', firstActivityAt: '2026-11-03T09:00:00Z' },
        { source: 'aircall', firstActivityAt: '2026-11-19T09:00:00Z' },
      ],
    };
    // 1.11 read from 3 Nov: a lead of 16 Nov called only in Aircall was overdue.
    expect(followUpGaps(periods, week, starts)).toEqual([{ from: 0, to: at('2026-11-18T23:00:00Z') }]);
  });

  it('is before the earlier of a source’s first activity day and its first declared period’s start', () => {
    const starts = {
      firstActivityAt: '2026-11-03T09:00:00Z',
      sources: [
        { source: 'hubspot', firstActivityAt: '2026-11-03T09:00:00Z' },
        { source: 'aircall', firstActivityAt: '2026-11-19T09:00:00Z' },
      ],
    };
    // `--period 2026-11-02..2026-11-29`: Aircall says it had no call from 2 Nov (it started on the 19th).
    const declared: DeclaredPeriods = new Map([['activities:aircall', [load('2026-11-02', '2026-11-29')]]]);
    expect(followUpGaps(declared, week, starts)).toEqual([{ from: 0, to: at('2026-11-02T23:00:00Z') }]);
    // A source whose first activity comes before its period: its rows speak for their days.
    const later: DeclaredPeriods = new Map([['activities:aircall', [load('2026-11-25', '2026-11-29')]]]);
    expect(followUpGaps(later, week, starts)).toEqual([{ from: 0, to: at('2026-11-18T23:00:00Z') }]);
  });

  it('tells the follow-up effect where the leading unknown days end (00:00 local), null when none', () => {
    expect(
      followUpsKnownFrom([
        { from: 0, to: at('2026-11-18T23:00:00Z') },
        { from: 5, to: 6 },
      ]),
    ).toBe('2026-11-18T23:00:00.000Z');
    expect(followUpsKnownFrom([{ from: at('2026-11-18T23:00:00Z'), to: at('2026-11-22T23:00:00Z') }])).toBeNull();
  });
});
