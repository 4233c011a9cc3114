/**
 * A store "loaded before a key-rule change", for the rebuild tests: the loads run through an
 * encoder that writes every email key as the old rule would have (`old:` + today's key), so the
 * canonical Parquet holds keys today's rules do not give, while raw and manifests are as a load
 * writes them.
 */
import { join } from 'node:path';
import type { Config } from '../../functions/core/config.js';
import { importFile } from '../../functions/core/import/import-file.js';
import { vendorFileFormats } from '../../functions/sources/formats.js';
import type { ParquetEncoder } from '../../functions/core/parquet.js';
import type { ObjectStore } from '../../functions/core/ports.js';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { parseConfig } from '../../functions/core/config.js';

const KEY_COLUMNS = ['email_key', 'additional_email_keys', 'contact_email_keys'];

/** Wraps an encoder so every email key it writes is prefixed with `old:` (no fast path). */
export function oldRuleEncoder(inner: ParquetEncoder): ParquetEncoder {
  const old = (value: unknown): unknown =>
    Array.isArray(value) ? value.map((v) => `old:${String(v)}`) : value === null ? null : `old:${String(value)}`;
  return {
    encode: (table, rows) =>
      inner.encode(
        table,
        rows.map((r) => {
          const out: CanonicalRecord = { ...r };
          for (const key of KEY_COLUMNS) if (key in out) out[key] = old(out[key]) as CanonicalRecord[string];
          return out;
        }),
      ),
  };
}

export const FILES_CONFIG: Config = parseConfig({
  fxRates: { CHF: 1.05, USD: 0.92, EUR: 0.94 },
  timezone: 'Europe/Zurich',
  sources: { 'salesforce-leads-csv': { dateOrder: 'MDY' } },
});

const FIXTURES = new URL('../fixtures/vendor-exports/', import.meta.url).pathname;

/**
 * Two vendor files (HubSpot contacts read in Athens time, Salesforce leads), each at its own
 * load time; `contactsSource` names the HubSpot file's source (default: the format's).
 */
export async function loadVendorFiles(
  store: ObjectStore,
  encoder: ParquetEncoder,
  config: Config = FILES_CONFIG,
  contactsSource?: string,
): Promise<void> {
  const deps = (at: string) => ({ store, encoder, config, now: () => new Date(at), vendorFormats: vendorFileFormats });
  await importFile(deps('2026-11-17T07:00:00Z'), {
    path: join(FIXTURES, 'hubspot-contacts-greek.csv'),
    format: 'hubspot-contacts-csv',
    source: contactsSource,
    timezone: 'Europe/Athens',
    dt: '2026-11-17',
  });
  await importFile(deps('2026-11-17T08:00:00Z'), {
    path: join(FIXTURES, 'own', 'salesforce-leads-report.csv'),
    format: 'salesforce-leads-csv',
    dt: '2026-11-17',
  });
}

/** Every object under the store's zones but `state/` and `rebuild/`, as base64, by key. */
export async function storeSnapshot(store: ObjectStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const zone of ['raw/', 'canonical/', 'rejects/', 'manifests/']) {
    for (const key of await store.list(zone)) out.set(key, Buffer.from((await store.get(key))!).toString('base64'));
  }
  return out;
}
