/**
 * The seam to the connectors' daily runner (issue 5: `runDaily` of
 * functions/sources/run-sources.ts). Until that module is on main, the ingest Lambda
 * fails loudly instead of pretending to pull; when it lands, replace the body below with
 *   export { runDaily } from '../sources/run-sources.js';
 * The types mirror the part of its contract the ingest handler uses.
 */
import type { Config } from '../core/config.js';
import type { LoadRequest, LoadResult } from '../core/load.js';
import type { ObjectStore } from '../core/ports.js';
import type { Secrets } from '../core/secrets.js';

export interface DailyRunOptions {
  store: ObjectStore;
  config: Config;
  secrets: Secrets;
  date: string;
  only: string[];
  load: (request: LoadRequest) => Promise<LoadResult>;
  now?: () => Date;
}

export interface DailySourceResult {
  source: string;
  ok: boolean;
  rows: number;
  error?: string;
  entities: { entity: string; rowsLoaded: number; rowsRejected: number; alreadyLoaded: boolean }[];
}

export interface DailyRunResult {
  date: string;
  sources: DailySourceResult[];
}

export type RunDaily = (options: DailyRunOptions) => Promise<DailyRunResult>;

export const runDaily: RunDaily = async () => {
  throw new Error('the connectors runner (functions/sources/run-sources.ts, issue 5) is not merged into this build');
};
