/** `funnel import FILE --as FORMAT`: read the file as downloaded, load it, summarize. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadBatch, type LoadDeps, type LoadResult } from '../load.js';
import { isTableName } from '../schema.js';
import { FormatError, readCanonicalCsv } from './canonical-csv.js';

export interface ImportRequest {
  path: string;
  format: string;
  source?: string;
  /** The `dt=` partition (logical load day); default: today in UTC. */
  dt?: string;
  timezone?: string;
}

export const CANONICAL_FORMATS = ['canonical-leads', 'canonical-deals', 'canonical-activities', 'canonical-spend'];

export async function importFile(deps: LoadDeps, req: ImportRequest): Promise<LoadResult> {
  const fileName = basename(req.path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(req.path);
  } catch (err) {
    throw new FormatError(`${req.path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const raw = bytes; // stored as received; gzip is only unpacked for reading
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'corrupt';
      throw new FormatError(`${fileName}: truncated or corrupt gzip (${code}); download the file again`);
    }
  }
  const dt = req.dt ?? (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  if (req.format.startsWith('canonical-')) {
    const table = req.format.slice('canonical-'.length);
    if (!isTableName(table))
      throw new FormatError(`--as ${req.format}: unknown format (${CANONICAL_FORMATS.join(', ')})`);
    // Parse once up front so a header error fails before anything is written.
    const rows = readCanonicalCsv({ table, fileName, bytes, source: req.source });
    const first = await rows.next();
    const all = (async function* () {
      if (!first.done) yield first.value;
      yield* rows;
    })();
    return loadBatch(deps, {
      source: req.source,
      table,
      format: req.format,
      dt,
      input: fileName,
      raw,
      rows: all,
    });
  }
  throw new FormatError(`--as ${req.format}: unknown format (${CANONICAL_FORMATS.join(', ')})`);
}
