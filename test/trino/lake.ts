/**
 * The canonical zone as Athena sees it: one external Hive table per canonical table over
 * `canonical/<table>/source=<s>/dt=<YYYY-MM-DD>/*.parquet`, columns and types from the
 * schema (parquetColumns + glueType), `source` and `dt` as string partition columns. Then
 * the config seeds and the models of `sql/` as views, exactly as written.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../functions/core/config.js';
import type { MartDialect } from '../../functions/core/marts.js';
import { configSeeds, loadModels, modelBody } from '../../functions/core/models.js';
import { parquetColumns } from '../../functions/core/parquet.js';
import { TABLE_NAMES, glueType, type TableName } from '../../functions/core/schema.js';
import type { TrinoClient } from './client.js';

export const CATALOG = 'hive';
export const SCHEMA = 'canonical';

/** A Glue/Hive type as Trino DDL spells it (`array<string>` → `array(varchar)`). */
export function trinoDdlType(glue: string): string {
  const list = /^array<(.+)>$/.exec(glue);
  if (list) return `array(${trinoDdlType(list[1]!)})`;
  return glue === 'string' ? 'varchar' : glue;
}

/** The CREATE TABLE a Glue table of the canonical zone corresponds to. */
export function canonicalTableDdl(table: TableName, location: string, schema = SCHEMA): string {
  const columns = parquetColumns(table).map((c) => `"${c.name}" ${trinoDdlType(glueType(c.type))}`);
  return (
    `create table ${CATALOG}.${schema}.${table} (${[...columns, 'source varchar', 'dt varchar'].join(', ')}) ` +
    `with (format = 'PARQUET', external_location = '${location}', partitioned_by = array['source', 'dt'])`
  );
}

/** Registers the canonical tables of a data dir (a LocalStore root inside the lake) and their partitions. */
export async function attachCanonicalTrino(
  client: TrinoClient,
  lakeDir: string,
  dataSubdir: string,
  schema = SCHEMA,
): Promise<void> {
  await client.execute(`create schema if not exists ${CATALOG}.${schema}`);
  for (const table of TABLE_NAMES) {
    const dir = join(lakeDir, dataSubdir, 'canonical', table);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    await client.execute(`drop table if exists ${CATALOG}.${schema}.${table}`);
    await client.execute(canonicalTableDdl(table, `local:///${dataSubdir}/canonical/${table}`, schema));
    // What `MSCK REPAIR TABLE` / Glue partition projection does on Athena.
    await client.execute(`call ${CATALOG}.system.sync_partition_metadata('${schema}', '${table}', 'FULL')`);
  }
}

/** The config seeds and every model as views, in dependency order; returns the model names. */
export async function createModelViews(client: TrinoClient, config: Config, schema = SCHEMA): Promise<string[]> {
  const opts = { catalog: CATALOG, schema };
  for (const seed of configSeeds(config)) {
    await client.execute(`create or replace view ${seed.name} as ${seed.sql}`, opts);
  }
  const names: string[] = [];
  for (const model of loadModels()) {
    try {
      await client.execute(`create or replace view ${model.name} as ${modelBody(model)}`, opts);
    } catch (err) {
      throw new Error(`sql/${model.layer}/${model.name}.sql on Trino: ${(err as Error).message}`, { cause: err });
    }
    names.push(model.name);
  }
  return names;
}

/**
 * Athena's CTAS as Trino's Hive connector takes it (core/marts.ts): Parquet under
 * `<dataSubdir>/marts/<model>/<run>/` of the lake, the same keys the Athena dialect writes under
 * `s3://<bucket>/marts/`. Trino has no `write_compression` table property (its session sets the codec).
 */
export function trinoMartDialect(dataSubdir: string): MartDialect {
  return {
    location: (model, runId) => ({
      url: `local:///${dataSubdir}/marts/${model}/${runId}`,
      prefix: `marts/${model}/${runId}/`,
    }),
    tableProperties: (location) => `format = 'PARQUET', external_location = '${location.url}'`,
  };
}
