import { TrinoClient, TrinoEngine } from './client.js';
const client = new TrinoClient(process.env.TRINO_URL!, { catalog: 'hive', schema: 'canonical_year' });
const engine = new TrinoEngine(client);
for (const sql of process.argv.slice(2)) {
  const rows = await engine.query(sql);
  console.log(`${(engine.lastStats!.physicalInputBytes / 1024).toFixed(1)} KB`, sql.slice(0, 100), JSON.stringify(rows.slice(0, 20)));
}
