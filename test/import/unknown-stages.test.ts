/**
 * Deal stages the product does not know (field case G6). A HubSpot custom pipeline ("Contract
 * Signed" = won) exported without the Is Closed Won column loaded every deal as open: the import
 * printed one "not recognized" line and the weekly report said "Won revenue: US$0" as measured,
 * with `assumptions: []`. Now the report names the open deals whose stage is unmapped
 * (`dealsUnknownStage`, with the labels) and holds the deal figures not measured until the
 * stages are mapped under `sources["<format>"].stages`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'unknown-stages');
const NY = { reportingCurrency: 'USD', timezone: 'America/New_York' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function reportWith(config: object) {
  run = await fieldCase(config);
  await run.import(join(FIXTURES, 'contacts.csv'), 'hubspot-contacts-csv');
  const printed = await run.import(join(FIXTURES, 'deals-custom-pipeline.csv'), 'hubspot-deals-csv');
  return { printed, report: await run.report('2026-W47') };
}

describe('HubSpot deals in a custom pipeline with stages the product does not know', () => {
  it('unmapped: the deal figures are not measured and the labels are named, never "won 0"', async () => {
    const { printed, report } = await reportWith(NY);
    expect(printed).toContain('not recognized in "Deal Stage": "Contract Signed" (1), "Discovery" (1)');
    expect(report.coverage.deals).toMatchObject({
      measured: false,
      unknownStages: [{ source: 'hubspot', rows: 2, stages: ['Contract Signed', 'Discovery'] }],
    });
    expect(report.totals).toMatchObject({ wonDeals: null, wonRevenue: null, roas: null });
    expect(report.dataQuality.assumptions).toContainEqual({
      source: 'hubspot',
      kind: 'dealsUnknownStage',
      rows: 2,
      of: 2,
      stages: ['Contract Signed', 'Discovery'],
    });
    const text = emailText(report);
    expect(text).toContain(
      'Deals not measured: 2 open deals have a stage the import could not map ("Contract Signed", "Discovery")',
    );
    expect(text).toContain('Not known: 2 of 2 open HubSpot deals have a stage the import could not map');
    expect(text).not.toContain('Won revenue: US$0');
    expect(emailText(report, 'de-CH')).toContain('Deals nicht gemessen: 2 offene Deals haben eine Phase');
  });

  it('mapped per source in the config: measured, the win counted, no line', async () => {
    const { printed, report } = await reportWith({
      ...NY,
      sources: { 'hubspot-deals-csv': { stages: { 'Contract Signed': 'won', Discovery: 'open' } } },
    });
    expect(printed).not.toContain('not recognized');
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.totals).toMatchObject({ wonDeals: 1, wonRevenue: 6000 });
    expect(report.dataQuality.assumptions).not.toContainEqual(expect.objectContaining({ kind: 'dealsUnknownStage' }));
  });
});
