/** ParquetEncoder on DuckDB (local mode): appender into a temp table, COPY to Parquet. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuckDBInstance,
  LIST,
  VARCHAR,
  dateValue,
  timestampValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { parquetColumns, type ParquetEncoder } from '../core/parquet.js';
import type { CanonicalRecord, CanonicalValue } from '../core/records.js';
import { duckdbType, type ColumnDef, type TableName } from '../core/schema.js';

const DAY_MS = 86_400_000;

export class DuckDBParquetEncoder implements ParquetEncoder {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async create(): Promise<DuckDBParquetEncoder> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    const dir = await mkdtemp(join(tmpdir(), 'funnel-parquet-'));
    return new DuckDBParquetEncoder(instance, connection, dir);
  }

  async encode(table: TableName, rows: readonly CanonicalRecord[]): Promise<Uint8Array> {
    const columns = parquetColumns(table);
    const name = `enc_${randomUUID().replaceAll('-', '')}`;
    const file = join(this.dir, `${name}.parquet`);
    const ddl = columns.map((c) => `"${c.name}" ${duckdbType(c.type)}`).join(', ');
    await this.connection.run(`create table ${name} (${ddl})`);
    try {
      const appender = await this.connection.createAppender(name);
      for (const row of rows) {
        for (const column of columns) append(appender, column, row[column.name] ?? null);
        appender.endRow();
      }
      appender.closeSync();
      await this.connection.run(`copy ${name} to '${file}' (format parquet, compression zstd)`);
      return await readFile(file);
    } finally {
      await this.connection.run(`drop table if exists ${name}`);
      await rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function append(appender: DuckDBAppender, column: ColumnDef, value: CanonicalValue): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  const type = column.type;
  if (typeof type === 'object') {
    appender.appendVarchar(String(value));
    return;
  }
  switch (type) {
    case 'string':
    case 'currency':
      appender.appendVarchar(String(value));
      return;
    case 'timestamp':
      appender.appendTimestamp(timestampValue(BigInt(Date.parse(String(value))) * 1000n));
      return;
    case 'date':
      appender.appendDate(dateValue(Math.round(Date.parse(`${String(value)}T00:00:00Z`) / DAY_MS)));
      return;
    case 'boolean':
      appender.appendBoolean(Boolean(value));
      return;
    case 'double':
      appender.appendDouble(Number(value));
      return;
    case 'bigint':
      appender.appendBigInt(BigInt(Math.trunc(Number(value))));
      return;
    case 'string_list':
      appender.appendList(value as string[], LIST(VARCHAR));
      return;
  }
}
