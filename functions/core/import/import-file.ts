/** `funnel import FILE --as FORMAT`: read the file as downloaded, load it, summarize. */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import { loadBatch, type LoadDeps, type LoadResult } from '../load.js';
import { exportDayPeriod, EXPORT_DAY_TABLES, isDeclaredPeriod } from '../periods.js';
import type { DeclaredPeriod, ParsedRow } from '../records.js';
import { isTableName, TABLE_NAMES, type TableName } from '../schema.js';
import { canonicalFigureNotes, FormatError, readCanonicalCsv, readCsvRecords, resolveHeader } from './canonical-csv.js';
import { fastCanonicalBatch, type FastCanonicalInput } from './canonical-fast.js';
import { guardSpendOverlap } from './spend-overlap.js';
import { assertSnapshotTable, type SnapshotRequest } from './snapshot.js';

export interface ImportRequest {
  path: string;
  format: string;
  source?: string;
  /** The `dt=` partition (logical load day); default: today in UTC. */
  dt?: string;
  /**
   * Zone of wall-clock times without an offset in vendor files, and the zone the export day
   * (`dt`) ends in for every file (a canonical file's instants keep their own offset); default
   * the config's.
   */
  timezone?: string;
  /**
   * The period the file covers, as the person importing it says (`--period`): stored in the
   * manifest instead of the period the file states, if any (core/periods.ts).
   */
  period?: DeclaredPeriod;
  /**
   * `--snapshot` (`--allow-mass-delete`): the file holds every current record of its object for
   * its source; absent ones are marked deleted (import/snapshot.ts). Recorded in the manifest's
   * options, so `funnel rebuild` replays it as a snapshot again.
   */
  snapshot?: SnapshotRequest;
}

/** What a vendor format reads: the file's bytes as downloaded and the account's conventions. */
export interface VendorFileInput {
  bytes: Uint8Array;
  fileName: string;
  /** The account's IANA zone: wall-clock times without an offset are read in it. */
  timezone: string;
  config: Config;
  /** The import's day (`YYYY-MM-DD` in `timezone`); a reporting period not ended by it is refused. */
  today?: string;
}

/** A vendor file read by its format: the table it loads, its rows, and facts for the manifest. */
export interface VendorFileRows {
  table: TableName;
  /** The `source` of its rows when the import names none (e.g. `hubspot`). */
  defaultSource: string;
  /** Throws FormatError at the first `next()` when the file does not fit the format. */
  rows: AsyncIterable<ParsedRow>;
  notes: () => Record<string, unknown> | undefined;
}

/**
 * The vendor export formats (`--as hubspot-contacts-csv`…), injected by the CLI and the
 * handlers (`functions/sources/formats.ts` has the registry), so the core never imports a source.
 */
export interface VendorFileFormats {
  /** The format names, in the order help text lists them. */
  readonly names: readonly string[];
  /** Reads a file with the named format; undefined for a name it does not know. */
  read(format: string, input: VendorFileInput): Promise<VendorFileRows | undefined>;
}

/** The loader's dependencies plus the vendor formats `importFile` may be asked for. */
export interface ImportDeps extends LoadDeps {
  vendorFormats: VendorFileFormats;
}

/** One canonical CSV format per canonical table (SPEC §3). */
export const CANONICAL_FORMATS = TABLE_NAMES.map((t) => `canonical-${t}`);

/** Pulls the first row before anything is written, so a file of the wrong format fails cleanly. */
async function primed(rows: AsyncIterable<ParsedRow> | Iterable<ParsedRow>): Promise<AsyncIterable<ParsedRow>> {
  const iterator = (Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]()) as
    AsyncIterator<ParsedRow> | Iterator<ParsedRow>;
  const first = await iterator.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}

/**
 * Loads one file as downloaded: a canonical CSV (`canonical-<table>`) or a vendor export.
 * Throws FormatError (one line naming file, line and field) when the file cannot be read
 * unambiguously; nothing of it is then loaded.
 */
export async function importFile(deps: ImportDeps, req: ImportRequest): Promise<LoadResult> {
  const fileName = basename(req.path);
  try {
    const info = await stat(req.path);
    if (!info.isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (err) {
    throw new FormatError(`${req.path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const dt = req.dt ?? (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const base = { format: req.format, dt, input: fileName, raw: { path: req.path } };
  // `--period` is recorded among the options, so `funnel rebuild` declares it again.
  const periodOption = req.period ? { period: `${req.period.from}..${req.period.to}` } : undefined;
  // A record file states no period: the day it was exported bounds it (periods.ts
  // exportDayPeriod); `--period`, or a period the file states, wins. A replay gets the same `dt`.
  const exportDay = (table: TableName) => (EXPORT_DAY_TABLES.includes(table) ? exportDayPeriod(dt) : null);
  // `--snapshot` likewise (strings: the manifest's options are read back as the import's flags).
  const snapshotOption = req.snapshot
    ? { snapshot: 'true', ...(req.snapshot.allowMassDelete ? { allowMassDelete: 'true' } : {}) }
    : undefined;
  const snapshot = req.snapshot ? { snapshot: req.snapshot } : {};
  const options = periodOption || snapshotOption ? { ...periodOption, ...snapshotOption } : undefined;
  // A canonical file's instants carry their zone; `--timezone` says where its export day ends
  // (validate.ts checkContextOf), recorded so `funnel rebuild` reads it the same way.
  const canonicalZone = req.timezone ? { timezone: req.timezone } : undefined;
  const canonicalOptions = options || canonicalZone ? { ...canonicalZone, ...options } : undefined;
  const exportZone = req.timezone ?? deps.config.timezone;

  if (req.format.startsWith('canonical-')) {
    const table = req.format.slice('canonical-'.length);
    if (!isTableName(table)) throw unknownFormat(req.format, deps.vendorFormats);
    if (req.snapshot) assertSnapshotTable(table, fileName);
    const encoder = deps.encoder;
    // Spend takes the JavaScript path: its files are small (campaign-days), and its rows are
    // needed before loading to refuse spend that overlaps earlier spend at another level. So
    // does a snapshot: the id of every row, rejected ones too, decides what was deleted.
    const fastPath = encoder.importCanonicalCsv && table !== 'spend' && !req.snapshot;
    const header = fastPath ? await fastHeader(req.path, fileName) : undefined;
    if (encoder.importCanonicalCsv && header) {
      // The same header checks (and messages) as the JS path, before anything is written.
      resolveHeader(table, fileName, header, 1, req.source !== undefined);
      const input: FastCanonicalInput = {
        encoder: { importCanonicalCsv: encoder.importCanonicalCsv.bind(encoder) },
        table,
        path: req.path,
        fileName,
        gzip: await isGzip(req.path),
        header: header.map((h) => h.trim()),
        source: req.source,
        config: deps.config,
        partRows: deps.chunkRows ?? 1_000_000,
        open: () => openInput(req.path, fileName),
        log: deps.log,
      };
      // Rows for the fallback: read lazily, only when the fast path declines.
      const rows = readCanonicalCsv({ table, fileName, stream: lazyStream(input.open), source: req.source });
      const figureNotes = canonicalFigureNotes(table, input.header);
      return loadBatch(deps, {
        ...base,
        source: req.source,
        table,
        rows,
        ...(figureNotes ? { notes: () => figureNotes } : {}),
        fast: (batch) => fastCanonicalBatch(input, batch),
        period: () => req.period ?? exportDay(table),
        ...(periodOption || canonicalZone ? { options: { ...canonicalZone, ...periodOption } } : {}),
        exportZone,
      });
    }
    let headerNames: string[] = [];
    const rows = readCanonicalCsv({
      table,
      fileName,
      stream: await openInput(req.path, fileName),
      source: req.source,
      onHeader: (names) => (headerNames = names),
    });
    const guarded = await guardSpendOverlap(
      deps.store,
      { ...req, fileName, table },
      withSource(await primed(rows), req.source),
      () => undefined,
    );
    return loadBatch(deps, {
      ...base,
      source: req.source,
      table,
      rows: guarded,
      // Called once the rows are read, so the header is known.
      notes: () => canonicalFigureNotes(table, headerNames),
      period: () => req.period ?? exportDay(table),
      ...(canonicalOptions ? { options: canonicalOptions } : {}),
      exportZone,
      ...snapshot,
    });
  }

  if (!deps.vendorFormats.names.includes(req.format)) throw unknownFormat(req.format, deps.vendorFormats);
  // Vendor exports are small (one report or list export); their readers decode the whole file.
  const bytes = gunzipIfGzip(await readFile(req.path), fileName);
  // A ZIP of CSVs or an .xlsx is unpacked in front of the format; the raw zone keeps the file as received.
  const timezone = exportZone;
  const now = (deps.now ?? (() => new Date()))();
  const vendor = await deps.vendorFormats.read(req.format, {
    bytes,
    fileName,
    timezone,
    config: deps.config,
    // The file's export day: `--date`, never after the clock's today (a re-import of an old file).
    today: exportDayOf(dt, DateTime.fromJSDate(now, { zone: timezone }).toISODate()),
  });
  if (!vendor) throw unknownFormat(req.format, deps.vendorFormats);
  if (req.snapshot) assertSnapshotTable(vendor.table, fileName);
  // A format states the file's own period as the note `declaredPeriod` (e.g. a spend report's
  // range): it goes to the manifest's `period`, not among the notes.
  const notes = () => {
    const { declaredPeriod: _declared, ...rest } = vendor.notes() ?? {};
    return rest;
  };
  // A file holds nothing after the day it was exported (`dt`): a title range chosen to the
  // week's end on a Friday export would declare Saturday and Sunday as loaded without spend.
  const stated = () => {
    const declared = vendor.notes()?.declaredPeriod;
    return isDeclaredPeriod(declared) ? endByExportDay(declared, dt) : null;
  };
  // `--source` names a vendor file's rows (a second Salesforce org as `salesforce_emea`): it
  // was applied to the raw key only, so two orgs' records were silently stored as one source.
  const rows = req.source === undefined ? vendor.rows : asSource(vendor.rows, req.source);
  return loadBatch(deps, {
    ...base,
    source: req.source ?? vendor.defaultSource,
    table: vendor.table,
    // Spend overlapping earlier spend at another level or id kind is refused before anything is written.
    rows: await guardSpendOverlap(deps.store, { ...req, fileName, table: vendor.table }, await primed(rows), notes),
    notes,
    period: () => req.period ?? stated() ?? exportDay(vendor.table),
    options: { timezone, ...options },
    // The readers place a bare day at its start in the config's zone (kit.ts `dayTimezone`).
    dayTimezone: deps.config.timezone,
    exportZone: timezone,
    ...snapshot,
  });
}

/** A vendor file's rows under the source the import names instead of the vendor's default. */
async function* asSource(rows: AsyncIterable<ParsedRow>, source: string): AsyncGenerator<ParsedRow> {
  for await (const row of rows) {
    if (row.ok) yield { ...row, record: { ...row.record, source } };
    // A reject's record key too, so a later load of the record under that source supersedes it.
    else yield row.key ? { ...row, key: { ...row.key, source } } : row;
  }
}

/** Rows with the `--source` filled in where a canonical file left it empty, as the loader will. */
async function* withSource(rows: AsyncIterable<ParsedRow>, source: string | undefined): AsyncGenerator<ParsedRow> {
  for await (const row of rows) {
    if (row.ok && source !== undefined && (row.record.source === undefined || row.record.source === null)) {
      yield { ...row, record: { ...row.record, source } };
    } else yield row;
  }
}

function unknownFormat(format: string, vendorFormats: VendorFileFormats): FormatError {
  const known = [...CANONICAL_FORMATS, ...vendorFormats.names];
  return new FormatError(`--as ${format}: unknown format (${known.join(', ')})`);
}

/**
 * The header of a canonical CSV for the fast path: only a plain one on line 1; anything
 * unusual (blank lines first, an unreadable file) is left to the JS path and its messages.
 */
async function fastHeader(path: string, fileName: string): Promise<string[] | undefined> {
  try {
    for await (const { line, cells } of readCsvRecords(await openInput(path, fileName), fileName)) {
      return line === 1 && cells.every((c) => !/[\r\n"]/.test(c)) ? cells : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** A stream that opens its source on first read (the fallback rows are usually never read). */
function lazyStream(open: () => Promise<Readable>): Readable {
  const out = new PassThrough();
  let started = false;
  out.on('resume', () => {
    if (started) return;
    started = true;
    open().then(
      (stream) => {
        stream.on('error', (err) => out.destroy(err));
        stream.pipe(out);
      },
      (err: Error) => out.destroy(err),
    );
  });
  return out;
}

async function isGzip(path: string): Promise<boolean> {
  const head = Buffer.alloc(2);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The file as a byte stream; a gzip file (by its magic bytes) is unpacked on the way. */
async function openInput(path: string, fileName: string): Promise<Readable> {
  const file = createReadStream(path);
  if (!(await isGzip(path))) return file;
  const gunzip = createGunzip();
  const out = new PassThrough();
  file.on('error', (err) => out.destroy(err));
  // Name the problem: a truncated download, not a CSV syntax error.
  gunzip.on('error', (err: NodeJS.ErrnoException) =>
    out.destroy(
      new FormatError(`${fileName}: truncated or corrupt gzip (${err.code ?? err.message}); download the file again`),
    ),
  );
  return file.pipe(gunzip).pipe(out);
}

/** Vendor files are read whole: unpack a gzip download, naming a truncated one. */
function gunzipIfGzip(bytes: Uint8Array, fileName: string): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new FormatError(`${fileName}: truncated or corrupt gzip (${code}); download the file again`);
  }
}

/** The day a vendor file was exported: its `dt` (`--date`), unless the clock's today is earlier. */
function exportDayOf(dt: string, today: string | null): string {
  return today !== null && today < dt ? today : dt;
}

/**
 * A period a file states, ended by its export day `dt` (`YYYY-MM-DD`, `--date`): its end is
 * moved back to `dt` when later; null when it starts after `dt` (the file cannot hold any of
 * it, so it declares nothing and the rule of data in the week judges it).
 */
export function endByExportDay(period: DeclaredPeriod, dt: string): DeclaredPeriod | null {
  if (period.from.slice(0, 10) > dt) return null;
  // Days only (a file's title range); instants are an API pull's window, ended by its own clock.
  return period.to.length === 10 && period.to > dt ? { ...period, to: dt } : period;
}
