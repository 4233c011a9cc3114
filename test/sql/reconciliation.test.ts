/**
 * Every rule of SPEC §4 on hand-computed fixtures, through the real loader, the SQL models
 * and the report queries on DuckDB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  activity,
  callAtWeekEnd,
  deal,
  lead,
  spendRow,
  warehouseFrom,
  type TestWarehouse,
} from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

async function rows(sql: string) {
  return wh!.engine.query(sql);
}

describe('latest version (§4.1)', () => {
  it('counts a record once, as its latest updated_at; deleted latest versions are dropped', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', '2026-11-16T08:00:00Z', {
          updated_at: '2026-11-16T08:00:00Z',
          lifecycle_stage: 'lead',
          email: 'a@x.com',
        }),
        lead('L1', '2026-11-16T08:00:00Z', {
          updated_at: '2026-11-18T08:00:00Z',
          lifecycle_stage: 'mql',
          email: 'a@x.com',
        }),
        lead('L1', '2026-11-16T08:00:00Z', {
          updated_at: '2026-11-17T08:00:00Z',
          lifecycle_stage: 'sql',
          email: 'a@x.com',
        }),
        lead('L2', '2026-11-16T09:00:00Z', { updated_at: '2026-11-16T09:00:00Z', email: 'b@x.com' }),
        lead('L2', '2026-11-16T09:00:00Z', { updated_at: '2026-11-17T09:00:00Z', email: 'b@x.com', is_deleted: true }),
      ],
    });
    expect(await rows('select lead_id, lifecycle_stage from stg_leads order by lead_id')).toEqual([
      { lead_id: 'L1', lifecycle_stage: 'mql' },
    ]);
  });

  it('breaks updated_at ties by the later ingestion', async () => {
    wh = await warehouseFrom({
      leads: [lead('L1', '2026-11-16T08:00:00Z', { updated_at: '2026-11-16T08:00:00Z', status: 'old' })],
    });
    const { loadFixture } = await import('../helpers/warehouse.js');
    await loadFixture(wh.store, wh.config, {
      leads: [lead('L1', '2026-11-16T08:00:00Z', { updated_at: '2026-11-16T08:00:00Z', status: 'new' })],
    });
    await wh.engine.close();
    const { openLocalWarehouse } = await import('../../functions/adapters/local-warehouse.js');
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    expect(await rows('select count(*) as n from leads')).toEqual([{ n: 2 }]);
    expect(await rows('select status from stg_leads')).toEqual([{ status: 'new' }]);
  });
});

describe('persons (§4.3)', () => {
  it('merges leads with the same email key across sources; created at the earliest lead', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('H1', '2026-11-17T10:00:00Z', {
          source: 'hubspot',
          email: 'Anna.Keller+ads@Acme.com',
          channel: 'paid_search',
        }),
        lead('S1', '2026-11-16T10:00:00Z', { source: 'salesforce', email: 'anna.keller@acme.com', channel: 'events' }),
        lead('G1', '2026-11-16T11:00:00Z', { email: 'j.o.e@gmail.com', channel: 'email' }),
        lead('G2', '2026-11-18T11:00:00Z', { email: 'joe@googlemail.com', channel: 'display' }),
        lead('N1', '2026-11-16T12:00:00Z', { channel: 'direct' }),
        lead('N2', '2026-11-16T12:00:00Z', { channel: 'direct' }),
      ],
    });
    const persons = await rows(
      'select person_key, created_at, channel, count_leads from fct_persons order by person_key',
    );
    expect(persons).toEqual([
      { person_key: 'anna.keller@acme.com', created_at: '2026-11-16T10:00:00.000Z', channel: 'events', count_leads: 2 },
      { person_key: 'joe@gmail.com', created_at: '2026-11-16T11:00:00.000Z', channel: 'email', count_leads: 2 },
      { person_key: 'lead:hubspot:N1', created_at: '2026-11-16T12:00:00.000Z', channel: 'direct', count_leads: 1 },
      { person_key: 'lead:hubspot:N2', created_at: '2026-11-16T12:00:00.000Z', channel: 'direct', count_leads: 1 },
    ]);
    const report = await wh.report('2026-W47');
    expect(report.totals.leads).toBe(4);
    expect(report.dataQuality.leadsWithoutEmail).toBe(2);
  });

  it('last touch takes channel and campaign of the latest lead', async () => {
    wh = await warehouseFrom(
      {
        leads: [
          lead('H1', '2026-11-17T10:00:00Z', { email: 'a@acme.com', channel: 'paid_search', campaign_id: 'C2' }),
          lead('S1', '2026-11-16T10:00:00Z', {
            source: 'salesforce',
            email: 'a@acme.com',
            channel: 'events',
            campaign_id: 'C1',
          }),
        ],
      },
      { attribution: 'last_touch' },
    );
    expect(await rows('select channel, campaign_id, created_at from fct_persons')).toEqual([
      { channel: 'paid_search', campaign_id: 'C2', created_at: '2026-11-16T10:00:00.000Z' },
    ]);
  });
});

describe('follow-up (§4.4) and SLA figures (§5)', () => {
  const week = '2026-W47'; // 16–23 Nov 2026, UTC

  it('ignores automated activities, tasks and activities before creation; matches by lead id', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', '2026-11-16T08:00:00Z', { email: 'a@x.com' }),
        lead('L2', '2026-11-16T08:00:00Z', { source: 'salesforce' }),
      ],
      activities: [
        activity('A0', '2026-11-16T07:00:00Z', { email: 'a@x.com' }), // before creation
        activity('A1', '2026-11-16T09:00:00Z', { email: 'a@x.com', type: 'email', is_automated: true }),
        activity('A2', '2026-11-16T10:00:00Z', { email: 'a@x.com', type: 'task' }),
        activity('A3', '2026-11-16T12:00:00Z', { email: 'A@X.com', type: 'meeting' }),
        activity('A4', '2026-11-17T08:00:00Z', { lead_id: 'L2', type: 'email' }),
      ],
    });
    expect(
      await rows(
        'select person_key, first_follow_up_at, hours_to_first_follow_up from fct_persons order by person_key',
      ),
    ).toEqual([
      { person_key: 'a@x.com', first_follow_up_at: '2026-11-16T12:00:00.000Z', hours_to_first_follow_up: 4 },
      {
        person_key: 'lead:salesforce:L2',
        first_follow_up_at: '2026-11-17T08:00:00.000Z',
        hours_to_first_follow_up: 24,
      },
    ]);
  });

  it('counts a follow-up at exactly the SLA as within it; splits late, overdue and pending at the cutoff', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('SLA', '2026-11-16T08:00:00Z', { email: 'sla@x.com' }), // followed up at exactly +24h
        lead('LATE', '2026-11-16T08:00:00Z', { email: 'late@x.com' }), // +24h 1s
        lead('OVER', '2026-11-21T23:59:59Z', { email: 'over@x.com' }), // SLA ends 1 s before the cutoff... see below
        lead('EDGE', '2026-11-22T00:00:00Z', { email: 'edge@x.com' }), // SLA ends exactly at the cutoff → overdue
        lead('PEND', '2026-11-22T00:00:01Z', { email: 'pend@x.com' }), // SLA ends after the cutoff → pending
        lead('AFTER', '2026-11-20T00:00:00Z', { email: 'after@x.com' }), // followed up only after the cutoff
      ],
      activities: [
        activity('A1', '2026-11-17T08:00:00Z', { email: 'sla@x.com' }),
        activity('A2', '2026-11-17T08:00:01Z', { email: 'late@x.com' }),
        activity('A3', '2026-11-23T00:00:00Z', { email: 'after@x.com' }), // at the cutoff: not before it
        // A colleague's call before the leads: follow-ups are known from its day on.
        callAtWeekEnd('salesforce', '2026-11-09T12:00:00Z'),
        callAtWeekEnd(),
      ],
    });
    const r = await wh.report(week);
    expect(r.totals).toMatchObject({
      leads: 6,
      followedUpWithinSla: 1,
      followedUpLate: 1,
      overdue: 3, // OVER, EDGE, AFTER
      pending: 1,
      slaRate: 0.2,
    });
    expect(r.totals.medianHoursToFollowUp).toBe(24.0001); // median of 24 and 24.000277…
    const overdue = r.overdueLeads.map((o) => [o.email, o.hoursOverdue]);
    expect(overdue).toEqual([
      ['after@x.com', 48],
      ['over@x.com', 0.0003],
      ['edge@x.com', 0],
    ]);
  });

  it('gives the same numbers when activities arrive after the week (re-running a past week)', async () => {
    const leads = [lead('L1', '2026-11-16T08:00:00Z', { email: 'a@x.com' })];
    // Someone else's calls, before the lead came in and at the week's end: follow-ups are known
    // from before the lead and measured for the week.
    const earlier = [callAtWeekEnd('salesforce', '2026-11-09T12:00:00Z'), callAtWeekEnd()];
    wh = await warehouseFrom({ leads, activities: earlier });
    const before = await wh.report(week);
    await wh.close();
    wh = await warehouseFrom({
      leads,
      activities: [...earlier, activity('A1', '2026-11-24T08:00:00Z', { email: 'a@x.com' })],
    });
    const after = await wh.report(week);
    expect(after.totals).toEqual(before.totals);
    expect(after.overdueLeads).toEqual(before.overdueLeads);
    expect(before.totals.overdue).toBe(1);
  });

  it('a later version of an activity wins: undone, deleted or a contact taken off take the follow-up back', async () => {
    const leads = ['a', 'b', 'c', 'd'].map((p) => lead(`L${p}`, '2026-11-16T08:00:00Z', { email: `${p}@x.com` }));
    const first = [
      activity('A1', '2026-11-16T09:00:00Z', { email: 'a@x.com', updated_at: '2026-11-16T09:00:00Z' }),
      activity('A2', '2026-11-16T09:00:00Z', { email: 'b@x.com', updated_at: '2026-11-16T09:00:00Z' }),
      // One meeting with two contacts: one row each, one record.
      activity('M1:c@x.com', '2026-11-16T10:00:00Z', { email: 'c@x.com', record_id: 'M1', type: 'meeting' }),
      activity('M1:d@x.com', '2026-11-16T10:00:00Z', { email: 'd@x.com', record_id: 'M1', type: 'meeting' }),
      callAtWeekEnd(),
    ];
    wh = await warehouseFrom({ leads, activities: first });
    expect((await wh.report(week)).totals).toMatchObject({ followedUpWithinSla: 4, overdue: 0 });
    const { loadFixture } = await import('../helpers/warehouse.js');
    await loadFixture(wh.store, wh.config, {
      activities: [
        // Marked undone in the CRM: loaded as not happened.
        activity('A1', '2026-11-16T09:00:00Z', {
          email: 'a@x.com',
          updated_at: '2026-11-17T09:00:00Z',
          has_happened: false,
        }),
        activity('A2', '2026-11-16T09:00:00Z', {
          email: 'b@x.com',
          updated_at: '2026-11-17T09:00:00Z',
          is_deleted: true,
        }),
        // The meeting now lists only d: the row for c goes with the old version.
        activity('M1', '2026-11-16T10:00:00Z', { email: 'd@x.com', record_id: 'M1', type: 'meeting' }),
      ],
    });
    // An older version loaded late does not win over the newer one.
    await loadFixture(wh.store, wh.config, {
      activities: [activity('A1', '2026-11-16T09:00:00Z', { email: 'a@x.com', updated_at: '2026-11-16T09:00:00Z' })],
    });
    await wh.engine.close();
    const { openLocalWarehouse } = await import('../../functions/adapters/local-warehouse.js');
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    expect(
      await rows(
        "select activity_id, has_happened from stg_activities where activity_id not like 'week-end-%' order by 1",
      ),
    ).toEqual([
      { activity_id: 'A1', has_happened: false },
      { activity_id: 'M1', has_happened: true },
    ]);
    const r = await wh.report(week);
    expect(r.totals).toMatchObject({ followedUpWithinSla: 1, overdue: 3 });
    expect(r.overdueLeads.map((o) => o.email).sort()).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
  });

  it('gives the SLA rate over all leads and over MQLs only', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('M1', '2026-11-16T08:00:00Z', { email: 'm1@x.com', lifecycle_stage: 'mql' }), // within
        lead('M2', '2026-11-16T08:00:00Z', { email: 'm2@x.com', lifecycle_stage: 'sql' }), // overdue
        lead('N1', '2026-11-16T08:00:00Z', { email: 'n1@x.com' }), // within
        lead('N2', '2026-11-16T08:00:00Z', { email: 'n2@x.com' }), // within
      ],
      activities: [
        ...['m1', 'n1', 'n2'].map((p, i) => activity(`A${i}`, '2026-11-16T10:00:00Z', { email: `${p}@x.com` })),
        callAtWeekEnd(),
      ],
    });
    const r = await wh.report(week);
    expect(r.totals).toMatchObject({ mqls: 2, slaRate: 0.75, slaRateMqls: 0.5 });
  });

  it('computes the exact median over an odd count', async () => {
    wh = await warehouseFrom({
      leads: [1, 2, 3].map((i) => lead(`L${i}`, '2026-11-16T00:00:00Z', { email: `p${i}@x.com` })),
      activities: [
        activity('A1', '2026-11-16T01:00:00Z', { email: 'p1@x.com' }),
        activity('A2', '2026-11-16T05:00:00Z', { email: 'p2@x.com' }),
        activity('A3', '2026-11-18T00:00:00Z', { email: 'p3@x.com' }),
        callAtWeekEnd(),
      ],
    });
    expect((await wh.report(week)).totals.medianHoursToFollowUp).toBe(5);
  });
});

describe('deal matching (§4.5)', () => {
  const base = {
    leads: [
      // Converted lead in Salesforce
      lead('SL1', '2026-10-01T08:00:00Z', {
        source: 'salesforce',
        email: 'conv@acme.com',
        channel: 'events',
        campaign_id: 'EV',
      }),
      // Email match person (hubspot) with a gmail address and a company domain
      lead('HL1', '2026-10-02T08:00:00Z', {
        email: 'Mia.Meier@gmail.com',
        channel: 'paid_search',
        campaign_id: 'GS',
        company_domain: 'www.beta.ch',
      }),
      // Domain-only person (business email domain)
      lead('HL2', '2026-10-03T08:00:00Z', { email: 'tom@gamma.io', channel: 'paid_social', campaign_id: 'FB' }),
      // A second gamma person, created later
      lead('HL3', '2026-10-05T08:00:00Z', { email: 'eva@gamma.io', channel: 'display', campaign_id: 'DV' }),
      // Free-mail person: gmail.com must never match a deal domain
      lead('HL4', '2026-10-03T08:00:00Z', { email: 'x@gmail.com', channel: 'email' }),
      // Old person beyond the lookback
      lead('HL5', '2025-01-01T08:00:00Z', { email: 'old@delta.com', channel: 'referral' }),
    ],
  };

  it('applies conversion, then email, then domain; first touch is the earliest person', async () => {
    wh = await warehouseFrom({
      ...base,
      deals: [
        // conversion wins over an email match to another person
        deal('D1', '2026-11-17T08:00:00Z', { converted_from_lead_id: 'SL1', contact_emails: ['mia.meier@gmail.com'] }),
        // email (gmail dots/case) wins over domain
        deal('D2', '2026-11-17T08:00:00Z', { contact_emails: ['miameier@googlemail.com'], account_domain: 'gamma.io' }),
        // domain: two persons at gamma.io, first touch = earliest (tom)
        deal('D3', '2026-11-17T08:00:00Z', { account_domain: 'GAMMA.io' }),
        // company_domain of a lead matches too (www. stripped)
        deal('D4', '2026-11-17T08:00:00Z', { account_domain: 'beta.ch' }),
        // free-mail domain never matches
        deal('D5', '2026-11-17T08:00:00Z', { account_domain: 'gmail.com' }),
        // beyond the 180-day lookback: unmatched
        deal('D6', '2026-11-17T08:00:00Z', { contact_emails: ['old@delta.com'] }),
        // person created after the deal: not a match, so the method falls through to domain
        deal('D7', '2026-10-04T08:00:00Z', { contact_emails: ['eva@gamma.io'], account_domain: 'gamma.io' }),
        // conversion names a lead of another source: no match
        deal('D8', '2026-11-17T08:00:00Z', { source: 'hubspot', converted_from_lead_id: 'SL1' }),
      ],
    });
    expect(await rows('select deal_id, person_key, match_method from int_deals__matched order by deal_id')).toEqual([
      { deal_id: 'D1', person_key: 'conv@acme.com', match_method: 'conversion' },
      { deal_id: 'D2', person_key: 'miameier@gmail.com', match_method: 'email' },
      { deal_id: 'D3', person_key: 'tom@gamma.io', match_method: 'domain' },
      { deal_id: 'D4', person_key: 'miameier@gmail.com', match_method: 'domain' },
      { deal_id: 'D7', person_key: 'tom@gamma.io', match_method: 'domain' },
    ]);
    const r = await wh.report('2026-W47');
    expect(r.totals.opportunities).toBe(7);
    expect(r.totals.marketingSourcedOpportunities).toBe(4);
    expect(r.dataQuality).toMatchObject({ dealsMatched: 5, dealsUnmatched: 3 });
    expect(r.channels.find((c) => c.channel === 'events')).toMatchObject({
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
    expect(r.channels.find((c) => c.channel === 'unattributed')).toMatchObject({
      opportunities: 3,
      marketingSourcedOpportunities: 0,
    });
  });

  it('last touch picks the latest created person among those found', async () => {
    wh = await warehouseFrom(
      { ...base, deals: [deal('D3', '2026-11-17T08:00:00Z', { account_domain: 'gamma.io' })] },
      { attribution: 'last_touch' },
    );
    expect(await rows('select person_key from int_deals__matched')).toEqual([{ person_key: 'eva@gamma.io' }]);
  });

  it('respects a configured lookback and extra free-mail domains', async () => {
    wh = await warehouseFrom(
      {
        ...base,
        deals: [
          deal('D6', '2026-11-17T08:00:00Z', { contact_emails: ['old@delta.com'] }),
          deal('D3', '2026-11-17T08:00:00Z', { account_domain: 'gamma.io' }),
        ],
      },
      { matchLookbackDays: 3650, freeMailDomains: ['gamma.io'] },
    );
    expect(await rows('select deal_id, match_method from int_deals__matched order by deal_id')).toEqual([
      { deal_id: 'D6', match_method: 'email' },
    ]);
  });

  it('ties on creation time go to the smallest lead id', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('B2', '2026-11-01T08:00:00Z', { email: 'b@zeta.com' }),
        lead('A1', '2026-11-01T08:00:00Z', { email: 'a@zeta.com' }),
      ],
      deals: [deal('D1', '2026-11-17T08:00:00Z', { account_domain: 'zeta.com' })],
    });
    expect(await rows('select person_key from int_deals__matched')).toEqual([{ person_key: 'a@zeta.com' }]);
  });
});

describe('money (§4.6) and weekly figures (§5)', () => {
  it('converts amounts and costs with fxRates and computes pipeline, won revenue, spend and ratios', async () => {
    wh = await warehouseFrom(
      {
        leads: [
          lead('L1', '2026-11-02T08:00:00Z', { email: 'a@acme.com', channel: 'paid_search', campaign_id: 'C1' }),
          lead('L2', '2026-11-16T08:00:00Z', { email: 'b@beta.com', channel: 'paid_social', campaign_id: 'C2' }),
        ],
        deals: [
          deal('D1', '2026-11-16T09:00:00Z', {
            contact_emails: ['a@acme.com'],
            amount: 10000,
            currency: 'USD',
            is_won: true,
            is_closed: true,
            closed_at: '2026-11-20T09:00:00Z',
          }),
          deal('D2', '2026-11-17T09:00:00Z', { amount: 2000, currency: 'CHF' }),
          // created in the week before, won this week: counts in won revenue, not in pipeline
          deal('D3', '2026-11-10T09:00:00Z', {
            amount: 500,
            is_won: true,
            is_closed: true,
            closed_at: '2026-11-18T09:00:00Z',
          }),
          // lost this week: neither
          deal('D4', '2026-11-01T09:00:00Z', {
            amount: 700,
            is_won: false,
            is_closed: true,
            closed_at: '2026-11-18T09:00:00Z',
          }),
        ],
        spend: [
          {
            // Friday: each platform's spend reaches the week's last 3 days (coverage per source).
            date: '2026-11-20',
            source: 'google_ads',
            platform: 'google_ads',
            campaign_id: 'C1',
            cost: 100,
            currency: 'EUR',
            channel: 'paid_search',
          },
          {
            date: '2026-11-22',
            source: 'meta',
            platform: 'meta',
            campaign_id: 'C2',
            cost: 50,
            currency: 'USD',
            channel: 'paid_social',
          },
          {
            date: '2026-11-23',
            source: 'meta',
            platform: 'meta',
            campaign_id: 'C2',
            cost: 999,
            currency: 'USD',
            channel: 'paid_social',
          },
          {
            date: '2026-11-15',
            source: 'meta',
            platform: 'meta',
            campaign_id: 'C2',
            cost: 999,
            currency: 'USD',
            channel: 'paid_social',
          },
        ],
      },
      { fxRates: { USD: 0.9, CHF: 1.05 } },
    );
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 1,
      opportunities: 2,
      marketingSourcedOpportunities: 1,
      pipeline: 11100, // 10000 × 0.9 + 2000 × 1.05
      wonDeals: 2,
      wonRevenue: 9500,
      marketingSourcedWonRevenue: 9000,
      spend: 145, // 100 + 50 × 0.9
      cpl: 145,
      costPerOpportunity: 145,
      roas: 62.069,
    });
    // C2 spent this week and produced no opportunity in W or the 3 weeks before; C1 did.
    expect(r.idleSpend).toEqual([{ platform: 'meta', campaignId: 'C2', campaignName: null, spend: 45 }]);
  });

  it('restated spend counts once: the latest load of a campaign-day wins', async () => {
    wh = await warehouseFrom({
      spend: [
        {
          date: '2026-11-16',
          source: 'google_ads',
          platform: 'google_ads',
          campaign_id: 'C1',
          cost: 100,
          currency: 'EUR',
        },
      ],
    });
    const { loadFixture } = await import('../helpers/warehouse.js');
    await loadFixture(
      wh.store,
      wh.config,
      {
        spend: [
          {
            date: '2026-11-16',
            source: 'google_ads',
            platform: 'google_ads',
            campaign_id: 'C1',
            cost: 120,
            currency: 'EUR',
          },
        ],
      },
      '2026-12-02',
    );
    await wh.engine.close();
    const { openLocalWarehouse } = await import('../../functions/adapters/local-warehouse.js');
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    expect(await rows('select cost from stg_spend')).toEqual([{ cost: 120 }]);
  });

  it('fails the refresh loudly when a currency has no rate (never a silent zero)', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { LocalStore } = await import('../../functions/adapters/local-store.js');
    const { parseConfig } = await import('../../functions/core/config.js');
    const { loadFixture } = await import('../helpers/warehouse.js');
    const { openLocalWarehouse } = await import('../../functions/adapters/local-warehouse.js');
    const dir = await mkdtemp(join(tmpdir(), 'fx-'));
    const store = new LocalStore(dir);
    // Loaded while SEK had a rate, then the rate was removed from the config.
    await loadFixture(store, parseConfig({ fxRates: { SEK: 0.09 } }), {
      deals: [deal('D1', '2026-11-16T09:00:00Z', { currency: 'SEK' })],
    });
    await expect(openLocalWarehouse(dir, parseConfig({}))).rejects.toThrow(/no FX rate for 1 deals in SEK/);
  });

  it('refuses a store with no data at all', async () => {
    wh = await warehouseFrom({});
    await expect(wh.report('2026-W47')).rejects.toThrow(/^no data loaded/);
  });

  it('gives nulls, never NaN or Infinity, for an empty week', async () => {
    // Data, but no activity or spend in W47 or the weeks before it: follow-ups and spend not
    // measured; a deal changed in the window keeps the deals measured (with 0 opportunities).
    wh = await warehouseFrom({
      leads: [lead('L1', '2026-01-05T08:00:00Z', { email: 'a@x.com' })],
      deals: [deal('D1', '2026-01-06T09:00:00Z', { updated_at: '2026-11-03T09:00:00Z' })],
    });
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 0,
      slaRate: null,
      medianHoursToFollowUp: null,
      overdue: null,
      cpl: null,
      costPerOpportunity: null,
      roas: null,
      spend: null,
      pipeline: 0,
      opportunities: 0,
    });
    expect(r.coverage.deals.measured).toBe(true);
    expect(r.coverage.spend.measured).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    expect(r.channels).toEqual([]);
  });

  it('spend without leads: cpl null; spend and no opportunities: cost per opportunity null', async () => {
    wh = await warehouseFrom({
      spend: [
        {
          date: '2026-11-22',
          source: 'google_ads',
          platform: 'google_ads',
          campaign_id: 'C1',
          cost: 10,
          currency: 'EUR',
        },
      ],
    });
    const r = await wh.report('2026-W47');
    // No deal loaded: ROAS and cost per opportunity are not measured (null), never 0.
    expect(r.totals).toMatchObject({ spend: 10, cpl: null, costPerOpportunity: null, roas: null });
    expect(r.coverage.deals.measured).toBe(false);
  });
});

describe('paid figures (§5): paid spend is judged on the paid channels only', () => {
  it('does not credit organic and referral leads and revenue to paid spend', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('P1', '2026-11-16T08:00:00Z', { email: 'p1@paid.example', channel: 'paid_search' }),
        lead('P2', '2026-11-17T08:00:00Z', { email: 'p2@paid2.example', channel: 'paid_search' }),
        lead('O1', '2026-11-16T09:00:00Z', { email: 'o1@organic.example', channel: 'organic_search' }),
        lead('R1', '2026-11-16T10:00:00Z', { email: 'r1@referral.example', channel: 'referral' }),
      ],
      deals: [
        // A paid lead's opportunity, open; an organic lead's deal, won; a referral's, won.
        deal('D1', '2026-11-18T09:00:00Z', { contact_emails: ['p1@paid.example'], amount: 5000 }),
        deal('D2', '2026-11-18T09:00:00Z', {
          contact_emails: ['o1@organic.example'],
          amount: 8000,
          is_won: true,
          is_closed: true,
          closed_at: '2026-11-19T09:00:00Z',
        }),
        deal('D3', '2026-11-18T10:00:00Z', {
          contact_emails: ['r1@referral.example'],
          amount: 2000,
          is_won: true,
          is_closed: true,
          closed_at: '2026-11-20T09:00:00Z',
        }),
      ],
      spend: [spendRow('2026-11-21', 'C1', 600), spendRow('2026-11-22', 'C1', 400)],
    });
    const r = await wh.report('2026-W47');
    expect(r.totals).toMatchObject({
      leads: 4,
      spend: 1000,
      cpl: 250, // blended: 1000 / 4
      paidLeads: 2,
      paidCpl: 500, // 1000 / 2 paid_search leads
      marketingSourcedOpportunities: 3,
      costPerOpportunity: 333.33,
      paidOpportunities: 1,
      paidCostPerOpportunity: 1000,
      marketingSourcedWonRevenue: 10000,
      roas: 10, // blended: organic and referral revenue over paid spend
      paidWonRevenue: 0,
      paidRoas: 0,
    });
    const search = r.channels.find((c) => c.channel === 'paid_search')!;
    expect(search).toMatchObject({ cpl: 500, costPerOpportunity: 1000, roas: 0 });
    const organic = r.channels.find((c) => c.channel === 'organic_search')!;
    expect(organic).toMatchObject({ cpl: null, costPerOpportunity: null, roas: null });
  });
});

describe('weeks in a non-UTC time zone (§5)', () => {
  it('assigns leads by local week boundaries, including the DST week', async () => {
    wh = await warehouseFrom(
      {
        leads: [
          lead('L1', '2026-03-22T22:30:00Z', { email: 'a@x.com' }), // Sun 23:30 Zurich (CET): week 12
          lead('L2', '2026-03-22T23:00:00Z', { email: 'b@x.com' }), // Mon 00:00 CET: week 13
          lead('L3', '2026-03-29T21:59:59Z', { email: 'c@x.com' }), // Sun 23:59:59 CEST: week 13
          lead('L4', '2026-03-29T22:00:00Z', { email: 'd@x.com' }), // Mon 00:00 CEST: week 14
        ],
        spend: [
          {
            date: '2026-03-22',
            source: 'google_ads',
            platform: 'google_ads',
            campaign_id: 'C',
            cost: 1,
            currency: 'EUR',
          },
          {
            date: '2026-03-23',
            source: 'google_ads',
            platform: 'google_ads',
            campaign_id: 'C',
            cost: 2,
            currency: 'EUR',
          },
          {
            date: '2026-03-29',
            source: 'google_ads',
            platform: 'google_ads',
            campaign_id: 'C',
            cost: 4,
            currency: 'EUR',
          },
        ],
      },
      { timezone: 'Europe/Zurich' },
    );
    const w13 = await wh.report('2026-W13');
    expect(w13).toMatchObject({ start: '2026-03-23', end: '2026-03-30', timezone: 'Europe/Zurich' });
    expect(w13.totals.leads).toBe(2);
    expect(w13.totals.spend).toBe(6);
    expect(w13.previous.leads).toBe(1);
    expect((await wh.report('2026-W14')).totals.leads).toBe(1);
  });
});
