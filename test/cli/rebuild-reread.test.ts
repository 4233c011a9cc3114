/**
 * A file read with the wrong date order, then the config fixed (README, "Replaying from raw").
 * A US leads report (`11/03/2026`, `11/09/2026`: both readings lie
 * before the export day) imported under `"locale": "en-GB"` read 11 Mar and 11 Sep. After the
 * locale was fixed to en-US, `funnel rebuild` refused ("… or re-import the file") and the
 * re-import said "already loaded; nothing changed": the wrong figures stayed and the store could
 * no longer be rebuilt. Now the refusal names `--reread`, the re-import says the file stays as
 * read then and how to read it with today's config, and `funnel rebuild --reread` re-reads it,
 * naming the load and what changed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand, queryCommand, rebuildCommand } from '../../bin/cli/commands.js';

let dir: string;
let leads: string;
const global = (locale: string) => ({ config: join(dir, `${locale}.json`), dataDir: join(dir, 'data') });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reread-'));
  for (const locale of ['en-GB', 'en-US']) {
    await writeFile(
      join(dir, `${locale}.json`),
      JSON.stringify({ timezone: 'America/New_York', locale, reportingCurrency: 'USD' }),
    );
  }
  leads = join(dir, 'leads.csv');
  await writeFile(
    leads,
    [
      'Lead ID,Email,Create Date,Lead Status',
      '00Q5g00000XyZ01,amy.chen@harbor.example,11/03/2026 9:15 AM,Open - Not Contacted',
      '00Q5g00000XyZ02,bob.diaz@quarry.example,11/09/2026 2:40 PM,Working - Contacted',
    ].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const created = async (locale: string) =>
  queryCommand('select created_at from leads order by created_at', { format: 'csv' }, global(locale));

describe('a file read otherwise after a config fix', () => {
  it('rebuild refuses naming --reread; the re-import says how; rebuild --reread re-reads and lists it', async () => {
    const opts = { as: 'salesforce-leads-csv', date: '2026-11-23' };
    expect(await importCommand(leads, opts, global('en-GB'))).toContain('dates read day-first (DMY) (from the locale)');
    expect(await created('en-GB')).toContain('2026-03-11');

    // The locale fixed: the replay reads month-first, so rebuild refuses and names the way out.
    await expect(rebuildCommand({}, global('en-US'))).rejects.toThrow(
      /leads\.csv \(leads, batch \w+, raw .*\): the replay reads dates as MDY, the load read them as DMY; if today's config reads it right, run `funnel rebuild --reread` \(Rebuild state machine input \{"reread": true\}\) to re-read it and every such file, each listed; else correct sources\["salesforce-leads-csv"\] \(or the locale\) to read it as before; the tables were not changed/,
    );

    // Before: "already loaded …; nothing changed" and no way on.
    const again = await importCommand(leads, opts, global('en-US'));
    expect(again).toMatch(
      /already loaded on .* \(2 loaded, 0 rejected\); nothing changed: the file stays as it was read then \(dates read day-first \(DMY\) \(from the locale\)\)/,
    );
    expect(again).toContain('run `funnel rebuild`, with --reread if it then reads the file otherwise');

    const progress: string[] = [];
    const out = await rebuildCommand({ reread: true }, global('en-US'), (line) => progress.push(line));
    expect(out).toMatch(
      /re-read: leads\.csv \(leads, batch \w+\): the replay reads dates as MDY, the load read them as DMY; its rows follow the new reading/,
    );
    expect(progress.some((l) => l.startsWith('re-read: leads.csv'))).toBe(true);
    expect(await created('en-US')).toContain('2026-11-03');
    expect(await created('en-US')).not.toContain('2026-03-11');
    // From now on the load is recorded as read month-first: a plain rebuild agrees with it.
    expect(await rebuildCommand({}, global('en-US'))).toContain('unchanged');
  }, 120_000);
});
