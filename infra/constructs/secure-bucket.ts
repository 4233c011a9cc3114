/**
 * The one way this app makes a bucket: Solutions Constructs' DefaultS3Props plus TLS-only,
 * explicit SSE-S3, versioning, access logs to a dedicated log bucket and lifecycle rules.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Where server access logs go; omitted only for the log bucket itself. */
  readonly accessLogs?: s3.IBucket;
  /** Extra lifecycle rules; noncurrent-version and multipart clean-up are always added. */
  readonly lifecycleRules?: s3.LifecycleRule[];
  /** Days an overwritten or deleted version is kept. @default 90 */
  readonly noncurrentVersionDays?: number;
}

export function secureBucket(scope: Construct, id: string, props: SecureBucketProps = {}): s3.Bucket {
  const noncurrentDays = props.noncurrentVersionDays ?? 90;
  if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) {
    throw new Error(`${id}: noncurrentVersionDays must be a positive integer, got ${noncurrentDays}`);
  }
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    ...(props.accessLogs ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: `${id}/` } : {}),
    lifecycleRules: [
      ...(props.lifecycleRules ?? []),
      {
        id: 'noncurrent-versions',
        noncurrentVersionExpiration: Duration.days(noncurrentDays),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ],
  });
  return bucket;
}

/** The bucket that receives the other buckets' server access logs. */
export function accessLogBucket(scope: Construct, id: string, retentionDays: number): s3.Bucket {
  const bucket = secureBucket(scope, id, {
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(retentionDays) }],
    noncurrentVersionDays: 7,
  });
  // Server access logging must use SSE-S3 (not KMS), which secureBucket already sets.
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log destination bucket; logging it into itself would loop.',
  });
  return bucket;
}
