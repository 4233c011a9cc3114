/**
 * Lead quality reads each record's version as of the cutoff from int_leads__verdicts, a table the
 * refresh builds (issue #17): the same rows as the query that ranked the canonical versions at
 * every report (test/sql/lead-quality-ranked.sql), for every week and for cutoffs inside a week,
 * over leads disqualified, requalified and recycled across loads, with and without `updated_at`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { loadReportQuery } from '../../functions/core/models.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { leadCohortStart, parseWeek, shiftWeek, sqlTimestamp } from '../../functions/core/weeks.js';
import { lead, loadFixture, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

const RANKED = readFileSync(join(import.meta.dirname, 'lead-quality-ranked.sql'), 'utf8');
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REASONS = ['No budget', 'Competitor', 'Spam', null];
const EXPORT_DAYS = ['2026-10-05', '2026-10-26', '2026-11-09', '2026-11-18', '2026-11-23', '2026-11-24', '2026-12-07'];

/**
 * Leads of 40 records (some sharing a person, some merged), each exported on several of the
 * export days, a version per export: with `updated_at` a day or two before the export (sometimes
 * after it, or the same as an earlier version's; at midnight or an hour after, so that some fall
 * on a cutoff), or without it; disqualified, requalified,
 * not said (null), with a reason or none.
 */
function exports(): Map<string, CanonicalRecord[]> {
  const next = random(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const byDay = new Map<string, CanonicalRecord[]>(EXPORT_DAYS.map((d) => [d, []]));
  for (let i = 0; i < 40; i++) {
    const source = i % 3 === 0 ? 'salesforce' : 'hubspot';
    const created = new Date(Date.parse('2026-08-20T08:00:00Z') + Math.floor(next() * 110) * DAY);
    const email = `p${i % 29}@${i % 5 === 0 ? 'gmail.com' : 'northwind.example'}`;
    let lastUpdated: string | undefined;
    for (const day of EXPORT_DAYS) {
      const exported = Date.parse(`${day}T00:00:00Z`);
      if (exported < created.getTime() || next() < 0.3) continue;
      const shape = next();
      const updated =
        shape < 0.3
          ? undefined
          : shape < 0.4 && lastUpdated
            ? lastUpdated
            : new Date(
                Math.max(
                  created.getTime(),
                  exported - Math.floor(next() * 3 - 0.5) * DAY + (next() < 0.5 ? 0 : 3_600_000),
                ),
              ).toISOString();
      if (updated) lastUpdated = updated;
      const verdict = next();
      byDay.get(day)!.push(
        lead(`L${i}`, created.toISOString(), {
          source,
          email,
          channel: pick(['paid_search', 'paid_social', 'email']),
          ...(updated ? { updated_at: updated } : {}),
          ...(verdict < 0.2 ? {} : { is_disqualified: verdict < 0.6 }),
          ...(verdict >= 0.2 && verdict < 0.6 ? { disqualification_reason: pick(REASONS) } : {}),
          ...(i % 13 === 12 ? { merged_into_lead_id: `L${i - 1}`, is_deleted: true } : {}),
        }),
      );
    }
  }
  return byDay;
}

let wh: TestWarehouse;

beforeAll(async () => {
  const [first, ...rest] = [...exports()];
  wh = await warehouseFrom({ leads: first![1] }, {}, first![0]);
  for (const [day, leads] of rest) await loadFixture(wh.store, wh.config, { leads }, day);
  await wh.engine.close();
  wh.engine = await openLocalWarehouse(wh.dir, wh.config);
}, 120_000);

afterAll(async () => {
  await wh?.close();
});

describe('lead quality as of a cutoff, from int_leads__verdicts', () => {
  it('the same rows as ranking the canonical versions, for each week from W38 to W50 and cutoffs inside weeks', async () => {
    const cutoffs: { start: Date; cutoff: Date }[] = [];
    for (let w = 38; w <= 50; w++) {
      const week = parseWeek(`2026-W${w}`, 'UTC');
      cutoffs.push({ start: leadCohortStart(week).start, cutoff: week.end });
      // Inside the week (a running week's cutoff is now), on an export day's midnight and just after.
      for (const offset of [DAY, 2 * DAY + 1, 3 * DAY + 7 * 3_600_000]) {
        cutoffs.push({
          start: leadCohortStart(week).start,
          cutoff: new Date(shiftWeek(week, -1).end.getTime() + offset),
        });
      }
    }
    let disqualified = 0;
    for (const { start, cutoff } of cutoffs) {
      const params = [sqlTimestamp(start), sqlTimestamp(cutoff)];
      const expected = await wh.engine.query(RANKED, params);
      const actual = await wh.engine.query(loadReportQuery('lead_quality'), params);
      expect({ cutoff, rows: actual }).toEqual({ cutoff, rows: expected });
      disqualified += Number(expected.find((r) => r.kind === 'total')?.disqualified ?? 0);
    }
    // The data reaches every branch: weeks with verdicts, and weeks whose figures moved.
    expect(disqualified).toBeGreaterThan(20);
  });
});
