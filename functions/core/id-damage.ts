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
