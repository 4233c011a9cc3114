import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeployConfigError, loadDeployConfig, parseDeployConfig } from '../../infra/config.js';

const where = 'cdk.json context "oneFunnel"';
const dir = await mkdtemp(join(tmpdir(), 'deploy-config-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('deploy config', () => {
  it('fills defaults and derives the enabled and partition sources', () => {
    const config = parseDeployConfig(
      { funnel: { timezone: 'Europe/Zurich', sources: { hubspot: {}, pipedrive: { enabled: false } } } },
      where,
    );
    expect(config.schedule).toEqual({
      timezone: 'Europe/Zurich',
      dailyAt: '05:30',
      weeklyReportDay: 'MON',
      weeklyReportAt: '07:00',
    });
    expect(config.enabledSources).toEqual(['hubspot']);
    expect(config.partitionSources).toEqual(['csv', 'hubspot']);
    expect(config.funnel.fxRates).toEqual({ EUR: 1 });
    expect(config.athena.bytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
  });

  it.each([
    [{ schedule: { dailyAt: '25:00' } }, `${where}: schedule.dailyAt: must be a time HH:MM (24 h), e.g. 06:30`],
    [
      { schedule: { timezone: 'Mars/Olympus' } },
      `${where}: schedule.timezone: must be an IANA time zone such as Europe/Zurich`,
    ],
    [{ alertEmails: ['not-an-email'] }, `${where}: alertEmails.0: must be an email address`],
    [{ schedule: { weeklyReportDay: 'MONDAY' } }, `${where}: schedule.weeklyReportDay:`],
    [{ athena: { bytesScannedCutoffPerQuery: 1000 } }, `${where}: athena.bytesScannedCutoffPerQuery: must be at least`],
    [{ logRetentionDays: 42 }, `${where}: logRetentionDays: must be one of 1, 3, 5`],
    [{ importSources: ['CSV files'] }, `${where}: importSources.0: must be a lower-case source name`],
    [{ funnel: { followUpSlaHours: -1 } }, `${where}: funnel: followUpSlaHours:`],
    [
      { funnel: { sources: { 'Hub Spot': {} } } },
      `${where}: funnel: sources.Hub Spot: unknown source type "Hub Spot"; did you mean "hubspot"?`,
    ],
    [{ bogus: true }, `${where}: (root): Unrecognized key: "bogus"`],
    // A misspelt source stops the synth, not the first scheduled run.
    [
      { funnel: { sources: { hubspt: {} } } },
      `${where}: funnel: sources.hubspt: unknown source type "hubspt"; did you mean "hubspot"?`,
    ],
    [{ funnel: { fxRate: {} } }, `${where}: funnel: fxRate: unknown key; did you mean "fxRates"?`],
  ])('rejects %j with one line naming the field', (input, message) => {
    let error: unknown;
    try {
      parseDeployConfig(input, where);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads -c configFile=… and names the file in errors', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ prefix: 'acme-funnel', funnel: { sources: { hubspot: {} } } }));
    const ctx = (file: string) => (key: string) => (key === 'configFile' ? file : undefined);
    expect(loadDeployConfig(ctx(good)).prefix).toBe('acme-funnel');

    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"schedule": {"dailyAt": "6am"}}');
    expect(() => loadDeployConfig(ctx(bad))).toThrow(`${bad}: schedule.dailyAt: must be a time HH:MM`);
    await writeFile(bad, '{ not json');
    expect(() => loadDeployConfig(ctx(bad))).toThrow(DeployConfigError);
    expect(() => loadDeployConfig(ctx(join(dir, 'missing.json')))).toThrow(
      /missing\.json: cannot read the deploy config \(ENOENT\)/,
    );
  });
});
