/** What every command needs: the validated config, the local store and its adapters. */
import { resolve } from 'node:path';
import { loadConfig, type Config, type KnownSources } from '../../functions/core/config.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import type { ImportDeps } from '../../functions/core/import/import-file.js';
import { VENDOR_FORMATS, vendorFileFormats } from '../../functions/sources/formats.js';
import { CONNECTORS } from '../../functions/sources/run-sources.js';

/** The data dir without `--data-dir`. */
export const DEFAULT_DATA_DIR = '.funnel';

/** Where `npm start` (bin/start.ts) leaves the demo, relative to the directory it runs in. */
export const START_DEMO = {
  /** The demo's files and config (`funnel demo --out`). */
  demoDir: 'out/demo',
  config: 'out/demo/funnel.config.json',
  /** Its store: beside the default data dir, so it never mixes with the user's own data. */
  dataDir: '.funnel/demo',
  /** The report files and the outbox. */
  outDir: 'out',
} as const;

/** What `sources` may name: the connectors and the file formats wired into this CLI. */
export const KNOWN_SOURCES: KnownSources = { types: Object.keys(CONNECTORS), formats: Object.keys(VENDOR_FORMATS) };

export interface GlobalOptions {
  /** The JSON config file (`--config`); without it the defaults apply (no FX rates, no sources). */
  config?: string;
  dataDir: string;
}

export interface CliContext {
  config: Config;
  /** The config file, undefined when none was given (then messages say so). */
  configFile?: string;
  dataDir: string;
  store: LocalStore;
}

export async function openContext(options: GlobalOptions): Promise<CliContext> {
  // Sources are checked here, so a misspelt one fails on any command, not at the next `run`.
  const config = await loadConfig(options.config, KNOWN_SOURCES);
  const dataDir = resolve(options.dataDir);
  return { config, configFile: options.config, dataDir, store: new LocalStore(dataDir) };
}

/**
 * Runs `fn` with loader dependencies (the local store, DuckDB's Parquet encoder, the vendor
 * formats: the CLI is where adapters and sources are wired in), closing the encoder afterwards.
 */
export async function withLoadDeps<T>(ctx: CliContext, fn: (deps: ImportDeps) => Promise<T>): Promise<T> {
  const encoder = await DuckDBParquetEncoder.create();
  try {
    return await fn({ store: ctx.store, encoder, config: ctx.config, vendorFormats: vendorFileFormats });
  } finally {
    await encoder.close();
  }
}
