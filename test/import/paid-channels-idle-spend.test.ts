/**
 * Review cases 9 and 10: the paid-channel figures and idle spend stated as measured on data that
 * cannot support them.
 * - Google Ads spend exported without "Campaign type" landed in channel `other` while HubSpot
 *   calls its leads "Paid Search": the whole spend was divided by the one paid-social lead
 *   ("Cost per lead, paid channels: US$500", "ROAS (paid channels): 0.0×"). Spend without a
 *   channel now makes the paid figures not measured, with a note at import and a reason.
 * - A contacts export without utm_campaign or a campaign column: no lead names a campaign, so no
 *   opportunity can be linked to one, and "1 campaign spent US$300 … without an opportunity" was
 *   claimed of a campaign that brought 2. Idle spend is now not measured then.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'paid-channels');
const CONFIG = { reportingCurrency: 'USD', timezone: 'America/New_York' };

let run: FieldCaseRun | undefined;
const made: string[] = [];
afterEach(async () => {
  await run?.close();
  run = undefined;
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The four contacts with a utm_campaign column holding `utm` (one per contact, in file order). */
async function contactsWith(utm: [string, string, string, string]) {
  const dir = await mkdtemp(join(tmpdir(), 'contacts-utm-'));
  made.push(dir);
  const [header, ...rows] = (await readFile(join(FIXTURES, 'contacts.csv'), 'utf8')).trim().split('\n');
  const file = join(dir, 'contacts-utm.csv');
  await writeFile(file, [`${header},utm_campaign`, ...rows.map((r, i) => `${r},${utm[i]}`)].join('\n') + '\n');
  return file;
}

/** Imports the Google Ads file given, Meta, the four contacts (3 Paid Search, 1 Paid Social) and the two deals. */
async function case9(googleAds: string, contacts = join(FIXTURES, 'contacts.csv')) {
  run = await fieldCase(CONFIG);
  const imported = await run.import(join(FIXTURES, googleAds), 'google-ads-csv');
  await run.import(join(FIXTURES, 'meta.csv'), 'meta-ads-csv');
  await run.import(contacts, 'hubspot-contacts-csv');
  await run.import(join(FIXTURES, 'hubspot-deals.csv'), 'hubspot-deals-csv');
  return { imported, report: await run.report('2026-W47') };
}

describe('spend whose channel is unknown (case 9)', () => {
  it('a Google Ads report without "Campaign type": paid figures not measured, never "0.0×" or "US$500"', async () => {
    const { imported, report } = await case9('google-ads.csv');
    expect(imported).toContain('not measured: no "Campaign type" column');
    expect(report.coverage.spend).toMatchObject({ measured: true, channelUnknown: ['google_ads'] });
    expect(report.totals).toMatchObject({
      spend: 500,
      cpl: 125,
      roas: 12,
      paidLeads: null,
      paidCpl: null,
      paidOpportunities: null,
      paidCostPerOpportunity: null,
      paidWonRevenue: null,
      paidRoas: null,
    });
    const text = emailText(report);
    expect(text).toContain('Paid-channel figures not measured: the Google Ads spend of this week has no channel');
    expect(text).toContain('"Campaign type" column');
    // The spend without a channel shows under Other, with no ratio against other's leads.
    expect(report.channels.find((c) => c.channel === 'other')).toMatchObject({ spend: 300, cpl: null, roas: null });
    expect(text).not.toMatch(/Other .*0\.0×/);
    expect(text).not.toContain('ROAS (paid channels): 0.0×');
    expect(text).not.toContain('US$500 ·');
  });

  it('with "Campaign type" = Search the paid figures are measured over all four leads', async () => {
    const { imported, report } = await case9('google-ads-search.csv');
    expect(imported).not.toContain('Campaign type');
    expect(report.coverage.spend.channelUnknown).toBeUndefined();
    expect(report.totals).toMatchObject({ paidLeads: 4, paidCpl: 125, paidCostPerOpportunity: 250, paidRoas: 12 });
  });

  it('a campaign type the mapping does not know is no channel either, and the import names it', async () => {
    run = await fieldCase(CONFIG);
    const file = join(run.dir, 'new-type.csv');
    await writeFile(
      file,
      'Day,Campaign,Campaign ID,Campaign type,Currency code,Cost\n2026-11-16,Agent US,21000000009,Brand New Type,USD,100.00\n',
    );
    expect(await run.import(file, 'google-ads-csv')).toContain(
      'not recognized in "Campaign type": "Brand New Type" (1)',
    );
    await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.channelUnknown).toEqual(['google_ads']);
    expect(report.totals.paidCpl).toBeNull();
    expect(report.totals.cpl).toBe(25);
  });
});

describe('leads linked to a campaign whose spend sits on another channel (case 9b)', () => {
  it('Demand Gen spend is display, its leads Paid Search: paid figures not measured, naming both', async () => {
    const contacts = await contactsWith(['DG Prospecting US', 'DG Prospecting US', '21000000001', '']);
    const { report } = await case9('google-ads-demandgen.csv', contacts);
    expect(report.coverage.spend.channelUnknown).toBeUndefined();
    expect(report.coverage.spend.channelMismatch).toEqual([
      { platform: 'google_ads', spendChannel: 'display', leadChannel: 'paid_search', persons: 3 },
    ]);
    expect(report.totals).toMatchObject({ spend: 500, cpl: 125, roas: 12, paidCpl: null, paidRoas: null });
    const text = emailText(report);
    expect(text).toContain(
      'Paid-channel figures not measured: 3 leads of this week came from Google Ads campaigns whose spend is filed as Display',
    );
    expect(text).not.toContain('ROAS (paid channels): 0.0×');
  });

  it("mapped with the source's channels setting, the same files are measured over all four leads", async () => {
    const contacts = await contactsWith(['DG Prospecting US', 'DG Prospecting US', '21000000001', '']);
    run = await fieldCase({ ...CONFIG, sources: { 'google-ads-csv': { channels: { 'Demand Gen': 'paid_search' } } } });
    await run.import(join(FIXTURES, 'google-ads-demandgen.csv'), 'google-ads-csv');
    await run.import(join(FIXTURES, 'meta.csv'), 'meta-ads-csv');
    await run.import(contacts, 'hubspot-contacts-csv');
    await run.import(join(FIXTURES, 'hubspot-deals.csv'), 'hubspot-deals-csv');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.channelMismatch).toBeUndefined();
    expect(report.totals).toMatchObject({ paidLeads: 4, paidCpl: 125, paidRoas: 12 });
  });
});

describe('idle spend when no lead names a campaign (case 10)', () => {
  it('contacts without utm_campaign or a campaign column: idle spend not measured, no campaign named', async () => {
    const { report } = await case9('google-ads-search.csv');
    expect(report.coverage.spend).toMatchObject({ measured: true, leadsWithoutCampaign: 4 });
    expect(report.idleSpend).toEqual([]);
    const text = emailText(report);
    expect(text).toContain('Not measured: none of the 4 leads of the last 4 weeks names a campaign');
    expect(text).not.toContain('without an opportunity');
    expect(text).not.toMatch(/Brand Search US\s+Google Ads/);
  });

  it("leads that name the campaign: it brought opportunities, so it is not idle (Meta's is)", async () => {
    const contacts = await contactsWith(['Brand Search US', 'Brand Search US', '', '']);
    const { report } = await case9('google-ads-search.csv', contacts);
    expect(report.coverage.spend.leadsWithoutCampaign).toBeUndefined();
    expect(report.idleSpend.map((c) => c.campaignName)).toEqual(['Retargeting Q4']);
    expect(emailText(report)).toContain('1 campaign spent US$200');
  });

  it('one lead naming another campaign is enough for the claim: the campaign is idle, as measured', async () => {
    const contacts = await contactsWith(['', '', 'Spring Webinar', '']);
    const { report } = await case9('google-ads-search.csv', contacts);
    expect(report.coverage.spend.leadsWithoutCampaign).toBeUndefined();
    expect(report.idleSpend.map((c) => c.campaignName)).toEqual(['Brand Search US', 'Retargeting Q4']);
  });
});
