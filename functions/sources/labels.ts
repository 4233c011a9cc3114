/**
 * Label tables: vendor values → canonical values, shared by the API connectors and the CSV
 * formats (each vendor's tables live once, in `<vendor>/mapping.ts`). Internal values and
 * export labels (EN, DE where known) are matched case-insensitively with `-`/`_` read as
 * spaces, so `Marketing Qualified Lead`, `Marketing-Qualified-Lead` and
 * `marketingqualifiedlead` all map (MAPPINGS: "match internal value first, then label").
 */
import { withoutFormatCharacters } from '../core/invisible.js';
import type { ActivityType, Channel, LifecycleStage } from '../core/schema.js';

/**
 * A label as the tables key it: without invisible format characters (core/invisible.ts: a
 * zero-width space or soft hyphen pasted into `Paid Search`), trimmed, lower case, `-`/`_` and
 * runs of spaces (no-break spaces too) → one space.
 */
export function normalizeLabel(value: string): string {
  return withoutFormatCharacters(value).trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
}

/** Builds a table from canonical value → the vendor labels that mean it. */
export function table<T extends string>(entries: Partial<Record<T, readonly string[]>>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [canonical, labels] of Object.entries(entries) as [T, readonly string[] | undefined][]) {
    for (const label of labels ?? []) map.set(normalizeLabel(label), canonical);
  }
  return map;
}

/**
 * A label without its spaces (normalizeLabel, then every space removed): `List Email`,
 * `ListEmail` and `Marketing` + soft hyphen + `Qualified Lead` are one. The key a table falls
 * back to when the spaced one is not in it.
 */
export function compactLabel(value: string): string {
  return normalizeLabel(value).replaceAll(' ', '');
}

/** Per table, its labels by compactLabel (built on the first miss). */
const COMPACT = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();

function compactIndex<T extends string>(map: ReadonlyMap<string, T>): ReadonlyMap<string, T> {
  let index = COMPACT.get(map);
  if (!index) {
    const built = new Map<string, string>();
    for (const [key, canonical] of map)
      if (!built.has(key.replaceAll(' ', ''))) built.set(key.replaceAll(' ', ''), canonical);
    index = built;
    COMPACT.set(map, index);
  }
  return index as ReadonlyMap<string, T>;
}

/**
 * Looks a label up in a table, after the user's overrides (config), which win; both compared
 * by normalizeLabel (invisible format characters removed), then without spaces (compactLabel:
 * a soft hyphen between two words leaves them joined).
 */
export function lookup<T extends string>(
  map: ReadonlyMap<string, T>,
  value: string,
  overrides?: Readonly<Record<string, T>>,
): T | undefined {
  const key = normalizeLabel(value);
  const compact = key.replaceAll(' ', '');
  if (overrides) {
    const entries = Object.entries(overrides);
    for (const [label, canonical] of entries) if (normalizeLabel(label) === key) return canonical;
    for (const [label, canonical] of entries) if (compactLabel(label) === compact) return canonical;
  }
  return map.get(key) ?? compactIndex(map).get(compact);
}

/**
 * Sales' judgement of a lead (the canonical `is_disqualified`, `disqualification_reason`):
 * null when the source does not say. The reason is kept only with a disqualification (a
 * requalified lead may still carry its old reason), trimmed, null when empty.
 */
export interface Disqualification {
  is_disqualified: boolean | null;
  disqualification_reason: string | null;
}

/** The canonical pair from a vendor's verdict (null: not said) and its reason text. */
export function disqualification(isDisqualified: boolean | null, reason: string | null): Disqualification {
  const text = reason?.trim() ?? '';
  return {
    is_disqualified: isDisqualified,
    disqualification_reason: isDisqualified === true && text !== '' ? text : null,
  };
}

/** A deal stage's outcome. */
export type StageOutcome = 'won' | 'lost' | 'open';

/**
 * The user's mappings for values the built-in tables do not know, the same on every path of a
 * source: an API connector passes its config (e.g. Salesforce `leadStatuses` as
 * `lifecycleStages`), a CSV format its `config.sources["<format>"]` options. They win over
 * the tables and are matched like them (case-insensitive, `-`/`_` as spaces).
 */
export interface MappingOverrides {
  lifecycleStages?: Readonly<Record<string, LifecycleStage>>;
  /** Lead statuses that mean sales disqualified the lead (Salesforce); they replace the defaults. */
  disqualifiedStatuses?: readonly string[];
  channels?: Readonly<Record<string, Channel>>;
  stages?: Readonly<Record<string, StageOutcome>>;
  /** Activity type labels → canonical type (custom or translated types the tables do not know). */
  activityTypes?: Readonly<Record<string, ActivityType>>;
  /**
   * Activity status / outcome labels (a HubSpot meeting outcome or call status, a Salesforce
   * task status, a Pipedrive done flag) → whether the activity took place: `happened` or
   * `not_happened` (custom or translated values the tables do not know). They win.
   */
  activityStatuses?: Readonly<Record<string, ActivityStatusMeaning>>;
  /**
   * HubSpot Lead Status (`hs_lead_status`) labels → what they say (custom or translated
   * statuses): `open` (no verdict), `opportunity` (an open deal), `disqualified`. They win.
   */
  leadStatuses?: Readonly<Record<string, HubspotLeadStatus>>;
}

/** What an activity's status or outcome says: it took place, or it did not (cancelled, open, rescheduled…). */
export const ACTIVITY_STATUS_MEANINGS = ['happened', 'not_happened'] as const;
export type ActivityStatusMeaning = (typeof ACTIVITY_STATUS_MEANINGS)[number];

/** What a HubSpot Lead Status says: nothing of sales' verdict, an open deal, or disqualified. */
export const HUBSPOT_LEAD_STATUS_MEANINGS = ['open', 'opportunity', 'disqualified'] as const;
export type HubspotLeadStatus = (typeof HUBSPOT_LEAD_STATUS_MEANINGS)[number];

/**
 * The setting that maps a label family, named by the import's hint for a label it could not
 * map (`unmappedLabels`) and read by the report to tell which figures the label could change:
 * `activityTypes` and `activityStatuses` (follow-ups), `lifecycleStages` (MQL, disqualified), `stages` (deals),
 * `channels`, `disqualifiedStatuses`. Null: a label no setting maps (e.g. a task status).
 */
export type LabelSetting = keyof MappingOverrides | null;

/**
 * Counts a label an API connector's mapping could not map into its load's notes, in the shape a
 * file import's notes have (vendor-csv/kit.ts `Notes.unmapped`): `unmappedLabels` (field →
 * label → count) and `unmappedLabelSettings` (field → the setting that maps it), which the
 * report reads to hold the figures such labels could change (core/report/unknown-labels.ts).
 */
export function noteUnmappedLabel(
  notes: { readonly data: Record<string, unknown>; set(key: string, value: unknown): void },
  field: string,
  label: string,
  setting: Exclude<LabelSetting, null>,
): void {
  const labels = (notes.data.unmappedLabels as Record<string, Record<string, number>> | undefined) ?? {};
  const counts = labels[field] ?? {};
  counts[label] = (counts[label] ?? 0) + 1;
  labels[field] = counts;
  notes.set('unmappedLabels', labels);
  const settings = (notes.data.unmappedLabelSettings as Record<string, string> | undefined) ?? {};
  settings[field] = setting;
  notes.set('unmappedLabelSettings', settings);
}

/** A mapped value, and the vendor label no table or override knew (for the import's `unmappedLabels`). */
export interface Mapped<T> {
  value: T;
  unmapped?: string;
}

/**
 * A deal's outcome, and `undetermined` when nothing says it: the stage is empty and no won or
 * closed flag is given (a grouped report shows a group's stage on its first row only). The
 * value then reads open; a file import refuses the row instead (`UNDETERMINED_STAGE`).
 */
export interface DealOutcome extends Mapped<{ isClosed: boolean; isWon: boolean }> {
  undetermined?: true;
}

/** Why a deal row without a stage or won/closed flags is refused (every deals file format). */
export const UNDETERMINED_STAGE =
  'the stage is empty and no won or closed column says how the deal stands (a grouped report shows ' +
  "a group's stage on its first row only: export it with every row's values, as Details Only)";

/**
 * A deal stage's outcome: the source's `stages` setting first, then the vendor's table.
 * Undefined when neither knows the stage (the caller lists it under `unmappedLabels`).
 */
export function stageOutcome(
  map: ReadonlyMap<string, StageOutcome>,
  stage: string,
  settings?: Readonly<Record<string, StageOutcome>>,
): StageOutcome | undefined {
  return lookup(map, stage, settings);
}

/**
 * Closed/won of a deal whose CRM may export the flags (HubSpot `hs_is_closed`/
 * `hs_is_closed_won`, Salesforce IsClosed/IsWon): the flags decide (MAPPINGS §2c "map on
 * IsClosed/IsWon, not names"); without them, the stage by name (overrides, then the table).
 * A stage neither flags nor names settle stays open and is returned as `unmapped`.
 */
export function dealOutcome(
  map: ReadonlyMap<string, StageOutcome>,
  stage: string | null,
  flags: { closed: boolean | null; won: boolean | null },
  overrides?: Readonly<Record<string, StageOutcome>>,
): DealOutcome {
  const byName = stage === null ? undefined : stageOutcome(map, stage, overrides);
  const isWon = flags.won ?? byName === 'won';
  const isClosed = flags.closed ?? (isWon || byName === 'lost');
  const unmapped = stage !== null && byName === undefined && flags.won === null && flags.closed === null;
  const undetermined = stage === null && flags.won === null && flags.closed === null;
  return {
    value: { isClosed, isWon },
    ...(unmapped ? { unmapped: stage } : {}),
    ...(undetermined ? { undetermined: true as const } : {}),
  };
}
