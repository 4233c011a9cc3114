/**
 * Field case G5 (campaign identity) and variants of its kind, end to end as a user runs them:
 * `funnel import` of ad platform and CRM exports, then the report and the models. A lead's
 * campaign links to the spend campaign by the platform's campaign id wherever the lead carries
 * it, else by the normalized campaign name; a name that fits several campaigns links none and
 * is named in the data-health notes (docs/methodology.md, rule 7).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/core/schema.js';
import { HubSpotFake } from '../fakes/hubspot.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { harness, testConfig } from '../sources/api/helpers.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own to a temp file. */
async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'campaigns-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const links = (r: FieldCaseRun) =>
  r.query(
    'select email_key, ad_platform, ad_campaign_id, campaign_link from fct_persons order by email_key',
  ) as Promise<
    { email_key: string; ad_platform: string | null; ad_campaign_id: string | null; campaign_link: string | null }[]
  >;

/** Canonical spend rows: one per (platform, id, name, day, cost). */
const SPEND = 'date,platform,campaign_id,campaign_name,channel,cost,currency';
/** Canonical deals, one per person `p<id>@company<id>.example`, created in 2026-W47. */
/** One sales-sourced deal (no contact): deals are loaded, so idle spend is measured. */
/** A sales-sourced deal: its contact is no lead (a deal naming no contact could not say). */
async function salesDeal(): Promise<string> {
  return file('sales-deal.csv', [
    'deal_id,source,name,created_at,amount,currency,contact_emails',
    'S1,crm,Inbound call,2026-11-18T10:00:00Z,1000,USD,buyer@walk-in.example',
  ]);
}

async function dealsFor(ids: number[]): Promise<string> {
  return file('deals.csv', [
    'deal_id,source,name,created_at,amount,currency,contact_emails',
    ...ids.map((id) => `D${id},crm,Deal ${id},2026-11-18T16:00:00Z,1000,USD,p${id}@company${id}.example`),
  ]);
}

describe('G5: leads name their ad campaign only in utm_campaign, by name and by id', () => {
  it('G5: no idle spend, each campaign produced a marketing-sourced opportunity in 2026-W47', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    await run.import('G5/google-ads-daily.csv', 'google-ads-csv');
    expect(await run.import('G5/contacts-utm.csv', 'hubspot-contacts-csv')).toContain('2 loaded, 0 rejected');
    expect(await run.import('G5/hubspot-deals.csv', 'hubspot-deals-csv')).toContain('2 loaded, 0 rejected');
    const report = await run.report('2026-W47');
    expect(report.totals.spend).toBe(450);
    expect(report.totals.marketingSourcedOpportunities).toBe(2);
    expect(report.idleSpend).toEqual([]);
    expect(report.dataQuality.ambiguousCampaigns).toEqual([]);
    expect(await links(run)).toEqual([
      {
        email_key: 'ines.varga@lumen-labs.example',
        ad_platform: 'google_ads',
        ad_campaign_id: '21000000001',
        campaign_link: 'name',
      },
      {
        email_key: 'tom.hale@birch-supply.example',
        ad_platform: 'google_ads',
        ad_campaign_id: '21000000002',
        campaign_link: 'id',
      },
    ]);
  });

  it('without the deals, both G5 campaigns are idle, each under its own name', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    await run.import('G5/google-ads-daily.csv', 'google-ads-csv');
    await run.import('G5/contacts-utm.csv', 'hubspot-contacts-csv');
    // No deal loaded at all: idle spend is not measured, never every campaign idle.
    expect((await run.report('2026-W47')).idleSpend).toEqual([]);
    await run.import(await salesDeal(), 'canonical-deals');
    const report = await run.report('2026-W47');
    expect(report.idleSpend).toEqual([
      { platform: 'google_ads', campaignId: '21000000001', campaignName: 'Brand Search US', spend: 300 },
      { platform: 'google_ads', campaignId: '21000000002', campaignName: 'Competitor Terms', spend: 150 },
    ]);
  });
});

const canonicalLeads = (rows: string[]) =>
  file('leads.csv', ['lead_id,source,email,created_at,channel,campaign_id,campaign_name,utm_campaign', ...rows]);
const lead = (id: number, campaignId = '', campaignName = '', utm = '') =>
  `L${id},webform,p${id}@company${id}.example,2026-11-16T15:00:00Z,paid_social,${campaignId},"${campaignName}","${utm}"`;

describe('campaign identity: variants of G5 (other vendors, other columns)', () => {
  it('Meta export with Campaign ID; Salesforce leads with utm_campaign={{campaign.id}} or a dashed name, CampaignId a Salesforce id', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const meta = await file('meta.csv', [
      'Campaign name,Campaign ID,Day,Amount spent (USD),Impressions',
      'Retargeting – Winter,120210000000000101,2026-11-16,80.00,4000',
      'Retargeting – Winter,120210000000000101,2026-11-17,80.00,4100',
      'Prospecting Lookalike,120210000000000102,2026-11-16,60.00,3000',
    ]);
    expect(await run.import(meta, 'meta-ads-csv')).toContain('3 loaded, 0 rejected');
    const leads = await file('leads.csv', [
      '"Lead ID","First Name","Last Name","Company","Email","Create Date","Lead Source","Lead Status","Campaign ID","UTM_Campaign__c"',
      '"00Q5g00000AbC01","P1","L1","Company 1","p1@company1.example","2026-11-16T14:00:00.000Z","Facebook Ads","Open","7015g000000AbC1","120210000000000101"',
      '"00Q5g00000AbC02","P2","L2","Company 2","p2@company2.example","2026-11-16T15:00:00.000Z","Facebook Ads","Open","7015g000000AbC2","prospecting-lookalike"',
    ]);
    expect(await run.import(leads, 'salesforce-leads-csv')).toContain('2 loaded, 0 rejected');
    await run.import(await dealsFor([1, 2]), 'canonical-deals');
    const report = await run.report('2026-W47');
    expect(report.totals.marketingSourcedOpportunities).toBe(2);
    expect(report.idleSpend).toEqual([]);
    expect((await links(run)).map((l) => [l.ad_platform, l.ad_campaign_id, l.campaign_link])).toEqual([
      ['meta', '120210000000000101', 'id'],
      ['meta', '120210000000000102', 'name'],
    ]);
  });

  it('LinkedIn spend; canonical leads with the id in campaign_id, or a name in other case, dashes and punctuation', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const spend = await file('spend.csv', [
      SPEND,
      '2026-11-17,linkedin,612345001,ABM Q4 Decision-Makers,paid_social,120.00,USD',
      '2026-11-17,linkedin,612345002,Webinar  Invite (EMEA),paid_social,90.00,USD',
      '2026-11-17,linkedin,612345003,Job Titles Test,paid_social,40.00,USD',
    ]);
    await run.import(spend, 'canonical-spend');
    await run.import(
      await canonicalLeads([
        lead(1, '612345001'),
        lead(2, '', 'abm: q4 — decision makers'),
        lead(3, '', '', 'webinar_invite_emea'),
        lead(4, '', '', 'Webinar%20Invite%20EMEA'),
      ]),
      'canonical-leads',
    );
    await run.import(await dealsFor([2, 3]), 'canonical-deals');
    expect((await links(run)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
      ['612345001', 'id'],
      ['612345001', 'name'],
      ['612345002', 'name'],
      ['612345002', 'name'],
    ]);
    const report = await run.report('2026-W47');
    expect(report.idleSpend.map((c) => c.campaignName)).toEqual(['Job Titles Test']);
  });

  it('a numeric utm_campaign that is no campaign id falls back to the name; an id beats a name', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const spend = await file('spend.csv', [
      SPEND,
      '2026-11-16,google_ads,21000000009,2026,paid_search,10.00,USD',
      '2026-11-16,google_ads,21000000010,Generic Terms,paid_search,10.00,USD',
    ]);
    await run.import(spend, 'canonical-spend');
    // L2 names one campaign by id and another by name: the id wins.
    await run.import(
      await canonicalLeads([lead(1, '', '', '2026'), lead(2, '', 'Generic Terms', '21000000009')]),
      'canonical-leads',
    );
    expect((await links(run)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
      ['21000000009', 'name'],
      ['21000000009', 'id'],
    ]);
  });

  it('a campaign renamed over time: leads under its old name link to it, the report shows its latest name', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const spend = await file('spend.csv', [
      SPEND,
      '2026-11-02,google_ads,21000000077,Spring Promo,paid_search,50.00,USD',
      '2026-11-16,google_ads,21000000077,Winter Promo,paid_search,70.00,USD',
      '2026-11-17,google_ads,21000000077,Winter Promo,paid_search,70.00,USD',
    ]);
    await run.import(spend, 'canonical-spend');
    await run.import(await canonicalLeads([lead(1, '', '', 'spring_promo')]), 'canonical-leads');
    await run.import(await salesDeal(), 'canonical-deals');
    expect((await run.report('2026-W47')).idleSpend).toEqual([
      { platform: 'google_ads', campaignId: '21000000077', campaignName: 'Winter Promo', spend: 140 },
    ]);
    expect(await run.query('select campaign_name, first_spend_date from dim_campaigns')).toEqual([
      { campaign_name: 'Winter Promo', first_spend_date: '2026-11-02' },
    ]);
    await run.import(await dealsFor([1]), 'canonical-deals');
    expect((await run.report('2026-W47')).idleSpend).toEqual([]);
    expect((await links(run))[0]).toMatchObject({ ad_campaign_id: '21000000077', campaign_link: 'name' });
  });
});

describe('campaign identity: a name that fits two campaigns links none and says so', () => {
  it('the same name on Google Ads and Meta: no link by that name, named in data health; the id still links', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const spend = await file('spend.csv', [
      SPEND,
      '2026-11-16,google_ads,21000000001,Brand Search,paid_search,100.00,USD',
      '2026-11-16,meta,120210000000000001,brand-search,paid_social,40.00,USD',
    ]);
    await run.import(spend, 'canonical-spend');
    await run.import(
      await canonicalLeads([
        lead(1, '', '', 'Brand Search'),
        lead(2, '', '', '120210000000000001'),
        lead(3, '', '', 'brand_search'),
      ]),
      'canonical-leads',
    );
    await run.import(await dealsFor([1, 2]), 'canonical-deals');
    const report = await run.report('2026-W47');
    expect(report.totals.marketingSourcedOpportunities).toBe(2);
    // Google's campaign stays idle: the deal of lead 1 is not silently credited to either.
    expect(report.idleSpend.map((c) => [c.platform, c.campaignId])).toEqual([['google_ads', '21000000001']]);
    // One line per normalized name, however the leads wrote it.
    expect(report.dataQuality.ambiguousCampaigns).toEqual([{ name: 'Brand Search', persons: 2 }]);
    expect((await links(run)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
      [null, 'ambiguous'],
      ['120210000000000001', 'id'],
      [null, 'ambiguous'],
    ]);
  });

  it('two campaigns of one platform with one name: ambiguous; a second field with an unambiguous name still links', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    const spend = await file('spend.csv', [
      SPEND,
      '2026-11-16,google_ads,21000000001,Brand Search,paid_search,100.00,USD',
      '2026-11-16,google_ads,21000000002,Brand  search,paid_search,100.00,USD',
      '2026-11-16,google_ads,21000000003,Brand Search – Exact,paid_search,100.00,USD',
    ]);
    await run.import(spend, 'canonical-spend');
    await run.import(
      await canonicalLeads([lead(1, '', 'Brand Search'), lead(2, '', 'brand search exact', 'Brand Search')]),
      'canonical-leads',
    );
    expect((await links(run)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
      [null, 'ambiguous'],
      ['21000000003', 'name'],
    ]);
    const report = await run.report('2026-W47');
    expect(report.dataQuality.ambiguousCampaigns).toEqual([{ name: 'Brand Search', persons: 1 }]);
  });
});

describe('campaign identity: the API path', () => {
  it('G5 pulled from the HubSpot API (utm_campaign property) links alike: no idle spend', async () => {
    const fake = new HubSpotFake({ contacts: 0, deals: 0, engagements: 0 });
    await fake.start();
    try {
      const contact = (id: string, email: string, created: string, utm: string) =>
        fake.put('contacts', {
          id,
          properties: {
            hs_object_id: id,
            email,
            lifecyclestage: 'marketingqualifiedlead',
            hs_analytics_source: 'PAID_SEARCH',
            createdate: created,
            lastmodifieddate: created,
            hs_merged_object_ids: null,
            hs_additional_emails: null,
            utm_source: 'google',
            utm_medium: 'cpc',
            utm_campaign: utm,
          },
          createdAt: created,
          updatedAt: created,
          archived: false,
        });
      contact('8201', 'ines.varga@lumen-labs.example', '2026-11-16T15:05:00.000Z', 'Brand Search US');
      contact('8202', 'tom.hale@birch-supply.example', '2026-11-17T20:40:00.000Z', '21000000002');
      const h = harness(
        testConfig({ hubspot: { baseUrl: fake.baseUrl, entities: ['contacts'] } }),
        { hubspot: { accessToken: 'hs-token-1' } },
        '2026-11-20',
      );
      fake.now = h.clock.now;
      expect((await h.run()).sources[0]?.ok).toBe(true);
      const rows = h.loader.rows('leads', 'hubspot');
      expect(rows.map((r) => r.utm_campaign).sort()).toEqual(['21000000002', 'Brand Search US']);

      // The connector's rows, loaded as the canonical CSV they are.
      const columns = TABLES.leads.columns.filter((c) => !c.derived).map((c) => c.name);
      const cell = (v: unknown) =>
        v === null || v === undefined ? '' : `"${(Array.isArray(v) ? v.join(';') : String(v)).replaceAll('"', '""')}"`;
      const leads = await file('leads.csv', [
        columns.join(','),
        ...rows.map((r) => columns.map((c) => cell(r[c])).join(',')),
      ]);
      run = await fieldCase('cfg-ny-multi.json');
      await run.import('G5/google-ads-daily.csv', 'google-ads-csv');
      await run.import(leads, 'canonical-leads');
      await run.import('G5/hubspot-deals.csv', 'hubspot-deals-csv');
      const report = await run.report('2026-W47');
      expect(report.totals.marketingSourcedOpportunities).toBe(2);
      expect(report.idleSpend).toEqual([]);
      expect((await links(run)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
        ['21000000001', 'name'],
        ['21000000002', 'id'],
      ]);
    } finally {
      await fake.stop();
    }
  });
});
