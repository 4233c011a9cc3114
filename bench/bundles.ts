/**
 * Lambda bundle sizes: every handler the CDK app deploys (`entry: 'functions/handlers/….ts'` in
 * infra/), bundled with esbuild using the options of infra/constructs/pipeline-function.ts
 * (read from infra/constructs/lambda-bundling.ts, the one source NodejsFunction uses: ESM, minified,
 * platform node, target node22, the runtime's AWS SDK clients, prettier and DuckDB external, React's
 * production build, the createRequire banner). Without infra/, every file in functions/handlers/.
 * Reports the bytes of each bundle's index.mjs (the source map ships beside it; its size is extra).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/constructs/lambda-bundling.js';

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

/** Where a bundled file's bytes belong: its npm package, or the project folder (`functions/core`). */
function owner(input: string): string {
  const pkgs = input.match(/node_modules\/(?:@[^/]+\/)?[^/]+/g);
  if (pkgs) return pkgs.at(-1)!.slice('node_modules/'.length);
  return input.split('/').slice(0, 2).join('/');
}

export interface BundleSizes {
  bundles: Record<string, number>;
  sourceMapBytes: Record<string, number>;
  /** Per bundle, the 8 largest owners (npm package or project folder) of its output bytes (esbuild metafile). */
  largest: Record<string, Record<string, number>>;
  from: string;
}

export async function bundleSizes(root: string): Promise<BundleSizes> {
  const { entries, from } = await handlerEntries(root);
  const out = await mkdtemp(join(tmpdir(), 'funnel-bundles-'));
  const bundles: Record<string, number> = {};
  const sourceMapBytes: Record<string, number> = {};
  const largest: Record<string, Record<string, number>> = {};
  try {
    for (const entry of entries) {
      const name = basename(entry, '.ts');
      const outfile = join(out, name, 'index.mjs');
      const { metafile } = await build({
        absWorkingDir: root,
        entryPoints: [join(root, entry)],
        outfile,
        ...lambdaBuildOptions(),
        logLevel: 'error',
        metafile: true,
      });
      bundles[name] = (await stat(outfile)).size;
      const byOwner = new Map<string, number>();
      for (const output of Object.values(metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
        }
      }
      largest[name] = Object.fromEntries([...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 8));
      sourceMapBytes[name] = (await stat(`${outfile}.map`)).size;
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return { bundles, sourceMapBytes, largest, from };
}
