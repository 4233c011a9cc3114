/**
 * Lambda bundle sizes: every handler the CDK app deploys (`entry: 'functions/handlers/….ts'` in
 * infra/), bundled with esbuild using the options of infra/constructs/pipeline-function.ts
 * (NodejsFunction: ESM, minified, platform node, target node22, the AWS SDK bundled, DuckDB
 * external, the createRequire banner). Without infra/, every file in functions/handlers/.
 * Reports the bytes of each bundle's index.mjs (the source map ships beside it; its size is extra).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The handler entries the CDK app names, or every handler file when there is no infra/ yet. */
export async function handlerEntries(root: string): Promise<{ entries: string[]; from: 'infra' | 'handlers' }> {
  const found = new Set<string>();
  for (const file of await filesUnder(join(root, 'infra'))) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/entry:\s*['"](functions\/handlers\/[\w./-]+\.ts)['"]/g)) found.add(m[1]!);
  }
  if (found.size > 0) return { entries: [...found].sort(), from: 'infra' };
  const dir = join(root, 'functions', 'handlers');
  const all = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')) : [];
  return { entries: all.sort().map((f) => `functions/handlers/${f}`), from: 'handlers' };
}

export async function bundleSizes(
  root: string,
): Promise<{ bundles: Record<string, number>; sourceMapBytes: Record<string, number>; from: string }> {
  const { entries, from } = await handlerEntries(root);
  const out = await mkdtemp(join(tmpdir(), 'funnel-bundles-'));
  const bundles: Record<string, number> = {};
  const sourceMapBytes: Record<string, number> = {};
  try {
    for (const entry of entries) {
      const name = basename(entry, '.ts');
      const outfile = join(out, name, 'index.mjs');
      await build({
        absWorkingDir: root,
        entryPoints: [join(root, entry)],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        external: ['@duckdb/node-api', '@duckdb/node-bindings', '*duckdb-parquet.js'],
        banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
        logLevel: 'error',
      });
      bundles[name] = (await stat(outfile)).size;
      sourceMapBytes[name] = (await stat(`${outfile}.map`)).size;
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return { bundles, sourceMapBytes, from };
}
