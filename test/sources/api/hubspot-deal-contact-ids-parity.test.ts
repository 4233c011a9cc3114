/**
 * One HubSpot portal, two paths, the same deal matches: pulled by the API connector (deals
 * with their v4 contact associations and the contacts' addresses), and exported as files (a
 * contacts export, then a deals export that names each deal's contacts only by `Associated
 * Contact IDs`). Both store the deals' contact ids (`deals.contact_ids`), and one SQL rule
 * ties an id to the contact's lead (contacts load as leads), so both paths claim the same
 * deals for the same persons. The API path gains too: a contact without an address (every
 * 17th of the fake's) matched no deal before. docs/methodology.md rule 5, "Contacts named by id".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../bin/cli/commands.js';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config, type ConfigInput } from '../../../functions/core/config.js';
import { StaticSecrets } from '../../../functions/core/secrets.js';
import { runDaily } from '../../../functions/sources/run-sources.js';
import { HubSpotFake } from '../../fakes/hubspot.js';
import { VirtualClock } from '../../fakes/server.js';

const SETTINGS: ConfigInput = { reportingCurrency: 'EUR', fxRates: { CHF: 1.05 }, timezone: 'UTC' };

let encoder: DuckDBParquetEncoder;
let fake: HubSpotFake;
const dirs: string[] = [];

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  fake = new HubSpotFake({ contacts: 80, deals: 40, engagements: 0 });
  await fake.start();
}, 60_000);

afterAll(async () => {
  await encoder.close();
  await fake.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function query(dataDir: string, config: Config, sql: string): Promise<Record<string, unknown>[]> {
  const engine = await openLocalWarehouse(dataDir, config);
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

/** A CSV cell: quoted, empty for null. */
const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : `"${String(value).replace(/"/g, '""')}"`;

/** The API path: one daily pull of the portal into an empty store. */
async function viaApi(): Promise<{ dir: string; config: Config }> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-ids-api-'));
  dirs.push(dir);
  const config = parseConfig({ ...SETTINGS, sources: { hubspot: { baseUrl: fake.baseUrl } } });
  const clock = new VirtualClock(Date.parse('2026-11-16T06:00:00Z'));
  fake.now = clock.now;
  const result = await runDaily({
    store: new LocalStore(join(dir, 'data')),
    config,
    secrets: new StaticSecrets({ hubspot: { accessToken: 'hs-token-1' } }),
    date: '2026-11-16',
    encoder,
    now: () => new Date(clock.now()),
    http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
  });
  expect(result.sources.map((s) => s.error)).toEqual([undefined]);
  return { dir: join(dir, 'data'), config };
}

/** The file path: the same portal's contacts export, then a deals export with contact ids only. */
async function viaFiles(): Promise<{ dir: string; config: Config }> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-ids-files-'));
  dirs.push(dir);
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(SETTINGS));
  const contacts = [
    '"Record ID","Email","Create Date","Last Modified Date","Lifecycle Stage","Lead Status","Original Source","Website URL"',
    ...[...fake.objects.contacts.values()].map((c) => {
      const p = c.properties;
      return [c.id, p.email, p.createdate, p.lastmodifieddate, p.lifecyclestage, p.hs_lead_status]
        .concat([p.hs_analytics_source, p.website])
        .map(cell)
        .join(',');
    }),
  ];
  const deals = [
    '"Record ID","Deal Name","Deal Stage","Pipeline","Amount","Currency","Create Date","Close Date","Last Modified Date","Associated Contact IDs"',
    ...[...fake.objects.deals.values()].map((d) => {
      const p = d.properties;
      const ids = fake.associations.deals?.get(d.id) ?? [];
      return [
        d.id,
        p.dealname,
        p.dealstage,
        p.pipeline,
        p.amount,
        p.deal_currency_code ?? fake.companyCurrency,
        p.createdate,
        p.closedate,
        p.hs_lastmodifieddate,
        ids.join(';'),
      ]
        .map(cell)
        .join(',');
    }),
  ];
  for (const [name, lines, format] of [
    ['contacts.csv', contacts, 'hubspot-contacts-csv'],
    ['deals.csv', deals, 'hubspot-deals-csv'],
  ] as const) {
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    const out = await importCommand(
      path,
      { as: format, date: '2026-11-16' },
      { config: configPath, dataDir: join(dir, 'data') },
    );
    expect(out).toContain('0 rejected');
  }
  return { dir: join(dir, 'data'), config: parseConfig(SETTINGS) };
}

const storedIds = async (p: { dir: string; config: Config }) =>
  (await query(p.dir, p.config, 'select deal_id, contact_ids from stg_deals order by deal_id')).map((r) => ({
    deal_id: r.deal_id,
    contact_ids: [...((r.contact_ids as string[] | null) ?? [])].sort(),
  }));

const claims = (p: { dir: string; config: Config }) =>
  query(p.dir, p.config, 'select deal_id, person_key, is_marketing_sourced from fct_deals order by deal_id');

describe('HubSpot deal contacts by id: API pull and files agree', () => {
  it('the same contact ids stored, the same deals claimed for the same persons', async () => {
    const api = await viaApi();
    const files = await viaFiles();
    const apiIds = await storedIds(api);
    expect(apiIds).toHaveLength(40);
    expect(apiIds.filter((d) => d.contact_ids.length > 0).length).toBeGreaterThan(20);
    expect(await storedIds(files)).toEqual(apiIds);

    const apiClaims = await claims(api);
    const claimed = apiClaims.filter((d) => d.is_marketing_sourced);
    expect(claimed.length).toBeGreaterThan(0);
    expect(await claims(files)).toEqual(apiClaims);
    // Every deal with a contact the portal had before it is claimed: the id names the contact.
    const contactsBefore = apiIds.filter((d) => {
      const deal = fake.objects.deals.get(String(d.deal_id))!;
      return d.contact_ids.some(
        (id) =>
          Date.parse(String(fake.objects.contacts.get(id)?.properties.createdate)) <=
          Date.parse(String(deal.properties.createdate)),
      );
    });
    expect(claimed.map((d) => d.deal_id).sort()).toEqual(contactsBefore.map((d) => d.deal_id).sort());
  });

  it('on the API path, a deal whose only contact has no address is claimed by the contact id', async () => {
    const api = await viaApi();
    const noAddress = new Set(
      [...fake.objects.contacts.values()].filter((c) => c.properties.email === null).map((c) => c.id),
    );
    const rows = await query(
      api.dir,
      api.config,
      `select m.deal_id, m.person_key, m.match_method, d.contact_ids, d.contact_emails
       from int_deals__matched m join stg_deals d using (source, deal_id) order by m.deal_id`,
    );
    const byIdOnly = rows.filter(
      (r) =>
        (r.contact_emails as string[]).length === 0 && (r.contact_ids as string[]).every((id) => noAddress.has(id)),
    );
    expect(byIdOnly.length).toBeGreaterThan(0);
    for (const r of byIdOnly) {
      expect(r.match_method).toBe('contact');
      expect(r.person_key).toMatch(/^lead:hubspot:/);
    }
  });
});
