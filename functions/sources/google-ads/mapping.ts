/**
 * Google Ads values → canonical values, one rule for the API connector (google-ads/api.ts)
 * and the campaign report export (vendor-csv/formats/google-ads.ts); MAPPINGS §4.
 */
import type { Channel } from '../../core/schema.js';
import { lookup, table, type Mapped, type MappingOverrides } from '../labels.js';

/**
 * MAPPINGS §4: Google Ads campaign type (enum and UI label). The labels in other languages
 * are unverified (Performance Max, Shopping, Demand Gen keep their English names).
 */
export const GOOGLE_ADS_CAMPAIGN_TYPE = table<Channel>({
  paid_search: [
    'SEARCH',
    'SHOPPING',
    'PERFORMANCE_MAX',
    'SMART',
    'HOTEL',
    'LOCAL_SERVICES',
    'TRAVEL',
    // unverified
    'Suche',
    'Recherche',
    'Réseau de Recherche',
    'Ricerca',
    'Rete di ricerca',
    'Búsqueda',
    'Red de Búsqueda',
    'Pesquisa',
    'Rede de Pesquisa',
    'Zoeken',
    'Zoeknetwerk',
  ],
  display: [
    'DISPLAY',
    'VIDEO',
    'DEMAND_GEN',
    'Demand Gen',
    'DISCOVERY',
    'LOCAL',
    // unverified
    'Réseau Display',
    'Rete Display',
    'Red de Display',
    'Rede de Display',
    'Displaynetwerk',
    'Vidéo',
    'Vídeo',
  ],
  other: ['MULTI_CHANNEL', 'App'],
});

/**
 * A campaign's channel from `campaign.advertising_channel_type` (API enum) or the report's
 * "Campaign type" label: the user's `channels` first, then the table. A type neither knows
 * (`UNSPECIFIED`, `UNKNOWN`, one newer than the table) is no channel (null), returned as
 * `unmapped`: spend filed under `other` would leave the paid channels' leads without their
 * spend (docs/methodology.md, "Paid channels"), so the report says the paid figures are not
 * measured instead. `MULTI_CHANNEL` (App) is `other` as MAPPINGS §4 says.
 */
export function googleAdsChannel(type: string, overrides: MappingOverrides = {}): Mapped<Channel | null> {
  const mapped = lookup(GOOGLE_ADS_CAMPAIGN_TYPE, type, overrides.channels);
  return mapped === undefined ? { value: null, unmapped: type } : { value: mapped };
}
