/**
 * The vendor export formats of `funnel import FILE --as FORMAT`: each reads a file exactly as
 * downloaded and yields canonical rows (or rejects) for one table. See docs/vendor-imports.md.
 */
import { googleAdsCsv } from './vendor-csv/formats/google-ads.js';
import { hubspotContactsCsv, hubspotDealsCsv } from './vendor-csv/formats/hubspot.js';
import { hubspotActivitiesCsv } from './vendor-csv/formats/hubspot-activities.js';
import { linkedinAdsCsv } from './vendor-csv/formats/linkedin-ads.js';
import { mailchimpAudienceCsv } from './vendor-csv/formats/mailchimp.js';
import { metaAdsCsv } from './vendor-csv/formats/meta-ads.js';
import { pipedriveDealsCsv } from './vendor-csv/formats/pipedrive.js';
import { pipedriveActivitiesCsv } from './vendor-csv/formats/pipedrive-activities.js';
import { salesforceLeadsCsv, salesforceOpportunitiesCsv } from './vendor-csv/formats/salesforce.js';
import { salesforceActivitiesCsv } from './vendor-csv/formats/salesforce-activities.js';
import { salesforceUsersCsv } from './vendor-csv/formats/salesforce-users.js';
import type { VendorFileFormats } from '../core/import/import-file.js';
import { readVendorFile } from './vendor-csv/container.js';
import type { VendorFormat } from './vendor-csv/kit.js';

export type { VendorFormat, VendorParseInput } from './vendor-csv/kit.js';
export { FormatError } from './vendor-csv/errors.js';
export { deriveCampaignId } from './vendor-csv/spend.js';

export const VENDOR_FORMATS: Record<string, VendorFormat> = Object.fromEntries(
  [
    hubspotContactsCsv,
    hubspotDealsCsv,
    salesforceLeadsCsv,
    salesforceOpportunitiesCsv,
    pipedriveDealsCsv,
    googleAdsCsv,
    metaAdsCsv,
    linkedinAdsCsv,
    mailchimpAudienceCsv,
    hubspotActivitiesCsv,
    salesforceActivitiesCsv,
    pipedriveActivitiesCsv,
    salesforceUsersCsv,
  ].map((f) => [f.name, f]),
);

export function isVendorFormat(name: string): boolean {
  return Object.hasOwn(VENDOR_FORMATS, name);
}

/**
 * The registry as `importFile` takes it (the CLI and the handlers inject it): a ZIP or an
 * .xlsx is unpacked in front of the format, the raw zone keeps the file as received.
 */
export const vendorFileFormats: VendorFileFormats = {
  names: Object.keys(VENDOR_FORMATS),
  async read(format, input) {
    const vendor = isVendorFormat(format) ? VENDOR_FORMATS[format] : undefined;
    if (!vendor) return undefined;
    const { rows, notes } = await readVendorFile(vendor, input);
    return { table: vendor.table, defaultSource: vendor.defaultSource, rows, notes };
  },
};
