/**
 * The weekly funnel email both heads receive. Pure: everything arrives as props (the
 * FunnelReport and its 4-week trend), nothing is fetched. Layout is one 600 px column of
 * tables with inline styles, no media queries, so Outlook, Gmail and phones all get it.
 */
import { Body, Container, Head, Html, Preview } from '@react-email/components';
import fixture from './fixtures/weekly-report.js';
import { CohortTable } from './components/cohort-table.js';
import { DataTable } from './components/data-table.js';
import { Funnel } from './components/funnel.js';
import { KpiGrid } from './components/kpi-grid.js';
import { LeadQuality } from './components/lead-quality.js';
import { OverdueList } from './components/overdue-list.js';
import { ReportSection } from './components/section.js';
import { ClaimedDeals } from './components/claimed-deals.js';
import { AttachmentList } from './components/attachment-list.js';
import { SplitBars } from './components/split-bar.js';
import { StatList } from './components/stat-list.js';
import { color, font, h3, small, text, toneColor } from './components/theme.js';
import { buildEmailModel, type EmailModel } from './model.js';
import type { WeeklyReportEmailProps } from './props.js';

export type { WeeklyReportEmailProps } from './props.js';

export function WeeklyReportEmail(props: WeeklyReportEmailProps) {
  return <WeeklyReportView model={buildEmailModel(props)} />;
}

/** Renders a prepared model; `renderWeeklyReport` builds the model once for HTML, text and subject. */
export function WeeklyReportView({ model: m }: { model: EmailModel }) {
  return (
    <Html lang={m.lang} dir="ltr">
      <Head>
        <title>{m.subject}</title>
      </Head>
      <Preview>{m.preview}</Preview>
      <Body style={{ backgroundColor: color.page, margin: 0, padding: '12px 0', fontFamily: font }}>
        <Container
          style={{
            fontFamily: font,
            maxWidth: '600px',
            width: '100%',
            backgroundColor: color.card,
            borderRadius: '8px',
          }}
        >
          {/* Header */}
          <table
            role="presentation"
            width="100%"
            cellPadding={0}
            cellSpacing={0}
            style={{ borderCollapse: 'collapse' }}
          >
            <tbody>
              <tr>
                <td style={{ fontFamily: font, padding: '20px 20px 12px 20px' }}>
                  <p
                    style={{
                      ...small,
                      fontWeight: 700,
                      letterSpacing: '0.5px',
                      textTransform: 'uppercase',
                      color: color.bar,
                    }}
                  >
                    {m.brand}
                  </p>
                  <h1
                    style={{
                      fontSize: '22px',
                      lineHeight: '28px',
                      fontWeight: 700,
                      color: color.text,
                      margin: '4px 0 2px 0',
                    }}
                  >
                    {m.title}
                  </h1>
                  <p style={{ ...text, color: color.muted }}>{m.weekLabel}</p>
                  {m.partial && <p style={{ ...text, fontWeight: 700, color: color.text }}>{m.partial}</p>}
                </td>
              </tr>
              {/* What needs attention, inside the first screen */}
              <tr>
                <td style={{ padding: '0 20px 16px 20px' }}>
                  <table
                    role="presentation"
                    width="100%"
                    cellPadding={0}
                    cellSpacing={0}
                    style={{ borderCollapse: 'collapse' }}
                  >
                    <tbody>
                      <tr>
                        <td
                          style={{
                            fontFamily: font,
                            padding: '12px 14px',
                            backgroundColor: m.attention.items.some((a) => a.tone === 'bad')
                              ? color.attention
                              : toneColor.good.bg,
                            border: `1px solid ${m.attention.items.some((a) => a.tone === 'bad') ? color.attentionBorder : '#b6e59a'}`,
                            borderRadius: '8px',
                          }}
                        >
                          <p style={{ ...text, fontWeight: 700, marginBottom: '4px' }}>{m.attention.title}</p>
                          {m.attention.items.map((a, i) => (
                            <p key={i} style={{ ...text, margin: '2px 0 0 0' }}>
                              • {a.text}
                            </p>
                          ))}
                        </td>
                      </tr>
                    </tbody>
                  </table>
                </td>
              </tr>
            </tbody>
          </table>

          <ReportSection title={m.effect.title} id="follow-up-effect">
            {m.effect.lines.map((l, i) => (
              <p key={i} style={i === 0 ? { ...text, fontWeight: 700 } : { ...small, marginTop: '4px' }}>
                {l}
              </p>
            ))}
            {m.effect.channels.length > 0 && <StatList stats={m.effect.channels} />}
            {m.effect.channelsMore && <p style={{ ...small }}>{m.effect.channelsMore}</p>}
            {m.effect.note && <p style={{ ...small, marginTop: '6px' }}>{m.effect.note}</p>}
          </ReportSection>

          <ReportSection title={m.kpis.title} id="kpis">
            <p style={{ ...small }}>{m.kpis.note}</p>
            <KpiGrid items={m.kpis.items} trendLabel={m.t.trendLabel} />
          </ReportSection>

          <ReportSection title={m.funnel.title} id="funnel">
            <Funnel steps={m.funnel.steps} />
            <p style={{ ...small, marginTop: '6px' }}>{m.funnel.note}</p>
          </ReportSection>

          {m.cohorts && (
            <ReportSection title={m.cohorts.title} id="cohorts">
              <p style={text}>{m.cohorts.intro}</p>
              <CohortTable table={m.cohorts.table} young={m.cohorts.young} />
              {m.cohorts.notes.map((n, i) => (
                <p key={i} style={{ ...small, marginTop: '6px' }}>
                  {n}
                </p>
              ))}
            </ReportSection>
          )}

          <ReportSection title={m.followUp.title} id="follow-up">
            <p style={text}>{m.followUp.intro}</p>
            <StatList stats={m.followUp.stats} />
            {m.followUp.byChannel && (
              <>
                <h3 style={h3}>{m.followUp.byChannelTitle}</h3>
                <DataTable table={m.followUp.byChannel} />
              </>
            )}
            <h3 style={h3}>{m.followUp.overdueTitle}</h3>
            <p style={{ ...small, marginBottom: '4px' }}>{m.followUp.overdueIntro}</p>
            <OverdueList groups={m.followUp.groups} more={m.followUp.more} />
          </ReportSection>

          {m.leadQuality && (
            <ReportSection title={m.leadQuality.title} id="lead-quality">
              <LeadQuality model={m.leadQuality} />
            </ReportSection>
          )}

          <ReportSection title={m.spend.title} id="spend">
            <p style={text}>{m.spend.intro}</p>
            <StatList stats={m.spend.stats} />
            {m.spend.byChannel && (
              <>
                <h3 style={h3}>{m.t.spendByChannelTitle}</h3>
                <DataTable table={m.spend.byChannel} />
              </>
            )}
            <h3 style={h3}>{m.spend.idleTitle}</h3>
            <p style={{ ...small, marginBottom: '4px' }}>{m.spend.idleIntro}</p>
            {m.spend.idle && <DataTable table={m.spend.idle} />}
          </ReportSection>

          <ReportSection title={m.channels.title} id="channels">
            {m.channels.table ? <DataTable table={m.channels.table} /> : <p style={text}>{m.channels.empty}</p>}
            {m.channels.notes.map((n, i) => (
              <p key={i} style={{ ...small, marginTop: '6px' }}>
                {n}
              </p>
            ))}
          </ReportSection>

          <ReportSection title={m.split.title} id="split">
            <SplitBars bars={m.split.bars} marketingLabel={m.split.marketingLabel} salesLabel={m.split.salesLabel} />
            <p style={{ ...small }}>{m.split.note}</p>
            {m.split.basis && (
              <>
                <h3 style={h3}>{m.split.basisTitle}</h3>
                <p style={{ ...small, marginBottom: '4px' }}>{m.split.basisIntro}</p>
                <DataTable table={m.split.basis} />
              </>
            )}
            <h3 style={h3}>{m.split.claimedTitle}</h3>
            <p style={{ ...small, marginBottom: '4px' }}>
              {m.split.claimed ? m.split.claimedIntro : m.split.claimedEmpty}
            </p>
            {m.split.claimed && <ClaimedDeals deals={m.split.claimed} />}
            {m.split.claimedMore && <p style={{ ...small, marginTop: '6px' }}>{m.split.claimedMore}</p>}
          </ReportSection>

          <ReportSection title={m.health.title} id="data-health">
            <DataTable table={m.health.sources} />
            {m.health.lines.map((l, i) => (
              <p key={i} style={{ ...small, color: color.text, marginTop: i === 0 ? '10px' : '2px' }}>
                {l}
              </p>
            ))}
            <p style={{ ...small, marginTop: '10px' }}>
              {m.health.methodology} ·{' '}
              {/* A plain <a>: react-email's Link adds target="_blank", which Gmail and Outlook.com drop. */}
              <a href={m.health.methodologyUrl} style={{ color: color.link, textDecoration: 'underline' }}>
                {m.health.methodologyLinkText}
              </a>{' '}
              · {m.health.timezone}
            </p>
            {m.attachments && <AttachmentList attachments={m.attachments} />}
            <p style={{ ...small, marginTop: '10px' }}>{m.health.footer}</p>
          </ReportSection>
        </Container>
      </Body>
    </Html>
  );
}

export const PreviewProps = {
  report: fixture.report,
  trend: fixture.trend,
  locale: 'en',
  methodologyUrl: 'https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md',
  followUpSlaHours: 24,
} satisfies WeeklyReportEmailProps;

WeeklyReportEmail.PreviewProps = PreviewProps;

export default WeeklyReportEmail;
