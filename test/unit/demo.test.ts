import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_FREE_MAIL_DOMAINS, loadConfig, parseConfig } from '../../functions/core/config.js';
import { generateDemo, writeDemo, type DemoDataset } from '../../functions/core/demo/index.js';
import { emailKey, normalizeDomain } from '../../functions/core/email-key.js';
import { inputColumns, TABLES, type TableName } from '../../functions/core/schema.js';
import { parseWeek, shiftWeek } from '../../functions/core/weeks.js';

type Row = Record<string, string>;

const ZONE = 'Europe/Zurich';
const HOUR = 3_600_000;
const FREE = new Set<string>(BUILT_IN_FREE_MAIL_DOMAINS);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let demo: DemoDataset;
const rowsOf = new Map<string, Row[]>();

function table(name: TableName): Row[] {
  return demo.files.filter((f) => f.table === name).flatMap((f) => rowsOf.get(f.name) ?? []);
}

/** Latest version of each record, deleted ones dropped (SPEC §4.1). */
function latest(rows: Row[], id: string): Row[] {
  const byKey = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.source}|${r[id]}`;
    const prev = byKey.get(key);
    if (!prev || (prev.updated_at ?? '') <= (r.updated_at ?? '')) byKey.set(key, r);
  }
  return [...byKey.values()].filter((r) => r.is_deleted !== 'true');
}

interface Person {
  key: string;
  createdAt: string;
  channel: string;
  campaignId: string;
  leads: Row[];
  domains: Set<string>;
}

/** A small, independent reading of SPEC §4 (persons, follow-ups, deal matching) over the demo files. */
function reconcile() {
  const leads = latest(table('leads'), 'lead_id');
  const persons = new Map<string, Person>();
  let anonymous = 0;
  for (const lead of leads) {
    const key = emailKey(lead.email) ?? `no-email-${anonymous++}`;
    let p = persons.get(key);
    if (!p) {
      p = {
        key,
        createdAt: lead.created_at!,
        channel: lead.channel!,
        campaignId: lead.campaign_id!,
        leads: [],
        domains: new Set(),
      };
      persons.set(key, p);
    }
    p.leads.push(lead);
    if (lead.created_at! < p.createdAt)
      Object.assign(p, { createdAt: lead.created_at, channel: lead.channel, campaignId: lead.campaign_id });
    const emailDomain = emailKey(lead.email)?.split('@')[1];
    if (emailDomain && !FREE.has(emailDomain)) p.domains.add(emailDomain);
    const company = normalizeDomain(lead.company_domain);
    if (company) p.domains.add(company);
  }
  const personOfLead = new Map<string, Person>();
  for (const p of persons.values()) for (const l of p.leads) personOfLead.set(`${l.source}|${l.lead_id}`, p);

  const byKey = new Map<string, string[]>();
  const byLead = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const a of table('activities')) {
    if (!['call', 'email', 'meeting'].includes(a.type!) || a.is_automated === 'true') continue;
    const k = emailKey(a.email);
    if (k) push(byKey, k, a.occurred_at!);
    if (a.lead_id) push(byLead, `${a.source}|${a.lead_id}`, a.occurred_at!);
  }
  const firstFollowUp = new Map<Person, string | null>();
  for (const p of persons.values()) {
    const times = [...(byKey.get(p.key) ?? []), ...p.leads.flatMap((l) => byLead.get(`${l.source}|${l.lead_id}`) ?? [])]
      .filter((t) => t >= p.createdAt)
      .sort();
    firstFollowUp.set(p, times[0] ?? null);
  }

  const all = [...persons.values()];
  const withinLookback = (p: Person, deal: Row) =>
    p.createdAt <= deal.created_at! && Date.parse(deal.created_at!) - Date.parse(p.createdAt) <= 180 * 24 * HOUR;
  const matches = latest(table('deals'), 'deal_id').map((deal) => {
    const converted = deal.converted_from_lead_id
      ? personOfLead.get(`${deal.source}|${deal.converted_from_lead_id}`)
      : undefined;
    if (converted && converted.createdAt <= deal.created_at!) return { deal, path: 'conversion', person: converted };
    const keys = (deal.contact_emails ?? '')
      .split(';')
      .map((e) => emailKey(e))
      .filter(Boolean);
    const byEmail = all.filter((p) => keys.includes(p.key) && withinLookback(p, deal));
    if (byEmail.length > 0) return { deal, path: 'email', person: earliest(byEmail) };
    const domain = normalizeDomain(deal.account_domain);
    const byDomain = domain ? all.filter((p) => p.domains.has(domain) && withinLookback(p, deal)) : [];
    if (byDomain.length > 0) return { deal, path: 'domain', person: earliest(byDomain) };
    return { deal, path: 'sales', person: null };
  });
  return { leads, persons: all, firstFollowUp, matches };
}

function earliest(persons: Person[]): Person {
  return [...persons].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))[0]!;
}

let world: ReturnType<typeof reconcile>;
/** A quarter-size, 12-week demo for the checks that do not need the full one. */
let small: DemoDataset;

beforeAll(() => {
  demo = generateDemo();
  small = generateDemo({ scale: 0.25, weeks: 12, endDate: '2027-03-07' });
  for (const f of demo.files) rowsOf.set(f.name, parse(f.csv, { columns: true }) as Row[]);
  world = reconcile();
});

describe('generateDemo: determinism and format', () => {
  it('is byte-identical for the same options and differs for another seed', () => {
    const again = generateDemo();
    expect(again.files.map((f) => f.csv)).toEqual(demo.files.map((f) => f.csv));
    expect(JSON.stringify(again.config)).toBe(JSON.stringify(demo.config));
    const seed7 = generateDemo({ seed: 7, scale: 0.25, weeks: 12, endDate: '2027-03-07' });
    expect(seed7.files.map((f) => f.name)).toEqual(small.files.map((f) => f.name));
    for (let i = 0; i < seed7.files.length; i++) {
      // The owners are the fixed catalogue of reps, the same for every seed; all else varies.
      if (seed7.files[i]!.name.includes('owners')) expect(seed7.files[i]!.csv).toBe(small.files[i]!.csv);
      else expect(seed7.files[i]!.csv).not.toBe(small.files[i]!.csv);
    }
  });

  it('writes one canonical file per source and table, with the schema header exactly', () => {
    expect(demo.files.map((f) => f.name)).toEqual([
      'canonical/hubspot-leads.csv',
      'canonical/hubspot-activities.csv',
      'canonical/hubspot-deals.csv',
      'canonical/salesforce-leads.csv',
      'canonical/salesforce-activities.csv',
      'canonical/salesforce-deals.csv',
      'canonical/google_ads-spend.csv',
      'canonical/meta-spend.csv',
      'canonical/linkedin-spend.csv',
      'canonical/hubspot-owners.csv',
      'canonical/salesforce-owners.csv',
    ]);
    for (const f of demo.files) {
      const header = f.csv.slice(0, f.csv.indexOf('\n'));
      expect(header, f.name).toBe(
        inputColumns(f.table)
          .map((c) => c.name)
          .join(','),
      );
      expect(f.rows, f.name).toBe(rowsOf.get(f.name)!.length);
    }
  });

  it('produces exactly what csv-stringify produces for the same cells (quoting included)', () => {
    for (const f of small.files) {
      const cells = parse(f.csv) as string[][];
      expect(stringify(cells), f.name).toBe(f.csv);
    }
  });

  it('gives every cell a valid value for its column type, enum and currency', () => {
    const config = parseConfig(demo.config);
    const problems: string[] = [];
    for (const f of demo.files) {
      const cells = parse(f.csv) as string[][];
      const columns = inputColumns(f.table);
      cells.slice(1).forEach((row, i) => {
        const where = `${f.name}:${i + 2}`;
        if (row.length !== columns.length) problems.push(`${where}: ${row.length} cells`);
        columns.forEach((c, j) => {
          const v = row[j] ?? '';
          if (v === '') {
            if (c.required) problems.push(`${where} ${c.name}: required`);
            return;
          }
          const t = c.type;
          const ok =
            typeof t === 'object'
              ? t.enum.includes(v)
              : t === 'timestamp'
                ? TIMESTAMP.test(v) && new Date(v).toISOString() === v
                : t === 'date'
                  ? /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
                  : t === 'boolean'
                    ? v === 'true' || v === 'false'
                    : t === 'double'
                      ? Number.isFinite(Number(v))
                      : t === 'bigint'
                        ? /^\d+$/.test(v)
                        : t === 'currency'
                          ? v in config.fxRates
                          : t === 'string_list'
                            ? v.split(';').every((e) => emailKey(e) !== null)
                            : true;
          if (!ok) problems.push(`${where} ${c.name}: "${v}"`);
        });
        if (row[columns.findIndex((c) => c.name === 'source')] !== f.source) problems.push(`${where}: source`);
      });
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('keeps deal states consistent and amounts in a B2B range', () => {
    const deals = table('deals');
    for (const d of deals) {
      if (d.is_won === 'true') expect(d.is_closed).toBe('true');
      expect(d.is_closed === 'true').toBe(Boolean(d.closed_at));
      if (d.closed_at) expect(d.closed_at >= d.created_at!).toBe(true);
      expect(Number(d.amount)).toBeGreaterThanOrEqual(5_000);
      expect(Number(d.amount)).toBeLessThanOrEqual(120_000);
    }
    const current = latest(deals, 'deal_id');
    const closed = current.filter((d) => d.is_closed === 'true');
    const wonShare = closed.filter((d) => d.is_won === 'true').length / closed.length;
    expect(wonShare).toBeGreaterThan(0.18);
    expect(wonShare).toBeLessThan(0.3);
    expect(new Set(current.map((d) => d.currency))).toEqual(new Set(['EUR', 'CHF', 'USD']));
  });

  it('contains versions and deletions of leads and deals', () => {
    const leadIds = table('leads').map((l) => `${l.source}|${l.lead_id}`);
    expect(leadIds.length - new Set(leadIds).size).toBeGreaterThan(500);
    expect(table('leads').some((l) => l.is_deleted === 'true')).toBe(true);
    const stagesById = new Map<string, string[]>();
    for (const l of table('leads'))
      (stagesById.get(l.lead_id!) ?? stagesById.set(l.lead_id!, []).get(l.lead_id!)!).push(l.lifecycle_stage!);
    const leadToMql = [...stagesById.values()].filter((s) => s.length > 1 && s[0] === 'lead' && s.at(-1) === 'mql');
    expect(leadToMql.length).toBeGreaterThan(20);
    const dealIds = table('deals').map((d) => d.deal_id);
    expect(dealIds.length - new Set(dealIds).size).toBeGreaterThan(10);
    expect(table('deals').some((d) => d.is_deleted === 'true')).toBe(true);
  });
});

describe('generateDemo: content', () => {
  it('covers 16 reported weeks ending 2026-W47 with about 300–450 persons a week, plus ramp-up before', () => {
    const weeks = [parseWeek('2026-W48', ZONE)];
    for (let i = 0; i < 24; i++) weeks.push(shiftWeek(weeks[i]!, -1));
    const perWeek = new Map<string, number>();
    for (const p of world.persons) {
      const id = weeks.find((w) => p.createdAt >= w.start.toISOString())?.id ?? 'earlier';
      perWeek.set(id, (perWeek.get(id) ?? 0) + 1);
    }
    let week = parseWeek('2026-W47', ZONE);
    const counts: number[] = [];
    for (let i = 0; i < 16; i++, week = shiftWeek(week, -1)) {
      const n = perWeek.get(week.id) ?? 0;
      counts.push(n);
      // Weeks with a trade fair get its badge scans on top.
      expect(n, week.id).toBeGreaterThanOrEqual(280);
      expect(n, week.id).toBeLessThanOrEqual(560);
    }
    const median = [...counts].sort((a, b) => a - b)[8]!;
    expect(median).toBeGreaterThanOrEqual(300);
    expect(median).toBeLessThanOrEqual(450);
    expect(perWeek.get(shiftWeek(week, -1).id) ?? 0).toBeGreaterThan(150);
    expect(perWeek.has('2026-W48')).toBe(false);
    expect(table('leads').length).toBeGreaterThan(5_000);
    // Nothing happens after the export moment (local midnight after the end date).
    const end = parseWeek('2026-W47', ZONE).end.toISOString();
    for (const a of table('activities')) expect(a.occurred_at! < end).toBe(true);
    for (const l of table('leads')) expect(l.updated_at! < end).toBe(true);
  });

  it('has spend for every campaign on every day, in at least two currencies', () => {
    const spend = table('spend');
    const campaigns = new Set(spend.map((s) => s.campaign_id));
    const days = new Set(spend.map((s) => s.date));
    expect(campaigns.size).toBeGreaterThanOrEqual(10);
    expect(campaigns.size).toBeLessThanOrEqual(14);
    expect(spend.length).toBe(campaigns.size * days.size);
    expect(days.has('2026-11-22')).toBe(true);
    expect(days.has('2026-11-23')).toBe(false);
    expect(new Set(spend.map((s) => s.currency)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(spend.map((s) => s.platform))).toEqual(new Set(['google_ads', 'meta', 'linkedin']));
    // Paid leads carry a campaign that exists in spend.
    const paid = world.leads.filter((l) => ['paid_search', 'paid_social', 'display'].includes(l.channel!));
    expect(paid.length).toBeGreaterThan(1_000);
    for (const l of paid) if (l.campaign_id) expect(campaigns.has(l.campaign_id), l.campaign_id).toBe(true);
    expect(paid.filter((l) => l.campaign_id).length / paid.length).toBeGreaterThan(0.9);
  });

  it('merges persons across HubSpot and Salesforce only through email variants', () => {
    expect(new Set(world.leads.map((l) => l.source))).toEqual(new Set(['hubspot', 'salesforce']));
    const both = world.persons.filter((p) => new Set(p.leads.map((l) => l.source)).size === 2);
    const share = both.length / world.persons.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    const spelledDifferently = both.filter((p) => new Set(p.leads.map((l) => l.email)).size > 1);
    expect(spelledDifferently.length).toBe(both.filter((p) => p.leads.every((l) => l.email)).length);
    const variants = spelledDifferently.flatMap((p) => p.leads.map((l) => l.email!));
    expect(variants.some((e) => /[A-Z]/.test(e))).toBe(true);
    expect(variants.some((e) => e !== e.trim())).toBe(true);
    expect(variants.some((e) => e.includes('+'))).toBe(true);
    expect(variants.some((e) => e.endsWith('@googlemail.com'))).toBe(true);
    const noEmail = world.leads.filter((l) => !l.email).length / world.leads.length;
    expect(noEmail).toBeGreaterThan(0.015);
    expect(noEmail).toBeLessThan(0.05);
    const mql = world.persons.filter((p) =>
      p.leads.some((l) => l.mql_at || ['mql', 'sql', 'opportunity', 'customer'].includes(l.lifecycle_stage!)),
    );
    expect(mql.length / world.persons.length).toBeGreaterThan(0.28);
    expect(mql.length / world.persons.length).toBeLessThan(0.45);
  });

  it('leaves some persons never followed up, most of all from paid social and display', () => {
    const neverShare = (channels: string[]) => {
      const ps = world.persons.filter((p) => channels.includes(p.channel));
      return ps.filter((p) => world.firstFollowUp.get(p) === null).length / ps.length;
    };
    expect(neverShare(['paid_search'])).toBeGreaterThan(0.02);
    expect(neverShare(['paid_social', 'display'])).toBeGreaterThan(2 * neverShare(['paid_search']));
    const hours = world.persons
      .map((p) => {
        const t = world.firstFollowUp.get(p);
        return t ? (Date.parse(t) - Date.parse(p.createdAt)) / HOUR : null;
      })
      .filter((h): h is number => h !== null)
      .sort((a, b) => a - b);
    const median = hours[Math.floor(hours.length / 2)]!;
    expect(median).toBeGreaterThan(1);
    expect(median).toBeLessThan(12);
    expect(hours.filter((h) => h > 72).length).toBeGreaterThan(50);
  });

  it('contains the activities a follow-up count must ignore', () => {
    const activities = table('activities');
    const automated = activities.filter((a) => a.is_automated === 'true');
    expect(automated.length).toBeGreaterThan(1_000);
    expect(automated.every((a) => a.type === 'email')).toBe(true);
    expect(activities.filter((a) => a.type === 'task' || a.type === 'other').length).toBeGreaterThan(500);
    expect(activities.filter((a) => a.lead_id && !a.email).length).toBeGreaterThan(500);
    // An automated send is the only "email" some unworked persons ever got.
    const automatedKeys = new Set(automated.map((a) => emailKey(a.email)));
    expect(world.persons.some((p) => world.firstFollowUp.get(p) === null && automatedKeys.has(p.key))).toBe(true);
    // Calls logged before the person became a lead.
    const created = new Map(world.persons.map((p) => [p.key, p.createdAt]));
    const early = activities.filter((a) => {
      const c = created.get(emailKey(a.email) ?? '');
      return c !== undefined && a.occurred_at! < c && a.is_automated === 'false';
    });
    expect(early.length).toBeGreaterThan(20);
    // Reps differ: the slowest owner leaves a far larger share overdue than the fastest.
    const unworked = (owner: string) => {
      const ps = world.persons.filter((p) => p.leads[0]!.owner_id === owner);
      return ps.filter((p) => world.firstFollowUp.get(p) === null).length / ps.length;
    };
    expect(unworked('rep-06')).toBeGreaterThan(2 * unworked('rep-01'));
  });

  it('matches deals by conversion, by email variant and by domain, and leaves sales-sourced deals unmatched', () => {
    const count = (path: string) => world.matches.filter((m) => m.path === path).length;
    expect(count('conversion')).toBeGreaterThan(50);
    expect(count('email')).toBeGreaterThan(50);
    expect(count('domain')).toBeGreaterThan(30);
    const salesShare = count('sales') / world.matches.length;
    expect(salesShare).toBeGreaterThan(0.28);
    expect(salesShare).toBeLessThan(0.42);
    // Some email matches only work through the email key (the spelling differs from every lead's).
    const leadEmails = new Set(world.leads.map((l) => l.email));
    const viaVariant = world.matches.filter(
      (m) => m.path === 'email' && (m.deal.contact_emails ?? '').split(';').every((e) => !leadEmails.has(e)),
    );
    expect(viaVariant.length).toBeGreaterThan(20);
    // Domain matches carry no contact email of the matched person.
    for (const m of world.matches.filter((x) => x.path === 'domain')) {
      expect((m.deal.contact_emails ?? '').split(';').map((e) => emailKey(e))).not.toContain(m.person!.key);
    }
    // Deals come days to weeks after the lead.
    const lags = world.matches
      .filter((m) => m.person)
      .map((m) => (Date.parse(m.deal.created_at!) - Date.parse(m.person!.createdAt)) / (24 * HOUR));
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(lags.filter((d) => d >= 3 && d <= 60).length / lags.length).toBeGreaterThan(0.8);
  });

  it('tells both stories: idle campaigns, and paid search plus events carrying the pipeline', () => {
    const fx = parseConfig(demo.config).fxRates;
    const pipeline = new Map<string, number>();
    const campaignsWithDeals = new Set<string>();
    for (const m of world.matches) {
      if (!m.person) continue;
      const eur = Number(m.deal.amount) * fx[m.deal.currency!]!;
      pipeline.set(m.person.channel, (pipeline.get(m.person.channel) ?? 0) + eur);
      if (m.person.campaignId) campaignsWithDeals.add(m.person.campaignId);
    }
    const idle = [...new Set(table('spend').map((s) => s.campaign_id!))].filter((c) => !campaignsWithDeals.has(c));
    expect(idle.length).toBeGreaterThanOrEqual(2);
    const of = (c: string) => pipeline.get(c) ?? 0;
    expect(of('paid_search') + of('events')).toBeGreaterThan(2 * (of('paid_social') + of('display')));
    expect(of('paid_search')).toBe(Math.max(...pipeline.values()));
  });

  it('scales volumes and accepts another end date', () => {
    const leads = small.files.filter((f) => f.table === 'leads').reduce((n, f) => n + f.rows, 0);
    expect(leads).toBeGreaterThan(table('leads').length * 0.15);
    expect(leads).toBeLessThan(table('leads').length * 0.3);
    const spend = parse(small.files.find((f) => f.name === 'canonical/google_ads-spend.csv')!.csv, {
      columns: true,
    }) as Row[];
    expect(spend.at(-1)!.date).toBe('2027-03-07');
  });

  it('rejects options it cannot honour with a clear message', () => {
    expect(() => generateDemo({ weeks: 11 })).toThrow(/weeks: expected an integer from 12/);
    expect(() => generateDemo({ endDate: '2026-13-01' })).toThrow(/endDate: expected a date/);
    expect(() => generateDemo({ scale: 0 })).toThrow(/scale/);
    expect(() => generateDemo({ seed: 1.5 })).toThrow(/seed/);
  });
});

describe('demo config and writeDemo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'funnel-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ships a config that parseConfig accepts, with a rate for every currency used', () => {
    const config = parseConfig(demo.config);
    expect(config).toMatchObject({
      reportingCurrency: 'EUR',
      timezone: ZONE,
      followUpSlaHours: 24,
      matchLookbackDays: 180,
      attribution: 'first_touch',
    });
    const used = new Set([...table('deals'), ...table('spend')].map((r) => r.currency));
    for (const c of used) expect(config.fxRates[c!], c).toBeGreaterThan(0);
  });

  it('writes the canonical files and funnel.config.json', async () => {
    const written = await writeDemo(dir);
    expect(written.map((w) => w.path)).toEqual(demo.files.map((f) => join(dir, f.name)));
    for (const w of written) {
      const text = await readFile(w.path, 'utf8');
      expect(text).toBe(demo.files.find((f) => join(dir, f.name) === w.path)!.csv);
      expect(text.trimEnd().split('\n').length - 1).toBe(w.rows);
      expect(Object.keys(TABLES)).toContain(w.table);
    }
    const config = await loadConfig(join(dir, 'funnel.config.json'));
    expect(config.timezone).toBe(ZONE);
  });
});
