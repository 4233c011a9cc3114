/**
 * Spend in a currency with three decimals (KWD, BHD) keeps its third decimal through the
 * vendor importers, on single days and when a range is spread over its days (was: whole cents).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function file(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'export-')), name);
  await writeFile(path, content);
  return path;
}

const KUWAIT_TEAM = { reportingCurrency: 'KWD', fxRates: {}, timezone: 'Asia/Kuwait', locale: 'en-US' } as const;

describe('a three-decimal currency keeps its third decimal', () => {
  it('a Meta day of KWD 12.345 loads as 12.345 (was 12.35)', async () => {
    run = await fieldCase(KUWAIT_TEAM);
    const path = await file('meta.csv', 'Campaign name,Day,Amount spent (KWD)\nBrand,2026-11-16,12.345\n');
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect((await run.query('select cost from spend')).map((r) => r.cost)).toEqual([12.345]);
  });

  it('a range of BHD 1.001 over 3 days is spread in fils and sums to exactly 1.001', async () => {
    run = await fieldCase({ ...KUWAIT_TEAM, reportingCurrency: 'BHD' });
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (BHD)\nBrand,2026-11-16,2026-11-18,1.001\n',
    );
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    const rows = await run.query('select date, cost from spend order by date');
    expect(rows.map((r) => r.cost)).toEqual([0.334, 0.334, 0.333]);
    expect(rows.reduce((s, r) => s + Math.round(Number(r.cost) * 1000), 0)).toBe(1001);
  });

  it('a EUR range still spreads in cents', async () => {
    run = await fieldCase({ ...KUWAIT_TEAM, reportingCurrency: 'EUR' });
    const path = await file(
      'meta.csv',
      'Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\nBrand,2026-11-16,2026-11-18,1.00\n',
    );
    await run.import(path, 'meta-ads-csv', { date: '2026-11-23' });
    expect((await run.query('select cost from spend order by date')).map((r) => r.cost)).toEqual([0.34, 0.33, 0.33]);
  });
});
