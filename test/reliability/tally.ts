/**
 * Counts the reliability cases tried, per category, across test files (each file runs in its
 * own fork): every case appends its result to a file in the folder the global setup provides,
 * and the global teardown prints one summary line.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject, it } from 'vitest';

export const CATEGORIES = ['bad input', 'faults', 'properties', 'freshness'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface TallyEntry {
  category: Category;
  name: string;
  ok: boolean;
}

const file = `${randomUUID()}.jsonl`;

/** Appends one entry to this worker's tally file (written at once: no hook ordering to rely on). */
function write(entry: TallyEntry): void {
  let dir: string | undefined;
  try {
    dir = inject('reliabilityTallyDir');
  } catch {
    dir = undefined;
  }
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, file), JSON.stringify(entry) + '\n');
}

/** A reliability case: a vitest test that records whether it held. */
export function reliabilityCase(
  category: Category,
  name: string,
  fn: () => Promise<void> | void,
  timeout?: number,
): void {
  it(
    name,
    async () => {
      try {
        await fn();
        write({ category, name, ok: true });
      } catch (err) {
        write({ category, name, ok: false });
        throw err;
      }
    },
    timeout,
  );
}

/** Records a case run outside `reliabilityCase` (e.g. several cases inside one test). */
export function recordCase(category: Category, name: string, ok: boolean): void {
  write({ category, name, ok });
}

export function summaryLine(all: readonly TallyEntry[]): string {
  const by = CATEGORIES.map((c) => `${c} ${all.filter((e) => e.category === c).length}`).join(', ');
  const failed = all.filter((e) => !e.ok);
  const verdict =
    failed.length === 0
      ? 'all invariants held'
      : `${failed.length} FAILED (${failed
          .slice(0, 5)
          .map((f) => f.name)
          .join('; ')}${failed.length > 5 ? '; …' : ''})`;
  return `reliability: ${all.length} cases tried (${by}): ${verdict}`;
}
