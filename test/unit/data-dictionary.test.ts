import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { parseConfig } from '../../functions/core/config.js';
import { dataDictionary, standalone } from '../../functions/core/data-dictionary.js';
import { loadModelSpec } from '../../functions/core/model-tests.js';
import { loadModels } from '../../functions/core/models.js';
import { TABLE_NAMES, storedColumns } from '../../functions/core/schema.js';

describe('docs/tables.md', () => {
  it('is generated from the schema and up to date (run `npm run docs:tables`)', () => {
    expect(readFileSync(new URL('../../docs/tables.md', import.meta.url), 'utf8')).toBe(dataDictionary());
  });

  it('documents every stored column of every canonical table', () => {
    const doc = dataDictionary();
    for (const table of TABLE_NAMES) for (const c of storedColumns(table)) expect(doc).toContain(`| \`${c.name}\` |`);
  });

  it('documents every column of every mart (fct_, dim_), in the order the model gives them', async () => {
    // The columns as the engine builds them, on an empty store: a column added to a model
    // without a description in its .yml (or described but gone) fails here.
    const dir = await mkdtemp(join(tmpdir(), 'dictionary-'));
    const engine = await openLocalWarehouse(dir, parseConfig({}));
    try {
      const marts = loadModels().filter((m) => m.layer === 'marts');
      expect(marts.map((m) => m.name)).toEqual(expect.arrayContaining(['fct_persons', 'fct_deals', 'fct_spend']));
      for (const model of marts) {
        const rows = await engine.query(
          `select column_name from information_schema.columns where table_name = '${model.name}' order by ordinal_position`,
        );
        const described = loadModelSpec(model).columns;
        expect(Object.keys(described), `sql/marts/${model.name}.yml columns:`).toEqual(rows.map((r) => r.column_name));
        for (const [name, text] of Object.entries(described)) expect(text.trim().length, name).toBeGreaterThan(10);
      }
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('points to no document outside the repository', () => {
    expect(dataDictionary()).not.toMatch(/SPEC|MAPPINGS|CONNECTORS|CONVENTIONS|field-cases\/README/);
    expect(standalone('the latest version (SPEC §4.1), persons (SPEC §4.1, §4.3), domains (SPEC §4.5c)')).toBe(
      'the latest version (methodology rule 1), persons (methodology rules 1, 3), domains (methodology rule 5)',
    );
  });
});
