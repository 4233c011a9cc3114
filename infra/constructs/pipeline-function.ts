/**
 * The one Lambda construct: Node 22 on ARM64, ESM bundle minified with source maps by the
 * local esbuild (no Docker; options in lambda-bundling.ts), X-Ray tracing, an owned log group with retention, explicit
 * timeout and memory, Powertools service/namespace, and `bind*` helpers that set an env
 * var (a name, never a value) together with the narrowest grant.
 */
import { CfnResource, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct, IConstruct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { METRICS_NAMESPACE } from '../../functions/core/telemetry.js';
import {
  LAMBDA_ALIASES,
  LAMBDA_BANNER,
  LAMBDA_DEFINE,
  LAMBDA_ESBUILD,
  LAMBDA_EXTERNAL_MODULES,
} from './lambda-bundling.js';

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The handlers' metric namespace: one constant with the metric names (functions/core/telemetry.ts). */
export const POWERTOOLS_NAMESPACE = METRICS_NAMESPACE;
/** Where `sql/` is copied inside the bundle (core/models.ts reads FUNNEL_SQL_DIR). */
export const BUNDLED_SQL_DIR = '/var/task/sql';

export interface PipelineFunctionProps {
  /** Path of the handler file, relative to the project root, e.g. `functions/handlers/ingest.ts`. */
  readonly entry: string;
  /** Name in logs and metrics (Powertools service). */
  readonly service: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  /** Ship `sql/` inside the bundle for handlers that run report or model SQL. @default false */
  readonly withSql?: boolean;
  readonly environment?: Record<string, string>;
  readonly description?: string;
  /** @default undefined (unreserved) */
  readonly reservedConcurrentExecutions?: number;
}

export class PipelineFunction extends NodejsFunction {
  readonly logGroupOwned: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    if (props.timeout.toSeconds() <= 3) throw new Error(`${id}: set an explicit timeout above the 3 s default`);
    if (props.memorySize < 128 || props.memorySize > 10_240) throw new Error(`${id}: memorySize must be 128..10240 MB`);
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const withSql = props.withSql ?? false;
    // An explicit role instead of AWSLambdaBasicExecutionRole: logs only to the owned group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `one-funnel ${props.service} function`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      timeout: props.timeout,
      memorySize: props.memorySize,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      description: props.description,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(withSql ? { FUNNEL_SQL_DIR: BUNDLED_SQL_DIR } : {}),
        ...props.environment,
      },
      bundling: {
        // One source for these options: infra/constructs/lambda-bundling.ts (bench and tests use it too).
        format: OutputFormat.ESM,
        target: LAMBDA_ESBUILD.target,
        platform: LAMBDA_ESBUILD.platform,
        minify: LAMBDA_ESBUILD.minify,
        sourceMap: LAMBDA_ESBUILD.sourcemap,
        sourcesContent: LAMBDA_ESBUILD.sourcesContent,
        mainFields: [...LAMBDA_ESBUILD.mainFields],
        // The runtime's AWS SDK clients, prettier (never called) and DuckDB (local mode) stay out.
        externalModules: [...LAMBDA_EXTERNAL_MODULES],
        define: { ...LAMBDA_DEFINE },
        esbuildArgs: { '--alias': Object.entries(LAMBDA_ALIASES).map(([from, to]) => `${from}=${to}`) },
        banner: LAMBDA_BANNER,
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            withSql ? [`cp -R "${inputDir}/sql" "${outputDir}/sql"`] : [],
        },
      },
    });
    this.logGroupOwned = logGroup;
    const pinned =
      'Pinned to Node.js 22 (LTS to April 2027), the version the code is built and tested for; the next runtime is a deliberate, tested upgrade of LAMBDA_RUNTIME.';
    Validations.of(this).acknowledge({ id: 'AwsSolutions-L1', reason: pinned });
    Validations.of(this).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: pinned });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (added by Tracing.ACTIVE).',
    });
  }

  /**
   * Object access under key prefixes of one bucket (env var = the bucket name). Object ARNs
   * need a trailing `*`; each such wildcard is acknowledged here, next to its statement.
   */
  bindBucket(envName: string, bucket: s3.IBucket, access: { read?: string[]; write?: string[] }): this {
    this.addEnvironment(envName, bucket.bucketName);
    const read = access.read ?? [];
    const write = access.write ?? [];
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [bucket.bucketArn] }),
    );
    const readable = [...new Set([...read, ...write])];
    if (readable.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: readable.map((p) => bucket.arnForObjects(`${p}*`)),
        }),
      );
    }
    if (write.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: write.map((p) => bucket.arnForObjects(`${p}*`)),
        }),
      );
    }
    for (const prefix of readable) {
      acknowledgeResource(
        this.role!,
        `<${logicalIdOf(bucket)}.Arn>/${prefix}*`,
        `Objects under the ${prefix} prefix have generated keys (partition and batch ids); access is scoped to the prefix.`,
      );
    }
    return this;
  }

  bindSecret(envName: string, secret: secretsmanager.ISecret): this {
    this.addEnvironment(envName, secret.secretName);
    secret.grantRead(this);
    return this;
  }

  bindParameter(envName: string, parameter: ssm.IStringParameter): this {
    this.addEnvironment(envName, parameter.parameterName);
    parameter.grantRead(this);
    return this;
  }

  /**
   * Queries in one workgroup over one Glue database: names in env vars, Glue access to the
   * named tables and views only, Athena results under `athena/` of the results bucket.
   */
  bindAthena(opts: {
    workgroupName: string;
    databaseName: string;
    /** Every table and view the function may read (or, with ddl, replace). */
    tableNames: readonly string[];
    /**
     * Models the refresh builds as tables (functions/core/marts.ts): the function may read (with
     * ddl: create and drop) their run tables `<model>__<run id>` and read their files under `marts/`.
     */
    modelTables?: readonly string[];
    resultsBucket: s3.IBucket;
    dataBucket: s3.IBucket;
    /** Views (and with `modelTables`, run tables) the function may create, replace and drop. */
    ddl?: readonly string[];
  }): this {
    const stack = Stack.of(this);
    this.addEnvironment('ATHENA_WORKGROUP', opts.workgroupName);
    this.addEnvironment('GLUE_DATABASE', opts.databaseName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: opts.workgroupName })],
      }),
    );
    const table = (t: string) =>
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${opts.databaseName}/${t}` });
    const runTables = (opts.modelTables ?? []).map((m) => `${m}__*`);
    const catalogAndDatabase = [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: opts.databaseName }),
    ];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [...catalogAndDatabase, ...[...opts.tableNames, ...runTables].map(table)],
      }),
    );
    // DDL only on the views it applies and the model run tables, never on the canonical tables.
    if (opts.ddl) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
          resources: [...catalogAndDatabase, ...[...opts.ddl, ...runTables].map(table)],
        }),
      );
    }
    // cdk-nag prints a pseudo parameter as <AWS::Region>, a region the app pins as itself.
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const arnPrefix = `arn:<AWS::Partition>:glue:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}`;
    for (const m of opts.modelTables ?? []) {
      acknowledgeResource(
        this.role!,
        `${arnPrefix}:table/${opts.databaseName}/${m}__*`,
        `The daily refresh writes model ${m} as a new table per run, named by the run's time; access is scoped to that model's run tables.`,
      );
    }
    this.addEnvironment('ATHENA_RESULTS_BUCKET', opts.resultsBucket.bucketName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: [opts.resultsBucket.bucketArn, opts.dataBucket.bucketArn],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [opts.resultsBucket.arnForObjects('athena/*')],
      }),
    );
    const readPrefixes = ['canonical/*', ...(opts.modelTables?.length ? ['marts/*'] : [])];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: readPrefixes.map((p) => opts.dataBucket.arnForObjects(p)),
      }),
    );
    if (opts.modelTables?.length) {
      acknowledgeResource(
        this.role!,
        `<${logicalIdOf(opts.dataBucket)}.Arn>/marts/*`,
        'Athena reads the model tables the daily refresh writes under marts/<model>/<run id>/ on behalf of the caller; keys are generated per run.',
      );
    }
    acknowledgeResource(
      this.role!,
      `<${logicalIdOf(opts.resultsBucket)}.Arn>/athena/*`,
      'Athena names its result objects by query id; access is scoped to the athena/ prefix of the results bucket.',
    );
    acknowledgeResource(
      this.role!,
      `<${logicalIdOf(opts.dataBucket)}.Arn>/canonical/*`,
      'Athena reads the canonical Parquet objects on behalf of the caller; keys are generated per partition and batch.',
    );
    return this;
  }
}

/** The CloudFormation logical id of a bucket, as cdk-nag prints it in findings. */
export function logicalIdOf(bucket: s3.IBucket): string {
  const cfn = bucket.node.defaultChild as CfnResource;
  return Stack.of(bucket).getLogicalId(cfn);
}

/** Acknowledges one IAM5 resource wildcard on a function (its role's policy), with the reason. */
export function acknowledgeResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
}
