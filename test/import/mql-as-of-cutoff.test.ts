/**
 * Field case G8 (#15 item 5): MQLs as of the cutoff, from every version of a lead loaded. A
 * lead recycled after its week stays an MQL of that week, and one qualified weeks later is
 * not, so re-running a past week gives the figure it gave when it was sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('G8: lifecycle stages that move after the week', () => {
  it('1 MQL in 2026-W47 before and after the later export', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    expect(await run.import('G8/contacts-2026-11-23.csv', 'hubspot-contacts-csv')).toContain('3 loaded, 0 rejected');
    const before = await run.report('2026-W47');
    expect(before.totals).toMatchObject({ leads: 3, mqls: 1 });
    // Two weeks later: Ava recycled to Lead, Ben and Cai qualified in December.
    expect(await run.import('G8/contacts-2026-12-07.csv', 'hubspot-contacts-csv')).toContain('3 loaded, 0 rejected');
    const after = await run.report('2026-W47');
    expect(after.totals).toMatchObject({ leads: 3, mqls: 1 });
    // The analysts' current view still says what each lead is today.
    expect(await run.query('select count(*) as n from fct_persons where is_mql')).toEqual([{ n: 2 }]);
  });
});

describe('G10: exports without a modification time, the first taken after the week', () => {
  it('HubSpot: contacts still Lead in an export after W47 stay out of W47’s MQLs when a later export says MQL', async () => {
    run = await fieldCase('cfg-berlin.json');
    // Exported on 23 Nov, after W47's cutoff: 302 is an MQL, 301 and 303 are Leads.
    expect(await run.import('G10/contacts-2026-11-23.csv', 'hubspot-contacts-csv', { date: '2026-11-23' })).toContain(
      '3 loaded, 0 rejected',
    );
    expect((await run.report('2026-W47')).totals).toMatchObject({ leads: 3, mqls: 1 });
    await run.send('2026-W47');
    // Exported on 30 Nov: 301 is an MQL, 303 an SQL; when they qualified, the file does not say.
    expect(await run.import('G10/contacts-2026-11-30.csv', 'hubspot-contacts-csv', { date: '2026-11-30' })).toContain(
      '3 loaded, 0 rejected',
    );
    const w48 = await run.report('2026-W48');
    expect(w48.previous).toMatchObject({ leads: 3, mqls: 1 });
    expect(w48.restatements).toEqual([]);
    expect(await run.text('2026-W48')).not.toContain('restated');
    expect((await run.report('2026-W47')).totals).toMatchObject({ leads: 3, mqls: 1 });
    // They became MQLs after the end of 23 Nov, when the first export still said Lead.
    const since = await run.query(
      "select lead_id, strftime(mql_since, '%Y-%m-%d %H:%M') as mql_since from stg_leads order by lead_id",
    );
    expect(since).toEqual([
      { lead_id: '301', mql_since: '2026-11-24 00:00' },
      { lead_id: '302', mql_since: '2026-11-18 10:00' },
      { lead_id: '303', mql_since: '2026-11-24 00:00' },
    ]);
  }, 180_000);

  it('Salesforce: leads New in an export after W48 stay out of W48’s MQLs and disqualified when a later export says Qualified or Unqualified', async () => {
    run = await fieldCase({ reportingCurrency: 'EUR', timezone: 'Europe/Paris', locale: 'fr-FR' });
    expect(await run.import('G10/sf-leads-2026-11-30.csv', 'salesforce-leads-csv', { date: '2026-11-30' })).toContain(
      '5 loaded, 0 rejected',
    );
    const before = await run.report('2026-W48');
    expect(before.totals).toMatchObject({ leads: 5, mqls: 0 });
    expect(await run.import('G10/sf-leads-2026-12-07.csv', 'salesforce-leads-csv', { date: '2026-12-07' })).toContain(
      '5 loaded, 0 rejected',
    );
    // Léa, Paul and Chloé now Qualified, Inès Unqualified: as of W48's cutoff the 30 Nov export
    // (New, Working) is the nearest evidence of them all.
    const after = await run.report('2026-W48');
    expect(after.totals).toMatchObject({ leads: 5, mqls: 0 });
    expect(before.leadQuality?.totals.disqualified).toBe(1);
    expect(after.leadQuality?.totals).toMatchObject({ persons: 5, disqualified: 1 });
  }, 180_000);
});
