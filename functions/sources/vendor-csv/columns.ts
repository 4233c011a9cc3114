/**
 * Header handling: names are compared normalized (case, quotes, spacing ignored), aliases are
 * tried in order, and a duplicated header name resolves to its first occurrence, whose
 * twins (the other columns of that name) a row's values are checked against (kit.ts).
 */

/** An accepted header name: an exact (normalized) name or a pattern tested on the normalized name. */
export type HeaderAlias = string | RegExp;

export function normalizeHeader(name: string): string {
  return (
    name
      // Typographic apostrophes (French and Italian UIs: "d’enregistrement") and decomposed
      // accents read as the plain forms the aliases are written in.
      .normalize('NFC')
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/^\uFEFF/, '')
      .replace(/"/g, '')
      .replace(/[\s\u00a0]+/g, ' ')
      .trim()
      .toLowerCase()
  );
}

function matches(normalized: string, alias: HeaderAlias): boolean {
  return typeof alias === 'string' ? normalized === normalizeHeader(alias) : alias.test(normalized);
}

export class Columns {
  readonly normalized: string[];
  private readonly twinsOf: (readonly number[])[];

  constructor(readonly names: string[]) {
    this.normalized = names.map(normalizeHeader);
    const byName = new Map<string, number[]>();
    for (const [i, n] of this.normalized.entries()) if (n !== '') byName.set(n, [...(byName.get(n) ?? []), i]);
    this.twinsOf = this.normalized.map((n, i) => (byName.get(n) ?? []).filter((j) => j !== i));
  }

  /** The other columns with the same (normalized) header name as `index`; usually none. */
  twins(index: number): readonly number[] {
    return this.twinsOf[index] ?? [];
  }

  /** Index of the first column matching the first alias that matches any column. */
  find(aliases: readonly HeaderAlias[]): number | undefined {
    for (const alias of aliases) {
      const i = this.normalized.findIndex((n) => matches(n, alias));
      if (i >= 0) return i;
    }
    return undefined;
  }

  /** Indexes of every column matching any of `aliases`, in file order (Meta's `Amount spent (EUR)` beside `(USD)`). */
  findAll(aliases: readonly HeaderAlias[]): number[] {
    return this.normalized.flatMap((n, i) => (n !== '' && aliases.some((a) => matches(n, a)) ? [i] : []));
  }

  has(aliases: readonly HeaderAlias[]): boolean {
    return this.find(aliases) !== undefined;
  }

  /** The header as written in the file, for messages. */
  nameAt(index: number): string {
    return this.names[index] ?? `column ${index + 1}`;
  }
}
