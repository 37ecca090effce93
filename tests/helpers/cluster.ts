/**
 * Several Baton processes (`next start`, `server.ts`) on one fresh PostgreSQL database
 * (`pg.ts`), with one `BATON_SECRET_KEY`, for multi-process tests:
 *
 * `startCluster(n, env)` creates the database (migrated by the first process at its start)
 * and starts `n` processes one after the other; it resolves when all answer.
 * - `server(i)`: process i, or null while it is down (between a kill and its restart);
 * - `pick()`: the base URL of a random live process (null when none is up);
 * - `crash(i)`: SIGKILL process i; resolves once it has exited;
 * - `restart(i)`: starts process i again with the same environment (a new port);
 * - `stop()`: SIGTERM every process (the database stays, for the final reads);
 * - `close()`: `stop()`, then drop the database.
 * A server that cannot reach PostgreSQL fails the test (`pg.ts` throws): it never skips.
 */
import crypto from 'node:crypto';
import { createTestPgDatabase, type TestPgDatabase } from './pg';
import { startServer, type TestServer } from './server';

/** How long a (re)started process may take to answer, ms: generous, as several boot on a small, busy machine. */
const READY_TIMEOUT_MS = 180_000;

export interface Cluster {
  db: TestPgDatabase;
  server(i: number): TestServer | null;
  pick(): string | null;
  crash(i: number): Promise<void>;
  restart(i: number): Promise<TestServer>;
  stop(): Promise<void>;
  close(): Promise<void>;
  /** Output of every process started so far (killed ones included), for failure messages. */
  output(): string;
}

export async function startCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const db = await createTestPgDatabase({ migrate: false });
  const common = { DATABASE_URL: db.url, BATON_SECRET_KEY: crypto.randomBytes(32).toString('base64'), ...env };
  const servers: (TestServer | null)[] = [];
  const past: string[] = [];
  const cluster: Cluster = {
    db,
    server: (i) => servers[i] ?? null,
    pick() {
      const up = servers.filter((s): s is TestServer => s !== null);
      return up.length ? up[Math.floor(Math.random() * up.length)].baseUrl : null;
    },
    async crash(i) {
      const s = servers[i];
      servers[i] = null;
      if (!s) return;
      await s.kill9();
      s.removeDb(); // the unused temp folder the helper made
      past.push(`--- process ${i} (pid ${s.proc.pid}, killed) ---\n${s.output().slice(-4000)}`);
    },
    async restart(i) {
      const s = await startServer({ env: common, readyTimeoutMs: READY_TIMEOUT_MS });
      servers[i] = s;
      return s;
    },
    async stop() {
      await Promise.all(servers.map(async (s) => (await s?.stop(), s?.removeDb())));
      servers.fill(null);
    },
    async close() {
      await cluster.stop();
      await db.drop();
    },
    output: () => [...past, ...servers.map((s, i) => (s ? `--- process ${i} (pid ${s.proc.pid}) ---\n${s.output().slice(-4000)}` : ''))].join('\n'),
  };
  try {
    // One after the other: the first migrates and seeds, and n processes booting at once on
    // a small machine can take longer than the readiness timeout.
    for (let i = 0; i < n; i++) await cluster.restart(i);
  } catch (e) {
    await cluster.close().catch(() => undefined);
    throw e;
  }
  return cluster;
}
