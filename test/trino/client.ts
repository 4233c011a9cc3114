/**
 * A tiny client of Trino's HTTP statement protocol (POST /v1/statement, follow nextUri),
 * and a QueryEngine on it: positional `?` parameters go through a prepared statement
 * (X-Trino-Prepared-Statement header + EXECUTE … USING), the way Athena's
 * ExecutionParameters do, never by pasting values into the SQL text.
 */
import type { QueryEngine, Row, SqlValue } from '../../functions/core/ports.js';

export interface TrinoColumn {
  name: string;
  type: string;
}

export interface TrinoStats {
  state: string;
  processedRows: number;
  processedBytes: number;
  physicalInputBytes: number;
  physicalInputRows?: number;
  peakMemoryBytes?: number;
  elapsedTimeMillis?: number;
  cpuTimeMillis?: number;
}

export interface TrinoResult {
  queryId: string;
  columns: TrinoColumn[];
  rows: unknown[][];
  stats: TrinoStats;
  /** Set-session / prepare side effects the server asked the client to remember. */
  headers: Headers;
}

export class TrinoQueryError extends Error {
  override name = 'TrinoQueryError';
  constructor(
    message: string,
    readonly errorName: string,
    readonly sql: string,
  ) {
    super(message);
  }
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  stats: TrinoStats;
  error?: { message: string; errorName: string; errorLocation?: { lineNumber: number; columnNumber: number } };
}

export interface StatementOptions {
  catalog?: string;
  schema?: string;
  preparedStatements?: Record<string, string>;
  /** Session properties (X-Trino-Session). */
  session?: Record<string, string>;
}

export class TrinoClient {
  constructor(
    readonly baseUrl: string,
    readonly defaults: StatementOptions = {},
  ) {}

  async execute(sql: string, options: StatementOptions = {}): Promise<TrinoResult> {
    const opts = { ...this.defaults, ...options };
    const headers: Record<string, string> = {
      'X-Trino-User': 'one-funnel',
      'X-Trino-Source': 'one-funnel-test',
      'X-Trino-Time-Zone': 'UTC',
      'Content-Type': 'text/plain; charset=utf-8',
    };
    if (opts.catalog) headers['X-Trino-Catalog'] = opts.catalog;
    if (opts.schema) headers['X-Trino-Schema'] = opts.schema;
    const session = Object.entries(opts.session ?? {});
    if (session.length > 0) headers['X-Trino-Session'] = session.map(([k, v]) => `${k}=${v}`).join(',');
    const prepared = Object.entries(opts.preparedStatements ?? {});
    if (prepared.length > 0) {
      headers['X-Trino-Prepared-Statement'] = prepared
        .map(([name, text]) => `${name}=${encodeURIComponent(text)}`)
        .join(',');
    }
    let res = await fetch(`${this.baseUrl}/v1/statement`, { method: 'POST', headers, body: sql });
    const responseHeaders = res.headers;
    if (!res.ok) throw new TrinoQueryError(`HTTP ${res.status}: ${await res.text()}`, 'HTTP', sql);
    let body = (await res.json()) as StatementResponse;
    const rows: unknown[][] = [];
    let columns: TrinoColumn[] = [];
    for (;;) {
      if (body.columns) columns = body.columns;
      if (body.data) rows.push(...body.data);
      if (body.error) {
        const where = body.error.errorLocation
          ? ` (line ${body.error.errorLocation.lineNumber}, column ${body.error.errorLocation.columnNumber})`
          : '';
        throw new TrinoQueryError(`${body.error.errorName}: ${body.error.message}${where}`, body.error.errorName, sql);
      }
      if (!body.nextUri) break;
      res = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'one-funnel' } });
      if (res.status === 503) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!res.ok) throw new TrinoQueryError(`HTTP ${res.status}: ${await res.text()}`, 'HTTP', sql);
      body = (await res.json()) as StatementResponse;
    }
    return { queryId: body.id, columns, rows, stats: body.stats, headers: responseHeaders };
  }

  /** Rows as objects with values normalized like the DuckDB engine's. */
  async rows(sql: string, options: StatementOptions = {}): Promise<Row[]> {
    return toRows(await this.execute(sql, options));
  }
}

export function toRows(result: TrinoResult): Row[] {
  return result.rows.map((values) => {
    const row: Row = {};
    result.columns.forEach((c, i) => {
      row[c.name] = fromTrino(values[i], c.type);
    });
    return row;
  });
}

/** Trino JSON values as the engine-neutral values of ports.ts (timestamps as ISO-8601 UTC). */
export function fromTrino(value: unknown, type: string): SqlValue {
  if (value === null || value === undefined) return null;
  const t = type.toLowerCase();
  if (t.startsWith('array(')) {
    const inner = t.slice('array('.length, -1);
    return (value as unknown[]).map((v) => fromTrino(v, inner));
  }
  if (t.startsWith('timestamp') && typeof value === 'string') {
    // `2026-11-16 08:00:00.000` (session zone UTC) → `2026-11-16T08:00:00.000Z`
    const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(value);
    if (!m) return value;
    const frac = ((m[3] ?? '.').slice(1) + '000').slice(0, 3);
    return `${m[1]}T${m[2]}.${frac}Z`;
  }
  if (t === 'double' || t === 'real' || t.startsWith('decimal')) {
    if (typeof value === 'number') return value;
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    return Number(value);
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A SQL literal for EXECUTE … USING. Strings are quoted with '' escaping; nothing is pasted raw. */
export function trinoLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot pass ${value} as a parameter`);
    return Number.isInteger(value) ? `BIGINT '${value}'` : `DOUBLE '${value}'`;
  }
  if (Array.isArray(value)) return `ARRAY[${value.map(trinoLiteral).join(', ')}]`;
  return `'${value.replaceAll("'", "''")}'`;
}

/** The QueryEngine port on Trino: what the Athena adapter does, against a local server. */
export class TrinoEngine implements QueryEngine {
  /** Stats of the last query, for the cost measurement. */
  lastStats: TrinoStats | undefined;

  constructor(readonly client: TrinoClient) {}

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const text = sql.trim().replace(/;\s*$/, '');
    const result =
      params.length === 0
        ? await this.client.execute(text)
        : await this.client.execute(`EXECUTE q USING ${params.map(trinoLiteral).join(', ')}`, {
            preparedStatements: { q: text },
          });
    this.lastStats = result.stats;
    return toRows(result);
  }

  async close(): Promise<void> {}
}
