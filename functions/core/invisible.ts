/**
 * Invisible characters that copy and paste carries into CRM and ad-platform cells, where no
 * one can see them (field case F8): Unicode format characters (category Cf: zero-width space
 * U+200B, zero-width non-joiner and joiner U+200C/U+200D, word joiner U+2060, soft hyphen
 * U+00AD, byte-order mark U+FEFF, direction marks) and spaces other than U+0020 (no-break
 * space U+00A0, narrow no-break space U+202F). One rule for every value a figure is keyed on:
 * email addresses (email-key.ts), ids (vendor-csv/ids.ts), campaign names (vendor-csv/spend.ts),
 * every cell of a vendor file (vendor-csv/values.ts `cell`) and every label a mapping table
 * looks up (sources/labels.ts `normalizeLabel`). Messages show what is left visibly.
 */

/** Unicode format characters (Cf): invisible, never part of an id, an address or a label. */
export const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** `text` without its format characters (`Paid Search` + U+200B → `Paid Search`). */
export function withoutFormatCharacters(text: string): string {
  return text.replace(FORMAT_CHARACTERS, '');
}

const HIDDEN = /[\p{Cf}\p{White_Space}]/gu;

/**
 * `text` for a message: every format character and every white-space character other than
 * the plain space written as its code point (`Paid Search<U+200B>`, `USD<U+00A0>`), so a
 * value that looks like a known one is seen not to be. Returns `text` itself when it has none.
 */
export function showInvisible(text: string): string {
  return text.replace(HIDDEN, (ch) =>
    ch === ' ' ? ch : `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}
