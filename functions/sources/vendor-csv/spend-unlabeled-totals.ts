/**
 * Totals nothing labels (docs/vendor-imports.md and docs/methodology.md, "Totals nothing labels"): a spend
 * export split by a column the import does not know (a Meta breakdown in Polish, `Wiek`; Google
 * Ads `Hour of day`; a LinkedIn column of another language) holds, per campaign and day, a row
 * for each value and often one for all of them, its value `Wszystkie`, `Total` or empty. The
 * import groups such rows by what it knows (account, campaign, day, the names and breakdowns it
 * knows) and would sum them: the total counted twice. So within each group of the file:
 *
 * - a row whose spend (> 0) and every count (impressions, clicks, conversions; at least one
 *   above zero) equal the sum of the others' is their total: left out as a subtotal is;
 * - a row whose spend alone equals the others' sum (the file has no count, or a count differs),
 *   or two rows that could each be the total: the file cannot tell, so the row is rejected
 *   and the spend of its days is not measured (subtotal-mismatch.ts, `doubt`);
 * - otherwise the rows are a partition: summed, as before.
 *
 * Rows without spend or counts (all zero) change no sum and are left out of the judging; two
 * rows equal in every cell are the duplicate check's business (spend-checks.ts).
 */
import type { UnprovenTotal } from '../../core/subtotal-mismatch.js';
import type { CsvRow } from './reader.js';
import { sumTolerance, type SubtotalCost, type SubtotalVerdict } from './spend-subtotals.js';
import { cell, currencyDecimals } from './values.js';

/** A count cell as read: its value and decimals written, null when empty, `unreadable` when not a number. */
export type CountCell = { value: number; decimals: number } | null | 'unreadable';

/** What the check reads of a row: its cost (null when it cannot be read) and its count cells, in `counts` order. */
export interface RowFigures {
  cost: SubtotalCost | null;
  counts: readonly CountCell[];
}

export interface UnlabeledTotalColumns {
  /** The columns the import knows that tell rows apart: ids, names, known breakdowns, days, currency. */
  key: readonly number[];
  /** The count columns the file has (impressions, clicks, conversions), with their headers. */
  counts: readonly { col: number; header: string }[];
  /** Columns the import does not read at all (neither key nor figure), with their headers. */
  unknown: readonly { col: number; header: string }[];
}

/** A row's verdict: `same` (a total, left out; its siblings' lines) or `differs` with `doubt` (rejected, not measured). */
export type UnlabeledVerdict =
  | { kind: 'same'; siblings: number[]; columns: string[] }
  | (Extract<SubtotalVerdict, { kind: 'differs' }> & { doubt: UnprovenTotal });

/** Rows sharing every key the import knows, and the unknown columns they differ in (for the import summary). */
export interface SharedKeyRows {
  groups: number;
  rows: number;
  /** The headers of the unknown columns that tell them apart, those with the fewest values first (at most 3). */
  columns: string[];
}

const norm = (text: string | undefined) => (cell(text) ?? '').normalize('NFC').toLowerCase();

/**
 * The unlabeled totals among `rows` (by line) and the rows that share a key (null when none).
 * `rows` are the file's campaign rows (no summary lines, no rows judged by the subtotal rule);
 * `read` gives a row's figures. Rows are grouped by the `key` cells and the cost's currency
 * (a row in another currency is no part of another's sum); see the module comment for the rule.
 * Money is compared within sumTolerance (one minor unit, or the rounding written), counts
 * exactly (within the rounding of decimals written). Throws nothing.
 */
export function unlabeledTotalsOf(
  rows: readonly CsvRow[],
  cols: UnlabeledTotalColumns,
  read: (row: CsvRow) => RowFigures,
): { verdicts: Map<number, UnlabeledVerdict>; shared: SharedKeyRows | null } {
  // By the key cells first: a row alone on its key (most rows) is never read twice.
  const byKey = new Map<string, CsvRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(cols.key.map((c) => norm(row.cells[c])));
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  const groups = new Map<string, { row: CsvRow; figures: RowFigures }[]>();
  for (const [key, keyed] of byKey) {
    if (keyed.length < 2) continue;
    for (const row of keyed) {
      const figures = read(row);
      // A cost that cannot be read is a reject of its own; it is in no sum.
      if (figures.cost === null) continue;
      const inCurrency = `${key}|${figures.cost.currency ?? ''}`;
      const group = groups.get(inCurrency);
      if (group) group.push({ row, figures });
      else groups.set(inCurrency, [{ row, figures }]);
    }
  }
  const verdicts = new Map<number, UnlabeledVerdict>();
  const several = [...groups.values()].filter((g) => g.length > 1);
  const columns = splittingColumns(
    several.map((g) => g.map((m) => m.row)),
    cols.unknown,
  );
  for (const group of several) {
    // Rows with no spend and no count change no sum: a breakdown value without delivery.
    const judged = group.filter((m) => m.figures.cost!.amount !== 0 || m.figures.counts.some(above0));
    if (judged.length < 2) continue;
    if (judged.length === 2 && sameCells(judged[0]!.row, judged[1]!.row)) continue;
    const found = judge(judged, cols, columns);
    if (found) verdicts.set(found.line, found.verdict);
  }
  const shared = several.length > 0 ? { groups: several.length, rows: several.flat().length, columns } : null;
  return { verdicts, shared };
}

const above0 = (c: CountCell) => c !== null && c !== 'unreadable' && c.value > 0;

const sameCells = (a: CsvRow, b: CsvRow) =>
  a.cells.length === b.cells.length && a.cells.every((c, i) => c.trim() === (b.cells[i] ?? '').trim());

/** Where `judge` looks: the rows of one campaign-day (unlabeledTotalsOf), or one row against the file's others (fileSummaryOf). */
interface JudgeScope {
  /** Only this row may be the total (the file's first or last row); the others are its siblings. */
  only?: CsvRow;
  /** What the rows share, for the reason: `same campaign and day`. */
  where: string;
  /** The fix the reason ends with. */
  advice: string;
}

const CAMPAIGN_DAY: JudgeScope = {
  where: 'same campaign and day',
  advice: 'export the report again without that breakdown, or with impressions and clicks',
};

/** The columns of a spend file for fileSummaryOf. */
export interface FileSummaryColumns {
  /** The columns of a row's own day (a Day, Week or Month column): a row with one is not judged. */
  day: readonly number[];
  /** The columns whose cells a row and the rows it may sum must share: account, reporting range. */
  scope: readonly number[];
  /** The campaign id column: a row with an id is a campaign. */
  campaignId: number | undefined;
  /** The count columns the file has (impressions, clicks, conversions), with their headers. */
  counts: UnlabeledTotalColumns['counts'];
}

/**
 * The platform's summary line in words no rule knows (Meta's `Results from N campaigns` in a
 * wording or language totals.ts does not list), found by its sums: the file's first or last row
 * (`edges`), with no campaign id and no day of its own (a summary spans the report), whose spend
 * (> 0) equals the sum of every other row of `rows` that shares its `scope` cells (account,
 * reporting range) and currency. The verdict, by line:
 *
 * - its every count equal to the others' sums (at least one above zero), with at least two
 *   others: `same`, left out as the file's total;
 * - the same with only one other row (a total of one campaign, or two campaigns of one budget
 *   and delivery), or no count in the file (or none above zero) with at least two others:
 *   `differs` with `doubt`, rejected, its days' spend not measured;
 * - a count that is not the others' sum (a campaign of its own whose spend happens to equal
 *   theirs), or no count and one other row (two campaigns of one budget): nothing, it is spend.
 *
 * A row with its own day is not judged: a daily export's summary has no day, and a day's rows of
 * a small account add up by chance too easily. `rows` are the file's campaign rows left after the
 * summary, unlabeled-total and subtotal rules. Throws nothing.
 */
export function fileSummaryOf(
  rows: readonly CsvRow[],
  edges: readonly CsvRow[],
  cols: FileSummaryColumns,
  read: (row: CsvRow) => RowFigures,
): Map<number, UnlabeledVerdict> {
  const verdicts = new Map<number, UnlabeledVerdict>();
  const scopeOf = (row: CsvRow) => JSON.stringify(cols.scope.map((c) => norm(row.cells[c])));
  for (const edge of edges) {
    if (!rows.includes(edge) || verdicts.size > 0) continue;
    if (cols.campaignId !== undefined && cell(edge.cells[cols.campaignId]) !== null) continue;
    if (cols.day.some((c) => cell(edge.cells[c]) !== null)) continue;
    const own = read(edge);
    if (own.cost === null || own.cost.amount <= 0) continue;
    const scope = scopeOf(edge);
    const group = [{ row: edge, figures: own }];
    for (const row of rows) {
      if (row === edge || scopeOf(row) !== scope) continue;
      const figures = read(row);
      if (figures.cost === null || (figures.cost.currency ?? '') !== (own.cost.currency ?? '')) continue;
      if (figures.cost.amount === 0 && !figures.counts.some(above0)) continue;
      group.push({ row, figures });
    }
    if (group.length < 2) continue;
    const found = judge(group, cols, [], {
      only: edge,
      where: 'every other row of the file in its currency and period',
      advice:
        "it may be the platform's summary line in words the import does not know; export the report again without its summary row, or with the campaign id column",
    });
    if (found) verdicts.set(found.line, found.verdict);
  }
  return verdicts;
}

/** The one row of `group` that is, or may be, the total of the others, with its verdict; null when none is. */
function judge(
  group: readonly { row: CsvRow; figures: RowFigures }[],
  cols: Pick<UnlabeledTotalColumns, 'counts'>,
  columns: string[],
  scope: JudgeScope = CAMPAIGN_DAY,
): { line: number; verdict: UnlabeledVerdict } | null {
  const currency = group[0]!.figures.cost!.currency;
  const minor = currencyDecimals(currency ?? '') ?? 2;
  const written = group.reduce((n, m) => Math.max(n, m.figures.cost!.decimals), 0);
  const others = (m: (typeof group)[number]) => group.filter((o) => o !== m);
  // Sums over the group once: a row's others' sum is the group's less its own (a group may be long).
  const spendTotal = group.reduce((n, o) => n + o.figures.cost!.amount, 0);
  const spendSum = (m: (typeof group)[number]) => spendTotal - m.figures.cost!.amount;
  const value = (c: CountCell | undefined) => (c === undefined || c === null || c === 'unreadable' ? 0 : c.value);
  const countTotals = cols.counts.map((_, i) => group.reduce((n, o) => n + value(o.figures.counts[i]), 0));
  const spendFits = group.filter(
    (m) =>
      m.figures.cost!.amount > 0 &&
      Math.abs(spendSum(m) - m.figures.cost!.amount) <= sumTolerance(minor, written, group.length - 1),
  );
  if (spendFits.length === 0) return null;
  const only = scope.only === undefined ? undefined : group.find((m) => m.row === scope.only);
  if (scope.only !== undefined && (only === undefined || !spendFits.includes(only))) return null;
  /** Whether `m`'s counts prove it the others' total: each readable one their sum, at least one above zero. */
  const countsFit = (m: (typeof group)[number]): 'proven' | 'none' | 'differs' => {
    let proven = false;
    for (const [i] of cols.counts.entries()) {
      const cells = group.map((o) => o.figures.counts[i] ?? null);
      if (cells.some((c) => c === 'unreadable')) continue;
      const own = m.figures.counts[i] ?? null;
      const sum = countTotals[i]! - value(own);
      const decimals = cells.reduce((n, c) => Math.max(n, c === null || c === 'unreadable' ? 0 : c.decimals), 0);
      if (Math.abs(sum - value(own)) > sumTolerance(null, decimals, group.length - 1)) return 'differs';
      if (value(own) > 0) proven = true;
    }
    return proven ? 'proven' : 'none';
  };
  const proven = spendFits.filter((m) => countsFit(m) === 'proven');
  const siblingsOf = (m: (typeof group)[number]) => others(m).map((o) => o.row.line);
  if (proven.length === 1 && (only === undefined || proven[0] === only)) {
    const m = proven[0]!;
    return { line: m.row.line, verdict: { kind: 'same', siblings: siblingsOf(m), columns } };
  }
  if (only !== undefined) {
    // Across campaigns (fileSummaryOf): counts that are not the others' sums show a campaign of
    // its own, and a spend equal to one other row's alone is two campaigns of one budget.
    const fit = countsFit(only);
    if (fit === 'differs' || (fit === 'none' && group.length < 3)) return null;
  }
  // Two rows could each be the total, or nothing proves the one: reject the first, name the rest.
  const m = only ?? proven[0] ?? spendFits[0]!;
  const fit = countsFit(m);
  const why: UnprovenTotal['why'] =
    proven.length > 1 || (proven.length === 0 && spendFits.length > 1 && fit !== 'differs')
      ? 'several'
      : fit === 'differs'
        ? 'counts-differ'
        : 'no-counts';
  const decimals = Math.max(minor, written);
  const money = (n: number) => `${n.toFixed(decimals)}${currency ? ` ${currency}` : ''}`;
  const siblings = siblingsOf(m);
  const lines = (ls: readonly number[]) =>
    `line${ls.length === 1 ? '' : 's'} ${ls.length > 8 ? `${ls.slice(0, 6).join(', ')}, … (${ls.length} rows)` : ls.join(', ')}`;
  const by = columns.length > 0 ? `, told apart only by ${columns.map((c) => `"${c}"`).join(', ')}` : '';
  const other = (proven.length > 1 ? proven : spendFits).find((o) => o !== m);
  const advice = scope.advice;
  const because =
    why === 'several'
      ? `${other ? `line ${other.row.line}` : 'another row'} could be their total as well`
      : why === 'counts-differ'
        ? `its counts (${cols.counts.map((c) => c.header).join(', ')}) are not their sums, so nothing proves it`
        : 'nothing but its spend proves it (no impressions or clicks in the file, or none above zero)';
  return {
    line: m.row.line,
    verdict: {
      kind: 'differs',
      reason:
        `its spend ${money(m.figures.cost!.amount)} is the sum of the ${lines(siblings)} (${scope.where}${by}): ` +
        `their total or a row of its own? ${because[0]!.toUpperCase()}${because.slice(1)}. Its spend is not measured; ` +
        advice,
      subtotal: m.figures.cost!.amount,
      details: spendSum(m),
      rows: siblings.length,
      currency,
      decimals,
      doubt: { why, siblings, columns },
    },
  };
}

/**
 * The headers of the unknown columns whose cells differ within a group: a breakdown's few values
 * before a metric's many (fewest distinct values first, then file order), at most 3.
 */
function splittingColumns(groups: readonly (readonly CsvRow[])[], unknown: UnlabeledTotalColumns['unknown']): string[] {
  const found: { header: string; values: number; at: number }[] = [];
  for (const [at, u] of unknown.entries()) {
    if (!groups.some((g) => new Set(g.map((r) => norm(r.cells[u.col]))).size > 1)) continue;
    const values = new Set(groups.flatMap((g) => g.map((r) => norm(r.cells[u.col])))).size;
    found.push({ header: u.header, values, at });
  }
  return found
    .sort((a, b) => a.values - b.values || a.at - b.at)
    .slice(0, 3)
    .map((f) => f.header);
}
