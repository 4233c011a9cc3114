/**
 * Applies the reconciled views of `sql/` (config seeds, then the models in dependency order)
 * through Athena at deploy: a custom resource whose properties carry the view bodies, so a
 * change to any SQL file or to the SPEC §4 config updates it. `create or replace view` makes
 * every run idempotent; delete drops the views in reverse order.
 */
import { CustomResource, Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { PipelineFunction } from './pipeline-function.js';

export interface ViewDefinition {
  readonly name: string;
  readonly sql: string;
}

export interface AthenaViewsProps {
  readonly views: readonly ViewDefinition[];
  readonly workgroupName: string;
  readonly databaseName: string;
  /** Canonical tables the views read (for the Glue grants). */
  readonly tableNames: readonly string[];
  readonly resultsBucket: s3.IBucket;
  readonly dataBucket: s3.IBucket;
  readonly logRetention: logs.RetentionDays;
}

export class AthenaViews extends Construct {
  readonly function: PipelineFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: AthenaViewsProps) {
    super(scope, id);
    const names = props.views.map((v) => v.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`AthenaViews: view "${dup}" is defined twice`);
    const bad = names.find((n) => !/^[a-z][a-z0-9_]*$/.test(n));
    if (bad) throw new Error(`AthenaViews: "${bad}" is not a valid view name (lower-case, digits, _)`);

    this.function = new PipelineFunction(this, 'Apply', {
      entry: 'functions/handlers/apply-views.ts',
      service: 'apply-views',
      description: 'Custom resource: applies the sql/ views through Athena',
      timeout: Duration.minutes(10),
      memorySize: 256,
      logRetention: props.logRetention,
    }).bindAthena({
      workgroupName: props.workgroupName,
      databaseName: props.databaseName,
      tableNames: [...props.tableNames, ...names],
      resultsBucket: props.resultsBucket,
      dataBucket: props.dataBucket,
      ddl: names,
    });

    const digest = createHash('sha256').update(JSON.stringify(props.views)).digest('hex').slice(0, 16);
    this.resource = new CustomResource(this, 'Views', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::AthenaViews',
      properties: {
        Database: props.databaseName,
        WorkGroup: props.workgroupName,
        Digest: digest,
        Views: props.views.map((v) => ({ Name: v.name, Sql: v.sql })),
      },
    });
  }
}
