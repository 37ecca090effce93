/**
 * Execution semantics driven by the durable runner on a real SQLite file against a
 * real HTTP server on 127.0.0.1: retries with backoff, error ports, durable timers,
 * sub-workflows, for-each, and retry from failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp, type App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { startHttpTarget } from '@/tests/helpers/http-target';
import { ALLOW_LOOPBACK } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, http, node } from '@/tests/helpers/docs';

let app: App;
let target: Awaited<ReturnType<typeof startHttpTarget>>;
let dir: string;
let t: TestApp;

const retry = { maxAttempts: 4, initialIntervalMs: 60, backoffFactor: 2, maxIntervalMs: 1000, jitter: 0 };

beforeAll(async () => {
  t = openTestApp('semantics');
  ({ app, dir } = t);
  target = await startHttpTarget();
  // The target is a local service on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await target.close();
});

describe('retries and error ports', () => {
  it('retries a 503 with exponential backoff and the same idempotency key, then succeeds', async () => {
    const wf = await publish(app, doc('flaky', [node('start', 'manualTrigger'), { ...http('call', `${target.url}/flaky/2`), config: { ...http('call', `${target.url}/flaky/2`).config, retry } }, node('done', 'end', { output: '$steps.call.output.status' })], [edge('start', 'call'), edge('call', 'done')]));
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe(200);
    const calls = target.calls.filter((c) => c.key === `${runId}:call#1`);
    expect(calls).toHaveLength(3);
    // Waits between attempts follow the policy: ≥ 60 ms, then ≥ 120 ms.
    expect(calls[1].startedAt - calls[0].endedAt).toBeGreaterThanOrEqual(55);
    expect(calls[2].startedAt - calls[1].endedAt).toBeGreaterThanOrEqual(115);
    const attempts = await app.runs.attempts(runId, 'call#1');
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect((await app.runs.events(runId, 0)).filter((e) => e.type === 'step.retrying')).toHaveLength(2);
  });

  it('does not retry a 404 and takes the error edge with the error in $steps', async () => {
    const wf = await publish(
      app,
      doc(
        'not found',
        [
          node('start', 'manualTrigger'),
          { ...http('lookup', `${target.url}/fail/404`), config: { ...http('lookup', `${target.url}/fail/404`).config, retry } },
          node('ok', 'end', { output: '"found"' }),
          node('missing', 'end', { output: '{ "handled": true, "code": $steps.lookup.error.code }' }),
        ],
        [edge('start', 'lookup'), edge('lookup', 'ok'), edge('lookup', 'missing', 'error')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ handled: true, code: 'HTTP_404' });
    expect(target.calls.filter((c) => c.key === `${runId}:lookup#1`)).toHaveLength(1);
  });

  it('retries a failed run from its failed step; earlier outputs are kept', async () => {
    const wf = await publish(
      app,
      doc('resumable', [node('start', 'manualTrigger'), http('first', `${target.url}/one`), http('second', `${target.url}/flaky/1?by=path&t=${Date.now()}`), node('done', 'end', { output: '[$steps.first.output.status, $steps.second.output.status]' })], [
        edge('start', 'first'),
        edge('first', 'second'),
        edge('second', 'done'),
      ]),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const failed = await waitFor(() => ended(app, runId));
    expect(failed.status).toBe('failed');
    await app.runs.retry(runId, 'alex');
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual([200, 200]);
    expect(target.calls.filter((c) => c.key === `${runId}:first#1`)).toHaveLength(1);
    await expect(app.runs.retry(runId, 'alex')).rejects.toThrow(/Only failed runs/);
  });
});

describe('timers', () => {
  it('waits durably: a timer that came due while the server was down fires at once after restart', async () => {
    const file = path.join(dir, 'timer.db');
    const first = createApp(file, { seed: false });
    first.runner.start();
    const wf = await publish(first, doc('wait', [node('start', 'manualTrigger'), node('pause', 'wait', { mode: 'milliseconds', milliseconds: 400 }), node('done', 'end', { output: '"woke"' })], [edge('start', 'pause'), edge('pause', 'done')]));
    const { runId } = await first.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    await waitFor(async () => (await first.runs.get(runId)).steps.find((s) => s.nodeId === 'pause')?.status === 'waiting');
    await first.runner.stop();
    first.handle.sqlite.close();
    await new Promise((r) => setTimeout(r, 600)); // due while nothing runs
    const second = createApp(file, { seed: false });
    const restartedAt = Date.now();
    second.runner.start();
    try {
      const run = await waitFor(() => ended(second, runId));
      expect(run.status).toBe('succeeded');
      expect(run.output).toBe('woke');
      expect(Date.now() - restartedAt).toBeLessThan(2000);
    } finally {
      await second.runner.stop();
      second.handle.sqlite.close();
    }
  });
});

describe('sub-workflows and for-each', () => {
  it('runs a child workflow and uses its output; a child failure takes the error port', async () => {
    const child = await publish(app, doc('child', [node('start', 'manualTrigger'), node('double', 'end', { output: '{ "doubled": $input.n * 2 }' })], [edge('start', 'double')]));
    const broken = await publish(app, doc('broken child', [node('start', 'manualTrigger'), http('boom', `${target.url}/fail/500`), node('e', 'end')], [edge('start', 'boom'), edge('boom', 'e')]));
    const parent = await publish(
      app,
      doc(
        'parent',
        [
          node('start', 'manualTrigger'),
          node('call', 'subWorkflow', { workflowId: child, input: '{ "n": 21 }' }),
          node('call2', 'subWorkflow', { workflowId: broken, input: '{}' }),
          node('done', 'end', { output: '{ "child": $steps.call.output, "second": "ok" }' }),
          node('recovered', 'end', { output: '{ "child": $steps.call.output, "second": $steps.call2.error.code }' }),
        ],
        [edge('start', 'call'), edge('call', 'call2'), edge('call2', 'done'), edge('call2', 'recovered', 'error')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: parent, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    expect((run.output as { child: unknown }).child).toEqual({ doubled: 42 });
    expect((run.output as { second: unknown }).second).toBeTruthy();
    const children = (await app.runs.list({})).filter((r) => r.id.startsWith(`${runId}.`));
    expect(children.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('runs a for-each body per item with a concurrency limit and collects results in item order', async () => {
    const body = await publish(app, doc('body', [node('start', 'manualTrigger'), http('call', `${target.url}/item?delay=100`, '{ "n": $input.item }'), node('e', 'end', { output: '$input.item * 10' })], [edge('start', 'call'), edge('call', 'e')]));
    const wf = await publish(
      app,
      doc('map', [node('start', 'manualTrigger'), node('each', 'forEach', { items: '[1, 2, 3, 4, 5]', workflowId: body, concurrency: 2 }), node('done', 'end', { output: '$steps.each.output' })], [edge('start', 'each'), edge('each', 'done')]),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId), 20_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ results: [10, 20, 30, 40, 50] });
    // Never more than 2 item calls in flight at once.
    const calls = target.calls.filter((c) => c.path === '/item' && c.key?.startsWith(`${runId}.`));
    expect(calls).toHaveLength(5);
    // Concurrency peaks when a call starts: count the calls in flight at each start (a call
    // overlapping two others that do not overlap each other is still only 2 at a time).
    for (const c of calls) expect(calls.filter((o) => o.startedAt <= c.startedAt && o.endedAt > c.startedAt).length).toBeLessThanOrEqual(2);
  });
});

describe('time limits and escalation', () => {
  it('fails a run that exceeds its time limit, naming the limit', async () => {
    const d = doc('slow run', [node('start', 'manualTrigger'), node('pause', 'wait', { mode: 'milliseconds', milliseconds: 5000 }), node('done', 'end')], [edge('start', 'pause'), edge('pause', 'done')]);
    const wf = await publish(app, { ...d, settings: { runTimeoutMs: 1000 } });
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'RUN_TIMEOUT' });
    expect((await app.runs.get(runId)).steps.find((s) => s.nodeId === 'pause')?.status).toBe('cancelled');
  });

  it('escalates a user task past its due time (interrupting): the task closes and the run takes the escalate port', async () => {
    const wf = await publish(
      app,
      doc(
        'escalation',
        [
          node('start', 'manualTrigger'),
          node('review', 'userTask', { title: 'Review', outcomes: [{ id: 'ok', label: 'OK' }], dueIn: 'PT0.3S', escalation: 'interrupting' }),
          node('done', 'end', { output: '"decided"' }),
          node('late', 'end', { output: '"escalated"' }),
        ],
        [edge('start', 'review'), edge('review', 'done', 'ok'), edge('review', 'late', 'escalate')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const task = await waitFor(async () => (await app.tasks.list({ runId }))[0]);
    const run = await waitFor(() => ended(app, runId), 5000);
    expect(run.output).toBe('escalated');
    expect((await app.tasks.get(task.id)).status).toBe('cancelled');
    await expect(app.tasks.complete(task.id, { outcome: 'ok', by: 'sam' })).rejects.toThrow(/already cancelled/);
  });
});
