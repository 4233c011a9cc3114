/**
 * What every handler shares: Powertools (logger, metrics, tracer), the env var check at
 * cold start (names only: bucket, workgroup, parameter), the runtime settings from SSM and
 * the AWS adapters. Handlers take these as a `deps` promise so tests pass local adapters.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { S3Store } from '../adapters/s3-store.js';
import { parseConfig, type Config } from '../core/config.js';
import type { Log } from '../core/log.js';

export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/** Powertools' Logger as the adapters' Log. */
export const log: Log = {
  debug: (message, extra) => logger.debug(message, extra ?? {}),
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
};

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Reads required environment variables; one clear error names every missing one. */
export function getEnv<K extends string>(names: readonly K[], env: NodeJS.ProcessEnv = process.env): Record<K, string> {
  const missing = names.filter((n) => !env[n]);
  if (missing.length > 0) throw new EnvError(`missing environment variables: ${missing.join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, env[n] as string])) as Record<K, string>;
}

export class RuntimeSdkError extends Error {
  override name = 'RuntimeSdkError';
}

/**
 * The Lambdas use the AWS SDK of the Lambda runtime (docs/deploy.md §7), which can be older
 * than our lock file. What we need from S3 came late: the conditional write of the sent marker
 * (`IfNoneMatch`, without which an older client silently drops the condition) and the bundled
 * `@aws-sdk/lib-storage`, which calls `config.requestChecksumCalculation()` (client-s3 3.729,
 * January 2025; both features are in it). A runtime with an older SDK fails here at cold start,
 * loudly, instead of sending a report twice or failing only on a large upload.
 */
export function checkRuntimeS3Client<T extends S3Client>(client: T): T {
  const config = client.config as { requestChecksumCalculation?: unknown };
  if (typeof config.requestChecksumCalculation !== 'function') {
    throw new RuntimeSdkError(
      'the AWS SDK of this Lambda runtime is older than @aws-sdk/client-s3 3.729: bundle the SDK instead (docs/deploy.md, section 7)',
    );
  }
  return client;
}

/** The data lake bucket as the handlers' ObjectStore: a traced S3 client, its SDK checked at cold start. */
export function dataLakeStore(bucket: string): S3Store {
  return new S3Store({ client: tracer.captureAWSv3Client(checkRuntimeS3Client(new S3Client({}))), bucket });
}

/** The SSM settings parameter (infra/stacks/funnel-stack.ts RuntimeSettings). */
export interface Settings {
  config: Config;
  partitionSources: string[];
  secretsPrefix: string;
}

export function parseSettings(text: string, where: string): Settings {
  let json: { funnel?: unknown; partitionSources?: unknown; secretsPrefix?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
  }
  const partitionSources = Array.isArray(json.partitionSources) ? json.partitionSources.map(String) : [];
  if (typeof json.secretsPrefix !== 'string') throw new Error(`${where}: secretsPrefix: missing`);
  return { config: parseConfig(json.funnel, `${where}: funnel`), partitionSources, secretsPrefix: json.secretsPrefix };
}

export async function loadSettings(parameterName: string, client = new SSMClient({})): Promise<Settings> {
  const out = await client.send(new GetParameterCommand({ Name: parameterName }));
  const text = out.Parameter?.Value;
  if (!text) throw new Error(`SSM parameter ${parameterName} is empty`);
  return parseSettings(text, `SSM parameter ${parameterName}`);
}

/** Memoizes a cold-start initializer, retrying it after a failure. */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= init().catch((err: unknown) => {
      value = undefined;
      throw err;
    });
    return value;
  };
}

/** Runs a handler body with the Lambda context in logs and metrics flushed at the end. */
export async function instrumented<T>(context: object | undefined, body: () => Promise<T>): Promise<T> {
  if (context && 'awsRequestId' in context) logger.addContext(context as Parameters<typeof logger.addContext>[0]);
  try {
    return await body();
  } catch (err) {
    // The error name and message only: our messages name files, fields and ids, never values.
    logger.error('handler failed', { error: { name: (err as Error).name, message: (err as Error).message } });
    throw err;
  } finally {
    metrics.publishStoredMetrics();
  }
}
