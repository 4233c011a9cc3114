/**
 * Field case F12 and its kind: an id a spreadsheet program damaged (scientific notation, a
 * trailing .0, thousands separators, a Salesforce id of the wrong shape) is refused with the damage named, in every
 * format's id column, so two records are never collapsed into one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../bin/cli/commands.js';
import { fieldCase, type FieldCaseRun } from '../../helpers/field-case.js';
import { importBytes, utf8 } from './helpers.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('spreadsheet damage in id columns', () => {
  it('F12: a HubSpot deals export re-saved by Excel (every Record ID 1.23457E+11) loads no deal and says why', async () => {
    run = await fieldCase('cfg-ny.json');
    // Nothing loaded: the import fails (non-zero exit), its summary first, the reason last.
    const failed = run.import('F12/hubspot-deals-excel-resaved.csv', 'hubspot-deals-csv');
    await expect(failed).rejects.toThrow(ImportFailed);
    const out = await failed.catch((err: Error) => err.message);
    expect(out.split('\n')[0]).toMatch(/hubspot-deals-excel-resaved\.csv: 0 loaded, 3 rejected into deals/);
    expect(out.split('\n').at(-1)).toMatch(/^every row of hubspot-deals-excel-resaved\.csv was rejected/);
    expect(await run.query('select count(*) as deals from deals')).toEqual([{ deals: 0 }]);
    const { rejects } = await importBytes(
      'hubspot-deals-csv',
      utf8('Record ID,Deal Name,Create Date,Amount,Deal Stage\n1.23457E+11,Northwind,2026-11-09 10:00,,Closed Won\n'),
      'deals.csv',
    );
    expect(rejects[0]).toMatchObject({
      line: 2,
      field: 'Record ID',
      reason: expect.stringContaining('a spreadsheet program turned into scientific notation'),
    });
  });

  it.each([
    [
      'hubspot-contacts-csv',
      'Record ID,Email,Create Date,Lifecycle Stage\n7000001.0,a@x.example,2026-11-09 10:00\n',
      'decimal number',
    ],
    [
      'pipedrive-deals-csv',
      'Deal - ID,Deal - Title,Deal - Deal created,Deal - Value,Deal - Status\n9.001E+3,A,2026-11-09 10:00,\n',
      'scientific notation',
    ],
    [
      'salesforce-opportunities-csv',
      'Opportunity ID,Stage,Created Date,Close Date,Amount\n6.5E+15,Prospecting,2026-11-09,2026-12-01,\n',
      'scientific notation',
    ],
    [
      'salesforce-leads-csv',
      'Lead ID,Email,Create Date,Lead Status\n00Q5g00000AbC,a@x.example,2026-11-09\n',
      'not a Salesforce id (15 or 18 letters and digits)',
    ],
  ])('%s: a damaged id is a reject naming the damage', async (format, text, damage) => {
    const { rows, rejects } = await importBytes(format, utf8(text), 'export.csv', 'UTC', {
      sources: { [format]: { currency: 'USD' } },
    });
    expect(rows).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toContain(damage);
  });

  // A number format on the id column: "18,734,200,011" is campaign 18734200011, and kept as
  // written it was a second campaign, so a re-pull's overlapping days were added, not replaced.
  it.each([
    [
      'google-ads-csv',
      'Day,Campaign,Campaign ID,Currency code,Cost\n2026-11-10,Brand Search,"18,734,200,011",USD,90.00\n',
      'Campaign ID',
    ],
    [
      'meta-ads-csv',
      'Reporting starts,Reporting ends,Campaign name,Campaign ID,Amount spent (USD)\n2026-11-10,2026-11-10,Leads,"120,253,401,778,560,017",90.00\n',
      'Campaign ID',
    ],
    [
      'linkedin-ads-csv',
      'Start Date (in UTC),Account ID,Campaign Name,Campaign ID,Currency,Total Spent\n11/10/2026,513 076 055,Leads,214748364,USD,90.00\n',
      'Account ID',
    ],
    [
      'google-ads-csv',
      'Day,Campaign,Campaign ID,Currency code,Cost\n2026-11-10,Brand Search,"1,87,34,20,011",INR,90.00\n',
      'Campaign ID',
    ],
  ])('%s: an id written with thousands separators is a reject naming the damage', async (format, text, field) => {
    const { rows, rejects } = await importBytes(format, utf8(text), 'report.csv', 'UTC', { locale: 'en-US' });
    expect(rows).toEqual([]);
    expect(rejects).toEqual([
      expect.objectContaining({ line: 2, field, reason: expect.stringContaining('thousands separators') }),
    ]);
  });

  // Field case F8's kind in id columns: a zero-width space made "18734200011" a second
  // campaign, so a re-pull's overlapping days were added to the first pull's, not replaced.
  it('invisible format characters pasted into an id are removed, in every format', async () => {
    const zwsp = '\u200b';
    const spend = await importBytes(
      'google-ads-csv',
      utf8(`Day,Campaign,Campaign ID,Currency code,Cost\n2026-11-10,Brand Search,18734200011${zwsp},USD,90.00\n`),
      'report.csv',
    );
    expect(spend.rows.map((r) => r.campaign_id)).toEqual(['18734200011']);
    const deals = await importBytes(
      'hubspot-deals-csv',
      utf8(
        `Record ID,Deal Name,Create Date,Amount,Deal currency code,Deal Stage\n\u200e6301${zwsp},Lumen Labs,2026-11-18 11:00,12000,USD,Qualified To Buy\n`,
      ),
      'deals.csv',
    );
    expect(deals.rejects).toEqual([]);
    expect(deals.rows.map((r) => r.deal_id)).toEqual(['6301']);
  });

  // A date column a spreadsheet saved as serial numbers: refused (the 1900/1904 base is not in a
  // CSV), the reason naming the damage and both readings rather than "not a date/time".
  it.each([
    [
      'hubspot-contacts-csv',
      'Record ID,Email,Create Date,Lifecycle Stage\n301,a@x.example,46335,lead\n',
      'Create Date',
    ],
    [
      'google-ads-csv',
      'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost\n46342,Brand,18734200011,Search,USD,90.00\n',
      'Day',
    ],
  ])('%s: an Excel serial date is a reject naming the spreadsheet damage', async (format, text, field) => {
    const { rows, rejects } = await importBytes(format, utf8(text), 'export.csv');
    expect(rows).toEqual([]);
    expect(rejects[0]).toMatchObject({
      field,
      reason: expect.stringMatching(
        /is a date a spreadsheet program turned into its serial number \(2026-11-\d\d in the 1900 date system/,
      ),
    });
  });

  // Excel keeps 15 significant digits: Meta's 18-digit ids re-saved with a Number format end in
  // zeros, and two campaigns become one (idle spend of one hidden under the other's name).
  it('a Meta export whose 18-digit campaign ids a spreadsheet rounded is refused; real ids ending in zeros load', async () => {
    const head = 'Reporting starts,Reporting ends,Campaign name,Campaign ID,Amount spent (USD)\n';
    const merged = await importBytes(
      'meta-ads-csv',
      utf8(
        head +
          '2026-11-16,2026-11-16,Lead Gen Q4 - US,120210000000000000,100.00\n' +
          '2026-11-16,2026-11-16,Retargeting Q4 - US,120210000000000000,50.00\n',
      ),
      'meta.csv',
    );
    expect(merged.rows).toEqual([]);
    expect(merged.rejects[0]).toMatchObject({
      line: 2,
      field: 'Campaign ID',
      reason: expect.stringContaining('a spreadsheet program rounded to 15 significant digits'),
    });
    const column = await importBytes(
      'meta-ads-csv',
      utf8(
        head +
          '2026-11-16,2026-11-16,Lead Gen Q4 - US,120210000000000000,100.00\n' +
          '2026-11-16,2026-11-16,Retargeting Q4 - US,120211000000000000,50.00\n',
      ),
      'meta.csv',
    );
    expect(column.rows).toEqual([]);
    expect(column.rejects).toHaveLength(2);
    // One real id that happens to end in zeros, beside an intact one: loads.
    const real = await importBytes(
      'meta-ads-csv',
      utf8(
        head +
          '2026-11-16,2026-11-16,Lead Gen Q4 - US,120210000000000000,100.00\n' +
          '2026-11-16,2026-11-16,Retargeting Q4 - US,120210000000000222,50.00\n',
      ),
      'meta.csv',
    );
    expect(real.rejects).toEqual([]);
    expect(real.rows.map((r) => r.campaign_id)).toEqual(['120210000000000000', '120210000000000222']);
  });
});
