import { describe, expect, it } from 'vitest';
import { WeekError, lastFullWeek, parseWeek, shiftWeek, weekOf } from '../../functions/core/weeks.js';

describe('ISO weeks in the reporting time zone (SPEC §5)', () => {
  it('gives Monday 00:00 to next Monday 00:00 in UTC', () => {
    const w = parseWeek('2026-W47', 'UTC');
    expect(w.startDate).toBe('2026-11-16');
    expect(w.endDate).toBe('2026-11-23');
    expect(w.start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('shifts boundaries to the zone: Zurich in winter is UTC+1', () => {
    const w = parseWeek('2026-W47', 'Europe/Zurich');
    expect(w.start.toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-22T23:00:00.000Z');
  });

  it('a week with the DST change lasts 167 hours (spring) or 169 hours (autumn)', () => {
    const spring = parseWeek('2026-W13', 'Europe/Zurich'); // 29 Mar 2026: clocks go forward
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(167);
    expect(spring.start.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const autumn = parseWeek('2026-W43', 'Europe/Zurich'); // 25 Oct 2026: clocks go back
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(169);
  });

  it('handles week 53 and year boundaries', () => {
    const w = parseWeek('2026-W53', 'UTC');
    expect(w.startDate).toBe('2026-12-28');
    expect(w.endDate).toBe('2027-01-04');
    expect(parseWeek('2027-W01', 'UTC').startDate).toBe('2027-01-04');
    expect(shiftWeek(parseWeek('2027-W01', 'UTC'), -1).id).toBe('2026-W53');
  });

  it('rejects malformed and non-existent weeks with a clear message', () => {
    expect(() => parseWeek('2026-47', 'UTC')).toThrow(WeekError);
    expect(() => parseWeek('2025-W53', 'UTC')).toThrow(/does not exist/);
  });

  it('picks the last full week before now, in the zone', () => {
    // Monday 00:30 in Zurich is still Sunday 23:30 UTC: the last full Zurich week is the one just ended.
    const now = new Date('2026-11-22T23:30:00Z');
    expect(lastFullWeek(now, 'Europe/Zurich').id).toBe('2026-W47');
    expect(lastFullWeek(now, 'UTC').id).toBe('2026-W46');
    expect(weekOf(now, 'UTC').id).toBe('2026-W47');
  });
});
