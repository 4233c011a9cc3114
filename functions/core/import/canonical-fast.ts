/**
 * The canonical-CSV fast path (local mode): the encoder validates and writes the file in SQL
 * (see canonical-sql.ts); JS keeps what is cheap and exact. A clean file never touches JS
 * beyond its header. When there are rejects, one JS pass over the file maps the rows SQL
 * refused to their physical lines and runs the JS validator on exactly those rows, so every
 * reject reads as on the JS path. Any disagreement (or any error in DuckDB) returns
 * undefined: the caller then loads the whole file through the JS path.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { silentLog, type Log } from '../log.js';
import { combinable, hasAssociations } from '../associations.js';
import { checkRow, invalidReject, stampRecord, supersededReject, type FastBatch } from '../load.js';
import { createdByOf, type CheckContext } from '../validate.js';
import type { CanonicalCsvJob, CanonicalCsvStaged, ParquetEncoder } from '../parquet.js';
import type { CanonicalRecord, Reject } from '../records.js';
import type { TableName } from '../schema.js';
import { parseRow, readCsvRecords, resolveHeader, sourceColumnFor } from './canonical-csv.js';

export interface FastCanonicalInput {
  encoder: Required<Pick<ParquetEncoder, 'importCanonicalCsv'>>;
  table: TableName;
  path: string;
  fileName: string;
  gzip: boolean;
  header: string[];
  source?: string;
  config: Config;
  partRows: number;
  /** Opens the file again (gunzipped) for the line-mapping pass. */
  open: () => Promise<Readable>;
  log?: Log;
}

export async function fastCanonicalBatch(
  input: FastCanonicalInput,
  batch: { batchId: string; loadedAt: Date; checks: CheckContext },
): Promise<FastBatch | undefined> {
  const job: CanonicalCsvJob = {
    table: input.table,
    path: input.path,
    gzip: input.gzip,
    header: input.header,
    source: input.source,
    fxRates: batch.checks.fxRates,
    wonBy: batch.checks.exportDay ? new Date(batch.checks.exportDay.endMs) : undefined,
    // A canonical file holds no bare day: an instant's rule, the export day's end plus a day.
    createdBy: batch.checks.exportDay ? new Date(createdByOf(batch.checks.exportDay)) : undefined,
    batchId: batch.batchId,
    loadedAt: batch.loadedAt,
    partRows: input.partRows,
  };
  const log = input.log ?? silentLog;
  let staged: CanonicalCsvStaged;
  try {
    staged = await input.encoder.importCanonicalCsv(job);
  } catch (err) {
    // DuckDB could not read it the way the JS reader does: the JS path names the problem.
    // Only the error's class is logged: DuckDB messages may quote row content.
    log.info('canonical csv: fast path declined, loading through the JS path', {
      file: input.fileName,
      reason: 'duckdb',
      error: (err as Error).name,
    });
    return undefined;
  }
  try {
    let rejects: Reject[] = [];
    let rejectRecords: (CanonicalRecord | 'superseded' | null)[] = [];
    if (staged.invalid.length > 0 || staged.superseded.length > 0 || staged.structuralRejects > 0) {
      const mapped = await mapRejects(input, batch, staged);
      if (!mapped) {
        await staged.cleanup();
        log.info('canonical csv: fast path declined, loading through the JS path', {
          file: input.fileName,
          reason: 'a row SQL refused is valid for the JS validator, or the readers disagree',
        });
        return undefined;
      }
      rejects = mapped.rejects;
      rejectRecords = mapped.records;
      await staged.finish(
        staged.superseded.map((s) => s.ord),
        mapped.shifts,
      );
    }
    const rowsBySource: Record<string, number> = {};
    log.info('canonical csv: fast path', { file: input.fileName, rows: staged.parsedRows, rejects: rejects.length });
    for (const part of staged.parts) rowsBySource[part.source] = (rowsBySource[part.source] ?? 0) + part.rows;
    return {
      parts: staged.parts,
      rejects,
      rejectRecords,
      rowsLoaded: Object.values(rowsBySource).reduce((a, b) => a + b, 0),
      rowsBySource,
      cleanup: () => staged.cleanup(),
    };
  } catch (err) {
    await staged.cleanup();
    throw err;
  }
}

/**
 * One pass of the JS CSV reader: physical lines and cells of the rows SQL refused, the JS
 * rejects for them, and how far each parsed row's batch_row moves for the rows with a wrong
 * field count before it (the JS path counts those rows, DuckDB does not). Undefined when the
 * two readers disagree.
 */
/** The readers disagree: FUNNEL_FAST_DEBUG=1 says where (no row content), for whoever extends the SQL. */
function disagree(what: string, line: number): undefined {
  if (process.env.FUNNEL_FAST_DEBUG) console.error(`canonical csv fast path: ${what} (line ${line})`);
  return undefined;
}

async function mapRejects(
  input: FastCanonicalInput,
  batch: { batchId: string; loadedAt: Date; checks: CheckContext },
  staged: CanonicalCsvStaged,
): Promise<
  | {
      rejects: Reject[];
      records: (CanonicalRecord | 'superseded' | null)[];
      shifts: { fromOrd: number; shift: number }[];
    }
  | undefined
> {
  const ctx = batch.checks;
  const invalid = new Set(staged.invalid);
  const earlier = new Map(staged.superseded.map((s) => [s.ord, s.by]));
  const later = new Map(staged.superseded.map((s) => [s.by, s.ord]));
  // Rejects with the position of the row whose processing emits them on the JS path.
  // `record`: the rejected row's parsed record (FastBatch.rejectRecords), as the JS path dates it.
  const events: { at: number; reject: Reject; record: CanonicalRecord | 'superseded' | null }[] = [];
  const pending = new Map<number, { line: number; record: CanonicalRecord }>(); // superseded, by ord
  const shifts = new Map<number, number>();
  let columns: ReturnType<typeof resolveHeader> | undefined;
  let width = 0;
  const sourceFrom = sourceColumnFor(input.table, input.header, input.source);
  let index = -1; // position among data rows (what batch_row counts on the JS path)
  let ord = -1; // position among the rows DuckDB parsed
  let structural = 0;
  for await (const { line, cells } of readCsvRecords(await input.open(), input.fileName)) {
    if (!columns) {
      columns = resolveHeader(input.table, input.fileName, cells, line, input.source !== undefined);
      width = cells.length;
      continue;
    }
    index++;
    if (cells.length !== width) {
      const row = parseRow(input.fileName, line, cells, columns, width, input.source, sourceFrom);
      if (row.ok) return disagree('structural', line);
      events.push({ at: index, reject: row.reject, record: null });
      shifts.set(ord + 1, ++structural);
      continue;
    }
    ord++;
    if (invalid.has(ord)) {
      const row = parseRow(input.fileName, line, cells, columns, width, input.source, sourceFrom);
      if (!row.ok) {
        // Its record key when its id reads, as the JS path dates it (load.ts).
        events.push({ at: index, reject: row.reject, record: row.key ?? null });
        continue;
      }
      const checked = checkRow(input.table, row.record, input.source, ctx);
      if (checked.ok) return disagree('SQL refused a row the JS validator accepts', line); // let the JS path load it
      events.push({
        at: index,
        reject: invalidReject(input.fileName, line, checked.field, checked.reason, row.record),
        record: row.record,
      });
      continue;
    }
    const by = earlier.get(ord);
    if (by !== undefined) {
      const row = parseRow(input.fileName, line, cells, columns, width, input.source, sourceFrom);
      const checked = row.ok ? checkRow(input.table, row.record, input.source, ctx) : undefined;
      if (!checked?.ok) return disagree('superseded row invalid in JS', line);
      const record = stampRecord(checked.record, { loadedAt: batch.loadedAt, batchId: batch.batchId, batchRow: index });
      pending.set(ord, { line, record });
    }
    const replaced = later.get(ord);
    if (replaced !== undefined) {
      const first = pending.get(replaced);
      if (!first) return disagree('superseded pair out of order', line);
      pending.delete(replaced);
      // Rows of one record that differ only in its contacts are combined, not superseded
      // (associations.ts): the JS loader does that, SQL does not.
      if (hasAssociations(input.table)) {
        const row = parseRow(input.fileName, line, cells, columns, width, input.source, sourceFrom);
        const checked = row.ok ? checkRow(input.table, row.record, input.source, ctx) : undefined;
        if (checked?.ok && combinable(input.table, first.record, checked.record))
          return disagree('rows of one record listing other contacts', line);
      }
      events.push({
        at: index,
        reject: supersededReject(input.table, input.fileName, first, line),
        record: 'superseded',
      });
    }
  }
  if (ord + 1 !== staged.parsedRows || pending.size > 0)
    return disagree(`row counts ${ord + 1} vs ${staged.parsedRows}`, 0);
  events.sort((a, b) => a.at - b.at);
  return {
    rejects: events.map((e) => e.reject),
    records: events.map((e) => e.record),
    shifts: [...shifts.entries()].map(([fromOrd, shift]) => ({ fromOrd, shift })),
  };
}
