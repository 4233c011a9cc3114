/**
 * Checks after a daily load, on any QueryEngine (the refresh Lambda on Athena; locally the
 * same checks can run on DuckDB): currencies without an FX rate, sources whose data Athena
 * cannot see (no `source=` partition projected for them), and sources that failed to load.
 */
import { listManifests } from './load.js';
import { loadReportQuery } from './models.js';
import type { ObjectStore, QueryEngine } from './ports.js';

export interface SourceOutcome {
  source: string;
  ok: boolean;
  error?: string;
}

export interface PostLoadInput {
  engine: QueryEngine;
  store: ObjectStore;
  /** Sources with a projected `source=` partition; null skips the check (local mode). */
  partitionSources: readonly string[] | null;
  /** What the day's source pulls reported. */
  outcomes: readonly SourceOutcome[];
}

export interface PostLoadReport {
  ok: boolean;
  problems: string[];
  missingFxRates: { table: string; currency: string; rows: number }[];
  unprojectedSources: string[];
  failedSources: string[];
}

export async function postLoadChecks(input: PostLoadInput): Promise<PostLoadReport> {
  const problems: string[] = [];
  const missingFxRates = (await input.engine.query(loadReportQuery('missing_fx_rates'))).map((r) => ({
    table: String(r.source_table),
    currency: String(r.currency),
    rows: Number(r.count_rows),
  }));
  if (missingFxRates.length > 0) {
    const list = missingFxRates.map((m) => `${m.rows} ${m.table} in ${m.currency}`).join(', ');
    problems.push(`no FX rate for ${list}: add the currencies to fxRates in the config`);
  }

  let unprojectedSources: string[] = [];
  if (input.partitionSources) {
    const projected = new Set(input.partitionSources);
    const loaded = new Set((await listManifests(input.store)).map((m) => m.source));
    unprojectedSources = [...loaded].filter((s) => !projected.has(s)).sort();
    if (unprojectedSources.length > 0) {
      problems.push(
        `loaded data of source(s) ${unprojectedSources.join(', ')} is invisible to Athena: add them to importSources in the deploy config and redeploy`,
      );
    }
  }

  const failedSources = input.outcomes
    .filter((o) => !o.ok)
    .map((o) => o.source)
    .sort();
  if (failedSources.length > 0) {
    const reasons = input.outcomes
      .filter((o) => !o.ok)
      .map((o) => `${o.source}: ${(o.error ?? 'failed').slice(0, 200)}`)
      .join('; ');
    problems.push(`source pull failed (${reasons})`);
  }
  return { ok: problems.length === 0, problems, missingFxRates, unprojectedSources, failedSources };
}
