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

/**
 * The 18-character form of a Salesforce id. For a 15-character id, each of its three chunks of
 * 5 characters gives one suffix character: bit i is set when character i of the chunk is an
 * upper-case A–Z, and the 5-bit value indexes `A…Z0…5` (Salesforce's published algorithm).
 * An 18-character id is returned as given (its suffix already says the case).
 * Throws RangeError for anything else (wrong length, non-alphanumeric characters).
 */
export function toSalesforceId18(id: string): string {
  const value = id.trim();
  if (ID18.test(value)) return value;
  if (!ID15.test(value)) throw new RangeError(`"${id}" is not a 15- or 18-character Salesforce id`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = value.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return value + suffix;
}

/** The 3-character key prefix, which names the object: `00Q` Lead, `003` Contact, `00T` Task, `00U` Event, `006` Opportunity. */
export function salesforceKeyPrefix(id: string): string {
  return id.trim().slice(0, 3);
}
