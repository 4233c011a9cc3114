/**
 * Invisible characters pasted into a mapped label (field case F8): a zero-width space, joiner
 * or non-joiner, word joiner, soft hyphen or byte-order mark inside `Paid Search`, `Closed Won`,
 * `USD`, `8000` is removed as it is from ids and email addresses (core/invisible.ts), in every
 * format's cells and in the label tables the API connectors share; no-break spaces read as
 * spaces. What stays unknown is named with its invisible characters shown.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, utf8 } from './helpers.js';
import { showInvisible } from '../../../functions/core/invisible.js';
import { hubspotChannel, hubspotLifecycleStage } from '../../../functions/sources/hubspot/mapping.js';
import { salesforceLeadChannel } from '../../../functions/sources/salesforce/mapping.js';

/** Format characters (Cf) and the spaces other than U+0020 that copy and paste carries. */
const HIDDEN = {
  ZWSP: '\u200B',
  ZWNJ: '\u200C',
  ZWJ: '\u200D',
  'word joiner': '\u2060',
  'soft hyphen': '\u00AD',
  BOM: '\uFEFF',
};

/** `text` with `ch` inside its first word and after it. */
const spoil = (text: string, ch: string) => `${text.slice(0, 3)}${ch}${text.slice(3)}${ch}`;

const csv = (...lines: string[]) => utf8(lines.join('\n'));

describe.each(Object.entries(HIDDEN))('a %s inside mapped labels', (_name, ch) => {
  const x = (text: string) => spoil(text, ch);

  it('HubSpot contacts: Original Source, Lifecycle Stage, Lead Status map as without it', async () => {
    const { rows, rejects, notes } = await importBytes(
      'hubspot-contacts-csv',
      csv(
        'Record ID,Email,Create Date,Lifecycle Stage,Lead Status,Original Source',
        `301,a@northwind.example,2026-11-09 08:00,${x('Marketing Qualified Lead')},${x('In Progress')},${x('Paid Search')}`,
        `302,b@fabrikam.example,2026-11-09 08:00,${x('Lead')},${x('Unqualified')},${x('Organic Search')}`,
      ),
      'contacts.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.lifecycle_stage, r.channel, r.is_disqualified])).toEqual([
      ['mql', 'paid_search', false],
      ['other', 'organic_search', true],
    ]);
    expect(notes.unmappedLabels).toBeUndefined();
  });

  it('HubSpot deals: Deal Stage, Amount, Currency read as without it', async () => {
    const { rows, rejects } = await importBytes(
      'hubspot-deals-csv',
      csv(
        'Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date,Close Date',
        `9001,Norte,${x('Closed Won')},${x('8000')},${x('USD')},2026-11-02,2026-11-06`,
      ),
      'deals.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.stage, r.is_won, r.amount, r.currency])).toEqual([['Closed Won', true, 8000, 'USD']]);
  });

  it('Salesforce leads and opportunities: Lead Source, Stage, Currency', async () => {
    const leads = await importBytes(
      'salesforce-leads-csv',
      csv(
        'Lead ID,Email,Create Date,Lead Status,Lead Source',
        `00Q5g00000AbCdE,a@northwind.example,2026-11-09,${x('Open - Not Contacted')},${x('Trade Show')}`,
      ),
      'leads.csv',
    );
    expect(leads.rejects).toEqual([]);
    expect(leads.rows.map((r) => [r.lifecycle_stage, r.channel])).toEqual([['lead', 'events']]);
    const opps = await importBytes(
      'salesforce-opportunities-csv',
      csv(
        'Opportunity ID,Opportunity Name,Stage,Amount,Opportunity Currency,Created Date,Close Date',
        `0065g00000XyZab,Norte,${x('Closed Won')},12000,${x('EUR')},2026-11-02,2026-11-06`,
      ),
      'opps.csv',
    );
    expect(opps.rejects).toEqual([]);
    expect(opps.rows.map((r) => [r.is_won, r.currency])).toEqual([[true, 'EUR']]);
  });

  it('Pipedrive deals: Status and Currency', async () => {
    const { rows, rejects } = await importBytes(
      'pipedrive-deals-csv',
      csv(
        'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Deal created,Deal - Won time',
        `7,Norte,5000,${x('EUR')},${x('Won')},2026-11-02 10:00:00,2026-11-06 10:00:00`,
      ),
      'pd.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.is_won, r.currency])).toEqual([[true, 'EUR']]);
  });

  it('the label tables the API connectors share (channel, lifecycle stage)', () => {
    expect(hubspotChannel(x('Paid Social'), { source: null, medium: null })).toEqual({ value: 'paid_social' });
    expect(hubspotLifecycleStage(x('salesqualifiedlead'), null)).toEqual({ value: 'sql' });
    expect(salesforceLeadChannel(x('Trade Show'), { source: null, medium: null })).toEqual({ value: 'events' });
    // A UTM medium with one: cpc is paid search, not "other".
    expect(salesforceLeadChannel(null, { source: x('google'), medium: x('cpc') })).toEqual({ value: 'paid_search' });
  });
});

describe('what stays unknown is named with its invisible characters shown', () => {
  it('showInvisible writes format characters and spaces other than U+0020 by code point', () => {
    expect(showInvisible('Paid Search\u200B')).toBe('Paid Search<U+200B>');
    expect(showInvisible('US\u00A0D')).toBe('US<U+00A0>D');
    expect(showInvisible('Closed Won')).toBe('Closed Won');
  });

  it('a currency with a no-break space inside is a reject whose reason shows it', async () => {
    const { rejects } = await importBytes(
      'hubspot-deals-csv',
      csv(
        'Record ID,Deal Name,Deal Stage,Amount,Currency,Create Date',
        '9001,Norte,Closed Won,8000,US\u00A0D,2026-11-02',
      ),
      'deals.csv',
    );
    expect(rejects.map((r) => r.reason)).toEqual(['"US<U+00A0>D" is not an ISO 4217 currency code']);
  });
});
