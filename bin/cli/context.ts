/** What every command needs: the validated config, the local store and its adapters. */
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../functions/core/config.js';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import type { ImportDeps } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';

export interface GlobalOptions {
  config?: string;
  dataDir: string;
}

export interface CliContext {
  config: Config;
  dataDir: string;
  store: LocalStore;
}

export async function openContext(options: GlobalOptions): Promise<CliContext> {
  const config = await loadConfig(options.config);
  const dataDir = resolve(options.dataDir);
  return { config, dataDir, store: new LocalStore(dataDir) };
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
