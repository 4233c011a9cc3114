/** ParquetEncoder on DuckDB (local mode): appender into a temp table, COPY to Parquet. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
import { canonicalSql, canonicalSqlMacros, sqlString } from '../core/import/canonical-sql.js';
import { parquetColumns, type CanonicalCsvJob, type CanonicalCsvStaged, type ParquetEncoder } from '../core/parquet.js';
import type { CanonicalRecord, CanonicalValue } from '../core/records.js';
import { duckdbType, versionColumnNames, type ColumnDef, type TableName } from '../core/schema.js';

const DAY_MS = 86_400_000;
/**
 * Rows per Parquet row group the fast path writes. The writer holds a row group per open file
 * and thread before it compresses it; at DuckDB's default (122,880) the import's peak RSS was
 * ~40 MB higher and a memory_limit under 100 MB ran out of memory.
 */
const ROW_GROUP_ROWS = 30_000;

export class DuckDBParquetEncoder implements ParquetEncoder {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string,
    private readonly settings: { threads: number; memoryLimit: string },
  ) {}

  /**
   * `memoryLimit` bounds DuckDB's buffers (it spills to the temp folder beyond it), so a big
   * canonical CSV imports in flat memory.
   */
  static async create(options: { memoryLimit?: string; threads?: number } = {}): Promise<DuckDBParquetEncoder> {
    const dir = await mkdtemp(join(tmpdir(), 'funnel-parquet-'));
    const settings = { threads: options.threads ?? 2, memoryLimit: options.memoryLimit ?? '100MB' };
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(settings.threads),
      memory_limit: settings.memoryLimit,
      temp_directory: join(dir, 'spill'),
      // The fast path's row ordinals rely on it (DuckDB's default, stated so nobody turns it off).
      preserve_insertion_order: 'true',
    });
    const connection = await instance.connect();
    return new DuckDBParquetEncoder(instance, connection, dir, settings);
  }

  /**
   * The canonical-CSV fast path: one `read_csv → validate → COPY … PARTITION_BY` pass writes
   * every parsed row to a staging folder, valid rows under their source and invalid ones
   * under `part=BAD` (only their ordinals are used), in parts of `partRows` rows.
   */
  async importCanonicalCsv(job: CanonicalCsvJob): Promise<CanonicalCsvStaged> {
    const staging = await mkdtemp(join(this.dir, 'csv-'));
    // A connection of its own: the reject tables of read_csv are per connection.
    const conn = await this.instance.connect();
    const rows = async (sql: string): Promise<Record<string, unknown>[]> =>
      (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const cleanup = async (): Promise<void> => {
      conn.closeSync();
      await rm(staging, { recursive: true, force: true });
    };
    try {
      for (const macro of canonicalSqlMacros()) await conn.run(macro);
      // PARTITION_BY buffers up to this many rows per thread before it hands them to the writers
      // (DuckDB's default 524,288): at one row group it ran faster and peaked ~40 MB lower.
      await conn.run(`set partitioned_write_flush_threshold = ${ROW_GROUP_ROWS}`);
      const columns = job.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
      const csv =
        `read_csv(${sqlString(job.path)}, header = true, columns = {${columns}}, auto_detect = false, delim = ',', ` +
        `quote = '"', escape = '"', compression = '${job.gzip ? 'gzip' : 'none'}', null_padding = false, ` +
        `strict_mode = true, store_rejects = true, encoding = 'utf-8', buffer_size = 4194304)`;
      // The row ordinal without a window over the whole file: the raw cells are first staged as
      // read (DuckDB's own CSV → Parquet; one thread and preserve_insertion_order keep the CSV's
      // row order), then Parquet's file_row_number is each row's position among the parsed rows,
      // exact and read in parallel. `row_number() over ()` on the CSV scan doubled the CPU of the
      // pass. One thread, 4 MB CSV buffers and 30,000-row groups: on one thread the stage was as
      // fast as on two and held ~60 MB less (docs/performance.md).
      const raw = join(staging, 'raw.parquet');
      await this.narrowed(conn, {}, () =>
        conn.run(
          `copy (select * from ${csv}) to ${sqlString(raw)} (format parquet, compression snappy, row_group_size ${ROW_GROUP_ROWS})`,
        ),
      );
      const relation = `(select file_row_number as ord, * exclude (file_row_number) from read_parquet(${sqlString(raw)}, file_row_number = true))`;
      const sql = canonicalSql({
        table: job.table,
        header: job.header,
        source: job.source,
        fxRates: job.fxRates,
        wonBy: job.wonBy,
        createdBy: job.createdBy,
        relation,
      });
      const ingestedAt = `timestamp '${job.loadedAt.toISOString().replace('T', ' ').replace('Z', '')}'`;
      const stored = sql.storedSelect({ ingestedAt, batchId: sqlString(job.batchId), batchRow: 'ord' });
      const out = join(staging, 'out');
      const copy =
        `copy (select ${stored}, case when ok then v_source else 'BAD' end as part, ord // ${job.partRows} as chunk from (${sql.rows})) ` +
        `to ${sqlString(out)} (format parquet, compression zstd, partition_by (part, chunk), row_group_size ${ROW_GROUP_ROWS}, return_stats true)`;
      let stats: Record<string, unknown>[];
      try {
        stats = await rows(copy);
      } catch (err) {
        if (!String((err as Error).message).startsWith('Out of Memory Error')) throw err;
        // Wide rows (leads: 30 stored columns, three of them lists) need more than memory_limit for
        // two Parquet writers; one thread fits. Same rows and ordinals: the staged file is unchanged.
        await rm(out, { recursive: true, force: true });
        stats = await this.narrowed(conn, {}, () => rows(copy));
      }
      await rm(raw, { force: true });
      // Anything but a wrong field count (bad UTF-8, a quoting problem) is the JS reader's to name.
      const errors = await rows(`select error_type, count(distinct line) as n from reject_errors group by all`);
      let structuralRejects = 0;
      for (const e of errors) {
        if (e.error_type !== 'MISSING COLUMNS' && e.error_type !== 'TOO MANY COLUMNS') {
          throw new Error(`read_csv: ${String(e.error_type)}`);
        }
        structuralRejects += Number(e.n);
      }
      const files = stats
        .map((st) => {
          const keys = st.partition_keys as { key: string; value: string }[] | Record<string, string>;
          const map = Array.isArray(keys) ? Object.fromEntries(keys.map((k) => [k.key, k.value])) : keys;
          return {
            source: String(map.part),
            chunk: Number(map.chunk),
            path: String(st.filename),
            rows: Number(st.count),
          };
        })
        .sort((a, b) => a.source.localeCompare(b.source) || a.chunk - b.chunk || a.path.localeCompare(b.path));
      const bad = files.filter((f) => f.source === 'BAD');
      let parts = files.filter((f) => f.source !== 'BAD');
      const parsedRows = files.reduce((n, f) => n + f.rows, 0);
      const list = (fs: { path: string }[]): string => `[${fs.map((f) => sqlString(f.path)).join(', ')}]`;
      const invalid =
        bad.length === 0
          ? []
          : (await rows(`select batch_row from read_parquet(${list(bad)}) order by 1`)).map((r) => Number(r.batch_row));

      // Same version (key + updated_at) twice: the later row wins. Cheap check first, exact pairs only when needed.
      let superseded: { ord: number; by: number }[] = [];
      if (parts.length > 0) {
        const version = versionColumnNames(job.table)
          .map((c) => (c === 'source' ? 'part' : `"${c}"`))
          .join(', ');
        const scan = `(select *, part from read_parquet(${list(parts)}, hive_partitioning = true, hive_types = {'part': 'VARCHAR', 'chunk': 'BIGINT'}))`;
        // One thread and 48 MB: a hash per row, spilled as needed. At 10M rows it took as long as
        // with two threads and 100 MB, and ~60 MB less (it was the import's peak).
        const dup = await this.narrowed(conn, { memoryLimit: '48MB' }, () =>
          rows(`select 1 from ${scan} group by hash(${version}) having count(*) > 1 limit 1`),
        );
        if (dup.length > 0) {
          superseded = (
            await rows(
              `select ord, next_ord from (select batch_row as ord, lead(batch_row) over (partition by ${version} order by batch_row) as next_ord ` +
                `from ${scan} where hash(${version}) in (select hash(${version}) from ${scan} group by hash(${version}) having count(*) > 1)) ` +
                `where next_ord is not null order by ord`,
            )
          ).map((r) => ({ ord: Number(r.ord), by: Number(r.next_ord) }));
        }
      }

      return {
        get parts() {
          return parts.map(({ source, path, rows: n }) => ({ source, path, rows: n }));
        },
        parsedRows,
        invalid,
        superseded,
        structuralRejects,
        finish: async (drop, shifts) => {
          if (drop.length === 0 && shifts.length === 0) return;
          await conn.run(`create or replace temp table funnel_drop (ord bigint)`);
          await conn.run(`create or replace temp table funnel_shift (from_ord bigint, shift bigint)`);
          if (drop.length > 0) await conn.run(`insert into funnel_drop select unnest([${drop.join(', ')}]::bigint[])`);
          for (const s of shifts) await conn.run(`insert into funnel_shift values (${s.fromOrd}, ${s.shift})`);
          const next = [];
          for (const part of parts) {
            const target = `${part.path}.rewritten.parquet`;
            const [stat] = await rows(
              `copy (select p.* replace (p.batch_row + coalesce(s.shift, 0) as batch_row) from read_parquet(${sqlString(part.path)}, hive_partitioning = false) as p ` +
                `asof left join funnel_shift as s on p.batch_row >= s.from_ord ` +
                `where p.batch_row not in (select ord from funnel_drop) order by p.batch_row) ` +
                `to ${sqlString(target)} (format parquet, compression zstd, return_stats true)`,
            );
            const n = Number(stat?.count ?? 0);
            await rm(part.path, { force: true });
            if (n === 0) {
              await rm(target, { force: true });
              continue;
            }
            await rename(target, part.path);
            next.push({ ...part, rows: n });
          }
          parts = next;
        },
        cleanup,
      };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  /**
   * Runs `work` on one thread (and under `memoryLimit` if given), then restores the encoder's
   * settings. DuckDB's settings are per instance: the encoder runs one job at a time.
   */
  private async narrowed<T>(
    conn: DuckDBConnection,
    opts: { memoryLimit?: string },
    work: () => Promise<T>,
  ): Promise<T> {
    await conn.run(`set threads = 1`);
    if (opts.memoryLimit) await conn.run(`set memory_limit = ${sqlString(opts.memoryLimit)}`);
    try {
      return await work();
    } finally {
      await conn.run(`set threads = ${this.settings.threads}`);
      await conn.run(`set memory_limit = ${sqlString(this.settings.memoryLimit)}`);
    }
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

  /**
   * Reads a canonical part back (ParquetEncoder.decode): the bytes go to a temporary file that
   * DuckDB reads in file order; timestamps come back as ISO-8601 UTC with microseconds (as
   * stored), dates as `YYYY-MM-DD`, bigint as number. A column the part lacks (written before
   * the column existed) reads as null.
   */
  async decode(table: TableName, bytes: Uint8Array, columns?: readonly string[]): Promise<CanonicalRecord[]> {
    const file = join(this.dir, `dec_${randomUUID().replaceAll('-', '')}.parquet`);
    await writeFile(file, bytes);
    try {
      const relation = `read_parquet(${sqlString(file)}, file_row_number = true)`;
      const present = new Set(
        (
          (await this.connection.runAndReadAll(`describe select * from ${relation}`)).getRowObjectsJson() as {
            column_name: string;
          }[]
        ).map((r) => r.column_name),
      );
      const wanted = parquetColumns(table).filter((c) => !columns || columns.includes(c.name));
      const select = wanted.map((c) => `${present.has(c.name) ? decodedSql(c) : 'null'} as "${c.name}"`).join(', ');
      const reader = await this.connection.runAndReadAll(`select ${select} from ${relation} order by file_row_number`);
      const rows = reader.getRowObjectsJson() as CanonicalRecord[];
      for (const row of rows) {
        for (const c of wanted) if (c.type === 'bigint' && row[c.name] !== null) row[c.name] = Number(row[c.name]);
      }
      return rows;
    } finally {
      await rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The SQL that reads a stored column as the loader holds its values (records.ts). */
function decodedSql(column: ColumnDef): string {
  const name = `"${column.name}"`;
  if (column.type === 'timestamp') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (column.type === 'date') return `strftime(${name}, '%Y-%m-%d')`;
  return name;
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
