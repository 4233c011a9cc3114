/**
 * Lead statuses and lifecycle stages no import could map (docs/methodology.md, "Labels the
 * product does not know"): such a lead loaded as a plain lead, not disqualified, and the report
 * stated "MQL 0 %" and "0 disqualified" as measured. Now lead quality (MQLs, disqualified) is
 * not measured, naming the labels and the setting, until they are mapped and the data rebuilt.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rebuildCommand, reportCommand } from '../../bin/cli/commands.js';
import { unmeasured } from '../../functions/core/report/coverage.js';
import { fieldCase, FIELD_CASES, type FieldCaseRun } from '../helpers/field-case.js';

const PARIS = { reportingCurrency: 'EUR', timezone: 'Europe/Paris', locale: 'fr-FR' } as const;
const BERLIN = { reportingCurrency: 'EUR', timezone: 'Europe/Berlin' } as const;
const W48 = '2026-W48';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const tempDir = mkdtempSync(join(tmpdir(), 'lead-statuses-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
async function writeTemp(name: string, text: string): Promise<string> {
  const path = join(tempDir, name);
  await writeFile(path, text);
  return path;
}

/** The French Salesforce leads export (2 MQLs, 1 of 5 disqualified) with one lead's status rewritten. */
function sfLeads(status: string): string {
  return readFileSync(join(FIELD_CASES, 'own/salesforce-leads-fr-statuses.csv'), 'utf8').replace(
    'lea@acme.example;Qualifié;',
    `lea@acme.example;${status};`,
  );
}

/** Field case K1 (HubSpot contacts of W48: 3 MQLs of 6) with `rewrite` applied. */
function k1(rewrite: (csv: string) => string = (c) => c): string {
  return rewrite(readFileSync(join(FIELD_CASES, 'K1/contacts-1130.csv'), 'utf8'));
}

/** K1 with a Lead Status column: `dan@` (204) has `status`, the others "Nouveau". */
const withLeadStatus = (status: string) => (csv: string) =>
  csv
    .split('\n')
    .map((line, i) =>
      line === '' ? line : `${line},${i === 0 ? 'Lead Status' : line.startsWith('204,') ? status : 'Nouveau'}`,
    )
    .join('\n');

describe('Salesforce leads with a custom status (CSV)', () => {
  it('hold MQLs and disqualified as not measured, naming the label and lifecycleStages (JSON, text, de-CH)', async () => {
    const file = await writeTemp('sf-custom.csv', sfLeads('Marketing Qualified'));
    run = await fieldCase(PARIS);
    const summary = await run.import(file, 'salesforce-leads-csv');
    expect(summary).toContain('"Marketing Qualified"');
    expect(summary).toContain('sources["salesforce-leads-csv"].lifecycleStages');
    const report = await run.report(W48);
    expect(report.coverage.leadQuality).toMatchObject({
      measured: false,
      unknownLabels: [{ source: 'salesforce', setting: 'lifecycleStages', labels: ['Marketing Qualified'] }],
    });
    expect(report.coverage.leadQuality.reason).toContain('sources["<format>"].lifecycleStages');
    // Leads stay counted; the MQLs, the MQLs' SLA rate and the disqualified are null, never 0.
    expect(report.totals.leads).toBe(5);
    expect(report.totals.mqls).toBeNull();
    expect(report.totals.slaRateMqls).toBeNull();
    expect(report.cohorts?.at(-1)).toMatchObject({ leads: 5, mqls: null, mqlRate: null });
    expect(report.leadQuality?.totals).toMatchObject({ disqualified: null, disqualifiedRate: null });
    expect(report.leadQuality?.disqualification.measured).toBe(false);
    // The send holds it like any family not measured.
    expect(unmeasured(report.coverage)).toContain('leadQuality');

    const text = await run.text(W48);
    expect(text).toContain(
      'MQLs and disqualified not measured: 1 lead status or lifecycle stage no import could map ("Marketing Qualified")',
    );
    expect(text).toContain('sources, lifecycleStages');
    expect(text).not.toMatch(/disqualified 0%/);
    await run.close();

    run = await fieldCase({ ...PARIS, locale: 'de-CH' });
    await run.import(file, 'salesforce-leads-csv');
    expect(await run.text(W48)).toContain(
      'MQLs und Disqualifizierte nicht gemessen: 1 Lead-Status oder Lebenszyklusphase, die der Import nicht zuordnen konnte ("Marketing Qualified")',
    );
  });

  it('mapped under lifecycleStages after the import, a rebuild makes them measured again', async () => {
    const file = await writeTemp('sf-rebuild.csv', sfLeads('Marketing Qualified'));
    run = await fieldCase(PARIS);
    await run.import(file, 'salesforce-leads-csv');
    const global = { config: join(run.dir, 'config.json'), dataDir: join(run.dir, 'data') };
    await writeFile(
      global.config,
      JSON.stringify({
        ...PARIS,
        sources: { 'salesforce-leads-csv': { lifecycleStages: { 'marketing qualified': 'mql' } } },
      }),
    );
    // Before the rebuild the load still carries the label it could not map.
    expect((await reportCommand({ week: W48, format: 'json' }, global)).report.coverage.leadQuality.measured).toBe(
      false,
    );
    await rebuildCommand({}, global);
    const { report } = await reportCommand({ week: W48, format: 'json' }, global);
    expect(report.coverage.leadQuality.measured).toBe(true);
    expect(report.totals).toMatchObject({ leads: 5, mqls: 2 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 5, disqualified: 1 });
  });

  it('a status listed only in disqualifiedStatuses is known: measured, and disqualified', async () => {
    const file = await writeTemp('sf-dq.csv', sfLeads('Pas de budget'));
    run = await fieldCase({
      ...PARIS,
      sources: { 'salesforce-leads-csv': { disqualifiedStatuses: ['Pas de budget', 'Non qualifié'] } },
    });
    expect(await run.import(file, 'salesforce-leads-csv')).not.toContain('not recognized');
    const report = await run.report(W48);
    expect(report.coverage.leadQuality.measured).toBe(true);
    expect(report.totals).toMatchObject({ leads: 5, mqls: 1 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 5, disqualified: 2 });
  });
});

describe('HubSpot contacts with a custom lifecycle stage (field case K1)', () => {
  it('hold MQLs as not measured until lifecycleStages maps the stage', async () => {
    const file = await writeTemp(
      'k1-pql.csv',
      k1((c) =>
        c.replace(
          'Northwind,2026-11-23 09:00,2026-11-23 09:00,Marketing Qualified Lead',
          'Northwind,2026-11-23 09:00,2026-11-23 09:00,Product Qualified Lead',
        ),
      ),
    );
    run = await fieldCase(BERLIN);
    const summary = await run.import(file, 'hubspot-contacts-csv');
    expect(summary).toContain('"Product Qualified Lead"');
    const report = await run.report(W48);
    expect(report.coverage.leadQuality.unknownLabels).toEqual([
      { source: 'hubspot', setting: 'lifecycleStages', labels: ['Product Qualified Lead'] },
    ]);
    expect(report.totals).toMatchObject({ leads: 6, mqls: null });
    await run.close();

    run = await fieldCase({
      ...BERLIN,
      sources: { 'hubspot-contacts-csv': { lifecycleStages: { 'Product Qualified Lead': 'mql' } } },
    });
    expect(await run.import(file, 'hubspot-contacts-csv')).not.toContain('not recognized');
    const mapped = await run.report(W48);
    expect(mapped.coverage.leadQuality.measured).toBe(true);
    expect(mapped.totals).toMatchObject({ leads: 6, mqls: 3 });
  });
});

describe('HubSpot Lead Status (hs_lead_status) in the export', () => {
  it('the French default labels map: Non qualifié is disqualified, measured', async () => {
    const file = await writeTemp('k1-fr.csv', k1(withLeadStatus('Non qualifié')));
    run = await fieldCase(BERLIN);
    expect(await run.import(file, 'hubspot-contacts-csv')).not.toContain('not recognized');
    const report = await run.report(W48);
    expect(report.coverage.leadQuality.measured).toBe(true);
    expect(report.totals).toMatchObject({ leads: 6, mqls: 3 });
    expect(report.leadQuality?.totals).toMatchObject({ judged: 6, disqualified: 1 });
  });

  it('an unknown status is noted under leadStatuses and holds lead quality; mapped, it is disqualified', async () => {
    const file = await writeTemp('k1-custom.csv', k1(withLeadStatus('Pas intéressé')));
    run = await fieldCase(BERLIN);
    const summary = await run.import(file, 'hubspot-contacts-csv');
    expect(summary).toContain('"Pas intéressé"');
    expect(summary).toContain('leadStatuses');
    const report = await run.report(W48);
    expect(report.coverage.leadQuality.unknownLabels).toEqual([
      { source: 'hubspot', setting: 'leadStatuses', labels: ['Pas intéressé'] },
    ]);
    expect(report.totals.mqls).toBeNull();
    expect(report.leadQuality?.totals.disqualified).toBeNull();
    expect(await run.text(W48)).toContain('(sources, leadStatuses)');
    await run.close();

    run = await fieldCase({
      ...BERLIN,
      sources: { 'hubspot-contacts-csv': { leadStatuses: { 'pas intéressé': 'disqualified' } } },
    });
    expect(await run.import(file, 'hubspot-contacts-csv')).not.toContain('not recognized');
    const mapped = await run.report(W48);
    expect(mapped.coverage.leadQuality.measured).toBe(true);
    expect(mapped.leadQuality?.totals).toMatchObject({ judged: 6, disqualified: 1 });
  });
});
