/**
 * Dates in the email: a calendar day (`YYYY-MM-DD`: a spend day, a declared period's end, a
 * cohort's first day) is shown as itself in every report zone; an instant as its day in the
 * report's zone. Read as an instant, `2026-11-20` is 00:00 UTC: 19 Nov in New York, so a
 * New York report said spend was loaded "only up to 19 Nov" for a file that reached the 20th.
 */
import { describe, expect, it } from 'vitest';
import { Formatter } from '../../emails/i18n.js';

describe('Formatter.date', () => {
  it.each(['America/New_York', 'Pacific/Honolulu', 'UTC', 'Europe/Zurich', 'Pacific/Auckland'])(
    'a calendar day is that day in %s',
    (zone) => {
      expect(new Formatter('en', 'USD', zone).date('2026-11-20')).toBe('20 Nov');
      expect(new Formatter('de-CH', 'CHF', zone).date('2026-08-24')).toBe('24. Aug.');
    },
  );

  it('an instant is its day in the report zone', () => {
    expect(new Formatter('en', 'USD', 'America/New_York').date('2026-11-20T03:00:00.000Z')).toBe('19 Nov');
    expect(new Formatter('en', 'EUR', 'Europe/Zurich').date('2026-11-20T03:00:00.000Z')).toBe('20 Nov');
  });
});
