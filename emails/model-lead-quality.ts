/**
 * The email's lead-quality section (issue #16 item 3), worked out from `report.leadQuality`:
 * one stacked entry per channel (totals first), so it reads at 320 px without a wide table,
 * and the top reasons. HTML and plain text render this same model.
 */
import type { FunnelReport, LeadQualityFigures } from '../functions/core/report-types.js';
import type { Formatter } from './i18n.js';
import { labelsOf } from '../functions/core/report/unknown-labels.js';

/** One entry: who (channel and persons) and what sales would say of them. */
export interface LeadQualityRow {
  label: string;
  persons: string;
  /** "disqualified 25%", "free mail only 10%", …: each a figure, "not measured" where it is not. */
  figures: string[];
}

export interface LeadQualityModel {
  title: string;
  /** Null when there is nothing to introduce (`empty` says why). */
  intro: string | null;
  /** Empty when the cohort has no leads (then `empty` says so). */
  rows: LeadQualityRow[];
  empty: string | null;
  /** Channels beyond the email's limit, said in one line; null when all are shown. */
  more: string | null;
  /** Why a figure is not measured (disqualifications, deals), in the reader's language. */
  notes: string[];
  legend: string;
  reasonsTitle: string;
  reasons: string[];
}

/** At most this many channels; the JSON has them all. */
const CHANNEL_LIMIT = 10;

/**
 * The section, or null when the report has no lead quality (a report JSON built before it).
 * `dealsReason` is the email's "deals not measured" line, shown when existing customers are not.
 */
export function buildLeadQualityModel(
  fmt: Formatter,
  report: Pick<FunnelReport, 'leadQuality' | 'coverage'>,
  dealsReason: string,
): LeadQualityModel | null {
  const lq = report.leadQuality;
  if (lq === undefined) return null;
  const t = fmt.t.leadQuality;
  const base = { title: t.title, legend: t.legend, reasonsTitle: t.reasonsTitle };
  if (lq === null) return { ...base, intro: null, rows: [], empty: t.empty, more: null, notes: [], reasons: [] };
  const pct = (n: number | null, rate: number | null) => (n === null ? fmt.t.notMeasured : fmt.percent(rate));
  const row = (label: string, f: LeadQualityFigures): LeadQualityRow => ({
    label,
    persons: t.persons(f.persons, fmt.count(f.persons)),
    figures: [
      `${t.disqualified} ${pct(f.disqualified, f.disqualifiedRate)}`,
      `${t.freeMailOnly} ${pct(f.freeMailOnly, f.freeMailOnlyRate)}`,
      `${t.existingCustomers} ${pct(f.existingCustomers, f.existingCustomerRate)}`,
      `${t.roleAddresses} ${pct(f.roleAddresses, f.roleAddressRate)}`,
      t.duplicates(fmt.percent(f.duplicateRate), fmt.count(f.leads)),
    ],
  });
  const channels = [...lq.channels].sort((a, b) => b.persons - a.persons || a.channel.localeCompare(b.channel));
  const shown = channels.slice(0, CHANNEL_LIMIT);
  const hidden = channels.length - shown.length;
  const notes = [
    // Unmapped lead statuses or lifecycle stages say why in their own words (unknown-labels.ts).
    ...(lq.disqualification.measured
      ? []
      : lq.disqualification.unknownLabels
        ? [
            fmt.t.notMeasuredUnknownLeadStatuses(
              labelsOf(lq.disqualification.unknownLabels),
              [...new Set(lq.disqualification.unknownLabels.map((f) => f.setting))].sort(),
            ),
          ]
        : [t.disqualifiedNotMeasured]),
    ...(lq.totals.existingCustomers === null ? [dealsReason] : []),
  ];
  return {
    ...base,
    // A local date, read at its noon so the report's zone shows the same day.
    intro: t.intro(fmt.date(`${lq.cohortStart}T12:00:00Z`)),
    rows: [row(t.all, lq.totals), ...shown.map((c) => row(fmt.channel(c.channel), c))],
    empty: null,
    more: hidden > 0 ? fmt.t.andMore(hidden) : null,
    notes,
    reasons: !lq.disqualification.measured
      ? []
      : lq.reasons.length === 0
        ? [t.reasonsNone]
        : lq.reasons.map((r) => t.reason(r.reason ?? t.noReason, r.persons, fmt.count(r.persons))),
  };
}
