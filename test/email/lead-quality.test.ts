/**
 * The email's lead-quality section (issue #16 item 3): after the follow-up section, apart from
 * the SLA figures, the same in HTML and plain text, in English and Swiss German, "not measured"
 * where the data does not say, and stacked so it reads at 320 px.
 */
import { describe, expect, it } from 'vitest';
import { buildEmailModel } from '../../emails/model.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { LeadQualityReport } from '../../functions/core/report-types.js';

function props(locale: 'en' | 'de-CH' = 'en', edit: (q: LeadQualityReport) => void = () => {}): WeeklyReportEmailProps {
  const p = { ...structuredClone(PreviewProps), locale };
  if (p.report.leadQuality) edit(p.report.leadQuality);
  return p;
}

/** The text between two section headings of the plain-text part. */
function textSection(text: string, title: string): string[] {
  const lines = text.replace(/\u00a0/g, ' ').split('\n');
  const start = lines.indexOf(title);
  const end = lines.findIndex((l, i) => i > start + 1 && lines[i + 1] === '='.repeat([...l].length) && l !== '');
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('lead quality in the email', () => {
  it('is its own section after the follow-ups: per channel, totals first, and the top reasons, in HTML and text', async () => {
    const out = await renderWeeklyReport(props());
    const m = buildEmailModel(props());
    const title = "Lead quality (sales' view)";
    expect(m.leadQuality?.title).toBe(title);
    // After the follow-up section, before spend; in the text as in the HTML.
    const html = out.html.replace(/&#x27;|&#39;/g, "'");
    expect(html.indexOf(title)).toBeGreaterThan(html.indexOf(m.followUp.title));
    expect(html.indexOf(title)).toBeLessThan(html.indexOf(m.spend.title));
    expect(out.text.indexOf(title)).toBeGreaterThan(out.text.indexOf(m.followUp.overdueTitle));
    expect(out.text.indexOf(title)).toBeLessThan(out.text.indexOf(m.spend.title));

    const lines = textSection(out.text, title);
    expect(lines).toContain('All channels · 1,480 people');
    expect(lines).toContain(
      '  disqualified 14% · free mail only 11% · already customers 3% · role addresses 4% · duplicates 5% of 1,562 leads',
    );
    expect(lines).toContain('Paid social · 398 people');
    expect(lines).toContain(
      '  disqualified 22% · free mail only 18% · already customers 1% · role addresses 2% · duplicates 5% of 421 leads',
    );
    expect(lines.join('\n')).toMatch(/from 24 Aug to the end of this week/);
    expect(lines.slice(lines.indexOf('Why sales disqualified'))).toEqual([
      'Why sales disqualified',
      '----------------------',
      '- No budget: 71 people',
      '- no reason given: 59 people',
      '- Student / job seeker: 48 people',
      '- Competitor: 29 people',
      '',
    ]);
    // Every line of the HTML section is in the text, and the other way round.
    for (const r of m.leadQuality?.rows ?? []) {
      expect(html).toContain(r.figures.join(' · '));
      expect(out.text).toContain(r.figures.join(' · '));
    }
    // Channels by persons, most first, under the totals.
    expect(m.leadQuality?.rows.map((r) => r.label)).toEqual([
      'All channels',
      'Paid search',
      'Paid social',
      'Organic search',
      'Email',
    ]);
  });

  it('stacks each channel in one cell (no five-column table), so it fits 320 px', async () => {
    const out = await renderWeeklyReport(props());
    const section = out.html.slice(out.html.indexOf('id="lead-quality"'), out.html.indexOf('id="spend"'));
    expect(section).not.toBe('');
    expect(section).not.toMatch(/<th/);
    // The innermost rows (no row nested in them): one cell each.
    const rows = section.match(/<tr[^>]*>(?:(?!<tr)[\s\S])*?<\/tr>/g) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) expect(row.match(/<td/g)?.length).toBe(1);
  });

  it('speaks Swiss German (no ß)', async () => {
    const out = await renderWeeklyReport(props('de-CH'));
    const text = out.text.replace(/\u00a0/g, ' ');
    expect(text).toContain('Lead-Qualität (Sicht Verkauf)');
    expect(text).toMatch(/Alle Kanäle · 1['’]480 Personen/);
    expect(text).toMatch(/disqualifiziert 14 ?% · nur Freemail 11 ?% · bereits Kunden 3 ?% · Funktionsadressen 4 ?%/);
    expect(text).toContain('Warum der Verkauf disqualifizierte');
    expect(text).toContain('- ohne Angabe: 59 Personen');
    expect(textSection(text, 'Lead-Qualität (Sicht Verkauf)').join('\n')).not.toMatch(/ß/);
  });

  it('says "not measured" with the reason, never 0%, where sources or deals do not say', async () => {
    const p = props('en', (q) => {
      q.disqualification = { measured: false, reason: 'no lead of the cohort (from 2026-08-24) says…' };
      q.reasons = [];
      for (const f of [q.totals, ...q.channels]) {
        f.judged = 0;
        f.disqualified = null;
        f.disqualifiedRate = null;
        f.existingCustomers = null;
        f.existingCustomerRate = null;
      }
    });
    p.report.coverage.deals = { measured: false, reason: 'no deals loaded', lastDataAt: null };
    const out = await renderWeeklyReport(p);
    const lines = textSection(out.text, "Lead quality (sales' view)");
    expect(lines).toContain(
      '  disqualified not measured · free mail only 11% · already customers not measured · role addresses 4% · duplicates 5% of 1,562 leads',
    );
    expect(lines).toContain(
      'Disqualified: not measured, because no source of these leads says whether sales disqualified them.',
    );
    expect(lines.join('\n')).toMatch(/Deals not measured/i);
    expect(lines).not.toContain('Why sales disqualified');
    expect(lines.join('\n')).not.toMatch(/disqualified 0%/);
  });

  it('a cohort without leads says so; a report built before lead quality has no section', async () => {
    const empty = props();
    empty.report.leadQuality = null;
    const out = await renderWeeklyReport(empty);
    expect(textSection(out.text, "Lead quality (sales' view)")).toContain('No leads came in during these 13 weeks.');
    const old = props();
    delete old.report.leadQuality;
    const before = await renderWeeklyReport(old);
    expect(before.text).not.toContain("Lead quality (sales' view)");
    expect(before.html).not.toContain('id="lead-quality"');
  });
});
