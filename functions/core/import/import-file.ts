/** `funnel import FILE --as FORMAT`: read the file as downloaded, load it, summarize. */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
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
  try {
    const info = await stat(req.path);
    if (!info.isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (err) {
    throw new FormatError(`${req.path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const dt = req.dt ?? (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  if (req.format.startsWith('canonical-')) {
    const table = req.format.slice('canonical-'.length);
    if (!isTableName(table))
      throw new FormatError(`--as ${req.format}: unknown format (${CANONICAL_FORMATS.join(', ')})`);
    // Parse once up front so a header error fails before anything is written.
    const rows = readCanonicalCsv({ table, fileName, stream: await openInput(req.path, fileName), source: req.source });
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
      raw: { path: req.path },
      rows: all,
    });
  }
  throw new FormatError(`--as ${req.format}: unknown format (${CANONICAL_FORMATS.join(', ')})`);
}

/** The file as a byte stream; a gzip file (by its magic bytes) is unpacked on the way. */
async function openInput(path: string, fileName: string): Promise<Readable> {
  const head = Buffer.alloc(2);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const file = createReadStream(path);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return file;
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
