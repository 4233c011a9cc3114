/**
 * Step Functions for the daily run (a Map over the enabled sources, each with its own retry
 * and catch, then the refresh), for the weekly report and for a rebuild from raw (started by
 * hand after a rule change); EventBridge Scheduler starts them
 * in the configured time zone, with a retry policy and an encrypted, TLS-only DLQ.
 */
import { CfnResource, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface OrchestrationProps {
  readonly ingest: lambda.IFunction;
  readonly refresh: lambda.IFunction;
  readonly report: lambda.IFunction;
  /** The rebuild step (functions/handlers/rebuild.ts); its state machine is started by hand, never scheduled. */
  readonly rebuild: lambda.IFunction;
  readonly sources: readonly string[];
  readonly alerts: sns.ITopic;
  readonly timezone: string;
  readonly dailyAt: string;
  readonly weeklyReportDay: string;
  readonly weeklyReportAt: string;
  readonly logRetention: logs.RetentionDays;
  /** Encrypted, TLS-only queue for events the scheduler could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The alert topic's KMS key (publishing needs it). */
  readonly alertsKey: kms.IKey;
  /** Sources pulled at once. @default 4 */
  readonly maxConcurrency?: number;
}

/** Errors worth retrying: Lambda service hiccups, throttles, and a handler's own failure. */
const RETRYABLE = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'States.TaskFailed',
];

function retry(task: tasks.LambdaInvoke, maxAttempts: number, interval: Duration): tasks.LambdaInvoke {
  task.addRetry({
    errors: RETRYABLE,
    interval,
    maxAttempts,
    backoffRate: 2,
    maxDelay: Duration.minutes(10),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

/**
 * Another refresh holds the model tables (functions/core/marts.ts `MartsBusy`): wait for it,
 * every 2 minutes for up to 20, the time a refresh Lambda can run.
 */
function waitWhileBusy(task: tasks.LambdaInvoke): void {
  task.addRetry({ errors: ['MartsBusy'], interval: Duration.minutes(2), maxAttempts: 10, backoffRate: 1 });
}

export class Orchestration extends Construct {
  readonly daily: sfn.StateMachine;
  readonly weekly: sfn.StateMachine;
  readonly rebuild: sfn.StateMachine;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: OrchestrationProps) {
    super(scope, id);

    // ---------- daily: pull every source, then refresh
    const notifyDaily = this.notifyAndFail(props, 'Daily', 'one-funnel: daily run failed', 'DailyRunFailed');

    const ingest = retry(
      new tasks.LambdaInvoke(this, 'IngestSource', {
        lambdaFunction: props.ingest,
        payload: sfn.TaskInput.fromObject({
          source: sfn.JsonPath.stringAt('$.source'),
          date: sfn.JsonPath.stringAt('$.date'),
        }),
        retryOnServiceExceptions: false,
        payloadResponseOnly: true,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
      }),
      3,
      Duration.seconds(30),
    );
    // One source failing never stops the others: record it and let refresh decide.
    ingest.addCatch(
      new sfn.Pass(this, 'SourceFailed', {
        parameters: {
          'source.$': '$.source',
          ok: false,
          'error.$': '$.error.Error',
          'cause.$': '$.error.Cause',
        },
      }),
      { errors: ['States.ALL'], resultPath: '$.error' },
    );
    const perSource = new sfn.Map(this, 'EachSource', {
      itemsPath: '$.sources',
      maxConcurrency: props.maxConcurrency ?? 4,
      itemSelector: { 'source.$': '$$.Map.Item.Value', 'date.$': '$.date' },
      resultPath: '$.results',
    });
    perSource.itemProcessor(ingest);

    const refreshTask = new tasks.LambdaInvoke(this, 'Refresh', {
      lambdaFunction: props.refresh,
      payload: sfn.TaskInput.fromObject({
        date: sfn.JsonPath.stringAt('$.date'),
        results: sfn.JsonPath.listAt('$.results'),
      }),
      retryOnServiceExceptions: false,
      payloadResponseOnly: true,
      resultPath: '$.refresh',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
    });
    // A failed post-load check is a finding, not a fault: the tables are built, rebuilding them cannot help.
    refreshTask.addRetry({ errors: ['PostLoadCheckFailed'], maxAttempts: 0 });
    waitWhileBusy(refreshTask);
    const refresh = retry(refreshTask, 2, Duration.seconds(20));
    refresh.addCatch(notifyDaily, { errors: ['States.ALL'], resultPath: '$.error' });

    const plan = (name: string, date: string) =>
      new sfn.Pass(this, name, {
        parameters: { 'date.$': date, sources: [...props.sources] },
      });
    const dailyDefinition = new sfn.Choice(this, 'DateGiven')
      .when(sfn.Condition.isPresent('$.date'), plan('PlanGivenDate', '$.date').next(perSource))
      .otherwise(plan('PlanToday', '$$.Execution.StartTime').next(perSource));
    perSource.next(refresh);

    this.daily = this.stateMachine('Daily', dailyDefinition, Duration.hours(2), props, [props.ingest, props.refresh]);

    // ---------- weekly: build and send the report
    const notifyWeekly = this.notifyAndFail(props, 'Weekly', 'one-funnel: weekly report failed', 'WeeklyReportFailed');
    const report = retry(
      new tasks.LambdaInvoke(this, 'BuildAndSendReport', {
        lambdaFunction: props.report,
        payload: sfn.TaskInput.fromObject({ 'week.$': '$.week' }),
        retryOnServiceExceptions: false,
        payloadResponseOnly: true,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(10)),
      }),
      3,
      Duration.minutes(1),
    );
    report.addCatch(notifyWeekly, { errors: ['States.ALL'], resultPath: '$.error' });
    // The report reads the model tables of the last refresh: loads since (a late pull, an import,
    // a rebuild) are built in first, or the report would miss them (it refuses while they are).
    const refreshIfStaleTask = new tasks.LambdaInvoke(this, 'RefreshIfStale', {
      lambdaFunction: props.refresh,
      payload: sfn.TaskInput.fromObject({ onlyIfStale: true }),
      retryOnServiceExceptions: false,
      payloadResponseOnly: true,
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
    });
    waitWhileBusy(refreshIfStaleTask);
    const refreshIfStale = retry(refreshIfStaleTask, 2, Duration.seconds(20));
    refreshIfStale.addCatch(notifyWeekly, { errors: ['States.ALL'], resultPath: '$.error' });
    refreshIfStale.next(report);
    const weeklyDefinition = new sfn.Choice(this, 'WeekGiven')
      .when(sfn.Condition.isPresent('$.week'), refreshIfStale)
      .otherwise(new sfn.Pass(this, 'LastFullWeek', { parameters: { week: null } }).next(refreshIfStale));
    this.weekly = this.stateMachine('Weekly', weeklyDefinition, Duration.hours(1), props, [
      props.report,
      props.refresh,
    ]);

    // ---------- rebuild: replay the raw zone into the canonical tables, step by step
    // Each step stages loads until its time budget is nearly spent and answers `done: false`;
    // the loop calls it again and it resumes. A refusal (RebuildError: raw missing, a load that
    // cannot be replayed) is final: retrying cannot help, a person must act on its message.
    const notifyRebuild = this.notifyAndFail(props, 'Rebuild', 'one-funnel: rebuild failed', 'RebuildFailed');
    const rebuildStep = new tasks.LambdaInvoke(this, 'RebuildStep', {
      lambdaFunction: props.rebuild,
      payload: sfn.TaskInput.fromObject({ 'keepMissingRaw.$': '$.keepMissingRaw', 'reread.$': '$.reread' }),
      retryOnServiceExceptions: false,
      payloadResponseOnly: true,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
    });
    rebuildStep.addRetry({ errors: ['RebuildError'], maxAttempts: 0 });
    retry(rebuildStep, 3, Duration.seconds(30));
    rebuildStep.addCatch(notifyRebuild, { errors: ['States.ALL'], resultPath: '$.error' });
    rebuildStep.next(
      new sfn.Choice(this, 'RebuildDone')
        .when(sfn.Condition.booleanEquals('$.done', true), new sfn.Succeed(this, 'Rebuilt'))
        .otherwise(rebuildStep),
    );
    // Each flag absent from the input defaults to false, set in place so the other is kept:
    // `{}`, `{"keepMissingRaw":true}`, `{"reread":true}` or both.
    const rereadGiven = new sfn.Choice(this, 'RereadGiven')
      .when(sfn.Condition.isPresent('$.reread'), rebuildStep)
      .otherwise(
        new sfn.Pass(this, 'RefuseReread', { result: sfn.Result.fromBoolean(false), resultPath: '$.reread' }).next(
          rebuildStep,
        ),
      );
    const rebuildDefinition = new sfn.Choice(this, 'KeepMissingRawGiven')
      .when(sfn.Condition.isPresent('$.keepMissingRaw'), rereadGiven)
      .otherwise(
        new sfn.Pass(this, 'RefuseMissingRaw', {
          result: sfn.Result.fromBoolean(false),
          resultPath: '$.keepMissingRaw',
        }).next(rereadGiven),
      );
    this.rebuild = this.stateMachine('Rebuild', rebuildDefinition, Duration.hours(12), props, [props.rebuild]);

    // ---------- schedules
    // `05:30` → minute 30, hour 5 (cron fields without leading zeros).
    const [dailyHour, dailyMinute] = props.dailyAt.split(':').map((n) => String(Number(n)));
    const [weeklyHour, weeklyMinute] = props.weeklyReportAt.split(':').map((n) => String(Number(n)));
    const tz = TimeZone.of(props.timezone);
    const targetProps = {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 10,
      maxEventAge: Duration.hours(6),
    };
    this.schedules.push(
      new scheduler.Schedule(this, 'DailySchedule', {
        description: `one-funnel daily run at ${props.dailyAt} ${props.timezone}`,
        schedule: scheduler.ScheduleExpression.cron({ minute: dailyMinute, hour: dailyHour, timeZone: tz }),
        target: new targets.StepFunctionsStartExecution(this.daily, {
          ...targetProps,
          input: scheduler.ScheduleTargetInput.fromObject({}),
        }),
      }),
      new scheduler.Schedule(this, 'WeeklySchedule', {
        description: `one-funnel weekly report on ${props.weeklyReportDay} ${props.weeklyReportAt} ${props.timezone}`,
        schedule: scheduler.ScheduleExpression.cron({
          minute: weeklyMinute,
          hour: weeklyHour,
          weekDay: props.weeklyReportDay,
          timeZone: tz,
        }),
        target: new targets.StepFunctionsStartExecution(this.weekly, {
          ...targetProps,
          input: scheduler.ScheduleTargetInput.fromObject({}),
        }),
      }),
    );
  }

  /** Publishes the failed state's error and cause to the alert topic, then fails the execution. */
  private notifyAndFail(props: OrchestrationProps, id: string, subject: string, failure: string): sfn.IChainable {
    return new tasks.SnsPublish(this, `Notify${id}Failure`, {
      topic: props.alerts,
      subject,
      message: sfn.TaskInput.fromObject({
        stateMachine: sfn.JsonPath.stateMachineName,
        execution: sfn.JsonPath.executionName,
        error: sfn.JsonPath.stringAt('$.error.Error'),
        cause: sfn.JsonPath.stringAt('$.error.Cause'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    }).next(new sfn.Fail(this, failure, { error: failure, cause: 'see the failed state' }));
  }

  private stateMachine(
    id: string,
    definition: sfn.IChainable,
    timeout: Duration,
    props: OrchestrationProps,
    invoked: lambda.IFunction[],
  ): sfn.StateMachine {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const machine = new sfn.StateMachine(this, id, {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    Validations.of(machine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs delivery (logs:CreateLogDelivery, …) and X-Ray (PutTraceSegments) for Step Functions support no resource-level permissions.',
    });
    // Publishing to the encrypted alert topic: exactly the two KMS actions SNS needs.
    props.alertsKey.grant(machine, 'kms:Decrypt', 'kms:GenerateDataKey');
    for (const fn of invoked) {
      Validations.of(machine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnResource)}.Arn>:*]`,
        reason:
          'LambdaInvoke grants the function and its versions/aliases (ARN:*); the grant stays on this one function.',
      });
    }
    return machine;
  }
}
