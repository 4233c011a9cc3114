/**
 * Result comparison between engines: same column names, same rows as a multiset (numbers
 * within a tiny tolerance, timestamps as ISO-8601 UTC), and the row order where the query
 * orders its result.
 */
import type { Row, SqlValue } from '../../functions/core/ports.js';

const REL = 1e-9;
const ABS = 1e-9;

export function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= Math.max(ABS, REL * Math.max(Math.abs(a), Math.abs(b)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]!));
  if (typeof a === 'string' && typeof b === 'string') return normalizeTimestamp(a) === normalizeTimestamp(b);
  return a === b;
}

/** `2026-11-16 08:00:00` / `…T08:00:00.000000Z` → `2026-11-16T08:00:00.000Z`; other strings unchanged. */
export function normalizeTimestamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(s);
  if (!m) return s;
  return `${m[1]}T${m[2]}.${((m[3] ?? '') + '000').slice(0, 3)}Z`;
}

function sortKey(values: SqlValue[]): string {
  return JSON.stringify(values, (_k, v: unknown) => {
    if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(8)) : String(v);
    if (typeof v === 'string') return normalizeTimestamp(v);
    return v;
  });
}

export interface Comparison {
  ok: boolean;
  /** Row order differs though the multisets agree (only meaningful for ordered results). */
  orderDiffers: boolean;
  problems: string[];
}

export function compareRows(expected: Row[], actual: Row[], ordered: boolean): Comparison {
  const problems: string[] = [];
  const colsE = Object.keys(expected[0] ?? {});
  const colsA = Object.keys(actual[0] ?? {});
  if (expected.length > 0 && actual.length > 0 && colsE.join(',') !== colsA.join(',')) {
    problems.push(`columns differ: duckdb [${colsE.join(', ')}] vs trino [${colsA.join(', ')}]`);
    return { ok: false, orderDiffers: false, problems };
  }
  if (expected.length !== actual.length) {
    problems.push(`row count differs: duckdb ${expected.length} vs trino ${actual.length}`);
  }
  const cols = colsE.length > 0 ? colsE : colsA;
  const toValues = (r: Row): SqlValue[] => cols.map((c) => r[c] ?? null);
  const e = expected.map(toValues);
  const a = actual.map(toValues);
  let orderDiffers = false;
  if (ordered && e.length === a.length) {
    orderDiffers = e.some((row, i) => !row.every((v, j) => sameValue(v, a[i]![j]!)));
  }
  const es = [...e].sort((x, y) => sortKey(x).localeCompare(sortKey(y)));
  const as = [...a].sort((x, y) => sortKey(x).localeCompare(sortKey(y)));
  const n = Math.min(es.length, as.length);
  for (let i = 0; i < n && problems.length < 6; i++) {
    const diff = cols.filter((_c, j) => !sameValue(es[i]![j]!, as[i]![j]!));
    if (diff.length > 0) {
      problems.push(
        `row ${i + 1} (sorted) differs in ${diff
          .map((c) => {
            const j = cols.indexOf(c);
            return `${c}: duckdb ${JSON.stringify(es[i]![j])} vs trino ${JSON.stringify(as[i]![j])}`;
          })
          .join('; ')}`,
      );
    }
  }
  return { ok: problems.length === 0, orderDiffers, problems };
}

/** True when the statement's outermost level ends with ORDER BY (comments stripped). */
export function hasOuterOrderBy(sql: string): boolean {
  const text = sql.replace(/--[^\n]*/g, '').trim();
  let depth = 0;
  let lastOrderAtTop = -1;
  const re = /\(|\)|\border\s+by\b/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '(') depth++;
    else if (m[0] === ')') depth--;
    else if (depth === 0) lastOrderAtTop = m.index;
  }
  return lastOrderAtTop >= 0;
}
