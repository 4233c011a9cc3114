/**
 * Subtotal rows inside a spend export's data: Meta writes a campaign's own row (its `Ad set
 * name` empty) beside the rows of its ad sets when the report mixes levels, and a breakdown's
 * `All` row beside its values (`Age`: All, 18-24, 25-34); LinkedIn a campaign group's row (its
 * `Campaign Name` empty) beside its campaigns. Summed with their detail rows they count the
 * same spend twice, so they are left out and the import says how many.
 */
import type { CsvRow } from './reader.js';
import { cell } from './values.js';

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

/**
 * The lines of the rows that are subtotals of other rows: a row with a value in at least one
 * level column and, in at least one other, an empty value (or a breakdown's `All`/`Total`), beside a row of the same period that has a value
 * there and agrees with it on every level and key the subtotal writes. Two identical rows are
 * no subtotal of each other. Without level columns, none.
 */
export function subtotalLines(rows: readonly CsvRow[], cols: SubtotalColumns): Set<number> {
  const out = new Set<number>();
  if (cols.levels.length === 0) return out;
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
      if (group.some((d) => d !== r && covers(d))) out.add(r.line);
    }
  }
  return out;
}
