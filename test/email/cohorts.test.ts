/**
 * The "Lead cohorts" section: one row per cohort with its age, a young cohort marked and
 * explained, the same in HTML and plain text, a family not measured shown as such (never 0%).
 */
import { describe, expect, it } from 'vitest';
import { buildEmailModel } from '../../emails/model.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';

function props(edit: (r: FunnelReport) => void = () => {}, locale: 'en' | 'de-CH' = 'en'): WeeklyReportEmailProps {
  const p = structuredClone(PreviewProps) as WeeklyReportEmailProps;
  edit(p.report);
  return { ...p, locale };
}

/** The section of the plain text, from its heading to the next one. */
function textSection(text: string, title: string): string {
  text = text.replace(/\u00a0/g, ' '); // the age keeps "2 wks" together with a no-break space
  const start = text.indexOf(`${title}\n${'='.repeat(title.length)}`);
  expect(start).toBeGreaterThan(-1);
  const next = text.slice(start + title.length * 2 + 2).search(/\n[^\n]+\n=+\n/);
  return text.slice(start, next < 0 ? undefined : start + title.length * 2 + 2 + next);
}

function visible(html: string): string {
  return html
    .slice(html.indexOf('<body'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&nbsp;|\u00a0|\u00ad/g, (m) => (m === '\u00ad' ? '' : ' '))
    .replace(/\s+/g, ' ');
}

describe('the lead-cohort section', () => {
  it('lists the 8 cohorts oldest first with their age; young ones marked and explained', async () => {
    const out = await renderWeeklyReport(props());
    const section = textSection(out.text, 'Lead cohorts');
    expect(section).toContain('by the end of week 47');
    const rows = section.split('\n').filter((l) => /^W\d\d /.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['W40', '8 wks'],
      ['W41', '7 wks'],
      ['W42', '6 wks'],
      ['W43', '5 wks'],
      ['W44', '4 wks'],
      ['W45', '3 wks*'],
      ['W46', '2 wks*'],
      ['W47', '1 wk*'],
    ]);
    // W40: 121 leads, 84 MQLs (69%), 112 followed up (93%), 14 opportunities (12%), 5 won.
    expect(rows[0]?.split(/\s+/)).toEqual(['W40', '8', 'wks', '121', '69%', '93%', '12%', '5']);
    expect(section).toContain('* Less than 4 weeks old: these leads have not had time to become opportunities');
    expect(section).toContain(
      'MQL, followed up and opportunity as a share of the cohort’s leads, as of the end of the report week; Won counts the leads with a deal won by then.',
    );
    const html = visible(out.html);
    expect(html).toContain('Lead cohorts');
    expect(html).toMatch(/W47 1 wk\* 142 73% 82% 1% 0/);
    expect(html).toContain('* Less than 4 weeks old');
    // After the funnel, before the follow-up section.
    expect(out.text.indexOf('Lead cohorts')).toBeGreaterThan(out.text.indexOf('Funnel this week'));
    expect(out.text.indexOf('Lead cohorts')).toBeLessThan(out.text.indexOf('Were marketing’s leads followed up?'));
  });

  it('says "not measured" and why for follow-ups and deals, with no column of zeros', async () => {
    const edit = (r: FunnelReport) => {
      r.coverage.followUps = { measured: false, reason: 'no calls, emails or meetings loaded', lastDataAt: null };
      r.coverage.deals = { measured: false, reason: 'no deals loaded', lastDataAt: null };
      for (const c of r.cohorts ?? []) {
        Object.assign(c, { followedUp: null, followedUpRate: null, opportunities: null, won: null });
        Object.assign(c, { followedUpWithinSla: null, followedUpWithinSlaRate: null, opportunityRate: null });
        c.wonRate = null;
      }
    };
    const m = buildEmailModel(props(edit));
    expect(m.cohorts?.table.columns).toEqual(['Week', 'Age', 'Leads', 'MQL']);
    expect(m.cohorts?.notes).toContain('Follow-ups not measured: no calls, emails or meetings loaded.');
    expect(m.cohorts?.notes).toContain('Deals not measured: no deals loaded.');
    expect(m.cohorts?.notes).toContain('MQL as a share of the cohort’s leads, as of the end of the report week.');
    const out = await renderWeeklyReport(props(edit));
    const section = textSection(out.text, 'Lead cohorts');
    const table = section.split('\n').filter((l) => /^(Week|W\d\d) /.test(l));
    expect(table[0]).toBe('Week  Age     Leads  MQL');
    expect(table).toHaveLength(9);
    expect(section).toContain('Deals not measured: no deals loaded.');
  });

  it('shows "–", with the reason, for the follow-up of cohorts older than the first activity loaded', async () => {
    const edit = (r: FunnelReport) => {
      for (const c of (r.cohorts ?? []).slice(0, 2)) {
        Object.assign(c, { followUpsKnown: false, followedUp: null, followedUpRate: null });
        Object.assign(c, { followedUpWithinSla: null, followedUpWithinSlaRate: null });
      }
    };
    const m = buildEmailModel(props(edit));
    expect(m.cohorts?.table.rows[0]?.[4]).toBe('–');
    expect(m.cohorts?.table.rows[2]?.[4]).toMatch(/^\d+%$/);
    const note = '– in Followed up: no calls, emails or meetings are loaded for some days of that week’s leads';
    expect(m.cohorts?.notes.some((n) => n.startsWith(note))).toBe(true);
    // Not said when every cohort's follow-up is known.
    expect(buildEmailModel(props()).cohorts?.notes.some((n) => n.startsWith(note))).toBe(false);
    const de = await renderWeeklyReport(props(edit, 'de-CH'));
    expect(textSection(de.text, 'Lead-Kohorten')).toContain(
      '– bei Kontaktiert: Für einige Tage der Leads dieser Woche sind keine Anrufe',
    );
  });

  it('marks no cohort young when all are at least 4 weeks old, and shows "–" for an empty cohort', () => {
    const m = buildEmailModel(
      props((r) => {
        r.cohorts = (r.cohorts ?? []).slice(0, 5); // W40–W44: 8 to 4 weeks old
        const first = r.cohorts[0]!;
        Object.assign(first, { leads: 0, mqls: 0, followedUp: 0, opportunities: 0, won: 0, mqlRate: null });
        Object.assign(first, { followedUpRate: null, opportunityRate: null, wonRate: null });
      }),
    );
    expect(m.cohorts?.young).toEqual([false, false, false, false, false]);
    expect(m.cohorts?.notes.some((n) => n.startsWith('*'))).toBe(false);
    expect(m.cohorts?.table.rows[0]).toEqual(['W40', '8\u00a0wks', '0', '–', '–', '–', '0']);
    expect(m.cohorts?.table.rows[4]?.[1]).toBe('4\u00a0wks');
  });

  it('is absent from an email whose report has no cohorts (a report built before them)', async () => {
    const out = await renderWeeklyReport(props((r) => delete r.cohorts));
    expect(out.text).not.toContain('Lead cohorts');
    expect(out.html).not.toContain('id="cohorts"');
  });

  it('speaks Swiss German', async () => {
    const out = await renderWeeklyReport(props(undefined, 'de-CH'));
    const section = textSection(out.text, 'Lead-Kohorten');
    expect(section).toMatch(/^KW47 {2,}1 Wo\.\* +142 +73% +82% +1% +0$/m);
    expect(section).toContain('Jünger als 4 Wochen');
    expect(section).toContain('Kontaktiert');
    expect(section).not.toContain('\u00ad');
    expect(section).not.toContain('ß');
  });
});
