/** `funnel run` as a data engineer runs it: all six APIs (local fakes), then the report. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSecretName } from '../../functions/adapters/env-secrets.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { startAllFakes, type AllFakes } from '../fakes/all.js';

const exec = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'funnel.js');
let fakes: AllFakes;
let dir: string;
let env: NodeJS.ProcessEnv;

async function funnel(...args: string[]) {
  try {
    const r = await exec(
      process.execPath,
      [BIN, '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data'), ...args],
      { env, timeout: 120_000 },
    );
    return { code: 0, ...r };
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
}

beforeAll(async () => {
  fakes = await startAllFakes();
  dir = await mkdtemp(join(tmpdir(), 'run-'));
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ fxRates: { CHF: 1.05, USD: 0.92 }, sources: fakes.sources }),
  );
  env = { ...process.env };
  for (const [name, value] of Object.entries(fakes.secrets)) env[envSecretName(name)] = JSON.stringify(value);
});
afterAll(async () => fakes.stop());

describe('funnel run against the six vendor fakes', () => {
  it('pulls every source, and the report shows their data', async () => {
    const run = await funnel('run', '--date', '2026-11-23');
    expect(run.code).toBe(0);
    for (const source of ['hubspot', 'salesforce', 'pipedrive', 'google_ads', 'meta', 'linkedin']) {
      expect(run.stdout).toMatch(new RegExp(`^${source}: \\d+ rows`, 'm'));
    }
    const report = JSON.parse((await funnel('report', '--week', '2026-W44')).stdout) as FunnelReport;
    expect(report.totals.leads).toBeGreaterThan(0);
    expect(report.totals.spend).toBeGreaterThan(0);
    expect(report.dataQuality.sources.map((s) => s.source)).toEqual([
      'google_ads',
      'hubspot',
      'linkedin',
      'meta',
      'pipedrive',
      'salesforce',
    ]);
    expect(report.dataQuality.dealsMatched).toBeGreaterThan(0);
  }, 180_000);

  it('a source with a bad secret fails alone: the others load and the exit code says so', async () => {
    const broken = { ...env, [envSecretName('pipedrive')]: JSON.stringify({ apiToken: 'revoked' }) };
    const saved = env;
    env = broken;
    const run = await funnel('run', '--date', '2026-11-24');
    env = saved;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^pipedrive: FAILED: /m);
    expect(run.stdout).toMatch(/^hubspot: \d+ rows/m);
    expect(run.stderr).toBe('funnel: 1 of 6 sources failed: pipedrive\n');
  }, 180_000);
});
