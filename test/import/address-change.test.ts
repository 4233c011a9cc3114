/**
 * Field cases K1 (a HubSpot contact's address changed) and K2 (a Mailchimp member's address
 * changed), end to end as a user runs them: `funnel import` of the exports, the week's report,
 * then the next day's exports and the same week again. Methodology rule 2 (every address a
 * record has had in any version loaded is a key of its person) and rule 1 (a record is one
 * lead whatever its versions say): a past week re-run gives the figures it gave.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand } from '../../bin/cli/commands.js';
import { FIELD_CASES, fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const BERLIN = {
  reportingCurrency: 'EUR',
  fxRates: { USD: 0.92 },
  timezone: 'Europe/Berlin',
  followUpSlaHours: 24,
  report: { from: 'one-funnel <report@ourco.example>', to: ['mkt@ourco.example', 'sales@ourco.example'] },
};

type Report = Awaited<ReturnType<FieldCaseRun['report']>>;

/** The W48 figures an address change could move: follow-ups, deal matches and ROAS. */
const figures = (report: Report) => {
  const t = report.totals;
  return {
    leads: t.leads,
    withinSla: t.followedUpWithinSla,
    late: t.followedUpLate,
    overdue: t.overdue,
    median: t.medianHoursToFollowUp,
    marketingWon: t.marketingSourcedWonRevenue,
    roas: t.roas,
  };
};

/** K1: contacts, deals and activities exported 30 Nov, and the week's Google Ads spend. */
async function k1(activities: string): Promise<FieldCaseRun> {
  const r = await fieldCase(BERLIN);
  await r.import('K1/contacts-1130.csv', 'hubspot-contacts-csv');
  await r.import('K1/deals-1130.csv', 'hubspot-deals-csv');
  await r.import(activities, 'hubspot-activities-csv');
  await r.import('K1/gads-w48.csv', 'google-ads-csv');
  return r;
}

describe("K1: a HubSpot contact's address changed after the week was reported", () => {
  // Ben's address changed on 30 Nov (ben@ → ben.ortiz@). His email of 25 Nov, logged against
  // the old address, was no longer his: late 1 → 0, overdue 3 → 4, median 2.0 → 1.5 h.
  it('his email of 25 Nov stays his follow-up, and his won deal stays marketing-sourced', async () => {
    run = await k1('K1/activities-1130.csv');
    const before = figures(await run.report('2026-W48'));
    expect(before).toMatchObject({ leads: 6, withinSla: 2, late: 1, overdue: 3, median: 2, marketingWon: 5000 });
    await run.import('K1/contacts-1201.csv', 'hubspot-contacts-csv', { date: '2026-12-01', snapshot: true });
    await run.import('K1/deals-1201.csv', 'hubspot-deals-csv', { date: '2026-12-01', snapshot: true });
    expect(figures(await run.report('2026-W48'))).toEqual(before);
    // Both addresses are keys of his person; the person is named by the current one.
    expect(
      await run.query(
        "select email_key, list_sort(additional_email_keys) as keys from int_leads__keyed where lead_id = '202'",
      ),
    ).toEqual([
      { email_key: 'ben.ortiz@fabrikam.example', keys: ['ben.ortiz@fabrikam.example', 'ben@fabrikam.example'] },
    ]);
  });

  // The activities name their contacts by id too, and only the contacts were exported again:
  // the €5,000 won deal, whose contact was the old address, flipped to sales-sourced (ROAS
  // 4.8× → 0.0×).
  it('only the contacts re-imported: the won deal found by the old address stays marketing-sourced', async () => {
    run = await k1('K1/activities-ids-1130.csv');
    const before = figures(await run.report('2026-W48'));
    expect(before).toMatchObject({ marketingWon: 5000, roas: expect.closeTo(4.76, 2) });
    await run.import('K1/contacts-1201.csv', 'hubspot-contacts-csv', { date: '2026-12-01', snapshot: true });
    expect(figures(await run.report('2026-W48'))).toEqual(before);
  });

  // The old address is no one else's: were it another lead's own address, it would stay that
  // lead's (further keys never make or join persons).
  it("an old address that is now another contact's own stays that contact's", async () => {
    run = await k1('K1/activities-1130.csv');
    await run.import('K1/contacts-1201.csv', 'hubspot-contacts-csv', { date: '2026-12-01', snapshot: true });
    const { writeFile } = await import('node:fs/promises');
    const other = join(run.dir, 'contacts-1202.csv');
    await writeFile(
      other,
      'Record ID,First Name,Last Name,Email,Company Name,Create Date,Last Modified Date,Lifecycle Stage,Original Source\n' +
        '299,Bea,Ortiz,ben@fabrikam.example,Fabrikam,2026-12-02 09:00,2026-12-02 09:00,Lead,Direct Traffic\n',
    );
    await run.import(other, 'hubspot-contacts-csv', { date: '2026-12-02' });
    const persons = await run.query(
      "select person_key, handle from int_persons__handles where handle = 'Eben@fabrikam.example'",
    );
    expect(persons).toEqual([{ person_key: 'ben@fabrikam.example', handle: 'Eben@fabrikam.example' }]);
    expect(
      await run.query(
        "select count(*)::int as n from int_leads__keyed where person_key in ('ben@fabrikam.example', 'ben.ortiz@fabrikam.example')",
      ),
    ).toEqual([{ n: 2 }]);
  });
});

describe("K2: a Mailchimp member's address changed after its week was sent", () => {
  // Ravi's address changed on 30 Nov; his LEID, EUID and OPTIN_TIME stayed. The lead id was
  // the md5 of the address: W47 leads 2 → 3, "Week 47 leads restated since its email: 2 → 3".
  it('W47 keeps 2 leads, and the next email restates nothing', async () => {
    run = await fieldCase(BERLIN);
    const global = { config: join(run.dir, 'config.json'), dataDir: join(run.dir, 'data') };
    await run.import('K2/subscribed-1123.csv', 'mailchimp-audience-csv', { date: '2026-11-23' });
    const sent = await reportCommand(
      {
        week: '2026-W47',
        format: 'text',
        send: true,
        outboxOnly: true,
        allowStale: true,
        allowIncomplete: true,
        now: new Date('2026-11-24T08:00:00Z'),
      },
      global,
    );
    expect(sent.report.totals.leads).toBe(2);
    expect(sent.stdout).toContain('2026-W47: sent');
    // A plain import, not --snapshot: the member's earlier version is not marked deleted.
    await run.import('K2/subscribed-1201.csv', 'mailchimp-audience-csv', { date: '2026-12-01' });
    expect((await run.report('2026-W47')).totals.leads).toBe(2);
    const w48 = await run.report('2026-W48');
    expect(w48.restatements).toEqual([]);
    expect(await run.text('2026-W48')).not.toMatch(/restated/);
    // One record, read by its LEID, with both addresses as keys of its person.
    expect(
      await run.query(
        "select lead_id, email_key, list_sort(additional_email_keys) as keys from int_leads__keyed where lead_id = '311000002'",
      ),
    ).toEqual([
      {
        lead_id: '311000002',
        email_key: 'ravi@contoso-group.example',
        keys: ['ravi.menon@contoso.example', 'ravi@contoso-group.example'],
      },
    ]);
  });

  // Loads made before the LEID was read stored the member under the md5 of its address: the
  // member read by its LEID lists that id as merged into it, so it stays one lead.
  it('a member loaded under its address hash, then by its LEID, is one lead', async () => {
    run = await fieldCase(BERLIN);
    const { writeFile } = await import('node:fs/promises');
    const old = join(run.dir, 'subscribed-old.csv');
    await writeFile(
      old,
      '"Email Address","First Name",OPTIN_TIME,LAST_CHANGED\n' +
        'ravi.menon@contoso.example,Ravi,"2026-11-18 09:12:00","2026-11-18 09:13:30"\n',
    );
    await run.import(old, 'mailchimp-audience-csv', { date: '2026-11-22' });
    await run.import('K2/subscribed-1123.csv', 'mailchimp-audience-csv', { date: '2026-11-23' });
    expect((await run.report('2026-W47')).totals.leads).toBe(2);
    const records = await run.query(
      "select lead_id, merged_into_lead_id from stg_leads where source = 'mailchimp' order by merged_into_lead_id nulls first, lead_id",
    );
    expect(records).toEqual([
      { lead_id: '311000001', merged_into_lead_id: null },
      { lead_id: '311000002', merged_into_lead_id: null },
      // Its md5 id of the first load: a record of the member, no lead of its own.
      { lead_id: expect.stringMatching(/^[0-9a-f]{32}$/), merged_into_lead_id: '311000002' },
    ]);
  });

  // An export without the LEID column stored the member under its EUID; the next, with LEID
  // and EUID, under its LEID, and the address had changed: W47 read 3 leads, not 2.
  it('a member loaded by its EUID, then by its LEID after its address changed, is one lead', async () => {
    run = await fieldCase(BERLIN);
    const { readFile, writeFile } = await import('node:fs/promises');
    const fixture = await readFile(join(FIELD_CASES, 'K2/subscribed-1123.csv'), 'utf8');
    // The same export without its LEID column (the 18th).
    const euidOnly = fixture
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== 17)
          .join(','),
      )
      .join('\n');
    expect(euidOnly).not.toMatch(/LEID|311000002/);
    const old = join(run.dir, 'subscribed-euid.csv');
    await writeFile(old, euidOnly);
    await run.import(old, 'mailchimp-audience-csv', { date: '2026-11-23' });
    expect((await run.report('2026-W47')).totals.leads).toBe(2);
    await run.import('K2/subscribed-1201.csv', 'mailchimp-audience-csv', { date: '2026-12-01' });
    expect((await run.report('2026-W47')).totals.leads).toBe(2);
    expect(await run.query("select lead_id, merged_into_lead_id from stg_leads where lead_id = 'f1e2d3c4b6'")).toEqual([
      { lead_id: 'f1e2d3c4b6', merged_into_lead_id: '311000002' },
    ]);
  });
});
