/** Meta Ads Manager exports (campaign, ad set or ad level; EN, FR, ES, DE headers). */
import { defineSpendFormat } from '../spend-format.js';

const amountSpent = [
  /^amount spent( \([a-z]{3}\))?$/,
  /^valor usado( \([a-z]{3}\))?$/,
  /^montant dépensé( \([a-z]{3}\))?$/,
  /^importe gastado( \([a-z]{3}\))?$/,
  /^ausgegebener betrag( \([a-z]{3}\))?$/,
  /^betrag ausgegeben( \([a-z]{3}\))?$/,
];
const campaignName = [
  'campaign name',
  'nom de la campagne',
  'nombre de la campaña',
  'kampagnenname',
  'nome da campanha',
];
const adSetName = [
  'ad set name',
  "nom de l'ensemble de publicités",
  'nombre del conjunto de anuncios',
  'name der anzeigengruppe',
];
const adName = ['ad name', 'nom de la publicité', 'nombre del anuncio', 'anzeigenname'];

export const metaAdsCsv = defineSpendFormat({
  name: 'meta-ads-csv',
  platform: 'meta',
  defaultSource: 'meta',
  description:
    'Meta Ads Manager export ("Amount spent (XXX)"; per day with a "Day" column, else spread over Reporting starts/ends)',
  required: [
    { label: 'Amount spent (…)', aliases: amountSpent },
    { label: 'Campaign name', aliases: [...campaignName, ...adSetName, ...adName] },
  ],
  nameLevels: [
    { level: 'campaign', aliases: campaignName },
    { level: 'ad set', aliases: adSetName },
    { level: 'ad', aliases: adName },
  ],
  columns: {
    day: ['day', 'jour', 'día', 'tag'],
    start: ['reporting starts', 'début des rapports', 'inicio del informe', 'berichtsbeginn', 'início dos relatórios'],
    end: ['reporting ends', 'fin des rapports', 'fin del informe', 'berichtsende', 'término dos relatórios'],
    campaignId: ['campaign id', 'identifiant de la campagne', 'id de la campaña', 'kampagnen-id'],
    accountId: ['account id', 'identifiant du compte', 'id de la cuenta', 'konto-id'],
    currency: ['currency', 'devise', 'divisa', 'moneda', 'währung'],
    cost: amountSpent,
    impressions: ['impressions', 'impresiones', 'impressionen', 'impressões'],
    clicks: ['link clicks', 'clicks (all)', 'clics sur un lien', 'clics (tous)', 'clics en el enlace', 'link-klicks'],
    conversions: ['results', 'résultats', 'resultados', 'ergebnisse'],
  },
  fixedChannel: 'paid_social',
});
