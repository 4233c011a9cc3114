/**
 * Counts the reliability cases tried, per category, across test files (each file runs in its
 * own fork): every case records itself, each file appends its tally to the folder the global
 * setup provides, and the global teardown prints one summary line.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, inject, it } from 'vitest';

export const CATEGORIES = ['bad input', 'faults', 'properties', 'freshness'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface TallyEntry {
  category: Category;
  name: string;
  ok: boolean;
}

const entries: TallyEntry[] = [];
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  afterAll(() => {
    let dir: string | undefined;
    try {
      dir = inject('reliabilityTallyDir' as never) as string | undefined;
    } catch {
      dir = undefined;
    }
    if (!dir || entries.length === 0) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify(entries));
  });
}

/** A reliability case: a vitest test that records whether it held. */
export function reliabilityCase(
  category: Category,
  name: string,
  fn: () => Promise<void> | void,
  timeout?: number,
): void {
  register();
  it(
    name,
    async () => {
      try {
        await fn();
        entries.push({ category, name, ok: true });
      } catch (err) {
        entries.push({ category, name, ok: false });
        throw err;
      }
    },
    timeout,
  );
}

/** Records a case run outside `reliabilityCase` (e.g. several cases inside one test). */
export function recordCase(category: Category, name: string, ok: boolean): void {
  register();
  entries.push({ category, name, ok });
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
