/**
 * Two Baton processes on one database (two apps, each with its own runner and scope
 * cache): a step one process records must be seen by the steps the other process runs
 * next. Process A starts the run (and caches its scope), process B executes the first
 * HTTP step and the transform after it, then A executes the second HTTP step and the
 * end, whose output reads the transform's output. A's cached scope is behind the run's
 * log by then; it must be read again instead of being used. On a real SQLite file and a
 * real PostgreSQL database, against a real HTTP server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { ended, openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';

let target: Awaited<ReturnType<typeof startServer>>;
// `/second` is held until B has stopped: B may claim it, but only A executes it to the end.
let released = false;

beforeAll(async () => {
  target = await startServer((req, res) => {
    if (req.url === '/second' && !released) return; // B's call: held, then cut off by B's stop
    sendJson(res, 200, { path: req.url });
  });
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await target.close();
});

describe.each(DIALECTS)('step outputs shared by two processes on %s', (dialect) => {
  let t: TestAppOn;
  let a: App;
  let b: App;

  beforeAll(async () => {
    released = false;
    // A short lease: a job B held when it stopped goes to A a second later.
    t = await openTestAppOn(dialect, 'scope-shared', { leaseMs: 1000 });
    a = t.app;
    b = t.another({ leaseMs: 1000 });
  });

  afterAll(async () => {
    await t.close();
  });

  it('a process whose cached scope is behind the run reads it again, and the end sees every step', async () => {
    const http = (id: string) => node(id, 'http', { method: 'GET', url: `${target.url}/${id}`, headers: [], body: '', timeoutMs: 5000, failOnHttpError: true });
    const wf = await publish(
      a,
      doc(
        'two processes',
        [
          node('start', 'manualTrigger'),
          http('first'),
          node('shape', 'transform', { expression: '{ "from": $steps.first.output.body.path }' }),
          http('second'),
          node('done', 'end', { output: '{ "shape": $steps.shape.output, "second": $steps.second.output.body.path }' }),
        ],
        [edge('start', 'first'), edge('first', 'shape'), edge('shape', 'second'), edge('second', 'done')],
      ),
    );
    // A starts the run with its job loop stopped: B claims the first HTTP step.
    await a.runner.stop();
    b.runner.start();
    const { runId } = await a.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    await waitFor(async () => {
      const steps = await t.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM steps WHERE run_id = ? AND node_id = 'shape' AND status = 'succeeded'`, [runId]);
      return Number(steps[0].n) === 1;
    }, 20_000);
    // B recorded `first` and `shape`; now only A runs jobs and executes `second` and the end.
    await b.runner.stop();
    released = true;
    a.runner.start();
    const run = await waitFor(() => ended(a, runId), 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ shape: { from: '/first' }, second: '/second' });
  });
});
