import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PLATFORM_HOSTS,
  ConfigError,
  loadConfig,
  parseConfig,
  platformHosts,
} from '../../functions/core/config.js';
import { configSeeds } from '../../functions/core/models.js';

describe('config', () => {
  it('applies the SPEC §4 defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      reportingCurrency: 'EUR',
      timezone: 'UTC',
      followUpSlaHours: 24,
      matchLookbackDays: 180,
      attribution: 'first_touch',
    });
    expect(c.fxRates).toEqual({ EUR: 1 });
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, /timezone: must be an IANA time zone/],
    [{ fxRates: { usd: 0.9 } }, /fxRates/],
    [{ fxRates: { USD: -1 } }, /fxRates.USD: must be a positive number/],
    [{ attribution: 'linear' }, /attribution/],
    [{ followUpSlaHours: '24' }, /followUpSlaHours/],
    [{ slaHours: 24 }, /slaHours|Unrecognized/],
  ])('rejects %j with a message naming the key', (input, message) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(message);
  });

  it('names the file on unreadable or invalid JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'funnel.json');
    await writeFile(file, '{ "timezone": ');
    await expect(loadConfig(file)).rejects.toThrow(`${file}: not valid JSON`);
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/cannot read config \(ENOENT\)/);
  });
});

describe('platform hosts (SPEC §4.5c)', () => {
  it('the built-in list holds the hosts field case G4 and its kind need, as valid lower-case domains', () => {
    for (const host of ['facebook.com', 'linkedin.com', 'wixsite.com', 'sites.google.com', 'bit.ly', 'linktr.ee'])
      expect(BUILT_IN_PLATFORM_HOSTS).toContain(host);
    for (const host of BUILT_IN_PLATFORM_HOSTS) expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+){1,3}$/);
  });

  it('platformHosts adds lower-cased entries to the built-in list, without repeats', () => {
    const c = parseConfig({ platformHosts: ['Pages.Example', 'facebook.com'] });
    const hosts = platformHosts(c);
    expect(hosts).toContain('pages.example');
    expect(hosts.filter((h) => h === 'facebook.com')).toHaveLength(1);
    expect(hosts).toHaveLength(BUILT_IN_PLATFORM_HOSTS.length + 1);
  });

  it('refuses an entry that is not a domain, naming the key', () => {
    expect(() => parseConfig({ platformHosts: ['https://facebook.com/x'] })).toThrow(
      'config: platformHosts.0: must be a domain such as example.com',
    );
  });

  it('is exposed to SQL as the cfg_platform_hosts seed view', () => {
    const seed = configSeeds(parseConfig({})).find((s) => s.name === 'cfg_platform_hosts');
    expect(seed?.sql).toContain("(cast('wixsite.com' as varchar))");
  });
});
