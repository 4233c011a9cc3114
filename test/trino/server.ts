/**
 * A real Trino server for the SQL proof (Athena engine v3 is Trino): fetched from Maven
 * Central with `mvn` into `.cache/trino/`, started on loopback with small memory, with a
 * Hive catalog (file metastore) over a local folder of Parquet and a memory catalog.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  closeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TrinoClient } from './client.js';

export const TRINO_VERSION = '476';
export const JAVA_HOME = process.env.TRINO_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64';

/** The server core plus the only plugins the proof needs. */
const ARTIFACTS = [
  { artifact: 'trino-server-core', ext: 'tar.gz' },
  { artifact: 'trino-hive', ext: 'zip', plugin: 'hive' },
  { artifact: 'trino-memory', ext: 'zip', plugin: 'memory' },
] as const;

export interface TrinoInstall {
  home: string;
  pluginDir: string;
  /** Bytes downloaded from Maven Central (0 when everything was cached). */
  downloadedBytes: number;
  /** Size of the artifacts (tar.gz + zips). */
  artifactBytes: number;
}

function run(cmd: string, args: string[], cwd?: string): void {
  const res = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${String(res.status)}):\n${out}`);
  }
}

/** Downloads (once) and unpacks Trino; returns where it is. */
export function ensureTrino(cacheDir: string): TrinoInstall {
  const version = TRINO_VERSION;
  const repo = join(cacheDir, 'm2');
  const home = join(cacheDir, `trino-server-core-${version}`);
  const pluginDir = join(cacheDir, `plugin-${version}`);
  const ready = join(cacheDir, `.ready-${version}`);
  mkdirSync(cacheDir, { recursive: true });
  let downloadedBytes = 0;
  let artifactBytes = 0;
  const files = ARTIFACTS.map((a) => {
    const file = join(repo, 'io', 'trino', a.artifact, version, `${a.artifact}-${version}.${a.ext}`);
    if (!existsSync(file)) {
      // mvn verifies the checksums and resumes nothing half-written into the local repository.
      console.log(`trino: fetching io.trino:${a.artifact}:${version}:${a.ext} from Maven Central`);
      run('mvn', [
        '-B',
        '-q',
        `-Dmaven.repo.local=${repo}`,
        'dependency:get',
        `-Dartifact=io.trino:${a.artifact}:${version}:${a.ext}`,
        '-Dtransitive=false',
      ]);
      downloadedBytes += statSync(file).size;
    }
    artifactBytes += statSync(file).size;
    return { ...a, file };
  });
  if (existsSync(ready)) return { home, pluginDir, downloadedBytes, artifactBytes };

  rmSync(home, { recursive: true, force: true });
  rmSync(pluginDir, { recursive: true, force: true });
  mkdirSync(pluginDir, { recursive: true });
  for (const a of files) {
    if (a.ext === 'tar.gz') {
      run('tar', ['xzf', a.file, '-C', cacheDir]);
    } else {
      const tmp = join(pluginDir, `.unpack-${a.artifact}`);
      mkdirSync(tmp, { recursive: true });
      run(join(JAVA_HOME, 'bin', 'jar'), ['xf', a.file], tmp);
      renameSync(join(tmp, `${a.artifact}-${version}`), join(pluginDir, a.plugin));
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!existsSync(join(home, 'lib'))) throw new Error(`trino: ${home}/lib missing after unpacking`);
  writeFileSync(ready, new Date().toISOString());
  return { home, pluginDir, downloadedBytes, artifactBytes };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TrinoServerOptions {
  install: TrinoInstall;
  /** Working folder for etc/, the node data dir and the log. */
  workDir: string;
  /** Root of the local file system the Hive catalog sees (`local:///…`). */
  lakeDir: string;
  heap?: string;
}

export class TrinoServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
    readonly startupMs: number,
    readonly client: TrinoClient,
  ) {}

  /** A server someone else runs (TRINO_URL), for iterating on the SQL without restarts. */
  static attach(url: string): TrinoServer {
    const port = Number(new URL(url).port);
    return new TrinoServer(spawn('true'), port, '', 0, new TrinoClient(url));
  }

  static async start(options: TrinoServerOptions): Promise<TrinoServer> {
    const { install, workDir, lakeDir } = options;
    const port = await freePort();
    const etc = join(workDir, 'etc');
    mkdirSync(join(etc, 'catalog'), { recursive: true });
    mkdirSync(join(workDir, 'data'), { recursive: true });
    mkdirSync(join(lakeDir, 'metastore'), { recursive: true });
    writeFileSync(
      join(etc, 'config.properties'),
      [
        'coordinator=true',
        'node-scheduler.include-coordinator=true',
        `http-server.http.port=${port}`,
        `discovery.uri=http://127.0.0.1:${port}`,
        // Room for the prepared statement header (the SQL text of a report query).
        'http-server.max-request-header-size=2MB',
        'query.max-memory=1GB',
        'query.max-memory-per-node=768MB',
        'task.concurrency=2',
        'node-scheduler.min-candidates=1',
        'query.min-expire-age=1m',
        // A loaded 2-core machine answers task updates slowly; don't fail queries for it.
        'query.remote-task.max-error-duration=10m',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(etc, 'catalog', 'hive.properties'),
      [
        'connector.name=hive',
        'hive.metastore=file',
        'hive.metastore.catalog.dir=local:///metastore',
        'fs.native-local.enabled=true',
        `local.location=${lakeDir}`,
        // Athena reads Parquet timestamps as UTC.
        'hive.parquet.time-zone=UTC',
        'hive.non-managed-table-writes-enabled=true',
        // Trino reads a Parquet file under 3 MB whole (one request instead of one per column);
        // Athena bills the columns a query reads, so the cost measurement reads columns too.
        'parquet.small-file-threshold=0B',
      ].join('\n') + '\n',
    );
    writeFileSync(join(etc, 'catalog', 'memory.properties'), 'connector.name=memory\n');
    const logFile = join(workDir, 'server.log');
    const log = openSync(logFile, 'w');
    const started = Date.now();
    const child = spawn(
      join(JAVA_HOME, 'bin', 'java'),
      [
        `-Xmx${options.heap ?? '2G'}`,
        '-XX:+UseG1GC',
        '-XX:+ExitOnOutOfMemoryError',
        '-XX:+EnableDynamicAgentLoading',
        '-Djdk.attach.allowAttachSelf=true',
        '-Duser.timezone=UTC',
        '-Dfile.encoding=UTF-8',
        '-cp',
        `${join(install.home, 'lib')}/*`,
        `-Dconfig=${join(etc, 'config.properties')}`,
        `-Dcatalog.config-dir=${join(etc, 'catalog')}`,
        `-Dplugin.dir=${install.pluginDir}`,
        '-Dnode.environment=test',
        // Listen on loopback only.
        '-Dnode.bind-ip=127.0.0.1',
        '-Dnode.internal-address=127.0.0.1',
        `-Dnode.id=one-funnel-${process.pid}`,
        `-Dnode.data-dir=${join(workDir, 'data')}`,
        'io.trino.server.TrinoServer',
      ],
      { cwd: workDir, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    // Never leave a JVM behind when this process ends, however it ends.
    const killChild = (): void => {
      if (child.exitCode === null) child.kill('SIGKILL');
    };
    process.once('exit', killChild);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        killChild();
        process.exit(130);
      });
    }
    let exited: number | null = null;
    child.once('exit', (code) => {
      exited = code ?? -1;
    });
    const client = new TrinoClient(`http://127.0.0.1:${port}`);
    const deadline = started + 180_000;
    while (Date.now() < deadline) {
      if (exited !== null)
        throw new Error(`trino: server exited with ${String(exited)} while starting:\n${logErrors(logFile)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v1/info`);
        if (res.ok && ((await res.json()) as { starting?: boolean }).starting === false) {
          // The coordinator is also the worker: wait until it has registered itself.
          const [row] = await client.rows("select count(*) as n from system.runtime.nodes where state = 'active'");
          if (row && Number(row.n) >= 1) {
            return new TrinoServer(child, port, logFile, Date.now() - started, client);
          }
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    child.kill('SIGKILL');
    throw new Error(`trino: not ready after 180 s; see ${logFile}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(timer);
  }
}

/** The first error lines of a server log, for a failure message. */
export function logErrors(logFile: string): string {
  const lines = readFileSync(logFile, 'utf8').split('\n');
  const at = lines.findIndex((l) => /\tERROR\t/.test(l));
  return (at >= 0 ? lines.slice(at, at + 12) : lines.slice(-12)).join('\n');
}

/** Files (recursively) and their total size, for the report. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}
