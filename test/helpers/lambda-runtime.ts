/**
 * What the Lambda Node.js 22 runtime resolves besides the bundle: the AWS SDK v3 clients, and
 * nothing else. `linkRuntimeSdk(dir)` puts symlinks to this project's `@aws-sdk/client-*`
 * packages in `dir/node_modules`, so a bundle under `dir` loads its external SDK imports
 * like on Lambda, while every other package (react, zod, prettier, …) stays unresolvable:
 * a module the bundle forgot to include fails to load instead of being found in our node_modules.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_DIR = fileURLToPath(new URL('../../node_modules/@aws-sdk', import.meta.url));

export async function linkRuntimeSdk(dir: string): Promise<string[]> {
  const target = join(dir, 'node_modules', '@aws-sdk');
  await mkdir(target, { recursive: true });
  const clients = (await readdir(SDK_DIR)).filter((name) => name.startsWith('client-'));
  for (const name of clients) {
    if (!existsSync(join(target, name))) await symlink(join(SDK_DIR, name), join(target, name), 'dir');
  }
  return clients.map((name) => `@aws-sdk/${name}`);
}

/** Runs an ES-module script in a fresh Node process (as Lambda loads the bundle), without blocking this one. */
export function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      // Only what a Lambda has: no NODE_OPTIONS from vitest, no NODE_PATH.
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-central-1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** stderr without the AWS SDK's Node-version notice (Node 20 here, 22 on Lambda). */
export function realErrors(stderr: string): string {
  return stderr.replace(/.*NodeVersionSupportWarning[\s\S]*?trace-warnings.*\n?/, '');
}
