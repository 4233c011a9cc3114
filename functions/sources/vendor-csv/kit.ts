/**
 * What every vendor format is built from: the registry contract, per-format options from the
 * config, a row accessor that turns bad values into rejects naming the column, and the
 * totals-row rule.
 */
import { z } from 'zod';
import type { Config } from '../../core/config.js';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import { CHANNELS, LIFECYCLE_STAGES, type TableName } from '../../core/schema.js';
import type { Columns, HeaderAlias } from './columns.js';
import { FieldError, FormatError } from './errors.js';
import type { CsvRow, OpenedCsv } from './reader.js';
import * as v from './values.js';

export interface VendorParseInput {
  bytes: Uint8Array;
  fileName: string;
  /** The account's IANA zone: wall-clock times without an offset are read in it. */
  timezone: string;
  config: Config;
}

export interface VendorFormat {
  name: string;
  table: TableName;
  defaultSource: string;
  description: string;
  /** Throws FormatError (at the first `next()`) when the file does not fit the format. */
  parse(input: VendorParseInput): AsyncIterable<ParsedRow> | Iterable<ParsedRow>;
  /** Facts about the latest parse for the load manifest (spread ranges, skipped totals…). */
  notes?(): Record<string, unknown>;
}

/** Options a user may set under `config.sources["<format name>"]`. */
export const formatOptionsSchema = z
  .object({
    /** Currency of amounts when the file has no currency column. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR')
      .optional(),
    /** Ad account id when the file has none. */
    accountId: z.string().min(1).optional(),
    /** Decimal separator of numbers; default: `,` for semicolon-delimited files, else `.`. */
    decimalSeparator: z.enum(['.', ',']).optional(),
    /** Extra label → lifecycle stage mappings (e.g. HubSpot custom stages); they win over the built-in ones. */
    lifecycleStages: z.record(z.string(), z.enum(LIFECYCLE_STAGES)).optional(),
    /** Extra label → channel mappings (sources, campaign types). */
    channels: z.record(z.string(), z.enum(CHANNELS)).optional(),
  })
  .passthrough();
export type FormatOptions = z.output<typeof formatOptionsSchema>;

export function formatOptions(name: string, config: Config): FormatOptions {
  const result = formatOptionsSchema.safeParse(config.sources?.[name] ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FormatError(`config: sources.${name}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** `Total`, `Total: Campaigns`, `Totals`, `Gesamt`, `Gesamtergebnis`, `Summe`, `Totaal`, `Totale`. */
const TOTALS = /^(totals?|gesamt\w*|summe|totaal|totale|totales)(\s*[:(-].*)?$/i;

/** A footer row: its first non-empty cell says Total (Google Ads writes `Total: Campaigns` etc.). */
export function isTotalsRow(cells: readonly string[]): boolean {
  const first = cells.find((c) => c.trim() !== '');
  return first !== undefined && TOTALS.test(first.trim());
}

export interface ReadContext {
  fileName: string;
  timezone: string;
  columns: Columns;
  number: v.NumberOptions;
}

export function readContext(file: OpenedCsv, input: VendorParseInput, options: FormatOptions): ReadContext {
  const decimalComma = options.decimalSeparator ? options.decimalSeparator === ',' : file.delimiter === ';';
  return { fileName: input.fileName, timezone: input.timezone, columns: file.columns, number: { decimalComma } };
}

/** Typed access to the cells of one row; every parse error names the column as written in the file. */
export class VendorRow {
  constructor(
    readonly row: CsvRow,
    readonly ctx: ReadContext,
  ) {}

  field(col: number | undefined): string {
    return col === undefined ? '(missing column)' : this.ctx.columns.nameAt(col);
  }
  text(col: number | undefined): string | null {
    return col === undefined ? null : v.cell(this.row.cells[col]);
  }
  required(col: number | undefined, what: string): string {
    const t = this.text(col);
    if (t === null) throw new FieldError(col === undefined ? null : this.field(col), `${what} is empty`);
    return t;
  }
  number(col: number | undefined): number | null {
    return col === undefined ? null : v.parseNumber(this.row.cells[col], this.field(col), this.ctx.number);
  }
  integer(col: number | undefined): number | null {
    return col === undefined ? null : v.parseInteger(this.row.cells[col], this.field(col), this.ctx.number);
  }
  money(col: number | undefined): { amount: number | null; currency: string | null } {
    return col === undefined
      ? { amount: null, currency: null }
      : v.parseMoney(this.row.cells[col], this.field(col), this.ctx.number);
  }
  currency(col: number | undefined): string | null {
    return col === undefined ? null : v.parseCurrency(this.row.cells[col], this.field(col));
  }
  timestamp(col: number | undefined, timezone = this.ctx.timezone): string | null {
    return col === undefined ? null : v.parseTimestamp(this.row.cells[col], this.field(col), timezone);
  }
  date(col: number | undefined): string | null {
    return col === undefined ? null : v.parseDate(this.row.cells[col], this.field(col), this.ctx.timezone);
  }
  boolean(col: number | undefined): boolean | null {
    return col === undefined ? null : v.parseBoolean(this.row.cells[col], this.field(col));
  }
}

/** Runs a row mapper; a FieldError becomes a reject with file, line, column, reason and the raw line. */
export function mapRow(row: VendorRow, map: (row: VendorRow) => CanonicalRecord | null): ParsedRow | null {
  try {
    const record = map(row);
    return record === null ? null : { ok: true, line: row.row.line, record };
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    return reject(row, err.field, err.message);
  }
}

export function reject(row: VendorRow, field: string | null, reason: string): ParsedRow {
  return { ok: false, reject: { file: row.ctx.fileName, line: row.row.line, field, reason, raw: row.row.raw } };
}

/** Resolves the columns a format reads, once per file: name → index (undefined when absent). */
export function resolveColumns<K extends string>(
  columns: Columns,
  spec: { [P in K]?: readonly HeaderAlias[] },
): Record<K, number | undefined> {
  const out = {} as Record<K, number | undefined>;
  for (const key of Object.keys(spec) as K[]) {
    const aliases = spec[key];
    out[key] = aliases ? columns.find(aliases) : undefined;
  }
  return out;
}

/** Counts of things worth telling the user, kept per parse for `notes()`. */
export class Notes {
  readonly data: Record<string, unknown> = {};
  private readonly counts = new Map<string, Map<string, number>>();

  set(key: string, value: unknown): void {
    this.data[key] = value;
  }
  increment(key: string, by = 1): void {
    this.data[key] = ((this.data[key] as number | undefined) ?? 0) + by;
  }
  /** Remembers an unmapped label (and how often), reported under `unmappedLabels`. */
  unmapped(column: string, label: string): void {
    let m = this.counts.get(column);
    if (!m) this.counts.set(column, (m = new Map()));
    m.set(label, (m.get(label) ?? 0) + 1);
  }
  toJSON(): Record<string, unknown> {
    const out = { ...this.data };
    if (this.counts.size > 0) {
      out.unmappedLabels = Object.fromEntries(
        [...this.counts].map(([column, m]) => [column, Object.fromEntries([...m].sort())]),
      );
    }
    return out;
  }
}

export interface FormatDefinition {
  name: string;
  table: TableName;
  defaultSource: string;
  description: string;
  run(input: VendorParseInput, options: FormatOptions, notes: Notes): AsyncIterable<ParsedRow>;
}

/** Wraps a definition into the registry contract; `notes()` describes the latest parse. */
export function defineFormat(def: FormatDefinition): VendorFormat {
  let last = new Notes();
  return {
    name: def.name,
    table: def.table,
    defaultSource: def.defaultSource,
    description: def.description,
    parse(input) {
      const notes = new Notes();
      last = notes;
      return (async function* () {
        const options = formatOptions(def.name, input.config);
        yield* def.run(input, options, notes);
      })();
    },
    notes: () => last.toJSON(),
  };
}

/** Standard file facts for the notes. */
export function noteFile(notes: Notes, file: OpenedCsv): void {
  notes.set('encoding', file.encoding);
  notes.set('delimiter', file.delimiter === '\t' ? 'tab' : file.delimiter);
  notes.set('headerLine', file.headerLine);
}
