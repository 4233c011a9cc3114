/**
 * Coverage per source (docs/methodology.md, "Never a figure from missing data"): with two CRMs
 * or two ad platforms, one source whose data stops before the week's end makes the family "not
 * measured", naming the source and its last day, in the JSON and in the email (English and
 * German); a source that never held the family's data (marketing in HubSpot, sales in
 * Salesforce) is not a stopped source, and neither is a CRM or platform quiet at the end of the week.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeeklyReport } from '../../emails/render.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { activity, deal, lead, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const TZ = 'Europe/Zurich';
const WEEK = '2026-W47'; // Monday 16 Nov to Sunday 22 Nov 2026

/** Local days from `from` to `to` (YYYY-MM-DD, both included), optionally weekdays only. */
function days(from: string, to: string, weekdaysOnly = false): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from); d <= DateTime.fromISO(to); d = d.plus({ days: 1 })) {
    if (!weekdaysOnly || d.weekday <= 5) out.push(d.toISODate() ?? '');
  }
  return out;
}

/** `day` at `hour`:00 in Zurich, as an ISO UTC instant. */
const at = (day: string, hour: number) =>
  DateTime.fromISO(`${day}T${String(hour).padStart(2, '0')}:00`, { zone: TZ })
    .toUTC()
    .toISO() ?? '';

/** One lead a day (9:00) in `source`, and one call a day (11:00) on it in `activitySource` when given. */
function crm(source: string, leadDays: readonly string[], activityDays: readonly string[], activitySource = source) {
  const leads: CanonicalRecord[] = leadDays.map((d) =>
    lead(`${source}-${d}`, at(d, 9), { source, email: `${source}.${d}@acme-${d}.example`, channel: 'paid_search' }),
  );
  const activities: CanonicalRecord[] = activityDays.map((d) =>
    activity(`${activitySource}-A-${d}`, at(d, 11), {
      source: activitySource,
      email: `${source}.${d}@acme-${d}.example`,
    }),
  );
  return { leads, activities };
}

const DEALS = [deal('D1', at('2026-11-18', 10), { source: 'salesforce' })];
const FULL_SPEND = [
  ...days('2026-10-19', '2026-11-22').map((d) =>
    spendRow(d, 'meta-1', 50, { source: 'meta', platform: 'meta', channel: 'paid_social' }),
  ),
];

/** Two CRMs, each holding its own leads and activities; `hubspotUntil` is HubSpot's last activity day. */
async function twoCrms(hubspotUntil: string, salesforceWeekdaysOnly = false): Promise<TestWarehouse> {
  const hubspot = crm('hubspot', days('2026-10-19', '2026-11-22'), days('2026-10-19', hubspotUntil));
  const salesforce = crm(
    'salesforce',
    days('2026-10-19', '2026-11-22'),
    days('2026-10-19', '2026-11-22', salesforceWeekdaysOnly),
  );
  return warehouseFrom(
    {
      leads: [...hubspot.leads, ...salesforce.leads],
      activities: [...hubspot.activities, ...salesforce.activities],
      deals: DEALS,
      spend: FULL_SPEND,
    },
    { timezone: TZ },
  );
}

/** Meta spend every day; Google Ads spend until `googleUntil`; LinkedIn only long before the window. */
async function twoPlatforms(googleUntil: string): Promise<TestWarehouse> {
  const google = days('2026-10-19', googleUntil).map((d) => spendRow(d, 'g-1', 100));
  const linkedinRetired = days('2026-08-03', '2026-08-30').map((d) =>
    spendRow(d, 'li-1', 30, { source: 'linkedin', platform: 'linkedin', channel: 'paid_social' }),
  );
  const both = crm('hubspot', days('2026-10-19', '2026-11-22'), days('2026-10-19', '2026-11-22'));
  return warehouseFrom(
    { ...both, deals: DEALS, spend: [...FULL_SPEND, ...google, ...linkedinRetired] },
    { timezone: TZ },
  );
}

async function emailText(report: FunnelReport, locale: 'en' | 'de-CH'): Promise<string> {
  const { text } = await renderWeeklyReport({ report, trend: [], locale, methodologyUrl: 'https://example.com/m' });
  return text;
}

/** HubSpot with a call a day; Salesforce's activities retyped by `retype` (each day's one). */
async function twoCrmsRetyped(retype: (day: string) => CanonicalRecord): Promise<TestWarehouse> {
  const all = days('2026-10-19', '2026-11-22');
  const hubspot = crm('hubspot', all, all);
  const salesforce = crm('salesforce', all, all);
  return warehouseFrom(
    {
      leads: [...hubspot.leads, ...salesforce.leads],
      activities: [
        ...hubspot.activities,
        ...salesforce.activities.map((a) => ({ ...a, ...retype(String(a.activity_id).slice(-10)) })),
      ],
      deals: DEALS,
      spend: FULL_SPEND,
    },
    { timezone: TZ },
  );
}

describe('follow-ups with a CRM whose activities can never be follow-ups', () => {
  it('are not measured when its activities in the 4 weeks are all tasks, other or automated, naming it', async () => {
    // A Salesforce Tasks report without its Type column: every logged call loads as `task`; an
    // automated email and an `other` are no follow-up either.
    wh = await twoCrmsRetyped((d): CanonicalRecord =>
      d === '2026-11-18'
        ? { type: 'email', is_automated: true }
        : d === '2026-11-19'
          ? { type: 'other' }
          : { type: 'task' },
    );
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toMatchObject({
      measured: false,
      source: 'salesforce',
      untypedSources: ['salesforce'],
      lastDataAt: null,
    });
    expect(r.coverage.followUps.reason).toBe(
      'the activities of Salesforce (28 activities) from 2026-10-26 to the cutoff carry no call, email or meeting type (only tasks, other or automated), so none can be a follow-up; load them with their type',
    );
    // Before: "measured", and Salesforce's 7 leads of the week overdue whatever its reps did.
    expect(r.totals).toMatchObject({ overdue: null, followedUpWithinSla: null, slaRate: null });
    expect(r.overdueLeads).toEqual([]);
    expect(r.coverage.spend.measured).toBe(true);
    expect(r.coverage.deals.measured).toBe(true);
    expect(await emailText(r, 'en')).toContain(
      'Follow-ups not measured: the activities from Salesforce carry no call, email or meeting type (only tasks, other or automated ones), so none can count as a follow-up and their leads would read never followed up. Export them with their type (Salesforce: the Task Subtype or Type column).',
    );
    expect(await emailText(r, 'de-CH')).toContain(
      'Nachfassen nicht gemessen: die Aktivitäten von Salesforce haben keinen Typ Anruf, E-Mail oder Termin (nur Aufgaben, Sonstiges oder automatisierte), keine kann als Nachfassen zählen, ihre Leads erschienen als nie kontaktiert. Exportieren Sie sie mit ihrem Typ (Salesforce: Spalte Task Subtype oder Type).',
    );
  });

  it('are not measured when its calls stop before the week and only tasks follow (a stopped source, judged on calls)', async () => {
    wh = await twoCrmsRetyped((d): CanonicalRecord => (d >= '2026-11-14' ? { type: 'task' } : {}));
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toMatchObject({ measured: false, source: 'salesforce' });
    expect(r.coverage.followUps.untypedSources).toBeUndefined();
    expect(r.coverage.followUps.reason).toBe(
      'no calls, emails or meetings from Salesforce since 2026-11-13 (every source with some in the 4 weeks must have some in the report week)',
    );
  });

  it('are measured when its tasks sit beside calls, or when its only tasks are before the 4 weeks', async () => {
    wh = await twoCrmsRetyped((d): CanonicalRecord => (d.endsWith('0') ? { type: 'task' } : {}));
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals.overdue).toBe(1); // the lead of Friday 20 Nov, its task no follow-up
    await wh.close();
    wh = await twoCrmsRetyped((d): CanonicalRecord => (d < '2026-10-26' ? { type: 'task' } : {}));
    expect((await wh.report(WEEK)).coverage.followUps.measured).toBe(true);
  });
});

describe('follow-ups with two CRMs', () => {
  it('are not measured when one CRM’s activities stop before the week, naming it and its last day', async () => {
    wh = await twoCrms('2026-11-13');
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toMatchObject({ measured: false, source: 'hubspot' });
    expect(r.coverage.followUps.lastDataAt).toBe(at('2026-11-13', 11).replace(/\.\d+Z$/, '.000Z'));
    expect(r.coverage.followUps.reason).toBe(
      'no calls, emails or meetings from HubSpot since 2026-11-13 (every source with some in the 4 weeks must have some in the report week)',
    );
    // No accusation of HubSpot's reps: no overdue figure, no overdue list.
    expect(r.totals.overdue).toBeNull();
    expect(r.totals.slaRate).toBeNull();
    expect(r.overdueLeads).toEqual([]);
    // The other families keep their figures; the week before was whole.
    expect(r.coverage.spend.measured).toBe(true);
    expect(r.coverage.deals.measured).toBe(true);
    expect(r.totals.leads).toBe(14);
    // W46 is whole (HubSpot's last calls were on its Friday): its Saturday lead is overdue.
    expect(r.previous.overdue).toBe(1);

    expect(await emailText(r, 'en')).toContain(
      'Follow-ups not measured: no calls, emails or meetings from HubSpot loaded since 13 Nov, so leads followed up there would read as never followed up.',
    );
    expect(await emailText(r, 'de-CH')).toContain(
      'Nachfassen nicht gemessen: seit 13. Nov. wurden keine Anrufe, E-Mails oder Termine von HubSpot geladen, dort nachgefasste Leads erschienen als nie kontaktiert.',
    );
  });

  it('are measured when both continue, and when a CRM is quiet over the weekend (Friday is in time)', async () => {
    wh = await twoCrms('2026-11-20', true);
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
    // Each CRM's Saturday lead (no one works weekends); Sunday's is still pending.
    expect(r.totals.overdue).toBe(2);
    expect(r.totals.pending).toBe(2);
  });

  // Field cases A1–A3: a team's follow-ups of the week all fall before Friday; a stricter
  // rule (data in the week's last days) held such reports every week.
  it('are measured when a CRM’s last activity of the week is on Monday', async () => {
    wh = await twoCrms('2026-11-16');
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
  });

  it('stay measured with marketing in HubSpot (leads only) and sales in Salesforce (activities, deals)', async () => {
    const marketing = crm('hubspot', days('2026-10-19', '2026-11-22'), days('2026-10-19', '2026-11-22'), 'salesforce');
    wh = await warehouseFrom({ ...marketing, deals: DEALS, spend: FULL_SPEND }, { timezone: TZ });
    const r = await wh.report(WEEK);
    expect(r.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals.followedUpWithinSla).toBe(7);
  });

  it('judge a week not ended up to now, not up to its end', async () => {
    wh = await twoCrms('2026-11-22');
    const config = wh.config;
    const r = await buildReport({ engine: wh.engine, store: wh.store, config }, parseWeek(WEEK, TZ), {
      now: new Date('2026-11-19T12:00:00Z'),
      partial: true,
    });
    expect(r.partial).toBe(true);
    expect(r.coverage.followUps.measured).toBe(true);
    expect(r.coverage.spend.measured).toBe(true);
  });
});

describe('spend with two ad platforms', () => {
  it('is not measured when Google Ads spend stops before the week, naming it and its last day', async () => {
    wh = await twoPlatforms('2026-11-13');
    const r = await wh.report(WEEK);
    expect(r.coverage.spend).toEqual({
      measured: false,
      reason:
        'no ad spend from Google Ads since 2026-11-13 (every source with some in the 4 weeks must have some in the report week)',
      lastDataAt: '2026-11-13',
      source: 'google_ads',
      platform: 'google_ads',
    });
    // Not Meta's 350 alone as if it were the week's spend.
    expect(r.totals.spend).toBeNull();
    expect(r.totals.cpl).toBeNull();
    expect(r.totals.roas).toBeNull();
    expect(r.idleSpend).toEqual([]);
    expect(r.coverage.followUps.measured).toBe(true);
    expect(r.previous.spend).toBe(350 + 500);

    expect(await emailText(r, 'en')).toContain(
      'Spend not measured: no ad spend from Google Ads loaded since 13 Nov, so spend would read too low.',
    );
    expect(await emailText(r, 'de-CH')).toContain(
      'Werbeausgaben nicht gemessen: seit 13. Nov. wurden keine Werbeausgaben von Google Ads geladen, die Summe erschiene zu tief.',
    );
  });

  // Field case G5: campaigns that ran Monday to Wednesday (no zero days in the export).
  it('is measured when every platform has spend in the week; a platform retired before the window is not judged', async () => {
    wh = await twoPlatforms('2026-11-18');
    const r = await wh.report(WEEK);
    // Its leads name no campaign: idle spend alone is not measured (leadsWithoutCampaign).
    expect(r.coverage.spend).toEqual({ measured: true, reason: null, lastDataAt: null, leadsWithoutCampaign: 28 });
    expect(r.totals.spend).toBe(350 + 300);
  });

  it('names the platform and the source when a canonical spend file holds several platforms', async () => {
    const csv = [
      ...days('2026-10-19', '2026-11-22').map((d) => spendRow(d, 'm-1', 10, { source: 'csv', platform: 'meta' })),
      ...days('2026-10-19', '2026-11-15').map((d) => spendRow(d, 'g-1', 10, { source: 'csv' })),
    ];
    const both = crm('hubspot', days('2026-10-19', '2026-11-22'), days('2026-10-19', '2026-11-22'));
    wh = await warehouseFrom({ ...both, deals: DEALS, spend: csv }, { timezone: TZ });
    const r = await wh.report(WEEK);
    expect(r.coverage.spend).toMatchObject({ measured: false, source: 'csv', platform: 'google_ads' });
    expect(r.coverage.spend.reason).toContain('no ad spend from Google Ads (source csv) since 2026-11-15');
  });
});
