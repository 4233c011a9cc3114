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
  type HubspotLeadStatus,
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

/**
 * MAPPINGS §1b: HubSpot's default Lead Status (`hs_lead_status`) values, by internal value and
 * export label, and what each says: Open Deal overrides the lifecycle stage with `opportunity`,
 * Unqualified says sales disqualified the contact (stage `other`), the rest say neither. The
 * labels in German, French, Spanish, Italian, Portuguese and Dutch are unverified. A status this
 * table and the source's `leadStatuses` setting do not know is noted as unmapped: it could mean
 * disqualified (docs/methodology.md, "Labels the product does not know").
 */
export const HUBSPOT_LEAD_STATUS = table<HubspotLeadStatus>({
  open: [
    'NEW',
    'OPEN',
    'IN_PROGRESS',
    'ATTEMPTED_TO_CONTACT',
    'CONNECTED',
    'BAD_TIMING',
    'New',
    'Open',
    'In Progress',
    'Attempted to Contact',
    'Connected',
    'Bad Timing',
    // unverified
    'Neu',
    'Offen',
    'In Bearbeitung',
    'Kontaktversuch',
    'Kontaktaufnahme versucht',
    'Verbunden',
    'Schlechter Zeitpunkt',
    'Nouveau',
    'Ouvert',
    'En cours',
    'Tentative de contact',
    'Connecté',
    'Mauvais moment',
    'Nuevo',
    'Abierto',
    'En curso',
    'En progreso',
    'Intento de contacto',
    'Conectado',
    'Mal momento',
    'Nuovo',
    'Aperto',
    'In corso',
    'Tentativo di contatto',
    'Connesso',
    'Momento sbagliato',
    'Novo',
    'Aberto',
    'Em andamento',
    'Em progresso',
    'Tentativa de contato',
    'Tentativa de contacto',
    'Mau momento',
    'Nieuw',
    'Bezig',
    'In behandeling',
    'Poging tot contact',
    'Contact geprobeerd',
    'Verbonden',
    'Slechte timing',
  ],
  opportunity: [
    'OPEN_DEAL',
    'Open Deal',
    // unverified
    'Offener Deal',
    'Offenes Geschäft',
    'Transaction ouverte',
    'Affaire ouverte',
    'Negocio abierto',
    'Trattativa aperta',
    'Negócio aberto',
    'Open deal',
    'Openstaande deal',
  ],
  disqualified: [
    'UNQUALIFIED',
    'Unqualified',
    // unverified
    'Nicht qualifiziert',
    'Unqualifiziert',
    'Non qualifié',
    'No calificado',
    'No cualificado',
    'Non qualificato',
    'Não qualificado',
    'Niet gekwalificeerd',
    'Ongekwalificeerd',
  ],
});

/**
 * What a contact's Lead Status says (HUBSPOT_LEAD_STATUS, after the source's `leadStatuses`
 * setting, which wins): null without a status; a status neither knows says nothing (`open`)
 * and is returned as `unmapped`.
 */
export function hubspotLeadStatus(
  leadStatus: string | null,
  overrides: MappingOverrides = {},
): Mapped<HubspotLeadStatus | null> {
  if (leadStatus === null) return { value: null };
  const mapped = lookup(HUBSPOT_LEAD_STATUS, leadStatus, overrides.leadStatuses);
  return mapped ? { value: mapped } : { value: 'open', unmapped: leadStatus };
}

/**
 * Sales' judgement of a contact from its lead status (API value or export label) and the
 * reason property, if the portal has one (`properties.disqualification_reason` of the API
 * connector, a "Disqualification reason" column of the export): disqualified when the status
 * means Unqualified (hubspotLeadStatus), not when it says anything else, unknown (null)
 * without a status. A status nothing maps reads as not disqualified here; the import notes it
 * and the report holds lead quality as not measured until it is mapped.
 */
export function hubspotDisqualification(
  leadStatus: string | null,
  reason: string | null,
  overrides: MappingOverrides = {},
): Disqualification {
  if (leadStatus === null) return disqualification(null, null);
  return disqualification(hubspotLeadStatus(leadStatus, overrides).value === 'disqualified', reason);
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
    // The default open stages in the languages of the closed ones below: unverified (a stage
    // read open that a portal made closed is named by its Is Closed Won / Is Deal Closed columns).
    ...['Termin vereinbart', 'Kaufbereit', 'Präsentation geplant', 'Entscheidungsträger überzeugt', 'Vertrag gesendet'],
    ...['Rendez-vous programmé', 'Qualifié pour acheter', 'Présentation programmée'],
    ...['Décisionnaire convaincu', 'Décideur impliqué', 'Contrat envoyé'],
    ...[
      'Appuntamento fissato',
      'Qualificato per l’acquisto',
      "Qualificato per l'acquisto",
      'Presentazione programmata',
    ],
    ...['Decisore convinto', 'Contratto inviato'],
    ...[
      'Cita programada',
      'Calificado para comprar',
      'Presentación programada',
      'Responsable de decisiones convencido',
    ],
    ...['Contrato enviado'],
    ...['Compromisso agendado', 'Reunião agendada', 'Qualificado para comprar', 'Apresentação agendada'],
    ...['Tomador de decisão convencido', 'Contrato enviado'],
    ...[
      'Afspraak gepland',
      'Gekwalificeerd om te kopen',
      'Presentatie gepland',
      'Beslisser overtuigd',
      'Contract verzonden',
    ],
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
 * a lead status meaning Unqualified (→ other) or Open Deal (→ opportunity; hubspotLeadStatus,
 * with the user's `leadStatuses`) overrides the stage.
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
  // Unqualified makes the contact `other`, Open Deal an `opportunity`; other statuses leave the stage.
  const status = hubspotLeadStatus(leadStatus, overrides).value;
  const byStatus = status === 'disqualified' ? 'other' : status === 'opportunity' ? 'opportunity' : undefined;
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
