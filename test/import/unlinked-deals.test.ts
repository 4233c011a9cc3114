/**
 * Deals that nothing links to a lead. A HubSpot deals view exported without Associated Contact,
 * a Pipedrive deals list without the person's email, or contacts given by name only: every deal
 * read sales-sourced, and the report stated "marketing-sourced 0 %" as measured. The figures
 * resting on the match (marketing-sourced, paid, per opportunity, claim basis, idle spend) are
 * now not measured, naming the source and how to export the deals; opportunities, pipeline and
 * won deals stay measured.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'unlinked-deals');
const CONFIG = { reportingCurrency: 'USD', timezone: 'America/New_York' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function reportWith(deals: string, format: string) {
  run = await fieldCase(CONFIG);
  expect(await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv')).toContain('2 loaded');
  expect(await run.import(join(FIXTURES, deals), format)).toContain('2 loaded, 0 rejected');
  return run.report('2026-W47');
}

describe('deals that name no contact, domain or converted lead', () => {
  it('with Associated Contact the two deals are marketing-sourced', async () => {
    const report = await reportWith('deals-with-contacts.csv', 'hubspot-deals-csv');
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.totals).toMatchObject({
      opportunities: 2,
      marketingSourcedOpportunities: 2,
      marketingSourcedPipeline: 15000,
    });
  });

  it.each([
    ['a HubSpot view without Associated Contact', 'deals-view.csv', 'hubspot-deals-csv', 'hubspot'],
    ['contacts named without an email', 'deals-contact-names.csv', 'hubspot-deals-csv', 'hubspot'],
    ['a Pipedrive list without the person', 'pipedrive-deals.csv', 'pipedrive-deals-csv', 'pipedrive'],
  ])('%s: marketing-sourced not measured, never "0"', async (_what, deals, format, source) => {
    const report = await reportWith(deals, format);
    expect(report.coverage.deals).toMatchObject({ measured: true, dealsUnlinked: [source] });
    expect(report.totals).toMatchObject({
      opportunities: 2,
      pipeline: 15000,
      marketingSourcedOpportunities: null,
      marketingSourcedPipeline: null,
      costPerOpportunity: null,
      paidOpportunities: null,
    });
    expect(report.claimBasis).toBeNull();
    expect(report.followUpEffect).toBeNull();
    expect(report.channels.every((c) => c.marketingSourcedOpportunities === null)).toBe(true);
    const text = emailText(report);
    expect(text).toContain('Marketing-sourced not measured: no deal from');
    expect(text).not.toContain('Deals not measured');
    expect(text).toContain('Export the deals with their associated contacts');
  });

  it('one deal with a contact is enough: the rest are sales-sourced, as measured', async () => {
    run = await fieldCase(CONFIG);
    await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
    await run.import(join(FIXTURES, 'deals-view.csv'), 'hubspot-deals-csv');
    // A later export of one deal with its contact: the source's deals can be linked.
    const { writeFile } = await import('node:fs/promises');
    const one = join(run.dir, 'one-deal.csv');
    await writeFile(
      one,
      'Record ID,Deal Name,Deal Stage,Pipeline,Amount,Create Date,Close Date,Associated Contact\n' +
        '6301,Lumen Labs - Annual,Appointment Scheduled,Sales Pipeline,12000,2026-11-18 11:00,2026-12-31,Ines Varga (ines.varga@lumen-labs.example)\n',
    );
    await run.import(one, 'hubspot-deals-csv');
    const report = await run.report('2026-W47');
    expect(report.coverage.deals).not.toHaveProperty('dealsUnlinked');
    expect(report.totals).toMatchObject({ opportunities: 2, marketingSourcedOpportunities: 1 });
  });

  describe('Salesforce opportunities naming contacts by id (review l1)', () => {
    const SF = { reportingCurrency: 'USD', timezone: 'America/New_York', dealSources: ['salesforce'] };
    async function salesforceWith(leads: string) {
      run = await fieldCase(SF);
      const leadsOut = await run.import(join(FIXTURES, leads), 'salesforce-leads-csv');
      expect(leadsOut).toContain('2 loaded');
      const opps = await run.import(
        join(FIXTURES, 'salesforce-opportunities-contact-ids.csv'),
        'salesforce-opportunities-csv',
      );
      expect(opps).toContain('2 loaded, 0 rejected');
      return { leadsOut, report: await run.report('2026-W47') };
    }

    it('leads without Converted Contact ID: a 003 contact id matches no lead, so marketing-sourced is not measured, never "0 %"', async () => {
      const { leadsOut, report } = await salesforceWith('salesforce-leads-converted.csv');
      expect(leadsOut).toContain('no "Converted Contact ID" or "Converted Opportunity ID" column: 2 converted leads');
      expect(report.coverage.deals).toMatchObject({ measured: true, dealsUnlinked: ['salesforce'] });
      expect(report.totals).toMatchObject({
        opportunities: 2,
        pipeline: 15000,
        marketingSourcedOpportunities: null,
      });
      expect(emailText(report)).toContain('Marketing-sourced not measured: no deal from Salesforce');
    });

    it('leads with Converted Contact ID: the contact ids match, both opportunities marketing-sourced', async () => {
      const { leadsOut, report } = await salesforceWith('salesforce-leads-converted-ids.csv');
      expect(leadsOut).not.toContain('Converted Contact ID');
      expect(report.coverage.deals).not.toHaveProperty('dealsUnlinked');
      expect(report.totals).toMatchObject({ opportunities: 2, marketingSourcedOpportunities: 2 });
    });
  });
});
