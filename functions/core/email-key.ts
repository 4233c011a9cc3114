/**
 * The email key (SPEC §4.2): the one normalization that joins people across systems.
 * Computed once at load and stored as `email_key`, so SQL joins on plain equality.
 */
import { domainToASCII } from 'node:url';

export const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
// Deliberately loose: the key must accept every address a CRM stores, but reject
// values that are plainly not an address (no local part, no dotted domain, two @, a display
// name such as `Jane <jane@x.com>` once its spaces are gone). canonical-sql.ts mirrors it.
const SHAPE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u;

/**
 * White space (no-break spaces included) and invisible format characters (Unicode category
 * Cf: zero-width space, byte-order mark, direction marks, soft hyphen, word joiner…).
 * Copy and paste carries them into CRM cells where no one can see them (field case F8;
 * core/invisible.ts: the format characters every other value loses, plus all white space).
 */
export const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;
const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * The email key of an address, or null when the value is not an address.
 *
 * Steps, in this order (SPEC §4.2): white space and Cf characters removed wherever they
 * stand (before NFC, so a zero-width space between a letter and its accent cannot block
 * the composition); NFC; lower case; an internationalized domain written as ASCII `xn--`
 * labels (see {@link idnDomain}); a `+tag` removed; for gmail.com / googlemail.com the
 * local part's dots removed and the domain gmail.com. Never throws.
 */
export function emailKey(email: string | null | undefined): string | null {
  if (email == null) return null;
  const cleaned = email.replace(INVISIBLE, '').normalize('NFC').toLowerCase();
  if (!SHAPE.test(cleaned)) return null;
  const at = cleaned.lastIndexOf('@');
  let local = cleaned.slice(0, at);
  let domain = idnDomain(cleaned.slice(at + 1));
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  if (local.length === 0) return null;
  return `${local}@${domain}`;
}

/**
 * An internationalized domain in its one stored form: ASCII `xn--` labels (IDNA/UTS 46, as
 * WHATWG URL parsing writes a host). ASCII is the form website hosts, DNS, the config's
 * domain lists and the vendor exports' website domains already take, so the email domain
 * of a key compares with a company or account domain by plain equality, and any engine's
 * `lower()` leaves it unchanged. `müller.example` and `xn--mller-kva.example` both give
 * `xn--mller-kva.example`. An ASCII domain is returned as given (IDNA would only validate
 * it); a domain IDNA refuses (e.g. `foo´.example`) is returned as given too.
 * `domain` is expected lower-cased and free of white space.
 */
export function idnDomain(domain: string): string {
  if (!NON_ASCII.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  return ascii === '' ? domain : ascii;
}

/**
 * Lower-case domain without scheme, path, a leading `www.` or invisible characters, an
 * internationalized domain as `xn--` labels (as in email keys); null when nothing is left.
 */
export function normalizeDomain(value: string | null | undefined): string | null {
  if (value == null) return null;
  let d = value.replace(INVISIBLE, '').normalize('NFC').toLowerCase();
  d = d.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '');
  if (d.startsWith('www.')) d = d.slice(4);
  d = idnDomain(d);
  return d.length > 0 ? d : null;
}

/**
 * A website or URL as written in a CRM (`https://www.Acme.com:8443/about`, `acme.com`,
 * `müller.de`) → the company domain used to match deals (`acme.com`, `xn--mller-kva.de`): the
 * one rule for API fields and export cells. Port dropped; null when no host with a dot and a
 * top-level domain is left (a name or a note typed into the field).
 */
export function websiteDomain(value: string | null | undefined): string | null {
  if (value == null) return null;
  const d = normalizeDomain(value.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^/?#:]*):\d+/i, '$1$2'));
  return d !== null && /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.(?:[a-z]{2,}|xn--[a-z0-9-]+)$/.test(d) ? d : null;
}

const FURTHER_KIND =
  '(secondary|alternate|alternative|additional|other|second|2nd|backup|personal|private|work|home|business)';
/** The header shapes of further-address columns, on a lower-case name without `_` and `__c`. */
const FURTHER_EMAIL: readonly RegExp[] = [
  /^e-?mail( address)? ?#?[2-9]$/,
  new RegExp(`^${FURTHER_KIND} e-?mails?( address(es)?)?$`),
  new RegExp(`^e-?mail( address)? ?(\\(|- )${FURTHER_KIND}\\)?$`),
  /^hs additional emails$/,
];

/**
 * Whether a column header names a person's further addresses (SPEC §4.2), by pattern since
 * every org names its own fields: `Email 2`, `Email Address 3`, `Secondary Email`, `Alternate
 * E-mail Address`, `Additional email addresses` (HubSpot), `Work Email`, `Email (Home)`,
 * `Email - Other`, and API names such as `Secondary_Email__c`, `email_2`, `hs_additional_emails`.
 * English only: no other language's names are known. Never the plain `Email` column, nor a
 * property about email (`Email Opt Out`, `Marketing emails opened`).
 */
export function isFurtherEmailHeader(header: string): boolean {
  const name = header.toLowerCase().replace(/__c$/, '').replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
  return FURTHER_EMAIL.some((re) => re.test(name));
}
