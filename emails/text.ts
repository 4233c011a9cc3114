/**
 * The plain-text part, written from the same model as the HTML (Site Kit style): headings
 * underlined with "=", `Label: value (+x%)` lines, bullets, and links as `Label: URL`.
 */
import type { Delta, EmailModel, Stat, Table } from './model.js';
import type { LeadQualityModel } from './model-lead-quality.js';

const RULE = '-'.repeat(60);

function heading(title: string): string[] {
  return ['', title, '='.repeat([...title].length)];
}

function subheading(title: string): string[] {
  return ['', title, '-'.repeat([...title].length)];
}

function change(delta: Delta | null): string {
  return delta ? ` (${delta.text})` : '';
}

function stats(list: Stat[]): string[] {
  return list.map((s) => `${s.label}: ${s.value}${change(s.delta)}${s.detail ? ` · ${s.detail}` : ''}`);
}

/** Fixed-width columns; numbers right-aligned, as in the HTML. */
function table(t: Table): string[] {
  const all = [t.columns, ...t.rows];
  const widths = t.columns.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const pad = (widths[i] ?? 0) - [...v].length;
        return t.numeric[i] ? ' '.repeat(pad) + v : v + ' '.repeat(pad);
      })
      .join('  ')
      .trimEnd();
  const out = [line(t.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)];
  if (t.more) out.push(t.more);
  return out;
}

/** The lead-quality section: each channel's line and its figures, the notes, the reasons. */
function leadQuality(q: LeadQualityModel): string[] {
  const out = [...heading(q.title), ...(q.intro ? [q.intro] : []), ...(q.empty ? [q.empty] : [])];
  for (const r of q.rows) out.push('', `${r.label} · ${r.persons}`, `  ${r.figures.join(' · ')}`);
  if (q.more) out.push(q.more);
  if (q.notes.length > 0) out.push('', ...q.notes);
  if (q.rows.length > 0) out.push('', q.legend);
  if (q.reasons.length > 0) out.push(...subheading(q.reasonsTitle), ...q.reasons.map((r) => `- ${r}`));
  return out;
}

export function renderText(m: EmailModel): string {
  const out: string[] = [m.title, m.weekLabel, ...(m.partial ? [m.partial] : []), RULE];

  out.push(...heading(m.attention.title), ...m.attention.items.map((a) => `- ${a.text}`));

  out.push(...heading(m.effect.title), ...m.effect.lines.flatMap((l, i) => (i === 0 ? [l] : ['', l])));
  if (m.effect.channels.length > 0) out.push('', ...stats(m.effect.channels));
  if (m.effect.channelsMore) out.push(m.effect.channelsMore);
  if (m.effect.note) out.push('', m.effect.note);

  out.push(...heading(m.kpis.title), m.kpis.note, '');
  for (const k of m.kpis.items) {
    out.push(`${k.label}: ${k.value}${change(k.delta)}`);
    out.push(`  ${m.t.trendLabel}: ${k.trend.map((p) => `${p.label} ${p.display}`).join(' · ')}`);
  }

  out.push(...heading(m.funnel.title));
  for (const s of m.funnel.steps) out.push(`${s.label}: ${s.value}${s.conversion ? ` (${s.conversion})` : ''}`);
  out.push('', m.funnel.note);

  if (m.cohorts) {
    // Soft hyphens only help the narrow HTML header cells.
    const columns = m.cohorts.table.columns.map((c) => c.replaceAll('\u00ad', ''));
    out.push(...heading(m.cohorts.title), m.cohorts.intro, '', ...table({ ...m.cohorts.table, columns }));
    out.push('', ...m.cohorts.notes);
  }

  out.push(...heading(m.followUp.title), m.followUp.intro, '', ...stats(m.followUp.stats));
  if (m.followUp.byChannel) out.push(...subheading(m.followUp.byChannelTitle), ...table(m.followUp.byChannel));
  out.push(...subheading(m.followUp.overdueTitle), m.followUp.overdueIntro);
  for (const g of m.followUp.groups) {
    out.push('', `${g.owner}${g.ownerNote ? ` (${g.ownerNote})` : ''} · ${g.summary}`);
    for (const l of g.leads) {
      const who = [l.title, l.company].filter(Boolean).join(', ');
      out.push(`- ${[who, l.email, l.channel, l.created, l.overdue, l.ownerNote].filter(Boolean).join(' · ')}`);
      if (l.url) out.push(`  ${l.url}`);
    }
    if (g.more) out.push(`  ${g.more}`);
  }
  if (m.followUp.more) out.push('', m.followUp.more);

  if (m.leadQuality) out.push(...leadQuality(m.leadQuality));

  out.push(...heading(m.spend.title), m.spend.intro, '', ...stats(m.spend.stats));
  if (m.spend.byChannel) out.push(...subheading(m.t.spendByChannelTitle), ...table(m.spend.byChannel));
  out.push(...subheading(m.spend.idleTitle), m.spend.idleIntro);
  if (m.spend.idle) out.push(...table(m.spend.idle));

  out.push(...heading(m.channels.title));
  out.push(...(m.channels.table ? table(m.channels.table) : [m.channels.empty]));
  if (m.channels.notes.length > 0) out.push('', ...m.channels.notes);

  out.push(...heading(m.split.title));
  for (const b of m.split.bars) {
    out.push(
      `${b.label}: ${m.split.marketingLabel} ${b.marketing} (${b.marketingPct}) · ${m.split.salesLabel} ${b.sales} (${b.salesPct})`,
    );
  }
  out.push('', m.split.note);
  if (m.split.basis) out.push(...subheading(m.split.basisTitle), m.split.basisIntro, ...table(m.split.basis));
  out.push(...subheading(m.split.claimedTitle), m.split.claimed ? m.split.claimedIntro : m.split.claimedEmpty);
  for (const d of m.split.claimed ?? []) out.push('', `- ${d.deal} · ${d.amount}`, `  ${d.method} · ${d.lead}`);
  if (m.split.claimedMore) out.push('', m.split.claimedMore);

  out.push(...heading(m.health.title), ...table(m.health.sources), '', ...m.health.lines);
  out.push(
    '',
    `${m.health.methodology}. ${m.health.timezone}`,
    `${m.health.methodologyLinkText}: ${m.health.methodologyUrl}`,
  );
  if (m.attachments) {
    out.push(...subheading(m.attachments.title), m.attachments.intro);
    for (const a of m.attachments.items) out.push(`- ${a.filename}: ${a.rows}`);
  }
  out.push('', RULE, m.health.footer, '');
  return out.join('\n');
}
