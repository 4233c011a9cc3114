/**
 * The Rebuild Lambda in-process, on the Lambda path (HyparquetEncoder): it stops staging when
 * its time budget runs low and answers `done: false`, the next invocation resumes, and the
 * result equals a fresh load of the same raw files. Once on a LocalStore, once with the real
 * S3 adapter against a loopback S3 server: moto_server when installed, else s3rver, which keeps
 * the aws-chunked framing of streamed uploads in the object (so there raw files are put whole).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HyparquetEncoder } from '../../functions/adapters/hyparquet-encoder.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { S3Store } from '../../functions/adapters/s3-store.js';
import type { ObjectStore } from '../../functions/core/ports.js';
import { createRebuildHandler, SWITCH_RESERVE_MS } from '../../functions/handlers/rebuild.js';
import { logger } from '../../functions/handlers/runtime.js';
import { replayLoad } from '../../functions/sources/replay.js';
import { BUCKET, motoAvailable, startMoto, startS3rver, type S3Server } from '../fakes/s3-servers.js';
import { FILES_CONFIG, loadVendorFiles, oldRuleEncoder, storeSnapshot } from '../helpers/old-keys.js';

const encoder = new HyparquetEncoder();
let root: string;
let server: S3Server;
let client: S3Client;

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  root = await mkdtemp(join(tmpdir(), 'rebuild-handler-'));
  server = motoAvailable() ? await startMoto() : await startS3rver();
  client = server.client();
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

function s3Store(name: string): ObjectStore {
  const store = new S3Store({ client, bucket: BUCKET, prefix: `${name}/` });
  if (server.kind === 'moto') return store;
  return Object.assign(store, {
    putFileIfAbsent: async (key: string, path: string) => store.putIfAbsent(key, await readFile(path)),
  });
}

/** A Lambda context whose time runs low after `calls` questions (then below the switch reserve). */
function context(calls: number): { getRemainingTimeInMillis: () => number } {
  let asked = 0;
  return { getRemainingTimeInMillis: () => (asked++ < calls ? 14 * 60_000 : SWITCH_RESERVE_MS - 1) };
}

async function stepsToDone(store: ObjectStore): Promise<boolean[]> {
  const handler = createRebuildHandler(async () => ({ store, config: FILES_CONFIG, encoder, replay: replayLoad }));
  const first = await handler({}, context(1));
  const second = await handler({}, context(100));
  expect(second.summary.status).toBe('rebuilt');
  expect(second.summary.rawReplayed).toBe(2);
  return [first.done, second.done];
}

describe.each([
  ['LocalStore', (name: string): ObjectStore => new LocalStore(join(root, name))],
  ['S3Store on loopback S3', (name: string): ObjectStore => s3Store(name)],
])('Rebuild Lambda on %s', (_kind, storeNamed) => {
  it('pauses when its time runs low, resumes, and ends equal to a fresh load', async () => {
    const id = Math.random().toString(36).slice(2, 8);
    const fresh = storeNamed(`fresh-${id}`);
    await loadVendorFiles(fresh, encoder);
    const old = storeNamed(`old-${id}`);
    await loadVendorFiles(old, oldRuleEncoder(encoder));
    expect(await storeSnapshot(old)).not.toEqual(await storeSnapshot(fresh));

    expect(await stepsToDone(old)).toEqual([false, true]);

    expect(await storeSnapshot(old)).toEqual(await storeSnapshot(fresh));
    expect(await old.list('rebuild/')).toEqual([]);
    // Again: nothing to change.
    const handler = createRebuildHandler(async () => ({
      store: old,
      config: FILES_CONFIG,
      encoder,
      replay: replayLoad,
    }));
    const again = await handler({}, context(100));
    expect(again).toMatchObject({ done: true, summary: { status: 'unchanged', written: 0, deleted: 0 } });
  }, 120_000);
});
