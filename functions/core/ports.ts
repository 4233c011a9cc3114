/**
 * The ports of the core: every adapter (local folder | S3, DuckDB | Athena,
 * outbox | Resend) implements one of these, so the CLI and the Lambdas run the same code.
 */

/** An object store with the S3 key layout of SPEC §2/§3. Keys use `/` separators. */
export interface ObjectStore {
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** Writes only when the key is absent; returns false when it already existed. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  /** Streams a local file into the store (big raw files) without holding it in memory. */
  putFileIfAbsent(key: string, path: string): Promise<boolean>;
  /** Streams a local file into the store, replacing the key (big Parquet parts); optional. */
  putFile?(key: string, path: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** All keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}

/** A value passed to or read from SQL. Timestamps are read as ISO-8601 UTC strings. */
export type SqlValue = string | number | boolean | null | SqlValue[];
export type Row = Record<string, SqlValue>;

export interface QueryEngine {
  /** Runs one statement with positional `?` parameters and returns plain rows. */
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  close(): Promise<void>;
}
