/**
 * The deterministic demo data set (`funnel demo`): a B2B software vendor in the DACH region
 * with HubSpot for marketing, Salesforce as CRM and ads on Google, Meta and LinkedIn.
 * Same options, byte-identical files. See docs/demo-data.md for the story it tells.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigInput } from '../config.js';
import type { TableName } from '../schema.js';
import { generateActivities } from './activities.js';
import { demoConfig } from './config.js';
import { REP_NAMES, REPS } from './catalog.js';
import { resolveOptions, type DemoOptions } from './context.js';
import { generateDeals } from './deals.js';
import { planFollowUps } from './followups.js';
import { generateLeadRows } from './leads.js';
import { generatePeople } from './people.js';
import { toCanonicalCsv, type DemoRow } from './rows.js';
import { generateSpend } from './spend.js';

export type { DemoOptions } from './context.js';
export { DEMO_END_DATE, DEMO_TIMEZONE } from './context.js';

export interface DemoFile {
  /** Relative path, `canonical/<source>-<table>.csv`. */
  name: string;
  table: TableName;
  source: string;
  csv: string;
  rows: number;
}

export interface DemoDataset {
  config: ConfigInput;
  files: DemoFile[];
}

export interface WrittenDemoFile {
  path: string;
  table: string;
  source: string;
  rows: number;
}

const ORDER_BY: Record<TableName, readonly string[]> = {
  leads: ['created_at', 'lead_id', 'updated_at'],
  deals: ['created_at', 'deal_id', 'updated_at'],
  activities: ['occurred_at', 'activity_id'],
  spend: ['date', 'campaign_id'],
  owners: ['owner_id'],
};

function sortRows(table: TableName, rows: DemoRow[]): DemoRow[] {
  const keys = ORDER_BY[table];
  return rows.sort((a, b) => {
    for (const k of keys) {
      const x = a[k] as string | number;
      const y = b[k] as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}

/** The owners table of one CRM: every rep by id, with name and work email. */
function ownerRows(source: string): DemoRow[] {
  return REPS.map(([id]) => {
    const name = REP_NAMES[id];
    return {
      owner_id: id,
      source,
      name,
      email: `${name.toLowerCase().replace(' ', '.')}@one-funnel-demo.example`,
      is_active: true,
    };
  });
}

export function generateDemo(options: DemoOptions = {}): DemoDataset {
  const ctx = resolveOptions(options);
  const people = generatePeople(ctx);
  const plans = planFollowUps(ctx, people.persons);
  const deals = generateDeals(ctx, people, plans);
  const activities = generateActivities(ctx, people, plans, deals.deals);
  const leads = generateLeadRows(ctx, people, plans, deals.deals);
  const spend = generateSpend(ctx, people);

  const tables: [string, TableName, DemoRow[]][] = [
    ['hubspot', 'leads', leads.hubspot],
    ['hubspot', 'activities', activities.hubspot],
    ['hubspot', 'deals', deals.rows.hubspot],
    ['salesforce', 'leads', leads.salesforce],
    ['salesforce', 'activities', activities.salesforce],
    ['salesforce', 'deals', deals.rows.salesforce],
    ['google_ads', 'spend', spend.google_ads],
    ['meta', 'spend', spend.meta],
    ['linkedin', 'spend', spend.linkedin],
    // The same eight reps own leads in both CRMs: their names, so the overdue list reads by name.
    ['hubspot', 'owners', ownerRows('hubspot')],
    ['salesforce', 'owners', ownerRows('salesforce')],
  ];
  return {
    config: demoConfig(),
    files: tables.map(([source, table, rows]) => ({
      name: `canonical/${source}-${table}.csv`,
      table,
      source,
      csv: toCanonicalCsv(table, sortRows(table, rows)),
      rows: rows.length,
    })),
  };
}

/** Write the demo's canonical CSV files and its `funnel.config.json` under `outDir`. */
export async function writeDemo(outDir: string, options: DemoOptions = {}): Promise<WrittenDemoFile[]> {
  const demo = generateDemo(options);
  await mkdir(join(outDir, 'canonical'), { recursive: true });
  const written: WrittenDemoFile[] = [];
  for (const file of demo.files) {
    const path = join(outDir, file.name);
    await writeFile(path, file.csv, 'utf8');
    written.push({ path, table: file.table, source: file.source, rows: file.rows });
  }
  await writeFile(join(outDir, 'funnel.config.json'), `${JSON.stringify(demo.config, null, 2)}\n`, 'utf8');
  return written;
}
