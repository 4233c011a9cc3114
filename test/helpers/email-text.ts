/**
 * The weekly email's plain-text part of one report, as the send path renders it (one-week
 * trend, a placeholder methodology link): what a reader of the email would see.
 */
import { buildEmailModel } from '../../emails/model.js';
import { renderText } from '../../emails/text.js';
import type { FunnelReport } from '../../functions/core/report-types.js';

/** The email text of `report` in `locale` (`en` or `de-CH`, the email's two languages). */
export function emailText(report: FunnelReport, locale: 'en' | 'de-CH' = 'en'): string {
  return renderText(
    buildEmailModel({ report, trend: [report.totals], locale, methodologyUrl: 'https://example.com/methodology' }),
  );
}
