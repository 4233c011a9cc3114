/**
 * The docs a user reads stand alone (issue 15, item 8): README.md, docs/*.md and the CLI's
 * help text (bin/) point to no document outside the repository (the product specification,
 * the mapping and connector notes, the shared field-case notes), only to their own sections.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Pointers to documents that live outside this repository. */
const OUTSIDE =
  /\bSPEC\b|\bMAPPINGS\b|CONNECTORS(?:\.md| §)|\bCONVENTIONS\b|\bTRAPS\.md|SOURCES\.md|field-cases\/README|\/work\/shared/;

function files(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f));
  const bin = readdirSync(join(ROOT, 'bin'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.[jt]s$/.test(f))
    .map((f) => join(ROOT, 'bin', f));
  return [join(ROOT, 'README.md'), ...docs, ...bin];
}

describe('docs stand alone', () => {
  it('README.md, docs/*.md and bin/ point to no document outside the repository', () => {
    const found: string[] = [];
    for (const file of files()) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (OUTSIDE.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the pattern finds such pointers (the scan itself works)', () => {
    for (const line of ['(SPEC §4.2)', 'MAPPINGS §5', 'CONNECTORS §8', 'see CONNECTORS.md', 'field-cases/README.md'])
      expect(line).toMatch(OUTSIDE);
    for (const line of ['`UNSPECIFIED`', 'PROSPECTING_AGENT', 'Object.keys(CONNECTORS)'])
      expect(line).not.toMatch(OUTSIDE);
  });
});
