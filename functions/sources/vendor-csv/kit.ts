/**
 * What every vendor format is built from: the registry contract, per-format options from the
 * config, a row accessor that turns bad values into rejects naming the column, and the
 * totals-row rule.
 */
import * as z from 'zod';
import { isLocale, type Config } from '../../core/config.js';
import { showInvisible } from '../../core/invisible.js';
import type { CanonicalRecord, ParsedRow } from '../../core/records.js';
import { ACTIVITY_TYPES, CHANNELS, LIFECYCLE_STAGES, type TableName } from '../../core/schema.js';
import { ACTIVITY_STATUS_MEANINGS, HUBSPOT_LEAD_STATUS_MEANINGS, type LabelSetting } from '../labels.js';
import type { Columns, HeaderAlias } from './columns.js';
import { FieldError, FormatError, orNullOnFieldError } from './errors.js';
import { checkCountColumns, checkFigureColumns, type CountColumn, type FigureColumns } from './figure-columns.js';
import { headerLanguages, languageOf, names, unrecognizedHeaders, type HeaderTable } from './headers.js';
import type { CsvRow, HeaderRequirement, OpenedCsv } from './reader.js';
import { readVendorTable, type MoneyColumns, type VendorTable } from './table.js';
import { DATE_ORDERS, type DateOrder } from './date-text.js';
import type { DecimalSeparator } from './number-text.js';
import type { FileConventions } from './conventions.js';
import { checkIdCell, type IdShape } from './ids.js';
import type { SalesforceObject } from '../salesforce/ids.js';
import { checkUnreadCurrencyColumn } from './money.js';
import * as v from './values.js';
import { typedKey, type TypedNumbers } from './xlsx.js';

export interface VendorParseInput {
  bytes: Uint8Array;
  fileName: string;
  /** The account's IANA zone: wall-clock times without an offset are read in it. */
  timezone: string;
  config: Config;
  /** The import's day (`YYYY-MM-DD` in `timezone`); default today. A period not ended by it is refused. */
  today?: string;
  /** Cells a workbook stored as numbers (xlsx.ts): read as their value, outside the file's decimal decision. */
  typedNumbers?: TypedNumbers;
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
    /**
     * Decimal separator of numbers. Default: decided per file from its values, then its
     * header's language, the locale, a semicolon delimiter; a file nothing settles is refused.
     */
    decimalSeparator: z.enum(['.', ',']).optional(),
    /** Order of numeric dates (`03/11/2026`). Default: decided per file like the decimal separator. */
    dateOrder: z.enum(DATE_ORDERS as unknown as ['DMY', 'MDY', 'YMD']).optional(),
    /** BCP 47 locale of the exporting user (`en-GB`, `pt-BR`): settles date order and decimals when the file does not. */
    locale: z
      .string()
      .refine(isLocale, 'must be a BCP 47 locale of a known language, such as en-GB or pt-BR')
      .optional(),
    /** Deal stage label → `won`, `lost` or `open`, for stages the format does not know (custom closed stages). */
    stages: z.record(z.string(), z.enum(['won', 'lost', 'open'])).optional(),
    /** Extra label → lifecycle stage mappings (e.g. HubSpot custom stages); they win over the built-in ones. */
    lifecycleStages: z.record(z.string(), z.enum(LIFECYCLE_STAGES)).optional(),
    /** Lead statuses that mean sales disqualified the lead (Salesforce leads); they replace the defaults. */
    disqualifiedStatuses: z.array(z.string().min(1)).min(1).optional(),
    /** HubSpot Lead Status label → `open`, `opportunity` or `disqualified` (custom or translated statuses); they win. */
    leadStatuses: z.record(z.string(), z.enum(HUBSPOT_LEAD_STATUS_MEANINGS)).optional(),
    /** Extra label → channel mappings (sources, campaign types). */
    channels: z.record(z.string(), z.enum(CHANNELS)).optional(),
    /** Activity type label → call, email, meeting, task or other (custom or translated types); they win. */
    activityTypes: z.record(z.string(), z.enum(ACTIVITY_TYPES)).optional(),
    /** Activity status / outcome label → `happened` or `not_happened` (custom or translated values); they win. */
    activityStatuses: z.record(z.string(), z.enum(ACTIVITY_STATUS_MEANINGS)).optional(),
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

export interface ReadContext {
  fileName: string;
  timezone: string;
  /**
   * The report's zone (the config's `timezone`): a calendar day without a time is placed at its
   * start there, whatever zone the file's times are read in (values.ts `parseInstant`).
   */
  dayTimezone: string;
  columns: Columns;
  number: v.NumberOptions;
  dateOrder: DateOrder | null;
  /** The order two-digit-year dates are read in, once proven (conventions.ts); null: they are rejects. */
  twoDigitYears: DateOrder | null;
  /** Cells stored as numbers by a workbook; empty for text files. */
  typedNumbers: TypedNumbers;
}

/** How a file's cells are read: its columns, zone and conventions (decided by table.ts). */
export function readContext(file: OpenedCsv, input: VendorParseInput, conventions: FileConventions): ReadContext {
  return {
    fileName: input.fileName,
    timezone: input.timezone,
    dayTimezone: input.config.timezone,
    columns: file.columns,
    number: { decimal: conventions.decimal },
    dateOrder: conventions.dateOrder,
    twoDigitYears: conventions.twoDigitYears,
    typedNumbers: input.typedNumbers ?? new Set(),
  };
}

/** The decimal separator of a context, for messages. */
export type { DecimalSeparator };

/** How a workbook writes a number cell's value (xlsx.ts `cellText`): a decimal point, never a group. */
const TYPED: v.NumberOptions = { decimal: '.' };

/** Typed access to the cells of one row; every parse error names the column as written in the file. */
export class VendorRow {
  constructor(
    readonly row: CsvRow,
    readonly ctx: ReadContext,
  ) {}

  field(col: number | undefined): string {
    return col === undefined ? '(missing column)' : this.ctx.columns.nameAt(col);
  }
  /**
   * The cell of a column the format reads, as written. A header name the file repeats (HubSpot
   * "all properties" exports, two objects' "Created Date" in one report) is read only where
   * every column of that name holds the same value: else which one is meant cannot be told,
   * and the row is a reject naming them (never the first one silently).
   */
  cell(col: number): string | undefined {
    const value = this.row.cells[col];
    const twins = this.ctx.columns.twins(col);
    if (twins.length > 0) {
      const values = [col, ...twins].map((i) => v.cell(this.row.cells[i]));
      if (values.some((x) => x !== values[0])) {
        const where = [col, ...twins].map((i) => i + 1).join(' and ');
        const shown = values.map((x) => `"${x ?? ''}"`).join(', ');
        throw new FieldError(
          this.field(col),
          `the file has ${values.length} columns named "${this.field(col)}" (columns ${where}) and they differ on this line (${shown}); export it again with only one of them`,
        );
      }
    }
    return value;
  }
  text(col: number | undefined): string | null {
    return col === undefined ? null : v.cell(this.cell(col));
  }
  /**
   * An id cell (record, owner, account, campaign ids): null when empty; throws FieldError when a
   * spreadsheet damaged it (ids.ts), so damaged ids never merge records. A Salesforce id comes back in its
   * 18-character form; `objects` names the objects a Salesforce id column can hold, where that is certain.
   */
  id(col: number | undefined, shape?: IdShape, objects?: readonly SalesforceObject[]): string | null {
    const t = this.text(col);
    return t === null ? null : checkIdCell(t, this.field(col), shape, objects);
  }
  /** A cell listing ids separated by `;` (HubSpot's multi-value form): each checked as `id`. */
  idList(col: number | undefined, shape?: IdShape, objects?: readonly SalesforceObject[]): string[] {
    const t = this.text(col);
    if (t === null) return [];
    const ids = t
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => checkIdCell(part, this.field(col), shape, objects));
    return [...new Set(ids)];
  }
  /**
   * Notes how to read the row's record key, for a reject: `column` (`lead_id`, `deal_id`,
   * `activity_id`) = what `id` reads, `source`, and `updated_at` from `updatedAt` when it reads.
   * Read only when the row is refused (`key`), so a loaded row pays nothing. A row refused for
   * a date it cannot read keeps the key on its reject (ParsedRow `key`), so a later load of its
   * record supersedes it (rejected-rows.ts).
   */
  recordKey(
    column: 'lead_id' | 'deal_id' | 'activity_id',
    id: () => string,
    source: string,
    updatedAt?: () => string | null,
  ): void {
    this.keyReader = { column, id, source, updatedAt };
  }
  private keyReader?: {
    column: string;
    id: () => string;
    source: string;
    updatedAt?: () => string | null;
  };
  /**
   * The record key noted by `recordKey`: undefined when none was noted or its id does not read
   * (empty, damaged); an `updated_at` that does not read is left out (the key then ranks as of
   * its load's export day, as staging ranks a version without one). Throws nothing else a
   * cell could cause.
   */
  get key(): CanonicalRecord | undefined {
    const reader = this.keyReader;
    if (!reader) return undefined;
    const id = orNullOnFieldError(reader.id);
    if (id === null) return undefined;
    const updated = reader.updatedAt ? orNullOnFieldError(reader.updatedAt) : null;
    return { [reader.column]: id, source: reader.source, ...(updated !== null ? { updated_at: updated } : {}) };
  }
  /**
   * Notes how to read a spend row's key, for a reject (rejected-rows.ts): `read` gives its
   * platform, account, currency and campaign (`record`) and the first and last day it covers
   * (`YYYY-MM-DD`). Read only when the row is refused; a FieldError in it (a day that does not
   * read) leaves the reject without days, as before.
   */
  spendKey(read: () => { record: CanonicalRecord; start: string; end: string }): void {
    this.spendReader = read;
  }
  private spendReader?: () => { record: CanonicalRecord; start: string; end: string };
  /**
   * The spend key noted by `spendKey`: the record with `date` its day (null when it covers
   * several), and `concerns`, the UTC midnights (epoch ms) of every day it covers; undefined
   * when none was noted or it does not read.
   */
  get spendReject(): { key: CanonicalRecord; concerns: number[] } | undefined {
    if (!this.spendReader) return undefined;
    let read: { record: CanonicalRecord; start: string; end: string };
    try {
      read = this.spendReader();
    } catch (err) {
      if (err instanceof FieldError) return undefined;
      throw err;
    }
    const DAY = 86_400_000;
    const from = Date.parse(`${read.start}T00:00:00Z`);
    const to = Date.parse(`${read.end}T00:00:00Z`);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return undefined;
    const concerns: number[] = [];
    for (let ms = from; ms <= to; ms += DAY) concerns.push(ms);
    return { key: { ...read.record, date: read.start === read.end ? read.start : null }, concerns };
  }
  /** A required id cell: as `id`, and empty is a FieldError naming `what`. */
  requiredId(col: number | undefined, what: string, shape?: IdShape, objects?: readonly SalesforceObject[]): string {
    return checkIdCell(this.required(col, what), this.field(col), shape, objects);
  }
  required(col: number | undefined, what: string): string {
    const t = this.text(col);
    if (t === null) throw new FieldError(col === undefined ? null : this.field(col), `${what} is empty`);
    return t;
  }
  /**
   * The number options a cell is read with: the file's decimal separator, or, for a cell a
   * workbook stored as a number, its invariant text (`1234.5`, `12.375`: decimal point, no
   * grouping), whatever the file's text cells use.
   */
  private numberOptions(col: number): v.NumberOptions {
    return this.ctx.typedNumbers.has(typedKey(this.row.line, col)) ? TYPED : this.ctx.number;
  }
  number(col: number | undefined): number | null {
    return col === undefined ? null : v.parseNumber(this.cell(col), this.field(col), this.numberOptions(col));
  }
  integer(col: number | undefined): number | null {
    return col === undefined ? null : v.parseInteger(this.cell(col), this.field(col), this.numberOptions(col));
  }
  money(col: number | undefined): { amount: number | null; currency: string | null; symbol: string | null } {
    return col === undefined
      ? { amount: null, currency: null, symbol: null }
      : v.parseMoney(this.cell(col), this.field(col), this.numberOptions(col));
  }
  currency(col: number | undefined): string | null {
    return col === undefined ? null : v.parseCurrency(this.cell(col), this.field(col));
  }
  timestamp(col: number | undefined, timezone = this.ctx.timezone): string | null {
    return col === undefined
      ? null
      : v.parseTimestamp(
          this.cell(col),
          this.field(col),
          timezone,
          this.ctx.dateOrder,
          this.ctx.twoDigitYears,
          this.ctx.dayTimezone,
        );
  }
  /** As `timestamp`, saying whether the cell gave only the day (values.ts `parseInstant`). */
  instant(col: number | undefined, timezone = this.ctx.timezone): v.Instant | null {
    return col === undefined
      ? null
      : v.parseInstant(
          this.cell(col),
          this.field(col),
          timezone,
          this.ctx.dateOrder,
          this.ctx.twoDigitYears,
          this.ctx.dayTimezone,
        );
  }
  date(col: number | undefined): string | null {
    return col === undefined
      ? null
      : v.parseDate(this.cell(col), this.field(col), this.ctx.timezone, this.ctx.dateOrder, this.ctx.twoDigitYears);
  }
  boolean(col: number | undefined): boolean | null {
    return col === undefined ? null : v.parseBoolean(this.cell(col), this.field(col));
  }
}

/** What a row mapper returns: one record, several (an activity with several contacts), or none (skip). */
export type MappedRecords = CanonicalRecord | readonly CanonicalRecord[] | null;

/** Runs a row mapper; a FieldError becomes a reject with file, line, column, reason and the raw line. */
export function mapRow(row: VendorRow, map: (row: VendorRow) => MappedRecords): ParsedRow[] {
  try {
    const mapped = map(row);
    if (mapped === null) return [];
    const records = Array.isArray(mapped) ? (mapped as readonly CanonicalRecord[]) : [mapped as CanonicalRecord];
    return records.map((record) => ({ ok: true as const, line: row.row.line, record }));
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    return [reject(row, err.field, err.message)];
  }
}

/**
 * The row as a reject, with its record key when the mapper noted one (`VendorRow.recordKey`), or
 * a spend row's key and days (`VendorRow.spendKey`). Invisible characters in the reason's quoted
 * values are shown by code point (`"USD<U+00A0>" is not an ISO 4217 currency code`).
 */
export function reject(row: VendorRow, field: string | null, reason: string): ParsedRow {
  const rejected = {
    file: row.ctx.fileName,
    line: row.row.line,
    field,
    reason: showInvisible(reason),
    raw: row.row.raw,
  };
  const spend = row.spendReject;
  if (spend) return { ok: false, reject: rejected, key: spend.key, concerns: spend.concerns };
  const key = row.key;
  return key ? { ok: false, reject: rejected, key } : { ok: false, reject: rejected };
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
  private readonly settings = new Map<string, LabelSetting>();
  /**
   * Remembers an unmapped label (and how often), reported under `unmappedLabels`, and the
   * setting that maps the column's labels, reported under `unmappedLabelSettings` (column →
   * setting; omitted for a column no setting maps): the import's hint names it, and the report
   * reads it to hold the figures such labels could change as not measured.
   */
  unmapped(column: string, label: string, setting: LabelSetting = null): void {
    let m = this.counts.get(column);
    if (!m) this.counts.set(column, (m = new Map()));
    m.set(label, (m.get(label) ?? 0) + 1);
    if (setting !== null) this.settings.set(column, setting);
  }
  toJSON(): Record<string, unknown> {
    const out = { ...this.data };
    if (this.counts.size > 0) {
      out.unmappedLabels = Object.fromEntries(
        [...this.counts].map(([column, m]) => [column, Object.fromEntries([...m].sort())]),
      );
      out.unmappedLabelSettings = Object.fromEntries([...this.settings].sort());
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

/** Standard file facts for the notes: how the file was read and what was set apart. */
export function noteFile(notes: Notes, table: VendorTable): void {
  const { file, conventions } = table;
  notes.set('encoding', file.encoding);
  notes.set('delimiter', file.delimiter === '\t' ? 'tab' : file.delimiter);
  notes.set('headerLine', file.headerLine);
  if (conventions.language) notes.set('language', conventions.language);
  if (conventions.dateOrder) {
    notes.set('dateOrder', {
      order: conventions.dateOrder,
      from: conventions.dateOrderFrom,
      ...(conventions.dateOrderEvidence ? { evidence: conventions.dateOrderEvidence } : {}),
    });
  }
  if (conventions.decimal) {
    notes.set('decimalSeparator', {
      separator: conventions.decimal,
      from: conventions.decimalFrom,
      ...(conventions.decimalEvidence ? { evidence: conventions.decimalEvidence } : {}),
    });
  }
  notes.set('skippedTotalsRows', table.totalsRows);
  if (table.footerLines > 0) notes.set('footerLines', table.footerLines);
}

/**
 * The start of every format's run: the whole file read as a table (header, data rows, footer
 * set apart, conventions decided; throws FormatError when it cannot be read unambiguously),
 * its facts noted, and the context its rows are read with. A header without any column of
 * one of the format's `figures` groups is refused or noted, and a count-changing optional column
 * (`counts`) that the header seems to hold under an unknown name is noted (figure-columns.ts).
 */
export async function openFormatTable(
  spec: {
    name: string;
    required: readonly HeaderRequirement[];
    headers?: HeaderTable;
    figures?: readonly FigureColumns[];
    /** The optional columns that change a count, noted when a translation of one is not read (figure-columns.ts). */
    counts?: readonly CountColumn[];
    /** The vendor's fixed order of numeric dates, whatever the user's locale (conventions.ts). */
    fixedDateOrder?: { order: DateOrder; why: string };
    /** The money columns and their currency columns: an amount's currency settles `12,345` (table.ts). */
    money?: readonly MoneyColumns[];
  },
  input: VendorParseInput,
  options: FormatOptions,
  notes: Notes,
): Promise<{ table: VendorTable; file: OpenedCsv; ctx: ReadContext }> {
  const table = await readVendorTable(
    input,
    {
      format: spec.name,
      required: spec.required,
      language: languageOf(spec.headers),
      ...(spec.headers ? { languages: headerLanguages(spec.headers) } : {}),
      ...(spec.fixedDateOrder ? { fixedDateOrder: spec.fixedDateOrder } : {}),
      ...(spec.money ? { money: spec.money } : {}),
    },
    options,
  );
  noteFile(notes, table);
  const { columns } = table.file;
  const known = Object.values(spec.headers ?? {}).flatMap(names);
  checkFigureColumns(
    { fileName: input.fileName, format: spec.name, columns, known },
    spec.figures ?? [],
    options,
    notes,
  );
  if (spec.headers) unrecognizedHeaders(columns, spec.headers, notes);
  // A currency column under a name the format does not read refuses the file, never an assumed currency.
  if (spec.money && known.length > 0) {
    const read = [...known, ...spec.money.flatMap((g) => [...g.amount, ...(g.currency ?? [])])];
    checkUnreadCurrencyColumn(
      { fileName: input.fileName, format: spec.name, columns, known: read },
      table.rows,
      spec.money,
    );
  }
  checkCountColumns({ fileName: input.fileName, columns, known }, spec.counts ?? [], notes);
  return { table, file: table.file, ctx: readContext(table.file, input, table.conventions) };
}
