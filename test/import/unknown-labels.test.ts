/**
 * Vendor labels the import cannot map (docs/methodology.md, "Labels the product does not
 * know"): translated default labels map, a configured label maps, and an unknown activity
 * type makes the week's follow-ups not measured instead of reading a call as no follow-up.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fieldCase, FIELD_CASES, type FieldCaseRun } from '../helpers/field-case.js';

const BERLIN = { reportingCurrency: 'EUR', fxRates: { USD: 0.92, CHF: 1.06 }, timezone: 'Europe/Berlin' } as const;
const DE_TYPES = 'A3/pipedrive-activities-de-types.csv';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function a3(file: string, config: object = BERLIN): Promise<{ run: FieldCaseRun; summary: string }> {
  run = await fieldCase(config);
  await run.import('activity-leads.csv', 'canonical-leads');
  const summary = await run.import(file, 'pipedrive-activities-csv', { date: '2026-11-23' });
  return { run, summary };
}

describe('Pipedrive activity types in the company language (field case A3, German UI)', () => {
  it('map like the English ones: 1 within SLA, 3 late, 0 overdue, measured', async () => {
    const { run, summary } = await a3(DE_TYPES);
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 1, followedUpLate: 3, overdue: 0 });
  });

  it('a custom type is named with its setting, and the follow-ups are not measured (en and de-CH)', async () => {
    const csv = readFileSync(join(FIELD_CASES, DE_TYPES), 'utf8').replaceAll(',Anruf,', ',Telefonat,');
    const { run, summary } = await a3(await writeTemp('custom-types.csv', csv));
    expect(summary).toContain('not recognized in "Activity - Type": "Telefonat" (3)');
    expect(summary).toContain('sources["pipedrive-activities-csv"].activityTypes');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.reason).toContain('1 activity type no import could map: Telefonat');
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'pipedrive', setting: 'activityTypes', labels: ['Telefonat'] },
    ]);
    expect(report.totals.slaRate).toBeNull();
    expect(report.totals.overdue).toBeNull();
    const text = await run.text('2026-W47');
    expect(text).toContain('Follow-ups not measured: 1 activity type no import could map ("Telefonat")');
    expect(text).not.toContain('0 (0% of leads due for follow-up)');
    await run.close();

    // The same in the Swiss German email.
    const de = await a3(await writeTemp('custom-types-de.csv', csv), { ...BERLIN, locale: 'de-CH' });
    expect(await de.run.text('2026-W47')).toContain(
      'Follow-ups nicht gemessen: 1 Aktivitätstyp, die der Import nicht zuordnen konnte ("Telefonat")',
    );
  });

  it('a done flag nothing maps is no follow-up, named with its setting; the follow-ups are not measured (review 10b-3)', async () => {
    // Before, the row was rejected ("neither Done nor To do"); now it loads as not done, listed.
    const csv = readFileSync(join(FIELD_CASES, DE_TYPES), 'utf8').replace(
      ',Erledigt,2026-11-16 11:24:37,',
      ',Abgehakt,2026-11-16 11:24:37,',
    );
    const { run, summary } = await a3(await writeTemp('custom-done.csv', csv));
    expect(summary).toContain('not recognized in "Activity - Done": "Abgehakt" (1)');
    expect(summary).toContain('sources["pipedrive-activities-csv"].activityStatuses');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'pipedrive', setting: 'activityStatuses', labels: ['Abgehakt'] },
    ]);
    await run.close();
    const mapped = await a3(await writeTemp('custom-done-mapped.csv', csv), {
      ...BERLIN,
      sources: { 'pipedrive-activities-csv': { activityStatuses: { abgehakt: 'happened' } } },
    });
    expect((await mapped.run.report('2026-W47')).totals).toMatchObject({
      followedUpWithinSla: 1,
      followedUpLate: 3,
      overdue: 0,
    });
  });

  it('a custom type mapped under activityTypes is measured', async () => {
    const csv = readFileSync(join(FIELD_CASES, DE_TYPES), 'utf8').replaceAll(',Anruf,', ',Telefonat,');
    const file = await writeTemp('mapped-types.csv', csv);
    const { run, summary } = await a3(file, {
      ...BERLIN,
      sources: { 'pipedrive-activities-csv': { activityTypes: { telefonat: 'call' } } },
    });
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 1, followedUpLate: 3, overdue: 0 });
  });
});

const tempDir = mkdtempSync(join(tmpdir(), 'labels-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
async function writeTemp(name: string, text: string): Promise<string> {
  const path = join(tempDir, name);
  await writeFile(path, text);
  return path;
}

describe('Salesforce lead statuses in French (the newer default picklist, Paris)', () => {
  it('read like the English twin: 2 MQLs, 1 of 5 disqualified, no label left unmapped', async () => {
    run = await fieldCase({ reportingCurrency: 'EUR', timezone: 'Europe/Paris', locale: 'fr-FR' });
    const summary = await run.import('own/salesforce-leads-fr-statuses.csv', 'salesforce-leads-csv');
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W48');
    expect(report.totals).toMatchObject({ leads: 5, mqls: 2 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 5, disqualified: 1 });
  });
});

/** The follow-up totals of the English field cases A2 (Salesforce) and A1 (HubSpot), week 47. */
const A2_TOTALS = { followedUpWithinSla: 1, followedUpLate: 2, overdue: 1 };
const A1_TOTALS = { followedUpWithinSla: 1, followedUpLate: 3, overdue: 0 };

/** Field case A2 (a Salesforce Tasks and Events report, windows-1252) with its labels rewritten. */
async function a2(rewrite: (csv: string) => string, config: object = BERLIN) {
  const csv = rewrite(readFileSync(join(FIELD_CASES, 'A2/salesforce-activities-report.csv'), 'latin1'));
  const path = join(tempDir, `a2-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, Buffer.from(csv, 'latin1'));
  run = await fieldCase(config);
  await run.import('activity-leads.csv', 'canonical-leads');
  const summary = await run.import(path, 'salesforce-activities-csv', { date: '2026-11-23' });
  return { run, summary };
}
/** A2 as a French user exports it: subtypes and types Appel, E-mail, Tâche. */
const a2French = (csv: string): string =>
  csv
    .replaceAll('"Call","Call","Outbound"', '"Appel","Appel","Outbound"')
    .replaceAll('"Email","Email","",""', '"E-mail","E-mail","",""')
    .replaceAll('"","Task"', '"","Tâche"');
/** A2 with the org's custom task types and no subtype (a report without "Task Subtype" values). */
const a2Custom = (csv: string): string =>
  csv
    .replaceAll('"Call","Call","Outbound"', '"Call - Outbound","","Outbound"')
    .replaceAll('"Email","Email","",""', '"Email - Manual","","",""');

describe('Salesforce task types no table knows (field case A2)', () => {
  it('the French default labels map like the English ones, measured', async () => {
    const { run, summary } = await a2(a2French);
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject(A2_TOTALS);
  });

  it('custom types are named with their setting, and the follow-ups are not measured', async () => {
    const { run, summary } = await a2(a2Custom);
    expect(summary).toContain('not recognized in "Activity Type": "Call - Outbound" (3), "Email - Manual" (1)');
    expect(summary).toContain('sources["salesforce-activities-csv"].activityTypes');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'salesforce', setting: 'activityTypes', labels: ['Call - Outbound', 'Email - Manual'] },
    ]);
    expect(report.totals.slaRate).toBeNull();
    expect(report.totals.overdue).toBeNull();
  });

  it('custom types mapped under activityTypes are measured', async () => {
    const { run, summary } = await a2(a2Custom, {
      ...BERLIN,
      sources: {
        'salesforce-activities-csv': { activityTypes: { 'call - outbound': 'call', 'Email - Manual': 'email' } },
      },
    });
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject(A2_TOTALS);
  });
});

/** Field case A1 (a HubSpot activities export) with the "Activity type" of rows rewritten. */
async function a1(rewrite: (csv: string) => string, config: object = BERLIN) {
  const csv = rewrite(readFileSync(join(FIELD_CASES, 'A1/hubspot-activities.csv'), 'utf8'));
  const path = join(tempDir, `a1-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, csv);
  run = await fieldCase(config);
  await run.import('activity-leads.csv', 'canonical-leads');
  const summary = await run.import(path, 'hubspot-activities-csv', { date: '2026-11-23' });
  return { run, summary };
}
/** A1 as a French user exports it: Appel, Réunion, Tâche (E-mail is HubSpot's spelling too). */
const a1French = (csv: string): string =>
  csv
    .replace(/^("\d+",)"Call"/gm, '$1"Appel"')
    .replace(/^("\d+",)"Meeting"/gm, '$1"Réunion"')
    .replace(/^("\d+",)"Task"/gm, '$1"Tâche"');
/** A1 with Anna Keller's call logged under a custom type, "WhatsApp". */
const a1WhatsApp = (csv: string): string => csv.replace('"87412003303","Call"', '"87412003303","WhatsApp"');

describe('HubSpot activity types no table knows (field case A1)', () => {
  it('the French default labels map like the English ones, measured', async () => {
    const { run, summary } = await a1(a1French);
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject(A1_TOTALS);
  });

  it('a call typed "WhatsApp" is named with its setting, and the follow-ups are not measured', async () => {
    const { run, summary } = await a1(a1WhatsApp);
    expect(summary).toContain('not recognized in "Activity type": "WhatsApp" (1)');
    expect(summary).toContain('sources["hubspot-activities-csv"].activityTypes');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'hubspot', setting: 'activityTypes', labels: ['WhatsApp'] },
    ]);
    expect(report.totals.slaRate).toBeNull();
    expect(report.totals.overdue).toBeNull();
  });

  it('"WhatsApp" mapped under activityTypes is measured', async () => {
    const { run, summary } = await a1(a1WhatsApp, {
      ...BERLIN,
      sources: { 'hubspot-activities-csv': { activityTypes: { whatsapp: 'call' } } },
    });
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject(A1_TOTALS);
  });
});

/**
 * Review 10b-3 (case c26): meeting outcomes that say it did not take place. Ben's meeting was
 * Rescheduled (his follow-up is the call the next day), Carla's was cancelled ("Abgesagt", as a
 * German-UI user exports it), Dan only called in. They read as held meetings: within SLA 3.
 */
const C26 = [
  '"Record ID","Activity type","Activity date","Activity assigned to","Call direction","Meeting outcome","Associated Contact"',
  '"87412009901","Meeting","2026-11-16 15:00","Tom Becker","","Rescheduled","Ben Ortiz (ben.ortiz@fabrikam.example)"',
  '"87412009902","Call","2026-11-17 10:05","Tom Becker","Outbound","","Ben Ortiz (ben.ortiz@fabrikam.example)"',
  '"87412009903","Meeting","2026-11-16 12:00","Lena Vogt","","Completed","Anna Keller (anna.keller@northwind.example)"',
  '"87412009904","Meeting","2026-11-16 13:00","Lena Vogt","","Abgesagt","Carla Rossi (carla.rossi@contoso.example)"',
  '"87412009905","Call","2026-11-16 13:30","Lena Vogt","Inbound","","Dan Meyer (dan.meyer@tailspin.example)"',
].join('\n');
async function c26(csv: string, config: object = BERLIN): Promise<{ run: FieldCaseRun; summary: string }> {
  run = await fieldCase(config);
  await run.import('activity-leads.csv', 'canonical-leads');
  const summary = await run.import(
    await writeTemp(`c26-${Math.random().toString(36).slice(2)}.csv`, csv),
    'hubspot-activities-csv',
    {
      date: '2026-11-23',
    },
  );
  return { run, summary };
}

describe('HubSpot meeting outcomes that say it did not take place (review 10b-3)', () => {
  it('Rescheduled and a cancelled outcome in German are not follow-ups: within 1, late 1, overdue 2', async () => {
    const { run, summary } = await c26(C26);
    expect(summary).not.toContain('not recognized');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 1, followedUpLate: 1, overdue: 2, slaRate: 0.25 });
  });

  it('an outcome nothing maps is named with its setting, not a follow-up, and the follow-ups are not measured (en and de-CH)', async () => {
    const csv = C26.replace('"Abgesagt"', '"Verlegt auf später"');
    const { run, summary } = await c26(csv);
    expect(summary).toContain('not recognized in "Meeting outcome": "Verlegt auf später" (1)');
    expect(summary).toContain('sources["hubspot-activities-csv"].activityStatuses');
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(false);
    expect(report.coverage.followUps.reason).toContain('1 activity status no import could map: Verlegt auf später');
    expect(report.coverage.followUps.unknownLabels).toEqual([
      { source: 'hubspot', setting: 'activityStatuses', labels: ['Verlegt auf später'] },
    ]);
    expect(report.totals.slaRate).toBeNull();
    expect(report.totals.overdue).toBeNull();
    expect(await run.text('2026-W47')).toContain('Follow-ups not measured: 1 activity status no import could map');
    await run.close();
    const de = await c26(csv, { ...BERLIN, locale: 'de-CH' });
    expect(await de.run.text('2026-W47')).toContain('Follow-ups nicht gemessen: 1 Aktivitätsstatus');
  });

  it('the outcome mapped under activityStatuses is measured', async () => {
    const csv = C26.replace('"Abgesagt"', '"Verlegt auf später"');
    const { run } = await c26(csv, {
      ...BERLIN,
      sources: { 'hubspot-activities-csv': { activityStatuses: { 'verlegt auf später': 'not_happened' } } },
    });
    const report = await run.report('2026-W47');
    expect(report.coverage.followUps.measured).toBe(true);
    expect(report.totals).toMatchObject({ followedUpWithinSla: 1, followedUpLate: 1, overdue: 2 });
  });
});
