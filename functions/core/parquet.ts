/**
 * Encodes canonical rows as Parquet. Locally DuckDB writes it; in Lambda a lean JS writer
 * does (DuckDB's binary is too big for a bundle). Both must produce the stored columns of
 * schema.ts, minus `source` (a partition column, in the key `source=<s>/`), with these types:
 * string → UTF8, timestamp → TIMESTAMP(MICROS, not UTC-adjusted: values are UTC by contract,
 * and DuckDB would read adjusted ones as TIMESTAMPTZ), date → DATE, boolean, double,
 * bigint → INT64, string_list → LIST<UTF8>.
 */
import type { CanonicalRecord } from './records.js';
import { storedColumns, type ColumnDef, type TableName } from './schema.js';

export interface ParquetEncoder {
  encode(table: TableName, rows: readonly CanonicalRecord[]): Promise<Uint8Array>;
}

/** The columns written to a canonical Parquet file, in order. */
export function parquetColumns(table: TableName): readonly ColumnDef[] {
  return storedColumns(table).filter((c) => c.name !== 'source');
}
