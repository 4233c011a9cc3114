/**
 * What a spend row is, in every language the spend formats read (reviewer 9: 9a-9, 9a-6, 9a-8):
 * the platforms' summary lines are left out whatever the interface language (a localized Meta
 * summary line loaded as a campaign and doubled Meta spend), a row of a known segment (Google
 * Ads `Hour of day`) is a partition never judged as a total, and refusals say why (a header in
 * a language the format does not read, a currency sign it does not know).
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../functions/sources/vendor-csv/errors.js';
import { importBytes, sum, utf8 } from './helpers.js';

const read = (format: string, lines: string[], fileName = 'spend.csv', config = {}) =>
  importBytes(format, utf8(lines.join('\n') + '\n'), fileName, 'UTC', config);

const EUR = { reportingCurrency: 'EUR' };

describe("Meta's summary line in the languages the format reads", () => {
  // Header, then the summary line (300 = 200 + 100), as Ads Manager writes it per interface language.
  const files: [string, string, string][] = [
    [
      'es',
      '"Nombre de la campaña","Inicio del informe","Fin del informe","Importe gastado (EUR)","Impresiones"',
      'Resultados de 2 campañas',
    ],
    [
      'fr',
      '"Nom de la campagne","Début des rapports","Fin des rapports","Montant dépensé (EUR)","Impressions"',
      'Résultats de 2 campagnes',
    ],
    [
      'pt',
      '"Nome da campanha","Início dos relatórios","Término dos relatórios","Valor usado (EUR)","Impressões"',
      'Resultados de 2 campanhas',
    ],
    [
      'it',
      '"Nome della campagna","Inizio report","Fine report","Importo speso (EUR)","Impression"',
      'Risultati di 2 campagne',
    ],
    [
      'nl',
      '"Campagnenaam","Begin rapportage","Einde rapportage","Besteed bedrag (EUR)","Weergaven"',
      'Resultaten van 2 campagnes',
    ],
    [
      'de',
      '"Kampagnenname","Berichtsbeginn","Berichtsende","Ausgegebener Betrag (EUR)","Impressionen"',
      'Ergebnisse von 2 Kampagnen',
    ],
  ];
  it.each(files)('%s: the summary line is left out and checks the rows (300 EUR, was 600)', async (_, header, name) => {
    const { rows, rejects, notes } = await read(
      'meta-ads-csv',
      [
        header,
        `"${name}","2026-11-16","2026-11-22","300,00","3000"`,
        '"Leads A","2026-11-16","2026-11-22","200,00","2000"',
        '"Leads B","2026-11-16","2026-11-22","100,00","1000"',
      ],
      'meta.csv',
      EUR,
    );
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(300);
    expect(new Set(rows.map((r) => r.campaign_name))).toEqual(new Set(['Leads A', 'Leads B']));
    expect(notes).toMatchObject({ skippedTotalsRows: 1, totalsChecked: [expect.objectContaining({ line: 2 })] });
  });

  it('at the ad set and ad level too, last, its accents decomposed: "Résultats de 2 ensembles de publicités"', async () => {
    const { rows, notes } = await read(
      'meta-ads-csv',
      [
        "Nom de l'ensemble de publicités,Jour,Montant dépensé (EUR)",
        'Retargeting,2026-11-16,"50,00"',
        'Prospecting,2026-11-16,"25,00"',
        `${'Résultats de 2 ensembles de publicités'.normalize('NFD')},,"75,00"`,
      ],
      'adsets.csv',
      EUR,
    );
    expect(sum(rows, 'cost')).toBe(75);
    expect(notes).toMatchObject({ skippedTotalsRows: 1 });
  });
});

describe('a summary line in words no rule lists, found by its sums (first or last row, no id, no day)', () => {
  const header = '"Nombre de la campaña","Inicio del informe","Fin del informe","Importe gastado (EUR)","Impresiones"';
  const campaign = (name: string, cost: string, impressions: string) =>
    `"${name}","2026-11-16","2026-11-22","${cost}","${impressions}"`;

  it('spend and every count the sum of the two other rows: left out as the summary (300, was 600)', async () => {
    const { rows, rejects, notes } = await read(
      'meta-ads-csv',
      [
        header,
        campaign('Resultados (2 campañas)', '300,00', '3000'),
        campaign('A', '200,00', '2000'),
        campaign('B', '100,00', '1000'),
      ],
      'meta.csv',
      EUR,
    );
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(300);
    expect(notes).toMatchObject({ skippedTotalsRows: 1, unlabeledSummaries: [{ line: 2, siblings: [3, 4] }] });
  });

  it("a count that is not the others' sum: a campaign of its own, loaded (600)", async () => {
    const { rows, rejects } = await read(
      'meta-ads-csv',
      [header, campaign('Brand', '300,00', '3001'), campaign('A', '200,00', '2000'), campaign('B', '100,00', '1000')],
      'meta.csv',
      EUR,
    );
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(600);
  });

  it('equal to its one other row in spend and every count: rejected, the file cannot tell (a total of one, or twins)', async () => {
    const { rows, rejects, notes } = await read(
      'meta-ads-csv',
      [header, campaign('Resultado: 1 campaña', '200,00', '2000'), campaign('A', '200,00', '2000')],
      'meta.csv',
      EUR,
    );
    expect(sum(rows, 'cost')).toBe(200);
    expect(rejects.map((r) => r.line)).toEqual([2]);
    expect(rejects[0]!.reason).toMatch(/^its spend 200\.00 EUR is the sum of the line 3 \(every other row of the file/);
    expect(rejects[0]!.reason).toMatch(/summary line in words the import does not know/);
    expect(notes).toMatchObject({ subtotalMismatch: [expect.objectContaining({ line: 2, doubt: expect.anything() })] });
  });

  it('no count column: two others summing to it is a reject (not measured); one other of the same spend is two campaigns', async () => {
    const noCounts = '"Nombre de la campaña","Inicio del informe","Fin del informe","Importe gastado (EUR)"';
    const row = (name: string, cost: string) => `"${name}","2026-11-16","2026-11-22","${cost}"`;
    const three = await read('meta-ads-csv', [noCounts, row('X', '300,00'), row('A', '200,00'), row('B', '100,00')]);
    expect(three.rejects.map((r) => r.line)).toEqual([2]);
    expect(sum(three.rows, 'cost')).toBe(300);
    const twins = await read('meta-ads-csv', [noCounts, row('A', '700,00'), row('B', '700,00')], 'meta.csv', EUR);
    expect(twins.rejects).toEqual([]);
    expect(sum(twins.rows, 'cost')).toBe(1400);
  });

  it('a row with its own campaign id, or its own day, is never judged so', async () => {
    const ids = await read(
      'meta-ads-csv',
      [
        `${header},"Id. de la campaña"`.replace('"Id. de la campaña"', '"ID de la campaña"'),
        `${campaign('Brand', '300,00', '3000')},"120"`,
        `${campaign('A', '200,00', '2000')},"121"`,
        `${campaign('B', '100,00', '1000')},"122"`,
      ],
      'meta.csv',
      EUR,
    );
    expect(ids.rejects).toEqual([]);
    expect(sum(ids.rows, 'cost')).toBe(600);
    const daily = await read(
      'google-ads-csv',
      [
        'Day,Campaign,Currency code,Cost,Impr.,Clicks',
        '2026-11-16,Brand,EUR,1.20,12,2',
        '2026-11-16,Generic,EUR,0.70,7,1',
        '2026-11-16,Display,EUR,0.50,5,1',
      ],
      'google.csv',
    );
    expect(daily.rejects).toEqual([]);
    expect(sum(daily.rows, 'cost')).toBe(2.4);
  });
});

describe('a known segment is a partition, never judged as a total', () => {
  const hours = [
    'Campaign report',
    '16 November 2026 - 22 November 2026',
    'Day,Hour of day,Campaign,Campaign ID,Campaign type,Currency code,Cost,Impr.,Clicks,Conversions',
    '2026-11-16,14,Nischen-Keywords,21000000007,Search,EUR,1.20,12,2,0.00',
    '2026-11-16,15,Nischen-Keywords,21000000007,Search,EUR,0.70,7,1,0.00',
    '2026-11-16,16,Nischen-Keywords,21000000007,Search,EUR,0.50,5,1,0.00',
    '2026-11-17,9,Nischen-Keywords,21000000007,Search,EUR,0.90,9,1,0.00',
  ];

  it('Google Ads "Hour of day": hour 14 equal to hours 15 + 16 is an hour (3.30, was 2.10)', async () => {
    const { rows, rejects, notes } = await read('google-ads-csv', hours, 'google-hour.csv');
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(3.3);
    expect(notes.unlabeledTotals).toBeUndefined();
    expect(notes.skippedSubtotalRows).toBeUndefined();
  });

  it('with the file\'s "Total: Campaigns" the rows check (was refused: "rows missing?")', async () => {
    const { rows, notes } = await read(
      'google-ads-csv',
      [...hours, 'Total: Campaigns,,,,,EUR,3.30,33,5,0.00'],
      'google-hour.csv',
    );
    expect(sum(rows, 'cost')).toBe(3.3);
    expect(notes).toMatchObject({ totalsChecked: [expect.objectContaining({ line: 8 })] });
  });

  it('in another language ("Heure de la journée") and with the hour left empty on its total row (labelled totals stay totals)', async () => {
    const { rows, rejects, notes } = await read(
      'google-ads-csv',
      [
        'Jour;Heure de la journée;Campagne;Devise;Coût;Impressions;Clics',
        '2026-11-16;14;Marque;EUR;1,20;12;2',
        '2026-11-16;15;Marque;EUR;0,70;7;1',
        '2026-11-16;16;Marque;EUR;0,50;5;1',
        '2026-11-16;;Marque;EUR;2,40;24;4',
      ],
      'google-fr.csv',
    );
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(2.4);
    expect(notes).toMatchObject({ skippedSubtotalRows: 1 });
  });
});

describe("Google Ads' totals lines of every kind, in the languages it reads", () => {
  it.each([
    ['Total: Filtered campaigns'],
    ['Totale: tutte le campagne'],
    ['Total : toutes les campagnes'],
    ['Gesamt: alle Kampagnen'],
    ['Totaal: alle campagnes'],
  ])('"%s" is the rows\' total and checks them', async (label) => {
    const { rows, rejects, notes } = await read('google-ads-csv', [
      'Campaign report',
      '16 November 2026 - 22 November 2026',
      'Campaign,Currency code,Cost',
      'Brand,EUR,100.00',
      'Generic,EUR,50.00',
      `${label},EUR,150.00`,
    ]);
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(150);
    expect(notes).toMatchObject({ skippedTotalsRows: 1, totalsChecked: [expect.objectContaining({ line: 6 })] });
  });
});

describe('currency signs', () => {
  const google = (currency: string, costs: string[]) => [
    'Campaign report',
    '16 November 2026 - 22 November 2026',
    'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost',
    ...costs.map((c, i) => `2026-11-1${6 + i},C1,21000000001,Search,${currency},"${c}"`),
  ];

  it('Kč, Ft and Danish "kr." are read (CZK, HUF, the shared kr against the row\'s DKK)', async () => {
    for (const [currency, costs, total] of [
      ['CZK', ['1 234,50 Kč', '765,50 Kč'], 2000],
      ['HUF', ['123 456 Ft', '1 000 Ft'], 124456],
      ['DKK', ['1.234,50 kr.', '765,50 kr.'], 2000],
    ] as const) {
      const { rows, rejects } = await read('google-ads-csv', google(currency, [...costs]), `${currency}.csv`);
      expect(rejects).toEqual([]);
      expect(sum(rows, 'cost')).toBe(total);
      expect(rows[0]!.currency).toBe(currency);
    }
  });

  it('"kr." is never guessed: with a EUR row it is a reject naming the symbol', async () => {
    const { rows, rejects } = await read('google-ads-csv', google('EUR', ['1.234,50 kr.']));
    expect(rows).toEqual([]);
    expect(rejects[0]!.reason).toBe('the cost is written with "kr" but the row\'s currency is EUR');
  });

  it('a sign no table lists is named in the reject ("₪", "lei")', async () => {
    const { rejects } = await read('google-ads-csv', google('ILS', ['1 234,50 ₪', '120 lei']));
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^"1 234,50 ₪" is not a number: its currency sign "₪" is not recognised; /),
      expect.stringMatching(/^"120 lei" is not a number: its currency sign "lei" is not recognised; /),
    ]);
  });

  it('full-width "￥" and digits as Japanese Excel writes them read as ¥ (JPY 32,345)', async () => {
    const { rows, rejects } = await read('google-ads-csv', google('JPY', ['￥12,345', '￥２０，０００']));
    expect(rejects).toEqual([]);
    expect(sum(rows, 'cost')).toBe(32345);
  });
});

describe('a header in a language the format does not read', () => {
  it('Swedish Google Ads: names the header line (3, not the title) and the languages read', async () => {
    const err = await read('google-ads-csv', [
      'Kampanjrapport',
      '16 nov. 2026 - 22 nov. 2026',
      'Kampanj;Kampanj-ID;Kampanjtyp;Valutakod;Kostnad',
      'Varumärke SE;28000000001;Sök;SEK;"12 345,50"',
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/found "Kampanj,Kampanj-ID,.*" on line 3;/);
    expect((err as Error).message).toContain(
      'no line of the first 4 names these columns in a language google-ads-csv reads (English, German, French, Italian, Spanish, Portuguese, Dutch)',
    );
  });
});
