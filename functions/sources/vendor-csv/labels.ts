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

/** MAPPINGS §1a: HubSpot `lifecyclestage` (internal id, EN and DE labels). */
export const HUBSPOT_LIFECYCLE = table<LifecycleStage>({
  subscriber: ['subscriber', 'Abonnent'],
  lead: ['lead'],
  mql: ['marketingqualifiedlead', 'Marketing Qualified Lead', 'MQL'],
  sql: ['salesqualifiedlead', 'Sales Qualified Lead', 'SQL'],
  opportunity: ['opportunity', 'Opportunität', 'Verkaufschance'],
  customer: ['customer', 'Kunde', 'evangelist'],
  other: ['other', 'Sonstige', 'Andere'],
});

/** MAPPINGS §1b: only these lead statuses override the lifecycle stage. */
export const HUBSPOT_LEAD_STATUS_OVERRIDE = table<LifecycleStage>({
  other: ['UNQUALIFIED'],
  opportunity: ['OPEN_DEAL'],
});

/** MAPPINGS §1c: HubSpot Original Source (`hs_analytics_source`). */
export const HUBSPOT_SOURCE = table<Channel>({
  organic_search: ['ORGANIC_SEARCH', 'Organische Suche'],
  paid_search: ['PAID_SEARCH', 'Bezahlte Suche'],
  email: ['EMAIL_MARKETING', 'E-Mail-Marketing'],
  organic_social: ['SOCIAL_MEDIA', 'Organic social', 'Organische Social Media'],
  referral: ['REFERRALS', 'Verweise', 'AI_REFERRALS'],
  other: ['OTHER_CAMPAIGNS', 'Andere Kampagnen', 'OFFLINE', 'Offline sources', 'Offline-Quellen'],
  direct: ['DIRECT_TRAFFIC', 'Direkter Traffic'],
  paid_social: ['PAID_SOCIAL', 'Bezahlte Social Media'],
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
  won: ['closedwon', 'Closed Won', 'Abgeschlossen und gewonnen'],
  lost: ['closedlost', 'Closed Lost', 'Abgeschlossen und verloren'],
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

/** MAPPINGS §4: Google Ads campaign type (enum and UI label; DE labels unverified). */
export const GOOGLE_ADS_CAMPAIGN_TYPE = table<Channel>({
  paid_search: ['SEARCH', 'Suche', 'SHOPPING', 'PERFORMANCE_MAX', 'SMART', 'HOTEL', 'LOCAL_SERVICES', 'TRAVEL'],
  display: ['DISPLAY', 'VIDEO', 'DEMAND_GEN', 'Demand Gen', 'DISCOVERY', 'LOCAL'],
  other: ['MULTI_CHANNEL', 'App', 'UNSPECIFIED', 'UNKNOWN'],
});
