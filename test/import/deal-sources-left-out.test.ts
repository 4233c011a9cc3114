/**
 * A loaded deals source `dealSources` leaves out (review s2): with `dealSources: ["hubspot"]`,
 * deals imported `--source hubspot_eu` counted in no figure and nothing said so (4 distinct
 * deals, US$16,640, read 2 and US$8,000). Leaving a mirroring CRM out is what dealSources is
 * for, so the figures stay as configured, but deals of the week that are no likely twin of a
 * counted deal are said: in the import summary and the email's data health (en and de-CH).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'deal-sources-left-out');
const CONFIG = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08 },
  timezone: 'America/New_York',
  dealSources: ['hubspot'],
};

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function load(second: string) {
  run = await fieldCase(CONFIG);
  const us = await run.import(join(FIXTURES, 'deals-us.csv'), 'hubspot-deals-csv', { source: 'hubspot' });
  expect(us).not.toContain('left out');
  const eu = await run.import(join(FIXTURES, second), 'hubspot-deals-csv', { source: 'hubspot_eu' });
  return { eu, report: await run.report('2026-W47') };
}

describe('deals of a source dealSources leaves out', () => {
  it('distinct deals: the import and the email say they count in no figure', async () => {
    const { eu, report } = await load('deals-eu.csv');
    expect(eu).toContain('left out: dealSources names "hubspot", not "hubspot_eu": these deals count in no figure');
    expect(report.totals).toMatchObject({ opportunities: 2, pipeline: 8000 });
    expect(report.dataQuality.assumptions).toContainEqual({
      source: 'hubspot_eu',
      kind: 'dealsLeftOut',
      rows: 2,
      of: 2,
    });
    expect(emailText(report)).toContain('count in no deal figure, as dealSources does not name "hubspot_eu"');
    expect(emailText(report, 'de-CH')).toContain('zählen in keiner Deal-Zahl, da dealSources "hubspot_eu" nicht nennt');
  });

  it('a mirror whose deals are twins of counted ones: the email says nothing (dealSources does its job)', async () => {
    const { report } = await load('deals-mirror.csv');
    expect(report.totals).toMatchObject({ opportunities: 2, pipeline: 8000 });
    expect((report.dataQuality.assumptions ?? []).filter((a) => a.kind === 'dealsLeftOut')).toEqual([]);
    expect(emailText(report)).not.toContain('Left out:');
  });
});
