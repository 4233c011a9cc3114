/**
 * Lead quality, sales' view (issue #16 item 3): disqualified persons with their reasons, free-mail
 * only, role addresses, existing customers and duplicates, per channel and in total, over the
 * 13-week cohort as of the cutoff, on hand-computed fixtures through the real loader and models.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { LeadQualityReport } from '../../functions/core/report-types.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import { deal, lead, loadFixture, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const W47 = '2026-W47'; // 16–23 Nov 2026 (UTC); cohort from Monday 24 Aug 2026 (W35)

const hs = (id: string, at: string, extra: Record<string, unknown>) => lead(id, at, { source: 'hubspot', ...extra });
const sf = (id: string, at: string, extra: Record<string, unknown>) => lead(id, at, { source: 'salesforce', ...extra });

function channelOf(q: LeadQualityReport, channel: string) {
  const found = q.channels.find((c) => c.channel === channel);
  if (!found) throw new Error(`no channel ${channel} in ${q.channels.map((c) => c.channel).join(', ')}`);
  return found;
}

describe('lead quality', () => {
  it('each measure per channel and in total: disqualified with reasons, free mail, role address, existing customer, duplicates', async () => {
    wh = await warehouseFrom({
      leads: [
        // P1: disqualified (No budget); a second HubSpot lead later is a duplicate (by its own
        // channel), its Salesforce copy is the same person synced, no duplicate.
        hs('L1', '2026-10-01T08:00:00Z', {
          email: 'anna@northwind.example',
          channel: 'paid_search',
          is_disqualified: true,
          disqualification_reason: 'No budget',
        }),
        hs('L1b', '2026-10-20T08:00:00Z', {
          email: 'Anna@Northwind.example',
          channel: 'email',
          is_disqualified: false,
        }),
        sf('S1', '2026-10-01T08:05:00Z', { email: 'anna@northwind.example', channel: 'paid_search' }),
        // P2: free mail only.
        hs('L2', '2026-10-02T08:00:00Z', { email: 'ben@gmail.com', channel: 'paid_search', is_disqualified: false }),
        // P3: a role address at a customer (Contoso won before P3 came in), disqualified.
        sf('L3', '2026-10-03T08:00:00Z', {
          email: 'info@contoso.example',
          channel: 'paid_social',
          is_disqualified: true,
          disqualification_reason: 'No budget',
        }),
        // P4: disqualified without a reason; Fabrikam was won only after P4 came in.
        sf('L4', '2026-10-04T08:00:00Z', {
          email: 'carla@fabrikam.example',
          channel: 'paid_social',
          is_disqualified: true,
        }),
        // P5: a free-mail address and a business one: not free mail only.
        hs('L5', '2026-10-05T08:00:00Z', {
          email: 'dora@gmx.ch',
          additional_emails: ['dora@tailspin.example'],
          channel: 'organic_search',
          is_disqualified: false,
        }),
        // P6: a role address on free mail; its source says nothing about disqualification.
        hs('L6', '2026-10-06T08:00:00Z', { email: 'support@gmail.com' }),
        // P7: a person from before the cohort; its new Salesforce lead in the weeks is a duplicate.
        sf('S7a', '2026-05-01T08:00:00Z', { email: 'eve@old.example', channel: 'paid_search' }),
        sf('S7b', '2026-11-10T08:00:00Z', { email: 'eve@old.example', channel: 'events' }),
        // Created after the cutoff: in nothing.
        hs('L8', '2026-11-24T08:00:00Z', { email: 'late@northwind.example', is_disqualified: true }),
      ],
      deals: [
        deal('D1', '2026-08-01T08:00:00Z', {
          account_domain: 'contoso.example',
          is_closed: true,
          is_won: true,
          closed_at: '2026-09-01T08:00:00Z',
        }),
        deal('D2', '2026-08-01T08:00:00Z', {
          account_domain: 'fabrikam.example',
          is_closed: true,
          is_won: true,
          closed_at: '2026-10-10T08:00:00Z',
        }),
        // Won on a free-mail domain: never a company, so never makes P2 a customer.
        deal('D3', '2026-08-01T08:00:00Z', {
          account_domain: 'gmail.com',
          is_closed: true,
          is_won: true,
          closed_at: '2026-09-01T08:00:00Z',
        }),
        // Lost on Northwind: not a customer.
        deal('D4', '2026-08-01T08:00:00Z', {
          account_domain: 'northwind.example',
          is_closed: true,
          is_won: false,
          closed_at: '2026-09-01T08:00:00Z',
        }),
        // An open deal of the 4 weeks: the deals export is current, so deals are measured.
        deal('D5', '2026-11-10T08:00:00Z', { account_domain: 'elsewhere.example' }),
      ],
    });
    const q = (await wh.report(W47)).leadQuality;
    if (!q) throw new Error('no lead quality');
    expect(q.cohortStart).toBe('2026-08-24');
    expect(q.disqualification).toEqual({ measured: true, reason: null });
    expect(q.totals).toEqual({
      persons: 6,
      judged: 5,
      disqualified: 3,
      disqualifiedRate: 0.5,
      freeMailOnly: 2,
      freeMailOnlyRate: 0.3333,
      roleAddresses: 2,
      roleAddressRate: 0.3333,
      existingCustomers: 1,
      existingCustomerRate: 0.1667,
      leads: 9,
      duplicates: 2,
      duplicateRate: 0.2222,
    });
    expect(q.channels.map((c) => c.channel)).toEqual([
      'email',
      'events',
      'organic_search',
      'other',
      'paid_search',
      'paid_social',
    ]);
    expect(channelOf(q, 'paid_search')).toMatchObject({
      persons: 2,
      disqualified: 1,
      disqualifiedRate: 0.5,
      freeMailOnly: 1,
      roleAddresses: 0,
      existingCustomers: 0,
      leads: 3,
      duplicates: 0,
    });
    expect(channelOf(q, 'paid_social')).toMatchObject({
      persons: 2,
      disqualified: 2,
      disqualifiedRate: 1,
      roleAddresses: 1,
      existingCustomers: 1,
      existingCustomerRate: 0.5,
      leads: 2,
    });
    // A channel none of whose persons' sources judges: not measured there, not 0.
    expect(channelOf(q, 'other')).toMatchObject({
      persons: 1,
      judged: 0,
      disqualified: null,
      disqualifiedRate: null,
      freeMailOnly: 1,
      roleAddresses: 1,
    });
    // Duplicates count by the duplicate lead's channel, without persons there.
    expect(channelOf(q, 'email')).toMatchObject({ persons: 0, leads: 1, duplicates: 1, duplicateRate: 1 });
    expect(channelOf(q, 'events')).toMatchObject({ persons: 0, leads: 1, duplicates: 1 });
    expect(q.reasons).toEqual([
      { reason: 'No budget', persons: 2 },
      { reason: null, persons: 1 },
    ]);
  });

  it('as of the cutoff: a later requalification or disqualification does not change a past week, re-run after the load', async () => {
    const v = (updated: string, dq: boolean, reason: string | null = null) =>
      hs('Q1', '2026-11-02T08:00:00Z', {
        email: 'quinn@northwind.example',
        channel: 'paid_search',
        updated_at: updated,
        is_disqualified: dq,
        disqualification_reason: reason,
      });
    wh = await warehouseFrom(
      {
        leads: [
          v('2026-11-10T08:00:00Z', false),
          v('2026-11-18T08:00:00Z', true, 'Competitor'),
          // Disqualified only after W47's cutoff.
          hs('Q2', '2026-11-03T08:00:00Z', { email: 'rob@northwind.example', is_disqualified: false }),
        ],
      },
      {},
      // Exported on 23 Nov: Q2's disqualification modified on 24 Nov is newer (this has no updated_at).
      '2026-11-23',
    );
    const before = (await wh.report(W47)).leadQuality;
    expect(before?.totals).toMatchObject({ persons: 2, judged: 2, disqualified: 1 });
    expect(before?.reasons).toEqual([{ reason: 'Competitor', persons: 1 }]);
    // W46 (cutoff 16 Nov): Q1 was not yet disqualified.
    expect((await wh.report('2026-W46')).leadQuality?.totals.disqualified).toBe(0);

    // Loaded later: Q1 requalified and Q2 disqualified, both after W47.
    await loadFixture(wh.store, wh.config, {
      leads: [
        v('2026-11-25T08:00:00Z', false),
        hs('Q2', '2026-11-03T08:00:00Z', {
          email: 'rob@northwind.example',
          updated_at: '2026-11-24T09:00:00Z',
          is_disqualified: true,
          disqualification_reason: 'Spam',
        }),
      ],
    });
    await wh.engine.close();
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    expect((await wh.report(W47)).leadQuality).toEqual(before);
    const w48 = (await wh.report('2026-W48')).leadQuality;
    expect(w48?.totals).toMatchObject({ persons: 2, disqualified: 1 });
    expect(w48?.reasons).toEqual([{ reason: 'Spam', persons: 1 }]);
  });

  it('as of the cutoff: a verdict exported after the week without updated_at does not outrank one known before it', async () => {
    // Modified 18 Nov (not disqualified); exported again on 24 Nov without "Last Modified", disqualified.
    wh = await warehouseFrom(
      {
        leads: [
          hs('Q1', '2026-11-02T08:00:00Z', {
            email: 'quinn@northwind.example',
            updated_at: '2026-11-18T08:00:00Z',
            is_disqualified: false,
          }),
        ],
      },
      {},
      '2026-11-18',
    );
    await loadFixture(
      wh.store,
      wh.config,
      { leads: [hs('Q1', '2026-11-02T08:00:00Z', { email: 'quinn@northwind.example', is_disqualified: true })] },
      '2026-11-24',
    );
    await wh.engine.close();
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    expect((await wh.report(W47)).leadQuality?.totals).toMatchObject({ judged: 1, disqualified: 0 });
    expect((await wh.report('2026-W48')).leadQuality?.totals).toMatchObject({ judged: 1, disqualified: 1 });
  });

  it('a deleted or merged-away record: the merged record counts for its survivor, a deleted lead for no one', async () => {
    wh = await warehouseFrom({
      leads: [
        // Salesforce merge: the loser, disqualified before the merge, names its master.
        sf('M1', '2026-10-01T08:00:00Z', {
          email: 'mia@northwind.example',
          channel: 'paid_search',
          is_disqualified: false,
        }),
        sf('M2', '2026-10-02T08:00:00Z', {
          email: 'mia.other@northwind.example',
          is_deleted: true,
          merged_into_lead_id: 'M1',
          is_disqualified: true,
          disqualification_reason: 'Duplicate',
        }),
        // Deleted outright: gone from the persons, and its verdict with it.
        hs('X1', '2026-10-03T08:00:00Z', {
          email: 'xavier@northwind.example',
          updated_at: '2026-10-03T08:00:00Z',
          is_disqualified: true,
        }),
        hs('X1', '2026-10-03T08:00:00Z', {
          email: 'xavier@northwind.example',
          updated_at: '2026-10-04T08:00:00Z',
          is_deleted: true,
          is_disqualified: true,
        }),
      ],
    });
    const q = (await wh.report(W47)).leadQuality;
    // One person (Mia); M2 is a record of hers, not a lead of its own (no duplicate either).
    expect(q?.totals).toMatchObject({ persons: 1, disqualified: 1, leads: 1, duplicates: 0 });
    expect(q?.reasons).toEqual([{ reason: 'Duplicate', persons: 1 }]);
  });

  it('not measured: no source says whether it disqualified (no column in old files either); no deals: no existing customers', async () => {
    wh = await warehouseFrom({
      leads: [hs('L1', '2026-11-17T08:00:00Z', { email: 'info@northwind.example', channel: 'paid_search' })],
    });
    // Files written before the columns existed: rewritten without them.
    const dir = join(wh.dir, 'canonical', 'leads');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    for (const file of await parquetFiles(dir)) {
      await conn.run(
        `copy (select * exclude (is_disqualified, disqualification_reason) from read_parquet('${file}')) ` +
          `to '${file}.old' (format parquet)`,
      );
      const described = await conn.runAndReadAll(`describe select * from read_parquet('${file}.old')`);
      expect(described.getRowObjects().map((r) => r.column_name)).not.toContain('is_disqualified');
      await rm(file);
      await conn.run(`copy (select * from read_parquet('${file}.old')) to '${file}' (format parquet)`);
      await rm(`${file}.old`);
    }
    conn.closeSync();
    await wh.engine.close();
    wh.engine = await openLocalWarehouse(wh.dir, wh.config);
    const q = (await wh.report(W47)).leadQuality;
    expect(q?.disqualification.measured).toBe(false);
    expect(q?.disqualification.reason).toMatch(
      /no lead of the cohort \(from 2026-08-24\) says whether sales disqualified it/,
    );
    expect(q?.totals).toMatchObject({
      persons: 1,
      judged: 0,
      disqualified: null,
      disqualifiedRate: null,
      roleAddresses: 1,
      existingCustomers: null,
      existingCustomerRate: null,
    });
    expect(q?.reasons).toEqual([]);
  });

  it('the canonical CSV carries the two columns through the import', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'funnel-lq-'));
    const encoder = await DuckDBParquetEncoder.create();
    try {
      const store = new LocalStore(dir);
      const config = parseConfig({});
      const file = join(dir, 'leads.csv');
      await writeFile(
        file,
        [
          'lead_id,source,email,created_at,channel,is_disqualified,disqualification_reason',
          'C1,crm,ann@northwind.example,2026-11-17T08:00:00Z,paid_search,true, Wrong country ',
          'C2,crm,ben@fabrikam.example,2026-11-17T09:00:00Z,paid_search,false,',
          'C3,crm,cy@tailspin.example,2026-11-17T10:00:00Z,paid_search,,',
        ].join('\n'),
      );
      await importFile(
        { store, encoder, config, vendorFormats: vendorFileFormats },
        { path: file, format: 'canonical-leads', dt: '2026-11-24' },
      );
      const engine = await openLocalWarehouse(dir, config);
      try {
        const rows = await engine.query(
          'select lead_id, is_disqualified, disqualification_reason from stg_leads order by lead_id',
        );
        expect(rows).toEqual([
          { lead_id: 'C1', is_disqualified: true, disqualification_reason: 'Wrong country' },
          { lead_id: 'C2', is_disqualified: false, disqualification_reason: null },
          { lead_id: 'C3', is_disqualified: false, disqualification_reason: null },
        ]);
        const q = (await buildReport({ engine, store, config }, parseWeek(W47, config.timezone))).leadQuality;
        expect(q?.totals).toMatchObject({ persons: 3, judged: 2, disqualified: 1, disqualifiedRate: 0.3333 });
        expect(q?.reasons).toEqual([{ reason: 'Wrong country', persons: 1 }]);
      } finally {
        await engine.close();
      }
    } finally {
      await encoder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function parquetFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.parquet')) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}
