/**
 * Spend exported below the campaign level and idle spend (docs/methodology.md, "Idle spend").
 * A Meta export of ad sets (only `Ad set name`) loads each ad set as a campaign; leads name
 * campaigns, so the email listed "Lookalike 1%" and "Interests" (€150) as campaigns that spent
 * without an opportunity while their campaign, Prospecting, produced one (D2, €8,000). Idle spend
 * is not measured now for a week whose spend of a platform comes from such rows, naming it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'spend-levels');
const BERLIN = { reportingCurrency: 'EUR', fxRates: { USD: 0.9 }, timezone: 'Europe/Berlin' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function withSpend(file: string): Promise<FieldCaseRun> {
  const r = await fieldCase(BERLIN);
  await r.import(join(FIXTURES, 'leads.csv'), 'canonical-leads', { date: '2026-11-23' });
  await r.import(join(FIXTURES, 'activities.csv'), 'canonical-activities', { date: '2026-11-23' });
  await r.import(join(FIXTURES, 'deals.csv'), 'canonical-deals', { date: '2026-11-23' });
  await r.import(join(FIXTURES, file), 'meta-ads-csv', { date: '2026-11-23' });
  return r;
}

describe('idle spend on spend exported by ad set', () => {
  it('is not measured, naming the platform; the spend itself still counts', async () => {
    run = await withSpend('meta-adsets.csv');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend).toMatchObject({ measured: true, namesBelowCampaign: ['meta'] });
    expect(report.idleSpend).toEqual([]);
    expect(report.totals.spend).toBe(150);
    const text = emailText(report);
    expect(text).toContain('Not measured: the Meta spend of this week was exported by ad set or ad, not by campaign');
    expect(text).not.toContain('Lookalike 1%');
    expect(emailText(report, 'de-CH')).toContain(
      'Nicht gemessen: Die Ausgaben (Meta) dieser Woche wurden nach Anzeigengruppe',
    );
  });

  it('stays measured on spend exported by campaign (Prospecting produced an opportunity: not idle)', async () => {
    run = await withSpend('meta-campaigns.csv');
    const report = await run.report('2026-W47');
    expect(report.coverage.spend.namesBelowCampaign).toBeUndefined();
    expect(report.idleSpend.map((c) => c.campaignName)).not.toContain('Prospecting');
  });
});
