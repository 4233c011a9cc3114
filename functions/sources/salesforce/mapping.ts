/**
 * Salesforce values → canonical values, one rule set for the API connector
 * (salesforce/api.ts) and the leads and opportunities exports
 * (vendor-csv/formats/salesforce.ts); MAPPINGS §2. Activities: activity-mapping.ts.
 */
import type { Channel, LifecycleStage } from '../../core/schema.js';
import { channelFromUtm } from '../channels.js';
import {
  dealOutcome,
  disqualification,
  lookup,
  normalizeLabel,
  table,
  type Disqualification,
  type DealOutcome,
  type Mapped,
  type MappingOverrides,
  type StageOutcome,
} from '../labels.js';

/** Unqualified (the newer default picklist) in de, fr, es, it, nl, pt: unverified. */
const UNQUALIFIED_TRANSLATED: readonly string[] = [
  'Nicht qualifiziert',
  'Non qualifié',
  'No calificado',
  'No cualificado',
  'Non qualificato',
  'Niet gekwalificeerd',
  'Não qualificado',
];

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
    // The newer default values (New, Working, Nurturing) in de, fr, es, it, nl, pt: unverified.
    'Neu',
    'In Bearbeitung',
    'Nouveau',
    'En cours',
    'Nuevo',
    'En curso',
    'Nuovo',
    'In lavorazione',
    'Nieuw',
    'Bezig',
    'Novo',
    'Em andamento',
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
    // Qualified in de, fr, es, it, nl, pt: unverified.
    'Qualifiziert',
    'Qualifié',
    'Calificado',
    'Cualificado',
    'Qualificato',
    'Gekwalificeerd',
    'Qualificado',
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
    // Unqualified in de, fr, es, it, nl, pt: unverified.
    ...UNQUALIFIED_TRANSLATED,
  ],
});

/**
 * The Lead Status values read as "sales disqualified the lead" unless the config lists its own
 * (`disqualifiedStatuses` of the API connector or of the `salesforce-leads-csv` options): the
 * classic default picklist's closed-without-conversion value, the newer default picklist's
 * Unqualified, and the common custom Disqualified, plus the translated labels of the
 * classic value (unverified, as in SALESFORCE_LEAD_STATUS).
 */
export const SALESFORCE_DISQUALIFIED_STATUSES: readonly string[] = [
  'Closed - Not Converted',
  'Unqualified',
  'Disqualified',
  'Geschlossen - Nicht konvertiert',
  'Fermé - Non converti',
  'Chiuso - Non convertito',
  'Cerrado - No convertido',
  'Fechado - Não convertido',
  'Gesloten - Niet geconverteerd',
  ...UNQUALIFIED_TRANSLATED,
];

/**
 * Sales' judgement of a lead (the standard Lead has no reason field: `reason` comes from the
 * custom field the config names, `leadFields.disqualification_reason`, or an export's
 * "Disqualification Reason" column): disqualified when its Status is one of
 * `overrides.disqualifiedStatuses` (else the defaults above), matched like every label
 * (case-insensitive, `-`/`_` as spaces); unknown (null) without a Status.
 */
export function salesforceDisqualification(
  status: string | null,
  reason: string | null,
  overrides: MappingOverrides = {},
): Disqualification {
  if (status === null) return disqualification(null, null);
  return disqualification(
    listedDisqualified(status, overrides.disqualifiedStatuses ?? SALESFORCE_DISQUALIFIED_STATUSES),
    reason,
  );
}

/** Whether `status` is one of `listed` (matched like every label); false without a list. */
function listedDisqualified(status: string, listed: readonly string[] | undefined): boolean {
  const key = normalizeLabel(status);
  return (listed ?? []).some((s) => normalizeLabel(s) === key);
}

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
    // The default open stages in the languages of the closed ones below: unverified (a stage
    // read open that an org made closed is named by its IsClosed/IsWon columns, which win).
    ...['Prospektion', 'Akquise', 'Qualifizierung', 'Bedarfsanalyse', 'Nutzenversprechen', 'Wertangebot'],
    ...['Entscheidungsträger ident.', 'Entscheidungsträger identifizieren', 'Wahrnehmungsanalyse'],
    ...['Angebot/Preisangebot', 'Verhandlung/Prüfung', 'Verhandlung/Überprüfung'],
    ...['Prospection', 'Qualification', 'Analyse des besoins', 'Proposition de valeur'],
    ...['Id. des décideurs', 'Identification des décideurs', 'Analyse de perception', 'Analyse de la perception'],
    ...['Proposition/Devis', 'Proposition/Devis de prix', 'Négociation/Révision', 'Négociation/Examen'],
    ...['Prospezione', 'Qualificazione', 'Analisi delle esigenze', 'Analisi dei bisogni', 'Proposta di valore'],
    ...['Id. responsabili delle decisioni', 'Identificazione decisori', 'Analisi della percezione'],
    ...['Proposta/Preventivo', 'Proposta/Offerta', 'Negoziazione/Revisione', 'Trattativa/Revisione'],
    ...['Prospección', 'Calificación', 'Cualificación', 'Análisis de necesidades', 'Propuesta de valor'],
    ...['Id. de responsables de toma de decisiones', 'Identificación de responsables', 'Análisis de percepción'],
    ...['Propuesta/Presupuesto', 'Propuesta/Cotización', 'Negociación/Revisión'],
    ...['Prospecção', 'Qualificação', 'Análise de necessidades', 'Proposta de valor'],
    ...['Id. de tomadores de decisão', 'Identificação dos tomadores de decisão', 'Análise de percepção'],
    ...['Proposta/Cotação', 'Proposta/Cotação de preço', 'Negociação/Revisão'],
    ...['Prospectie', 'Kwalificatie', 'Behoefteanalyse', 'Waardepropositie', 'Id. besluitvormers'],
    ...['Besluitvormers identificeren', 'Perceptieanalyse', 'Voorstel/prijsofferte', 'Onderhandeling/beoordeling'],
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

/** The funnel order of the stages a converted lead is raised to; `other` ranks below `lead`. */
const RANK: Record<LifecycleStage, number> = {
  other: 0,
  subscriber: 1,
  lead: 2,
  mql: 3,
  sql: 4,
  opportunity: 5,
  customer: 6,
};

/**
 * A lead's lifecycle stage (MAPPINGS §2a). The Status through the user's `lifecycleStages`
 * (the API connector's `leadStatuses`) and then the table; a Status listed only in
 * `disqualifiedStatuses` is `other`; a Status none of them knows keeps the Lead a `lead` and is
 * returned as `unmapped` (it could be an MQL or disqualified: the report holds lead quality); no Status is a `lead` too. A converted lead
 * (IsConverted) is at least `sql`, and at least `opportunity` once it names the opportunity
 * it became (ConvertedOpportunityId): the flag is Salesforce's fact, the Status a label.
 */
export function salesforceLeadStage(
  lead: { status: string | null; isConverted: boolean | null; convertedOpportunityId: string | null },
  overrides: MappingOverrides = {},
): Mapped<LifecycleStage> {
  const { status } = lead;
  // A Status the user lists as disqualifying (`disqualifiedStatuses`) is known: not a lead any more.
  const mapped =
    status === null
      ? undefined
      : (lookup(SALESFORCE_LEAD_STATUS, status, overrides.lifecycleStages) ??
        (listedDisqualified(status, overrides.disqualifiedStatuses) ? 'other' : undefined));
  let stage: LifecycleStage = mapped ?? 'lead';
  if (lead.isConverted === true) {
    const floor: LifecycleStage = lead.convertedOpportunityId !== null ? 'opportunity' : 'sql';
    if (RANK[stage] < RANK[floor]) stage = floor;
  }
  return { value: stage, ...(status !== null && mapped === undefined ? { unmapped: status } : {}) };
}

/**
 * A lead's channel (MAPPINGS §2b): LeadSource through the user's `channels` (the API
 * connector's `leadSources`) and then the table. "Web" and other sources that map to `other`
 * say little, so the UTM parameters refine them (channels.ts), as they fill an empty
 * LeadSource. An unknown LeadSource is `other` unless the UTMs say more, and is returned as
 * `unmapped`; null when there is neither.
 */
export function salesforceLeadChannel(
  leadSource: string | null,
  utm: { source: string | null; medium: string | null },
  overrides: MappingOverrides = {},
): Mapped<Channel | null> {
  const mapped = leadSource === null ? undefined : lookup(SALESFORCE_LEAD_SOURCE, leadSource, overrides.channels);
  if (mapped !== undefined && mapped !== 'other') return { value: mapped };
  const value = channelFromUtm(utm.source, utm.medium) ?? (leadSource !== null ? 'other' : null);
  return { value, ...(leadSource !== null && mapped === undefined ? { unmapped: leadSource } : {}) };
}

/**
 * An opportunity's closed/won (MAPPINGS §2c): IsClosed/IsWon decide; a file without them by
 * StageName (the user's `stages` first, then the default and NPSP stages). An unknown stage
 * without the flags stays open and is returned as `unmapped`.
 */
export function salesforceOpportunityOutcome(
  stage: string | null,
  flags: { closed: boolean | null; won: boolean | null },
  overrides: MappingOverrides = {},
): DealOutcome {
  return dealOutcome(SALESFORCE_OPPORTUNITY_STAGE, stage, flags, overrides.stages);
}
