/**
 * The SQL models of `sql/` (staging → intermediate → marts, one per file, named by the
 * file) and the config seed views they read. The same text is applied to DuckDB (tables)
 * and to Athena/Trino (views).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeMailDomains, ownDomains, platformHosts, ROLE_ADDRESS_LOCAL_PARTS, type Config } from './config.js';

/** `sql/` of the repository, or FUNNEL_SQL_DIR where a bundle ships it elsewhere (Lambda). */
export const SQL_DIR = process.env.FUNNEL_SQL_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');
export const MODEL_LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];

export interface Model {
  name: string;
  layer: ModelLayer;
  sql: string;
  dependsOn: string[];
}

/** The models in dependency order (layers in order; within a layer, topologically). */
export function loadModels(sqlDir = SQL_DIR): Model[] {
  const found: Model[] = [];
  for (const layer of MODEL_LAYERS) {
    for (const file of readdirSync(join(sqlDir, layer))
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      found.push({
        name: file.slice(0, -4),
        layer,
        sql: readFileSync(join(sqlDir, layer, file), 'utf8'),
        dependsOn: [],
      });
    }
  }
  const names = found.map((m) => m.name);
  for (const model of found) {
    const referenced = new Set<string>();
    replaceRelations(stripComments(model.sql), names, (n) => (referenced.add(n), n));
    model.dependsOn = names.filter((n) => n !== model.name && referenced.has(n));
  }
  const ordered: Model[] = [];
  const done = new Set<string>();
  const visit = (model: Model, path: string[]): void => {
    if (done.has(model.name)) return;
    if (path.includes(model.name)) throw new Error(`sql/: dependency cycle ${[...path, model.name].join(' → ')}`);
    for (const dep of model.dependsOn)
      visit(
        found.find((m) => m.name === dep)!,
        [...path, model.name],
      );
    done.add(model.name);
    ordered.push(model);
  };
  for (const model of found) visit(model, []);
  return ordered;
}

/**
 * A parameterized report query of `sql/reports/`, its macro calls expanded (`expandMacros`): the
 * text both engines run and analysts get as Athena named queries.
 */
export function loadReportQuery(name: string, sqlDir = SQL_DIR): string {
  return expandMacros(readFileSync(join(sqlDir, 'reports', `${name}.sql`), 'utf8'), sqlDir, `sql/reports/${name}.sql`);
}

/** A call `{{ name(arg, …) }}`: a macro of `sql/macros/` with column or parameter names as arguments. */
const MACRO_CALL = /\{\{\s*(\w+)\s*\(([^(){}]*)\)\s*\}\}/g;

/**
 * `sql` with every `{{ name(arg, …) }}` replaced by the body of `sql/macros/<name>.sql`, in which
 * `{{ param }}` stands for the argument of that name. A macro file declares its parameters on
 * its first line, `-- macro: name(param, …)`; its comments are dropped from the expansion. This
 * is how one rule that several report queries state (the SLA verdict as of their cutoff) lives
 * in one file: Athena has no SQL functions, so the text is shared before it runs (dbt's macros
 * do the same). Arguments are qualified names only (`params.week_end`), never free text.
 *
 * @throws Error naming `file` when a macro does not exist, its first line does not declare it,
 *   the argument count differs, an argument is not a name, or a placeholder has no parameter.
 */
export function expandMacros(sql: string, sqlDir = SQL_DIR, file = 'sql'): string {
  return sql.replace(MACRO_CALL, (_call, name: string, argText: string) => {
    const path = join(sqlDir, 'macros', `${name}.sql`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`${file}: no macro ${name} (sql/macros/${name}.sql)`);
    }
    const declared = /^--\s*macro:\s*(\w+)\s*\(([^)]*)\)\s*$/m.exec(text.split('\n')[0] ?? '');
    if (!declared || declared[1] !== name) {
      throw new Error(`sql/macros/${name}.sql: the first line must be "-- macro: ${name}(param, …)"`);
    }
    const params = splitNames(declared[2]!);
    const args = splitNames(argText);
    if (args.length !== params.length || args.some((a) => !/^[a-z_]\w*(\.[a-z_]\w*)?$/i.test(a))) {
      throw new Error(
        `${file}: ${name} takes ${params.length} name(s) (${params.join(', ')}), got "${argText.trim()}"`,
      );
    }
    const values = new Map(params.map((p, i) => [p, args[i]!]));
    return stripComments(text)
      .trim()
      .replace(/\{\{\s*(\w+)\s*\}\}/g, (_p, param: string) => {
        const value = values.get(param);
        if (value === undefined) throw new Error(`sql/macros/${name}.sql: {{ ${param} }} is not a parameter`);
        return value;
      });
  });
}

function splitNames(list: string): string[] {
  return list
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/**
 * `sql` with every reference to one of `names` (a whole word, in any case, outside quoted
 * strings and quoted identifiers) replaced by `to(name)`, the name as listed. The one place
 * that decides what a reference to a model is: dependency order (`loadModels`) and the
 * model tables of one refresh run (core/marts.ts) both use it.
 */
export function replaceRelations(sql: string, names: readonly string[], to: (name: string) => string): string {
  if (names.length === 0) return sql;
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const word = new RegExp(`\\b(${names.map((n) => n.replace(/[^a-z0-9_]/gi, '')).join('|')})\\b`, 'gi');
  // Quoted strings and identifiers are kept as written; only the text between them is rewritten.
  return sql
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(word, (m) => to(byLower.get(m.toLowerCase())!))))
    .join('');
}

export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}

/** The model text without comments and trailing semicolon, ready to wrap in DDL. */
export function modelBody(model: Model): string {
  return stripComments(model.sql).trim().replace(/;$/, '');
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The `cfg_*` views: the config the methodology reads, as SQL relations. Values come from
 * the validated config (numbers, ISO codes, domains), never from free user text.
 */
export function configSeeds(config: Config): { name: string; sql: string }[] {
  const fx = Object.entries(config.fxRates).sort(([a], [b]) => a.localeCompare(b));
  return [
    {
      name: 'cfg_settings',
      sql:
        `select cast(${Number(config.followUpSlaHours)} as double) as follow_up_sla_hours, ` +
        `cast(${Math.trunc(config.matchLookbackDays)} as integer) as match_lookback_days, ` +
        `cast(${literal(config.attribution)} as varchar) as attribution, ` +
        `cast(${literal(config.reportingCurrency)} as varchar) as reporting_currency`,
    },
    {
      name: 'cfg_fx_rates',
      sql:
        'select currency, rate from (values ' +
        fx.map(([c, r]) => `(cast(${literal(c)} as varchar), cast(${Number(r)} as double))`).join(', ') +
        ') as t(currency, rate)',
    },
    {
      name: 'cfg_free_mail_domains',
      sql:
        'select domain from (values ' +
        freeMailDomains(config)
          .map((d) => `(cast(${literal(d)} as varchar))`)
          .join(', ') +
        ') as t(domain)',
    },
    {
      name: 'cfg_role_addresses',
      sql:
        'select local_part from (values ' +
        ROLE_ADDRESS_LOCAL_PARTS.map((d) => `(cast(${literal(d)} as varchar))`).join(', ') +
        ') as t(local_part)',
    },
    {
      name: 'cfg_platform_hosts',
      sql:
        'select domain from (values ' +
        platformHosts(config)
          .map((d) => `(cast(${literal(d)} as varchar))`)
          .join(', ') +
        ') as t(domain)',
    },
    {
      // Never empty: report.from always has a domain.
      name: 'cfg_own_domains',
      sql:
        'select domain from (values ' +
        ownDomains(config)
          .map((d) => `(cast(${literal(d)} as varchar))`)
          .join(', ') +
        ') as t(domain)',
    },
    {
      // No rows when `dealSources` is unset: every source's deals count (stg_deals).
      name: 'cfg_deal_sources',
      sql:
        'select source from (values ' +
        (config.dealSources ?? [null]).map((s) => `(cast(${s === null ? 'null' : literal(s)} as varchar))`).join(', ') +
        ') as t(source) where source is not null',
    },
  ];
}
