/** ObjectStore on S3: the same key layout as LocalStore, under an optional key prefix. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStore } from '../core/ports.js';

export interface S3StoreOptions {
  client?: S3Client;
  bucket: string;
  /** Prepended to every key, e.g. `tenant-a/`. @default '' */
  prefix?: string;
  /** Multipart part size in bytes (S3 minimum 5 MiB). @default 8 MiB */
  partSize?: number;
  /** Parts uploaded in parallel; bounds memory to about partSize × queueSize. @default 4 */
  queueSize?: number;
  /** Keys per ListObjectsV2 page. @default 1000 */
  listPageSize?: number;
}

type Body = Uint8Array | string | Readable;

export class S3Store implements ObjectStore {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(private readonly options: S3StoreOptions) {
    this.client = options.client ?? new S3Client({});
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    if (this.prefix && !this.prefix.endsWith('/'))
      throw new Error(`S3Store prefix must end with "/": "${this.prefix}"`);
  }

  private key(key: string): string {
    if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '')) {
      throw new Error(`invalid object key "${key}"`);
    }
    return this.prefix + key;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await this.upload(key, body);
  }

  /**
   * Streams a body of any size: one PutObject below the part size, a multipart upload
   * (aborted on failure, so no orphan parts) above it.
   */
  async upload(key: string, body: Body, contentType?: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.key(key), Body: body, ContentType: contentType ?? contentTypeOf(key) },
      partSize: this.options.partSize ?? 8 * 1024 * 1024,
      queueSize: this.options.queueSize ?? 4,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    return this.conditionalPut(key, body);
  }

  /** A local file streamed in one conditional PUT (up to 5 GB), never held in memory. */
  async putFileIfAbsent(key: string, path: string): Promise<boolean> {
    const { size } = await stat(path);
    return this.conditionalPut(key, createReadStream(path), size);
  }

  /** S3 conditional write: atomic, so two concurrent loads cannot both win; false when the key exists. */
  private async conditionalPut(
    key: string,
    body: Uint8Array | string | Readable,
    contentLength?: number,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          Body: body,
          ContentLength: contentLength,
          IfNoneMatch: '*',
          ContentType: contentTypeOf(key),
        }),
      );
      return true;
    } catch (err) {
      if (isPreconditionFailed(err)) return false;
      throw err;
    }
  }

  /** A local file streamed (multipart above the part size), never held in memory. */
  async putFile(key: string, path: string): Promise<void> {
    await this.upload(key, createReadStream(path));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.options.listPageSize ?? 1000 },
      { Bucket: this.bucket, Prefix: this.prefix + prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key) keys.push(object.Key.slice(this.prefix.length));
      }
    }
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
  }
}

function isPreconditionFailed(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 412 || (err as Error).name === 'PreconditionFailed';
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.jsonl.gz') || key.endsWith('.gz')) return 'application/gzip';
  if (key.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}
