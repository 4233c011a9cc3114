/** Builds ZIPs and .xlsx workbooks in the test (with fflate), and imports files end to end. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { DuckDBParquetEncoder } from '../../../functions/adapters/duckdb-parquet.js';
import { LocalStore } from '../../../functions/adapters/local-store.js';
import { parseConfig, type ConfigInput } from '../../../functions/core/config.js';
import { importFile } from '../../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../../functions/sources/formats.js';
import type { LoadResult } from '../../../functions/core/load.js';
import type { CanonicalRecord, Reject } from '../../../functions/core/records.js';
import { readVendorFile } from '../../../functions/sources/vendor-csv/container.js';
import { VENDOR_FORMATS } from '../../../functions/sources/formats.js';

/** A cell of a test workbook: text, number, boolean, a date (wall clock, as UTC fields), a raw numeric `<v>` or a formula error. */
export type XCell = string | number | boolean | Date | { raw: string } | { error: string } | { iso: string } | null;

export function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])),
  );
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : col(Math.floor(i / 26) - 1) + col(i % 26));
/** Excel's serial day number (1900 system) of a wall-clock time given as UTC fields. */
const serial = (d: Date) => d.getTime() / 86_400_000 + 25_569;

function cellXml(cell: XCell, ref: string): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${esc(cell)}</t></is></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
  if (cell instanceof Date) return `<c r="${ref}" s="1"><v>${serial(cell)}</v></c>`;
  if ('iso' in cell) return `<c r="${ref}" t="d"><v>${cell.iso}</v></c>`;
  if ('error' in cell) return `<c r="${ref}" t="e"><f>VLOOKUP(A1,X!A:B,2,0)</f><v>${esc(cell.error)}</v></c>`;
  return `<c r="${ref}"><v>${cell.raw}</v></c>`;
}

/** A minimal .xlsx (what Excel writes, less the optional parts): one worksheet per entry, in order. */
export function xlsx(sheets: { name: string; rows: XCell[][] }[]): Uint8Array {
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>',
  };
  sheets.forEach((s, i) => {
    const rows = s.rows
      .map((row, r) => `<row r="${r + 1}">${row.map((c, j) => cellXml(c, `${col(j)}${r + 1}`)).join('')}</row>`)
      .join('');
    files[`xl/worksheets/sheet${i + 1}.xml`] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  });
  return zip(files);
}

export interface Read {
  rows: CanonicalRecord[];
  rejects: Reject[];
  notes: Record<string, unknown> | undefined;
}

/** The rows a format reads from bytes as they arrive (containers unpacked), without loading them. */
export async function readAs(
  format: string,
  bytes: Uint8Array,
  fileName: string,
  timezone = 'UTC',
  config: ConfigInput = {},
): Promise<Read> {
  const vendor = VENDOR_FORMATS[format]!;
  const { rows, notes } = await readVendorFile(vendor, { bytes, fileName, timezone, config: parseConfig(config) });
  const out: Read = { rows: [], rejects: [], notes: undefined };
  for await (const r of rows) {
    if (r.ok) out.rows.push(r.record);
    else out.rejects.push(r.reject);
  }
  out.notes = notes();
  return out;
}

/** `funnel import FILE --as FORMAT` into a fresh data dir (the file written under `name`). */
export async function importAs(
  format: string,
  file: { name: string; bytes: Uint8Array } | string,
  config: ConfigInput = {},
): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'funnel-containers-'));
  const path = typeof file === 'string' ? file : join(dir, file.name);
  if (typeof file !== 'string') await writeFile(path, file.bytes);
  const encoder = await DuckDBParquetEncoder.create();
  try {
    const deps = {
      store: new LocalStore(join(dir, 'data')),
      encoder,
      config: parseConfig(config),
      vendorFormats: vendorFileFormats,
    };
    return await importFile(deps, { path, format, dt: '2026-11-26' });
  } finally {
    await encoder.close();
  }
}
