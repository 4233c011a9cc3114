/**
 * Calendar days placed in another zone than the report's (docs/methodology.md, "Times known
 * only to the day"). A vendor file or an API pull gives some instants as a bare day (a
 * Salesforce `Close Date` of `11/16/2026`); the load places such a day at its start in the
 * report's zone of the time (the config's `timezone`) and stores the instant. After the config's
 * zone changes, those instants start the day in the old zone: Monday 00:00 Berlin is Sunday
 * 18:00 in New York, so a Monday's won deals fall into the week before. Only a replay places
 * them again, so the report refuses until `funnel rebuild` has run.
 */
import type { LoadManifest } from '../records.js';
import { sameZone } from '../time-zone.js';
import { ReportRefused } from './coverage.js';

/** The tables whose instants a load may have placed from a bare day (spend has days, owners no instants). */
const TABLES_WITH_DAYS: ReadonlySet<string> = new Set(['leads', 'deals', 'activities']);

/** The report refuses: loads placed their calendar days in another zone. Its message is the one-line reason. */
export class DayZoneMismatch extends ReportRefused {
  override name = 'DayZoneMismatch';
}

/**
 * The zone a load placed its calendar days in, or null when it placed none or it cannot be
 * told. Recorded as `dayTimezone` since 1.11 (vendor files and API pulls). A vendor file loaded
 * before it was recorded placed them in the zone its times were read in (`options.timezone`,
 * before 1.10) or in the config's zone of the time, which was that zone unless `--timezone` said
 * otherwise (1.10): its read zone is taken. An API pull or a canonical file from before is null:
 * a pull read days in the config's zone, taken to be today's, and a canonical file holds no bare
 * day (such a cell is a reject).
 */
export function dayZoneOf(manifest: LoadManifest): string | null {
  if (!TABLES_WITH_DAYS.has(manifest.table)) return null;
  // A canonical file's `--timezone` is where its export day ends: it placed no bare day.
  if (manifest.format.startsWith('canonical-')) return manifest.dayTimezone ?? null;
  return manifest.dayTimezone ?? manifest.options?.timezone ?? null;
}

/**
 * Throws DayZoneMismatch when a load of leads, deals or activities placed its calendar days in
 * another zone than `timezone` (the report's), compared as zones, not names (time-zone.ts
 * sameZone: `UTC` and `Etc/UTC` are one zone, `Europe/Berlin` and `Europe/Zurich` two), naming
 * how many loads, the first one and its zone, and `funnel rebuild` (which places them again in today's zone). Every path that builds
 * a report calls it (buildReport), so the CLI and the Lambda refuse alike.
 */
export function assertDaysPlacedIn(manifests: readonly LoadManifest[], timezone: string): void {
  const other = manifests
    .filter((m) => {
      const zone = dayZoneOf(m);
      return zone !== null && !sameZone(zone, timezone);
    })
    .sort((a, b) => a.loadedAt.localeCompare(b.loadedAt));
  if (other.length === 0) return;
  const first = other[0]!;
  const more = other.length > 1 ? ` and ${other.length - 1} more load(s)` : '';
  throw new DayZoneMismatch(
    `${first.input} (${first.table}, loaded ${first.loadedAt.slice(0, 10)})${more} placed dates without a time ` +
      `in ${dayZoneOf(first)}, but the report's time zone is now ${timezone}: their days would fall into the ` +
      `wrong week; run \`funnel rebuild\` to place them in ${timezone} (the raw files are replayed, nothing is pulled)`,
  );
}
