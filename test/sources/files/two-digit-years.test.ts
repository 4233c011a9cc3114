/**
 * Two-digit years (functions/sources/vendor-csv/date-text.ts, conventions.ts): `03/11/26` is
 * 3 Nov 2026, 11 Mar 2026 or 26 Nov 2003, `26.11.03` 26 Nov 2003 or 3 Nov 2026. Such a date is
 * read only in the order a setting gives or the file's own values prove (a part above 31 is a
 * year, above 12 no month), as 20YY; otherwise its row is a reject saying how to fix it.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../functions/core/config.js';
import type { CanonicalRecord } from '../../../functions/core/records.js';
import { parseDayText } from '../../../functions/sources/vendor-csv/date-text.js';
import { importBytes, utf8 } from './helpers.js';

const contacts = (dates: string[], config: ConfigInput = {}) =>
  importBytes(
    'hubspot-contacts-csv',
    utf8(
      ['Record ID,Email,Create Date,Lifecycle Stage', ...dates.map((d, i) => `${i + 1},p${i + 1}@x.example,${d}`)].join(
        '\n',
      ),
    ),
    'contacts.csv',
    'UTC',
    config,
  );
const days = (rows: CanonicalRecord[]) => rows.map((r) => String(r.created_at).slice(0, 10));

describe('two-digit years are read only in a proven order', () => {
  it('"26.11.03" in a German team\'s export is a reject, not 2003-11-26', async () => {
    const { rows, rejects } = await contacts(['26.11.03', '2026-11-16'], { locale: 'de-DE' });
    expect(days(rows)).toEqual(['2026-11-16']);
    expect(rejects).toEqual([expect.objectContaining({ file: 'contacts.csv', line: 2, field: 'Create Date' })]);
    expect(rejects[0]!.reason).toBe(
      '"26.11.03" has a two-digit year and can be read as 2003-11-26 (DMY), 2026-11-03 (YMD); export the dates with four-digit years, or set the dateOrder ("DMY", "MDY" or "YMD")',
    );
  });

  it('"03/11/26" with an en-GB locale is a reject, not 2026-11-03 (the year may stand first)', async () => {
    const { rows, rejects } = await contacts(['03/11/26 09:30'], { locale: 'en-GB' });
    expect(rows).toEqual([]);
    expect(rejects[0]!.reason).toMatch(/can be read as 2026-11-03 \(DMY\), 2026-03-11 \(MDY\), 2003-11-26 \(YMD\)/);
  });

  it('the setting reads them: YMD "26.11.03" → 2026-11-03, DMY "03/11/26" → 2026-11-03', async () => {
    const ymd = await contacts(['26.11.03'], { sources: { 'hubspot-contacts-csv': { dateOrder: 'YMD' } } });
    expect([days(ymd.rows), ymd.rejects]).toEqual([['2026-11-03'], []]);
    const dmy = await contacts(['03/11/26'], { sources: { 'hubspot-contacts-csv': { dateOrder: 'DMY' } } });
    expect([days(dmy.rows), dmy.rejects]).toEqual([['2026-11-03'], []]);
  });

  it("the file's values prove the order: 32 is a year, 15 no month", async () => {
    // "15/11/32": 32 is no day (not YMD), 15 no month (not MDY): day-first for every date.
    const dmy = await contacts(['03/11/32', '15/11/32']);
    expect([days(dmy.rows), dmy.rejects]).toEqual([['2032-11-03', '2032-11-15'], []]);
    // "32.11.03": 32 is no day: year-first, so "26.11.03" is 3 Nov 2026.
    const ymd = await contacts(['26.11.03', '32.11.03']);
    expect([days(ymd.rows), ymd.rejects]).toEqual([['2026-11-03', '2032-11-03'], []]);
  });

  it('values that contradict each other or the setting refuse the file, naming both', async () => {
    await expect(contacts(['15/11/32', '11/15/32'])).rejects.toThrow(
      /^contacts\.csv: the two-digit-year dates cannot be read in one order: line 2, column "Create Date" "15\/11\/32" and line 3, column "Create Date" "11\/15\/32"; export the dates with four-digit years, or set sources\["hubspot-contacts-csv"\]\.dateOrder/,
    );
    await expect(contacts(['15/11/32'], { sources: { 'hubspot-contacts-csv': { dateOrder: 'MDY' } } })).rejects.toThrow(
      /line 2, column "Create Date": "15\/11\/32" cannot be month-first \(MDY\)/,
    );
  });

  it('a campaign named like a date does not refuse the file or decide anything', async () => {
    const { rows, rejects } = await importBytes(
      'google-ads-csv',
      utf8(['Day,Campaign,Currency code,Cost', '2026-11-24,24.11.25 Black Friday,EUR,10.00'].join('\n')),
      'ads.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.date, r.campaign_name])).toEqual([['2026-11-24', '24.11.25 Black Friday']]);
  });

  it('parseDayText: 20YY in the proven order, four-digit years unchanged', () => {
    expect(parseDayText('3/11/26', 'MDY', 'MDY')).toBe('2026-03-11');
    expect(() => parseDayText('3/11/26', 'MDY')).toThrow(/two-digit year/);
    expect(parseDayText('03/11/2026', 'DMY')).toBe('2026-11-03');
  });
});
