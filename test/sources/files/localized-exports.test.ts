/**
 * Exports in the other languages of headers.ts (small files of our own): each format reads
 * its localized columns, tells the header's language (notes.language), and that language
 * settles the day-first date order and the decimal comma when the values do not.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, sum, utf8 } from './helpers.js';

const csv = (...lines: string[]) => utf8(lines.join('\n'));

describe('Meta Ads Manager in other languages', () => {
  it('Italian: "Importo speso (EUR)", day-first days, decimal comma', async () => {
    const { rows, rejects, notes } = await importBytes(
      'meta-ads-csv',
      csv(
        'Nome della campagna;Giorno;Importo speso (EUR);Impression;Clic sul link;Risultati',
        'Autunno;03/11/2026;"1.234,50";10.000;120;4',
        'Autunno;04/11/2026;"100,25";900;10;1',
      ),
      'meta-it.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.date, r.cost, r.currency, r.impressions])).toEqual([
      ['2026-11-03', 1234.5, 'EUR', 10000],
      ['2026-11-04', 100.25, 'EUR', 900],
    ]);
    expect(notes).toMatchObject({ language: 'it', campaignLevel: 'campaign' });
  });

  it('Dutch: "Besteed bedrag (EUR)" over Start/Einde rapportage', async () => {
    const { rows, notes } = await importBytes(
      'meta-ads-csv',
      csv(
        'Campagnenaam,Start rapportage,Einde rapportage,Besteed bedrag (EUR),Weergaven,Resultaten',
        'Winter,02/11/2026,03/11/2026,"20,00",100,2',
      ),
      'meta-nl.csv',
    );
    expect(rows.map((r) => [r.date, r.cost])).toEqual([
      ['2026-11-02', 10],
      ['2026-11-03', 10],
    ]);
    expect(notes).toMatchObject({ language: 'nl', spreadEvenly: true });
  });

  it('Brazilian Portuguese: "Valor usado (BRL)" and an ad-set-level file', async () => {
    const { rows, notes } = await importBytes(
      'meta-ads-csv',
      csv('Nome do conjunto de anúncios,Dia,Valor usado (BRL),Impressões', 'Conjunto A,05/11/2026,"1.478,38",52310'),
      'meta-pt.csv',
    );
    expect(rows).toMatchObject([{ date: '2026-11-05', cost: 1478.38, currency: 'BRL', campaign_name: 'Conjunto A' }]);
    expect(notes).toMatchObject({ language: 'pt', campaignLevel: 'ad set' });
  });
});

describe('Google Ads in other languages', () => {
  it('Dutch: Campagne, Dag, Kosten, Valutacode', async () => {
    const { rows, notes } = await importBytes(
      'google-ads-csv',
      csv(
        'Campagnerapport',
        '1 november 2026 - 7 november 2026',
        'Campagne,Dag,Valutacode,Kosten,Vertoningen,Klikken,Campagnetype',
        'Zoek NL,02/11/2026,EUR,"12,50",1.000,40,Zoeken',
      ),
      'gads-nl.csv',
    );
    expect(rows).toMatchObject([
      { date: '2026-11-02', cost: 12.5, currency: 'EUR', impressions: 1000, clicks: 40, channel: 'paid_search' },
    ]);
    expect(notes).toMatchObject({ language: 'nl' });
  });

  it('French: Campagne, Jour, Code de la devise, Coût', async () => {
    const { rows, notes } = await importBytes(
      'google-ads-csv',
      csv('Campagne;Jour;Code de la devise;Coût;Clics', 'Recherche FR;03/11/2026;EUR;7,25;12'),
      'gads-fr.csv',
    );
    expect(rows).toMatchObject([{ date: '2026-11-03', cost: 7.25, currency: 'EUR', clicks: 12 }]);
    expect(notes).toMatchObject({ language: 'fr' });
  });

  it('Spanish: Campaña, Día, Código de moneda, Coste', async () => {
    const { rows, notes } = await importBytes(
      'google-ads-csv',
      csv('Campaña,Día,Código de moneda,Coste,Impresiones', 'Búsqueda ES,04/11/2026,EUR,"3,10",300'),
      'gads-es.csv',
    );
    expect(rows).toMatchObject([{ date: '2026-11-04', cost: 3.1, impressions: 300 }]);
    expect(notes).toMatchObject({ language: 'es' });
  });
});

describe('LinkedIn Campaign Manager in other languages', () => {
  it.each([
    ['de', 'Startdatum (in UTC),Kampagnenname,Währung,Ausgaben insgesamt,Impressionen,Klicks'],
    ['fr', 'Date de début (en UTC),Nom de la campagne,Devise,Total dépensé,Impressions,Clics'],
    ['es', 'Fecha de inicio (en UTC),Nombre de la campaña,Moneda,Total gastado,Impresiones,Clics'],
  ])(
    '%s: a daily report read month-first (LinkedIn writes M/D/YYYY in every UI language) with a decimal comma',
    async (language, header) => {
      const { rows, notes } = await importBytes(
        'linkedin-ads-csv',
        csv(header, '11/03/2026,Leads Q4,EUR,"45,50",1000,9'),
        `account_513076055_${language}.csv`,
      );
      expect(rows).toMatchObject([{ date: '2026-11-03', cost: 45.5, currency: 'EUR', account_id: '513076055' }]);
      expect(notes).toMatchObject({ language, dateOrder: { order: 'MDY', from: 'format' } });
    },
  );
});

describe('HubSpot in other languages', () => {
  it.each([
    [
      'de',
      'Datensatz-ID,Vorname,Nachname,E-Mail,Erstelldatum,Lifecycle-Phase,Ursprüngliche Quelle',
      'Marketing Qualified Lead',
      'Bezahlte Suche',
    ],
    [
      'fr',
      "ID de l'enregistrement,Prénom,Nom,E-mail,Date de création,Phase du cycle de vie,Source d'origine",
      'Lead qualifié marketing',
      'Recherche payante',
    ],
    [
      'es',
      'ID de registro,Nombre,Apellidos,Correo,Fecha de creación,Etapa del ciclo de vida,Fuente original',
      'Lead calificado para marketing',
      'Búsqueda de pago',
    ],
  ])('%s contacts: labels, stage and source values, day-first dates', async (language, header, stage, sourceLabel) => {
    const { rows, rejects, notes } = await importBytes(
      'hubspot-contacts-csv',
      csv(header, `101,Anna,Berg,anna@example.com,03/11/2026 09:30,${stage},${sourceLabel}`),
      `contacts-${language}.csv`,
    );
    expect(rejects).toEqual([]);
    expect(rows).toMatchObject([
      {
        lead_id: '101',
        email: 'anna@example.com',
        first_name: 'Anna',
        last_name: 'Berg',
        created_at: '2026-11-03T09:30:00.000Z',
        lifecycle_stage: 'mql',
        channel: 'paid_search',
      },
    ]);
    expect(notes).toMatchObject({ language, dateOrder: { order: 'DMY', from: 'header language' } });
  });

  it('de contacts: the merged ids and further addresses, which change lead counts, are read', async () => {
    const { rows, rejects } = await importBytes(
      'hubspot-contacts-csv',
      csv(
        'Datensatz-ID,E-Mail,Erstelldatum,Lifecycle-Phase,Zusätzliche E-Mail-Adressen,Zusammengeführte Kontakt-IDs',
        '101,anna.keller@northwind.example,09/11/2026 10:12,Lead,anna.keller78@gmail.com,102;104',
      ),
      'contacts-de-merged.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows).toMatchObject([
      { lead_id: '101', merged_lead_ids: ['102', '104'], additional_emails: ['anna.keller78@gmail.com'] },
    ]);
  });

  it.each([
    ['it', 'ID record,Nome della trattativa,Fase della trattativa,Importo,Valuta,Data di creazione', 'Chiusa vinta'],
    ['pt', 'ID do registro,Nome do negócio,Etapa do negócio,Valor,Moeda,Data de criação', 'Fechado ganho'],
    ['nl', 'Record-ID,Dealnaam,Dealfase,Bedrag,Valuta,Aanmaakdatum', 'Gesloten gewonnen'],
  ])('%s deals: amount with a decimal comma, won by the localized stage', async (language, header, won) => {
    const { rows, notes } = await importBytes(
      'hubspot-deals-csv',
      csv(header, `9001,Contrato,${won},"1.500,75",EUR,04/11/2026`),
      `deals-${language}.csv`,
    );
    expect(rows).toMatchObject([
      { deal_id: '9001', amount: 1500.75, currency: 'EUR', is_won: true, created_at: '2026-11-04T00:00:00.000Z' },
    ]);
    expect(notes).toMatchObject({ language });
    expect(notes.unmappedLabels).toBeUndefined();
  });
});

describe('Salesforce reports in other languages', () => {
  it('Spanish opportunities report: labels, "Cerrada ganada", 18-character ids', async () => {
    const { rows, notes } = await importBytes(
      'salesforce-opportunities-csv',
      csv(
        '"Id. de oportunidad","Nombre de la oportunidad","Nombre de la cuenta","Etapa","Importe","Fecha de creación","Fecha de cierre"',
        '"0065g00000XyZab","Plataforma","Norte SA","Cerrada ganada","12.000,00","02/11/2026","13/11/2026"',
        '"0065g00000QrStu","Renovación","Sur SL","Prospecting","8.000,00","03/11/2026","20/12/2026"',
      ),
      'opps-es.csv',
      'UTC',
      { sources: { 'salesforce-opportunities-csv': { currency: 'EUR' } } },
    );
    expect(rows.map((r) => [r.deal_id, r.account_name, r.amount, r.is_won, r.closed_at])).toEqual([
      ['0065g00000XyZabAAF', 'Norte SA', 12000, true, '2026-11-13T00:00:00.000Z'],
      ['0065g00000QrStuAAF', 'Sur SL', 8000, false, null],
    ]);
    expect(sum(rows, 'amount')).toBe(20000);
    expect(notes).toMatchObject({ language: 'es', currencyAssumed: { currency: 'EUR', from: 'setting', rows: 2 } });
  });

  it.each([
    [
      'it',
      '"ID opportunità","Nome opportunità","Fase","Importo","Valuta opportunità","Data creazione"',
      'Chiusa vinta',
    ],
    [
      'pt',
      '"ID da oportunidade","Nome da oportunidade","Fase","Valor","Moeda da oportunidade","Data de criação"',
      'Fechado/Ganho',
    ],
    [
      'fr',
      `"ID de l'opportunité","Nom de l'opportunité","Étape","Montant","Devise de l'opportunité","Date de création"`,
      'Fermée gagnée',
    ],
  ])('%s opportunities report', async (language, header, won) => {
    const { rows, notes } = await importBytes(
      'salesforce-opportunities-csv',
      csv(header, `"0065g00000XyZab","Piattaforma","${won}","2.500,00","EUR","03/11/2026"`),
      `opps-${language}.csv`,
    );
    expect(rows).toMatchObject([
      {
        deal_id: '0065g00000XyZabAAF',
        amount: 2500,
        currency: 'EUR',
        is_won: true,
        created_at: '2026-11-03T00:00:00.000Z',
      },
    ]);
    expect(notes).toMatchObject({ language });
  });

  it.each([
    ['de', '"Lead-ID","Vorname","Nachname","E-Mail","Erstellungsdatum","Lead-Status"', 'Geschlossen - Konvertiert'],
    ['fr', '"ID du lead","Prénom","Nom","E-mail","Date de création","Statut du lead"', 'Fermé - Converti'],
    [
      'es',
      '"Id. del candidato","Nombre","Apellidos","Correo electrónico","Fecha de creación","Estado del candidato"',
      'Cerrado - Convertido',
    ],
  ])('%s leads report', async (language, header, status) => {
    const { rows, notes } = await importBytes(
      'salesforce-leads-csv',
      csv(header, `"00Q5g00000BBBB1","Ana","Ruiz","ana@example.com","05/11/2026 14:00","${status}"`),
      `leads-${language}.csv`,
    );
    expect(rows).toMatchObject([
      {
        lead_id: '00Q5g00000BBBB1EAP',
        email: 'ana@example.com',
        lifecycle_stage: 'sql',
        created_at: '2026-11-05T14:00:00.000Z',
      },
    ]);
    expect(notes).toMatchObject({ language });
    expect(notes.unmappedLabels).toBeUndefined();
  });
});

describe('Pipedrive in other languages', () => {
  it.each([
    [
      'fr',
      'Affaire - ID;Affaire - Titre;Affaire - Valeur;Affaire - Devise;Affaire - Statut;Affaire - Affaire créée;Affaire - Date de gain;Organisation - Nom;Personne - E-mail (Travail)',
      'Gagnée',
    ],
    [
      'de',
      'Deal - ID;Deal - Titel;Deal - Wert;Deal - Währung;Deal - Status;Deal - Deal erstellt;Deal - Datum des gewonnenen Deals;Organisation - Name;Person - E-Mail (Arbeit)',
      'Gewonnen',
    ],
    [
      'pt',
      'Negócio - ID;Negócio - Título;Negócio - Valor;Negócio - Moeda;Negócio - Status;Negócio - Negócio criado em;Negócio - Ganho em;Organização - Nome;Pessoa - E-mail - Trabalho',
      'Ganho',
    ],
  ])('%s deals export: labels, status, person email', async (language, header, won) => {
    const { rows, rejects, notes } = await importBytes(
      'pipedrive-deals-csv',
      csv(
        header,
        `7;Fours;12 500,50;EUR;${won};02/11/2026 10:00;10/11/2026 16:00;Boulangerie Durand;claire@durand.example`,
      ),
      `pipedrive-${language}.csv`,
    );
    expect(rejects).toEqual([]);
    expect(rows).toMatchObject([
      {
        deal_id: '7',
        name: 'Fours',
        amount: 12500.5,
        currency: 'EUR',
        is_won: true,
        created_at: '2026-11-02T10:00:00.000Z',
        closed_at: '2026-11-10T16:00:00.000Z',
        account_name: 'Boulangerie Durand',
        contact_emails: ['claire@durand.example'],
      },
    ]);
    expect(notes).toMatchObject({ language });
  });
});

describe('Mailchimp audiences with localized merge-field labels', () => {
  it.each([
    ['fr', '"Adresse e-mail","Prénom","Nom"'],
    ['it', '"Indirizzo email","Nome","Cognome"'],
    ['de', '"E-Mail-Adresse","Vorname","Nachname"'],
  ])('%s: the labels read, the fixed upper-case columns do not outvote them', async (language, labels) => {
    const { rows, notes } = await importBytes(
      'mailchimp-audience-csv',
      csv(
        `${labels},MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED,LEID,TAGS`,
        '"marie@example.com","Marie","Curie",2,"2026-11-03 10:00:00",,"2026-11-04 08:00:00",123,',
      ),
      `members-${language}.csv`,
    );
    expect(rows).toMatchObject([
      { email: 'marie@example.com', first_name: 'Marie', last_name: 'Curie', created_at: '2026-11-03T10:00:00.000Z' },
    ]);
    expect(notes).toMatchObject({ language });
  });
});

describe('a localized header that is not recognized is named with the closest known name', () => {
  it('a misspelt optional column is noted, a misspelt required one refuses the file naming it', async () => {
    const { notes } = await importBytes(
      'hubspot-contacts-csv',
      csv('Datensatz-ID,E-Mail,Erstelldatum,Lifecycle-Phase,Lead-Statu', '1,a@example.com,2026-11-03 09:00,Lead,Neu'),
      'typo.csv',
    );
    expect(notes.headersNotRecognized).toEqual({ 'Lead-Statu': 'lead-status' });
    // A misspelt column that decides a figure (the lifecycle stage decides the MQLs) refuses the file naming it.
    await expect(
      importBytes(
        'hubspot-contacts-csv',
        csv('Datensatz-ID,E-Mail,Erstelldatum,Lifecycle-Phas', '1,a@example.com,2026-11-03 09:00,Lead'),
        'typo.csv',
      ),
    ).rejects.toThrow(
      /^typo\.csv: hubspot-contacts-csv: no "Lifecycle Stage".*; "Lifecycle-Phas" is not a known name, closest: "lifecycle-phase" \(nothing was loaded\)$/,
    );
    await expect(
      importBytes('pipedrive-deals-csv', csv('Affaire - ID;Affaire - Titr;Affaire - Valeur', '1;A;2'), 'typo.csv'),
    ).rejects.toThrow(/Affaire - Titr.*affaire - titre|affaire - titre.*Affaire - Titr/);
  });
});
