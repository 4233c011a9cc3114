/**
 * The one-funnel stack: data lake, Glue catalog, Athena workgroup and views, the three
 * pipeline Lambdas, their orchestration and the alarms. Everything is derived from the
 * validated deploy config and from the canonical schema and `sql/` of the core.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { configSeeds, loadModels, modelBody } from '../../functions/core/models.js';
import { TABLE_NAMES } from '../../functions/core/schema.js';
import type { DeployConfig } from '../config.js';
import { MARTS_RUN_VIEW } from '../../functions/core/marts.js';
import { AthenaViews } from '../constructs/athena-views.js';
import { AthenaWorkgroup } from '../constructs/athena-workgroup.js';
import { GlueCatalog } from '../constructs/glue-catalog.js';
import { Monitoring } from '../constructs/monitoring.js';
import { Orchestration } from '../constructs/orchestration.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';
import { METRIC, METRICS_NAMESPACE } from '../../functions/core/telemetry.js';
import { accessLogBucket, secureBucket } from '../constructs/secure-bucket.js';
import { reportQueries } from '../sql-queries.js';

export interface FunnelStackProps extends StackProps {
  readonly config: DeployConfig;
}

/** What the Lambdas read at cold start from the SSM parameter (no secrets in it). */
export interface RuntimeSettings {
  funnel: DeployConfig['funnel'];
  partitionSources: string[];
  secretsPrefix: string;
}

export class FunnelStack extends Stack {
  readonly functions: Record<'ingest' | 'refresh' | 'report' | 'rebuild', PipelineFunction>;

  constructor(scope: Construct, id: string, props: FunnelStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retention = config.logRetentionDays as logs.RetentionDays;
    const dbName = config.prefix.replaceAll('-', '_');

    // ---------- storage
    const accessLogs = accessLogBucket(this, 'AccessLogs', 365);
    const lake = secureBucket(this, 'DataLake', {
      accessLogs,
      noncurrentVersionDays: config.lake.noncurrentVersionDays,
      lifecycleRules: [
        // A dropped run's model tables are derived data, rebuilt every day: keep no old versions.
        { id: 'expire-dropped-model-tables', prefix: 'marts/', noncurrentVersionExpiration: Duration.days(1) },
        {
          id: 'archive-old-raw-exports',
          prefix: 'raw/',
          transitions: [
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(config.lake.rawArchiveAfterDays),
            },
          ],
        },
      ],
    });
    const results = secureBucket(this, 'AthenaResults', {
      accessLogs,
      noncurrentVersionDays: 1,
      lifecycleRules: [
        { id: 'expire-athena-results', prefix: 'athena/', expiration: Duration.days(config.athena.resultsExpireDays) },
      ],
    });

    // ---------- catalog, workgroup, views
    const catalog = new GlueCatalog(this, 'Catalog', {
      bucket: lake,
      databaseName: dbName,
      sources: config.partitionSources,
      dataStartDate: config.dataStartDate,
    });
    const workgroup = new AthenaWorkgroup(this, 'Athena', {
      name: config.prefix,
      resultsBucket: results,
      bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
    });
    const models = loadModels();
    const views = [...configSeeds(config.funnel), ...models.map((m) => ({ name: m.name, sql: modelBody(m) }))];
    const viewNames = views.map((v) => v.name);
    const applied = new AthenaViews(this, 'Views', {
      views,
      workgroupName: workgroup.name,
      databaseName: dbName,
      tableNames: TABLE_NAMES,
      resultsBucket: results,
      dataBucket: lake,
      logRetention: retention,
    });
    for (const table of Object.values(catalog.tables)) applied.resource.node.addDependency(table);
    applied.resource.node.addDependency(workgroup.workgroup);
    workgroup.addNamedQueries(dbName, reportQueries(models));
    Validations.of(applied.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked by CloudFormation as a custom resource: a failure fails the deployment and shows in its events.',
    });

    // ---------- secrets (values are set after deploy; see docs/deploy.md)
    const secretName = (name: string) => `${config.prefix}/${name}`;
    const sourceSecrets = config.enabledSources.map((source) => {
      const block = config.funnel.sources[source] ?? {};
      const name = typeof block.secret === 'string' ? block.secret : source;
      const secret = new secretsmanager.Secret(this, `Secret-${source}`, {
        secretName: secretName(name),
        description: `one-funnel credentials of source ${source} (JSON, see docs/deploy.md)`,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `Vendor API credentials of ${source} are issued by the vendor and cannot be rotated by a Lambda; rotate them at the vendor and update the secret.`,
      });
      return secret;
    });
    const resendSecret = new secretsmanager.Secret(this, 'Secret-resend', {
      secretName: secretName('resend'),
      description: 'one-funnel Resend API key (JSON {"apiKey": "re_…"})',
    });
    Validations.of(resendSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The Resend API key is issued in the Resend dashboard; it cannot be rotated automatically.',
    });

    const settings: RuntimeSettings = {
      funnel: config.funnel,
      partitionSources: config.partitionSources,
      secretsPrefix: config.prefix,
    };
    const settingsJson = JSON.stringify(settings);
    const parameter = new ssm.StringParameter(this, 'Settings', {
      parameterName: `/${config.prefix}/settings`,
      description: 'one-funnel runtime settings (SPEC §4 config, recipients, sources); no secrets',
      stringValue: settingsJson,
      tier: settingsJson.length > 4000 ? ssm.ParameterTier.ADVANCED : ssm.ParameterTier.STANDARD,
    });

    // ---------- functions
    const ingest = new PipelineFunction(this, 'Ingest', {
      entry: 'functions/handlers/ingest.ts',
      service: 'ingest',
      description: 'Pulls one source for one day into raw and canonical',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention: retention,
    })
      .bindBucket('DATA_BUCKET', lake, { write: ['raw/', 'canonical/', 'rejects/', 'manifests/', 'state/'] })
      .bindParameter('SETTINGS_PARAMETER', parameter);
    for (const secret of sourceSecrets) secret.grantRead(ingest);

    const athenaAccess = {
      workgroupName: workgroup.name,
      databaseName: dbName,
      tableNames: [...TABLE_NAMES, ...viewNames, MARTS_RUN_VIEW],
      modelTables: models.map((m) => m.name),
      resultsBucket: results,
      dataBucket: lake,
    };
    // The refresh writes every model as a table of a run (functions/core/marts.ts) in a workgroup
    // of its own: a CTAS names its location, which the enforced workgroup refuses (see AthenaWorkgroup).
    const buildWorkgroup = new AthenaWorkgroup(this, 'AthenaBuild', {
      name: `${config.prefix}-build`,
      resultsBucket: results,
      bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
      enforceConfiguration: false,
      description: 'one-funnel: the daily refresh builds the model tables here (CTAS to marts/ of the data lake)',
    });
    const refresh = new PipelineFunction(this, 'Refresh', {
      entry: 'functions/handlers/refresh.ts',
      service: 'refresh',
      description: 'Builds the model tables and runs the post-load checks after the daily pull',
      timeout: Duration.minutes(15),
      memorySize: 512,
      logRetention: retention,
      withSql: true,
    })
      .bindAthena({ ...athenaAccess, workgroupName: buildWorkgroup.name, ddl: [...viewNames, MARTS_RUN_VIEW] })
      // state/marts*.json: the current and an unfinished run (marts/ holds their tables' files).
      .bindBucket('DATA_BUCKET', lake, { read: ['manifests/', 'state/'], write: ['marts/', 'state/marts'] })
      .bindParameter('SETTINGS_PARAMETER', parameter);
    refresh.node.addDependency(applied.resource);

    const report = new PipelineFunction(this, 'Report', {
      entry: 'functions/handlers/report.ts',
      service: 'report',
      description: 'Builds, renders and sends the weekly funnel report',
      timeout: Duration.minutes(10),
      memorySize: 1024,
      logRetention: retention,
      withSql: true,
    })
      .bindAthena(athenaAccess)
      // rebuild/commit.json: a half-applied rebuild makes the report refuse (functions/core/rebuild.ts).
      .bindBucket('DATA_BUCKET', lake, { read: ['manifests/', 'state/', 'rebuild/commit.json'], write: ['reports/'] })
      .bindParameter('SETTINGS_PARAMETER', parameter);
    resendSecret.grantRead(report);

    // Replays the raw zone (raw objects and their pull manifests, read only) into the canonical
    // and rejects zones and the load manifests, through its own staging area (rebuild/).
    const rebuild = new PipelineFunction(this, 'Rebuild', {
      entry: 'functions/handlers/rebuild.ts',
      service: 'rebuild',
      description: 'Re-derives the canonical tables from the raw zone (one step of the Rebuild state machine)',
      timeout: Duration.minutes(15),
      memorySize: 2048,
      logRetention: retention,
    })
      .bindBucket('DATA_BUCKET', lake, {
        read: ['raw/', 'manifests/raw/'],
        write: ['canonical/', 'rejects/', 'manifests/loads/', 'rebuild/', 'state/rebuild.json'],
      })
      .bindParameter('SETTINGS_PARAMETER', parameter);

    for (const fn of [ingest, refresh, report, rebuild]) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by Step Functions, which retries and catches; a DLQ only applies to async invokes.',
      });
    }
    this.functions = { ingest, refresh, report, rebuild };

    // ---------- orchestration and monitoring
    const monitoring = new Monitoring(this, 'Monitoring', { alertEmails: config.alertEmails });
    const orchestration = new Orchestration(this, 'Orchestration', {
      ingest,
      refresh,
      report,
      rebuild,
      sources: config.enabledSources,
      alerts: monitoring.topic,
      timezone: config.schedule.timezone,
      dailyAt: config.schedule.dailyAt,
      weeklyReportDay: config.schedule.weeklyReportDay,
      weeklyReportAt: config.schedule.weeklyReportAt,
      logRetention: retention,
      deadLetterQueue: monitoring.deadLetterQueue,
      alertsKey: monitoring.key,
    });
    monitoring.watchStateMachine('DailyRun', orchestration.daily, 'daily run');
    monitoring.watchStateMachine('WeeklyReport', orchestration.weekly, 'weekly report');
    monitoring.watchStateMachine('Rebuild', orchestration.rebuild, 'rebuild from raw');
    for (const [id, fn] of Object.entries({ Ingest: ingest, Refresh: refresh, Report: report, Rebuild: rebuild })) {
      monitoring.watchFunction(id, fn);
    }
    monitoring.watchDeadLetterQueue('DeadLetters', monitoring.deadLetterQueue);
    const outputs: Record<string, [string, string]> = {
      DataLakeBucket: [lake.bucketName, 'Bucket of the raw, canonical, manifests and reports zones'],
      AthenaResultsBucket: [results.bucketName, 'Bucket of the Athena query results'],
      AthenaWorkgroup: [workgroup.name, 'Athena workgroup for analysts and the pipeline'],
      GlueDatabase: [dbName, 'Glue database of the canonical tables and reconciled views'],
      DailyStateMachineArn: [orchestration.daily.stateMachineArn, 'Daily run; input {"date":"YYYY-MM-DD"} optional'],
      WeeklyStateMachineArn: [
        orchestration.weekly.stateMachineArn,
        'Weekly report; input {"week":"YYYY-Www"} optional',
      ],
      RebuildStateMachineArn: [
        orchestration.rebuild.stateMachineArn,
        'Rebuild from raw after a rule change; input {}, {"keepMissingRaw":true} and/or {"reread":true}',
      ],
      RefreshFunctionName: [
        refresh.functionName,
        'Refresh (model tables); payload {"full":true} rebuilds them from all of history',
      ],
      AlertTopicArn: [monitoring.topic.topicArn, 'SNS topic of the alarms'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });

    monitoring.watchWeeklyReport(
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.weeklyReportSent,
        dimensionsMap: { service: 'report' },
        statistic: 'Sum',
        period: Duration.days(1),
      }),
    );
  }
}
