/**
 * The email key (SPEC §4.2): the one normalization that joins people across systems.
 * Computed once at load and stored as `email_key`, so SQL joins on plain equality.
 */
export const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
// Deliberately loose: the key must accept every address a CRM stores, but reject
// values that are plainly not an address (no local part, no dotted domain, spaces).
const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export function emailKey(email: string | null | undefined): string | null {
  if (email == null) return null;
  // NFC first: the same address typed on a Mac (decomposed ü) and elsewhere is one person.
  const trimmed = email.normalize('NFC').trim().toLowerCase();
  if (!SHAPE.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  if (local.length === 0) return null;
  return `${local}@${domain}`;
}

/** Lower-case domain without a leading `www.`, or null. */
export function normalizeDomain(value: string | null | undefined): string | null {
  if (value == null) return null;
  let d = value.trim().toLowerCase();
  d = d.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '');
  if (d.startsWith('www.')) d = d.slice(4);
  return d.length > 0 ? d : null;
}
