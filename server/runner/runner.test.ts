/**
 * Runner tests on a real SQLite file against a real HTTP server on 127.0.0.1.
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

beforeAll(async () => {
  t = openTestApp('runner');
  ({ app, dir } = t);
  target = await startHttpTarget({ delayMs: 300 });
  // The target is a local service on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await target.close();
});

describe('runner', () => {
  it('runs parallel HTTP branches concurrently (recorded timestamps overlap)', async () => {
    const wf = await publish(
      app,
      doc(
        'parallel',
        [
          node('start', 'manualTrigger'),
          node('split', 'parallelSplit'),
          http('a', `${target.url}/a`),
          http('b', `${target.url}/b`),
          http('c', `${target.url}/c`),
          node('join', 'parallelJoin'),
          node('done', 'end', { output: '[$steps.a.output.body.path, $steps.b.output.body.path, $steps.c.output.body.path]' }),
        ],
        [edge('start', 'split'), edge('split', 'a'), edge('split', 'b'), edge('split', 'c'), edge('a', 'join'), edge('b', 'join'), edge('c', 'join'), edge('join', 'done')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(async () => {
      const r = await app.runs.get(runId);
      return r.status === 'succeeded' || r.status === 'failed' ? r : null;
    });
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual(['/a', '/b', '/c']);
    // Server-side: the three requests were in flight at the same time.
    const calls = target.calls.filter((c) => c.key?.startsWith(runId));
    expect(calls).toHaveLength(3);
    const latestStart = Math.max(...calls.map((c) => c.startedAt));
    const earliestEnd = Math.min(...calls.map((c) => c.endedAt));
    expect(latestStart).toBeLessThan(earliestEnd);
    // Runner-side: the recorded attempts overlap too.
    const atts = await Promise.all(['a#1', 'b#1', 'c#1'].map(async (s) => (await app.runs.attempts(runId, s))[0]));
    expect(Math.max(...atts.map((a) => a.startedAt))).toBeLessThan(Math.min(...atts.map((a) => a.endedAt)));
    // Each step exactly once, join once.
    expect(run.steps.map((s) => s.stepId).sort()).toEqual(['a#1', 'b#1', 'c#1', 'done#1', 'join#1', 'split#1', 'start#1']);
    expect((await app.workflows.list()).find((w) => w.id === wf)?.runCount).toBe(1);
  });

  it('parks at a user task, writes the inbox row, and resumes on completion', async () => {
    const wf = await publish(
      app,
      doc(
        'approval',
        [
          node('start', 'manualTrigger', { inputFields: [{ name: 'amount', label: 'Amount', type: 'number', required: true, options: '' }] }),
          node('review', 'userTask', {
            title: 'Approve {{ $input.amount }}',
            assignee: 'sam',
            context: '{ "amount": $input.amount }',
            formFields: [{ name: 'note', label: 'Note', type: 'text', required: true, options: '' }],
            outcomes: [
              { id: 'approve', label: 'Approve' },
              { id: 'reject', label: 'Reject' },
            ],
          }),
          node('yes', 'end', { output: '{ "approved": true, "note": $steps.review.output.data.note, "by": $steps.review.output.completedBy }' }),
          node('no', 'end', { output: '{ "approved": false }' }),
        ],
        [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
      ),
    );
    await expect(app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' })).rejects.toThrow(/Amount is required/);
    const { runId } = await app.runs.start({ workflowId: wf, input: { amount: 250 }, startedBy: 'test' });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    expect(task.title).toBe('Approve 250');
    expect(task.context).toEqual({ amount: 250 });
    expect((await app.runs.get(runId)).status).toBe('waiting');
    await expect(app.tasks.complete(task.id, { outcome: 'maybe', by: 'sam' })).rejects.toThrow(/not one of/);
    await expect(app.tasks.complete(task.id, { outcome: 'approve', data: {}, by: 'sam' })).rejects.toThrow(/Note is required/);
    await app.tasks.complete(task.id, { outcome: 'approve', data: { note: 'ok' }, by: 'sam' });
    await expect(app.tasks.complete(task.id, { outcome: 'approve', data: { note: 'again' }, by: 'sam' })).rejects.toThrow(/already completed/);
    const run = await waitFor(async () => ((await app.runs.get(runId)).status === 'succeeded' ? await app.runs.get(runId) : null));
    expect(run.output).toEqual({ approved: true, note: 'ok', by: 'sam' });
    expect(await app.tasks.get(task.id)).toMatchObject({ status: 'completed', outcome: 'approve', completedBy: 'sam' });
  });

  it('fails the run naming the node when an HTTP step fails, and records the attempt', async () => {
    const wf = await publish(app, doc('failing', [node('start', 'manualTrigger'), http('charge', `${target.url}/fail/503`), node('done', 'end')], [edge('start', 'charge'), edge('charge', 'done')]));
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(async () => ((await app.runs.get(runId)).status === 'failed' ? await app.runs.get(runId) : null));
    expect(run.error).toMatchObject({ nodeId: 'charge', code: 'HTTP_503' });
    expect(String((run.error as { message: string }).message)).toMatch(/HTTP 503/);
    const [attempt] = await app.runs.attempts(runId, 'charge#1');
    expect(attempt.status).toBe('failed');
    expect(attempt.input).toMatchObject({ method: 'GET', url: `${target.url}/fail/503` });
    expect(run.steps.find((s) => s.nodeId === 'done')).toBeUndefined();
  });

  it('keeps a gap-free event log and cancels a waiting run', async () => {
    const wf = await publish(
      app,
      doc(
        'cancel',
        [node('start', 'manualTrigger'), node('t', 'userTask', { title: 'x', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')],
        [edge('start', 't'), edge('t', 'done', 'ok')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    await app.runs.cancel(runId, 'alex', 'not needed');
    expect((await app.runs.get(runId)).status).toBe('cancelled');
    expect((await app.tasks.get(task.id)).status).toBe('cancelled');
    const seqs = (await app.runs.events(runId, 0)).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    await expect(app.runs.cancel(runId, 'alex', 'again')).rejects.toThrow(/already ended/);
  });

  it('does not record attempts cut short by a shutdown; the restarted runner executes them again', async () => {
    const file = path.join(dir, 'restart.db');
    const first = createApp(file, { seed: false });
    first.runner.start();
    const id = await first.workflows.create(doc('slow', [node('start', 'manualTrigger'), http('slow', `${target.url}/slow?delay=1500`), node('done', 'end')], [edge('start', 'slow'), edge('slow', 'done')]), 'system');
    await first.workflows.publish(id, 'test');
    const { runId } = await first.runs.start({ workflowId: id, input: {}, startedBy: 'test' });
    await waitFor(() => first.handle.sqlite.prepare('SELECT lease_owner FROM jobs WHERE run_id = ?').get(runId));
    await first.runner.stop();
    expect((await first.runs.get(runId)).steps.find((s) => s.nodeId === 'slow')?.status).toBe('running');
    expect(await first.runs.attempts(runId, 'slow#1')).toEqual([]);
    first.handle.sqlite.close();

    const second = createApp(file, { seed: false });
    second.runner.start();
    try {
      const run = await waitFor(async () => ((await second.runs.get(runId)).status === 'succeeded' ? await second.runs.get(runId) : null));
      expect(run.steps.filter((s) => s.nodeId === 'slow')).toHaveLength(1);
      expect(await second.runs.attempts(runId, 'slow#1')).toHaveLength(1);
    } finally {
      await second.runner.stop();
      second.handle.sqlite.close();
    }
  });
});
