/**
 * `funnel import FILE --as <vendor format> --source NAME` stores the file's rows under NAME:
 * two Salesforce orgs imported as `salesforce` and `salesforce_emea` stay two sources. The
 * name used to reach the raw key only, so both orgs' records were silently one source.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_CASES, fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('--source with a vendor format', () => {
  it('names every row, and the vendor stays the default without it', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('F3/leads-report-footer.csv', 'salesforce-leads-csv');
    // The second org's export: another file (the same bytes twice would be one load).
    const dir = await mkdtemp(join(tmpdir(), 'vendor-source-'));
    const emea = join(dir, 'leads-emea.csv');
    await writeFile(emea, `${await readFile(join(FIELD_CASES, 'F3/leads-report-footer.csv'), 'latin1')}\n`, 'latin1');
    expect(await run.import(emea, 'salesforce-leads-csv', { source: 'salesforce_emea' })).toContain('2 loaded');
    expect(await run.query('select source, count(*) as n from leads group by source order by source')).toEqual([
      { source: 'salesforce', n: 2 },
      { source: 'salesforce_emea', n: 2 },
    ]);
  });

  it('names spend rows too, whatever their platform', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('F14/google-ads-pull1.csv', 'google-ads-csv', { source: 'google_ads_agency' });
    expect(await run.query('select distinct source, platform from spend')).toEqual([
      { source: 'google_ads_agency', platform: 'google_ads' },
    ]);
  });
});
