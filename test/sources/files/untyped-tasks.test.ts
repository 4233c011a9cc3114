/**
 * A Salesforce Tasks report exported with its default columns has no Type or Task Subtype
 * column: logged calls and emails (Subject "Call", "Email: Thanks…") load as type `task`, which
 * is never a follow-up. The import says so, and the report marks follow-ups "not measured",
 * naming the source, instead of reading every lead overdue (SLA 0 %). The same file with a Task
 * Subtype column is measured: 3 leads within the SLA. No type is ever guessed from the Subject.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../../functions/adapters/local-warehouse.js';
import { loadConfig } from '../../../functions/core/config.js';
import { importFile } from '../../../functions/core/import/import-file.js';
import { describeImport } from '../../../functions/core/import/import-summary.js';
import type { LoadResult } from '../../../functions/core/load.js';
import { buildReport } from '../../../functions/core/report/build-report.js';
import type { FunnelReport } from '../../../functions/core/report-types.js';
import { parseWeek } from '../../../functions/core/weeks.js';
import { vendorFileFormats } from '../../../functions/sources/formats.js';
import { importBytes, utf8 } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const LEADS = `Lead ID,First Name,Last Name,Email,Company,Lead Source,Lead Status,Created Date
00Q5g00000AbCdE,Anna,Keller,anna.keller@northwind.example,Northwind,Web,Working - Contacted,11/16/2026 9:15 AM
00Q5g00000AbCdF,Ben,Ortiz,ben@fabrikam.example,Fabrikam,Web,Working - Contacted,11/17/2026 10:15 AM
00Q5g00000AbCdG,Carla,Rossi,carla@contoso.example,Contoso,Web,Working - Contacted,11/18/2026 10:15 AM
`;

/** The Tasks report with its default columns: no Type, no Task Subtype. */
const TASKS_DEFAULT = `Activity ID,Subject,Status,Priority,Completed Date/Time,Lead ID,Assigned
00T5g00000XyZ01,Call,Completed,Normal,11/16/2026 11:00 AM,00Q5g00000AbCdE,Tom Becker
00T5g00000XyZ02,Email: Thanks for your interest,Completed,Normal,11/17/2026 1:00 PM,00Q5g00000AbCdF,Tom Becker
00T5g00000XyZ03,Call,Completed,Normal,11/18/2026 2:00 PM,00Q5g00000AbCdG,Tom Becker
`;

/** The same report with the Task Subtype column added. */
const TASKS_WITH_SUBTYPE = `Activity ID,Subject,Task Subtype,Status,Priority,Completed Date/Time,Lead ID,Assigned
00T5g00000XyZ01,Call,Call,Completed,Normal,11/16/2026 11:00 AM,00Q5g00000AbCdE,Tom Becker
00T5g00000XyZ02,Email: Thanks for your interest,Email,Completed,Normal,11/17/2026 1:00 PM,00Q5g00000AbCdF,Tom Becker
00T5g00000XyZ03,Call,Call,Completed,Normal,11/18/2026 2:00 PM,00Q5g00000AbCdG,Tom Becker
`;

const NOTE =
  'no Type or Task Subtype column: the 3 tasks load as type task, which is never a follow-up; export the report with Task Subtype';

/** The leads and `tasks` imported (New York), then the 2026-W47 report and the tasks' import lines. */
async function run(tasks: string): Promise<{ report: FunnelReport; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'funnel-untyped-'));
  dirs.push(dir);
  await writeFile(
    join(dir, 'cfg.json'),
    JSON.stringify({ reportingCurrency: 'USD', fxRates: { EUR: 1.08 }, timezone: 'America/New_York' }),
  );
  await writeFile(join(dir, 'leads.csv'), LEADS);
  await writeFile(join(dir, 'tasks.csv'), tasks);
  const config = await loadConfig(join(dir, 'cfg.json'));
  const store = new LocalStore(join(dir, 'data'));
  const encoder = await DuckDBParquetEncoder.create();
  let load: LoadResult;
  try {
    const deps = {
      store,
      encoder,
      config,
      now: () => new Date('2026-11-30T08:00:00Z'),
      vendorFormats: vendorFileFormats,
    };
    await importFile(deps, { path: join(dir, 'leads.csv'), format: 'salesforce-leads-csv' });
    load = await importFile(deps, { path: join(dir, 'tasks.csv'), format: 'salesforce-activities-csv' });
  } finally {
    await encoder.close();
  }
  const engine = await openLocalWarehouse(join(dir, 'data'), config);
  try {
    const report = await buildReport({ engine, store, config }, parseWeek('2026-W47', config.timezone));
    return { report, lines: describeImport(load.manifest).map((l) => l.trim()) };
  } finally {
    await engine.close();
  }
}

describe('a Salesforce Tasks report without Type or Task Subtype', () => {
  it('says so at import, and leaves follow-ups not measured, naming Salesforce (not 3 leads overdue, SLA 0 %)', async () => {
    const { report, lines } = await run(TASKS_DEFAULT);
    expect(lines).toContain(NOTE);
    expect(report.coverage.followUps).toMatchObject({
      measured: false,
      source: 'salesforce',
      untypedSources: ['salesforce'],
    });
    expect(report.coverage.followUps.reason).toBe(
      'the activities of Salesforce (3 activities) from 2026-10-26 to the cutoff carry no call, email or meeting type (only tasks, other or automated), so none can be a follow-up; load them with their type',
    );
    // Before: within SLA 0, overdue 3, SLA 0 %, follow-ups "measured".
    expect(report.totals).toMatchObject({ followedUpWithinSla: null, overdue: null, slaRate: null });
    expect(report.overdueLeads).toEqual([]);
    expect(report.totals.leads).toBe(3);
  });

  it('with a Task Subtype column: no note, and all 3 leads followed up within the SLA', async () => {
    const { report, lines } = await run(TASKS_WITH_SUBTYPE);
    expect(lines.join('\n')).not.toContain('Task Subtype');
    expect(report.coverage.followUps).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(report.totals).toMatchObject({ followedUpWithinSla: 3, followedUpLate: 0, overdue: 0, slaRate: 1 });
  });
});

describe('the import note on untyped tasks', () => {
  const parse = (csv: string) => importBytes('salesforce-activities-csv', utf8(csv), 'x.csv', 'America/New_York');

  it('counts the tasks of a file without Type or Task Subtype, and never reads a type from the Subject', async () => {
    const { rows, notes } = await parse(TASKS_DEFAULT);
    expect(rows.map((r) => r.type)).toEqual(['task', 'task', 'task']);
    expect(notes.untypedTasks).toBe(3);
  });

  it('is not given for events (always meetings), nor when the file has a Type or an Activity Type column', async () => {
    const events = `Activity ID,Subject,Start,Lead ID
00U5g00000XyZ04,Intro,11/16/2026 11:00 AM,00Q5g00000AbCdE
`;
    const eventsOnly = await parse(events);
    expect(eventsOnly.rows.map((r) => r.type)).toEqual(['meeting']);
    expect(eventsOnly.notes.untypedTasks ?? 0).toBe(0);
    const dataLoader = `Id,Subject,Type,Status,CompletedDateTime,WhoId
00T5g00000XyZ01,Call,Call,Completed,2026-11-16T16:00:00.000Z,00Q5g00000AbCdE
`;
    const report = `Activity ID,Subject,Activity Type,Status,Completed Date/Time,Lead ID
00T5g00000XyZ01,Call,Call,Completed,11/16/2026 11:00 AM,00Q5g00000AbCdE
`;
    for (const csv of [dataLoader, report]) {
      const { rows, notes } = await parse(csv);
      expect(rows.map((r) => r.type)).toEqual(['call']);
      expect(notes.untypedTasks).toBeUndefined();
    }
  });
});
