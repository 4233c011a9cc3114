/**
 * `funnel`: the command line of one-funnel (README "Command line"). Exit 0 on success; on
 * failure a one-line reason on stderr and a non-zero exit (FUNNEL_DEBUG=1 adds the stack).
 * Everything printed passes through `terminalSafe`: a file's bytes quoted in a message never
 * reach the terminal as control sequences.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import {
  ImportFailed,
  RunFailed,
  backfillCommand,
  demoCommand,
  importCommand,
  queryCommand,
  rebuildCommand,
  reportCommand,
  runCommand,
} from './cli/commands.js';
import { DEFAULT_DATA_DIR, type GlobalOptions } from './cli/context.js';
import { formatList, terminalSafe } from './cli/output.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('funnel')
  .description('One weekly funnel report for marketing and sales, from the same data and the same definitions.')
  .version(version, '-V, --version', 'print the version of one-funnel')
  .option(
    '--config <file>',
    'JSON config: currency and FX rates, time zone, follow-up SLA, sources, recipients (README, "Configuration"); without it the defaults apply: EUR, no FX rates, UTC',
  )
  .option('--data-dir <dir>', 'the local store', DEFAULT_DATA_DIR)
  .showHelpAfterError()
  .configureOutput({
    writeOut: (text) => process.stdout.write(terminalSafe(text)),
    writeErr: (text) => process.stderr.write(terminalSafe(text)),
  })
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const print = (text: string): void => {
  process.stdout.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
};
const printErr = (text: string): void => {
  process.stderr.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
};

program
  .command('demo')
  .description('write the demo data set (deterministic) as canonical CSV files and a config')
  .option('--out <dir>', 'where to write it', 'out/demo')
  .option('--seed <n>', 'another deterministic variant', (v) => Number.parseInt(v, 10))
  .option('--scale <x>', 'multiply the volumes', Number.parseFloat)
  .action(async (options) => print(await demoCommand(options)));

program
  .command('import')
  .description('load one export file as downloaded (CSV, or a ZIP/.xlsx for vendor formats)')
  .argument('<file>', 'the file as downloaded')
  .requiredOption('--as <format>', 'the file format (listed below)')
  .option(
    '--source <name>',
    "the rows' source: fills canonical rows without one; names every row of a vendor file (default the vendor, e.g. salesforce; salesforce_emea for a second org)",
  )
  .option(
    '--date <YYYY-MM-DD>',
    'the day the file was exported (dt= partition; orders versions without a last-modified column); default today',
  )
  .option(
    '--timezone <tz>',
    "timezone for a vendor file's timestamps without offset, and where the export day (--date) ends; default the config's",
  )
  .option(
    '--period <FROM..TO>',
    'the days the file covers completely, e.g. 2026-11-16..2026-11-22 (report time zone); overrides the range the file states; see docs/methodology.md, Coverage',
  )
  .option(
    '--snapshot',
    'the file holds every current record of its object (leads, deals, activities) for its source: records loaded before and absent from it are marked deleted; see docs/vendor-imports.md',
  )
  .option(
    '--allow-mass-delete',
    "with --snapshot: allow marking more than half of the source's current records deleted",
  )
  .addHelpText(
    'after',
    `\nFormats (--as):\n${formatList()}\n\nSee docs/vendor-imports.md for each vendor export and its options.`,
  )
  .action(async (file: string, options) => print(await importCommand(file, options, globals())));

program
  .command('run')
  .description('the daily job: pull every configured source, load, refresh the models')
  .option('--date <YYYY-MM-DD>', 'the run day; default today in the config timezone')
  .action(async (options) => print(await runCommand(options, globals())));

program
  .command('backfill')
  .description('pull a date range from every configured source, idempotently (cursors untouched)')
  .requiredOption('--from <YYYY-MM-DD>', 'first day')
  .requiredOption('--to <YYYY-MM-DD>', 'last day')
  .action(async (options) => print(await backfillCommand(options, globals())));

program
  .command('rebuild')
  .description(
    "re-derive the canonical tables and rejects from the raw zone with today's rules (no pulling); idempotent, crash-safe: re-run it after a failure",
  )
  .option('--keep-missing-raw', 'keep loads whose raw file is missing as they were loaded, instead of refusing')
  .option(
    '--reread',
    "accept files that today's config reads otherwise than their loads did (date order, decimal separator, encoding), listing each, instead of refusing",
  )
  .action(async (options) => print(await rebuildCommand(options, globals(), print)));

program
  .command('report')
  .description('build the weekly FunnelReport')
  .option('--week <YYYY-Www>', 'ISO week in the config timezone; default the last full week')
  .option('--format <formats>', 'json, html or text (comma-separated with --out)', 'json')
  .option('--out <dir>', 'write report-<week>.<ext> files into DIR')
  .option('--send', 'mail it: Resend when RESEND_API_KEY is set, else the outbox folder')
  .option('--outbox <dir>', 'the outbox folder (default <data-dir>/outbox)')
  .option('--allow-stale', 'send even when a source is past holdAfterHours')
  .option('--allow-incomplete', 'send even when follow-ups, spend or deals are not measured (no data loaded)')
  .option('--partial', 'report the running week, marked partial (a week not ended is otherwise refused)')
  .action(async (options) => print((await reportCommand(options, globals())).stdout));

program
  .command('query')
  .description('run SQL on the local engine over the canonical tables and the reconciled models')
  .argument('<sql>', 'the SQL statement')
  .option('--format <format>', 'table, json or csv', 'table')
  .action(async (sql: string, options) => print(await queryCommand(sql, options, globals(), printErr)));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (err instanceof RunFailed || err instanceof ImportFailed) {
    // Every source's (or the import's) lines go to stdout; the reason for the failure is the last line.
    const lines = err.message.split('\n');
    print(lines.slice(0, -1).join('\n'));
    printErr(`funnel: ${lines.at(-1)}`);
    process.exitCode = 1;
  } else {
    const e = err as Error;
    printErr(`funnel: ${e.message.split('\n')[0]}`);
    if (process.env.FUNNEL_DEBUG) printErr(e.stack ?? '');
    process.exitCode = 1;
  }
}
