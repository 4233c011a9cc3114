/**
 * The connector benchmark: one source's daily pull against its rate-limited fake with a scaled
 * data set. Loading is a counting stub (the Parquet write is the import benchmark's business),
 * so the busy time is the pull: HTTP, paging, backoff and mapping.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../functions/core/config.js';
import { StaticSecrets } from '../functions/core/secrets.js';
import { runDaily, type LoadFn } from '../functions/sources/run-sources.js';
import { startAllFakes } from '../test/fakes/all.js';
import { MemoryStore } from '../test/sources/api/helpers.js';
import { requestRateShare, type RateLimitSpec } from './metrics.js';

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

/** What the benchmark needs of the fakes, wherever they run. */
interface Fakes {
  sources: Record<string, Record<string, unknown>>;
  secrets: Record<string, Record<string, string>>;
  stats(source: string): Promise<{ requests: number; rateLimited: number; rateLimit?: RateLimitSpec }>;
  stop(): Promise<void>;
}

async function fakesInProcess(scale: number): Promise<Fakes> {
  const fakes = await startAllFakes({ rateLimited: true, scale });
  return {
    sources: fakes.sources,
    secrets: fakes.secrets,
    stats: async (source) => {
      const fake = fakes[source as 'hubspot'];
      return { ...fake.stats, rateLimit: fake.rateLimit };
    },
    stop: () => fakes.stop(),
  };
}

/** The fakes in their own process (bench/fakes-child.ts), as a vendor's servers are not ours. */
async function fakesInChild(scale: number): Promise<Fakes> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'fakes-child.ts'), [JSON.stringify({ scale })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the fakes process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const ready = await next<{ sources: Fakes['sources']; secrets: Fakes['secrets'] }>();
  return {
    sources: ready.sources,
    secrets: ready.secrets,
    stats: async (source) => {
      const answer = next<Awaited<ReturnType<Fakes['stats']>>>();
      child.send({ type: 'stats', source });
      return answer;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/**
 * One source's daily pull against its rate-limited fake. The fakes share the connector's
 * process (and event loop) by default, as in every published number; `fakesProcess` runs them
 * in a process of their own, as a vendor's servers are (on this 2-core, shared machine that
 * made no measurable difference: both processes compete for the same cores).
 */
export async function measureConnector(
  source: string,
  options: { scale: number; spendDays: number; fakesProcess?: boolean },
): Promise<ConnectorMeasurement> {
  const fakes = options.fakesProcess ? await fakesInChild(options.scale) : await fakesInProcess(options.scale);
  try {
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
    const stats = await fakes.stats(source);
    const limit = stats.rateLimit;
    return {
      source,
      requestRateShare: requestRateShare(stats.requests, busyMs, limit),
      rateLimited: stats.rateLimited,
      failedRuns: run?.ok ? 0 : 1,
      requests: stats.requests,
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
