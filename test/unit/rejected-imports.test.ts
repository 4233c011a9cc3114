/** Which imports the data-health footer names as loading nothing (every row rejected). */
import { describe, expect, it } from 'vitest';
import { rejectedImports } from '../../functions/core/report/build-report.js';
import type { LoadManifest } from '../../functions/core/records.js';

function load(
  input: string,
  loadedAt: string,
  rowsLoaded: number,
  rowsRejected: number,
  table = 'deals',
): LoadManifest {
  return {
    batchId: `${input}-${loadedAt}`,
    source: 'pipedrive',
    table: table as LoadManifest['table'],
    format: 'pipedrive-deals-csv',
    dt: loadedAt.slice(0, 10),
    input,
    rawKey: `raw/${input}`,
    rawBytes: 1,
    sha256: 'x',
    loadedAt,
    rowsLoaded,
    rowsRejected,
    canonicalKeys: [],
    rejectsKey: rowsRejected > 0 ? `rejects/${input}.jsonl` : null,
  };
}

describe('rejectedImports', () => {
  it('lists loads with every row rejected, newest first; partial loads and empty files are not', () => {
    const out = rejectedImports([
      load('a.csv', '2026-11-20T08:00:00Z', 0, 3),
      load('b.csv', '2026-11-21T08:00:00Z', 5, 2),
      load('c.csv', '2026-11-22T08:00:00Z', 0, 0),
      load('d.csv', '2026-11-23T08:00:00Z', 0, 7, 'spend'),
    ]);
    expect(out).toEqual([
      { input: 'd.csv', table: 'spend', source: 'pipedrive', loadedAt: '2026-11-23T08:00:00Z', rowsRejected: 7 },
      { input: 'a.csv', table: 'deals', source: 'pipedrive', loadedAt: '2026-11-20T08:00:00Z', rowsRejected: 3 },
    ]);
  });

  it('drops one that a later load of the same file and table loaded rows from; not an earlier or another table', () => {
    const out = rejectedImports([
      load('a.csv', '2026-11-19T08:00:00Z', 4, 0), // earlier: the later failure still shows
      load('a.csv', '2026-11-20T08:00:00Z', 0, 3),
      load('b.csv', '2026-11-20T08:00:00Z', 0, 2),
      load('b.csv', '2026-11-21T08:00:00Z', 2, 0), // fixed
      load('c.csv', '2026-11-20T08:00:00Z', 0, 1),
      load('c.csv', '2026-11-21T08:00:00Z', 1, 0, 'leads'), // same name, other table
    ]);
    expect(out.map((r) => r.input)).toEqual(['a.csv', 'c.csv']);
  });
});
