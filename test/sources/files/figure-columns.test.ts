/**
 * A column that decides a figure, missing from an export, is never a measured zero
 * (figure-columns.ts): a HubSpot view exported with "the properties in your view" (no
 * Lifecycle Stage) loaded every contact as no MQL and the report stated "MQL 0"; a deals
 * export without its stage or status loaded every deal open and stated "won 0". Such a file
 * is refused whole, naming the column and how to export it; a missing channel column loads the
 * leads with a note instead (their count stands, their channel is unknown).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeImport } from '../../../functions/core/import/import-summary.js';
import type { LoadManifest } from '../../../functions/core/records.js';
import { FormatError, VENDOR_FORMATS } from '../../../functions/sources/formats.js';
import { fieldCase } from '../../helpers/field-case.js';
import { FIXTURES, importBytes, importFixture, utf8 } from './helpers.js';
import { FIELD_CASES } from './field-cases.js';

const CONFIG = { reportingCurrency: 'USD', fxRates: { EUR: 1.08 }, timezone: 'America/New_York' };
const NY = 'America/New_York';

const csv = (...lines: string[]) => utf8(lines.join('\n'));
const refusal = (format: string, text: Uint8Array, file = 'export.csv', config = {}) =>
  importBytes(format, text, file, NY, { ...CONFIG, ...config }).catch((e: unknown) => e);

// The reviewer's HubSpot contacts view: "the properties in your view", no Lifecycle Stage, no Original Source.
const CONTACTS_VIEW =
  'Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Primary Associated Company ID,Last Activity Date,Lead Status,Marketing contact status,Create Date';
const CONTACT_ROW = '501,Ann,Lee,ann@acme.example,,Sam,,,NEW,Marketing contact,2026-11-17 10:00';

describe('a file without every column that decides a figure is refused, naming it and how to export it', () => {
  it('hubspot-contacts-csv without Lifecycle Stage (or an MQL date)', async () => {
    const err = await refusal('hubspot-contacts-csv', csv(CONTACTS_VIEW, CONTACT_ROW), 'contacts.csv');
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toBe(
      'contacts.csv: hubspot-contacts-csv: no "Lifecycle Stage", "Became a Marketing Qualified Lead Date" or "Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"" columns: every contact would load as no MQL and the report state 0 MQLs; export the contacts again with all properties (not "the properties in your view"), or add the "Lifecycle Stage" column to the view first (nothing was loaded)',
    );
  });

  it('hubspot-deals-csv without Deal Stage (or Is Closed Won)', async () => {
    const err = await refusal(
      'hubspot-deals-csv',
      csv(
        'Record ID,Deal Name,Amount,Currency,Create Date,Close Date,Deal owner,Associated Contact',
        '7001,Acme,12000,USD,2026-11-02 09:00,2026-11-18 15:00,Sam,Ann Lee (ann@acme.example)',
      ),
      'deals.csv',
    );
    expect((err as Error).message).toBe(
      'deals.csv: hubspot-deals-csv: no "Deal Stage" or "Is Closed Won" columns: every deal would load open and the report state 0 won deals and 0 won revenue; export the deals again with all properties (not "the properties in your view"), or add the "Deal Stage" column to the view first (nothing was loaded)',
    );
  });

  it('pipedrive-deals-csv without Status, Won time (or stages mapped in the config)', async () => {
    const file = csv(
      'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Deal created',
      '9001,Contoso,5000,EUR,Contract signed,2026-11-02 09:00:00',
    );
    expect(((await refusal('pipedrive-deals-csv', file, 'deals.csv')) as Error).message).toBe(
      `deals.csv: pipedrive-deals-csv: no "Deal - Status" or "Deal - Won time" columns: every deal would load open and the report state 0 won deals and 0 won revenue; add the "Status" column to the deals list (the deals list view's column picker) and export again, or map the stages to won and lost under sources["pipedrive-deals-csv"].stages (nothing was loaded)`,
    );
    // The stages mapped to an outcome settle the deal by its stage: the file loads.
    const stages = { sources: { 'pipedrive-deals-csv': { stages: { 'Contract signed': 'won' } } } };
    const { rows } = await importBytes('pipedrive-deals-csv', file, 'deals.csv', NY, { ...CONFIG, ...stages });
    expect(rows).toMatchObject([{ deal_id: '9001', is_won: true, is_closed: true }]);
  });

  it('salesforce-leads-csv without Status', async () => {
    const err = await refusal(
      'salesforce-leads-csv',
      csv(
        'Id,Email,CreatedDate,LeadSource,IsConverted',
        '00Q5g00000AbCd1EAF,a@x.example,2026-11-17T10:00:00Z,Web,false',
      ),
      'leads.csv',
    );
    expect((err as Error).message).toBe(
      'leads.csv: salesforce-leads-csv: no "Lead Status" column: every lead would load at stage lead and the report count only converted leads as MQLs; add the "Lead Status" column to the leads report (Data Loader: select the Status field) and export again (nothing was loaded)',
    );
  });

  it('salesforce-opportunities-csv without Stage (or Won): now with how to export it', async () => {
    const err = await refusal(
      'salesforce-opportunities-csv',
      csv('Opportunity ID,Amount,Created Date,Close Date', '0065g00000AbCd1,12000,11/02/2026,11/18/2026'),
      'opps.csv',
    );
    expect((err as Error).message).toBe(
      'opps.csv: salesforce-opportunities-csv: no "Stage" or "Won" columns: every opportunity would load open and the report state 0 won deals and 0 won revenue; add the "Stage" column to the opportunities report (Data Loader: select the StageName field) and export again (nothing was loaded)',
    );
  });
});

describe('one of several columns that decide a figure suffices, read consistently', () => {
  it('pipedrive: a filled "Won time" means won, a filled "Lost time" lost, neither open', async () => {
    const { rows, rejects, notes } = await importBytes(
      'pipedrive-deals-csv',
      csv(
        'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Deal created,Deal - Won time,Deal - Lost time',
        '1,Won,5000,EUR,2026-11-02 09:00:00,2026-11-18 14:00:00,',
        '2,Lost,800,USD,2026-11-03 09:00:00,,2026-11-19 10:00:00',
        '3,Open,300,USD,2026-11-04 09:00:00,,',
        // Won, reopened and lost: the later outcome is the deal's.
        '4,Won then lost,100,USD,2026-11-04 09:00:00,2026-11-10 09:00:00,2026-11-20 09:00:00',
      ),
      'deals.csv',
      NY,
      CONFIG,
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.deal_id, r.is_closed, r.is_won, r.closed_at])).toEqual([
      ['1', true, true, '2026-11-18T19:00:00.000Z'],
      ['2', true, false, '2026-11-19T15:00:00.000Z'],
      ['3', false, false, null],
      ['4', true, false, '2026-11-20T14:00:00.000Z'],
    ]);
    expect(notes.figureColumnsMissing).toBeUndefined();
  });

  it('pipedrive with "Won time" only: loads, and says a lost deal loads open', async () => {
    const { rows, notes } = await importBytes(
      'pipedrive-deals-csv',
      csv('Deal - ID,Deal - Title,Deal - Value,Deal - Deal created,Deal - Won time', '1,A,5000,2026-11-02,2026-11-18'),
      'deals.csv',
      NY,
      CONFIG,
    );
    expect(rows).toMatchObject([{ is_won: true }]);
    expect(notes.figureColumnsMissing).toEqual([
      {
        columns: ['Deal - Status', 'Deal - Lost time'],
        text: `no "Deal - Status" or "Deal - Lost time" columns: a lost deal loads open (won deals are read from "Deal - Won time"); add the "Status" column to the deals list (the deals list view's column picker) to tell lost deals`,
      },
    ]);
  });

  it('hubspot deals with "Is Closed Won" and no stage; salesforce with "Won" and no stage', async () => {
    const hs = await importBytes(
      'hubspot-deals-csv',
      csv(
        'Record ID,Deal Name,Amount,Currency,Create Date,Close Date,Is Closed Won,Is Deal Closed?',
        '7001,Acme,12000,USD,2026-11-02 09:00,2026-11-18 15:00,true,true',
      ),
      'deals.csv',
      NY,
      CONFIG,
    );
    expect(hs.rows).toMatchObject([{ is_won: true, is_closed: true, closed_at: '2026-11-18T20:00:00.000Z' }]);
    const sf = await importBytes(
      'salesforce-opportunities-csv',
      csv(
        'Opportunity ID,Amount,Created Date,Close Date,Won,Closed',
        '0065g00000AbCd1,12000,11/02/2026,11/18/2026,1,1',
      ),
      'opps.csv',
      NY,
      CONFIG,
    );
    expect(sf.rows).toMatchObject([{ is_won: true, is_closed: true }]);
  });

  it('hubspot contacts with only the MQL date load: the date decides the MQL', async () => {
    const { rows } = await importBytes(
      'hubspot-contacts-csv',
      csv(
        'Record ID,Email,Create Date,Became a Marketing Qualified Lead Date,Original Source',
        '1,a@x.example,2026-11-17 10:00,2026-11-17 11:00,Paid Search',
      ),
      'contacts.csv',
      NY,
      CONFIG,
    );
    expect(rows).toMatchObject([{ mql_at: '2026-11-17T16:00:00.000Z', channel: 'paid_search' }]);
  });
});

describe('a lead file without a channel column loads with a note, never a silent "other"', () => {
  it.each([
    [
      'hubspot-contacts-csv',
      // With its campaign column: the channel note alone (the campaign one: the test below).
      `${CONTACTS_VIEW},Lifecycle Stage,utm_campaign`,
      `${CONTACT_ROW},Marketing Qualified Lead,Brand Search US`,
      'no "Original Traffic Source", "Original Source", "utm_source" or "utm_medium" columns: every lead\'s channel is other and paid leads 0; export the contacts again with all properties (not "the properties in your view"), or add the "Original Traffic Source" column to the view first',
    ],
    [
      'salesforce-leads-csv',
      'Id,Email,CreatedDate,Status',
      '00Q5g00000AbCd1EAF,a@x.example,2026-11-17T10:00:00Z,Working',
      'no "Lead Source", "UTM_Source__c" or "UTM_Medium__c" columns: every lead\'s channel is other and paid leads 0; add the "Lead Source" column to the leads report (Data Loader: select the LeadSource field) and export again',
    ],
  ])('%s', async (format, header, row, text) => {
    const { rows, notes } = await importBytes(format, csv(header, row), 'leads.csv', NY, CONFIG);
    expect(rows).toHaveLength(1);
    expect(notes.figureColumnsMissing).toEqual([{ columns: expect.any(Array) as unknown, text }]);
    const manifest = { format, table: 'leads', notes } as unknown as LoadManifest;
    expect(describeImport(manifest)).toContain(`  not measured: ${text}`);
  });
});

describe('every real export and field case still loads', () => {
  it('the real HubSpot contacts exports: the Greek one (no source or campaign column) with both notes', async () => {
    const greek = await importFixture('hubspot-contacts-csv', 'hubspot-contacts-greek.csv');
    expect(greek.rows.length).toBeGreaterThan(0);
    // Nor a campaign column: idle spend cannot be measured on its contacts alone.
    expect(greek.notes.figureColumnsMissing).toMatchObject([
      { columns: ['Original Traffic Source', 'Original Source', 'utm_source', 'utm_medium'] },
      { columns: ['utm_campaign', 'First Touch Converting Campaign'] },
    ]);
    const all = await importFixture('hubspot-contacts-csv', 'hubspot-contacts-allprops-mongolian.csv');
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.notes.figureColumnsMissing).toBeUndefined();
  });

  // Every lead and deal file of the field cases and of own/ (their format told by their header).
  const FORMATS: [RegExp, string][] = [
    [/^"?Record ID"?,.*"?Deal Name/, 'hubspot-deals-csv'],
    [/^"?Record ID"?,/, 'hubspot-contacts-csv'],
    [/^Deal - ID/, 'pipedrive-deals-csv'],
    [/Opportunity ID|^"?Id"?,"?Name"?,/, 'salesforce-opportunities-csv'],
    [/Lead ID|^Id,FirstName|^"Id","FirstName"/, 'salesforce-leads-csv'],
  ];
  const files = [FIELD_CASES, join(FIXTURES, 'own')].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .map((f) => join(root, f))
      .filter((f) => f.endsWith('.csv') && statSync(f).isFile()),
  );
  const cases = files.flatMap((file) => {
    const head =
      readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0] ?? '';
    if (/activit|task|event|user/i.test(file)) return [];
    const format = FORMATS.find(([re]) => re.test(head))?.[1];
    return format ? [[file.slice(file.indexOf('fixtures/')), format] as const] : [];
  });

  it('finds the lead and deal files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map(([, f]) => f))).toEqual(new Set(Object.values(Object.fromEntries(FORMATS))));
  });

  it.each(cases)('%s as %s', async (file, format) => {
    const path = join(FIXTURES, '..', '..', file);
    const { rows, rejects, notes } = await importBytes(format, readFileSync(path), file, NY, {
      ...CONFIG,
      fxRates: { EUR: 1.08, CHF: 1.1, GBP: 1.25, JPY: 0.0067, BRL: 0.2 },
    }).catch((err: unknown) => {
      if (err instanceof FormatError && / no ".+" columns?: /.test(err.message)) throw err;
      return { rows: [{}], rejects: [], notes: {} as Record<string, unknown> }; // other refusals are these files' own cases
    });
    expect(rows.length + rejects.length).toBeGreaterThan(0); // F12's rows are all rejects (damaged ids)
    if (VENDOR_FORMATS[format]?.table === 'deals') expect(notes.figureColumnsMissing).toBeUndefined();
  });
});

describe("end to end, with the brief's config: the figures are refused, not stated 0", () => {
  it('HubSpot contacts and deals without their stage columns: refused, nothing loaded; Pipedrive by Won time: won 1', async () => {
    const run = await fieldCase(CONFIG);
    try {
      const contacts = join(run.dir, 'contacts.csv');
      const deals = join(run.dir, 'deals.csv');
      const pipedrive = join(run.dir, 'pipedrive.csv');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(contacts, [CONTACTS_VIEW, CONTACT_ROW].join('\n'));
      await writeFile(
        deals,
        [
          'Record ID,Deal Name,Amount,Currency,Create Date,Close Date,Deal owner,Associated Contact',
          '7001,Acme,12000,USD,2026-11-02 09:00,2026-11-18 15:00,Sam,Ann Lee (ann@acme.example)',
        ].join('\n'),
      );
      await writeFile(
        pipedrive,
        [
          'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Deal created,Deal - Won time,Person - Email (Work)',
          '9001,Contoso,5000,EUR,2026-11-02 09:00:00,2026-11-18 14:00:00,ann@acme.example',
        ].join('\n'),
      );
      await expect(run.import(contacts, 'hubspot-contacts-csv')).rejects.toThrow(/no "Lifecycle Stage"/);
      await expect(run.import(deals, 'hubspot-deals-csv')).rejects.toThrow(/no "Deal Stage" or "Is Closed Won"/);
      expect(await run.canonicalFiles('leads')).toEqual([]);
      await run.import(pipedrive, 'pipedrive-deals-csv');
      const report = await run.report('2026-W47');
      expect(report.totals).toMatchObject({ wonDeals: 1, wonRevenue: 5400 });
    } finally {
      await run.close();
    }
  });
});
