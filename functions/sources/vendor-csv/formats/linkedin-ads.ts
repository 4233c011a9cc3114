/** LinkedIn Campaign Manager "Campaign Performance Report" (UTF-16 TSV with title lines). */
import { defineSpendFormat } from '../spend-format.js';

export const linkedinAdsCsv = defineSpendFormat({
  name: 'linkedin-ads-csv',
  platform: 'linkedin',
  defaultSource: 'linkedin',
  description:
    'LinkedIn Campaign Manager campaign performance report (per day with "Start Date (in UTC)", else spread over Report Start/End)',
  required: [
    { label: 'Campaign Name', aliases: ['campaign name', 'campaign'] },
    { label: 'Total Spent', aliases: [/^total spent( \(.+\))?$/, /^amount spent( \(.+\))?$/, 'spend'] },
  ],
  nameLevels: [{ level: 'campaign', aliases: ['campaign name', 'campaign'] }],
  columns: {
    // LinkedIn writes a row's period as Start Date (and End Date when the granularity is not daily).
    start: [/^start date( \(.+\))?$/],
    end: [/^end date( \(.+\))?$/],
    campaignId: ['campaign id'],
    accountId: ['account id'],
    currency: ['currency'],
    cost: [/^total spent( \(.+\))?$/, /^amount spent( \(.+\))?$/, 'spend'],
    impressions: ['impressions'],
    clicks: ['clicks'],
    conversions: ['conversions'],
  },
  fixedChannel: 'paid_social',
  accountIdInFileName: /account_(\d+)_/,
});
