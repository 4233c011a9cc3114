/**
 * The command line as a newcomer meets it (issue 15, item 7): each message says what happened
 * and what to do, a failed import fails, and nothing of a binary file reaches the terminal.
 * Runs the real binary (bin/funnel.js) in a directory of its own, as a user would.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL_FORMATS } from '../../functions/core/import/import-file.js';
import { VENDOR_FORMATS } from '../../functions/sources/formats.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'funnel.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `funnel ARGS` with `cwd` as the working directory (never the repository's). */
async function funnelIn(cwd: string, ...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, timeout: 60_000, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as Result;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const DEALS_HEADER =
  'deal_id,source,name,account_name,account_domain,created_at,updated_at,closed_at,stage,is_closed,is_won,amount,currency,owner_id,pipeline,converted_from_lead_id,contact_emails,is_deleted';
const deal = (id: string, currency: string) =>
  `${id},crm,Deal ${id},Acme AG,acme.example,2026-11-17T09:00:00Z,2026-11-18T09:00:00Z,,Qualification,false,false,1000,${currency},rep-1,default,,buyer@acme.example,false`;
const LEADS_HEADER = 'lead_id,source,email,created_at,updated_at,lifecycle_stage,channel,owner_id';
const lead = (id: string) =>
  `${id},crm,lead${id}@acme.example,2026-11-17T08:00:00Z,2026-11-17T08:00:00Z,mql,paid_search,rep-1`;

/** Each test starts the CLI one to eight times (about 2 s each, far more on a loaded machine). */
const SPAWNS = 120_000;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'newcomer-'));
});

/** A fresh working directory under the test's temp dir. */
async function workdir(name: string): Promise<string> {
  const cwd = join(dir, name);
  await mkdir(cwd, { recursive: true });
  return cwd;
}

/** No byte of a terminal control sequence (C0 but newline, DEL, C1) in `text`. */
function terminalClean(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text);
}

describe('funnel --version and funnel import --help', () => {
  it(
    '--version prints the version of package.json',
    async () => {
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const r = await funnelIn(await workdir('version'), '--version');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    },
    SPAWNS,
  );

  it(
    'import --help lists every format of the registry, with the table it loads',
    async () => {
      const r = await funnelIn(await workdir('help'), 'import', '--help');
      expect(r.code).toBe(0);
      for (const name of CANONICAL_FORMATS)
        expect(r.stdout).toMatch(new RegExp(`^  ${name} +${name.slice(10)}: `, 'm'));
      for (const f of Object.values(VENDOR_FORMATS))
        expect(r.stdout).toMatch(new RegExp(`^  ${f.name} +${f.table}: `, 'm'));
    },
    SPAWNS,
  );
});

describe('an empty data dir', () => {
  it(
    'the default one says where `npm start` put the demo and how to report on it',
    async () => {
      const cwd = await workdir('after-npm-start');
      await mkdir(join(cwd, '.funnel', 'demo', 'manifests'), { recursive: true });
      const r = await funnelIn(cwd, 'report');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'funnel: no data loaded in .funnel (the default data dir): `npm start` put the demo in .funnel/demo: ' +
          'funnel --data-dir .funnel/demo --config out/demo/funnel.config.json report --week 2026-W47; ' +
          'or import exports with `funnel import FILE --as FORMAT` or pull with `funnel run`\n',
      );
    },
    SPAWNS,
  );

  it(
    'without a demo it says `npm start` loads one; a query runs but says the store is empty',
    async () => {
      const cwd = await workdir('fresh');
      const r = await funnelIn(cwd, 'report', '--week', '2026-W47');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^funnel: no data loaded in \.funnel .*run `npm start`, which loads a demo into \.funnel\/demo\n$/,
      );
      const q = await funnelIn(cwd, 'query', 'select count(*) as n from fct_persons', '--format', 'csv');
      expect(q.code).toBe(0);
      expect(q.stdout).toBe('n\n0\n');
      expect(q.stderr).toMatch(/^note: no data loaded in \.funnel /);
    },
    SPAWNS,
  );
});

describe('FX rates without --config', () => {
  it(
    'an import whose amounts need a rate says that no config was given, and how to give one',
    async () => {
      const cwd = await workdir('fx-import');
      await writeFile(join(cwd, 'deals.csv'), [DEALS_HEADER, deal('d1', 'EUR'), deal('d2', 'USD')].join('\n'));
      const r = await funnelIn(cwd, 'import', 'deals.csv', '--as', 'canonical-deals');
      expect(r.code).toBe(0); // one row loaded
      expect(r.stdout).toContain('deals.csv: 1 loaded, 1 rejected into deals');
      expect(r.stdout).toMatch(/^ {2}rejected: 1 × currency: no FX rate for USD.* \(first on line 3\)$/m);
      expect(r.stdout).toMatch(
        /^ {2}no config was given \(--config FILE\), so there are no FX rates and only EUR amounts load: .*"fxRates".*`funnel --config FILE rebuild`/m,
      );
    },
    SPAWNS,
  );

  it(
    'a report over data loaded with rates, run without --config, says no config was given',
    async () => {
      const cwd = await workdir('fx-report');
      await writeFile(join(cwd, 'funnel.json'), JSON.stringify({ fxRates: { USD: 0.9 } }));
      await writeFile(join(cwd, 'deals.csv'), [DEALS_HEADER, deal('d1', 'USD')].join('\n'));
      const loaded = await funnelIn(cwd, '--config', 'funnel.json', 'import', 'deals.csv', '--as', 'canonical-deals');
      expect(loaded.stdout).toContain('1 loaded, 0 rejected');
      const r = await funnelIn(cwd, 'report', '--week', '2026-W47');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^funnel: no FX rate for USD: no config was given \(--config FILE\), so there are none; pass the config the data was loaded with, or write one with "fxRates" /,
      );
      expect(r.stderr.split('\n')).toHaveLength(2);
      const withConfig = await funnelIn(cwd, '--config', 'funnel.json', 'report', '--week', '2026-W47');
      expect(withConfig.code).toBe(0);
    },
    SPAWNS,
  );
});

describe('an import of which every row is rejected', () => {
  it(
    'exits non-zero, and the data-health footer names it until the file loads',
    async () => {
      const cwd = await workdir('all-rejected');
      await writeFile(join(cwd, 'leads.csv'), [LEADS_HEADER, lead('l1'), lead('l2')].join('\n'));
      await writeFile(join(cwd, 'deals.csv'), [DEALS_HEADER, deal('d1', 'JPY'), deal('d2', 'JPY')].join('\n'));
      expect((await funnelIn(cwd, 'import', 'leads.csv', '--as', 'canonical-leads')).code).toBe(0);

      const r = await funnelIn(cwd, 'import', 'deals.csv', '--as', 'canonical-deals');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^deals\.csv: 0 loaded, 2 rejected into deals/);
      expect(r.stderr).toBe(
        'funnel: every row of deals.csv was rejected, nothing loaded into deals: fix the file and import it again, or fix the config and run `funnel rebuild`\n',
      );
      // Importing the same file again changes nothing, and still fails.
      const again = await funnelIn(cwd, 'import', 'deals.csv', '--as', 'canonical-deals');
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/already loaded .*\(0 loaded, 2 rejected\)/);

      const json = await funnelIn(cwd, 'report', '--week', '2026-W47');
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as { dataQuality: { rejectedImports: unknown[] } };
      expect(report.dataQuality.rejectedImports).toEqual([
        { input: 'deals.csv', table: 'deals', source: 'mixed', loadedAt: expect.any(String), rowsRejected: 2 },
      ]);
      const text = await funnelIn(cwd, 'report', '--week', '2026-W47', '--format', 'text');
      expect(text.stdout).toMatch(
        /Not loaded: every row of deals\.csv \(deals, imported .*\) was rejected \(2\); its data is missing from these figures/,
      );

      // The fixed file, imported under the same name, loads: the footer no longer names it.
      await writeFile(join(cwd, 'deals.csv'), [DEALS_HEADER, deal('d1', 'EUR'), deal('d2', 'EUR')].join('\n'));
      expect((await funnelIn(cwd, 'import', 'deals.csv', '--as', 'canonical-deals')).code).toBe(0);
      const after = JSON.parse((await funnelIn(cwd, 'report', '--week', '2026-W47')).stdout) as typeof report;
      expect(after.dataQuality.rejectedImports).toEqual([]);
    },
    SPAWNS,
  );
});

describe('the config', () => {
  it(
    'an unknown key suggests the closest known one',
    async () => {
      const cwd = await workdir('config-key');
      await writeFile(join(cwd, 'funnel.json'), JSON.stringify({ fxRate: { USD: 0.9 } }));
      const r = await funnelIn(cwd, '--config', 'funnel.json', 'query', 'select 1 as one');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('funnel: funnel.json: fxRate: unknown key; did you mean "fxRates"?\n');
    },
    SPAWNS,
  );

  it(
    'an unknown source type fails when the config is read, on any command',
    async () => {
      const cwd = await workdir('config-source');
      await writeFile(join(cwd, 'funnel.json'), JSON.stringify({ sources: { hubspt: { portalId: '1' } } }));
      const r = await funnelIn(cwd, '--config', 'funnel.json', 'query', 'select 1 as one');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^funnel: funnel\.json: sources\.hubspt: unknown source type "hubspt"; did you mean "hubspot"\? /,
      );
    },
    SPAWNS,
  );
});

describe('binary input is never echoed', () => {
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n%'),
    Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x00]),
  ]);
  const gif = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x00, 0x1b, 0x07, 0x00, 0x3b]);
  const zip = Buffer.from(zipSync({ 'export.csv': new TextEncoder().encode('a,b\n1,2\n') }));

  it.each([
    [
      'report.pdf',
      'canonical-leads',
      pdf,
      /^funnel: report\.pdf: not a text\/CSV file \(a PDF cannot be read; download the export as CSV\)\n$/,
    ],
    [
      'photo.csv',
      'canonical-deals',
      gif,
      /^funnel: photo\.csv: not a text\/CSV file \(a binary file, not a CSV or text export; .*\)\n$/,
    ],
    [
      'export.zip',
      'canonical-spend',
      zip,
      /^funnel: export\.zip: not a text\/CSV file \(a ZIP archive or an Excel workbook\); .*unzip it/,
    ],
    [
      'report.pdf',
      'hubspot-contacts-csv',
      pdf,
      /^funnel: report\.pdf: a PDF cannot be read; download the export as CSV\n$/,
    ],
    ['photo.csv', 'salesforce-leads-csv', gif, /^funnel: photo\.csv: a binary file, not a CSV or text export; /],
  ])(
    '%s as %s: one line naming the file',
    async (name, format, bytes, message) => {
      const cwd = await workdir(`binary-${format}`);
      await writeFile(join(cwd, name), bytes);
      const r = await funnelIn(cwd, 'import', name, '--as', format);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(terminalClean(r.stderr)).toBe(true);
    },
    SPAWNS,
  );

  it(
    'control sequences quoted from a text file are shown escaped, never sent to the terminal',
    async () => {
      const cwd = await workdir('escapes');
      await writeFile(join(cwd, 'leads.csv'), '\u001b]0;owned\u0007\u001b[2J,email\nx,y\n');
      const r = await funnelIn(cwd, 'import', 'leads.csv', '--as', 'canonical-leads');
      expect(r.code).toBe(1);
      expect(terminalClean(r.stderr)).toBe(true);
      expect(r.stderr).toContain('\\x1b]0;owned\\x07\\x1b[2J');
    },
    SPAWNS,
  );
});

describe('funnel outside the repository', () => {
  it(
    'renders the email (the repository tsconfig is used whatever the working directory)',
    async () => {
      const cwd = await workdir('elsewhere');
      await writeFile(join(cwd, 'leads.csv'), [LEADS_HEADER, lead('l1')].join('\n'));
      expect((await funnelIn(cwd, 'import', 'leads.csv', '--as', 'canonical-leads')).code).toBe(0);
      const r = await funnelIn(cwd, 'report', '--week', '2026-W47', '--format', 'text');
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Data health');
    },
    SPAWNS,
  );
});
