/**
 * `npm run email:dev`: the React Email preview server on emails/ (PreviewProps of
 * emails/weekly-report.tsx). Checks what the server needs first and fails with one clear
 * line instead of hanging on react-email's interactive "install it?" prompt.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function fail(message: string): never {
  console.error(`email:dev: ${message}`);
  process.exit(1);
}

/** The package's folder (its `exports` hide package.json, so walk up from its entry point). */
function packageRoot(pkg: string): string | null {
  let dir: string;
  try {
    dir = dirname(require.resolve(pkg));
  } catch {
    return null;
  }
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === pkg) return dir;
    dir = dirname(dir);
  }
  return null;
}

function versionOf(pkg: string): string | null {
  const root = packageRoot(pkg);
  return root ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version : null;
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`react-email's preview server needs Node >= 20.19 (this is ${process.version})`);
}
const cli = versionOf('react-email');
const ui = versionOf('@react-email/ui');
if (!cli) fail('the react-email dev dependency is not installed; run `npm install`');
if (!ui) fail('@react-email/ui is not installed; run `npm install`');
if (cli !== ui) {
  fail(`react-email ${cli} and @react-email/ui ${ui} must be the same version (pin both exactly in package.json)`);
}

const port = process.env.PORT ?? '3030';
const cliEntry = join(packageRoot('react-email') ?? '', 'dist', 'cli', 'index.mjs');
const child = spawn(process.execPath, [cliEntry, 'dev', '--dir', 'emails', '--port', port], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
child.on('exit', (code, signal) => {
  if (signal) process.exit(1);
  if (code !== 0) fail(`the preview server stopped with exit code ${code}`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
