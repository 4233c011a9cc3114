/**
 * The esbuild options of every Lambda bundle, in one place: PipelineFunction (NodejsFunction
 * bundling) and bench/bundles.ts + test/infra/bundles.test.ts (esbuild's API) both read them,
 * so the benchmark and the load test measure exactly what `cdk deploy` ships.
 *
 * No CDK import here: the benchmark and the tests load this file without aws-cdk-lib.
 */
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Left out of the bundle, resolved at run time.
 * - `@aws-sdk/client-*`: the Lambda Node.js 22 runtime ships AWS SDK v3 (every client) and
 *   its ES-module loader finds it; the functions get the runtime's SDK version, not our lock
 *   file's (trade-off and the way back: docs/deploy.md, "AWS SDK in the bundles"). Only the
 *   clients: `@aws-sdk/lib-storage` and any `@smithy/*` a bundled module imports stay bundled,
 *   because the runtime does not promise them.
 * - `prettier`: `@react-email/render` imports it lazily, only for `render(…, { pretty: true })`,
 *   which one-funnel never asks for (test/infra/bundles.test.ts renders with the built bundle
 *   and no prettier resolvable).
 * - DuckDB (local mode only) is reached by a dynamic import the Lambdas never take (they pass
 *   the JS Parquet writer); keeping that module external keeps the native binary out.
 */
export const LAMBDA_EXTERNAL_MODULES: readonly string[] = [
  '@aws-sdk/client-*',
  'prettier',
  'prettier/*',
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  '*duckdb-parquet.js',
];

/**
 * React (react-dom/server) picks its production build by `process.env.NODE_ENV`; Lambda sets
 * no NODE_ENV, so without this the bundle carries both builds and runs the slower development one.
 */
export const LAMBDA_DEFINE: Readonly<Record<string, string>> = { 'process.env.NODE_ENV': '"production"' };

/** Modules replaced by a stub that throws (see infra/bundling/no-plain-text.ts for why it is safe). */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  'html-to-text': `${ROOT}infra/bundling/no-plain-text.ts`,
  'entities/lib/decode.js': `${ROOT}infra/bundling/no-plain-text.ts`,
};

/** CommonJS dependencies inside an ESM bundle still call require(). */
export const LAMBDA_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** The esbuild options NodejsFunction derives from PipelineFunction's bundling props. */
export const LAMBDA_ESBUILD = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
} as const;

/** The same bundle through esbuild's API (benchmark, load test): pass to `build()` with entryPoints/outfile. */
export function lambdaBuildOptions() {
  return {
    bundle: true,
    ...LAMBDA_ESBUILD,
    mainFields: [...LAMBDA_ESBUILD.mainFields],
    external: [...LAMBDA_EXTERNAL_MODULES],
    define: { ...LAMBDA_DEFINE },
    alias: { ...LAMBDA_ALIASES },
    banner: { js: LAMBDA_BANNER },
  };
}
