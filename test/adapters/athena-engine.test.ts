import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
  type ColumnInfo,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine, AthenaQueryError, parseValue, toParameter } from '../../functions/adapters/athena-engine.js';
import type { Log } from '../../functions/core/log.js';

const athena = mockClient(AthenaClient);
const sleeps: number[] = [];
const logged: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
const log: Log = {
  debug: (message, extra) => logged.push({ level: 'debug', message, extra }),
  info: (message, extra) => logged.push({ level: 'info', message, extra }),
  warn: (message, extra) => logged.push({ level: 'warn', message, extra }),
};

function engine(extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) {
  return new AthenaEngine({
    client: new AthenaClient({ region: 'eu-central-1' }),
    workgroup: 'one-funnel',
    database: 'one_funnel',
    log,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

function execution(State: QueryExecutionState, extra: Record<string, unknown> = {}) {
  return {
    QueryExecution: {
      QueryExecutionId: 'q-1',
      StatementType: 'DML' as const,
      Status: { State, ...extra },
      Statistics: { DataScannedInBytes: 123_456, EngineExecutionTimeInMillis: 900 },
    },
  };
}

const columns: ColumnInfo[] = [
  { Name: 'source', Type: 'varchar' },
  { Name: 'leads', Type: 'bigint' },
  { Name: 'n', Type: 'integer' },
  { Name: 'rate', Type: 'double' },
  { Name: 'is_won', Type: 'boolean' },
  { Name: 'created_at', Type: 'timestamp' },
  { Name: 'emails', Type: 'array' },
  { Name: 'day', Type: 'date' },
];
const header = { Data: columns.map((c) => ({ VarCharValue: c.Name })) };
const cells = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});

beforeEach(() => {
  athena.reset();
  sleeps.length = 0;
  logged.length = 0;
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

describe('AthenaEngine', () => {
  it('passes parameters as ExecutionParameters, polls with backoff and returns typed rows', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns },
        Rows: [
          header,
          cells(
            'hubspot',
            '9007199254740991',
            '3',
            '0.8125',
            'true',
            '2026-11-16 08:00:00.000',
            '[a@x.com, b@y.com]',
            '2026-11-16',
          ),
          cells('csv', '0', undefined, 'NaN', 'false', '2026-11-16 08:00:00.123456', '[]', undefined),
        ],
      },
    });

    const rows = await engine().query('select * from x where source = ? and n > ?', ["o'hara", 5]);

    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({
      QueryString: 'select * from x where source = ? and n > ?',
      WorkGroup: 'one-funnel',
      QueryExecutionContext: { Database: 'one_funnel', Catalog: 'AwsDataCatalog' },
      ExecutionParameters: ["'o''hara'", '5'],
    });
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(rows).toEqual([
      {
        source: 'hubspot',
        leads: 9007199254740991,
        n: 3,
        rate: 0.8125,
        is_won: true,
        created_at: '2026-11-16T08:00:00.000Z',
        emails: ['a@x.com', 'b@y.com'],
        day: '2026-11-16',
      },
      {
        source: 'csv',
        leads: 0,
        n: null,
        rate: NaN,
        is_won: false,
        created_at: '2026-11-16T08:00:00.123Z',
        emails: [],
        day: null,
      },
    ]);
    const info = logged.find((l) => l.message === 'athena query finished');
    expect(info?.extra).toMatchObject({ queryExecutionId: 'q-1', dataScannedInBytes: 123_456 });
    // Neither SQL, parameters nor row data reach the log.
    expect(JSON.stringify(logged)).not.toMatch(/hara|hubspot|a@x\.com|select/);
  });

  it('omits ExecutionParameters when there are none (Athena rejects an empty list)', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });
    await engine().query('select 1');
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).not.toHaveProperty('ExecutionParameters');
  });

  it('follows NextToken through every page and skips the header on the first page only', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const meta = { ColumnInfo: [{ Name: 'id', Type: 'integer' }] };
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        ResultSet: { ResultSetMetadata: meta, Rows: [cells('id'), cells('1'), cells('2')] },
        NextToken: 't2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 't2' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [cells('3'), cells('4')] }, NextToken: 't3' })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 't3' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [cells('5')] } });
    const rows = await engine().query('select id from t');
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
  });

  it('keeps the first row of a DDL result (no header row there)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DDL', Status: { State: 'SUCCEEDED' } },
    });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'result', Type: 'varchar' }] }, Rows: [cells('ok')] },
    });
    expect(await engine().query('create or replace view v as select 1 as x')).toEqual([{ result: 'ok' }]);
  });

  it("surfaces a FAILED query with Athena's StateChangeReason", async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
        AthenaError: { ErrorCategory: 2, ErrorType: 1006 },
      }),
    );
    const err = await engine()
      .query('select nope from leads')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AthenaQueryError);
    expect((err as AthenaQueryError).message).toBe(
      "Athena query q-1 FAILED: COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    );
    expect((err as AthenaQueryError).state).toBe('FAILED');
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('surfaces a CANCELLED query (e.g. over the workgroup bytes-scanned cutoff) as an error', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('RUNNING'))
      .resolves(
        execution('CANCELLED', {
          StateChangeReason: 'Query cancelled: bytes scanned exceeded the per-query limit of the workgroup',
        }),
      );
    await expect(engine().query('select * from leads')).rejects.toThrow(
      /q-1 CANCELLED: Query cancelled: bytes scanned exceeded/,
    );
    expect(logged.some((l) => l.level === 'warn' && l.extra?.state === 'CANCELLED')).toBe(true);
  });

  it('stops a query that outlives the timeout', async () => {
    let clock = 0;
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const slow = engine({
      timeoutMs: 10_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    await expect(slow.query('select 1')).rejects.toMatchObject({ state: 'TIMEOUT' });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'q-1' });
  });

  it('retries throttled calls with jittered backoff, and gives up after the last attempt', async () => {
    const throttle = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).rejectsOnce(throttle()).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });
    await expect(engine().query('select 1')).resolves.toEqual([]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(125);
    expect(sleeps[0]).toBeLessThanOrEqual(250);

    athena.reset();
    athena.on(StartQueryExecutionCommand).rejects(throttle());
    await expect(engine({ maxThrottleAttempts: 3 }).query('select 1')).rejects.toThrow('Rate exceeded');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('does not retry errors that are not throttling', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(Object.assign(new Error('bad workgroup'), { name: 'InvalidRequestException' }));
    await expect(engine().query('select 1')).rejects.toThrow('bad workgroup');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});

describe('parameters and values', () => {
  it('renders each parameter as one SQL literal', () => {
    expect(toParameter("x'; drop table leads; --")).toBe("'x''; drop table leads; --'");
    expect([toParameter(null), toParameter(true), toParameter(2.5)]).toEqual(['NULL', 'true', '2.5']);
    expect(() => toParameter(Infinity)).toThrow(/finite/);
    expect(() => toParameter(['a'])).toThrow(/list/);
  });

  it('reads a timestamp with time zone and a decimal', () => {
    expect(parseValue('2026-11-16 08:00:00.000 UTC', { Name: 't', Type: 'timestamp with time zone' })).toBe(
      '2026-11-16T08:00:00.000Z',
    );
    expect(parseValue('12.50', { Name: 'd', Type: 'decimal' })).toBe(12.5);
  });
});
