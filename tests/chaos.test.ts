/**
 * Chaos: 500 mixed runs (parallel branches, durable timers of 0–2 s, HTTP retries
 * against injected failures from a real server on 127.0.0.1, user tasks completed
 * through the REST API) while the server process is killed with SIGKILL 20 times at
 * random moments and restarted on the same SQLite file. At the end every run is
 * terminal with its expected output, no step completed twice, no step was executed
 * again after its result was recorded, and no run's event sequence has a gap.
 * The workflow and the checks are shared with the PostgreSQL chaos test (`helpers/chaos.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { startHttpTarget } from './helpers/http-target';
import { ALLOW_LOOPBACK } from './helpers/http-server';
import { api, chaosInput, chaosWorkflow, completeOpenTasks, tallyRuns, type ChaosInput } from './helpers/chaos';
import { sqliteRunReads } from './helpers/chaos-reads';

const RUNS = 500;
const KILLS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let target: Awaited<ReturnType<typeof startHttpTarget>>;
/** The target listens on 127.0.0.1, which the outbound guard refuses unless opened on purpose. */
const OPEN_TARGET = { BATON_HTTP_ALLOW: ALLOW_LOOPBACK };
let dir: string;

beforeAll(async () => {
  target = await startHttpTarget({ delayMs: 20 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-chaos-'));
});

afterAll(async () => {
  await target.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('chaos (SIGKILL under load)', () => {
  it(`${RUNS} mixed runs survive ${KILLS} kill -9s`, async () => {
    const dbFile = path.join(dir, 'chaos.db');
    let server: TestServer = await startServer({ dbFile, env: OPEN_TARGET });
    /** The admin's API key, made once after the first start (keys survive restarts). */
    const auth = await adminHeaders(server);
    const { id } = await api(server.baseUrl, auth, 'POST', '/api/v1/workflows', chaosWorkflow(target.url));
    await api(server.baseUrl, auth, 'POST', `/api/v1/workflows/${id}/publish`);
    const sent = new Map<string, ChaosInput>();
    for (let i = 0; i < RUNS; i++) {
      const input = chaosInput(i);
      const { runId } = await api(server.baseUrl, auth, 'POST', `/api/v1/workflows/${id}/runs`, { input });
      sent.set(runId, input);
    }

    let kills = 0;
    let completedTasks = 0;
    const live = () => server.baseUrl;
    while (kills < KILLS) {
      const until = Date.now() + 300 + Math.random() * 1500;
      while (Date.now() < until) {
        completedTasks += await completeOpenTasks(live, live, auth);
        await sleep(50);
      }
      await server.kill9();
      kills++;
      server = await startServer({ dbFile, env: OPEN_TARGET });
    }

    const reads = sqliteRunReads(dbFile);
    const deadline = Date.now() + 120_000;
    for (;;) {
      completedTasks += await completeOpenTasks(live, live, auth);
      const open = await reads.notTerminal(id);
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`${open} runs still not terminal`);
      await sleep(250);
    }
    await server.stop();

    const runs = await reads.runs();
    expect(runs).toHaveLength(RUNS);
    for (const r of runs) expect(r.input).toEqual(sent.get(r.id));
    const tally = tallyRuns(runs, await reads.logs(), target.calls);
    const jobsLeft = await reads.jobsLeft();
    console.log(
      `chaos: ${RUNS} runs, ${kills} SIGKILLs, ${tally.stepsChecked} step completions checked, ${completedTasks} tasks completed through the API, ` +
        `${target.calls.length} HTTP calls; wrong results ${tally.wrongResult}, double completions ${tally.doubleCompletions}, sequence gaps ${tally.gaps}, ` +
        `re-executions after commit ${tally.reexecutedAfterCommit}, jobs left ${jobsLeft}`,
    );
    if (tally.wrongResult) console.log(`wrong results, the first ${tally.wrongExamples.length}: ${JSON.stringify(tally.wrongExamples)}`);
    expect(tally.wrongResult).toBe(0);
    expect(tally.doubleCompletions).toBe(0);
    expect(tally.gaps).toBe(0);
    expect(tally.reexecutedAfterCommit).toBe(0);
    expect(jobsLeft).toBe(0);
  }, 600_000);
});
