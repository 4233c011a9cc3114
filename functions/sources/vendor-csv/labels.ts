/**
 * Vendor labels → canonical values, from /shared/MAPPINGS.md. Internal values and export
 * labels (EN, DE where known) are matched case-insensitively with `-`/`_` read as spaces, so
 * `Marketing Qualified Lead`, `Marketing-Qualified-Lead` and `marketingqualifiedlead` all map.
 */
import type { Channel, LifecycleStage } from '../../core/schema.js';

export function normalizeLabel(value: string): string {
  return value.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
}

function table<T extends string>(entries: Partial<Record<T, readonly string[]>>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [canonical, labels] of Object.entries(entries) as [T, readonly string[] | undefined][]) {
    for (const label of labels ?? []) map.set(normalizeLabel(label), canonical);
  }
  return map;
}

/** Looks a label up in a table, after the user's overrides (config), which win. */
export function lookup<T extends string>(
  map: ReadonlyMap<string, T>,
  value: string,
  overrides?: Readonly<Record<string, T>>,
): T | undefined {
  const key = normalizeLabel(value);
  if (overrides) {
    for (const [label, canonical] of Object.entries(overrides)) if (normalizeLabel(label) === key) return canonical;
  }
  return map.get(key);
}

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

/** A deal stage's outcome. */
export type StageOutcome = 'won' | 'lost' | 'open';

/**
 * A deal stage's outcome: the source's `stages` setting first, then the format's table.
 * Undefined when neither knows the stage (the caller lists it under `unmappedLabels`).
 */
export function stageOutcome(
  map: ReadonlyMap<string, StageOutcome>,
  stage: string,
  settings?: Readonly<Record<string, StageOutcome>>,
): StageOutcome | undefined {
  return lookup(map, stage, settings);
}

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

/** MAPPINGS §2a, plus the newer default values (New/Working/Nurturing/Qualified/Unqualified; unverified). */
export const SALESFORCE_LEAD_STATUS = table<LifecycleStage>({
  lead: [
    'Open - Not Contacted',
    'Working - Contacted',
    'New',
    'Working',
    'Nurturing',
    'Open',
    'Contacted',
    // The default values as a user in another language sees them: unverified.
    'Offen - Nicht kontaktiert',
    'In Bearbeitung - Kontaktiert',
    'Ouvert - Non contacté',
    'En cours - Contacté',
    'Aperto - Non contattato',
    'In lavorazione - Contattato',
    'Abierto - No contactado',
    'En curso - Contactado',
    'Aberto - Não contatado',
    'Em andamento - Contatado',
    'Open - Niet gecontacteerd',
    'Bezig - Gecontacteerd',
  ],
  sql: [
    'Closed - Converted',
    'Qualified',
    'Converted',
    // unverified
    'Geschlossen - Konvertiert',
    'Fermé - Converti',
    'Chiuso - Convertito',
    'Cerrado - Convertido',
    'Fechado - Convertido',
    'Gesloten - Geconverteerd',
  ],
  other: [
    'Closed - Not Converted',
    'Unqualified',
    // unverified
    'Geschlossen - Nicht konvertiert',
    'Fermé - Non converti',
    'Chiuso - Non convertito',
    'Cerrado - No convertido',
    'Fechado - Não convertido',
    'Gesloten - Niet geconverteerd',
  ],
});

/** MAPPINGS §2b: Salesforce `LeadSource`. */
export const SALESFORCE_LEAD_SOURCE = table<Channel>({
  other: ['Web', 'Purchased List', 'Other', 'Advertisement', 'Public Relations'],
  direct: ['Phone Inquiry'],
  referral: ['Partner Referral', 'Employee Referral', 'External Referral', 'Partner', 'Word of mouth'],
  email: ['Partner Email'],
  events: ['Trade Show', 'Seminar - Internal', 'Seminar - Partner'],
});

/**
 * MAPPINGS §2c: the default stages by name, used only when the file has no IsClosed/IsWon
 * columns. Plus the Nonprofit Success Pack's default stages (Salesforce.org NPSP
 * documentation, "Opportunity Stages": Prospecting, Pledged → open; Posted → won; Closed
 * Lost → lost), so a nonprofit org's report reads without a config.
 */
export const SALESFORCE_OPPORTUNITY_STAGE = table<StageOutcome>({
  open: [
    'Prospecting',
    'Qualification',
    'Needs Analysis',
    'Value Proposition',
    'Id. Decision Makers',
    'Perception Analysis',
    'Perception/Analysis',
    'Proposal/Price Quote',
    'Negotiation/Review',
    // NPSP
    'Pledged',
  ],
  won: [
    'Closed Won',
    'Posted',
    // The default closed stages in other languages: unverified.
    'Geschlossen und gewonnen',
    'Fermée gagnée',
    'Chiusa vinta',
    'Cerrada ganada',
    'Fechado/Ganho',
    'Gesloten/gewonnen',
  ],
  lost: [
    'Closed Lost',
    // unverified
    'Geschlossen und verloren',
    'Fermée perdue',
    'Chiusa persa',
    'Cerrada perdida',
    'Fechado/Perdido',
    'Gesloten/verloren',
  ],
});

/**
 * MAPPINGS §3: Pipedrive deal status as exported. PT Aberto/Ganho/Perdido seen in
 * third-party code reading Pipedrive's Portuguese export; the other languages unverified.
 */
export const PIPEDRIVE_STATUS = table<'open' | 'won' | 'lost' | 'deleted'>({
  open: ['open', 'Offen', 'Ouvert', 'Ouverte', 'Aperto', 'Aperta', 'Abierto', 'Abierta', 'Aberto'],
  won: ['won', 'Gewonnen', 'Gagné', 'Gagnée', 'Vinto', 'Vinta', 'Ganado', 'Ganada', 'Ganho'],
  lost: ['lost', 'Verloren', 'Perdu', 'Perdue', 'Perso', 'Persa', 'Perdido', 'Perdida'],
  deleted: ['deleted', 'Gelöscht', 'Supprimé', 'Supprimée', 'Eliminato', 'Eliminado', 'Excluído', 'Verwijderd'],
});

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
  other: ['MULTI_CHANNEL', 'App', 'UNSPECIFIED', 'UNKNOWN'],
});
