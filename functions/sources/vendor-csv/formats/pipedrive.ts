/**
 * Pipedrive deals export: columns are `Entity - Field` (`Deal - Title`, `Person - Email`,
 * `Organization - Name`); a deals-only export may drop the `Deal - ` prefix. MAPPINGS §3.
 */
import { FieldError } from '../errors.js';
import { aliasSpec, names, type HeaderTable, type LocalizedHeader } from '../headers.js';
import { LOOKS_LIKE, type CountColumn, type FigureColumns } from '../figure-columns.js';
import { resolveColumns, type FormatOptions } from '../kit.js';
import { pipedriveClosedAt, pipedriveDealStatus } from '../../pipedrive/mapping.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { domainFromUrl, extractEmails } from '../values.js';

type Lang = 'en' | 'de' | 'fr' | 'it' | 'es' | 'pt' | 'nl';

/**
 * The deal entity's prefix per language: `Deal - ` (EN, DE), `Affaire - ` (FR), `Negocio - `
 * (ES), `Negócio - ` (PT) are seen in third-party code reading real exports; IT and NL are
 * unverified.
 */
const DEAL_PREFIX: Record<Lang, string> = {
  en: 'deal - ',
  de: 'deal - ',
  fr: 'affaire - ',
  it: 'trattativa - ', // unverified
  es: 'negocio - ',
  pt: 'negócio - ',
  nl: 'deal - ', // unverified
};

/** A deal field's names per language: `Deal - Title`, and plain `Title` in English (deals-only exports). */
function deal(fields: Partial<Record<Lang, readonly string[]>>): LocalizedHeader {
  const out: LocalizedHeader = {};
  for (const [lang, names] of Object.entries(fields) as [Lang, readonly string[]][]) {
    out[lang] = names.flatMap((n) => (lang === 'en' ? [`${DEAL_PREFIX[lang]}${n}`, n] : [`${DEAL_PREFIX[lang]}${n}`]));
  }
  return out;
}

/**
 * The person entity's id column, in any export that carries the person's fields (deals,
 * activities): `Person - ID`. Persons load as leads, so it is a `lead_id` of the same source.
 * Only the English name is seen in code reading real exports; the rest are unverified.
 */
export const PIPEDRIVE_PERSON_ID = {
  en: ['person - id', 'person id'],
  de: ['person - id'], // unverified
  fr: ['personne - id'], // unverified
  it: ['persona - id'], // unverified
  es: ['persona - id'], // unverified
  pt: ['pessoa - id'], // unverified
  nl: ['persoon - id'], // unverified
} as const satisfies LocalizedHeader;

/** `Person - Email`, `Person - Email (Work)`, `Person - Email - Work`: every address column of the person. */
const personEmail = (entity: string, label: string) => new RegExp(`^${entity} - ${label}( \\(.+\\)| - .+)?$`);

/**
 * Pipedrive deals export, per language. Seen in third-party code reading real exports: DE
 * (Titel, Wert, Status, Besitzer, Deal erstellt, Datum des gewonnenen/verlorenen Deals, Deal
 * abgeschlossen am, Zeit der Aktualisierung, Phase, Pipeline, Organisation), FR (Titre,
 * Valeur, Statut, Étape, Affaire créée, Date de gain, Date de perte, Organisation - Nom), ES
 * (ID, Título, Propietario, Fecha de ganado), PT (ID, Título, Valor, Etapa, Funil, Status,
 * Negócio criado em, Atualizado em, Ganho em, Data de perda, Proprietário, Organização - Nome,
 * Pessoa - E-mail - Trabalho). Everything else is marked unverified.
 */
export const PIPEDRIVE_DEAL_HEADERS = {
  id: deal({ en: ['id'], de: ['id'], fr: ['id'], it: ['id'], es: ['id'], pt: ['id'], nl: ['id'] }),
  title: deal({
    en: ['title'],
    de: ['titel'],
    fr: ['titre'],
    it: ['titolo'], // unverified
    es: ['título'],
    pt: ['título'],
    nl: ['titel'], // unverified
  }),
  value: deal({
    en: ['value'],
    de: ['wert'],
    fr: ['valeur'],
    it: ['valore'], // unverified
    es: ['valor'], // unverified
    pt: ['valor'],
    nl: ['waarde'], // unverified
  }),
  currency: deal({
    en: ['currency of value', 'currency'],
    // Both genitives: "des Wertes" and "des Werts" (a field report, c22).
    de: ['währung des wertes', 'währung des werts', 'währung'], // unverified
    fr: ['devise de la valeur', 'devise'], // unverified
    it: ['valuta del valore', 'valuta'], // unverified
    es: ['moneda del valor', 'moneda'], // unverified
    pt: ['moeda do valor', 'moeda'], // unverified
    nl: ['valuta van waarde', 'valuta'], // unverified
  }),
  stage: deal({
    en: ['stage'],
    de: ['phase'],
    fr: ['étape'],
    it: ['fase'], // unverified
    es: ['etapa'], // unverified
    pt: ['etapa'],
    nl: ['fase'], // unverified
  }),
  pipeline: deal({
    en: ['pipeline'],
    de: ['pipeline'],
    fr: ['pipeline'], // unverified
    it: ['pipeline'], // unverified
    es: ['embudo'], // unverified
    pt: ['funil'],
    nl: ['pipeline'], // unverified
  }),
  status: deal({
    en: ['status'],
    de: ['status'],
    fr: ['statut'],
    it: ['stato'], // unverified
    es: ['estado'], // unverified
    pt: ['status'],
    nl: ['status'], // unverified
  }),
  created: deal({
    en: ['deal created', 'add time', 'created'],
    de: ['deal erstellt'],
    fr: ['affaire créée'],
    it: ['trattativa creata'], // unverified
    es: ['negocio creado'], // unverified
    pt: ['negócio criado em'],
    nl: ['deal aangemaakt'], // unverified
  }),
  updated: deal({
    en: ['update time', 'last updated', 'updated'],
    de: ['zeit der aktualisierung'],
    fr: ['heure de mise à jour'], // unverified
    it: ['ora di aggiornamento'], // unverified
    es: ['hora de actualización'], // unverified
    pt: ['atualizado em'],
    nl: ['tijdstip van bijwerken'], // unverified
  }),
  wonTime: deal({
    en: ['won time'],
    de: ['datum des gewonnenen deals'],
    fr: ['date de gain'],
    it: ['data di vincita'], // unverified
    es: ['fecha de ganado'],
    pt: ['ganho em'],
    nl: ['datum gewonnen'], // unverified
  }),
  lostTime: deal({
    en: ['lost time'],
    de: ['datum des verlorenen deals'],
    fr: ['date de perte'],
    it: ['data di perdita'], // unverified
    es: ['fecha de perdido'], // unverified
    pt: ['data de perda'],
    nl: ['datum verloren'], // unverified
  }),
  closeTime: deal({
    en: ['deal closed on', 'close time', 'closed on'],
    de: ['deal abgeschlossen am'],
    fr: ['affaire conclue le'], // unverified
    it: ['trattativa chiusa il'], // unverified
    es: ['negocio cerrado el'], // unverified
    pt: ['negócio fechado em'], // unverified
    nl: ['deal gesloten op'], // unverified
  }),
  owner: deal({
    en: ['owner', 'user'],
    de: ['besitzer'],
    fr: ['propriétaire'], // unverified
    it: ['proprietario'], // unverified
    es: ['propietario'],
    pt: ['proprietário'],
    nl: ['eigenaar'], // unverified
  }),
  organization: {
    en: ['organization - name', 'deal - organization', 'organization'],
    de: ['organisation - name', 'deal - organisation'],
    fr: ['organisation - nom', 'affaire - organisation'],
    it: ['organizzazione - nome', 'trattativa - organizzazione'], // unverified
    es: ['organización - nombre', 'negocio - organización'], // unverified
    pt: ['organização - nome', 'negócio - organização'],
    nl: ['organisatie - naam', 'deal - organisatie'], // unverified
  },
  website: {
    en: ['organization - website', 'organization - web', 'organization - domain'],
    de: ['organisation - website'], // unverified
    fr: ['organisation - site web'], // unverified
    it: ['organizzazione - sito web'], // unverified
    es: ['organización - sitio web'], // unverified
    pt: ['organização - site'], // unverified
    nl: ['organisatie - website'], // unverified
  },
  // The deal's contact person by id: the person entity's own `Person - ID`, or the deal's
  // reference to it. Persons load as leads, so it is a `lead_id` of the same source.
  personId: {
    ...PIPEDRIVE_PERSON_ID,
    en: [...PIPEDRIVE_PERSON_ID.en, 'deal - person id', 'deal - contact person id', 'contact person id'],
  },
  personEmail: {
    en: [personEmail('person', 'email'), 'deal - contact person email', 'email'],
    de: [personEmail('person', 'e-mail')], // unverified
    fr: [personEmail('personne', 'e-mail')], // unverified
    it: [personEmail('persona', 'e-mail')], // unverified
    es: [personEmail('persona', 'correo electrónico')], // unverified
    pt: [personEmail('pessoa', 'e-?mail')],
    nl: [personEmail('persoon', 'e-mail')], // unverified
  },
} satisfies HeaderTable;

const P = PIPEDRIVE_DEAL_HEADERS;

/** The `stages` setting maps some stage to won or lost: then `Deal - Stage` settles a deal too. */
const stagesMapped = (options: FormatOptions) =>
  Object.values(options.stages ?? {}).some((outcome) => outcome !== 'open') ? names(P.stage) : [];

const LIST_COLUMNS = "the deals list view's column picker";

/**
 * The columns of a deals export that decide a figure (figure-columns.ts), in Pipedrive's English
 * labels: whether a deal is won (Status, or a filled Won time), and whether it is lost (Status,
 * or a filled Lost time). The amount (`Deal - Value`) is required outright; a won deal's close
 * time (Won time, else Deal closed on) missing makes the deal a reject (the loader's rule).
 */
export const PIPEDRIVE_DEAL_FIGURES: readonly FigureColumns[] = [
  {
    columns: ['Deal - Status', 'Deal - Won time'],
    aliases: [...names(P.status), ...names(P.wonTime)],
    aliasesWith: stagesMapped,
    without: 'every deal would load open and the report state 0 won deals and 0 won revenue',
    howToExport: `add the "Status" column to the deals list (${LIST_COLUMNS}) and export again, or map the stages to won and lost under sources["pipedrive-deals-csv"].stages`,
    whenMissing: 'refuse',
  },
  {
    columns: ['Deal - Status', 'Deal - Lost time'],
    aliases: [...names(P.status), ...names(P.lostTime)],
    aliasesWith: stagesMapped,
    without: 'a lost deal loads open (won deals are read from "Deal - Won time")',
    howToExport: `add the "Status" column to the deals list (${LIST_COLUMNS}) to tell lost deals`,
    whenMissing: 'note',
  },
];

/**
 * The optional columns of a deals export that change a count (figure-columns.ts CountColumn):
 * the outcome (Status, Won time, Lost time; a file with none of them is refused above unless
 * the stages are mapped), the deal's contact person (its id or email) and its organization's
 * website (the links to leads: the marketing-sourced deals).
 */
export const PIPEDRIVE_DEAL_COUNTS: readonly CountColumn[] = [
  {
    concept: 'won/lost status',
    aliases: [...names(P.status), ...names(P.wonTime), ...names(P.lostTime)],
    looksLike: [new RegExp(`${LOOKS_LIKE.status.source}|${LOOKS_LIKE.won.source}`)],
    without: 'won and lost deals are read from the mapped stages alone',
  },
  {
    concept: 'contact person',
    aliases: [...names(P.personId), ...names(P.personEmail)],
    looksLike: [LOOKS_LIKE.person],
    without: 'deals link to no lead and marketing-sourced deals may read 0 or not measured',
  },
  {
    concept: 'organization website',
    aliases: names(P.website),
    looksLike: [LOOKS_LIKE.website],
    without: "deals are not linked to leads by their organization's domain",
  },
];

export const pipedriveDealsCsv = defineRowFormat({
  name: 'pipedrive-deals-csv',
  table: 'deals',
  defaultSource: 'pipedrive',
  description: 'Pipedrive deals export (Deals → … → Export, "Deal - …" columns)',
  headers: PIPEDRIVE_DEAL_HEADERS,
  money: [{ amount: names(P.value), currency: names(P.currency) }],
  required: [
    { label: 'Deal - ID', aliases: names(P.id), recordId: true },
    { label: 'Deal - Title', aliases: names(P.title) },
    // Without a value column the report would state a pipeline of 0: refuse (as hubspot.ts).
    { label: 'Deal - Value', aliases: names(P.value) },
  ],
  figures: PIPEDRIVE_DEAL_FIGURES,
  counts: PIPEDRIVE_DEAL_COUNTS,
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, aliasSpec(PIPEDRIVE_DEAL_HEADERS));
    // Every "Person - Email (Work/Home/Other)" column, not only the first.
    const personEmails = names(P.personEmail).filter((a): a is RegExp => a instanceof RegExp);
    const emailCols = columns.normalized.flatMap((n, i) => (personEmails.some((re) => re.test(n)) ? [i] : []));
    if (col.personEmail !== undefined && !emailCols.includes(col.personEmail)) emailCols.push(col.personEmail);
    const fallback = {
      format: 'pipedrive-deals-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    return (r) => {
      r.recordKey(
        'deal_id',
        () => r.requiredId(col.id, 'the deal id', 'numeric'),
        source,
        () => r.timestamp(col.updated),
      );
      const statusText = r.text(col.status);
      // Without a status (no "Deal - Status" column), a filled "Won time" or "Lost time" is the outcome.
      const times =
        statusText === null ? { wonTime: r.timestamp(col.wonTime), lostTime: r.timestamp(col.lostTime) } : undefined;
      const mapped = pipedriveDealStatus(statusText, r.text(col.stage), options, times);
      if (!mapped) {
        throw new FieldError(
          r.field(col.status),
          `"${statusText}" is not a Pipedrive deal status (open, won, lost, deleted)`,
        );
      }
      // Without a status, a stage the user did not map under `stages` stays open and is listed.
      if (mapped.unmapped !== undefined) notes.unmapped(r.field(col.stage), mapped.unmapped, 'stages');
      const status = mapped.value;
      const created = r.instant(col.created);
      if (created === null) throw new FieldError(r.field(col.created), 'the deal creation time is empty');
      const isClosed = status === 'won' || status === 'lost';
      const closedAt = isClosed
        ? pipedriveClosedAt(status, {
            // Only the outcome's own column is read: a stale cell of the other is not this deal's.
            wonTime: status === 'won' ? r.timestamp(col.wonTime) : null,
            lostTime: status === 'lost' ? r.timestamp(col.lostTime) : null,
            closeTime: r.timestamp(col.closeTime),
          })
        : null;
      const money = resolveAmountCurrency(r, { amount: col.value, currency: col.currency }, fallback, notes);
      const emails = emailCols.flatMap((c) => extractEmails(r.text(c) ?? undefined));
      return {
        deal_id: r.requiredId(col.id, 'the deal id', 'numeric'),
        source,
        name: r.text(col.title),
        account_name: r.text(col.organization),
        account_domain: domainFromUrl(r.text(col.website) ?? undefined, r.text(col.organization)),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: r.timestamp(col.updated),
        closed_at: closedAt,
        stage: r.text(col.stage),
        is_closed: isClosed,
        is_won: status === 'won',
        amount: money.amount,
        currency: money.currency,
        owner_id: r.text(col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: null,
        contact_emails: [...new Set(emails)],
        // The person's id too: an export without the person's email columns names it only so.
        contact_ids: r.idList(col.personId, 'numeric'),
        // MAPPINGS §3 says drop deleted deals: a deleted version supersedes the earlier ones.
        is_deleted: status === 'deleted',
      };
    };
  },
});
