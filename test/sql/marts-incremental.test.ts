/**
 * The incremental refresh (functions/core/marts.ts, issue #17 item 2), on DuckDB set up as
 * Athena is after a deploy: after each load of a series (updates, deletes, merges both ways,
 * late and re-scoped activities, an older version arriving late, restated spend) a run builds
 * the incremental models from the previous run's tables, and every model table must equal a
 * full build from all of history, row for row. A run that cannot be sure of its base (a load
 * being written meanwhile, a rebuild from raw, new SQL, or when asked) rebuilds everything.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../functions/adapters/duckdb-engine.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { duckdbMartDialect, materializeMarts, planMarts, type MaterializeSummary } from '../../functions/core/marts.js';
import { loadBatch } from '../../functions/core/load.js';
import { loadModelSpec } from '../../functions/core/model-tests.js';
import { loadModels } from '../../functions/core/models.js';
import type { QueryEngine, Row } from '../../functions/core/ports.js';
import { REBUILD_STATE_KEY } from '../../functions/core/rebuild.js';
import { importAll, writeDemoData, type DemoPipeline } from '../handlers/pipeline.js';
import { athenaLikeEngine, activity, deal, lead, loadFixture, spendRow, type Fixture } from '../helpers/warehouse.js';

let demo: DemoPipeline;
let dir: string;
let store: LocalStore;
let athena: DuckDBEngine; // as Athena after a deploy: models as views over the canonical tables

beforeAll(async () => {
  demo = await writeDemoData();
  dir = join(demo.root, 'lake');
  store = new LocalStore(dir);
  const encoder = await DuckDBParquetEncoder.create();
  try {
    await importAll(demo, store, encoder);
  } finally {
    await encoder.close();
  }
  athena = await athenaLikeEngine(dir, demo.config);
}, 240_000);

afterAll(async () => {
  await athena?.close();
  await demo?.cleanup();
});

async function rowsOf(engine: QueryEngine, relation: string): Promise<string[]> {
  const rows: Row[] = await engine.query(`select * from ${relation}`);
  return rows.map((r) => JSON.stringify(r)).sort();
}

let clock = Date.parse('2026-12-02T05:00:00Z');
const tick = () => new Date((clock += 60_000));

const run = (full = false): Promise<MaterializeSummary> =>
  materializeMarts({ engine: athena, store, config: demo.config, dialect: duckdbMartDialect, now: tick, full });

/** Every model table of the current run against a full build of the same canonical data. */
async function expectSameAsFullBuild(step: string): Promise<void> {
  const full = await openLocalWarehouse(dir, demo.config);
  try {
    for (const m of loadModels()) {
      expect({ step, model: m.name, rows: await rowsOf(athena, m.name) }).toEqual({
        step,
        model: m.name,
        rows: await rowsOf(full, m.name),
      });
    }
  } finally {
    await full.close();
  }
}

const load = (fixture: Fixture, dt = '2026-12-02') => loadFixture(store, demo.config, fixture, dt);

/**
 * A full-snapshot import of each table of `fixture` (`funnel import --snapshot`,
 * core/import/snapshot.ts): the records of its source absent from it get tombstones in its batch.
 * Returns the tombstones written per table.
 */
async function loadSnapshot(fixture: Fixture, dt = '2026-12-02'): Promise<Record<string, unknown>> {
  const encoder = await DuckDBParquetEncoder.create();
  const written: Record<string, unknown> = {};
  try {
    for (const [table, records] of Object.entries(fixture) as [keyof Fixture, NonNullable<Fixture['leads']>][]) {
      const loadedAt = new Date(Date.parse('2026-12-03T06:00:00Z') + Object.keys(written).length * 60_000);
      const { manifest } = await loadBatch(
        { store, encoder, config: demo.config, now: () => loadedAt },
        {
          table,
          format: 'test',
          dt,
          input: `${table}-snapshot.json`,
          raw: Buffer.from(JSON.stringify({ table, records, snapshot: true })),
          rows: records.map((record, i) => ({ ok: true as const, line: i + 1, record })),
          snapshot: { allowMassDelete: false },
        },
      );
      written[table] = (manifest.notes?.snapshot as { tombstones: number }).tombstones;
    }
  } finally {
    await encoder.close();
  }
  return written;
}

const HOUR = 3_600_000;
const at = (base: string, hours: number) => new Date(Date.parse(base) + hours * HOUR).toISOString();
const T0 = '2026-11-17T09:00:00Z';

describe('incremental refresh', () => {
  it('builds only the incremental models from the previous run, on the new batches', () => {
    const basis = {
      previousRunId: 'r20261201050000000',
      batches: {
        activities: { batchIds: ['ab12'], dts: ['2026-12-01'] },
        spend: { batchIds: ['cd34'], dts: ['2026-12-01'] },
      },
    };
    const plan = planMarts(loadModels(), 'r20261202050000000', duckdbMartDialect, basis);
    const incremental = loadModels()
      .filter((m) => loadModelSpec(m).incremental)
      .map((m) => m.name);
    expect(incremental.sort()).toEqual([
      'int_leads__verdicts',
      'stg_activities__latest',
      'stg_deals',
      'stg_leads__latest',
      'stg_spend',
    ]);
    const latest = plan.build.find((b) => b.model === 'stg_activities__latest')!;
    expect(latest.incremental).toBe(true);
    const key = (column: string) =>
      `coalesce(cast(source as varchar), '') || '|' || coalesce(cast(${column} as varchar), '')`;
    expect(latest.sql).toContain(
      `incremental__keys as (select distinct ${key('coalesce(record_id, activity_id)')} as incremental_key from activities where batch_id in ('ab12') and dt in ('2026-12-01')),`,
    );
    // From the state: the touched records' rows of the previous table and the new rows, never the history.
    expect(latest.sql).toContain(
      `from stg_activities__latest__r20261201050000000 where ${key('crm_record_id')} in (select incremental_key from incremental__keys)\nunion all select "activity_id",`,
    );
    expect(latest.sql).toContain(
      `select * from stg_activities__latest__r20261201050000000 where ${key('crm_record_id')} not in (select incremental_key from incremental__keys)`,
    );
    // From the history: every canonical row of the touched records.
    const spend = plan.build.find((b) => b.model === 'stg_spend')!;
    expect(spend.sql).toContain(`incremental__rows as (select * from spend where ${key('platform')}`);
    // A model whose table had no new batch is the previous table; the others are full builds.
    expect(plan.build.find((b) => b.model === 'stg_deals')!.sql).toMatch(
      /as\nselect \* from stg_deals__r20261201050000000$/,
    );
    expect(plan.build.filter((b) => b.incremental).map((b) => b.model)).toEqual(
      expect.arrayContaining(['stg_deals', 'stg_spend', 'stg_leads__latest', 'int_leads__verdicts']),
    );
    expect(plan.build.find((b) => b.model === 'fct_persons')!.incremental).toBe(false);
    expect(() =>
      planMarts(loadModels(), 'r2', duckdbMartDialect, {
        previousRunId: 'r1',
        batches: { deals: { batchIds: ["x'; drop"], dts: [] } },
      }),
    ).toThrow(/batch id/);
  });

  it('gives the tables of a full build after every load of a series', async () => {
    expect(await run()).toMatchObject({ mode: 'full', fullBecause: 'no model tables yet' });
    await expectSameAsFullBuild('first run');
    const steps: [string, Fixture][] = [
      [
        'new leads, deals (one naming its contact by id), a record of two contacts, spend',
        {
          leads: [
            lead('inc-1', T0, { email: 'ina@inc-one.example', lifecycle_stage: 'lead', channel: 'paid_search' }),
            lead('inc-2', at(T0, 1), { email: 'ivo@inc-two.example', lifecycle_stage: 'lead' }),
            lead('inc-3', at(T0, 2), { email: 'ida@inc-three.example', lifecycle_stage: 'mql' }),
            // Still a Lead in the export of 17 Nov; an MQL in a later one without a modification time.
            lead('inc-6', at(T0, 2), { email: 'ivy@inc-six.example', lifecycle_stage: 'lead' }),
            lead('inc-sf-1', at(T0, 3), { source: 'salesforce', email: 'sam@inc-four.example' }),
            lead('inc-sf-2', at(T0, 4), { source: 'salesforce', email: 'sue@inc-four.example' }),
          ],
          deals: [
            deal('inc-d1', at(T0, 30), { contact_emails: ['ina@inc-one.example'], stage: 'qualification' }),
            deal('inc-d2', at(T0, 31), { account_domain: 'inc-four.example', stage: 'qualification' }),
            // Its contact by id only: Ida's lead, merged into Ivo's in a later step.
            deal('inc-d3', at(T0, 32), { source: 'hubspot', contact_ids: ['inc-3'], stage: 'qualification' }),
          ],
          activities: [
            activity('inc-a1:ina', at(T0, 5), { record_id: 'inc-a1', email_key: 'ina@inc-one.example' }),
            activity('inc-a1:ivo', at(T0, 5), { record_id: 'inc-a1', email_key: 'ivo@inc-two.example' }),
            activity('inc-legacy', at(T0, 6), { email_key: 'ida@inc-three.example', type: 'email' }),
            // Logged as a task (an export without its Type column): never a follow-up, until
            // its next version says it was a call.
            activity('inc-typed', at(T0, 8), { email_key: 'ivo@inc-two.example', type: 'task' }),
          ],
          spend: [spendRow('2026-11-17', 'inc-c1', 120), spendRow('2026-11-18', 'inc-c1', 80)],
        },
      ],
      [
        'updates: an MQL, a won deal, the record re-scoped to one contact, the legacy id under a record id',
        {
          leads: [
            lead('inc-6', at(T0, 2), { email: 'ivy@inc-six.example', lifecycle_stage: 'mql' }),
            lead('inc-1', T0, {
              email: 'ina@inc-one.example',
              lifecycle_stage: 'mql',
              updated_at: at(T0, 20),
              channel: 'paid_search',
            }),
          ],
          deals: [
            deal('inc-d1', at(T0, 30), {
              contact_emails: ['ina@inc-one.example'],
              stage: 'closed won',
              is_closed: true,
              is_won: true,
              closed_at: at(T0, 60),
              updated_at: at(T0, 60),
              amount: 5000,
            }),
          ],
          activities: [
            activity('inc-a1:ina', at(T0, 5), {
              record_id: 'inc-a1',
              email_key: 'ina@inc-one.example',
              updated_at: at(T0, 22),
            }),
            activity('inc-legacy', at(T0, 7), {
              record_id: 'inc-rec-legacy',
              email_key: 'ida@inc-three.example',
              type: 'email',
              updated_at: at(T0, 23),
            }),
            activity('inc-typed', at(T0, 8), {
              email_key: 'ivo@inc-two.example',
              type: 'call',
              updated_at: at(T0, 24),
            }),
          ],
        },
      ],
      [
        'merges: HubSpot lists the merged-away id, Salesforce names the master',
        {
          leads: [
            lead('inc-2', at(T0, 1), {
              email: 'ivo@inc-two.example',
              merged_lead_ids: ['inc-3'],
              additional_email_keys: ['ida@inc-three.example'],
              updated_at: at(T0, 40),
            }),
            lead('inc-sf-2', at(T0, 4), {
              source: 'salesforce',
              email: 'sue@inc-four.example',
              is_deleted: true,
              merged_into_lead_id: 'inc-sf-1',
              updated_at: at(T0, 41),
            }),
          ],
        },
      ],
      [
        'deletes, a late activity, an older version loaded late, restated spend',
        {
          leads: [
            // Older than the version loaded before: it must not win, but its address (changed
            // since) is a key of the record's person from now on.
            lead('inc-1', T0, {
              email: 'ina.old@inc-one.example',
              lifecycle_stage: 'lead',
              updated_at: at(T0, 10),
              channel: 'paid_search',
            }),
          ],
          deals: [
            deal('inc-d2', at(T0, 31), {
              account_domain: 'inc-four.example',
              is_deleted: true,
              updated_at: at(T0, 70),
            }),
          ],
          activities: [
            activity('inc-late', at(T0, 2), { email_key: 'sam@inc-four.example', type: 'meeting' }),
            activity('inc-a1:ina', at(T0, 5), {
              record_id: 'inc-a1',
              email_key: 'ina@inc-one.example',
              is_deleted: true,
              updated_at: at(T0, 80),
            }),
          ],
          spend: [spendRow('2026-11-17', 'inc-c1', 150), spendRow('2026-11-19', 'inc-c1', 60)],
        },
      ],
      [
        'an older version of a record arriving after its deletion (it must lose to the deletion)',
        {
          activities: [
            activity('inc-a1:ina', at(T0, 5), {
              record_id: 'inc-a1',
              email_key: 'ina@inc-one.example',
              updated_at: at(T0, 21),
            }),
            activity('inc-a1:ivo', at(T0, 5), {
              record_id: 'inc-a1',
              email_key: 'ivo@inc-two.example',
              updated_at: at(T0, 21),
            }),
          ],
        },
      ],
    ];
    for (const [i, [step, fixture]] of steps.entries()) {
      // The first export is of 17 Nov, before the modifications the later steps carry: it has no
      // updated_at, so its export day orders it (docs/methodology.md).
      await load(fixture, i === 0 ? '2026-11-17' : undefined);
      expect(await run(), step).toMatchObject({ mode: 'incremental', fullBecause: null });
      await expectSameAsFullBuild(step);
    }
    // The series changed what it should have (the comparison above is not of two empty tables).
    // An MQL from the end of the export day that still said Lead, not from the lead's creation.
    const since = await athena.query(
      `select strftime(mql_since, '%Y-%m-%d %H:%M') as mql_since from stg_leads where lead_id = 'inc-6'`,
    );
    expect(since).toEqual([{ mql_since: '2026-11-18 00:00' }]);
    const deals = await athena.query(`select deal_id from stg_deals where deal_id like 'inc-%' order by 1`);
    expect(deals.map((r) => r.deal_id)).toEqual(['inc-d1', 'inc-d3']);
    // The deal naming Ida's contact id went to Ivo's person when her record was merged into his.
    expect(await athena.query(`select person_key, match_method from fct_deals where deal_id = 'inc-d3'`)).toEqual([
      { person_key: 'ivo@inc-two.example', match_method: 'contact' },
    ]);
    expect(
      await athena.query(
        `select email_key, array_sort(version_email_keys) as keys from stg_leads__latest where lead_id = 'inc-1'`,
      ),
    ).toEqual([{ email_key: 'ina@inc-one.example', keys: ['ina.old@inc-one.example', 'ina@inc-one.example'] }]);
    expect(await athena.query(`select activity_id from stg_activities where record_id = 'inc-a1'`)).toEqual([]);
    const legacy = await athena.query(`select record_id from stg_activities where activity_id = 'inc-legacy'`);
    expect(legacy).toEqual([{ record_id: 'inc-rec-legacy' }]);
    const typed = await athena.query(
      `select type, is_follow_up_kind from stg_activities where activity_id = 'inc-typed'`,
    );
    expect(typed).toEqual([{ type: 'call', is_follow_up_kind: true }]);
    const spend = await athena.query(`select sum(cost) as cost from stg_spend where campaign_id = 'inc-c1'`);
    expect(Number(spend[0]!.cost)).toBe(290);
    // Nothing new: each incremental table is the previous one.
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('no new load');
  }, 300_000);

  it('deletes what a full-snapshot import leaves out, incrementally as in a full build', async () => {
    // `funnel import --snapshot` of a source (core/import/snapshot.ts): the tombstones are rows of
    // its batch, so the incremental run rebuilds the records they touch like any new version.
    const snap = { source: 'snapcrm' };
    const snapLeads = ['snap-l1', 'snap-l2', 'snap-l3'].map((id, i) =>
      lead(id, at(T0, i), { ...snap, email: `${id}@snap.example` }),
    );
    const snapDeals = [
      deal('snap-d1', at(T0, 3), { ...snap, contact_emails: ['snap-l1@snap.example'] }),
      deal('snap-d2', at(T0, 4), { ...snap, contact_emails: ['snap-l3@snap.example'] }),
    ];
    const snapActivities = [
      activity('snap-a1', at(T0, 5), { ...snap, email: 'snap-l1@snap.example' }),
      // One record, one row per contact: the snapshot deletes the record, both rows.
      activity('snap-a2:x', at(T0, 6), { ...snap, record_id: 'snap-a2', email: 'snap-l2@snap.example' }),
      activity('snap-a2:y', at(T0, 6), { ...snap, record_id: 'snap-a2', email: 'snap-l3@snap.example' }),
      activity('snap-a3', at(T0, 7), { ...snap, email: 'snap-l3@snap.example' }),
    ];
    await run(); // in full when run alone (no model tables yet)
    await load({ leads: snapLeads, deals: snapDeals, activities: snapActivities });
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('the records a snapshot will be of');
    const changed = { updated_at: at(T0, 100) };
    expect(
      await loadSnapshot({
        leads: [
          { ...snapLeads[0]!, ...changed },
          { ...snapLeads[1]!, ...changed },
        ],
        deals: [{ ...snapDeals[0]!, ...changed }],
        activities: [
          { ...snapActivities[0]!, ...changed },
          { ...snapActivities[3]!, ...changed },
        ],
      }),
    ).toEqual({ leads: 1, deals: 1, activities: 1 });
    expect(await run(), 'a snapshot').toMatchObject({ mode: 'incremental', fullBecause: null });
    await expectSameAsFullBuild('a snapshot deleting what it leaves out');
    expect(await athena.query(`select lead_id from stg_leads where source = 'snapcrm' order by 1`)).toEqual([
      { lead_id: 'snap-l1' },
      { lead_id: 'snap-l2' },
    ]);
    expect(await athena.query(`select deal_id from stg_deals where source = 'snapcrm'`)).toEqual([
      { deal_id: 'snap-d1' },
    ]);
    expect(await athena.query(`select activity_id from stg_activities where source = 'snapcrm' order by 1`)).toEqual([
      { activity_id: 'snap-a1' },
      { activity_id: 'snap-a3' },
    ]);
  }, 180_000);

  it('reads a load being written as a full run would, and rebuilds everything when asked, after a rebuild from raw, or when files it read changed', async () => {
    expect(await run(true)).toMatchObject({ mode: 'full', fullBecause: 'a full rebuild was asked for' });
    expect(await run()).toMatchObject({ mode: 'incremental' });

    // A rebuild from raw rewrites the canonical tables under the run's feet.
    await store.put(REBUILD_STATE_KEY, JSON.stringify({ finishedAt: new Date(clock + 1000).toISOString() }));
    clock += 2000;
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the canonical tables were rebuilt from raw since the last run',
    });
    expect(await run()).toMatchObject({ mode: 'incremental' });

    // A batch's canonical files without its manifest: a load still being written (or one that failed).
    const before = new Set(await store.list('manifests/loads/'));
    await load({ leads: [lead('inc-partial', at(T0, 9), { email: 'pat@inc-partial.example' })] }, '2026-12-03');
    for (const key of await store.list('manifests/loads/')) if (!before.has(key)) await store.delete(key);
    // The canonical tables read its rows, so every run does, rebuilding its records each time.
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await expectSameAsFullBuild('a load being written');
    expect(await store.list('canonical/leads/source=hubspot/dt=2026-12-03/')).not.toEqual([]);
    expect(await run()).toMatchObject({ mode: 'incremental' });
    // The failed load's files cleaned up: the tables hold rows no canonical file has any more.
    for (const key of await store.list('canonical/leads/source=hubspot/dt=2026-12-03/')) await store.delete(key);
    expect(await run()).toMatchObject({
      mode: 'full',
      fullBecause: 'the canonical files of the batches the last run read changed since',
    });
    await expectSameAsFullBuild('after the failed load was cleaned up');
  }, 180_000);

  it('builds in full when an incremental table fails its unique test, instead of keeping duplicates', async () => {
    expect(await run()).toMatchObject({ mode: 'incremental' });
    await load({
      deals: [deal('inc-d1', at(T0, 30), { stage: 'closed lost', is_closed: true, updated_at: at(T0, 90) })],
    });
    // An engine whose incremental stg_deals keeps the previous version of every touched deal too:
    // what a model breaking its record-key promise would do.
    const broken: QueryEngine = {
      query: (sql, params) =>
        athena.query(
          sql.startsWith('create table stg_deals__')
            ? sql.replace(/not in \(select incremental_key from incremental__keys\)/, 'is not null')
            : sql,
          params,
        ),
      close: async () => undefined,
    };
    const summary = await materializeMarts({
      engine: broken,
      store,
      config: demo.config,
      dialect: duckdbMartDialect,
      now: tick,
    });
    expect(summary).toMatchObject({
      mode: 'full',
      fullBecause: 'the incremental tables failed their unique test (stg_deals(source, deal_id))',
    });
    // Only the full run's tables are left.
    const tables = await athena.query(`select table_name from duckdb_tables() where table_name like 'stg_deals__r%'`);
    expect(tables.map((r) => r.table_name)).toEqual([`stg_deals__${summary.runId}`]);
    await expectSameAsFullBuild('after the fallback');
  }, 120_000);
});
