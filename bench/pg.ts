/**
 * The engine shapes W1–W4 (`bench/shapes.ts`) on PostgreSQL, for `npm run bench`
 * (`bench/run.ts` puts the figures beside SQLite's). Each shape runs on a fresh
 * database (`tests/helpers/pg.ts` on `BATON_TEST_PG_URL`'s server, dropped afterwards)
 * with the server's default `synchronous_commit=on`: a transition is flushed to the
 * write-ahead log before it is acknowledged.
 *
 * With `processes` = 2 a second Baton process (`bench/pg-worker.ts`, forked) shares the
 * database, as two processes behind a load balancer: W3's starts and W4's decisions are
 * split between the processes, both runners claim jobs (`FOR UPDATE SKIP LOCKED`), and
 * both relay their signals (LISTEN/NOTIFY). W1 and W2 are single runs, started by the
 * first process; the second one only listens. Times are ms, measured by the first
 * process from sending the commands until every process reported its runs done.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { WorkflowDocument } from '../lib/workflow/document';
import { createTestPgDatabase, type TestPgDatabase } from '../tests/helpers/pg';
import { BenchAgent, benchPgEnv, type AgentAnswer, type AgentCommand } from './pg-agent';
import { chain, fan, parked } from './shapes';

/** Baton's figures on PostgreSQL with a number of processes. */
export interface PgFigures {
  processes: number;
  w1StepsPerSec: number;
  w2WallMs: number;
  w3RunsPerSec: number;
  w4ParkAllMs: number;
  w4ResumeAllMs: number;
}

/** Something that carries out agent commands: this process's agent, or a forked worker. */
interface Peer {
  do(cmd: AgentCommand): Promise<AgentAnswer>;
  close(): Promise<void>;
}

/** Forks `pg-worker.ts` on `url` and resolves once it is ready. */
function forkWorker(url: string): Promise<Peer> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'pg-worker.ts'), [url], {
    execArgv: ['--max-semi-space-size=64', '--conditions=react-server', '--import', 'tsx'],
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (a: AgentAnswer) => void; reject: (e: Error) => void } | null = null;
  return new Promise((ready, failed) => {
    child.once('exit', (code) => {
      const err = new Error(`bench worker exited with ${code}`);
      failed(err);
      pending?.reject(err);
    });
    child.on('message', (m: { ready?: boolean; ms?: number; error?: string }) => {
      if (m.ready) {
        ready({
          do: (cmd) =>
            new Promise((resolve, reject) => {
              pending = { resolve, reject };
              child.send(cmd);
            }),
          close: () =>
            new Promise((resolve) => {
              child.removeAllListeners('exit');
              child.once('exit', () => resolve());
              child.send({ op: 'close' });
            }),
        });
        return;
      }
      const p = pending;
      pending = null;
      if (m.error) p?.reject(new Error(`bench worker: ${m.error}`));
      else p?.resolve({ ms: m.ms ?? 0 });
    });
  });
}

/** A fresh database with `processes` Baton processes on it and `doc` published. */
async function open(processes: number, doc: WorkflowDocument): Promise<{ db: TestPgDatabase; local: BenchAgent; peers: Peer[]; workflowId: string; sql: pg.Pool }> {
  const db = await createTestPgDatabase();
  const local = await BenchAgent.open(db.url);
  const workers = await Promise.all(Array.from({ length: processes - 1 }, () => forkWorker(db.url)));
  const workflowId = await local.app.workflows.create(doc, 'system');
  await local.app.workflows.publish(workflowId, 'bench');
  const sql = new pg.Pool({ connectionString: db.url, max: 1 });
  return { db, local, peers: [local, ...workers], workflowId, sql };
}

async function shut(s: { db: TestPgDatabase; peers: Peer[]; sql: pg.Pool }): Promise<void> {
  await Promise.all(s.peers.map((p) => p.close()));
  await s.sql.end();
  await s.db.drop();
}

/** Splits `n` into `k` shares differing by at most one. */
const shares = (n: number, k: number) => Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

/** Sends each peer its command at once; resolves to the wall ms until all answered. */
async function together(peers: Peer[], cmds: AgentCommand[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(peers.map((p, i) => (cmds[i] ? p.do(cmds[i]) : null)));
  return performance.now() - t0;
}

async function count(sql: pg.Pool, status: string): Promise<number> {
  return Number((await sql.query('SELECT COUNT(*)::int AS n FROM runs WHERE status = $1', [status])).rows[0].n);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One warm-up round, then the median of `reps` rounds of `round` (ms each). */
async function rounds(reps: number, round: (warm: boolean) => Promise<number>): Promise<number> {
  await round(true);
  const out: number[] = [];
  for (let i = 0; i < reps; i++) out.push(await round(false));
  return median(out);
}

/** A single run on the first process (W1, W2): wall ms until it succeeded. */
async function singleRun(processes: number, reps: number, doc: WorkflowDocument): Promise<number> {
  const s = await open(processes, doc);
  try {
    return await rounds(reps, () => together([s.local], [{ op: 'start', workflowId: s.workflowId, n: 1, until: 'succeeded' }]));
  } finally {
    await shut(s);
  }
}

/** W3: 2,000 runs of a 10-step chain started together, split between the processes (warm-up: 200). */
async function w3(processes: number, reps: number): Promise<number> {
  const s = await open(processes, chain(10));
  try {
    let total = 0;
    const ms = await rounds(reps, async (warm) => {
      const n = warm ? 200 : 2000;
      total += n;
      const t = await together(
        s.peers,
        shares(n, processes).map((k) => ({ op: 'start', workflowId: s.workflowId, n: k, until: 'succeeded' })),
      );
      return n / (t / 1000);
    });
    if ((await count(s.sql, 'succeeded')) !== total) throw new Error('W3 on PostgreSQL: runs reported succeeded are not in the database');
    return ms;
  } finally {
    await shut(s);
  }
}

/** W4: 10,000 runs parked at a user task (after a warm-up of 500 parked and resumed), then all resumed; starts and decisions split between the processes. */
async function w4(processes: number): Promise<{ parkMs: number; resumeMs: number }> {
  const s = await open(processes, parked());
  const openTasks = async () => (await s.sql.query<{ id: string; runId: string }>(`SELECT id, run_id AS "runId" FROM tasks WHERE status = 'open' ORDER BY id`)).rows;
  const park = (n: number) => together(s.peers, shares(n, processes).map((k) => ({ op: 'start', workflowId: s.workflowId, n: k, until: 'waiting' })));
  const resume = (tasks: { id: string; runId: string }[]) => {
    const cut = shares(tasks.length, processes);
    return together(
      s.peers,
      cut.map((k, i) => ({ op: 'complete', tasks: tasks.slice(cut.slice(0, i).reduce((a, b) => a + b, 0)).slice(0, k) })),
    );
  };
  try {
    await park(500);
    await resume(await openTasks());
    const parkMs = await park(10_000);
    const tasks = await openTasks();
    if (tasks.length !== 10_000 || (await count(s.sql, 'waiting')) !== 10_000) throw new Error(`W4 on PostgreSQL: ${tasks.length} open tasks, expected 10,000`);
    const resumeMs = await resume(tasks);
    if ((await count(s.sql, 'succeeded')) !== 10_500) throw new Error('W4 on PostgreSQL: resumed runs are not all succeeded in the database');
    return { parkMs, resumeMs };
  } finally {
    await shut(s);
  }
}

/**
 * Measures W1–W4 on PostgreSQL with `processes` Baton processes (medians of `reps`
 * rounds after a warm-up; W4 once). `shapes`: which of `w1`…`w4` (default all; the
 * others' figures are NaN).
 * @throws Error when PostgreSQL cannot be reached, a worker fails, or the database disagrees with what the processes reported.
 */
export async function measurePostgres(reps: number, processes: number, shapes: readonly string[] = ['w1', 'w2', 'w3', 'w4']): Promise<PgFigures> {
  benchPgEnv();
  const w1 = shapes.includes('w1') ? await singleRun(processes, reps, chain(1000)) : NaN;
  const w2 = shapes.includes('w2') ? await singleRun(processes, reps, fan(200)) : NaN;
  const w3Rate = shapes.includes('w3') ? await w3(processes, reps) : NaN;
  const r4 = shapes.includes('w4') ? await w4(processes) : { parkMs: NaN, resumeMs: NaN };
  return {
    processes,
    w1StepsPerSec: Math.round(1000 / (w1 / 1000)),
    w2WallMs: Math.round(w2 * 10) / 10,
    w3RunsPerSec: Math.round(w3Rate),
    w4ParkAllMs: Math.round(r4.parkMs),
    w4ResumeAllMs: Math.round(r4.resumeMs),
  };
}
