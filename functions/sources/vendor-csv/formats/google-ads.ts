/** Google Ads UI "Campaign report" downloads (MAPPINGS §4 for campaign types), in the languages of headers.ts. */
import { names, type HeaderTable } from '../headers.js';
import { googleAdsChannel } from '../../google-ads/mapping.js';
import type { FigureColumns } from '../figure-columns.js';
import { defineSpendFormat } from '../spend-format.js';

/**
 * Google Ads report column names per language. English from real downloads
 * (test/fixtures/vendor-exports/SOURCES.md); the German names were already assumed; every
 * other language is unverified (no localized download seen).
 */
export const GOOGLE_ADS_HEADERS = {
  campaign: {
    en: ['campaign'],
    de: ['kampagne'], // unverified
    fr: ['campagne'], // unverified
    it: ['campagna'], // unverified
    es: ['campaña'], // unverified
    pt: ['campanha'], // unverified
    nl: ['campagne'], // unverified
  },
  cost: {
    en: ['cost'],
    de: ['kosten'], // unverified
    fr: ['coût'], // unverified
    it: ['costo'], // unverified
    es: ['coste', 'costo'], // unverified
    pt: ['custo'], // unverified
    nl: ['kosten'], // unverified
  },
  day: {
    en: ['day', 'date'],
    de: ['tag', 'datum'], // unverified
    fr: ['jour'], // unverified
    it: ['giorno', 'data'], // unverified
    es: ['día', 'fecha'], // unverified
    pt: ['dia', 'data'], // unverified
    nl: ['dag', 'datum'], // unverified
  },
  campaignId: {
    en: ['campaign id'],
    de: ['kampagnen-id', 'kampagnen id'], // unverified
    fr: ['id de la campagne', 'id campagne'], // unverified
    it: ['id campagna'], // unverified
    es: ['id de campaña', 'id de la campaña'], // unverified
    pt: ['id da campanha'], // unverified
    nl: ['campagne-id'], // unverified
  },
  accountId: {
    en: ['customer id', 'account id'],
    de: ['kundennummer', 'kunden-id'], // unverified
    fr: ['id client'], // unverified
    it: ['id cliente'], // unverified
    es: ['id de cliente'], // unverified
    pt: ['id do cliente'], // unverified
    nl: ['klant-id'], // unverified
  },
  currency: {
    en: ['currency code', 'currency'],
    de: ['währungscode', 'währung'], // unverified
    fr: ['code de la devise', 'code devise', 'devise'], // unverified
    it: ['codice valuta', 'valuta'], // unverified
    es: ['código de moneda', 'moneda'], // unverified
    pt: ['código da moeda', 'moeda'], // unverified
    nl: ['valutacode', 'valuta'], // unverified
  },
  impressions: {
    en: ['impr.', 'impressions'],
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
    en: ['conversions', 'conv.'],
    it: ['conversioni'], // unverified
    es: ['conversiones'], // unverified
    pt: ['conversões'], // unverified
    nl: ['conversies'], // unverified
  },
  campaignType: {
    en: ['campaign type', 'advertising channel type'],
    de: ['kampagnentyp'], // unverified
    fr: ['type de campagne'], // unverified
    it: ['tipo di campagna'], // unverified
    es: ['tipo de campaña'], // unverified
    pt: ['tipo de campanha'], // unverified
    nl: ['campagnetype'], // unverified
  },
} satisfies HeaderTable;

const h = GOOGLE_ADS_HEADERS;

/**
 * The column that decides a Google Ads campaign's channel (figure-columns.ts): a campaign report
 * without "Campaign type" says nothing of whether a campaign is Search, Display or Demand Gen.
 * Its spend loads (total spend, CPL and ROAS over all channels stay measured) with no channel;
 * the report's paid-channel figures are not measured (coverage.ts, paidChannelsMeasured).
 */
export const GOOGLE_ADS_FIGURES: readonly FigureColumns[] = [
  {
    columns: ['Campaign type'],
    aliases: names(h.campaignType),
    without:
      "no campaign's channel is known (its spend has no channel), so the paid-channel figures (paid CPL, paid ROAS) are not measured",
    howToExport: 'download the campaign report again with the "Campaign type" column (Columns → Attributes)',
    whenMissing: 'note',
  },
];

/**
 * The segments that split a campaign's row into a partition of its spend (Segment → Time, Device,
 * Network, …; the demographic and location reports' columns): rows of one campaign-day that
 * differ in one of them are summed, never judged as a total of each other (an hour whose cost
 * and counts equal the other hours' sum is an hour: spend-unlabeled-totals.ts groups by these
 * columns); a row with the segment empty or `Total` beside its values is a subtotal checked
 * against them (spend-subtotals.ts). Names in en, de, fr, es, it, pt, nl; English as Google Ads
 * writes it, the others unverified. Not listed: segments that split conversions but not cost
 * (`Conversion action`), which are no partition of spend.
 */
const GOOGLE_ADS_SEGMENTS = [
  ['device', 'gerät', 'appareil', 'dispositivo', 'apparaat'],
  [
    'network (with search partners)',
    'ad network (with search partners)',
    'network',
    'ad network type',
    'werbenetzwerk (mit suchnetzwerk-partnern)',
    'werbenetzwerk',
    /^(réseau|red|rete|rede|netwerk)( \(.*\))?$/,
  ],
  ['click type', 'klicktyp', 'type de clic', 'tipo de clic', 'tipo di clic', 'tipo de clique', 'kliktype'],
  ['top vs. other', 'top vs other', 'top vs. sonstige', /^(haut|superior|parte superiore|topo|boven)\b.*\bvs\.?\b/],
  [
    'hour of day',
    'hour of the day',
    'stunde des tages',
    'tageszeit (stunde)',
    'heure de la journée',
    'hora del día',
    'ora del giorno',
    'hora do dia',
    'uur van de dag',
  ],
  [
    'day of week',
    'day of the week',
    'wochentag',
    'jour de la semaine',
    'día de la semana',
    'giorno della settimana',
    'dia da semana',
    'dag van de week',
  ],
  ['age', 'alter', 'âge', 'edad', 'età', 'idade', 'leeftijd'],
  ['gender', 'geschlecht', 'sexe', 'sexo', 'sesso', 'gênero', 'geslacht'],
  // Location reports: `Country/Territory (User location)`, `Region (Physical location)`, …
  [
    /^(country\/territory|land\/gebiet|pays\/territoire|país\/territorio|paese\/territorio|país\/território|land\/regio|country)( \(.*\))?$/,
  ],
  [/^(region|région|región|regione|região|regio)( \(.*\))?$/],
  [/^(city|stadt|ville|ciudad|città|cidade|stad)( \(.*\))?$/],
  [/^(metro area|dma region)( \(.*\))?$/],
  ['placement', 'emplacement', 'ubicación', 'posizionamento', 'posicionamento', 'plaatsing'],
] as const;

export const googleAdsCsv = defineSpendFormat({
  name: 'google-ads-csv',
  platform: 'google_ads',
  defaultSource: 'google_ads',
  description:
    'Google Ads campaign report (CSV or UTF-16 TSV as downloaded; per day with a "Day" column, else spread over the title range)',
  headers: GOOGLE_ADS_HEADERS,
  required: [
    { label: 'Campaign', aliases: names(h.campaign) },
    { label: 'Cost', aliases: names(h.cost) },
  ],
  nameLevels: [{ level: 'campaign', aliases: names(h.campaign) }],
  columns: {
    day: names(h.day),
    campaignId: names(h.campaignId),
    accountId: names(h.accountId),
    currency: names(h.currency),
    cost: names(h.cost),
    impressions: names(h.impressions),
    clicks: names(h.clicks),
    conversions: names(h.conversions),
    campaignType: names(h.campaignType),
  },
  breakdowns: GOOGLE_ADS_SEGMENTS,
  channelOf: googleAdsChannel,
  figures: GOOGLE_ADS_FIGURES,
  byDay: 'Google Ads: Segment → Time → Day',
});
