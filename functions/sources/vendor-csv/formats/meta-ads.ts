/** Meta Ads Manager exports (campaign, ad set or ad level), in the languages of headers.ts. */
import { names, type HeaderTable } from '../headers.js';
import { defineSpendFormat } from '../spend-format.js';

/** `Amount spent (USD)`: the currency in brackets is optional. */
const withCurrency = (label: string) => new RegExp(`^${label}( \\([a-z]{3}\\))?$`);

/**
 * Meta Ads Manager column names per language. PT `Nome da campanha`, `Início/Término dos
 * relatórios`, `Valor usado (BRL)`, `Impressões`, `Resultados` are those of a Brazilian export
 * (field case F5). The IT and NL names marked "3p" were seen in third-party code reading
 * real exports (IT: `Nome della campagna`, `Importo speso (EUR)`, `Impression`, `Clic sul link`,
 * `Giorno`; NL: `Campagnenaam`, `Naam advertentieset`, `Besteed bedrag (EUR)`, `Weergaven`,
 * `Resultaten`, `Start rapportage`, `Einde rapportage`, `Campagne-ID`, `Dag`); the rest as
 * marked.
 */
export const META_HEADERS = {
  amountSpent: {
    en: [withCurrency('amount spent')],
    de: [withCurrency('ausgegebener betrag'), withCurrency('betrag ausgegeben')],
    fr: [withCurrency('montant dépensé')],
    it: [withCurrency('importo speso')], // 3p
    es: [withCurrency('importe gastado')],
    pt: [withCurrency('valor usado'), withCurrency('valor gasto')], // valor gasto: unverified
    nl: [withCurrency('besteed bedrag')], // 3p
  },
  campaignName: {
    en: ['campaign name'],
    de: ['kampagnenname'],
    fr: ['nom de la campagne'],
    it: ['nome della campagna'], // 3p
    es: ['nombre de la campaña'],
    pt: ['nome da campanha'],
    nl: ['campagnenaam'], // 3p
  },
  adSetName: {
    en: ['ad set name'],
    de: ['name der anzeigengruppe'],
    fr: ["nom de l'ensemble de publicités"],
    it: ['nome del gruppo di inserzioni'], // 3p
    es: ['nombre del conjunto de anuncios'],
    pt: ['nome do conjunto de anúncios'], // 3p
    nl: ['naam advertentieset'], // 3p
  },
  adName: {
    en: ['ad name'],
    de: ['anzeigenname'],
    fr: ['nom de la publicité'],
    it: ["nome dell'inserzione"], // 3p
    es: ['nombre del anuncio'],
    pt: ['nome do anúncio'], // 3p
    nl: ['advertentienaam', 'naam advertentie'], // 3p
  },
  day: {
    en: ['day'],
    de: ['tag'],
    fr: ['jour'],
    it: ['giorno'], // 3p
    es: ['día'],
    pt: ['dia'], // 3p
    nl: ['dag'], // 3p
  },
  reportingStarts: {
    en: ['reporting starts'],
    de: ['berichtsbeginn'],
    fr: ['début des rapports'],
    it: ['inizio report'], // unverified
    es: ['inicio del informe'],
    pt: ['início dos relatórios'],
    nl: ['start rapportage', 'begin rapportage'], // 3p; begin: unverified
  },
  reportingEnds: {
    en: ['reporting ends'],
    de: ['berichtsende'],
    fr: ['fin des rapports'],
    it: ['fine report'], // unverified
    es: ['fin del informe'],
    pt: ['término dos relatórios'],
    nl: ['einde rapportage'], // 3p
  },
  campaignId: {
    en: ['campaign id'],
    de: ['kampagnen-id'],
    fr: ['identifiant de la campagne'],
    it: ['id della campagna'], // unverified
    es: ['id de la campaña'],
    pt: ['id da campanha'], // unverified
    nl: ['campagne-id'], // 3p
  },
  accountId: {
    en: ['account id'],
    de: ['konto-id'],
    fr: ['identifiant du compte'],
    it: ["id dell'account"], // unverified
    es: ['id de la cuenta'],
    pt: ['id da conta'], // unverified
    nl: ['account-id'], // unverified
  },
  currency: {
    en: ['currency'],
    de: ['währung'],
    fr: ['devise'],
    it: ['valuta'], // unverified
    es: ['divisa', 'moneda'],
    pt: ['moeda'], // unverified
    nl: ['valuta'], // unverified
  },
  impressions: {
    en: ['impressions'],
    de: ['impressionen'],
    fr: ['impressions'],
    it: ['impression'], // 3p
    es: ['impresiones'],
    pt: ['impressões'],
    nl: ['weergaven'], // 3p
  },
  clicks: {
    en: ['link clicks', 'clicks (all)'],
    de: ['link-klicks'],
    fr: ['clics sur un lien', 'clics (tous)'],
    it: ['clic sul link', 'clic (tutti)'], // 3p
    es: ['clics en el enlace'],
    pt: ['cliques no link', 'cliques (todos)'], // 3p
    nl: ['klikken op links', 'linkklikken'], // 3p
  },
  results: {
    en: ['results'],
    de: ['ergebnisse'],
    fr: ['résultats'],
    it: ['risultati'], // 3p
    es: ['resultados'],
    pt: ['resultados'],
    nl: ['resultaten'], // 3p
  },
} satisfies HeaderTable;

const h = META_HEADERS;

/**
 * Meta's breakdown columns (Breakdown → By delivery, By time → Time of day): a partition of a
 * campaign's spend. Rows differing in one are summed, never judged as each other's total
 * (spend-unlabeled-totals.ts groups by them); a breakdown's `All` row (or empty) beside its
 * values is a subtotal checked against them (spend-subtotals.ts). English and German as Ads
 * Manager writes them; the other languages unverified.
 */
const META_BREAKDOWNS = [
  // Ads Manager's column names in en, de, fr, es, it, pt, nl: a breakdown whose header is not
  // listed is not known as one, and its "All" row would be summed with its values.
  ['age', 'alter', 'âge', 'edad', 'età', 'idade', 'leeftijd'],
  ['gender', 'geschlecht', 'sexe', 'sexo', 'sesso', 'gênero', 'género', 'geslacht'],
  ['country', 'land', 'pays', 'país', 'paese'],
  ['region', 'région', 'región', 'regione', 'região', 'regio'],
  ['placement', 'platzierung', 'ubicación', 'posizionamento', 'posicionamento', 'plaatsing'],
  ['platform', 'plattform', 'plateforme', 'plataforma', 'piattaforma'],
  [
    'device platform',
    'geräteplattform',
    "plateforme de l'appareil",
    'plataforma del dispositivo',
    'piattaforma del dispositivo',
    'plataforma do dispositivo',
    'apparaatplatform',
  ],
  [
    'impression device',
    'impressionsgerät',
    "appareil d'impression",
    'dispositivo de impresión',
    'dispositivo di impression',
    'dispositivo de impressão',
    'weergaveapparaat',
  ],
  // Breakdown → By time → Time of day: `Time of day (ad account time zone)`, `(viewer's time zone)`.
  [
    /^(time of day|tageszeit|heure de la journée|hora del día|ora del giorno|hora do dia|tijdstip van de dag)( \(.*\))?$/,
  ],
  ['dma region', 'dma-region', 'région dma', 'región dma', 'regione dma', 'região dma', 'dma-regio'],
] as const;

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
  breakdowns: META_BREAKDOWNS,
  fixedChannel: 'paid_social',
  blankNameSummary: true,
  byDay: 'Meta: Breakdown → By time → Day',
});
