/**
 * The overdue list sales can act on, in the email: owners by name, unassigned leads first, each
 * lead with its name, company and a link to its CRM record, in the HTML and the plain text alike.
 */
import { describe, expect, it } from 'vitest';
import { buildEmailModel, LIMITS } from '../../emails/model.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { OverdueLead } from '../../functions/core/report-types.js';

const URL_ANN = 'https://app.hubspot.com/contacts/4711/record/0-1/101';

const leads: OverdueLead[] = [
  // The owner with most leads, named from the owners table.
  ...[1, 2, 3].map((i) => ({
    email: `lead${i}@x.example`,
    createdAt: '2026-11-17T08:00:00Z',
    owner: '9001',
    ownerName: 'Anna Aebi',
    channel: 'paid_search',
    hoursOverdue: 100 - i,
    name: i === 1 ? 'Ann Ames' : null,
    company: i === 1 ? 'Acme AG' : null,
    source: 'hubspot',
    recordUrl: i === 1 ? URL_ANN : null,
  })),
  // No owners row for this id: the id shows.
  {
    email: 'carol@x.example',
    createdAt: '2026-11-18T08:00:00Z',
    owner: '7',
    ownerName: null,
    channel: 'referral',
    hoursOverdue: 10,
    name: 'Carol Cole',
    company: null,
    source: 'pipedrive',
    recordUrl: null,
  },
  // Unassigned: fewer leads than Anna, shown first all the same.
  {
    email: 'dave@x.example',
    createdAt: '2026-11-19T08:00:00Z',
    owner: null,
    ownerName: null,
    channel: 'email',
    hoursOverdue: 5,
    name: 'Dave Dorn',
    company: 'Delta GmbH',
    source: 'salesforce',
    recordUrl: 'https://acme.my.salesforce.com/lightning/r/Lead/00Q000000000001EAA/view',
  },
];

function props(locale?: string): WeeklyReportEmailProps {
  const p = structuredClone(PreviewProps);
  p.report.overdueLeads = leads;
  return locale ? { ...p, locale: locale as WeeklyReportEmailProps['locale'] } : p;
}

describe('overdue list with owners', () => {
  it('groups by owner name, unassigned first, the id where no name is known', () => {
    const groups = buildEmailModel(props()).followUp.groups;
    expect(groups.map((g) => g.owner)).toEqual(['Unassigned', 'Anna Aebi', '7']);
    expect(groups[1]!.leads[0]).toMatchObject({
      title: 'Ann Ames',
      company: 'Acme AG',
      url: URL_ANN,
      email: 'lead1@x.example',
    });
    // Without a name the address is the title, shown once.
    expect(groups[1]!.leads[1]).toMatchObject({ title: 'lead2@x.example', email: null, url: null });
    expect(LIMITS.owners).toBeGreaterThanOrEqual(3);
  });

  it('renders names, companies and plain links in the HTML, and the same in the text', async () => {
    const out = await renderWeeklyReport(props());
    expect(out.html).toContain(`<a href="${URL_ANN}"`);
    expect(out.html).toMatch(/>Ann Ames<\/a>/);
    expect(out.html).toContain('Acme AG');
    const html = out.html.replace(/<[^>]+>/g, ' ');
    expect(html.indexOf('Unassigned')).toBeGreaterThan(-1);
    expect(html.indexOf('Unassigned')).toBeLessThan(html.indexOf('Anna Aebi'));
    // Durations and dates may carry no-break spaces: compare with plain ones.
    const lines = out.text.replace(/[\u00a0\u202f]/g, ' ').split('\n');
    expect(lines).toContain('- Ann Ames, Acme AG · lead1@x.example · Paid search · created 17 Nov · 4 d 3 h past SLA');
    expect(lines).toContain(`  ${URL_ANN}`);
    expect(lines).toContain('- Dave Dorn, Delta GmbH · dave@x.example · Email · created 19 Nov · 5 h past SLA');
    expect(out.text.indexOf('Unassigned ·')).toBeLessThan(out.text.indexOf('Anna Aebi ·'));
  });

  it('says "Nicht zugewiesen" in Swiss German', () => {
    expect(buildEmailModel(props('de-CH')).followUp.groups[0]!.owner).toBe('Nicht zugewiesen');
  });

  it('marks a deactivated owner, listed after the unassigned, and an owner known only from after the week', async () => {
    const marked = (locale?: string) => {
      const p = props(locale);
      p.report.overdueLeads = [
        ...leads,
        {
          ...leads[4]!,
          email: 'sam1@x.example',
          owner: '005A',
          ownerName: 'Sam Seller',
          ownerInactive: true,
          name: 'Eve Ebner',
          hoursOverdue: 1,
        },
        { ...leads[4]!, email: 'finn@x.example', name: 'Finn Frei', ownerKnownAtCutoff: false, hoursOverdue: 2 },
      ];
      return p;
    };
    const groups = buildEmailModel(marked()).followUp.groups;
    // Fewer leads than Anna, but nobody follows them up either: right after the unassigned.
    expect(groups.map((g) => [g.owner, g.ownerNote])).toEqual([
      ['Unassigned', null],
      ['Sam Seller', 'deactivated in the CRM: nobody follows these leads up'],
      ['Anna Aebi', null],
      ['7', null],
    ]);
    expect(groups[0]!.leads.find((l) => l.title === 'Finn Frei')?.ownerNote).toBe('owner as exported after the week');
    expect(groups[0]!.leads.find((l) => l.title === 'Dave Dorn')?.ownerNote).toBeNull();
    const out = await renderWeeklyReport(marked());
    expect(out.html.replace(/<[^>]+>/g, '')).toContain(
      'Sam Seller (deactivated in the CRM: nobody follows these leads up)',
    );
    expect(out.html).toContain('owner as exported after the week');
    const text = out.text.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('Sam Seller (deactivated in the CRM: nobody follows these leads up) · 1 lead');
    expect(text).toMatch(/- Finn Frei, Delta GmbH · .* · owner as exported after the week/);
    const de = buildEmailModel(marked('de-CH')).followUp.groups;
    expect(de[1]!.ownerNote).toBe('im CRM deaktiviert: Niemand kümmert sich um diese Leads');
    expect(de[0]!.leads.find((l) => l.title === 'Finn Frei')?.ownerNote).toBe(
      'Verantwortlich gemäss Export nach der Woche',
    );
  });
  it('says once in the intro, not on every lead, when every owner is known only from after the week', async () => {
    const p = props();
    p.report.overdueLeads = leads.map((l) => ({ ...l, ownerKnownAtCutoff: false }));
    const model = buildEmailModel(p).followUp;
    expect(model.groups.flatMap((g) => g.leads.map((l) => l.ownerNote))).toEqual(leads.map(() => null));
    expect(model.overdueIntro).toContain('Owners as exported after the week: no export made by its end names them');
    const text = (await renderWeeklyReport(p)).text.replace(/[\u00a0\u202f]/g, ' ');
    expect(text.match(/owner as exported after the week/gi) ?? []).toHaveLength(0);
    expect(text.match(/Owners as exported after the week/g)).toHaveLength(1);
    const de = props('de-CH');
    de.report.overdueLeads = p.report.overdueLeads;
    expect(buildEmailModel(de).followUp.overdueIntro).toContain('Verantwortliche gemäss Export nach der Woche');
    // One lead of several known at the cutoff: each lead says it, the intro does not.
    p.report.overdueLeads[0] = { ...p.report.overdueLeads[0]!, ownerKnownAtCutoff: true };
    const mixed = buildEmailModel(p).followUp;
    expect(mixed.overdueIntro).not.toContain('Owners as exported');
    expect(mixed.groups.flatMap((g) => g.leads.map((l) => l.ownerNote)).filter(Boolean)).toHaveLength(leads.length - 1);
  });
});
