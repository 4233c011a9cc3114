/**
 * Owners from CSV: the canonical `canonical-owners` file (fast DuckDB path and JS path alike)
 * and a vendor export (`salesforce-users-csv`, a users report with names only, read together
 * with a leads report whose "Lead Owner" is a name): the overdue list names the owner.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { loadReportQuery } from '../../functions/core/models.js';
import { followUpGapsParam } from '../../functions/core/report/follow-up-gaps.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { FIXTURES } from '../sources/files/helpers.js';

let root: string;
let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'owners-csv-'));
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await encoder.close();
  await rm(root, { recursive: true, force: true });
});

let n = 0;
async function store(fast = true) {
  const dir = join(root, `data-${n++}`);
  // The leads report's dates (3/7/2026) are settled by the exporting user's locale.
  const config = parseConfig({ sources: { 'salesforce-leads-csv': { dateOrder: 'MDY' } } });
  let minute = 0;
  const deps = {
    store: new LocalStore(dir),
    encoder: fast ? encoder : { encode: encoder.encode.bind(encoder) },
    config,
    now: () => new Date(Date.UTC(2026, 10, 30, 6, minute++)),
    vendorFormats: vendorFileFormats,
  };
  return {
    import: (format: string, path: string) => importFile(deps, { path, format, dt: '2026-11-30' }),
    async query(sql: string, params: string[] = []) {
      const engine = await openLocalWarehouse(dir, config);
      try {
        return await engine.query(sql, params);
      } finally {
        await engine.close();
      }
    },
  };
}

const CANONICAL = [
  'owner_id,source,name,email,is_active,updated_at,is_deleted',
  '101,hubspot,Anna Alt,anna@example.com,true,2026-10-01T08:00:00Z,',
  '101,hubspot,Anna Aebi,anna@example.com,false,2026-11-01T08:00:00Z,',
  '0055g00000OWN1,salesforce,Sam Sales,,,,',
  '',
].join('\n');

describe('owners from CSV', () => {
  it.each([true, false])('canonical-owners: latest version per source and id (fast path %s)', async (fast) => {
    const s = await store(fast);
    const path = join(root, `owners-${fast}.csv`);
    await writeFile(path, CANONICAL);
    const { manifest } = await s.import('canonical-owners', path);
    expect(manifest).toMatchObject({ table: 'owners', rowsLoaded: 3, rowsRejected: 0 });
    expect(await s.query('select source, owner_id, name, is_active from stg_owners order by source')).toEqual([
      { source: 'hubspot', owner_id: '101', name: 'Anna Aebi', is_active: false },
      { source: 'salesforce', owner_id: '0055g00000OWN1', name: 'Sam Sales', is_active: true },
    ]);
  });

  it('salesforce-users-csv: a users report without ids names the owners of a leads report by name', async () => {
    const s = await store();
    await s.import('salesforce-leads-csv', join(FIXTURES, 'own/salesforce-leads-report.csv'));
    const users = await s.import('salesforce-users-csv', join(FIXTURES, 'own/salesforce-users-report.csv'));
    // The report's copyright footer is no user.
    expect(users.manifest).toMatchObject({ table: 'owners', source: 'salesforce', rowsLoaded: 2, rowsRejected: 0 });
    expect(await s.query('select owner_id, name, is_active from stg_owners order by owner_id')).toEqual([
      { owner_id: 'Olga Old', name: 'Olga Old', is_active: false },
      { owner_id: 'Sam Sales', name: 'Sam Sales', is_active: true },
    ]);
    const overdue = await s.query(loadReportQuery('overdue_leads'), [
      '2026-03-02 00:00:00',
      '2026-03-16 00:00:00',
      followUpGapsParam([]),
    ]);
    expect(overdue.length).toBeGreaterThan(0);
    for (const row of overdue) {
      expect(row).toMatchObject({ owner_id: 'Sam Sales', owner_name: 'Sam Sales', source: 'salesforce' });
      expect(row.lead_name).toBeTruthy();
    }
  });
  /** A leads report naming its owner, and a users report with ids (one deactivated). */
  async function overdueWithUsers(users: string[]) {
    const s = await store();
    await s.import('salesforce-leads-csv', join(FIXTURES, 'own/salesforce-leads-report.csv'));
    const path = join(root, `users-${n}.csv`);
    await writeFile(path, ['"User ID","Full Name","Email","Active"', ...users, ''].join('\n'));
    const imported = await s.import('salesforce-users-csv', path);
    expect(imported.manifest).toMatchObject({ rowsLoaded: users.length, rowsRejected: 0 });
    return s.query(loadReportQuery('overdue_leads'), [
      '2026-03-02 00:00:00',
      '2026-03-16 00:00:00',
      followUpGapsParam([]),
    ]);
  }

  it('marks a deactivated owner the users export has by id and the leads export by name (case and spaces aside)', async () => {
    const overdue = await overdueWithUsers([
      '"0055g00000USR1A","  sam   SALES ","sam@example.com","0"',
      '"0055g00000USR2A","Olga Old","olga@example.com","1"',
    ]);
    expect(overdue.length).toBeGreaterThan(0);
    for (const row of overdue) {
      // Before: no user had the id "Sam Sales", so nobody was marked.
      expect(row).toMatchObject({ owner_id: 'Sam Sales', owner_name: 'sam   SALES', owner_inactive: true });
    }
  });

  it('does not guess between two users of the same name: not marked', async () => {
    const overdue = await overdueWithUsers([
      '"0055g00000USR1A","Sam Sales","sam@example.com","0"',
      '"0055g00000USR3A","Sam Sales","sam.two@example.com","1"',
    ]);
    expect(overdue.length).toBeGreaterThan(0);
    for (const row of overdue) {
      expect(row).toMatchObject({ owner_id: 'Sam Sales', owner_name: null, owner_inactive: false });
    }
  });
});
