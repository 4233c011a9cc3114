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

describe('count-changing columns under their translated labels', () => {
  it('de deals: the closed-won and closed flags, contact emails and ids, company domain are read', async () => {
    const { rows, rejects, notes } = await importBytes(
      'hubspot-deals-csv',
      csv(
        'Datensatz-ID;Deal-Name;Deal-Phase;Betrag;Erstelldatum;Abschlussdatum;Ist abgeschlossen und gewonnen;Ist abgeschlossen;E-Mail des zugeordneten Kontakts;Zugeordnete Kontakt-IDs;Domain des zugeordneten Unternehmens',
        '6301;Jahresvertrag;Vertrag unterschrieben;"12.000,00";18.11.2026 11:00;20.11.2026 16:00;Ja;Ja;ines@lumen.example;8201;lumen.example',
        '6302;Starter;Angebot verloren;"3.000,00";19.11.2026 09:30;21.11.2026 10:00;Nein;Ja;tom@birch.example;8202;birch.example',
      ),
      'deals-de.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows).toMatchObject([
      {
        deal_id: '6301',
        is_won: true,
        is_closed: true,
        contact_emails: ['ines@lumen.example'],
        contact_ids: ['8201'],
        account_domain: 'lumen.example',
      },
      {
        deal_id: '6302',
        is_won: false,
        is_closed: true,
        contact_emails: ['tom@birch.example'],
        contact_ids: ['8202'],
        account_domain: 'birch.example',
      },
    ]);
    expect(notes).toMatchObject({ language: 'de' });
    expect(notes.unmappedLabels).toBeUndefined();
    expect(notes.countColumnsUnread).toBeUndefined();
  });

  it.each([
    ['fr', "ID de l'enregistrement,E-mail,Date de création,Phase du cycle de vie,ID des contacts fusionnés"],
    ['es', 'ID de registro,Correo,Fecha de creación,Etapa del ciclo de vida,ID de contactos fusionados'],
    ['nl', "Record-ID,E-mail,Aanmaakdatum,Levenscyclusfase,ID's van samengevoegde records"],
  ])('%s contacts: the merged ids are read', async (language, header) => {
    const { rows, notes } = await importBytes(
      'hubspot-contacts-csv',
      csv(header, '101,anna@example.com,09/11/2026 10:12,Lead,102;104'),
      `contacts-${language}.csv`,
    );
    expect(rows).toMatchObject([{ lead_id: '101', merged_lead_ids: ['102', '104'] }]);
    expect(notes).toMatchObject({ language });
  });

  it('de leads report: converted contact and opportunity, deleted and master record are read', async () => {
    const { rows, rejects, notes } = await importBytes(
      'salesforce-leads-csv',
      csv(
        '"Lead-ID","E-Mail","Erstellungsdatum","Lead-Status","Konvertierte Kontakt-ID","Konvertierte Opportunity-ID","Gelöscht","Master-Datensatz-ID"',
        '"00Q5g00000AbCdE","anna@example.com","16.11.2026 09:00","Geschlossen - Konvertiert","0035g00000XyZaB","0065g00000QqQqA","0",""',
        '"00Q5g00000AbCdG","ben@example.com","17.11.2026 11:00","Offen - Nicht kontaktiert","","","1","00Q5g00000AbCdF"',
      ),
      'leads-de.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows).toMatchObject([
      {
        converted_contact_id: '0035g00000XyZaBAAV',
        converted_deal_id: '0065g00000QqQqAAAV',
        is_deleted: false,
        merged_into_lead_id: null,
      },
      {
        converted_contact_id: null,
        converted_deal_id: null,
        is_deleted: true,
        merged_into_lead_id: '00Q5g00000AbCdFEAV',
      },
    ]);
    expect(notes).toMatchObject({ language: 'de' });
    expect(notes.countColumnsUnread).toBeUndefined();
  });

  it('de opportunities report: the converted lead and the deleted flag are read', async () => {
    const { rows } = await importBytes(
      'salesforce-opportunities-csv',
      csv(
        '"Opportunity-ID","Phase","Betrag","Währung","Erstellungsdatum","Konvertierte Lead-ID","Gelöscht"',
        '"0065g00000QqQqA","Prospecting","10.000,00","EUR","17.11.2026","00Q5g00000AbCdE","Nein"',
      ),
      'opps-de.csv',
    );
    expect(rows).toMatchObject([{ converted_from_lead_id: '00Q5g00000AbCdEEAV', is_deleted: false }]);
  });
});

describe('a count-changing column the header seems to hold under an unknown name is noted', () => {
  it('hubspot deals: an unread "won" column is named; a custom property alone is not', async () => {
    const header = 'Datensatz-ID;Deal-Name;Deal-Phase;Betrag;Erstelldatum;Kundennummer;Zugeordneter Kontakt';
    const row = '6301;Jahresvertrag;Vertrag unterschrieben;12000;18.11.2026 11:00;K-17;Ines (ines@lumen.example)';
    const plain = await importBytes('hubspot-deals-csv', csv(header, row), 'deals.csv');
    expect(plain.notes.countColumnsUnread).toBeUndefined();
    const unread = await importBytes('hubspot-deals-csv', csv(`${header};Deal gewonnen`, `${row};Ja`), 'deals.csv');
    expect(unread.rows).toMatchObject([{ is_won: false }]);
    expect(unread.notes.countColumnsUnread).toEqual([
      "deals.csv: no closed-won flag column recognised (unknown columns: 'Deal gewonnen') — won deals are read from the stage alone and a custom won stage reads open (won deals may read 0)",
    ]);
  });

  it('hubspot contacts: an unread merged-ids column is named', async () => {
    const { notes } = await importBytes(
      'hubspot-contacts-csv',
      csv(
        'Datensatz-ID,E-Mail,Erstelldatum,Lifecycle-Phase,IDs der zusammengeführten Datensätze',
        '101,a@example.com,09/11/2026 10:12,Lead,102',
      ),
      'contacts.csv',
    );
    expect(notes.countColumnsUnread).toEqual([
      "contacts.csv: no merged ids column recognised (unknown columns: 'IDs der zusammengeführten Datensätze') — a merged-away contact counts as a lead again",
    ]);
  });

  it('salesforce leads: unread deleted, master and converted columns, one line each', async () => {
    const { notes } = await importBytes(
      'salesforce-leads-csv',
      csv(
        '"Lead-ID","E-Mail","Erstellungsdatum","Lead-Status","Gelöschter Datensatz","ID des Hauptdatensatzes","In Opportunity konvertiert (ID)","Kundennummer"',
        '"00Q5g00000AbCdE","anna@example.com","16.11.2026 09:00","Offen - Nicht kontaktiert","0","","","K-1"',
      ),
      'leads.csv',
    );
    expect(notes.countColumnsUnread).toEqual([
      expect.stringMatching(/^leads\.csv: no deleted column recognised \(unknown columns: 'Gelöschter Datensatz'\) — /),
      expect.stringMatching(
        /^leads\.csv: no master record id column recognised \(unknown columns: 'ID des Hauptdatensatzes'\)/,
      ),
      expect.stringMatching(
        /^leads\.csv: no converted opportunity id column recognised \(unknown columns: 'In Opportunity konvertiert \(ID\)'\)/,
      ),
    ]);
  });

  it('pipedrive deals: unread contact-person and organization-website columns are named', async () => {
    const { notes } = await importBytes(
      'pipedrive-deals-csv',
      csv(
        'Deal - ID;Deal - Titel;Deal - Wert;Deal - Währung;Deal - Status;Deal - Deal erstellt;Kontaktperson - E-Mail-Adresse;Organisation - Webseite',
        '7;Fours;12500;EUR;Gewonnen;02.11.2026 10:00;claire@durand.example;durand.example',
      ),
      'pipedrive.csv',
    );
    expect(notes.countColumnsUnread).toEqual([
      "pipedrive.csv: no contact person column recognised (unknown columns: 'Kontaktperson - E-Mail-Adresse') — deals link to no lead and marketing-sourced deals may read 0 or not measured",
      "pipedrive.csv: no organization website column recognised (unknown columns: 'Organisation - Webseite') — deals are not linked to leads by their organization's domain",
    ]);
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

  // Reviewer 9 (9b-1): HubSpot's French UI calls a record "fiche d'informations"; the file was
  // refused with the whole header quoted and no word on which column was the problem.
  it('a header that lacks one required column, with nothing near it, names that column', async () => {
    await expect(
      importBytes(
        'hubspot-contacts-csv',
        csv('Numéro de contact,Prénom,E-mail,Date de création', '1,Anne,a@example.com,2026-11-03 09:00'),
        'fr.csv',
      ),
    ).rejects.toThrow(/^fr\.csv: hubspot-contacts-csv: expected a header with .*; missing: "Record ID" /);
  });

  it("HubSpot's French record id, with a typographic apostrophe and a decomposed accent, reads", async () => {
    const { rows } = await importBytes(
      'hubspot-contacts-csv',
      csv(
        'ID de fiche d\u2019informations,Pre\u0301nom,E-mail,Date de création,Phase du cycle de vie',
        '1,Anne,a@example.com,2026-11-03 09:00,Lead',
      ),
      'fr.csv',
    );
    expect(rows).toMatchObject([{ lead_id: '1', email: 'a@example.com', first_name: 'Anne' }]);
  });
});
