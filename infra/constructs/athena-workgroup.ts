/**
 * The analysts' and the pipeline's Athena workgroup: engine v3, configuration enforced (so
 * no client can send results elsewhere or unencrypted), SSE-S3 results, a per-query scan
 * cutoff and CloudWatch metrics; plus one named query per SQL model for analysts.
 */
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AthenaWorkgroupProps {
  readonly name: string;
  readonly resultsBucket: s3.IBucket;
  readonly bytesScannedCutoffPerQuery: number;
}

export class AthenaWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    if (props.bytesScannedCutoffPerQuery < 10_000_000) {
      throw new Error(`AthenaWorkgroup: bytesScannedCutoffPerQuery must be at least 10000000 (Athena minimum)`);
    }
    this.name = props.name;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.name,
      description: 'one-funnel: canonical tables, reconciled views and the weekly report queries',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: props.resultsBucket.s3UrlForObject('athena/'),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }

  /** Saved queries analysts find in the console under this workgroup. */
  addNamedQueries(database: string, queries: readonly { name: string; description: string; sql: string }[]): void {
    for (const q of queries) {
      const named = new athena.CfnNamedQuery(this, `Query-${q.name}`, {
        name: q.name,
        description: q.description.slice(0, 1024),
        database,
        workGroup: this.name,
        queryString: q.sql,
      });
      named.node.addDependency(this.workgroup);
    }
  }
}
