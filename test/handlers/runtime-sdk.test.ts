import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { checkRuntimeS3Client, RuntimeSdkError } from '../../functions/handlers/runtime.js';

describe('checkRuntimeS3Client (the Lambdas use the runtime SDK)', () => {
  it('accepts the client-s3 of our lock file', () => {
    const client = new S3Client({ region: 'eu-central-1' });
    expect(checkRuntimeS3Client(client)).toBe(client);
  });

  it('fails at cold start, naming the fix, on a client-s3 older than 3.729', () => {
    const client = new S3Client({ region: 'eu-central-1' });
    // What an older client looks like: no flexible-checksum settings in its resolved config.
    delete (client.config as { requestChecksumCalculation?: unknown }).requestChecksumCalculation;
    expect(() => checkRuntimeS3Client(client)).toThrow(RuntimeSdkError);
    expect(() => checkRuntimeS3Client(client)).toThrow(/older than @aws-sdk\/client-s3 3\.729.*docs\/deploy\.md/);
  });
});
