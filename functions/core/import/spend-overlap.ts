/**
 * Spend that would count twice: the same platform, account and days loaded again at another
 * level (campaigns vs ad sets vs ads), with campaign ids of another kind (platform ids vs ids
 * derived from names), under another source name, or once with and once without an account
 * id. The staging model keeps the latest version per source, platform, account, campaign and
 * day (and currency, when the account id is missing), so only a restatement of the same rows
 * (same source, account, level and id kind) replaces; anything else adds up. Such a vendor
 * file is refused whole, with the reason. Spend in another currency is another account's: an
 * ad account has one currency, so it neither restates nor doubles the other.
 *
 * Campaigns keyed by their name (exports without a campaign id column) restate only while
 * the names stay the same: a renamed campaign, or a second ad account exported without its
 * account id, has other or the same names on the same days. So a restatement of name-keyed
 * spend must name the same campaigns on every shared day as the load it restates
 * (`nameConflict`), else the file is refused too; under another source name, other names are
 * another account (the user named it so) and load.
 *
 * A restatement replaces the earlier load day by day, so it must also be at the same
 * granularity on the days they share (`spreadConflict`): a row spread evenly over several days
 * (a range-only report, a Week or Month segment, a campaign's Starts/Ends) must not replace
 * days an earlier load gave by day, and days given by day (or a spread over another span) must
 * not replace only part of an earlier load's spread, whose other days would keep the estimate
 * beside them. Such a file is refused too.
 *
 * Every spend load records its coverage in its manifest notes (`spendCoverage`, see
 * `SpendCoverage`); the check compares a new file's coverage with those of earlier loads.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FormatError } from './canonical-csv.js';
import type { ObjectStore } from '../ports.js';
import type { CanonicalRecord, LoadManifest, ParsedRow } from '../records.js';

/** How campaign ids were made: `name` (`name:` + hash of the campaign name) or the platform's own. */
export type IdKind = 'name' | 'platform';

/** What one load holds of one platform and account (days inclusive). */
export interface CoverageEntry {
  source: string;
  platform: string;
  accountId: string | null;
  start: string;
  end: string;
  /** `campaign`, `ad set` or `ad`: the level the rows were exported at (API and canonical: campaign). */
  level: string;
  idKinds: IdKind[];
  /** The spend's currency (ISO 4217); absent in loads made before it was recorded. */
  currency?: string;
  /** True when the file named no currency and the config's was taken (`currencyAssumed`). */
  currencyAssumed?: boolean;
  /**
   * The campaigns keyed by name (`name:` ids), with the days each has a row on; absent when
   * there are none and in loads made before it was recorded (which are then not compared).
   */
  campaigns?: NamedCampaign[];
  /**
   * The spans `YYYY-MM-DD..YYYY-MM-DD` (several days each; sorted, distinct) that rows' cost
   * was spread evenly over: range-only reports, Week/Month/Quarter/Year segments, Meta's
   * per-campaign Starts/Ends. Every other day from `start` to `end` was given by day (a day
   * without a row had no spend). `[]` when every row was by day (canonical files, API pulls);
   * absent in loads made before it was recorded (unknown: not compared, `spreadConflict`).
   */
  spread?: string[];
}

/** A campaign keyed by its name: its `name:` id, its name as written, its days as ranges. */
export interface NamedCampaign {
  id: string;
  name: string;
  /** Runs of consecutive days, `YYYY-MM-DD..YYYY-MM-DD`, in order. */
  days: string[];
}

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Sorted days as runs of consecutive days (`2026-11-16..2026-11-22`). */
function runsOf(days: Iterable<string>): string[] {
  const runs: string[] = [];
  let start: string | null = null;
  let end = '';
  for (const day of [...days].sort()) {
    if (start !== null && day === nextDay(end)) {
      end = day;
      continue;
    }
    if (start !== null) runs.push(`${start}..${end}`);
    start = end = day;
  }
  if (start !== null) runs.push(`${start}..${end}`);
  return runs;
}

/** Collects coverage per source, platform and account from the records a load writes. */
export class SpendCoverage {
  private readonly byKey = new Map<
    string,
    Omit<CoverageEntry, 'level' | 'idKinds' | 'currencyAssumed' | 'campaigns' | 'spread'> & {
      ids: Set<IdKind>;
      named: Map<string, { name: string; days: Set<string> }>;
      spans: Set<string>;
    }
  >();

  /**
   * Adds a record's day (and its campaign, when keyed by name); `spread`: the spans its cost
   * was spread from (`ParsedRow.spread`), absent for a row given by day.
   */
  add(record: CanonicalRecord, spread: readonly string[] = []): void {
    const date = String(record.date);
    const entry = {
      source: String(record.source),
      platform: String(record.platform),
      accountId: record.account_id === null || record.account_id === undefined ? null : String(record.account_id),
      ...(record.currency === null || record.currency === undefined ? {} : { currency: String(record.currency) }),
    };
    const key = JSON.stringify([entry.source, entry.platform, entry.accountId, entry.currency ?? null]);
    const campaignId = String(record.campaign_id);
    const kind: IdKind = campaignId.startsWith('name:') ? 'name' : 'platform';
    let found = this.byKey.get(key);
    if (!found) {
      found = { ...entry, start: date, end: date, ids: new Set(), named: new Map(), spans: new Set() };
      this.byKey.set(key, found);
    }
    if (date < found.start) found.start = date;
    if (date > found.end) found.end = date;
    found.ids.add(kind);
    for (const span of spread) found.spans.add(span);
    if (kind === 'name') {
      const name =
        record.campaign_name === null || record.campaign_name === undefined ? '' : String(record.campaign_name);
      let campaign = found.named.get(campaignId);
      if (!campaign) found.named.set(campaignId, (campaign = { name: name || campaignId, days: new Set() }));
      campaign.days.add(date);
    }
  }

  /**
   * The entries, at `level` (the vendor format's `campaignLevel` note; else campaign), with
   * `currencyAssumed` when the currency came from the config (the `currencyAssumed` note).
   */
  entries(level = 'campaign', currencyAssumed = false): CoverageEntry[] {
    return [...this.byKey.values()].map(({ ids, named, spans, ...e }) => ({
      ...e,
      level,
      idKinds: [...ids].sort(),
      ...(currencyAssumed ? { currencyAssumed } : {}),
      ...(named.size > 0
        ? {
            campaigns: [...named.entries()]
              .map(([id, c]) => ({ id, name: c.name, days: runsOf(c.days) }))
              .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
          }
        : {}),
      spread: [...spans].sort(),
    }));
  }
}

/** The coverage a manifest recorded; empty for loads made before it was recorded. */
export function coverageOf(m: LoadManifest): CoverageEntry[] {
  const entries = m.notes?.spendCoverage;
  return Array.isArray(entries) ? (entries as CoverageEntry[]) : [];
}

/** Committed spend manifests (`manifests/loads/spend/` only), oldest first. */
async function spendManifests(store: ObjectStore): Promise<LoadManifest[]> {
  const out: LoadManifest[] = [];
  for (const key of await store.list('manifests/loads/spend/')) {
    const body = await store.get(key);
    if (body) out.push(JSON.parse(Buffer.from(body).toString('utf8')) as LoadManifest);
  }
  return out.sort((a, b) => a.loadedAt.localeCompare(b.loadedAt));
}

const days = (a: { start: string; end: string }, b: { start: string; end: string }) => {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? `${start}..${end}` : null;
};

const describeIds = (kinds: readonly IdKind[]) =>
  kinds.length > 1
    ? 'campaign ids of both kinds'
    : kinds[0] === 'name'
      ? 'campaign ids derived from names (no id column)'
      : "the platform's campaign ids";

/**
 * An account id compared across its spellings: Google Ads' UI writes `123-456-7890` where its
 * API says `1234567890`, Meta's `act_123` is account `123`. Two spellings of one account are
 * different staging keys, so they overlap (and conflict) here.
 */
export function accountKey(id: string | null): string | null {
  return id === null
    ? null
    : id
        .toLowerCase()
        .replace(/^act_/, '')
        .replace(/[^0-9a-z]/g, '');
}

/** Why two loads' spend would add up instead of restating. */
export type ConflictKind = 'level' | 'ids' | 'source' | 'account' | 'currency' | 'names' | 'spread';

/** Campaigns keyed by name that two loads hold differently on their shared days. */
export interface NameDifference {
  /** The first and last shared day whose campaigns differ, `YYYY-MM-DD..YYYY-MM-DD`. */
  days: string;
  /** Names only the new load has on those days, sorted. */
  added: string[];
  /** Names only the earlier load has on those days, sorted. */
  missing: string[];
}

/** Per day inside `range` (inclusive), the ids of the campaigns with a row on it. */
function campaignsByDay(campaigns: readonly NamedCampaign[], range: { start: string; end: string }) {
  const byDay = new Map<string, Set<string>>();
  for (const c of campaigns) {
    for (const run of c.days) {
      const [first, last = first] = run.split('..') as [string, string?];
      const end = last < range.end ? last : range.end;
      for (let day = first > range.start ? first : range.start; day <= end; day = nextDay(day)) {
        let ids = byDay.get(day);
        if (!ids) byDay.set(day, (ids = new Set()));
        ids.add(c.id);
      }
    }
  }
  return byDay;
}

/**
 * Where two loads of campaigns keyed by name (`name:` ids, exports without a campaign id
 * column) name other campaigns on a shared day: on every day both cover, the new load must
 * have rows of the same campaigns as the earlier one, else its rows would not restate the
 * earlier's. A renamed campaign (Google Ads shows the current name for past days) would
 * then count twice; a second ad account exported without its account id would replace the
 * first's campaigns of the same name and add the others. Null when the campaigns agree on
 * every shared day, when the loads share no day, or when either has no `campaigns` (platform
 * ids only, or a load made before they were recorded: not compared). Names are compared as
 * their ids (`deriveCampaignId`: case, spacing and invisible characters do not count).
 */
export function nameConflict(next: CoverageEntry, earlier: CoverageEntry): NameDifference | null {
  if (!next.campaigns || !earlier.campaigns) return null;
  const shared = days(next, earlier);
  if (shared === null) return null;
  const [start, end] = shared.split('..') as [string, string];
  const now = campaignsByDay(next.campaigns, { start, end });
  const before = campaignsByDay(earlier.campaigns, { start, end });
  const added = new Set<string>();
  const missing = new Set<string>();
  const differing: string[] = [];
  for (const day of new Set([...now.keys(), ...before.keys()])) {
    const a = now.get(day) ?? new Set<string>();
    const b = before.get(day) ?? new Set<string>();
    const onlyNew = [...a].filter((id) => !b.has(id));
    const onlyBefore = [...b].filter((id) => !a.has(id));
    if (onlyNew.length === 0 && onlyBefore.length === 0) continue;
    differing.push(day);
    onlyNew.forEach((id) => added.add(id));
    onlyBefore.forEach((id) => missing.add(id));
  }
  if (differing.length === 0) return null;
  differing.sort();
  const names = (ids: Set<string>, from: readonly NamedCampaign[]) =>
    from
      .filter((c) => ids.has(c.id))
      .map((c) => c.name)
      .sort();
  return {
    days: `${differing[0]}..${differing.at(-1)}`,
    added: names(added, next.campaigns),
    missing: names(missing, earlier.campaigns),
  };
}

/** How two loads' granularity differs on the days they share (`spreadConflict`). */
export interface SpreadDifference {
  /**
   * `estimate`: the new load spreads `span` over days the earlier gave by day (`days`, the
   * first and last of them). `part`: the new load replaces only `days` of the earlier load's
   * spread `span`; `left` (the first and last day of the span the new load does not cover)
   * would keep the estimate beside the new figures.
   */
  kind: 'estimate' | 'part';
  /** The spread span concerned, `YYYY-MM-DD..YYYY-MM-DD`: the new load's (`estimate`) or the earlier's (`part`). */
  span: string;
  /** `estimate`: the earlier load's days by day inside `span`; `part`: the span's days the new load covers. */
  days: string;
  /** `part` only: the span's days outside the new load, as runs. */
  left?: string[];
}

const spanOf = (run: string) => {
  const [start, end = start] = run.split('..') as [string, string?];
  return { start, end };
};

/** The days from `range` (inclusive) that no span of `spans` holds, as runs. */
function daysOutside(range: { start: string; end: string }, spans: readonly string[]): string[] {
  const out: string[] = [];
  for (let day = range.start; day <= range.end; day = nextDay(day)) {
    if (!spans.some((run) => days(spanOf(run), { start: day, end: day }) !== null)) out.push(day);
  }
  return runsOf(out);
}

const firstToLast = (runs: readonly string[]) => `${spanOf(runs[0]!).start}..${spanOf(runs.at(-1)!).end}`;

/**
 * Where a restatement (`next` of the same source, platform, account, level and ids as
 * `earlier`) is not at the same granularity on the days both cover, or null. The staging
 * model keeps the latest version per campaign and day, so:
 * - a span `next` spreads over (several days, one row's cost evenly) must not hold a day
 *   `earlier` gave by day (a day from its `start` to `end` outside its `spread`): the exact
 *   days would be replaced by the estimate, and part of their spend moved to other days
 *   (`estimate`);
 * - a span `earlier` spread over must lie wholly inside `next`'s days (`start`..`end`) or
 *   outside them: else `next` replaces only part of the estimate and the rest stays beside
 *   it, counted twice (`part`). The same span again, or a load covering all of it (by day or
 *   spread over a wider span), restates it whole.
 * Null when either load has no `spread` recorded (loads made before it was: unknown). Days
 * are compared per account, not per campaign: a campaign the new load has no row for keeps
 * the earlier load's rows, as in any restatement.
 */
export function spreadConflict(next: CoverageEntry, earlier: CoverageEntry): SpreadDifference | null {
  if (!next.spread || !earlier.spread) return null;
  for (const span of next.spread) {
    const shared = days(spanOf(span), earlier);
    if (shared === null) continue;
    const exact = daysOutside(spanOf(shared), earlier.spread);
    if (exact.length > 0) return { kind: 'estimate', span, days: firstToLast(exact) };
  }
  for (const span of earlier.spread) {
    const s = spanOf(span);
    const shared = days(s, next);
    if (shared === null || (next.start <= s.start && s.end <= next.end)) continue;
    return { kind: 'part', span, days: shared, left: daysOutside(s, [`${next.start}..${next.end}`]) };
  }
  return null;
}

const nameOnly = (e: CoverageEntry) => e.idKinds.length === 1 && e.idKinds[0] === 'name';

/**
 * Why `next` would count spend of `earlier` twice, or null when it cannot: another platform,
 * another account (a missing account id overlaps every account; spellings of one id are one
 * account; spend in another currency, each read from its file, is another account), no shared
 * day, or a restatement (same source, account as written, level and id kinds: the latest
 * version wins). Another currency where one was taken from the config is a `currency`
 * conflict: another account or a changed setting, the file cannot tell. A would-be
 * restatement of campaigns keyed by name that names other campaigns on a shared day is a
 * `names` conflict (`nameConflict`: a renamed campaign or another account without its id);
 * under another source name, such other names are another account (the source was named for
 * it) and not a conflict. `days` is the shared range, `YYYY-MM-DD..YYYY-MM-DD` (for `names`,
 * the first and last day whose campaigns differ, which `names` lists). A restatement at
 * another granularity on the shared days is a `spread` conflict (`spreadConflict`; `days` as
 * `spread.days`).
 */
export function overlapConflict(
  next: CoverageEntry,
  earlier: CoverageEntry,
): { kind: ConflictKind; days: string; names?: NameDifference; spread?: SpreadDifference } | null {
  if (next.platform !== earlier.platform) return null;
  const a = accountKey(next.accountId);
  const b = accountKey(earlier.accountId);
  if (a !== null && b !== null && a !== b) return null;
  const shared = days(next, earlier);
  if (shared === null) return null;
  if (next.currency !== undefined && earlier.currency !== undefined && next.currency !== earlier.currency) {
    // An ad account has one currency: another is another account (stg_spend keeps both).
    if (!next.currencyAssumed && !earlier.currencyAssumed) return null;
    return { kind: 'currency', days: shared };
  }
  if (next.level !== earlier.level) return { kind: 'level', days: shared };
  if (!next.idKinds.every((k) => earlier.idKinds.includes(k))) return { kind: 'ids', days: shared };
  if (next.source !== earlier.source) {
    // Campaigns keyed by name, other names, the same account id (or none), another source:
    // another account, loaded under a source named for it (stg_spend keeps both).
    const another =
      nameOnly(next) && nameOnly(earlier) && next.accountId === earlier.accountId && nameConflict(next, earlier);
    return another ? null : { kind: 'source', days: shared };
  }
  // One side has no account id, or the same account is spelt another way.
  if (next.accountId !== earlier.accountId) return { kind: 'account', days: shared };
  // A restatement, unless campaigns keyed by name differ: a rename or another account.
  const names = nameConflict(next, earlier);
  if (names) return { kind: 'names', days: names.days, names };
  // A restatement, unless it is at another granularity: exact days and an even spread.
  const spread = spreadConflict(next, earlier);
  return spread ? { kind: 'spread', days: spread.days, spread } : null;
}

/** The refusal: what was loaded before, what this file is, what to do. One line. */
function refusal(
  check: OverlapCheck,
  next: CoverageEntry,
  earlier: CoverageEntry,
  m: LoadManifest,
  conflict: { kind: ConflictKind; days: string; names?: NameDifference; spread?: SpreadDifference },
): string {
  if (conflict.kind === 'names') return namesRefusal(check, next, earlier, m, conflict.names!);
  if (conflict.kind === 'spread') return spreadRefusal(check, next, earlier, m, conflict.spread!);
  const kind: Exclude<ConflictKind, 'names' | 'spread'> = conflict.kind;
  const setting = `sources["${check.format}"].accountId`;
  // The setting names the account of a file without an account id column.
  const otherAccounts = next.accountId === null ? ` (or set ${setting} if these are different accounts)` : '';
  const [before, now, todo] = {
    level: [
      `at ${earlier.level} level`,
      `this file is at ${next.level} level`,
      `export the same level as before${otherAccounts}`,
    ],
    ids: [
      `with ${describeIds(earlier.idKinds)}`,
      `this file has ${describeIds(next.idKinds)}`,
      `export the same columns as before${otherAccounts}`,
    ],
    source: [
      `under source "${earlier.source}"`,
      `this file loads under source "${next.source}"`,
      `load this spend the same way as before (format or connector "${m.format}")${otherAccounts}`,
    ],
    account: [
      earlier.accountId === null ? 'without an account id' : `for account ${earlier.accountId}`,
      next.accountId === null ? 'this file has no account id' : `this file names account ${next.accountId}`,
      earlier.accountId === null
        ? 'export it without the account id column, as before'
        : next.accountId === null
          ? `set ${setting} to "${earlier.accountId}" if this is that account (or to this account's id if not)`
          : `write the account id as before: remove the account id column and set ${setting} to "${earlier.accountId}"`,
    ],
    currency: [
      `in ${earlier.currency}${earlier.currencyAssumed ? ' (the currency set in the config)' : ''}`,
      `this file's spend is in ${next.currency}${next.currencyAssumed ? ' (the currency set in the config)' : ''}`,
      `if this is another account, set ${setting} to its id; if the currency setting was wrong, correct it and run funnel rebuild`,
    ],
  }[kind];
  const account = next.accountId === null ? 'no account id' : `account ${next.accountId}`;
  return `${check.fileName}: ${next.platform} spend of ${conflict.days} (${account}) was already loaded ${before} from ${m.input} (${m.loadedAt.slice(0, 10)}); ${now}, so the same spend would count twice. Nothing was loaded; ${todo}`;
}

/** The id columns to export, per platform (the English names; other languages are read too). */
const ID_COLUMNS: Record<string, string> = {
  google_ads: 'Campaign ID and Customer ID',
  meta: 'Campaign ID and Account ID',
  linkedin: 'Campaign ID and Account ID',
};

/** At most five names, then how many more. */
const listNames = (names: readonly string[]) =>
  names.length === 0
    ? 'none'
    : names.length <= 5
      ? names.join(', ')
      : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;

/** The refusal of a `names` conflict: the days, both sets of names, the two ways out. One line. */
function namesRefusal(
  check: OverlapCheck,
  next: CoverageEntry,
  earlier: CoverageEntry,
  m: LoadManifest,
  names: NameDifference,
): string {
  const account = next.accountId === null ? 'no account id' : `account ${next.accountId}`;
  const columns = ID_COLUMNS[next.platform] ?? 'campaign id and account id';
  return (
    `${check.fileName}: ${next.platform} spend of ${names.days} (${account}) was already loaded from ${m.input} (${m.loadedAt.slice(0, 10)}) ` +
    `for other campaigns (this file: ${listNames(names.added)}; loaded: ${listNames(names.missing)}). ` +
    `Without a campaign id column campaigns are keyed by name, so a renamed campaign would count twice and another ad account would replace the campaigns of the same name. ` +
    `Nothing was loaded; if a campaign was renamed, export only the days after ${earlier.end}; if this is another ad account, load it with --source NAME (e.g. --source ${next.source}_2); ` +
    `exports with the ${columns} columns do not depend on names`
  );
}

/**
 * The refusal of a `spread` conflict: the account, the days, the earlier load, what to
 * download instead. One line.
 */
function spreadRefusal(
  check: OverlapCheck,
  next: CoverageEntry,
  earlier: CoverageEntry,
  m: LoadManifest,
  d: SpreadDifference,
): string {
  const account = next.accountId === null ? 'no account id' : `account ${next.accountId}`;
  const from = `from ${m.input} (${m.loadedAt.slice(0, 10)})`;
  const how = check.byDay ? ` (${check.byDay})` : '';
  if (d.kind === 'estimate') {
    return (
      `${check.fileName}: ${next.platform} spend of ${d.days} (${account}) was already loaded by day ${from}; ` +
      `this file is not by day there: it spreads a row's cost evenly over ${d.span}, which would replace those exact days with an estimate and move part of their spend to other days. ` +
      `Nothing was loaded; download the report by day${how}, or only for days not loaded by day yet`
    );
  }
  const mine = next.spread?.some((span) => days(spanOf(span), spanOf(d.days)) !== null)
    ? `spreads its cost over ${next.spread.filter((span) => days(spanOf(span), spanOf(d.days)) !== null).join(', ')}`
    : 'gives them by day';
  return (
    `${check.fileName}: ${next.platform} spend of ${d.span} (${account}) was already loaded ${from} as an estimate, each row's cost spread evenly over those days; ` +
    `this file has ${d.days} of them and ${mine}, so it would replace only part of that estimate and the rest would stay on ${d.left!.join(', ')} beside it, counted twice. ` +
    `Nothing was loaded; the estimate is replaced whole only by one file whose rows run from ${spanOf(d.span).start} to ${spanOf(d.span).end} (best by day${how}); else load only days outside it`
  );
}

export interface OverlapCheck {
  store: ObjectStore;
  /** The vendor format, for the config hint (`sources["meta-ads-csv"].accountId`). */
  format: string;
  fileName: string;
  /** The file as received: a load of the same bytes is already a no-op, never a conflict. */
  path: string;
  coverage: CoverageEntry[];
  /** Where the platform exports the report by day (the format's `byDay` note), for the refusal of a spread. */
  byDay?: string;
}

/**
 * Throws FormatError (one line: file, platform, days, account, the earlier load, what to do)
 * when the new file's spend overlaps a committed spend load it would add to instead of
 * restating (see `overlapConflict`). Manifests without coverage (older loads, the canonical
 * fast path) are not compared.
 */
export async function refuseSpendOverlap(check: OverlapCheck): Promise<void> {
  const digest = createHash('sha256')
    .update(await readFile(check.path))
    .digest('hex');
  const manifests = await spendManifests(check.store);
  if (manifests.some((m) => m.sha256 === digest)) return; // the same file again: the loader skips it
  for (const next of check.coverage) {
    for (const m of manifests) {
      for (const earlier of coverageOf(m)) {
        const conflict = overlapConflict(next, earlier);
        if (!conflict) continue;
        throw new FormatError(refusal(check, next, earlier, m, conflict));
      }
    }
  }
}

/**
 * The import hook for vendor spend files: reads the parsed rows (a spend file is small and
 * its rows are already held by the collector), refuses the file when it overlaps earlier
 * spend (`refuseSpendOverlap`), and hands the same rows on to the loader. Other tables pass.
 */
export async function guardSpendOverlap(
  store: ObjectStore,
  file: { table: string; format: string; fileName: string; path: string },
  rows: AsyncIterable<ParsedRow>,
  notes: () => Record<string, unknown> | undefined,
): Promise<AsyncIterable<ParsedRow> | ParsedRow[]> {
  if (file.table !== 'spend') return rows;
  const held: ParsedRow[] = [];
  const coverage = new SpendCoverage();
  for await (const row of rows) {
    held.push(row);
    if (row.ok) coverage.add(row.record, row.spread); // vendor rows carry their source
  }
  const level = notes()?.campaignLevel;
  const byDay = notes()?.byDay;
  await refuseSpendOverlap({
    ...file,
    ...(typeof byDay === 'string' ? { byDay } : {}),
    store,
    coverage: coverage.entries(
      typeof level === 'string' ? level : 'campaign',
      typeof notes()?.currencyAssumed === 'string',
    ),
  });
  return held;
}
