/**
 * Owners from each CRM's users API, through the fakes (documented wire formats): HubSpot
 * `GET /crm/v3/owners` (active and archived, paged), Salesforce `User` by SOQL, Pipedrive
 * `GET /v1/users`. Each owner's id is the one the CRM's records carry as `owner_id`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotFake } from '../../fakes/hubspot.js';
import { PipedriveFake } from '../../fakes/pipedrive.js';
import { SalesforceFake } from '../../fakes/salesforce.js';
import type { FakeServer } from '../../fakes/server.js';
import { harness, testConfig } from './helpers.js';

const fakes: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function started<T extends FakeServer>(fake: T): Promise<T> {
  await fake.start();
  fakes.push(fake);
  return fake;
}

describe('owners from the CRM APIs', () => {
  it('HubSpot: active and archived owners, every page, named by first and last name', async () => {
    const fake = await started(new HubSpotFake({ contacts: 20, deals: 5, engagements: 5 }));
    // More than one page of 500 active owners.
    for (let i = 0; i < 520; i++) {
      const id = String(2000 + i);
      fake.owners.set(id, { ...fake.owners.get('100')!, id, firstName: `F${i}`, lastName: 'L', archived: false });
    }
    const h = harness(testConfig({ hubspot: { baseUrl: fake.baseUrl, entities: ['owners', 'contacts'] } }), {
      hubspot: { accessToken: 'hs-token-1' },
    });
    fake.now = h.clock.now;
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const owners = h.loader.latest('owners', 'hubspot');
    expect(owners.size).toBe(525);
    expect(owners.get('hubspot|100')).toMatchObject({
      owner_id: '100',
      name: 'Anna Aebi',
      email: 'anna@example.com',
      is_active: true,
      updated_at: fake.owners.get('100')!.updatedAt,
    });
    // Deactivated (archived) owners are listed only with archived=true: still named.
    expect(owners.get('hubspot|104')).toMatchObject({ name: 'Eva Egger', is_active: false });
    // Every contact's owner is one of them.
    for (const lead of h.loader.rows('leads', 'hubspot'))
      expect(owners.has(`hubspot|${String(lead.owner_id)}`)).toBe(true);
  });

  it('Salesforce: the User object by SOQL, 18-character ids as records carry them, inactive users kept', async () => {
    const fake = await started(new SalesforceFake({ leads: 20, opportunities: 5, tasks: 5, events: 5, batchSize: 3 }));
    const h = harness(
      testConfig({ salesforce: { baseUrl: fake.baseUrl, entities: ['owners', 'leads'], bulkForBackfill: false } }),
      { salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } },
    );
    fake.now = h.clock.now;
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const owners = h.loader.latest('owners', 'salesforce');
    expect(owners.size).toBe(4);
    const [first] = [...owners.values()];
    expect(first).toMatchObject({ name: 'Sara Keller', email: 'sara@example.com', is_active: true });
    expect(String(first?.owner_id)).toHaveLength(18);
    expect(first?.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect([...owners.values()].find((o) => o.name === 'Tom Weber')).toMatchObject({ is_active: false });
    const ids = new Set([...owners.values()].map((o) => o.owner_id));
    const leads = h.loader.rows('leads', 'salesforce');
    expect(leads.length).toBeGreaterThan(0);
    for (const lead of leads) expect(ids.has(lead.owner_id as string)).toBe(true);
  });

  it('Pipedrive: GET /v1/users, active_flag and modified (UTC) read', async () => {
    const fake = await started(new PipedriveFake({ persons: 10, deals: 2, activities: 2, leads: 2 }));
    const h = harness(
      testConfig({ pipedrive: { baseUrl: fake.baseUrl, companyDomain: 'acme', entities: ['owners', 'persons'] } }),
      { pipedrive: { apiToken: 'pd-token' } },
    );
    fake.now = h.clock.now;
    const result = await h.run();
    expect(result.sources[0]?.error).toBeUndefined();
    const owners = h.loader.latest('owners', 'pipedrive');
    expect([...owners.values()].map((o) => [o.owner_id, o.name, o.is_active, o.updated_at])).toEqual([
      ['40', 'API user', true, '2026-09-01T08:00:00.000Z'],
      ['41', 'Nina Huber', true, '2026-10-02T09:30:00.000Z'],
      ['42', 'Urs Frei', false, '2026-11-03T10:45:00.000Z'],
    ]);
    for (const lead of h.loader.rows('leads', 'pipedrive'))
      expect(owners.has(`pipedrive|${String(lead.owner_id)}`)).toBe(true);
    // Unchanged the next day: nothing landed or loaded again; a rename loads the list again.
    h.clock.advance(86_400_000);
    await h.run({ date: '2026-11-17' });
    expect(h.loader.rows('owners')).toHaveLength(3);
    fake.users[1]!.name = 'Nina Huber-Frei';
    h.clock.advance(86_400_000);
    await h.run({ date: '2026-11-18' });
    expect(h.loader.latest('owners').get('pipedrive|41')?.name).toBe('Nina Huber-Frei');
  });
});
