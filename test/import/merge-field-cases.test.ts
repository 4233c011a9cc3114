/**
 * Field case F4 (HubSpot merges) and variants of its kind, end to end as a user runs them:
 * `funnel import` of the exports, then the report and the reconciliation models. SPEC §4.1
 * (a record merged into another is no lead of its own; what names it counts for the survivor)
 * and §4.2 (a lead's further addresses are keys of its person).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own to a temp file. */
async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'merges-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** F4 as the user loads it: the export before the merge, then the one after. */
async function f4(): Promise<FieldCaseRun> {
  const r = await fieldCase('cfg-ny.json');
  expect(await r.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv')).toContain('3 loaded, 0 rejected');
  expect(await r.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv')).toContain('2 loaded, 0 rejected');
  return r;
}

const NY = { reportingCurrency: 'USD', fxRates: { EUR: 1.08, GBP: 1.27 }, timezone: 'America/New_York' };
const ACTIVITIES = 'activity_id,source,type,occurred_at,email,lead_id,is_automated';
const DEALS = 'deal_id,source,created_at,amount,currency,converted_from_lead_id,contact_emails';

const channelLeads = (report: Awaited<ReturnType<FieldCaseRun['report']>>, channel: string) =>
  report.channels.find((c) => c.channel === channel)?.leads ?? 0;

describe('F4: two contacts of one person merged in HubSpot', () => {
  it('F4: 2 leads in 2026-W46, the merged person once with her earliest record, 0 paid_social leads', async () => {
    run = await f4();
    const report = await run.report('2026-W46');
    expect(report.totals.leads).toBe(2);
    expect(channelLeads(report, 'paid_social')).toBe(0);
    expect(channelLeads(report, 'paid_search')).toBe(1);
    // 102 stays as a record of 101's person, never a lead of its own.
    expect(await run.query('select lead_id, merged_into_lead_id from stg_leads order by lead_id')).toEqual([
      { lead_id: '101', merged_into_lead_id: null },
      { lead_id: '102', merged_into_lead_id: '101' },
      { lead_id: '103', merged_into_lead_id: null },
    ]);
    expect(await run.query('select count(*)::int as n, sum(count_leads)::int as leads from fct_persons')).toEqual([
      { n: 2, leads: 2 },
    ]);
    const anna = await run.query(
      "select channel, created_at from fct_persons where email_key = 'anna.keller@northwind.example'",
    );
    expect(anna).toHaveLength(1);
    expect(anna[0]?.channel).toBe('paid_search');
    expect(anna[0]?.created_at).toBe('2026-11-09T15:12:00.000Z');
    const stored = await run.query(
      "select merged_lead_ids, additional_emails, additional_email_keys from leads where lead_id = '101' and merged_lead_ids is not null and len(merged_lead_ids) > 0",
    );
    expect(stored).toEqual([
      {
        merged_lead_ids: ['102'],
        additional_emails: ['anna.keller78@gmail.com'],
        additional_email_keys: ['annakeller78@gmail.com'],
      },
    ]);
  });

  it('loaded in the other order (the later export first), the merged-away record still is no lead of its own', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv');
    await run.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv');
    const report = await run.report('2026-W46');
    expect(report.totals.leads).toBe(2);
    expect(channelLeads(report, 'paid_social')).toBe(0);
  });

  it('a follow-up logged on the merged-away contact id counts for the survivor', async () => {
    run = await f4();
    const acts = await file('activities.csv', [
      ACTIVITIES,
      // On 102 only (no email): before the merge it was Anna's second contact.
      'a-1,hubspot,call,2026-11-10T12:00:00Z,,102,false',
      // Ben's, so the follow-up family is measured and he is followed up too.
      'a-2,hubspot,email,2026-11-11T20:00:00Z,ben.ortiz@fabrikam.example,,false',
    ]);
    await run.import(acts, 'canonical-activities');
    const report = await run.report('2026-W46');
    expect(report.totals.followedUpWithinSla).toBe(2);
    expect(report.totals.overdue).toBe(0);
  });

  it('an activity to the survivor’s additional address follows up the person (written differently)', async () => {
    run = await f4();
    const acts = await file('activities.csv', [
      ACTIVITIES,
      'a-1,hubspot,email,2026-11-10T12:00:00Z,Anna.Keller78+crm@GoogleMail.com,,false',
      'a-2,hubspot,email,2026-11-11T20:00:00Z,ben.ortiz@fabrikam.example,,false',
    ]);
    await run.import(acts, 'canonical-activities');
    const report = await run.report('2026-W46');
    expect(report.totals.followedUpWithinSla).toBe(2);
    expect(report.totals.overdue).toBe(0);
  });

  it('a deal converted from the merged-away lead is marketing-sourced via the survivor', async () => {
    run = await f4();
    const deals = await file('deals.csv', [DEALS, 'd-1,hubspot,2026-11-12T15:00:00Z,5000,USD,102,']);
    await run.import(deals, 'canonical-deals');
    const report = await run.report('2026-W46');
    expect(report.totals.opportunities).toBe(1);
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
    expect(await run.query('select match_method from int_deals__matched')).toEqual([{ match_method: 'conversion' }]);
    expect(report.channels.find((c) => c.channel === 'paid_search')?.marketingSourcedOpportunities).toBe(1);
  });

  it('a deal whose contact is the survivor’s additional address matches the person by email', async () => {
    run = await f4();
    const deals = await file('deals.csv', [
      DEALS,
      'd-1,hubspot,2026-11-12T15:00:00Z,5000,USD,,anna.keller78@gmail.com',
    ]);
    await run.import(deals, 'canonical-deals');
    const report = await run.report('2026-W46');
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
    expect(await run.query('select match_method from int_deals__matched')).toEqual([{ match_method: 'email' }]);
  });

  it('a further address that is another person’s own email stays that person’s: no follow-up is counted twice', async () => {
    run = await fieldCase('cfg-ny.json');
    const contacts = await file('contacts.csv', [
      '"Record ID","Email","Create Date","Original Source","Additional email addresses","Lifecycle Stage"',
      '"201","eva@acme.example","2026-11-09 10:00","Paid Search","team@acme.example"',
      '"202","team@acme.example","2026-11-09 11:00","Organic Search",""',
    ]);
    await run.import(contacts, 'hubspot-contacts-csv');
    const acts = await file('activities.csv', [
      ACTIVITIES,
      'a-1,hubspot,call,2026-11-09T20:00:00Z,team@acme.example,,false',
    ]);
    await run.import(acts, 'canonical-activities');
    const report = await run.report('2026-W46');
    expect(report.totals.leads).toBe(2);
    expect(report.totals.followedUpWithinSla).toBe(1);
    expect(report.totals.overdue).toBe(1);
  });

  it('the merged-away record was created first: the person is created then, with its channel (first touch)', async () => {
    run = await fieldCase('cfg-ny.json');
    const header =
      '"Record ID","Email","Create Date","Last Modified Date","Original Source","Additional email addresses","Merged Contact IDs","Lifecycle Stage"';
    await run.import(
      await file('before.csv', [
        header,
        '"201","eva@acme.example","2026-11-10 09:00","2026-11-10 09:00","Paid Search","",""',
        // Eva's first visit, a week earlier, under her private address.
        '"202","eva.private@gmail.com","2026-11-05 18:00","2026-11-05 18:00","Paid Social","",""',
      ]),
      'hubspot-contacts-csv',
    );
    await run.import(
      await file('after.csv', [
        header,
        '"201","eva@acme.example","2026-11-10 09:00","2026-11-12 10:00","Paid Search","eva.private@gmail.com","202"',
      ]),
      'hubspot-contacts-csv',
    );
    const w45 = await run.report('2026-W45');
    const w46 = await run.report('2026-W46');
    expect(w45.totals.leads).toBe(1);
    expect(channelLeads(w45, 'paid_social')).toBe(1);
    expect(w46.totals.leads).toBe(0);
    expect(await run.query('select person_key, created_at, channel, count_leads::int as n from fct_persons')).toEqual([
      { person_key: 'eva@acme.example', created_at: '2026-11-05T23:00:00.000Z', channel: 'paid_social', n: 1 },
    ]);
  });

  it('merged twice: the latest survivor takes both records, and a half-listed chain makes no phantom person', async () => {
    run = await fieldCase('cfg-ny.json');
    const LEADS = 'lead_id,source,email,created_at,updated_at,channel,merged_lead_ids';
    await run.import(
      await file('leads.csv', [
        LEADS,
        // 301 merged into 302, then 302 into 303: 302's last version still lists 301.
        '301,hubspot,eva.a@gmail.com,2026-11-09T14:00:00Z,2026-11-09T14:00:00Z,paid_social,',
        '302,hubspot,eva.b@gmail.com,2026-11-10T14:00:00Z,2026-11-11T09:00:00Z,events,301',
        '303,hubspot,eva@acme.example,2026-11-11T14:00:00Z,2026-11-12T09:00:00Z,paid_search,302;301',
        // 311 merged into 312, then 312 into 313, whose list names only 312.
        '311,hubspot,tom.a@gmail.com,2026-11-09T15:00:00Z,2026-11-09T15:00:00Z,paid_social,',
        '312,hubspot,tom.b@gmail.com,2026-11-10T15:00:00Z,2026-11-11T09:00:00Z,events,311',
        '313,hubspot,tom@acme.example,2026-11-11T15:00:00Z,2026-11-12T09:00:00Z,paid_search,312',
      ]),
      'canonical-leads',
    );
    expect(await run.query('select lead_id, merged_into_lead_id from stg_leads order by lead_id')).toEqual([
      { lead_id: '301', merged_into_lead_id: '303' },
      { lead_id: '302', merged_into_lead_id: '303' },
      { lead_id: '303', merged_into_lead_id: null },
      { lead_id: '311', merged_into_lead_id: '312' },
      { lead_id: '312', merged_into_lead_id: '313' },
      { lead_id: '313', merged_into_lead_id: null },
    ]);
    // Eva from her first record; Tom from his middle one (the chain's first step is not followed).
    expect(await run.query('select person_key, created_at, channel from fct_persons order by person_key')).toEqual([
      { person_key: 'eva@acme.example', created_at: '2026-11-09T14:00:00.000Z', channel: 'paid_social' },
      { person_key: 'tom@acme.example', created_at: '2026-11-10T15:00:00.000Z', channel: 'events' },
    ]);
    expect((await run.report('2026-W46')).totals.leads).toBe(2);
  });

  it('under last touch the latest record gives the channel, merged-away ones included', async () => {
    run = await fieldCase({ ...NY, attribution: 'last_touch' });
    await run.import('F4/contacts-before-merge.csv', 'hubspot-contacts-csv');
    await run.import('F4/contacts-after-merge.csv', 'hubspot-contacts-csv');
    // 102 (Paid Social) was created after 101, so under last touch Anna is paid_social.
    const anna = await run.query(
      "select channel, created_at from fct_persons where email_key = 'anna.keller@northwind.example'",
    );
    expect(anna).toEqual([{ channel: 'paid_social', created_at: '2026-11-09T15:12:00.000Z' }]);
  });
});

describe('Salesforce-style merges: the deleted loser names the lead it was merged into', () => {
  const LEADS =
    'lead_id,source,email,created_at,updated_at,channel,is_deleted,merged_into_lead_id,lifecycle_stage,owner_id';
  const leads = () =>
    file('leads.csv', [
      LEADS,
      // The kept lead, created later; the loser, created first and deleted by the merge.
      '00Q000000000002EAA,salesforce,max@contoso.example,2026-11-10T14:00:00Z,2026-11-12T09:00:00Z,events,false,,lead,005A',
      '00Q000000000001EAA,salesforce,max.m@gmail.com,2026-11-09T16:00:00Z,2026-11-12T09:00:00Z,paid_search,true,00Q000000000002EAA,mql,005B',
      '00Q000000000003EAA,salesforce,li@fabrikam.example,2026-11-11T13:00:00Z,2026-11-11T13:00:00Z,referral,false,,lead,005A',
    ]);

  it('one person, created when the loser was, with its channel; the loser is no lead of its own', async () => {
    run = await fieldCase('cfg-ny.json');
    expect(await run.import(await leads(), 'canonical-leads')).toContain('3 loaded, 0 rejected');
    const report = await run.report('2026-W46');
    expect(report.totals.leads).toBe(2);
    expect(channelLeads(report, 'paid_search')).toBe(1);
    expect(channelLeads(report, 'events')).toBe(0);
    // The loser was an MQL: the person was.
    expect(report.totals.mqls).toBe(1);
    expect(
      await run.query(
        "select created_at, channel, owner_id, count_leads::int as n from fct_persons where email_key = 'max@contoso.example'",
      ),
    ).toEqual([{ created_at: '2026-11-09T16:00:00.000Z', channel: 'paid_search', owner_id: '005A', n: 1 }]);
  });

  it('an activity and a deal naming the loser (loaded before the merge) count for the survivor', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(await leads(), 'canonical-leads');
    await run.import(
      await file('activities.csv', [
        ACTIVITIES,
        'a-1,salesforce,call,2026-11-10T10:00:00Z,,00Q000000000001EAA,false',
        'a-2,salesforce,call,2026-11-11T15:00:00Z,,00Q000000000003EAA,false',
      ]),
      'canonical-activities',
    );
    await run.import(
      await file('deals.csv', [DEALS, 'd-1,salesforce,2026-11-13T15:00:00Z,5000,USD,00Q000000000001EAA,']),
      'canonical-deals',
    );
    const report = await run.report('2026-W46');
    expect(report.totals.followedUpWithinSla).toBe(2);
    expect(report.totals.overdue).toBe(0);
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
    expect(report.channels.find((c) => c.channel === 'paid_search')?.marketingSourcedOpportunities).toBe(1);
    expect(await run.query('select match_method from int_deals__matched')).toEqual([{ match_method: 'conversion' }]);
  });

  it('the loser’s address is a further key of the survivor, unless it is another lead’s own', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(await leads(), 'canonical-leads');
    await run.import(
      await file('deals.csv', [DEALS, 'd-1,salesforce,2026-11-13T15:00:00Z,5000,USD,,Max.M@gmail.com']),
      'canonical-deals',
    );
    expect((await run.report('2026-W46')).totals.marketingSourcedOpportunities).toBe(1);
    expect(await run.query('select match_method from int_deals__matched')).toEqual([{ match_method: 'email' }]);
  });

  it('a loser whose kept lead is missing or deleted is dropped like a deleted lead', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import(
      await file('leads.csv', [
        LEADS,
        '00Q000000000001EAA,salesforce,max.m@gmail.com,2026-11-09T16:00:00Z,2026-11-12T09:00:00Z,paid_search,true,00Q000000000009EAA,lead,005B',
        '00Q000000000004EAA,salesforce,ann@contoso.example,2026-11-09T16:00:00Z,2026-11-12T09:00:00Z,paid_search,true,00Q000000000005EAA,lead,005B',
        '00Q000000000005EAA,salesforce,ann2@contoso.example,2026-11-10T16:00:00Z,2026-11-12T10:00:00Z,events,true,,lead,005B',
      ]),
      'canonical-leads',
    );
    expect((await run.report('2026-W46')).totals.leads).toBe(0);
    expect(await run.query('select count(*)::int as n from stg_leads')).toEqual([{ n: 0 }]);
  });
});
