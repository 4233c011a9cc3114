import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataDictionary } from '../../functions/core/data-dictionary.js';
import { TABLE_NAMES, storedColumns } from '../../functions/core/schema.js';

describe('docs/tables.md', () => {
  it('is generated from the schema and up to date (run `npm run docs:tables`)', () => {
    expect(readFileSync(new URL('../../docs/tables.md', import.meta.url), 'utf8')).toBe(dataDictionary());
  });

  it('documents every stored column of every canonical table', () => {
    const doc = dataDictionary();
    for (const table of TABLE_NAMES) for (const c of storedColumns(table)) expect(doc).toContain(`| \`${c.name}\` |`);
  });
});
