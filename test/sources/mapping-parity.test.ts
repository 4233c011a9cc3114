/**
 * One mapping per vendor (issue #13 item 6): the same record read through the API connector
 * (its entity mapping, fed the vendor's wire shape) and through the CSV format (the export's
 * columns, local times in the account's zone) gives the same canonical row, every column
 * compared after the canonical checks (checkRecord) both paths' rows go through.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../functions/core/records.js';
import type { TableName } from '../../functions/core/schema.js';
import { StaticSecrets } from '../../functions/core/secrets.js';
import { checkRecord } from '../../functions/core/validate.js';
import { googleAds } from '../../functions/sources/google-ads/api.js';
import { hubspot } from '../../functions/sources/hubspot/api.js';
import { pipedrive } from '../../functions/sources/pipedrive/api.js';
import { salesforce } from '../../functions/sources/salesforce/api.js';
import { zonedTimestamp, type Connector } from '../../functions/sources/source.js';
import { importBytes, utf8 } from './files/helpers.js';

const ZONE = 'Europe/Berlin';

/** Maps wire records through a connector's entity, as a daily run does after its pull. */
async function apiRows(
  connector: Connector<unknown>,
  block: Record<string, unknown>,
  secret: object,
  entity: string,
  records: unknown[],
  timezone = ZONE,
): Promise<CanonicalRecord[]> {
  const config = connector.configSchema.parse({ timezone, ...block });
  const session = await connector.open(
    {
      source: connector.vendor,
      secrets: new StaticSecrets({ [connector.vendor]: secret }),
      http: {
        fetch: () => Promise.reject(new Error('no HTTP in a mapping test')),
        sleep: async () => {},
        random: () => 0,
        now: () => Date.UTC(2026, 10, 30),
      },
      now: new Date(Date.UTC(2026, 10, 30)),
      date: '2026-11-30',
      reportingCurrency: 'EUR',
      timezone,
    },
    config,
  );
  const found = session.entities.find((e) => e.name === entity);
  if (!found) throw new Error(`no entity ${entity}`);
  return found.map(records).map((r) => {
    if (!r.ok) throw new Error(`rejected: ${r.reject.reason}`);
    return r.record;
  });
}

async function csvRows(
  format: string,
  csv: string,
  timezone = ZONE,
  config: Record<string, unknown> = {},
): Promise<CanonicalRecord[]> {
  // The report's zone is the import's unless a test sets it apart.
  const out = await importBytes(format, utf8(csv), `${format}.csv`, timezone, {
    reportingCurrency: 'EUR',
    timezone,
    ...config,
  });
  expect(out.rejects).toEqual([]);
  return out.rows.map(({ line: _line, ...r }) => r);
}

/** A row as loaded: canonical checks applied, `source` set, no is_deleted = not deleted (SQL coalesces). */
function canonical(table: TableName, source: string, record: CanonicalRecord): CanonicalRecord {
  const checked = checkRecord(table, { ...record, source }, { fxRates: { EUR: 1, USD: 1 } });
  if (!checked.ok) throw new Error(`${checked.field}: ${checked.reason}`);
  const r = checked.record;
  return 'is_deleted' in r ? { ...r, is_deleted: r.is_deleted ?? false } : r;
}

function csv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
}

describe('Salesforce: API and CSV give the same row', () => {
  const sfConfig = {
    baseUrl: 'https://acme.my.salesforce.com',
    leadFields: { utm_source: 'UTM_Source__c', utm_medium: 'UTM_Medium__c' },
    leadStatuses: { 'Nurture - Marketing': 'mql' },
    leadSources: { 'Webinar 2026': 'events' },
  };
  const secret = { clientId: 'id', clientSecret: 'secret' };
  const lead = (id: string, over: Record<string, unknown>) => ({
    attributes: { type: 'Lead' },
    Id: id,
    Email: 'ann@acme.example',
    FirstName: 'Ann',
    LastName: 'Lee',
    Company: 'Acme',
    Website: 'https://www.acme.example/',
    Status: 'Qualified',
    LeadSource: 'Web',
    // 03:30 summer time, the morning clocks sprang forward in Berlin.
    CreatedDate: '2026-03-29T01:30:00.000+0000',
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    OwnerId: '0055g00000AbCdEAAV',
    // 02:30 summer time, the first of the two 02:30s of the autumn change.
    SystemModstamp: '2026-10-25T00:30:00.000+0000',
    IsDeleted: false,
    UTM_Source__c: 'google',
    UTM_Medium__c: 'cpc',
    ...over,
  });
  const header = [
    'Lead ID',
    'Email',
    'First Name',
    'Last Name',
    'Company',
    'Website',
    'Lead Status',
    'Lead Source',
    'Create Date',
    'Last Modified Date',
    'Lead Owner',
    'Converted',
    'ConvertedOpportunityId',
    'Deleted',
    'UTM_Source__c',
    'UTM_Medium__c',
  ];
  const line = (id: string, status: string, source: string, converted: string, opp: string, utm: [string, string]) => [
    id,
    'ann@acme.example',
    'Ann',
    'Lee',
    'Acme',
    'https://www.acme.example/',
    status,
    source,
    '2026-03-29 03:30',
    '2026-10-25 02:30',
    '0055g00000AbCdEAAV',
    converted,
    opp,
    'false',
    ...utm,
  ];

  it('leads: "Qualified" is sql, Web refined by UTMs, local times across both DST changes, overrides alike', async () => {
    const records = [
      lead('00Q5g00000AbCd1EAF', {}),
      lead('00Q5g00000AbCd2EAF', {
        Status: 'Closed - Converted',
        IsConverted: true,
        ConvertedOpportunityId: '0065g00000XyZ12AAF',
      }),
      lead('00Q5g00000AbCd3EAF', { Status: 'Nurture - Marketing', LeadSource: 'Webinar 2026' }),
      lead('00Q5g00000AbCd4EAF', {
        Status: 'Invented status',
        LeadSource: 'Invented source',
        UTM_Source__c: null,
        UTM_Medium__c: null,
      }),
    ];
    const api = (await apiRows(salesforce as Connector<unknown>, sfConfig, secret, 'leads', records)).map((r) =>
      canonical('leads', 'salesforce', r),
    );
    const file = await csvRows(
      'salesforce-leads-csv',
      csv([
        header,
        line('00Q5g00000AbCd1EAF', 'Qualified', 'Web', 'false', '', ['google', 'cpc']),
        line('00Q5g00000AbCd2EAF', 'Closed - Converted', 'Web', 'true', '0065g00000XyZ12AAF', ['google', 'cpc']),
        line('00Q5g00000AbCd3EAF', 'Nurture - Marketing', 'Webinar 2026', 'false', '', ['google', 'cpc']),
        line('00Q5g00000AbCd4EAF', 'Invented status', 'Invented source', 'false', '', ['', '']),
      ]),
      ZONE,
      {
        sources: {
          'salesforce-leads-csv': { lifecycleStages: sfConfig.leadStatuses, channels: sfConfig.leadSources },
        },
      },
    );
    expect(file.map((r) => canonical('leads', 'salesforce', r))).toEqual(api);
    expect(api.map((r) => [r.lifecycle_stage, r.channel, r.created_at, r.updated_at])).toEqual([
      ['sql', 'paid_search', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z'],
      ['opportunity', 'paid_search', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z'],
      ['mql', 'events', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z'],
      ['lead', 'other', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z'],
    ]);
  });

  it('opportunities: flags decide, CloseDate is the start of its day in the org zone even when midnight is skipped', async () => {
    // Chile springs forward at midnight: 2026-09-06 00:00 does not exist there; the day starts at 01:00 (-03).
    const zone = 'America/Santiago';
    const opp = {
      attributes: { type: 'Opportunity' },
      Id: '0065g00000XyZ12AAF',
      Name: 'Acme renewal',
      AccountId: '0015g00000Acc01AAB',
      Account: { attributes: { type: 'Account' }, Name: 'Acme', Website: 'acme.example' },
      StageName: 'Vertrag unterschrieben',
      Amount: 1200.5,
      CurrencyIsoCode: 'EUR',
      CloseDate: '2026-09-06',
      IsWon: true,
      IsClosed: true,
      CreatedDate: '2026-08-01T12:00:00.000+0000',
      OwnerId: '0055g00000AbCdEAAV',
      SystemModstamp: '2026-09-06T15:00:00.000+0000',
      IsDeleted: false,
      OpportunityContactRoles: { totalSize: 1, done: true, records: [{ Contact: { Email: 'ann@acme.example' } }] },
      ConvertedLeads: { totalSize: 1, done: true, records: [{ Id: '00Q5g00000AbCd2EAF' }] },
    };
    const api = (await apiRows(salesforce as Connector<unknown>, sfConfig, secret, 'opportunities', [opp], zone)).map(
      (r) => canonical('deals', 'salesforce', r),
    );
    const file = await csvRows(
      'salesforce-opportunities-csv',
      csv([
        [
          'Id',
          'Name',
          'Account.Name',
          'Account.Website',
          'StageName',
          'Amount',
          'CloseDate',
          'IsWon',
          'IsClosed',
          'CreatedDate',
          'LastModifiedDate',
          'OwnerId',
          'IsDeleted',
          'Converted Lead Id',
          'Contact Email',
          'CurrencyIsoCode',
        ],
        [
          '0065g00000XyZ12AAF',
          'Acme renewal',
          'Acme',
          'acme.example',
          'Vertrag unterschrieben',
          '1200.50',
          '2026-09-06',
          'true',
          'true',
          '2026-08-01T12:00:00.000Z',
          '2026-09-06T15:00:00.000Z',
          '0055g00000AbCdEAAV',
          'false',
          '00Q5g00000AbCd2EAF',
          'ann@acme.example',
          'EUR',
        ],
      ]),
      zone,
    );
    expect(file.map((r) => canonical('deals', 'salesforce', r))).toEqual(api);
    expect(api[0]).toMatchObject({ is_closed: true, is_won: true, closed_at: '2026-09-06T04:00:00.000Z' });
  });

  it("a Monday CloseDate: API and file place the day at its start in the report's zone, whatever the org's or the import's zone", async () => {
    // An org in Berlin (the pull attaches its zone), a report in New York: read at Berlin's
    // midnight, Monday would start on Sunday 18:00 in New York, in the week before.
    const zone = 'Europe/Berlin';
    const reportZone = 'America/New_York';
    const opp = {
      attributes: { type: 'Opportunity' },
      Id: '0065g00000XyZ13AAF',
      Name: 'Monday close',
      StageName: 'Closed Won',
      Amount: 500,
      CurrencyIsoCode: 'USD',
      CloseDate: '2026-11-16',
      IsWon: true,
      IsClosed: true,
      CreatedDate: '2026-11-02T15:00:00.000+0000',
      OwnerId: '0055g00000AbCdEAAV',
      SystemModstamp: '2026-11-16T20:00:00.000+0000',
      IsDeleted: false,
      OpportunityContactRoles: null,
      ConvertedLeads: { totalSize: 0, done: true, records: [] },
      Organization: { TimeZoneSidKey: zone },
    };
    const api = (
      await apiRows(
        salesforce as Connector<unknown>,
        { ...sfConfig, timezone: undefined },
        secret,
        'opportunities',
        [opp],
        reportZone,
      )
    ).map((r) => canonical('deals', 'salesforce', r));
    // An opportunities report exported by a user in Berlin, imported with that zone.
    const file = await csvRows(
      'salesforce-opportunities-csv',
      csv([
        [
          'Opportunity ID',
          'Opportunity Name',
          'Stage',
          'Amount',
          'Opportunity Currency',
          'Close Date',
          'Created Date',
          'Last Modified Date',
          'Opportunity Owner',
          'Closed',
          'Won',
        ],
        [
          '0065g00000XyZ13AAF',
          'Monday close',
          'Closed Won',
          '500',
          'USD',
          '11/16/2026',
          '11/2/2026 4:00 PM',
          '11/16/2026 9:00 PM',
          '0055g00000AbCdEAAV',
          '1',
          '1',
        ],
      ]),
      zone,
      { timezone: reportZone },
    );
    expect(file.map((r) => canonical('deals', 'salesforce', r))).toEqual(api);
    expect(api[0]?.closed_at).toBe('2026-11-16T05:00:00.000Z');
  });
});

describe('HubSpot: API and CSV give the same row', () => {
  const secret = { accessToken: 'hs-token-1' };
  const block = { lifecycleStages: { '1064277769': 'mql' } };
  const contact = (id: string, props: Record<string, string | null>) => ({
    id,
    archived: false,
    createdAt: '2026-10-25T00:30:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
    properties: {
      email: `c${id}@acme.example`,
      firstname: 'Ann',
      lastname: 'Lee',
      company: 'Acme',
      website: 'https://acme.example',
      // 02:30 of the repeated hour in Berlin: the earlier instant.
      createdate: '2026-10-25T00:30:00.000Z',
      lastmodifieddate: '2026-11-02T09:00:00.000Z',
      hs_lifecyclestage_marketingqualifiedlead_date: '2026-03-29T01:30:00.000Z',
      hubspot_owner_id: '77',
      hs_analytics_source: null,
      hs_lead_status: null,
      lifecyclestage: null,
      utm_source: null,
      utm_medium: null,
      hs_additional_emails: null,
      hs_merged_object_ids: null,
      ...props,
    },
  });
  const header = [
    'Record ID',
    'Email',
    'First Name',
    'Last Name',
    'Company Name',
    'Website URL',
    'Create Date',
    'Last Modified Date',
    'Became a Marketing Qualified Lead Date',
    'Contact owner',
    'Lifecycle Stage',
    'Lead Status',
    'Original Source',
    'utm_source',
    'utm_medium',
  ];
  const row = (id: string, stage: string, status: string, source: string, utm: [string, string]) => [
    id,
    `c${id}@acme.example`,
    'Ann',
    'Lee',
    'Acme',
    'https://acme.example',
    '2026-10-25 02:30',
    '2026-11-02 10:00',
    '2026-03-29 03:30',
    '77',
    stage,
    status,
    source,
    ...utm,
  ];

  it('contacts: internal values and export labels, lead-status override, custom stage, UTMs for an empty source', async () => {
    const api = (
      await apiRows(hubspot as Connector<unknown>, block, secret, 'contacts', [
        contact('1', { lifecyclestage: 'marketingqualifiedlead', hs_analytics_source: 'PAID_SOCIAL' }),
        contact('2', {
          lifecyclestage: 'salesqualifiedlead',
          hs_lead_status: 'UNQUALIFIED',
          hs_analytics_source: 'ORGANIC_SEARCH',
        }),
        contact('3', { lifecyclestage: '1064277769', utm_source: 'newsletter', utm_medium: 'email' }),
        contact('4', { lifecyclestage: '999', hs_analytics_source: 'SOMETHING_NEW' }),
      ])
    ).map((r) => canonical('leads', 'hubspot', r));
    const file = await csvRows(
      'hubspot-contacts-csv',
      csv([
        header,
        row('1', 'Marketing Qualified Lead', '', 'Paid social', ['', '']),
        row('2', 'Sales Qualified Lead', 'Unqualified', 'Organic search', ['', '']),
        row('3', '1064277769', '', '', ['newsletter', 'email']),
        row('4', '999', '', 'SOMETHING_NEW', ['', '']),
      ]),
      ZONE,
      { sources: { 'hubspot-contacts-csv': { lifecycleStages: block.lifecycleStages } } },
    );
    // `status` keeps the vendor's text: the API's internal value, the export's label.
    expect(file.map((r) => canonical('leads', 'hubspot', r))).toEqual(
      api.map((r) => (r.status === 'UNQUALIFIED' ? { ...r, status: 'Unqualified' } : r)),
    );
    expect(api.map((r) => [r.lifecycle_stage, r.channel, r.created_at, r.mql_at])).toEqual([
      ['mql', 'paid_social', '2026-10-25T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
      ['other', 'organic_search', '2026-10-25T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
      ['mql', 'email', '2026-10-25T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
      ['other', 'other', '2026-10-25T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
    ]);
  });

  it('deals: the closed flags decide, else the stage (closedWonStages and `stages` alike)', async () => {
    const deal = (id: string, props: Record<string, string | null>) => ({
      id,
      archived: false,
      properties: {
        dealname: `Deal ${id}`,
        createdate: '2026-03-29T01:30:00.000Z',
        hs_lastmodifieddate: '2026-10-25T00:30:00.000Z',
        closedate: '2026-10-25T00:30:00.000Z',
        amount: '1500.25',
        deal_currency_code: 'USD',
        hubspot_owner_id: '77',
        pipeline: 'default',
        hs_is_closed: null,
        hs_is_closed_won: null,
        ...props,
      },
      associatedContacts: [{ id: '1', properties: { email: 'c1@acme.example' } }],
    });
    const api = (
      await apiRows(hubspot as Connector<unknown>, { closedWonStages: ['closedwon', 'signed'] }, secret, 'deals', [
        deal('11', { dealstage: 'closedwon' }),
        deal('12', { dealstage: 'signed' }),
        deal('13', { dealstage: 'appointmentscheduled', hs_is_closed: 'true', hs_is_closed_won: 'false' }),
        deal('14', { dealstage: 'contractsent' }),
      ])
    ).map((r) => canonical('deals', 'hubspot', r));
    const dealRow = (id: string, stage: string, closed: string, won: string) => [
      id,
      `Deal ${id}`,
      stage,
      'default',
      '1500.25',
      'USD',
      '2026-03-29 03:30',
      '2026-10-25 02:30',
      '2026-10-25 02:30',
      '77',
      closed,
      won,
      'c1@acme.example',
    ];
    const file = await csvRows(
      'hubspot-deals-csv',
      csv([
        [
          'Record ID',
          'Deal Name',
          'Deal Stage',
          'Pipeline',
          'Amount',
          'Currency',
          'Create Date',
          'Last Modified Date',
          'Close Date',
          'Deal owner',
          'Is Closed',
          'Is Closed Won',
          'Associated Contact Email',
        ],
        dealRow('11', 'Closed Won', '', ''),
        dealRow('12', 'signed', '', ''),
        dealRow('13', 'Appointment Scheduled', 'true', 'false'),
        dealRow('14', 'Contract Sent', '', ''),
      ]),
      ZONE,
      { sources: { 'hubspot-deals-csv': { stages: { signed: 'won' } } } },
    );
    expect(file.map((r) => canonical('deals', 'hubspot', r))).toEqual(
      // The API reads stage ids, the export labels: the rows agree on everything else.
      api.map((r, i) => ({ ...r, stage: ['Closed Won', 'signed', 'Appointment Scheduled', 'Contract Sent'][i] })),
    );
    expect(api.map((r) => [r.is_closed, r.is_won, r.closed_at])).toEqual([
      [true, true, '2026-10-25T00:30:00.000Z'],
      [true, true, '2026-10-25T00:30:00.000Z'],
      [true, false, '2026-10-25T00:30:00.000Z'],
      [false, false, null],
    ]);
  });
});

describe('Pipedrive: API and CSV give the same row', () => {
  it('deals: status, the outcome time first, UTC API times and local export times', async () => {
    const base = {
      currency: 'EUR',
      stage_id: 3,
      pipeline_id: 1,
      owner_id: 40,
      // Pipedrive's API writes UTC without an offset.
      add_time: '2026-03-29 01:30:00',
      update_time: '2026-10-25 00:30:00',
      person: { emails: [{ value: 'ann@acme.example', primary: true }] },
    };
    const records = [
      {
        ...base,
        id: 1,
        title: 'Won one',
        value: 1000,
        status: 'won',
        won_time: '2026-10-25 00:30:00',
        close_time: '2026-10-20 08:00:00',
      },
      {
        ...base,
        id: 2,
        title: 'Lost one',
        value: 0,
        status: 'lost',
        lost_time: '2026-10-25 00:30:00',
        close_time: null,
      },
      { ...base, id: 3, title: 'Open one', value: 250.5, status: 'open' },
      { ...base, id: 4, title: 'Gone', value: 10, status: 'deleted' },
    ];
    const api = (
      await apiRows(pipedrive as Connector<unknown>, { companyDomain: 'acme' }, { apiToken: 't' }, 'deals', records)
    ).map((r) => canonical('deals', 'pipedrive', r));
    const line = (
      id: string,
      title: string,
      value: string,
      status: string,
      won: string,
      lost: string,
      closed: string,
    ) => [
      id,
      title,
      value,
      'EUR',
      '3',
      '1',
      status,
      '2026-03-29 03:30:00',
      '2026-10-25 02:30:00',
      won,
      lost,
      closed,
      '40',
      'ann@acme.example',
    ];
    const file = await csvRows(
      'pipedrive-deals-csv',
      csv([
        [
          'Deal - ID',
          'Deal - Title',
          'Deal - Value',
          'Deal - Currency of Value',
          'Deal - Stage',
          'Deal - Pipeline',
          'Deal - Status',
          'Deal - Deal created',
          'Deal - Update time',
          'Deal - Won time',
          'Deal - Lost time',
          'Deal - Deal closed on',
          'Deal - Owner',
          'Person - Email',
        ],
        line('1', 'Won one', '1000', 'Won', '2026-10-25 02:30:00', '', '2026-10-20 10:00:00'),
        line('2', 'Lost one', '0', 'Lost', '', '2026-10-25 02:30:00', ''),
        line('3', 'Open one', '250.5', 'Open', '', '', ''),
        line('4', 'Gone', '10', 'Deleted', '', '', ''),
      ]),
    );
    expect(file.map((r) => canonical('deals', 'pipedrive', r))).toEqual(api);
    expect(api.map((r) => [r.is_closed, r.is_won, r.closed_at, r.is_deleted])).toEqual([
      [true, true, '2026-10-25T00:30:00.000Z', false],
      [true, false, '2026-10-25T00:30:00.000Z', false],
      [false, false, null, false],
      [false, false, null, true],
    ]);
  });

  it('an API deal whose status is none of open/won/lost/deleted is refused, as the export refuses it', async () => {
    const config = pipedrive.configSchema.parse({ companyDomain: 'acme' });
    await expect(
      apiRows(pipedrive as Connector<unknown>, config, { apiToken: 't' }, 'deals', [{ id: 9, status: 'archived' }]),
    ).rejects.toThrow(/"archived" is not a Pipedrive deal status/);
  });
});

describe('Google Ads: API and CSV give the same channel', () => {
  it('campaign types by enum (API) and label (report) alike; an unknown type is no channel', async () => {
    const types = ['SEARCH', 'PERFORMANCE_MAX', 'VIDEO', 'DEMAND_GEN', 'MULTI_CHANNEL', 'NEW_THING'];
    const labels = ['Search', 'Performance Max', 'Video', 'Demand Gen', 'App', 'NEW_THING'];
    const api = await apiRows(
      googleAds as Connector<unknown>,
      { customerId: '1234567890' },
      { clientId: 'c', clientSecret: 's', refreshToken: 'r', developerToken: 'd' },
      'campaign_daily',
      types.map((t, i) => ({
        segments: { date: '2026-11-02' },
        customer: { id: '1234567890', currencyCode: 'EUR' },
        campaign: { id: String(100 + i), name: `C${i}`, advertisingChannelType: t },
        metrics: { costMicros: '1000000', clicks: '1', impressions: '10', conversions: 0 },
      })),
    );
    const file = await csvRows(
      'google-ads-csv',
      csv([
        ['Day', 'Campaign ID', 'Campaign', 'Campaign type', 'Currency code', 'Cost', 'Impr.', 'Clicks', 'Conversions'],
        ...labels.map((l, i) => ['2026-11-02', String(100 + i), `C${i}`, l, 'EUR', '1.00', '10', '1', '0']),
      ]),
    );
    const channels = ['paid_search', 'paid_search', 'display', 'display', 'other', null];
    expect(api.map((r) => r.channel)).toEqual(channels);
    expect(file.map((r) => r.channel)).toEqual(channels);
  });
});

describe('one local-time rule', () => {
  it('a CloseDate-style local value resolves DST gaps and repeats as the CSV reader does', () => {
    // Spring gap: 02:30 does not exist in Berlin; read with the offset before the change.
    expect(zonedTimestamp('2026-03-29 02:30', ZONE)).toBe('2026-03-29T01:30:00.000Z');
    // Autumn repeat: 02:30 occurs twice; the earlier instant.
    expect(zonedTimestamp('2026-10-25 02:30', ZONE)).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedTimestamp('2026-02-30', ZONE)).toBeNull();
    expect(zonedTimestamp('2026-10-25T02:30:00+01:00', ZONE)).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('HubSpot activities: API and CSV give the same rows (direction, issue #14 item 5)', () => {
  const engagement = (id: string, properties: Record<string, string | null>) => ({
    id,
    archived: false,
    createdAt: '2026-11-16T09:00:00.000Z',
    updatedAt: '2026-11-16T09:05:00.000Z',
    properties: {
      hs_timestamp: '2026-11-16T09:00:00.000Z',
      hubspot_owner_id: '77',
      hs_engagement_source: 'CRM_UI',
      hs_lastmodifieddate: '2026-11-16T09:05:00.000Z',
      ...properties,
    },
    associations: { contacts: [{ toObjectId: 501 }] },
    associatedContacts: [{ id: '501', properties: { email: 'ann@acme.example' } }],
  });

  it('an incoming or forwarded email and an inbound call are `other` on both paths; the rep’s stay email / call', async () => {
    const secret = { accessToken: 'hs-token-1' };
    const fromApi = async (entity: 'emails' | 'calls', records: unknown[]) =>
      (await apiRows(hubspot as Connector<unknown>, {}, secret, entity, records)).map((r) =>
        // The export has no last-modified time; the API's is for the latest-version rule only.
        canonical('activities', 'hubspot', { ...r, updated_at: null }),
      );
    const api = [
      ...(await fromApi('emails', [
        engagement('1', { hs_email_direction: 'EMAIL', hs_email_status: 'SENT' }),
        engagement('2', { hs_email_direction: 'INCOMING_EMAIL', hs_email_status: null }),
        engagement('3', { hs_email_direction: 'FORWARDED_EMAIL', hs_email_status: null }),
      ])),
      ...(await fromApi('calls', [
        engagement('4', { hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED' }),
        engagement('5', { hs_call_direction: 'INBOUND', hs_call_status: 'COMPLETED' }),
      ])),
    ];
    const file = await csvRows(
      'hubspot-activities-csv',
      csv([
        [
          'Record ID',
          'Activity type',
          'Activity date',
          'Activity assigned to',
          'Email direction',
          'Email send status',
          'Call direction',
          'Call status',
          'Record source',
          'Associated Contact',
          'Associated Contact IDs',
        ],
        ['1', 'Email', '2026-11-16 10:00', '77', 'Outbound', 'Sent', '', '', 'CRM UI', 'Ann (ann@acme.example)', '501'],
        ['2', 'Incoming email', '2026-11-16 10:00', '77', '', '', '', '', 'CRM UI', 'Ann (ann@acme.example)', '501'],
        ['3', 'Email', '2026-11-16 10:00', '77', 'Forwarded', '', '', '', 'CRM UI', 'Ann (ann@acme.example)', '501'],
        [
          '4',
          'Call',
          '2026-11-16 10:00',
          '77',
          '',
          '',
          'Outbound',
          'Completed',
          'CRM UI',
          'Ann (ann@acme.example)',
          '501',
        ],
        [
          '5',
          'Call',
          '2026-11-16 10:00',
          '77',
          '',
          '',
          'Inbound',
          'Completed',
          'CRM UI',
          'Ann (ann@acme.example)',
          '501',
        ],
      ]),
    );
    expect(file.map((r) => canonical('activities', 'hubspot', r))).toEqual(api);
    expect(api.map((r) => [r.activity_id, r.type])).toEqual([
      ['emails-1', 'email'],
      ['emails-2', 'other'],
      ['emails-3', 'other'],
      ['calls-4', 'call'],
      ['calls-5', 'other'],
    ]);
  });
});

describe('Lead quality: API and CSV give the same judgement (issue #16 item 3)', () => {
  it('HubSpot: lead status UNQUALIFIED (API) and "Unqualified" (export), the reason property and column alike', async () => {
    const contact = (id: string, status: string | null, reason: string | null) => ({
      id,
      archived: false,
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-03T09:00:00.000Z',
      properties: {
        email: `c${id}@acme.example`,
        createdate: '2026-11-02T09:00:00.000Z',
        lastmodifieddate: '2026-11-03T09:00:00.000Z',
        hs_lead_status: status,
        lead_dq_reason: reason,
      },
    });
    const block = { properties: { disqualification_reason: 'lead_dq_reason', mql_at: 'none' } };
    const api = (
      await apiRows(hubspot as Connector<unknown>, block, { accessToken: 't' }, 'contacts', [
        contact('1', 'UNQUALIFIED', '  Student  '),
        contact('2', 'UNQUALIFIED', null),
        contact('3', 'CONNECTED', 'left over from before'),
        contact('4', null, null),
      ])
    ).map((r) => canonical('leads', 'hubspot', r));
    const file = (
      await csvRows(
        'hubspot-contacts-csv',
        csv([
          [
            'Record ID',
            'Email',
            'Create Date',
            'Last Modified Date',
            'Lead Status',
            'Disqualification Reason',
            'Lifecycle Stage',
          ],
          ['1', 'c1@acme.example', '2026-11-02 10:00', '2026-11-03 10:00', 'Unqualified', '  Student  '],
          ['2', 'c2@acme.example', '2026-11-02 10:00', '2026-11-03 10:00', 'Unqualified', ''],
          ['3', 'c3@acme.example', '2026-11-02 10:00', '2026-11-03 10:00', 'Connected', 'left over from before'],
          ['4', 'c4@acme.example', '2026-11-02 10:00', '2026-11-03 10:00', '', ''],
        ]),
      )
    ).map((r) => canonical('leads', 'hubspot', r));
    const judged = (rows: CanonicalRecord[]) => rows.map((r) => [r.is_disqualified, r.disqualification_reason]);
    const expected = [
      [true, 'Student'],
      [true, null],
      [false, null],
      [null, null],
    ];
    expect(judged(api)).toEqual(expected);
    expect(judged(file)).toEqual(expected);
  });

  it('Salesforce: the default disqualified statuses and a configured list, the custom reason field and column alike', async () => {
    const lead = (id: string, status: string, reason: string | null) => ({
      attributes: { type: 'Lead' },
      Id: id,
      Email: `l${id.slice(-4)}@acme.example`,
      Status: status,
      CreatedDate: '2026-11-02T09:00:00.000+0000',
      SystemModstamp: '2026-11-03T09:00:00.000+0000',
      IsDeleted: false,
      Reason__c: reason,
    });
    const ids = ['00Q5g00000AbCd1EAF', '00Q5g00000AbCd2EAF', '00Q5g00000AbCd3EAF', '00Q5g00000AbCd4EAF'];
    const records = [
      lead(ids[0]!, 'Closed - Not Converted', 'No budget'),
      lead(ids[1]!, 'unqualified', ' Student '),
      lead(ids[2]!, 'Working - Contacted', 'stale'),
      lead(ids[3]!, 'Junk', 'Spam'),
    ];
    const lines = [
      ['Id', 'Email', 'Status', 'CreatedDate', 'LastModifiedDate', 'Disqualification_Reason__c'],
      ...records.map((r) => [
        r.Id,
        r.Email,
        r.Status,
        '2026-11-02T09:00:00.000Z',
        '2026-11-03T09:00:00.000Z',
        r.Reason__c ?? '',
      ]),
    ];
    const secret = { clientId: 'id', clientSecret: 'secret' };
    const judged = (rows: CanonicalRecord[]) => rows.map((r) => [r.is_disqualified, r.disqualification_reason]);
    for (const custom of [undefined, ['Junk', 'Closed - Not Converted']]) {
      const block = {
        baseUrl: 'https://acme.my.salesforce.com',
        leadFields: { disqualification_reason: 'Reason__c' },
        ...(custom ? { disqualifiedStatuses: custom } : {}),
      };
      const api = (await apiRows(salesforce as Connector<unknown>, block, secret, 'leads', records)).map((r) =>
        canonical('leads', 'salesforce', r),
      );
      const file = (
        await csvRows('salesforce-leads-csv', csv(lines), ZONE, {
          sources: { 'salesforce-leads-csv': custom ? { disqualifiedStatuses: custom } : {} },
        })
      ).map((r) => canonical('leads', 'salesforce', r));
      const expected = custom
        ? [
            [true, 'No budget'],
            [false, null],
            [false, null],
            [true, 'Spam'],
          ]
        : [
            [true, 'No budget'],
            [true, 'Student'],
            [false, null],
            [false, null],
          ];
      expect(judged(api)).toEqual(expected);
      expect(judged(file)).toEqual(expected);
      expect(file).toEqual(api.map((r) => ({ ...r, campaign_name: null })));
    }
  });
});
