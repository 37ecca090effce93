/**
 * Starts the real, built Baton server (`next start`) for black-box tests over HTTP.
 *
 * `startServer({ dbFile?, port?, env? })` spawns `node node_modules/next/dist/bin/next
 * start -p <port> -H 127.0.0.1` from the repository root with `DATABASE_URL=<dbFile>`,
 * the first admin from {@link ADMIN} (`BATON_ADMIN_EMAIL`/`BATON_ADMIN_PASSWORD`), a
 * generous sign-in limit (`BATON_SIGNIN_LIMIT=1000`; a test may pass its own)
 * (default: a fresh file in a temp folder under `os.tmpdir()`), waits until
 * `GET /api/v1/openapi.json` answers 200 (`/api/health` for a runner-only process:
 * `BATON_ROLE=runner`) (60 s timeout, or `readyTimeoutMs`) and returns a handle:
 * - `stop()`: SIGTERM (graceful: the runner stops, the process exits), SIGKILL after 10 s.
 * - `kill9()`: SIGKILL at once (a crash); resolves when the process is gone.
 * - `output()`: everything the process printed, for failure messages.
 * Start again with `restartOf: server` (or the same `dbFile`) to simulate a restart after a crash.
 *
 * `BATON_TEST_DB=postgres`: a server given neither `dbFile` nor `DATABASE_URL` runs on a
 * fresh PostgreSQL database (`pg.ts`) with a random `BATON_SECRET_KEY`; `pgUrl` names it
 * and `db-read.ts` reads either backend.
 *
 * Needs a production build (`.next/BUILD_ID`): run `npx next build` first.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPgDatabase, type TestPgDatabase } from './pg';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The admin every test server creates on first start. */
export const ADMIN = { email: 'admin@baton.test', password: 'admin-password-1', name: 'Ada Admin' } as const;
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
const READY_TIMEOUT_MS = 60_000;

export interface StartOptions {
  /** SQLite file; default a new temp file (see {@link TestServer.dbFile}). */
  dbFile?: string;
  /** Port; default a free one. */
  port?: number;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /**
   * A stopped server whose database (SQLite file, or PostgreSQL database and secret key)
   * this one starts on: a restart. This server's `removeDb()` then removes that database.
   */
  restartOf?: TestServer;
  /** How long to wait for the server to answer, ms (default 60 s). */
  readyTimeoutMs?: number;
}

export interface TestServer {
  baseUrl: string;
  port: number;
  /** The SQLite file (on PostgreSQL: a path in a temp folder that holds nothing). */
  dbFile: string;
  /** The URL of the server's PostgreSQL database, or null when it runs on `dbFile`. */
  pgUrl: string | null;
  proc: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Graceful stop (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Crash: SIGKILL now. The returned promise resolves once the process has exited. */
  kill9(): Promise<void>;
  /** Deletes the temp folder of a database file, or drops the PostgreSQL database, this helper created (after stopping). */
  removeDb(): void;
}

/** What a server started on, so that `restartOf` can start another on it. */
interface Owned {
  dbFile: string;
  createdDir: string | null;
  pgDb: TestPgDatabase | null;
  secretKey: string | null;
}
const owned = new WeakMap<TestServer, Owned>();

/** Throws a clear error when there is no production build to start. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error(`no production build: ${path.join(ROOT, '.next', 'BUILD_ID')} is missing. Run \`NEXT_TELEMETRY_DISABLED=1 npx next build\` first.`);
  }
}

/** A port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  assertBuilt();
  const prior = opts.restartOf ? owned.get(opts.restartOf) : undefined;
  if (opts.restartOf && !prior) throw new Error('restartOf: not a server started by startServer');
  let createdDir = prior?.createdDir ?? null;
  let dbFile = opts.dbFile ?? prior?.dbFile;
  if (!dbFile) {
    createdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-'));
    dbFile = path.join(createdDir, 'baton.db');
  }
  // `BATON_TEST_DB=postgres`: a server without a given database runs on a fresh PostgreSQL one.
  const pgDb = prior ? prior.pgDb : process.env.BATON_TEST_DB === 'postgres' && !opts.dbFile && !opts.env?.DATABASE_URL ? await createTestPgDatabase({ migrate: false }) : null;
  const secretKey = prior ? prior.secretKey : pgDb ? crypto.randomBytes(32).toString('base64') : null;
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const readyPath = opts.env?.BATON_ROLE?.trim().toLowerCase() === 'runner' ? '/api/health' : '/api/v1/openapi.json';
  const proc = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: pgDb ? pgDb.url : dbFile,
      ...(secretKey ? { BATON_SECRET_KEY: secretKey } : {}),
      PORT: String(port),
      BATON_DEMO_DELAY_MS: '0',
      BATON_ADMIN_EMAIL: ADMIN.email,
      BATON_ADMIN_PASSWORD: ADMIN.password,
      BATON_ADMIN_NAME: ADMIN.name,
      BATON_SIGNIN_LIMIT: '1000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout?.on('data', append);
  proc.stderr?.on('data', append);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  const waitExit = async (ms: number) => Promise.race([exitPromise.then(() => true), sleep(ms).then(() => false)]);

  const server: TestServer = {
    baseUrl,
    port,
    dbFile,
    pgUrl: pgDb?.url ?? null,
    proc,
    output: () => out,
    async stop() {
      if (exited) return;
      proc.kill('SIGTERM');
      if (!(await waitExit(10_000))) {
        proc.kill('SIGKILL');
        await exitPromise;
      }
    },
    kill9() {
      if (!exited) proc.kill('SIGKILL');
      return exitPromise;
    },
    removeDb() {
      if (createdDir) fs.rmSync(createdDir, { recursive: true, force: true });
      // Dropped in the background; `npm test` drops any test database left at its end.
      if (pgDb) void pgDb.drop().catch(() => undefined);
    },
  };

  owned.set(server, { dbFile, createdDir, pgDb, secretKey });

  const readyTimeoutMs = opts.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      const e = exited as { code: number | null; signal: NodeJS.Signals | null };
      throw new Error(`the Baton server exited before it was ready (code ${e.code}, signal ${e.signal}). Output:\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}${readyPath}`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) {
        await res.arrayBuffer();
        return server;
      }
      await res.arrayBuffer();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await exitPromise;
      throw new Error(`the Baton server did not answer GET ${readyPath} within ${readyTimeoutMs / 1000} s. Output:\n${out}`);
    }
    await sleep(150);
  }
}

/** Resident memory of a process, MiB (`/proc/<pid>/status` VmRSS). @throws Error when the process has none (gone). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}
