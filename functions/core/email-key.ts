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
 * top-level domain is left (a name or a note typed into the field), and null when the URL is a
 * page about the company on someone else's host (profilePath: `xing.de/acme`,
 * `linkedin.com/company/acme`, `youtube.com/@acme`): that host is a platform's, not the
 * company's, whether or not it is listed among the platform hosts (config.ts
 * BUILT_IN_PLATFORM_HOSTS, applied by the models). `company`: the record's company or account
 * name, when it has one (it tells a path that names the company). Since methodology 1.15.
 */
export function websiteDomain(value: string | null | undefined, company?: string | null): string | null {
  if (value == null) return null;
  const d = normalizeDomain(value.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^/?#:]*):\d+/i, '$1$2'));
  if (d === null || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.(?:[a-z]{2,}|xn--[a-z0-9-]+)$/.test(d)) return null;
  return profilePath(value, d, company) ? null : d;
}

/**
 * Path segments that introduce a profile or listing of a company on a platform's host
 * (`/company/acme`, `/in/jane`, `/biz/acme-berlin`, `/hotel/de/acme.html`), compared lower
 * case after any leading locale segment (`/de/`, `/en-us/`).
 */
const PROFILE_SEGMENTS = new Set([
  'agency',
  'biz',
  'brand',
  'brands',
  'c',
  'channel',
  'companies',
  'company',
  'e',
  'empresa',
  'empresas',
  'entreprise',
  'entreprises',
  'firma',
  'firmen',
  'hotel',
  'hotels',
  'in',
  'listing',
  'listings',
  'member',
  'members',
  'o',
  'org',
  'organisation',
  'organization',
  'overview',
  'p',
  'page',
  'pages',
  'people',
  'place',
  'places',
  'profile',
  'profiles',
  'pub',
  'r',
  'rooms',
  'seller',
  'sellers',
  'shop',
  'sp',
  'store',
  'stores',
  'str',
  'u',
  'unternehmen',
  'user',
  'users',
  'vendor',
  'view',
]);

/** A locale segment of a path: `de`, `en-us`, `pt_BR`. */
const LOCALE_SEGMENT = /^[a-z]{2}(?:[-_][a-z]{2,4})?$/i;

/** Query keys that name a seller, shop or profile (`amazon.de/sp?seller=…`). */
const PROFILE_QUERY = /[?&](?:seller|shop|store|company|user|profile|cid|phone)=/i;

/** Legal-form words left out of a company name before it is looked for in a path. */
const LEGAL_FORMS = new Set(
  'ab ag as bv co corp gmbh inc kg kk llc ltd nv oy plc sa sarl sas se spa srl ug'.split(' '),
);

/** A name or a path segment as letters and digits only, lower case, accents dropped. */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a website value is a page about the company on another host, not the company's
 * own site: its path (after a locale segment) starts with a profile segment followed by more
 * (`/company/acme`, `/pages/acme`, `/biz/…`, `/u/…`), or with `@` (`/@acme`), or its query
 * names a seller or profile (`?seller=`), or (given the record's `company`) a path segment
 * names the company while the host does not (`xing.de/alpha16` for "Alpha 16"). A company's
 * own host never is (`acme.com/shop/…` for "Acme GmbH"), nor a locale or page path (`/de`,
 * `/en-us`, `/about`, `/index.html`). `domain`: the value's domain (websiteDomain).
 */
function profilePath(value: string, domain: string, company?: string | null): boolean {
  const rest = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const cut = rest.search(/[/?#]/);
  if (cut < 0) return false;
  const tail = rest.slice(cut);
  const path = tail.replace(/[?#].*$/, '');
  let segments = path.split('/').filter((seg) => seg !== '');
  try {
    segments = segments.map((seg) => decodeURIComponent(seg));
  } catch {
    // A malformed escape: the segments as written.
  }
  const name = company
    ? slug(
        company
          .split(/[\s,.]+/)
          .filter((w) => !LEGAL_FORMS.has(w.toLowerCase()))
          .join(''),
      )
    : '';
  if (name.length >= 3 && slug(domain).includes(name)) return false;
  if (PROFILE_QUERY.test(tail)) return true;
  while (segments.length > 1 && LOCALE_SEGMENT.test(segments[0]!) && !PROFILE_SEGMENTS.has(segments[0]!.toLowerCase()))
    segments = segments.slice(1);
  const first = segments[0]?.toLowerCase();
  if (first === undefined) return false;
  if (first.startsWith('@') && first.length > 1) return true;
  if (PROFILE_SEGMENTS.has(first) && segments.length >= 2) return true;
  return name.length >= 3 && segments.some((seg) => slug(seg.replace(/\.html?$/i, '')).includes(name));
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
