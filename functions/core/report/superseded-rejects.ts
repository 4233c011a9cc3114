/**
 * Rejected rows superseded by a later load of their record (docs/methodology.md, "Rejected
 * rows"): the record's loaded versions are read from the tables, and `supersedeRejects`
 * (rejected-rows.ts) leaves out every reject a version ranking above it replaced, whatever file,
 * path or pull loaded it.
 */
import type { QueryEngine } from '../ports.js';
import type { LoadManifest } from '../records.js';
import {
  ranksAbove,
  recordKeyOf,
  rejectedKeysOf,
  supersedeRejects,
  type DatedRejectTable,
  type LoadedVersion,
} from '../rejected-rows.js';

/** Ids asked for in one query (positional parameters). */
const CHUNK = 500;

const ID_COLUMN: Record<DatedRejectTable, string> = { leads: 'lead_id', deals: 'deal_id', activities: 'activity_id' };

/**
 * The latest loaded version of each record a keyed reject names, by recordKeyOf: its version
 * instant (`updated_at`, else the end of its export day, as sql/staging ranks them), export day
 * and load time. One query per table and 500 ids (Trino functions; DuckDB has the macro).
 */
export async function loadedVersionsOf(
  engine: QueryEngine,
  manifests: readonly LoadManifest[],
): Promise<Map<string, LoadedVersion>> {
  const latest = new Map<string, LoadedVersion>();
  for (const [table, keys] of rejectedKeysOf(manifests)) {
    const ids = [...new Set(keys.map((k) => k.id))];
    const wanted = new Set(keys.map((k) => recordKeyOf(table, k.source, k.id)));
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await engine.query(
        `select source, cast(${ID_COLUMN[table]} as varchar) as id, ` +
          `to_unixtime(coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day)) as version_s, ` +
          `cast(dt as varchar) as dt, to_unixtime(ingested_at) as ingested_s ` +
          `from ${table} where ${ID_COLUMN[table]} in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) {
        const key = recordKeyOf(table, String(row.source), String(row.id));
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
