/**
 * Salesforce record ids: a report export writes the 15-character, case-sensitive form; the API
 * and Data Loader the 18-character form, whose last 3 characters encode the case of the first
 * 15. SPEC §3 stores every Salesforce id in its 18-character form so both are one record.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[A-Za-z0-9]{15}$/;
const ID18 = /^[A-Za-z0-9]{18}$/;

/** True for a 15- or 18-character alphanumeric Salesforce id. */
export function isSalesforceId(value: string): boolean {
  return ID15.test(value) || ID18.test(value);
}

/** The suffix character of one 5-character chunk: bit i set when character i is an upper-case A–Z. */
function suffixOf(chunk: string): string {
  let bits = 0;
  for (let i = 0; i < 5; i++) {
    const c = chunk.charCodeAt(i);
    if (c >= 65 && c <= 90) bits |= 1 << i;
  }
  return SUFFIX_ALPHABET.charAt(bits);
}

/**
 * The first 15 characters of an 18-character id with the letter case its suffix encodes, or
 * null when the suffix does not fit them in any case (a suffix character outside `A…Z0…5`, or
 * one that marks a digit as an upper-case letter). The suffix is read case-insensitively.
 */
function restoreCase(value: string): string | null {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(value.charAt(15 + chunk).toUpperCase());
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = value.charAt(chunk * 5 + i);
      const letter = /[A-Za-z]/.test(ch);
      if ((bits & (1 << i)) !== 0) {
        if (!letter) return null;
        out += ch.toUpperCase();
      } else out += ch.toLowerCase();
    }
  }
  return out;
}

/**
 * The 18-character form of a Salesforce id, the one form every Salesforce id is stored in.
 * For a 15-character id, each of its three chunks of 5 characters gives one suffix character:
 * bit i is set when character i of the chunk is an upper-case A–Z, and the 5-bit value indexes
 * `A…Z0…5` (Salesforce's published algorithm). A 15-character id is case-sensitive: ids that
 * differ only in case are different records.
 * An 18-character id is case-insensitive by design (field case F2): a spreadsheet or tool that
 * upper-cased `0065g00000QrStuAAF` to `0065G00000QRSTUAAF` still names that record, so the case
 * of its first 15 characters is restored from the suffix (and the suffix is upper-cased).
 * Throws RangeError for anything else: wrong length, non-alphanumeric characters, or an
 * 18-character id whose last 3 characters do not fit its first 15 in any case.
 */
export function toSalesforceId18(id: string): string {
  const value = id.trim();
  if (ID18.test(value)) {
    const first15 = restoreCase(value);
    if (first15 === null) {
      throw new RangeError(
        `"${value}" is not a Salesforce id: its last 3 characters do not fit (they encode the letter case of the first 15)`,
      );
    }
    return first15 + value.slice(15).toUpperCase();
  }
  if (!ID15.test(value)) throw new RangeError(`"${id}" is not a 15- or 18-character Salesforce id`);
  return value + suffixOf(value.slice(0, 5)) + suffixOf(value.slice(5, 10)) + suffixOf(value.slice(10, 15));
}

/** The 3-character key prefix, which names the object: `00Q` Lead, `003` Contact, `00T` Task, `00U` Event, `006` Opportunity. */
export function salesforceKeyPrefix(id: string): string {
  return id.trim().slice(0, 3);
}

/**
 * The key prefixes of the standard objects whose ids the imports read (Salesforce's
 * documented, org-independent prefixes): every record id of the object starts with it.
 */
export const SALESFORCE_KEY_PREFIXES = {
  Lead: '00Q',
  Contact: '003',
  Account: '001',
  Opportunity: '006',
  User: '005',
  Group: '00G',
  Task: '00T',
  Event: '00U',
} as const;

/** A standard object named in {@link SALESFORCE_KEY_PREFIXES}. */
export type SalesforceObject = keyof typeof SALESFORCE_KEY_PREFIXES;

/**
 * Why `id` (15 or 18 characters, 18 with its case restored by {@link toSalesforceId18}) cannot be
 * a record id of one of `objects`, or null when its key prefix fits one. Used only where the
 * object of a column is certain (an opportunity export's Id, a Converted Opportunity ID).
 * An id of digits only is named as spreadsheet damage: a spreadsheet program reads an id such
 * as `0065000000123E4` as the number 65000000123 × 10⁴ and writes `650000001230000` (field
 * case F12); its leading zeros and letters are gone, so it must never load as a new record.
 * `written` is the cell as the file wrote it, which the reason quotes.
 */
export function keyPrefixMismatch(
  id: string,
  objects: readonly SalesforceObject[],
  written: string = id,
): string | null {
  const prefix = salesforceKeyPrefix(id);
  if (objects.some((o) => SALESFORCE_KEY_PREFIXES[o] === prefix)) return null;
  const what = objects.join(' or ');
  const starts = objects.map((o) => SALESFORCE_KEY_PREFIXES[o]).join(' or ');
  if (/^\d+$/.test(id.slice(0, 15))) {
    return (
      `"${written}" is not a Salesforce ${what} id (they start with ${starts}): a spreadsheet program read the id as a ` +
      `number (an id such as 0065000000123E4 becomes 650000001230000, its leading zeros and letters lost); ` +
      `export the file again and import it without opening and saving it in a spreadsheet`
    );
  }
  return `"${written}" is not a Salesforce ${what} id (they start with ${starts}, this one with ${prefix}); check that the column holds ${what} ids and export the file again without editing it in a spreadsheet`;
}
