/** Google Ads UI "Campaign report" downloads (MAPPINGS §4 for campaign types). */
import { GOOGLE_ADS_CAMPAIGN_TYPE } from '../labels.js';
import { defineSpendFormat } from '../spend-format.js';

export const googleAdsCsv = defineSpendFormat({
  name: 'google-ads-csv',
  platform: 'google_ads',
  defaultSource: 'google_ads',
  description:
    'Google Ads campaign report (CSV or UTF-16 TSV as downloaded; per day with a "Day" column, else spread over the title range)',
  required: [
    { label: 'Campaign', aliases: ['campaign', 'kampagne'] },
    { label: 'Cost', aliases: ['cost', 'kosten'] },
  ],
  nameLevels: [{ level: 'campaign', aliases: ['campaign', 'kampagne'] }],
  columns: {
    day: ['day', 'date', 'tag', 'datum'],
    campaignId: ['campaign id', 'kampagnen-id', 'kampagnen id'],
    accountId: ['customer id', 'account id', 'kundennummer'],
    currency: ['currency code', 'currency', 'währungscode', 'währung'],
    cost: ['cost', 'kosten'],
    impressions: ['impr.', 'impressions', 'impressionen'],
    clicks: ['clicks', 'klicks'],
    conversions: ['conversions', 'conv.'],
    campaignType: ['campaign type', 'kampagnentyp', 'advertising channel type'],
  },
  channelTable: GOOGLE_ADS_CAMPAIGN_TYPE,
});
