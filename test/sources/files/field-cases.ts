/** Runs field cases (test/fixtures/field-cases/) through the CLI commands into a fresh data dir. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCommand, reportCommand } from '../../../bin/cli/commands.js';
import type { WeeklyFigures } from '../../../functions/core/report-types.js';

export const FIELD_CASES = fileURLToPath(new URL('../../fixtures/field-cases/', import.meta.url));

/**
 * Imports `files` (`[path under field-cases/, format]`) with config file `cfg` (plus `extra`
 * merged in) and returns the week's totals and each import's CLI line.
 */
export async function runFieldCase(
  cfg: string,
  files: readonly (readonly [string, string])[],
  week: string,
  extra: Record<string, unknown> = {},
): Promise<{ totals: WeeklyFigures; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'field-case-'));
  const config = { ...(JSON.parse(await readFile(FIELD_CASES + cfg, 'utf8')) as object), ...extra };
  const global = { config: join(dir, 'config.json'), dataDir: join(dir, 'data') };
  await writeFile(global.config, JSON.stringify(config));
  const lines: string[] = [];
  for (const [file, format] of files) lines.push(await importCommand(FIELD_CASES + file, { as: format }, global));
  const { report } = await reportCommand({ week, format: 'json' }, global);
  return { totals: report.totals, lines };
}
