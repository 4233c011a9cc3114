/** Each format on fixtures of our own (test/fixtures/vendor-exports/own/), one quirk at a time. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FormatError, VENDOR_FORMATS } from '../../../functions/sources/formats.js';
import { importBytes, importFixture, sum, utf8 } from './helpers.js';

describe('hubspot-deals-csv', () => {
  it('reads stages by label and id, quoted thousands, associated contact emails; a bad date is a reject', async () => {
    const { rows, rejects, notes } = await importFixture('hubspot-deals-csv', 'own/hubspot-deals.csv', 'Europe/Zurich');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      deal_id: '9001',
      source: 'hubspot',
      amount: 12500,
      currency: 'EUR', // no currency column: the reporting currency, recorded in notes
      is_closed: true,
      is_won: true,
      created_at: '2026-02-01T08:30:00.000Z',
      closed_at: '2026-03-10T15:00:00.000Z',
      contact_emails: ['jane.doe@acme.com', 'bob@acme.com'],
      account_name: 'Acme AG',
    });
    expect(rows[1]).toMatchObject({ deal_id: '9002', is_closed: true, is_won: false });
    // An open deal's "Close Date" is only the expected date.
    expect(rows[2]).toMatchObject({ deal_id: '9003', is_closed: false, closed_at: null, amount: null, currency: null });
    expect(rejects).toEqual([
      {
        file: 'hubspot-deals.csv',
        line: 5,
        field: 'Create Date',
        reason: '"yesterday" is not a date/time (expected ISO, YYYY-MM-DD HH:MM, D/M/YYYY or M/D/YYYY or D Month YYYY)',
        raw: '"9004","Broken date","Contract Sent","Sales Pipeline","100","","yesterday","Bo Seller","","",""',
      },
    ]);
    // Counted per row loaded with an assumed currency (row 9003 has no amount).
    expect(notes).toMatchObject({
      currencyAssumed: { currency: 'EUR', from: 'reportingCurrency', rows: 2 },
      encoding: 'utf-8',
    });
  });

  it('takes the currency from the config when the portal has no currency column', async () => {
    const { rows } = await importFixture('hubspot-deals-csv', 'own/hubspot-deals.csv', 'UTC', {
      sources: { 'hubspot-deals-csv': { currency: 'CHF' } },
    });
    expect(rows[0]?.currency).toBe('CHF');
  });
});

describe('hubspot-contacts-csv', () => {
  it('maps lifecycle and source labels in every spelling, unknown ones to other (and says so)', async () => {
    const { rows, rejects, notes } = await importFixture(
      'hubspot-contacts-csv',
      'own/hubspot-contacts-labels-dst.csv',
      'America/New_York',
    );
    expect(rows.map((r) => [r.lead_id, r.lifecycle_stage, r.channel])).toEqual([
      ['1', 'mql', 'paid_search'], // "Marketing Qualified Lead", "Paid search"
      ['2', 'mql', 'paid_search'], // marketingqualifiedlead, PAID_SEARCH
      ['3', 'opportunity', 'paid_search'], // lead status OPEN_DEAL overrides; "Bezahlte Suche"
      ['4', 'other', 'other'], // custom stage "Nurture", unknown source
      ['5', 'other', 'organic_social'], // "Kunde" overridden by UNQUALIFIED
    ]);
    expect(rows[0]).toMatchObject({ mql_at: '2026-03-07T17:30:00.000Z', company_domain: 'acme.com' });
    expect(notes.unmappedLabels).toEqual({
      'Lifecycle Stage': { Nurture: 1 },
      'Original Source': { 'Carrier pigeon': 1 },
    });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 7, field: 'Create Date' });
  });

  it('reads wall-clock times in the account zone across the DST change', async () => {
    const { rows } = await importFixture(
      'hubspot-contacts-csv',
      'own/hubspot-contacts-labels-dst.csv',
      'America/New_York',
    );
    const created = Object.fromEntries(rows.map((r) => [r.lead_id, r.created_at]));
    expect(created['1']).toBe('2026-03-07T17:00:00.000Z'); // 12:00 EST (UTC-5)
    expect(created['2']).toBe('2026-03-09T16:00:00.000Z'); // 12:00 EDT (UTC-4)
    expect(created['3']).toBe('2026-03-08T06:30:00.000Z'); // 01:30, before the switch
    expect(created['4']).toBe('2026-03-08T07:30:00.000Z'); // 03:30, after it
  });

  it('custom stages map through the config', async () => {
    const { rows } = await importFixture('hubspot-contacts-csv', 'own/hubspot-contacts-labels-dst.csv', 'UTC', {
      sources: {
        'hubspot-contacts-csv': { lifecycleStages: { nurture: 'lead' }, channels: { 'carrier pigeon': 'events' } },
      },
    });
    expect(rows.find((r) => r.lead_id === '4')).toMatchObject({ lifecycle_stage: 'lead', channel: 'events' });
  });
});

describe('salesforce-leads-csv', () => {
  it('Data Loader export: API names, ISO times with +0000, IsConverted, IsDeleted', async () => {
    const { rows, rejects, notes } = await importFixture('salesforce-leads-csv', 'own/salesforce-leads-dataloader.csv');
    expect(rows.map((r) => [r.lead_id, r.lifecycle_stage, r.channel, r.is_deleted])).toEqual([
      ['00Q5g00000AAAA1EAP', 'lead', 'other', false],
      ['00Q5g00000AAAA2EAP', 'sql', 'events', false],
      ['00Q5g00000AAAA3EAP', 'other', 'referral', false],
      ['00Q5g00000AAAA4EAP', 'lead', 'other', true], // unknown status stays a lead
    ]);
    expect(rows[1]).toMatchObject({ created_at: '2026-03-02T11:00:00.000Z', company_domain: 'acme.com' });
    expect(rejects).toEqual([
      expect.objectContaining({ line: 6, field: 'CreatedDate', reason: expect.stringContaining('"03/32/2026"') }),
    ]);
    expect(notes.unmappedLabels).toEqual({ Status: { 'Nurture Program': 1 }, LeadSource: { 'Carrier Pigeon': 1 } });
  });

  it('report export: labels, M/D/YYYY h:mm AM/PM in the account zone, footer lines skipped', async () => {
    // Every date of this file reads either way (3/7/2026): refused whole until its order is set.
    await expect(
      importFixture('salesforce-leads-csv', 'own/salesforce-leads-report.csv', 'Europe/Zurich'),
    ).rejects.toThrow(
      'salesforce-leads-report.csv: line 2, column "Create Date": "3/7/2026, 11:30 PM" can be day-first or month-first and nothing in the file settles it; set sources["salesforce-leads-csv"].dateOrder to "DMY" or "MDY" in the config (nothing was loaded)',
    );
    const { rows, rejects, notes } = await importFixture(
      'salesforce-leads-csv',
      'own/salesforce-leads-report.csv',
      'Europe/Zurich',
      { sources: { 'salesforce-leads-csv': { dateOrder: 'MDY' } } },
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.lead_id, r.created_at, r.lifecycle_stage, r.channel])).toEqual([
      // 15-character report ids stored in their 18-character form (SPEC §3).
      ['00Q5g00000BBBB1EAP', '2026-03-07T22:30:00.000Z', 'lead', 'direct'],
      ['00Q5g00000BBBB2EAP', '2026-03-09T08:05:00.000Z', 'sql', 'other'],
      ['00Q5g00000BBBB3EAP', '2026-03-10T00:00:00.000Z', 'lead', 'events'], // a bare day: in the report zone (UTC)
    ]);
    expect(notes).toMatchObject({ skippedTotalsRows: 1, footerLines: 2, dateOrder: { order: 'MDY', from: 'setting' } });
  });
});

describe('salesforce-opportunities-csv', () => {
  it('flags win over stage names, currency per row, converted lead and contact email kept', async () => {
    const { rows, rejects } = await importFixture('salesforce-opportunities-csv', 'own/salesforce-opportunities.csv');
    expect(rows.map((r) => [r.deal_id, r.is_closed, r.is_won, r.amount, r.currency])).toEqual([
      ['0065g00000OPP00AAH', true, true, 25000, 'CHF'],
      ['0065g00000OPP00AAH', false, false, 7500.5, 'EUR'],
      ['0065g00000OPP00AAH', true, false, 1200, 'USD'], // custom lost stage, IsClosed says closed
    ]);
    expect(rows[0]).toMatchObject({
      converted_from_lead_id: '00Q5g00000AAAA2EAP',
      contact_emails: ['jane.doe@acme.com'],
      closed_at: '2026-03-20T00:00:00.000Z',
      account_name: 'Acme AG',
    });
    expect(rejects).toEqual([
      expect.objectContaining({ line: 5, field: 'CurrencyIsoCode', reason: '"EURO" is not an ISO 4217 currency code' }),
    ]);
  });
});

describe('pipedrive-deals-csv', () => {
  it('reads "Deal - …" columns, every person email column, won/lost times; deleted → is_deleted; unknown status → reject', async () => {
    const { rows, rejects } = await importFixture('pipedrive-deals-csv', 'own/pipedrive-deals.csv', 'Europe/Berlin');
    expect(rows.map((r) => [r.deal_id, r.is_closed, r.is_won, r.is_deleted, r.amount, r.currency])).toEqual([
      ['101', true, true, false, 15000, 'EUR'],
      ['102', true, false, false, 800.5, 'USD'],
      ['103', false, false, false, 2000, 'EUR'],
      ['104', false, false, true, 50, 'EUR'],
    ]);
    expect(rows[0]).toMatchObject({
      name: 'Acme deal',
      account_name: 'Acme AG',
      created_at: '2026-03-02T08:15:00.000Z',
      closed_at: '2026-03-18T13:00:00.000Z',
      contact_emails: ['jane.doe@acme.com', 'jane@gmail.com'],
      stage: 'Negotiations started',
      pipeline: 'Sales',
    });
    expect(rows[1]?.closed_at).toBe('2026-03-19T09:00:00.000Z');
    expect(rejects).toEqual([
      {
        file: 'pipedrive-deals.csv',
        line: 6,
        field: 'Deal - Status',
        reason: '"Archived" is not a Pipedrive deal status (open, won, lost, deleted)',
        raw: '105,Odd deal,50,EUR,Lead in,Sales,Archived,2026-01-04 11:00:00,,,,Pia Pipe,,,',
      },
    ]);
  });
});

describe('mailchimp-audience-csv', () => {
  it('trailing commas, TAGS cells, CONFIRM_TIME when OPTIN_TIME is empty, times as UTC', async () => {
    const { rows, rejects, notes } = await importFixture(
      'mailchimp-audience-csv',
      'own/mailchimp-subscribed.csv',
      'Europe/Zurich',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      // The member's LEID, which stays when its address changes; the subscriber hash (md5 of
      // the address), its id in loads made before LEID was read, is merged into it, and so is
      // its EUID, its id in an export without the LEID column.
      lead_id: '123456789',
      merged_lead_ids: ['d34f53fcc6506169dcf06013555d0e67', 'a1b2c3d4e5'],
      source: 'mailchimp',
      email: 'jane.doe@acme.com',
      company: 'Acme AG',
      created_at: '2026-03-01T08:00:00.000Z',
      updated_at: '2026-03-10T09:00:00.000Z',
      lifecycle_stage: 'subscriber',
      status: 'subscribed',
    });
    expect(rows[1]?.created_at).toBe('2026-03-02T10:00:00.000Z');
    expect(rejects).toEqual([
      expect.objectContaining({ line: 4, field: 'Email Address', reason: 'the email address is empty' }),
    ]);
    expect(notes).toMatchObject({ tags: { Blog: 2, VIP: 1 }, timestampsReadAs: 'UTC' });
  });

  // The lead id was the md5 of the address: a member whose address changed became a second
  // lead ("Week 47 leads restated 2 → 3"), though LEID and EUID stayed.
  it('lead id: LEID, else EUID, else the subscriber hash of the address', async () => {
    const text = [
      '"Email Address",OPTIN_TIME,LAST_CHANGED,LEID,EUID',
      'a@x.com,"2026-11-16 14:05:11","2026-11-16 14:05:11",311000001,f1e2d3c4b5',
      'b@x.com,"2026-11-16 14:05:11","2026-11-16 14:05:11",,f1e2d3c4b6',
      'c@x.com,"2026-11-16 14:05:11","2026-11-16 14:05:11",,',
    ].join('\n');
    const { rows, rejects } = await importBytes('mailchimp-audience-csv', utf8(text), 'subscribed.csv');
    expect(rejects).toEqual([]);
    const hash = (email: string) => createHash('md5').update(email).digest('hex');
    expect(rows.map((r) => [r.lead_id, r.merged_lead_ids])).toEqual([
      ['311000001', [hash('a@x.com'), 'f1e2d3c4b5']],
      ['f1e2d3c4b6', [hash('b@x.com')]],
      [hash('c@x.com'), []],
    ]);
    // A LEID a spreadsheet damaged is a reject, never a new member.
    const damaged = await importBytes(
      'mailchimp-audience-csv',
      utf8('"Email Address",OPTIN_TIME,LEID\na@x.com,"2026-11-16 14:05:11",3.11E+08\n'),
      'subscribed.csv',
    );
    expect(damaged.rows).toEqual([]);
    expect(damaged.rejects).toEqual([expect.objectContaining({ line: 2, field: 'LEID' })]);
  });

  // The file's date order was decided (14/11/2026: day-first) but not used: 03/11/2026 was a
  // reject asking for a dateOrder the file had already settled.
  it("times re-saved day-first are read in the file's date order", async () => {
    const text = [
      '"Email Address","First Name",OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED',
      'a@x.com,A,03/11/2026 10:00,,03/11/2026 10:00',
      'b@x.com,B,14/11/2026 10:00,,14/11/2026 10:00',
    ].join('\n');
    const { rows, rejects } = await importBytes('mailchimp-audience-csv', utf8(text), 'members.csv');
    expect(rejects).toEqual([]);
    expect(rows.map((r) => r.created_at)).toEqual(['2026-11-03T10:00:00.000Z', '2026-11-14T10:00:00.000Z']);
  });

  // Members imported into the list or added through the API have no OPTIN_TIME or CONFIRM_TIME:
  // they were dated by LAST_CHANGED, so old subscribers counted as new leads of the week a tag
  // was added to them (and moved to a later week with the next edit).
  it('a member without OPTIN_TIME or CONFIRM_TIME is a reject, never dated by LAST_CHANGED', async () => {
    const text = [
      '"Email Address","First Name",OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED,TAGS',
      'mira.holt@northwind.example,Mira,"2026-11-16 14:05:11","2026-11-16 14:06:40","2026-11-16 14:06:40",',
      'old.import1@acme.example,Old,"","","2026-11-18 09:13:30","""Webinar"""',
    ].join('\n');
    const { rows, rejects } = await importBytes('mailchimp-audience-csv', utf8(text), 'subscribed.csv');
    expect(rows.map((r) => r.email)).toEqual(['mira.holt@northwind.example']);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'OPTIN_TIME',
        reason:
          'no OPTIN_TIME or CONFIRM_TIME: when the subscriber joined is not known; LAST_CHANGED is when it was last edited',
      }),
    ]);
    // An export with LAST_CHANGED alone: every member a reject with the same reason.
    const only = await importBytes(
      'mailchimp-audience-csv',
      utf8('"Email Address",LAST_CHANGED\na@x.com,"2026-11-18 09:13:30"\n'),
      'members.csv',
    );
    expect(only.rows).toEqual([]);
    expect(only.rejects).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringContaining('no OPTIN_TIME or CONFIRM_TIME') }),
    ]);
  });
});

describe('linkedin-ads-csv', () => {
  it('UTF-16LE TSV with title lines and a blank separator line, daily M/D/YYYY, account id from the file name', async () => {
    const { rows, rejects, notes } = await importFixture(
      'linkedin-ads-csv',
      'own/account_513076055_campaign_performance_report.csv',
      'UTC',
      { locale: 'en-GB' }, // 9/1/2026 reads either way: LinkedIn's own M/D/YYYY settles it, not the team's locale
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.date, r.campaign_id, r.cost])).toEqual([
      ['2026-09-01', '612345678', 120.5],
      ['2026-09-02', '612345678', 99.5],
      ['2026-09-01', '612345679', 45],
      ['2026-09-02', '612345679', 0], // " --"
    ]);
    expect(sum(rows, 'impressions')).toBe(21200);
    expect(rows[0]).toMatchObject({
      account_id: '513076055',
      platform: 'linkedin',
      channel: 'paid_social',
      currency: 'CHF',
      line: 5,
    });
    expect(notes).toMatchObject({
      encoding: 'utf-16le',
      delimiter: 'tab',
      headerLine: 4,
      dateOrder: { order: 'MDY', from: 'format' },
    });
    expect(notes.spreadEvenly).toBeUndefined();
  });

  it('UTF-16BE, a 7-day row is spread evenly and sums exactly', async () => {
    const { rows, notes } = await importFixture('linkedin-ads-csv', 'own/linkedin-weekly-utf16be.csv');
    expect(rows.map((r) => r.cost)).toEqual([14.29, 14.29, 14.29, 14.29, 14.28, 14.28, 14.28]);
    expect(sum(rows, 'cost')).toBe(100);
    expect(sum(rows, 'impressions')).toBe(1000);
    expect(sum(rows, 'clicks')).toBe(10);
    expect(notes).toMatchObject({
      encoding: 'utf-16be',
      spreadEvenly: true,
      range: { start: '2026-09-07', end: '2026-09-13' },
    });
  });
});

describe('meta-ads-csv', () => {
  it('French headers, semicolons, decimal commas and space thousands; an Excel-damaged id is rejected', async () => {
    const { rows, rejects, notes } = await importFixture('meta-ads-csv', 'own/meta-fr-semicolon.csv');
    expect(rows.map((r) => [r.date, r.cost, r.impressions, r.clicks, r.conversions])).toEqual([
      ['2026-03-29', 1234.56, 98765, 1020, 12],
      ['2026-03-30', 1000.04, 80000, 900, 10.5],
    ]);
    expect(rows[0]).toMatchObject({
      campaign_id: '120210000000000001',
      currency: 'EUR',
      campaign_name: 'Printemps – Leads',
    });
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'Identifiant de la campagne',
        reason: expect.stringContaining('scientific notation'),
      }),
    ]);
    expect(notes).toMatchObject({ delimiter: ';' });
  });

  it('currency from the "Amount spent (CHF)" header; rows of the same campaign and day are summed', async () => {
    const { rows } = await importFixture('meta-ads-csv', 'own/meta-daily-chf.csv');
    expect(rows.map((r) => [r.date, r.cost, r.impressions, r.clicks, r.conversions, r.currency])).toEqual([
      ['2026-03-01', 15.15, 1500, 15, 1, 'CHF'],
      ['2026-03-02', 20, 2000, 20, 2, 'CHF'],
    ]);
    expect(rows[0]?.campaign_id).toMatch(/^name:[0-9a-f]{16}$/);
  });

  it('a range-only export without any date fails clearly', async () => {
    await expect(importFixture('meta-ads-csv', 'own/meta-no-dates.csv')).rejects.toThrow(
      'meta-no-dates.csv: meta-ads-csv: expected a day column or a date range on the title lines, found neither above the header on line 1',
    );
  });
});

describe('google-ads-csv', () => {
  it('per day with ids, quoted thousands, --, percentages; unknown campaign type → no channel', async () => {
    const { rows, rejects, notes } = await importFixture('google-ads-csv', 'own/google-ads-daily.csv');
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.date, r.campaign_id, r.channel, r.cost, r.clicks])).toEqual([
      ['2026-03-01', '111', 'paid_search', 1050.25, 300],
      ['2026-03-02', '111', 'paid_search', 949.75, 280],
      ['2026-03-01', '222', 'display', 100, null],
      ['2026-03-01', '333', null, 1, 1],
    ]);
    expect(sum(rows, 'cost')).toBe(2101);
    expect(rows[0]?.account_id).toBe('123-456-7890');
    expect(notes).toMatchObject({ skippedTotalsRows: 1, unmappedLabels: { 'Campaign type': { 'Hybrid Quantum': 1 } } });
    expect(notes.spreadEvenly).toBeUndefined();
  });

  it('German: semicolons, 1.234,56, D.M.YYYY days, "Gesamt" totals row', async () => {
    const { rows, notes } = await importFixture('google-ads-csv', 'own/google-ads-de-semicolon.csv');
    expect(rows.map((r) => [r.date, r.cost, r.impressions, r.channel])).toEqual([
      ['2026-03-01', 1234.56, 10000, 'paid_search'],
      ['2026-03-02', 765.44, 9500, 'paid_search'],
    ]);
    expect(notes).toMatchObject({ skippedTotalsRows: 1, delimiter: ';' });
  });
});

describe('a file that does not fit its format', () => {
  const wrong: Record<string, string> = {
    'hubspot-contacts-csv': 'own/mailchimp-subscribed.csv',
    'hubspot-deals-csv': 'own/mailchimp-subscribed.csv',
    'salesforce-leads-csv': 'own/pipedrive-deals.csv',
    'salesforce-opportunities-csv': 'own/mailchimp-subscribed.csv',
    'pipedrive-deals-csv': 'own/hubspot-deals.csv',
    'google-ads-csv': 'own/mailchimp-subscribed.csv',
    'meta-ads-csv': 'googleads-campaign-report-greek-eur.csv',
    'linkedin-ads-csv': 'own/hubspot-deals.csv',
    'mailchimp-audience-csv': 'hubspot-contacts-greek.csv',
    'hubspot-activities-csv': 'own/hubspot-deals.csv',
    // A leads export has an Id but nothing that says when an activity happened.
    'salesforce-activities-csv': 'own/salesforce-leads-dataloader.csv',
    'pipedrive-activities-csv': 'own/pipedrive-deals.csv',
    // A spend report names campaigns, never users.
    'salesforce-users-csv': 'own/google-ads-daily.csv',
  };

  it('covers every registered format', () => {
    expect(Object.keys(wrong).sort()).toEqual(Object.keys(VENDOR_FORMATS).sort());
  });

  it.each(Object.entries(wrong))(
    '%s fails with one FormatError naming what was expected and found',
    async (format, file) => {
      const err = await importFixture(format, file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^${file.split('/').pop()!.replace('.', '\\.')}: ${format}: expected a header with ".+", found ".+" on line \\d+(; missing: ".+" \\(in any of the languages docs/vendor-imports\\.md lists\\))?(; ".+" is not a known name, closest: ".+")?(; no line of the first \\d+ names these columns in a language ${format} reads \\([A-Za-z, ]+\\): an export in another interface language \\(switch it to one of these and download again\\), or an export of another kind)?$`,
        ),
      );
    },
  );

  it('names the columns, as in the brief', async () => {
    await expect(importFixture('google-ads-csv', 'own/mailchimp-subscribed.csv')).rejects.toThrow(
      'google-ads-csv: expected a header with "Campaign" and "Cost", found "Email Address,First Name,Last Name,Company,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CO…" on line 1',
    );
  });
});
