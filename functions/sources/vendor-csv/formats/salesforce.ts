/**
 * Salesforce exports, both shapes: Data Loader / Bulk API (API names such as `Id`,
 * `CreatedDate`) and report exports (labels such as `Lead ID`, `Create Date`). MAPPINGS §2.
 */
import { FieldError } from '../errors.js';
import { aliasSpec, names, type HeaderTable } from '../headers.js';
import { LOOKS_LIKE, type CountColumn, type FigureColumns } from '../figure-columns.js';
import { resolveColumns, type VendorRow } from '../kit.js';
import { isSalesforceId } from '../../salesforce/ids.js';
import {
  salesforceDisqualification,
  salesforceLeadChannel,
  salesforceLeadStage,
  salesforceOpportunityOutcome,
} from '../../salesforce/mapping.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { FIRST_NAME, furtherEmailColumns, furtherEmails, LAST_NAME } from './person-headers.js';
import { domainFromUrl, extractEmails } from '../values.js';
import { UNDETERMINED_STAGE } from '../../labels.js';

/**
 * A contact's id in a report ("Contact ID", as a contact-roles or a Tasks and Events report
 * labels it): the contact a lead was converted into counts for that lead. Non-English labels
 * are unverified.
 */
export const SALESFORCE_CONTACT_ID = {
  en: ['contact id', 'contact id (18)'],
  de: ['kontakt-id'], // unverified
  fr: ['id du contact'], // unverified
  it: ['id contatto'], // unverified
  es: ['id. del contacto', 'id del contacto'], // unverified
  pt: ['id do contato'], // unverified
  nl: ['contact-id'], // unverified
} as const;

/**
 * A record's deleted flag (Data Loader `IsDeleted`, a report's "Deleted"): a deleted lead or
 * opportunity stops counting. Non-English report labels are unverified.
 */
const SALESFORCE_DELETED = {
  en: ['isdeleted', 'deleted'],
  de: ['gelöscht'], // unverified
  fr: ['supprimé'], // unverified
  it: ['eliminato'], // unverified
  es: ['eliminado'], // unverified
  pt: ['excluído'], // unverified
  nl: ['verwijderd'], // unverified
} as const;

/**
 * An owner cell: report exports write the owner's name, Data Loader the user or queue id
 * (key prefixes 005 and 00G, 15 or 18 characters in any letter case): an id comes back in its
 * 18-character form (ids.ts), a name as written, never a 15-letter name read as an id.
 * Throws FieldError for an 18-character id whose last 3 characters do not fit.
 */
export function salesforceOwnerCell(r: VendorRow, col: number | undefined): string | null {
  const value = r.text(col);
  return value !== null && /^00[5Gg][a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(value)
    ? r.id(col, 'salesforce', ['User', 'Group'])
    : value;
}

/**
 * Salesforce leads: API names (Data Loader, Bulk API; language-neutral, tagged `en`) and
 * report column labels per language. Report labels other than English are unverified (no
 * localized report export seen) unless marked.
 */
export const SALESFORCE_LEAD_HEADERS = {
  id: {
    en: ['id', 'lead id', 'lead id (18)'],
    de: ['lead-id'], // unverified
    fr: ['id du lead', 'id de la piste'], // unverified
    it: ['id lead'], // unverified
    es: ['id. del candidato', 'id del candidato'], // unverified
    pt: ['id do lead'], // unverified
    nl: ['lead-id'], // unverified
  },
  created: {
    en: ['createddate', 'create date', 'created date'],
    de: ['erstellungsdatum', 'erstellt am'], // unverified
    fr: ['date de création'], // unverified
    it: ['data creazione', 'data di creazione'], // unverified
    es: ['fecha de creación'], // seen in third-party code reading a Salesforce report
    pt: ['data de criação'], // unverified
    nl: ['aanmaakdatum', 'gemaakt op'], // unverified
  },
  email: {
    en: ['email'],
    de: ['e-mail'], // unverified
    fr: ['e-mail', 'adresse e-mail'], // unverified
    it: ['e-mail'], // unverified
    es: ['correo electrónico'], // unverified
    pt: ['e-mail'], // unverified
    nl: ['e-mail'], // unverified
  },
  firstName: FIRST_NAME,
  lastName: LAST_NAME,
  company: {
    en: ['company', 'company / account'],
    de: ['firma', 'unternehmen'], // unverified
    fr: ['société', 'entreprise'], // unverified
    it: ['società', 'azienda'], // unverified
    es: ['empresa', 'compañía'], // unverified
    pt: ['empresa'], // unverified
    nl: ['bedrijf'], // unverified
  },
  website: {
    en: ['website'],
    fr: ['site web'], // unverified
    it: ['sito web'], // unverified
    es: ['sitio web'], // unverified
    pt: ['site'], // unverified
  },
  updated: {
    en: ['lastmodifieddate', 'last modified date'],
    de: ['datum der letzten änderung', 'zuletzt geändert'], // unverified
    fr: ['date de dernière modification'], // unverified
    it: ['data ultima modifica'], // unverified
    es: ['fecha de última modificación'], // unverified
    pt: ['data da última modificação'], // unverified
    nl: ['datum laatst gewijzigd'], // unverified
  },
  status: {
    en: ['status', 'lead status'],
    de: ['lead-status'], // unverified
    fr: ['statut du lead', 'statut'], // unverified
    it: ['stato lead', 'stato'], // unverified
    es: ['estado del candidato', 'estado'], // unverified
    pt: ['status do lead'], // unverified
    nl: ['leadstatus'], // unverified
  },
  converted: {
    en: ['isconverted', 'converted'],
    de: ['konvertiert'], // unverified
    fr: ['converti'], // unverified
    it: ['convertito'], // unverified
    es: ['convertido'], // unverified
    pt: ['convertido'], // unverified
    nl: ['geconverteerd'], // unverified
  },
  // Where the lead went on conversion: the contact its activities were moved to and the
  // opportunity it became (the opportunity and the task exports do not name the lead).
  // Report labels beyond English unverified ("Converted Contact ID" too).
  convertedOpportunity: {
    en: ['convertedopportunityid', 'converted opportunity id'],
    de: ['konvertierte opportunity-id', 'id der konvertierten opportunity'], // unverified
    fr: ["id de l'opportunité convertie"], // unverified
    it: ['id opportunità convertita'], // unverified
    es: ['id. de oportunidad convertida', 'id de oportunidad convertida'], // unverified
    pt: ['id da oportunidade convertida'], // unverified
    nl: ['geconverteerde opportunity-id'], // unverified
  },
  convertedContact: {
    en: ['convertedcontactid', 'converted contact id'],
    de: ['konvertierte kontakt-id', 'id des konvertierten kontakts'], // unverified
    fr: ['id du contact converti'], // unverified
    it: ['id contatto convertito'], // unverified
    es: ['id. de contacto convertido', 'id de contacto convertido'], // unverified
    pt: ['id do contato convertido'], // unverified
    nl: ['geconverteerde contact-id'], // unverified
  },
  leadSource: {
    en: ['leadsource', 'lead source'],
    de: ['lead-quelle'], // unverified
    fr: ['origine du lead', 'source du lead'], // unverified
    it: ['origine lead'], // unverified
    es: ['origen del candidato'], // unverified
    pt: ['origem do lead'], // unverified
    nl: ['leadbron'], // unverified
  },
  owner: {
    en: ['ownerid', 'lead owner', 'owner'],
    de: ['lead-inhaber'], // unverified
    fr: ['propriétaire du lead'], // unverified
    it: ['titolare lead', 'proprietario lead'], // unverified
    es: ['propietario del candidato'], // unverified
    pt: ['proprietário do lead'], // unverified
    nl: ['eigenaar lead'], // unverified
  },
  deleted: SALESFORCE_DELETED,
  // Data Loader "Export All": a lead a merge deleted names the kept lead.
  masterRecord: {
    en: ['masterrecordid', 'master record id'],
    de: ['master-datensatz-id', 'id des master-datensatzes'], // unverified
    fr: ["id de l'enregistrement principal"], // unverified
    it: ['id record principale'], // unverified
    es: ['id. del registro principal', 'id del registro principal'], // unverified
    pt: ['id do registro mestre', 'id do registro principal'], // unverified
    nl: ['id van hoofdrecord', 'hoofdrecord-id'], // unverified
  },
  campaign: { en: ['primary campaign source', 'campaign name', 'campaign'] },
  campaignId: { en: ['campaignid', 'campaign id'] },
  // Custom fields: API names, the same in every language.
  utmSource: { en: ['utm_source__c', 'utm source', 'utm_source'] },
  utmMedium: { en: ['utm_medium__c', 'utm medium', 'utm_medium'] },
  utmCampaign: { en: ['utm_campaign__c', 'utm campaign', 'utm_campaign'] },
  // No standard field: the custom reason field orgs add (API name or label).
  disqualificationReason: {
    en: ['disqualification_reason__c', 'disqualification reason', 'disqualified_reason__c', 'disqualified reason'],
  },
} satisfies HeaderTable;

const L = SALESFORCE_LEAD_HEADERS;

/** How a Salesforce export gets a field it lacks: a report column, or a Data Loader field. */
const addField = (report: string, label: string, apiName: string) =>
  `add the "${label}" column to the ${report} report (Data Loader: select the ${apiName} field) and export again`;

/**
 * The columns of a leads export that decide a figure (figure-columns.ts), as a report labels
 * them (Data Loader: `Status`, `LeadSource`, `UTM_*__c`): which leads are MQLs (the Status;
 * `IsConverted` tells only the converted ones), and their channel (the lead source, else the
 * UTM fields). Without a channel column the leads still count: a note, not a refusal.
 */
export const SALESFORCE_LEAD_FIGURES: readonly FigureColumns[] = [
  {
    columns: ['Lead Status'],
    aliases: names(L.status),
    without: 'every lead would load at stage lead and the report count only converted leads as MQLs',
    howToExport: addField('leads', 'Lead Status', 'Status'),
    whenMissing: 'refuse',
  },
  {
    columns: ['Lead Source', 'UTM_Source__c', 'UTM_Medium__c'],
    aliases: [...names(L.leadSource), ...names(L.utmSource), ...names(L.utmMedium)],
    without: "every lead's channel is other and paid leads 0",
    howToExport: addField('leads', 'Lead Source', 'LeadSource'),
    whenMissing: 'note',
  },
];

/**
 * The optional columns of a leads export that change a count (figure-columns.ts CountColumn):
 * the deleted flag and the master record (a merged-away lead would count again), the converted
 * contact and opportunity (the opportunity and the follow-ups are matched to the lead through them).
 */
export const SALESFORCE_LEAD_COUNTS: readonly CountColumn[] = [
  {
    concept: 'deleted',
    aliases: names(L.deleted),
    looksLike: [LOOKS_LIKE.deleted],
    without: 'a deleted or merged-away lead counts as a lead',
  },
  {
    concept: 'master record id',
    aliases: names(L.masterRecord),
    looksLike: [LOOKS_LIKE.master, LOOKS_LIKE.id],
    without: 'a merged-away lead is not tied to the lead it was merged into',
  },
  {
    concept: 'converted opportunity id',
    aliases: names(L.convertedOpportunity),
    looksLike: [LOOKS_LIKE.converted, LOOKS_LIKE.opportunity],
    without: 'the opportunity a lead became is not matched to it (marketing-sourced deals may read 0 or not measured)',
  },
  {
    concept: 'converted contact id',
    aliases: names(L.convertedContact),
    looksLike: [LOOKS_LIKE.converted, LOOKS_LIKE.contact],
    without: "the follow-ups logged on the lead's contact are not matched to it",
  },
];

export const salesforceLeadsCsv = defineRowFormat({
  name: 'salesforce-leads-csv',
  table: 'leads',
  defaultSource: 'salesforce',
  description: 'Salesforce leads (Data Loader export with API names, or a leads report exported as CSV)',
  headers: SALESFORCE_LEAD_HEADERS,
  required: [
    { label: 'Id', aliases: names(L.id), recordId: true },
    { label: 'CreatedDate', aliases: names(L.created) },
    // Without Email no lead can be matched to a deal or a follow-up: refuse, never null it.
    { label: 'Email', aliases: names(L.email) },
  ],
  figures: SALESFORCE_LEAD_FIGURES,
  counts: SALESFORCE_LEAD_COUNTS,
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, aliasSpec(SALESFORCE_LEAD_HEADERS));
    // Leads have one standard Email; orgs add custom ones (Email 2, Secondary_Email__c…).
    const further = furtherEmailColumns(columns, col.email);
    // A converted lead in an export without where it went: its contact and opportunity cannot be
    // matched to it (the import notes it; deal_sources.sql then holds marketing-sourced not measured).
    const conversionColumnsMissing = [
      ...(col.convertedContact === undefined ? ['Converted Contact ID'] : []),
      ...(col.convertedOpportunity === undefined ? ['Converted Opportunity ID'] : []),
    ];
    return (r) => {
      r.recordKey(
        'lead_id',
        () => r.requiredId(col.id, 'the lead id', 'salesforce', ['Lead']),
        source,
        () => r.timestamp(col.updated),
      );
      const status = r.text(col.status);
      const isConverted = r.boolean(col.converted);
      if (isConverted === true && conversionColumnsMissing.length > 0) {
        notes.set('conversionColumnsMissing', conversionColumnsMissing);
        notes.increment('convertedWithoutIds');
      }
      const lifecycle = salesforceLeadStage(
        { status, isConverted, convertedOpportunityId: r.text(col.convertedOpportunity) },
        options,
      );
      if (lifecycle.unmapped !== undefined) notes.unmapped(r.field(col.status), lifecycle.unmapped, 'lifecycleStages'); // stays a lead
      const utm = { source: r.text(col.utmSource), medium: r.text(col.utmMedium) };
      const channel = salesforceLeadChannel(r.text(col.leadSource), utm, options);
      if (channel.unmapped !== undefined) notes.unmapped(r.field(col.leadSource), channel.unmapped, 'channels');
      const created = r.instant(col.created);
      if (created === null) throw new FieldError(r.field(col.created), 'the created date is empty');
      return {
        lead_id: r.requiredId(col.id, 'the lead id', 'salesforce', ['Lead']),
        source,
        email: r.text(col.email),
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        company_domain: domainFromUrl(r.text(col.website) ?? undefined, r.text(col.company)),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: r.timestamp(col.updated),
        lifecycle_stage: lifecycle.value,
        mql_at: null,
        status,
        ...salesforceDisqualification(status, r.text(col.disqualificationReason), options),
        owner_id: salesforceOwnerCell(r, col.owner),
        channel: channel.value,
        // A custom "Campaign ID" may hold another system's id: only a Salesforce id is canonicalized.
        campaign_id: isSalesforceId(r.text(col.campaignId) ?? '')
          ? r.id(col.campaignId, 'salesforce')
          : r.text(col.campaignId),
        campaign_name: r.text(col.campaign),
        utm_source: utm.source,
        utm_medium: utm.medium,
        utm_campaign: r.text(col.utmCampaign),
        is_deleted: r.boolean(col.deleted),
        additional_emails: furtherEmails(r, further),
        merged_into_lead_id: r.boolean(col.deleted) === true ? r.id(col.masterRecord, 'salesforce', ['Lead']) : null,
        converted_contact_id: r.id(col.convertedContact, 'salesforce', ['Contact']),
        converted_deal_id: r.id(col.convertedOpportunity, 'salesforce', ['Opportunity']),
      };
    };
  },
});

/** Salesforce opportunities: API names (tagged `en`) and report labels per language (see the leads table). */
export const SALESFORCE_OPPORTUNITY_HEADERS = {
  id: {
    en: ['id', 'opportunity id', 'opportunity id (18)'],
    de: ['opportunity-id'], // unverified
    fr: ["id de l'opportunité", 'id opportunité'], // unverified
    it: ['id opportunità'], // unverified
    es: ['id. de oportunidad', 'id de oportunidad'], // unverified
    pt: ['id da oportunidade'], // unverified
    nl: ['opportunity-id'], // unverified
  },
  name: {
    en: ['name', 'opportunity name'],
    de: ['opportunity-name', 'name der opportunity'], // unverified
    fr: ["nom de l'opportunité"], // unverified
    it: ['nome opportunità'], // unverified
    es: ['nombre de la oportunidad'], // seen in third-party code reading a Salesforce report
    pt: ['nome da oportunidade'], // unverified
    nl: ['naam opportunity', 'opportunitynaam'], // unverified
  },
  account: {
    en: ['account.name', 'account name'],
    de: ['accountname', 'account-name'], // unverified
    fr: ['nom du compte'], // unverified
    it: ['nome account'], // unverified
    es: ['nombre de la cuenta'], // seen in third-party code reading a Salesforce report
    pt: ['nome da conta'], // unverified
    nl: ['accountnaam'], // unverified
  },
  website: { en: ['account.website', 'account website', 'website'] },
  created: {
    en: ['createddate', 'created date', 'create date'],
    de: ['erstellungsdatum', 'erstellt am'], // unverified
    fr: ['date de création'], // unverified
    it: ['data creazione', 'data di creazione'], // unverified
    es: ['fecha de creación'], // seen in third-party code reading a Salesforce report
    pt: ['data de criação'], // unverified
    nl: ['aanmaakdatum', 'gemaakt op'], // unverified
  },
  updated: {
    en: ['lastmodifieddate', 'last modified date'],
    de: ['datum der letzten änderung', 'zuletzt geändert'], // unverified
    fr: ['date de dernière modification'], // unverified
    it: ['data ultima modifica'], // unverified
    es: ['fecha de última modificación'], // unverified
    pt: ['data da última modificação'], // unverified
    nl: ['datum laatst gewijzigd'], // unverified
  },
  closeDate: {
    en: ['closedate', 'close date'],
    de: ['schlusstermin', 'abschlussdatum'], // unverified
    fr: ['date de clôture'], // unverified
    it: ['data chiusura', 'data di chiusura'], // unverified
    es: ['fecha de cierre'], // seen in third-party code reading a Salesforce report
    pt: ['data de fechamento'], // unverified
    nl: ['sluitingsdatum'], // unverified
  },
  stage: {
    en: ['stagename', 'stage'],
    de: ['phase'], // unverified
    fr: ['étape'], // unverified
    it: ['fase'], // unverified
    es: ['etapa'], // seen in third-party code reading a Salesforce report
    pt: ['fase'], // unverified
    nl: ['fase'], // unverified
  },
  isClosed: {
    en: ['isclosed', 'closed'],
    de: ['geschlossen'], // unverified
    fr: ['fermée', 'fermé'], // unverified
    it: ['chiusa', 'chiuso'], // unverified
    es: ['cerrada', 'cerrado'], // unverified
    pt: ['fechada', 'fechado'], // unverified
    nl: ['gesloten'], // unverified
  },
  isWon: {
    en: ['iswon', 'won'],
    de: ['gewonnen'], // unverified
    fr: ['gagnée', 'gagné'], // unverified
    it: ['vinta', 'vinto'], // unverified
    es: ['ganada', 'ganado'], // unverified
    pt: ['ganha', 'ganho'], // unverified
    nl: ['gewonnen'], // unverified
  },
  amount: {
    en: ['amount'],
    de: ['betrag'], // unverified
    fr: ['montant'], // unverified
    it: ['importo'], // unverified
    es: ['importe'], // seen in third-party code reading a Salesforce report
    pt: ['valor'], // unverified
    nl: ['bedrag'], // unverified
  },
  currency: {
    en: ['currencyisocode', 'opportunity currency', 'amount currency', 'currency'],
    de: ['opportunity-währung', 'betrag währung', 'währung'], // unverified
    fr: ["devise de l'opportunité", 'montant devise', 'devise'], // unverified
    it: ['valuta opportunità', 'importo valuta', 'valuta'], // unverified
    es: ['divisa de la oportunidad', 'importe divisa', 'divisa'], // unverified
    pt: ['moeda da oportunidade', 'valor moeda', 'moeda'], // unverified
    nl: ['valuta opportunity', 'bedrag valuta', 'valuta'], // unverified
  },
  // A multi-currency org's report may carry only the amount converted to the corporate
  // currency, with a currency column of its own.
  converted: {
    en: ['amount (converted)'],
    de: ['betrag (umgerechnet)'], // unverified
    fr: ['montant (converti)'], // unverified
    it: ['importo (convertito)'], // unverified
    es: ['importe (convertido)'], // unverified
    pt: ['valor (convertido)'], // unverified
    nl: ['bedrag (omgerekend)'], // unverified
  },
  convertedCurrency: {
    en: ['amount (converted) currency'],
    de: ['betrag (umgerechnet) währung'], // unverified
    fr: ['montant (converti) devise'], // unverified
    it: ['importo (convertito) valuta'], // unverified
    es: ['importe (convertido) divisa'], // unverified
    pt: ['valor (convertido) moeda'], // unverified
    nl: ['bedrag (omgerekend) valuta'], // unverified
  },
  owner: {
    en: ['ownerid', 'opportunity owner', 'owner'],
    de: ['opportunity-inhaber'], // unverified
    fr: ["propriétaire de l'opportunité"], // unverified
    it: ['titolare opportunità'], // unverified
    es: ['propietario de oportunidad'], // seen in third-party code reading a Salesforce report
    pt: ['proprietário da oportunidade'], // unverified
    nl: ['eigenaar opportunity'], // unverified
  },
  pipeline: {
    en: ['recordtype.name', 'opportunity record type', 'record type', 'pipeline'],
    de: ['opportunity-datensatztyp'], // unverified
    fr: ["type d'enregistrement de l'opportunité"], // unverified
    it: ['tipo di record opportunità'], // unverified
    es: ['tipo de registro de la oportunidad'], // unverified
    pt: ['tipo de registro da oportunidade'], // unverified
    nl: ['recordtype opportunity'], // unverified
  },
  deleted: SALESFORCE_DELETED,
  lead: {
    en: ['converted lead id', 'convertedfromleadid', 'lead id'],
    de: ['konvertierte lead-id', 'id des konvertierten leads'], // unverified
    fr: ['id du lead converti'], // unverified
    it: ['id lead convertito'], // unverified
    es: ['id. del candidato convertido', 'id del candidato convertido'], // unverified
    pt: ['id do lead convertido'], // unverified
    nl: ['geconverteerde lead-id'], // unverified
  },
  // A contact role's contact (report "Contact ID", Data Loader `ContactId`): counts for the
  // lead converted into it (`leads.converted_contact_id`).
  contactId: {
    ...SALESFORCE_CONTACT_ID,
    en: [...SALESFORCE_CONTACT_ID.en, 'contactid', 'contact: contact id', 'primary contact id'],
  },
  contactEmail: {
    en: ['contact email', 'primary contact email', 'contact emails', 'email'],
    de: ['kontakt e-mail'], // unverified
    fr: ['e-mail du contact'], // unverified
    it: ['e-mail contatto'], // unverified
    es: ['correo electrónico del contacto'], // unverified
    pt: ['e-mail do contato'], // unverified
    nl: ['e-mail contactpersoon'], // unverified
  },
} satisfies HeaderTable;

const O = SALESFORCE_OPPORTUNITY_HEADERS;

/**
 * The columns of an opportunities export that decide a figure (figure-columns.ts), as a report
 * labels them (Data Loader: `StageName`, `IsWon`, `IsClosed`): whether an opportunity is won
 * (the stage, or Won) and whether it is lost (the stage, or Closed). The amount is required
 * outright; a won opportunity without its `Close Date` is a reject (the loader's rule).
 */
export const SALESFORCE_OPPORTUNITY_FIGURES: readonly FigureColumns[] = [
  {
    columns: ['Stage', 'Won'],
    aliases: [...names(O.stage), ...names(O.isWon)],
    without: 'every opportunity would load open and the report state 0 won deals and 0 won revenue',
    howToExport: addField('opportunities', 'Stage', 'StageName'),
    whenMissing: 'refuse',
  },
  {
    columns: ['Stage', 'Closed'],
    aliases: [...names(O.stage), ...names(O.isClosed)],
    without: 'a lost opportunity loads open (won ones are read from "Won")',
    howToExport: addField('opportunities', 'Stage', 'StageName'),
    whenMissing: 'note',
  },
];

/**
 * The optional columns of an opportunities export that change a count (figure-columns.ts
 * CountColumn): the won and closed flags, the deleted flag, and the links to a lead (the
 * converted lead, a contact role's contact or email).
 */
export const SALESFORCE_OPPORTUNITY_COUNTS: readonly CountColumn[] = [
  {
    concept: 'won flag',
    aliases: names(O.isWon),
    looksLike: [LOOKS_LIKE.won],
    without: 'won opportunities are read from the stage name alone and a custom won stage reads open',
  },
  {
    concept: 'closed flag',
    aliases: names(O.isClosed),
    looksLike: [LOOKS_LIKE.closed],
    without: 'lost opportunities are read from the stage name alone and a custom lost stage reads open',
  },
  {
    concept: 'deleted',
    aliases: names(O.deleted),
    looksLike: [LOOKS_LIKE.deleted],
    without: 'a deleted opportunity counts',
  },
  {
    concept: 'converted lead or contact',
    aliases: [...names(O.lead), ...names(O.contactId), ...names(O.contactEmail)],
    looksLike: [LOOKS_LIKE.converted],
    without: "opportunities are matched to leads only through the leads' converted ids",
  },
];

export const salesforceOpportunitiesCsv = defineRowFormat({
  name: 'salesforce-opportunities-csv',
  table: 'deals',
  defaultSource: 'salesforce',
  description:
    'Salesforce opportunities (Data Loader export with API names, or an opportunities report exported as CSV)',
  headers: SALESFORCE_OPPORTUNITY_HEADERS,
  money: [
    { amount: names(O.amount), currency: names(O.currency) },
    { amount: names(O.converted), currency: names(O.convertedCurrency) },
  ],
  required: [
    { label: 'Id', aliases: names(O.id), recordId: true },
    // Without an amount column the report would state a pipeline of 0: refuse (as hubspot.ts).
    { label: 'Amount', aliases: [...names(O.amount), ...names(O.converted)] },
  ],
  // The stage (or the Won flag) is a figure column, not a header requirement: its refusal says
  // how to export it, as for every deal format.
  figures: SALESFORCE_OPPORTUNITY_FIGURES,
  counts: SALESFORCE_OPPORTUNITY_COUNTS,
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, aliasSpec(SALESFORCE_OPPORTUNITY_HEADERS));
    if (col.created === undefined) notes.set('missingCreatedDate', true);
    // The original amount and its currency when exported, else the converted pair: never an
    // amount with another amount's currency.
    const amountCols =
      col.amount !== undefined || col.converted === undefined
        ? { amount: col.amount, currency: col.currency }
        : { amount: col.converted, currency: col.convertedCurrency };
    if (col.amount === undefined && col.converted !== undefined)
      notes.set('amountColumn', columns.nameAt(col.converted));
    const fallback = {
      format: 'salesforce-opportunities-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    return (r) => {
      r.recordKey(
        'deal_id',
        () => r.requiredId(col.id, 'the opportunity id', 'salesforce', ['Opportunity']),
        source,
        () => (col.updated === undefined ? null : r.timestamp(col.updated)),
      );
      const stage = r.text(col.stage);
      const outcome = salesforceOpportunityOutcome(
        stage,
        { closed: r.boolean(col.isClosed), won: r.boolean(col.isWon) },
        options,
      );
      // MAPPINGS §2c: IsClosed/IsWon decide; an unknown name without them stays open until mapped under `stages`.
      if (outcome.unmapped !== undefined) notes.unmapped(r.field(col.stage), outcome.unmapped, 'stages');
      if (outcome.undetermined) throw new FieldError(r.field(col.stage), UNDETERMINED_STAGE);
      const { isClosed, isWon } = outcome.value;
      const created = r.instant(col.created);
      if (created === null) throw new FieldError(r.field(col.created), 'the created date is empty');
      const closedAt = isClosed ? r.timestamp(col.closeDate) : null;
      // A report without "Last Modified Date" leaves the version's time empty, so its export day
      // orders it (methodology rule 1). Its Close Date is no such time: a deal closed won with a
      // backdated Close Date (20 Nov, exported 30 Nov) lost to the open version exported on 23 Nov.
      const updatedAt = col.updated === undefined ? null : r.timestamp(col.updated);
      const money = resolveAmountCurrency(r, amountCols, fallback, notes);
      return {
        deal_id: r.requiredId(col.id, 'the opportunity id', 'salesforce', ['Opportunity']),
        source,
        name: r.text(col.name),
        account_name: r.text(col.account),
        account_domain: domainFromUrl(r.text(col.website) ?? undefined, r.text(col.account)),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: updatedAt,
        closed_at: closedAt,
        stage,
        is_closed: isClosed,
        is_won: isWon,
        amount: money.amount,
        currency: money.currency,
        owner_id: salesforceOwnerCell(r, col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: r.id(col.lead, 'salesforce', ['Lead']),
        contact_emails: [...new Set(extractEmails(r.text(col.contactEmail) ?? undefined))],
        contact_ids: r.idList(col.contactId, 'salesforce', ['Contact']),
        is_deleted: r.boolean(col.deleted),
      };
    };
  },
});
