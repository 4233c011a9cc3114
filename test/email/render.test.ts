import { describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import { buildEmailModel, LIMITS } from '../../emails/model.js';
import { OUTLOOK_FONT_RULE, renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { FunnelReport, WeekTotals } from '../../functions/core/report-types.js';
import { buildReportAttachments, summarizeAttachments } from '../../functions/core/report/attachments.js';

const GMAIL_CLIP_BYTES = 102 * 1000;

/** What a reader sees: tags dropped, entities decoded, whitespace collapsed. */
function visible(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\s\u200b-\u200f\ufeff\u00a0]+/g, ' ');
}

/** Intl puts a no-break space between currency code and amount (de-CH); compare with plain spaces. */
function plain(s: string): string {
  return s.replace(/\u00a0/g, ' ');
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function props(overrides: Partial<WeeklyReportEmailProps> = {}): WeeklyReportEmailProps {
  return { ...clone(PreviewProps), ...overrides };
}

const zeroFigures: WeekTotals = {
  leads: 0,
  mqls: 0,
  followedUpWithinSla: 0,
  followedUpLate: 0,
  overdue: 0,
  pending: 0,
  untimedLeads: 0,
  slaRate: null,
  slaRateMqls: null,
  medianHoursToFollowUp: null,
  opportunities: 0,
  marketingSourcedOpportunities: 0,
  pipeline: 0,
  marketingSourcedPipeline: 0,
  wonDeals: 0,
  wonRevenue: 0,
  marketingSourcedWonRevenue: 0,
  spend: 0,
  cpl: null,
  costPerOpportunity: null,
  roas: null,
  paidLeads: 0,
  paidCpl: null,
  paidOpportunities: 0,
  paidCostPerOpportunity: null,
  paidWonRevenue: 0,
  paidRoas: null,
};

/** A heavy week: 50 overdue leads with long addresses, 10 channels, 30 idle campaigns, 14 sources. */
function heavyReport(): FunnelReport {
  const report = clone(fixture.report) as FunnelReport;
  report.overdueLeads = Array.from({ length: 50 }, (_, i) => ({
    email: `firstname.lastname-${i}@a-rather-long-company-domain-name-${i}.example`,
    createdAt: new Date(Date.parse('2026-11-20T08:00:00Z') - i * 3_600_000 * 7).toISOString(),
    owner: i % 11 === 0 ? null : `Account Executive Number ${i % 9}`,
    channel: ['paid_search', 'paid_social', 'events', 'organic_search'][i % 4] ?? null,
    hoursOverdue: 5 + i * 7,
    // What sales acts on: the owner's name, the lead's name and company, a link to the record.
    ownerName: i % 11 === 0 ? null : `Owner With A Rather Long Display Name ${i % 9}`,
    name: `Maximiliane Vanderbilt-Oberholzer ${i}`,
    company: `Internationale Handels- und Logistikgesellschaft Nummer ${i} AG`,
    source: 'salesforce',
    recordUrl: `https://acme-international-holdings.my.salesforce.com/lightning/r/Lead/00Q5e00000AbCdEfG${String(i).padStart(2, '0')}/view`,
  }));
  report.channels = [
    'paid_search',
    'paid_social',
    'display',
    'email',
    'organic_search',
    'organic_social',
    'referral',
    'events',
    'direct',
    'other',
  ].map((channel, i) => {
    const spend = i < 5 ? 12_345.67 - i * 1000 : 0;
    const marketingSourcedOpportunities = Math.max(0, 8 - i);
    const wonRevenue = 55_000 - i * 5000;
    return {
      channel,
      leads: 40 - i * 3,
      spend,
      opportunities: 10 - i,
      marketingSourcedOpportunities,
      wonRevenue,
      cpl: spend > 0 ? spend / (40 - i * 3) : null,
      followUpDue: 38 - i * 3,
      followedUpWithinSla: 30 - i * 3,
      neverFollowedUp: 4,
      costPerOpportunity: spend > 0 && marketingSourcedOpportunities > 0 ? spend / marketingSourcedOpportunities : null,
      roas: spend > 0 ? wonRevenue / spend : null,
    };
  });
  report.idleSpend = Array.from({ length: 30 }, (_, i) => ({
    platform: ['google_ads', 'meta', 'linkedin'][i % 3] ?? 'meta',
    campaignId: String(900_000_000 + i),
    campaignName: `Always-on prospecting campaign with a long descriptive name #${i}`,
    spend: 1000 + i * 13.5,
  }));
  report.dataQuality.sources = Array.from({ length: 14 }, (_, i) => ({
    source: `source_${i}`,
    lastLoadedAt: '2026-11-23T05:00:00Z',
    rowsLoaded: 100_000 + i,
    rowsRejected: i,
  }));
  return report;
}

describe('renderWeeklyReport (English, fixture week)', async () => {
  const t0 = performance.now();
  const out = await renderWeeklyReport(props());
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  await renderWeeklyReport(props());
  const warmMs = performance.now() - t1;
  console.log(`[email] render: first ${firstMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms`);
  const seen = visible(out.html);

  it('has the subject, preview and header the issue asks for', () => {
    expect(out.subject).toBe('Marketing × Sales — week 47 (16–22 Nov 2026)');
    expect(out.preview).toBe('Won €86,400 (+16.6%) · 14 leads of the last 4 weeks awaiting first follow-up');
    expect(out.preview.length).toBeLessThan(90);
    expect(out.html).toMatch(/<html[^>]*lang="en"/);
    expect(out.html.match(/<h1/g)).toHaveLength(1);
    expect(seen).toContain('Week 47 · 16–22 Nov 2026');
    // The preheader is the first text in the body.
    expect(seen.trimStart().startsWith(out.preview)).toBe(true);
  });

  it('shows every KPI with its value, change and 4-week trend', () => {
    for (const s of [
      'Leads 142 ▲ +11.8%',
      'Followed up within SLA 76% ▲ +9.5 pp',
      'Opportunities 18 ▲ +20.0%',
      'Pipeline created €214,600 ▲ +16.7%',
      'Won revenue €86,400 ▲ +16.6%',
      'Ad spend €23,850 ▲ +3.9%',
      'ROAS (paid channels) 2.1× ▲ +18.5%',
      'Last 4 weeks: 118 · 131 · 127 · 142',
      'Last 4 weeks: €168k · €191k · €184k · €215k',
    ]) {
      expect(seen).toContain(s);
    }
  });

  it('names the deals no marketing lead claims "sales-sourced", never a channel called "Unattributed"', async () => {
    const p = props();
    p.report.channels = [
      ...p.report.channels,
      {
        channel: 'unattributed',
        leads: 0,
        spend: 0,
        opportunities: 7,
        marketingSourcedOpportunities: 0,
        wonRevenue: 35_200,
        cpl: null,
        costPerOpportunity: null,
        roas: null,
        followUpDue: 0,
        followedUpWithinSla: 0,
        neverFollowedUp: 0,
      },
    ];
    const en = await renderWeeklyReport(p);
    expect(visible(en.html)).toContain('Sales-sourced (no marketing lead) 0 7 0 35,200');
    expect(en.text).not.toMatch(/unattributed/i);
    const de = await renderWeeklyReport({ ...p, locale: 'de-CH' });
    expect(visible(de.html)).toContain('Vom Vertrieb (kein Marketing-Lead)');
  });

  it('colours changes by good/bad, not by up/down', () => {
    const m = buildEmailModel(props());
    const tone = (label: string) =>
      [...m.followUp.stats, ...m.spend.stats].find((s) => s.label.startsWith(label))?.delta?.tone;
    expect(tone('Median time')).toBe('good'); // 8.6 h → 6.4 h is better
    expect(tone('Cost per lead')).toBe('good'); // cheaper
    expect(tone('Ad spend')).toBe('neutral'); // spend alone is no judgement
    expect(m.kpis.items.find((k) => k.key === 'leads')?.delta).toMatchObject({ arrow: '▲', tone: 'good' });
    const worse = props();
    worse.report.totals.paidCpl = 270;
    expect(buildEmailModel(worse).spend.stats[1]?.delta).toMatchObject({ arrow: '▲', tone: 'bad' });
  });

  it('draws the funnel with conversion rates', () => {
    expect(seen).toContain('Leads 142');
    expect(seen).toContain('Marketing-qualified (MQL) 104 73% of leads');
    expect(seen).toContain('Followed up within SLA 96 76% of leads due for follow-up');
    expect(seen).toContain('Opportunities 18 13% of leads');
    expect(seen).toContain('Deals won 5 28% of opportunities');
    // Bars are table cells sized in percent: MQL = 104/142 = 73%.
    expect(out.html).toMatch(/<td width="73%"[^>]*background-color:#2f5fd0/);
    // Each bar is the rate its words give, against the stage it names (not against leads).
    const shares = buildEmailModel(props()).funnel.steps.map((st) => Math.round(st.share * 100));
    expect(shares).toEqual([100, 73, 76, 13, 28]);
  });

  it('answers "were the leads followed up?" with SLA, median and overdue leads by owner', () => {
    expect(seen).toContain('Were marketing’s leads followed up?');
    expect(seen).toContain('96 of 126 leads that were due got a first call, email or meeting within 24 h.');
    expect(seen).toContain('SLA rate, all leads 76% ▲ +9.5 pp');
    expect(seen).toContain('SLA rate, MQLs 81% ▲ +7.6 pp');
    expect(seen).toContain('Median time to first follow-up, over the leads of this week followed up 6.4 h ▼ -25.6%');
    expect(seen).toContain('Lena Brunner · 4 leads · longest 5 d 20 h');
    expect(seen).toContain('a.schmid@trakto.example Paid search · created 16 Nov · 5 d 20 h past SLA');
    expect(seen).toContain('and 1 more');
    expect(seen).toContain('Unassigned · 2 leads');
    expect(seen).toContain('(no email)');
  });

  it('answers "did the spend produce pipeline?" with costs, ROAS by channel and idle campaigns', () => {
    expect(seen).toContain('Did the spend produce pipeline?');
    // The paid figures, the blended ones (organic leads and revenue included) beside them.
    expect(seen).toContain('Cost per lead, paid channels €232 all channels: €168 ▼ -7.2%');
    expect(seen).toContain(
      'Cost per marketing-sourced opportunity, paid channels €2,385 all channels: €2,168 ▼ -16.9%',
    );
    expect(seen).toContain('Channel Spend (€) CPL (€) Cost per opp (€) ROAS Paid search 11,200 233 2,240 2.5×');
    expect(seen).toContain('Display 2,300 383 – 0.0×');
    expect(seen).toContain('Display retargeting DACH Google Ads 2,300');
    expect(seen).toContain('731042881 LinkedIn 680'); // no campaign name → id
  });

  it('has the channel table, the sourced split and the data-health footer', () => {
    expect(seen).toContain('Channel Leads Opps Mkt opps Won (€) Paid search 48 5 5 28,000');
    // Each channel's follow-up of this week's leads, in the follow-up section.
    expect(seen).toContain(
      'By channel: leads of this week due for follow-up Channel Due Within SLA No contact Paid search 43 36 2 Paid social 33 20 5',
    );
    expect(seen).toContain('Marketing-sourced: 11 (61%)');
    expect(seen).toContain('Sales-sourced: €35,200 (41%)');
    expect(seen).toContain('HubSpot 23 Nov, 06:12 18,420 3');
    expect(seen).toContain('Deals matched to a lead: 412 of 600 (69%)');
    expect(seen).toContain('Leads without a usable email: 37');
    expect(seen).toContain('Methodology version 1.0');
    expect(out.html).toContain('href="https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md"');
  });

  it('shows the head of sales what the claim rests on: pipeline split, match methods, the largest claimed deals', () => {
    expect(seen).toContain('Marketing-sourced: €131,800 (61%)');
    expect(seen).toContain(
      'Matched by Opps Pipeline (€) Won (€) Converted from the lead 5 68,400 27,600 Same contact email 4 41,500 14,200 Same company domain only 2 21,900 9,400 Sales-sourced (no marketing lead) 7 82,800 35,200',
    );
    expect(seen).toContain(
      'Fabrikam – Annual licence · Fabrikam AG · €18,600 (won) Same contact email · ben.ortiz@fabrikam.example · Paid social · LinkedIn – CFO webinar',
    );
    expect(out.text).toContain('Largest marketing-sourced deals of the week');
  });

  it('says where a figure of last week moved since its email, beside the comparison', () => {
    expect(seen).toContain('Changes are against the previous week. Week 46 leads restated since its email: 130 → 127.');
    expect(out.text).toContain('Week 46 leads restated since its email: 130 → 127.');
  });

  it('is email-safe: tables and inline styles only (a style element only for Outlook, in its conditional comment)', () => {
    // The one <style> is inside `<!--[if mso]>`: every other client sees a comment.
    expect(out.html.split(OUTLOOK_FONT_RULE)).toHaveLength(2);
    const others = out.html.replace(OUTLOOK_FONT_RULE, '');
    expect(others).not.toMatch(/<svg|<script|<style|<link|<img|data:|@font-face|@media/i);
    // Data cells leave the font to their table (and Outlook to its rule): not one per cell
    // (254 font-family declarations before, about 60 now).
    expect(others.match(/font-family/g)?.length ?? 0).toBeLessThan(100);
    expect(out.html).not.toMatch(/display:\s*(flex|grid)|position:\s*(absolute|fixed)|background-image/i);
    expect(out.html).not.toMatch(/NaN|undefined|Infinity|\bnull\b/);
  });

  it('writes the plain text from the same data, Site Kit style', () => {
    const lines = plain(out.text).split('\n');
    const model = buildEmailModel(props());
    for (const title of [
      model.kpis.title,
      model.funnel.title,
      model.followUp.title,
      model.spend.title,
      model.channels.title,
      model.split.title,
      model.health.title,
    ]) {
      const i = lines.indexOf(title);
      expect(i, title).toBeGreaterThan(0);
      expect(lines[i + 1]).toBe('='.repeat([...title].length));
      expect(seen).toContain(title);
    }
    expect(lines).toContain('Leads: 142 (+11.8%)');
    expect(lines).toContain('Followed up within SLA: 76% (+9.5 pp)');
    expect(lines).toContain('ROAS (paid channels): 2.1× (+18.5%)');
    expect(lines).toContain('  Last 4 weeks: W44 118 · W45 131 · W46 127 · W47 142');
    expect(lines).toContain('- a.schmid@trakto.example · Paid search · created 16 Nov · 5 d 20 h past SLA');
    expect(lines).toContain(
      'How every figure is defined: https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md',
    );
    expect(plain(out.text)).toMatch(/Paid search\s+11,200\s+233\s+2,240\s+2\.5×/);
    // Every figure the HTML shows in a KPI tile is in the text too.
    for (const k of model.kpis.items) expect(out.text).toContain(`${k.label}: ${k.value}`);
    for (const g of model.followUp.groups) expect(out.text).toContain(`${g.owner} · ${g.summary}`);
  });
});

describe('renderWeeklyReport in Swiss German', async () => {
  const out = await renderWeeklyReport(props({ locale: 'de-CH' }));
  const seen = visible(out.html);

  it('uses de-CH dates, numbers and money in the reporting currency', () => {
    expect(out.subject).toBe('Marketing × Sales — KW 47 (16.–22. Nov. 2026)');
    expect(plain(out.preview)).toBe(
      "Gewonnen EUR 86'400 (+16.6%) · 14 Leads der letzten 4 Wochen warten auf den ersten Kontakt",
    );
    expect(out.html).toMatch(/<html[^>]*lang="de-CH"/);
    expect(seen).toContain("Neue Pipeline EUR 214'600");
    expect(seen).toContain('Innert Frist kontaktiert 76% ▲ +9.5 Pp.');
    expect(seen).toContain('Median bis zum ersten Kontakt, über die kontaktierten Leads dieser Woche 6.4 Std.');
    expect(seen).toContain('Wurden die Leads aus dem Marketing nachgefasst?');
    expect(seen).toContain('Haben die Werbeausgaben Pipeline gebracht?');
    expect(seen).toContain("HubSpot 23. Nov., 06:12 18'420 3");
    expect(seen).toContain('Lena Brunner · 4 Leads · am längsten 5 T 20 Std.');
    expect(plain(out.text)).toContain("Neue Pipeline: EUR 214'600 (+16.7%)");
    expect(out.text).not.toContain('ß');
    expect(seen).not.toMatch(/\b(Leads|Week|week) 47\b/);
  });

  it('says a restated figure in German', () => {
    expect(seen).toContain('KW 46: Leads seit dem Versand korrigiert, 130 → 127.');
  });

  it('words the claim basis as a Swiss reader writes it', () => {
    expect(seen).toContain('Worauf die Marketing-Zahlen beruhen');
    expect(seen).toContain("Nur dieselbe Firmendomain 2 21'900 9'400");
    expect(seen).toContain('Grösste Deals aus Marketing dieser Woche');
  });

  it('formats CHF as the reporting currency', async () => {
    const p = props({ locale: 'de-CH' });
    p.report.currency = 'CHF';
    const chf = await renderWeeklyReport(p);
    expect(visible(chf.html)).toContain("Gewonnener Umsatz CHF 86'400");
    expect(plain(chf.text)).toContain('Kosten pro Lead, bezahlte Kanäle: CHF 232 (-7.2%) · alle Kanäle: CHF 168');
  });
});

describe('null figures and empty weeks', () => {
  it('shows "–" for missing figures and omits changes without a prior value', async () => {
    const p = props();
    p.report.totals = { ...zeroFigures, leads: 3, pending: 3 };
    p.report.previous = { ...zeroFigures };
    p.report.overdueLeads = [];
    p.report.idleSpend = [];
    p.report.channels = [];
    p.report.claimBasis = { byBasis: [], deals: [] };
    p.report.dataQuality = { sources: [], dealsMatched: 0, dealsUnmatched: 0, leadsWithoutEmail: 0 };
    p.trend = [{ ...zeroFigures }, p.report.totals];
    const out = await renderWeeklyReport(p);
    const seen = visible(out.html);
    expect(seen).toContain('No marketing-sourced deal was created or won this week.');
    expect(seen).not.toContain('What the marketing-sourced figures rest on');
    for (const s of [out.html, out.text, out.subject, out.preview]) {
      expect(s).not.toMatch(/NaN|undefined|Infinity|\bnull\b/);
    }
    expect(seen).toContain('Followed up within SLA –');
    expect(seen).toContain('ROAS (paid channels) –');
    expect(seen).toContain('No lead of this week was due for follow-up yet.');
    expect(seen).toContain('None: every lead past the SLA has been contacted.');
    expect(seen).toContain('No ad spend was recorded this week.');
    expect(seen).toContain('No channel had leads, spend or deals this week.');
    expect(seen).toContain('Nothing is overdue and every campaign with spend has pipeline.');
    expect(seen).toContain('Deals matched to a lead: 0 of 0 (–)');
    expect(out.html).not.toContain('▲');
    expect(out.html).not.toContain('▼');
    expect(out.text).toContain('Leads: 3\n'); // no "(+x%)" when last week had none
    expect(out.text).toContain('Cost per lead, paid channels: – · all channels: –');
  });

  it('names campaign names that fit several ad campaigns in the data-health notes (at most three)', async () => {
    const p = props();
    p.report.dataQuality.ambiguousCampaigns = [
      { name: 'Brand Search', persons: 4 },
      { name: 'Retargeting', persons: 1 },
      { name: 'Webinar', persons: 1 },
      { name: 'Fourth', persons: 1 },
    ];
    const out = await renderWeeklyReport(p);
    const line =
      'Not linked: campaign name "Brand Search" fits several ad campaigns, so its 4 leads count for none; rename one or tag links with the campaign id';
    expect(visible(out.html)).toContain(line);
    expect(out.text).toContain(line);
    expect(out.text).toContain('"Retargeting" fits several ad campaigns, so its 1 lead count for none');
    expect(out.text).not.toContain('"Fourth"');
    const de = await renderWeeklyReport({ ...p, locale: 'de-CH' });
    expect(de.text).toContain(
      'Kampagnenname «Brand Search» passt zu mehreren Werbekampagnen, seine 4 Leads zählen für keine',
    );
  });

  it('names imports of which every row was rejected in the data-health notes, in both languages', async () => {
    const p = props();
    p.report.dataQuality.rejectedImports = [
      {
        input: 'deals-nov.csv',
        table: 'deals',
        source: 'pipedrive',
        loadedAt: '2026-11-23T07:30:00Z',
        rowsRejected: 1234,
      },
    ];
    const out = await renderWeeklyReport(p);
    const line =
      /Not loaded: every row of deals-nov\.csv \(deals, imported [^)]+\) was rejected \(1,234\); its data is missing from these figures/;
    expect(visible(out.html)).toMatch(line);
    expect(out.text).toMatch(line);
    const de = await renderWeeklyReport({ ...p, locale: 'de-CH' });
    expect(de.text).toMatch(
      /Nicht geladen: alle Zeilen von deals-nov\.csv \(deals, importiert [^)]+\) wurden abgewiesen \(1'234\)/,
    );
    // None: no such line.
    expect((await renderWeeklyReport(props())).text).not.toContain('Not loaded:');
  });

  it('counts the leads left out of the SLA for a date without a time, in both languages, and only when any', async () => {
    const p = props();
    p.report.totals = { ...p.report.totals, untimedLeads: 7 };
    const out = await renderWeeklyReport(p);
    const line = 'Leads of this week not in these figures: created or followed up on a date without a time';
    expect(visible(out.html)).toContain(`${line} 7`);
    expect(plain(out.text)).toContain(`${line}: 7`);
    const de = await renderWeeklyReport({ ...p, locale: 'de-CH' });
    expect(plain(de.text)).toContain(
      'Leads dieser Woche nicht in diesen Zahlen: erfasst oder kontaktiert mit Datum ohne Uhrzeit: 7',
    );
    const none = await renderWeeklyReport(props());
    expect(none.text).not.toContain('date without a time');
    expect(visible(none.html)).not.toContain('date without a time');
  });

  it('never says no lead was due or every lead was contacted while leads without a time were not judged', async () => {
    // Three leads created on dates without a time (a Salesforce leads report's default): one
    // overdue whatever its hour, two the missing hour leaves without a verdict, one of them
    // never called. Before: "No lead of this week was due" and "None: every lead past the SLA
    // has been contacted".
    const p = props();
    p.report.totals = { ...zeroFigures, leads: 2, untimedLeads: 2 };
    p.report.overdueLeads = [];
    p.report.overdueLeftOut = 0;
    p.report.overdueUntimed = 1;
    const out = await renderWeeklyReport(p);
    for (const text of [visible(out.html), plain(out.text)]) {
      expect(text).not.toContain('No lead of this week was due for follow-up yet.');
      expect(text).not.toContain('None: every lead past the SLA has been contacted.');
      expect(text).not.toContain('Nothing is overdue');
      expect(text).toContain(
        'No lead of this week is known to be due for follow-up yet: 2 leads were not judged, created or followed up on a date without a time.',
      );
      expect(text).toContain(
        '1 lead without a follow-up not judged: created on a date without a time, so whether its SLA had run out by the end of the week depends on the hour.',
      );
    }
    const de = plain((await renderWeeklyReport({ ...p, locale: 'de-CH' })).text);
    expect(de).not.toContain('Keine: Jeder Lead über der Frist wurde kontaktiert.');
    expect(de).toContain('2 Leads wurden nicht beurteilt, erfasst oder kontaktiert mit Datum ohne Uhrzeit.');
    expect(de).toContain('1 Lead ohne Kontakt nicht beurteilt: erfasst mit Datum ohne Uhrzeit');
  });

  it('lists a lead created on a date without a time with its hours past the SLA as a lower bound, in both languages', async () => {
    const p = props();
    const [first] = p.report.overdueLeads;
    if (!first) throw new Error('the fixture lists overdue leads');
    p.report.overdueLeads = [{ ...first, hoursOverdue: 77, hoursOverdueAtLeast: true }];
    const out = await renderWeeklyReport(p);
    expect(visible(out.html)).toContain('at least 3 d 5 h past SLA');
    expect(plain(out.text)).toContain('at least 3 d 5 h past SLA');
    expect(plain(out.text)).toContain('longest at least 3 d 5 h');
    const de = plain((await renderWeeklyReport({ ...p, locale: 'de-CH' })).text);
    expect(de).toContain('mindestens 3 T 5 Std. über Frist');
    expect(de).toContain('am längsten mindestens 3 T 5 Std.');
    // With its time known the hours are exact: no "at least".
    p.report.overdueLeads = [{ ...first, hoursOverdue: 77, hoursOverdueAtLeast: false }];
    expect(plain((await renderWeeklyReport(p)).text)).not.toContain('at least 3 d 5 h');
  });

  it('survives a missing trend and a source that never loaded', async () => {
    const p = props({ trend: [] });
    p.report.dataQuality.sources.push({ source: 'pipedrive', lastLoadedAt: null, rowsLoaded: 0, rowsRejected: 0 });
    const out = await renderWeeklyReport(p);
    expect(visible(out.html)).toContain('Pipedrive never 0 0');
    expect(out.text).toContain('  Last 4 weeks: W46 127 · W47 142');
  });
});

describe('size with a heavy week', () => {
  it(`stays under Gmail's clipping point (${GMAIL_CLIP_BYTES} bytes) with 50 overdue leads`, async () => {
    const p = props({ report: heavyReport() });
    const out = await renderWeeklyReport(p);
    const bytes = Buffer.byteLength(out.html, 'utf8');
    const fixtureBytes = Buffer.byteLength((await renderWeeklyReport(props())).html, 'utf8');
    console.log(
      `[email] HTML size: ${bytes} bytes with 50 overdue leads, 30 idle campaigns, 14 sources; ${fixtureBytes} bytes for the fixture week; text ${Buffer.byteLength(out.text)} bytes`,
    );
    expect(bytes).toBeLessThanOrEqual(GMAIL_CLIP_BYTES);
    const seen = visible(out.html);
    const shownLeads = (out.html.match(/past SLA/g) ?? []).length;
    expect(shownLeads).toBeLessThanOrEqual(LIMITS.owners * LIMITS.leadsPerOwner);
    expect(seen).toMatch(/and \d+ more leads with \d+ other owners/);
    expect(seen).toContain(`and ${30 - LIMITS.idleCampaigns} more`);
    expect(seen).toContain(`and ${14 - LIMITS.sources} more`);
    // The data-health footer (last section) is inside the first 102 KB.
    expect(Buffer.byteLength(out.html.slice(0, out.html.indexOf('Methodology version')))).toBeLessThan(
      GMAIL_CLIP_BYTES,
    );
    // Same truncation in the text part.
    expect(out.text).toMatch(/and \d+ more leads with \d+ other owners/);
  });

  it('stays under the clipping point in Swiss German too (longer words), with the attachments listed', async () => {
    const report = heavyReport();
    const out = await renderWeeklyReport(
      props({ report, locale: 'de-CH', attachments: summarizeAttachments(buildReportAttachments(report)) }),
    );
    const bytes = Buffer.byteLength(out.html, 'utf8');
    console.log(`[email] HTML size de-CH heavy week with attachments listed: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(GMAIL_CLIP_BYTES);
    expect(out.text).toContain(`overdue-leads-${report.week}.csv`);
  });
});
