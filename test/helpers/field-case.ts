/**
 * A field case as a user runs it: `funnel import FILE --as FORMAT --config CFG` into a fresh
 * data dir (through the CLI's own command, so its printed summary is checked too), then the
 * report or a query on the local warehouse.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCommand, reportCommand } from '../../bin/cli/commands.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig, type ConfigInput } from '../../functions/core/config.js';
import type { Row } from '../../functions/core/ports.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { parseWeek } from '../../functions/core/weeks.js';

/** The field-case files kept in the repository (copies of the users' export shapes). */
export const FIELD_CASES = join(import.meta.dirname, '..', 'fixtures', 'field-cases');

export interface FieldCaseRun {
  dir: string;
  /** Imports one file; resolves to the CLI's printed summary, rejects with its one-line error. */
  import(file: string, format: string, options?: FieldCaseImportOptions): Promise<string>;
  query(sql: string): Promise<Row[]>;
  report(week: string): Promise<FunnelReport>;
  /** `funnel report --week WEEK --format text`: the email's text as the CLI prints it, with its 4-week trend. */
  text(week: string): Promise<string>;
  /**
   * `funnel report --week WEEK --send --allow-incomplete` into an outbox under the data dir (no
   * mail leaves), so a later report compares its previous week with the email sent for it.
   */
  send(week: string): Promise<string>;
  /** Files under the data dir's canonical zone for a table (empty when nothing was loaded). */
  canonicalFiles(table: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The `funnel import` flags a field case may give besides `--as` (`--date` default 2026-11-30). */
export interface FieldCaseImportOptions {
  source?: string;
  date?: string;
  snapshot?: boolean;
  allowMassDelete?: boolean;
  /** `--period FROM..TO`: the days the file covers. */
  period?: string;
  /** `--timezone`: the zone the file's times were read in, where its export day ends. */
  timezone?: string;
}

/** `config`: a config object, or the name of a `cfg-*.json` beside the field cases. */
export async function fieldCase(config: ConfigInput | string = {}): Promise<FieldCaseRun> {
  const dir = await mkdtemp(join(tmpdir(), 'field-case-'));
  const configPath =
    typeof config === 'string' ? join(FIELD_CASES, config) : await writeConfig(join(dir, 'config.json'), config);
  const global = { config: configPath, dataDir: join(dir, 'data') };
  const cfg = parseConfig(typeof config === 'string' ? JSON.parse(await readFile(configPath, 'utf8')) : config);
  const path = (file: string) => (file.startsWith('/') ? file : join(FIELD_CASES, file));
  const withWarehouse = async <T>(fn: (engine: Awaited<ReturnType<typeof openLocalWarehouse>>) => Promise<T>) => {
    const engine = await openLocalWarehouse(global.dataDir, cfg);
    try {
      return await fn(engine);
    } finally {
      await engine.close();
    }
  };
  return {
    dir,
    import: (file, format, options = {}) =>
      importCommand(path(file), { as: format, ...options, date: options.date ?? '2026-11-30' }, global),
    query: (sql) => withWarehouse((engine) => engine.query(sql)),
    report: (week) =>
      withWarehouse((engine) =>
        buildReport({ engine, store: new LocalStore(global.dataDir), config: cfg }, parseWeek(week, cfg.timezone)),
      ),
    text: async (week) => (await reportCommand({ week, format: 'text' }, global)).stdout,
    send: async (week) =>
      (
        await reportCommand(
          {
            week,
            format: 'json',
            send: true,
            outbox: join(dir, 'outbox'),
            outboxOnly: true,
            allowIncomplete: true,
            allowStale: true,
          },
          global,
        )
      ).stdout,
    canonicalFiles: async (table) => {
      try {
        return (await readdir(join(global.dataDir, 'canonical', table), { recursive: true })).filter((f) =>
          f.endsWith('.parquet'),
        );
      } catch {
        return [];
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function writeConfig(path: string, config: ConfigInput): Promise<string> {
  await writeFile(path, JSON.stringify(config));
  return path;
}
