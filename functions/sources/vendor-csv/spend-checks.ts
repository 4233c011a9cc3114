/**
 * Whole-file checks of an ad-platform spend export (spend-format.ts), made before anything of
 * it loads, because each fault they catch makes the file's spend figure wrong while every row
 * on its own looks fine:
 *
 * - stacked reports: a second report pasted below the first (its title range, its header
 *   again). Rows carry no range of their own, so the second report's rows would be spread over
 *   the first one's title range. The file is refused naming the line the second report starts.
 * - a day outside the title range in a day-segmented report: the platform never writes one, so
 *   the file's dates (or its title) are misread; refused rather than loaded on other days.
 * - the file's own total for the level its rows are at (Google Ads `Total: Campaigns`, a bare
 *   `Total`, Meta's summary line) is a checksum: the rows' costs, per currency, must add up to
 *   it within the rounding of the file's decimals, else the file is refused naming the total's
 *   line and both sums (a row counted twice, or rows missing).
 * - two rows equal in every cell, in a file without a finer level column, may be one row
 *   pasted twice or two ads whose ad column was left out: refused naming both lines, unless a
 *   total proves both are meant.
 */
import { Columns } from './columns.js';
import { FormatError } from './errors.js';
import type { HeaderRequirement, CsvRow } from './reader.js';
import { rangeFromPreamble, type DateRange } from './spend.js';
import type { DateOrder } from './date-text.js';

const filled = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;

/**
 * The line a second report starts on in a spend file's data block, or null: a row that is
 * the format's header again (`required` all named) or a title range line (`9 November 2026 -
 * 15 November 2026`, `Report Start: …, Report End: …`, `All time`) among the rows. The title
 * lines just above a repeated header (no cost, at most two cells) are part of it: `start` is the
 * first of them. Throws nothing; the caller refuses the file.
 */
export function secondReport(
  rows: readonly CsvRow[],
  spec: {
    required: readonly HeaderRequirement[];
    costCol: number | undefined;
    dateOrder: DateOrder | null;
    twoDigitYears: DateOrder | null;
  },
): { start: number; what: string } | null {
  const titleLike = (row: CsvRow) =>
    filled(row.cells) <= 2 && (spec.costCol === undefined || (row.cells[spec.costCol] ?? '').trim() === '');
  const isRange = (row: CsvRow) => {
    try {
      return rangeFromPreamble([row.cells.map((c) => c.trim())], spec.dateOrder, spec.twoDigitYears) !== null;
    } catch {
      return true; // an ambiguous date range is still a date range
    }
  };
  const isHeader = (row: CsvRow) => spec.required.every((r) => new Columns(row.cells).has(r.aliases));
  for (const [i, row] of rows.entries()) {
    if (!isHeader(row) && !(titleLike(row) && isRange(row))) continue;
    let first = i;
    while (first > 0 && titleLike(rows[first - 1]!)) first--;
    // The header that follows a second title block (only title lines between them).
    let h = i;
    while (!isHeader(rows[h]!) && h + 1 < rows.length && titleLike(rows[h]!)) h++;
    const start = rows[first]!.line;
    const what = isHeader(rows[h]!)
      ? `its header again${start === rows[h]!.line ? '' : ` on line ${rows[h]!.line}`}`
      : `its title range "${row.cells.filter((c) => c.trim() !== '').join(', ')}" again`;
    return { start, what };
  }
  return null;
}

/** The refusal of a file holding two reports. */
export function secondReportError(fileName: string, found: { start: number; what: string }): FormatError {
  return new FormatError(
    `${fileName}: line ${found.start} starts a second report (${found.what}): import each report as its own file (nothing was loaded)`,
  );
}

/** The refusal of a day-segmented report with a day outside its title range. */
export function dayOutsideRangeError(fileName: string, line: number, day: string, range: DateRange): FormatError {
  return new FormatError(
    `${fileName}: line ${line}: the day ${day} is outside the report's range ${range.start}..${range.end} on its title lines; a platform writes no such row, so the file's dates are misread (check the date order) or the rows are not this report's (nothing was loaded)`,
  );
}

/** The number of decimals written in a cost cell (`1,400.00` → 2, `700` → 0). */
export function decimalsOf(text: string, decimal: '.' | ',' | null): number {
  const sep = decimal ?? '.';
  const m = new RegExp(`\\${sep}(\\d+)\\D*$`).exec(text.trim());
  return m ? m[1]!.length : 0;
}

interface CurrencySum {
  /** Millionths of the currency, of the rows loaded. */
  cents: number;
  /** Millionths of the rows rejected (a bad cell, or maybe a subtotal): the total may count them or not. */
  rejected: number;
  rows: number;
  decimals: number;
}

/** A total line of the rows' level, read for the checksum. */
export interface LevelTotal {
  line: number;
  label: string;
  currency: string | null;
  amount: number;
  decimals: number;
}

const money = (currency: string, amount: number) =>
  `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;

/**
 * The checksum and duplicate-row check of one spend file: rows and totals are added while the
 * file is read, `verify` runs once after the last row and throws FormatError when the file must
 * be refused. Costs are summed in millionths to keep sums exact.
 */
export class SpendFileCheck {
  private readonly sums = new Map<string, CurrencySum>();
  private readonly totals: LevelTotal[] = [];
  private readonly seen = new Map<string, number>();
  private readonly duplicates: { first: number; second: number; currency: string | null }[] = [];
  /** Campaign rows whose cost or currency could not be read (rejects): not in the sums. */
  unreadable = 0;

  constructor(
    private readonly fileName: string,
    /** Whether identical rows may be told apart by a finer column (ad set, ad): then not checked. */
    private readonly finerLevel: boolean,
  ) {}

  /** Identical rows a matching total proved are both meant. */
  identicalRows = 0;

  /**
   * A campaign row with its cost as written (null: unreadable), and whether it loaded: a
   * rejected row (a damaged cell, or one that may be a subtotal) may be in the file's total or not.
   */
  addRow(
    cells: readonly string[],
    line: number,
    cost: { currency: string | null; amount: number; decimals: number } | null,
    loaded: boolean,
  ): void {
    if (cost === null || cost.currency === null) this.unreadable++;
    else {
      const s = this.sums.get(cost.currency) ?? { cents: 0, rejected: 0, rows: 0, decimals: 0 };
      if (!loaded) s.rejected += Math.round(cost.amount * 1e6);
      else s.cents += Math.round(cost.amount * 1e6);
      s.rows++;
      s.decimals = Math.max(s.decimals, cost.decimals);
      this.sums.set(cost.currency, s);
    }
    // Two identical rows without cost change no figure (two removed campaigns of one name).
    if (this.finerLevel || cost === null || cost.amount === 0) return;
    const key = JSON.stringify(cells.map((c) => c.trim()));
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, line);
    else this.duplicates.push({ first, second: line, currency: cost.currency });
  }

  /** The file's total for the rows' level (its currency null when the line names none). */
  addTotal(total: LevelTotal): void {
    this.totals.push(total);
  }

  /**
   * Throws FormatError when a level total disagrees with its rows beyond rounding (each row's
   * and the total's cost rounded to the file's decimals: up to half a unit of the last decimal
   * each), or when two identical rows are not proven by a matching total. Returns the totals
   * that matched, for the notes.
   */
  verify(): { line: number; currency: string; rows: number }[] {
    const matched: { line: number; currency: string; rows: number }[] = [];
    for (const t of this.totals) {
      const currency = t.currency ?? (this.sums.size === 1 ? [...this.sums.keys()][0]! : null);
      if (currency === null) continue; // several currencies and a total naming none: nothing to compare
      const s = this.sums.get(currency) ?? { cents: 0, rejected: 0, rows: 0, decimals: 0 };
      const decimals = Math.max(s.decimals, t.decimals);
      const tolerance = ((s.rows + 1) / 2) * 10 ** -decimals * 1e6;
      const totalCents = Math.round(t.amount * 1e6);
      const fits = (sum: number) => Math.abs(sum - totalCents) <= tolerance + 1e-3;
      if (fits(s.cents) || (s.rejected !== 0 && fits(s.cents + s.rejected))) {
        matched.push({ line: t.line, currency, rows: s.rows });
        continue;
      }
      const twice = this.duplicates.find((d) => d.currency === currency);
      const why = twice
        ? ` (lines ${twice.first} and ${twice.second} are the same row: pasted twice?)`
        : s.cents > totalCents
          ? ' (a row counted twice?)'
          : ' (rows missing?)';
      const withRejected =
        s.rejected !== 0 ? ` (${money(currency, (s.cents + s.rejected) / 1e6)} with its rejected rows)` : '';
      const unread =
        this.unreadable > 0 ? `; ${this.unreadable} rows whose cost could not be read are not in the sum` : '';
      throw new FormatError(
        `${this.fileName}: line ${t.line}: the file's total "${t.label}" says ${money(currency, t.amount)} but its loaded rows sum to ${money(currency, s.cents / 1e6)}${withRejected}${why}${unread}; export the report again (nothing was loaded)`,
      );
    }
    const proven = new Set(matched.map((m) => m.currency));
    const doubt = this.duplicates.find((d) => d.currency === null || !proven.has(d.currency));
    this.identicalRows = this.duplicates.length;
    if (doubt) {
      throw new FormatError(
        `${this.fileName}: lines ${doubt.first} and ${doubt.second} are the same row (every cell equal): a row pasted twice, or two rows of a finer level (ads, ad groups) whose column was left out; export the report again, with that column or with its totals row (nothing was loaded)`,
      );
    }
    return matched;
  }
}
