/**
 * Field case C1 (a converted Salesforce lead, in files) and variants of its kind, end to end as a
 * user runs them: `funnel import` of the exports, then the report and the reconciliation
 * models. Converting a lead moves its tasks to the new contact and makes the opportunity; the
 * Task and Opportunity exports then name the contact and nothing of the lead, and only the
 * lead's own row says where it went (`ConvertedContactId`, `ConvertedOpportunityId`). SPEC §4.4
 * (a follow-up on the person's lead), §4.5a (a deal matched by conversion).
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
  const dir = await mkdtemp(join(tmpdir(), 'conversion-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const ANNA = '00Q5g00000AbCdEEAV';
const OPPORTUNITY = '0065g00000QqQqAAAV';

describe('C1: a converted Salesforce lead in Data Loader exports', () => {
  it('C1: Anna followed up 4 h after she came in (on her contact), her opportunity marketing-sourced by conversion', async () => {
    run = await fieldCase('cfg-ny.json');
    expect(await run.import('C1/leads-dataloader.csv', 'salesforce-leads-csv')).toContain('2 loaded, 0 rejected');
    expect(await run.import('C1/tasks-dataloader.csv', 'salesforce-activities-csv')).toContain('2 loaded, 0 rejected');
    expect(await run.import('C1/opps-dataloader.csv', 'salesforce-opportunities-csv')).toContain(
      '1 loaded, 0 rejected',
    );
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({
      leads: 2,
      followedUpWithinSla: 2,
      followedUpLate: 0,
      overdue: 0,
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
    expect(report.overdueLeads).toEqual([]);
    expect(report.dataQuality).toMatchObject({ dealsMatched: 1, dealsUnmatched: 0 });
    expect(await run.query('select deal_id, match_method from int_deals__matched')).toEqual([
      { deal_id: OPPORTUNITY, match_method: 'conversion' },
    ]);
    // Where the pointers are kept, for analysts: on the lead and on the activity.
    expect(
      await run.query(`select converted_contact_id, converted_deal_id from leads where lead_id = '${ANNA}'`),
    ).toEqual([{ converted_contact_id: '0035g00000XyZaBAAV', converted_deal_id: OPPORTUNITY }]);
    expect(await run.query('select activity_id, lead_id, contact_id from stg_activities order by 1')).toEqual([
      { activity_id: '00T5g00000TtTtAEAV', lead_id: null, contact_id: '0035g00000XyZaBAAV' },
      { activity_id: '00T5g00000TtTtBEAV', lead_id: '00Q5g00000AbCdFEAV', contact_id: null },
    ]);
  });

  it('report exports with 15-character ids (tasks by Contact ID, the opportunity) tie to the Data Loader lead', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('C1/opps-report.csv', 'salesforce-opportunities-csv');
    await run.import('C1/tasks-report.csv', 'salesforce-activities-csv');
    // The leads last: what was loaded before it links once the lead says where it went.
    await run.import('C1/leads-dataloader.csv', 'salesforce-leads-csv');
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({
      followedUpWithinSla: 2,
      overdue: 0,
      opportunities: 1,
      marketingSourcedOpportunities: 1,
    });
  });

  it('a 15-character ConvertedContactId / ConvertedOpportunityId on the lead is the same record', async () => {
    run = await fieldCase('cfg-ny.json');
    const leads = await file('leads.csv', [
      'Id,Email,Company,CreatedDate,LastModifiedDate,Status,IsConverted,ConvertedContactId,ConvertedOpportunityId',
      '00Q5g00000AbCdE,anna.kowalski@gmail.com,Kowalski Consulting,2026-11-16T14:00:00.000Z,2026-11-17T15:00:00.000Z,Closed - Converted,true,0035g00000XyZaB,0065g00000QqQqA',
    ]);
    await run.import(leads, 'salesforce-leads-csv');
    await run.import('C1/tasks-dataloader.csv', 'salesforce-activities-csv');
    await run.import('C1/opps-dataloader.csv', 'salesforce-opportunities-csv');
    expect((await run.report('2026-W47')).totals).toMatchObject({
      leads: 1,
      followedUpWithinSla: 1,
      overdue: 0,
      marketingSourcedOpportunities: 1,
    });
  });

  it('a contact that no lead was converted into follows up nobody, and an opportunity no lead names is sales-sourced', async () => {
    run = await fieldCase('cfg-ny.json');
    // Anna's lead as exported before her conversion: no pointers yet.
    const leads = await file('leads.csv', [
      'Id,Email,Company,CreatedDate,LastModifiedDate,Status,IsConverted',
      `${ANNA},anna.kowalski@gmail.com,Kowalski Consulting,2026-11-16T14:00:00.000Z,2026-11-16T14:00:00.000Z,Open - Not Contacted,false`,
    ]);
    await run.import(leads, 'salesforce-leads-csv');
    await run.import('C1/tasks-dataloader.csv', 'salesforce-activities-csv');
    await run.import('C1/opps-dataloader.csv', 'salesforce-opportunities-csv');
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({ followedUpWithinSla: 0, overdue: 1, opportunities: 1 });
    // The opportunity names no contact and no lead records a conversion: nothing says how this
    // CRM's deals link to leads, so it is not called sales-sourced (deal-sources.ts, unlinked).
    expect(report.coverage.deals.dealsUnlinked).toEqual(['salesforce']);
    expect(report.totals.marketingSourcedOpportunities).toBeNull();
    expect(await run.query('select is_marketing_sourced from fct_deals')).toEqual([{ is_marketing_sourced: false }]);
    // With a converted lead in the data, the same opportunity is sales-sourced as measured.
    await run.import('C1/leads-dataloader.csv', 'salesforce-leads-csv');
    expect((await run.report('2026-W47')).coverage.deals).not.toHaveProperty('dealsUnlinked');
  });

  it('a contact id or deal id of another source never links (same-source ids only)', async () => {
    run = await fieldCase('cfg-ny.json');
    await run.import('C1/leads-dataloader.csv', 'salesforce-leads-csv');
    // The same ids under another source, as canonical files (the Salesforce formats load as `salesforce`).
    const activities = await file('activities.csv', [
      'activity_id,source,type,occurred_at,contact_id',
      'T1,hubspot,call,2026-11-16T18:00:00Z,0035g00000XyZaBAAV',
    ]);
    const deals = await file('deals.csv', [
      'deal_id,source,created_at,amount,currency',
      `${OPPORTUNITY},hubspot,2026-11-17T15:00:00Z,10000,USD`,
    ]);
    await run.import(activities, 'canonical-activities');
    await run.import(deals, 'canonical-deals');
    const totals = (await run.report('2026-W47')).totals;
    // The hubspot deal names no one and no hubspot lead records a conversion: not measured.
    expect(totals.marketingSourcedOpportunities).toBeNull();
    expect(await run.query('select is_marketing_sourced from fct_deals')).toEqual([{ is_marketing_sourced: false }]);
    expect(totals.overdue).toBe(2);
  });
});
