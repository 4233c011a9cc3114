/**
 * Freshness before the email (dbt source freshness `warn_after` / `error_after`): a source
 * whose last successful load is older than `staleAfterHours` is flagged; past
 * `holdAfterHours` the report is held and an alert raised instead of sending stale numbers.
 * The FunnelReport JSON is unchanged (SPEC §6); the verdict travels beside it.
 */
import { isFormatOptions, type Config } from './config.js';
import { listManifests, rowsBySource } from './load.js';
import type { ObjectStore } from './ports.js';

export interface SourceLoad {
  source: string;
  /** ISO instant of the last successful load, or null when the source never loaded. */
  lastLoadedAt: string | null;
}

export type FreshnessStatus = 'fresh' | 'stale' | 'hold';

export interface SourceFreshness extends SourceLoad {
  /** Whole hours since the last load (floored), null when never loaded. */
  ageHours: number | null;
  status: FreshnessStatus;
}

export interface Freshness {
  checkedAt: string;
  staleAfterHours: number;
  holdAfterHours: number;
  sources: SourceFreshness[];
  /** Sources past `staleAfterHours` (including those past the hold limit). */
  stale: string[];
  /** True when any source is past `holdAfterHours`: do not send. */
  hold: boolean;
  /** One line for the operator and the alert; null when everything is fresh. */
  message: string | null;
  /** One line per stale source for the email's data-health footer. */
  footer: string[];
}

const HOUR_MS = 3_600_000;

function describe(s: SourceFreshness): string {
  return s.ageHours === null ? `${s.source} never loaded` : `${s.source} last loaded ${s.ageHours} h ago`;
}

/** Pure verdict over the sources' last loads at `now`. A source never loaded counts as past the hold limit. */
export function assessFreshness(
  sources: readonly SourceLoad[],
  now: Date,
  config: Pick<Config, 'staleAfterHours' | 'holdAfterHours'>,
): Freshness {
  const { staleAfterHours, holdAfterHours } = config;
  const assessed: SourceFreshness[] = [...sources]
    .sort((a, b) => a.source.localeCompare(b.source))
    .map((s) => {
      const at = s.lastLoadedAt === null ? NaN : Date.parse(s.lastLoadedAt);
      if (Number.isNaN(at)) return { ...s, lastLoadedAt: null, ageHours: null, status: 'hold' as const };
      const ageMs = Math.max(0, now.getTime() - at);
      const status: FreshnessStatus =
        ageMs > holdAfterHours * HOUR_MS ? 'hold' : ageMs > staleAfterHours * HOUR_MS ? 'stale' : 'fresh';
      return { ...s, ageHours: Math.floor(ageMs / HOUR_MS), status };
    });
  const held = assessed.filter((s) => s.status === 'hold');
  const stale = assessed.filter((s) => s.status !== 'fresh');
  let message: string | null = null;
  if (held.length > 0) {
    message = `holding the report: ${held.map(describe).join(', ')} (limit ${holdAfterHours} h)`;
  } else if (stale.length > 0) {
    message = `stale data flagged in the report: ${stale.map(describe).join(', ')} (expected within ${staleAfterHours} h)`;
  }
  return {
    checkedAt: now.toISOString(),
    staleAfterHours,
    holdAfterHours,
    sources: assessed,
    stale: stale.map((s) => s.source),
    hold: held.length > 0,
    message,
    footer: stale.map((s) => `Stale: ${describe(s)} (expected within ${staleAfterHours} h)`),
  };
}

/** `{ hold, message }` for the send path: hold means send nothing and raise `message` as the alert. */
export function shouldHold(freshness: Freshness): { hold: boolean; message: string | null } {
  return { hold: freshness.hold, message: freshness.hold ? freshness.message : null };
}

/** Raised by the send path instead of sending stale numbers; its message is the one-line alert. */
export class FreshnessHold extends Error {
  override name = 'FreshnessHold';
  constructor(readonly freshness: Freshness) {
    super(freshness.message ?? 'holding the report: stale sources');
  }
}

/**
 * The last successful load per source: the newest load manifest, or the connector run's
 * `state/health/<source>.json` `lastSuccessAt` (a quiet API day writes no manifest but is
 * still a successful load). `expected` adds configured sources that may never have loaded.
 */
export async function lastSuccessfulLoads(store: ObjectStore, expected: readonly string[] = []): Promise<SourceLoad[]> {
  const latest = new Map<string, string | null>(expected.map((s) => [s, null]));
  const bump = (source: string, at: string | null | undefined): void => {
    if (!at || Number.isNaN(Date.parse(at))) {
      if (!latest.has(source)) latest.set(source, null);
      return;
    }
    const prev = latest.get(source);
    if (!prev || Date.parse(at) > Date.parse(prev)) latest.set(source, at);
  };
  for (const m of await listManifests(store)) {
    for (const source of rowsBySource(m).keys()) bump(source, m.loadedAt);
  }
  for (const key of await store.list('state/health/')) {
    const body = await store.get(key);
    if (!body) continue;
    try {
      const state = JSON.parse(Buffer.from(body).toString('utf8')) as {
        source?: string;
        lastSuccessAt?: string | null;
      };
      const source = state.source ?? key.slice('state/health/'.length).replace(/\.json$/, '');
      bump(source, state.lastSuccessAt ?? null);
    } catch {
      // An unreadable health file says nothing about freshness; the manifests still do.
    }
  }
  return [...latest.entries()].map(([source, lastLoadedAt]) => ({ source, lastLoadedAt }));
}

/** The enabled sources of the config (the ones the daily run is expected to load). */
export function configuredSources(config: Pick<Config, 'sources'>): string[] {
  return Object.entries(config.sources)
    .filter(([name, block]) => block.enabled !== false && !isFormatOptions(name, block))
    .map(([name]) => name)
    .sort();
}
