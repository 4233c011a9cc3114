/**
 * The drill-down of the weekly report (issue #16): the rows behind its lists as CSV files,
 * attached to the email and stored beside the report under the same names. One pure function
 * of the FunnelReport, so the mail, the store and `funnel report --out` carry the same bytes.
 *
 * The format, for the heads of marketing and sales who open it in a spreadsheet:
 * - RFC 4180 CSV (`"` quoting, CRLF), UTF-8 with a byte-order mark: without it Excel reads a
 *   CSV in the Windows code page and shows "ZÃ¼rich" for "Zürich".
 * - The separators of the team's spreadsheet (`csvDialect` of the config's `locale`): Excel
 *   splits a double-clicked CSV at the list separator of the computer's region, which is `;`
 *   outside the English-speaking ones (de-CH, de-DE, fr-FR, pt-BR…), and reads numbers with
 *   the region's decimal mark: `1.5` is 1 May in German Excel. So a comma and `.` for English
 *   (or no locale), else `;` and the locale's decimal mark (`.` in de-CH, `,` in de-DE).
 * - Formula injection (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
 *   tab or carriage return gets a leading `'`, so a lead named `=HYPERLINK(…)` is shown as
 *   text, never run. Numbers are written as numbers (a negative amount stays a number: it is
 *   written by us from a JS number, never from vendor text, so it cannot be a formula).
 * - Money in the reporting currency, the currency named in the header (`amount (CHF)`);
 *   instants in the report's time zone as `yyyy-MM-dd HH:mm`, the zone named in the header.
 * - An empty list gives no file: a header-only file would read as "none" even when the family
 *   is not measured, and the email already says which it is.
 */
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { ClaimedDeal, FunnelReport, IdleSpendCampaign, OverdueLead } from '../report-types.js';

/** The content type of every attachment (Resend's `content_type`, the MIME part's type). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type AttachmentKind = 'overdueLeads' | 'marketingDeals' | 'idleCampaigns';

/** One CSV file of the drill-down. */
export interface ReportAttachment {
  kind: AttachmentKind;
  /** `<kind>-<week>.csv`, e.g. `overdue-leads-2026-W47.csv`: the name in the mail and the store key's last part. */
  filename: string;
  contentType: typeof CSV_CONTENT_TYPE;
  /** The whole file: BOM, header line and rows, CRLF line ends. */
  csv: string;
  /** Data rows (the header not counted). */
  rows: number;
}

/** What the email says of each attachment (the renderer gets no file contents). */
export type AttachmentSummary = Pick<ReportAttachment, 'kind' | 'filename' | 'rows'>;

type Cell = string | number | boolean | null | undefined;

interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

interface Context {
  currency: string;
  timezone: string;
}

/** An instant as local `yyyy-MM-dd HH:mm` in the report's zone (a spreadsheet reads it as a date); unparseable text as is. */
function localTime(iso: string | null, timezone: string): string | null {
  if (!iso) return null;
  const dt = DateTime.fromISO(iso.replace(' ', 'T'), { zone: 'utc' });
  return dt.isValid ? dt.setZone(timezone).toFormat('yyyy-MM-dd HH:mm') : iso;
}

// The column lists: one line a column, so a field added to the report is one line here.
const overdueColumns = (c: Context): Column<OverdueLead>[] => [
  { header: 'email', value: (l) => l.email },
  { header: 'owner', value: (l) => l.owner },
  { header: 'channel', value: (l) => l.channel },
  // A creation known only to the day (hours past the SLA "at least"): its day, not an invented 00:00.
  {
    header: `created_at (${c.timezone})`,
    value: (l) => {
      const local = localTime(l.createdAt, c.timezone);
      return l.hoursOverdueAtLeast === true && local !== null ? local.slice(0, 10) : local;
    },
  },
  { header: 'hours_overdue', value: (l) => l.hoursOverdue },
  { header: 'owner_name', value: (l) => l.ownerName ?? null },
  { header: 'name', value: (l) => l.name ?? null },
  { header: 'company', value: (l) => l.company ?? null },
  { header: 'source', value: (l) => l.source ?? null },
  { header: 'record_url', value: (l) => l.recordUrl ?? null },
  // Absent in reports built before 1.12: empty, not a guess.
  { header: 'owner_inactive', value: (l) => l.ownerInactive },
  { header: 'owner_known_at_cutoff', value: (l) => l.ownerKnownAtCutoff },
  // Absent in reports built before 1.14: empty.
  { header: 'hours_overdue_at_least', value: (l) => l.hoursOverdueAtLeast },
];

const dealColumns = (c: Context): Column<ClaimedDeal>[] => [
  { header: 'source', value: (d) => d.source },
  { header: 'deal_id', value: (d) => d.dealId },
  { header: 'deal_name', value: (d) => d.name },
  { header: 'account', value: (d) => d.accountName },
  { header: `amount (${c.currency})`, value: (d) => d.amount },
  { header: 'won_in_week', value: (d) => d.wonInWeek },
  { header: 'match_method', value: (d) => d.method },
  { header: 'lead_email', value: (d) => d.leadEmail },
  { header: 'channel', value: (d) => d.channel },
  { header: 'campaign', value: (d) => d.campaignName },
];

const idleColumns = (c: Context): Column<IdleSpendCampaign>[] => [
  { header: 'platform', value: (x) => x.platform },
  { header: 'campaign_id', value: (x) => x.campaignId },
  { header: 'campaign_name', value: (x) => x.campaignName },
  { header: `spend (${c.currency})`, value: (x) => x.spend },
];

/** The first characters a spreadsheet reads as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The field separator and decimal mark of a CSV for a spreadsheet in one locale (see the module comment). */
export interface CsvDialect {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

/**
 * The CSV dialect for a team's BCP 47 `locale` (the config's `locale`): `,` and `.` for English
 * or none; `;` and the locale's own decimal mark (Intl) otherwise.
 */
export function csvDialect(locale: string | undefined): CsvDialect {
  if (!locale || locale.toLowerCase().startsWith('en')) return { delimiter: ',', decimal: '.' };
  const mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
  return { delimiter: ';', decimal: mark === ',' ? ',' : '.' };
}

const ENGLISH: CsvDialect = { delimiter: ',', decimal: '.' };

/**
 * One cell as written: text starting like a formula gets a leading `'`; numbers as numbers
 * with the dialect's decimal mark and no grouping (non-finite ones empty); booleans
 * `true`/`false`; null empty.
 */
export function csvCell(value: Cell, dialect: CsvDialect = ENGLISH): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    // The shortest exact form JS gives ("1234.5"); report figures are rounded, never exponents.
    const text = String(value);
    return dialect.decimal === ',' ? text.replace('.', ',') : text;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A CSV file (BOM, header, CRLF) of `rows` through `columns`, in `dialect`. */
export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[], dialect: CsvDialect = ENGLISH): string {
  return stringify(
    [
      columns.map((c) => csvCell(c.header, dialect)),
      ...rows.map((r) => columns.map((c) => csvCell(c.value(r), dialect))),
    ],
    { bom: true, record_delimiter: 'windows', delimiter: dialect.delimiter },
  );
}

/**
 * The CSV files of one report, in the order the email lists them: the overdue leads, ALL
 * marketing-sourced deals of the week (`claimBasis.deals`; the email shows the largest ten),
 * the idle campaigns. A list that is empty (or not measured) gives no file. `locale` is the
 * config's (the team's spreadsheet separators, `csvDialect`).
 */
export function buildReportAttachments(report: FunnelReport, locale?: string): ReportAttachment[] {
  const dialect = csvDialect(locale);
  const ctx: Context = { currency: report.currency, timezone: report.timezone };
  const files: ReportAttachment[] = [];
  const add = <T>(kind: AttachmentKind, name: string, columns: Column<T>[], rows: readonly T[]) => {
    if (rows.length === 0) return;
    files.push({
      kind,
      filename: `${name}-${report.week}.csv`,
      contentType: CSV_CONTENT_TYPE,
      csv: toCsv(columns, rows, dialect),
      rows: rows.length,
    });
  };
  add('overdueLeads', 'overdue-leads', overdueColumns(ctx), report.overdueLeads);
  add('marketingDeals', 'marketing-deals', dealColumns(ctx), report.claimBasis?.deals ?? []);
  add('idleCampaigns', 'idle-campaigns', idleColumns(ctx), report.idleSpend);
  return files;
}

/** What the email model needs of the attachments: names and row counts, no contents. */
export function summarizeAttachments(files: readonly ReportAttachment[]): AttachmentSummary[] {
  return files.map(({ kind, filename, rows }) => ({ kind, filename, rows }));
}
