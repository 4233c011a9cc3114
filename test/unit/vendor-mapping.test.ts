import { describe, expect, it } from 'vitest';
import { websiteDomain } from '../../functions/core/email-key.js';
import { googleAdsChannel } from '../../functions/sources/google-ads/mapping.js';
import {
  hubspotChannel,
  hubspotDealOutcome,
  hubspotLifecycleStage,
  hubspotStageOverrides,
} from '../../functions/sources/hubspot/mapping.js';
import { localIsoToUtc } from '../../functions/sources/local-time.js';
import { pipedriveChannel, pipedriveClosedAt, pipedriveDealStatus } from '../../functions/sources/pipedrive/mapping.js';
import {
  salesforceLeadChannel,
  salesforceLeadStage,
  salesforceOpportunityOutcome,
} from '../../functions/sources/salesforce/mapping.js';
import { domainFromUrl } from '../../functions/sources/vendor-csv/values.js';

const noUtm = { source: null, medium: null };

describe('HubSpot mapping', () => {
  it('internal values and labels alike; the lead status overrides; custom stages are other and listed', () => {
    expect(hubspotLifecycleStage('marketingqualifiedlead', null).value).toBe('mql');
    expect(hubspotLifecycleStage('Marketing-Qualified-Lead', null).value).toBe('mql');
    expect(hubspotLifecycleStage('lead', 'Open Deal').value).toBe('opportunity');
    expect(hubspotLifecycleStage('customer', 'UNQUALIFIED').value).toBe('other');
    expect(hubspotLifecycleStage('1064277769', null)).toEqual({ value: 'other', unmapped: '1064277769' });
    expect(hubspotLifecycleStage('1064277769', null, { lifecycleStages: { '1064277769': 'sql' } })).toEqual({
      value: 'sql',
    });
    expect(hubspotLifecycleStage(null, null).value).toBeNull();
  });

  it('original source first, UTMs when it is empty or unknown', () => {
    expect(hubspotChannel('PAID_SEARCH', { source: 'facebook', medium: 'paid_social' }).value).toBe('paid_search');
    expect(hubspotChannel('Bezahlte Suche', noUtm).value).toBe('paid_search');
    expect(hubspotChannel(null, { source: 'google', medium: 'cpc' }).value).toBe('paid_search');
    expect(hubspotChannel('NEW_SOURCE', { source: 'google', medium: 'cpc' })).toEqual({
      value: 'paid_search',
      unmapped: 'NEW_SOURCE',
    });
    expect(hubspotChannel('NEW_SOURCE', noUtm)).toEqual({ value: 'other', unmapped: 'NEW_SOURCE' });
    expect(hubspotChannel(null, noUtm).value).toBeNull();
  });

  it('flags decide; closedWonStages/closedLostStages act as stages overrides', () => {
    const stages = hubspotStageOverrides({ closedWonStages: ['closedwon', '123'], closedLostStages: ['closedlost'] });
    expect(hubspotDealOutcome('123', { closed: null, won: null }, { stages }).value).toEqual({
      isClosed: true,
      isWon: true,
    });
    expect(hubspotDealOutcome('closedwon', { closed: false, won: false }).value).toEqual({
      isClosed: false,
      isWon: false,
    });
    expect(hubspotDealOutcome('456', { closed: null, won: null })).toEqual({
      value: { isClosed: false, isWon: false },
      unmapped: '456',
    });
  });
});

describe('Salesforce mapping', () => {
  const lead = (status: string | null, isConverted: boolean | null = false, opp: string | null = null) =>
    salesforceLeadStage({ status, isConverted, convertedOpportunityId: opp });

  it('"Qualified" is sql; unknown statuses and no status stay lead', () => {
    expect(lead('Qualified').value).toBe('sql');
    expect(lead('Closed - Converted').value).toBe('sql');
    expect(lead('Closed - Not Converted').value).toBe('other');
    expect(lead('Working - Contacted').value).toBe('lead');
    expect(lead('Custom Status')).toEqual({ value: 'lead', unmapped: 'Custom Status' });
    expect(lead(null).value).toBe('lead');
  });

  it('a converted lead is at least sql, at least opportunity with its opportunity, and keeps a later stage', () => {
    expect(lead('Closed - Not Converted', true).value).toBe('sql');
    expect(lead('Working - Contacted', true, '0065g00000XyZ12AAF').value).toBe('opportunity');
    const customer = salesforceLeadStage(
      { status: 'Won Big', isConverted: true, convertedOpportunityId: '0065g00000XyZ12AAF' },
      { lifecycleStages: { 'won big': 'customer' } },
    );
    expect(customer.value).toBe('customer');
  });

  it('LeadSource first unless it says other; UTMs refine and fill', () => {
    expect(salesforceLeadChannel('Phone Inquiry', { source: 'google', medium: 'cpc' }).value).toBe('direct');
    expect(salesforceLeadChannel('Web', { source: 'google', medium: 'cpc' }).value).toBe('paid_search');
    expect(salesforceLeadChannel('Web', noUtm)).toEqual({ value: 'other' });
    expect(salesforceLeadChannel(null, { source: 'linkedin', medium: 'paid_social' }).value).toBe('paid_social');
    expect(salesforceLeadChannel('Webinar', noUtm, { channels: { WEBINAR: 'events' } }).value).toBe('events');
    expect(salesforceLeadChannel('Podcast', noUtm)).toEqual({ value: 'other', unmapped: 'Podcast' });
  });

  it('IsClosed/IsWon decide over the name; names only without the flags', () => {
    expect(salesforceOpportunityOutcome('Closed Won', { closed: true, won: false }).value).toEqual({
      isClosed: true,
      isWon: false,
    });
    expect(salesforceOpportunityOutcome('Posted', { closed: null, won: null }).value).toEqual({
      isClosed: true,
      isWon: true,
    });
  });
});

describe('Pipedrive mapping', () => {
  it('status in any known language; by stage only without one; unknown is undefined', () => {
    expect(pipedriveDealStatus('Gewonnen', null)?.value).toBe('won');
    expect(pipedriveDealStatus(null, 'Signed', { stages: { signed: 'won' } })?.value).toBe('won');
    expect(pipedriveDealStatus(null, 'Demo')).toEqual({ value: 'open', unmapped: 'Demo' });
    expect(pipedriveDealStatus('archived', null)).toBeUndefined();
  });

  it("closed_at is the outcome's own time first", () => {
    const times = { wonTime: 'W', lostTime: 'L', closeTime: 'C' };
    expect(pipedriveClosedAt('won', times)).toBe('W');
    expect(pipedriveClosedAt('lost', { ...times, lostTime: null })).toBe('C');
    expect(pipedriveClosedAt('open', times)).toBeNull();
  });

  it('channel options through the user map, case-insensitive', () => {
    expect(pipedriveChannel('Paid Ads', null, { channels: { 'paid ads': 'paid_search' } }).value).toBe('paid_search');
    expect(pipedriveChannel('12', null)).toEqual({ value: 'other', unmapped: '12' });
    expect(pipedriveChannel(null, 'Web forms').value).toBe('other');
    expect(pipedriveChannel(null, null).value).toBeNull();
  });
});

describe('Google Ads mapping', () => {
  it('enum and label alike; App other, an unknown type no channel', () => {
    expect(googleAdsChannel('PERFORMANCE_MAX').value).toBe('paid_search');
    expect(googleAdsChannel('Performance Max').value).toBe('paid_search');
    expect(googleAdsChannel('UNSPECIFIED').value).toBeNull();
    expect(googleAdsChannel('App').value).toBe('other');
    expect(googleAdsChannel('Brand new')).toEqual({ value: null, unmapped: 'Brand new' });
  });
});

describe('one website → domain rule (API and files)', () => {
  it('port, www, case and IDN the same way on both paths', () => {
    for (const [input, domain] of [
      ['https://www.Acme.com:8443/about', 'acme.com'],
      ['acme.com', 'acme.com'],
      ['http://müller.de/', 'xn--mller-kva.de'],
      ['Acme Inc', null],
      ['localhost', null],
    ] as const) {
      expect(websiteDomain(input)).toBe(domain);
      expect(domainFromUrl(input)).toBe(domain);
    }
  });

  it('a page about the company on another host gives no domain; its own site with a page path does', () => {
    for (const [input, company, domain] of [
      ['https://www.dir.example/companies/acme', null, null],
      ['https://de.social.example/company/acme-gmbh/', 'Acme GmbH', null],
      ['https://net.example/in/jane-doe', null, null],
      ['https://video.example/@acme', null, null],
      ['https://www.reviews.example/biz/acme-berlin', null, null],
      ['https://www.shop.example/sp?seller=A1B2', null, null],
      ['https://www.xing.de/alpha16', 'Alpha 16', null],
      ['https://www.kununu.com/de/alpha24', 'Alpha 24', null],
      ['https://www.booking.com/hotel/de/alpha20.html', 'Alpha 20', null],
      ['https://www.acme.com/de', 'Acme GmbH', 'acme.com'],
      ['https://acme.com/en-us/', null, 'acme.com'],
      ['https://acme.com/about', 'Acme', 'acme.com'],
      ['https://acme.com/index.html', null, 'acme.com'],
      ['https://www.acme.com/shop/acme-tools', 'Acme', 'acme.com'],
      ['https://www.northwind.example/de/', 'Northwind Traders', 'northwind.example'],
    ] as const) {
      expect(websiteDomain(input, company), input).toBe(domain);
      expect(domainFromUrl(input, company), input).toBe(domain);
    }
  });
});

describe('local ISO → UTC', () => {
  it('a date is the start of its day; impossible values are null', () => {
    expect(localIsoToUtc('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(localIsoToUtc('2026-01-15', 'Europe/Berlin')).toBe('2026-01-14T23:00:00.000Z');
    expect(localIsoToUtc('2026-01-15 24:00', 'Europe/Berlin')).toBeNull();
    expect(localIsoToUtc('2026-01-15', 'Mars/Olympus')).toBeNull();
  });
});
