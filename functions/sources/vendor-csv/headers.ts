/**
 * Header alias tables: for each column a format reads, the names its vendor exports it under
 * in each language (en, de, fr, it, es, pt, nl). One table per vendor format; the format reads
 * its columns through it, the header's language is told from it (and settles a file's date
 * order and decimal separator when its values do not), and a header that is not recognized is
 * named with the closest known one.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeHeader, type Columns, type HeaderAlias } from './columns.js';
import { LANGUAGES, type Language } from './date-text.js';

/** A column's header names per language (compared normalized; a RegExp is tested on the normalized name). */
export type LocalizedHeader = Partial<Record<Language, readonly HeaderAlias[]>>;

/** A format's header table: field → its names per language. */
export type HeaderTable<K extends string = string> = Readonly<Record<K, LocalizedHeader>>;

/** Every name of a column, English first (the order in which they are tried). */
export function names(header: LocalizedHeader): HeaderAlias[] {
  return LANGUAGES.flatMap((lang) => header[lang] ?? []);
}

/** Every field's names: the `resolveColumns` spec of a table. */
export function aliasSpec<K extends string>(table: HeaderTable<K>): Record<K, HeaderAlias[]> {
  const out = {} as Record<K, HeaderAlias[]>;
  for (const key of Object.keys(table) as K[]) out[key] = names(table[key]);
  return out;
}

function matches(normalized: string, alias: HeaderAlias): boolean {
  return typeof alias === 'string' ? normalized === normalizeHeader(alias) : alias.test(normalized);
}

/**
 * The languages one column of a header is consistent with: those whose names of a field match
 * it, plus those in which the field has no names (what that UI writes is unknown, so the name
 * may be its own: "Website" in a German report). A column no field matches, or one every
 * language is consistent with (a custom field's or an API name, listed under English only:
 * `UTM Campaign`, `utm_source`, `Disqualification Reason` are written so in every UI language),
 * proves nothing: null.
 */
function languagesOfColumn(name: string, table: HeaderTable): Set<Language> | null {
  if (name === '') return null;
  const langs = new Set<Language>();
  for (const header of Object.values(table)) {
    const hit = LANGUAGES.filter((lang) => (header[lang] ?? []).some((a) => matches(name, a)));
    if (hit.length === 0) continue;
    for (const lang of LANGUAGES) if (hit.includes(lang) || (header[lang] ?? []).length === 0) langs.add(lang);
  }
  return langs.size === 0 || langs.size === LANGUAGES.length ? null : langs;
}

/** What a header says about its UI language (headerLanguageEvidence). */
export interface HeaderLanguage {
  /** The one language the header proves; null when it proves none or is mixed. */
  language: Language | null;
  /** The languages contradicting columns prove, in LANGUAGES order; empty when not mixed. */
  mixed: Language[];
}

/**
 * What a header says about its UI language: the languages every column that proves anything
 * is consistent with (see languagesOfColumn), and whether the columns contradict each other.
 * `mixed` names the languages two contradicting columns prove (a Spanish and an English
 * standard label; a French and a Spanish one), in LANGUAGES order; empty otherwise.
 */
export function headerLanguageEvidence(columns: Columns, table: HeaderTable): HeaderLanguage {
  let consistent: Language[] | null = null;
  const seen = new Set<Language>();
  const any = new Set<Language>();
  for (const name of columns.normalized) {
    const langs = languagesOfColumn(name, table);
    if (!langs) continue;
    for (const l of langs) any.add(l);
    // A column that proves exactly one language is what names a mix ("Correo electrónico": es).
    if (langs.size === 1) seen.add([...langs][0]!);
    consistent = (consistent ?? LANGUAGES).filter((l) => langs.has(l));
  }
  if (consistent === null) return { language: null, mixed: [] };
  if (consistent.length === 0) {
    const proven = seen.size >= 2 ? seen : any;
    return { language: null, mixed: LANGUAGES.filter((l) => proven.has(l)) };
  }
  if (consistent.includes('en')) return { language: consistent.length === 1 ? 'en' : null, mixed: [] };
  // The languages other than English agree on day-first dates and the decimal comma.
  return { language: consistent[0] ?? null, mixed: [] };
}

/**
 * The language of a header (settles a file's date order and decimal separator when its values
 * do not): the one language every column that proves anything is consistent with. A label
 * only a non-English UI writes ("Fecha de creación") proves that UI; a custom field's name
 * that reads the same in English (`UTM Campaign`) proves nothing. Null when nothing is proven,
 * when English and another language both remain possible (names they share: "Impressions"),
 * or when the columns contradict each other (English and Spanish standard labels, or French
 * and Spanish ones: the file's own setting or the locale must decide, else it is refused).
 * Several languages other than English that all remain possible return the first of them
 * (they agree on day-first dates and the decimal comma).
 */
export function languageOfHeader(columns: Columns, table: HeaderTable): Language | null {
  return headerLanguageEvidence(columns, table).language;
}

/**
 * The known header name closest to `name` (edit distance on normalized names, at most a
 * quarter of the longer name's length), for "not recognized" messages; null when none is close.
 */
export function closestKnownName(name: string, known: Iterable<HeaderAlias>): string | null {
  const target = normalizeHeader(name);
  if (target.length < 4) return null;
  let best: { alias: string; d: number } | null = null;
  for (const alias of known) {
    if (typeof alias !== 'string') continue;
    const other = normalizeHeader(alias);
    const d = distance(target, other);
    // Close means a typo or a changed word ending, not a different short word ("LEID" is not "vid").
    const limit = Math.floor(Math.max(target.length, other.length) / 4);
    if (d > 0 && d <= limit && (best === null || d < best.d)) best = { alias, d };
  }
  return best?.alias ?? null;
}

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  it: 'Italian',
  es: 'Spanish',
  pt: 'Portuguese',
  nl: 'Dutch',
};

/** The languages a table names columns in, by their English names in LANGUAGES order: `['English', 'German', …]`. */
export function headerLanguages(table: HeaderTable): string[] {
  return LANGUAGES.filter((lang) => Object.values(table).some((h) => (h[lang] ?? []).length > 0)).map(
    (lang) => LANGUAGE_NAMES[lang],
  );
}

/** A language's English name (`es` → `Spanish`), for messages. */
export function languageName(lang: Language): string {
  return LANGUAGE_NAMES[lang];
}

/** The header language function of a table, for the table reader (see headerLanguageEvidence). */
export function languageOf(
  table: HeaderTable | undefined,
): ((file: { columns: Columns }) => HeaderLanguage) | undefined {
  return table ? (file) => headerLanguageEvidence(file.columns, table) : undefined;
}

/**
 * Notes the file's columns that no name of the table matches but one is close to (a renamed
 * or misspelt column: "Create Dat" → "create date"), so a column silently unread is named.
 */
export function unrecognizedHeaders(
  columns: Columns,
  table: HeaderTable,
  notes: { set(k: string, v: unknown): void },
): void {
  const known = Object.values(table).flatMap(names);
  const close: Record<string, string> = {};
  for (const [i, name] of columns.normalized.entries()) {
    if (name === '' || known.some((a) => matches(name, a))) continue;
    const nearest = closestKnownName(name, known);
    if (nearest) close[columns.nameAt(i)] = nearest;
  }
  if (Object.keys(close).length > 0) notes.set('headersNotRecognized', close);
}
