/**
 * Deterministic canonical data for the engine comparison and the cost measurement: daily
 * loads (one `dt=` partition per load day and source, through the real loader and Parquet
 * encoder) with the cases where DuckDB and Trino could disagree — timestamps at midnight
 * and exactly at the SLA, several versions of a record with equal `updated_at`, deleted
 * records, the same person in two sources with differently written emails, free-mail and
 * company domains, several currencies, spend restated on the next load, HubSpot merges (a
 * duplicate contact that a later version of its survivor names, with follow-ups and a
 * conversion on the merged-away id and on the survivor's additional address), Salesforce
 * merges (an earlier duplicate deleted with the kept lead's id, with a follow-up on it), an open
 * deal whose stage no import could map (so the report runs its stage query).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import type { Config } from '../../functions/core/config.js';
import { loadBatch } from '../../functions/core/load.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { CHANNELS, LIFECYCLE_STAGES, type TableName } from '../../functions/core/schema.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FixtureOptions {
  /** First and last day of data (UTC, `YYYY-MM-DD`). */
  from: string;
  days: number;
  leadsPerDay: number;
  /** Days between loads (1 = a daily pull); a load carries what changed since the last one. */
  loadEveryDays?: number;
  seed?: number;
}

export interface Fixture {
  dataDir: string;
  rows: Record<TableName, number>;
  loads: number;
}

const FIRST = ['anna', 'ben', 'carla', 'dario', 'eva', 'fritz', 'gina', 'hans', 'ines', 'jon', 'karin', 'luca'];
// The last two sit on platform hosts (SPEC §4.5c): their domains must never match, in both engines.
const COMPANIES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'vandelay',
  'stark',
  'wayne',
  'wonka',
  'tyrell',
  'northwind.wixsite',
  'de-de.facebook',
];
const FREE = ['gmail.com', 'googlemail.com', 'yahoo.com', 'gmx.ch', 'bluewin.ch', 'outlook.com'];
const CAMPAIGNS = [
  {
    platform: 'google_ads',
    source: 'google_ads',
    id: 'g-100',
    name: 'Brand search',
    channel: 'paid_search',
    cur: 'EUR',
  },
  {
    platform: 'google_ads',
    source: 'google_ads',
    id: 'g-200',
    name: 'Generic search',
    channel: 'paid_search',
    cur: 'EUR',
  },
  { platform: 'meta', source: 'meta', id: 'm-300', name: 'Retargeting Otoño', channel: 'paid_social', cur: 'USD' },
  { platform: 'meta', source: 'meta', id: 'm-400', name: 'Lookalike', channel: 'paid_social', cur: 'USD' },
  { platform: 'linkedin', source: 'linkedin', id: 'l-500', name: 'ABM', channel: 'paid_social', cur: 'CHF' },
  { platform: 'google_ads', source: 'google_ads', id: 'g-600', name: 'Display', channel: 'display', cur: 'EUR' },
  // The same name on another platform (after normalization): leads naming it link to neither.
  { platform: 'meta', source: 'meta', id: 'm-700', name: 'DISPLAY', channel: 'paid_social', cur: 'USD' },
] as const;

/** Renamed from 2026-11-01 (its latest name, with letters outside ASCII): old-name leads still link. */
const RENAMED: Record<string, string> = { 'l-500': 'ABM – Zürich Café' };
const RENAMED_FROM = '2026-11-01';

/** A deal stage label no import knows, on an open HubSpot deal created that day (UTC). */
const UNKNOWN_STAGE = { label: 'Contract Signed', day: '2026-11-10' } as const;

export const FIXTURE_FX: Record<string, number> = { USD: 0.92, CHF: 1.05, GBP: 1.17 };

function recordKey(table: TableName, r: CanonicalRecord): string {
  if (table === 'spend') return [r.platform, r.account_id, r.campaign_id, r.date].join('|');
  const id = { leads: r.lead_id, deals: r.deal_id, activities: r.activity_id, owners: r.owner_id }[table];
  return String(id);
}

/** Generates the data and loads it into `dataDir` (a LocalStore root) one daily batch at a time. */
export async function buildFixture(dataDir: string, config: Config, options: FixtureOptions): Promise<Fixture> {
  const rand = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const end = start + options.days * DAY;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const dayOf = (ms: number): string => iso(ms).slice(0, 10);
  // Records by load day (dt), table and source.
  const loads = new Map<string, Map<string, CanonicalRecord>>();
  const add = (table: TableName, source: string, loadMs: number, record: CanonicalRecord): void => {
    // A record is exported by the first load after it changed. One changed after the last load
    // is in no export yet: a file never holds a record dated after its export day (methodology
    // 1.15 rejects such a record as evidence of a wrong date order).
    if (loadMs > end) return;
    const period = (options.loadEveryDays ?? 1) * DAY;
    const dt = dayOf(Math.min(start + (Math.floor((loadMs - start) / period) + 1) * period, end));
    const key = `${dt}|${table}|${source}`;
    let batch = loads.get(key);
    if (!batch) loads.set(key, (batch = new Map()));
    // One version per record in a batch: which of two rows of one file wins is not
    // defined by the SQL (nothing orders rows within a batch), so an export never has two.
    batch.set(recordKey(table, record), { source, ...record });
  };

  // Merges draw from their own stream, so the rest of the data stays as it was.
  const mergeRand = rng((options.seed ?? 42) + 7);
  let leadNo = 0;
  let dealNo = 0;
  let actNo = 0;
  const people: { email: string; domain: string }[] = [];
  for (let day = 0; day < options.days; day++) {
    const dayStart = start + day * DAY;
    const n = Math.max(0, Math.round(options.leadsPerDay * (0.5 + rand())));
    for (let i = 0; i < n; i++) {
      leadNo++;
      // Times include midnight exactly, just before midnight and ordinary hours.
      const r = rand();
      const created =
        r < 0.03
          ? dayStart
          : r < 0.06
            ? dayStart + DAY - 1000
            : dayStart + Math.floor(rand() * DAY) - (Math.floor(rand() * DAY) % 1000);
      const reuse = people.length > 0 && rand() < 0.15;
      let person = reuse ? pick(people) : undefined;
      if (!person) {
        const company = pick(COMPANIES);
        const free = rand() < 0.3;
        const domain = free ? pick(FREE) : `${company}.com`;
        const local = `${pick(FIRST)}.${leadNo}`;
        person = { email: `${local}@${domain}`, domain: `${company}.com` };
        people.push(person);
      }
      // Same person written differently in another source: case, +tag, spaces.
      const email =
        rand() < 0.08
          ? null
          : reuse && rand() < 0.5
            ? ` ${person.email.toUpperCase().replace('@', '+promo@')} `
            : person.email;
      const source = rand() < 0.7 ? 'hubspot' : 'salesforce';
      const campaign = rand() < 0.6 ? pick(CAMPAIGNS) : null;
      const stage = pick(LIFECYCLE_STAGES);
      const leadId = `${source === 'hubspot' ? 'H' : 'S'}${leadNo}`;
      const lead: CanonicalRecord = {
        lead_id: leadId,
        email,
        first_name: 'x',
        last_name: 'y',
        company: pick(COMPANIES),
        company_domain: rand() < 0.7 ? (rand() < 0.2 ? `www.${person.domain.toUpperCase()}` : person.domain) : null,
        created_at: iso(created),
        updated_at: iso(created),
        lifecycle_stage: rand() < 0.1 ? null : stage,
        mql_at: rand() < 0.2 ? iso(created + Math.floor(rand() * 5 * DAY)) : null,
        status: 'new',
        owner_id: `o${1 + Math.floor(rand() * 5)}`,
        channel: campaign ? campaign.channel : rand() < 0.1 ? null : pick(CHANNELS),
        // The ways leads name a campaign (int_persons__campaigned): its id in campaign_id or in
        // utm_campaign, its name, a slug of its name in utm_campaign, or its name as a landing
        // URL carries it (decomposed accents percent-encoded, then a '+' and a lone '%', which
        // both engines must keep as written: url_decode reads '+' as a space on Trino only).
        campaign_id: campaign && leadNo % 4 === 0 ? campaign.id : null,
        campaign_name: campaign && leadNo % 4 !== 3 ? campaign.name : null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: !campaign
          ? null
          : leadNo % 4 === 1
            ? campaign.id
            : leadNo % 8 === 7
              ? `${encodeURIComponent(campaign.name.normalize('NFD'))}+%`
              : leadNo % 4 === 3
                ? campaign.name.toLowerCase().replaceAll(' ', '_')
                : null,
        is_deleted: false,
        // Sales' verdict (lead_quality.sql): unsaid on some, judged later on others (below).
        is_disqualified: leadNo % 7 === 0 ? null : leadNo % 11 === 0,
        disqualification_reason: leadNo % 11 === 0 && leadNo % 2 === 0 ? 'No budget' : null,
      };
      add('leads', source, created, lead);
      // Later versions: a stage change; sometimes with the same updated_at (ingestion breaks the tie).
      if (rand() < 0.2) {
        const upd = created + Math.floor(rand() * 10 * DAY);
        add('leads', source, upd, {
          ...lead,
          updated_at: iso(upd),
          lifecycle_stage: 'mql',
          mql_at: iso(upd),
          ...(leadNo % 3 === 0
            ? { is_disqualified: true, disqualification_reason: leadNo % 2 === 0 ? 'Student' : null }
            : {}),
        });
        if (rand() < 0.3) add('leads', source, upd + DAY, { ...lead, updated_at: iso(upd), lifecycle_stage: 'sql' });
      }
      if (rand() < 0.03)
        add('leads', source, created + 2 * DAY, { ...lead, updated_at: iso(created + DAY), is_deleted: true });
      if (source === 'hubspot' && mergeRand() < 0.08) {
        leadNo++;
        actNo++;
        dealNo++;
        const dupId = `H${leadNo}`;
        const alt = `${pick(FIRST)}.alt${leadNo}@gmail.com`;
        const dupCreated = created + Math.floor(mergeRand() * 3 * DAY);
        // A duplicate of the person under another address and channel, merged into the lead later:
        // it vanishes from later exports (no deleted flag); the survivor names it and keeps its address.
        add('leads', 'hubspot', dupCreated, {
          ...lead,
          lead_id: dupId,
          email: alt,
          created_at: iso(dupCreated),
          updated_at: iso(dupCreated),
          channel: 'paid_social',
        });
        const merged = created + 12 * DAY;
        add('leads', 'hubspot', merged, {
          ...lead,
          updated_at: iso(merged),
          merged_lead_ids: mergeRand() < 0.2 ? [dupId, `H${leadNo}9999`] : [dupId],
          additional_emails: [alt],
        });
        const viaAlias = mergeRand() < 0.5;
        const at = dupCreated + Math.floor(mergeRand() * 40 * HOUR);
        add('activities', 'hubspot', at, {
          activity_id: `HA${actNo}`,
          type: 'call',
          occurred_at: iso(at),
          owner_id: lead.owner_id ?? null,
          email: viaAlias ? null : alt.toUpperCase(),
          lead_id: viaAlias ? dupId : null,
          deal_id: null,
          is_automated: false,
        });
        const dealAt = dupCreated + Math.floor(mergeRand() * 5 * DAY);
        add('deals', 'hubspot', dealAt, {
          deal_id: `HD${dealNo}`,
          name: `deal ${dealNo}`,
          account_name: 'acct',
          account_domain: null,
          created_at: iso(dealAt),
          updated_at: iso(dealAt),
          closed_at: null,
          stage: 'open',
          is_closed: false,
          is_won: false,
          amount: 1000,
          currency: 'EUR',
          owner_id: null,
          pipeline: 'default',
          converted_from_lead_id: viaAlias ? dupId : null,
          contact_emails: viaAlias ? [] : [alt],
          is_deleted: false,
        });
      }

      if (source === 'salesforce' && mergeRand() < 0.08) {
        leadNo++;
        actNo++;
        const loserId = `S${leadNo}`;
        const alt = `${pick(FIRST)}.sf${leadNo}@gmail.com`;
        // A Salesforce duplicate created before the lead (so it is the person's first touch),
        // merged into it later: the merge deletes it and names the kept lead (MasterRecordId).
        const loserCreated = created - Math.floor(mergeRand() * 4 * DAY) - HOUR;
        const loser: CanonicalRecord = {
          ...lead,
          lead_id: loserId,
          email: alt,
          created_at: iso(loserCreated),
          updated_at: iso(loserCreated),
          channel: 'paid_search',
          campaign_id: null,
          campaign_name: null,
        };
        add('leads', 'salesforce', loserCreated, loser);
        const merged = created + 6 * DAY;
        add('leads', 'salesforce', merged, {
          ...loser,
          updated_at: iso(merged),
          is_deleted: true,
          merged_into_lead_id: leadId,
        });
        const at = loserCreated + Math.floor(mergeRand() * 40 * HOUR);
        add('activities', 'salesforce', at, {
          activity_id: `SA${actNo}`,
          type: 'email',
          occurred_at: iso(at),
          owner_id: null,
          email: null,
          lead_id: loserId,
          deal_id: null,
          is_automated: false,
        });
      }

      // Follow-ups: by email key or by lead id; some before creation, some automated, some exactly at the SLA.
      const acts = rand() < 0.75 ? 1 + Math.floor(rand() * 3) : 0;
      for (let a = 0; a < acts; a++) {
        actNo++;
        const q = rand();
        const delay =
          q < 0.05
            ? 24 * HOUR
            : q < 0.1
              ? -2 * HOUR
              : q < 0.15
                ? 24 * HOUR + 1000
                : Math.floor(rand() * (rand() < 0.6 ? 30 : 200) * HOUR);
        const at = created + delay;
        const byId = rand() < 0.4;
        add('activities', 'salesforce', at, {
          activity_id: `A${actNo}`,
          type: pick(['call', 'email', 'meeting', 'task', 'other', 'call', 'email'] as const),
          occurred_at: iso(at),
          owner_id: lead.owner_id ?? null,
          email: byId ? null : person.email.replace(/^(\w)/, (c) => c.toUpperCase()),
          lead_id: byId ? leadId : null,
          deal_id: null,
          is_automated: rand() < 0.15,
        });
      }

      // Deals: converted, matched by contact email, by domain, or unmatched (sales-sourced).
      if (rand() < 0.12) {
        dealNo++;
        const createdDeal = created + Math.floor(rand() * 20 * DAY) - (rand() < 0.05 ? DAY : 0);
        const how = rand();
        const won = rand() < 0.4;
        const closed = rand() < 0.6 ? createdDeal + Math.floor(rand() * 30 * DAY) : null;
        const deal: CanonicalRecord = {
          deal_id: `D${dealNo}`,
          name: `deal ${dealNo}`,
          account_name: 'acct',
          account_domain: how < 0.6 ? (rand() < 0.5 ? `WWW.${person.domain}` : person.domain) : `other${dealNo}.com`,
          created_at: iso(createdDeal),
          updated_at: iso(createdDeal),
          closed_at: null,
          stage: 'open',
          is_closed: false,
          is_won: false,
          amount: Math.round(rand() * 5_000_000) / 100,
          currency: pick(['EUR', 'USD', 'CHF', 'GBP']),
          owner_id: lead.owner_id ?? null,
          pipeline: 'default',
          converted_from_lead_id: how < 0.25 && source === 'salesforce' ? leadId : null,
          contact_emails: how < 0.5 && email ? [email.trim(), 'someone@else.com'] : [],
          is_deleted: false,
        };
        add('deals', 'salesforce', createdDeal, deal);
        // A close after the fixture's last load day would be exported before it happened (a
        // won deal closed after its export day is a reject): such deals are still open.
        if (closed !== null && closed < end) {
          add('deals', 'salesforce', closed, {
            ...deal,
            updated_at: iso(closed),
            closed_at: iso(closed),
            stage: won ? 'closed_won' : 'closed_lost',
            is_closed: true,
            is_won: won,
          });
        }
      }
    }
    // Spend: every campaign every day; the next load restates the day (latest load wins).
    for (const c of CAMPAIGNS) {
      const cost = Math.round(rand() * 40_000) / 100;
      const row: CanonicalRecord = {
        date: dayOf(dayStart),
        platform: c.platform,
        account_id: `${c.platform}-acct`,
        campaign_id: c.id,
        campaign_name: (dayOf(dayStart) >= RENAMED_FROM && RENAMED[c.id]) || c.name,
        channel: c.channel,
        cost,
        currency: c.cur,
        impressions: Math.floor(rand() * 10_000),
        clicks: Math.floor(rand() * 500),
        conversions: Math.round(rand() * 100) / 10,
      };
      add('spend', c.source, dayStart, row);
      if (rand() < 0.5) add('spend', c.source, dayStart + DAY, { ...row, cost: Math.round(cost * 105) / 100 });
    }
  }

  // Owners of the leads' o1–o4 in both CRMs (o5 has none: its id shows); o1 renamed later.
  for (const source of ['hubspot', 'salesforce']) {
    for (let i = 1; i <= 4; i++) {
      add('owners', source, start, { owner_id: `o${i}`, name: `Owner ${i} ${source}`, updated_at: iso(start) });
    }
    add('owners', source, start + 3 * DAY, { owner_id: 'o1', name: `Renamed ${source}`, updated_at: iso(start + DAY) });
  }

  // One open deal whose stage no import could map (its load notes the label, as a vendor import
  // does): the report then runs sql/reports/deal_stages.sql, which both engines must agree on.
  const unknownStageAt = Date.parse(`${UNKNOWN_STAGE.day}T10:00:00Z`);
  if (unknownStageAt >= start && unknownStageAt < end) {
    add('deals', 'hubspot', unknownStageAt, {
      deal_id: 'HD-UNKNOWN-STAGE',
      name: 'custom pipeline deal',
      account_name: 'acct',
      account_domain: null,
      created_at: iso(unknownStageAt),
      updated_at: iso(unknownStageAt),
      closed_at: null,
      stage: UNKNOWN_STAGE.label,
      is_closed: false,
      is_won: false,
      amount: 4000,
      currency: 'EUR',
      owner_id: null,
      pipeline: 'custom',
      converted_from_lead_id: null,
      contact_emails: [],
      is_deleted: false,
    });
  }

  const store = new LocalStore(dataDir);
  const encoder = await DuckDBParquetEncoder.create();
  const rows: Record<TableName, number> = { leads: 0, deals: 0, activities: 0, spend: 0, owners: 0 };
  let count = 0;
  try {
    for (const key of [...loads.keys()].sort()) {
      const [dt, table, source] = key.split('|') as [string, TableName, string];
      const records = [...loads.get(key)!.values()];
      const unknownStages = records.filter((r) => r.stage === UNKNOWN_STAGE.label).length;
      const raw = new TextEncoder().encode(records.map((r) => JSON.stringify(r)).join('\n'));
      const result = await loadBatch(
        { store, encoder, config, now: () => new Date(`${dt}T05:00:00.000Z`) },
        {
          source,
          table,
          format: 'fixture-jsonl',
          dt,
          input: `${table}-${source}-${dt}.jsonl`,
          raw,
          rows: records.map((record, i) => ({ ok: true as const, line: i + 1, record })),
          notes: () =>
            unknownStages > 0
              ? { unmappedLabels: { 'Deal Stage': { [UNKNOWN_STAGE.label]: unknownStages } } }
              : undefined,
        },
      );
      if (result.manifest.rowsRejected > 0) {
        throw new Error(
          `fixture: ${result.manifest.rowsRejected} rejects in ${key}; see ${result.manifest.rejectsKey}`,
        );
      }
      rows[table] += result.manifest.rowsLoaded;
      count++;
    }
  } finally {
    await encoder.close();
  }
  return { dataDir, rows, loads: count };
}

/**
 * Moves the load manifests of the fixture's last load day, and their canonical files, out of
 * the data dir (as if those loads had not run yet); `restore` puts them back (committed).
 */
export function holdBackLastDay(dataDir: string, aside: string): { dt: string; loads: number; restore(): void } {
  const manifestsDir = join(dataDir, 'manifests', 'loads');
  const manifests = readdirSync(manifestsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({
      key: `manifests/loads/${f}`,
      ...(JSON.parse(readFileSync(join(manifestsDir, f), 'utf8')) as { dt: string; canonicalKeys: string[] }),
    }));
  const dt = manifests
    .map((m) => m.dt)
    .sort()
    .at(-1)!;
  const keys = manifests.filter((m) => m.dt === dt).flatMap((m) => [...m.canonicalKeys, m.key]);
  const move = (from: string, to: string) => {
    for (const key of keys) {
      mkdirSync(dirname(join(to, key)), { recursive: true });
      renameSync(join(from, key), join(to, key));
    }
  };
  move(dataDir, aside);
  return { dt, loads: manifests.filter((m) => m.dt === dt).length, restore: () => move(aside, dataDir) };
}
