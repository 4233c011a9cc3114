import type { AttachmentSummary } from '../functions/core/report/attachments.js';
import type { FunnelReport, WeeklyFigures } from '../functions/core/report-types.js';
import type { EmailLocale } from './i18n.js';

export interface WeeklyReportEmailProps {
  report: FunnelReport;
  /** Oldest → newest, up to 4 weeks; the last one is `report.totals`. */
  trend: WeeklyFigures[];
  locale: EmailLocale;
  methodologyUrl: string;
  /** `config.followUpSlaHours`, only used in wording ("within 24 h"). @default 24 */
  followUpSlaHours?: number;
  /** Data warnings shown first in the data-health footer, e.g. stale sources (core/freshness.ts `footer`). */
  dataWarnings?: string[];
  /** The CSV files the email carries (`summarizeAttachments`), listed by name with row counts; none when absent. */
  attachments?: AttachmentSummary[];
}
