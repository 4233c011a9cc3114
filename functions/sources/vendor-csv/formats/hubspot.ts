/** HubSpot CRM exports: contacts → leads, deals → deals (MAPPINGS §1). */
import { FieldError } from '../errors.js';
import { checkIdCell } from '../ids.js';
import { aliasSpec, names, type HeaderTable } from '../headers.js';
import { isFurtherEmailHeader } from '../../../core/email-key.js';
import { LOOKS_LIKE, type CountColumn, type FigureColumns } from '../figure-columns.js';
import { resolveColumns } from '../kit.js';
import {
  hubspotChannel,
  hubspotDealOutcome,
  hubspotDisqualification,
  hubspotLeadStatus,
  hubspotLifecycleStage,
} from '../../hubspot/mapping.js';
import { resolveAmountCurrency } from '../money.js';
import { defineRowFormat } from '../row-format.js';
import { FIRST_NAME, furtherEmailColumns, furtherEmails, LAST_NAME } from './person-headers.js';
import { domainFromUrl, extractEmails } from '../values.js';
import { UNDETERMINED_STAGE } from '../../labels.js';

/** HubSpot's record id and create date, shared by the contacts and deals tables. */
const RECORD_ID = {
  en: ['record id', 'hs_object_id'],
  de: ['datensatz-id'], // unverified
  // HubSpot's French UI calls a record "fiche d'informations" (its French knowledge base).
  fr: ["id de fiche d'informations", "id de la fiche d'informations", "id de l'enregistrement", "id d'enregistrement"], // unverified
  it: ['id record'], // unverified
  es: ['id de registro'], // unverified
  pt: ['id do registro'], // unverified
  nl: ['record-id'], // unverified
} as const;
const CREATE_DATE = {
  en: ['create date', 'createdate', 'created date'],
  de: ['erstelldatum', 'erstellungsdatum'], // unverified
  fr: ['date de création'], // unverified
  it: ['data di creazione'], // unverified
  es: ['fecha de creación'], // unverified
  pt: ['data de criação'], // unverified
  nl: ['aanmaakdatum'], // unverified
} as const;
const LAST_MODIFIED = {
  en: ['last modified date', 'lastmodifieddate', 'hs_lastmodifieddate'],
  de: ['datum der letzten änderung', 'zuletzt geändert'], // unverified
  fr: ['date de dernière modification'], // unverified
  it: ['data ultima modifica'], // unverified
  es: ['fecha de última modificación'], // unverified
  pt: ['data da última modificação'], // unverified
  nl: ['datum laatste wijziging'], // unverified
} as const;

/**
 * The associated contacts' record ids, `;`-separated: what an export with "Include associated
 * record IDs" adds beside `Associated Contact` (deals and activities alike). Contacts load as
 * leads, so each is a `lead_id` of the same source.
 */
export const HUBSPOT_ASSOCIATED_CONTACT_IDS = {
  en: ['associated contact ids', 'associated contact id', 'associated contacts ids'],
  de: ['zugeordnete kontakt-ids', 'zugeordnete kontakt-id', 'ids der zugeordneten kontakte'], // unverified
  fr: ['id des contacts associés', 'id du contact associé'], // unverified
  it: ['id dei contatti associati', 'id contatto associato'], // unverified
  es: ['id de los contactos asociados', 'id del contacto asociado'], // unverified
  pt: ['ids dos contatos associados', 'id do contato associado'], // unverified
  nl: ["id's van gekoppelde contacten", 'gekoppelde contact-id'], // unverified
} as const;

/**
 * The contact ids an `Associated Contact` cell gives instead of `Name (email)`: the parts (`;`
 * separated) that are a number, each checked as a HubSpot id (digits; spreadsheet damage is a
 * FieldError naming `field`). Parts with a name or an address are the emails' business.
 */
export function hubspotContactIdsIn(cell: string | null, field: string): string[] {
  if (cell === null) return [];
  return cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => /^[0-9][0-9.,eE+ ]*$/.test(part))
    .map((part) => checkIdCell(part, field, 'numeric'));
}

/**
 * HubSpot contacts export: property labels per language, and internal names (tagged `en`).
 * DE `Lifecycle-Phase` and `Ursprüngliche Quelle` are the labels of HubSpot's German
 * knowledge base (default contact properties, source properties); the rest unverified.
 */
export const HUBSPOT_CONTACT_HEADERS = {
  id: { ...RECORD_ID, en: [...RECORD_ID.en, 'contact id', 'vid'], de: [...RECORD_ID.de, 'kontakt-id'] },
  email: {
    en: ['email', 'email address'],
    de: ['e-mail', 'e-mail-adresse'], // unverified
    fr: ['e-mail', 'adresse e-mail'], // unverified
    it: ['indirizzo email', 'e-mail'], // unverified
    es: ['correo', 'correo electrónico'], // unverified
    pt: ['e-mail', 'endereço de e-mail'], // unverified
    nl: ['e-mail', 'e-mailadres'], // unverified
  },
  firstName: FIRST_NAME,
  lastName: LAST_NAME,
  company: {
    en: ['company name', 'company'],
    de: ['name des unternehmens', 'unternehmensname'], // unverified
    fr: ["nom de l'entreprise"], // unverified
    it: ["nome dell'azienda"], // unverified
    es: ['nombre de la empresa'], // unverified
    pt: ['nome da empresa'], // unverified
    nl: ['bedrijfsnaam'], // unverified
  },
  companyDomain: {
    en: ['company domain name', 'hs_email_domain_company'],
    de: ['domain-name des unternehmens', 'unternehmensdomain'], // unverified
    fr: ["nom de domaine de l'entreprise"], // unverified
    it: ["nome di dominio dell'azienda"], // unverified
    es: ['nombre de dominio de la empresa'], // unverified
    pt: ['nome de domínio da empresa'], // unverified
    nl: ['domeinnaam bedrijf'], // unverified
  },
  website: {
    en: ['website url', 'website'],
    de: ['website-url'], // unverified
    fr: ['url du site web'], // unverified
    it: ['url del sito web'], // unverified
    es: ['url del sitio web'], // unverified
    pt: ['url do site'], // unverified
    nl: ['website-url'], // unverified
  },
  // Multi-value properties: HubSpot exports them `;`-separated.
  // German: HubSpot's help names the property "Zusammengeführte [Datensatz]-IDs"; these change
  // lead counts (a merged-away record would count again), so a German export must not drop them.
  additionalEmails: {
    en: ['additional email addresses', 'hs_additional_emails'],
    de: ['zusätzliche e-mail-adressen'], // unverified
    fr: ['adresses e-mail supplémentaires'], // unverified
    it: ['indirizzi email aggiuntivi'], // unverified
    es: ['direcciones de correo electrónico adicionales'], // unverified
    pt: ['endereços de e-mail adicionais'], // unverified
    nl: ['aanvullende e-mailadressen'], // unverified
  },
  mergedIds: {
    en: ['merged contact ids', 'merged record ids', 'hs_merged_object_ids'],
    de: ['zusammengeführte kontakt-ids', 'zusammengeführte datensatz-ids', 'ids zusammengeführter kontakte'],
    fr: ['id des contacts fusionnés', 'id des enregistrements fusionnés'], // unverified
    it: ['id dei contatti uniti', 'id dei record uniti'], // unverified
    es: ['id de contactos fusionados', 'id de registros fusionados'], // unverified
    pt: ['ids de contatos mesclados', 'ids de registros mesclados'], // unverified
    nl: ['id’s van samengevoegde contactpersonen', "id's van samengevoegde records"], // unverified
  },
  created: CREATE_DATE,
  updated: LAST_MODIFIED,
  lifecycle: {
    en: ['lifecycle stage', 'lifecyclestage'],
    de: ['lifecycle-phase'],
    fr: ['phase du cycle de vie'], // unverified
    it: ['fase del ciclo di vita'], // unverified
    es: ['etapa del ciclo de vida'], // unverified
    pt: ['estágio do ciclo de vida', 'etapa do ciclo de vida'], // unverified
    nl: ['levenscyclusfase'], // unverified
  },
  mqlAt: {
    en: [
      'date entered marketing qualified lead (lifecycle stage pipeline)',
      'became a marketing qualified lead date',
      'hs_lifecyclestage_marketingqualifiedlead_date',
    ],
  },
  leadStatus: {
    en: ['lead status', 'hs_lead_status'],
    de: ['lead-status'], // unverified
    fr: ['statut du lead'], // unverified
    it: ['stato del lead'], // unverified
    es: ['estado del lead'], // unverified
    pt: ['status do lead'], // unverified
    nl: ['leadstatus'], // unverified
  },
  // HubSpot documents no reason property on contacts: the portal's own, by its usual names.
  disqualificationReason: {
    en: ['disqualification reason', 'lead disqualification reason', 'hs_lead_disqualification_reason'],
  },
  owner: {
    en: ['contact owner', 'hubspot owner', 'hubspot_owner_id'],
    de: ['kontaktinhaber'], // unverified
    fr: ['propriétaire du contact'], // unverified
    it: ['proprietario del contatto'], // unverified
    es: ['propietario del contacto'], // unverified
    pt: ['proprietário do contato'], // unverified
    nl: ['eigenaar contactpersoon'], // unverified
  },
  originalSource: {
    en: ['original source', 'original traffic source', 'hs_analytics_source'],
    de: ['ursprüngliche quelle'],
    fr: ["source d'origine", 'source originale'], // unverified
    it: ['fonte originale'], // unverified
    es: ['fuente original'], // unverified
    pt: ['fonte original'], // unverified
    nl: ['oorspronkelijke bron'], // unverified
  },
  campaign: { en: ['first touch converting campaign', 'utm_campaign', 'utm campaign'] },
  utmSource: { en: ['utm_source', 'utm source'] },
  utmMedium: { en: ['utm_medium', 'utm medium'] },
  utmCampaign: { en: ['utm_campaign', 'utm campaign'] },
} satisfies HeaderTable;

/** HubSpot deals export: property labels per language and internal names (unverified beyond English). */
export const HUBSPOT_DEAL_HEADERS = {
  id: { ...RECORD_ID, en: [...RECORD_ID.en, 'deal id'] },
  name: {
    en: ['deal name', 'dealname'],
    de: ['deal-name'], // unverified
    fr: ['nom de la transaction'], // unverified
    it: ['nome della trattativa'], // unverified
    es: ['nombre del negocio'], // unverified
    pt: ['nome do negócio'], // unverified
    nl: ['dealnaam'], // unverified
  },
  stage: {
    en: ['deal stage', 'dealstage'],
    de: ['deal-phase'], // unverified
    fr: ['phase de la transaction'], // unverified
    it: ['fase della trattativa'], // unverified
    es: ['etapa del negocio'], // unverified
    pt: ['etapa do negócio'], // unverified
    nl: ['dealfase'], // unverified
  },
  pipeline: { en: ['pipeline'] },
  amount: {
    en: ['amount'],
    de: ['betrag'], // unverified
    fr: ['montant'], // unverified
    it: ['importo'], // unverified
    es: ['importe'], // unverified
    pt: ['valor'], // unverified
    nl: ['bedrag'], // unverified
  },
  currency: {
    en: ['currency', 'deal currency code', 'deal_currency_code'],
    de: ['währung'], // unverified
    fr: ['devise'], // unverified
    it: ['valuta'], // unverified
    es: ['moneda'], // unverified
    pt: ['moeda'], // unverified
    nl: ['valuta'], // unverified
  },
  // In the portal's company currency, which the file does not name: the deal's own
  // currency column is not its currency.
  companyAmount: {
    en: ['amount in company currency', 'amount_in_home_currency'],
    // HubSpot's German help (default deal properties) names it "Betrag in Firmenwährung".
    de: ['betrag in firmenwährung', 'betrag in unternehmenswährung'],
    fr: ["montant dans la devise de l'entreprise"], // unverified
    it: ["importo nella valuta dell'azienda"], // unverified
    es: ['importe en la moneda de la empresa'], // unverified
    pt: ['valor na moeda da empresa'], // unverified
    nl: ['bedrag in bedrijfsvaluta'], // unverified
  },
  created: CREATE_DATE,
  closed: {
    en: ['close date', 'closedate'],
    de: ['abschlussdatum'], // unverified
    fr: ['date de fermeture', 'date de clôture'], // unverified
    it: ['data di chiusura'], // unverified
    es: ['fecha de cierre'], // unverified
    pt: ['data de fechamento'], // unverified
    nl: ['sluitingsdatum'], // unverified
  },
  updated: LAST_MODIFIED,
  owner: {
    en: ['deal owner', 'hubspot_owner_id'],
    de: ['deal-inhaber'], // unverified
    fr: ['propriétaire de la transaction'], // unverified
    it: ['proprietario della trattativa'], // unverified
    es: ['propietario del negocio'], // unverified
    pt: ['proprietário do negócio'], // unverified
    nl: ['dealeigenaar'], // unverified
  },
  // The closed and closed-won flags (`hs_is_closed`, `hs_is_closed_won`): where the stage is a
  // custom one, the only column that says a deal is won. Labels beyond English unverified.
  isClosed: {
    en: ['is deal closed?', 'is closed', 'hs_is_closed'],
    de: ['ist der deal abgeschlossen?', 'deal abgeschlossen?', 'ist abgeschlossen'], // unverified
    fr: ['la transaction est-elle conclue ?', 'la transaction est-elle conclue?', 'est conclue'], // unverified
    it: ['la trattativa è chiusa?', 'è chiusa'], // unverified
    es: ['¿el negocio está cerrado?', 'el negocio está cerrado?', 'está cerrado'], // unverified
    pt: ['o negócio está fechado?', 'está fechado'], // unverified
    nl: ['is de deal gesloten?', 'is gesloten'], // unverified
  },
  isWon: {
    en: ['is closed won', 'hs_is_closed_won'],
    de: ['ist abgeschlossen und gewonnen', 'ist gewonnen'], // unverified
    fr: ['est conclue gagnée', 'est gagnée'], // unverified
    it: ['è chiusa vinta', 'è vinta'], // unverified
    es: ['está cerrado ganado', 'está ganado'], // unverified
    pt: ['está fechado ganho', 'está ganho'], // unverified
    nl: ['is gesloten gewonnen', 'is gewonnen'], // unverified
  },
  company: {
    en: ['associated company (primary)', 'associated company', 'company name'],
    de: ['zugeordnetes unternehmen'], // unverified
    fr: ['entreprise associée'], // unverified
    it: ['azienda associata'], // unverified
    es: ['empresa asociada'], // unverified
    pt: ['empresa associada'], // unverified
    nl: ['gekoppeld bedrijf'], // unverified
  },
  // The associated company's domain: links a deal to the leads of that company.
  domain: {
    en: ['associated company domain', 'company domain name', 'company domain'],
    de: ['domain des zugeordneten unternehmens', 'domain-name des unternehmens', 'unternehmensdomain'], // unverified
    fr: ["domaine de l'entreprise associée", "nom de domaine de l'entreprise"], // unverified
    it: ["dominio dell'azienda associata", "nome di dominio dell'azienda"], // unverified
    es: ['dominio de la empresa asociada', 'nombre de dominio de la empresa'], // unverified
    pt: ['domínio da empresa associada', 'nome de domínio da empresa'], // unverified
    nl: ['domein van gekoppeld bedrijf', 'domeinnaam bedrijf'], // unverified
  },
  contacts: {
    en: ['associated contact', 'associated contacts'],
    de: ['zugeordneter kontakt', 'zugeordnete kontakte'], // unverified
    fr: ['contact associé', 'contacts associés'], // unverified
    it: ['contatto associato', 'contatti associati'], // unverified
    es: ['contacto asociado', 'contactos asociados'], // unverified
    pt: ['contato associado', 'contatos associados'], // unverified
    nl: ['gekoppeld contact', 'gekoppelde contacten'], // unverified
  },
  contactEmails: {
    en: ['associated contact email', 'contact email', 'associated email'],
    de: ['e-mail des zugeordneten kontakts', 'e-mail-adresse des zugeordneten kontakts', 'kontakt-e-mail'], // unverified
    fr: ['e-mail du contact associé', 'adresse e-mail du contact associé'], // unverified
    it: ['e-mail del contatto associato', 'indirizzo email del contatto associato'], // unverified
    es: ['correo del contacto asociado', 'correo electrónico del contacto asociado'], // unverified
    pt: ['e-mail do contato associado'], // unverified
    nl: ['e-mail van gekoppeld contact', 'e-mailadres gekoppeld contact'], // unverified
  },
  contactIds: HUBSPOT_ASSOCIATED_CONTACT_IDS,
  // The deals merged into this one (`hs_merged_object_ids`): the merged-away deal vanishes from
  // later exports, but a version loaded before the merge would count it beside its survivor.
  mergedIds: {
    en: ['merged deal ids', 'merged record ids', 'hs_merged_object_ids'],
    de: ['zusammengeführte deal-ids', 'zusammengeführte datensatz-ids'], // unverified
    fr: ['id des transactions fusionnées', 'id des enregistrements fusionnés'], // unverified
    it: ['id delle trattative unite', 'id dei record uniti'], // unverified
    es: ['id de negocios fusionados', 'id de registros fusionados'], // unverified
    pt: ['ids de negócios mesclados', 'ids de registros mesclados'], // unverified
    nl: ['id’s van samengevoegde deals', "id's van samengevoegde records"], // unverified
  },
} satisfies HeaderTable;

const C = HUBSPOT_CONTACT_HEADERS;
const D = HUBSPOT_DEAL_HEADERS;

/** How a HubSpot export gets a property it lacks: the export dialog offers the view's properties or all. */
const allProperties = (objects: string, column: string) =>
  `export the ${objects} again with all properties (not "the properties in your view"), or add the "${column}" column to the view first`;

/**
 * The columns of a contacts export that decide a figure (figure-columns.ts), in HubSpot's
 * English labels: which contacts are MQLs (the lifecycle stage, or the date a contact became
 * one; `Lead Status` alone tells only Unqualified and Open deal), and their channel (the
 * original source, else the UTM properties), and their campaign (utm_campaign or First Touch
 * Converting Campaign, for idle spend). Without a channel or campaign column the leads still
 * count, so the file loads with a note rather than block the lead figures.
 */
export const HUBSPOT_CONTACT_FIGURES: readonly FigureColumns[] = [
  {
    columns: [
      'Lifecycle Stage',
      'Became a Marketing Qualified Lead Date',
      'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"',
    ],
    aliases: [...names(C.lifecycle), ...names(C.mqlAt)],
    without: 'every contact would load as no MQL and the report state 0 MQLs',
    howToExport: allProperties('contacts', 'Lifecycle Stage'),
    whenMissing: 'refuse',
  },
  {
    columns: ['Original Traffic Source', 'Original Source', 'utm_source', 'utm_medium'],
    aliases: [...names(C.originalSource), ...names(C.utmSource), ...names(C.utmMedium)],
    without: "every lead's channel is other and paid leads 0",
    howToExport: allProperties('contacts', 'Original Traffic Source'),
    whenMissing: 'note',
  },
  {
    // Rule 7 links a lead to a spend campaign by these; without any lead naming one in the 4
    // weeks, idle spend is not measured (coverage.ts, idleSpendMeasured).
    columns: ['utm_campaign', 'First Touch Converting Campaign'],
    aliases: [...names(C.utmCampaign), ...names(C.campaign)],
    without:
      'no contact names a campaign, so no opportunity can be linked to one (campaigns with spend and no opportunity are not measured)',
    howToExport: allProperties('contacts', 'utm_campaign'),
    whenMissing: 'note',
  },
];

/**
 * The columns of a deals export that decide a figure (figure-columns.ts): whether a deal is won
 * (the stage, or `Is Closed Won`) and whether it is lost (the stage, or `Is Deal Closed?`). The
 * amount is required outright; a won deal without its `Close Date` is a reject (the loader's rule).
 */
export const HUBSPOT_DEAL_FIGURES: readonly FigureColumns[] = [
  {
    columns: ['Deal Stage', 'Is Closed Won'],
    aliases: [...names(D.stage), ...names(D.isWon)],
    without: 'every deal would load open and the report state 0 won deals and 0 won revenue',
    howToExport: allProperties('deals', 'Deal Stage'),
    whenMissing: 'refuse',
  },
  {
    columns: ['Deal Stage', 'Is Deal Closed?'],
    aliases: [...names(D.stage), ...names(D.isClosed)],
    without: 'a lost deal loads open (won deals are read from "Is Closed Won")',
    howToExport: allProperties('deals', 'Deal Stage'),
    whenMissing: 'note',
  },
];

/**
 * The optional columns of a contacts export that change the lead count (figure-columns.ts
 * CountColumn): a merged record's ids (the merged-away contact would count again) and the
 * further addresses (a person with two addresses would count twice).
 */
export const HUBSPOT_CONTACT_COUNTS: readonly CountColumn[] = [
  {
    concept: 'merged ids',
    aliases: names(C.mergedIds),
    looksLike: [LOOKS_LIKE.merged],
    without: 'a merged-away contact counts as a lead again',
  },
  {
    concept: 'additional email',
    aliases: names(C.additionalEmails),
    alsoRead: isFurtherEmailHeader,
    looksLike: [LOOKS_LIKE.further, LOOKS_LIKE.email],
    without: 'a person known by two addresses may count as two leads',
  },
];

/**
 * The optional columns of a deals export that change a count (figure-columns.ts CountColumn):
 * the won and closed flags (with a custom stage, the only sign of a won or lost deal) and the
 * deal's links to leads (its contacts, its company's domain: the marketing-sourced deals).
 */
export const HUBSPOT_DEAL_COUNTS: readonly CountColumn[] = [
  {
    concept: 'closed-won flag',
    aliases: names(D.isWon),
    looksLike: [LOOKS_LIKE.won],
    without: 'won deals are read from the stage alone and a custom won stage reads open (won deals may read 0)',
  },
  {
    concept: 'closed flag',
    aliases: names(D.isClosed),
    looksLike: [LOOKS_LIKE.closed],
    without: 'lost deals are read from the stage alone and a custom lost stage reads open',
  },
  {
    concept: 'associated contact',
    aliases: [...names(D.contacts), ...names(D.contactEmails), ...names(D.contactIds)],
    looksLike: [LOOKS_LIKE.contact],
    without: 'deals link to no lead and marketing-sourced deals may read 0 or not measured',
  },
  {
    concept: 'company domain',
    aliases: names(D.domain),
    looksLike: [LOOKS_LIKE.domain],
    without: "deals are not linked to leads by their company's domain",
  },
  {
    concept: 'merged ids',
    aliases: names(D.mergedIds),
    looksLike: [LOOKS_LIKE.merged],
    without: 'a deal merged into another and loaded before the merge counts again beside it',
  },
];

export const hubspotContactsCsv = defineRowFormat({
  name: 'hubspot-contacts-csv',
  table: 'leads',
  defaultSource: 'hubspot',
  description: 'HubSpot contacts export (CRM → Contacts → Export, labels or internal names)',
  headers: HUBSPOT_CONTACT_HEADERS,
  required: [
    { label: 'Record ID', aliases: names(C.id), recordId: true },
    { label: 'Create Date', aliases: names(C.created) },
    // Email joins people across systems: an export without it (or with it renamed) would load
    // every contact as a person of its own, silently. Refuse it instead.
    { label: 'Email', aliases: names(C.email) },
  ],
  figures: HUBSPOT_CONTACT_FIGURES,
  counts: HUBSPOT_CONTACT_COUNTS,
  prepare({ columns, options, notes, source }) {
    const col = resolveColumns(columns, aliasSpec(HUBSPOT_CONTACT_HEADERS));
    // "Additional email addresses" and any other further-address column (Work email, Email 2…).
    const further = [
      ...new Set([
        ...furtherEmailColumns(columns, col.email),
        ...(col.additionalEmails === undefined ? [] : [col.additionalEmails]),
      ]),
    ];
    return (r) => {
      r.recordKey(
        'lead_id',
        () => r.requiredId(col.id, 'the record id', 'numeric'),
        source,
        () => r.timestamp(col.updated),
      );
      const lifecycleText = r.text(col.lifecycle);
      const status = r.text(col.leadStatus);
      const lifecycle = hubspotLifecycleStage(lifecycleText, status, options);
      // A custom stage (numeric id or its label) is `other` until mapped under lifecycleStages.
      if (lifecycle.unmapped !== undefined)
        notes.unmapped(r.field(col.lifecycle), lifecycle.unmapped, 'lifecycleStages');
      // A custom or translated Lead Status could mean disqualified: noted until mapped under leadStatuses.
      const leadStatus = hubspotLeadStatus(status, options);
      if (leadStatus.unmapped !== undefined)
        notes.unmapped(r.field(col.leadStatus), leadStatus.unmapped, 'leadStatuses');
      const sourceText = r.text(col.originalSource);
      const utm = { source: r.text(col.utmSource), medium: r.text(col.utmMedium) };
      const channel = hubspotChannel(sourceText, utm, options);
      if (channel.unmapped !== undefined) notes.unmapped(r.field(col.originalSource), channel.unmapped, 'channels');
      const created = r.instant(col.created);
      if (created === null) throw new FieldError(r.field(col.created), 'the create date is empty');
      return {
        lead_id: r.requiredId(col.id, 'the record id', 'numeric'),
        source,
        email: r.text(col.email),
        first_name: r.text(col.firstName),
        last_name: r.text(col.lastName),
        company: r.text(col.company),
        company_domain: domainFromUrl(
          r.text(col.companyDomain) ?? r.text(col.website) ?? undefined,
          r.text(col.company),
        ),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: r.timestamp(col.updated),
        lifecycle_stage: lifecycle.value,
        mql_at: r.timestamp(col.mqlAt),
        status,
        ...hubspotDisqualification(status, r.text(col.disqualificationReason), options),
        owner_id: r.text(col.owner),
        channel: channel.value,
        campaign_id: null,
        campaign_name: r.text(col.campaign),
        utm_source: utm.source,
        utm_medium: utm.medium,
        utm_campaign: r.text(col.utmCampaign),
        additional_emails: furtherEmails(r, further),
        merged_lead_ids: r.idList(col.mergedIds, 'numeric'),
      };
    };
  },
});

export const hubspotDealsCsv = defineRowFormat({
  name: 'hubspot-deals-csv',
  table: 'deals',
  defaultSource: 'hubspot',
  description: 'HubSpot deals export (CRM → Deals → Export, with associated contacts/companies)',
  headers: HUBSPOT_DEAL_HEADERS,
  // The amount in company currency has no currency column: only the setting names it.
  money: [{ amount: names(D.amount), currency: names(D.currency) }, { amount: names(D.companyAmount) }],
  required: [
    { label: 'Record ID', aliases: names(D.id), recordId: true },
    { label: 'Deal Name', aliases: names(D.name) },
    // Without an amount column every deal loads without its amount and the report states a
    // pipeline and won revenue of 0: refuse it instead (an amount cell may still be empty).
    { label: 'Amount', aliases: [...names(D.amount), ...names(D.companyAmount)] },
  ],
  figures: HUBSPOT_DEAL_FIGURES,
  counts: HUBSPOT_DEAL_COUNTS,
  prepare({ columns, options, notes, source, input }) {
    const col = resolveColumns(columns, aliasSpec(HUBSPOT_DEAL_HEADERS));
    // The deal's own amount with its currency column; without that column, the amount in the
    // company currency when exported: the fallback below names the portal's one currency, while
    // a multi-currency portal's own amounts are in any currency (10,000 EUR read as 10,000 USD
    // beside its 10,800 in company currency).
    const amountCols =
      col.companyAmount !== undefined && (col.amount === undefined || col.currency === undefined)
        ? { amount: col.companyAmount, currency: undefined }
        : { amount: col.amount, currency: col.currency };
    if (amountCols.amount === col.companyAmount && col.companyAmount !== undefined) {
      notes.set('amountColumn', columns.nameAt(col.companyAmount));
    }
    const fallback = {
      format: 'hubspot-deals-csv',
      setting: options.currency,
      reportingCurrency: input.config.reportingCurrency,
    };
    return (r) => {
      r.recordKey(
        'deal_id',
        () => r.requiredId(col.id, 'the record id', 'numeric'),
        source,
        () => r.timestamp(col.updated),
      );
      const stage = r.text(col.stage);
      const outcome = hubspotDealOutcome(
        stage,
        { closed: r.boolean(col.isClosed), won: r.boolean(col.isWon) },
        options,
      );
      // An unknown stage without the closed flags stays open until mapped under `stages`.
      if (outcome.unmapped !== undefined) notes.unmapped(r.field(col.stage), outcome.unmapped, 'stages');
      if (outcome.undetermined) throw new FieldError(r.field(col.stage), UNDETERMINED_STAGE);
      const { isClosed, isWon } = outcome.value;
      const created = r.instant(col.created);
      if (created === null) throw new FieldError(r.field(col.created), 'the create date is empty');
      const money = resolveAmountCurrency(r, amountCols, fallback, notes);
      const emails = [
        ...extractEmails(r.text(col.contacts) ?? undefined),
        ...extractEmails(r.text(col.contactEmails) ?? undefined),
      ];
      return {
        deal_id: r.requiredId(col.id, 'the record id', 'numeric'),
        source,
        name: r.text(col.name),
        account_name: r.text(col.company),
        account_domain: domainFromUrl(r.text(col.domain) ?? undefined, r.text(col.company)),
        created_at: created.at,
        created_at_time_unknown: created.timeUnknown,
        updated_at: r.timestamp(col.updated),
        // HubSpot's close date is the expected date until the deal closes.
        closed_at: isClosed ? r.timestamp(col.closed) : null,
        stage,
        is_closed: isClosed,
        is_won: isWon,
        amount: money.amount,
        currency: money.currency,
        owner_id: r.text(col.owner),
        pipeline: r.text(col.pipeline),
        converted_from_lead_id: null,
        contact_emails: [...new Set(emails)],
        // The ids too (an export may give only them): `Associated Contact IDs`, and an
        // `Associated Contact` cell written as ids.
        contact_ids: [
          ...new Set([
            ...r.idList(col.contactIds, 'numeric'),
            ...hubspotContactIdsIn(r.text(col.contacts), r.field(col.contacts)),
          ]),
        ],
        merged_deal_ids: r.idList(col.mergedIds, 'numeric'),
      };
    };
  },
});
