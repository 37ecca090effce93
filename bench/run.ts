/**
 * `npm run bench`: Baton's engine and runner on a real SQLite file (WAL,
 * synchronous=NORMAL: every transition is committed before it is acknowledged, so a
 * kill -9 loses nothing that was acknowledged). Shapes:
 *  W1 one run of a 1,000-step linear chain of no-op steps → steps/s
 *  W2 one run splitting into 200 parallel no-op branches and joining → wall ms
 *  W3 2,000 runs of a 10-step chain started together → runs/s
 *  W4 10,000 runs parked at a user task → heap and RSS per parked run; time to resume all
 * No-op step = a Transform node whose mapping is the constant `1`.
 * Runs with `--max-semi-space-size=64` (as `npm start` does); the peers get the same flag.
 * Then (unless `BENCH_DB=sqlite`) the same shapes on PostgreSQL with one and with two
 * Baton processes (`bench/pg.ts`), in the same run.
 * Prints a Markdown table and writes bench/results/latest.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SqliteApp as App } from '../server/app';
import type { WorkflowDocument } from '../lib/workflow/document';
import { chain, fan, parked } from './shapes';
import { measurePostgres, type PgFigures } from './pg';
import { bus, channels } from '../server/events/bus';
import { formatReport, type BenchFigures } from './table';

async function publish(app: App, doc: WorkflowDocument): Promise<string> {
  const id = await app.workflows.create(doc, 'system');
  await app.workflows.publish(id, 'bench');
  return id;
}

/**
 * Resolves once `n` runs reached `status`, counted from the runner's status signals
 * (the in-process bus live views use), so the wait costs nothing while runs execute.
 * Call before starting the runs. Rejects after `timeoutMs` (ms).
 */
function reached(status: string, n: number, timeoutMs = 600_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      bus().off(channels.runs, on);
      reject(new Error(`bench timed out: ${seen} of ${n} runs ${status}`));
    }, timeoutMs);
    function on(_runId: string, s: string) {
      if (s !== status || ++seen < n) return;
      clearTimeout(timer);
      bus().off(channels.runs, on);
      resolve();
    }
    bus().on(channels.runs, on);
  });
}

function countStatus(app: App, status: string[]): number {
  const row = app.handle.sqlite.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status IN (${status.map(() => '?').join(',')})`).get(...status) as { n: number };
  return row.n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function fresh(): Promise<{ app: App; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  const app = createApp(path.join(dir, 'bench.db'), { seed: false });
  app.runner.start();
  return { app, dir };
}

async function close(app: App, dir: string) {
  await app.runner.stop();
  app.handle.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Each shape runs in a fresh app on a fresh database: one warm-up round first (JIT,
 * prepared statements, caches — not measured), then `reps` measured rounds.
 */
async function measure(reps: number, shape: (app: App, wf: string, warm: boolean) => Promise<number>, doc: WorkflowDocument): Promise<number[]> {
  const { app, dir } = await fresh();
  const wf = await publish(app, doc);
  await shape(app, wf, true);
  const out: number[] = [];
  for (let i = 0; i < reps; i++) out.push(await shape(app, wf, false));
  await close(app, dir);
  return out;
}

async function oneRun(app: App, wf: string): Promise<number> {
  const done = reached('succeeded', 1);
  const t0 = performance.now();
  await app.runs.start({ workflowId: wf, input: {}, startedBy: 'bench' });
  await done;
  return performance.now() - t0;
}

/** W1: steps/s of one 1,000-step chain. */
const w1 = (app: App, wf: string) => oneRun(app, wf).then((ms) => 1000 / (ms / 1000));
/** W2: wall ms of one 200-branch split/join. */
const w2 = (app: App, wf: string) => oneRun(app, wf);

/** W3: runs/s of 2,000 runs of a 10-step chain started together (warm-up: 200 runs). */
async function w3(app: App, wf: string, warm: boolean): Promise<number> {
  const n = warm ? 200 : 2000;
  const done = reached('succeeded', n);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => app.runs.start({ workflowId: wf, input: { i }, startedBy: 'bench' })));
  await done;
  const ms = performance.now() - t0;
  if (countStatus(app, ['succeeded']) < n) throw new Error('W3: runs reported succeeded are not in the database');
  return n / (ms / 1000);
}

async function w4(): Promise<{ heapPerRunBytes: number; rssPerRunBytes: number; resumeMs: number; parkMs: number }> {
  const { app, dir } = await fresh();
  const wf = await publish(app, parked());
  // Warm-up: park and resume 500 runs.
  let allParked = reached('waiting', 500);
  await Promise.all(Array.from({ length: 500 }, (_, i) => app.runs.start({ workflowId: wf, input: { i }, startedBy: 'bench' })));
  await allParked;
  const warmIds = (app.handle.sqlite.prepare(`SELECT id FROM tasks WHERE status = 'open'`).all() as { id: string }[]).map((r) => r.id);
  let resumed = reached('succeeded', 500);
  await Promise.all(warmIds.map((id) => app.tasks.complete(id, { outcome: 'ok', data: {}, by: 'bench' })));
  await resumed;
  await app.runner.idle();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  allParked = reached('waiting', 10_000);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 10_000 }, (_, i) => app.runs.start({ workflowId: wf, input: { i }, startedBy: 'bench' })));
  await allParked;
  const parkMs = performance.now() - t0;
  await app.runner.idle();
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const rss1 = process.memoryUsage().rss;
  const ids = (app.handle.sqlite.prepare(`SELECT id FROM tasks WHERE status = 'open'`).all() as { id: string }[]).map((r) => r.id);
  if (ids.length !== 10_000 || countStatus(app, ['waiting']) !== 10_000) throw new Error(`W4: ${ids.length} open tasks, expected 10,000`);
  resumed = reached('succeeded', 10_000);
  const t1 = performance.now();
  await Promise.all(ids.map((id) => app.tasks.complete(id, { outcome: 'ok', data: {}, by: 'bench' })));
  await resumed;
  const resumeMs = performance.now() - t1;
  if (countStatus(app, ['succeeded']) !== 10_500) throw new Error('W4: resumed runs are not all succeeded in the database');
  await close(app, dir);
  return { heapPerRunBytes: Math.max(0, heap1 - heap0) / 10_000, rssPerRunBytes: Math.max(0, rss1 - rss0) / 10_000, resumeMs, parkMs };
}

async function main() {
  const reps = Number(process.env.BENCH_REPS ?? 5);
  const db = benchDb();
  const r1 = await measure(reps, w1, chain(1000));
  const r2 = await measure(reps, w2, fan(200));
  const r3 = await measure(reps, w3, chain(10));
  const r4 = await w4();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const baton = {
    engine: 'Baton (SQLite, durable)',
    w1StepsPerSec: Math.round(median(r1)),
    w2WallMs: Math.round(median(r2) * 10) / 10,
    w3RunsPerSec: Math.round(median(r3)),
    w4HeapBytesPerParkedRun: Math.round(r4.heapPerRunBytes),
    w4RssBytesPerParkedRun: Math.round(r4.rssPerRunBytes),
    w4ParkAllMs: Math.round(r4.parkMs),
    w4ResumeAllMs: Math.round(r4.resumeMs),
  };
  const postgres: PgFigures[] = [];
  if (db === 'postgres') for (const processes of [1, 2]) postgres.push(await measurePostgres(reps, processes));
  const peers = process.env.BENCH_PEERS === '0' ? [] : runPeers(reps);
  const result = { machine, sqlite: 'WAL, synchronous=NORMAL', reps, baton, postgres, peers, at: new Date().toISOString() };
  console.log(`\n${formatReport(result)}`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'latest.json'), JSON.stringify(result, null, 2));
}

/**
 * `BENCH_DB`: `sqlite` measures Baton on SQLite alone; `postgres` (the default) adds
 * PostgreSQL with one and with two processes in the same run (`bench/pg.ts`; needs the
 * server of `BATON_TEST_PG_URL`).
 * @throws Error for any other value.
 */
function benchDb(): 'sqlite' | 'postgres' {
  const v = process.env.BENCH_DB || 'postgres';
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`BENCH_DB=${v}: use sqlite or postgres`);
  return v;
}

/**
 * Runs the in-memory peers (bpmn-engine, n8n-core) in child processes from their own
 * package in bench/peers (installed on first use; not part of the app's dependencies).
 */
function runPeers(reps: number): BenchFigures[] {
  const dir = path.join(import.meta.dirname, 'peers');
  if (!fs.existsSync(path.join(dir, 'node_modules'))) {
    console.log('installing the benchmark peers (npm ci --prefix bench/peers)…');
    const r = spawnSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
    if (r.status !== 0) return [{ engine: 'peers', error: 'npm ci in bench/peers failed' }];
  }
  const out = path.join(os.tmpdir(), `baton-peers-${process.pid}.json`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, 'run-peers.mjs'), '--reps', String(reps), '--out', out], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(out)) return [{ engine: 'peers', error: `run-peers exited ${r.status}` }];
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as { peers: BenchFigures[] }).peers;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
