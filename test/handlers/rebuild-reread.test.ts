/**
 * The Rebuild Lambda takes `{"reread": true}` as `funnel rebuild --reread`: a load that today's
 * config reads otherwise (a locale fixed since) is refused without it and re-read with it,
 * listed in the summary, and the flag is passed on to the next step of the state machine.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../bin/cli/commands.js';
import { HyparquetEncoder } from '../../functions/adapters/hyparquet-encoder.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { parseConfig } from '../../functions/core/config.js';
import { createRebuildHandler } from '../../functions/handlers/rebuild.js';
import { logger } from '../../functions/handlers/runtime.js';
import { replayLoad } from '../../functions/sources/replay.js';

let dir: string;
beforeAll(async () => {
  logger.setLogLevel('SILENT');
  dir = await mkdtemp(join(tmpdir(), 'rebuild-reread-'));
  const config = join(dir, 'en-GB.json');
  await writeFile(config, JSON.stringify({ timezone: 'America/New_York', locale: 'en-GB' }));
  const leads = join(dir, 'leads.csv');
  await writeFile(
    leads,
    'Lead ID,Email,Create Date,Lead Status\n00Q5g00000XyZ01,amy.chen@harbor.example,11/03/2026 9:15 AM,Open - Not Contacted\n',
  );
  await importCommand(
    leads,
    { as: 'salesforce-leads-csv', date: '2026-11-23' },
    { config, dataDir: join(dir, 'data') },
  );
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the Rebuild Lambda with {"reread": true}', () => {
  it('refuses a file read otherwise without it, re-reads and lists it with it', async () => {
    const handler = createRebuildHandler(async () => ({
      store: new LocalStore(join(dir, 'data')),
      config: parseConfig({ timezone: 'America/New_York', locale: 'en-US' }),
      encoder: new HyparquetEncoder(),
      replay: replayLoad,
    }));
    await expect(handler({})).rejects.toThrow(
      /the replay reads dates as MDY, the load read them as DMY; .*\{"reread": true\}/,
    );
    const result = await handler({ reread: true });
    expect(result).toMatchObject({ done: true, reread: true, keepMissingRaw: false });
    expect(result.summary.status).toBe('rebuilt');
    expect(result.summary.reread).toEqual([
      expect.objectContaining({
        input: 'leads.csv',
        table: 'leads',
        change: 'the replay reads dates as MDY, the load read them as DMY',
      }),
    ]);
  }, 60_000);
});
