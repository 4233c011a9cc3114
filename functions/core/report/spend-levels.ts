/**
 * Spend loaded below the campaign level (docs/methodology.md, "Idle spend"). A Meta export of
 * ad sets (only `Ad set name`) or of ads names each row by its ad set or ad: idle spend would
 * list "Lookalike 1%" and "Interests" as campaigns that spent without an opportunity while their
 * campaign produced one, since leads name campaigns. Each load records the level its rows were
 * exported at (`spendCoverage[].level`); for each day of the week, per platform and account, the
 * latest load covering it says which level its spend is at.
 */
import { accountKey, coverageOf } from '../import/spend-overlap.js';
import type { LoadManifest } from '../records.js';
import type { ReportWeek } from '../weeks.js';

const DAY_MS = 86_400_000;

/**
 * The ad platforms (sorted) whose spend on some day of `week` comes, by the latest load covering
 * that day for its account, from rows named below the campaign level (`ad set`, `ad`). Loads
 * from before the level was recorded, API pulls and canonical files are at campaign level.
 */
export function spendBelowCampaign(manifests: readonly LoadManifest[], week: ReportWeek): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${week.startDate}T00:00:00Z`); days.length < 7; ms += DAY_MS) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  // Per platform, account and day: the level of the latest load covering it.
  const latest = new Map<string, { loadedAt: string; level: string; platform: string }>();
  for (const m of manifests) {
    if (m.table !== 'spend') continue;
    for (const entry of coverageOf(m)) {
      for (const day of days) {
        if (day < entry.start || day > entry.end) continue;
        const key = JSON.stringify([entry.platform, accountKey(entry.accountId), day]);
        const seen = latest.get(key);
        if (!seen || seen.loadedAt < m.loadedAt) {
          latest.set(key, { loadedAt: m.loadedAt, level: entry.level, platform: entry.platform });
        }
      }
    }
  }
  return [...new Set([...latest.values()].filter((v) => v.level !== 'campaign').map((v) => v.platform))].sort();
}
