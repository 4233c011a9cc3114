import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_RUNTIME } from '../../infra/constructs/pipeline-function.js';
import { configSeeds, loadModels } from '../../functions/core/models.js';
import { parquetColumns } from '../../functions/core/parquet.js';
import { TABLE_NAMES, glueType } from '../../functions/core/schema.js';
import {
  acknowledgementsOf,
  allAcknowledgements,
  buildUnbundled,
  cfnResourceByLogicalId,
  definitionOf,
  props,
  policyResources,
  render,
  resources,
  type Json,
} from './helpers.js';

// Synth is slow: one stack for the whole file.
let built: ReturnType<typeof buildUnbundled>;
beforeAll(() => {
  built = buildUnbundled();
}, 120_000);

const t = () => built.template;

describe('S3 data lake', () => {
  it('blocks public access, encrypts, versions and enforces bucket-owner objects on every bucket', () => {
    const buckets = resources(t(), 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [id, bucket] of buckets) {
      const p = props(bucket);
      expect(p.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(p.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(p.VersioningConfiguration, id).toEqual({ Status: 'Enabled' });
      expect(p.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('denies every request without TLS (and TLS < 1.2) on every bucket', () => {
    const buckets = resources(t(), 'AWS::S3::Bucket').map(([id]) => id);
    const policies = resources(t(), 'AWS::S3::BucketPolicy');
    for (const id of buckets) {
      const policy = policies.find(([, p]) => render(props(p).Bucket) === `<${id}>`);
      expect(policy, id).toBeDefined();
      const statements = ((props(policy![1]).PolicyDocument as Json).Statement as Json[]).filter(
        (s) => s.Effect === 'Deny',
      );
      expect(
        statements.some((s) => JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}'),
        id,
      ).toBe(true);
      expect(
        statements.some((s) => JSON.stringify(s.Condition).includes('s3:TlsVersion')),
        id,
      ).toBe(true);
    }
  });

  it('logs access of the lake and results buckets into the access-log bucket', () => {
    const buckets = resources(t(), 'AWS::S3::Bucket');
    const logBucket = buckets.find(([id]) => id.startsWith('AccessLogs'))![0];
    for (const [id, bucket] of buckets.filter(([id]) => !id.startsWith('AccessLogs'))) {
      expect(render((props(bucket).LoggingConfiguration as Json).DestinationBucketName), id).toBe(`<${logBucket}>`);
    }
  });

  it('expires Athena results, archives old raw exports and cleans up noncurrent versions', () => {
    const rulesOf = (prefix: string) =>
      (
        props(resources(t(), 'AWS::S3::Bucket').find(([id]) => id.startsWith(prefix))![1])
          .LifecycleConfiguration as Json
      ).Rules as Json[];
    expect(rulesOf('AthenaResults')).toContainEqual(
      expect.objectContaining({ Prefix: 'athena/', ExpirationInDays: 30, Status: 'Enabled' }),
    );
    expect(rulesOf('DataLake')).toContainEqual(
      expect.objectContaining({
        Prefix: 'raw/',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
      }),
    );
    for (const prefix of ['AthenaResults', 'DataLake', 'AccessLogs']) {
      expect(
        rulesOf(prefix).some((r) => r.NoncurrentVersionExpiration && r.AbortIncompleteMultipartUpload),
        prefix,
      ).toBe(true);
    }
  });
});

describe('Glue catalog', () => {
  it('has one Parquet table per canonical table, columns derived from the schema', () => {
    const tables = resources(t(), 'AWS::Glue::Table');
    expect(tables.map(([, r]) => (props(r).TableInput as Json).Name).sort()).toEqual([...TABLE_NAMES].sort());
    for (const [, resource] of tables) {
      const input = props(resource).TableInput as Json;
      const name = input.Name as (typeof TABLE_NAMES)[number];
      const sd = input.StorageDescriptor as Json;
      expect((sd.Columns as Json[]).map((c) => [c.Name, c.Type])).toEqual(
        parquetColumns(name).map((c) => [c.name, glueType(c.type)]),
      );
      expect((sd.SerdeInfo as Json).SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
      expect(sd.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
      expect(render(sd.Location)).toMatch(new RegExp(`^s3://<DataLake[A-Z0-9]+>/canonical/${name}/$`));
      expect(input.PartitionKeys).toEqual([
        expect.objectContaining({ Name: 'source', Type: 'string' }),
        expect.objectContaining({ Name: 'dt', Type: 'string' }),
      ]);
      const params = input.Parameters as Record<string, unknown>;
      expect(params).toMatchObject({
        'projection.enabled': 'true',
        'projection.source.type': 'enum',
        'projection.source.values': 'csv,hubspot,salesforce',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2020-01-01,NOW',
      });
      expect(render(params['storage.location.template'])).toMatch(
        new RegExp(`/canonical/${name}/source=\\$\\{source\\}/dt=\\$\\{dt\\}/$`),
      );
    }
    t().resourceCountIs('AWS::Glue::Crawler', 0);
  });
});

describe('Athena', () => {
  it('has a workgroup on engine v3 with enforced, encrypted results, a scan cutoff and metrics', () => {
    t().hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'one-funnel',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.anyValue(),
        },
      },
    });
  });

  it('builds the model tables in a workgroup of its own that lets a CTAS name its location', () => {
    t().hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'one-funnel-build',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: false,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.anyValue(),
        },
      },
    });
  });

  it('applies the config seeds and every model as views, in dependency order, through a custom resource', () => {
    const [, resource] = resources(t(), 'Custom::AthenaViews')[0]!;
    const views = props(resource).Views as { Name: string; Sql: string }[];
    const expected = [...configSeeds(built.config.funnel).map((s) => s.name), ...loadModels().map((m) => m.name)];
    expect(views.map((v) => v.Name)).toEqual(expected);
    expect(views.every((v) => v.Sql.trim().length > 0 && !v.Sql.trim().endsWith(';'))).toBe(true);
    expect(props(resource).Database).toBe('one_funnel');
    expect(render(props(resource).ServiceToken)).toMatch(/^<ViewsApply[A-Z0-9]+\.Arn>$/);
  });

  it('gives analysts named queries: a preview per mart and every report query', () => {
    const named = resources(t(), 'AWS::Athena::NamedQuery').map(([, r]) => props(r));
    const marts = loadModels().filter((m) => m.layer === 'marts');
    expect(named.filter((q) => String(q.Name).startsWith('preview ')).length).toBe(marts.length);
    expect(named.some((q) => q.Name === 'report weekly_totals')).toBe(true);
    for (const q of named) {
      expect(q.WorkGroup).toBe('one-funnel');
      expect(q.Database).toBe('one_funnel');
    }
  });
});

describe('Lambda functions', () => {
  const functions = () => resources(t(), 'AWS::Lambda::Function');

  it('all run the pinned runtime on ARM64 with tracing, explicit timeout/memory and an owned log group', () => {
    expect(functions()).toHaveLength(5);
    for (const [id, fn] of functions()) {
      const p = props(fn);
      expect(p.Runtime, id).toBe(LAMBDA_RUNTIME.name);
      expect(p.Runtime, id).toBe('nodejs22.x');
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(p.Timeout as number, id).toBeGreaterThan(3);
      expect(p.MemorySize, id).toBeGreaterThanOrEqual(256);
      expect(render((p.LoggingConfig as Json).LogGroup), id).toMatch(/^<.+Logs[A-Z0-9]+>$/);
      expect(((p.Environment as Json).Variables as Json).NODE_OPTIONS, id).toBe('--enable-source-maps');
    }
    for (const [id, group] of resources(t(), 'AWS::Logs::LogGroup')) {
      expect(props(group).RetentionInDays, id).toBe(90);
    }
  });

  it('carries names only in environment variables, never a secret value', () => {
    for (const [id, fn] of functions()) {
      const vars = ((props(fn).Environment as Json).Variables ?? {}) as Json;
      for (const [key, value] of Object.entries(vars)) {
        const text = render(value);
        expect(key, id).not.toMatch(/KEY|TOKEN|PASSWORD|SECRET_VALUE/);
        expect(text, `${id}.${key}`).not.toMatch(/^(re_|sk_|pat-|xox)|[A-Za-z0-9+/]{32,}/);
      }
    }
  });

  it('has one secret per enabled source (named by its secret field) and one for Resend', () => {
    const names = resources(t(), 'AWS::SecretsManager::Secret')
      .map(([, s]) => props(s).Name)
      .sort();
    expect(names).toEqual(['one-funnel/hubspot', 'one-funnel/resend', 'one-funnel/sfdc']);
  });

  it('uses no managed policies', () => {
    for (const [id, role] of resources(t(), 'AWS::IAM::Role')) {
      expect(props(role).ManagedPolicyArns ?? [], id).toEqual([]);
    }
  });
});

describe('IAM least privilege', () => {
  it('has no wildcard actions, and every wildcard resource is acknowledged next to its resource', () => {
    const unacknowledged: string[] = [];
    for (const [logicalId, policy] of resources(t(), 'AWS::IAM::Policy')) {
      const construct = cfnResourceByLogicalId(built.stack, logicalId);
      expect(construct, logicalId).toBeDefined();
      const acks = acknowledgementsOf(construct!);
      for (const statement of (props(policy).PolicyDocument as Json).Statement as Json[]) {
        const actions = ([] as unknown[]).concat(statement.Action);
        for (const action of actions) {
          expect(String(action), logicalId).not.toMatch(/^\*$|:\*$/);
          if (String(action).includes('*')) {
            if (!acks.has(`AwsSolutions-IAM5[Action::${String(action)}]`))
              unacknowledged.push(`${logicalId} ${action}`);
          }
        }
        for (const resource of ([] as unknown[]).concat(statement.Resource)) {
          const text = render(resource);
          if (text.includes('*') && !acks.has(`AwsSolutions-IAM5[Resource::${text}]`)) {
            unacknowledged.push(`${logicalId} ${text}`);
          }
        }
      }
    }
    expect(unacknowledged).toEqual([]);
  });
});

describe('orchestration', () => {
  const machines = () => resources(t(), 'AWS::StepFunctions::StateMachine');

  it('logs everything and traces every state machine', () => {
    expect(machines()).toHaveLength(3);
    for (const [id, machine] of machines()) {
      expect((props(machine).LoggingConfiguration as Json).Level, id).toBe('ALL');
      expect(props(machine).TracingConfiguration, id).toEqual({ Enabled: true });
    }
  });

  it('retries every Lambda task with backoff and full jitter, and catches every failure', () => {
    let tasks = 0;
    for (const [id, machine] of machines()) {
      const walk = (states: Record<string, Json>) => {
        for (const [name, state] of Object.entries(states)) {
          if (state.Type === 'Map')
            walk(((state.ItemProcessor ?? state.Iterator) as Json).States as Record<string, Json>);
          if (
            state.Type !== 'Task' ||
            !/^REF\((Ingest|Refresh|Report|Rebuild)[A-Z0-9]+\.Arn\)$/.test(String(state.Resource))
          )
            continue;
          tasks++;
          const retry = (state.Retry as Json[]).find((r) =>
            (r.ErrorEquals as string[]).includes('Lambda.TooManyRequestsException'),
          )!;
          expect(retry, `${id}.${name}`).toMatchObject({ JitterStrategy: 'FULL', BackoffRate: 2 });
          expect(retry.MaxAttempts as number).toBeGreaterThanOrEqual(2);
          expect(retry.ErrorEquals).toContain('Lambda.TooManyRequestsException');
          expect((state.Catch as Json[]).map((c) => c.ErrorEquals)).toEqual([['States.ALL']]);
        }
      };
      walk(definitionOf(machine).States as Record<string, Json>);
    }
    expect(tasks).toBe(5); // ingest, refresh (daily), refresh if stale + report (weekly), rebuild
  });

  it('builds the model tables first when stale, then reports, in the weekly run', () => {
    const weekly = machines().find(([id]) => id.includes('Weekly'))!;
    const states = definitionOf(weekly[1]).States as Record<string, Json>;
    expect(states.LastFullWeek!.Next).toBe('RefreshIfStale');
    expect(states.RefreshIfStale!.Next).toBe('BuildAndSendReport');
    expect(render(states.RefreshIfStale!.Resource)).toMatch(/^REF\(Refresh[A-Z0-9]+\.Arn\)$/);
    expect(states.RefreshIfStale!.Parameters).toEqual({ onlyIfStale: true });
    expect((states.RefreshIfStale!.Catch as Json[])[0]!.Next).toBe('NotifyWeeklyFailure');
    // While the other refresh holds the tables, each waits (up to 20 minutes).
    const daily = definitionOf(machines().find(([id]) => id.includes('Daily'))![1]).States as Record<string, Json>;
    for (const state of [states.RefreshIfStale!, daily.Refresh!]) {
      const retries = state.Retry as Json[];
      const busy = retries.findIndex((r) => (r.ErrorEquals as string[])[0] === 'MartsBusy');
      expect(retries[busy]).toMatchObject({ ErrorEquals: ['MartsBusy'], IntervalSeconds: 120, MaxAttempts: 10 });
      // Before the generic retry (States.TaskFailed matches every Lambda error).
      expect(busy).toBeLessThan(retries.findIndex((r) => (r.ErrorEquals as string[]).includes('States.TaskFailed')));
    }
    // A failed post-load check is not retried: the tables are built, a rebuild cannot help.
    expect(daily.Refresh!.Retry as Json[]).toContainEqual({ ErrorEquals: ['PostLoadCheckFailed'], MaxAttempts: 0 });
  });

  it('lets the refresh build model tables in its own workgroup, never DDL on the canonical tables', () => {
    const resourcesOf = policyResources(t(), 'Refresh');
    const ddl = resourcesOf('glue:CreateTable');
    expect(ddl.some((r) => r.endsWith(':table/one_funnel/fct_persons__*'))).toBe(true);
    expect(ddl.some((r) => r.endsWith(':table/one_funnel/fct_persons'))).toBe(true);
    expect(ddl.some((r) => r.endsWith(':table/one_funnel/marts_run'))).toBe(true);
    for (const table of TABLE_NAMES) expect(ddl.some((r) => r.endsWith(`:table/one_funnel/${table}`))).toBe(false);
    expect(resourcesOf('glue:DeleteTable')).toEqual(ddl);
    const writes = resourcesOf('s3:PutObject');
    expect(writes.some((r) => r.endsWith('/marts/*'))).toBe(true);
    expect(writes.some((r) => r.endsWith('/canonical/*') || r.endsWith('/raw/*'))).toBe(false);
    expect(resourcesOf('athena:StartQueryExecution').every((r) => r.endsWith(':workgroup/one-funnel-build'))).toBe(
      true,
    );
    // The function a deployer invokes with {"full": true} (docs/deploy.md) is a stack output.
    const [refreshId] = resources(t(), 'AWS::Lambda::Function').find(([id]) => id.startsWith('Refresh'))!;
    expect(t().findOutputs('RefreshFunctionName')).toMatchObject({
      RefreshFunctionName: { Value: { Ref: refreshId } },
    });
    // The report reads the tables (and their files) but never writes or drops them.
    const reportResourcesOf = policyResources(t(), 'Report');
    expect(reportResourcesOf('glue:CreateTable')).toEqual([]);
    expect(reportResourcesOf('s3:GetObject').some((r) => r.endsWith('/marts/*'))).toBe(true);
  });

  it('loops the rebuild step until it is done, never retries a refusal, and is not scheduled', () => {
    const rebuild = machines().find(([id]) => id.includes('Rebuild'))!;
    const states = definitionOf(rebuild[1]).States as Record<string, Json>;
    const step = states.RebuildStep!;
    expect((step.Retry as Json[])[0]).toMatchObject({ ErrorEquals: ['RebuildError'], MaxAttempts: 0 });
    expect(step.Next).toBe('RebuildDone');
    const done = states.RebuildDone!;
    expect(done.Default).toBe('RebuildStep');
    expect((done.Choices as Json[])[0]).toMatchObject({ Variable: '$.done', BooleanEquals: true, Next: 'Rebuilt' });
    expect((step.Catch as Json[])[0]!.Next).toBe('NotifyRebuildFailure');
    const targets = resources(t(), 'AWS::Scheduler::Schedule').map(([, s]) => render((props(s).Target as Json).Arn));
    expect(targets.some((arn) => arn.includes('Rebuild'))).toBe(false);
  });

  it('passes {"reread": true} to every rebuild step, false when the input omits it, keeping the other flag', () => {
    const rebuild = machines().find(([id]) => id.includes('Rebuild'))!;
    const states = definitionOf(rebuild[1]).States as Record<string, Json>;
    expect(states.RebuildStep!.Parameters).toEqual({
      'keepMissingRaw.$': '$.keepMissingRaw',
      'reread.$': '$.reread',
    });
    // Each default is set at its own path, so `{"reread": true}` alone keeps it.
    expect(states.RefuseMissingRaw).toMatchObject({
      Result: false,
      ResultPath: '$.keepMissingRaw',
      Next: 'RereadGiven',
    });
    expect(states.RefuseReread).toMatchObject({ Result: false, ResultPath: '$.reread', Next: 'RebuildStep' });
    expect((states.RereadGiven!.Choices as Json[])[0]).toMatchObject({ Variable: '$.reread', IsPresent: true });
  });

  it('lets the rebuild function read the raw zone but never write it', () => {
    const resourcesOf = policyResources(t(), 'Rebuild');
    const writes = resourcesOf('s3:PutObject');
    expect(writes.some((r) => r.endsWith('/raw/*'))).toBe(false);
    expect(writes.some((r) => r.endsWith('/canonical/*'))).toBe(true);
    expect(writes.some((r) => r.endsWith('/rebuild/*'))).toBe(true);
    expect(resourcesOf('s3:GetObject').some((r) => r.endsWith('/raw/*'))).toBe(true);
  });

  it('maps the daily run over exactly the enabled sources, then refreshes', () => {
    const daily = machines().find(([id]) => id.includes('Daily'))!;
    const states = definitionOf(daily[1]).States as Record<string, Json>;
    expect(states.PlanToday!.Parameters).toMatchObject({ sources: ['hubspot', 'salesforce'] });
    expect(states.EachSource!.Type).toBe('Map');
    expect(states.EachSource!.Next).toBe('Refresh');
    expect((states.Refresh!.Catch as Json[])[0]!.Next).toBe('NotifyDailyFailure');
  });

  it('schedules both runs in the configured time zone with a retry policy and a DLQ', () => {
    const schedules = resources(t(), 'AWS::Scheduler::Schedule').map(([, s]) => props(s));
    expect(schedules.map((s) => s.ScheduleExpression).sort()).toEqual(['cron(15 7 ? * MON *)', 'cron(30 5 * * ? *)']);
    for (const s of schedules) {
      expect(s.ScheduleExpressionTimezone).toBe('Europe/Zurich');
      const target = s.Target as Json;
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 });
      expect(render((target.DeadLetterConfig as Json).Arn)).toMatch(/^<MonitoringDeadLetters[A-Z0-9]+\.Arn>$/);
    }
  });

  it('keeps the DLQ encrypted and TLS-only', () => {
    t().hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t().hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('monitoring', () => {
  it('encrypts the alert topic, denies non-TLS publishing and subscribes the configured emails with a DLQ', () => {
    t().hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t().hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    t().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      RedrivePolicy: Match.anyValue(),
    });
    t().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('alarms, with actions, on state-machine failures, Lambda errors, DLQ depth and a missed weekly report', () => {
    const alarms = resources(t(), 'AWS::CloudWatch::Alarm').map(([, a]) => props(a));
    for (const alarm of alarms) expect((alarm.AlarmActions as unknown[]).length).toBeGreaterThan(0);
    const metrics = alarms.map((a) => `${a.Namespace}/${a.MetricName}`);
    expect(metrics.filter((m) => m === 'AWS/States/ExecutionsFailed')).toHaveLength(3);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(4);
    expect(metrics).toContain('AWS/SQS/ApproximateNumberOfMessagesVisible');
    const missed = alarms.find((a) => a.MetricName === 'WeeklyReportSent')!;
    expect(missed).toMatchObject({
      Namespace: 'OneFunnel',
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      Period: 86400,
      EvaluationPeriods: 7,
      Dimensions: [{ Name: 'service', Value: 'report' }],
    });
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions and Serverless packs', () => {
    for (const pack of [new AwsSolutionsChecks(built.app), new ServerlessChecks(built.app)]) {
      const report = pack.validateScope(built.stack);
      const findings = report.violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`),
      );
      expect(findings, pack.name).toEqual([]);
    }
  });

  it('gives every acknowledgement a reason', () => {
    const acks = allAcknowledgements(built.stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(30);
    console.info(`cdk-nag acknowledgements: ${acks.length}`);
  });
});
