/**
 * Issue #14 for Salesforce, end to end on the strict fake: a daily pull, then what users do in
 * Salesforce between two runs (a lead converted, a completed task deleted, another reopened, a
 * contact role added to an opportunity, an opportunity closed on a Monday), then the next daily
 * pull; the week's report (report zone America/New_York, the org's zone too) must say what a
 * fresh pull of the final state into an empty store says. Each item's figure is checked on its
 * own, against the report after the first pull.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { parseConfig, type Config } from '../../../functions/core/config.js';
import { buildReport } from '../../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { StaticSecrets } from '../../../functions/core/secrets.js';
import { parseWeek } from '../../../functions/core/weeks.js';
import { runDaily } from '../../../functions/sources/run-sources.js';
import { completedTaskRow, leadRow, SalesforceFake, sfTimestamp } from '../../fakes/salesforce.js';
import { VirtualClock } from '../../fakes/server.js';

const ZONE = 'America/New_York';
const WEEK = '2026-W47'; // Mon 2026-11-16 05:00 UTC .. Mon 2026-11-23 05:00 UTC in New York
const at = (iso: string): number => Date.parse(iso);

const ANNA = '00Q000000000001EAA'; // paid search; converted between the runs
const BEN = '00Q000000000002EAA'; // trade show; his completed task deleted between the runs
const CARLA = '00Q000000000003EAA'; // referral; her completed call reopened between the runs
const DAN = '00Q000000000004EAA'; // paid social; added later as a contact role on an opportunity
const T_ANNA = '00T000000000001EAA';
const T_BEN = '00T000000000002EAA';
const T_CARLA = '00T000000000003EAA';
const T_DAN = '00T000000000004EAA';
const O_DAN = '006000000000002AAA'; // open, no contact role at first
const O_CLOSED = '006000000000003AAA'; // closed won between the runs, CloseDate a Monday

function opportunity(id: string, accountId: string, created: string, stage: string, amount: number, close: string) {
  return {
    Id: id,
    Name: `Opportunity ${id.slice(-4)}`,
    AccountId: accountId,
    StageName: stage,
    Amount: amount,
    CloseDate: close,
    IsWon: stage === 'Closed Won',
    IsClosed: stage.startsWith('Closed'),
    CreatedDate: sfTimestamp(created),
    OwnerId: '005000000000002AAA',
    SystemModstamp: sfTimestamp(created),
    IsDeleted: false,
  };
}

/** The org as it stands before the first pull. */
function seedOrg(fake: SalesforceFake): void {
  const lead = (id: string, email: string, created: string, source: string, utm: [string, string] | null) => {
    const domain = email.split('@')[1] ?? '';
    return leadRow(id, email, created, {
      Company: domain.split('.')[0],
      Website: domain,
      LeadSource: source,
      UTM_Source__c: utm?.[0] ?? null,
      UTM_Medium__c: utm?.[1] ?? null,
    });
  };
  fake.data.Lead.push(
    lead(ANNA, 'anna@northwind.example', '2026-11-16T14:00:00Z', 'Web', ['google', 'cpc']),
    lead(BEN, 'ben@fabrikam.example', '2026-11-16T15:00:00Z', 'Trade Show', null),
    lead(CARLA, 'carla@contoso.example', '2026-11-17T10:00:00Z', 'Partner Referral', null),
    lead(DAN, 'dan@tailspin.example', '2026-11-16T09:00:00Z', 'Web', ['linkedin', 'paid_social']),
  );
  // Each followed up within two hours (SLA 24 h).
  fake.data.Task.push(
    completedTaskRow(T_ANNA, ANNA, '2026-11-16T16:00:00Z', 'Call'),
    completedTaskRow(T_BEN, BEN, '2026-11-16T17:00:00Z', 'Email'),
    completedTaskRow(T_CARLA, CARLA, '2026-11-17T12:00:00Z', 'Call'),
    completedTaskRow(T_DAN, DAN, '2026-11-16T11:00:00Z', 'Call'),
  );
  // Account domains no lead's company domain matches: only a contact role can match these.
  fake.accounts.set('001000000000002AAA', { Name: 'Tailspin Holdings', Website: 'https://tailspin-holdings.example' });
  fake.accounts.set('001000000000003AAA', { Name: 'Fabrikam Group', Website: 'https://fabrikam-group.example' });
  fake.data.Opportunity.push(
    opportunity(O_DAN, '001000000000002AAA', '2026-11-17T20:00:00Z', 'Prospecting', 5000, '2026-12-15'),
    opportunity(O_CLOSED, '001000000000003AAA', '2026-11-10T10:00:00Z', 'Negotiation/Review', 8000, '2026-11-27'),
  );
}

/** What users do in Salesforce between the two pulls. Returns the opportunity the conversion made. */
function changeOrg(fake: SalesforceFake): string {
  // 1. Anna is converted: her call moves to the new contact and opportunity.
  const { opportunityId } = fake.convertLead(ANNA, at('2026-11-19T15:00:00Z'));
  // 2. Ben's only follow-up is deleted; Carla's call is reopened (Not Started: IsClosed false).
  fake.deleteRecord('Task', T_BEN, at('2026-11-19T16:00:00Z'));
  fake.touch('Task', T_CARLA, { Status: 'Not Started' }, at('2026-11-19T17:00:00Z'));
  // 8. Dan becomes a contact and is added to the open opportunity: only the role is touched.
  const dan = fake.addContact('dan@tailspin.example', at('2026-11-20T10:00:00Z'), '001000000000002AAA');
  fake.addContactRole(O_DAN, dan, at('2026-11-20T10:05:00Z'));
  // 7. Closed won, its CloseDate set back to Monday the 16th.
  fake.touch(
    'Opportunity',
    O_CLOSED,
    { StageName: 'Closed Won', IsWon: true, IsClosed: true, CloseDate: '2026-11-16' },
    at('2026-11-20T15:00:00Z'),
  );
  if (!opportunityId) throw new Error('the conversion made no opportunity');
  return opportunityId;
}

let encoder: DuckDBParquetEncoder;
const dirs: string[] = [];
const fakes: SalesforceFake[] = [];

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
});

afterAll(async () => {
  await encoder.close();
  await Promise.all(fakes.map((f) => f.stop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** One local deployment (store, config) pulling `fake` with the real runner, loader and warehouse. */
class Deployment {
  private constructor(
    readonly store: LocalStore,
    readonly config: Config,
    private readonly fake: SalesforceFake,
  ) {}

  static async create(fake: SalesforceFake, source: Record<string, unknown> = {}): Promise<Deployment> {
    const dir = await mkdtemp(join(tmpdir(), 'funnel-sf-two-run-'));
    dirs.push(dir);
    const config = parseConfig({
      timezone: ZONE,
      fxRates: { CHF: 1.05, USD: 0.92 },
      sources: {
        salesforce: {
          baseUrl: fake.baseUrl,
          leadFields: { utm_source: 'UTM_Source__c', utm_medium: 'UTM_Medium__c', utm_campaign: 'UTM_Campaign__c' },
          ...source,
        },
      },
    });
    return new Deployment(new LocalStore(join(dir, 'data')), config, fake);
  }

  /** The daily pull of `date` (at 06:00 UTC); every source must succeed. */
  async pull(date: string): Promise<void> {
    const clock = new VirtualClock(Date.parse(`${date}T06:00:00Z`));
    this.fake.now = clock.now;
    const result = await runDaily({
      store: this.store,
      config: this.config,
      secrets: new StaticSecrets({ salesforce: { clientId: 'sf-client', clientSecret: 'sf-secret' } }),
      date,
      encoder,
      now: () => new Date(clock.now()),
      http: { sleep: clock.sleep, now: clock.now, random: () => 0.5 },
    });
    expect(result.sources.map((s) => s.error)).toEqual([undefined]);
  }

  /**
   * The week's report as of `now` (default after the week). A pull during the week declares the
   * data only up to its time (docs/methodology.md, Coverage): the report as of that pull is the
   * running week's (`--partial`), judged at the pull.
   */
  async report(now = new Date('2026-11-30T12:00:00Z')): Promise<FunnelReport> {
    const engine = await openLocalWarehouse(this.store.root, this.config);
    try {
      return await buildReport(
        { engine, store: this.store, config: this.config },
        parseWeek(WEEK, this.config.timezone),
        { now, partial: true },
      );
    } finally {
      await engine.close();
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const engine = await openLocalWarehouse(this.store.root, this.config);
    try {
      return await engine.query(sql);
    } finally {
      await engine.close();
    }
  }
}

/** The report's figures, without what differs by how the data arrived (load counts, times). */
function figures(r: FunnelReport) {
  return {
    totals: r.totals,
    previous: r.previous,
    channels: r.channels,
    overdueLeads: r.overdueLeads,
    idleSpend: r.idleSpend,
    dealsMatched: r.dataQuality.dealsMatched,
    dealsUnmatched: r.dataQuality.dealsUnmatched,
    leadsWithoutEmail: r.dataQuality.leadsWithoutEmail,
    coverage: r.coverage,
  };
}

const overdue = (r: FunnelReport): (string | null)[] => r.overdueLeads.map((o) => o.email).sort();
const channel = (r: FunnelReport, name: string) => r.channels.find((c) => c.channel === name);

describe('Salesforce: two daily pulls with changes in between = a fresh pull of the final state (issue #14)', () => {
  let fake: SalesforceFake;
  let daily: Deployment;
  let first: FunnelReport;
  let second: FunnelReport;
  let fresh: FunnelReport;
  let convertedOpportunity: string;

  beforeAll(async () => {
    // The org's default zone is New York, as the report's; the source sets no timezone.
    fake = new SalesforceFake({ leads: 0, opportunities: 0, tasks: 0, events: 0, timeZone: ZONE });
    seedOrg(fake);
    await fake.start();
    fakes.push(fake);
    daily = await Deployment.create(fake);
    await daily.pull('2026-11-18');
    first = await daily.report(new Date('2026-11-18T06:00:00Z'));
    convertedOpportunity = changeOrg(fake);
    await daily.pull('2026-11-24');
    second = await daily.report();
    const empty = await Deployment.create(fake);
    await empty.pull('2026-11-24');
    fresh = await empty.report();
  }, 120_000);

  it('the first pull: four leads, each followed up within SLA; one opportunity, matched to nobody', () => {
    expect(first.totals).toMatchObject({
      leads: 4,
      followedUpWithinSla: 4,
      overdue: 0,
      opportunities: 1,
      marketingSourcedOpportunities: 0,
      wonDeals: 0,
    });
  });

  it('the next pull gives the same report as a fresh pull of the final state', () => {
    expect(figures(second)).toEqual(figures(fresh));
    expect(second.totals).toMatchObject({
      leads: 4,
      followedUpWithinSla: 2,
      overdue: 2,
      opportunities: 2,
      marketingSourcedOpportunities: 2,
      wonDeals: 1,
      wonRevenue: 8000,
    });
  });

  it('item 1: a lead converted after its follow-up stays followed up within SLA, not overdue', async () => {
    expect(overdue(second)).not.toContain('anna@northwind.example');
    expect(channel(second, 'paid_search')).toMatchObject({
      leads: 1,
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
    // The call, moved to the contact and the opportunity, names Anna's lead and her address.
    const [call] = await daily.query(
      `select lead_id, email_key, deal_id, has_happened from stg_activities where activity_id = '${T_ANNA}'`,
    );
    expect(call).toEqual({
      lead_id: ANNA,
      email_key: 'anna@northwind.example',
      deal_id: convertedOpportunity,
      has_happened: true,
    });
  });

  it('item 2: a completed task deleted, and one reopened, no longer follow up: both leads overdue', () => {
    expect(overdue(first)).toEqual([]);
    expect(overdue(second)).toEqual(['ben@fabrikam.example', 'carla@contoso.example']);
    expect(second.totals.followedUpWithinSla).toBe(first.totals.followedUpWithinSla! - 2);
  });

  it('item 7: an opportunity closed on Monday (org and report in New York) is won in that Monday’s week', () => {
    expect(second.totals).toMatchObject({ wonDeals: 1, wonRevenue: 8000 });
    expect(second.previous.wonDeals).toBe(0);
  });

  it('item 8: a contact role added later makes the deal marketing-sourced by its email', async () => {
    expect(channel(first, 'paid_social')).toMatchObject({ leads: 1, opportunities: 0 });
    expect(channel(second, 'paid_social')).toMatchObject({
      leads: 1,
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
    const [deal] = await daily.query(
      `select match_method, is_marketing_sourced from fct_deals where deal_id = '${O_DAN}'`,
    );
    expect(deal).toEqual({ match_method: 'email', is_marketing_sourced: true });
  });
});
