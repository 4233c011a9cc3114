/**
 * What an export's day can speak for (docs/methodology.md, Coverage and Follow-up). An
 * activities export taken on Wednesday 18 Nov holds no call of the days after: the leads of
 * Thursday read overdue (62 h) and the SLA rate 33 %, from data no export covered. And a meeting
 * dated 20 Nov, still "Scheduled" in that export, had not happened when it was exported: it
 * counted as a late follow-up (56 h). Real importer, loader, warehouse and report.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../functions/core/import/import-file.js';
import { parsePeriodOption } from '../../functions/core/periods.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { usePipelines } from '../reliability/pipeline.js';
import { activity, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

const WEEK = '2026-W47'; // Mon 2026-11-16 .. Mon 2026-11-23, UTC

const suite = usePipelines();
const pipeline = suite.pipeline;
let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const LEADS =
  'lead_id,source,email,first_name,last_name,company,created_at,lifecycle_stage,channel\n' +
  'W1,webform,anna.keller@northwind.example,Anna,Keller,Northwind Traders,2026-11-16T06:00:00Z,mql,paid_search\n' +
  'W2,webform,ben.ortiz@fabrikam.example,Ben,Ortiz,Fabrikam,2026-11-16T06:00:00Z,mql,paid_social\n' +
  'W3,webform,carla.rossi@contoso.example,Carla,Rossi,Contoso,2026-11-19T09:00:00Z,mql,paid_search\n';

const HEADER =
  '"Record ID","Activity type","Activity date","Activity assigned to","Meeting name","Meeting outcome","Record source","Associated Contact","Create Date"';
const ANNA_MEETING =
  '"87412003301","Meeting","2026-11-16 15:00","Tom Becker","Intro","Completed","CRM UI","Anna Keller (anna.keller@northwind.example)","2026-11-16 09:16"';
/** Ben's discovery meeting, booked on the 17th for Friday the 20th, with `outcome`. */
const benMeeting = (outcome: string) =>
  `"87412003302","Meeting","2026-11-20 15:00","Tom Becker","Discovery","${outcome}","CRM UI","Ben Ortiz (ben.ortiz@fabrikam.example)","2026-11-17 10:00"`;
const CARLA_CALL =
  '"87412003303","Meeting","2026-11-19 11:00","Tom Becker","Intro","Completed","CRM UI","Carla Rossi (carla.rossi@contoso.example)","2026-11-19 11:05"';
const hubspotActivities = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const LOADED_ONLY_TO_18 =
  "calls, emails or meetings from HubSpot loaded only up to 2026-11-18 (the periods its loads declare end before the week's cutoff; later days would read as none)";

describe('an activities file declares the period up to its export day', () => {
  it('exported on the 18th: follow-ups not measured, not Carla (19 Nov) overdue', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads', dt: '2026-11-23' });
    const load = await p.import({
      name: 'hubspot-activities-exported-2026-11-18.csv',
      bytes: hubspotActivities(ANNA_MEETING),
      format: 'hubspot-activities-csv',
      dt: '2026-11-18',
    });
    expect(load.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-18', basis: 'export-day' });
    const { report } = await p.report(WEEK);
    // Before: measured, Ben and Carla overdue, SLA rate 33 %.
    expect(report?.coverage.followUps).toMatchObject({
      measured: false,
      source: 'hubspot',
      coveredUntil: '2026-11-18',
      reason: LOADED_ONLY_TO_18,
    });
    expect(report?.totals).toMatchObject({ leads: 3, overdue: null, slaRate: null });
    expect(report?.overdueLeads).toEqual([]);

    // The next export (the 23rd) covers the rest of the week: measured again.
    await p.import({
      name: 'hubspot-activities-exported-2026-11-23.csv',
      bytes: hubspotActivities(ANNA_MEETING, CARLA_CALL),
      format: 'hubspot-activities-csv',
      dt: '2026-11-23',
    });
    const after = (await p.report(WEEK)).report;
    expect(after?.coverage.followUps.measured).toBe(true);
    expect(after?.totals).toMatchObject({ followedUpWithinSla: 2, overdue: 1 }); // Ben
  });

  it('a canonical activities file does the same; --period given explicitly wins', async () => {
    const csv =
      'activity_id,source,type,occurred_at,email\n' +
      'A1,hubspot,call,2026-11-16T15:00:00Z,anna.keller@northwind.example\n';
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads', dt: '2026-11-23' });
    const plain = await p.import({
      name: 'activities.csv',
      bytes: csv,
      format: 'canonical-activities',
      dt: '2026-11-18',
    });
    expect(plain.manifest?.period).toEqual({ from: '1970-01-01', to: '2026-11-18', basis: 'export-day' });
    expect((await p.report(WEEK)).report?.coverage.followUps.reason).toBe(LOADED_ONLY_TO_18);

    const declared = await pipeline();
    const path = join(declared.dir, 'activities.csv');
    await writeFile(path, csv);
    const deps = {
      store: declared.store,
      encoder: suite.encoder(),
      config: declared.config,
      now: declared.now,
      vendorFormats: vendorFileFormats,
    };
    await declared.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads', dt: '2026-11-23' });
    const { manifest } = await importFile(deps, {
      path,
      format: 'canonical-activities',
      dt: '2026-11-18',
      period: parsePeriodOption('2026-10-19..2026-11-22'),
    });
    expect(manifest.period).toEqual({ from: '2026-10-19', to: '2026-11-22' });
    expect((await declared.report(WEEK)).report?.coverage.followUps.measured).toBe(true);
  });

  it('a file exported after the week whose calls stop before it is still a stopped source', async () => {
    // The export's day reaches the cutoff, yet its rows stop on the 13th (a stale date filter):
    // as before, "no calls since", never "measured" with every lead of the week overdue.
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads', dt: '2026-11-23' });
    await p.import({
      name: 'activities-stale.csv',
      bytes: hubspotActivities(ANNA_MEETING.replace('2026-11-16 15:00', '2026-11-13 15:00')),
      format: 'hubspot-activities-csv',
      dt: '2026-11-23',
    });
    expect((await p.report(WEEK)).report?.coverage.followUps).toMatchObject({
      measured: false,
      reason:
        'no calls, emails or meetings from HubSpot since 2026-11-13 (every source with some in the 4 weeks must have some in the report week)',
    });
  });
});

describe('an activity dated after its export day had not happened', () => {
  it('a meeting of the 20th, "Scheduled" in the export of the 18th, is no follow-up until a later export shows it', async () => {
    const p = await pipeline();
    await p.import({ name: 'leads.csv', bytes: LEADS, format: 'canonical-leads', dt: '2026-11-23' });
    await p.import({
      name: 'hubspot-activities-exported-2026-11-18.csv',
      bytes: hubspotActivities(ANNA_MEETING, benMeeting('Scheduled')),
      format: 'hubspot-activities-csv',
      dt: '2026-11-18',
    });
    // The export of the 23rd, filtered to what was logged since: Carla's meeting only.
    await p.import({
      name: 'hubspot-activities-exported-2026-11-23.csv',
      bytes: hubspotActivities(CARLA_CALL),
      format: 'hubspot-activities-csv',
      dt: '2026-11-23',
    });
    const { report } = await p.report(WEEK);
    expect(report?.coverage.followUps.measured).toBe(true);
    // Before: Ben followed up late (56 h) by a meeting that had not happened when exported.
    expect(report?.totals).toMatchObject({ followedUpWithinSla: 2, followedUpLate: 0, overdue: 1 });
    expect(report?.overdueLeads.map((l) => l.email)).toEqual(['ben.ortiz@fabrikam.example']);

    // A later export lists the meeting as held: now it counts, 56 h after Ben's creation.
    await p.import({
      name: 'hubspot-activities-exported-2026-11-23-all.csv',
      bytes: hubspotActivities(ANNA_MEETING, benMeeting('Completed'), CARLA_CALL),
      format: 'hubspot-activities-csv',
      dt: '2026-11-23',
    });
    const after = (await p.report(WEEK)).report;
    expect(after?.totals).toMatchObject({ followedUpWithinSla: 2, followedUpLate: 1, overdue: 0 });
  });

  it('on every load (an API pull is loaded with its run day as dt): planned past the end of that day anywhere', async () => {
    // A pull on the 18th: the call of the 19th 11:00 UTC is within the 18th's end in a zone
    // west of UTC (UTC-12 ends it on the 19th 12:00 UTC); the one of the 20th is not.
    wh = await warehouseFrom(
      {
        activities: [
          activity('C1', '2026-11-18T20:00:00Z', { source: 'hubspot' }),
          activity('C2', '2026-11-19T11:00:00Z', { source: 'hubspot' }),
          activity('C3', '2026-11-20T15:00:00Z', { source: 'hubspot' }),
        ],
        leads: [lead('L1', '2026-11-16T06:00:00Z')],
      },
      {},
      '2026-11-18',
    );
    const rows = await wh.engine.query('select activity_id, has_happened from stg_activities order by activity_id');
    expect(rows).toEqual([
      { activity_id: 'C1', has_happened: true },
      { activity_id: 'C2', has_happened: true },
      { activity_id: 'C3', has_happened: false },
    ]);
  });
});
