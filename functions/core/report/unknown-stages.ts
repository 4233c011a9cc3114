/**
 * Deal stages the product does not know (docs/methodology.md, "Deal stages the product does not
 * know"; field case G6). A HubSpot custom pipeline ("Contract Signed") or a renamed Pipedrive
 * stage, exported without a won/closed flag, loads its deals as open: the import lists the labels
 * ("not recognized in "Deal Stage"") under the manifest note `unmappedLabels`, but the weekly
 * report said "won revenue 0" as measured. Here the open deals with such a label created
 * before the week's end are named (`dealsUnknownStage`): each may have been won in the week (a
 * deal read open keeps no close date), so the week's deal figures are not measured until the
 * labels are mapped under `sources["<format>"].stages` and the data rebuilt (`funnel rebuild`).
 */
import { showInvisible } from '../invisible.js';
import type { Row } from '../ports.js';
import type { LoadManifest } from '../records.js';
import type { DataAssumption, FamilyCoverage } from '../report-types.js';
import { count } from './round.js';

/** Per source, the deal stage labels some deals load could not map (its `unmappedLabels` note). */
export function unmappedStagesOf(manifests: readonly LoadManifest[]): Map<string, Set<string>> {
  const bySource = new Map<string, Set<string>>();
  for (const m of manifests) {
    if (m.table !== 'deals') continue;
    const unmapped = m.notes?.unmappedLabels as Record<string, Record<string, number>> | undefined;
    for (const labels of Object.values(unmapped ?? {})) {
      const set = bySource.get(m.source) ?? new Set<string>();
      for (const label of Object.keys(labels)) set.add(label);
      bySource.set(m.source, set);
    }
  }
  return bySource;
}

/**
 * One source's open deals, as of a week's end, whose stage is unmapped: `rows` such deals
 * created before the week's end (each may have been won in the week), `of` all the source's
 * open deals created before it, `stages` the labels, sorted.
 */
export interface UnknownStages {
  source: string;
  rows: number;
  of: number;
  stages: string[];
}

/** The rows of `sql/reports/deal_stages.sql` for one week matched against the unmapped labels. */
export function unknownStagesOf(
  rows: readonly Row[],
  unmapped: ReadonlyMap<string, ReadonlySet<string>>,
): UnknownStages[] {
  const bySource = new Map<string, UnknownStages>();
  for (const r of rows) {
    const source = String(r.source);
    const stage = String(r.stage);
    if (!unmapped.get(source)?.has(stage)) continue;
    const seen = bySource.get(source) ?? { source, rows: 0, of: count(r.source_open_deals), stages: [] };
    seen.rows += count(r.open_deals);
    seen.stages.push(stage);
    bySource.set(source, seen);
  }
  return [...bySource.values()]
    .map((s) => ({ ...s, stages: s.stages.sort() }))
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** The `dealsUnknownStage` assumptions of a week's findings. */
export function unknownStageAssumptions(findings: readonly UnknownStages[]): DataAssumption[] {
  return findings.map((f) => ({
    source: f.source,
    kind: 'dealsUnknownStage',
    rows: f.rows,
    of: f.of,
    stages: f.stages,
  }));
}

/**
 * The deals' coverage with the week's unmapped stages: not measured, naming the labels, when an
 * open deal created before the week's end has one (it may have been won in the week: wins, won
 * revenue and ROAS cannot be told, and a won deal's close date is not kept for a deal read
 * open); as given otherwise, or when already not measured.
 */
export function withUnknownStages(deals: FamilyCoverage, findings: readonly UnknownStages[]): FamilyCoverage {
  if (!deals.measured || findings.length === 0) return deals;
  const rows = findings.reduce((n, f) => n + f.rows, 0);
  const stages = [...new Set(findings.flatMap((f) => f.stages))].sort();
  return {
    measured: false,
    reason:
      `${rows} open deal${rows === 1 ? '' : 's'} ${rows === 1 ? 'has' : 'have'} a stage the import could not map ` +
      `(${stages.map((s) => `"${showInvisible(s)}"`).join(', ')}), so ${rows === 1 ? 'it' : 'they'} may have been won this week: ` +
      'map the stages in the config under sources["<format>"].stages and run funnel rebuild',
    lastDataAt: null,
    unknownStages: findings.map((f) => ({ source: f.source, rows: f.rows, stages: f.stages })),
  };
}
