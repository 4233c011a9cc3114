/**
 * Pipedrive, two daily pulls against the strict fake (issue #14 items 2 and 3): load; then the
 * vendor-side changes (a deal deleted, a done call deleted, another marked not done, a person
 * merged away, a person deleted); then the next daily pull. Its report must equal that of one
 * pull of the final state into an empty store, and the figures each change moves must move.
 * Leads Inbox leads with a person are that person's records, never a second person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { PipedriveFake } from '../../fakes/pipedrive.js';
import { Pipeline } from '../../reliability/pipeline.js';

type Row = Record<string, unknown>;

// Both pulls after the week: a pull during it declares only up to its time, and the week's
// follow-ups are then not measured (docs/methodology.md, Coverage).
const DAY1 = '2026-11-23';
const DAY2 = '2026-11-24';
const at = (iso: string): number => Date.parse(iso);
const ts = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

let encoder: DuckDBParquetEncoder;
const fakes: PipedriveFake[] = [];
const pipelines: Pipeline[] = [];

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  await Promise.all(pipelines.map((p) => p.close()));
  await encoder.close();
});

function person(id: number, email: string, added: string): Row {
  return {
    id,
    name: `P ${id}`,
    first_name: 'P',
    last_name: String(id),
    emails: [{ value: email, primary: true, label: 'work' }],
    owner_id: 41,
    org_id: null,
    add_time: ts(added),
    update_time: ts(added),
  };
}

function call(id: number, personId: number, doneAt: string): Row {
  return {
    id,
    type: 'call',
    subject: `Call ${id}`,
    done: true,
    due_date: doneAt.slice(0, 10),
    due_time: doneAt.slice(11, 16),
    marked_as_done_time: ts(doneAt),
    person_id: personId,
    participants: [{ person_id: personId, primary: true }],
    deal_id: null,
    lead_id: null,
    owner_id: 41,
    is_deleted: false,
    add_time: ts(doneAt),
    update_time: ts(doneAt),
  };
}

function deal(id: number, personId: number, value: number, currency: string | null, added: string): Row {
  return {
    id,
    title: `Deal ${id}`,
    value,
    currency,
    status: 'open',
    is_deleted: false,
    stage_id: 1,
    pipeline_id: 1,
    person_id: personId,
    owner_id: 41,
    add_time: ts(added),
    update_time: ts(added),
    won_time: null,
    lost_time: null,
    close_time: null,
  };
}

function inboxLead(n: number, personId: number | null, channel: number | null, added: string): Row {
  return {
    id: `adf21080-0e10-11eb-879b-05d71fb4${String(n).padStart(4, '0')}`,
    title: `Lead ${n}`,
    owner_id: 41,
    person_id: personId,
    organization_id: personId === null ? 900 + n : null,
    source_name: 'Web forms',
    origin: 'API',
    channel,
    is_archived: false,
    add_time: new Date(added).toISOString(),
    update_time: new Date(added).toISOString(),
  };
}

/** The account as it is on day 1 (everything created in 2026-W47). */
async function account(): Promise<PipedriveFake> {
  const fake = new PipedriveFake({ persons: 0, deals: 0, activities: 0, leads: 0 });
  await fake.start();
  fakes.push(fake);
  fake.data.persons.push(
    person(1, 'anna@kunde.ch', '2026-11-17T09:00:00Z'),
    person(2, 'ben@kunde.ch', '2026-11-17T09:00:00Z'),
    person(3, 'carla@kunde.ch', '2026-11-17T09:00:00Z'),
    person(4, 'dan@kunde.ch', '2026-11-18T09:00:00Z'),
    person(5, 'dan.private@gmail.com', '2026-11-18T10:00:00Z'),
    person(6, 'eva@kunde.ch', '2026-11-18T09:00:00Z'),
  );
  fake.data.activities.push(
    call(101, 1, '2026-11-17T11:00:00Z'),
    call(102, 2, '2026-11-17T12:00:00Z'),
    call(103, 3, '2026-11-17T13:00:00Z'),
    call(104, 4, '2026-11-18T11:00:00Z'),
    call(105, 5, '2026-11-18T12:00:00Z'),
    call(106, 6, '2026-11-18T11:00:00Z'),
  );
  // Deal 2 has no currency: it is in the API user's default currency (GET /v1/users/me).
  fake.data.deals.push(deal(1, 1, 5000, 'EUR', '2026-11-18T08:00:00Z'), deal(2, 3, 3000, null, '2026-11-18T08:00:00Z'));
  // Carla's Leads Inbox lead (paid social), and a lead with only an organization.
  fake.leads.push(inboxLead(1, 3, 12, '2026-11-17T08:30:00Z'), inboxLead(2, null, null, '2026-11-19T08:00:00Z'));
  return fake;
}

/** What happens in Pipedrive between the two pulls (day 1, after 06:00). */
function changes(fake: PipedriveFake): void {
  fake.deleteRecord('deals', 1, at('2026-11-23T09:00:00Z'));
  fake.deleteRecord('activities', 101, at('2026-11-23T09:05:00Z'));
  fake.touch('activities', 102, { done: false, marked_as_done_time: null }, at('2026-11-23T09:10:00Z'));
  fake.mergePersons(5, 4, at('2026-11-23T09:15:00Z'));
  fake.deleteRecord('persons', 6, at('2026-11-23T09:20:00Z'));
  fake.deleteRecord('activities', 106, at('2026-11-23T09:20:00Z'));
}

async function pipeline(): Promise<Pipeline> {
  const p = await Pipeline.create(encoder);
  pipelines.push(p);
  return p;
}

async function pull(p: Pipeline, fake: PipedriveFake, date: string): Promise<void> {
  fake.now = () => at(`${date}T06:00:00Z`);
  const result = await p.runApi(
    {
      pipedrive: {
        baseUrl: fake.baseUrl,
        companyDomain: 'acme',
        pageSize: 2, // several pages of everything
        channels: { '12': 'paid_social' },
        startDate: '2026-11-01',
      },
    },
    { pipedrive: { apiToken: fake.token } },
    date,
  );
  expect(result.sources[0]?.error).toBeUndefined();
}

/** The figures the acceptance compares: totals, channels and the overdue list of the week. */
const figures = (r: FunnelReport | null) => ({
  totals: r?.totals,
  channels: r?.channels,
  overdue: r?.overdueLeads.map((o) => `${o.email} ${o.channel} ${o.hoursOverdue}`).sort(),
});

describe('Pipedrive: two daily pulls give the report of one pull of the final state', () => {
  let day1: FunnelReport | null;
  let twoRuns: FunnelReport | null;
  let fresh: FunnelReport | null;

  beforeAll(async () => {
    const fake = await account();
    const p = await pipeline();
    await pull(p, fake, DAY1);
    day1 = (await p.report()).report;
    changes(fake);
    await pull(p, fake, DAY2);
    twoRuns = (await p.report()).report;

    const empty = await pipeline();
    await pull(empty, fake, DAY2);
    fresh = (await empty.report()).report;
  }, 120_000);

  it('day 1: six persons (Carla’s inbox lead is hers, not a seventh) plus the organization lead, all followed up in time', () => {
    expect(day1?.totals.leads).toBe(7);
    expect(day1?.totals.followedUpWithinSla).toBe(6);
    expect(day1?.overdueLeads.map((o) => o.email)).toEqual([null]); // only the organization lead
    // Carla's first touch is her inbox lead's channel.
    expect(day1?.channels.find((c) => c.channel === 'paid_social')?.leads).toBe(1);
    // Deal 2 (no currency) counts in the API user's EUR.
    expect(day1?.totals.pipeline).toBe(8000);
  });

  it('day 2 after the changes equals a fresh pull of the final state', () => {
    expect(figures(twoRuns)).toEqual(figures(fresh));
  });

  it('day 2: the deleted deal leaves the pipeline, the merged and the deleted person stop counting', () => {
    expect(twoRuns?.totals.pipeline).toBe(3000);
    expect(twoRuns?.totals.leads).toBe(5); // Anna, Ben, Carla, Dan (kept), the organization lead
  });

  it('day 2: Anna (her call deleted) and Ben (his call marked not done) are overdue again', () => {
    const overdue = twoRuns?.overdueLeads.map((o) => o.email) ?? [];
    expect(overdue).toEqual(expect.arrayContaining(['anna@kunde.ch', 'ben@kunde.ch']));
    expect(overdue).not.toContain('carla@kunde.ch');
    expect(twoRuns?.totals.followedUpWithinSla).toBe(2); // Carla, Dan
  });
});
