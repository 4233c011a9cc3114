/**
 * One deal in two CRMs must not count twice (docs/methodology.md, "Deals synced between CRMs"):
 * a HubSpot↔Salesforce sync loads each deal twice with other ids. Without `dealSources` the
 * week's deal figures are not measured while likely twins touch it; with it only the CRM of
 * record counts; two different deals that merely share a name are not taken for twins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeeklyReport } from '../../emails/render.js';
import type { ConfigInput } from '../../functions/core/config.js';
import { IncompleteReportHold } from '../../functions/core/report/coverage.js';
import { dealSourcesIn } from '../../functions/core/report/deal-sources.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { parseWeek } from '../../functions/core/weeks.js';
import { deal, lead, warehouseFrom, type Fixture, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const week = '2026-W47'; // 16–23 Nov 2026, UTC

/** The same deal as Salesforce holds it and as the sync copied it into HubSpot hours later. */
function synced(n: number, createdAt: string, extra: CanonicalRecord = {}): CanonicalRecord[] {
  const shared = { name: `Northwind ${n} – ERP Cloud`, account_domain: 'northwind.example', ...extra };
  const copiedAt = new Date(Date.parse(createdAt) + 3 * 3600_000).toISOString();
  return [
    deal(`006${n}`, createdAt, { source: 'salesforce', ...shared }),
    // HubSpot writes the name in its own case and keeps the www. of the website.
    deal(`18034${n}`, copiedAt, {
      source: 'hubspot',
      ...shared,
      name: ` ${String(shared.name).toUpperCase()} `,
      account_domain: 'www.northwind.example',
    }),
  ];
}

/** Two deals synced in W (one won in W), a Salesforce-only deal, and leads in both CRMs. */
const syncedFixture: Fixture = {
  leads: [
    lead('L1', '2026-11-16T08:00:00Z', { source: 'hubspot', email: 'anna@northwind.example' }),
    lead('L2', '2026-11-17T08:00:00Z', { source: 'salesforce', email: 'ben@fabrikam.example' }),
  ],
  deals: [
    ...synced(1, '2026-11-17T09:00:00Z', { amount: 5000 }),
    ...synced(2, '2026-11-10T09:00:00Z', {
      amount: 8000,
      is_closed: true,
      is_won: true,
      closed_at: '2026-11-18T09:00:00Z',
    }),
    deal('0063', '2026-11-19T09:00:00Z', { amount: 2000, name: 'Fabrikam – Payroll' }),
  ],
};

async function report(fixture: Fixture, config: ConfigInput = {}) {
  wh = await warehouseFrom(fixture, config);
  return wh.report(week);
}

describe('deals synced between two CRMs', () => {
  it('are counted twice when every source counts (the figures before this rule)', async () => {
    wh = await warehouseFrom(syncedFixture);
    const [row] = await wh.engine.query(
      `select count(*) as opportunities, sum(amount_converted) as pipeline from fct_deals
       where created_at >= timestamp '2026-11-16 00:00' and created_at < timestamp '2026-11-23 00:00'`,
    );
    // 5000 + 2000 is the week's pipeline; the HubSpot copy adds 5000 again.
    expect(Number(row!.opportunities)).toBe(3);
    expect(Number(row!.pipeline)).toBe(12000);
  });

  it('count once with dealSources: pipeline, won revenue and deal counts of the CRM of record', async () => {
    const r = await report(syncedFixture, { dealSources: ['salesforce'] });
    expect(r.coverage.deals).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals).toMatchObject({ opportunities: 2, pipeline: 7000, wonDeals: 1, wonRevenue: 8000 });
    // Leads of the other CRM still count, and still claim the deals of the CRM of record.
    expect(r.totals.leads).toBe(2);
    expect(r.totals.marketingSourcedPipeline).toBe(5000);
    expect(r.claimBasis?.deals.map((d) => [d.source, d.dealId, d.leadEmail])).toEqual([
      ['salesforce', '0061', 'anna@northwind.example'],
    ]);
  });

  it('are "not measured" without dealSources, with the count of twins and what to set', async () => {
    const r = await report(syncedFixture);
    expect(r.coverage.deals).toEqual({
      measured: false,
      reason:
        '2 deals were loaded twice, from hubspot and salesforce (same name, amount and currency, created within 7 days): set dealSources to the CRM of record',
      lastDataAt: null,
      dealTwins: { pairs: 2, sources: ['hubspot', 'salesforce'] },
    });
    for (const key of ['opportunities', 'pipeline', 'wonDeals', 'wonRevenue', 'marketingSourcedPipeline'] as const)
      expect(r.totals[key], key).toBeNull();
    expect(r.claimBasis).toBeNull();
    // Leads, follow-ups and spend are another family: the leads still count.
    expect(r.totals.leads).toBe(2);
    expect(() => {
      throw new IncompleteReportHold(r);
    }).toThrow(/; deals: 2 deals were loaded twice, from hubspot and salesforce .*set dealSources/);
  });

  it('says why in the email, in English and in German', async () => {
    const r = await report(syncedFixture);
    const props = { report: r, trend: [], methodologyUrl: 'https://example.test/methodology' };
    const en = (await renderWeeklyReport({ ...props, locale: 'en' })).text.replace(/\s+/g, ' ');
    expect(en).toContain(
      'Deals not measured: 2 deals were loaded twice, from HubSpot and Salesforce (same name, amount and currency, created within 7 days), so every deal figure would count them twice. Set dealSources in the configuration to the CRM of record.',
    );
    expect(en).not.toContain('no deals loaded');
    const de = (await renderWeeklyReport({ ...props, locale: 'de-CH' })).text.replace(/\s+/g, ' ');
    expect(de).toContain('Deals nicht gemessen: 2 Deals wurden doppelt geladen, aus HubSpot und Salesforce');
    expect(de).toContain('dealSources');
  });

  it('judge each week by the twins that touch its own deal figures', async () => {
    // Synced in W46 only, and a pair created across the turn of W47 → W48.
    wh = await warehouseFrom({
      deals: [
        ...synced(1, '2026-11-10T09:00:00Z', { amount: 5000 }),
        deal('0062', '2026-11-22T20:00:00Z', { name: 'Contoso – Migration', amount: 9000 }),
        deal('18034002', '2026-11-23T08:00:00Z', { source: 'hubspot', name: 'Contoso – Migration', amount: 9000 }),
        deal('0063', '2026-11-04T09:00:00Z', { name: 'Fabrikam – Payroll', amount: 2000 }),
      ],
    });
    const twins = async (id: string) => (await dealSourcesIn(wh!.engine, parseWeek(id, 'UTC'))).twins;
    expect(await twins('2026-W45')).toBeNull();
    expect(await twins('2026-W46')).toEqual({ pairs: 1, sources: ['hubspot', 'salesforce'] });
    expect(await twins('2026-W47')).toEqual({ pairs: 1, sources: ['hubspot', 'salesforce'] });
    expect(await twins('2026-W48')).toEqual({ pairs: 1, sources: ['hubspot', 'salesforce'] });
    const r = await wh.report('2026-W46');
    expect(r.coverage.deals.measured).toBe(false);
    expect(r.totals.pipeline).toBeNull();
    // W45's figures, the comparison of W46, rest on no twin: measured.
    expect(r.previous.pipeline).toBe(2000);
  });
});

describe('a dealSources that cannot be right', () => {
  it('makes the deal figures "not measured" when it names a source without deals and another is left out', async () => {
    // `salesforse` for `salesforce`: before, every deal figure read 0 ("no deals loaded").
    const r = await report(syncedFixture, { dealSources: ['salesforse'] });
    expect(r.coverage.deals).toEqual({
      measured: false,
      reason:
        'dealSources names salesforse, which holds no deals, while the deals of hubspot and salesforce are left out: correct dealSources in the config',
      lastDataAt: null,
      dealSourcesMisnamed: { named: ['salesforse'], leftOut: ['hubspot', 'salesforce'] },
    });
    for (const key of ['opportunities', 'pipeline', 'wonRevenue'] as const) expect(r.totals[key], key).toBeNull();
    // The previous week and the trend are judged the same way: no 0 beside the "not measured".
    expect(r.previous.pipeline).toBeNull();
    const props = { report: r, trend: [], methodologyUrl: 'https://example.test/methodology' };
    const en = (await renderWeeklyReport({ ...props, locale: 'en' })).text.replace(/\s+/g, ' ');
    expect(en).toContain(
      'Deals not measured: the configuration\'s dealSources names "salesforse", which holds no deals, while the deals of "hubspot" and "salesforce" are left out. Correct dealSources in the configuration.',
    );
    const de = (await renderWeeklyReport({ ...props, locale: 'de-CH' })).text.replace(/\s+/g, ' ');
    expect(de).toContain('dealSources in der Konfiguration nennt "salesforse", das keine Deals hat');
  });

  it("holds when one of two names is misspelt: the misspelt CRM's deals would drop out", async () => {
    const r = await report(syncedFixture, { dealSources: ['salesforce', 'hubspt'] });
    expect(r.coverage.deals.dealSourcesMisnamed).toEqual({ named: ['hubspt'], leftOut: ['hubspot'] });
    expect(r.totals.pipeline).toBeNull();
  });

  it('is fine naming a CRM not loaded yet when no loaded source is left out', async () => {
    const salesforceOnly = { ...syncedFixture, deals: syncedFixture.deals!.filter((d) => d.source !== 'hubspot') };
    const r = await report(salesforceOnly, { dealSources: ['salesforce', 'pipedrive'] });
    expect(r.coverage.deals).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals.pipeline).toBe(7000);
  });
});

describe('two different deals of the same name in two CRMs', () => {
  it('are not taken for twins unless alike in amount, currency, creation and company', async () => {
    const name = { name: 'ERP Cloud' };
    const r = await report(
      {
        deals: [
          // Another amount.
          deal('0061', '2026-11-17T09:00:00Z', { ...name, amount: 5000 }),
          deal('180341', '2026-11-17T10:00:00Z', { ...name, source: 'hubspot', amount: 5100 }),
          // Same amount, another currency.
          deal('0062', '2026-11-17T09:00:00Z', { ...name, amount: 6000, currency: 'CHF' }),
          deal('180342', '2026-11-17T10:00:00Z', { ...name, source: 'hubspot', amount: 6000 }),
          // Same amount and currency, created 8 days apart.
          deal('0063', '2026-11-10T09:00:00Z', { ...name, amount: 7000 }),
          deal('180343', '2026-11-18T09:00:01Z', { ...name, source: 'hubspot', amount: 7000 }),
          // Same amount and currency, same day, two companies.
          deal('0064', '2026-11-18T09:00:00Z', { ...name, amount: 8000, account_domain: 'northwind.example' }),
          deal('180344', '2026-11-18T09:00:00Z', {
            ...name,
            source: 'hubspot',
            amount: 8000,
            account_domain: 'fabrikam.example',
          }),
          // No amount: nothing tells them apart, nor says they are one.
          deal('0065', '2026-11-19T09:00:00Z', { ...name, amount: null }),
          deal('180345', '2026-11-19T09:00:00Z', { ...name, source: 'hubspot', amount: null }),
          // Same source: two deals of one CRM are never twins (a CRM's own duplicates are its own).
          deal('0066', '2026-11-20T09:00:00Z', { ...name, amount: 9000 }),
          deal('0067', '2026-11-20T09:00:00Z', { ...name, amount: 9000 }),
        ],
      },
      { fxRates: { CHF: 1.07 } },
    );
    expect(r.coverage.deals).toEqual({ measured: true, reason: null, lastDataAt: null });
    expect(r.totals.opportunities).toBe(11);
  });

  it('are twins at 7 days apart, without domains on one side', async () => {
    const r = await report({
      deals: [
        deal('0061', '2026-11-10T09:00:00Z', { name: 'ERP Cloud', amount: 7000, account_domain: 'northwind.example' }),
        deal('180341', '2026-11-17T09:00:00Z', { name: 'erp cloud', source: 'hubspot', amount: 7000 }),
      ],
    });
    expect(r.coverage.deals.dealTwins).toEqual({ pairs: 1, sources: ['hubspot', 'salesforce'] });
  });
});
