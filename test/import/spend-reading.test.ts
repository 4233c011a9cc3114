/**
 * Ad-spend and deal files read end to end as a user runs them (`funnel import`, then a query):
 * faults a review found in how amounts, ranges, currencies and summary rows are read
 * (fixtures in test/fixtures/field-cases/R3/). Each case asserts the figure a user expects.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own to a temp file. */
async function file(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'export-')), name);
  await writeFile(path, content);
  return path;
}

const GERMAN_TEAM = {
  reportingCurrency: 'EUR',
  fxRates: { USD: 0.9, JPY: 0.006 },
  timezone: 'Europe/Berlin',
  locale: 'de-DE',
} as const;

describe("an amount's currency settles its decimal separator", () => {
  it('"12,345" JPY in an English Google Ads report of a de-DE team is twelve thousand, not 12.345', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R3/google-ads-jpy.csv', 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain(
      'numbers read with a decimal point (settled by line 4, column "Cost": "12,345" (JPY has no decimals: "," groups thousands))',
    );
    const rows = await run.query('select round(sum(cost)) as cost, currency from spend group by currency');
    expect(rows).toEqual([{ cost: 20345, currency: 'JPY' }]);
  });

  it('"JPY 150,000" in a Salesforce report is 150,000 JPY whatever the locale', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R3/salesforce-opportunities-jpy.csv', 'salesforce-opportunities-csv', {
      date: '2026-11-23',
    });
    expect(out).toContain('"JPY 150,000" (JPY has no decimals: "," groups thousands)');
    const rows = await run.query('select amount from deals order by deal_id');
    expect(rows.map((r) => r.amount)).toEqual([150000, 900000]);
  });

  it('a USD "1.234" proves a decimal comma for the whole file, against an en-US locale', async () => {
    run = await fieldCase({ ...GERMAN_TEAM, locale: 'en-US' });
    const path = await file(
      'google.csv',
      [
        'Day,Campaign,Currency code,Cost,Clicks',
        '2026-11-16,Brand,USD,"1.234",1.500',
        '2026-11-17,Brand,USD,12,1',
      ].join('\n'),
    );
    const out = await run.import(path, 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('(USD has 2 decimals: "." groups thousands)');
    const rows = await run.query('select cost, clicks from spend order by date');
    expect(rows).toEqual([
      { cost: 1234, clicks: 1500 },
      { cost: 12, clicks: 1 },
    ]);
  });

  it('amounts whose currencies prove opposite separators refuse the file, naming both', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'google.csv',
      ['Day,Campaign,Currency code,Cost', '2026-11-16,Tokyo,JPY,"12,345"', '2026-11-16,Berlin,EUR,"1.234"'].join('\n'),
    );
    await expect(run.import(path, 'google-ads-csv', { date: '2026-11-23' })).rejects.toThrow(
      'google.csv: the file mixes number formats: line 2, column "Cost" "12,345" (JPY has no decimals: "," groups thousands) has a decimal point, line 3, column "Cost" "1.234" (EUR has 2 decimals: "." groups thousands) a decimal comma; export it again with one number format (nothing was loaded)',
    );
    expect(await run.canonicalFiles('spend')).toEqual([]);
  });

  it('a currency with three decimals (KWD) proves nothing: the locale still decides', async () => {
    run = await fieldCase({ ...GERMAN_TEAM, fxRates: { KWD: 3 } });
    const path = await file('meta.csv', 'Campaign name,Day,Amount spent (KWD)\nBrand,2026-11-16,"1,500"\n');
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('numbers read with a decimal comma (from the locale)');
    expect((await run.query('select cost from spend')).map((r) => r.cost)).toEqual([1.5]);
  });
});

describe('a range past the export day is spread only up to it', () => {
  const W47 = "select round(sum(cost), 2) as cost from spend where date between '2026-11-16' and '2026-11-22'";

  it('a Google Ads month titled 1–30 Nov, exported on 23 Nov: 2,300 over 23 days, W47 700 (was 536.67)', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R3/google-ads-month-to-date.csv', 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain(
      '1 row ran past the export day 2026-11-23: spread only up to it (nothing is spent on days still to come)',
    );
    expect(await run.query('select min(date) as d0, max(date) as d1, sum(cost) as cost from spend')).toEqual([
      { d0: '2026-11-01', d1: '2026-11-23', cost: 2300 },
    ]);
    expect(await run.query(W47)).toEqual([{ cost: 700 }]);
  });

  it("a Meta row's own reporting range to 30 Nov, exported on 23 Nov, likewise", async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\nBrand,2026-11-01,2026-11-30,2300.00\n',
    );
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(await run.query(W47)).toEqual([{ cost: 700 }]);
    expect(await run.query("select count(*) as n from spend where date > '2026-11-23'")).toEqual([{ n: 0 }]);
  });

  it('a range that starts after the export day has no day: its cost is a reject naming the export day', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\nBrand,2026-11-24,2026-11-30,70.00\n',
    );
    await expect(run.import(path, 'meta-ads-csv', { date: '2026-11-23' })).rejects.toThrow(
      'the reporting range 2026-11-24..2026-11-30 shares no day with the days up to the export day 2026-11-23',
    );
  });
});

describe("a Meta cost column's currency", () => {
  it('a row whose Currency disagrees with "Amount spent (EUR)" is a reject naming both, never 200 USD', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R3/meta-currency-disagrees.csv', 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('7 loaded, 1 rejected'); // one row over 7 days
    expect(out).toContain(
      'the row says USD but the cost column "Amount spent (EUR)" is in EUR; export the report again with one currency per cost column',
    );
    const rows = await run.query('select round(sum(cost), 2) as cost, currency from spend group by currency');
    expect(rows).toEqual([{ cost: 100, currency: 'EUR' }]);
  });
});

describe('a Meta export with a cost column per currency', () => {
  it('each row reads its cost from the column that holds it, in that currency (US Prospecting was 0 EUR)', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R3/meta-two-cost-columns.csv', 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('14 loaded, 0 rejected');
    const rows = await run.query(
      'select campaign_name, round(sum(cost), 2) as cost, currency from spend group by all order by 1',
    );
    expect(rows).toEqual([
      { campaign_name: 'Prospecting', cost: 100, currency: 'EUR' },
      { campaign_name: 'US Prospecting', cost: 200, currency: 'USD' },
    ]);
  });

  it('a row with a cost in both columns is a reject naming both', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Day,Campaign name,Amount spent (EUR),Amount spent (USD)',
        '2026-11-16,Prospecting,100.00,',
        '2026-11-16,US Prospecting,50.00,200.00',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('1 loaded, 1 rejected');
    expect(out).toContain(
      'the row has a cost in "Amount spent (EUR)" (50.00) and "Amount spent (USD)" (200.00); a row\'s cost is in one currency',
    );
  });

  it('two cost columns that do not each name a currency refuse the file', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      'Day,Campaign name,Currency,Amount spent (EUR),Amount spent\n2026-11-16,Prospecting,EUR,100.00,\n',
    );
    await expect(run.import(path, 'meta-ads-csv', { date: '2026-11-23' })).rejects.toThrow(
      'meta.csv: meta-ads-csv: 2 cost columns ("Amount spent (EUR)", "Amount spent") and nothing tells which one a row\'s cost is; export the report again with one cost column (nothing was loaded)',
    );
    expect(await run.canonicalFiles('spend')).toEqual([]);
  });
});

describe('subtotal rows beside their detail rows are counted once', () => {
  const SUBTOTALS = 'breakdown\'s "All" row beside its detail rows, which hold the same spend)';
  const total = async () => (await run!.query('select round(sum(cost), 2) as cost from spend'))[0]!.cost;

  it.each([
    ['R3/meta-campaign-and-adset-rows.csv', 'meta-ads-csv', 'not loaded: 2 subtotal rows', 245], // was 490
    ['R3/meta-age-breakdown.csv', 'meta-ads-csv', 'not loaded: 1 subtotal row', 150], // was 300
    ['R3/linkedin-campaign-groups.csv', 'linkedin-ads-csv', 'not loaded: 1 subtotal row', 1500], // was a reject
  ])('%s (%s): %s, spend %d', async (path, format, line, spend) => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import(path, format, { date: '2026-11-23' });
    expect(out).toContain(`${line} (a campaign's, group's or ${SUBTOTALS}`);
    expect(out).toContain('0 rejected');
    expect(await total()).toBe(spend);
  });

  it('a campaign row without ad-set rows on the same day is spend, not a subtotal', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Day,Campaign name,Ad set name,Amount spent (EUR)',
        '2026-11-16,Prospecting,,150.00',
        '2026-11-17,Prospecting,Lookalike,100.00',
        '2026-11-16,Retargeting,,20.00',
        '2026-11-16,Retargeting,,20.00',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).not.toContain('subtotal');
    expect(await total()).toBe(290);
  });
});

describe('a subtotal row is left out only when its detail rows sum to it', () => {
  const total = async () => (await run!.query('select round(sum(cost), 2) as cost from spend'))[0]!.cost;

  it('a Meta campaign row of 300.00 beside ad sets of 100 + 150 (a filtered view) is a reject naming both sums; spend not measured', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R4/meta-subtotal-filtered-view.csv', 'meta-ads-csv', { date: '2026-11-23' });
    // Was "not loaded: 1 subtotal row (… which hold the same spend)" and 250 + 80 loaded as measured.
    expect(out).not.toContain('not loaded: 1 subtotal row');
    // Two campaigns over 7 days (Retargeting's two ad sets summed into its campaign-days).
    expect(out).toContain('14 loaded, 1 rejected');
    expect(out).toContain(
      'rejected: 1 × Amount spent (EUR): subtotal 300.00 EUR but its 2 detail rows (lines 3, 4) sum to 250.00 EUR: a filtered view, or detail rows missing from the export?',
    );
    // The detail rows still load: nothing lost.
    expect(await total()).toBe(330);
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({
      measured: false,
      subtotalMismatch: [
        {
          file: 'meta-subtotal-filtered-view.csv',
          line: 2,
          subtotal: 300,
          details: 250,
          detailRows: 2,
          currency: 'EUR',
        },
      ],
    });
    expect(report.totals.spend).toBeNull();
    expect(report.coverage.spend.reason).toContain(
      'meta-subtotal-filtered-view.csv line 2: a subtotal of 300.00 EUR whose 2 detail rows sum to 250.00 EUR',
    );
    expect(emailText(report)).toContain(
      'Ad spend not measured: meta-subtotal-filtered-view.csv line 2 is a subtotal of 300.00 EUR but its 2 detail rows sum to 250.00 EUR',
    );
    expect(emailText(report, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: meta-subtotal-filtered-view.csv Zeile 2 ist eine Zwischensumme, die 300.00 EUR ausweist, ihre 2 Detailzeilen ergeben aber 250.00 EUR',
    );
    // The week after is not concerned.
    expect((await run.report('2026-W48')).coverage.spend.subtotalMismatch).toBeUndefined();
  });

  it('a LinkedIn campaign group of 1500.00 beside one campaign of 1200.00 is a reject', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R4/linkedin-group-mismatch.csv', 'linkedin-ads-csv', { date: '2026-11-23' });
    // The campaign's 1200.00 spread over the report's 7 days.
    expect(out).toContain('7 loaded, 1 rejected');
    expect(out).toContain('subtotal 1500.00 USD but its 1 detail row (line 4) sums to 1200.00 USD');
    expect(await total()).toBe(1200);
  });

  it('a Google Ads Device total that differs on one day is a reject; the day whose devices sum to it is skipped', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const out = await run.import('R4/google-ads-device-total.csv', 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(out).toContain('subtotal 120.00 EUR but its 3 detail rows (lines 5, 6, 7) sum to 110.00 EUR');
    expect(await total()).toBe(200);
  });

  it('detail rows that sum to more than their subtotal are named too (rows that are not part of it)', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Reporting starts,Reporting ends,Campaign name,Age,Amount spent (EUR)',
        '2026-11-16,2026-11-16,Prospecting,All,150.00',
        '2026-11-16,2026-11-16,Prospecting,18-24,100.00',
        '2026-11-16,2026-11-16,Prospecting,25-34,60.00',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain(
      'subtotal 150.00 EUR but its 2 detail rows (lines 3, 4) sum to 160.00 EUR: detail rows that are not part of it',
    );
    expect(await total()).toBe(160);
  });

  it('a rounding difference within the decimals written still matches (one cent over three rows)', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (EUR)',
        '2026-11-16,2026-11-16,Prospecting,,100.00',
        '2026-11-16,2026-11-16,Prospecting,A,33.33',
        '2026-11-16,2026-11-16,Prospecting,B,33.33',
        '2026-11-16,2026-11-16,Prospecting,C,33.33',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(out).toContain('0 rejected');
    expect(await total()).toBe(99.99);
  });

  it('a subtotal whose cost cannot be read is a reject too; the same file fixed and imported again measures spend', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const rows = (subtotal: string) =>
      [
        'Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (EUR)',
        `2026-11-16,2026-11-22,Retargeting,,${subtotal}`,
        '2026-11-16,2026-11-22,Retargeting,Lookalike 1%,100.00',
        '2026-11-16,2026-11-22,Retargeting,Interests,150.00',
      ].join('\n');
    const path = await file('meta.csv', rows('n/a'));
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('7 loaded, 1 rejected');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.measured).toBe(false);
    expect(emailText(report)).toContain(
      'Ad spend not measured: meta.csv line 2 is a subtotal that could not be checked against its 2 detail rows (a cost could not be read)',
    );
    expect(emailText(report, 'de-CH')).toContain(
      'meta.csv Zeile 2 ist eine Zwischensumme, die sich nicht mit ihren 2 Detailzeilen vergleichen liess',
    );
    await writeFile(path, rows('250.00'));
    expect(await run.import(path, 'meta-ads-csv', { date: '2026-11-24' })).toContain('not loaded: 1 subtotal row');
    const fixed = await run.report('2026-W47');
    expect(fixed.coverage.spend).toMatchObject({ measured: true });
    expect(fixed.totals.spend).toBe(250);
  });

  it('a German Google Ads report: a "Gesamt" device row with decimal commas is checked the same way', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'google-ads-de.csv',
      [
        'Kampagnenbericht',
        '16.11.2026 - 22.11.2026',
        'Tag;Kampagne;Gerät;Währungscode;Kosten',
        '2026-11-16;Marke;Gesamt;EUR;120,50',
        '2026-11-16;Marke;Computer;EUR;70,25',
        '2026-11-16;Marke;Mobiltelefone;EUR;40,25',
        '2026-11-17;Marke;Gesamt;EUR;90,00',
        '2026-11-17;Marke;Computer;EUR;60,00',
        '2026-11-17;Marke;Mobiltelefone;EUR;30,00',
      ].join('\n'),
    );
    const out = await run.import(path, 'google-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(out).toContain('subtotal 120.50 EUR but its 2 detail rows (lines 5, 6) sum to 110.50 EUR');
    expect(await total()).toBe(200.5);
  });

  it('an empty cost is no spend: a zero campaign beside zero ad sets is skipped, an empty one beside 50.00 is a reject', async () => {
    run = await fieldCase(GERMAN_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (EUR)',
        '2026-11-16,2026-11-22,Paused,,',
        '2026-11-16,2026-11-22,Paused,A,',
        '2026-11-16,2026-11-22,Prospecting,,',
        '2026-11-16,2026-11-22,Prospecting,B,50.00',
      ].join('\n'),
    );
    const out = await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(out).toContain('subtotal 0.00 EUR but its 1 detail row (line 5) sums to 50.00 EUR');
    expect(await total()).toBe(50);
  });
});

describe('breakdown and segment columns are known in the languages teams export in', () => {
  const W47 = "select round(sum(cost), 2) as cost from spend where date between '2026-11-16' and '2026-11-22'";
  const FRENCH_TEAM = { reportingCurrency: 'EUR', fxRates: {}, timezone: 'Europe/Paris', locale: 'fr-FR' } as const;

  it('a French Meta "Âge" breakdown\'s "Tous" row is a subtotal, not spend (was €600 for €300)', async () => {
    run = await fieldCase(FRENCH_TEAM);
    const path = await file(
      'meta.csv',
      [
        'Nom de la campagne,Âge,Début des rapports,Fin des rapports,Montant dépensé (EUR)',
        'Retargeting,Tous,2026-11-16,2026-11-22,"300,00"',
        'Retargeting,18-24,2026-11-16,2026-11-22,"100,00"',
        'Retargeting,25-34,2026-11-16,2026-11-22,"200,00"',
      ].join('\n'),
    );
    expect(await run.import(path, 'meta-ads-csv', { date: '2026-11-23' })).toContain('not loaded: 1 subtotal row');
    expect(await run.query(W47)).toEqual([{ cost: 300 }]);
  });

  it('a French LinkedIn campaign group\'s own row is a subtotal, not a reject (was "campaign name is empty")', async () => {
    run = await fieldCase(FRENCH_TEAM);
    const path = await file(
      'linkedin.csv',
      [
        'Nom du groupe de campagnes,Nom de la campagne,Date de début (en UTC),Date de fin (en UTC),Devise,Total dépensé',
        'Q4 Leads,,11/16/2026,11/22/2026,EUR,"300,00"',
        'Q4 Leads,Decideurs,11/16/2026,11/22/2026,EUR,"100,00"',
        'Q4 Leads,Retargeting,11/16/2026,11/22/2026,EUR,"200,00"',
      ].join('\n'),
    );
    const out = await run.import(path, 'linkedin-ads-csv', { date: '2026-11-23' });
    expect(out).toContain('0 rejected');
    expect(out).toContain('not loaded: 1 subtotal row');
    expect(await run.query(W47)).toEqual([{ cost: 300 }]);
  });

  it.each([
    [
      'a Spanish "Dispositivo"',
      'Día,Campaña,Tipo de campaña,Dispositivo,Código de moneda,Coste',
      'Ordenadores',
      'Móviles',
    ],
    [
      'an English "Top vs. Other"',
      'Day,Campaign,Campaign type,Top vs. Other,Currency code,Cost',
      'Google search: Top',
      'Google search: Other',
    ],
    [
      'a French "Type de clic"',
      'Jour,Campagne,Type de campagne,Type de clic,Code de la devise,Coût',
      'Titre',
      'Appels',
    ],
  ])(
    "Google Ads segmented by %s: the segment's empty row is a subtotal (was €600 for €300)",
    async (_, header, a, b) => {
      run = await fieldCase(FRENCH_TEAM);
      const type = header.startsWith('Día') ? 'Búsqueda' : header.startsWith('Day') ? 'Search' : 'Réseau de Recherche';
      const path = await file(
        'google-ads.csv',
        [
          header,
          `2026-11-17,Brand,${type},,EUR,"300,00"`,
          `2026-11-17,Brand,${type},${a},EUR,"100,00"`,
          `2026-11-17,Brand,${type},${b},EUR,"200,00"`,
        ].join('\n'),
      );
      expect(await run.import(path, 'google-ads-csv', { date: '2026-11-23' })).toContain('not loaded: 1 subtotal row');
      expect(await run.query(W47)).toEqual([{ cost: 300 }]);
    },
  );
});

const KUWAIT_TEAM = { reportingCurrency: 'KWD', fxRates: {}, timezone: 'Asia/Kuwait', locale: 'en-US' } as const;

describe('a three-decimal currency keeps its third decimal', () => {
  it('a Meta day of KWD 12.345 loads as 12.345 (was 12.35)', async () => {
    run = await fieldCase(KUWAIT_TEAM);
    const path = await file('meta.csv', 'Campaign name,Day,Amount spent (KWD)\nBrand,2026-11-16,12.345\n');
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect((await run.query('select cost from spend')).map((r) => r.cost)).toEqual([12.345]);
  });

  it('a range of BHD 1.001 over 3 days is spread in fils and sums to exactly 1.001', async () => {
    run = await fieldCase({ ...KUWAIT_TEAM, reportingCurrency: 'BHD' });
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (BHD)\nBrand,2026-11-16,2026-11-18,1.001\n',
    );
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    const rows = await run.query('select date, cost from spend order by date');
    expect(rows.map((r) => r.cost)).toEqual([0.334, 0.334, 0.333]);
    expect(rows.reduce((s, r) => s + Math.round(Number(r.cost) * 1000), 0)).toBe(1001);
  });

  it('a EUR range still spreads in cents', async () => {
    run = await fieldCase({ ...KUWAIT_TEAM, reportingCurrency: 'EUR' });
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\nBrand,2026-11-16,2026-11-18,1.00\n',
    );
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect((await run.query('select cost from spend order by date')).map((r) => r.cost)).toEqual([0.34, 0.33, 0.33]);
  });
});
