/**
 * Metric names and the report event shape that the handlers emit and the CDK app watches or
 * sends: one place, so an alarm never watches a metric nobody emits and the state machine
 * never sends an event the handler does not read.
 */

/** CloudWatch namespace of every metric (Powertools `POWERTOOLS_METRICS_NAMESPACE`). */
export const METRICS_NAMESPACE = 'OneFunnel';

/** Metric names (unit: count), by the handler that emits them. */
export const METRIC = {
  /** report: 1 per weekly report sent; the "no report this week" alarm watches it. */
  weeklyReportSent: 'WeeklyReportSent',
  /** refresh: sources whose daily pull failed. */
  sourcesFailed: 'SourcesFailed',
  /** refresh: currencies in the data with no FX rate configured. */
  missingFxRateCurrencies: 'MissingFxRateCurrencies',
  /** ingest: rows loaded and rejected per file. */
  rowsLoaded: 'RowsLoaded',
  rowsRejected: 'RowsRejected',
  /** rebuild: raw files replayed in one step. */
  rawFilesReplayed: 'RawFilesReplayed',
} as const;

/**
 * Input of the report Lambda: `{ "week": "2026-W47" }`, or `{ "week": null }` (or `{}`) for the
 * last full week in the configured time zone.
 */
export interface ReportEvent {
  week?: string | null;
}

/** Where the report Lambda keeps a week's report JSON and its sent marker. */
export const reportKey = (week: string): string => `reports/${week}/report.json`;
export const sentKey = (week: string): string => `reports/${week}/sent.json`;
/** Where a sent report's CSV attachment is kept, beside the report, under its file name. */
export const attachmentKey = (week: string, filename: string): string => `reports/${week}/${filename}`;
