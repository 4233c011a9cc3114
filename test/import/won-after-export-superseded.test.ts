/**
 * A rejected deal row superseded by a later load of the same deal under another file name
 * (docs/methodology.md, "Rejected rows"). A Salesforce export of 23 Nov (`dl.csv`) held an
 * opportunity won with its expected Close Date of 20 Dec: rejected, W47 held not measured. The
 * user set the close date in the CRM and imported the weekly report `report-2026-11-30.csv`:
 * the deal loaded, won on 18 Nov, but the reject was cleared only by a load of the same file
 * name, so W47 stayed "not measured" for good. Now a loaded version of the record that ranks
 * above the rejected one (the staging models' rule: later `updated_at`, export day, load)
 * supersedes the reject, from any file, path or pull; an older export loaded later does not.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'won-after-export', 'superseded');
const BERLIN = { reportingCurrency: 'EUR', fxRates: { USD: 0.92 }, timezone: 'Europe/Berlin' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const CASES: { name: string; format: string; rejected: string; fixed: string; fixedFormat?: string; source: string }[] =
  [
    {
      name: 'Salesforce',
      format: 'salesforce-opportunities-csv',
      rejected: 'sf-opps-1123.csv',
      fixed: 'sf-report-2026-11-30.csv',
      source: 'Salesforce',
    },
    {
      name: 'HubSpot',
      format: 'hubspot-deals-csv',
      rejected: 'hs-deals-1123.csv',
      fixed: 'hs-deals-export-30nov.csv',
      source: 'HubSpot',
    },
    {
      name: 'Pipedrive',
      format: 'pipedrive-deals-csv',
      rejected: 'pd-deals-1123.csv',
      fixed: 'pd-deals-pipeline-30nov.csv',
      source: 'Pipedrive',
    },
    {
      // Another path: the Salesforce reject, the deal then loaded from a canonical file.
      name: 'Salesforce, then a canonical file',
      format: 'salesforce-opportunities-csv',
      rejected: 'sf-opps-1123.csv',
      fixed: 'sf-deals-canonical.csv',
      fixedFormat: 'canonical-deals',
      source: 'Salesforce',
    },
    {
      name: 'a canonical file',
      format: 'canonical-deals',
      rejected: 'deals-1123.csv',
      fixed: 'deals-2026-11-30.csv',
      source: 'HubSpot',
    },
  ];

describe('a won-after-export reject and a later load of its deal under another name', () => {
  for (const c of CASES) {
    it(`is superseded: ${c.name}`, async () => {
      run = await fieldCase(BERLIN);
      await run.import(join(FIXTURES, '..', 'leads.csv'), 'canonical-leads', { date: '2026-11-30' });
      // Every row rejected: the import fails, naming the reason.
      const first = await run.import(join(FIXTURES, c.rejected), c.format, { date: '2026-11-23' }).then(
        (printed) => printed,
        (err: Error) => err.message,
      );
      expect(first).toContain('0 loaded, 1 rejected');
      expect(first).toContain('after its export day 2026-11-23');
      const before = await run.report('2026-W47');
      expect(before.coverage.deals.measured).toBe(false);

      const fixed = await run.import(join(FIXTURES, c.fixed), c.fixedFormat ?? c.format, { date: '2026-11-30' });
      expect(fixed).toContain('0 rejected');
      const w47 = await run.report('2026-W47');
      expect(w47.coverage.deals.measured).toBe(true);
      expect(w47.totals).toMatchObject({ wonDeals: 1, wonRevenue: 5000 });
      // Neither named among the rejected imports nor the week's rejected rows.
      expect(w47.dataQuality.rejectedImports ?? []).toEqual([]);
      expect(emailText(w47)).not.toContain(`deal row from ${c.source} was rejected`);
    });
  }

  it('is not superseded by an older export of the deal loaded after it', async () => {
    run = await fieldCase(BERLIN);
    await run.import(join(FIXTURES, '..', 'leads.csv'), 'canonical-leads', { date: '2026-11-30' });
    // Exported on 30 Nov with the placeholder close of 20 Dec (modified 18 Nov 10:00): rejected.
    const first = await run.import(join(FIXTURES, 'deals-1123.csv'), 'canonical-deals', { date: '2026-11-30' }).then(
      (printed) => printed,
      (err: Error) => err.message,
    );
    expect(first).toContain('0 loaded, 1 rejected');
    // An export of 20 Nov (modified 18 Nov 09:00), imported after it: the deal as loaded is
    // older than the one rejected, so the reject still stands.
    const older = await run.import(join(FIXTURES, 'deals-older.csv'), 'canonical-deals', { date: '2026-11-20' });
    expect(older).toContain('1 loaded, 0 rejected');
    expect((await run.report('2026-W47')).coverage.deals.measured).toBe(false);
  });
});
