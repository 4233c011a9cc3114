/**
 * What a deals export's day can speak for (docs/methodology.md, "Never a figure from missing
 * data"). A deals export taken on Wednesday 18 Nov holds no deal created on the days after: the
 * report of W47 stated its opportunities, pipeline and won deals as measured, the deals of
 * 19–22 Nov missing without a sign. Judged per source, as follow-ups are; an API pull is judged
 * by the window it asked for. Real importer, runner, loader, warehouse, report and email.
 */
import { describe, expect, it } from 'vitest';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { HubSpotFake, type HubSpotObject } from '../fakes/hubspot.js';
import { usePipelines } from '../reliability/pipeline.js';

const WEEK = '2026-W47'; // Mon 2026-11-16 .. Mon 2026-11-23, UTC
const PREVIOUS = '2026-W46';

const suite = usePipelines();
const pipeline = suite.pipeline;

async function emailText(report: FunnelReport, locale: 'en' | 'de-CH'): Promise<string> {
  const { text } = await renderWeeklyReport({ report, trend: [], locale, methodologyUrl: 'https://example.com/m' });
  return text;
}

const LEADS =
  'lead_id,source,email,first_name,last_name,company,created_at,lifecycle_stage,channel\n' +
  'W1,webform,anna.keller@northwind.example,Anna,Keller,Northwind Traders,2026-11-09T06:00:00Z,mql,paid_search\n' +
  'W2,webform,ben.ortiz@fabrikam.example,Ben,Ortiz,Fabrikam,2026-11-16T06:00:00Z,mql,paid_social\n' +
  'W3,webform,carla.rossi@contoso.example,Carla,Rossi,Contoso,2026-11-19T09:00:00Z,mql,paid_search\n';

const DEALS_HEADER =
  'deal_id,source,name,created_at,updated_at,amount,currency,is_closed,is_won,closed_at,contact_emails';
/** Anna's deal (W46, won in W46) and Ben's (Tuesday of W47): what an export of the 18th holds. */
const ANNA_DEAL =
  'D1,hubspot,Northwind,2026-11-10T10:00:00Z,2026-11-12T15:00:00Z,12000,EUR,true,true,2026-11-12T15:00:00Z,anna.keller@northwind.example';
const BEN_DEAL =
  'D2,hubspot,Fabrikam,2026-11-17T10:00:00Z,2026-11-17T10:00:00Z,8000,EUR,false,false,,ben.ortiz@fabrikam.example';
/** Carla's deal, created on Friday the 20th: no export of the 18th can hold it. */
const CARLA_DEAL =
  'D3,hubspot,Contoso,2026-11-20T10:00:00Z,2026-11-20T10:00:00Z,5000,EUR,false,false,,carla.rossi@contoso.example';
const deals = (...rows: string[]) => [DEALS_HEADER, ...rows].join('\n') + '\n';

const LOADED_ONLY_TO_18 =
  "deals from HubSpot loaded only up to 2026-11-18 (the periods its loads declare end before the week's cutoff; later days would read as none)";

describe('a deals file declares the period up to its export day', () => {
  it('exported on the 18th: the deal figures of W47 not measured, W46 measured; the export of the 23rd measures W47', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads' });
    const load = await p.import({
      name: 'deals-exported-2026-11-18.csv',
      bytes: deals(ANNA_DEAL, BEN_DEAL),
      format: 'canonical-deals',
      dt: '2026-11-18',
    });
    expect(load.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-18', basis: 'export-day' });

    const { report } = await p.report(WEEK);
    // Before: measured, 1 opportunity and EUR 8,000 of pipeline, Carla's deal of the 20th missing.
    expect(report?.coverage.deals).toMatchObject({
      measured: false,
      source: 'hubspot',
      coveredUntil: '2026-11-18',
      reason: LOADED_ONLY_TO_18,
    });
    expect(report?.totals).toMatchObject({
      leads: 2,
      opportunities: null,
      pipeline: null,
      wonDeals: null,
      wonRevenue: null,
      marketingSourcedOpportunities: null,
      marketingSourcedPipeline: null,
    });
    expect(await emailText(report!, 'en')).toContain(
      'Deals not measured: the deals loaded from HubSpot cover only up to 18 Nov, so deals created or closed on the later days would be missing.',
    );
    expect(await emailText(report!, 'de-CH')).toContain(
      'Deals nicht gemessen: die von HubSpot geladenen Deals reichen nur bis 18. Nov., Deals der späteren Tage fehlten.',
    );
    // The comparison week W46 is covered by the export of the 18th: measured.
    expect(report?.previous).toMatchObject({ opportunities: 1, wonDeals: 1 });
    const w46 = (await p.report(PREVIOUS)).report;
    expect(w46?.coverage.deals).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(w46?.totals).toMatchObject({ opportunities: 1, wonDeals: 1, marketingSourcedOpportunities: 1 });

    // The export of the 23rd covers the rest of the week: measured again, Carla's deal counted.
    await p.import({
      name: 'deals-exported-2026-11-23.csv',
      bytes: deals(ANNA_DEAL, BEN_DEAL, CARLA_DEAL),
      format: 'canonical-deals',
      dt: '2026-11-23',
    });
    const after = (await p.report(WEEK)).report;
    expect(after?.coverage.deals.measured).toBe(true);
    expect(after?.totals).toMatchObject({ opportunities: 2, pipeline: 13000, marketingSourcedOpportunities: 2 });
  });

  it('a vendor deals export (HubSpot) declares its export day the same way', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads' });
    const load = await p.import({
      name: 'hubspot-deals-2026-11-18.csv',
      bytes:
        'Record ID,Deal Name,Amount,Currency,Create Date,Close Date,Deal Stage,Associated Contact\n' +
        '7001,Fabrikam,8000,EUR,2026-11-17 10:00,2026-12-18 15:00,Appointment Scheduled,Ben Ortiz (ben.ortiz@fabrikam.example)\n',
      format: 'hubspot-deals-csv',
      dt: '2026-11-18',
    });
    expect(load.manifest?.rowsLoaded).toBe(1);
    expect(load.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-18', basis: 'export-day' });
    expect((await p.report(WEEK)).report?.coverage.deals).toMatchObject({ measured: false, reason: LOADED_ONLY_TO_18 });
  });

  it('per source: a second CRM whose deals reach the 22nd does not cover the first one’s gap', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads' });
    await p.import({
      name: 'hubspot-deals-2026-11-18.csv',
      bytes: deals(ANNA_DEAL, BEN_DEAL),
      format: 'canonical-deals',
      dt: '2026-11-18',
    });
    await p.import({
      name: 'pipedrive-deals-2026-11-23.csv',
      bytes: deals(CARLA_DEAL.replace('D3,hubspot', 'P7,pipedrive')),
      format: 'canonical-deals',
      dt: '2026-11-23',
    });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.deals).toMatchObject({
      measured: false,
      source: 'hubspot',
      coveredUntil: '2026-11-18',
      reason: LOADED_ONLY_TO_18,
    });
    expect(report?.totals.opportunities).toBeNull();
  });

  it('an export of the 23rd without a deal of W47 is measured: a week without a new deal is no stopped export', async () => {
    // Unlike activities, whose source must have some data in W, deals keep the family's rule
    // (a deal moved in the 4 weeks): opportunities 0 is a measured 0 here.
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads' });
    await p.import({
      name: 'deals-exported-2026-11-23.csv',
      bytes: deals(ANNA_DEAL),
      format: 'canonical-deals',
      dt: '2026-11-23',
    });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.deals).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(report?.totals).toMatchObject({ opportunities: 0, wonDeals: 0 });
  });

  it('a source without deals in the 4 weeks is not judged: an old CRM export does not hold every week', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads' });
    await p.import({
      name: 'old-crm-deals.csv',
      bytes: deals('O1,oldcrm,Legacy,2026-06-01T10:00:00Z,2026-06-02T10:00:00Z,3000,EUR,false,false,,'),
      format: 'canonical-deals',
      dt: '2026-06-30',
    });
    await p.import({
      name: 'deals-exported-2026-11-23.csv',
      bytes: deals(ANNA_DEAL, BEN_DEAL, CARLA_DEAL),
      format: 'canonical-deals',
      dt: '2026-11-23',
    });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.deals.measured).toBe(true);
    expect(report?.totals.opportunities).toBe(2);
  });
});

const iso = (s: string) => new Date(s).toISOString();

function contact(id: string, email: string, created: string): HubSpotObject {
  return {
    id,
    properties: {
      hs_object_id: id,
      email,
      firstname: 'T',
      lastname: 'Test',
      lifecyclestage: 'marketingqualifiedlead',
      hs_analytics_source: 'PAID_SEARCH',
      createdate: iso(created),
      lastmodifieddate: iso(created),
      hs_merged_object_ids: null,
      hs_additional_emails: null,
    },
    createdAt: iso(created),
    updatedAt: iso(created),
    archived: false,
  };
}

function hubspotDeal(id: string, created: string, amount: number): HubSpotObject {
  return {
    id,
    properties: {
      hs_object_id: id,
      dealname: `Deal ${id}`,
      dealstage: 'appointmentscheduled',
      amount: String(amount),
      deal_currency_code: 'EUR',
      closedate: iso('2026-12-31T00:00:00Z'),
      pipeline: 'default',
      createdate: iso(created),
      hs_lastmodifieddate: iso(created),
      hubspot_owner_id: '101',
      hs_is_closed: 'false',
      hs_is_closed_won: 'false',
    },
    createdAt: iso(created),
    updatedAt: iso(created),
    archived: false,
  };
}

describe('a deals API pull is judged by the window it asked for', () => {
  it('a pull on Thursday: deal figures not measured; the pull on Monday makes them measured', async () => {
    const fake = new HubSpotFake({ contacts: 0, deals: 0, engagements: 0 });
    await fake.start();
    suite.closeLater({ close: () => fake.stop() });
    fake.put('contacts', contact('601', 'anna@northwind.example', '2026-11-09T08:00:00Z'));
    fake.put('contacts', contact('602', 'ben@fabrikam.example', '2026-11-16T08:00:00Z'));
    fake.put('deals', hubspotDeal('9001', '2026-11-10T10:00:00Z', 12000));
    fake.put('deals', hubspotDeal('9002', '2026-11-17T10:00:00Z', 8000));
    fake.associations.deals?.set('9001', ['601']);
    fake.associations.deals?.set('9002', ['602']);
    const sources = { hubspot: { baseUrl: fake.baseUrl, entities: ['contacts', 'deals'] } };
    const secrets = { hubspot: { accessToken: 'hs-token-1' } };
    const p = await pipeline();

    const thursday = await p.runApi(sources, secrets, '2026-11-19');
    expect(thursday.sources[0]?.error).toBeUndefined();
    const before = (await p.report(WEEK)).report;
    expect(before?.coverage.deals).toMatchObject({
      measured: false,
      source: 'hubspot',
      coveredUntil: '2026-11-19',
      reason:
        "deals from HubSpot loaded only up to 2026-11-19 06:00 (the periods its loads declare end before the week's cutoff; later days would read as none)",
    });
    expect(before?.totals.opportunities).toBeNull();
    expect(before?.previous.opportunities).toBe(1);

    // Monday: a deal of Friday arrives, and the window reaches Monday 06:00.
    fake.put('deals', hubspotDeal('9003', '2026-11-20T10:00:00Z', 5000));
    const monday = await p.runApi(sources, secrets, '2026-11-23');
    expect(monday.sources[0]?.error).toBeUndefined();
    const after = (await p.report(WEEK)).report;
    expect(after?.coverage.deals.measured).toBe(true);
    expect(after?.totals).toMatchObject({ opportunities: 2, pipeline: 13000 });
  });
});
