/**
 * The layers as designed (SPEC §2): the core is pure domain and never imports a source or an
 * adapter; the sources never import an adapter. The CLI, the handlers and the tests wire them.
 * Static and dynamic imports alike, type-only ones included (they still tie the layers).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports, statically or with `import()`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

/** `file`'s imports that resolve into one of the `forbidden` top folders (relative to the repo). */
async function crossings(layer: string, forbidden: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of await tsFiles(layer)) {
    const text = await readFile(join(ROOT, file), 'utf8');
    for (const spec of specifiers(text)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, file, '..', spec));
      if (forbidden.some((f) => target === f || target.startsWith(f + '/'))) out.push(`${file} → ${spec}`);
    }
  }
  return out;
}

describe('layers', () => {
  it('finds imports at all (the scan itself works)', async () => {
    expect(await crossings('bin', ['functions/adapters'])).not.toEqual([]);
  });

  it('the core imports no source and no adapter', async () => {
    expect(
      await crossings('functions/core', ['functions/sources', 'functions/adapters', 'functions/handlers']),
    ).toEqual([]);
  });

  it('the sources import no adapter and no handler', async () => {
    expect(await crossings('functions/sources', ['functions/adapters', 'functions/handlers'])).toEqual([]);
  });
});
