import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../functions/core/config.js';

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
