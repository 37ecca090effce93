/**
 * A private PostgreSQL server for tests that must stop and start the database (the
 * shared server on 127.0.0.1:5432 serves every other test and is never restarted).
 *
 * `startPgInstance()` runs `initdb` into a new temp folder, then `pg_ctl start` on a free
 * port on 127.0.0.1 (trust authentication, user `postgres`, its Unix socket inside the
 * folder), and returns a handle:
 * - `url(database)`: `postgres://postgres@127.0.0.1:<port>/<database>`.
 * - `stop(mode)`: `pg_ctl stop -m fast|immediate` (immediate: like a crash, no checkpoint,
 *   every connection cut at once); resolves when the server is down.
 * - `start()`: starts it again on the same port and folder; resolves when it accepts connections.
 * - `destroy()`: stops it (immediate) and deletes the folder.
 *
 * Binaries: `BATON_PG_BINDIR`, else the newest `/usr/lib/postgresql/<major>/bin` (Debian),
 * else `pg_config --bindir`. PostgreSQL refuses to run as root: when the tests run as root,
 * the server runs as the `postgres` system user (`runuser -u postgres`) and owns the folder.
 * @throws Error naming what is missing when no binaries are found or the server does not start,
 * so a test that needs it fails rather than skips.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server';

const run = promisify(execFile);

/** A private PostgreSQL server. */
export interface PgInstance {
  port: number;
  /** The temp folder holding the data directory, the socket and the server log. */
  dir: string;
  /** Connection URL of `database` on this server (default `postgres`). */
  url(database?: string): string;
  /** Stops the server; `immediate` cuts every connection at once without a checkpoint. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again (same port, same data). */
  start(): Promise<void>;
  /** The server log so far (for failure messages). */
  log(): string;
  /** Stops it if running and deletes its folder. */
  destroy(): Promise<void>;
}

function binDir(): string {
  const fromEnv = process.env.BATON_PG_BINDIR;
  if (fromEnv) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const majors = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(debian, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors.length) return path.join(debian, majors[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no PostgreSQL server binaries (initdb, pg_ctl): install PostgreSQL or set BATON_PG_BINDIR');
  }
}

/** Runs a PostgreSQL binary, as the `postgres` user when this process is root. */
async function pgCommand(bin: string, args: string[], asPostgres: boolean): Promise<string> {
  const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    const { stdout, stderr } = await run(cmd, argv, { timeout: 120_000 });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
}

/** Creates, starts and returns a private PostgreSQL server (see the module comment). */
export async function startPgInstance(): Promise<PgInstance> {
  const bin = binDir();
  for (const b of ['initdb', 'pg_ctl']) if (!fs.existsSync(path.join(bin, b))) throw new Error(`${path.join(bin, b)} is missing: install the PostgreSQL server or set BATON_PG_BINDIR`);
  const asPostgres = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (asPostgres) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const port = await freePort();
  await pgCommand(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], asPostgres);
  // fsync off: the operating system never crashes under these tests, only the server stops.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  let running = false;
  const instance: PgInstance = {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pgCommand(path.join(bin, 'pg_ctl'), ['start', '-w', '-t', '120', '-D', data, '-l', logFile, '-o', options], asPostgres);
      running = true;
    },
    async stop(mode = 'fast') {
      await pgCommand(path.join(bin, 'pg_ctl'), ['stop', '-w', '-t', '120', '-m', mode, '-D', data], asPostgres);
      running = false;
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    async destroy() {
      if (running) await instance.stop('immediate').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await instance.start();
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return instance;
}
