/**
 * Subtotal rows inside a spend export's data: Meta writes a campaign's own row (its `Ad set
 * name` empty) beside the rows of its ad sets when the report mixes levels, and a breakdown's
 * `All` row beside its values (`Age`: All, 18-24, 25-34); LinkedIn a campaign group's row (its
 * `Campaign Name` empty) beside its campaigns. Summed with their detail rows they count the
 * same spend twice, so they are left out and the import says how many, but only when their
 * finest detail rows sum to them: a campaign row of 300.00 beside ad-set rows of 100 + 150 (one
 * ad set filtered out of the view) is rejected with both sums, and its details still load.
 */
import type { UnprovenTotal } from '../../core/subtotal-mismatch.js';
import type { CsvRow } from './reader.js';
import { cell, currencyDecimals } from './values.js';

/**
 * How far a sum of `rows` amounts may be from the amount they should add up to and still be
 * taken as equal: one minor unit of the currency (ISO 4217 `minor` decimals: 0.01 EUR, 1 JPY)
 * or, if larger, the rounding of the decimals written (half a unit of the last decimal per
 * amount, the sum's own included; a money amount written whole was rounded to whole units).
 * Counts (`minor` null) get only the rounding of decimals written: exact when written whole. The one tolerance of the subtotal and unlabeled-total checks.
 */
export function sumTolerance(minor: number | null, written: number, rows: number): number {
  const rounding = minor !== null || written > 0 ? ((rows + 1) / 2) * 10 ** -written : 0;
  return Math.max(minor === null ? 0 : 10 ** -minor, rounding) + 1e-9;
}

/** A level or breakdown value that stands for all of them. */
const ALL = /^(all|total|totals|alle|gesamt|insgesamt|tous|toutes|total général|todos|todas|tutti|totale|totaal)$/i;

/**
 * Whether a level cell is empty, or for a breakdown stands for all values (a subtotal's mark).
 * A name is never taken for "all": a campaign may be called `Totals` (totals.ts judges those).
 */
const coveringIn =
  (names: ReadonlySet<number>) =>
  (text: string | undefined, col: number): boolean => {
    const v = cell(text);
    return v === null || (!names.has(col) && ALL.test(v));
  };

const norm = (text: string | undefined) => (cell(text) ?? '').normalize('NFC').toLowerCase();

export interface SubtotalColumns {
  /** Columns that split a campaign's spend (name levels, campaign groups, breakdowns such as Age). */
  levels: readonly number[];
  /** Those of `levels` that hold names (campaign, ad set, ad): only empty marks a subtotal there. */
  names: readonly number[];
  /** Columns that must agree (campaign and account ids), when the subtotal writes them. */
  keys: readonly number[];
  /** The columns of a row's day or range: a subtotal stands beside detail rows of the same period. */
  period: readonly number[];
}

/** A row's cost as written: its amount in `currency` (null when the row writes none) and the decimals written. */
export interface SubtotalCost {
  amount: number;
  currency: string | null;
  decimals: number;
}

/**
 * A subtotal row's verdict: `same` when its finest detail rows sum to its cost (it is left
 * out), else `differs` with a one-line reason naming both sums (the row is rejected).
 */
export type SubtotalVerdict =
  | { kind: 'same' }
  | {
      kind: 'differs';
      reason: string;
      /** The subtotal's cost and its detail rows' sum, in `currency`; null when a cost cannot be read. */
      subtotal: number | null;
      details: number | null;
      /** How many finest detail rows were summed. */
      rows: number;
      currency: string | null;
      /** The decimals the amounts are shown with: the currency's minor units, or more when written. */
      decimals: number;
      /** Set when the row is a total nothing labels, equal to its siblings' sum but not proven one (spend-unlabeled-totals.ts). */
      doubt?: UnprovenTotal;
    };

/**
 * The subtotal rows among `rows` (by line), each with its verdict. A subtotal is a row with a
 * value in at least one level column and, in at least one other, an empty value (or a
 * breakdown's `All`/`Total`), beside a row of the same period that has a value there and agrees
 * with it on every level and key the subtotal writes. Two identical rows are no subtotal of each
 * other. Without level columns, none.
 *
 * Its finest detail rows are the rows it covers that are no subtotal themselves, in its currency
 * (`cost`: a row's cost, null when it cannot be read). They must sum to its cost within one minor
 * unit of the currency (ISO 4217: 0.01 EUR, 1 JPY) or, if larger, the rounding of the decimals
 * written (half a unit of the last decimal per row and for the subtotal), else the verdict is
 * `differs`: the view was filtered, or a detail row is missing or extra, and leaving the
 * subtotal out would load the platform's spend short (or long) silently. A subtotal or a detail
 * whose cost cannot be read cannot be checked: `differs` too.
 */
export function subtotalsOf(
  rows: readonly CsvRow[],
  cols: SubtotalColumns,
  cost: (row: CsvRow) => SubtotalCost | null,
): Map<number, SubtotalVerdict> {
  const covered = new Map<CsvRow, CsvRow[]>();
  if (cols.levels.length === 0) return new Map();
  const covering = coveringIn(new Set(cols.names));
  const byPeriod = new Map<string, CsvRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(cols.period.map((c) => norm(row.cells[c])));
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), row]);
  }
  for (const group of byPeriod.values()) {
    for (const r of group) {
      // Every level empty is no subtotal of a campaign: a platform summary or a damaged row (totals.ts).
      const marks = cols.levels.filter((c) => covering(r.cells[c], c)).length;
      if (marks === 0 || marks === cols.levels.length) continue;
      const covers = (d: CsvRow) => {
        let finer = false;
        for (const c of cols.levels) {
          if (covering(r.cells[c], c)) {
            if (!covering(d.cells[c], c)) finer = true;
          } else if (norm(r.cells[c]) !== norm(d.cells[c])) return false;
        }
        for (const c of cols.keys) {
          if (cell(r.cells[c]) !== null && norm(r.cells[c]) !== norm(d.cells[c])) return false;
        }
        return finer;
      };
      const details = group.filter((d) => d !== r && covers(d));
      if (details.length > 0) covered.set(r, details);
    }
  }
  const out = new Map<number, SubtotalVerdict>();
  for (const [r, details] of covered) {
    out.set(
      r.line,
      verdictOf(
        r,
        details.filter((d) => !covered.has(d)),
        cost,
      ),
    );
  }
  return out;
}

/** Whether `finest` (the detail rows no subtotal themselves) sum to the subtotal `r`; see subtotalsOf. */
function verdictOf(r: CsvRow, finest: readonly CsvRow[], cost: (row: CsvRow) => SubtotalCost | null): SubtotalVerdict {
  const own = cost(r);
  const unchecked = (reason: string): SubtotalVerdict => ({
    kind: 'differs',
    reason,
    subtotal: own?.amount ?? null,
    details: null,
    rows: finest.length,
    currency: own?.currency ?? null,
    decimals: currencyDecimals(own?.currency ?? '') ?? 2,
  });
  if (own === null) return unchecked('its cost cannot be read, so it cannot be checked against its detail rows');
  const costs = finest.map((d) => ({ line: d.line, cost: cost(d) }));
  const unread = costs.find((d) => d.cost === null);
  if (unread) {
    return unchecked(
      `the cost of its detail row on line ${unread.line} cannot be read, so it cannot be checked against them`,
    );
  }
  // A detail in another currency is none of its spend (and is judged by the rows' own currency checks).
  // (A cost without a currency, such as an empty cell, is in any.)
  const currency = own.currency ?? costs.find((d) => d.cost!.currency !== null)?.cost!.currency ?? null;
  const same = costs.filter((d) => d.cost!.currency === null || currency === null || d.cost!.currency === currency);
  const minor = currencyDecimals(currency ?? '') ?? 2;
  const written = Math.max(own.decimals, ...same.map((d) => d.cost!.decimals));
  const sum = same.reduce((n, d) => n + d.cost!.amount, 0);
  if (Math.abs(sum - own.amount) <= sumTolerance(minor, written, same.length)) return { kind: 'same' };
  const money = (n: number) => `${n.toFixed(Math.max(minor, written))}${currency ? ` ${currency}` : ''}`;
  const rowsText = `${same.length} detail row${same.length === 1 ? '' : 's'} (line${same.length === 1 ? '' : 's'} ${same.map((d) => d.line).join(', ')})`;
  const why =
    sum < own.amount
      ? 'a filtered view, or detail rows missing from the export?'
      : 'detail rows that are not part of it, or a subtotal of a filtered view?';
  return {
    kind: 'differs',
    reason: `subtotal ${money(own.amount)} but its ${rowsText} ${same.length === 1 ? 'sums' : 'sum'} to ${money(sum)}: ${why} Its spend is not measured; export the report again at one level (without subtotal rows) or unfiltered`,
    subtotal: own.amount,
    details: sum,
    rows: same.length,
    currency,
    decimals: Math.max(minor, written),
  };
}
