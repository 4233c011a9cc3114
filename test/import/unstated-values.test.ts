/**
 * Leads whose MQL status nothing states. A canonical leads CSV may leave out its optional
 * `lifecycle_stage` and `mql_at` (SPEC §3), and a CRM may hold leads without a stage: every such
 * lead reads as "not an MQL", so the week's MQLs were a stated 0 % with nothing saying why. The
 * import now says so, and the report names each source's leads of the week that state no stage
 * (`dataQuality.assumptions`, kind `leadsWithoutStage`), with an attention line when they are
 * half or more of the week's leads.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';
import { emailText } from '../helpers/email-text.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(run!.dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const CONFIG = { timezone: 'UTC', reportingCurrency: 'EUR' };

describe('leads that state no lifecycle stage or MQL date', () => {
  it('a canonical file without the columns: the import notes it, the report names the leads, the email says MQLs are not known', async () => {
    run = await fieldCase(CONFIG);
    const path = await file('leads.csv', [
      'lead_id,source,email,created_at',
      'L1,crm_sheet,ana@acme.example,2026-11-16T09:00:00Z',
      'L2,crm_sheet,ben@bolt.example,2026-11-17T09:00:00Z',
      'L3,crm_sheet,cai@core.example,2026-11-18T09:00:00Z',
    ]);
    const printed = await run.import(path, 'canonical-leads');
    expect(printed).toContain('3 loaded, 0 rejected');
    expect(printed).toContain('no "lifecycle_stage" or "mql_at" columns: every lead loads as not an MQL');
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({ leads: 3, mqls: 0 });
    expect(report.dataQuality.assumptions).toContainEqual({
      source: 'crm_sheet',
      kind: 'leadsWithoutStage',
      rows: 3,
      of: 3,
    });
    const text = emailText(report);
    expect(text).toContain("MQLs not known: 3 of this week's leads (Crm sheet) state no lifecycle stage or MQL date");
    expect(text).toContain("Assumed: 3 of the week's 3 Crm sheet leads state no lifecycle stage or MQL date");
    expect(emailText(report, 'de-CH')).toContain('MQLs unbekannt: 3 Leads dieser Woche (Crm sheet)');
  });

  it('a stage in any version counts; a week whose leads state one carries no line', async () => {
    run = await fieldCase(CONFIG);
    await run.import(
      await file('with-stage.csv', [
        'lead_id,source,email,created_at,updated_at,lifecycle_stage',
        'L1,crm_sheet,ana@acme.example,2026-11-16T09:00:00Z,2026-11-16T09:00:00Z,mql',
        'L2,crm_sheet,ben@bolt.example,2026-11-17T09:00:00Z,2026-11-17T09:00:00Z,lead',
        'L3,crm_sheet,cai@core.example,2026-11-18T09:00:00Z,2026-11-18T09:00:00Z,',
      ]),
      'canonical-leads',
    );
    // A later version of L2 without the column: the earlier version still stated its stage.
    await run.import(
      await file('later.csv', [
        'lead_id,source,email,created_at,updated_at',
        'L2,crm_sheet,ben@bolt.example,2026-11-17T09:00:00Z,2026-11-20T09:00:00Z',
      ]),
      'canonical-leads',
    );
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({ leads: 3, mqls: 1 });
    // L3 alone states nothing: a footer line, no attention line (1 of 3 is under half).
    expect(report.dataQuality.assumptions).toEqual([
      { source: 'crm_sheet', kind: 'leadsWithoutStage', rows: 1, of: 3 },
    ]);
    const text = emailText(report);
    expect(text).toContain(
      "Assumed: 1 of the week's 3 Crm sheet leads states no lifecycle stage or MQL date, so it counts as not MQL",
    );
    expect(text).not.toContain('MQLs not known');
    // The week before has no leads at all: nothing to say.
    expect((await run.report('2026-W46')).dataQuality.assumptions).toEqual([]);
  });

  it('deals of the week without an amount: counted, left out of pipeline and won revenue, and said', async () => {
    run = await fieldCase(CONFIG);
    await run.import(
      await file('deals.csv', [
        'deal_id,source,created_at,closed_at,is_closed,is_won,amount,currency,contact_emails',
        'D1,crm_sheet,2026-11-16T09:00:00Z,,false,false,4000,EUR,ana@acme.example',
        'D2,crm_sheet,2026-11-17T09:00:00Z,2026-11-19T09:00:00Z,true,true,,EUR,ben@bolt.example',
        'D3,crm_sheet,2026-11-18T09:00:00Z,,false,false,,EUR,cai@core.example',
      ]),
      'canonical-deals',
    );
    const report = await run.report('2026-W47');
    expect(report.totals).toMatchObject({ opportunities: 3, pipeline: 4000, wonDeals: 1, wonRevenue: 0 });
    expect(report.dataQuality.assumptions).toContainEqual({
      source: 'crm_sheet',
      kind: 'dealsWithoutAmount',
      rows: 2,
      of: 3,
    });
    expect(emailText(report)).toContain(
      "Incomplete: 2 of the week's 3 Crm sheet deals have no amount, so pipeline and won revenue leave them out",
    );
  });

  it('a deals file without is_won says every deal loads as not won', async () => {
    run = await fieldCase(CONFIG);
    const printed = await run.import(
      await file('deals.csv', [
        'deal_id,source,created_at,closed_at,amount,currency',
        'D1,crm_sheet,2026-11-16T09:00:00Z,2026-11-18T09:00:00Z,1000,EUR',
      ]),
      'canonical-deals',
    );
    expect(printed).toContain('1 loaded, 0 rejected');
    expect(printed).toContain('no "is_won" column: every deal loads as not won');
    // With the column the note goes.
    const withWon = await run.import(
      await file('deals-won.csv', [
        'deal_id,source,created_at,closed_at,is_closed,is_won,amount,currency',
        'D1,crm_sheet,2026-11-16T09:00:00Z,2026-11-18T09:00:00Z,true,true,1000,EUR',
      ]),
      'canonical-deals',
    );
    expect(withWon).not.toContain('is_won');
  });
});
