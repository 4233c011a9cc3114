/**
 * Totals rows: the words an export writes on its summary lines, and which spend rows are the
 * platform's own summary rather than a campaign that happens to be named like one.
 *
 * A record format's totals row is told apart by its missing record id (table.ts). A spend
 * report has no required record id, and campaigns are named freely ("Total – Brand", "Total
 * (UK)"), so a row that merely starts with a totals word is not dropped on that alone: only
 * the shapes the platforms write are skipped (`spendRowKind`), a row with its own campaign id,
 * or its own day and a campaign name, is a campaign, and anything else that looks like a total
 * is rejected with the reason (never silently left out of spend).
 */
import { cell } from './values.js';

/**
 * The totals words of the supported languages, as the first word of a cell, and Salesforce's
 * "Grand Totals" in the other languages its UI ships (pt-BR `Totais gerais`, nl `Eindtotalen`,
 * de `Gesamtsummen`, fr `Totaux généraux`, es `Totales generales`, it `Totali complessivi`, pl
 * `Suma`, sv `Totalsumma`/`Totalt`, da/no `I alt`/`Totaler`, fi `Yhteensä`/`Kokonaissummat`,
 * ja `総計`/`合計`, zh `总计`, ko `총계`/`합계`, ru `Итого`, tr `Genel toplam`, cs `Celkem`, hu
 * `Összesen`). Beyond English the labels are unverified renderings of the same UI string; a
 * localized totals line they miss is still told by its shape (isCountedTotalsRow).
 */
const WORDS = String.raw`(?:grand |general |gesamt)?(?:totals?|totaux(?: généraux)?|gesamt\w*|gesamtsumme|summe|insgesamt|totaal|totalen|eindtotalen|eindtotaal|totale|totali(?: complessivi)?|totales(?: generales)?|total geral|total général|totale complessivo|somme|totais(?: gerais)?|suma(?: końcowa)?|sumy(?: końcowe)?|razem|totalt|totalsumm[ao]r?|summa|i alt|totaler|hovedtotal(?:er)?|yhteensä|kokonaissumm[ai]t?|総計|合計|总计|總計|합계|총계|итого|общий итог|(?:genel )?toplam|celkem|összesen)`;

/**
 * A cell that says Total: `Total`, `Total: Campaigns`, `Totals`, `Grand Totals (5 records)`,
 * and the same word in the supported languages (`Gesamt…`, `Summe`, `Insgesamt`, `Totaal`,
 * `Totale`, `Totales`, `Totaux`, `Total général`, `Totale complessivo`).
 */
export const TOTALS = new RegExp(String.raw`^${WORDS}(\s*[:(\-–].*)?$`, 'i');

/**
 * A totals row: its first filled cell says Total (a campaign called "Total Rewards" is not
 * one), and it has no record id (`idColumns`) besides that cell: an opportunity named
 * "Total (UK) - Fleet cards" beside its Opportunity ID is a record, not a totals row.
 */
export function isTotalsRow(cells: readonly string[], idColumns: readonly number[] = []): boolean {
  const at = cells.findIndex((c) => c.trim() !== '');
  if (at < 0 || !TOTALS.test(cells[at]!.trim())) return false;
  return !idColumns.some((i) => i !== at && cell(cells[i]) !== null);
}

/**
 * A totals line told by its shape, in any language (Salesforce writes "Grand Totals (2 records)"
 * in the user's UI language): its first filled cell is a label with a count in parentheses
 * (`Totais gerais (2 registros)`, `Sumy końcowe (2 rekordy)`), and every other cell is empty or
 * a figure (digits) or a currency code: no record id, no name, no stage. Table.ts asks only
 * after the file's last data row, in a format with a record id.
 */
export function isCountedTotalsRow(cells: readonly string[], idColumns: readonly number[]): boolean {
  if (idColumns.length === 0) return false;
  const at = cells.findIndex((c) => c.trim() !== '');
  if (at < 0 || !COUNTED_LABEL.test(cells[at]!.trim())) return false;
  if (idColumns.some((i) => i !== at && cell(cells[i]) !== null)) return false;
  return cells.every((c, i) => {
    const v = cell(c);
    return i === at || v === null || /\d/.test(v) || /^[A-Z]{3}$/.test(v);
  });
}

/** A label and a count in parentheses: `Eindtotalen (2 records)`, `総計 (2 件のレコード)`. */
const COUNTED_LABEL = /^[\p{L}][\p{L}\p{M}\s.'’-]*\(\s*\d[\d.,\s\u00a0\u202f]*[\p{L}\p{M}\s.]*\)$/u;

/** The word alone, or with a count: `Total`, `Gesamtergebnis`, `Grand Totals (3 records)`. */
const BARE = new RegExp(String.raw`^${WORDS}(?:\s*\(\s*\d[^)]*\))?$`, 'i');
/** The word and a label: Google Ads' `Total: Account`, `Total: Campaigns`, `Total: Search`. */
const LABELLED = new RegExp(String.raw`^${WORDS}\s*:\s*(.+)$`, 'i');

/**
 * What the platforms write after `Total:` for the sum of exactly the rows shown, in en, de, fr,
 * it, es, pt, nl: the campaigns (`Total: Campaigns`), all campaigns, and the campaigns of a
 * filtered view (`Total: Filtered campaigns`: the rows shown are the filtered ones), and the
 * same for a report at another level (`Total: Ad groups`, `Total: Keywords`). English as
 * Google Ads writes it; the other languages are unverified translations of the same labels.
 */
const ROW_LEVEL_LABELS: readonly string[] = [
  ...['campaigns', 'all campaigns', 'filtered campaigns'],
  ...['kampagnen', 'alle kampagnen', 'gefilterte kampagnen'],
  ...['campagnes', 'toutes les campagnes', 'campagnes filtrées'],
  ...['campagne', 'tutte le campagne', 'campagne filtrate'],
  ...['campañas', 'todas las campañas', 'campañas filtradas'],
  ...['campanhas', 'todas as campanhas', 'campanhas filtradas'],
  ...['alle campagnes', 'gefilterde campagnes'],
  // The other levels a report's rows can be at: ad groups, ads, keywords, search terms.
  ...['ad groups', 'all ad groups', 'filtered ad groups', 'ads', 'keywords', 'search terms'],
  ...['anzeigengruppen', 'alle anzeigengruppen', 'anzeigen', 'keywords', 'suchbegriffe'],
  ...["groupes d'annonces", 'annonces', 'mots clés', 'mots-clés', 'termes de recherche'],
  ...['gruppi di annunci', 'annunci', 'parole chiave', 'termini di ricerca'],
  ...['grupos de anuncios', 'anuncios', 'palabras clave', 'términos de búsqueda'],
  ...['grupos de anúncios', 'anúncios', 'palavras-chave', 'termos de pesquisa'],
  ...['advertentiegroepen', 'advertenties', 'zoekwoorden', 'zoektermen'],
];

/**
 * What the platforms write after `Total:` for the whole report (Google Ads: `Total: Account`,
 * `Total: Campaigns`, `Total: Campaign`), in the supported languages. A campaign type
 * (`Total: Search`) is recognised by the row's own type cell or the format's type table.
 */
const REPORT_LABELS = new Set([
  'account',
  'campaign',
  ...ROW_LEVEL_LABELS,
  'konto',
  'kampagne',
  'kampagnen',
  'compte',
  'campagne',
  'campagnes',
  'cuenta',
  'campaña',
  'campañas',
  'conta',
  'campanha',
  'campanhas',
  'conto',
  'campagna',
  'rekening',
]);

/**
 * Meta's summary line when it names itself, `Results from 12 campaigns` (else its name is
 * blank), in the languages the Meta format reads headers in (en, de, fr, it, es, pt, nl): the
 * word for results, a preposition, the count and the level (campaigns, ad sets, ads, singular
 * or plural). English as Ads Manager writes it (docs/vendor-imports.md); the other languages
 * are unverified renderings of the same UI string (`Resultados de 2 campañas`, `Résultats de 2
 * campagnes`, `Ergebnisse von 2 Kampagnen`, `Risultati di 2 campagne`, `Resultados de 2
 * campanhas`, `Resultaten van 2 campagnes`). A level word of one language after another's
 * preposition is accepted too: no campaign is named like that.
 */
const RESULTS_FROM = new RegExp(
  String.raw`^(?:results from|ergebnisse (?:von|aus|für|zu)|résultats (?:de|des|pour|sur)|risultati (?:di|da|per|su)|resultados (?:de|para|en|em)|resultaten (?:van|voor|uit))` +
    String.raw` [\d.,\s\u00a0\u202f']+ ` +
    String.raw`(?:campaigns?|ad sets?|ads?|kampagnen?|anzeigengruppen?|anzeigen?|campagnes?|ensembles? de publicités|publicités?|campagn[ae]|grupp[io] di inserzioni|inserzion[ei]|campañas?|conjuntos? de anuncios|anuncios?|campanhas?|conjuntos? de anúncios|anúncios?|advertentiesets?|advertenties?)$`,
  'iu',
);

/** Whether a name is Meta's self-naming summary (RESULTS_FROM), its accents composed or not. */
const isResultsFrom = (name: string) => RESULTS_FROM.test(name.normalize('NFC').replace(/\s+/gu, ' '));

export interface SpendRowShape {
  cells: readonly string[];
  /** The campaign (or ad set, ad) name column. */
  nameCol: number;
  campaignIdCol: number | undefined;
  /** Columns that give a row its own days: the period column or a per-row start. */
  dayCols: readonly number[];
  campaignTypeCol: number | undefined;
  /** Whether a label is one of the platform's campaign types (Google Ads' type table). */
  isCampaignType?: (label: string) => boolean;
  /** The platform writes its summary as a line with a blank name (Meta), first or last. */
  blankNameSummary: boolean;
  /** The row is the first or the last data row of the file. */
  edge: boolean;
}

export type SpendRowKind =
  { kind: 'campaign' } | { kind: 'summary' } | { kind: 'ambiguous'; col: number; text: string; reason: string };

/**
 * What a spend row is:
 * - `summary`, the platform's own total, skipped: a totals word alone or with a count, or
 *   `Total: <the account, the campaigns, a campaign type>`, in the first filled cell, on a row
 *   with no campaign id, no day of its own and no other campaign name (Google Ads' footers,
 *   blank-id total lines); or, for Meta, a first or last row with a blank name (or `Results
 *   from N campaigns`) and no campaign id;
 * - `campaign`: no totals word in its first filled cell or name, or one beside its own
 *   campaign id, or beside its own day under a name that is no summary label (`Total –
 *   Brand`, 2026-11-16);
 * - `ambiguous` otherwise (`Total – Brand` in a range report without ids, `Total` with a
 *   day): rejected with `reason`, never dropped.
 */
export function spendRowKind(row: SpendRowShape): SpendRowKind {
  const { cells } = row;
  const at = cells.findIndex((c) => c.trim() !== '');
  const first = at < 0 ? null : cells[at]!.trim();
  const name = cell(cells[row.nameCol]);
  const id = row.campaignIdCol === undefined ? null : cell(cells[row.campaignIdCol]);
  const said = first !== null && TOTALS.test(first) ? first : name !== null && TOTALS.test(name) ? name : null;
  if (said === null) {
    const unnamed = name === null || isResultsFrom(name);
    return row.blankNameSummary && row.edge && unnamed && id === null ? { kind: 'summary' } : { kind: 'campaign' };
  }
  if (id !== null && row.campaignIdCol !== at) return { kind: 'campaign' };
  const ownDay = row.dayCols.some((i) => i !== at && cell(cells[i]) !== null);
  const type = row.campaignTypeCol === undefined ? null : cell(cells[row.campaignTypeCol]);
  const summaryLabel = isSummaryLabel(said, type, row.isCampaignType);
  if (summaryLabel && !ownDay && (name === null || name === said)) return { kind: 'summary' };
  if (!summaryLabel && ownDay && name !== null) return { kind: 'campaign' };
  const why = ownDay
    ? 'a platform summary line has no day, yet this one has a day'
    : 'it has neither a campaign id nor a day of its own, and its words are not a platform summary line';
  return {
    kind: 'ambiguous',
    col: said === name ? row.nameCol : at,
    text: said,
    reason:
      row.campaignIdCol === undefined
        ? `"${said}" may be a campaign or a totals line (${why}); it was not loaded: export the report with the campaign id column (or segmented by day) so a campaign can be told from a total`
        : `"${said}" may be a campaign or a totals line (${why}); it was not loaded: its campaign id cell is empty, so if it is a campaign, export the report again without editing it`,
  };
}

/**
 * What the platforms write after `Total:` for the sum of exactly the campaign rows shown
 * (Google Ads `Total: Campaigns`), in the supported languages. `Total: Account` is left out
 * (it counts campaigns the report may not show), and so are campaign-type subtotals.
 */
const ROWS_LABELS = new Set(ROW_LEVEL_LABELS);

/**
 * When a row `spendRowKind` found to be a summary is the total of the rows' own level, so
 * that the rows' costs must add up to it (spend-checks.ts), its label for messages; else null.
 * Such totals: a totals word alone or with a count (`Total`, `Grand Totals (3 records)`),
 * `Total: Campaigns`, or Meta's summary line (a blank name or `Results from N campaigns`, at
 * the level the export's rows are at).
 */
export function levelTotalLabel(row: Pick<SpendRowShape, 'cells' | 'nameCol' | 'blankNameSummary'>): string | null {
  const at = row.cells.findIndex((c) => c.trim() !== '');
  const first = at < 0 ? null : row.cells[at]!.trim();
  const name = cell(row.cells[row.nameCol]);
  if (first !== null && TOTALS.test(first)) {
    if (BARE.test(first)) return first;
    const label = LABELLED.exec(first)?.[1]?.trim().toLowerCase();
    return label !== undefined && ROWS_LABELS.has(label) ? first : null;
  }
  if (!row.blankNameSummary) return null;
  if (name === null) return 'the summary line';
  return isResultsFrom(name) ? name : null;
}

function isSummaryLabel(text: string, type: string | null, isCampaignType?: (label: string) => boolean): boolean {
  if (BARE.test(text)) return true;
  const label = LABELLED.exec(text)?.[1]?.trim();
  if (!label) return false;
  const folded = label.toLowerCase();
  return (
    REPORT_LABELS.has(folded) || (type !== null && type.toLowerCase() === folded) || (isCampaignType?.(label) ?? false)
  );
}
