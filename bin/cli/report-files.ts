/** Plain HTML and text renderings of a FunnelReport (the designed email replaces them). */
import type { FunnelReport, WeeklyFigures } from '../../functions/core/report-types.js';

const LABELS: [keyof WeeklyFigures, string][] = [
  ['leads', 'Leads'],
  ['mqls', 'MQLs'],
  ['followedUpWithinSla', 'Followed up within SLA'],
  ['followedUpLate', 'Followed up late'],
  ['overdue', 'Overdue'],
  ['pending', 'Pending'],
  ['slaRate', 'SLA rate'],
  ['medianHoursToFollowUp', 'Median hours to follow-up'],
  ['opportunities', 'Opportunities'],
  ['marketingSourcedOpportunities', 'Marketing-sourced opportunities'],
  ['pipeline', 'Pipeline'],
  ['wonDeals', 'Won deals'],
  ['wonRevenue', 'Won revenue'],
  ['marketingSourcedWonRevenue', 'Marketing-sourced won revenue'],
  ['spend', 'Spend'],
  ['cpl', 'Cost per lead'],
  ['costPerOpportunity', 'Cost per opportunity'],
  ['roas', 'ROAS'],
];

const show = (v: number | null): string => (v === null ? '–' : String(v));

export function plainText(report: FunnelReport): string {
  const lines = [
    `Marketing × Sales funnel — ${report.week} (${report.start} to ${report.end}, ${report.timezone}, ${report.currency})`,
    '',
    ...LABELS.map(([k, label]) => `${label}: ${show(report.totals[k])} (previous week: ${show(report.previous[k])})`),
    '',
    `Overdue leads (this week and the three before): ${report.overdueLeads.length}`,
    `Campaigns with spend and no pipeline: ${report.idleSpend.length}`,
    `Deals matched to marketing: ${report.dataQuality.dealsMatched}, unmatched: ${report.dataQuality.dealsUnmatched}`,
    `Methodology version ${report.methodologyVersion}`,
  ];
  return lines.join('\n') + '\n';
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function plainHtml(report: FunnelReport): string {
  const rows = LABELS.map(
    ([k, label]) =>
      `<tr><td>${escape(label)}</td><td align="right">${show(report.totals[k])}</td><td align="right">${show(report.previous[k])}</td></tr>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(report.week)}</title></head><body>
<h1>Marketing × Sales — ${escape(report.week)}</h1><table><tr><th></th><th>This week</th><th>Previous</th></tr>${rows}</table>
<p>Methodology version ${escape(report.methodologyVersion)}</p></body></html>\n`;
}
