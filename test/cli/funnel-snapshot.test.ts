/**
 * `funnel import … --snapshot` (functions/core/import/snapshot.ts, docs/vendor-imports.md
 * "Records deleted or merged in the CRM"), as a user runs it. The reviewer's case: three
 * Salesforce opportunities of W47 (27,000) exported, one deleted in Salesforce, the report
 * re-exported: without a snapshot the deleted deal counted forever (3 / 27,000); imported as a
 * snapshot the re-export marks it deleted (2 / 15,000). A snapshot that would delete most of a
 * source (a filtered view exported by mistake) is refused; a re-run changes nothing; a merged-
 * away HubSpot contact absent from the export is deleted and stays its survivor's record.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildCommand } from '../../bin/cli/commands.js';
import { FIELD_CASES, fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own to a temp file. */
async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const OPPORTUNITY_HEADER =
  '"Opportunity ID","Opportunity Name","Account Name","Stage","Amount","Amount Currency","Created Date","Last Modified Date","Close Date"';
const OPPORTUNITIES = {
  northwind:
    '"0065g00000AaAaA","Northwind Rollout","Northwind","Prospecting","12000","USD","11/17/2026","11/17/2026 10:00 AM","12/31/2026"',
  fabrikam:
    '"0065g00000BbBbB","Fabrikam Pilot","Fabrikam","Prospecting","3000","USD","11/18/2026","11/18/2026 10:00 AM","12/31/2026"',
  // Created twice by mistake, the duplicate later deleted in Salesforce.
  duplicate:
    '"0065g00000CcCcC","Northwind Rollout (2)","Northwind","Prospecting","12000","USD","11/18/2026","11/18/2026 11:00 AM","12/31/2026"',
};

/** The Salesforce opportunities report of 25 Nov (all three) and 30 Nov (the duplicate deleted). */
const before = () =>
  file('opportunities-1125.csv', [
    OPPORTUNITY_HEADER,
    OPPORTUNITIES.northwind,
    OPPORTUNITIES.fabrikam,
    OPPORTUNITIES.duplicate,
  ]);
const after = () =>
  file('opportunities-1130.csv', [OPPORTUNITY_HEADER, OPPORTUNITIES.northwind, OPPORTUNITIES.fabrikam]);

const deals = async (r: FieldCaseRun) => {
  const { totals } = await r.report('2026-W47');
  return { opportunities: totals.opportunities, pipeline: totals.pipeline };
};

const bin = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'funnel.js');

/** The real binary on a field case's data dir: exit code, stdout, stderr. */
async function funnel(r: FieldCaseRun, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const global = ['--config', join(FIELD_CASES, 'cfg-ny.json'), '--data-dir', join(r.dir, 'data')];
  try {
    const { stdout, stderr } = await bin(process.execPath, [BIN, ...global, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('funnel import --snapshot: a deal deleted in Salesforce', () => {
  it('no longer counts after the re-export is imported as a snapshot (3 / 27,000 → 2 / 15,000), and a re-run changes nothing', async () => {
    run = await fieldCase('cfg-ny.json');
    expect(await run.import(await before(), 'salesforce-opportunities-csv', { date: '2026-11-25' })).toContain(
      '3 loaded, 0 rejected',
    );
    expect(await deals(run)).toEqual({ opportunities: 3, pipeline: 27_000 });

    // Without --snapshot the re-export cannot say the duplicate is gone: the old behaviour.
    const plain = await file('opportunities-1130-plain.csv', [
      OPPORTUNITY_HEADER,
      OPPORTUNITIES.fabrikam,
      OPPORTUNITIES.northwind,
    ]);
    expect(await run.import(plain, 'salesforce-opportunities-csv')).toContain('2 loaded, 0 rejected');
    expect(await deals(run)).toEqual({ opportunities: 3, pipeline: 27_000 });
    // That file was loaded without --snapshot: importing it again as one cannot pass for done.
    await expect(run.import(plain, 'salesforce-opportunities-csv', { snapshot: true })).rejects.toThrow(
      /already loaded on .* without --snapshot, so its absent records were not marked deleted/,
    );

    const summary = await run.import(await after(), 'salesforce-opportunities-csv', { snapshot: true });
    expect(summary).toContain('2 loaded, 0 rejected');
    expect(summary).toContain(
      'snapshot of salesforce: 1 of 3 current deals not in the file, marked deleted as of 2026-12-01T00:00:00.000Z (the end of the export day 2026-11-30, --date)',
    );
    expect(await deals(run)).toEqual({ opportunities: 2, pipeline: 15_000 });
    // The tombstone: the deal's version again, deleted, at the snapshot's time; the raw file is as received.
    expect(
      await run.query(
        `select deal_id, is_deleted, updated_at, amount from deals where deal_id like '0065g00000CcCcC%' order by ingested_at`,
      ),
    ).toEqual([
      { deal_id: '0065g00000CcCcCAAV', is_deleted: null, updated_at: '2026-11-18T16:00:00.000Z', amount: 12000 },
      { deal_id: '0065g00000CcCcCAAV', is_deleted: true, updated_at: '2026-12-01T00:00:00.000Z', amount: 12000 },
    ]);

    // The same export again: already loaded. A new export of the same records: nothing more deleted.
    expect(await run.import(await after(), 'salesforce-opportunities-csv', { snapshot: true })).toMatch(
      /already loaded on .*; nothing changed/,
    );
    const again = await run.import(
      await file('opportunities-1201.csv', [OPPORTUNITY_HEADER, OPPORTUNITIES.northwind, OPPORTUNITIES.fabrikam, '']),
      'salesforce-opportunities-csv',
      { snapshot: true, date: '2026-12-01' },
    );
    expect(again).toContain('snapshot of salesforce: 0 of 2 current deals not in the file');
    expect(await run.query(`select count(*) as n from deals where is_deleted`)).toEqual([{ n: 1 }]);
    expect(await deals(run)).toEqual({ opportunities: 2, pipeline: 15_000 });

    // A rebuild from raw replays the snapshot as one (its options are in the manifest): same tables.
    expect(
      await rebuildCommand({}, { config: join(FIELD_CASES, 'cfg-ny.json'), dataDir: join(run.dir, 'data') }),
    ).toMatch(/^unchanged: 4 raw file\(s\) replayed/);
  }, 120_000);

  it('refuses a snapshot that would delete most of the source unless --allow-mass-delete is given', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(await before(), 'salesforce-opportunities-csv', { date: '2026-11-25' });
    const filtered = await file('opportunities-my-deals.csv', [OPPORTUNITY_HEADER, OPPORTUNITIES.fabrikam]);
    const refused = await funnel(run, 'import', filtered, '--as', 'salesforce-opportunities-csv', '--snapshot');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'funnel: opportunities-my-deals.csv: --snapshot would mark 2 of the 3 current deals of salesforce deleted (more than 50 %): ' +
        'is it a filtered view or a partial export? Export every record of the object, or pass --allow-mass-delete if they were really deleted; nothing was loaded\n',
    );
    // Nothing of it was committed.
    expect(await deals(run)).toEqual({ opportunities: 3, pipeline: 27_000 });
    expect(await run.query(`select count(*) as n from deals`)).toEqual([{ n: 3 }]);

    const misuse = await funnel(run, 'import', filtered, '--as', 'salesforce-opportunities-csv', '--allow-mass-delete');
    expect(misuse).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--allow-mass-delete: only with --snapshot'),
    });

    const allowed = await funnel(
      run,
      'import',
      filtered,
      '--as',
      'salesforce-opportunities-csv',
      '--snapshot',
      '--allow-mass-delete',
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('snapshot of salesforce: 2 of 3 current deals not in the file, marked deleted');
    expect(await deals(run)).toEqual({ opportunities: 1, pipeline: 3000 });
  }, 120_000);
});

describe('funnel import --snapshot: the same rule for every format', () => {
  it('canonical CSV: deletes the absent deal; a row without an id, several sources or spend are refused', async () => {
    run = await fieldCase('cfg-ny.json');
    const header = 'deal_id,source,name,created_at,updated_at,amount,currency';
    const rows = {
      a: 'd-1,crm,Northwind Rollout,2026-11-17T15:00:00Z,2026-11-17T15:00:00Z,12000,USD',
      b: 'd-2,crm,Fabrikam Pilot,2026-11-17T14:00:00Z,2026-11-17T14:00:00Z,3000,USD',
      c: 'd-3,crm,Contoso Trial,2026-11-18T16:00:00Z,2026-11-18T16:00:00Z,12000,USD',
      d: 'd-4,crm,Duplicate,2026-11-16T12:00:00Z,2026-11-19T09:00:00Z,500,USD',
    };
    await run.import(await file('deals.csv', [header, rows.a, rows.b, rows.c, rows.d]), 'canonical-deals');
    expect(await deals(run)).toEqual({ opportunities: 4, pipeline: 27_500 });

    const noId = await file('deals-no-id.csv', [header, rows.a, rows.b, ',crm,Nameless,2026-11-18T15:00:00Z,,1,USD']);
    await expect(run.import(noId, 'canonical-deals', { snapshot: true })).rejects.toThrow(
      'deals-no-id.csv line 4: no deal_id; --snapshot needs every row to say which record it is',
    );
    const mixed = await file('deals-mixed.csv', [header, rows.a, rows.b.replace(',crm,', ',other,')]);
    await expect(run.import(mixed, 'canonical-deals', { snapshot: true })).rejects.toThrow(
      '--snapshot: the file names 2 sources (crm, other); a snapshot is of one source',
    );
    const spend = await file('spend.csv', [
      'date,platform,campaign_id,cost,currency',
      '2026-11-17,google_ads,c1,10,USD',
    ]);
    await expect(run.import(spend, 'canonical-spend', { snapshot: true, source: 'google_ads' })).rejects.toThrow(
      'spend.csv: --snapshot applies to leads, deals and activities, not spend',
    );
    expect(await deals(run)).toEqual({ opportunities: 4, pipeline: 27_500 });

    // A row the reader cannot read (a bad amount) might be any record: the snapshot is refused.
    const unreadable = await file('deals-bad.csv', [header, rows.a, rows.b.replace(',3000,', ',lots,')]);
    await expect(run.import(unreadable, 'canonical-deals', { snapshot: true })).rejects.toThrow(
      'deals-bad.csv line 3: rejected (amount: not a number: "lots"), so whether its record still exists is unknown',
    );
    // A row read but refused by the checks (no FX rate for its currency) still says its record exists.
    const snapshot = await file('deals-1130.csv', [header, rows.a, rows.b.replace(',USD', ',JPY')]);
    const summary = await run.import(snapshot, 'canonical-deals', { snapshot: true });
    expect(summary).toContain('1 loaded, 1 rejected');
    // d-4, created before the file's newest record and changed since, was deleted before the export.
    expect(summary).toContain(
      'snapshot of crm: 1 of 4 current deals not in the file, marked deleted as of 2026-12-01T00:00:00.000Z',
    );
    // d-3 was created after every record the file shows (16:00 on the 18th > 15:00 on the 17th):
    // perhaps after the export was taken, so this export cannot delete it.
    expect(summary).toContain(
      'kept: 1 record not in the file but created after its newest record (2026-11-17T15:00:00.000Z), perhaps after the export was taken',
    );
    expect(await run.query(`select deal_id from stg_deals order by 1`)).toEqual([
      { deal_id: 'd-1' },
      { deal_id: 'd-2' },
      { deal_id: 'd-3' },
    ]);
  }, 120_000);

  it('HubSpot contacts: a contact merged away and absent from the export is deleted, and stays its survivor’s record', async () => {
    run = await fieldCase('cfg-ny.json');
    // Exported after W46 (an export of the 11th covers W46 only up to it: its leads not measured).
    await run.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv', { date: '2026-11-16' });
    const persons = async () => (await run!.report('2026-W46')).totals.leads;
    const leadsBefore = (await persons())!;
    const summary = await run.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv', { snapshot: true });
    expect(summary).toContain('snapshot of hubspot: 1 of 3 current leads not in the file, marked deleted');
    expect(await run.query(`select lead_id, is_deleted from stg_leads__latest order by 1`)).toEqual([
      { lead_id: '101', is_deleted: null },
      { lead_id: '102', is_deleted: true },
      { lead_id: '103', is_deleted: null },
    ]);
    // The survivor lists it: it is Anna's record (her first touch may be it), not a lead of its own, not gone.
    expect(await run.query(`select lead_id, merged_into_lead_id from stg_leads order by 1`)).toEqual([
      { lead_id: '101', merged_into_lead_id: null },
      { lead_id: '102', merged_into_lead_id: '101' },
      { lead_id: '103', merged_into_lead_id: null },
    ]);
    expect(await persons()).toBe(leadsBefore - 1);
  }, 120_000);
});
