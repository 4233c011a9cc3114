/**
 * Rows of leads, deals and activities rejected at import. Spend rejects already made the email
 * say "Incomplete" (`spendRejected`); the other tables' rejects silently dropped out of the
 * figures: a won 60,000 CHF deal rejected for a missing FX rate read "Won revenue: US$0", a call
 * whose Record ID a spreadsheet damaged left its lead "overdue" (SLA 0 %), a contact with an
 * Excel serial date made "Leads: 1" of two, each with `assumptions: []`. Now each load records
 * where its rejected rows lie (the manifest note `rejectedRows`); a rejected deal or activity
 * that could be of the week holds deals or follow-ups not measured, rejected leads are said
 * first among the week's points, and the data health names each (`<table>Rejected`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_CASES, fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rejected-rows');
const NY = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08, GBP: 1.27, JPY: 0.0067 },
  timezone: 'America/New_York',
};

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('a deal rejected at import (no FX rate for its currency)', () => {
  it('holds the deal figures not measured in the week it is dated in, never "won revenue 0"', async () => {
    run = await fieldCase(NY);
    await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
    const printed = await run.import(join(FIXTURES, 'deals-chf.csv'), 'hubspot-deals-csv');
    // The valid deal still loads.
    expect(printed).toContain('1 loaded, 1 rejected');
    const report = await run.report('2026-W47');
    expect(report.coverage.deals).toMatchObject({
      measured: false,
      rowsRejected: [{ source: 'hubspot', rows: 1 }],
    });
    expect(report.totals).toMatchObject({ opportunities: null, wonDeals: null, wonRevenue: null });
    expect(report.dataQuality.assumptions).toContainEqual({ source: 'hubspot', kind: 'dealsRejected', rows: 1 });
    const text = emailText(report);
    expect(text).toContain(
      'Deals not measured: 1 deal row from HubSpot was rejected at import and could be of this week',
    );
    expect(text).toContain(
      'Incomplete: 1 HubSpot deal row was rejected at import (see Rejected above) and could be of this week',
    );
    expect(text).not.toContain('Won revenue: US$0');
    expect(emailText(report, 'de-CH')).toContain('Deals nicht gemessen: 1 Dealzeile aus HubSpot beim Import abgelehnt');
    expect(emailText(report, 'de-CH')).toContain('Unvollständig: 1 Dealzeile aus HubSpot beim Import abgelehnt');
  });

  it('a week the rejected deal is not dated in keeps its deal figures and carries no line', async () => {
    run = await fieldCase(NY);
    await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
    await run.import(join(FIXTURES, 'deals-chf.csv'), 'hubspot-deals-csv');
    // W48: the open USD deal was created in W47 and still counts in the 4-week window.
    const report = await run.report('2026-W48');
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'dealsRejected' }));
  });

  it('the rate added and the file imported again: measured, the win counted', async () => {
    run = await fieldCase({ ...NY, fxRates: { ...NY.fxRates } });
    await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
    await run.import(join(FIXTURES, 'deals-chf.csv'), 'hubspot-deals-csv');
    // The same deals with the won deal in USD (as if converted): the input of the same name loads without rejects.
    const fixedPath = join(run.dir, 'deals-chf.csv');
    await writeFile(
      fixedPath,
      (await readFile(join(FIXTURES, 'deals-chf.csv'), 'utf8')).replace('60000,CHF', '66000,USD'),
    );
    expect(await run.import(fixedPath, 'hubspot-deals-csv')).toContain('2 loaded, 0 rejected');
    const report = await run.report('2026-W47');
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.totals).toMatchObject({ wonDeals: 1, wonRevenue: 66000 });
    expect(report.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'dealsRejected' }));
  });
});

describe('an activity rejected at import (a Record ID a spreadsheet damaged)', () => {
  it('holds follow-ups not measured: no lead is listed overdue on the strength of a refused row', async () => {
    run = await fieldCase('cfg-berlin.json');
    await run.import('activity-leads.csv', 'canonical-leads');
    const damaged = join(run.dir, 'hubspot-activities-excel.csv');
    const a1 = await readFile(join(FIELD_CASES, 'A1', 'hubspot-activities.csv'), 'utf8');
    expect(a1).toContain('"87412003303"');
    await writeFile(damaged, a1.replace('"87412003303"', '"8.7412E+10"'));
    expect(await run.import(damaged, 'hubspot-activities-csv', { date: '2026-11-23' })).toContain(
      '7 loaded, 1 rejected',
    );
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps).toMatchObject({
      measured: false,
      rowsRejected: [{ source: 'hubspot', rows: 1 }],
    });
    expect(report.totals).toMatchObject({ slaRate: null, overdue: null });
    expect(report.overdueLeads).toEqual([]);
    expect(report.dataQuality.assumptions).toContainEqual({ source: 'hubspot', kind: 'activitiesRejected', rows: 1 });
    const text = emailText(report);
    expect(text).toContain('Follow-ups not measured: 1 activity row from HubSpot was rejected at import');
    expect(text).not.toContain('Anna Keller');
    expect(emailText(report, 'de-CH')).toContain('Nachfassen nicht gemessen: 1 Aktivitätenzeile aus HubSpot');
  });
});

describe('a lead rejected at import (an Excel serial as its Create Date)', () => {
  it("is named first among the week's points and in the data health", async () => {
    run = await fieldCase(NY);
    expect(await run.import(join(FIXTURES, 'contacts-serial.csv'), 'hubspot-contacts-csv')).toContain(
      '1 loaded, 1 rejected',
    );
    const report = await run.report('2026-W47');
    expect(report.totals.leads).toBe(1);
    expect(report.dataQuality.assumptions).toContainEqual({ source: 'hubspot', kind: 'leadsRejected', rows: 1 });
    const text = emailText(report);
    expect(text).toContain('Leads incomplete: 1 lead row (HubSpot) rejected at import could be of this week');
    expect(text).toContain('Incomplete: 1 HubSpot lead row was rejected at import');
    expect(emailText(report, 'de-CH')).toContain('Leads unvollständig: 1 Leadzeile (HubSpot)');
    // Its date could not be read: every week the file's loaded rows reach is concerned, not others.
    const before = await run.report('2026-W40');
    expect(before.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'leadsRejected' }));
  });
});
