/**
 * Calendar days placed in another zone than the report's (report/day-zone.ts): a Salesforce
 * report's opportunities dated Monday 16 Nov, imported under a Berlin config, start at Monday
 * 00:00 Berlin, which is Sunday 18:00 in New York. After the config's zone changed to New York,
 * W47 read won 0 ("-100%") without a word; now the report refuses until `funnel rebuild` has
 * placed the days again, and the rebuilt store gives W47's figures.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand, rebuildCommand, reportCommand } from '../../bin/cli/commands.js';
import { canonicalZone, sameZone } from '../../functions/core/time-zone.js';

const OPPS = [
  '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date","Opportunity ID"',
  '"Priya Shah","Northwind Ltd","Northwind - Platform","Closed Won","GBP","12000.00","11/16/2026","11/16/2026","0065g00000XyZab"',
  '"Priya Shah","Fabrikam UK","Fabrikam - Renewal","Negotiation/Review","GBP","8000.00","12/20/2026","11/16/2026","0065g00000QrStu"',
].join('\n');
const LEADS = [
  'lead_id,source,email,created_at,channel',
  'L1,web,a@northwind.example,2026-11-10T10:00:00Z,paid_search',
].join('\n');

let dir: string;
let berlin: { config: string; dataDir: string };
let newYork: { config: string; dataDir: string };
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'day-zone-'));
  const cfg = (timezone: string) => JSON.stringify({ reportingCurrency: 'EUR', fxRates: { GBP: 1.15 }, timezone });
  await writeFile(join(dir, 'berlin.json'), cfg('Europe/Berlin'));
  await writeFile(join(dir, 'ny.json'), cfg('America/New_York'));
  await writeFile(join(dir, 'opps.csv'), OPPS);
  await writeFile(join(dir, 'leads.csv'), LEADS);
  const dataDir = join(dir, 'data');
  berlin = { config: join(dir, 'berlin.json'), dataDir };
  newYork = { config: join(dir, 'ny.json'), dataDir };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const importOpps = () =>
  importCommand(
    join(dir, 'opps.csv'),
    { as: 'salesforce-opportunities-csv', timezone: 'Europe/Berlin', date: '2026-11-23' },
    berlin,
  );

async function w47(global: { config: string; dataDir: string }) {
  const { report } = await reportCommand({ week: '2026-W47', format: 'json' }, global);
  return report.totals;
}

describe('a report in another zone than the one its loads placed their days in', () => {
  it('refuses, naming the load and `funnel rebuild`; after the rebuild W47 has its Monday deals', async () => {
    await importCommand(join(dir, 'leads.csv'), { as: 'canonical-leads', date: '2026-11-23' }, berlin);
    await importOpps();
    expect(await w47(berlin)).toMatchObject({ opportunities: 2, wonDeals: 1, wonRevenue: 13800 });
    await expect(w47(newYork)).rejects.toThrow(/^opps\.csv \(deals, loaded \d{4}-\d{2}-\d{2}\) placed/);
    await expect(w47(newYork)).rejects.toThrow(
      /placed dates without a time in Europe\/Berlin, but the report's time zone is now America\/New_York: .*run `funnel rebuild` to place them in America\/New_York/,
    );
    await rebuildCommand({}, newYork);
    expect(await w47(newYork)).toMatchObject({ opportunities: 2, wonDeals: 1, wonRevenue: 13800 });
    // The Berlin config now refuses the other way round: one rule, whichever zone.
    await expect(w47(berlin)).rejects.toThrow(/placed dates without a time in America\/New_York/);
  });

  it('a vendor file loaded before the zone was recorded is judged by the zone it was read in; a canonical file by none', async () => {
    await importCommand(join(dir, 'leads.csv'), { as: 'canonical-leads', date: '2026-11-23' }, newYork);
    await importOpps();
    // As an earlier version wrote the manifest: the import's --timezone, no dayTimezone.
    const folder = join(dir, 'data', 'manifests', 'loads', 'deals');
    const [file] = await readdir(folder);
    const manifest = JSON.parse(await readFile(join(folder, file!), 'utf8')) as Record<string, unknown>;
    expect(manifest.dayTimezone).toBe('Europe/Berlin');
    delete manifest.dayTimezone;
    await writeFile(join(folder, file!), JSON.stringify(manifest));
    await expect(w47(newYork)).rejects.toThrow(/opps\.csv .*placed dates without a time in Europe\/Berlin/);
    // The canonical leads, loaded under the New York config, hold no bare day: no refusal for them.
    expect(await w47(berlin)).toMatchObject({ leads: 0, opportunities: 2 });
  });

  it('takes names of one zone as one zone (UTC, Etc/UTC, the default; Kiev, Kyiv), and Zurich for Berlin not', async () => {
    const at = async (name: string, timezone?: string) => {
      const config = join(dir, `${name}.json`);
      await writeFile(config, JSON.stringify({ reportingCurrency: 'EUR', fxRates: { GBP: 1.15 }, timezone }));
      return { config, dataDir: berlin.dataDir };
    };
    const utc = await at('utc', 'UTC');
    await importCommand(join(dir, 'leads.csv'), { as: 'canonical-leads', date: '2026-11-23' }, utc);
    await importCommand(
      join(dir, 'opps.csv'),
      { as: 'salesforce-opportunities-csv', timezone: 'UTC', date: '2026-11-23' },
      utc,
    );
    // Refused before: "placed dates … in UTC, but the report's time zone is now Etc/UTC".
    for (const alias of ['Etc/UTC', 'Zulu', 'Etc/Universal'])
      expect(await w47(await at(alias.replace('/', '-'), alias))).toMatchObject({ opportunities: 2, wonDeals: 1 });
    expect(await w47(await at('default'))).toMatchObject({ opportunities: 2, wonDeals: 1 });
    await expect(w47(berlin)).rejects.toThrow(
      /placed dates without a time in UTC, but the report's time zone is now Europe\/Berlin/,
    );

    await rebuildCommand({}, await at('kiev', 'Europe/Kiev'));
    expect(await w47(await at('kyiv', 'Europe/Kyiv'))).toMatchObject({ opportunities: 2, wonDeals: 1 });
    await rebuildCommand({}, berlin);
    // Equal offsets today, two places: the days are placed again, not assumed alike.
    await expect(w47(await at('zurich', 'Europe/Zurich'))).rejects.toThrow(
      /in Europe\/Berlin, but the report's time zone is now Europe\/Zurich/,
    );
  });

  it('names every name of UTC UTC, a link by its zone, a renamed zone by its new name; never throws', () => {
    for (const name of ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z', 'Etc/Universal', 'Zulu', 'utc'])
      expect(canonicalZone(name)).toBe('UTC');
    expect(canonicalZone('US/Eastern')).toBe('America/New_York');
    expect(sameZone('Europe/Kiev', 'Europe/Kyiv')).toBe(true);
    expect(sameZone('Asia/Calcutta', 'Asia/Kolkata')).toBe(true);
    expect(sameZone('Europe/Berlin', 'Europe/Zurich')).toBe(false);
    expect(canonicalZone('Not/AZone')).toBe('Not/AZone');
  });
});
