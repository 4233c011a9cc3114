/**
 * Which version of a record wins (docs/methodology.md "Which version of a record wins"): one
 * order, written the same in every model that ranks versions, and the same winner whichever
 * order the exports were loaded in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig } from '../../functions/core/config.js';
import { SQL_DIR } from '../../functions/core/models.js';
import { activity, deal, lead, loadFixture, spendRow, type Fixture } from '../helpers/warehouse.js';

/** The version order; a window ranking rows rather than versions adds `batch_row desc`. */
const VERSION_ORDER =
  "coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc, dt desc, ingested_at desc, batch_id desc";

/** Every `… over (…)` window of a SQL text whose order by reads a version column. */
function versionWindows(sql: string): { rank: string; order: string }[] {
  const text = sql.replace(/--[^\n]*/g, '');
  const found: { rank: string; order: string }[] = [];
  for (const m of text.matchAll(/\b(\w+)\(\)\s+over\s*\(/gi)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
    const clause = text.slice(start, i - 1).replace(/\s+/g, ' ');
    const order = /\border by (.*)$/i.exec(clause)?.[1]?.trim() ?? '';
    // Copies of one row within one load (partitioned by the load) are not versions.
    const copies = order === 'batch_row desc' && /\bpartition by .*\bbatch_id\b.* order by/i.test(clause);
    if (!copies && /\b(updated_at|ingested_at|batch_id|batch_row)\b/.test(order))
      found.push({ rank: m[1]!.toLowerCase(), order });
  }
  return found;
}

function sqlFiles(): { file: string; sql: string }[] {
  return readdirSync(SQL_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => ({ file, sql: readFileSync(join(SQL_DIR, file), 'utf8') }));
}

describe('the version order', () => {
  it('is the same text in every model that ranks versions', () => {
    const seen: string[] = [];
    for (const { file, sql } of sqlFiles()) {
      for (const w of versionWindows(sql)) {
        seen.push(file);
        // dense_rank gives every row of the newest version rank 1 (a record stored as one row per
        // contact); a row_number must also order the rows of one load.
        const expected = w.rank === 'dense_rank' ? VERSION_ORDER : `${VERSION_ORDER}, batch_row desc`;
        expect({ file, rank: w.rank, order: w.order }).toEqual({ file, rank: w.rank, order: expected });
      }
    }
    // Not vacuous: every latest-version model is among them.
    for (const model of [
      'stg_leads__latest',
      'stg_deals',
      'stg_activities__latest',
      'stg_activities',
      'stg_owners',
      'stg_spend',
      'int_leads__verdicts',
    ])
      expect(seen.some((f) => f.endsWith(`/${model}.sql`))).toBe(true);
  });

  it('finds a version ranking written another way, and leaves copies of one load alone', () => {
    const other =
      'row_number() over (partition by source, lead_id order by updated_at desc nulls last, ingested_at desc)';
    expect(versionWindows(other)).toEqual([
      { rank: 'row_number', order: 'updated_at desc nulls last, ingested_at desc' },
    ]);
  });
});

/** Loads the exports (fixture and its export day) in the order given; returns the query's rows. */
async function loadedInOrder(exports: [Fixture, string][], sql: string): Promise<unknown[]> {
  const dir = await mkdtemp(join(tmpdir(), 'funnel-version-order-'));
  const config = parseConfig({});
  const store = new LocalStore(dir);
  for (const [fixture, dt] of exports) await loadFixture(store, config, fixture, dt);
  const engine = await openLocalWarehouse(dir, config);
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both load orders give `expected`: the newer export first (live) and last (a late backfill). */
async function expectEitherOrder(older: [Fixture, string], newer: [Fixture, string], sql: string, expected: unknown[]) {
  expect(await loadedInOrder([older, newer], sql)).toEqual(expected);
  expect(await loadedInOrder([newer, older], sql)).toEqual(expected);
}

const CREATED = '2026-11-02T08:00:00Z';

describe('the version that wins', () => {
  it('without updated_at: the later export day, however late the older one was loaded', async () => {
    await expectEitherOrder(
      [{ leads: [lead('L1', CREATED, { lifecycle_stage: 'lead' })] }, '2026-11-10'],
      [{ leads: [lead('L1', CREATED, { lifecycle_stage: 'sql' })] }, '2026-11-20'],
      'select lifecycle_stage from stg_leads',
      [{ lifecycle_stage: 'sql' }],
    );
    // Spend: a re-pull restates the days; the older pull loaded late does not.
    await expectEitherOrder(
      [{ spend: [spendRow('2026-11-09', 'C1', 100)] }, '2026-11-10'],
      [{ spend: [spendRow('2026-11-09', 'C1', 90)] }, '2026-11-17'],
      'select cost from stg_spend',
      [{ cost: 90 }],
    );
  });

  it('a newer export without updated_at wins over an older one that had it', async () => {
    // Modified 5 Nov and exported 10 Nov; exported again on 20 Nov without a "Last Modified" column.
    await expectEitherOrder(
      [{ deals: [deal('D1', CREATED, { amount: 4000, updated_at: '2026-11-05T09:00:00Z' })] }, '2026-11-10'],
      [{ deals: [deal('D1', CREATED, { amount: 3500 })] }, '2026-11-20'],
      'select amount from stg_deals',
      [{ amount: 3500 }],
    );
    // An owner renamed, the newer export without updated_at.
    const owner = (name: string, extra = {}) => ({ owner_id: 'O1', source: 'hubspot', name, ...extra });
    await expectEitherOrder(
      [{ owners: [owner('Ann Old', { updated_at: '2026-11-05T09:00:00Z' })] }, '2026-11-10'],
      [{ owners: [owner('Ann New')] }, '2026-11-20'],
      'select name from stg_owners',
      [{ name: 'Ann New' }],
    );
  });

  it('both with updated_at: the later modification, even when the older export carries a later day', async () => {
    // A file with Last Modified imported late without its export day (dt = the load day).
    await expectEitherOrder(
      [{ leads: [lead('L1', CREATED, { lifecycle_stage: 'lead', updated_at: '2026-11-05T09:00:00Z' })] }, '2026-11-25'],
      [
        { leads: [lead('L1', CREATED, { lifecycle_stage: 'customer', updated_at: '2026-11-18T09:00:00Z' })] },
        '2026-11-18',
      ],
      'select lifecycle_stage from stg_leads',
      [{ lifecycle_stage: 'customer' }],
    );
  });

  it('without updated_at, a version exported before a modification loses to it', async () => {
    // Exported 10 Nov (no updated_at), then deleted on 12 Nov (a version with updated_at).
    await expectEitherOrder(
      [{ activities: [activity('A1', CREATED)] }, '2026-11-10'],
      [
        { activities: [activity('A1', CREATED, { is_deleted: true, updated_at: '2026-11-12T09:00:00Z' })] },
        '2026-11-12',
      ],
      'select activity_id from stg_activities',
      [],
    );
  });
});
