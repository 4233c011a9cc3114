/** Meta Ads Manager exports (campaign, ad set or ad level), in the languages of headers.ts. */
import { names, type HeaderTable } from '../headers.js';
import { defineSpendFormat } from '../spend-format.js';

/** `Amount spent (USD)`: the currency in brackets is optional. */
const withCurrency = (label: string) => new RegExp(`^${label}( \\([a-z]{3}\\))?$`);

export const META_HEADERS = {
  amountSpent: {
    en: [withCurrency('amount spent')],
    de: [withCurrency('ausgegebener betrag'), withCurrency('betrag ausgegeben')],
    fr: [withCurrency('montant dépensé')],
    es: [withCurrency('importe gastado')],
    pt: [withCurrency('valor usado')],
  },
  campaignName: {
    en: ['campaign name'],
    de: ['kampagnenname'],
    fr: ['nom de la campagne'],
    es: ['nombre de la campaña'],
    pt: ['nome da campanha'],
  },
  adSetName: {
    en: ['ad set name'],
    de: ['name der anzeigengruppe'],
    fr: ["nom de l'ensemble de publicités"],
    es: ['nombre del conjunto de anuncios'],
  },
  adName: {
    en: ['ad name'],
    de: ['anzeigenname'],
    fr: ['nom de la publicité'],
    es: ['nombre del anuncio'],
  },
  day: { en: ['day'], de: ['tag'], fr: ['jour'], es: ['día'] },
  reportingStarts: {
    en: ['reporting starts'],
    de: ['berichtsbeginn'],
    fr: ['début des rapports'],
    es: ['inicio del informe'],
    pt: ['início dos relatórios'],
  },
  reportingEnds: {
    en: ['reporting ends'],
    de: ['berichtsende'],
    fr: ['fin des rapports'],
    es: ['fin del informe'],
    pt: ['término dos relatórios'],
  },
  campaignId: {
    en: ['campaign id'],
    de: ['kampagnen-id'],
    fr: ['identifiant de la campagne'],
    es: ['id de la campaña'],
  },
  accountId: { en: ['account id'], de: ['konto-id'], fr: ['identifiant du compte'], es: ['id de la cuenta'] },
  currency: { en: ['currency'], de: ['währung'], fr: ['devise'], es: ['divisa', 'moneda'] },
  impressions: {
    en: ['impressions'],
    de: ['impressionen'],
    fr: ['impressions'],
    es: ['impresiones'],
    pt: ['impressões'],
  },
  clicks: {
    en: ['link clicks', 'clicks (all)'],
    de: ['link-klicks'],
    fr: ['clics sur un lien', 'clics (tous)'],
    es: ['clics en el enlace'],
  },
  results: { en: ['results'], de: ['ergebnisse'], fr: ['résultats'], es: ['resultados'], pt: ['resultados'] },
} satisfies HeaderTable;

const h = META_HEADERS;

export const metaAdsCsv = defineSpendFormat({
  name: 'meta-ads-csv',
  platform: 'meta',
  defaultSource: 'meta',
  description:
    'Meta Ads Manager export ("Amount spent (XXX)"; per day with a "Day" column, else spread over Reporting starts/ends)',
  headers: META_HEADERS,
  required: [
    { label: 'Amount spent (…)', aliases: names(h.amountSpent) },
    { label: 'Campaign name', aliases: [...names(h.campaignName), ...names(h.adSetName), ...names(h.adName)] },
  ],
  nameLevels: [
    { level: 'campaign', aliases: names(h.campaignName) },
    { level: 'ad set', aliases: names(h.adSetName) },
    { level: 'ad', aliases: names(h.adName) },
  ],
  columns: {
    day: names(h.day),
    start: names(h.reportingStarts),
    end: names(h.reportingEnds),
    campaignId: names(h.campaignId),
    accountId: names(h.accountId),
    currency: names(h.currency),
    cost: names(h.amountSpent),
    impressions: names(h.impressions),
    clicks: names(h.clicks),
    conversions: names(h.results),
  },
  fixedChannel: 'paid_social',
});
