/**
 * Faults, each followed by a re-run: crashes at every step boundary of the daily pull and of a
 * file import (a wrapping ObjectStore throws on the Nth matching write), and a Resend 5xx
 * after the message was accepted. After the re-run every invariant must hold and the result
 * must equal a run that never failed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { ResendMailer } from '../../functions/adapters/resend-mailer.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { listManifests } from '../../functions/core/load.js';
import { cursorKey } from '../../functions/sources/run-sources.js';
import { HubSpotFake } from '../fakes/hubspot.js';
import { ResendFake } from '../fakes/resend-fake.js';
import { FaultyStore, InjectedCrash } from './faulty-store.js';
import { snapshot } from './invariants.js';
import { DT, Pipeline } from './pipeline.js';
import { reliabilityCase } from './tally.js';

let encoder: DuckDBParquetEncoder;
let hubspot: HubSpotFake;
let sources: Record<string, Record<string, unknown>>;
let secrets: Record<string, object>;
/** The canonical zone and report of a run that never failed, to compare recoveries against. */
let control: { canonical: [string, string][]; report: string };

const entries = (m: Map<string, string>): [string, string][] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

beforeAll(async () => {
  encoder = await DuckDBParquetEncoder.create();
  hubspot = new HubSpotFake({ contacts: 40, deals: 12, engagements: 6, asOf: '2026-11-20T12:00:00Z' });
  await hubspot.start();
  sources = { hubspot: { baseUrl: hubspot.baseUrl, currency: 'EUR' } };
  secrets = {
    hubspot: {
      accessToken: 'hs-token-1',
      refreshToken: hubspot.refreshToken,
      clientId: hubspot.clientId,
      clientSecret: hubspot.clientSecret,
    },
  };
  const p = await Pipeline.create(encoder);
  try {
    await p.runApi(sources, secrets);
    control = { canonical: entries((await snapshot(p.local)).canonical), report: (await p.report()).json };
  } finally {
    await p.close();
  }
}, 60_000);

afterAll(async () => {
  await hubspot.stop();
  await encoder.close();
});

/** A daily pull that crashes at `pattern`, then re-runs; the recovery equals the control run. */
async function crashThenRerun(pattern: RegExp, before?: (p: Pipeline) => Promise<void>): Promise<void> {
  let faulty: FaultyStore | undefined;
  const p = await Pipeline.create(encoder, { wrap: (s) => (faulty = new FaultyStore(s, pattern)) });
  try {
    const first = await p.runApi(sources, secrets);
    expect(faulty?.fired, 'the fault was injected').toBeDefined();
    const hs = first.sources[0]!;
    expect(hs.ok).toBe(false);
    expect(hs.error).toContain('injected crash');
    expect(hs.error).not.toContain('\n');
    await before?.(p);
    await p.holds(() => p.runApi(sources, secrets));
    expect(entries((await snapshot(p.local)).canonical), 'recovered canonical ≠ a run that never failed').toEqual(
      control.canonical,
    );
    expect((await p.report()).json, 'recovered report ≠ a run that never failed').toBe(control.report);
  } finally {
    await p.close();
  }
}

describe('faults in the daily pull, each followed by a re-run', () => {
  reliabilityCase('faults', 'crash between the raw write and the canonical write', () =>
    crashThenRerun(/^canonical\/leads\//, async (p) => {
      expect((await p.local.list('raw/hubspot/contacts/')).length, 'raw landed before the crash').toBe(1);
      expect(await p.local.exists(cursorKey('hubspot', 'contacts')), 'cursor must not move').toBe(false);
    }),
  );

  reliabilityCase('faults', 'crash between the canonical write and the cursor save', () =>
    crashThenRerun(/^state\/cursors\/hubspot\/contacts/, async (p) => {
      const m = (await listManifests(p.local)).filter((x) => x.table === 'leads');
      expect(m, 'the batch was committed before the crash').toHaveLength(1);
      expect(await p.local.exists(cursorKey('hubspot', 'contacts'))).toBe(false);
    }),
  );

  reliabilityCase('faults', 'crash while committing the load manifest leaves no visible uncommitted rows', () =>
    crashThenRerun(/^manifests\/loads\/leads\//, async (p) => {
      expect(await p.local.list('canonical/leads/'), 'uncommitted parts are visible to queries').toEqual([]);
    }),
  );

  reliabilityCase('faults', 'crash on the third Parquet part of a big import, then re-import', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => `L${i},hubspot,p${i}@acme.example,2026-11-17T0${i}:00:00Z`);
    const text = ['lead_id,source,email,created_at', ...rows].join('\n') + '\n';
    const dir = await mkdtemp(join(tmpdir(), 'funnel-rel-fault-'));
    const file = join(dir, 'leads.csv');
    await writeFile(file, text);
    const run = async (p: Pipeline): Promise<void> => {
      const { manifest, alreadyLoaded } = await importFile(
        {
          store: p.store,
          encoder,
          config: p.config,
          now: () => new Date('2026-11-23T06:00:00Z'),
          chunkRows: 2,
          vendorFormats: vendorFileFormats,
        },
        { path: file, format: 'canonical-leads', dt: DT },
      );
      p.attempts.push({ input: 'leads.csv', inputRows: 9, manifest, alreadyLoaded });
    };
    const clean = await Pipeline.create(encoder);
    let faulty: FaultyStore | undefined;
    const p = await Pipeline.create(encoder, { wrap: (s) => (faulty = new FaultyStore(s, /^canonical\/leads\//, 3)) });
    try {
      await run(clean);
      await expect(run(p)).rejects.toBeInstanceOf(InjectedCrash);
      expect(faulty?.fired).toMatch(/-0002\.parquet$/);
      expect(await p.local.list('canonical/'), 'parts of the failed batch were left behind').toEqual([]);
      await p.holds(() => run(p));
      expect(entries((await snapshot(p.local)).canonical)).toEqual(entries((await snapshot(clean.local)).canonical));
    } finally {
      await p.close();
      await clean.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('faults in delivery', () => {
  reliabilityCase(
    'faults',
    'Resend 5xx after the message was accepted: retried with the same key, one email',
    async () => {
      // The fake's 2 req/s limit runs on the wall clock; this case is about 5xx, not 429.
      const resend = new ResendFake({ apiKeys: ['re_test_key'], rateLimit: 1000 });
      await resend.start();
      const mailer = new ResendMailer({
        apiKey: 're_test_key',
        baseUrl: resend.baseUrl,
        sleep: async () => undefined,
        log: () => undefined,
      });
      const p = await Pipeline.create(encoder, { mailer, delivered: () => resend.sent });
      try {
        resend.failNext(1, { status: 500, name: 'internal_server_error', afterAccept: true });
        // holds() sends on the first run and again on the same-day re-run, and checks one delivery:
        // the retry carries the same key, and the re-run finds the sent marker and asks nothing.
        await p.holds(() => p.runApi(sources, secrets));
        const keys = resend.requests.map((r) => r.idempotencyKey);
        expect(new Set(keys).size, 'every attempt used the same idempotency key').toBe(1);
        expect(resend.requests.map((r) => r.status)).toEqual([500, 200]);
        expect(resend.sent, 'one email reached Resend').toHaveLength(1);
      } finally {
        await p.close();
        await resend.stop();
      }
    },
  );
});
