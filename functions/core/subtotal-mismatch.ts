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

/** `a subtotal of 300.00 EUR whose 2 detail rows sum to 250.00 EUR` (amounts at `decimals`), or that it could not be checked. */
function subtotalText(s: SubtotalMismatch): string {
  const rows = `${s.detailRows} detail ${s.detailRows === 1 ? 'row' : 'rows'}`;
  if (s.subtotal === null || s.details === null)
    return `a subtotal that could not be checked against its ${rows} (a cost could not be read)`;
  const amount = (n: number) => `${n.toFixed(s.decimals)}${s.currency ? ` ${s.currency}` : ''}`;
  return `a subtotal of ${amount(s.subtotal)} whose ${rows} ${s.detailRows === 1 ? 'sums' : 'sum'} to ${amount(s.details)}`;
}
