/**
 * Salesforce Data Loader CSVs written from the Salesforce fake's rows, so that API/file parity
 * tests load the same org both ways.
 */

/** A Data Loader cell: `Z` instants (the fake stores the API's `+0000` form), empty for null. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value).replace(/\.(\d{3})\+0000$/, '.$1Z');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of `rows` with the columns `fields` (`SystemModstamp` headed `LastModifiedDate`, as Data Loader writes it). */
export function dataLoaderCsv(rows: readonly Record<string, unknown>[], fields: readonly string[]): string {
  const header = fields.map((f) => (f === 'SystemModstamp' ? 'LastModifiedDate' : f)).join(',');
  return [header, ...rows.map((r) => fields.map((f) => cell(r[f])).join(','))].join('\n') + '\n';
}
