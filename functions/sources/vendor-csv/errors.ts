/** Errors raised by the vendor-file importers. */

/**
 * The file as a whole does not fit the format it was imported as (wrong export, no header,
 * no dated range, …). One line, naming the format, what was expected and what was found.
 * The same class as the canonical importer's, so the CLI handles both alike.
 */
export { FormatError } from '../../core/import/canonical-csv.js';

/** One value of one row is unusable; the row becomes a reject naming `field`. */
export class FieldError extends Error {
  override name = 'FieldError';
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `read()`'s value, or null when the cell it reads is unusable (a FieldError): for reads whose
 * failure means "not stated" rather than a reject (a record key, a name beside a rejected row).
 * @throws whatever else `read` throws.
 */
export function orNullOnFieldError<T>(read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    if (err instanceof FieldError) return null;
    throw err;
  }
}
