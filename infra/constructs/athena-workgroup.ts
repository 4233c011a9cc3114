/**
 * An Athena workgroup: engine v3, SSE-S3 results, a per-query scan cutoff and CloudWatch
 * metrics; plus one named query per SQL model for analysts.
 *
 * Two are deployed: the analysts' and the pipeline's, configuration enforced (no client can
 * send results elsewhere or unencrypted), and the refresh's build workgroup, not enforced:
 * Athena refuses a CTAS with `external_location` in a workgroup that enforces its result
 * location (https://docs.aws.amazon.com/athena/latest/ug/workgroups-troubleshooting.html), and
 * without one it writes the table under the results prefix, which expires. Only the refresh
 * role may use the build workgroup; its own settings send the results, encrypted, to the same
 * results bucket (the client sets none).
 */
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AthenaWorkgroupProps {
  readonly name: string;
  readonly resultsBucket: s3.IBucket;
  readonly bytesScannedCutoffPerQuery: number;
  /** Enforce the workgroup's configuration on every client. @default true */
  readonly enforceConfiguration?: boolean;
  /** @default the analysts' description */
  readonly description?: string;
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
      description: props.description ?? 'one-funnel: canonical tables, reconciled views and the weekly report queries',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: props.enforceConfiguration ?? true,
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
