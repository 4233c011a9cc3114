/**
 * Vendor labels no import could map, for the families whose figures they change
 * (docs/methodology.md, "Labels the product does not know"). An activity type nobody mapped (a
 * Pipedrive, Salesforce or HubSpot custom type, or a default type in a language the tables
 * lack) loads as `other`, which never follows up: the week's SLA read 0 % and named reps who
 * did call. The import lists
 * such labels under the manifest note `unmappedLabels`, and since 1.12 the setting that maps the
 * column under `unmappedLabelSettings`; here the loads whose rows could touch a week are found,
 * and the follow-up figures of that week are held as not measured, naming the labels and the
 * setting, until they are mapped and the data rebuilt (`funnel rebuild`). A label known to mean
 * `other` (e.g. a Salesforce LinkedIn task) is in a table, so never listed here. Since 1.13 the
 * same holds lead quality (MQLs, disqualified): a lead status or lifecycle stage nobody mapped
 * loads the lead as a plain lead, not disqualified (`coverage.leadQuality`).
 */
import type { LoadManifest } from '../records.js';
import type { FamilyCoverage } from '../report-types.js';
import { leadCohortStart, LOOKBACK_WEEKS, shiftWeek, type ReportWeek } from '../weeks.js';

/** One source's labels of one setting that loads touching a week could not map. */
export interface UnknownLabels {
  source: string;
  /** The config setting that maps them (`sources["<format>"].<setting>`). */
  setting: string;
  /** The labels, sorted. */
  labels: string[];
}

/**
 * Whether a load's rows could lie on or after `from` (YYYY-MM-DD): its declared period ends
 * then or later, or it declares none.
 */
function reaches(m: LoadManifest, from: string): boolean {
  return m.period === undefined || m.period.to >= from;
}

/**
 * Per source and setting, the labels of `setting` (one, or any of several) that `table` loads
 * could not map and whose rows could lie on or after `from` (YYYY-MM-DD), sorted by source,
 * then setting. Read from the manifests' notes `unmappedLabels` and `unmappedLabelSettings`
 * (loads before 1.12 lack the latter and are not judged: `funnel rebuild` writes it).
 */
export function unknownLabelsOf(
  manifests: readonly LoadManifest[],
  table: string,
  setting: string | readonly string[],
  from: string,
): UnknownLabels[] {
  const wanted = new Set<string>(typeof setting === 'string' ? [setting] : setting);
  const found = new Map<string, UnknownLabels>();
  for (const m of manifests) {
    if (m.table !== table || !reaches(m, from)) continue;
    const unmapped = m.notes?.unmappedLabels as Record<string, Record<string, number>> | undefined;
    const settings = m.notes?.unmappedLabelSettings as Record<string, string> | undefined;
    for (const [column, labels] of Object.entries(unmapped ?? {})) {
      const own = settings?.[column];
      if (own === undefined || !wanted.has(own)) continue;
      const key = JSON.stringify([m.source, own]);
      const entry = found.get(key) ?? { source: m.source, setting: own, labels: [] };
      entry.labels = [...new Set([...entry.labels, ...Object.keys(labels)])].sort();
      found.set(key, entry);
    }
  }
  return [...found.values()].sort((a, b) => a.source.localeCompare(b.source) || a.setting.localeCompare(b.setting));
}

/**
 * The settings that map what a follow-up rests on: the activity's type (`activityTypes`: an
 * unmapped call reads as `other`) and its status or outcome (`activityStatuses`: an unmapped
 * "Abgesagt" or custom outcome reads as not happened), since 1.15.
 */
export const FOLLOW_UP_SETTINGS = ['activityTypes', 'activityStatuses'] as const;

/**
 * The activity types and statuses no import could map in loads whose rows could follow up a lead of
 * `week`'s 4-week window (the overdue list and the window's follow-ups read it).
 */
export function unknownActivityTypesOf(manifests: readonly LoadManifest[], week: ReportWeek): UnknownLabels[] {
  return unknownLabelsOf(manifests, 'activities', FOLLOW_UP_SETTINGS, shiftWeek(week, -LOOKBACK_WEEKS).startDate);
}

/**
 * The settings that map what a lead's lead quality rests on: its lifecycle stage or lead status
 * (`lifecycleStages` of the Salesforce and HubSpot exports and the HubSpot connector; the
 * Salesforce connector's and HubSpot's Lead Status `leadStatuses`). A label of either nobody
 * mapped loads the lead as a plain lead, not disqualified: its MQL and disqualified figures
 * would be silently short.
 */
export const LEAD_QUALITY_SETTINGS = ['lifecycleStages', 'leadStatuses'] as const;

/**
 * The lifecycle stages and lead statuses no import could map in lead loads whose rows could lie
 * in the 13-week lead cohort ending with `week` (lead-quality.ts; it holds the week's leads, the
 * 8 weekly cohorts and the previous week too).
 */
export function unknownLeadStatusesOf(manifests: readonly LoadManifest[], week: ReportWeek): UnknownLabels[] {
  return unknownLabelsOf(manifests, 'leads', LEAD_QUALITY_SETTINGS, leadCohortStart(week).startDate);
}

/**
 * Lead quality's coverage (MQLs, disqualified) of a week from its unknown lifecycle stages and
 * lead statuses (`found`, unknownLeadStatusesOf): not measured, naming the labels and the
 * settings that map them, when any; measured otherwise.
 */
export function leadQualityCoverage(found: readonly UnknownLabels[]): FamilyCoverage {
  if (found.length === 0) return { measured: true, reason: null, lastDataAt: null };
  const labels = labelsOf(found);
  const n = labels.length;
  const settings = [...new Set(found.map((f) => f.setting))].sort();
  return {
    measured: false,
    reason:
      `${n} lead status${n === 1 ? '' : 'es'} or lifecycle stage${n === 1 ? '' : 's'} no import could map: ${labels.join(', ')} ` +
      `(each may be an MQL or disqualified): map them in the config under ${settings.map((s) => `sources["<format>"].${s}`).join(' or ')} and run funnel rebuild`,
    lastDataAt: null,
    unknownLabels: found.map((f) => ({ ...f, labels: [...f.labels] })),
  };
}

/** The distinct labels of `found`, sorted. */
export function labelsOf(found: readonly UnknownLabels[]): string[] {
  return [...new Set(found.flatMap((f) => f.labels))].sort();
}

/**
 * The follow-ups' coverage with the week's unknown activity types: not measured, naming them
 * and the setting, when any (an unmapped call reads as no follow-up: the SLA rate, late and
 * overdue counts would be silently wrong); as given otherwise, or when already not measured.
 */
export function withUnknownActivityTypes(followUps: FamilyCoverage, found: readonly UnknownLabels[]): FamilyCoverage {
  if (!followUps.measured || found.length === 0) return followUps;
  const labels = labelsOf(found);
  const n = labels.length;
  const settings = [...new Set(found.map((f) => f.setting))].sort();
  const what = settings
    .map((s) =>
      s === 'activityStatuses' ? `activity status${n === 1 ? '' : 'es'}` : `activity type${n === 1 ? '' : 's'}`,
    )
    .join(' or ');
  const may = settings.includes('activityStatuses')
    ? settings.includes('activityTypes')
      ? 'each may be a call, email or meeting, or one that took place'
      : 'each may say the activity took place or did not'
    : 'each may be a call, email or meeting';
  return {
    measured: false,
    reason:
      `${n} ${what} no import could map: ${labels.join(', ')} ` +
      `(${may}): map them in the config under ${settings.map((s) => `sources["<format>"].${s}`).join(' or ')} and run funnel rebuild`,
    lastDataAt: null,
    unknownLabels: found.map((f) => ({ ...f, labels: [...f.labels] })),
  };
}
