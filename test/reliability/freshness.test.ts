/**
 * Freshness before the email: stale sources are flagged in the data-health footer; past the
 * hold limit nothing is sent and the alert names the source, its age and the limit.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { ConfigError, parseConfig } from '../../functions/core/config.js';
import {
  assessFreshness,
  configuredSources,
  FreshnessHold,
  lastSuccessfulLoads,
  shouldHold,
} from '../../functions/core/freshness.js';
import { healthKey } from '../../functions/sources/run-sources.js';
import { csv, Pipeline } from './pipeline.js';
import { reliabilityCase } from './tally.js';

const NOW = new Date('2026-11-23T08:00:00Z');
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const config = parseConfig({});

let encoder: DuckDBParquetEncoder;
beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await encoder.close();
});

describe('freshness', () => {
  reliabilityCase('freshness', 'fresh, stale and held sources are told apart at the exact limits', () => {
    const f = assessFreshness(
      [
        { source: 'hubspot', lastLoadedAt: hoursAgo(2) },
        { source: 'google_ads', lastLoadedAt: hoursAgo(36) }, // exactly at the limit: still fresh
        { source: 'meta', lastLoadedAt: hoursAgo(36.5) },
        { source: 'pipedrive', lastLoadedAt: hoursAgo(72) },
      ],
      NOW,
      config,
    );
    expect(f.sources.map((s) => [s.source, s.status, s.ageHours])).toEqual([
      ['google_ads', 'fresh', 36],
      ['hubspot', 'fresh', 2],
      ['meta', 'stale', 36],
      ['pipedrive', 'stale', 72],
    ]);
    expect(f.hold).toBe(false);
    expect(shouldHold(f)).toEqual({ hold: false, message: null });
    expect(f.footer).toEqual([
      'Stale: meta last loaded 36 h ago (expected within 36 h)',
      'Stale: pipedrive last loaded 72 h ago (expected within 36 h)',
    ]);
  });

  reliabilityCase('freshness', 'past holdAfterHours the report is held with a one-line alert', () => {
    const f = assessFreshness(
      [
        { source: 'salesforce', lastLoadedAt: hoursAgo(80) },
        { source: 'hubspot', lastLoadedAt: hoursAgo(1) },
        { source: 'linkedin', lastLoadedAt: null },
      ],
      NOW,
      config,
    );
    expect(shouldHold(f)).toEqual({
      hold: true,
      message: 'holding the report: linkedin never loaded, salesforce last loaded 80 h ago (limit 72 h)',
    });
    const custom = assessFreshness([{ source: 'salesforce', lastLoadedAt: hoursAgo(80) }], NOW, {
      staleAfterHours: 24,
      holdAfterHours: 96,
    });
    expect(custom.hold).toBe(false);
    expect(custom.stale).toEqual(['salesforce']);
    expect(() => parseConfig({ staleAfterHours: 48, holdAfterHours: 24 })).toThrow(ConfigError);
    expect(parseConfig({}).holdAfterHours).toBe(72);
  });

  reliabilityCase('freshness', 'last successful load comes from manifests and quiet-day health files', async () => {
    const p = await Pipeline.create(encoder);
    try {
      await p.import({
        name: 'leads.csv',
        format: 'canonical-leads',
        bytes: csv(['lead_id', 'source', 'created_at'], [['L1', 'hubspot', '2026-11-17T09:00:00Z']]),
      });
      // A quiet API day writes no manifest, but the run succeeded; a failing source keeps its last success.
      await p.local.put(
        healthKey('hubspot'),
        JSON.stringify({ source: 'hubspot', ok: true, lastSuccessAt: '2026-11-23T07:00:00.000Z' }),
      );
      await p.local.put(
        healthKey('salesforce'),
        JSON.stringify({ source: 'salesforce', ok: false, lastSuccessAt: '2026-11-19T06:00:00.000Z' }),
      );
      await p.local.put(healthKey('broken'), '{not json');
      const loads = await lastSuccessfulLoads(p.store, ['pipedrive']);
      expect(Object.fromEntries(loads.map((l) => [l.source, l.lastLoadedAt]))).toEqual({
        hubspot: '2026-11-23T07:00:00.000Z',
        salesforce: '2026-11-19T06:00:00.000Z',
        pipedrive: null,
      });
      expect(configuredSources(parseConfig({ sources: { b: {}, a: {}, off: { enabled: false } } }))).toEqual([
        'a',
        'b',
      ]);
    } finally {
      await p.close();
    }
  });

  reliabilityCase('freshness', 'the send path: stale is flagged in the email footer, held sends nothing', async () => {
    const p = await Pipeline.create(encoder);
    try {
      await p.import({
        name: 'leads.csv',
        format: 'canonical-leads',
        bytes: csv(['lead_id', 'source', 'created_at'], [['L1', 'hubspot', '2026-11-17T09:00:00Z']]),
      });
      const report = (await p.report()).report!;
      // Loaded at 06:00 on the 23rd; 40 h later it is stale but under the hold limit.
      p.now = () => new Date('2026-11-24T22:00:00Z');
      await p.send(report);
      const sent = p.mailer?.delivered ?? [];
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toContain('Stale: hubspot last loaded 40 h ago (expected within 36 h)');
      expect(sent[0]?.html).toContain('Stale: hubspot last loaded 40 h ago');
      // A week later (another report week), past 72 h: held, nothing sent, the alert names it.
      p.now = () => new Date('2026-11-30T08:00:00Z');
      const next = { ...report, week: '2026-W48' };
      const held = await p.send(next).then(
        () => null,
        (err: unknown) => err,
      );
      expect(held).toBeInstanceOf(FreshnessHold);
      expect((held as Error).message).toBe('holding the report: hubspot last loaded 170 h ago (limit 72 h)');
      expect(p.mailer?.calls).toHaveLength(1);
      expect(await p.outboxMessages()).toHaveLength(1);
    } finally {
      await p.close();
    }
  });
});
