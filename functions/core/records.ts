/**
 * What every importer and connector produces: canonical records (parsed values keyed by
 * the column names of schema.ts) or rejects that say where and why.
 */
import type { TableName } from './schema.js';

/** Parsed values: timestamps as ISO-8601 UTC strings (`2026-11-16T08:00:00.000Z`), dates as `YYYY-MM-DD`. */
export type CanonicalValue = string | number | boolean | null | string[];
export type CanonicalRecord = Record<string, CanonicalValue>;

export interface Reject {
  /** The input file (or API object) and its 1-based line (or record index). */
  file: string;
  line: number;
  /** The offending column, or null when the whole row is bad. */
  field: string | null;
  reason: string;
  /** The row as received, for re-processing. */
  raw: string;
}

/**
 * A parsed row, or a reject. `file` names the row's own file when it differs from the load's
 * input (a CSV inside a ZIP), so the loader's rejects name the member, not only the ZIP.
 * `key` (a reject of leads, deals or activities): what of its record was read before the row was
 * refused, its id column (`lead_id`, `deal_id`, `activity_id`), `source` when the row names it
 * and `updated_at` when readable; absent when the id could not be read. A later load of that
 * record supersedes the reject though its dates were unreadable (rejected-rows.ts). A spend
 * reject's `key`: its platform, account, currency, campaign and `date` (null for a row covering
 * several days) where they read, and `concerns` the UTC midnights (epoch ms) of the days it
 * covers: a row refused with its days read makes their spend not measured.
 * `spread` (spend rows of vendor exports): the spans `YYYY-MM-DD..YYYY-MM-DD` (several days
 * each) whose cost was spread evenly over the record's day among others (a range-only report,
 * a Week/Month segment, a campaign's Starts/Ends); absent when the row was given by day. The
 * load records them in its spend coverage (spend-overlap.ts).
 */
export type ParsedRow =
  | { ok: true; line: number; record: CanonicalRecord; file?: string; spread?: readonly string[] }
  | { ok: false; reject: Reject; key?: CanonicalRecord; concerns?: number[] };

/** A batch of canonical rows for one table, as written by the loader. */
export interface CanonicalBatch {
  table: TableName;
  rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>;
}

/**
 * The period a load says it covers (docs/methodology.md, Coverage): every record of its kind
 * that happened in it is in the load, so a day inside it without rows had none. Either whole
 * days, `from`/`to` both `YYYY-MM-DD` and inclusive (a spend report's range, a spend API's
 * days: the days `spend_date` uses, read in the report's time zone), or instants, `from`/`to`
 * both ISO-8601 UTC and half-open [from, to) (a CRM pull's change window, ending at the pull).
 */
export interface DeclaredPeriod {
  from: string;
  to: string;
  /**
   * `export-day`: read from the day a record file was exported (`funnel import --date`, the
   * load's `dt`), not stated by the file (core/periods.ts exportDayPeriod). It bounds what the
   * file can speak for (nothing after that day); it does not say the file holds every record
   * before it (an export filtered by date may stop earlier), so an activities source must still
   * have data in the report week, and deals keep the rule of a deal changed in the 4 weeks
   * (report/coverage.ts sourcesBehind). Absent: the period is stated.
   */
  basis?: 'export-day';
}

/** The manifest of one load (stored under `manifests/`), read by the data-health footer. */
export interface LoadManifest {
  batchId: string;
  source: string;
  table: TableName;
  format: string;
  /** The logical load day, `dt=` of the partition. */
  dt: string;
  input: string;
  rawKey: string;
  rawBytes: number;
  sha256: string;
  loadedAt: string;
  rowsLoaded: number;
  rowsRejected: number;
  canonicalKeys: string[];
  rejectsKey: string | null;
  /** Anything the importer wants recorded, e.g. `spreadEvenly: true` for range-only spend. */
  notes?: Record<string, unknown>;
  /**
   * The period the load declares (see DeclaredPeriod): the window an API pull asked for, the
   * range a vendor file states, or `funnel import --period`. Absent when not known.
   */
  period?: DeclaredPeriod;
  /** How the input was read beyond its bytes (`timezone` of vendor files); absent in loads made before it was recorded. */
  options?: Record<string, string>;
  /**
   * The zone a calendar day without a time was placed in (its start there): the config's
   * `timezone` when loaded. Recorded for vendor files and API pulls, whose cells may be bare days;
   * absent for canonical files (a bare day is a reject there) and in loads made before 1.11. A
   * report in another zone refuses until `funnel rebuild` (report/day-zone.ts).
   */
  dayTimezone?: string;
}
