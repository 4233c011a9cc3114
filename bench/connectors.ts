/**
 * The connector benchmark: one source's daily pull against its rate-limited fake with a scaled
 * data set. Loading is a counting stub (the Parquet write is the import benchmark's business),
 * so the busy time is the pull: HTTP, paging, backoff and mapping.
 */
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../functions/core/config.js';
import type { ObjectStore } from '../functions/core/ports.js';
import { StaticSecrets } from '../functions/core/secrets.js';
import { runDaily, type LoadFn } from '../functions/sources/run-sources.js';
import { startAllFakes } from '../test/fakes/all.js';
import { requestRateShare } from './metrics.js';

class MemoryStore implements ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();
  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(key, typeof body === 'string' ? Buffer.from(body) : body);
  }
  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    if (this.objects.has(key)) return false;
    await this.put(key, body);
    return true;
  }
  async putFileIfAbsent(): Promise<boolean> {
    throw new Error('not used by the connector benchmark');
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }
  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

export interface ConnectorMeasurement {
  source: string;
  requestRateShare: number | null;
  rateLimited: number;
  failedRuns: number;
  requests: number;
  busySeconds: number;
  allowedPerSecond: number | null;
  rows: number;
  retries: number;
  error?: string;
}

export async function measureConnector(
  source: string,
  options: { scale: number; spendDays: number },
): Promise<ConnectorMeasurement> {
  const fakes = await startAllFakes({ rateLimited: true, scale: options.scale });
  try {
    const fake = fakes[source as 'hubspot'];
    const block = { ...fakes.sources[source] } as Record<string, unknown>;
    if (['google_ads', 'meta', 'linkedin'].includes(source)) block.initialDays = options.spendDays;
    const config = parseConfig({ sources: { [source]: block } });
    let rows = 0;
    const load: LoadFn = async (request) => {
      let n = 0;
      for (const row of request.rows) if (row.ok) n++;
      rows += n;
      return { alreadyLoaded: false, manifest: { batchId: 'bench', rowsLoaded: n, rowsRejected: 0 } };
    };
    const t = performance.now();
    const result = await runDaily({
      store: new MemoryStore(),
      config,
      secrets: new StaticSecrets(fakes.secrets),
      date: '2026-11-16',
      now: () => new Date('2026-11-16T06:00:00Z'),
      load,
    });
    const busyMs = performance.now() - t;
    const run = result.sources[0];
    const limit = fake.rateLimit;
    return {
      source,
      requestRateShare: requestRateShare(fake.stats.requests, busyMs, limit),
      rateLimited: fake.stats.rateLimited,
      failedRuns: run?.ok ? 0 : 1,
      requests: fake.stats.requests,
      busySeconds: Math.round(busyMs / 10) / 100,
      allowedPerSecond: limit ? Math.round((limit.limit / limit.windowMs) * 1000 * 100) / 100 : null,
      rows,
      retries: run?.http?.retries ?? 0,
      ...(run?.error ? { error: run.error } : {}),
    };
  } finally {
    await fakes.stop();
  }
}
