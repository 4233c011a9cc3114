/** Writes docs/tables.md from the canonical schema and the SQL models. */
import { writeFileSync } from 'node:fs';
import { dataDictionary } from '../functions/core/data-dictionary.js';

writeFileSync(new URL('../docs/tables.md', import.meta.url), dataDictionary());
console.log('wrote docs/tables.md');
