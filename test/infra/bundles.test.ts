/**
 * The Lambda bundles as `cdk deploy` builds them (the options of infra/constructs/lambda-bundling.ts,
 * the same ones NodejsFunction gets), built into a temp dir and loaded by plain Node with only
 * the runtime's AWS SDK clients resolvable. Externalizing a module (the SDK, prettier) or
 * replacing one (html-to-text) must never break a handler silently: every bundle has to load,
 * and the report bundle has to render and send the email, byte for byte the HTML of the source.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEntries } from '../../bench/bundles.js';
import fixture from '../../emails/fixtures/weekly-report.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { emailLocale, parseConfig } from '../../functions/core/config.js';
import { buildReportAttachments, summarizeAttachments } from '../../functions/core/report/attachments.js';
import { lambdaBuildOptions } from '../../infra/constructs/lambda-bundling.js';
import { ResendFake } from '../fakes/resend-fake.js';
import { linkRuntimeSdk, realErrors, runNode } from '../helpers/lambda-runtime.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const ONE_MIB = 1024 * 1024;

let dir: string;
const bundles = new Map<string, { file: string; bytes: number; inputs: string[] }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'funnel-lambda-bundles-'));
  await linkRuntimeSdk(dir);
  const { entries } = await handlerEntries(ROOT);
  for (const entry of entries) {
    const name = basename(entry, '.ts');
    const file = join(dir, name, 'index.mjs');
    const { metafile } = await build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, entry)],
      outfile: file,
      ...lambdaBuildOptions(),
      logLevel: 'error',
      metafile: true,
    });
    bundles.set(name, { file, bytes: (await stat(file)).size, inputs: inputsOf(metafile) });
  }
}, 120_000);

afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

function inputsOf(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
}

describe('Lambda bundles (lambda-bundling.ts options)', () => {
  it('builds the five handlers the CDK app deploys, each at most 1 MiB', () => {
    expect([...bundles.keys()].sort()).toEqual(['apply-views', 'ingest', 'rebuild', 'refresh', 'report']);
    for (const [name, b] of bundles) {
      console.info(`bundle ${name}: ${b.bytes} B`);
      expect(b.bytes, name).toBeLessThanOrEqual(ONE_MIB);
    }
  });

  it('leaves out the SDK clients, prettier, HTML-to-text and React development builds', () => {
    for (const [name, b] of bundles) {
      const offending = b.inputs.filter((i) =>
        /node_modules\/(@aws-sdk\/client-|prettier\/|html-to-text\/|@duckdb\/)|\.development\.js$/.test(i),
      );
      expect(offending, name).toEqual([]);
    }
    // …while what the runtime does not promise stays inside.
    expect(bundles.get('ingest')!.inputs.some((i) => i.includes('node_modules/@aws-sdk/lib-storage/'))).toBe(true);
  });

  it('loads every bundle in plain Node with only the runtime SDK resolvable, exporting a handler', async () => {
    const probe = join(dir, 'probe.mjs');
    await writeFile(
      probe,
      [
        'const m = await import(process.argv[2]);',
        // The probe sits beside the bundles: what it cannot resolve, the bundle cannot either.
        "const missing = []; for (const p of ['prettier', 'react', 'zod', 'html-to-text']) { try { await import(p); } catch (e) { if (e.code === 'ERR_MODULE_NOT_FOUND') missing.push(p); } }",
        "const sdk = typeof (await import('@aws-sdk/client-s3')).S3Client;",
        'console.log(JSON.stringify({ handler: typeof m.handler, missing, sdk }));',
      ].join('\n'),
    );
    for (const [name, b] of bundles) {
      const run = await runNode([probe, pathToFileURL(b.file).href], { cwd: dir });
      expect(realErrors(run.stderr), name).not.toMatch(/Error/);
      expect(JSON.parse(run.stdout.trim()), name).toEqual({
        handler: 'function',
        missing: ['prettier', 'react', 'zod', 'html-to-text'],
        sdk: 'function',
      });
    }
  }, 120_000);

  it('renders and sends the weekly email from the built report bundle: same HTML as the source, no prettier', async () => {
    const config = parseConfig({
      report: { from: 'one-funnel <report@example.com>', to: ['cmo@example.com', 'cso@example.com'] },
    });
    const fake = new ResendFake({ apiKeys: ['re_test_key'] });
    const baseUrl = await fake.start();
    try {
      const input = join(dir, 'deliver-input.json');
      await writeFile(input, JSON.stringify({ report: fixture.report, trend: fixture.trend, config, baseUrl }));
      const script = join(dir, 'deliver.mjs');
      await writeFile(
        script,
        [
          "import { readFileSync } from 'node:fs';",
          'const { deliverReport } = await import(process.argv[2]);',
          "const { report, trend, config, baseUrl } = JSON.parse(readFileSync(process.argv[3], 'utf8'));",
          "const secrets = { get: async (name) => { if (name !== 'resend') throw new Error('no secret ' + name); return JSON.stringify({ apiKey: 're_test_key' }); } };",
          'const out = await deliverReport(report, { config, secrets, resendBaseUrl: baseUrl }, trend);',
          'console.log(JSON.stringify(out));',
        ].join('\n'),
      );
      const run = await runNode([script, pathToFileURL(bundles.get('report')!.file).href, input], { cwd: dir });
      expect(realErrors(run.stderr)).not.toMatch(/Error/);
      expect(JSON.parse(run.stdout.trim())).toMatchObject({ recipients: 2, deduplicated: false });
      expect(fake.sent).toHaveLength(1);

      // The bundle attaches the drill-down CSVs (csv-stringify bundled), the same bytes as the source builds.
      const files = buildReportAttachments(fixture.report);
      expect(fake.sent[0]!.attachments?.map((a) => [a.filename, a.content.toString('utf8')])).toEqual(
        files.map((f) => [f.filename, f.csv]),
      );
      const source = await renderWeeklyReport({
        report: fixture.report as never,
        trend: fixture.trend as never,
        attachments: summarizeAttachments(files),
        locale: emailLocale(config),
        methodologyUrl: config.report.methodologyUrl,
        followUpSlaHours: config.followUpSlaHours,
      });
      const sent = fake.sent[0]!;
      expect(sent.subject).toBe(source.subject);
      expect(sent.text).toBe(source.text);
      expect(sent.html).toBe(source.html);
      expect(Buffer.byteLength(sent.html!)).toBeLessThanOrEqual(102_000);
    } finally {
      await fake.stop();
    }
  }, 120_000);
});

describe('bench/bundles.ts', () => {
  it('measures with the same options (its report bundle has the size built here)', async () => {
    const { bundleSizes } = await import('../../bench/bundles.js');
    const measured = await bundleSizes(ROOT);
    for (const [name, b] of bundles) expect(measured.bundles[name], name).toBe(b.bytes);
    expect(Object.keys(measured.largest.report!)).toContain('react-dom');
  }, 120_000);
});
