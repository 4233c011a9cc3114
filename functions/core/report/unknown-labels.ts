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
 * `other` (e.g. a Salesforce LinkedIn task) is in a table, so never listed here.
 */
import type { LoadManifest } from '../records.js';
import type { FamilyCoverage } from '../report-types.js';
import { LOOKBACK_WEEKS, shiftWeek, type ReportWeek } from '../weeks.js';

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
 * Per source, the labels of `setting` that `table` loads could not map and whose rows could
 * lie on or after `from` (YYYY-MM-DD), sorted by source. Read from the manifests' notes
 * `unmappedLabels` and `unmappedLabelSettings` (loads before 1.12 lack the latter and are not
 * judged: `funnel rebuild` writes it).
 */
export function unknownLabelsOf(
  manifests: readonly LoadManifest[],
  table: string,
  setting: string,
  from: string,
): UnknownLabels[] {
  const bySource = new Map<string, Set<string>>();
  for (const m of manifests) {
    if (m.table !== table || !reaches(m, from)) continue;
    const unmapped = m.notes?.unmappedLabels as Record<string, Record<string, number>> | undefined;
    const settings = m.notes?.unmappedLabelSettings as Record<string, string> | undefined;
    for (const [column, labels] of Object.entries(unmapped ?? {})) {
      if (settings?.[column] !== setting) continue;
      const set = bySource.get(m.source) ?? new Set<string>();
      for (const label of Object.keys(labels)) set.add(label);
      bySource.set(m.source, set);
    }
  }
  return [...bySource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, labels]) => ({ source, setting, labels: [...labels].sort() }));
}

/**
 * The activity types no import could map in loads whose rows could follow up a lead of
 * `week`'s 4-week window (the overdue list and the window's follow-ups read it).
 */
export function unknownActivityTypesOf(manifests: readonly LoadManifest[], week: ReportWeek): UnknownLabels[] {
  return unknownLabelsOf(manifests, 'activities', 'activityTypes', shiftWeek(week, -LOOKBACK_WEEKS).startDate);
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
  return {
    measured: false,
    reason:
      `${n} activity type${n === 1 ? '' : 's'} no import could map: ${labels.join(', ')} ` +
      '(each may be a call, email or meeting): map them in the config under sources["<format>"].activityTypes and run funnel rebuild',
    lastDataAt: null,
    unknownLabels: found.map((f) => ({ ...f, labels: [...f.labels] })),
  };
}
