/**
 * Data tests of the SQL models (dbt-style: unique, not_null, accepted_values, relationships,
 * expressions), declared in `sql/<layer>/<model>.yml` next to each model. Each test is a
 * query returning the number of failing rows, in SQL both DuckDB and Trino accept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { SQL_DIR, loadModels, type Model } from './models.js';
import { TABLES, TABLE_NAMES } from './schema.js';

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier');
const specSchema = z
  .object({
    unique: z.array(z.array(identifier).min(1)).default([]),
    not_null: z.array(identifier).default([]),
    accepted_values: z.array(identifier).default([]),
    relationships: z
      .array(z.object({ column: identifier, to: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/) }).strict())
      .default([]),
    expressions: z.array(z.string().min(1)).default([]),
    /** How DuckDB keeps the model (`modelStorage` in local-warehouse.ts); not tests. */
    materialized: z.enum(['table', 'view']).default('table'),
    sorted_by: z.array(identifier).default([]),
    /**
     * Rebuilt by the daily refresh for the records its new loads touch only (core/marts.ts):
     * `source`, the canonical table it reads; `input_key`, the record key as SQL over a
     * canonical row; `unique_key`, the same key as the model's columns, in the same order.
     */
    incremental: z
      .object({
        source: z.enum(TABLE_NAMES),
        input_key: z.array(z.string().min(1)).min(1),
        unique_key: z.array(identifier).min(1),
        /**
         * `history` (default): a touched record is rebuilt from all its canonical rows, for models
         * that aggregate over every version (a lead's first MQL). `state`: from its rows in the
         * previous table and its new rows; the model keeps every canonical column and every row
         * a later version is compared with. Athena then reads the current state, not the history.
         */
        from: z.enum(['history', 'state']).default('history'),
      })
      .strict()
      .refine((i) => i.input_key.length === i.unique_key.length, 'input_key and unique_key name the same key')
      .optional(),
    /** Column → what it means, in the model's column order: the analysts' data dictionary (docs/tables.md). */
    columns: z.record(identifier, z.string().min(1)).default({}),
  })
  .strict();

export interface ModelTest {
  model: string;
  name: string;
  /** Returns one row with `failures`: the number of rows breaking the test. */
  sql: string;
}

/** Enum values of a column name, from the canonical schema (the one source of truth). */
function enumValues(column: string): readonly string[] {
  for (const table of TABLE_NAMES) {
    const def = TABLES[table].columns.find((c) => c.name === column);
    if (def && typeof def.type === 'object') return def.type.enum;
  }
  throw new Error(`accepted_values: no enum column "${column}" in the canonical schema`);
}

export type ModelSpec = z.infer<typeof specSchema>;

/** A model's `.yml` (its data tests and how DuckDB keeps it), validated; one-line errors name the file. */
export function loadModelSpec(model: Model, sqlDir = SQL_DIR): ModelSpec {
  const file = join(sqlDir, model.layer, `${model.name}.yml`);
  if (!existsSync(file)) throw new Error(`${file}: every model needs a data test spec`);
  const parsed = specSchema.safeParse(parse(readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function loadModelTests(sqlDir = SQL_DIR): ModelTest[] {
  const tests: ModelTest[] = [];
  for (const model of loadModels(sqlDir)) {
    const spec = loadModelSpec(model, sqlDir);
    const m = model.name;
    for (const cols of spec.unique) {
      const list = cols.join(', ');
      tests.push({
        model: m,
        name: `unique(${list})`,
        sql: `select count(*) as failures from (select ${list} from ${m} group by ${list} having count(*) > 1) as dupes`,
      });
    }
    for (const col of spec.not_null) {
      tests.push({
        model: m,
        name: `not_null(${col})`,
        sql: `select count(*) as failures from ${m} where ${col} is null`,
      });
    }
    for (const col of spec.accepted_values) {
      const values = enumValues(col)
        .map((v) => `'${v}'`)
        .join(', ');
      tests.push({
        model: m,
        name: `accepted_values(${col})`,
        sql: `select count(*) as failures from ${m} where ${col} is not null and ${col} not in (${values})`,
      });
    }
    for (const rel of spec.relationships) {
      const [toModel, toCol] = rel.to.split('.') as [string, string];
      tests.push({
        model: m,
        name: `relationships(${rel.column} → ${rel.to})`,
        sql:
          `select count(*) as failures from ${m} as child left join ${toModel} as parent ` +
          `on parent.${toCol} = child.${rel.column} where child.${rel.column} is not null and parent.${toCol} is null`,
      });
    }
    for (const expression of spec.expressions) {
      tests.push({
        model: m,
        name: `expression(${expression})`,
        sql: `select count(*) as failures from ${m} where not coalesce((${expression}), false)`,
      });
    }
  }
  return tests;
}
