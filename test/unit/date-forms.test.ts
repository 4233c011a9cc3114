/**
 * Numeric dates as other locales write them (CLDR's medium and short patterns): spaced and
 * suffixed dotted dates (cs, sk, hr, sr: day-first), year-first with dots (hu, ko), and the
 * Japanese/Chinese/Korean year-month-day characters. They are unambiguous, so they read; they
 * were rejected row by row as "not a date/time" (review 10a-11).
 */
import { describe, expect, it } from 'vitest';
import { dateEvidence, parseDayText } from '../../functions/sources/vendor-csv/date-text.js';
import { parseInstant } from '../../functions/sources/vendor-csv/values.js';

describe('numeric dates of other locales', () => {
  it.each([
    ['3. 11. 2026', '2026-11-03'],
    ['03.11.2026.', '2026-11-03'],
    ['3. 11. 2026.', '2026-11-03'],
    ['2026. 11. 3.', '2026-11-03'],
    ['2026.11.03.', '2026-11-03'],
    ['2026年11月3日', '2026-11-03'],
    ['2026년 11월 3일', '2026-11-03'],
  ])('%s is %s, whatever the file order', (text, day) => {
    for (const order of [null, 'DMY', 'MDY'] as const) expect(parseDayText(text, order)).toBe(day);
  });

  it('a dotted day-first date proves the order, as a compact one does', () => {
    expect(dateEvidence('13. 11. 2026')).toBe('DMY');
    expect(dateEvidence('3. 11. 2026.')).toBe('DMY');
  });

  it('reads the time after such a date', () => {
    expect(parseInstant('3. 11. 2026 14:30', 'Created Date', 'Europe/Prague')).toEqual({
      at: '2026-11-03T13:30:00.000Z',
      timeUnknown: false,
    });
    expect(parseInstant('2026年11月3日 09:00', 'Created Date', 'Asia/Tokyo')?.at).toBe('2026-11-03T00:00:00.000Z');
  });

  it('leaves impossible days and other text unread', () => {
    expect(parseDayText('31. 11. 2026', null)).toBeNull();
    expect(parseDayText('2026. 13. 3.', null)).toBeNull();
    expect(parseDayText('9. Nov. 2026', null)).toBe('2026-11-09');
  });
});
