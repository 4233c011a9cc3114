import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import {
  buildReportAttachments,
  csvCell,
  csvDialect,
  CSV_CONTENT_TYPE,
} from '../../functions/core/report/attachments.js';
import type { FunnelReport } from '../../functions/core/report-types.js';

function report(): FunnelReport {
  return structuredClone(fixture.report);
}

/** The rows as a spreadsheet would split them (BOM dropped), header first. */
function rows(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: false }) as string[][];
}

function file(r: FunnelReport, kind: string) {
  const f = buildReportAttachments(r).find((a) => a.kind === kind);
  if (!f) throw new Error(`no ${kind} attachment`);
  return f;
}

describe('buildReportAttachments', () => {
  it('gives one CSV per list, named by the week, with explicit columns and one row per item', () => {
    const r = report();
    const files = buildReportAttachments(r);
    expect(files.map((f) => [f.kind, f.filename, f.contentType, f.rows])).toEqual([
      ['overdueLeads', `overdue-leads-${r.week}.csv`, CSV_CONTENT_TYPE, r.overdueLeads.length],
      ['marketingDeals', `marketing-deals-${r.week}.csv`, CSV_CONTENT_TYPE, r.claimBasis!.deals.length],
      ['idleCampaigns', `idle-campaigns-${r.week}.csv`, CSV_CONTENT_TYPE, r.idleSpend.length],
    ]);
    expect(CSV_CONTENT_TYPE).toBe('text/csv; charset=utf-8');

    const overdue = rows(files[0]!.csv);
    expect(overdue[0]).toEqual([
      'email',
      'owner',
      'channel',
      'created_at (Europe/Zurich)',
      'hours_overdue',
      'owner_name',
      'name',
      'company',
      'source',
      'record_url',
      'owner_inactive',
      'owner_known_at_cutoff',
      'hours_overdue_at_least',
    ]);
    expect(overdue).toHaveLength(r.overdueLeads.length + 1);
    // The report's first overdue lead, its instant in the report's zone (UTC+1 in November).
    expect(overdue[1]).toEqual([
      'j.meier@alpine-logistics.example',
      'Lena Brunner',
      'paid_search',
      '2026-11-20 18:00',
      '30',
      '',
      '',
      '',
      '',
      '',
      // The sample report was built before 1.12: no owner marks, empty cells.
      '',
      '',
      '',
    ]);

    const deals = rows(files[1]!.csv);
    expect(deals[0]).toEqual([
      'source',
      'deal_id',
      'deal_name',
      'account',
      'amount (EUR)',
      'won_in_week',
      'match_method',
      'lead_email',
      'channel',
      'campaign',
    ]);
    expect(deals[1]).toEqual([
      'salesforce',
      '006AB000001xYzQAAU',
      'Northwind – Platform rollout',
      'Northwind Traders',
      '24800',
      'false',
      'conversion',
      'anna.keller@northwind.example',
      'paid_search',
      'Brand – DACH',
    ]);

    const idle = rows(files[2]!.csv);
    expect(idle[0]).toEqual(['platform', 'campaign_id', 'campaign_name', 'spend (EUR)']);
    const first = r.idleSpend[0]!;
    expect(idle[1]).toEqual([first.platform, first.campaignId, first.campaignName ?? '', String(first.spend)]);
  });

  it('gives a creation known only to the day as its day, and marks its hours past the SLA as a lower bound', () => {
    const r = report();
    const [first] = r.overdueLeads;
    if (!first) throw new Error('the fixture lists overdue leads');
    // "17 Nov" in Zurich: stored as its start, 16 Nov 23:00 UTC.
    r.overdueLeads = [{ ...first, createdAt: '2026-11-16T23:00:00Z', hoursOverdue: 120, hoursOverdueAtLeast: true }];
    const [header, row] = rows(file(r, 'overdueLeads').csv);
    const cell = (name: string) => row![header!.findIndex((h) => h.startsWith(name))];
    expect(cell('created_at')).toBe('2026-11-17');
    expect(cell('hours_overdue')).toBe('120');
    expect(cell('hours_overdue_at_least')).toBe('true');
  });

  it('gives sales what it acts on: owner name, lead name, company, source and the CRM link', () => {
    const r = report();
    r.overdueLeads = [
      {
        email: 'anna@northwind.example',
        createdAt: '2026-11-20T08:00:00Z',
        owner: '12345',
        ownerName: 'Lena Brunner',
        name: 'Anna Keller',
        company: 'Northwind',
        channel: 'paid_search',
        hoursOverdue: 3,
        source: 'hubspot',
        recordUrl: 'https://app.hubspot.com/contacts/999/record/0-1/42',
        ownerInactive: true,
        ownerKnownAtCutoff: false,
      },
    ];
    expect(rows(file(r, 'overdueLeads').csv)[1]!.slice(5)).toEqual([
      'Lena Brunner',
      'Anna Keller',
      'Northwind',
      'hubspot',
      'https://app.hubspot.com/contacts/999/record/0-1/42',
      // Deactivated in the CRM; the owner known only from a version after the week.
      'true',
      'false',
      // Built before 1.14: no mark whether the hours are a lower bound.
      '',
    ]);
  });

  it('names the reporting currency in the money headers', () => {
    const r = report();
    r.currency = 'CHF';
    expect(rows(file(r, 'marketingDeals').csv)[0]).toContain('amount (CHF)');
    expect(rows(file(r, 'idleCampaigns').csv)[0]).toContain('spend (CHF)');
  });

  it('writes UTF-8 with a byte-order mark and CRLF line ends, umlauts intact', () => {
    const r = report();
    r.overdueLeads = [
      { email: null, createdAt: '2026-11-20T08:00:00Z', owner: 'Jürg Müller', channel: null, hoursOverdue: 2.5 },
    ];
    const f = file(r, 'overdueLeads');
    const bytes = Buffer.from(f.csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(f.csv.endsWith('\r\n')).toBe(true);
    expect(f.csv.split('\r\n')).toHaveLength(3);
    expect(bytes.includes(Buffer.from('Jürg Müller', 'utf8'))).toBe(true);
    // Nulls are empty cells, not "null"; so are the marks of a report built before 1.12.
    expect(rows(f.csv)[1]).toEqual(['', 'Jürg Müller', '', '2026-11-20 09:00', '2.5', '', '', '', '', '', '', '', '']);
  });

  it('defuses formula injection: text starting with = + - @ tab or CR gets a leading quote', () => {
    const r = report();
    const evil = ['=HYPERLINK("http://evil.example","Click")', '+41 44 000', '-2+3', '@SUM(A1)', '\tx', '\rx'];
    r.idleSpend = evil.map((name, i) => ({ platform: 'meta', campaignId: String(i), campaignName: name, spend: 10 }));
    r.overdueLeads = [
      {
        email: '=cmd|"/c calc"!A1',
        createdAt: '2026-11-20T08:00:00Z',
        owner: '@owner',
        channel: null,
        hoursOverdue: 1,
      },
    ];
    const idle = rows(file(r, 'idleCampaigns').csv).slice(1);
    expect(idle.map((row) => row[2])).toEqual(evil.map((v) => `'${v}`));
    const lead = rows(file(r, 'overdueLeads').csv)[1]!;
    expect(lead[0]).toBe(`'=cmd|"/c calc"!A1`);
    expect(lead[1]).toBe(`'@owner`);
    // Text that merely contains those characters is left alone.
    expect(csvCell('Brand – DACH = best')).toBe('Brand – DACH = best');
    expect(csvCell('a-b@c.example')).toBe('a-b@c.example');
  });

  it('keeps numbers numbers: a negative amount is written as a number, the same text is quoted', () => {
    const r = report();
    r.idleSpend = [{ platform: 'google_ads', campaignId: '-7', campaignName: 'Refund', spend: -12.5 }];
    const idle = rows(file(r, 'idleCampaigns').csv)[1]!;
    expect(idle).toEqual(['google_ads', "'-7", 'Refund', '-12.5']);
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks so each item stays one row', () => {
    const r = report();
    const name = 'Acme, Inc. "EMEA"\nsecond line';
    r.claimBasis!.deals = [
      {
        source: 'hubspot',
        dealId: '42',
        name,
        accountName: 'Zürich AG; Filiale',
        amount: null,
        wonInWeek: true,
        method: 'domain',
        leadEmail: null,
        channel: 'events',
        campaignName: null,
      },
    ];
    const f = file(r, 'marketingDeals');
    expect(f.csv).toContain('"Acme, Inc. ""EMEA""\nsecond line"');
    const parsed = rows(f.csv);
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toEqual(['hubspot', '42', name, 'Zürich AG; Filiale', '', 'true', 'domain', '', 'events', '']);
  });

  it('gives no file for an empty list or a family not measured', () => {
    const r = report();
    r.overdueLeads = [];
    r.idleSpend = [];
    expect(buildReportAttachments(r).map((f) => f.kind)).toEqual(['marketingDeals']);
    r.claimBasis = null;
    expect(buildReportAttachments(r)).toEqual([]);
    r.claimBasis = { byBasis: [], deals: [] };
    expect(buildReportAttachments(r)).toEqual([]);
  });

  it('is pure: the same report gives the same bytes', () => {
    expect(buildReportAttachments(report())).toEqual(buildReportAttachments(report()));
  });

  it('uses the separators of the team’s spreadsheet: ";" outside English, and the locale’s decimal mark', () => {
    const r = report();
    r.claimBasis!.deals = [
      { ...r.claimBasis!.deals[0]!, source: 'hubspot', dealId: '7', name: 'Müller; Söhne', amount: 12500.5 },
    ];
    const split = (csv: string, delimiter: string) => parse(csv, { bom: true, delimiter }) as string[][];
    const amountOf = (locale: string | undefined, delimiter: string) => {
      const f = buildReportAttachments(r, locale).find((a) => a.kind === 'marketingDeals')!;
      const [header, row] = split(f.csv, delimiter);
      expect(header!.length).toBeGreaterThan(5); // really split at this separator
      expect(row![2]).toBe('Müller; Söhne');
      return row![header!.findIndex((h) => h.startsWith('amount'))];
    };
    expect(amountOf(undefined, ',')).toBe('12500.5');
    expect(amountOf('en-GB', ',')).toBe('12500.5');
    expect(amountOf('de-CH', ';')).toBe('12500.5'); // Swiss Excel: ";" between fields, "." decimals
    expect(amountOf('de-DE', ';')).toBe('12500,5'); // German Excel would read 12500.5 as text
    expect(amountOf('pt-BR', ';')).toBe('12500,5');
    expect(csvDialect('fr-FR')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvDialect('EN-us')).toEqual({ delimiter: ',', decimal: '.' });
  });
});
