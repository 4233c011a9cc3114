/** Vitest global setup: a folder for the reliability tallies, and the summary line at the end. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { summaryLine, type TallyEntry } from './tally.js';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityTallyDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'funnel-reliability-'));
  project.provide('reliabilityTallyDir', dir);
  return () => {
    const all: TallyEntry[] = [];
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        if (line) all.push(JSON.parse(line) as TallyEntry);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (all.length > 0) console.log(`\n${summaryLine(all)}\n`);
  };
}
