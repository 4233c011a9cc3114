/**
 * HubSpot deal merges (review d3): deal 7102 is merged into 7101 after the export of 20 Nov;
 * the export of 23 Nov no longer has it and 7101 lists it under `Merged Deal IDs`. The version
 * loaded on the 20th counted beside its survivor: 3 opportunities and US$23,000 pipeline, where
 * the CRM holds 2 deals worth US$13,000 (stg_deals drops a deal a current deal lists).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'deal-merges');
const CONFIG = { reportingCurrency: 'USD', timezone: 'America/New_York', dealSources: ['hubspot'] };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function load(order: readonly ['20' | '23', '20' | '23']) {
  run = await fieldCase(CONFIG);
  for (const day of order) {
    const out = await run.import(join(FIXTURES, `deals-2026-11-${day}.csv`), 'hubspot-deals-csv', {
      date: `2026-11-${day}`,
    });
    expect(out).toContain('0 rejected');
  }
  return run.report('2026-W47');
}

describe('a HubSpot deal merged into another', () => {
  it('counts once, through its survivor: 2 opportunities, US$13,000', async () => {
    const report = await load(['20', '23']);
    expect(report.coverage.deals.measured).toBe(true);
    expect(report.totals).toMatchObject({ opportunities: 2, pipeline: 13000 });
  });

  it('loaded in the other order (the later export first), the merged-away deal still does not count', async () => {
    const report = await load(['23', '20']);
    expect(report.totals).toMatchObject({ opportunities: 2, pipeline: 13000 });
  });
});
