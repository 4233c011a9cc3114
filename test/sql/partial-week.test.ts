/**
 * A report of a week that has not ended (`--partial`) judges every "as of the cutoff" figure
 * at the moment it is built, not at the week's future end: a lead that came in 2 hours ago
 * is pending, never "overdue by 124 h", and the SLA rate does not count it as missed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCommand, reportCommand } from '../../bin/cli/commands.js';

let global: { config: string; dataDir: string };

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'funnel-partial-'));
  const config = join(root, 'cfg.json');
  await writeFile(config, JSON.stringify({ reportingCurrency: 'USD', timezone: 'America/New_York' }));
  await writeFile(
    join(root, 'leads.csv'),
    [
      'lead_id,source,email,created_at,channel',
      // Tuesday of W49, two hours before the report is built.
      'L1,webform,anna@northwind.example,2026-12-01T10:00:00Z,paid_search',
      // Monday of W49, called an hour later.
      'L2,webform,ben@fabrikam.example,2026-11-30T15:00:00Z,paid_search',
      // W48, never called: overdue whatever the cutoff.
      'L3,webform,cleo@contoso.example,2026-11-24T15:00:00Z,paid_search',
    ].join('\n'),
  );
  await writeFile(
    join(root, 'acts.csv'),
    [
      'activity_id,source,type,occurred_at,email,is_automated',
      // A colleague's call before the leads came in: follow-ups are known from its day on.
      'A0,crm,call,2026-11-20T09:00:00Z,someone@else.example,false',
      'A1,crm,call,2026-11-30T16:00:00Z,ben@fabrikam.example,false',
    ].join('\n'),
  );
  global = { config, dataDir: join(root, 'data') };
  await importCommand(join(root, 'leads.csv'), { as: 'canonical-leads' }, global);
  await importCommand(join(root, 'acts.csv'), { as: 'canonical-activities' }, global);
}, 120_000);

describe('a partial week', () => {
  it('counts a lead younger than the SLA as pending and lists only the really overdue', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const { report } = await reportCommand({ week: '2026-W49', format: 'json', partial: true, now }, global);
    expect(report.partial).toBe(true);
    expect(report.totals.leads).toBe(2);
    expect(report.totals.followedUpWithinSla).toBe(1);
    expect(report.totals.pending).toBe(1);
    expect(report.totals.overdue).toBe(0);
    expect(report.totals.slaRate).toBe(1);
    // The overdue list (W and the 3 weeks before): only W48's lead, 7 days overdue at now.
    expect(report.overdueLeads.map((l) => [l.email, l.hoursOverdue])).toEqual([['cleo@contoso.example', 141]]);
    const { stdout } = await reportCommand({ week: '2026-W49', format: 'text', partial: true, now }, global);
    expect(stdout).toContain('Leads of this week not yet due: 1');
    expect(stdout).toContain('Leads of this week not yet followed up, past the SLA: 0');
    // The email's 4-week trend repeats W at the same cutoff (it read 50 % before).
    expect(stdout).toMatch(/Followed up within SLA: 100%\n\s+Last 4 weeks: .* W49 100%/);
  }, 120_000);
});
