/**
 * The columns a figure depends on (docs/vendor-imports.md, "Columns a figure depends on"). An
 * export may leave out an optional column: a HubSpot view exported with "the properties in
 * your view", a Pipedrive list without its Status column. A value that is merely empty in a
 * row is unknown for that row; a column missing from the file would make every row read as
 * "not an MQL", "open", "channel other", and the report state those zeros as measured.
 *
 * So each record format lists, beside its `required` columns (which find the header), the
 * groups of columns that decide a figure, any one of which suffices. A file with none of a
 * group is refused whole (one line naming the file, the columns in the vendor's words and how
 * to export them) when the figure would be a stated zero, or loads with a note in the import
 * output when refusing would block more than it protects (a lead's channel: the leads still
 * count, only their channel is unknown, and the note says so).
 */
import { Columns, type HeaderAlias } from './columns.js';
import { FormatError } from './errors.js';
import { closestKnownName } from './headers.js';
import type { FormatOptions, Notes } from './kit.js';

/** One group of columns that decide a figure; the file needs any one of them. */
export interface FigureColumns {
  /**
   * The columns as the vendor's export names them (English labels, as in the export dialog),
   * the one to export first: `["Lifecycle Stage", "Date entered \"Marketing Qualified Lead …\""]`.
   */
  columns: readonly string[];
  /** Every accepted header name of those columns, from the format's header table. */
  aliases: readonly HeaderAlias[];
  /**
   * Further names that decide the figure only under the format's options (Pipedrive's
   * `Deal - Stage` once `stages` maps stages to won and lost).
   */
  aliasesWith?: (options: FormatOptions) => readonly HeaderAlias[];
  /** What every row would read as without them, and the figure that would state it: "every deal would load open: 0 won deals". */
  without: string;
  /** How to export the columns, in the vendor's words: "export the deals again with …". */
  howToExport: string;
  /** `refuse`: the figure would be a stated zero; `note`: the rows load and the import output says what is unknown. */
  whenMissing: 'refuse' | 'note';
}

/** A `note` group the file lacks, as kept in the load manifest's notes (`figureColumnsMissing`). */
export interface MissingFigureColumns {
  columns: string[];
  /** The one line `funnel import` prints: `no "…" column: …; export …`. */
  text: string;
}

/** `"A"`, `"A" or "B"`, `"A", "B" or "C"`. */
function either(columns: readonly string[]): string {
  const quoted = columns.map((c) => `"${c}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** The one line of a missing group (the refusal's text after the file and format, the note's text). */
function describeMissingFigureColumns(group: Pick<FigureColumns, 'columns' | 'without' | 'howToExport'>): string {
  const what = group.columns.length === 1 ? 'column' : 'columns';
  return `no ${either(group.columns)} ${what}: ${group.without}; ${group.howToExport}`;
}

/**
 * `; "Lifecycle-Phas" is not a known name, closest: "lifecycle-phase"` for the first column that
 * resembles one of `aliases` and is none of the format's `known` names (`Deal - Stage` is no
 * misspelt `Deal - Status`).
 */
function closest(columns: Columns, aliases: readonly HeaderAlias[], known: readonly HeaderAlias[]): string {
  for (const name of columns.names) {
    if (new Columns([name]).has(known)) continue;
    const near = closestKnownName(name, aliases);
    if (near) return `; "${name.trim()}" is not a known name, closest: "${near}"`;
  }
  return '';
}

/**
 * Checks a file's header against the format's figure groups, once per file, before any row
 * is loaded; `known` are every name of the format's header table (for the closest-name hint). Throws FormatError (`<file>: <format>: no "…" column: …; export … (nothing was
 * loaded)`) for the first `refuse` group none of whose columns the header has; each `note`
 * group the header lacks is added to `notes` under `figureColumnsMissing` (printed by
 * `funnel import`, import-summary.ts).
 */
export function checkFigureColumns(
  file: { fileName: string; format: string; columns: Columns; known: readonly HeaderAlias[] },
  groups: readonly FigureColumns[],
  options: FormatOptions,
  notes: Notes,
): void {
  const missing: MissingFigureColumns[] = [];
  for (const group of groups) {
    const aliases = [...group.aliases, ...(group.aliasesWith?.(options) ?? [])];
    if (file.columns.has(aliases)) continue;
    if (group.whenMissing === 'refuse') {
      throw new FormatError(
        `${file.fileName}: ${file.format}: ${describeMissingFigureColumns(group)}${closest(file.columns, aliases, file.known)} (nothing was loaded)`,
      );
    }
    missing.push({ columns: [...group.columns], text: describeMissingFigureColumns(group) });
  }
  if (missing.length > 0) notes.set('figureColumnsMissing', missing);
}

/**
 * An optional column that changes a count when the file has it: a merged record's ids, a
 * deleted flag, the won and closed flags, a deal's link to its contacts, a lead's converted
 * ids. A file may lack one for good reason (a view without it), so its absence alone says
 * nothing; but a file in another UI language whose label for it is not among the format's
 * names would drop it silently (ca111f4: a German HubSpot export counted a merged-away lead
 * again). So when none of `aliases` is in the header and a column no name of the format's
 * table matches looks like this concept (every pattern of `looksLike` matches its normalized
 * name: a word stem of the concept in one of the seven languages), the import says so in one
 * line (`countColumnsUnread`, printed by `funnel import`). A custom property with an unrelated
 * name never triggers it.
 */
export interface CountColumn {
  /** The concept, as the note names it: "won/closed", "merged ids". */
  concept: string;
  /** Every accepted header name of its columns, from the format's header table. */
  aliases: readonly HeaderAlias[];
  /** Headers the format reads for it by a rule of its own, beside `aliases` (further-address columns). */
  alsoRead?: (header: string) => boolean;
  /** Patterns an unknown header must all match to look like this concept (normalized name, lower case). */
  looksLike: readonly RegExp[];
  /** What may read wrong without it: "won deals may read 0". */
  without: string;
}

/**
 * Word stems of the count-changing concepts in the seven languages (en, de, fr, it, es, pt, nl),
 * for CountColumn.looksLike: loose on purpose (a stem, not a label), each narrow enough that an
 * unrelated custom property does not match.
 */
export const LOOKS_LIKE = {
  won: /\bwon\b|gewonn|gagn|\bvint[aoie]\b|vincit|ganad|ganh[oa]/,
  closed: /\bclosed\b|geschlossen|abgeschlossen|conclu|ferm[ée]|clôtur|chius|cerrad|fechad|geslot/,
  status: /\bstatus\b|\bstatut\b|\bstato\b|\bestado\b/,
  merged: /merge|zusammengef|fusionn|fusionad|\bunit[ie]\b|combinad|mesclad|samengevoeg/,
  deleted: /deleted|gelöscht|supprim|eliminat|eliminad|exclu[íi]d|verwijder/,
  master: /master|haupt|principal|mestre|hoofd/,
  converted: /convert|konvert|geconverteer/,
  further: /additional|zusätzlich|weitere|supplémentaire|autres?\b|aggiuntiv|adiciona|aanvullend|overige/,
  email: /mail|correo/,
  contact: /contact|kontakt|contatt|contato|contacto/,
  person: /\bperson\b|personne|pessoa|persoon|kontakt|contact/,
  opportunity: /opportun|oportunid|verkaufschance|affaire|trattativ/,
  lead: /\blead|candidat|\bpiste/,
  id: /\bids?\b|-ids?\b|\bid[.-]/,
  domain: /domain|domein|dominio|domínio/,
  website: /domain|domein|dominio|domínio|website|webseite|\bsite\b|\bsito\b|\bsitio\b/,
} as const satisfies Record<string, RegExp>;

/** The `countColumnsUnread` lines a file's header gives (see CountColumn); empty when none. */
export function unreadCountColumns(
  file: { fileName: string; columns: Columns; known: readonly HeaderAlias[] },
  groups: readonly CountColumn[],
): string[] {
  // The columns no name of the format's table matches, as written and normalized.
  const unknown = file.columns.names
    .map((name, i) => ({ name: name.trim(), normalized: file.columns.normalized[i]! }))
    .filter((c) => c.normalized !== '' && !new Columns([c.name]).has(file.known));
  const lines: string[] = [];
  for (const group of groups) {
    const readByRule = file.columns.names.some((name) => group.alsoRead?.(name) ?? false);
    if (readByRule || file.columns.has(group.aliases)) continue;
    const like = unknown.filter((c) => group.looksLike.every((re) => re.test(c.normalized))).map((c) => c.name);
    if (like.length === 0) continue;
    const shown = like.slice(0, 3).map((n) => `'${n}'`);
    const more = like.length > 3 ? ', …' : '';
    lines.push(
      `${file.fileName}: no ${group.concept} column recognised (unknown columns: ${shown.join(', ')}${more}) — ${group.without}`,
    );
  }
  return lines;
}

/**
 * Notes (`countColumnsUnread`) each count-changing concept the header lacks while an unknown
 * column looks like it (unreadCountColumns). A note, not a refusal: see CountColumn.
 */
export function checkCountColumns(
  file: { fileName: string; columns: Columns; known: readonly HeaderAlias[] },
  groups: readonly CountColumn[],
  notes: Notes,
): void {
  const lines = unreadCountColumns(file, groups);
  if (lines.length > 0) notes.set('countColumnsUnread', lines);
}
