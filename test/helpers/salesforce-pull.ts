/**
 * One daily pull of a SalesforceFake org into a fresh store, then the report of 2026-W47 in
 * Berlin (clock 24 Nov 06:00 UTC, report built 30 Nov): the API-connector side of the label
 * rules (activity types, lead statuses), shared by the tests that compare settings.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config } from '../../functions/core/config.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { StaticSecrets } from '../../functions/core/secrets.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { runDaily } from '../../functions/sources/run-sources.js';
import type { SalesforceFake } from '../fakes/salesforce.js';
import { VirtualClock } from '../fakes/server.js';

/** The org's zone and the report's. */
export const SALESFORCE_PULL_ZONE = 'Europe/Berlin';

/**
 * Pulls `fake` once with `salesforce` as the connector's settings (beside its baseUrl) into a
 * new directory (pushed to `dirs`, for the caller to remove), asserts the pull did not fail, and
 * returns the W47 report.
 */
export async function pullAndReportW47(
  fake: SalesforceFake,
  encoder: DuckDBParquetEncoder,
  dirs: string[],
  salesforce: Record<string, unknown>,
): Promise<FunnelReport> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-pull-'));
  dirs.push(dir);
  const config: Config = parseConfig({
    reportingCurrency: 'EUR',
    fxRates: { USD: 0.92 },
    timezone: SALESFORCE_PULL_ZONE,
    sources: { salesforce: { baseUrl: fake.baseUrl, ...salesforce } },
  });
  const clock = new VirtualClock(Date.parse('2026-11-24T06:00:00Z'));
  fake.now = clock.now;
  const store = new LocalStore(join(dir, 'data'));
  const result = await runDaily({
    store,
    config,
    secrets: new StaticSecrets({ salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } }),
    date: '2026-11-24',
    encoder,
    now: () => new Date(clock.now()),
    http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
  });
  expect(result.sources.map((s) => s.error)).toEqual([undefined]);
  const engine = await openLocalWarehouse(join(dir, 'data'), config);
  try {
    return await buildReport({ engine, store, config }, parseWeek('2026-W47', config.timezone), {
      now: new Date('2026-11-30T12:00:00Z'),
    });
  } finally {
    await engine.close();
  }
}
