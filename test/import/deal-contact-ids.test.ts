/**
 * Deals that name their contacts by id only, end to end as a user runs them (`funnel import`,
 * then the report and the reconciliation models): a HubSpot deals export with `Associated
 * Contact IDs` and no address, a Pipedrive deals export with `Person - ID` and no email
 * column, a Salesforce contact-roles report with `Contact ID`. Such deals matched no person
 * and read as sales-sourced, silently. Now a contact id is the person's lead of that id in the
 * deal's source (HubSpot and Pipedrive contacts load as leads; a merged-away id is its
 * survivor's), or the lead converted into that contact (Salesforce `ConvertedContactId`).
 * docs/methodology.md rule 5, "Contacts named by id".
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

/** Writes an export of our own to a temp file. */
async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deal-contact-ids-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** The deal figures of a week a user reads. */
const dealFigures = (r: Awaited<ReturnType<FieldCaseRun['report']>>) => ({
  opportunities: r.totals.opportunities,
  marketingSourcedOpportunities: r.totals.marketingSourcedOpportunities,
  pipeline: r.totals.pipeline,
  marketingSourcedPipeline: r.totals.marketingSourcedPipeline,
  wonRevenue: r.totals.wonRevenue,
  marketingSourcedWonRevenue: r.totals.marketingSourcedWonRevenue,
});

/**
 * HubSpot deals of field case F4's persons (Anna 101, who absorbed 102 in a merge, and Ben
 * 103), in W46: the same four deals with their contacts given as `contacts` (the column and
 * its cells).
 */
const hubspotDeals = (column: string, anna: string, annaMerged: string, ben: string, stranger: string) =>
  file('hubspot-deals.csv', [
    `Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date,Close Date,Pipeline,${column}`,
    `7001,Northwind Rollout,Appointment Scheduled,12000,USD,2026-11-12 10:00,2026-12-15 00:00,Sales Pipeline,"${anna}"`,
    `7002,Northwind Add-on,Appointment Scheduled,3000,USD,2026-11-13 10:00,2026-12-15 00:00,Sales Pipeline,"${annaMerged}"`,
    `7003,Fabrikam Pilot,Closed Won,4500,USD,2026-11-12 11:00,2026-11-13 16:00,Sales Pipeline,"${ben}"`,
    `7004,Contoso Trial,Appointment Scheduled,2000,USD,2026-11-13 12:00,2026-12-15 00:00,Sales Pipeline,"${stranger}"`,
  ]);

async function hubspotContacts(r: FieldCaseRun): Promise<void> {
  await r.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv');
  await r.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv');
}

describe('HubSpot: a deals export with only Associated Contact IDs', () => {
  it('is marketing-sourced as the same export with the contacts’ emails (opportunities 3 of 4, pipeline 19,500 of 21,500)', async () => {
    run = await fieldCase('cfg-ny.json');
    await hubspotContacts(run);
    const byEmail = await hubspotDeals(
      'Associated Contact',
      'Anna Keller (anna.keller@northwind.example)',
      'Anna Keller (anna.keller78@gmail.com)',
      'Ben Ortiz (ben.ortiz@fabrikam.example)',
      'Cleo Stone (cleo.stone@contoso.example)',
    );
    expect(await run.import(byEmail, 'hubspot-deals-csv')).toContain('4 loaded, 0 rejected');
    const withEmails = await run.report('2026-W46');
    expect(dealFigures(withEmails)).toEqual({
      opportunities: 4,
      marketingSourcedOpportunities: 3,
      pipeline: 21_500,
      marketingSourcedPipeline: 19_500,
      wonRevenue: 4500,
      marketingSourcedWonRevenue: 4500,
    });
    await run.close();

    run = await fieldCase('cfg-ny.json');
    await hubspotContacts(run);
    // The unknown id 999 is nobody's: that deal stays sales-sourced, as an unknown address does.
    const byId = await hubspotDeals('Associated Contact IDs', '101', '102', '103', '999');
    expect(await run.import(byId, 'hubspot-deals-csv')).toContain('4 loaded, 0 rejected');
    const withIds = await run.report('2026-W46');
    expect(dealFigures(withIds)).toEqual(dealFigures(withEmails));
    expect(withIds.dataQuality).toMatchObject({ dealsMatched: 3, dealsUnmatched: 1 });
    // The merged-away contact 102 counts for its survivor 101 (Anna).
    expect(
      await run.query('select deal_id, person_key, match_method from int_deals__matched order by deal_id'),
    ).toEqual([
      { deal_id: '7001', person_key: 'anna.keller@northwind.example', match_method: 'contact' },
      { deal_id: '7002', person_key: 'anna.keller@northwind.example', match_method: 'contact' },
      { deal_id: '7003', person_key: 'ben.ortiz@fabrikam.example', match_method: 'contact' },
    ]);
    expect(await run.query(`select contact_ids, contact_emails from deals where deal_id = '7002'`)).toEqual([
      { contact_ids: ['102'], contact_emails: [] },
    ]);
    expect(withIds.claimBasis?.byBasis.map((b) => [b.basis, b.opportunities])).toEqual([
      ['contact', 3],
      ['sales_sourced', 1],
    ]);
  });

  it('an Associated Contact cell written as ids (several, `;`-separated) names those contacts', async () => {
    run = await fieldCase('cfg-ny.json');
    await hubspotContacts(run);
    const deals = await hubspotDeals('Associated Contact', '999;101', '102', '103', '998');
    expect(await run.import(deals, 'hubspot-deals-csv')).toContain('4 loaded, 0 rejected');
    expect(await run.query(`select deal_id, contact_ids from deals order by deal_id`)).toEqual([
      { deal_id: '7001', contact_ids: ['999', '101'] },
      { deal_id: '7002', contact_ids: ['102'] },
      { deal_id: '7003', contact_ids: ['103'] },
      { deal_id: '7004', contact_ids: ['998'] },
    ]);
    expect((await run.report('2026-W46')).totals.marketingSourcedOpportunities).toBe(3);
  });

  it('a contact id a spreadsheet damaged is refused, never loaded as an id', async () => {
    run = await fieldCase('cfg-ny.json');
    const deals = await hubspotDeals('Associated Contact IDs', '1.01E+02', '102', '103', '999');
    const out = await run.import(deals, 'hubspot-deals-csv');
    expect(out).toContain('3 loaded, 1 rejected');
  });

  it('an email and an id naming two persons: both are contacts of the deal, first touch takes the earlier', async () => {
    run = await fieldCase('cfg-ny.json');
    await hubspotContacts(run);
    // Ben's address, Anna's id (Anna came in two days before Ben).
    const deals = await file('hubspot-deals.csv', [
      'Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date,Close Date,Pipeline,Associated Contact,Associated Contact IDs',
      '7101,Joint Deal,Appointment Scheduled,5000,USD,2026-11-13 10:00,2026-12-15 00:00,Sales Pipeline,Ben Ortiz (ben.ortiz@fabrikam.example),101',
    ]);
    await run.import(deals, 'hubspot-deals-csv');
    expect(await run.query('select person_key, match_method from int_deals__matched')).toEqual([
      { person_key: 'anna.keller@northwind.example', match_method: 'contact' },
    ]);
  });
});

describe('Pipedrive: a deals export with Person - ID and no email column', () => {
  it('matches the persons loaded as leads of the same source (opportunities 2 of 3 marketing-sourced, won 8,000)', async () => {
    run = await fieldCase('cfg-ny.json');
    const persons = await file('persons.csv', [
      'lead_id,source,email,created_at,channel',
      '47,pipedrive,carla.rossi@contoso.example,2026-11-16T09:00:00Z,paid_search',
      '48,pipedrive,dan.meyer@tailspin.example,2026-11-16T10:00:00Z,email',
      // Another CRM's lead with the same id as a Pipedrive person: never that person.
      '49,hubspot,eve.stone@fabrikam.example,2026-11-16T11:00:00Z,paid_social',
    ]);
    expect(await run.import(persons, 'canonical-leads')).toContain('3 loaded, 0 rejected');
    const deals = await file('pipedrive-deals.csv', [
      'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Pipeline,Deal - Deal created,Deal - Won time,Organization - Name,Person - Name,Person - ID',
      '9101,Contoso - POS,5000,USD,Open,Proposal,Sales,2026-11-17 09:00:00,,Contoso,Carla Rossi,47',
      '9102,Tailspin - Fleet,8000,USD,Won,Closed,Sales,2026-11-17 10:00:00,2026-11-19 16:00:00,Tailspin,Dan Meyer,48',
      '9103,Fabrikam - Pilot,3000,USD,Open,Proposal,Sales,2026-11-17 11:00:00,,Fabrikam,Eve Stone,49',
    ]);
    expect(await run.import(deals, 'pipedrive-deals-csv')).toContain('3 loaded, 0 rejected');
    const report = await run.report('2026-W47');
    expect(dealFigures(report)).toEqual({
      opportunities: 3,
      marketingSourcedOpportunities: 2,
      pipeline: 16_000,
      marketingSourcedPipeline: 13_000,
      wonRevenue: 8000,
      marketingSourcedWonRevenue: 8000,
    });
    expect(report.dataQuality).toMatchObject({ dealsMatched: 2, dealsUnmatched: 1 });
    expect(await run.query('select deal_id, person_key from int_deals__matched order by deal_id')).toEqual([
      { deal_id: '9101', person_key: 'carla.rossi@contoso.example' },
      { deal_id: '9102', person_key: 'dan.meyer@tailspin.example' },
    ]);
  });
});

describe('Salesforce: a contact-roles report naming the contact by Contact ID', () => {
  const ANNA_CONTACT_15 = '0035g00000XyZaB';
  it('a contact a lead was converted into claims the opportunity for the lead (15-character ids; roles combined)', async () => {
    run = await fieldCase('cfg-ny.json');
    // Anna's lead, converted into contact 0035g00000XyZaBAAV (field case C1).
    await run.import('C1/leads-dataloader.csv', 'salesforce-leads-csv');
    const report = await file('opps-contact-roles.csv', [
      '"Opportunity ID","Opportunity Name","Account Name","Stage","Amount","Amount Currency","Created Date","Close Date","Opportunity Owner","Contact ID","Contact Role"',
      `"0065g00000RrRrA","Kowalski Consulting - Expansion","Kowalski Consulting","Prospecting","5000","USD","11/18/2026","12/31/2026","Sam Hill","${ANNA_CONTACT_15}","Decision Maker"`,
      `"0065g00000RrRrA","Kowalski Consulting - Expansion","Kowalski Consulting","Prospecting","5000","USD","11/18/2026","12/31/2026","Sam Hill","0035g00000QqQqQ","Influencer"`,
      `"0065g00000SsSsA","Other Co - New","Other Co","Prospecting","7000","USD","11/18/2026","12/31/2026","Sam Hill","0035g00000QqQqQ","Decision Maker"`,
    ]);
    expect(await run.import(report, 'salesforce-opportunities-csv')).toContain('2 loaded');
    const figures = await run.report('2026-W47');
    expect(dealFigures(figures)).toMatchObject({
      opportunities: 2,
      marketingSourcedOpportunities: 1,
      pipeline: 12_000,
      marketingSourcedPipeline: 5000,
    });
    expect(await run.query('select deal_id, person_key, match_method from int_deals__matched')).toEqual([
      { deal_id: '0065g00000RrRrAAAV', person_key: 'annakowalski@gmail.com', match_method: 'contact' },
    ]);
    // The roles of one opportunity are one deal with both contacts, in their 18-character form.
    expect(await run.query(`select contact_ids from deals where deal_id = '0065g00000RrRrAAAV'`)).toEqual([
      { contact_ids: ['0035g00000XyZaBAAV', '0035g00000QqQqQAAV'] },
    ]);
  });
});

describe('canonical CSV: contact_ids is an optional column', () => {
  it('`;`-separated ids load and match; files without the column still load', async () => {
    run = await fieldCase('cfg-ny.json');
    await hubspotContacts(run);
    const deals = await file('deals.csv', [
      'deal_id,source,name,created_at,amount,currency,contact_ids',
      '8001,hubspot,By id,2026-11-12T15:00:00Z,1000,USD,999;103',
      '8002,hubspot,No contact,2026-11-12T15:00:00Z,1000,USD,',
    ]);
    expect(await run.import(deals, 'canonical-deals')).toContain('2 loaded, 0 rejected');
    expect(await run.query('select deal_id, contact_ids from deals order by deal_id')).toEqual([
      { deal_id: '8001', contact_ids: ['999', '103'] },
      { deal_id: '8002', contact_ids: null },
    ]);
    expect(await run.query('select deal_id, person_key from int_deals__matched')).toEqual([
      { deal_id: '8001', person_key: 'ben.ortiz@fabrikam.example' },
    ]);
  });
});
