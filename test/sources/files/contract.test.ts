/** Every row the vendor formats produce passes the loader's schema check (functions/core/validate.ts). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError as CoreFormatError } from '../../../functions/core/import/canonical-csv.js';
import { checkRecord } from '../../../functions/core/validate.js';
import { FormatError, VENDOR_FORMATS } from '../../../functions/sources/formats.js';
import { FIXTURES, importFixture } from './helpers.js';

const FILES: [string, string][] = [
  ['google-ads-csv', 'googleads-campaign-report-utf16le-tsv.csv'],
  ['google-ads-csv', 'googleads-campaign-report-greek-eur.csv'],
  ['google-ads-csv', 'googleads-campaign-report-inr-daterange.csv'],
  ['meta-ads-csv', 'meta-ads-adlevel.csv'],
  ['hubspot-contacts-csv', 'hubspot-contacts-greek.csv'],
  ['hubspot-contacts-csv', 'hubspot-contacts-allprops-mongolian.csv'],
  ['hubspot-contacts-csv', 'own/hubspot-contacts-labels-dst.csv'],
  ['hubspot-deals-csv', 'own/hubspot-deals.csv'],
  ['salesforce-leads-csv', 'own/salesforce-leads-dataloader.csv'],
  ['salesforce-leads-csv', 'own/salesforce-leads-report.csv'],
  ['salesforce-opportunities-csv', 'own/salesforce-opportunities.csv'],
  ['pipedrive-deals-csv', 'own/pipedrive-deals.csv'],
  ['mailchimp-audience-csv', 'own/mailchimp-subscribed.csv'],
  ['linkedin-ads-csv', 'own/account_513076055_campaign_performance_report.csv'],
  ['linkedin-ads-csv', 'own/linkedin-weekly-utf16be.csv'],
  ['meta-ads-csv', 'own/meta-fr-semicolon.csv'],
  ['meta-ads-csv', 'own/meta-daily-chf.csv'],
  ['google-ads-csv', 'own/google-ads-daily.csv'],
  ['google-ads-csv', 'own/google-ads-de-semicolon.csv'],
  ['hubspot-activities-csv', 'own/hubspot-activities-mixed.csv'],
  ['hubspot-activities-csv', 'own/hubspot-activities-tasks-only.csv'],
  ['salesforce-activities-csv', 'own/salesforce-events-only-report.csv'],
  ['salesforce-activities-csv', 'own/salesforce-tasks-dataloader.csv'],
  ['pipedrive-activities-csv', 'own/pipedrive-activities-custom.csv'],
  ['salesforce-users-csv', 'own/salesforce-users-report.csv'],
];

const fxRates = { EUR: 1, USD: 0.9, CHF: 1.05, GBP: 1.2, INR: 0.011 };

describe('vendor rows fit the canonical contract', () => {
  it('registry: thirteen formats with a table and a default source', () => {
    expect(Object.values(VENDOR_FORMATS).map((f) => [f.name, f.table, f.defaultSource])).toEqual([
      ['hubspot-contacts-csv', 'leads', 'hubspot'],
      ['hubspot-deals-csv', 'deals', 'hubspot'],
      ['salesforce-leads-csv', 'leads', 'salesforce'],
      ['salesforce-opportunities-csv', 'deals', 'salesforce'],
      ['pipedrive-deals-csv', 'deals', 'pipedrive'],
      ['google-ads-csv', 'spend', 'google_ads'],
      ['meta-ads-csv', 'spend', 'meta'],
      ['linkedin-ads-csv', 'spend', 'linkedin'],
      ['mailchimp-audience-csv', 'leads', 'mailchimp'],
      ['hubspot-activities-csv', 'activities', 'hubspot'],
      ['salesforce-activities-csv', 'activities', 'salesforce'],
      ['pipedrive-activities-csv', 'activities', 'pipedrive'],
      ['salesforce-users-csv', 'owners', 'salesforce'],
    ]);
    expect(FormatError).toBe(CoreFormatError);
  });

  it('every fixture is covered here', () => {
    const real = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv') && !f.includes('alltime'));
    const own = readdirSync(FIXTURES + 'own').filter((f) => !/meta-no-dates/.test(f));
    const listed = new Set(FILES.map(([, f]) => f));
    expect([...real, ...own.map((f) => `own/${f}`)].filter((f) => !listed.has(f))).toEqual([]);
  });

  it.each(FILES)('%s %s', async (format, file) => {
    // Two of our own fixtures hold only dates that read either way (3/7/2026): their order is configured.
    const ambiguous = /salesforce-leads-report|account_513076055/.test(file);
    const config = ambiguous ? { sources: { [format]: { dateOrder: 'MDY' as const } } } : {};
    const { rows } = await importFixture(format, file, 'Europe/Zurich', config);
    expect(rows.length).toBeGreaterThan(0);
    for (const { line, ...record } of rows) {
      const result = checkRecord(VENDOR_FORMATS[format]!.table, record, { fxRates });
      expect(result, `line ${line}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
    }
  });
});
