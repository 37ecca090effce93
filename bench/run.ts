/**
 * `npm run bench`: Baton's engine and runner on a real SQLite file (WAL,
 * synchronous=NORMAL: every transition is committed before it is acknowledged, so a
 * kill -9 loses nothing that was acknowledged). Shapes:
 *  W1 one run of a 1,000-step linear chain of no-op steps → steps/s
 *  W2 one run splitting into 200 parallel no-op branches and joining → wall ms
 *  W3 2,000 runs of a 10-step chain started together → runs/s
 *  W4 10,000 runs parked at a user task → heap and RSS per parked run; time to resume all
 * No-op step = a Transform node whose mapping is the constant `1`.
 * Prints a Markdown table and writes bench/results/latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../server/app';
import type { WorkflowDocument } from '../lib/workflow/document';

type Node = WorkflowDocument['nodes'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}): Node => ({ id, type, label: id, position: { x: 0, y: 0 }, config });
let edgeNo = 0;
const edge = (source: string, target: string, sourcePort = 'out') => ({ id: `e${++edgeNo}`, source, sourcePort, target, targetPort: 'in' });
const noop = (id: string) => node(id, 'transform', { expression: '1', assignTo: '' });

function chain(n: number): WorkflowDocument {
  const nodes: Node[] = [node('start', 'manualTrigger')];
  const edges = [];
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    nodes.push(noop(`s${i}`));
    edges.push(edge(prev, `s${i}`));
    prev = `s${i}`;
  }
  nodes.push(node('done', 'end'));
  edges.push(edge(prev, 'done'));
  return { schemaVersion: 1, name: `chain ${n}`, description: '', nodes, edges };
}

function fan(n: number): WorkflowDocument {
  const nodes: Node[] = [node('start', 'manualTrigger'), node('split', 'parallelSplit'), node('join', 'parallelJoin'), node('done', 'end')];
  const edges = [edge('start', 'split'), edge('join', 'done')];
  for (let i = 1; i <= n; i++) {
    nodes.push(noop(`b${i}`));
    edges.push(edge('split', `b${i}`), edge(`b${i}`, 'join'));
  }
  return { schemaVersion: 1, name: `fan ${n}`, description: '', nodes, edges };
}

function parked(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'parked',
    description: '',
    nodes: [node('start', 'manualTrigger'), node('task', 'userTask', { title: 'Approve', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')],
    edges: [edge('start', 'task'), edge('task', 'done', 'ok')],
  };
}

function publish(app: App, doc: WorkflowDocument): string {
  const id = app.workflows.create(doc);
  app.workflows.publish(id, 'bench');
  return id;
}

async function until(cond: () => boolean, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
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

async function w1(): Promise<number> {
  const { app, dir } = await fresh();
  const wf = publish(app, chain(1000));
  const t0 = performance.now();
  const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'bench' });
  await until(() => app.store.getRun(runId)!.status === 'succeeded');
  const ms = performance.now() - t0;
  await close(app, dir);
  return 1000 / (ms / 1000);
}

async function w2(): Promise<number> {
  const { app, dir } = await fresh();
  const wf = publish(app, fan(200));
  const t0 = performance.now();
  const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'bench' });
  await until(() => app.store.getRun(runId)!.status === 'succeeded');
  const ms = performance.now() - t0;
  await close(app, dir);
  return ms;
}

async function w3(): Promise<number> {
  const { app, dir } = await fresh();
  const wf = publish(app, chain(10));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 2000 }, (_, i) => app.runs.start({ workflowId: wf, input: { i }, startedBy: 'bench' })));
  await until(() => countStatus(app, ['succeeded']) === 2000);
  const ms = performance.now() - t0;
  await close(app, dir);
  return 2000 / (ms / 1000);
}

async function w4(): Promise<{ heapPerRunBytes: number; rssPerRunBytes: number; resumeMs: number; parkMs: number }> {
  const { app, dir } = await fresh();
  const wf = publish(app, parked());
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 10_000 }, (_, i) => app.runs.start({ workflowId: wf, input: { i }, startedBy: 'bench' })));
  await until(() => countStatus(app, ['waiting']) === 10_000);
  const parkMs = performance.now() - t0;
  await app.runner.idle();
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const rss1 = process.memoryUsage().rss;
  const ids = (app.handle.sqlite.prepare(`SELECT id FROM tasks WHERE status = 'open'`).all() as { id: string }[]).map((r) => r.id);
  const t1 = performance.now();
  await Promise.all(ids.map((id) => app.tasks.complete(id, { outcome: 'ok', data: {}, by: 'bench' })));
  await until(() => countStatus(app, ['succeeded']) === 10_000);
  const resumeMs = performance.now() - t1;
  await close(app, dir);
  return { heapPerRunBytes: Math.max(0, heap1 - heap0) / 10_000, rssPerRunBytes: Math.max(0, rss1 - rss0) / 10_000, resumeMs, parkMs };
}

async function main() {
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const r1: number[] = [];
  const r2: number[] = [];
  const r3: number[] = [];
  for (let i = 0; i < reps; i++) {
    r1.push(await w1());
    r2.push(await w2());
    r3.push(await w3());
  }
  const r4 = await w4();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const result = {
    machine,
    sqlite: 'WAL, synchronous=NORMAL',
    reps,
    w1StepsPerSec: Math.round(median(r1)),
    w2WallMs: Math.round(median(r2)),
    w3RunsPerSec: Math.round(median(r3)),
    w4HeapBytesPerParkedRun: Math.round(r4.heapPerRunBytes),
    w4RssBytesPerParkedRun: Math.round(r4.rssPerRunBytes),
    w4ParkAllMs: Math.round(r4.parkMs),
    w4ResumeAllMs: Math.round(r4.resumeMs),
    at: new Date().toISOString(),
  };
  console.log(`\nMachine: ${machine}; SQLite ${result.sqlite}; medians of ${reps}\n`);
  console.log('| shape | measure | Baton |');
  console.log('|---|---|---|');
  console.log(`| W1 1,000-step chain | steps/s | ${result.w1StepsPerSec} |`);
  console.log(`| W2 200-branch split/join | wall ms | ${result.w2WallMs} |`);
  console.log(`| W3 2,000 runs × 10 steps | runs/s | ${result.w3RunsPerSec} |`);
  console.log(`| W4 10,000 parked runs | heap per parked run | ${(result.w4HeapBytesPerParkedRun / 1024).toFixed(2)} KB (RSS ${(result.w4RssBytesPerParkedRun / 1024).toFixed(2)} KB) |`);
  console.log(`| W4 | park all / resume all | ${result.w4ParkAllMs} ms / ${result.w4ResumeAllMs} ms |`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'latest.json'), JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
