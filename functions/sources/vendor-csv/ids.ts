/**
 * Ids as spreadsheet programs leave them. Opened and re-saved in Excel, a long numeric id
 * becomes `1.23457E+11` (digits lost: three deals become one), `123456789012.0`, or
 * `18,734,200,011` when the column got a number format (the same campaign as `18734200011`
 * becomes a second one); a Salesforce id loses its shape when it is retyped. Such a cell is
 * refused with the damage named and how to re-export, never loaded as an id: two records are
 * never collapsed into one, and one is never split in two.
 *
 * Copy and paste carries invisible format characters (Unicode Cf: zero-width space, byte-order
 * mark, direction marks) into cells, as into email cells (field case F8): they are removed
 * from ids, so `18734200011` with a zero-width space after it is campaign `18734200011`.
 */
import { FieldError } from './errors.js';

/** Unicode format characters (Cf): invisible, never part of an id. */
const INVISIBLE_FORMAT = /\p{Cf}/gu;
const SCIENTIFIC = /^[-+]?\d+([.,]\d+)?e[+-]?\d+$/i;
const TRAILING_ZERO_FRACTION = /^\d+[.,]0+$/;
/** Digits grouped by threes with one thousands separator (as number-text.ts reads them), any fraction. */
const GROUPED = /^\d{1,3}([,.'’ \u00a0\u202f])\d{3}(?:\1\d{3})*(?:[.,]\d+)?$/u;

/** Id shapes a vendor documents; a value of another shape in that column is damaged or not an id. */
export type IdShape = 'salesforce' | 'numeric';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const NUMERIC_ID = /^\d+$/;

/**
 * Checks one id cell; returns it without invisible format characters when it is intact. Throws FieldError naming the
 * spreadsheet damage (scientific notation, a trailing `.0`, thousands separators) or an id of the wrong shape (a
 * Salesforce id that is not 15 or 18 letters and digits; a HubSpot or Pipedrive id with a non-digit) and what to do.
 */
export function checkIdCell(cell: string, field: string, shape?: IdShape): string {
  const value = cell.replace(INVISIBLE_FORMAT, '');
  if (value === '') throw new FieldError(field, 'the id holds only invisible characters');
  if (SCIENTIFIC.test(value)) {
    throw new FieldError(
      field,
      `"${value}" is an id a spreadsheet program turned into scientific notation (its digits are lost); export the file again and import it without opening and saving it in a spreadsheet`,
    );
  }
  if (TRAILING_ZERO_FRACTION.test(value)) {
    throw new FieldError(
      field,
      `"${value}" is an id a spreadsheet program turned into a decimal number; export the file again and import it without opening and saving it in a spreadsheet`,
    );
  }
  if (GROUPED.test(value)) {
    throw new FieldError(
      field,
      `"${value}" is an id a spreadsheet program wrote with thousands separators (as a number, not the id itself); export the file again and import it without opening and saving it in a spreadsheet`,
    );
  }
  if (shape === 'numeric' && !NUMERIC_ID.test(value)) {
    throw new FieldError(field, `"${value}" is not a record id of this export (digits only)`);
  }
  if (shape === 'salesforce' && !SALESFORCE_ID.test(value)) {
    throw new FieldError(
      field,
      `"${value}" is not a Salesforce id (15 or 18 letters and digits); export the file again without editing it in a spreadsheet`,
    );
  }
  return value;
}
