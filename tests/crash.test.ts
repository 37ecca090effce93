/**
 * Crash recovery: the real server process (next start) runs workflows whose HTTP
 * steps call a real server on 127.0.0.1; it is killed with SIGKILL mid-run several
 * times and restarted on the same SQLite file. Every run must complete, each step
 * exactly once in the state, with a gap-free event log, and no step may be executed
 * again after its result was recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunLog } from './helpers/log';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { startHttpTarget } from './helpers/http-target';
import { ALLOW_LOOPBACK } from './helpers/http-server';
import { doc, edge, http, node } from './helpers/docs';

const RUNS = 30;
const KILLS = 3;

let target: Awaited<ReturnType<typeof startHttpTarget>>;
/** The target listens on 127.0.0.1, which the outbound guard refuses unless opened on purpose. */
const OPEN_TARGET = { BATON_HTTP_ALLOW: ALLOW_LOOPBACK };
let dir: string;

beforeAll(async () => {
  target = await startHttpTarget();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-crash-'));
});

afterAll(async () => {
  await target.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash recovery (kill -9)', () => {
  it('completes every run after repeated SIGKILLs, each step exactly once', async () => {
    const dbFile = path.join(dir, 'crash.db');
    let server = await startServer({ dbFile, env: OPEN_TARGET });
    const auth = await adminHeaders(server);
    const workflow = doc(
      'crash',
      [
        node('start', 'manualTrigger'),
        node('split', 'parallelSplit'),
        http('a', `${target.url}/a?delay=150`, '{ "run": $run.id }'),
        http('b', `${target.url}/b?delay=250`, '{ "run": $run.id }'),
        node('join', 'parallelJoin'),
        http('c', `${target.url}/c?delay=120`, '{ "run": $run.id }'),
        node('done', 'end', { output: '{ "a": $steps.a.output.status, "c": $steps.c.output.status }' }),
      ],
      [edge('start', 'split'), edge('split', 'a'), edge('split', 'b'), edge('a', 'join'), edge('b', 'join'), edge('join', 'c'), edge('c', 'done')],
    );
    const { id } = await json(await fetch(`${server.baseUrl}/api/v1/workflows`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(workflow) }));
    await json(await fetch(`${server.baseUrl}/api/v1/workflows/${id}/publish`, { method: 'POST', headers: auth }));
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await json(await fetch(`${server.baseUrl}/api/v1/workflows/${id}/runs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ input: { i } }) }));
      runIds.push(r.runId);
    }

    for (let k = 0; k < KILLS; k++) {
      await sleep(200 + Math.floor(Math.random() * 300));
      await server.kill9();
      await sleep(100);
      server = await startServer({ dbFile, env: OPEN_TARGET });
    }

    const deadline = Date.now() + 60_000;
    const statuses = new Map<string, string>();
    for (;;) {
      for (const runId of runIds) {
        if (statuses.get(runId) === 'succeeded' || statuses.get(runId) === 'failed') continue;
        const r = await json(await fetch(`${server.baseUrl}/api/v1/runs/${runId}`, { headers: auth }));
        statuses.set(runId, r.status);
      }
      if ([...statuses.values()].every((s) => s === 'succeeded' || s === 'failed') && statuses.size === RUNS) break;
      if (Date.now() > deadline) throw new Error(`runs not finished: ${JSON.stringify(Object.fromEntries(statuses))}`);
      await sleep(200);
    }
    await server.stop();

    expect([...statuses.values()].every((s) => s === 'succeeded')).toBe(true);
    const db = new Database(dbFile, { readonly: true });
    try {
      let reexecutedAfterCommit = 0;
      let duplicateCalls = 0;
      for (const runId of runIds) {
        const steps = db.prepare(`SELECT step_id AS stepId, status FROM steps WHERE run_id = ? ORDER BY step_id`).all(runId) as { stepId: string; status: string }[];
        expect(steps).toEqual(['a#1', 'b#1', 'c#1', 'done#1', 'join#1', 'split#1', 'start#1'].map((stepId) => ({ stepId, status: 'succeeded' })));
        const { records, gaps } = readRunLog(db, runId);
        expect(gaps).toBe(0);
        const succeeded = records.filter((r) => r.type === 'step.succeeded');
        expect(new Set(succeeded.map((r) => r.stepId)).size).toBe(succeeded.length);
        expect(db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?`).get(runId)).toEqual({ n: 0 });
        for (const nodeId of ['a', 'b', 'c']) {
          const key = `${runId}:${nodeId}#1`;
          const calls = target.calls.filter((c) => c.key === key);
          expect(calls.length).toBeGreaterThanOrEqual(1);
          duplicateCalls += calls.length - 1;
          const recordedAt = succeeded.find((r) => r.stepId === `${nodeId}#1`)!.at;
          reexecutedAfterCommit += calls.filter((c) => c.startedAt > recordedAt).length;
        }
      }
      expect(reexecutedAfterCommit).toBe(0);
      console.log(`crash test: ${RUNS} runs, ${KILLS} kills, ${target.calls.length} HTTP calls, ${duplicateCalls} re-executions of unrecorded steps, 0 after commit`);
    } finally {
      db.close();
    }
  }, 180_000);
});
