/**
 * A Salesforce report's "Grand Totals (N records)" line in the user's UI language: skipped as a
 * totals row (not a reject that holds the week's deals "not measured"), by its words in the
 * languages Salesforce ships, and by its shape (a label with a count, only figures beside it,
 * after the data) in a language the words miss.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, utf8 } from './helpers.js';

const HEADER =
  '"Opportunity Owner","Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date","Opportunity ID"';
const DATA = [
  '"Priya Shah","Northwind - Platform","Closed Won","USD","12000.00","11/13/2026","11/10/2026","0065g00000XyZab"',
  '"Priya Shah","Fabrikam - Renewal","Prospecting","USD","8000.00","12/20/2026","11/11/2026","0065g00000QrStu"',
];
const totalsLine = (label: string) => `"${label}","","","USD","20000.00","","",""`;
const report = (...lines: string[]) => utf8([HEADER, ...lines].join('\n'));

describe('Salesforce totals lines in the UI languages', () => {
  it.each([
    'Grand Totals (2 records)',
    'Totais gerais (2 registros)',
    'Eindtotalen (2 records)',
    'Gesamtsummen (2 Datensätze)',
    'Totaux généraux (2 enregistrements)',
    'Totales generales (2 registros)',
    'Totali complessivi (2 record)',
    'Suma',
    'Sumy końcowe (2 rekordy)',
    'Totalsumma (2 poster)',
    'I alt (2 poster)',
    'Yhteensä (2 tietuetta)',
    '総計 (2 件のレコード)',
    '总计 (2 条记录)',
    // Shape only: words no list has.
    'Γενικά σύνολα (2 εγγραφές)',
    'Celkové součty (2 záznamy)',
  ])('"%s" is a totals row, not a reject', async (label) => {
    const { rows, rejects, notes } = await importBytes(
      'salesforce-opportunities-csv',
      report(...DATA, totalsLine(label)),
      'opps.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(notes).toMatchObject({ skippedTotalsRows: 1 });
  });

  it('the shape alone does not drop a row before the data, nor one with a name beside it', async () => {
    const before = await importBytes(
      'salesforce-opportunities-csv',
      report(totalsLine('Celkové součty (2 záznamy)'), ...DATA),
      'opps.csv',
    );
    expect(before.rows).toHaveLength(2);
    expect(before.rejects).toHaveLength(1);
    const named = await importBytes(
      'salesforce-opportunities-csv',
      report(...DATA, '"Acme (2 sites)","Acme - Platform","Prospecting","USD","5000.00","12/20/2026","11/12/2026",""'),
      'opps.csv',
    );
    expect(named.rejects).toHaveLength(1);
  });
});
