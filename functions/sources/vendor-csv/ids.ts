/**
 * Ids as exports leave them. Spreadsheet damage (`1.23457E+11`, `123456789012.0`,
 * `18,734,200,011`) is one rule for every format, canonical CSV included
 * (core/id-damage.ts); a Salesforce id loses its shape when it is retyped. Such a cell is
 * refused with the damage named and how to re-export, never loaded as an id: two records are
 * never collapsed into one, and one is never split in two.
 *
 * Copy and paste carries invisible format characters (Unicode Cf: zero-width space, byte-order
 * mark, direction marks) into cells, as into email cells (field case F8): they are removed
 * from ids, so `18734200011` with a zero-width space after it is campaign `18734200011`.
 */
import { idDamage } from '../../core/id-damage.js';
import { withoutFormatCharacters } from '../../core/invisible.js';
import { keyPrefixMismatch, toSalesforceId18, type SalesforceObject } from '../salesforce/ids.js';
import { FieldError } from './errors.js';

/** Id shapes a vendor documents; a value of another shape in that column is damaged or not an id. */
export type IdShape = 'salesforce' | 'numeric';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const NUMERIC_ID = /^\d+$/;

/**
 * Checks one id cell; returns it without invisible format characters when it is intact, a Salesforce id (shape
 * `salesforce`) in its canonical 18-character form (salesforce/ids.ts: a 15-character id extended, an 18-character
 * one with the letter case its suffix encodes). Throws FieldError naming the spreadsheet damage (scientific notation,
 * a trailing `.0`, thousands separators) or an id of the wrong shape (a Salesforce id that is not 15 or 18 letters
 * and digits, or an 18-character one whose last 3 characters do not fit; a HubSpot or Pipedrive id with a non-digit)
 * and what to do. `objects`, for a Salesforce id column whose object is certain, also refuses an id whose key prefix
 * is none of theirs (`650000001230000` in an Opportunity id column: a spreadsheet read `0065000000123E4` as a number).
 */
export function checkIdCell(
  cell: string,
  field: string,
  shape?: IdShape,
  objects?: readonly SalesforceObject[],
): string {
  const value = withoutFormatCharacters(cell);
  if (value === '') throw new FieldError(field, 'the id holds only invisible characters');
  const damage = idDamage(value);
  if (damage !== null) throw new FieldError(field, damage);
  if (shape === 'numeric' && !NUMERIC_ID.test(value)) {
    throw new FieldError(field, `"${value}" is not a record id of this export (digits only)`);
  }
  if (shape === 'salesforce' && !SALESFORCE_ID.test(value)) {
    throw new FieldError(
      field,
      `"${value}" is not a Salesforce id (15 or 18 letters and digits); export the file again without editing it in a spreadsheet`,
    );
  }
  if (shape === 'salesforce') {
    let id: string;
    try {
      id = toSalesforceId18(value);
    } catch (err) {
      throw new FieldError(field, (err as Error).message);
    }
    const mismatch = objects === undefined ? null : keyPrefixMismatch(id, objects, value);
    if (mismatch !== null) throw new FieldError(field, mismatch);
    return id;
  }
  return value;
}
