/**
 * Field cases F1, F3, F5 and variants of their kinds, end to end as a user runs them
 * (`funnel import` then a query or the report): each file's date order and decimal separator
 * are decided once from the whole file, never guessed per value, and a file that cannot be
 * read unambiguously is refused whole; footer blocks are neither rows nor rejects.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own (text, or bytes for other encodings) to a temp file. */
async function file(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'export-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const days = (rows: { created_at?: unknown }[]) => rows.map((r) => String(r.created_at).slice(0, 10));

describe('dates: one order per file, never a silent month/day swap', () => {
  it('F1: a UK report (03/11/2026 = 3 November), settled by 14/11/2026', async () => {
    run = await fieldCase('cfg-london.json');
    const out = await run.import('F1/leads-report-en_GB.csv', 'salesforce-leads-csv');
    expect(out).toContain('4 loaded, 0 rejected into leads');
    expect(out).toContain('dates read day-first (DMY) (settled by line 4, column "Create Date": "14/11/2026")');
    const rows = await run.query('select created_at from leads order by created_at');
    expect(days(rows)).toEqual(['2026-11-03', '2026-11-09', '2026-11-12', '2026-11-14']);
    expect((await run.report('2026-W45')).totals.leads).toBe(1); // 3 Nov, not 11 March
  });

  const ambiguous = [
    '"Lead ID","Email","Create Date","Lead Status"',
    '"00Q5g00000AbCdE","tom@northwind.example","03/11/2026","Open - Not Contacted"',
    '"00Q5g00000AbCdF","amy@fabrikam.example","09/11/2026","Open - Not Contacted"',
  ].join('\n');

  it('a file whose dates read both ways is refused whole, naming line, column and the setting', async () => {
    run = await fieldCase('cfg-london.json');
    const path = await file('leads.csv', ambiguous);
    await expect(run.import(path, 'salesforce-leads-csv')).rejects.toThrow(
      'leads.csv: line 2, column "Create Date": "03/11/2026" can be day-first or month-first and nothing in the file settles it; set sources["salesforce-leads-csv"].dateOrder to "DMY" or "MDY" in the config (nothing was loaded)',
    );
    expect(await run.canonicalFiles('leads')).toEqual([]);
  });

  it.each([
    [{ locale: 'en-GB' }, 'locale', ['2026-11-03', '2026-11-09']],
    [{ locale: 'en-US' }, 'locale', ['2026-03-11', '2026-09-11']],
    [{ sources: { 'salesforce-leads-csv': { dateOrder: 'DMY' } } }, 'setting', ['2026-11-03', '2026-11-09']],
    [{ sources: { 'salesforce-leads-csv': { locale: 'en-AU' } } }, 'locale', ['2026-11-03', '2026-11-09']],
  ] as const)('the same file with %j is read %s', async (config, from, expected) => {
    run = await fieldCase(config);
    const out = await run.import(await file('leads.csv', ambiguous), 'salesforce-leads-csv');
    expect(out).toContain(`(from the ${from})`);
    expect(days(await run.query('select created_at from leads order by created_at'))).toEqual(expected);
  });

  it('a file that mixes day-first and month-first dates is refused, naming both', async () => {
    run = await fieldCase({});
    const path = await file(
      'deals.csv',
      [
        'Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date,Close Date',
        '1,A,Closed Won,100,EUR,14/11/2026 10:00,15/11/2026 10:00',
        '2,B,Closed Won,100,EUR,11/16/2026 10:00,11/17/2026 10:00',
      ].join('\n'),
    );
    await expect(run.import(path, 'hubspot-deals-csv')).rejects.toThrow(
      'deals.csv: the file mixes date orders: line 2, column "Create Date" "14/11/2026 10:00" is day-first, line 3, column "Create Date" "11/16/2026 10:00" is month-first; export it again with one date format (nothing was loaded)',
    );
    expect(await run.canonicalFiles('deals')).toEqual([]);
  });

  it('values that contradict the configured order refuse the file rather than skipping rows', async () => {
    run = await fieldCase({ sources: { 'salesforce-leads-csv': { dateOrder: 'MDY' } } });
    await expect(run.import('F1/leads-report-en_GB.csv', 'salesforce-leads-csv')).rejects.toThrow(
      'leads-report-en_GB.csv: line 4, column "Create Date": "14/11/2026" cannot be month-first (MDY) as sources["salesforce-leads-csv"].dateOrder says; correct the setting (nothing was loaded)',
    );
  });

  it('F5: a Brazilian Meta export, day-first by its Portuguese header → one week, not six months', async () => {
    run = await fieldCase('cfg-sp.json');
    const out = await run.import('F5/meta-pt-BR-slash.csv', 'meta-ads-csv');
    expect(out).toContain('dates read day-first (DMY) (from the header language)');
    const [span] = await run.query(
      'select min(date) as first_day, max(date) as last_day, round(sum(cost), 2) as cost, max(currency) as currency from spend',
    );
    expect(span).toEqual({ first_day: '2026-11-01', last_day: '2026-11-07', cost: 1478.38, currency: 'BRL' });
  });

  it('month names and 12-hour clocks of the supported languages, with any weekday in front', async () => {
    run = await fieldCase({ timezone: 'UTC' });
    const path = await file(
      'leads.csv',
      [
        'Record ID,Email,Create Date,Lifecycle Stage',
        '1,a@x.example,9 de nov. de 2026 10:05',
        '2,b@x.example,"9. Nov. 2026, 10:05"',
        '3,c@x.example,mar. 10 nov. 2026 10:05', // French: "mar." is Tuesday here
        '4,d@x.example,"Nov 9, 2026 4:45 PM"',
        '5,e@x.example,9 november 2026 16:45',
        '6,f@x.example,"lunedì 9 novembre 2026, 4:45 p.m."',
      ].join('\n'),
    );
    await run.import(path, 'hubspot-contacts-csv');
    const rows = await run.query('select lead_id, created_at from leads order by lead_id');
    expect(rows.map((r) => r.created_at)).toEqual([
      '2026-11-09T10:05:00.000Z',
      '2026-11-09T10:05:00.000Z',
      '2026-11-10T10:05:00.000Z',
      '2026-11-09T16:45:00.000Z',
      '2026-11-09T16:45:00.000Z',
      '2026-11-09T16:45:00.000Z',
    ]);
  });
});

describe('wall-clock times in the account zone', () => {
  it('F13: leads either side of Monday 00:00 on both DST weekends fall in their own weeks', async () => {
    run = await fieldCase('cfg-berlin.json');
    await run.import('F13/contacts-dst-boundary.csv', 'hubspot-contacts-csv');
    const weeks = ['2026-W13', '2026-W14', '2026-W43', '2026-W44'];
    const leads = [];
    for (const week of weeks) leads.push((await run.report(week)).totals.leads);
    expect(leads).toEqual([1, 1, 1, 1]);
  });
});

describe('numbers: one decimal separator per file, never guessed', () => {
  it('a decimal comma proven by one value settles "1.234" elsewhere in the file as a thousand', async () => {
    run = await fieldCase({ reportingCurrency: 'EUR' });
    const path = await file(
      'meta.csv',
      [
        'Campaign name,Day,Amount spent (EUR),Impressions',
        'Brand,2026-11-09,"1.234",1000',
        'Brand,2026-11-10,"12,50",1000',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv');
    expect(out).toContain('2 loaded');
    const rows = await run.query('select cost from spend order by date');
    expect(rows.map((r) => r.cost)).toEqual([1234, 12.5]);
  });

  it('a currency code in front of the number still counts as evidence ("USD 12,50" settles "1.234")', async () => {
    run = await fieldCase({ reportingCurrency: 'USD' });
    const path = await file(
      'hs.csv',
      'Record ID,Deal Name,Amount,Create Date,Deal Stage\n1,A,"USD 12,50",2026-11-09 10:00,Qualified To Buy\n2,B,1.234,2026-11-10 10:00,Qualified To Buy\n',
    );
    await run.import(path, 'hubspot-deals-csv');
    expect((await run.query('select amount from deals order by deal_id')).map((r) => r.amount)).toEqual([12.5, 1234]);
  });

  // KWD has three decimals: its amounts' currency settles nothing (an EUR "1,234" is proven a thousand).
  it('an English header settles "1,234" as a thousand; a Portuguese one as 1.234', async () => {
    run = await fieldCase({ reportingCurrency: 'EUR', fxRates: { KWD: 3 } });
    await run.import(
      await file('en.csv', 'Campaign name,Day,Amount spent (KWD)\nBrand,2026-11-09,"1,234"\n'),
      'meta-ads-csv',
    );
    await run.import(
      await file(
        'pt.csv',
        // Another day: spend of the same days under other names would be refused (a rename).
        'Nome da campanha,Início dos relatórios,Término dos relatórios,Valor usado (KWD)\nMarca,2026-11-10,2026-11-10,"1,234"\n',
      ),
      'meta-ads-csv',
    );
    const rows = await run.query('select campaign_name, cost from spend order by campaign_name');
    expect(rows).toEqual([
      { campaign_name: 'Brand', cost: 1234 },
      { campaign_name: 'Marca', cost: 1.234 }, // 1,234 BRL-style = 1.234 KWD, kept to the fils
    ]);
  });

  // An English CRM UI is used in every region: its header does not outvote a ";" delimiter
  // (what Excel writes where the decimal separator is a comma) or the configured locale.
  const excelDe = [
    'Record ID;Deal Name;Deal Stage;Amount;Create Date;Close Date',
    '6301;Lumen Labs - Annual;Closed Won;12.000;18.11.2026 11:00;20.11.2026 10:00',
    '6302;Birch Supply - Starter;Qualified To Buy;3.500;19.11.2026 09:30;20.12.2026',
  ].join('\n');

  it.each([
    [{}, 'delimiter'],
    [{ locale: 'de-DE' }, 'locale'],
  ] as const)(
    'an English export re-saved by Excel in German (";", "12.000") with %j: twelve thousand',
    async (config, from) => {
      run = await fieldCase({ reportingCurrency: 'EUR', ...config });
      const out = await run.import(await file('deals.csv', excelDe), 'hubspot-deals-csv');
      expect(out).toContain(`numbers read with a decimal comma (from the ${from})`);
      const rows = await run.query('select amount from deals order by deal_id');
      expect(rows.map((r) => r.amount)).toEqual([12000, 3500]);
    },
  );

  it.each([
    [{ locale: 'en-US' }, 'excel', 'its locale (en-US) says ".", its delimiter ";" ","'],
    [{ locale: 'de-CH' }, 'german', 'its header language (de) says ",", its locale (de-CH) "."'],
  ] as const)(
    'signals that disagree on "12.000" (%j, %s file) refuse the file, naming both',
    async (config, kind, says) => {
      run = await fieldCase({ reportingCurrency: 'EUR', ...config });
      const content =
        kind === 'excel'
          ? excelDe
          : 'Datensatz-ID,Deal-Name,Deal-Phase,Betrag,Erstelldatum\n6301,Lumen,Qualified To Buy,12.000,2026-11-18 11:00\n';
      await expect(run.import(await file('deals.csv', content), 'hubspot-deals-csv')).rejects.toThrow(
        `can be read with a decimal comma or a decimal point, and the file disagrees with itself: ${says}; set sources["hubspot-deals-csv"].decimalSeparator`,
      );
      expect(await run.canonicalFiles('deals')).toEqual([]);
    },
  );

  it('a file mixing decimal commas and points is refused whole', async () => {
    run = await fieldCase({});
    const path = await file(
      'google.csv',
      ['Day,Campaign,Currency code,Cost', '2026-11-09,Brand,EUR,"12,5"', '2026-11-10,Brand,EUR,12.5'].join('\n'),
    );
    await expect(run.import(path, 'google-ads-csv')).rejects.toThrow(
      'google.csv: the file mixes number formats: line 3, column "Cost" "12.5" has a decimal point, line 2, column "Cost" "12,5" a decimal comma; export it again with one number format (nothing was loaded)',
    );
    expect(await run.canonicalFiles('spend')).toEqual([]);
  });

  it('currency codes and symbols, no-break spaces and parentheses in cells', async () => {
    run = await fieldCase({ reportingCurrency: 'EUR', fxRates: { BRL: 0.17 } });
    const path = await file(
      'meta-fr.csv',
      [
        'Nom de la campagne;Jour;Montant dépensé;Devise',
        'Marque;2026-11-09;1\u00a0234,50 €;EUR',
        'Marque;2026-11-10;(12,00 €);EUR',
        'Marca;2026-11-09;R$ 1.478,38;BRL',
      ].join('\n'),
    );
    // (12,00 €) is read as -12 and then refused by the contract (spend is never negative).
    expect((await run.import(path, 'meta-ads-csv')).split('\n')[0]).toMatch(/2 loaded, 1 rejected/);
    const rows = await run.query('select campaign_name, date, cost, currency from spend order by campaign_name, date');
    expect(rows.map((r) => [r.campaign_name, r.cost, r.currency])).toEqual([
      ['Marca', 1478.38, 'BRL'],
      ['Marque', 1234.5, 'EUR'],
    ]);
  });
});

describe('spend never counts twice across canonical and vendor files', () => {
  const canonical = [
    'date,platform,campaign_id,campaign_name,cost,currency',
    ...['09', '10', '11', '12', '13', '14', '15'].map(
      (d) => `2026-11-${d},meta,120210000000000001,Lead Gen Q4,100,USD`,
    ),
  ].join('\n');
  const adSets = [
    'Ad set name,Reporting starts,Reporting ends,Amount spent (USD)',
    'Lookalike 1%,2026-11-09,2026-11-15,420.00',
    'Retargeting 30d,2026-11-09,2026-11-15,280.00',
  ].join('\n');

  it('a canonical spend CSV, then the same week as a Meta ad-set export: the second is refused', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(await file('spend.csv', canonical), 'canonical-spend');
    await expect(run.import(await file('adsets.csv', adSets), 'meta-ads-csv')).rejects.toThrow(
      /adsets\.csv: meta spend of 2026-11-09\.\.2026-11-15 .* so the same spend would count twice/,
    );
    expect((await run.report('2026-W46')).totals.spend).toBe(700);
  });

  it('the other way round: a Meta ad-set export, then a canonical spend CSV of the same week is refused', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(await file('adsets.csv', adSets), 'meta-ads-csv');
    await expect(run.import(await file('spend.csv', canonical), 'canonical-spend')).rejects.toThrow(
      /spend\.csv: meta spend of 2026-11-09\.\.2026-11-15/,
    );
    expect((await run.report('2026-W46')).totals.spend).toBe(700);
  });

  it('a quarter still running, with no date range to bound it, is refused rather than spread into days to come', async () => {
    run = await fieldCase('cfg-ny.json');
    const path = await file(
      'quarters.csv',
      [
        'Quarter,Campaign,Campaign ID,Currency code,Cost',
        'Q3 2026,Brand,1001,USD,900.00',
        'Q4 2099,Brand,1001,USD,9200.00',
      ].join('\n'),
    );
    const out = await run.import(path, 'google-ads-csv');
    expect(out.split('\n')[0]).toMatch(/92 loaded, 1 rejected/);
    expect(await run.query("select count(*) as future from spend where date > '2026-12-31'")).toEqual([{ future: 0 }]);
  });

  it('a Google Ads report by "Week (Sun - Sat)" puts each row on its own week', async () => {
    run = await fieldCase('cfg-ny.json');
    const path = await file(
      'weeks.csv',
      [
        'Campaign report',
        '1 November 2026 - 14 November 2026',
        'Week (Sun - Sat),Campaign,Campaign ID,Currency code,Cost',
        '2026-11-01,Brand,1001,USD,700.00',
        '2026-11-08,Brand,1001,USD,1400.00',
      ].join('\n'),
    );
    await run.import(path, 'google-ads-csv');
    const rows = await run.query(
      'select min(date) as first, max(date) as last, sum(cost) as cost from spend group by cost order by 1',
    );
    expect(rows).toEqual([
      { first: '2026-11-01', last: '2026-11-07', cost: 700 },
      { first: '2026-11-08', last: '2026-11-14', cost: 1400 },
    ]);
  });
});

describe('money symbols shared by several currencies', () => {
  it('a "$" cost must fit the row\'s currency: CAD loads, EUR is a reject naming both', async () => {
    run = await fieldCase({ reportingCurrency: 'CAD', fxRates: { EUR: 1.5 } });
    const path = await file(
      'google.csv',
      ['Day,Campaign,Currency code,Cost', '2026-11-09,Brand,CAD,$10.00', '2026-11-10,Brand,EUR,$10.00'].join('\n'),
    );
    const out = await run.import(path, 'google-ads-csv');
    expect(out.split('\n')[0]).toMatch(/1 loaded, 1 rejected/);
    expect(await run.query('select date, cost, currency from spend')).toEqual([
      { date: '2026-11-09', cost: 10, currency: 'CAD' },
    ]);
  });
});

describe('footers and title lines are neither rows nor rejects', () => {
  it('F3: totals, the organisation alone on a line, copyright and "Generated By" → 2 leads, 0 rejects', async () => {
    run = await fieldCase('cfg-ny.json');
    const out = await run.import('F3/leads-report-footer.csv', 'salesforce-leads-csv');
    expect(out.split('\n')[0]).toBe('leads-report-footer.csv: 2 loaded, 0 rejected into leads');
    expect(out).toContain('not loaded: 1 totals row, 5 footer lines');
    const report = await run.report('2026-W46');
    expect(report.totals.leads).toBe(2);
    expect(report.dataQuality.sources).toEqual([
      expect.objectContaining({ source: 'salesforce', rowsLoaded: 2, rowsRejected: 0 }),
    ]);
  });

  it.each([
    [
      'Google Ads: "Total: Campaigns", "Total: Account" and a copyright line',
      'google-ads-csv',
      [
        'Campaign report',
        'Day,Campaign,Currency code,Cost',
        '2026-11-09,Brand,EUR,10.00',
        'Total: Campaigns,,EUR,10.00',
        'Total: Account,,EUR,10.00',
        '',
        '© 2026 Google LLC',
      ],
    ],
    [
      'a German report: "Gesamt" and "Vertraulich"',
      'google-ads-csv',
      [
        'Tag;Kampagne;Währungscode;Kosten',
        '09.11.2026;Marke;EUR;10,00',
        'Gesamt: Kampagnen;;EUR;10,00',
        '',
        'Vertraulich - nicht weitergeben',
      ],
    ],
    [
      'a HubSpot export with a company name and an export stamp after a blank line',
      'hubspot-contacts-csv',
      [
        'Record ID,Email,Create Date,Lifecycle Stage',
        '1,a@x.example,2026-11-09 10:00',
        '',
        'Tailspin Toys Inc.',
        'Export generated 2026-11-16 09:05',
      ],
    ],
  ] as const)('%s', async (_name, format, lines) => {
    run = await fieldCase({ reportingCurrency: 'EUR' });
    const out = await run.import(await file('export.csv', lines.join('\n')), format);
    expect(out.split('\n')[0]).toMatch(/: 1 loaded, 0 rejected into/);
  });

  it('the organisation alone on a line right after the data (no blank line) is footer too', async () => {
    run = await fieldCase('cfg-ny.json');
    const path = await file(
      'leads.csv',
      [
        '"Lead Owner","Lead ID","Email","Create Date","Lead Status"',
        '"Priya Shah","00Q5g00000AbCdE","tom@northwind.example","11/16/2026 9:05 AM"',
        '"Tailspin Toys Inc."',
        '"Generated By:  Priya Shah  11/16/2026 9:05 AM"',
      ].join('\n'),
    );
    const out = await run.import(path, 'salesforce-leads-csv');
    expect(out).toContain('1 loaded, 0 rejected');
    expect(out).toContain('not loaded: 2 footer lines');
  });

  it('a note line right under the data is footer, even in the id column', async () => {
    run = await fieldCase({});
    const path = await file(
      'contacts.csv',
      ['Record ID,Email,Create Date,Lifecycle Stage', '1,a@x.example,2026-11-09 10:00', 'Note: 2 records shown'].join(
        '\n',
      ),
    );
    const out = await run.import(path, 'hubspot-contacts-csv');
    expect(out.split('\n')[0]).toMatch(/1 loaded, 0 rejected/);
  });

  it('a bad data row at the end is still a reject, not taken for a footer', async () => {
    run = await fieldCase({});
    const path = await file(
      'contacts.csv',
      [
        'Record ID,Email,Create Date,Lifecycle Stage',
        '1,a@x.example,2026-11-09 10:00',
        '2,b@x.example,not a date',
        '3',
      ].join('\n'),
    );
    const out = await run.import(path, 'hubspot-contacts-csv');
    // Line 3 has a bad date, line 4 only an id (a truncated row in a required column): both rejects.
    expect(out.split('\n')[0]).toMatch(/contacts\.csv: 1 loaded, 2 rejected into leads/);
  });
});
