/**
 * The named queries analysts get in the Athena console: a preview of every mart and the
 * report queries of `sql/reports/` (their `?` parameters are asked for by the console).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR, loadReportQuery, stripComments, type Model } from '../functions/core/models.js';

export interface NamedQueryDef {
  name: string;
  description: string;
  sql: string;
}

/** The first comment lines of a SQL file, as a one-line description. */
export function leadingComment(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    lines.push(m[1]!.trim());
  }
  return lines.join(' ').trim();
}

export function reportQueries(models: readonly Model[], sqlDir = SQL_DIR): NamedQueryDef[] {
  const previews = models
    .filter((m) => m.layer === 'marts')
    .map((m) => ({
      name: `preview ${m.name}`,
      description: leadingComment(m.sql) || `The first rows of the ${m.name} view.`,
      sql: `select * from ${m.name} limit 100`,
    }));
  const reports = readdirSync(join(sqlDir, 'reports'))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      const sql = loadReportQuery(name, sqlDir);
      return {
        name: `report ${name}`,
        description: leadingComment(sql) || `The ${name} query of the weekly report.`,
        sql: stripComments(sql).trim().replace(/;$/, ''),
      };
    });
  return [...previews, ...reports];
}
