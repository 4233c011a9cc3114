/**
 * HubSpot values → canonical values, one rule set for the API connector (hubspot/api.ts) and
 * the contacts and deals exports (vendor-csv/formats/hubspot.ts); MAPPINGS §1. The tables
 * hold internal values (the API's) and export labels (EN, DE, further languages marked
 * unverified), so either path's value maps the same way. Activities: activity-mapping.ts.
 */
import type { Channel, LifecycleStage } from '../../core/schema.js';
import { channelFromUtm } from '../channels.js';
import {
  dealOutcome,
  disqualification,
  lookup,
  table,
  type Disqualification,
  type DealOutcome,
  type Mapped,
  type MappingOverrides,
  type StageOutcome,
} from '../labels.js';

/**
 * MAPPINGS §1a: HubSpot `lifecyclestage` (internal id, EN and DE labels). The FR, IT, ES, PT
 * and NL labels are unverified (HubSpot's UI translations, not seen in an export).
 */
export const HUBSPOT_LIFECYCLE = table<LifecycleStage>({
  subscriber: ['subscriber', 'Abonnent', 'Abonné', 'Iscritto', 'Suscriptor', 'Assinante', 'Abonnee'],
  lead: ['lead'],
  mql: [
    'marketingqualifiedlead',
    'Marketing Qualified Lead',
    'MQL',
    'Lead qualifié marketing',
    'Lead qualificato per il marketing',
    'Lead calificado para marketing',
    'Lead qualificado para marketing',
    'Marketing gekwalificeerde lead',
  ],
  sql: [
    'salesqualifiedlead',
    'Sales Qualified Lead',
    'SQL',
    'Lead qualifié pour la vente',
    'Lead qualificato per le vendite',
    'Lead calificado para ventas',
    'Lead qualificado para vendas',
    'Sales gekwalificeerde lead',
  ],
  opportunity: [
    'opportunity',
    'Opportunität',
    'Verkaufschance',
    'Opportunité',
    'Opportunità',
    'Oportunidad',
    'Oportunidade',
  ],
  customer: ['customer', 'Kunde', 'evangelist', 'Client', 'Cliente', 'Klant', 'Évangéliste', 'Evangelizador'],
  other: ['other', 'Sonstige', 'Andere', 'Autre', 'Altro', 'Otro', 'Outro', 'Overig', 'Anders'],
});

/** MAPPINGS §1b: only these lead statuses override the lifecycle stage. */
export const HUBSPOT_LEAD_STATUS_OVERRIDE = table<LifecycleStage>({
  other: ['UNQUALIFIED'],
  opportunity: ['OPEN_DEAL'],
});

/**
 * The lead status (`hs_lead_status`) that says sales disqualified the contact: internal value
 * `UNQUALIFIED`, export label "Unqualified" (the same key once normalized). The German label
 * is unverified.
 */
export const HUBSPOT_DISQUALIFIED_STATUS = table<'disqualified'>({
  disqualified: ['UNQUALIFIED', 'Nicht qualifiziert'],
});

/**
 * Sales' judgement of a contact from its lead status (API value or export label) and the
 * reason property, if the portal has one (`properties.disqualification_reason` of the API
 * connector, a "Disqualification reason" column of the export): disqualified when the status
 * is Unqualified, not when it is any other status, unknown (null) without a status.
 */
export function hubspotDisqualification(leadStatus: string | null, reason: string | null): Disqualification {
  if (leadStatus === null) return disqualification(null, null);
  return disqualification(lookup(HUBSPOT_DISQUALIFIED_STATUS, leadStatus) === 'disqualified', reason);
}

/** MAPPINGS §1c: HubSpot Original Source (`hs_analytics_source`). */
export const HUBSPOT_SOURCE = table<Channel>({
  organic_search: [
    'ORGANIC_SEARCH',
    'Organische Suche',
    // FR, IT, ES, PT, NL: unverified
    'Recherche organique',
    'Ricerca organica',
    'Búsqueda orgánica',
    'Pesquisa orgânica',
    'Organisch zoeken',
  ],
  paid_search: [
    'PAID_SEARCH',
    'Bezahlte Suche',
    'Recherche payante', // unverified
    'Ricerca a pagamento', // unverified
    'Búsqueda de pago', // unverified
    'Pesquisa paga', // unverified
    'Betaald zoeken', // unverified
  ],
  email: [
    'EMAIL_MARKETING',
    'E-Mail-Marketing',
    'Marketing par e-mail', // unverified
    'Email marketing',
    'Marketing por correo electrónico', // unverified
    'Marketing por e-mail', // unverified
    'E-mailmarketing', // unverified
  ],
  organic_social: [
    'SOCIAL_MEDIA',
    'Organic social',
    'Organische Social Media',
    'Réseaux sociaux organiques', // unverified
    'Social organici', // unverified
    'Redes sociales orgánicas', // unverified
    'Social orgânico', // unverified
    'Organische social media', // unverified
  ],
  referral: [
    'REFERRALS',
    'Verweise',
    'AI_REFERRALS',
    'Sites référents', // unverified
    'Referral', // unverified
    'Referencias', // unverified
    'Referências', // unverified
    'Verwijzingen', // unverified
  ],
  other: [
    'OTHER_CAMPAIGNS',
    'Andere Kampagnen',
    'OFFLINE',
    'Offline sources',
    'Offline-Quellen',
    'Autres campagnes', // unverified
    'Altre campagne', // unverified
    'Otras campañas', // unverified
    'Outras campanhas', // unverified
    'Andere campagnes', // unverified
    'Sources hors ligne', // unverified
    'Fonti offline', // unverified
    'Fuentes sin conexión', // unverified
    'Fontes offline', // unverified
    'Offline bronnen', // unverified
  ],
  direct: [
    'DIRECT_TRAFFIC',
    'Direkter Traffic',
    'Trafic direct', // unverified
    'Traffico diretto', // unverified
    'Tráfico directo', // unverified
    'Tráfego direto', // unverified
    'Direct verkeer', // unverified
  ],
  paid_social: [
    'PAID_SOCIAL',
    'Bezahlte Social Media',
    'Réseaux sociaux payants', // unverified
    'Social a pagamento', // unverified
    'Redes sociales de pago', // unverified
    'Social pago', // unverified
    'Betaalde social media', // unverified
  ],
});

/** MAPPINGS §1d: the stages of HubSpot's default pipeline (internal ids and labels). */
export const HUBSPOT_DEAL_STAGE = table<StageOutcome>({
  open: [
    'appointmentscheduled',
    'Appointment Scheduled',
    'qualifiedtobuy',
    'Qualified To Buy',
    'presentationscheduled',
    'Presentation Scheduled',
    'decisionmakerboughtin',
    'Decision Maker Bought-In',
    'contractsent',
    'Contract Sent',
  ],
  won: [
    'closedwon',
    'Closed Won',
    'Abgeschlossen und gewonnen',
    // unverified
    'Conclue gagnée',
    'Chiusa vinta',
    'Cerrado ganado',
    'Fechado ganho',
    'Gesloten gewonnen',
  ],
  lost: [
    'closedlost',
    'Closed Lost',
    'Abgeschlossen und verloren',
    // unverified
    'Conclue perdue',
    'Chiusa persa',
    'Cerrado perdido',
    'Fechado perdido',
    'Gesloten verloren',
  ],
});

/**
 * A contact's lifecycle stage from `lifecyclestage` (internal id or export label) and
 * `hs_lead_status` (MAPPINGS §1a, §1b): the user's `lifecycleStages` first, then the table; a
 * stage neither knows (a custom stage's numeric id) is `other` and returned as `unmapped`;
 * the lead statuses UNQUALIFIED (→ other) and OPEN_DEAL (→ opportunity) override the stage.
 * Null when the contact has neither.
 */
export function hubspotLifecycleStage(
  lifecycle: string | null,
  leadStatus: string | null,
  overrides: MappingOverrides = {},
): Mapped<LifecycleStage | null> {
  let stage: LifecycleStage | null = null;
  let unmapped: string | undefined;
  if (lifecycle !== null) {
    stage = lookup(HUBSPOT_LIFECYCLE, lifecycle, overrides.lifecycleStages) ?? null;
    if (stage === null) {
      unmapped = lifecycle;
      stage = 'other';
    }
  }
  const byStatus = leadStatus === null ? undefined : lookup(HUBSPOT_LEAD_STATUS_OVERRIDE, leadStatus);
  return { value: byStatus ?? stage, ...(unmapped !== undefined ? { unmapped } : {}) };
}

/**
 * A contact's channel (MAPPINGS §1c): the Original Source (`hs_analytics_source` value or
 * export label; the user's `channels` first); when it is empty or unknown, the UTM parameters
 * (channels.ts); else `other` for an unknown source (returned as `unmapped`), null for none.
 */
export function hubspotChannel(
  originalSource: string | null,
  utm: { source: string | null; medium: string | null },
  overrides: MappingOverrides = {},
): Mapped<Channel | null> {
  const mapped = originalSource === null ? undefined : lookup(HUBSPOT_SOURCE, originalSource, overrides.channels);
  if (mapped) return { value: mapped };
  const value = channelFromUtm(utm.source, utm.medium) ?? (originalSource !== null ? 'other' : null);
  return { value, ...(originalSource !== null ? { unmapped: originalSource } : {}) };
}

/**
 * A deal's closed/won (MAPPINGS §1d): `hs_is_closed`/`hs_is_closed_won` (API) or the
 * export's "Is Closed"/"Is Closed Won" decide; without them the stage id or label (the
 * user's `stages` first, then the default pipeline's stages). An unknown stage stays open.
 */
export function hubspotDealOutcome(
  stage: string | null,
  flags: { closed: boolean | null; won: boolean | null },
  overrides: MappingOverrides = {},
): DealOutcome {
  return dealOutcome(HUBSPOT_DEAL_STAGE, stage, flags, overrides.stages);
}

/** The API connector's `closedWonStages`/`closedLostStages` settings as `stages` overrides. */
export function hubspotStageOverrides(config: {
  closedWonStages: readonly string[];
  closedLostStages: readonly string[];
}): Record<string, StageOutcome> {
  return {
    ...Object.fromEntries(config.closedLostStages.map((s) => [s, 'lost' as const])),
    ...Object.fromEntries(config.closedWonStages.map((s) => [s, 'won' as const])),
  };
}
