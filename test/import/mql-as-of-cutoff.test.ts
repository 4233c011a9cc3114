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
