/**
 * How sources and ad platforms are named to people: the one place for vendor display names,
 * used by the report's reasons (English, in the JSON) and by the email in every language.
 */

/** Vendor names as the vendors write them, by canonical `source` / `platform` value. */
const VENDOR_NAMES: Readonly<Record<string, string>> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  google_ads: 'Google Ads',
  meta: 'Meta',
  facebook: 'Meta',
  linkedin: 'LinkedIn',
  microsoft_ads: 'Microsoft Ads',
  csv: 'CSV import',
};

/**
 * The display name of a source or ad platform (`google_ads` → `Google Ads`); a name not known
 * (a source the user named, e.g. `crm-eu`) is shown with its separators as spaces and a capital.
 */
export function vendorName(name: string): string {
  const known = VENDOR_NAMES[name.toLowerCase()];
  if (known) return known;
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
