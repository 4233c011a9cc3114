/**
 * A file format's options block in `sources` (`"salesforce-leads-csv": {…}`, as
 * docs/vendor-imports.md documents) is read by `funnel import` only: the daily run never
 * tries it as a connector, and freshness never waits for it (a held report otherwise).
 */
import { describe, expect, it } from 'vitest';
import { isFormatOptions, parseConfig } from '../../functions/core/config.js';
import { configuredSources } from '../../functions/core/freshness.js';
import { runDaily } from '../../functions/sources/run-sources.js';
import { LocalStore } from '../../functions/adapters/local-store.js';

describe('format options in sources', () => {
  const config = parseConfig({
    sources: {
      hubspot: { enabled: false },
      hubspot_eu: { type: 'hubspot', enabled: false },
      google_ads: { customerId: '123-456-7890' },
      'salesforce-leads-csv': { timezone: 'America/New_York' },
    },
  });

  it('are told apart from sources by their name', () => {
    expect(isFormatOptions('salesforce-leads-csv', {})).toBe(true);
    expect(isFormatOptions('google_ads', {})).toBe(false);
    expect(isFormatOptions('eu-hubspot', { type: 'hubspot' })).toBe(false);
  });

  it('are no source freshness waits for', () => {
    expect(configuredSources(config)).toEqual(['google_ads']);
  });

  it('are never run as a connector by the daily run', async () => {
    const result = await runDaily({
      config,
      store: new LocalStore('/nonexistent-never-written'),
      secrets: { get: async () => null } as never,
      load: async () => {
        throw new Error('nothing should load');
      },
      only: ['salesforce-leads-csv'],
      date: '2026-11-23',
    });
    expect(result.sources).toEqual([]);
  });
});
