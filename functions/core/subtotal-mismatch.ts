/**
 * Spend subtotal rows whose detail rows do not sum to them (docs/methodology.md, "Subtotal rows
 * that differ from their detail rows"). A Meta campaign row of 300.00 EUR beside ad-set rows of
 * 100 + 150 (one ad set filtered out of the view): the import rejects the subtotal with both
 * sums and loads the detail rows, and records it (note `subtotalMismatch`); the report's spend
 * of every week its days reach is then not measured, since the 250 loaded would be a figure
 * silently short and which sum is right cannot be told.
 */
import type { FamilyCoverage } from './report-types.js';
import { fixedLater, reachesWeek } from './rejected-rows.js';
import type { LoadManifest } from './records.js';

/** The manifest note a spend load records its mismatched subtotals in. */
export const SUBTOTAL_MISMATCH_NOTE = 'subtotalMismatch';

/**
 * Why a row whose spend equals the sum of the rows beside it (same campaign, day and every key
 * the import knows; told apart only by columns it does not know) was not left out as their
 * total (functions/sources/vendor-csv/spend-unlabeled-totals.ts): `no-counts`, the file has no
 * count (impressions, clicks) to prove it; `counts-differ`, a count is not their sum;
 * `several`, another row of them could be the total as well.
 */
export interface UnprovenTotal {
  why: 'no-counts' | 'counts-differ' | 'several';
  /** The lines of the rows beside it. */
  siblings: number[];
  /** The headers of the columns the import does not know that tell the rows apart (may be empty). */
  columns: string[];
}

/** One subtotal row the import rejected because its detail rows sum to another amount. */
export interface SubtotalMismatch {
  /** The row's line in the file. */
  line: number;
  /** The days the row covers (YYYY-MM-DD, inclusive); null when they cannot be read. */
  start: string | null;
  end: string | null;
  /** The ad platform (`google_ads`, `meta`, `linkedin`) and the row's ad account, null when none. */
  platform: string;
  accountId: string | null;
  /** The subtotal's cost and its finest detail rows' sum, in `currency`; null where a cost cannot be read. */
  currency: string | null;
  subtotal: number | null;
  details: number | null;
  /** How many detail rows were summed. */
  detailRows: number;
  /** The decimals the amounts are shown with (the currency's minor units, or more when written). */
  decimals: number;
  /**
   * Set for a row nothing labels as a total whose spend equals its siblings' sum (`subtotal`
   * its spend, `details` their sum, `detailRows` how many): it may be their total or a row of
   * its own, and the file cannot tell (loads noted since 1.13).
   */
  doubt?: UnprovenTotal;
}

/** A mismatch of a load that concerns a week: with the source and the file it was read from. */
export interface SubtotalMismatchFound extends SubtotalMismatch {
  source: string;
  /** The file's name (without its directory). */
  file: string;
}

/**
 * The mismatched subtotals of spend loads that concern `week` (its local dates, end exclusive):
 * their days reach it, or they have none that could be read and the load's days reach it;
 * unless a later load of the same input loaded without rejects (the file fixed). In load order.
 */
export function subtotalMismatchesOf(
  manifests: readonly LoadManifest[],
  week: { startDate: string; endDate: string },
): SubtotalMismatchFound[] {
  const out: SubtotalMismatchFound[] = [];
  for (const m of manifests) {
    const noted = m.notes?.[SUBTOTAL_MISMATCH_NOTE];
    if (m.table !== 'spend' || !Array.isArray(noted) || fixedLater(m, manifests)) continue;
    const file = m.input.split(/[\\/]/).pop() ?? m.input;
    for (const s of noted as SubtotalMismatch[]) {
      const reaches = s.start && s.end ? s.start < week.endDate && s.end >= week.startDate : reachesWeek(m, week);
      if (reaches) out.push({ ...s, source: m.source, file });
    }
  }
  return out;
}

/**
 * The spend coverage with the week's mismatched subtotals (subtotalMismatchesOf): not measured,
 * naming the first (file, line, both sums) and how many there are; as given when there are none
 * or spend is already not measured (its reason comes first).
 */
export function withSubtotalMismatches(spend: FamilyCoverage, found: readonly SubtotalMismatchFound[]): FamilyCoverage {
  const [first] = found;
  if (!spend.measured || !first) return spend;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  return {
    measured: false,
    reason: `${first.file} line ${first.line}: ${subtotalText(first)}${more}; the spend loaded would be short or double-counted: export the report again at one level or unfiltered and import it`,
    lastDataAt: null,
    subtotalMismatch: found.map((f) => ({ ...f })),
  };
}

/**
 * `a subtotal of 300.00 EUR whose 2 detail rows sum to 250.00 EUR` (amounts at `decimals`), or
 * that it could not be checked; for an unproven total (`doubt`), `300.00 EUR, the sum of the 2
 * rows beside it (told apart only by "Wiek"): their total or a row of its own, the file cannot tell`.
 */
function subtotalText(s: SubtotalMismatch): string {
  const amount = (n: number) => `${n.toFixed(s.decimals)}${s.currency ? ` ${s.currency}` : ''}`;
  if (s.doubt) {
    const by =
      s.doubt.columns.length > 0 ? ` (told apart only by ${s.doubt.columns.map((c) => `"${c}"`).join(', ')})` : '';
    const spend = s.subtotal === null ? 'spend' : amount(s.subtotal);
    return `${spend}, the sum of the ${s.detailRows} rows beside it${by}: their total or a row of its own, the file cannot tell`;
  }
  const rows = `${s.detailRows} detail ${s.detailRows === 1 ? 'row' : 'rows'}`;
  if (s.subtotal === null || s.details === null)
    return `a subtotal that could not be checked against its ${rows} (a cost could not be read)`;
  return `a subtotal of ${amount(s.subtotal)} whose ${rows} ${s.detailRows === 1 ? 'sums' : 'sum'} to ${amount(s.details)}`;
}
