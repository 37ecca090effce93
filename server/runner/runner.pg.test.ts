/**
 * The runner on PostgreSQL (`pgStorage(pool).runs`): a workflow with parallel branches,
 * a timer and a retried HTTP step runs to the end; two runners (two owners, two pools,
 * as two processes would) share the work of 100 runs on one database, each step
 * executed once; a runner whose step outlasts its lease (1 s) keeps extending it, so a
 * second runner polling the same database never takes that step over. Real PostgreSQL,
 * real HTTP server on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FlowExecutor } from '@/lib/nodes/executor';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { EXECUTORS } from '@/server/executors';
import { createPgPool } from '@/server/db/pg/pool';
import { pgStorage } from '@/server/storage/pg';
import type { Storage } from '@/server/storage/port';
import { openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { startHttpTarget } from '@/tests/helpers/http-target';
import { ALLOW_LOOPBACK } from '@/tests/helpers/http-server';
import { doc, edge, http, node } from '@/tests/helpers/docs';
import { Runner } from './runner';

let target: Awaited<ReturnType<typeof startHttpTarget>>;
let t: TestStorage | null = null;
const runners: Runner[] = [];
const extra: Storage[] = [];

beforeAll(async () => {
  target = await startHttpTarget({ delayMs: 20 });
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await target.close();
});

afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  for (const s of extra.splice(0)) await s.close();
  await t?.close();
  t = null;
});

/** HTTP steps executed per runner owner. */
const httpSteps = new Map<string, number>();

function runnerOn(storage: Storage, owner: string, leaseMs = 30_000): Runner {
  const executors = { ...(EXECUTORS as Record<string, FlowExecutor<unknown>>) };
  const httpExecutor = executors.http;
  executors.http = (config, ctx) => {
    httpSteps.set(owner, (httpSteps.get(owner) ?? 0) + 1);
    return httpExecutor(config, ctx);
  };
  const r = new Runner({ store: storage.runs, executors, baseUrl: () => target.url, owner, idlePollMs: 50, leaseMs });
  runners.push(r);
  return r;
}

async function publishPg(t: TestStorage, id: string, d: WorkflowDocument): Promise<void> {
  await t.pool!.query(`INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at) VALUES ($1, $2, '', $3, 1, 1, 1, 1)`, [id, d.name, JSON.stringify(d)]);
  await t.pool!.query(`INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by, note) VALUES ($1, 1, $2, 1, 'test', '')`, [id, JSON.stringify(d)]);
}

async function start(r: Runner, workflowId: string, id: string, input: Record<string, string> = {}): Promise<void> {
  await r.startRun({ id, workflowId, version: 1, input, startedBy: 'test', trigger: 'manual' }, await r.definitions.get(workflowId, 1));
}

/** Polls `fn` every 20 ms until it resolves to something truthy. @throws after `timeoutMs`. */
async function until<T>(fn: () => Promise<T | null | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const retry = { maxAttempts: 3, initialIntervalMs: 50, backoffFactor: 2, maxIntervalMs: 500, jitter: 0 };

describe('runner on PostgreSQL', () => {
  it('runs parallel branches, a timer and a retried step to the end', async () => {
    t = await openTestStorage('postgres');
    const flaky = http('call', `${target.url}/flaky/1`);
    await publishPg(
      t,
      'wf_mix',
      doc(
        'mix',
        [
          node('start', 'manualTrigger'),
          node('split', 'parallelSplit'),
          node('pause', 'wait', { mode: 'milliseconds', milliseconds: 300 }),
          { ...flaky, config: { ...flaky.config, retry } },
          http('plain', `${target.url}/plain`),
          node('join', 'parallelJoin'),
          node('done', 'end', { output: '{ "call": $steps.call.output.status, "plain": $steps.plain.output.body.path }' }),
        ],
        [edge('start', 'split'), edge('split', 'pause'), edge('split', 'call'), edge('split', 'plain'), edge('pause', 'join'), edge('call', 'join'), edge('plain', 'join'), edge('join', 'done')],
      ),
    );
    const runner = runnerOn(t.storage, 'solo');
    runner.start();
    const t0 = Date.now();
    await start(runner, 'wf_mix', 'run_mix');
    const run = await until(async () => {
      const r = await t!.storage.runs.getRun('run_mix');
      return r && (r.status === 'succeeded' || r.status === 'failed') ? r : null;
    }, 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.state.output).toEqual({ call: 200, plain: '/plain' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // the timer held the join
    const events = await t.storage.runs.eventsAfter('run_mix', 0);
    expect(events.filter((e) => e.type === 'step.retrying')).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const steps = await t.pool!.query(`SELECT step_id, status, attempts FROM steps WHERE run_id = 'run_mix' ORDER BY step_id`);
    expect(steps.rows).toEqual([
      { step_id: 'call#1', status: 'succeeded', attempts: 2 },
      { step_id: 'done#1', status: 'succeeded', attempts: 1 },
      { step_id: 'join#1', status: 'succeeded', attempts: 1 },
      { step_id: 'pause#1', status: 'succeeded', attempts: 1 },
      { step_id: 'plain#1', status: 'succeeded', attempts: 1 },
      { step_id: 'split#1', status: 'succeeded', attempts: 1 },
      { step_id: 'start#1', status: 'succeeded', attempts: 1 },
    ]);
    expect((await t.pool!.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n).toBe(0);
  });

  it('two runners on one database share the work of 100 runs, no step executed twice', async () => {
    t = await openTestStorage('postgres');
    await publishPg(
      t,
      'wf_two',
      doc(
        'two steps',
        [node('start', 'manualTrigger'), http('a', `${target.url}/a`), node('pause', 'wait', { mode: 'milliseconds', milliseconds: 50 }), http('b', `${target.url}/b`), node('done', 'end', { output: '$steps.b.output.body.path' })],
        [edge('start', 'a'), edge('a', 'pause'), edge('pause', 'b'), edge('b', 'done')],
      ),
    );
    const second = pgStorage(createPgPool(t.url!, { max: 5, applicationName: 'baton-tests-2' }));
    extra.push(second);
    const one = runnerOn(t.storage, 'one');
    const two = runnerOn(second, 'two');
    one.start();
    two.start();
    const ids = Array.from({ length: 100 }, (_, i) => `run_two_${String(i).padStart(3, '0')}`);
    await Promise.all(ids.map((id, i) => start(i % 2 ? one : two, 'wf_two', id)));
    await until(async () => (await t!.pool!.query(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`)).rows[0].n === 100 || null, 60_000);
    // Server side: each HTTP step of each run called once (one Idempotency-Key per step).
    const calls = target.calls.filter((c) => c.key?.startsWith('run_two_'));
    expect(calls).toHaveLength(200);
    expect(new Set(calls.map((c) => c.key)).size).toBe(200);
    const db = t.pool!;
    expect((await db.query(`SELECT count(*)::int AS n FROM attempts WHERE run_id LIKE 'run_two_%' AND attempt > 1`)).rows[0].n).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM steps WHERE run_id LIKE 'run_two_%' AND (status <> 'succeeded' OR attempts <> 1)`)).rows[0].n).toBe(0);
    expect((await db.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n).toBe(0);
    // Each run's log has no gap.
    const gaps = await db.query(`SELECT run_id FROM run_events GROUP BY run_id HAVING max(last_seq) <> (SELECT sum(last_seq - seq + 1) FROM run_events e WHERE e.run_id = run_events.run_id)`);
    expect(gaps.rows).toEqual([]);
    // Both runners did some of the work, together each HTTP step once.
    expect(httpSteps.get('one')).toBeGreaterThan(0);
    expect(httpSteps.get('two')).toBeGreaterThan(0);
    expect(httpSteps.get('one')! + httpSteps.get('two')!).toBe(200);
  });

  it('a runner that is alive keeps the lease of a step that outlasts it: no other runner takes the step over', async () => {
    t = await openTestStorage('postgres');
    const LEASE = 1_000;
    const slow = http('slow', `${target.url}/slow?delay=${3 * LEASE + 500}`);
    await publishPg(
      t,
      'wf_long',
      doc('long step', [node('start', 'manualTrigger'), { ...slow, config: { ...slow.config, timeoutMs: 20_000 } }, node('done', 'end', { output: '$steps.slow.output.status' })], [edge('start', 'slow'), edge('slow', 'done')]),
    );
    const second = pgStorage(createPgPool(t.url!, { max: 5, applicationName: 'baton-tests-2' }));
    extra.push(second);
    const holder = runnerOn(t.storage, 'holder', LEASE);
    holder.start();
    await start(holder, 'wf_long', 'run_long');
    // The holder has claimed the step; only then does the other runner look for work.
    await until(async () => (await t!.pool!.query(`SELECT lease_owner FROM jobs WHERE run_id = 'run_long'`)).rows[0]?.lease_owner === 'holder', 10_000);
    const other = runnerOn(second, 'other', LEASE);
    other.start();
    const leases: number[] = [];
    const run = await until(async () => {
      const job = (await t!.pool!.query(`SELECT lease_owner, lease_until FROM jobs WHERE run_id = 'run_long'`)).rows[0] as { lease_owner: string; lease_until: number } | undefined;
      if (job) {
        expect(job.lease_owner).toBe('holder');
        leases.push(job.lease_until);
      }
      const r = await t!.storage.runs.getRun('run_long');
      return r && r.status !== 'running' ? r : null;
    }, 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.state.output).toBe(200);
    expect(new Set(leases).size).toBeGreaterThanOrEqual(3); // extended while the call ran
    expect(target.calls.filter((c) => c.key === 'run_long:slow#1')).toHaveLength(1);
    expect(httpSteps.get('other') ?? 0).toBe(0);
  });
});
