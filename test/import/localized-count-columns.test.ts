/**
 * Exports in another UI language whose optional columns change a count: the won flag and the
 * contact link of a HubSpot deal, the converted, deleted and master-record columns of a
 * Salesforce lead. Each was read under its English label only, so a German export silently
 * dropped it: won deals 0, the merged-away lead counted again, the converted lead's opportunity
 * unlinked. The same export in German must give the figures the English one gives.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'localized-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const CONTACTS = [
  'Record ID,First Name,Last Name,Email,Company Name,Create Date,Lifecycle Stage,Original Source',
  '8201,Ines,Varga,ines.varga@lumen-labs.example,Lumen Labs,2026-11-16 10:05,Marketing Qualified Lead,Paid Search',
  '8202,Tom,Hale,tom.hale@birch-supply.example,Birch Supply,2026-11-17 15:40,Marketing Qualified Lead,Paid Search',
];

/**
 * Two deals of a custom pipeline ("Contract signed" is no HubSpot default stage, so only the
 * closed-won flag says 6301 is won), each naming its contact's address in its own column.
 */
const HUBSPOT_DEALS = {
  en: [
    'Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Is Closed Won,Is Deal Closed?,Associated Contact Email',
    '6301,Lumen Labs - Annual,Contract signed,12000,2026-11-18 11:00,2026-11-20 16:00,true,true,ines.varga@lumen-labs.example',
    '6302,Birch Supply - Starter,Proposal,3000,2026-11-19 09:30,2026-12-20 00:00,false,false,tom.hale@birch-supply.example',
  ],
  de: [
    'Datensatz-ID,Deal-Name,Deal-Phase,Betrag,Erstelldatum,Abschlussdatum,Ist abgeschlossen und gewonnen,Ist abgeschlossen,E-Mail des zugeordneten Kontakts',
    '6301,Lumen Labs - Annual,Vertrag unterschrieben,12000,18.11.2026 11:00,20.11.2026 16:00,Ja,Ja,ines.varga@lumen-labs.example',
    '6302,Birch Supply - Starter,Angebot,3000,19.11.2026 09:30,20.12.2026 00:00,Nein,Nein,tom.hale@birch-supply.example',
  ],
};

describe('a HubSpot deals export in German', () => {
  it.each(['en', 'de'] as const)(
    '%s: the closed-won flag and the contact email are read: 1 won deal, 2 marketing-sourced',
    async (language) => {
      run = await fieldCase({ reportingCurrency: 'USD', timezone: 'America/New_York' });
      expect(await run.import(await file('contacts.csv', CONTACTS), 'hubspot-contacts-csv')).toContain('2 loaded');
      const printed = await run.import(
        await file(`deals-${language}.csv`, HUBSPOT_DEALS[language]),
        'hubspot-deals-csv',
      );
      expect(printed).toContain('2 loaded, 0 rejected');
      expect(printed).not.toMatch(/not read|not recognized/);
      const report = await run.report('2026-W47');
      expect(report.coverage.deals).not.toHaveProperty('dealsUnlinked');
      expect(report.totals).toMatchObject({
        opportunities: 2,
        wonDeals: 1,
        wonRevenue: 12000,
        marketingSourcedOpportunities: 2,
        marketingSourcedPipeline: 15000,
      });
    },
  );
});

const ANNA = '00Q5g00000AbCdE';
const BEN = '00Q5g00000AbCdF';
const BEN_DUPLICATE = '00Q5g00000AbCdG';

/**
 * A leads report with the conversion and merge columns: Anna converted into the opportunity,
 * Ben's duplicate merged into Ben (deleted, naming its master record).
 */
const SALESFORCE_LEADS = {
  en: [
    '"Lead ID","First Name","Last Name","Email","Company / Account","Create Date","Lead Status","Converted Contact ID","Converted Opportunity ID","Deleted","Master Record ID"',
    `"${ANNA}","Anna","Kowalski","anna.kowalski@gmail.com","Kowalski Consulting","11/16/2026 09:00","Closed - Converted","0035g00000XyZaB","0065g00000QqQqA","0",""`,
    `"${BEN}","Ben","Ortiz","ben.ortiz@northwind.example","Northwind","11/16/2026 10:00","Working - Contacted","","","0",""`,
    `"${BEN_DUPLICATE}","Ben","Ortiz","ben@northwind.example","Northwind","11/17/2026 11:00","Open - Not Contacted","","","1","${BEN}"`,
  ],
  de: [
    '"Lead-ID","Vorname","Nachname","E-Mail","Firma","Erstellungsdatum","Lead-Status","Konvertierte Kontakt-ID","Konvertierte Opportunity-ID","Gelöscht","Master-Datensatz-ID"',
    `"${ANNA}","Anna","Kowalski","anna.kowalski@gmail.com","Kowalski Consulting","16.11.2026 09:00","Geschlossen - Konvertiert","0035g00000XyZaB","0065g00000QqQqA","0",""`,
    `"${BEN}","Ben","Ortiz","ben.ortiz@northwind.example","Northwind","16.11.2026 10:00","In Bearbeitung - Kontaktiert","","","0",""`,
    `"${BEN_DUPLICATE}","Ben","Ortiz","ben@northwind.example","Northwind","17.11.2026 11:00","Offen - Nicht kontaktiert","","","1","${BEN}"`,
  ],
};

const OPPORTUNITIES = [
  '"Opportunity ID","Opportunity Name","Account Name","Stage","Amount","Amount Currency","Created Date","Close Date"',
  '"0065g00000QqQqA","Kowalski Consulting - New","Kowalski Consulting","Prospecting","10000","USD","11/17/2026","12/31/2026"',
];

describe('a Salesforce leads report in German', () => {
  it.each(['en', 'de'] as const)(
    '%s: the merged-away duplicate is not a lead, the converted lead claims its opportunity',
    async (language) => {
      run = await fieldCase({ reportingCurrency: 'USD', timezone: 'America/New_York' });
      const printed = await run.import(
        await file(`leads-${language}.csv`, SALESFORCE_LEADS[language]),
        'salesforce-leads-csv',
      );
      expect(printed).toContain('3 loaded, 0 rejected');
      expect(printed).not.toMatch(/not read|not recognized/);
      await run.import(await file('opps.csv', OPPORTUNITIES), 'salesforce-opportunities-csv');
      const report = await run.report('2026-W47');
      expect(report.totals).toMatchObject({ leads: 2, opportunities: 1, marketingSourcedOpportunities: 1 });
      expect(await run.query('select lead_id, merged_into_lead_id from leads where is_deleted')).toEqual([
        { lead_id: '00Q5g00000AbCdGEAV', merged_into_lead_id: '00Q5g00000AbCdFEAV' },
      ]);
    },
  );
});

describe('a won flag under a label the reader does not know', () => {
  it('funnel import says so in one line naming the file, the concept and the unread column', async () => {
    run = await fieldCase({ reportingCurrency: 'USD', timezone: 'America/New_York' });
    const [header, ...rows] = HUBSPOT_DEALS.de;
    const printed = await run.import(
      await file('deals-de.csv', [header!.replace('Ist abgeschlossen und gewonnen', 'Deal gewonnen'), ...rows]),
      'hubspot-deals-csv',
    );
    expect(printed).toContain('2 loaded, 0 rejected');
    expect(printed).toContain(
      "columns not read: deals-de.csv: no closed-won flag column recognised (unknown columns: 'Deal gewonnen') — won deals are read from the stage alone",
    );
  });
});
