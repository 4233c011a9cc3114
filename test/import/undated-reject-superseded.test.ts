/**
 * A rejected row whose dates could not be read, superseded by a later load of its record under
 * another file name (docs/methodology.md, "Rejected rows"). A HubSpot contact exported with a
 * Create Date the user's spreadsheet had turned into text was rejected; the corrected export,
 * saved under another name, loaded the contact, but the reject kept no record key (it had no
 * date, so only `undated` was noted): W47's leads stayed "rejected rows, could be of this week"
 * for good, and a deal's "not measured" likewise. Now the reject keeps its record key when its
 * id reads, and a later version of the record supersedes it; one without a readable id stays.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

const BERLIN = { reportingCurrency: 'EUR', fxRates: { USD: 0.92 }, timezone: 'Europe/Berlin' };

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const CONTACTS = 'Record ID,First Name,Last Name,Email,Company Name,Create Date,Last Modified Date,Lifecycle Stage';
const ANNA = '201,Anna,Keller,anna@northwind.example,Northwind,2026-11-17 09:00,2026-11-17 09:00,Lead';
const BEN = (created: string, id = '202') =>
  `${id},Ben,Ortiz,ben@fabrikam.example,Fabrikam,${created},2026-11-18 10:00,Lead`;

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(run!.dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

describe('a reject whose date could not be read, and a later load of its record under another name', () => {
  it('a HubSpot contact with an unreadable Create Date and a readable Record ID: superseded by the fixed export', async () => {
    run = await fieldCase(BERLIN);
    const first = await write('contacts-1123.csv', [CONTACTS, ANNA, BEN('18.11.2026 um 10 Uhr')]);
    expect(await run.import(first, 'hubspot-contacts-csv', { date: '2026-11-23' })).toContain('1 loaded, 1 rejected');
    const before = await run.report('2026-W47');
    // Before 1.13 it also read so after the fixed export below.
    expect(before.coverage.partial?.leads?.rowsRejected).toEqual([{ source: 'hubspot', rows: 1 }]);

    const fixed = await write('contacts-fixed.csv', [CONTACTS, BEN('2026-11-18 10:00')]);
    expect(await run.import(fixed, 'hubspot-contacts-csv', { date: '2026-11-23' })).toContain('1 loaded, 0 rejected');
    const w47 = await run.report('2026-W47');
    expect(w47.coverage.partial?.leads).toBeUndefined();
    expect(w47.totals.leads).toBe(2);
  });

  it('the same under --source: the key carries the source the import names', async () => {
    run = await fieldCase({ ...BERLIN });
    const first = await write('contacts-1123.csv', [CONTACTS, ANNA, BEN('18.11.2026 um 10 Uhr')]);
    await run.import(first, 'hubspot-contacts-csv', { date: '2026-11-23', source: 'hubspot_eu' });
    expect((await run.report('2026-W47')).coverage.partial?.leads?.rowsRejected).toEqual([
      { source: 'hubspot_eu', rows: 1 },
    ]);
    const fixed = await write('contacts-fixed.csv', [CONTACTS, BEN('2026-11-18 10:00')]);
    await run.import(fixed, 'hubspot-contacts-csv', { date: '2026-11-23', source: 'hubspot_eu' });
    expect((await run.report('2026-W47')).coverage.partial?.leads).toBeUndefined();
  });

  it('another record loaded later supersedes nothing, nor does a reject without a readable id get superseded', async () => {
    run = await fieldCase(BERLIN);
    const first = await write('contacts-1123.csv', [CONTACTS, ANNA, BEN('18.11.2026 um 10 Uhr'), BEN('garbled', '')]);
    await run.import(first, 'hubspot-contacts-csv', { date: '2026-11-23' });
    const fixed = await write('contacts-other.csv', [CONTACTS, BEN('2026-11-18 10:00', '203')]);
    await run.import(fixed, 'hubspot-contacts-csv', { date: '2026-11-23' });
    expect((await run.report('2026-W47')).coverage.partial?.leads?.rowsRejected).toEqual([
      { source: 'hubspot', rows: 2 },
    ]);
  });

  it('a canonical deal with an unreadable created_at: the deals held not measured until its fixed file loads', async () => {
    run = await fieldCase(BERLIN);
    const header = 'deal_id,source,name,amount,currency,created_at,updated_at,stage,is_closed,is_won,closed_at';
    const good = 'D1,hubspot,Beta,1000,EUR,2026-11-17T09:00:00Z,2026-11-17T09:00:00Z,open,false,false,';
    const bad = (created: string) =>
      `D2,hubspot,Acme,5000,EUR,${created},2026-11-18T15:00:00Z,won,true,true,2026-11-18T15:00:00Z`;
    const first = await write('deals-1123.csv', [header, good, bad('18/11/2026')]);
    await run.import(first, 'canonical-deals', { date: '2026-11-23' });
    expect((await run.report('2026-W47')).coverage.deals.measured).toBe(false);
    const fixed = await write('deals-fixed.csv', [header, bad('2026-11-16T09:00:00Z')]);
    await run.import(fixed, 'canonical-deals', { date: '2026-11-23' });
    const w47 = await run.report('2026-W47');
    expect(w47.coverage.deals.measured).toBe(true);
    expect(w47.totals).toMatchObject({ wonDeals: 1, wonRevenue: 5000 });
  });
});

describe('the record key of a reject whose date could not be read, on every path', () => {
  it.each([true, false])('canonical leads (fast path %s): keyed when its id reads, undated when not', async (fast) => {
    const dir = await mkdtemp(join(tmpdir(), 'undated-reject-'));
    const encoder = await DuckDBParquetEncoder.create();
    try {
      const path = join(dir, 'leads.csv');
      await writeFile(
        path,
        [
          'lead_id,email,created_at,updated_at',
          'L1,a@x.com,2026-11-17T09:00:00Z,2026-11-17T09:00:00Z',
          'L2,b@x.com,18/11/2026,2026-11-18T10:00:00Z',
          ',c@x.com,18/11/2026,',
          '',
        ].join('\n'),
      );
      const deps = {
        store: new LocalStore(join(dir, 'data')),
        encoder: fast ? encoder : { encode: encoder.encode.bind(encoder) },
        config: parseConfig({}),
        vendorFormats: vendorFileFormats,
      };
      const { manifest } = await importFile(deps, {
        path,
        format: 'canonical-leads',
        source: 'webform',
        dt: '2026-11-23',
      });
      expect(manifest).toMatchObject({ rowsLoaded: 1, rowsRejected: 2 });
      expect(manifest.notes?.rejectedRows).toMatchObject({
        undated: 1,
        keyed: [{ source: 'webform', id: 'L2', updatedAt: '2026-11-18T10:00:00.000Z', at: [] }],
      });
    } finally {
      await encoder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
