/**
 * The owners (users) of a CRM, as the `owners` table holds them: one row per owner and pull,
 * mapped from each vendor's users listing (hubspot/owners.ts, salesforce/owners.ts,
 * pipedrive/owners.ts). Owners are few, so each run lists them all (no cursor) and loads the
 * list when it differs from the last one loaded: a name changed or a user deactivated reads
 * from the next run on.
 */
import { createHash } from 'node:crypto';
import type { CanonicalRecord, ParsedRow } from '../core/records.js';
import { isObject, reject, str, type PullResult, type SourceContext } from './source.js';

/**
 * A pull of the whole owners list: empty when it is exactly what the last pull loaded (its
 * digest is kept as the entity's state), so an unchanged list lands and loads nothing.
 */
export async function pullOwners(
  ctx: SourceContext,
  state: unknown,
  list: () => Promise<Record<string, unknown>[]>,
): Promise<PullResult> {
  const records = await list();
  const digest = createHash('sha256').update(JSON.stringify(records)).digest('hex');
  const cursor = { listedAt: ctx.now.toISOString() };
  const last = isObject(state) ? state.digest : undefined;
  return { records: last === digest ? [] : records, cursor, state: { digest }, notes: { owners: records.length } };
}

/** An owner row; `owner_id` must be the id the CRM's records carry in their owner field. */
export interface OwnerRow {
  owner_id: string;
  name: string | null;
  email: string | null;
  is_active: boolean | null;
  updated_at: string | null;
  is_deleted: boolean | null;
}

/** "First Last" from the parts a CRM gives; null when both are empty. */
export function personName(first: unknown, last: unknown): string | null {
  const name = [str(first), str(last)].filter((p): p is string => p !== null).join(' ');
  return name === '' ? null : name;
}

/**
 * Canonical owner rows of `records` (as received) for `source`; a record `map` cannot read (no
 * id) is a reject naming `file` and its 1-based position.
 */
export function ownerRows(
  source: string,
  file: string,
  records: readonly unknown[],
  map: (record: Record<string, unknown>) => OwnerRow | null,
): ParsedRow[] {
  return records.map((record, index): ParsedRow => {
    const row = isObject(record) ? map(record) : null;
    if (row === null) return reject(file, index + 1, 'id', 'not an owner record (no id)', record);
    const out: CanonicalRecord = { ...row, source };
    return { ok: true, line: index + 1, record: out };
  });
}
