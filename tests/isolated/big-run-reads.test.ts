/**
 * Reading a big run is cheap for everyone else: a run of 100,002 steps (~300,000 log
 * records, written through the storage layer into a real SQLite file) is read over
 * HTTP from the real built server — REST run, every step page, every log page, tRPC
 * `runs.get`/`runs.steps`/`runs.events`/`runs.nodes`, `expressions.scope`, and the
 * run's SSE stream replayed from the start — while another client polls a cheap
 * endpoint. The poller's p99 and max latency stay under 200 ms, every response is
 * bounded in size, and the pages return every step and record exactly once.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '@/server/app';
import { startServer, ADMIN, type TestServer } from '../helpers/server';
import { adminHeaders, signIn } from '../helpers/people';
import { writeBigRun, type BigRun } from '../helpers/big-run';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
/** Largest response body any one read may send, bytes (pages stop at 1 MiB of JSON). */
const MAX_RESPONSE_BYTES = 1.5 * 1024 * 1024;
/** What another client may wait while the big run is read, ms. */
const OTHERS_LIMIT_MS = 200;

let server: TestServer;
let dir: string;
let big: BigRun;
let headers: Record<string, string>;
let cookie: string;

beforeAll(async () => {
  if (SKIP) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bigrun-'));
  const file = path.join(dir, 'baton.db');
  const app = createApp(file, { seed: false });
  big = await writeBigRun(app, { iterations: 50_000, outputBytes: 120 });
  app.handle.sqlite.close();
  server = await startServer({ dbFile: file });
  headers = await adminHeaders(server);
  cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** GET with the admin's API key (REST) or session cookie (tRPC, SSE); returns the parsed body and its size. */
async function get(p: string, auth: 'key' | 'cookie' = 'key'): Promise<{ status: number; body: any; bytes: number }> {
  const res = await fetch(`${server.baseUrl}${p}`, { headers: auth === 'key' ? headers : { cookie, origin: server.baseUrl } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

const trpc = (proc: string, input: unknown) => get(`/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, 'cookie');

/**
 * Another client, on its own thread (so this test's own parsing does not delay it):
 * one cheap request after the other until stopped; returns the latencies' p99 and max, ms.
 */
function poller() {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    let stop = false;
    const latencies = [];
    parentPort.on('message', () => { stop = true; });
    (async () => {
      while (!stop) {
        const t0 = performance.now();
        const res = await fetch(workerData.url, { headers: workerData.headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) latencies.push(Infinity);
        await new Promise((r) => setTimeout(r, 5));
      }
      parentPort.postMessage(latencies);
    })();`;
  const w = new Worker(code, { eval: true, workerData: { url: `${server.baseUrl}/api/v1/workflows`, headers } });
  const result = new Promise<number[]>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  return {
    async stop() {
      w.postMessage('stop');
      const sorted = (await result).sort((a, b) => a - b);
      await w.terminate();
      return { count: sorted.length, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, max: sorted.at(-1) ?? 0 };
    },
  };
}

/** Reads the run's SSE stream from the start until its last record; returns how many records came, each checked in order. */
async function replayStream(): Promise<number> {
  const ctl = new AbortController();
  const res = await fetch(`${server.baseUrl}/api/runs/${big.runId}/stream?after=0`, { headers: { cookie, origin: server.baseUrl }, signal: ctl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let rest = '';
  let last = 0;
  try {
    while (last < big.lastSeq) {
      const { value, done } = await reader.read();
      if (done) break;
      const frames = (rest + dec.decode(value, { stream: true })).split('\n\n');
      rest = frames.pop()!;
      for (const frame of frames) {
        if (!frame.startsWith('id: ')) continue;
        const seq = Number(frame.slice(4, frame.indexOf('\n')));
        if (seq !== last + 1) throw new Error(`stream sent seq ${seq} after ${last}`);
        last = seq;
      }
    }
  } finally {
    ctl.abort();
  }
  return last;
}

describe.skipIf(SKIP)('a big run is read in bounded pages while others keep being served', () => {
  it('REST, tRPC, expression scope and the live stream of a 100,002-step run: others wait < 200 ms, responses bounded, every item once', async () => {
    // What the other client waits on this machine with nothing else going on (a loaded
    // shared machine alone can pause a process for 100+ ms).
    // Warm up first: the first call of each route loads its code (not what is measured here).
    await (await poller()).stop();
    for (const p of [`/api/v1/runs/${big.runId}?limit=1`, `/api/v1/runs/${big.runId}/steps?limit=1`, `/api/v1/runs/${big.runId}/events?limit=1`]) await get(p);
    await trpc('runs.steps', { runId: big.runId, limit: 1 });
    await trpc('runs.nodes', { id: big.runId });
    await trpc('expressions.scope', { workflowId: big.workflowId, runId: big.runId });
    const idle = poller();
    await new Promise((r) => setTimeout(r, 3000));
    const base = await idle.stop();
    const others = poller();
    await new Promise((r) => setTimeout(r, 200));
    const sizes: Record<string, number> = {};
    const note = (what: string, r: { status: number; body: any; bytes: number }) => {
      expect(r.status, `${what}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
      sizes[what] = Math.max(sizes[what] ?? 0, r.bytes);
      expect(r.bytes, what).toBeLessThan(MAX_RESPONSE_BYTES);
      return r.body;
    };

    // REST: the run, then every page of steps and of log records.
    const run = note('GET /runs/{id}', await get(`/api/v1/runs/${big.runId}`));
    expect(run).toMatchObject({ id: big.runId, status: 'succeeded', stepCount: 100_002, nextCursor: expect.any(String) });
    expect(run.steps).toHaveLength(100);
    const stepIds: string[] = run.steps.map((s: { stepId: string }) => s.stepId);
    for (let cursor = run.nextCursor; cursor; ) {
      const page = note('GET /runs/{id}/steps', await get(`/api/v1/runs/${big.runId}/steps?limit=500&cursor=${encodeURIComponent(cursor)}`));
      stepIds.push(...page.steps.map((s: { stepId: string }) => s.stepId));
      cursor = page.nextCursor;
    }
    expect(stepIds).toEqual(big.stepIds);

    let after = 0;
    for (;;) {
      const page = note('GET /runs/{id}/events', await get(`/api/v1/runs/${big.runId}/events?after=${after}&limit=1000`));
      for (const r of page.events) {
        if (r.seq !== after + 1) throw new Error(`events page sent seq ${r.seq} after ${after}`);
        after = r.seq;
      }
      if (page.nextAfter === null) break;
    }
    expect(after).toBe(big.lastSeq);

    // tRPC as the run view and the designer call it.
    const t = note('trpc runs.get', await trpc('runs.get', { id: big.runId })).result.data;
    expect(t.steps).toHaveLength(100);
    const p2 = note('trpc runs.steps', await trpc('runs.steps', { runId: big.runId, cursor: t.nextCursor, limit: 500 })).result.data;
    expect(p2.steps[0].stepId).toBe(big.stepIds[100]);
    note('trpc runs.events', await trpc('runs.events', { runId: big.runId, after: 150_000, limit: 1000 }));
    const nodes = note('trpc runs.nodes', await trpc('runs.nodes', { id: big.runId })).result.data;
    expect(nodes.nodes.find((n: { nodeId: string }) => n.nodeId === 'work')).toMatchObject({ stepId: 'work#50000', activations: 50_000, status: 'succeeded' });
    const scope = note('trpc expressions.scope', await trpc('expressions.scope', { workflowId: big.workflowId, runId: big.runId })).result.data;
    expect(scope.scope.steps.work.output.i).toBe(50_000);

    // The live stream replays the whole log, page by page.
    expect(await replayStream()).toBe(big.lastSeq);

    const o = await others.stop();
    console.log(
      `[big run] other client: ${o.count} requests, p99 ${o.p99.toFixed(1)} ms, max ${o.max.toFixed(1)} ms (idle server: p99 ${base.p99.toFixed(1)}, max ${base.max.toFixed(1)} ms); largest responses: ${JSON.stringify(sizes)}`,
    );
    expect(o.count).toBeGreaterThan(50);
    expect(o.p99).toBeLessThan(OTHERS_LIMIT_MS);
    // The worst wait: under 200 ms, plus what the machine itself imposed on an idle server beyond 100 ms.
    expect(o.max).toBeLessThan(OTHERS_LIMIT_MS + Math.max(0, base.max - 100));
  }, 240_000);

  it('bad cursors and limits are 400s naming the parameter', async () => {
    const bad = async (p: string, field: string) => {
      const r = await get(p);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.issues.map((i: { path: string[] }) => i.path)).toContainEqual([field]);
    };
    await bad(`/api/v1/runs/${big.runId}/steps?cursor=bogus`, 'cursor');
    await bad(`/api/v1/runs/${big.runId}/steps?limit=501`, 'limit');
    await bad(`/api/v1/runs/${big.runId}?limit=abc`, 'limit');
    await bad(`/api/v1/runs/${big.runId}/events?after=-3`, 'after');
    await bad(`/api/v1/runs/${big.runId}/events?limit=5000`, 'limit');
    expect((await get(`/api/v1/runs/run_nope/steps`)).status).toBe(404);
  });
});
