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
 * The language of a header: the one whose names match the most columns. A name several
 * languages share ("Impressions") counts for each. Null when no column is recognized or
 * English ties with another language; a tie among the other languages returns the first of
 * them (they agree on day-first dates and the decimal comma).
 */
export function languageOfHeader(columns: Columns, table: HeaderTable): Language | null {
  const votes = new Map<Language, number>();
  for (const name of columns.normalized) {
    const langs = new Set<Language>();
    for (const header of Object.values(table)) {
      for (const lang of LANGUAGES) if ((header[lang] ?? []).some((a) => matches(name, a))) langs.add(lang);
    }
    for (const lang of langs) votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  const best = Math.max(0, ...votes.values());
  if (best === 0) return null;
  const top = LANGUAGES.filter((l) => votes.get(l) === best);
  if (top.length === 1) return top[0]!;
  return top.includes('en') ? null : top[0]!;
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

/** The header language function of a table, for the table reader. */
export function languageOf(
  table: HeaderTable | undefined,
): ((file: { columns: Columns }) => Language | null) | undefined {
  return table ? (file) => languageOfHeader(file.columns, table) : undefined;
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
