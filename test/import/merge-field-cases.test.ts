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
    expect(await run.query('select lead_id from stg_leads order by lead_id')).toEqual([
      { lead_id: '101' },
      { lead_id: '103' },
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
      '"Record ID","Email","Create Date","Original Source","Additional email addresses"',
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
});
