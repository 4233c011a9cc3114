/**
 * How `funnel rebuild` replays one committed load from its raw object (the `ReplayLoad` of
 * functions/core/rebuild.ts), through the same code as the original load:
 *
 * - an API pull (`<vendor>-api-<entity>`): the gzip JSONL records as landed, mapped by the
 *   configured connector's entity and loaded as `funnel run` loads them (`apiLoadInput`). The
 *   vendor is never called: the session is opened without credentials and any request fails.
 * - a file import (canonical CSV or a vendor format): the raw file as received, written to a
 *   temporary file of the original name and imported again with the original `--source`
 *   (from the raw key, which names it), `--date` (the `dt`) and time zone (from the manifest).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importFile } from '../core/import/import-file.js';
import { loadBatch, type LoadDeps } from '../core/load.js';
import { isDeclaredPeriod, periodOfPull } from '../core/periods.js';
import type { ReplayResult } from '../core/rebuild.js';
import type { LoadManifest } from '../core/records.js';
import type { Secrets } from '../core/secrets.js';
import { vendorFileFormats } from './formats.js';
import { realHttpDeps } from './http.js';
import { apiLoadInput, CONNECTORS, connectorOf } from './run-sources.js';
import type { Cursor, SourceContext } from './source.js';

/** What `funnel run` wrote beside each raw API batch (`manifests/raw/…json`); the fields a replay needs. */
interface RawManifest {
  vendor: string;
  entity: string;
  dt: string;
  runId: string;
  pulledAt: string;
  cursorBefore: Cursor | null;
  cursorAfter: Cursor;
  backfill: { from: string; to: string } | null;
  /** What the pull's connector recorded, among it the window it asked for (core/periods.ts periodOfPull). */
  notes?: Record<string, unknown>;
}

/**
 * Connectors check the shape of their credentials when a session opens. A replay maps records
 * already pulled and never sends a request (its fetch refuses), so placeholders of every
 * vendor's fields stand in for the real secret, which the rebuild then never needs.
 */
const NO_CREDENTIALS: Secrets = {
  get: async () =>
    JSON.stringify({
      accessToken: 'replay',
      refreshToken: 'replay',
      clientId: 'replay',
      clientSecret: 'replay',
      apiToken: 'replay',
      developerToken: 'replay',
      myDomainUrl: 'https://replay.invalid',
    }),
};

/** Replays one load; see the module comment. Throws with one line naming what is missing. */
export async function replayLoad(manifest: LoadManifest, deps: LoadDeps): Promise<ReplayResult> {
  const api = Object.values(CONNECTORS).find((c) => manifest.format.startsWith(`${c.vendor}-api-`));
  return api ? replayApi(manifest, deps) : replayFile(manifest, deps);
}

async function replayApi(manifest: LoadManifest, deps: LoadDeps): Promise<ReplayResult> {
  const rawManifestKey = manifest.rawKey.replace(/^raw\//, 'manifests/raw/').replace(/\.jsonl\.gz$/, '.json');
  const rawManifestBody = await deps.store.get(rawManifestKey);
  if (!rawManifestBody) throw new Error(`its raw manifest ${rawManifestKey} is missing`);
  const landed = JSON.parse(Buffer.from(rawManifestBody).toString('utf8')) as RawManifest;
  const source = manifest.source;
  const block = deps.config.sources[source];
  if (!block) throw new Error(`config.sources.${source} is not configured any more; add it back to rebuild its loads`);
  const { connector, config } = connectorOf(source, block);
  if (connector.vendor !== landed.vendor) {
    throw new Error(
      `config.sources.${source} is now a ${connector.vendor} source, but the raw batch came from ${landed.vendor}`,
    );
  }
  const ctx: SourceContext = {
    source,
    secrets: NO_CREDENTIALS,
    http: {
      ...realHttpDeps(),
      fetch: () =>
        Promise.reject(new Error('a rebuild never calls the vendor: it maps the raw records already pulled')),
    },
    now: new Date(landed.pulledAt),
    date: manifest.dt,
    reportingCurrency: deps.config.reportingCurrency,
    timezone: deps.config.timezone,
    ...(landed.backfill ? { backfill: landed.backfill } : {}),
  };
  const session = await connector.open(ctx, config);
  const entity = session.entities.find((e) => e.name === landed.entity);
  if (!entity)
    throw new Error(`config.sources.${source} no longer pulls ${landed.entity}; add it back to rebuild its loads`);
  const gz = await deps.store.get(manifest.rawKey);
  if (!gz) throw new Error(`raw object ${manifest.rawKey} is missing`);
  const records = Buffer.from(gunzipSync(gz))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
  const request = apiLoadInput(
    {
      source,
      vendor: landed.vendor,
      entity,
      date: manifest.dt,
      gz,
      runId: landed.runId,
      rawKey: manifest.rawKey,
      dayTimezone: ctx.timezone,
    },
    records,
    { before: landed.cursorBefore, after: landed.cursorAfter },
    // The same rule as the pull: the window is read from the notes the pull recorded.
    periodOfPull(landed.notes),
  );
  return loadBatch(deps, request);
}

async function replayFile(manifest: LoadManifest, deps: LoadDeps): Promise<ReplayResult> {
  const raw = await deps.store.get(manifest.rawKey);
  if (!raw) throw new Error(`raw object ${manifest.rawKey} is missing`);
  // The loader keys raw files `raw/<--source or "files">/<format>/dt=<dt>/…`: the source the
  // import was given (a vendor format always gets one, its default if none was given).
  const given = manifest.rawKey.split('/')[1];
  const source = given === undefined || given === 'files' ? undefined : given;
  const assumptions: string[] = [];
  let timezone = manifest.options?.timezone;
  if (!timezone && !manifest.format.startsWith('canonical-')) {
    timezone = deps.config.timezone;
    assumptions.push(`loaded before the time zone was recorded: read in the config's ${timezone}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'funnel-replay-'));
  try {
    // The original name: rejects and manifests name the file, and the raw key ends with it.
    const path = join(dir, basename(manifest.input));
    await writeFile(path, raw);
    const result = await importFile(
      { ...deps, vendorFormats: vendorFileFormats },
      {
        path,
        format: manifest.format,
        source,
        dt: manifest.dt,
        timezone,
        ...periodOption(manifest),
        ...snapshotOption(manifest),
      },
    );
    return { ...result, assumptions };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `--snapshot` (and `--allow-mass-delete`) an import was given, as recorded among its options. */
function snapshotOption(manifest: LoadManifest): { snapshot?: { allowMassDelete: boolean } } {
  if (manifest.options?.snapshot !== 'true') return {};
  return { snapshot: { allowMassDelete: manifest.options.allowMassDelete === 'true' } };
}

/** The `--period` an import was given, as recorded among its manifest's options; none when absent. */
function periodOption(manifest: LoadManifest): { period?: { from: string; to: string } } {
  const [from, to] = (manifest.options?.period ?? '').split('..');
  const period = { from, to };
  return isDeclaredPeriod(period) ? { period } : {};
}
