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
  /**
   * Optional fast path (local mode, DuckDB): validates a canonical CSV in SQL and writes its
   * valid rows as Parquet parts in one pass. Throws on anything it cannot read exactly the way
   * the JS reader does; the caller then falls back to the JS path.
   */
  importCanonicalCsv?(job: CanonicalCsvJob): Promise<CanonicalCsvStaged>;
  /**
   * Reads one canonical Parquet part back (what `encode` of either adapter wrote): its rows in
   * file order, only `columns` when given (all stored columns otherwise), values as the loader
   * holds them (records.ts: timestamps ISO-8601 UTC with milliseconds, dates `YYYY-MM-DD`,
   * bigint as number). The snapshot import reads the loaded versions with it
   * (core/import/snapshot.ts). Throws on a file it cannot read.
   */
  decode?(table: TableName, bytes: Uint8Array, columns?: readonly string[]): Promise<CanonicalRecord[]>;
}

export interface CanonicalCsvJob {
  table: TableName;
  /** The file as received; `gzip` when its magic bytes say so. */
  path: string;
  gzip: boolean;
  /** Header names in file order (already checked by resolveHeader). */
  header: readonly string[];
  source?: string;
  fxRates: Record<string, number>;
  /** A won deal closed at or after this instant is refused (validate.ts `wonAfterExportDay`). */
  wonBy?: Date;
  /** A lead or deal created at or after this instant is refused (validate.ts `createdAfterExportDay`). */
  createdBy?: Date;
  batchId: string;
  loadedAt: Date;
  /** Rows per Parquet part (per source). */
  partRows: number;
}

/** Parquet parts written to a local staging folder, plus what the caller needs for the rejects. */
export interface CanonicalCsvStaged {
  /** Valid rows, one file per source and part, `batch_row` = the row's ordinal among parsed rows. */
  parts: { source: string; path: string; rows: number }[];
  /** Rows DuckDB parsed (right field count), valid or not. */
  parsedRows: number;
  /** Ordinals (0-based among parsed rows) SQL did not accept, ascending. */
  invalid: number[];
  /** Valid rows superseded by a later row of the same version: ordinal → the next one's ordinal. */
  superseded: { ord: number; by: number }[];
  /** Rows DuckDB rejected for their field count. */
  structuralRejects: number;
  /**
   * Rewrites the parts: drops rows by ordinal and adds `shift(ord)` to batch_row (rows before
   * them that only the JS reader counts); a no-op when there is nothing to do.
   */
  finish(drop: readonly number[], shifts: readonly { fromOrd: number; shift: number }[]): Promise<void>;
  /** Removes the staging folder. */
  cleanup(): Promise<void>;
}

/** The columns written to a canonical Parquet file, in order. */
export function parquetColumns(table: TableName): readonly ColumnDef[] {
  return storedColumns(table).filter((c) => c.name !== 'source');
}
