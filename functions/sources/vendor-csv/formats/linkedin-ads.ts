/** LinkedIn Campaign Manager "Campaign Performance Report" (UTF-16 TSV with title lines), in the languages of headers.ts. */
import { names, type HeaderTable } from '../headers.js';
import { defineSpendFormat } from '../spend-format.js';

/** `Total Spent (USD)`, `Start Date (in UTC)`: a bracketed suffix is optional. */
const withSuffix = (label: string) => new RegExp(`^${label}( \\(.+\\))?$`);

/**
 * LinkedIn report column names per language. No real LinkedIn export was seen (SOURCES.md):
 * the English names follow the layout described there, every other language is unverified.
 */
export const LINKEDIN_HEADERS = {
  campaignGroupName: {
    en: ['campaign group name', 'campaign group'],
    de: ['kampagnengruppenname', 'kampagnengruppe'], // unverified
    fr: ['nom du groupe de campagnes', 'groupe de campagnes'], // unverified
    it: ['nome del gruppo di campagne', 'gruppo di campagne'], // unverified
    es: ['nombre del grupo de campañas', 'grupo de campañas'], // unverified
    pt: ['nome do grupo de campanhas', 'grupo de campanhas'], // unverified
    nl: ['naam campagnegroep', 'campagnegroepnaam', 'campagnegroep'], // unverified
  },
  campaignName: {
    en: ['campaign name', 'campaign'],
    de: ['kampagnenname'], // unverified
    fr: ['nom de la campagne'], // unverified
    it: ['nome della campagna'], // unverified
    es: ['nombre de la campaña'], // unverified
    pt: ['nome da campanha'], // unverified
    nl: ['campagnenaam'], // unverified
  },
  totalSpent: {
    en: [withSuffix('total spent'), withSuffix('amount spent'), 'spend'],
    de: [withSuffix('ausgaben insgesamt'), withSuffix('gesamtausgaben')], // unverified
    fr: [withSuffix('total dépensé'), withSuffix('dépenses totales')], // unverified
    it: [withSuffix('spesa totale')], // unverified
    es: [withSuffix('total gastado'), withSuffix('gasto total')], // unverified
    pt: [withSuffix('total gasto'), withSuffix('gasto total')], // unverified
    nl: [withSuffix('totaal besteed'), withSuffix('totale uitgaven')], // unverified
  },
  startDate: {
    en: [withSuffix('start date')],
    de: [withSuffix('startdatum')], // unverified
    fr: [withSuffix('date de début')], // unverified
    it: [withSuffix('data di inizio')], // unverified
    es: [withSuffix('fecha de inicio')], // unverified
    pt: [withSuffix('data de início')], // unverified
    nl: [withSuffix('begindatum'), withSuffix('startdatum')], // unverified
  },
  endDate: {
    en: [withSuffix('end date')],
    de: [withSuffix('enddatum')], // unverified
    fr: [withSuffix('date de fin')], // unverified
    it: [withSuffix('data di fine')], // unverified
    es: [withSuffix('fecha de finalización'), withSuffix('fecha de fin')], // unverified
    pt: [withSuffix('data de término')], // unverified
    nl: [withSuffix('einddatum')], // unverified
  },
  campaignId: {
    en: ['campaign id'],
    de: ['kampagnen-id'], // unverified
    fr: ['id de la campagne'], // unverified
    it: ['id campagna'], // unverified
    es: ['id de la campaña'], // unverified
    pt: ['id da campanha'], // unverified
    nl: ['campagne-id'], // unverified
  },
  accountId: {
    en: ['account id'],
    de: ['konto-id'], // unverified
    fr: ['id du compte'], // unverified
    it: ['id account'], // unverified
    es: ['id de la cuenta'], // unverified
    pt: ['id da conta'], // unverified
    nl: ['account-id'], // unverified
  },
  currency: {
    en: ['currency'],
    de: ['währung'], // unverified
    fr: ['devise'], // unverified
    it: ['valuta'], // unverified
    es: ['moneda'], // unverified
    pt: ['moeda'], // unverified
    nl: ['valuta'], // unverified
  },
  impressions: {
    en: ['impressions'],
    de: ['impressionen'], // unverified
    it: ['impressioni'], // unverified
    es: ['impresiones'], // unverified
    pt: ['impressões'], // unverified
    nl: ['vertoningen'], // unverified
  },
  clicks: {
    en: ['clicks'],
    de: ['klicks'], // unverified
    fr: ['clics'], // unverified
    it: ['clic'], // unverified
    es: ['clics'], // unverified
    pt: ['cliques'], // unverified
    nl: ['klikken'], // unverified
  },
  conversions: {
    en: ['conversions'],
    it: ['conversioni'], // unverified
    es: ['conversiones'], // unverified
    pt: ['conversões'], // unverified
    nl: ['conversies'], // unverified
  },
} satisfies HeaderTable;

const h = LINKEDIN_HEADERS;

export const linkedinAdsCsv = defineSpendFormat({
  name: 'linkedin-ads-csv',
  platform: 'linkedin',
  defaultSource: 'linkedin',
  description:
    'LinkedIn Campaign Manager campaign performance report (per day with "Start Date (in UTC)", else spread over Report Start/End)',
  headers: LINKEDIN_HEADERS,
  required: [
    { label: 'Campaign Name', aliases: names(h.campaignName) },
    { label: 'Total Spent', aliases: names(h.totalSpent) },
  ],
  nameLevels: [{ level: 'campaign', aliases: names(h.campaignName) }],
  columns: {
    // LinkedIn writes a row's period as Start Date (and End Date when the granularity is not daily).
    start: names(h.startDate),
    end: names(h.endDate),
    campaignId: names(h.campaignId),
    accountId: names(h.accountId),
    currency: names(h.currency),
    cost: names(h.totalSpent),
    impressions: names(h.impressions),
    clicks: names(h.clicks),
    conversions: names(h.conversions),
  },
  // A campaign group's own row (Campaign Name empty) beside its campaigns is a subtotal.
  breakdowns: [names(h.campaignGroupName)],
  fixedChannel: 'paid_social',
  accountIdInFileName: /account_(\d+)_/,
  byDay: 'LinkedIn: Export → Time breakdown → Daily',
  // Campaign Manager writes M/D/YYYY in every UI language (docs/vendor-imports.md, SOURCES.md):
  // a team's en-GB locale says nothing about these dates.
  fixedDateOrder: { order: 'MDY', why: "LinkedIn writes month-first dates whatever the user's locale" },
});
