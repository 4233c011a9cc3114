/** QueryEngine on an embedded DuckDB (the local mode, the tests and the benchmark). */
import {
  DuckDBInstance,
  DuckDBDateValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { QueryEngine, Row, SqlValue } from '../core/ports.js';

/**
 * Trino functions the shared SQL uses that DuckDB lacks, defined with Trino's name and
 * meaning so `sql/` stays one copy for both engines.
 */
const TRINO_COMPAT_MACROS = [
  // Trino: seconds since the epoch as double.
  'create or replace macro to_unixtime(ts) as epoch(ts)',
];

export class DuckDBEngine implements QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path = ':memory:', options: Record<string, string> = {}): Promise<DuckDBEngine> {
    const instance = await DuckDBInstance.create(path, options);
    const connection = await instance.connect();
    const engine = new DuckDBEngine(instance, connection);
    for (const macro of TRINO_COMPAT_MACROS) await connection.run(macro);
    return engine;
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, params.length > 0 ? params.map(toDuckDB) : undefined);
    const names = reader.columnNames();
    return reader.getRows().map((values) => {
      const row: Row = {};
      names.forEach((name, i) => {
        row[name] = fromDuckDB(values[i] ?? null);
      });
      return row;
    });
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function toDuckDB(value: SqlValue): DuckDBValue {
  if (Array.isArray(value)) throw new Error('list parameters are not supported');
  return value as DuckDBValue;
}

/** DuckDB values as plain JSON-able values: BIGINT as number, timestamps as ISO strings. */
export function fromDuckDB(value: DuckDBValue): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBTimestampValue) {
    const micros = value.micros;
    return new Date(Number(micros / 1000n)).toISOString();
  }
  if (value instanceof DuckDBDateValue) return value.toString();
  if (typeof value === 'object' && 'items' in value && Array.isArray((value as { items: unknown }).items)) {
    return (value as { items: DuckDBValue[] }).items.map(fromDuckDB);
  }
  if (typeof value === 'object' && 'toDouble' in value && typeof value.toDouble === 'function') {
    return (value as { toDouble(): number }).toDouble();
  }
  return String(value);
}
