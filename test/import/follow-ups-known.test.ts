/**
 * No lead is judged "not followed up" on days no activity load speaks for (docs/methodology.md,
 * "Follow-ups known"): the overdue list, its owners, "Worth a look", the cohorts' "followed up",
 * the follow-up effect and the week's SLA figures. Two shapes, as users import them:
 * - an activities export that starts on 18 Nov (with `--period 2026-11-18..2026-11-29`, and
 *   without), beside leads of the four weeks before: every lead was called 2 h after it came in;
 * - two activities exports with a gap between their declared periods (9–18 Nov and 23–29 Nov):
 *   the leads of 19–22 Nov were called too, in an export never loaded.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emailText } from '../helpers/email-text.js';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const CONFIG = { reportingCurrency: 'EUR', timezone: 'UTC', followUpSlaHours: 24 };
const LEAD_HEADER =
  'lead_id,email,first_name,last_name,company,company_domain,created_at,updated_at,lifecycle_stage,mql_at,owner_id,channel,campaign_id,campaign_name,utm_campaign';
const ACTIVITY_HEADER = 'activity_id,type,occurred_at,owner_id,email,lead_id,is_automated,has_happened';
const OWNERS =
  'owner_id,name,email,is_active,updated_at\no1,Anna Muster,anna@ourco.com,true,\no2,Ben Keller,ben@ourco.com,true,\n';

interface Lead {
  id: string;
  createdAt: Date;
  owner: string;
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const hours = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);

function leadsCsv(leads: readonly Lead[]): string {
  const rows = leads.map(
    (l) =>
      `${l.id},${l.id.toLowerCase()}@acme-${l.id.toLowerCase()}.com,${l.id},X,Acme ${l.id},acme-${l.id.toLowerCase()}.com,${iso(l.createdAt)},${iso(l.createdAt)},mql,${iso(l.createdAt)},${l.owner},paid_search,c1,Brand,`,
  );
  return [LEAD_HEADER, ...rows].join('\n') + '\n';
}

/** One call per lead `after` hours after it came in, kept when `keep` says its day was exported. */
function callsCsv(leads: readonly Lead[], after: number, keep: (at: Date) => boolean): string {
  const rows = leads
    .map((l) => ({ l, at: hours(l.createdAt, after) }))
    .filter(({ at }) => keep(at))
    .map(
      ({ l, at }) =>
        `A-${l.id},call,${iso(at)},${l.owner},${l.id.toLowerCase()}@acme-${l.id.toLowerCase()}.com,${l.id},false,true`,
    );
  return [ACTIVITY_HEADER, ...rows].join('\n') + '\n';
}

async function files(r: FieldCaseRun, contents: Record<string, string>): Promise<(name: string) => string> {
  for (const [name, text] of Object.entries(contents)) await writeFile(join(r.dir, name), text);
  return (name) => join(r.dir, name);
}

/** Four leads in each of W45–W48 2026 (Tue and Wed, two per owner). */
function fourWeeksOfLeads(): Lead[] {
  const mondays = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
  let n = 0;
  return mondays.flatMap((monday) =>
    (
      [
        [1, 10, 'o1'],
        [1, 11, 'o1'],
        [2, 10, 'o2'],
        [2, 11, 'o2'],
      ] as const
    ).map(([day, hour, owner]) => ({
      id: `L${++n}`,
      createdAt: hours(new Date(`${monday}T00:00:00Z`), day * 24 + hour),
      owner,
    })),
  );
}

describe('follow-ups known from a day: an activities export that starts on 18 Nov', () => {
  it.each([
    ['with --period 2026-11-18..2026-11-29', '2026-11-18..2026-11-29'],
    ['without a period', undefined],
  ])('%s: no lead of before is overdue, and the email says how many were left out', async (_name, period) => {
    run = await fieldCase(CONFIG);
    const leads = fourWeeksOfLeads();
    const path = await files(run, {
      'owners.csv': OWNERS,
      'leads.csv': leadsCsv(leads),
      'calls.csv': callsCsv(leads, 2, (at) => at.getTime() >= Date.parse('2026-11-18T00:00:00Z')),
    });
    await run.import(path('owners.csv'), 'canonical-owners', { source: 'hubspot' });
    await run.import(path('leads.csv'), 'canonical-leads', { source: 'hubspot' });
    await run.import(path('calls.csv'), 'canonical-activities', { source: 'hubspot', ...(period ? { period } : {}) });
    const report = await run.report('2026-W48');

    expect(report.coverage.followUps.measured).toBe(true);
    // The 10 leads created before 18 Nov 12:00 (the first call loaded) were called, in no export loaded.
    expect(report.overdueLeads).toEqual([]);
    expect(report.overdueLeftOut).toBe(10);
    expect(report.totals).toMatchObject({ overdue: 0, followedUpWithinSla: 4 });
    // W47's leads of 17 Nov are neither overdue nor late in the previous week's figures.
    expect(report.previous.overdue ?? 0).toBe(0);
    expect(report.previous.followedUpLate ?? 0).toBe(0);
    expect(report.cohorts?.find((c) => c.week === '2026-W47')).toMatchObject({
      followedUp: null,
      followUpsKnown: false,
    });
    expect(report.cohorts?.find((c) => c.week === '2026-W48')).toMatchObject({ followedUp: 4, followUpsKnown: true });

    const en = emailText(report, 'en');
    expect(en).not.toMatch(/past the follow-up SLA/);
    expect(en).not.toMatch(/Anna Muster · /);
    expect(en).not.toMatch(/Nothing is overdue/);
    expect(en).toContain(
      '10 leads left out of the overdue list: no calls, emails or meetings are loaded for their days',
    );
    const de = emailText(report, 'de-CH');
    expect(de).not.toMatch(/über der Nachfass-Frist/);
    expect(de).toContain('10 Leads nicht in der Liste der überfälligen Leads');
  });
});

describe('a gap between declared periods: a1.csv for 9–18 Nov, a2.csv for 23–29 Nov', () => {
  it('the leads of 19–22 Nov are not overdue, and W47 cohort follow-ups read not known', async () => {
    run = await fieldCase(CONFIG);
    const leads: Lead[] = [];
    for (let day = 9; day <= 29; day++)
      for (const [hour, owner] of [
        [10, 'o1'],
        [14, 'o2'],
      ] as const)
        leads.push({
          id: `L${leads.length + 1}`,
          createdAt: new Date(`2026-11-${String(day).padStart(2, '0')}T${hour}:00:00Z`),
          owner,
        });
    const inDays = (from: string, to: string) => (at: Date) =>
      at.getTime() >= Date.parse(`${from}T00:00:00Z`) && at.getTime() < Date.parse(`${to}T00:00:00Z`);
    const path = await files(run, {
      'owners.csv': OWNERS,
      'leads.csv': leadsCsv(leads),
      'a1.csv': callsCsv(leads, 1, inDays('2026-11-09', '2026-11-19')),
      'a2.csv': callsCsv(leads, 1, inDays('2026-11-23', '2026-11-30')),
    });
    await run.import(path('owners.csv'), 'canonical-owners', { source: 'hubspot' });
    await run.import(path('leads.csv'), 'canonical-leads', { source: 'hubspot' });
    await run.import(path('a1.csv'), 'canonical-activities', { source: 'hubspot', period: '2026-11-09..2026-11-18' });
    await run.import(path('a2.csv'), 'canonical-activities', { source: 'hubspot', period: '2026-11-23..2026-11-29' });
    const report = await run.report('2026-W48');

    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.overdueLeads).toEqual([]);
    expect(report.overdueLeftOut).toBe(8);
    expect(report.cohorts?.find((c) => c.week === '2026-W47')).toMatchObject({
      followedUp: null,
      followedUpRate: null,
      followUpsKnown: false,
    });
    expect(report.cohorts?.find((c) => c.week === '2026-W48')).toMatchObject({ followedUp: 14, followUpsKnown: true });
    expect(report.totals).toMatchObject({ overdue: 0, followedUpWithinSla: 14 });

    const en = emailText(report, 'en');
    expect(en).not.toMatch(/past the follow-up SLA/);
    expect(en).toContain('8 leads left out of the overdue list');
    expect(emailText(report, 'de-CH')).toContain('8 Leads nicht in der Liste der überfälligen Leads');
  });
});

describe('two activity sources, the second starting late: HubSpot emails from 3 Nov, Aircall calls from 19 Nov', () => {
  it('no lead of before 19 Nov is judged not followed up: Aircall speaks only from its first day', async () => {
    run = await fieldCase(CONFIG);
    const lead = (id: string, at: string, owner: string): Lead => ({ id, createdAt: new Date(at), owner });
    const leads = [
      lead('L1', '2026-11-16T08:00:00Z', 'o1'), // called in Aircall before its export starts
      lead('L2', '2026-11-16T08:00:00Z', 'o1'), // emailed in HubSpot
      lead('L3', '2026-11-19T08:00:00Z', 'o2'), // called in Aircall
      lead('L4', '2026-11-20T08:00:00Z', 'o2'), // never followed up, on days both sources speak for
    ];
    const contact = (l: Lead) => `${l.id.toLowerCase()}@acme-${l.id.toLowerCase()}.com,${l.id}`;
    const path = await files(run, {
      'owners.csv': OWNERS,
      'leads.csv': leadsCsv(leads),
      'emails.csv': [
        ACTIVITY_HEADER,
        'E1,email,2026-11-03T09:00:00Z,o1,old@x.com,,false,true',
        `E2,email,2026-11-16T09:00:00Z,o1,${contact(leads[1]!)},false,true`,
      ].join('\n'),
      'calls.csv': [ACTIVITY_HEADER, `C1,call,2026-11-19T09:00:00Z,o2,${contact(leads[2]!)},false,true`].join('\n'),
    });
    await run.import(path('owners.csv'), 'canonical-owners', { source: 'hubspot' });
    await run.import(path('leads.csv'), 'canonical-leads', { source: 'hubspot' });
    await run.import(path('emails.csv'), 'canonical-activities', { source: 'hubspot' });
    await run.import(path('calls.csv'), 'canonical-activities', { source: 'aircall' });
    const report = await run.report('2026-W47');

    expect(report.coverage.followUps.measured).toBe(true);
    // 1.11 named L1 overdue (follow-ups known from HubSpot's 3 Nov).
    expect(report.overdueLeads.map((l) => l.email)).toEqual(['l4@acme-l4.com']);
    expect(report.overdueLeftOut).toBe(1);
    // L2's email within the SLA is known whatever Aircall holds.
    expect(report.totals).toMatchObject({ overdue: 1, followedUpWithinSla: 2, followedUpLate: 0 });
    // The channel table agrees with the headline.
    expect(report.channels.find((c) => c.channel === 'paid_search')).toMatchObject({
      followUpDue: 3,
      followedUpWithinSla: 2,
      neverFollowedUp: 1,
    });
    expect(emailText(report, 'en')).toContain('1 lead left out of the overdue list');
  });
});

describe('the channel table judges follow-ups by the day rule, as the headline does', () => {
  it('a lead created on the first activity’s day, before it, is in the channel’s follow-up', async () => {
    run = await fieldCase(CONFIG);
    const leads: Lead[] = [
      { id: 'L1', createdAt: new Date('2026-11-18T08:00:00Z'), owner: 'o1' }, // called at 10:00, the first activity
      { id: 'L2', createdAt: new Date('2026-11-18T09:00:00Z'), owner: 'o2' }, // never called
      { id: 'L3', createdAt: new Date('2026-11-19T09:00:00Z'), owner: 'o1' }, // called 2 h later
    ];
    const path = await files(run, {
      'owners.csv': OWNERS,
      'leads.csv': leadsCsv(leads),
      'calls.csv': callsCsv(leads, 2, (at) => at.getTime() !== Date.parse('2026-11-18T11:00:00Z')),
    });
    await run.import(path('owners.csv'), 'canonical-owners', { source: 'hubspot' });
    await run.import(path('leads.csv'), 'canonical-leads', { source: 'hubspot' });
    await run.import(path('calls.csv'), 'canonical-activities', { source: 'hubspot' });
    const report = await run.report('2026-W47');

    expect(report.totals).toMatchObject({ overdue: 1, followedUpWithinSla: 2 });
    // 1.11 left L1 and L2 out of the channel table (created before 10:00), not out of the headline.
    expect(report.channels.find((c) => c.channel === 'paid_search')).toMatchObject({
      followUpDue: 3,
      followedUpWithinSla: 2,
      neverFollowedUp: 1,
    });
  });
});
