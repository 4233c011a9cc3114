/**
 * The report's lead quality (issue #16 item 3): the rows of `sql/reports/lead_quality.sql` for
 * the lead cohort ending at W's cutoff (`LEAD_COHORT_WEEKS`, the follow-up effect's), shaped as a LeadQualityReport. Every figure comes
 * from the query; this module passes the boundaries, withholds what is not measured and rounds.
 */
import { loadReportQuery } from '../models.js';
import type { QueryEngine, Row } from '../ports.js';
import type { Coverage, LeadQualityFigures, LeadQualityReport } from '../report-types.js';
import { leadCohortStart, sqlTimestamp, type ReportWeek } from '../weeks.js';
import { count, ratio } from './round.js';
import { attributionMeasured } from './coverage.js';

/** How many reasons the report lists. */
const TOP_REASONS = 5;

/**
 * Lead quality of the cohort ending with `week`. Existing customers need deals
 * (`coverage.deals`); disqualifications need a lead of the cohort whose source says whether
 * it was disqualified, and lead quality measured (`coverage.leadQuality`: no lead status or
 * lifecycle stage nobody mapped; else `disqualification.unknownLabels` names them). Null when the cohort has neither persons nor leads.
 */
export async function leadQualityOf(
  engine: QueryEngine,
  week: ReportWeek,
  coverage: Coverage,
): Promise<LeadQualityReport | null> {
  const start = leadCohortStart(week);
  const rows = await engine.query(loadReportQuery('lead_quality'), [sqlTimestamp(start.start), sqlTimestamp(week.end)]);
  const total = rows.find((r) => r.kind === 'total');
  if (!total || (count(total.persons) === 0 && count(total.leads) === 0)) return null;
  // A lead status or lifecycle stage no import could map may mean disqualified (unknown-labels.ts).
  const labelsKnown = coverage.leadQuality.measured;
  const measured = labelsKnown && count(total.judged) > 0;
  const figures = (r: Row): LeadQualityFigures => {
    const judged = labelsKnown && count(r.judged) > 0;
    return {
      persons: count(r.persons),
      judged: count(r.judged),
      disqualified: judged ? count(r.disqualified) : null,
      disqualifiedRate: judged ? ratio(r.disqualified_rate as number | null) : null,
      freeMailOnly: count(r.free_mail_only),
      freeMailOnlyRate: ratio(r.free_mail_only_rate as number | null),
      roleAddresses: count(r.role_addresses),
      roleAddressRate: ratio(r.role_address_rate as number | null),
      existingCustomers: attributionMeasured(coverage) ? count(r.existing_customers) : null,
      existingCustomerRate: attributionMeasured(coverage) ? ratio(r.existing_customer_rate as number | null) : null,
      leads: count(r.leads),
      duplicates: count(r.duplicates),
      duplicateRate: ratio(r.duplicate_rate as number | null),
    };
  };
  return {
    cohortStart: start.startDate,
    disqualification: measured
      ? { measured: true, reason: null }
      : {
          measured: false,
          reason: labelsKnown
            ? `no lead of the cohort (from ${start.startDate}) says whether sales disqualified it`
            : coverage.leadQuality.reason,
          ...(labelsKnown ? {} : { unknownLabels: coverage.leadQuality.unknownLabels ?? [] }),
        },
    totals: figures(total),
    channels: rows.filter((r) => r.kind === 'channel').map((r) => ({ channel: String(r.channel), ...figures(r) })),
    reasons: measured
      ? rows
          .filter((r) => r.kind === 'reason')
          .slice(0, TOP_REASONS)
          .map((r) => ({ reason: (r.reason as string | null) ?? null, persons: count(r.disqualified) }))
      : [],
  };
}
