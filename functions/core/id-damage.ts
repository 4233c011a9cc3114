/**
 * Ids as spreadsheet programs leave them, the one rule for every file format (vendor exports
 * and the canonical CSV): opened and re-saved in Excel, a long numeric id becomes `1.23457E+11`
 * (digits lost: three deals become one), `123456789012.0`, or `18,734,200,011` when the column
 * got a number format (the same campaign as `18734200011` becomes a second one; `1,87,34,20,011` in the Indian grouping). Such a value
 * is never loaded as an id. The patterns are written for JavaScript and RE2 alike, so the
 * canonical fast path (canonical-sql.ts) refuses exactly what `idDamage` names.
 */

/** Thousands separators a number format writes (as number-text.ts reads them). */
const SEPARATORS = [',', '.', "'", '’', ' ', '\u00a0', '\u202f'];

/** The damage patterns, as regular-expression sources (no flags, no backreferences). */
export const ID_DAMAGE_PATTERNS = {
  scientific: String.raw`^[-+]?\d+(?:[.,]\d+)?[eE][+-]?\d+$`,
  decimal: String.raw`^\d+[.,]0+$`,
  grouped: String.raw`^\d{1,3}(?:${SEPARATORS.map((s) => `(?:${s === '.' ? '\\.' : s}\\d{3})+`).join('|')})(?:[.,]\d+)?$`,
  /** The Indian lakh/crore grouping (`1,87,34,20,011`) of an en-IN number format. */
  lakh: String.raw`^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$`,
} as const;

const SCIENTIFIC = new RegExp(ID_DAMAGE_PATTERNS.scientific);
const DECIMAL = new RegExp(ID_DAMAGE_PATTERNS.decimal);
const GROUPED = new RegExp(ID_DAMAGE_PATTERNS.grouped);
const LAKH = new RegExp(ID_DAMAGE_PATTERNS.lakh);

const AGAIN = 'export the file again and import it without opening and saving it in a spreadsheet';

/** The spreadsheet damage an id value shows, as a reject reason; null when it shows none. */
export function idDamage(value: string): string | null {
  if (SCIENTIFIC.test(value)) {
    return `"${value}" is an id a spreadsheet program turned into scientific notation (its digits are lost); ${AGAIN}`;
  }
  if (DECIMAL.test(value)) return `"${value}" is an id a spreadsheet program turned into a decimal number; ${AGAIN}`;
  if (GROUPED.test(value) || LAKH.test(value)) {
    return `"${value}" is an id a spreadsheet program wrote with thousands separators (as a number, not the id itself); ${AGAIN}`;
  }
  return null;
}

/** Whether a canonical column holds an id (lead_id, deal_id, campaign_id, owner_id…): damaged values are refused. */
export function isIdColumn(name: string): boolean {
  return name.endsWith('_id');
}

/** Digits a spreadsheet keeps of a number: Excel stores 15 significant digits and writes zeros after them. */
const SIGNIFICANT_DIGITS = 15;
const ZERO_TAILED = new RegExp(String.raw`^\d{${SIGNIFICANT_DIGITS}}0+$`);

/** One id cell of a file's id column, with the name its row gives the record (a campaign's name), if any. */
export interface IdCell {
  value: string;
  name: string | null;
}

/**
 * The ids of one file's id column that a spreadsheet rounded to 15 significant digits (field case
 * F12): a numeric id longer than 15 digits (Meta's 18-digit campaign, ad set and account ids) in a
 * column with a Number format is written in full with every digit after the 15th zero, so
 * `120210000000000111` and `…222` both become `120210000000000000` (two campaigns merged). A real
 * id ends in such zeros too (one in a thousand for 18 digits), so one alone is not refused; the
 * file's zero-tailed ids are refused when
 * - the column holds 2 or more different ids of more than 15 digits and every one of them is
 *   zero-tailed (the damage hits the whole column: real ids would all end in zeros one time in a
 *   million), or
 * - one zero-tailed id names 2 or more different names in the file (two records under one id).
 * One campaign's id damaged in a file of its own rows only is not detectable and loads.
 * Returns the refused values (empty when none) and the reason each reject gives.
 */
export function zeroTailedIds(cells: readonly IdCell[]): { ids: Set<string>; reason: (id: string) => string } {
  const long = new Map<string, Set<string>>();
  for (const c of cells) {
    if (!/^\d+$/.test(c.value) || c.value.length <= SIGNIFICANT_DIGITS) continue;
    const names = long.get(c.value) ?? new Set<string>();
    if (c.name !== null) names.add(c.name.trim());
    long.set(c.value, names);
  }
  const zeroTailed = [...long.keys()].filter((id) => ZERO_TAILED.test(id));
  const whole = long.size >= 2 && zeroTailed.length === long.size;
  const ids = new Set(zeroTailed.filter((id) => whole || (long.get(id)?.size ?? 0) >= 2));
  const reason = (id: string) =>
    `"${id}" is an id a spreadsheet program rounded to 15 significant digits (every digit after the 15th became 0${
      (long.get(id)?.size ?? 0) >= 2 ? `, and the file gives it ${long.get(id)!.size} different names` : ''
    }), so different records may share it; ${AGAIN}`;
  return { ids, reason };
}
