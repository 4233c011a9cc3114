/**
 * A workbook's number cells hold their value (`<v>12.125</v>`), not a person's writing: they
 * are read as that value in every locale, and only the text cells take part in the file's
 * decimal decision (functions/sources/vendor-csv/xlsx.ts, kit.ts, table.ts).
 */
import { describe, expect, it } from 'vitest';
import { readAs, xlsx, type XCell } from './containers-helpers.js';

const DAY = (d: number) => new Date(Date.UTC(2026, 10, d));
/** A German Google Ads campaign report as a workbook: header language de. */
const GERMAN = ['Tag', 'Kampagnen-ID', 'Kampagne', 'Währungscode', 'Kosten', 'Klicks'];
const book = (header: string[], rows: XCell[][]) => xlsx([{ name: 'Kampagnen', rows: [header, ...rows] }]);
const costs = (read: Awaited<ReturnType<typeof readAs>>) => read.rows.map((r) => [r.campaign_id, r.date, r.cost]);

describe('xlsx number cells are read as their value', () => {
  it('a German workbook with typed 12.125 reads 12.13, not 12,125 (the "," rule applied to "12.125")', async () => {
    const read = await readAs(
      'google-ads-csv',
      book(GERMAN, [
        [DAY(16), 11, 'Marke', 'EUR', 12.125, 3],
        [DAY(17), 11, 'Marke', 'EUR', 12000, 1200],
      ]),
      'kampagnen.xlsx',
      'UTC',
      { locale: 'de-DE' },
    );
    expect(read.rejects).toEqual([]);
    expect(costs(read)).toEqual([
      ['11', '2026-11-16', 12.13],
      ['11', '2026-11-17', 12000],
    ]);
    // Every number was typed: no decimal separator was needed, so none is recorded.
    expect(read.notes).not.toHaveProperty('decimalSeparator');
  });

  it('a typed 1234.5 loads in a source set to the decimal comma (was: the whole file refused)', async () => {
    const read = await readAs(
      'google-ads-csv',
      book(GERMAN, [[DAY(16), 11, 'Marke', 'EUR', 1234.5, 3]]),
      'kampagnen.xlsx',
      'UTC',
      { sources: { 'google-ads-csv': { decimalSeparator: ',' } } },
    );
    expect(read.rejects).toEqual([]);
    expect(costs(read)).toEqual([['11', '2026-11-16', 1234.5]]);
  });

  it('text cells keep the locale rules beside typed cells: "1.234,50" decides the comma, typed 1234.5 stays', async () => {
    const read = await readAs(
      'google-ads-csv',
      book(GERMAN, [
        [DAY(16), 11, 'Marke', 'EUR', '1.234,50', 3],
        [DAY(17), 11, 'Marke', 'EUR', 1234.5, 3],
        [DAY(18), 11, 'Marke', 'EUR', '7.500', 3],
      ]),
      'kampagnen.xlsx',
    );
    expect(read.rejects).toEqual([]);
    expect(costs(read)).toEqual([
      ['11', '2026-11-16', 1234.5],
      ['11', '2026-11-17', 1234.5],
      ['11', '2026-11-18', 7500],
    ]);
    expect(read.notes).toMatchObject({
      decimalSeparator: { separator: ',', from: 'values', evidence: 'line 2, column "Kosten": "1.234,50"' },
    });
  });

  it('an ambiguous text number still needs its decision: its currency (EUR) reads text "1.234" as 1234', async () => {
    const read = await readAs(
      'google-ads-csv',
      book(GERMAN, [
        [DAY(16), 11, 'Marke', 'EUR', '1.234', 3],
        [DAY(17), 11, 'Marke', 'EUR', 0.5, 3],
      ]),
      'kampagnen.xlsx',
    );
    expect(costs(read)).toEqual([
      ['11', '2026-11-16', 1234],
      ['11', '2026-11-17', 0.5],
    ]);
    expect(read.notes).toMatchObject({
      decimalSeparator: { separator: ',', from: 'values', evidence: expect.stringContaining('EUR has 2 decimals') },
    });
  });

  it('a text cell with a line break does not shift which cells are typed', async () => {
    const read = await readAs(
      'google-ads-csv',
      book(GERMAN, [
        [DAY(16), 11, 'Marke\nzwei Zeilen', 'EUR', '2,5', 3],
        [DAY(17), 12, 'Generisch', 'EUR', 12.125, 3],
      ]),
      'kampagnen.xlsx',
    );
    expect(read.rejects).toEqual([]);
    expect(costs(read)).toEqual([
      ['11', '2026-11-16', 2.5],
      ['12', '2026-11-17', 12.13],
    ]);
  });
});
