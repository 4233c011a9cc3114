/**
 * The benchmark's scale data set, generated inside DuckDB (seconds, not minutes, for 1M
 * leads) and written as canonical Parquet in the store layout the loader uses.
 * N leads (~10% of persons with leads in two sources), N/4 deals, 5N activities, and a
 * year of daily spend for 200 campaigns.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBEngine } from '../functions/adapters/duckdb-engine.js';
import { parquetColumns } from '../functions/core/parquet.js';
import type { LoadManifest } from '../functions/core/records.js';

/**
 * The scale data's one batch, and the day batch's: hex like the loader's ids, in the file
 * names (`<batchId>-<n>.parquet`) and each table's load manifest, so the model runs of
 * core/marts.ts read them as committed loads.
 */
export const SCALE_BATCH_ID = 'b0000000000000000000000000000001';
export const DAY_BATCH_ID = 'b0000000000000000000000000000002';

export interface ScaleCounts {
  leads: number;
  deals: number;
  activities: number;
  spend: number;
}

const YEAR_START = "timestamp '2025-11-24 00:00:00'";
const SECONDS_PER_YEAR = 364 * 86_400;
const CHANNELS = [
  'paid_search',
  'paid_social',
  'display',
  'email',
  'organic_search',
  'organic_social',
  'referral',
  'events',
  'direct',
  'other',
];
const channelOf = (expr: string): string => `(['${CHANNELS.join("','")}'])[1 + (${expr}) % ${CHANNELS.length}]`;
/** A deterministic uniform value in [0, 1) from an integer and a salt. */
const u = (expr: string, salt: string): string => `(cast(hash(${expr}, '${salt}') % 1000000 as bigint) / 1000000.0)`;

export async function generateScale(dataDir: string, leads: number): Promise<ScaleCounts> {
  await rm(join(dataDir, 'canonical'), { recursive: true, force: true });
  await rm(join(dataDir, 'manifests'), { recursive: true, force: true });
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  const persons = Math.round(leads / 1.1);
  const deals = Math.round(leads / 4);
  const activities = leads * 5;
  try {
    await engine.run(`
      create table persons as
      select
        i as person_id,
        ${YEAR_START} + to_seconds(cast(${u('i', 'created')} * ${SECONDS_PER_YEAR} as bigint)) as created_at,
        case
          when ${u('i', 'mail')} < 0.02 then null
          when ${u('i', 'mail')} < 0.07 then 'p' || i || '@gmail.com'
          else 'p' || i || '@c' || (i % 50000) || '.com'
        end as email,
        'c' || (i % 50000) || '.com' as company_domain,
        ${channelOf(`cast(hash(i, 'channel') % 1000 as bigint)`)} as channel,
        'cmp' || (cast(hash(i, 'campaign') % 200 as bigint)) as campaign_id
      from range(${persons}) as t(i)`);
    // Every person has a HubSpot lead; every tenth one a Salesforce lead too.
    await engine.run(`
      create table gen_leads as
      select
        'H' || person_id as lead_id, 'hubspot' as source, email, email as email_key, 'First' as first_name,
        'Last' as last_name, 'Company' as company, company_domain, created_at, created_at as updated_at,
        case when ${u('person_id', 'mql')} < 0.3 then 'mql' else 'lead' end as lifecycle_stage,
        null::timestamp as mql_at, 'NEW' as status, 'rep-' || (person_id % 40) as owner_id,
        ${u('person_id', 'dq')} < 0.1 as is_disqualified,
        case when ${u('person_id', 'dq')} < 0.05 then 'No budget' end as disqualification_reason, channel,
        campaign_id, 'Campaign ' || campaign_id as campaign_name, null::varchar as utm_source,
        null::varchar as utm_medium, null::varchar as utm_campaign, false as is_deleted,
        []::varchar[] as additional_emails, []::varchar[] as additional_email_keys, []::varchar[] as merged_lead_ids,
        null::varchar as merged_into_lead_id, false as created_at_time_unknown, null::varchar as converted_contact_id,
        null::varchar as converted_deal_id
      from persons
      union all
      select
        'S' || person_id, 'salesforce', upper(email), email, null, null, null, company_domain,
        created_at + interval 3 day, created_at + interval 3 day, 'sql', null, 'Working', 'rep-' || (person_id % 40),
        false, null, 'events', null, null, null, null, null, false, []::varchar[], []::varchar[], []::varchar[], null,
        false, 'C' || person_id, null
      from persons
      where person_id % 10 = 0 and person_id < ${leads - persons} * 10`);
    await engine.run(`
      create table gen_activities as
      select
        'A' || j as activity_id, 'salesforce' as source,
        (['call','email','meeting','task','other'])[1 + cast(hash(j, 'type') % 5 as bigint)] as type,
        p.created_at + to_seconds(cast(exp(${u('j', 'delay')} * 14) as bigint)) as occurred_at,
        'rep-' || (j % 40) as owner_id,
        case when j % 20 = 0 then null else p.email end as email,
        case when j % 20 = 0 then null else p.email end as email_key,
        case when j % 20 = 0 then 'S' || p.person_id end as lead_id,
        null::varchar as deal_id,
        ${u('j', 'auto')} < 0.1 as is_automated,
        null::timestamp as updated_at,
        -- One in twenty is an open task or a planned call: loaded, never a follow-up.
        j % 20 <> 7 as has_happened,
        null::varchar as record_id,
        false as is_deleted,
        false as occurred_at_time_unknown,
        false as occurred_at_unknown,
        null::varchar as contact_id
      from range(${activities}) as t(j)
      join persons as p on p.person_id = cast(hash(j, 'person') % ${persons} as bigint)`);
    await engine.run(`
      create table gen_deals as
      select
        'D' || k as deal_id, 'salesforce' as source, 'Deal ' || k as name, 'Account' as account_name,
        case when ${u('k', 'dom')} < 0.5 then p.company_domain else 'other' || k || '.com' end as account_domain,
        p.created_at + to_seconds(cast(${u('k', 'lag')} * 60 * 86400 as bigint)) as created_at,
        p.created_at + to_seconds(cast(${u('k', 'lag')} * 60 * 86400 as bigint)) as updated_at,
        case when ${u('k', 'closed')} < 0.4 then p.created_at + interval 70 day end as closed_at,
        'Stage' as stage, ${u('k', 'closed')} < 0.4 as is_closed, ${u('k', 'closed')} < 0.12 as is_won,
        round(5000 + ${u('k', 'amount')} * 100000, 2) as amount,
        (['EUR','USD','CHF'])[1 + cast(hash(k, 'cur') % 3 as bigint)] as currency,
        'rep-' || (k % 40) as owner_id, 'default' as pipeline,
        case when ${u('k', 'conv')} < 0.2 and p.person_id % 10 = 0 then 'S' || p.person_id end as converted_from_lead_id,
        case when ${u('k', 'mail')} < 0.4 and p.email is not null then [p.email] else []::varchar[] end as contact_emails,
        case when ${u('k', 'mail')} < 0.4 and p.email is not null then [p.email] else []::varchar[] end as contact_email_keys,
        -- Contacts named by id: the Salesforce contact a tenth of the persons' leads were converted into.
        case when ${u('k', 'cid')} < 0.2 then ['C' || p.person_id] else []::varchar[] end as contact_ids,
        []::varchar[] as merged_deal_ids,
        false as is_deleted,
        false as created_at_time_unknown
      from range(${deals}) as t(k)
      join persons as p on p.person_id = cast(hash(k, 'dealperson') % ${persons} as bigint)`);
    await engine.run(`
      create table gen_spend as
      select
        cast(date '2025-11-24' + cast(d as integer) as date) as date, 'ads' as source,
        (['google_ads','meta','linkedin'])[1 + c % 3] as platform, 'acct-' || (c % 3) as account_id,
        'cmp' || c as campaign_id, 'Campaign cmp' || c as campaign_name,
        (['paid_search','paid_social','display'])[1 + c % 3] as channel,
        round(${u('c * 1000 + d', 'cost')} * 300, 2) as cost,
        (['EUR','USD','CHF'])[1 + c % 3] as currency,
        cast(${u('c * 1000 + d', 'impr')} * 10000 as bigint) as impressions,
        cast(${u('c * 1000 + d', 'clicks')} * 300 as bigint) as clicks,
        round(${u('c * 1000 + d', 'conv')} * 10, 1) as conversions
      from range(200) as a(c), range(364) as b(d)`);
    const counts: ScaleCounts = { leads: 0, deals: 0, activities: 0, spend: 0 };
    // Owners are not generated: the bench times the funnel models, which never read them.
    for (const table of SCALE_TABLES) {
      await writeBatch(engine, dataDir, table, `gen_${table}`, SCALE_BATCH_ID, '2026-11-24');
      const [row] = await engine.query(`select count(*) as n from gen_${table}`);
      counts[table] = Number(row!.n);
    }
    return counts;
  } finally {
    await engine.close();
  }
}

const SCALE_TABLES = ['leads', 'deals', 'activities', 'spend'] as const;

/** Writes `relation` as one committed load of `table` in the loader's layout under `dataDir`. */
async function writeBatch(
  engine: DuckDBEngine,
  dataDir: string,
  table: (typeof SCALE_TABLES)[number],
  relation: string,
  batchId: string,
  dt: string,
): Promise<void> {
  const columns = parquetColumns(table)
    .map((c) =>
      c.name === 'ingested_at'
        ? `timestamp '${dt} 06:00:00' as ingested_at`
        : c.name === 'batch_id'
          ? `'${batchId}' as batch_id`
          : c.name === 'batch_row'
            ? 'cast(0 as bigint) as batch_row'
            : `"${c.name}"`,
    )
    .join(', ');
  const dir = join(dataDir, 'canonical', table);
  await mkdir(dir, { recursive: true });
  await engine.run(
    `copy (select ${columns}, source, '${dt}' as dt from ${relation}) to '${dir}' ` +
      `(format parquet, compression zstd, partition_by (source, dt), overwrite_or_ignore true, filename_pattern '${batchId}-{i}')`,
  );
  const bySource = await engine.query(`select source, count(*) as n from ${relation} group by source order by source`);
  const rowsBySource = Object.fromEntries(bySource.map((r) => [String(r.source), Number(r.n)]));
  const sources = Object.keys(rowsBySource);
  const files = await engine.query(`select file from glob('${join(dir, '*', `dt=${dt}`, `${batchId}-*.parquet`)}')`);
  const manifest: LoadManifest = {
    batchId,
    source: sources.length === 1 ? sources[0]! : 'mixed',
    table,
    format: 'bench',
    dt,
    input: `bench-${table}`,
    rawKey: `raw/bench/${dt}/${batchId}-${table}`,
    rawBytes: 0,
    sha256: batchId,
    loadedAt: `${dt}T06:00:00.000Z`,
    rowsLoaded: Object.values(rowsBySource).reduce((a, b) => a + b, 0),
    rowsRejected: 0,
    canonicalKeys: files.map((f) => String(f.file).slice(dataDir.length + 1)).sort(),
    rejectsKey: null,
    notes: { rowsBySource },
  };
  await mkdir(join(dataDir, 'manifests', 'loads', table), { recursive: true });
  await writeFile(join(dataDir, 'manifests', 'loads', table, `${batchId}.json`), JSON.stringify(manifest) + '\n');
}

/**
 * One day's batch after the scale data, written under `dayDir` in the same layout (moved into
 * the data dir by the incremental bench once the full run is done): about 0.5 % of the rows
 * new or changed, as a daily pull brings them. Leads: 0.25 % updated (reached MQL) and 0.25 %
 * new; activities: 0.5 % new, on existing and new persons; deals: 0.25 % updated (won) and
 * 0.25 % new; spend: the last 7 days of every campaign restated. Returns the rows per table.
 */
export async function generateDayBatch(dataDir: string, dayDir: string): Promise<ScaleCounts> {
  await rm(dayDir, { recursive: true, force: true });
  const engine = await DuckDBEngine.open(':memory:', { threads: '2' });
  const read = (table: string) =>
    `read_parquet('${join(dataDir, 'canonical', table, '*', '*', '*.parquet')}', hive_partitioning = true, hive_types = {'source': VARCHAR, 'dt': VARCHAR})`;
  const day = "timestamp '2026-11-25 05:00:00'";
  try {
    await engine.run(`
      create table day_leads as
      select * replace (${day} as updated_at, 'mql' as lifecycle_stage)
      from ${read('leads')} where hash(lead_id, 'day') % 400 = 0
      union all
      select * replace ('N' || lead_id as lead_id, 'n' || email as email, 'n' || email_key as email_key,
        ${day} as created_at, ${day} as updated_at)
      from ${read('leads')} where hash(lead_id, 'new') % 400 = 0`);
    await engine.run(`
      create table day_activities as
      select * replace ('N' || activity_id as activity_id, ${day} + interval 1 hour as occurred_at)
      from ${read('activities')} where hash(activity_id, 'day') % 200 = 0`);
    await engine.run(`
      create table day_deals as
      select * replace (${day} as updated_at, true as is_closed, true as is_won, ${day} as closed_at)
      from ${read('deals')} where hash(deal_id, 'day') % 400 = 0
      union all
      select * replace ('N' || deal_id as deal_id, ${day} as created_at, ${day} as updated_at)
      from ${read('deals')} where hash(deal_id, 'new') % 400 = 0`);
    await engine.run(`
      create table day_spend as
      select * replace (round(cost * 1.1, 2) as cost)
      from ${read('spend')} where date >= date '2026-11-15'`);
    const counts: ScaleCounts = { leads: 0, deals: 0, activities: 0, spend: 0 };
    for (const table of SCALE_TABLES) {
      await writeBatch(engine, dayDir, table, `day_${table}`, DAY_BATCH_ID, '2026-11-25');
      const [row] = await engine.query(`select count(*) as n from day_${table}`);
      counts[table] = Number(row!.n);
    }
    return counts;
  } finally {
    await engine.close();
  }
}
