/**
 * Deal formats (issue 12 item 7): an amount is never loaded without its currency, a currency
 * is never assumed without saying so, custom stages are listed and mappable, and Salesforce
 * ids are stored in their 18-character form. Field cases G1, G6 and F2 end to end.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldCase } from '../../helpers/field-case.js';
import { importBytes, utf8 } from './helpers.js';
import { FIELD_CASES, runFieldCase } from './field-cases.js';

const SF = 'salesforce-opportunities-csv';

describe('G1: a multi-currency Salesforce report', () => {
  it('with only "Amount (converted)" reads it with its own currency column', async () => {
    const { totals } = await runFieldCase('cfg-ny-multi.json', [['G1/opps-converted-only-report.csv', SF]], '2026-W47');
    expect(totals).toMatchObject({ opportunities: 3, pipeline: 22500, wonDeals: 1, wonRevenue: 6700 });
  });

  it('with both amounts prefers the original amount and its currency', async () => {
    const { totals } = await runFieldCase('cfg-ny-multi.json', [['G1/opps-multicurrency-report.csv', SF]], '2026-W47');
    expect(totals).toMatchObject({ opportunities: 3, pipeline: 22500, wonDeals: 1, wonRevenue: 6700 });
  });

  it('keeps each row its original currency when both are exported', async () => {
    const csv = [
      '"Opportunity ID","Stage","Amount Currency","Amount","Amount (converted) Currency","Amount (converted)","Created Date"',
      '"0065g00000AbCd1","Closed Won","JPY","1,000,000","USD","6,700.00","2026-11-16"',
    ].join('\n');
    const { rows, notes } = await importBytes(SF, utf8(csv), 'both.csv');
    expect(rows[0]).toMatchObject({ amount: 1_000_000, currency: 'JPY' });
    expect(notes.currencyAssumed).toBeUndefined();
  });

  it('a converted amount without its currency column is not given the original currency', async () => {
    const csv = [
      '"Opportunity ID","Stage","Opportunity Currency","Amount (converted)","Created Date"',
      '"0065g00000AbCd1","Prospecting","JPY","6,700.00","2026-11-16"',
    ].join('\n');
    const { rows, notes } = await importBytes(SF, utf8(csv), 'conv.csv', 'UTC', {
      reportingCurrency: 'USD',
    });
    expect(rows[0]).toMatchObject({ amount: 6700, currency: 'USD' });
    expect(notes).toMatchObject({
      amountColumn: 'Amount (converted)',
      currencyAssumed: { currency: 'USD', from: 'reportingCurrency', rows: 1 },
    });
  });
});

// A deals export without its amount column loaded every deal without an amount, and the
// report stated "Pipeline created: US$0" for the week's opportunities.
describe('a deals export without an amount column is refused', () => {
  it.each([
    [
      'hubspot-deals-csv',
      'Record ID,Deal Name,Deal Amount (USD),Create Date\n6301,Lumen Labs,12000,2026-11-18 11:00\n',
      'Amount',
    ],
    [
      SF,
      'Opportunity ID,Stage,Created Date,Opportunity Value\n0065g00000AbCd1,Prospecting,2026-11-16,12000\n',
      'Amount',
    ],
    [
      'pipedrive-deals-csv',
      'Deal - ID,Deal - Title,Deal - Deal created\n9001,Contoso,2026-11-17 09:00:00\n',
      'Deal - Value',
    ],
  ])('%s', async (format, text, column) => {
    await expect(importBytes(format, utf8(text), 'deals.csv')).rejects.toThrow(
      new RegExp(`deals\\.csv: ${format}: expected a header with .*"${column}"`),
    );
  });
});

// A won deal counts in the week it closed: without a close date it counted in none, and the
// report stated "Won revenue: US$0" (a HubSpot deals view exported without "Close Date").
describe('a won deal without its close date is a reject', () => {
  it('in a vendor export as in a canonical file', async () => {
    const run = await fieldCase('cfg-ny.json');
    try {
      const file = join(run.dir, 'deals.csv');
      await writeFile(
        file,
        [
          'Record ID,Deal Name,Deal Stage,Amount,Deal currency code,Create Date',
          '6301,Lumen Labs,Closed Won,12000,USD,2026-11-18 11:00',
          '6302,Birch Supply,Qualified To Buy,3000,USD,2026-11-19 09:30',
        ].join('\n'),
      );
      const out = await run.import(file, 'hubspot-deals-csv').catch((err: Error) => err.message);
      expect(out).toMatch(/deals\.csv: 1 loaded, 1 rejected into deals/);
      expect(out).toContain('closed_at: a won deal without its close date (first on line 2)');
      expect(await run.query('select deal_id from deals')).toEqual([{ deal_id: '6302' }]);
    } finally {
      await run.close();
    }
  });
});

describe('G6: custom closed stages', () => {
  it('reads the Nonprofit Success Pack stages without a config (Posted = won)', async () => {
    const { totals } = await runFieldCase('cfg-ny-multi.json', [['G6/sf-opps-npsp-report.csv', SF]], '2026-W47');
    expect(totals).toMatchObject({ opportunities: 3, wonDeals: 1, wonRevenue: 25000 });
    const bytes = readFileSync(`${FIELD_CASES}G6/sf-opps-npsp-report.csv`);
    const { rows, notes } = await importBytes(SF, bytes, 'npsp.csv', 'America/New_York', { reportingCurrency: 'USD' });
    expect(rows.map((r) => [r.stage, r.is_closed, r.is_won])).toEqual([
      ['Posted', true, true],
      ['Pledged', false, false],
      ['Closed Lost', true, false],
    ]);
    expect(notes.unmappedLabels).toBeUndefined();
  });

  it('an unknown stage stays open and is listed; the `stages` setting maps it', async () => {
    const file = 'own/sf-opps-custom-stage.csv';
    const bytes = (await import('node:fs')).readFileSync(
      new URL(`../../fixtures/field-cases/${file}`, import.meta.url),
    );
    const before = await importBytes(SF, bytes, 'custom.csv', 'America/New_York', { reportingCurrency: 'USD' });
    expect(before.rows.find((r) => r.stage === 'Gift Received')).toMatchObject({ is_closed: false, is_won: false });
    expect(before.notes.unmappedLabels).toEqual({ Stage: { 'Gift Received': 1 } });

    // Unmapped, the deal may have been won: not measured, never "won 0" (methodology 1.10).
    const plain = await runFieldCase('cfg-ny-multi.json', [[file, SF]], '2026-W47');
    expect(plain.totals).toMatchObject({ wonDeals: null, wonRevenue: null });
    const mapped = await runFieldCase('cfg-ny-multi.json', [[file, SF]], '2026-W47', {
      sources: { [SF]: { stages: { 'gift received': 'won' } } },
    });
    expect(mapped.totals).toMatchObject({ wonDeals: 1, wonRevenue: 25000 });
  });

  it('reads report Closed/Won columns written 1/0 and true/false; flags win over the stage name', async () => {
    const csv = [
      '"Opportunity ID","Stage","Closed","Won","Amount","Created Date"',
      '"0065g00000AbCd1","Gift Received","1","1","10","2026-11-16"',
      '"0065g00000AbCd2","Closed Won","false","false","10","2026-11-16"',
      '"0065g00000AbCd3","Odd","true","0","10","2026-11-16"',
    ].join('\n');
    const { rows, notes } = await importBytes(SF, utf8(csv), 'flags.csv');
    expect(rows.map((r) => [r.is_closed, r.is_won])).toEqual([
      [true, true],
      [false, false],
      [true, false],
    ]);
    expect(notes.unmappedLabels).toBeUndefined();
  });

  it('the `stages` setting applies in HubSpot and Pipedrive (when the status is missing) too', async () => {
    const hs = [
      'Record ID,Deal Name,Deal Stage,Amount,Create Date',
      '1,A,Gift Received,5,2026-11-16',
      '2,B,Pledge,5,2026-11-16',
    ];
    const stages = { 'Gift Received': 'won' } as const;
    const h = await importBytes('hubspot-deals-csv', utf8(hs.join('\n')), 'hs.csv', 'UTC', {
      sources: { 'hubspot-deals-csv': { stages } },
    });
    expect(h.rows.map((r) => [r.is_closed, r.is_won])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(h.notes.unmappedLabels).toEqual({ 'Deal Stage': { Pledge: 1 } });
    const pd = [
      'Deal - ID,Deal - Title,Deal - Stage,Deal - Value,Deal - Currency,Deal - Deal created',
      '1,A,Gift Received,5,EUR,2026-11-16',
    ];
    const p = await importBytes('pipedrive-deals-csv', utf8(pd.join('\n')), 'pd.csv', 'UTC', {
      sources: { 'pipedrive-deals-csv': { stages } },
    });
    expect(p.rows[0]).toMatchObject({ is_closed: true, is_won: true });
  });
});

describe('currencies are never guessed silently', () => {
  const hubspot = (amount: string, currencyColumn?: string) =>
    utf8(
      [
        `Record ID,Deal Name,Deal Stage,Create Date,Amount${currencyColumn === undefined ? '' : ',Currency'}`,
        `1,A,closedwon,2026-11-16,"${amount}"${currencyColumn === undefined ? '' : `,${currencyColumn}`}`,
      ].join('\n'),
    );

  it('a "$" amount in a EUR-only setup is a reject naming the setting to add', async () => {
    const { rows, rejects } = await importBytes('hubspot-deals-csv', hubspot('$1,200.00'), 'd.csv', 'UTC', {
      reportingCurrency: 'EUR',
    });
    expect(rows).toEqual([]);
    expect(rejects[0]).toMatchObject({ line: 2, field: 'Amount' });
    expect(rejects[0]?.reason).toContain('set sources["hubspot-deals-csv"].currency');
  });

  it('a "$" amount against a non-dollar currency column is a reject naming the column', async () => {
    const { rejects } = await importBytes('hubspot-deals-csv', hubspot('$1,200.00', 'EUR'), 'd.csv');
    expect(rejects[0]).toMatchObject({
      field: 'Amount',
      reason: 'the amount is written with "$", which is not EUR as "Currency" says',
    });
  });

  it('a "$" amount fits a dollar currency column or setting', async () => {
    const col = await importBytes('hubspot-deals-csv', hubspot('$1,200.00', 'CAD'), 'd.csv');
    expect(col.rows[0]).toMatchObject({ amount: 1200, currency: 'CAD' });
    expect(col.notes.currencyAssumed).toBeUndefined();
    const set = await importBytes('hubspot-deals-csv', hubspot('$1,200.00'), 'd.csv', 'UTC', {
      sources: { 'hubspot-deals-csv': { currency: 'AUD' } },
    });
    expect(set.rows[0]).toMatchObject({ amount: 1200, currency: 'AUD' });
    expect(set.notes.currencyAssumed).toEqual({ currency: 'AUD', from: 'setting', rows: 1 });
  });

  it('no currency anywhere: the reporting currency, recorded in the notes', async () => {
    const { rows, notes } = await importBytes(
      'pipedrive-deals-csv',
      utf8('Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Deal created\n7,A,"1,500.00",won,2026-11-16'),
      'p.csv',
      'UTC',
      {
        reportingCurrency: 'GBP',
      },
    );
    expect(rows[0]).toMatchObject({ amount: 1500, currency: 'GBP' });
    expect(notes.currencyAssumed).toEqual({ currency: 'GBP', from: 'reportingCurrency', rows: 1 });
  });

  it('the cell names the currency: used before the setting; a cell that disagrees with the column is a reject', async () => {
    const cell = await importBytes('hubspot-deals-csv', hubspot('12,50 €'), 'd.csv', 'UTC', {
      sources: { 'hubspot-deals-csv': { currency: 'CHF', decimalSeparator: ',' } },
    });
    expect(cell.rows[0]).toMatchObject({ amount: 12.5, currency: 'EUR' });
    expect(cell.notes.currencyAssumed).toBeUndefined();
    const clash = await importBytes('hubspot-deals-csv', hubspot('USD 12.00', 'EUR'), 'd.csv');
    expect(clash.rejects[0]).toMatchObject({ field: 'Amount', reason: 'the amount is in USD but "Currency" says EUR' });
  });

  it('HubSpot "Amount in company currency" goes with the company currency, not the deal currency', async () => {
    const csv =
      'Record ID,Deal Name,Create Date,Currency,Amount in company currency,Deal Stage\n1,A,2026-11-16,JPY,"6,700.00",Qualified To Buy';
    const set = await importBytes('hubspot-deals-csv', utf8(csv), 'd.csv', 'UTC', {
      sources: { 'hubspot-deals-csv': { currency: 'USD' } },
    });
    expect(set.rows[0]).toMatchObject({ amount: 6700, currency: 'USD' });
    expect(set.notes).toMatchObject({
      amountColumn: 'Amount in company currency',
      currencyAssumed: { currency: 'USD', from: 'setting', rows: 1 },
    });
  });
});

describe('HubSpot: Amount without its Currency column, beside the amount in company currency', () => {
  it('reads the company-currency amount: the deal amount of a multi-currency portal is in an unknown currency', async () => {
    const csv = [
      'Record ID,Deal Name,Create Date,Amount,Amount in company currency,Deal Stage',
      '6301,A,2026-11-16,10000,10800,Closed Won',
      '6302,B,2026-11-16,3000,3000,Closed Won',
    ].join('\n');
    const read = await importBytes('hubspot-deals-csv', utf8(csv), 'd.csv', 'UTC', { reportingCurrency: 'USD' });
    expect(read.rejects).toEqual([]);
    expect(read.rows.map((r) => [r.amount, r.currency])).toEqual([
      [10800, 'USD'],
      [3000, 'USD'],
    ]);
    expect(read.notes).toMatchObject({
      amountColumn: 'Amount in company currency',
      currencyAssumed: { currency: 'USD', rows: 2 },
    });
  });

  it('with the Currency column, the deal amount in its own currency is still read', async () => {
    const csv = [
      'Record ID,Deal Name,Create Date,Amount,Currency,Amount in company currency,Deal Stage',
      '6301,A,2026-11-16,10000,EUR,10800,Closed Won',
    ].join('\n');
    const read = await importBytes('hubspot-deals-csv', utf8(csv), 'd.csv', 'UTC', {
      reportingCurrency: 'USD',
      fxRates: { EUR: 1.08 },
    });
    expect(read.rows.map((r) => [r.amount, r.currency])).toEqual([[10000, 'EUR']]);
  });
});

describe('F2: Salesforce ids in their 18-character form', () => {
  it('a report with 15-character ids is the same records as the Data Loader export', async () => {
    const { totals } = await runFieldCase(
      'cfg-ny.json',
      [
        ['F2/opps-dataloader.csv', SF],
        ['F2/opps-report.csv', SF],
      ],
      '2026-W46',
    );
    expect(totals).toMatchObject({ opportunities: 2, pipeline: 25400, wonDeals: 1 });
  });

  it('extends every id column, never an owner name', async () => {
    const csv = [
      '"Opportunity ID","Stage","Opportunity Owner","Converted Lead ID","Created Date","Amount"',
      '"0065g00000XyZab","Prospecting","Priya Shah","00Q5g00000BBBB1","2026-11-16",""',
      '"0065g00000QrStuAAF","Prospecting","0055g00000AbCdE","","2026-11-16",""',
    ].join('\n');
    const { rows } = await importBytes(SF, utf8(csv), 'ids.csv');
    expect(rows.map((r) => [r.deal_id, r.owner_id, r.converted_from_lead_id])).toEqual([
      ['0065g00000XyZabAAF', 'Priya Shah', '00Q5g00000BBBB1EAP'],
      ['0065g00000QrStuAAF', '0055g00000AbCdEAAV', null],
    ]);
  });
});

// Field case 10b-1 (c22): a German Pipedrive export headed its currency column "Deal - Währung des
// Werts"; the import named the near-miss and still read 1,000,000 JPY and 10,000 EUR as USD.
// One rule for deals and spend (money.ts `checkUnreadCurrencyColumn`): an amount is never read
// in an assumed currency beside a column that holds its currency unread.
describe('a currency column the format does not read: read or refused, never an assumed currency', () => {
  const pipedrive = (currencyHeader: string) =>
    utf8(
      [
        `Deal - ID,Deal - Titel,Deal - Wert,${currencyHeader},Deal - Status,Deal - Deal erstellt`,
        '8101,Kestrel,1000000,JPY,Gewonnen,2026-11-16 09:00:00',
        '8102,Alpen,10000,EUR,Offen,2026-11-17 10:00:00',
      ].join('\n'),
    );

  it('reads Pipedrive\'s "Deal - Währung des Werts" as the currency column', async () => {
    const { rows, notes } = await importBytes('pipedrive-deals-csv', pipedrive('Deal - Währung des Werts'), 'd.csv');
    expect(rows.map((r) => [r.amount, r.currency])).toEqual([
      [1_000_000, 'JPY'],
      [10_000, 'EUR'],
    ]);
    expect(notes.currencyAssumed).toBeUndefined();
  });

  it('refuses a near-miss currency header naming it, even with the currency setting', async () => {
    for (const config of [{}, { sources: { 'pipedrive-deals-csv': { currency: 'USD' } } }]) {
      await expect(
        importBytes('pipedrive-deals-csv', pipedrive('Deal - Währung des Wertez'), 'd.csv', 'UTC', config),
      ).rejects.toThrow(
        'd.csv: pipedrive-deals-csv: column "Deal - Währung des Wertez" seems to hold the currency of "Deal - Wert" (closest known name: "deal - währung des wertes")',
      );
    }
  });

  it('refuses an unread column whose values are all currency codes (HubSpot, Salesforce)', async () => {
    const hs =
      'Record ID,Deal Name,Deal Stage,Create Date,Amount,Deal-Währungscode\n1,A,closedwon,2026-11-16,1000000,JPY';
    await expect(importBytes('hubspot-deals-csv', utf8(hs), 'h.csv')).rejects.toThrow(
      'h.csv: hubspot-deals-csv: column "Deal-Währungscode" seems to hold the currency of "Amount" (every value is a currency code: JPY)',
    );
    const sf =
      'Opportunity ID,Stage,Created Date,Amount,Opportunity Curreny\n0065g00000AbCd1,Closed Won,2026-11-16,1000000,JPY';
    await expect(importBytes(SF, utf8(sf), 's.csv')).rejects.toThrow(
      /s\.csv: salesforce-opportunities-csv: column "Opportunity Curreny" seems to hold the currency of "Amount"/,
    );
  });

  it('the same rule refuses a spend file (Meta "Amount spent" beside "Currency code")', async () => {
    const meta = [
      'Campaign name,Campaign ID,Day,Amount spent,Currency code,Impressions',
      'Lead Gen Q4,120210000000000501,2026-11-16,300.00,EUR,15000',
    ].join('\n');
    await expect(
      importBytes('meta-ads-csv', utf8(meta), 'm.csv', 'UTC', { sources: { 'meta-ads-csv': { currency: 'USD' } } }),
    ).rejects.toThrow('m.csv: meta-ads-csv: column "Currency code" seems to hold the currency of "Amount spent"');
  });

  it('an unrelated unread column leaves the documented fallback (the reporting currency, noted)', async () => {
    const csv =
      'Deal - ID,Deal - Titel,Deal - Wert,Deal - Status,Deal - Deal erstellt,Region\n7,A,1500,won,2026-11-16,DACH';
    const { rows, notes } = await importBytes('pipedrive-deals-csv', utf8(csv), 'p.csv', 'UTC', {
      reportingCurrency: 'GBP',
    });
    expect(rows[0]).toMatchObject({ amount: 1500, currency: 'GBP' });
    expect(notes.currencyAssumed).toEqual({ currency: 'GBP', from: 'reportingCurrency', rows: 1 });
  });
});
