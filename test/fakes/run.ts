/**
 * `npm run fakes`: starts every vendor fake on 127.0.0.1 (random ports) until Ctrl-C and
 * prints their base URLs, a config file and the FUNNEL_SECRET_* variables that point
 * `funnel run` at them. `--config-out FILE` also writes the config JSON to FILE.
 */
import { writeFileSync } from 'node:fs';
import { envSecretName } from '../../functions/adapters/env-secrets.js';
import { startAllFakes } from './all.js';

const fakes = await startAllFakes({ rateLimited: process.argv.includes('--rate-limited') });
const config = { fxRates: { CHF: 1.05, USD: 0.92 }, sources: fakes.sources };
const out = process.argv.indexOf('--config-out');
if (out > 0 && process.argv[out + 1])
  writeFileSync(process.argv[out + 1] as string, JSON.stringify(config, null, 2) + '\n');
const lines = [
  'Vendor fakes running (Ctrl-C to stop):',
  ...Object.entries(fakes.sources).map(([name, s]) => `  ${name.padEnd(11)} ${String(s.baseUrl)}`),
  '',
  'Config (save as funnel.config.json, then `npx funnel run --config funnel.config.json`):',
  JSON.stringify(config, null, 2),
  '',
  'Secrets (export these in the shell that runs funnel):',
  ...Object.entries(fakes.secrets).map(([name, value]) => `export ${envSecretName(name)}='${JSON.stringify(value)}'`),
];
console.log(lines.join('\n'));
const stop = async (): Promise<void> => {
  await fakes.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
