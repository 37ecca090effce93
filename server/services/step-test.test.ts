/**
 * Testing one step without a run, in-process on a fresh SQLite file and a fresh
 * PostgreSQL database: an HTTP step against a real server on 127.0.0.1 (its URL from
 * the typed scope), the outbound
 * guard refusing loopback, a Code step stopped by its CPU limit, the scope of an
 * earlier run, nodes that cannot be tested alone, the output size limit and the
 * per-caller concurrency limit — and no run is ever created.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';
import { doc, edge, http, node } from '@/tests/helpers/docs';
import { waitFor } from '@/tests/helpers/wait';
import { StepTestService } from './step-test';
import { EXECUTORS } from '../executors';
import type { FlowExecutor } from '@/lib/nodes/executor';

let t: TestAppOn;
let target: Awaited<ReturnType<typeof startServer>>;
const savedAllow = process.env.BATON_HTTP_ALLOW;

/** Rows in `runs`, read straight from the database. */
const runCount = async () => (await t.sql<{ n: number }>('SELECT COUNT(*) AS n FROM runs'))[0].n;

function flow(...steps: ReturnType<typeof node>[]) {
  const nodes = [node('start', 'manualTrigger'), ...steps, node('done', 'end')];
  const edges = nodes.slice(1).map((n, i) => edge(nodes[i].id, n.id));
  return doc('step tests', nodes, edges);
}

describe.each(DIALECTS)('step tests on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'step-test');
    target = await startServer((req, res) => {
      if (req.url.startsWith('/slow')) return void setTimeout(() => sendJson(res, 200, { slow: true }), 400);
      if (req.url.startsWith('/big')) return sendJson(res, 200, { blob: 'x'.repeat(5000) });
      sendJson(res, 200, { hello: 'world', path: req.url });
    });
  });

  afterAll(async () => {
    await target.close();
    await t.close();
  });

  afterEach(() => {
    if (savedAllow === undefined) delete process.env.BATON_HTTP_ALLOW;
    else process.env.BATON_HTTP_ALLOW = savedAllow;
  });

  describe('step tests', () => {
    it('runs an HTTP step against a real server with a typed scope, creating no run', async () => {
      process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
      const d = flow(http('fetch', `${target.url}/orders/{{ $input.orderId }}`));
      const id = await t.app.workflows.create(d, 'system');
      const before = await runCount();
      const r = await t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'fetch', source: { scope: { input: { orderId: 'A-17' } } }, by: 'ada' });
      expect(r.status).toBe('succeeded');
      expect(r.error).toBeNull();
      expect(r.output).toMatchObject({ status: 200, body: { hello: 'world', path: '/orders/A-17' } });
      expect(target.seen.at(-1)?.url).toBe('/orders/A-17');
      expect(await runCount()).toBe(before);
    });

    it('obeys the outbound guard: loopback is refused unless allowed', async () => {
      delete process.env.BATON_HTTP_ALLOW;
      const d = flow(http('fetch', `${target.url}/never`));
      const id = await t.app.workflows.create(d, 'system');
      const seen = target.seen.length;
      const r = await t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'fetch', source: { scope: {} }, by: 'ada' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'BLOCKED' });
      expect(target.seen.length).toBe(seen);
    });

    it('stops a Code step at its CPU time limit', async () => {
      const d = flow(node('spin', 'code', { code: 'while (true) {}', timeoutMs: 100, memoryMb: 32 }));
      const id = await t.app.workflows.create(d, 'system');
      const started = Date.now();
      const r = await t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'spin', source: { scope: {} }, by: 'ada' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'CPU_LIMIT' });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('takes $input and $steps from a chosen earlier run', async () => {
      const d = flow(node('shape', 'transform', { expression: '{ "total": $input.amount * 2 }' }), node('code', 'code', { code: 'return { seen: $steps.shape.output.total + 1 };', timeoutMs: 1000, memoryMb: 32 }));
      const id = await publish(t.app, d);
      const { runId } = await t.app.runs.start({ workflowId: id, input: { amount: 20 }, startedBy: 'ada' });
      await waitFor(async () => (await t.app.runs.get(runId)).status === 'succeeded', 10_000);
      const r = await t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'code', source: { runId }, by: 'ada' });
      expect(r).toMatchObject({ status: 'succeeded', output: { seen: 41 }, scopeRunId: runId });
    });

    it('refuses nodes that wait or need a run, naming the node', async () => {
      const d = flow(node('approve', 'userTask', { title: 'Approve' }), node('later', 'wait', {}));
      const id = await t.app.workflows.create(d, 'system');
      await expect(t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'approve', source: { scope: {} }, by: 'ada' })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/approve.*cannot be tested alone/) });
      await expect(t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'later', source: { scope: {} }, by: 'ada' })).rejects.toMatchObject({ kind: 'invalid', issues: [expect.objectContaining({ code: 'NOT_TESTABLE_ALONE', nodeId: 'later' })] });
      await expect(t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'start', source: { scope: {} }, by: 'ada' })).rejects.toMatchObject({ kind: 'invalid' });
      await expect(t.app.stepTests.test({ workflowId: id, doc: d, nodeId: 'nope', source: { scope: {} }, by: 'ada' })).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('applies the output size limit and the per-caller concurrency limit', async () => {
      process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
      const svc = new StepTestService({
        executors: EXECUTORS as Record<string, FlowExecutor<unknown>>,
        expressions: t.app.expressions,
        credentials: (id) => t.app.credentials.reveal(id),
        baseUrl: () => target.url,
        clock: Date.now,
        limits: { maxOutputBytes: 1000, perCaller: 1 },
      });
      const d = flow(http('big', `${target.url}/big`), http('slow', `${target.url}/slow`));
      const id = await t.app.workflows.create(d, 'system');
      const big = await svc.test({ workflowId: id, doc: d, nodeId: 'big', source: { scope: {} }, by: 'ada' });
      expect(big).toMatchObject({ status: 'failed', output: null, error: { code: 'OUTPUT_TOO_LARGE' } });

      const first = svc.test({ workflowId: id, doc: d, nodeId: 'slow', source: { scope: {} }, by: 'ada' });
      await expect(svc.test({ workflowId: id, doc: d, nodeId: 'slow', source: { scope: {} }, by: 'ada' })).rejects.toMatchObject({ kind: 'too_many_requests' });
      // Another person is not held up by ada's test.
      await expect(svc.test({ workflowId: id, doc: d, nodeId: 'slow', source: { scope: {} }, by: 'bo' })).resolves.toMatchObject({ status: 'succeeded' });
      await expect(first).resolves.toMatchObject({ status: 'succeeded', output: { body: { slow: true } } });
    });
  });
});
