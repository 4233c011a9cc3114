/**
 * QueryEngine on Athena (engine v3): StartQueryExecution with ExecutionParameters, polling
 * with capped exponential backoff, paginated GetQueryResults turned into typed rows.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { silentLog, type Log } from '../core/log.js';
import type { QueryEngine, Row, SqlValue } from '../core/ports.js';

export interface AthenaEngineOptions {
  client?: AthenaClient;
  workgroup: string;
  /** Glue database unqualified table names resolve in. */
  database: string;
  /** @default 'AwsDataCatalog' */
  catalog?: string;
  log?: Log;
  /** First poll delay; doubles up to `pollMaxMs`. @default 250 */
  pollInitialMs?: number;
  /** @default 5000 */
  pollMaxMs?: number;
  /** A query still running after this is stopped and reported. @default 600000 */
  timeoutMs?: number;
  /** Attempts for a throttled API call (TooManyRequestsException). @default 6 */
  maxThrottleAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A query that Athena reports FAILED or CANCELLED, or that timed out. */
export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
  constructor(
    message: string,
    readonly queryExecutionId: string,
    readonly state: string,
    readonly reason: string | undefined,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'ThrottlingError']);

export class AthenaEngine implements QueryEngine {
  private readonly client: AthenaClient;
  private readonly log: Log;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: AthenaEngineOptions) {
    this.client = options.client ?? new AthenaClient({});
    this.log = options.log ?? silentLog;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const id = await this.start(sql, params);
    const execution = await this.wait(id);
    const stats = execution.Statistics;
    // Bytes scanned is what Athena bills; no SQL text, parameters or rows are logged.
    this.log.info('athena query finished', {
      queryExecutionId: id,
      statementType: execution.StatementType,
      dataScannedInBytes: stats?.DataScannedInBytes ?? 0,
      engineExecutionTimeInMillis: stats?.EngineExecutionTimeInMillis,
      queryQueueTimeInMillis: stats?.QueryQueueTimeInMillis,
    });
    return this.results(id, execution.StatementType === 'DML');
  }

  async close(): Promise<void> {
    if (!this.options.client) this.client.destroy();
  }

  private async start(sql: string, params: readonly SqlValue[]): Promise<string> {
    const out = await this.throttled(() =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: this.options.workgroup,
          QueryExecutionContext: { Database: this.options.database, Catalog: this.options.catalog ?? 'AwsDataCatalog' },
          ...(params.length > 0 ? { ExecutionParameters: params.map(toParameter) } : {}),
        }),
      ),
    );
    if (!out.QueryExecutionId) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  private async wait(id: string): Promise<QueryExecution> {
    const deadline = this.now() + (this.options.timeoutMs ?? 600_000);
    let delay = this.options.pollInitialMs ?? 250;
    const maxDelay = this.options.pollMaxMs ?? 5_000;
    for (;;) {
      const out = await this.throttled(() => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const execution = out.QueryExecution;
      const state = execution?.Status?.State;
      if (execution && state === 'SUCCEEDED') return execution;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage;
        this.log.warn('athena query did not succeed', {
          queryExecutionId: id,
          state,
          errorCategory: execution?.Status?.AthenaError?.ErrorCategory,
          errorType: execution?.Status?.AthenaError?.ErrorType,
          dataScannedInBytes: execution?.Statistics?.DataScannedInBytes ?? 0,
        });
        throw new AthenaQueryError(`Athena query ${id} ${state}: ${reason ?? 'no reason given'}`, id, state, reason);
      }
      if (this.now() >= deadline) {
        await this.throttled(() => this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })));
        throw new AthenaQueryError(
          `Athena query ${id} still ${state ?? 'unknown'} after ${this.options.timeoutMs ?? 600_000} ms; stopped`,
          id,
          'TIMEOUT',
          undefined,
        );
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  private async results(id: string, hasHeaderRow: boolean): Promise<Row[]> {
    const rows: Row[] = [];
    let columns: ColumnInfo[] | undefined;
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.throttled(() =>
        this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 })),
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const data = page.ResultSet?.Rows ?? [];
      // A SELECT's first result row repeats the column names (first page only).
      for (const [i, raw] of data.entries()) {
        if (first && hasHeaderRow && i === 0) continue;
        const row: Row = {};
        columns.forEach((column, c) => {
          row[column.Name ?? `_col${c}`] = parseValue(raw.Data?.[c]?.VarCharValue, column);
        });
        rows.push(row);
      }
      first = false;
      token = page.NextToken;
    } while (token);
    return rows;
  }

  /** Retries API calls Athena throttles; the SDK's own retries are often not enough for polling. */
  private async throttled<T>(call: () => Promise<T>): Promise<T> {
    const attempts = this.options.maxThrottleAttempts ?? 6;
    let delay = this.options.pollInitialMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const e = err as { name?: string; $retryable?: { throttling?: boolean } };
        const throttled = THROTTLING.has(e.name ?? '') || e.$retryable?.throttling === true;
        if (!throttled || attempt >= attempts) throw err;
        // Full jitter, so concurrent Lambdas do not retry in lockstep.
        await this.sleep(Math.round(delay * (0.5 + Math.random() / 2)));
        delay = Math.min(delay * 2, this.options.pollMaxMs ?? 5_000);
      }
    }
  }
}

/**
 * An ExecutionParameters entry: Athena substitutes each one as a SQL literal, so strings
 * are quoted with their quotes doubled; the SQL text itself is never built from input.
 */
export function toParameter(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`query parameter ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  throw new Error('list query parameters are not supported');
}

/** One Athena result cell to a SqlValue, by the column's Athena type. */
export function parseValue(text: string | undefined, column: ColumnInfo): SqlValue {
  if (text === undefined) return null;
  const type = (column.Type ?? 'varchar').toLowerCase();
  switch (type) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint':
    case 'double':
    case 'float':
    case 'real':
    case 'decimal':
      return text === 'NaN' ? NaN : Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
    case 'timestamp with time zone':
      return toIsoTimestamp(text);
    case 'array':
      return parseArray(text);
    default:
      return text;
  }
}

/** `2026-11-16 08:00:00.000` (UTC, the SQL keeps UTC) or `… UTC` → ISO-8601 with Z. */
function toIsoTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?: (?:UTC|Z|\+00:00))?$/.exec(text.trim());
  if (!m) return text;
  const millis = (m[3] ?? '.000').padEnd(4, '0').slice(0, 4);
  return `${m[1]}T${m[2]}${millis}Z`;
}

/** Athena renders `array(varchar)` as `[a, b]`; the element type is not in the metadata. */
function parseArray(text: string): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner === '' ? [] : inner.split(', ');
}
