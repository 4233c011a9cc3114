/**
 * The deployment configuration: `cdk.json` context key `oneFunnel`, or a JSON file named by
 * `-c configFile=path`. Validated at synth; a bad value stops the synth with one line that
 * names the file and the field. The SPEC §4 part (`funnel`) is the same schema the CLI uses.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { checkSources, parseConfig, SOURCE_NAME, type Config, type ConfigInput } from '../functions/core/config.js';
import { configuredSources } from '../functions/core/freshness.js';
import { timeZoneName } from '../functions/core/time-zone.js';
import { CONNECTORS } from '../functions/sources/run-sources.js';
import { VENDOR_FORMATS } from '../functions/sources/formats.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24 h), e.g. 06:30');
const timezone = timeZoneName;
const email = z.string().regex(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/, 'must be an email address');
export { SOURCE_NAME };
const sourceName = z.string().regex(SOURCE_NAME, 'must be a lower-case source name such as hubspot or google_ads');

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export const deployConfigSchema = z
  .object({
    /** @default 'OneFunnel' */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,100}$/, 'must start with a letter and hold only letters, digits and -')
      .default('OneFunnel'),
    /** Prefix of every named resource (Glue database, workgroup, secrets). @default 'one-funnel' */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lower-case letters, digits and -, 2 to 31 characters')
      .default('one-funnel'),
    /** Who receives the alarms (SNS email subscriptions, confirmed by mail). */
    alertEmails: z.array(email).max(10).default([]),
    schedule: z
      .object({
        /** IANA zone of the times below; defaults to `funnel.timezone`. */
        timezone: timezone.optional(),
        dailyAt: hhmm.default('05:30'),
        weeklyReportDay: z.enum(WEEKDAYS).default('MON'),
        weeklyReportAt: hhmm.default('07:00'),
      })
      .strict()
      .default({ dailyAt: '05:30', weeklyReportDay: 'MON', weeklyReportAt: '07:00' }),
    /**
     * Source partitions that exist without a connector, e.g. `csv` for `funnel import`
     * of canonical files. Connector sources (enabled in `funnel.sources`) are added.
     */
    importSources: z.array(sourceName).default(['csv']),
    /** First day of the `dt` partition projection. @default '2020-01-01' */
    dataStartDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .default('2020-01-01'),
    athena: z
      .object({
        /** Per-query scan limit; Athena cancels a query above it. Minimum 10 MB. @default 10 GiB */
        bytesScannedCutoffPerQuery: z
          .number()
          .int()
          .min(10_000_000, 'must be at least 10000000 (10 MB), the Athena minimum')
          .default(10 * 1024 ** 3),
        /** Days query results are kept. @default 30 */
        resultsExpireDays: z.number().int().min(1).max(3650).default(30),
      })
      .strict()
      .default({ bytesScannedCutoffPerQuery: 10 * 1024 ** 3, resultsExpireDays: 30 }),
    lake: z
      .object({
        /** Raw exports move to Glacier Instant Retrieval after this many days. @default 90 */
        rawArchiveAfterDays: z.number().int().min(30).max(3650).default(90),
        /** Overwritten or deleted object versions are kept this long. @default 90 */
        noncurrentVersionDays: z.number().int().min(1).max(3650).default(90),
      })
      .strict()
      .default({ rawArchiveAfterDays: 90, noncurrentVersionDays: 90 }),
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
    /**
     * The SPEC §4 configuration, recipients and source blocks (functions/core/config.ts),
     * validated by parseConfig below, so a misspelt key names the closest known one as in the CLI.
     */
    funnel: z.custom<ConfigInput>(() => true).optional(),
  })
  .strict();

export type DeployConfigInput = z.input<typeof deployConfigSchema>;

export interface DeployConfig extends Omit<z.output<typeof deployConfigSchema>, 'funnel' | 'schedule'> {
  schedule: z.output<typeof deployConfigSchema>['schedule'] & { timezone: string };
  funnel: Config;
  /** Sources the daily run pulls: `funnel.sources` entries not disabled, sorted. */
  enabledSources: string[];
  /** Every `source=` partition Athena projects: enabled and import sources. */
  partitionSources: string[];
}

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

export function parseDeployConfig(input: unknown, where: string): DeployConfig {
  const result = deployConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const first = result.error.issues[0];
    const path = first && first.path.length > 0 ? first.path.join('.') : '(root)';
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new DeployConfigError(`${where}: ${path}: ${first?.message ?? 'invalid'}${more}`);
  }
  const raw = result.data;
  const funnel = parseConfig(raw.funnel, `${where}: funnel`);
  const enabledSources = configuredSources(funnel);
  const bad = enabledSources.find((s) => !SOURCE_NAME.test(s));
  if (bad)
    throw new DeployConfigError(
      `${where}: funnel.sources.${bad}: ${sourceName.safeParse(bad).error?.issues[0]?.message}`,
    );
  // A misspelt source type stops the synth, not the first scheduled run.
  checkSources(funnel, { types: Object.keys(CONNECTORS), formats: Object.keys(VENDOR_FORMATS) }, `${where}: funnel`);
  return {
    ...raw,
    schedule: { ...raw.schedule, timezone: raw.schedule.timezone ?? funnel.timezone },
    funnel,
    enabledSources,
    partitionSources: [...new Set([...enabledSources, ...raw.importSources])].sort(),
  };
}

/** Reads the config from `-c configFile=…` or the `oneFunnel` context of cdk.json. */
export function loadDeployConfig(context: (key: string) => unknown): DeployConfig {
  const file = context('configFile');
  if (typeof file === 'string' && file !== '') {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new DeployConfigError(`${file}: cannot read the deploy config (${reason})`);
    }
    return parseDeployConfig(json, file);
  }
  return parseDeployConfig(context('oneFunnel'), 'cdk.json context "oneFunnel"');
}
