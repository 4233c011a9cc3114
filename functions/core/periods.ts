/**
 * Declared periods (docs/methodology.md, Coverage): the period each load, and each API pull,
 * says it covers. A load stores it in its manifest (`LoadManifest.period`); an API pull also
 * leaves a small pull record under `manifests/pulls/`, because a pull that found nothing new
 * (no records, or the same records as an earlier load) loads nothing, yet says that nothing
 * happened in its window. The coverage rule (report/coverage.ts) reads both through
 * `readDeclaredPeriods`, locally and on S3 alike.
 */
import { DateTime } from 'luxon';
import { accountKey } from './import/spend-overlap.js';
import { listManifests, rowsBySource } from './load.js';
import type { ObjectStore } from './ports.js';
import type { DeclaredPeriod, LoadManifest } from './records.js';
import type { TableName } from './schema.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** True for a well-formed DeclaredPeriod: two days (inclusive) or two ISO UTC instants, not reversed. */
export function isDeclaredPeriod(value: unknown): value is DeclaredPeriod {
  if (value === null || typeof value !== 'object') return false;
  const { from, to } = value as Record<string, unknown>;
  if (typeof from !== 'string' || typeof to !== 'string') return false;
  if (DAY.test(from) && DAY.test(to)) return from <= to;
  if (INSTANT.test(from) && INSTANT.test(to)) return Date.parse(from) <= Date.parse(to);
  return false;
}

/**
 * `--period FROM..TO` of `funnel import`: two days `YYYY-MM-DD` (inclusive, in the report's
 * time zone). Throws an Error with a one-line message for anything else.
 */
export function parsePeriodOption(text: string): DeclaredPeriod {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  const period = m ? { from: m[1]!, to: m[2]! } : null;
  if (!period || !DateTime.fromISO(period.from).isValid || !DateTime.fromISO(period.to).isValid) {
    throw new Error(`--period: expected FROM..TO as two days YYYY-MM-DD, e.g. 2026-11-16..2026-11-22, got "${text}"`);
  }
  if (period.to < period.from) throw new Error(`--period: ${text} ends before it starts`);
  return period;
}

/** The start of an export-day period: a record export does not say where it starts. */
export const EXPORT_DAY_OPEN_START = '1970-01-01';

/**
 * The period a record file without a stated one declares from its export day `dt`
 * (`YYYY-MM-DD`: `funnel import --date`, the load's `dt=`; read in the report's time zone): up
 * to the end of that day, from an open start (`basis: 'export-day'`, see DeclaredPeriod). A
 * contacts export taken on the 16th holds no lead created on the 17th. An activities export taken on the 18th holds no call of the 19th: without it, the leads of the
 * days after read overdue. A deals export of the 18th holds no deal created or won on the 19th:
 * without it, the week's opportunities, pipeline and won deals read as measured and too low.
 * The start is open because the file does not state one, and its
 * earliest row is no start either (a weekly export whose first call is on Wednesday did not
 * miss Monday); the rule of data in the week still judges where its rows stop.
 */
export function exportDayPeriod(dt: string): DeclaredPeriod {
  return { from: EXPORT_DAY_OPEN_START, to: dt, basis: 'export-day' };
}

/**
 * The tables whose files declare their export day's period (exportDayPeriod) when neither the
 * file nor `--period` states one: those whose coverage is judged per source by declared periods
 * (report/coverage.ts sourcesBehind for activities, deals and spend, leadsCoverageOf for leads).
 * A contacts export of the 16th holds no lead of the 17th: up to the time it was imported, a
 * later week's leads would read as none. A spend file exported on Wednesday (a daily Google Ads
 * report without its title lines, canonical spend) holds no spend of Thursday to Sunday: without
 * the bound its three days read as the whole week's spend. Spend days are whole days of the
 * report's time zone, so the period ends with the export day itself (`to` = `dt`), as a stated
 * range ended by the export day does (import-file.ts endByExportDay).
 */
export const EXPORT_DAY_TABLES: readonly TableName[] = ['leads', 'activities', 'deals', 'spend'];

/**
 * The window an API pull asked for, from what its connector records in the pull's notes (one
 * rule for every connector): a change window `since`/`until` (ISO instants: what changed in
 * [since, until), until being the pull's time), or spend days `from`/`to` (inclusive, ending
 * with the last complete day). Null when the pull names neither (a full listing).
 */
export function periodOfPull(notes: Record<string, unknown> | undefined): DeclaredPeriod | null {
  if (!notes) return null;
  const instant = (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
  const since = instant(notes.since);
  const until = instant(notes.until);
  if (since && until) return isDeclaredPeriod({ from: since, to: until }) ? { from: since, to: until } : null;
  const days = { from: notes.from, to: notes.to };
  return isDeclaredPeriod(days) && DAY.test(days.from) ? days : null;
}

/** What an API pull declared, stored under `manifests/pulls/` (see the module comment). */
export interface PullRecord {
  source: string;
  entity: string;
  table: TableName;
  period: DeclaredPeriod;
  pulledAt: string;
}

/** Where a pull record is kept: one per source, entity and window, so the same pull run again writes the same object. */
export function pullRecordKey(r: Pick<PullRecord, 'source' | 'entity' | 'table' | 'period'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `manifests/pulls/${r.table}/${safe(r.source)}/${safe(r.entity)}/${safe(r.period.from)}--${safe(r.period.to)}.json`;
}

/** Every pull record of the store (unreadable ones skipped). */
export async function listPullRecords(store: ObjectStore): Promise<PullRecord[]> {
  const out: PullRecord[] = [];
  for (const key of await store.list('manifests/pulls/')) {
    const body = await store.get(key);
    if (!body) continue;
    try {
      const r = JSON.parse(Buffer.from(body).toString('utf8')) as PullRecord;
      if (isDeclaredPeriod(r.period)) out.push(r);
    } catch {
      // A torn write: the pull is recorded again by the next run.
    }
  }
  return out;
}

/**
 * One load or pull of a source: the period it declares (null: unknown), when it was loaded and,
 * for spend, the ad accounts it names.
 */
export interface SourceLoad {
  period: DeclaredPeriod | null;
  loadedAt: string;
  /**
   * Spend only: the ad accounts (`account_id`, null for rows without one) of the source's rows
   * in this load, from its `spendCoverage` note. Absent when the load names no account (no
   * rows, an API pull record, a load made before the note, or a canonical file loaded through
   * the fast path): such a load speaks for every account of its source (loadCoversAccount).
   */
  accounts?: readonly (string | null)[];
  /**
   * Spend only, with `accounts`: the currencies of the source's rows without an account id in
   * this load (an ad account has one currency, so each currency is another account). Absent
   * when the load has no such rows or a note of it names no currency (a load made before it was
   * recorded): its rows without an account id then speak for every currency.
   */
  currencies?: readonly string[];
}

/**
 * Whether `load`'s declared period speaks for the ad account `accountId` of its source (null:
 * its rows without an account id; spellings of one id are one account, spend-overlap.ts
 * accountKey). A load with spend rows covers the accounts of its rows, and
 * rows without an account id only the source's rows without one (that file was some account,
 * which one it does not say), in their currencies (`currency`: the currency of the rows without
 * an account id being judged; null judges them whatever their currency). A load that names no account at all (an API pull record, a file
 * with no rows, a load made before accounts were noted) covers every account of its source, as
 * a source's periods did before: it is the word of the source's whole pull or of the importer.
 * docs/methodology.md, "Each source, to the cutoff".
 */
export function loadCoversAccount(load: SourceLoad, accountId: string | null, currency: string | null = null): boolean {
  const key = accountKey(accountId);
  if (load.accounts === undefined) return true;
  if (!load.accounts.some((a) => accountKey(a) === key)) return false;
  return key !== null || currency === null || load.currencies === undefined || load.currencies.includes(currency);
}

/** Per table and source (`activities:hubspot`), its loads and pulls. */
export type DeclaredPeriods = ReadonlyMap<string, readonly SourceLoad[]>;

/** The key of `DeclaredPeriods`. */
export function periodsKey(table: TableName, source: string): string {
  return `${table}:${source}`;
}

/**
 * The declared periods of every committed load (its manifest; a file of several sources counts
 * for each) and every API pull record. Every committed manifest is current: a rebuild rewrites
 * manifests in place, with the period the replay declares again.
 */
export function declaredPeriodsOf(manifests: readonly LoadManifest[], pulls: readonly PullRecord[]): DeclaredPeriods {
  const out = new Map<string, SourceLoad[]>();
  const add = (table: TableName, source: string, load: SourceLoad) => {
    const key = periodsKey(table, source);
    const list = out.get(key) ?? [];
    list.push(load);
    out.set(key, list);
  };
  for (const m of manifests) {
    const period = isDeclaredPeriod(m.period) ? m.period : null;
    for (const source of rowsBySource(m).keys()) {
      const { accounts, currencies } = m.table === 'spend' ? spendAccountsOf(m, source) : { accounts: [] };
      add(m.table, source, {
        period,
        loadedAt: m.loadedAt,
        ...(accounts.length > 0 ? { accounts } : {}),
        ...(accounts.length > 0 && currencies ? { currencies } : {}),
      });
    }
  }
  for (const p of pulls) add(p.table, p.source, { period: p.period, loadedAt: p.pulledAt });
  return out;
}

/**
 * The ad accounts of `source`'s rows in a spend load, from its `spendCoverage` note
 * (spend-overlap.ts; [] when absent), and the currencies of its rows without an account id
 * (SourceLoad.currencies; undefined when there are none or an entry of them names no currency).
 */
function spendAccountsOf(m: LoadManifest, source: string): { accounts: (string | null)[]; currencies?: string[] } {
  const entries = Array.isArray(m.notes?.spendCoverage) ? (m.notes.spendCoverage as unknown[]) : [];
  const accounts = new Set<string | null>();
  const currencies = new Set<string>();
  let unknownCurrency = false;
  for (const e of entries) {
    if (e === null || typeof e !== 'object') continue;
    const { source: s, accountId, currency } = e as { source?: unknown; accountId?: unknown; currency?: unknown };
    if (s !== source) continue;
    const id = typeof accountId === 'string' ? accountId : null;
    accounts.add(id);
    if (id !== null) continue;
    if (typeof currency === 'string') currencies.add(currency);
    else unknownCurrency = true;
  }
  return {
    accounts: [...accounts],
    ...(currencies.size > 0 && !unknownCurrency ? { currencies: [...currencies] } : {}),
  };
}

/** `declaredPeriodsOf` over the store's manifests and pull records. */
export async function readDeclaredPeriods(store: ObjectStore): Promise<DeclaredPeriods> {
  return declaredPeriodsOf(await listManifests(store), await listPullRecords(store));
}

/** A declared period as the half-open instants [from, to) it covers; days are read in `timezone`. */
export function periodInstants(period: DeclaredPeriod, timezone: string): { from: number; to: number } {
  if (DAY.test(period.from)) {
    const day = (d: string) => DateTime.fromISO(d, { zone: timezone }).startOf('day');
    return { from: day(period.from).toMillis(), to: day(period.to).plus({ days: 1 }).toMillis() };
  }
  return { from: Date.parse(period.from), to: Date.parse(period.to) };
}
