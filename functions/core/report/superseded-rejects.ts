/**
 * Rejected rows superseded by a later load of their record (docs/methodology.md, "Rejected
 * rows"): the record's loaded versions are read from the tables, and `supersedeRejects`
 * (rejected-rows.ts) leaves out every reject a version ranking above it replaced, whatever file,
 * path or pull loaded it.
 */
import type { QueryEngine, Row } from '../ports.js';
import type { LoadManifest } from '../records.js';
import {
  ranksAbove,
  recordKeyOf,
  rejectedKeysOf,
  spendIdOf,
  supersedeRejects,
  type DatedRejectTable,
  type LoadedVersion,
} from '../rejected-rows.js';

/** Ids asked for in one query (positional parameters). */
const CHUNK = 500;

const ID_COLUMN: Record<Exclude<DatedRejectTable, 'spend'>, string> = {
  leads: 'lead_id',
  deals: 'deal_id',
  activities: 'activity_id',
};

/**
 * The query of the loaded versions of `ids` in `table`: source, the record's id (`id`; spend:
 * the columns spendIdOf reads, its campaign ids asked for), version instant (`updated_at`, else
 * the end of its export day; spend has no `updated_at`), export day and load time.
 */
function versionsQuery(table: DatedRejectTable, ids: readonly string[]): string {
  const exportDayEnd = `cast(cast(dt as date) as timestamp) + interval '1' day`;
  const rest = `cast(dt as varchar) as dt, to_unixtime(ingested_at) as ingested_s from ${table}`;
  const list = ids.map(() => '?').join(', ');
  if (table === 'spend') {
    return (
      `select source, platform, account_id, currency, campaign_id, cast(date as varchar) as day, ` +
      `to_unixtime(${exportDayEnd}) as version_s, ${rest} where campaign_id in (${list})`
    );
  }
  const column = ID_COLUMN[table];
  return (
    `select source, cast(${column} as varchar) as id, to_unixtime(coalesce(updated_at, ${exportDayEnd})) as version_s, ` +
    `${rest} where ${column} in (${list})`
  );
}

/** The id a loaded row of `table` is keyed by (recordKeyOf); spend: spendIdOf of its key columns. */
function loadedIdOf(table: DatedRejectTable, row: Row): string | undefined {
  if (table !== 'spend') return String(row.id);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return spendIdOf({
    platform: text(row.platform),
    account_id: text(row.account_id),
    currency: text(row.currency),
    campaign_id: text(row.campaign_id),
    date: text(row.day)?.slice(0, 10) ?? null,
  });
}

/**
 * The latest loaded version of each record a keyed reject names, by recordKeyOf: its version
 * instant (`updated_at`, else the end of its export day, as sql/staging ranks them), export day
 * and load time. One query per table and 500 ids (campaign ids for spend; Trino functions;
 * DuckDB has the macro).
 */
export async function loadedVersionsOf(
  engine: QueryEngine,
  manifests: readonly LoadManifest[],
): Promise<Map<string, LoadedVersion>> {
  const latest = new Map<string, LoadedVersion>();
  for (const [table, keys] of rejectedKeysOf(manifests)) {
    // Spend is asked for by campaign: its id is a key of several columns (spendIdOf).
    const asked = (id: string) => (table === 'spend' ? String((JSON.parse(id) as unknown[])[3]) : id);
    const ids = [...new Set(keys.map((k) => asked(k.id)))];
    const wanted = new Set(keys.map((k) => recordKeyOf(table, k.source, k.id)));
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await engine.query(versionsQuery(table, chunk), chunk);
      for (const row of rows) {
        const id = loadedIdOf(table, row);
        if (id === undefined) continue;
        const key = recordKeyOf(table, String(row.source), id);
        if (!wanted.has(key)) continue;
        const version: LoadedVersion = {
          versionMs: Math.round(Number(row.version_s) * 1000),
          dt: String(row.dt).slice(0, 10),
          ingestedMs: Math.round(Number(row.ingested_s) * 1000),
        };
        const seen = latest.get(key);
        if (!seen || ranksAbove(version, seen)) latest.set(key, version);
      }
    }
  }
  return latest;
}

/**
 * `manifests` with the rejected rows a later load of their record superseded left out (see
 * rejected-rows.ts `supersedeRejects`); the manifests as given when no reject has a key.
 */
export async function withSupersededRejects(
  engine: QueryEngine,
  manifests: readonly LoadManifest[],
): Promise<LoadManifest[]> {
  if (rejectedKeysOf(manifests).size === 0) return [...manifests];
  return supersedeRejects(manifests, await loadedVersionsOf(engine, manifests));
}
