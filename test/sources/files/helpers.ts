import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type ConfigInput } from '../../../functions/core/config.js';
import type { CanonicalRecord, Reject } from '../../../functions/core/records.js';
import { VENDOR_FORMATS } from '../../../functions/sources/formats.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/vendor-exports/', import.meta.url));

export interface Imported {
  rows: (CanonicalRecord & { line: number })[];
  rejects: Reject[];
  notes: Record<string, unknown>;
}

export async function importBytes(
  format: string,
  bytes: Uint8Array,
  fileName: string,
  timezone = 'UTC',
  config: ConfigInput = {},
): Promise<Imported> {
  const f = VENDOR_FORMATS[format];
  if (!f) throw new Error(`no format ${format}`);
  const rows: Imported['rows'] = [];
  const rejects: Reject[] = [];
  for await (const r of f.parse({ bytes, fileName, timezone, config: parseConfig(config) })) {
    if (r.ok) rows.push({ line: r.line, ...r.record });
    else rejects.push(r.reject);
  }
  return { rows, rejects, notes: f.notes?.() ?? {} };
}

export function importFixture(format: string, path: string, timezone = 'UTC', config: ConfigInput = {}) {
  return importBytes(format, readFileSync(FIXTURES + path), path.split('/').pop()!, timezone, config);
}

export const sum = (rows: CanonicalRecord[], key: string): number =>
  Math.round(rows.reduce((s, r) => s + ((r[key] as number | null) ?? 0), 0) * 100) / 100;

export const utf8 = (text: string) => new TextEncoder().encode(text);
