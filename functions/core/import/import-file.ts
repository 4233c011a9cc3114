/** `funnel import FILE --as FORMAT`: read the file as downloaded, load it, summarize. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { VENDOR_FORMATS } from '../../sources/formats.js';
import { loadBatch, type LoadDeps, type LoadResult } from '../load.js';
import type { ParsedRow } from '../records.js';
import { isTableName } from '../schema.js';
import { FormatError, readCanonicalCsv } from './canonical-csv.js';

export interface ImportRequest {
  path: string;
  format: string;
  source?: string;
  /** The `dt=` partition (logical load day); default: today in UTC. */
  dt?: string;
  /** Zone of wall-clock times without an offset in vendor files; default the config's. */
  timezone?: string;
}

export const CANONICAL_FORMATS = ['canonical-leads', 'canonical-deals', 'canonical-activities', 'canonical-spend'];

export function knownFormats(): string[] {
  return [...CANONICAL_FORMATS, ...Object.keys(VENDOR_FORMATS)];
}

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

export async function importFile(deps: LoadDeps, req: ImportRequest): Promise<LoadResult> {
  const fileName = basename(req.path);
  try {
    const info = await stat(req.path);
    if (!info.isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (err) {
    throw new FormatError(`${req.path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const dt = req.dt ?? (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const base = { format: req.format, dt, input: fileName, raw: { path: req.path } };

  if (req.format.startsWith('canonical-')) {
    const table = req.format.slice('canonical-'.length);
    if (!isTableName(table)) throw unknownFormat(req.format);
    const rows = readCanonicalCsv({ table, fileName, stream: createReadStream(req.path), source: req.source });
    return loadBatch(deps, { ...base, source: req.source, table, rows: await primed(rows) });
  }

  const vendor = VENDOR_FORMATS[req.format];
  if (!vendor) throw unknownFormat(req.format);
  // Vendor exports are small (one report or list export); their readers decode the whole file.
  const bytes = await readFile(req.path);
  const rows = vendor.parse({ bytes, fileName, timezone: req.timezone ?? deps.config.timezone, config: deps.config });
  return loadBatch(deps, {
    ...base,
    source: req.source ?? vendor.defaultSource,
    table: vendor.table,
    rows: await primed(rows),
    notes: () => vendor.notes?.(),
  });
}

function unknownFormat(format: string): FormatError {
  return new FormatError(`--as ${format}: unknown format (${knownFormats().join(', ')})`);
}
