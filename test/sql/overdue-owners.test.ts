/**
 * The overdue list sales can act on: owners by name from the `owners` table (latest version per
 * source and id), the lead's name and company, a link to its record, and owners never blocking.
 */
import type { CanonicalRecord } from '../../functions/core/records.js';
import { afterEach, describe, expect, it } from 'vitest';
import { callAtWeekEnd, lead, warehouseFrom, type Fixture, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const week = '2026-W47'; // 16–23 Nov 2026, UTC
const SF_OWNER = '005000000000001AAA';
const SF_LEAD = '00Q000000000001EAA';

const fixture: Fixture & { leads: CanonicalRecord[]; activities: CanonicalRecord[] } = {
  leads: [
    lead('101', '2026-11-16T08:00:00Z', {
      email: 'ann@x.com',
      first_name: 'Ann',
      last_name: 'Ames',
      company: 'Acme AG',
      owner_id: '9001',
    }),
    // Bob's earliest lead has no owner; his owner holds the Salesforce lead: that one is linked.
    lead('102', '2026-11-15T08:00:00Z', { email: 'bob@x.com', first_name: 'Robert' }),
    lead(SF_LEAD, '2026-11-17T08:00:00Z', {
      source: 'salesforce',
      email: 'bob@x.com',
      first_name: 'Bob',
      last_name: 'Baker',
      company: 'Beta GmbH',
      owner_id: SF_OWNER,
    }),
    // An owner the owners table does not know: the id shows, the report is still built.
    lead('55', '2026-11-18T08:00:00Z', { source: 'pipedrive', email: 'carol@x.com', owner_id: '7' }),
    // Unassigned, no name.
    lead('104', '2026-11-19T08:00:00Z', { email: 'dave@x.com' }),
  ],
  // Someone else's calls in the window: follow-ups are measured, and known from before the
  // leads came in (a lead created before the first activity loaded is never called overdue).
  activities: [callAtWeekEnd('salesforce', '2026-11-02T12:00:00Z'), callAtWeekEnd()],
  owners: [
    { source: 'hubspot', owner_id: '9001', name: 'Old Name', updated_at: '2026-10-01T00:00:00Z' },
    { source: 'hubspot', owner_id: '9001', name: 'Anna Owner', updated_at: '2026-11-01T00:00:00Z' },
    { source: 'salesforce', owner_id: SF_OWNER, name: 'Sam Seller', is_active: false },
    // Same id in another source: never read for a HubSpot lead.
    { source: 'pipedrive', owner_id: '9001', name: 'Wrong Source' },
  ],
};

describe('overdue leads with owners, names and links', () => {
  it('names the owner (latest version, same source), the person and company, and links the record', async () => {
    wh = await warehouseFrom(fixture, {
      sources: {
        hubspot: { enabled: false, portalId: 4711 },
        salesforce: { enabled: false, instanceUrl: 'https://acme.my.salesforce.com/' },
      },
    });
    const r = await wh.report(week);
    const byEmail = new Map(r.overdueLeads.map((o) => [o.email, o]));
    expect(byEmail.get('ann@x.com')).toMatchObject({
      owner: '9001',
      ownerName: 'Anna Owner',
      name: 'Ann Ames',
      company: 'Acme AG',
      source: 'hubspot',
      recordUrl: 'https://app.hubspot.com/contacts/4711/record/0-1/101',
    });
    expect(byEmail.get('bob@x.com')).toMatchObject({
      owner: SF_OWNER,
      ownerName: 'Sam Seller',
      name: 'Bob Baker',
      company: 'Beta GmbH',
      source: 'salesforce',
      recordUrl: `https://acme.my.salesforce.com/lightning/r/Lead/${SF_LEAD}/view`,
    });
    // No owners row for the id and no pipedrive block in the config: id shown, no link.
    expect(byEmail.get('carol@x.com')).toMatchObject({
      owner: '7',
      ownerName: null,
      source: 'pipedrive',
      recordUrl: null,
    });
    expect(byEmail.get('dave@x.com')).toMatchObject({ owner: null, ownerName: null, name: null, company: null });
    expect(r.overdueLeads).toHaveLength(4);
  });

  it('builds the same list without any owners loaded, ids in place of names and no links', async () => {
    wh = await warehouseFrom({ leads: fixture.leads, activities: fixture.activities });
    const r = await wh.report(week);
    expect(r.overdueLeads.map((o) => [o.email, o.owner, o.ownerName, o.recordUrl])).toEqual([
      ['bob@x.com', SF_OWNER, null, null],
      ['ann@x.com', '9001', null, null],
      ['carol@x.com', '7', null, null],
      ['dave@x.com', null, null, null],
    ]);
  });

  it('links Pipedrive persons with the company domain', async () => {
    wh = await warehouseFrom(fixture, { sources: { pipedrive: { enabled: false, companyDomain: 'Acme' } } });
    const r = await wh.report(week);
    expect(r.overdueLeads.find((o) => o.email === 'carol@x.com')?.recordUrl).toBe(
      'https://acme.pipedrive.com/person/55',
    );
  });

  it('names the owner as of the cutoff, not the one the lead was given since; says when only a later version is known', async () => {
    wh = await warehouseFrom({
      leads: [
        // Anna's on 17 Nov; reassigned to Ben on 26 Nov, after W47.
        lead('201', '2026-11-17T08:00:00Z', {
          email: 'erin@x.com',
          owner_id: '9001',
          updated_at: '2026-11-17T09:00:00Z',
        }),
        lead('201', '2026-11-17T08:00:00Z', {
          email: 'erin@x.com',
          owner_id: '9002',
          updated_at: '2026-11-26T10:00:00Z',
        }),
        // First loaded after its reassignment: the owner shown may not be W47's, and it says so.
        lead('202', '2026-11-18T08:00:00Z', {
          email: 'finn@x.com',
          owner_id: '9002',
          updated_at: '2026-11-27T10:00:00Z',
        }),
      ],
      activities: fixture.activities,
      owners: [
        { source: 'hubspot', owner_id: '9001', name: 'Anna Owner' },
        { source: 'hubspot', owner_id: '9002', name: 'Ben Owner' },
      ],
    });
    const r = await wh.report(week);
    const byEmail = new Map(r.overdueLeads.map((o) => [o.email, o]));
    // Named Ben (the current owner) before.
    expect(byEmail.get('erin@x.com')).toMatchObject({
      owner: '9001',
      ownerName: 'Anna Owner',
      ownerKnownAtCutoff: true,
    });
    expect(byEmail.get('finn@x.com')).toMatchObject({
      owner: '9002',
      ownerName: 'Ben Owner',
      ownerKnownAtCutoff: false,
    });
  });

  it('marks an owner deactivated in the CRM: nobody follows the lead up', async () => {
    wh = await warehouseFrom(fixture);
    const r = await wh.report(week);
    const byEmail = new Map(r.overdueLeads.map((o) => [o.email, o]));
    expect(byEmail.get('bob@x.com')).toMatchObject({ ownerName: 'Sam Seller', ownerInactive: true });
    expect(byEmail.get('ann@x.com')).toMatchObject({ ownerName: 'Anna Owner', ownerInactive: false });
    // Not in the owners table, or no owner: not known to be inactive.
    expect(byEmail.get('carol@x.com')?.ownerInactive).toBe(false);
    expect(byEmail.get('dave@x.com')?.ownerInactive).toBe(false);
  });

  it('does not mark a deactivated owner whose lead was given to an active owner since: someone follows it up', async () => {
    wh = await warehouseFrom({
      leads: [
        // Carl's (deactivated) at W47's cutoff; given to Ben on 27 Nov, and to nobody active for Gus.
        lead('301', '2026-11-17T08:00:00Z', {
          email: 'ute@x.com',
          owner_id: '9003',
          updated_at: '2026-11-17T09:00:00Z',
        }),
        lead('301', '2026-11-17T08:00:00Z', {
          email: 'ute@x.com',
          owner_id: '9002',
          updated_at: '2026-11-27T10:00:00Z',
        }),
        lead('302', '2026-11-18T08:00:00Z', {
          email: 'gus@x.com',
          owner_id: '9003',
          updated_at: '2026-11-18T09:00:00Z',
        }),
      ],
      activities: fixture.activities,
      owners: [
        { source: 'hubspot', owner_id: '9002', name: 'Ben Owner' },
        { source: 'hubspot', owner_id: '9003', name: 'Carl Old', is_active: false },
      ],
    });
    const r = await wh.report(week);
    const byEmail = new Map(r.overdueLeads.map((o) => [o.email, o]));
    expect(byEmail.get('ute@x.com')).toMatchObject({ ownerName: 'Carl Old', ownerInactive: false });
    expect(byEmail.get('gus@x.com')).toMatchObject({ ownerName: 'Carl Old', ownerInactive: true });
  });
});
