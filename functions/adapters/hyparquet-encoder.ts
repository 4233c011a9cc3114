/**
 * ParquetEncoder for Lambda: hyparquet-writer, pure JS (about 60 kB in the bundle, where
 * DuckDB's native binary is tens of MB). Writes the column contract of core/parquet.ts with
 * explicit Parquet types, so Athena and DuckDB read the same logical types as the local
 * DuckDB writer produces: timestamps as INT64 TIMESTAMP(MICROS) holding UTC, dates as INT32 DATE,
 * lists as the standard three-level LIST<UTF8>.
 */
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { parquetColumns, type ParquetEncoder } from '../core/parquet.js';
import type { CanonicalRecord, CanonicalValue } from '../core/records.js';
import type { ColumnDef, TableName } from '../core/schema.js';

type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];
type ColumnSource = Parameters<typeof parquetWrite>[0]['columnData'][number];

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class HyparquetEncoder implements ParquetEncoder {
  /** @param rowGroupSize rows per row group; one group per Lambda-sized part keeps files compact. */
  constructor(private readonly rowGroupSize = 100_000) {}

  async encode(table: TableName, rows: readonly CanonicalRecord[]): Promise<Uint8Array> {
    const columns = parquetColumns(table);
    const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
    const columnData: ColumnSource[] = [];
    for (const column of columns) {
      schema.push(...schemaOf(column));
      columnData.push({ name: column.name, data: rows.map((row) => convert(table, column, row[column.name] ?? null)) });
    }
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      columnData,
      schema,
      rowGroupSize: this.rowGroupSize,
      createdBy: 'one-funnel (hyparquet-writer)',
    });
    return new Uint8Array(writer.getBuffer());
  }

  /**
   * Reads a canonical part back (ParquetEncoder.decode) with hyparquet, pure JS as the writer:
   * the parts a Lambda wrote (hyparquet-writer's codecs). Timestamps come back as ISO-8601 UTC
   * with microseconds, dates as `YYYY-MM-DD`, bigint as number; a column the part lacks is null.
   */
  async decode(table: TableName, bytes: Uint8Array, columns?: readonly string[]): Promise<CanonicalRecord[]> {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const wanted = parquetColumns(table).filter((c) => !columns || columns.includes(c.name));
    const rows = (await parquetReadObjects({
      file,
      parsers: {
        timestampFromMicroseconds: (micros: bigint) => isoOfMicros(BigInt(micros)),
        timestampFromMilliseconds: (millis: bigint) => isoOfMicros(BigInt(millis) * 1000n),
        dateFromDays: (days: number) => new Date(Number(days) * DAY_MS).toISOString().slice(0, 10),
      },
    })) as Record<string, unknown>[];
    return rows.map((row) => {
      const record: CanonicalRecord = {};
      for (const c of wanted) {
        const value = row[c.name];
        record[c.name] =
          value === undefined || value === null
            ? null
            : typeof value === 'bigint'
              ? Number(value)
              : (value as CanonicalValue);
      }
      return record;
    });
  }
}

/** An instant in microseconds since the epoch as ISO-8601 UTC with six fraction digits. */
function isoOfMicros(micros: bigint): string {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const fraction = micros - seconds * 1_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${String(fraction).padStart(6, '0')}Z`;
}

function schemaOf(column: ColumnDef): SchemaElement[] {
  const name = column.name;
  const type = column.type;
  if (typeof type === 'object')
    return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }];
  switch (type) {
    case 'string':
    case 'currency':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }];
    case 'timestamp':
      return [
        {
          name,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MICROS',
          // Not UTC-adjusted, exactly as DuckDB's COPY writes a TIMESTAMP: DuckDB reads an
          // adjusted one as TIMESTAMPTZ (different comparisons and row values), while Athena's
          // Hive `timestamp` reads both. The values are UTC instants either way.
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
          repetition_type: 'OPTIONAL',
        },
      ];
    case 'date':
      return [{ name, type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' }];
    case 'boolean':
      return [{ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' }];
    case 'double':
      return [{ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' }];
    case 'bigint':
      return [{ name, type: 'INT64', converted_type: 'INT_64', repetition_type: 'OPTIONAL' }];
    case 'string_list':
      return [
        { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ];
  }
}

function fail(table: TableName, column: ColumnDef, value: CanonicalValue, expected: string): never {
  throw new Error(`${table}.${column.name}: expected ${expected}, got ${JSON.stringify(value)}`);
}

/** Canonical values (see records.ts) to what hyparquet-writer writes for the schema above. */
function convert(table: TableName, column: ColumnDef, value: CanonicalValue): unknown {
  if (value === null) return null;
  const type = column.type;
  if (typeof type === 'object') return typeof value === 'string' ? value : fail(table, column, value, 'a string');
  switch (type) {
    case 'string':
    case 'currency':
      return typeof value === 'string' ? value : fail(table, column, value, 'a string');
    case 'timestamp': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) fail(table, column, value, 'an ISO-8601 timestamp');
      // Sub-millisecond digits are kept: the canonical strings may carry microseconds.
      const micros = /\.\d{4,6}Z$/.exec(value as string) ? microsOf(value as string) : BigInt(ms) * 1000n;
      return micros;
    }
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (!m) fail(table, column, value, 'a YYYY-MM-DD date');
      return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : fail(table, column, value, 'a boolean');
    case 'double':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : fail(table, column, value, 'a finite number');
    case 'bigint':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? BigInt(value)
        : fail(table, column, value, 'an integer');
    case 'string_list':
      return Array.isArray(value) ? value : fail(table, column, value, 'a list of strings');
  }
}

function microsOf(iso: string): bigint {
  const [whole, fraction = ''] = iso.replace(/Z$/, '').split('.');
  const seconds = BigInt(Date.parse(`${whole}Z`)) / 1000n;
  return seconds * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}
