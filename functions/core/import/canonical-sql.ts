/**
 * The canonical-CSV fast path's SQL (DuckDB dialect), generated from schema.ts and the
 * constants of validate.ts / email-key.ts, so there is one source of truth for the rules.
 *
 * The SQL decides which rows are valid and computes their canonical values (equal to what
 * `parseCell` + `checkRecord` produce). It is deliberately conservative: a row it cannot
 * vouch for exactly (a rare timestamp form such as `24:00`, an email outside the Latin
 * scripts whose case mapping might differ from JavaScript's, an email whose domain is not
 * ASCII and so needs its `xn--` form) is treated as a reject candidate. The caller runs
 * the JS validator on every candidate, which gives the exact reject message, and falls back
 * to the JS path when JS would have accepted one.
 */
import { GMAIL_DOMAINS, INVISIBLE } from '../email-key.js';
import { ID_DAMAGE_PATTERNS, isIdColumn } from '../id-damage.js';
import { sourceColumnFor } from './canonical-csv.js';
import { parquetColumns } from '../parquet.js';
import { TABLES, type ColumnDef, type TableName } from '../schema.js';
import {
  COUNT_COLUMNS,
  ISO_CURRENCIES,
  MAX_MONEY,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  MONEY_COLUMNS,
  NUMBER,
  SOURCE_NAME,
} from '../validate.js';

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
const JS_WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const ASCII_WHITESPACE = '\t\n\v\f\r ';

/** email-key.ts SHAPE (no white space, `@` or `<>()[]\\,;:"` in a part) for RE2. */
function emailShape(whitespace: string): string {
  const part = `[^@${whitespace}<>()\\[\\]\\\\,;:"]+`;
  return `${part}@${part}\\.${part}`;
}

/**
 * Emails whose key SQL computes exactly: ASCII, Latin-1 Supplement, Latin Extended-A/B
 * (without U+0130, whose JS lower case is two code points), combining diacritics (NFC
 * composes them) and the white space and format characters pasted addresses carry (SQL
 * removes them as emailKey does). JS lower-cases a few other scripts context-sensitively
 * (final sigma). The domain must be ASCII besides: SQL cannot write an IDN as `xn--` labels.
 */
const SQL_SAFE_RANGES: readonly [number, number][] = [
  [0x1, 0x7f],
  [0xa0, 0x12f],
  [0x131, 0x24f],
  [0x300, 0x36f],
  [0x1680, 0x1680],
  [0x180e, 0x180e],
  [0x2000, 0x200f],
  [0x2028, 0x202f],
  [0x205f, 0x2064],
  [0x2066, 0x206f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

/** RE2 class body of the code points in `ranges` that `keep` accepts. */
function re2Class(ranges: readonly [number, number][], keep: (cp: number) => boolean): string {
  const parts: string[] = [];
  const hex = (cp: number): string => `\\x{${cp.toString(16).toUpperCase()}}`;
  for (const [lo, hi] of ranges) {
    let start = -1;
    for (let cp = lo; cp <= hi + 1; cp++) {
      const inside = cp <= hi && keep(cp);
      if (inside && start < 0) start = cp;
      if (!inside && start >= 0) {
        parts.push(start === cp - 1 ? hex(start) : `${hex(start)}-${hex(cp - 1)}`);
        start = -1;
      }
    }
  }
  return parts.join('');
}

const invisible = new RegExp(INVISIBLE.source, 'u');
/** The characters emailKey removes, among those SQL vouches for: derived from the JS rule itself. */
export const SQL_EMAIL_INVISIBLE = `[${re2Class(SQL_SAFE_RANGES, (cp) => invisible.test(String.fromCodePoint(cp)))}]`;
const SQL_SAFE_EMAIL = `[${re2Class(SQL_SAFE_RANGES, () => true)}]*`;
/** After the first `@`, only ASCII and removed characters (an address with two `@` has no key either way). */
const SQL_ASCII_DOMAIN = `[^@]*(@[${re2Class(SQL_SAFE_RANGES, (cp) => cp <= 0x7f || invisible.test(String.fromCodePoint(cp)))}]*)?`;

/** validate.ts ISO_TIMESTAMP, restricted to fields JS and DuckDB read alike (hours 00–23, offsets to ±23:59). */
const SQL_TIMESTAMP =
  '^(\\d{4})-(\\d{2})-(\\d{2})[T ]([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d)(?:\\.(\\d{1,9}))?)?(Z|([+-])([01]\\d|2[0-3]):?([0-5]\\d))?$';

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const t = (c: ColumnDef): string => ident(`t_${c.name}`);
const v = (c: ColumnDef): string => ident(`v_${c.name}`);
const m = (c: ColumnDef): string => ident(`m_${c.name}`);

/** Macros the generated SQL uses; run once per connection before the queries. */
export function canonicalSqlMacros(): string[] {
  const ws = JS_WHITESPACE;
  const gmail = [...GMAIL_DOMAINS].map(sqlString).join(', ');
  // Each macro before the ones that use it; arguments are plain columns or lambda variables, never
  // expressions (a macro repeats its argument text, so nested calls would multiply the work).
  return [
    // Trims only when the first or last character may be white space (most cells need no trim).
    `create or replace temp macro funnel_jstrim(s) as case when ord(s[1]) <= 32 or ord(s[1]) >= 160 or ord(s[-1]) <= 32 or ord(s[-1]) >= 160 then trim(s, ${sqlString(ws)}) else s end`,
    `create or replace temp macro funnel_ekey_local(l) as case when strpos(l, '+') > 0 then left(l, strpos(l, '+') - 1) else l end`,
    `create or replace temp macro funnel_ekey_join(l, d) as case when d in (${gmail}) then nullif(replace(l, '.', ''), '') || '@gmail.com' else nullif(l, '') || '@' || d end`,
    // e: invisible characters removed, NFC-normalized, lower-cased (see emailKey).
    // An ASCII address (strlen = length) can only hold ASCII white space: a cheaper pattern, same answer.
    `create or replace temp macro funnel_ekey(e) as case when (case when strlen(e) = length(e) then regexp_full_match(e, ${sqlString(emailShape(ASCII_WHITESPACE))}) else regexp_full_match(e, ${sqlString(emailShape(ws))}) end) then funnel_ekey_join(funnel_ekey_local(split_part(e, '@', 1)), split_part(e, '@', 2)) end`,
  ];
}

export interface CanonicalSqlSpec {
  table: TableName;
  /** The file's columns in file order (names as in the header, all known input columns). */
  header: readonly string[];
  /** `--source`: fills an empty or absent source. */
  source?: string;
  /** Currencies with an FX rate in the config. */
  fxRates: Record<string, number>;
  /** A won deal closed at or after this instant is refused (validate.ts `wonAfterExportDay`). */
  wonBy?: Date;
  /** A lead or deal created at or after this instant is refused (validate.ts `createdAfterExportDay`). */
  createdBy?: Date;
  /**
   * The relation of raw cells: `ord` (the row's 0-based position among the rows the CSV reader
   * parsed, in file order) and columns c0…c(n-1), all VARCHAR, in file column order. The ordinal
   * comes with the relation, not from a window here: `row_number() over ()` over the whole file
   * doubled the CPU of the pass (docs/performance.md).
   */
  relation: string;
}

export interface CanonicalSql {
  /** Every parsed row: `ord`, `ok` and the canonical value columns `v_<name>` (meaningful where `ok`). */
  rows: string;
  /** The stored columns in Parquet order (without source), given SQL for the load columns. */
  storedSelect(load: { ingestedAt: string; batchId: string; batchRow: string }): string;
}

/** Builds the fast path's queries for one file's header. */
export function canonicalSql(spec: CanonicalSqlSpec): CanonicalSql {
  const def = TABLES[spec.table];
  const position = new Map(spec.header.map((name, i) => [name, i]));
  const inputs = def.columns.filter((c) => !c.derived);
  const fx = Object.keys(spec.fxRates).filter((c) => ISO_CURRENCIES.has(c));

  // Level 1: trimmed cells (null when empty), the --source fill.
  const trimmed = inputs.map((c) => {
    const i = position.get(c.name);
    let expr = i === undefined ? 'null::varchar' : `nullif(funnel_jstrim(c${i}), '')`;
    if (c.name === 'source' && spec.source !== undefined) expr = `coalesce(${expr}, ${sqlString(spec.source)})`;
    // No source column in a spend file: a row's source is its platform (sourceColumnFor).
    const from = c.name === 'source' ? sourceColumnFor(spec.table, spec.header, spec.source) : undefined;
    const fromAt = from === undefined ? undefined : position.get(from);
    if (fromAt !== undefined) expr = `nullif(funnel_jstrim(c${fromAt}), '')`;
    return `${expr} as ${t(c)}`;
  });
  const level1 = `select ord, ${trimmed.join(', ')} from ${spec.relation}`;

  // Level 2: regex captures of timestamps, numbers.
  const level2Exprs = inputs.flatMap((c) => {
    if (c.type === 'double' || c.type === 'bigint') {
      return [
        `case when regexp_full_match(${t(c)}, ${sqlString(NUMBER.source)}) then try_cast(${t(c)} as double) end as ${m(c)}`,
      ];
    }
    return [];
  });
  const level2 = `select *${level2Exprs.map((e) => `, ${e}`).join('')} from (${level1})`;

  // Level 3: values.
  const values = inputs.map((c) => `${valueExpr(c)} as ${v(c)}`);
  const level3 = `select *, ${values.join(', ')} from (${level2})`;

  // Level 4: validity of the row.
  const checks: string[] = inputs.map((c) => {
    const present = validExpr(c, fx);
    return c.required ? `(${t(c)} is not null and ${present})` : `(${t(c)} is null or ${present})`;
  });
  const names = new Set(def.columns.map((c) => c.name));
  if (names.has('currency') && names.has('amount'))
    checks.push(`not ("v_currency" is null and "v_amount" is not null)`);
  if (spec.table === 'deals') checks.push(`not ("v_is_won" is true and "v_closed_at" is null)`);
  if (spec.table === 'deals' && spec.wonBy) {
    const wonBy = spec.wonBy.toISOString().replace('T', ' ').replace('Z', '');
    checks.push(`not ("v_is_won" is true and "v_closed_at" >= timestamp '${wonBy}')`);
  }
  if ((spec.table === 'leads' || spec.table === 'deals') && spec.createdBy) {
    const createdBy = spec.createdBy.toISOString().replace('T', ' ').replace('Z', '');
    checks.push(`not ("v_created_at" >= timestamp '${createdBy}')`);
  }
  checks.push(`regexp_full_match("v_source", ${sqlString(SOURCE_NAME.source.slice(1, -1))})`);
  const derivedCols = def.columns.filter((d) => d.derived);
  for (const c of derivedCols) {
    // The emails a derived key comes from must be ones SQL keys exactly.
    const e = t(emailSource(c));
    checks.push(
      `(${e} is null or strlen(${e}) = length(${e}) or (regexp_full_match(${e}, ${sqlString(SQL_SAFE_EMAIL)}) and regexp_full_match(${e}, ${sqlString(SQL_ASCII_DOMAIN)})))`,
    );
  }
  const level4 = `select *, coalesce(${checks.join('\n and ')}, false) as ok from (${level3})`;

  // Derived values of valid rows, in steps so no expression is computed twice: invisible characters
  // removed and NFC, then lower case, then the key; lists drop null and repeated keys, first seen first.
  const stage = (c: ColumnDef, n: number): string => ident(`s${n}_${c.name}`);
  const step = (c: ColumnDef, from: string, body: (x: string) => string, n: number): string =>
    c.type === 'string_list'
      ? `list_transform(${from}, lambda x: ${body('x')}) as ${stage(c, n)}`
      : `${body(from)} as ${stage(c, n)}`;
  const s0 = derivedCols.map((c) =>
    step(
      c,
      c.type === 'string_list' ? `coalesce(${v(emailSource(c))}, []::varchar[])` : v(emailSource(c)),
      (x) => `nfc_normalize(regexp_replace(${x}, ${sqlString(SQL_EMAIL_INVISIBLE)}, '', 'g'))`,
      1,
    ),
  );
  const s1 = derivedCols.map((c) => step(c, stage(c, 1), (x) => `lower(${x})`, 2));
  const s2 = derivedCols.map((c) => step(c, stage(c, 2), (x) => `funnel_ekey(${x})`, 3));
  const finalOf = (c: ColumnDef): string =>
    c.type === 'string_list'
      ? `list_filter(${stage(c, 3)}, lambda k, i: k is not null and list_position(${stage(c, 3)}, k) = i) as ${v(c)}`
      : `${stage(c, 3)} as ${v(c)}`;
  let valid = `select ord, ok, ${[...inputs.map(v), ...s0].join(', ')} from (${level4})`;
  if (derivedCols.length > 0) {
    valid = `select *, ${s1.join(', ')} from (${valid})`;
    valid = `select *, ${s2.join(', ')} from (${valid})`;
  }
  valid = `select ord, ok, ${[...inputs.map(v), ...derivedCols.map(finalOf)].join(', ')} from (${valid})`;

  return {
    rows: valid,
    storedSelect(load) {
      return parquetColumns(spec.table)
        .map((c) => {
          if (c.name === 'ingested_at') return `${load.ingestedAt} as ${ident(c.name)}`;
          if (c.name === 'batch_id') return `${load.batchId} as ${ident(c.name)}`;
          if (c.name === 'batch_row') return `${load.batchRow} as ${ident(c.name)}`;
          return `${v(c)} as ${ident(c.name)}`;
        })
        .join(', ');
    },
  };
}

const EMAIL_KEY_SOURCES: Record<string, string | undefined> = {
  email_key: 'email',
  contact_email_keys: 'contact_emails',
  additional_email_keys: 'additional_emails',
};

/** The input column a derived email key is computed from. */
function emailSource(c: ColumnDef): ColumnDef {
  const from = EMAIL_KEY_SOURCES[c.name];
  if (!from) throw new Error(`canonical-sql: no SQL for derived column ${c.name}`);
  return { name: from, type: c.type, description: '' };
}

const D2 = '[0-9][0-9]';
const DATE_GLOB = `[0-9][0-9]${D2}-${D2}-${D2}`;
const TIME_GLOB = `${DATE_GLOB}[T ]${D2}:${D2}:${D2}`;

/**
 * A timestamp cell as UTC. The usual forms (`YYYY-MM-DD HH:MM:SS`, with `T`, `Z`, `.fffZ`)
 * take a cheap path; anything else goes through the full pattern. `x` is a column name.
 */
function timestampExpr(x: string): string {
  const fields = `substr(${x}, 12, 2) < '24' and substr(${x}, 15, 2) < '60' and substr(${x}, 18, 2) < '60'`;
  const common = `(${x} glob '${TIME_GLOB}' or ${x} glob '${TIME_GLOB}Z' or ${x} glob '${TIME_GLOB}.[0-9][0-9][0-9]Z')`;
  const cheap = `try_cast(left(${x}, case when length(${x}) = 24 then 23 else 19 end) as timestamp)`;
  const mm = `regexp_extract(${x}, ${sqlString(SQL_TIMESTAMP)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z', 'sign', 'zh', 'zm'])`;
  const local = `try_cast(${mm}.y || '-' || ${mm}.mo || '-' || ${mm}.d || ' ' || coalesce(nullif(${mm}.h, ''), '00') || ':' || coalesce(nullif(${mm}.mi, ''), '00') || ':' || coalesce(nullif(${mm}.s, ''), '00') || '.' || left(${mm}.f || '000', 3) as timestamp)`;
  const minutes = `(case ${mm}.sign when '+' then -1 when '-' then 1 else 0 end) * (coalesce(try_cast(${mm}.zh as integer), 0) * 60 + coalesce(try_cast(${mm}.zm as integer), 0))`;
  return `case when ${common} and ${fields} then ${cheap} when ${x} is not null then ${local} + to_minutes(${minutes}) end`;
}

function valueExpr(c: ColumnDef): string {
  const type = c.type;
  if (typeof type === 'object') return t(c);
  switch (type) {
    case 'string':
    case 'currency':
      return t(c);
    case 'timestamp':
      return timestampExpr(t(c));
    case 'date':
      return `case when ${t(c)} glob '${DATE_GLOB}' then try_cast(${t(c)} as date) end`;
    case 'boolean':
      return `case lower(${t(c)}) when 'true' then true when 'false' then false end`;
    case 'double':
      return m(c);
    case 'bigint':
      return `case when isfinite(${m(c)}) and ${m(c)} = trunc(${m(c)}) and abs(${m(c)}) <= ${Number.MAX_SAFE_INTEGER} then ${m(c)}::bigint end`;
    case 'string_list':
      return `list_filter(list_transform(string_split(${t(c)}, ';'), lambda x: funnel_jstrim(x)), lambda x: x <> '')`;
  }
}

function validExpr(c: ColumnDef, fx: string[]): string {
  const type = c.type;
  if (typeof type === 'object') return `${t(c)} in (${type.enum.map(sqlString).join(', ')})`;
  switch (type) {
    case 'string':
      // The spreadsheet damage validate.ts refuses in id columns, with the same patterns.
      return isIdColumn(c.name)
        ? `not (${Object.values(ID_DAMAGE_PATTERNS)
            .map((p) => `regexp_full_match(${t(c)}, ${sqlString(p)})`)
            .join(' or ')})`
        : 'true';
    case 'string_list':
      return 'true';
    case 'currency':
      return fx.length === 0 ? 'false' : `${t(c)} in (${fx.map(sqlString).join(', ')})`;
    case 'timestamp':
      return `(${v(c)} >= timestamp '${isoDay(MIN_TIMESTAMP)}' and ${v(c)} < timestamp '${isoDay(MAX_TIMESTAMP)}')`;
    case 'date':
      return `(${v(c)} >= date '${isoDay(MIN_TIMESTAMP)}' and ${v(c)} < date '${isoDay(MAX_TIMESTAMP)}')`;
    case 'boolean':
      return `${v(c)} is not null`;
    case 'double':
    case 'bigint': {
      const checks = [type === 'double' ? `isfinite(${v(c)})` : `${v(c)} is not null`];
      if (MONEY_COLUMNS.includes(c.name)) checks.push(`${v(c)} >= 0 and ${v(c)} <= ${MAX_MONEY}`);
      if (COUNT_COLUMNS.includes(c.name)) checks.push(`${v(c)} >= 0`);
      return `(${checks.join(' and ')})`;
    }
  }
}
