/**
 * The real app as `npx cdk synth` builds it: cdk.json's context, esbuild bundles of every
 * Lambda, cdk-nag as a validation plugin (a finding fails the synth). Slow: one synth.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.js';
import { linkRuntimeSdk } from '../helpers/lambda-runtime.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  app: string;
  notices: boolean;
  context: Record<string, unknown>;
};

// Bundling four Lambdas plus cdk-nag takes a minute on a busy 2-core box: opt-in for
// `npm test`, always run by `npm run test:infra` and .ci/steps/30-infra.sh.
const slow = process.env.FUNNEL_SLOW_TESTS === '1';
if (!slow)
  console.warn('SKIPPED the real-app synth (bundles every Lambda): set FUNNEL_SLOW_TESTS=1 or run npm run test:infra');

let outdir: string;
let synthMs = 0;
let template: {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
};

beforeAll(async () => {
  if (!slow) return;
  outdir = await mkdtemp(join(tmpdir(), 'cdk-out-'));
  const started = Date.now();
  const { app, stack } = buildApp({ context: cdkJson.context, outdir });
  app.synth(); // throws if cdk-nag reports an unacknowledged finding
  synthMs = Date.now() - started;
  template = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')) as typeof template;
}, 300_000);

afterAll(() => (outdir ? rm(outdir, { recursive: true, force: true }) : undefined));

function lambdaAssets(): { id: string; dir: string; bytes: number }[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id, r]) => {
      // The code object is `<asset hash>.zip`; the bundle sits in `asset.<hash>/`.
      const key = (r.Properties?.Code as { S3Key?: string } | undefined)?.S3Key ?? '';
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      return { id, dir, bytes: statSync(join(dir, 'index.mjs')).size };
    });
}

describe.skipIf(!slow)('the real app (cdk.json)', () => {
  it('turns CDK telemetry and notices off in cdk.json and runs the app with tsx', () => {
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });

  it('synthesizes offline, without credentials, through the cdk-nag gate', () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
    console.info(`synth of the real app (bundling 5 Lambdas + cdk-nag): ${synthMs} ms`);
  });

  it("bundles each Lambda as one minified ESM file with a source map, without DuckDB's binary", () => {
    const assets = lambdaAssets();
    expect(assets).toHaveLength(5);
    for (const asset of assets) {
      const files = readdirSync(asset.dir);
      expect(files, asset.id).toContain('index.mjs.map');
      const code = readFileSync(join(asset.dir, 'index.mjs'), 'utf8');
      // DuckDB stays external (only the local mode's dynamic import names it); no native binary.
      expect(
        files.filter((f) => f.endsWith('.node')),
        asset.id,
      ).toEqual([]);
      expect(code, asset.id).not.toContain('duckdb_bindings');
      expect(asset.bytes / code.split('\n').length, asset.id).toBeGreaterThan(2000); // minified: long lines
      expect(asset.bytes, asset.id).toBeLessThanOrEqual(1024 * 1024);
      // NodejsFunction got lambda-bundling.ts's externals, alias and define: the source map lists
      // no SDK client, prettier, HTML-to-text or React development build.
      const { sources } = JSON.parse(readFileSync(join(asset.dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(
        sources.filter((f) => /node_modules\/(@aws-sdk\/client-|prettier\/|html-to-text\/)|\.development\.js$/.test(f)),
        asset.id,
      ).toEqual([]);
      console.info(`bundle ${asset.id}: ${asset.bytes} bytes`);
    }
  });

  it('ships sql/ inside the bundles that run report and model SQL', () => {
    for (const asset of lambdaAssets()) {
      const hasSql = existsSync(join(asset.dir, 'sql', 'reports', 'weekly_totals.sql'));
      expect(hasSql, asset.id).toBe(/^(Refresh|Report)/.test(asset.id));
    }
  });

  it('loads every bundle in plain Node as an ES module exporting a handler', async () => {
    // Like the Lambda runtime: the AWS SDK clients (external) resolvable, nothing else.
    await linkRuntimeSdk(outdir);
    for (const asset of lambdaAssets()) {
      // A fresh Node process, as Lambda loads it (vitest would re-transform 1 MB bundles).
      const url = pathToFileURL(join(asset.dir, 'index.mjs')).href;
      const run = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`],
        { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'eu-central-1' }, timeout: 60_000 },
      );
      expect(run.stderr.replace(/.*NodeVersionSupportWarning[\s\S]*?trace-warnings.*\n?/, ''), asset.id).not.toMatch(
        /Error/,
      );
      expect(run.stdout.trim(), asset.id).toBe('function');
    }
  }, 240_000);
});
