import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { EnvSecrets, envSecretName } from '../../../functions/adapters/env-secrets.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { healthKey, runDaily, type SourceHealthState } from '../../../functions/sources/run-sources.js';
import { startAllFakes, type AllFakes } from '../../fakes/all.js';
import { VirtualClock } from '../../fakes/server.js';
import { testConfig } from './helpers.js';

let fakes: AllFakes;
let dir: string;
let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  fakes = await startAllFakes();
  encoder = await DuckDBParquetEncoder.create();
  dir = await mkdtemp(join(tmpdir(), 'funnel-sources-'));
});
afterAll(async () => {
  await encoder.close();
  await fakes.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('runDaily over all six APIs with the real loader', () => {
  it('loads every source into canonical Parquet; one failing source does not stop the others', async () => {
    const store = new LocalStore(dir);
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(fakes.secrets)) env[envSecretName(name)] = JSON.stringify(value);
    env[envSecretName('pipedrive')] = JSON.stringify({ apiToken: 'revoked' }); // this one fails
    const config = testConfig(fakes.sources);
    const clock = new VirtualClock(Date.parse('2026-11-16T06:00:00Z'));
    const result = await runDaily({
      store,
      config,
      secrets: new EnvSecrets(env),
      date: '2026-11-16',
      now: () => new Date(clock.now()),
      http: { sleep: clock.sleep, now: clock.now },
      encoder,
    });
    const bySource = Object.fromEntries(result.sources.map((s) => [s.source, s]));
    expect(Object.keys(bySource)).toEqual(['hubspot', 'salesforce', 'pipedrive', 'google_ads', 'meta', 'linkedin']);
    for (const name of ['hubspot', 'salesforce', 'google_ads', 'meta', 'linkedin']) {
      expect(bySource[name]?.error, name).toBeUndefined();
      expect(bySource[name]?.rows, name).toBeGreaterThan(0);
      expect(
        bySource[name]?.entities.every((e) => e.rowsRejected === 0),
        name,
      ).toBe(true);
    }
    expect(bySource.pipedrive?.ok).toBe(false);
    expect(bySource.pipedrive?.error).toMatch(/^pipedrive: persons: pipedrive: GET \/api\/v2\/persons → HTTP 401/);
    const health = JSON.parse(
      Buffer.from((await store.get(healthKey('pipedrive'))) ?? new Uint8Array()).toString(),
    ) as SourceHealthState;
    expect(health).toMatchObject({ ok: false, lastSuccessAt: null });
    expect(health.error).not.toContain('revoked');
    const hsHealth = JSON.parse(
      Buffer.from((await store.get(healthKey('hubspot'))) ?? new Uint8Array()).toString(),
    ) as SourceHealthState;
    expect(hsHealth).toMatchObject({ ok: true, lastSuccessAt: '2026-11-16T06:00:00.000Z' });

    const engine = await openLocalWarehouse(dir, config);
    try {
      const counts = await engine.query(
        "select source, count(*) as n from leads group by source union all select 'deals:' || source, count(*) from deals group by source union all select 'spend:' || source, count(*) from spend group by source order by 1",
      );
      const n = Object.fromEntries(counts.map((r) => [String(r.source), Number(r.n)]));
      expect(n.hubspot).toBe(fakes.hubspot.objects.contacts.size);
      expect(n.salesforce).toBe(fakes.salesforce.data.Lead.length);
      expect(n['deals:salesforce']).toBe(fakes.salesforce.data.Opportunity.length);
      expect(n['spend:google_ads']).toBeGreaterThan(0);
      expect(n['spend:meta']).toBeGreaterThan(0);
      expect(n['spend:linkedin']).toBeGreaterThan(0);
      const keys = await engine.query(
        "select count(*) as n from leads where source = 'hubspot' and email is not null and email_key is null",
      );
      expect(Number(keys[0]?.n)).toBe(0); // the loader derived email keys
    } finally {
      await engine.close();
    }
  }, 120_000);
});
