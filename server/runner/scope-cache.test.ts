/**
 * The runner's `$steps` after a park: a loop of 2,000 steps parked at a user task (the
 * park drops the run's cached scope), then resumed. The scope is read per node by
 * primary key from the activation counts (each node's latest step), not by scanning
 * every step row of the run. Real runs on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteApp as App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';

let t: TestApp;
let app: App;

beforeAll(() => {
  t = openTestApp('scope-cache');
  app = t.app;
});

afterAll(async () => {
  await t.close();
});

const ITERATIONS = 1000;

describe('scope after a park', () => {
  it('a resumed run sees each node’s latest output, read by activation (one row per node), not from every step row', async () => {
    const wf = await publish(
      app,
      doc(
        'loop then park',
        [
          node('start', 'manualTrigger'),
          node('work', 'transform', { expression: '{ "i": $exists($steps.work) ? $steps.work.output.i + 1 : 1 }' }),
          node('loop', 'exclusiveGateway', { branches: [{ id: 'again', label: 'Again', condition: `$steps.work.output.i < ${ITERATIONS}` }] }),
          node('review', 'userTask', { title: 'Look', outcomes: [{ id: 'ok', label: 'OK' }] }),
          node('done', 'end', { output: '{ "i": $steps.work.output.i, "branch": $steps.loop.output.branch, "steps": $keys($steps) }' }),
        ],
        [edge('start', 'work'), edge('work', 'loop'), edge('loop', 'work', 'again'), edge('loop', 'review', 'default'), edge('review', 'done', 'ok')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0], 20_000);
    const db = app.handle.sqlite;
    expect(db.prepare('SELECT COUNT(*) AS n FROM steps WHERE run_id = ?').get(runId)).toEqual({ n: 2 * ITERATIONS + 2 });
    // Every earlier activation of `work` and `loop` now looks like a later-finished step with
    // another output: a read of the run's step rows would see these; a read of each node's
    // latest activation (work#1000, loop#1000) by primary key never does.
    const future = Date.now() + 3_600_000;
    db.prepare(`UPDATE steps SET output = '{"i":-1,"branch":"stale"}', ended_at = ? WHERE run_id = ? AND node_id IN ('work', 'loop') AND step_id NOT IN ('work#${ITERATIONS}', 'loop#${ITERATIONS}')`).run(future, runId);

    await app.tasks.complete(task.id, { outcome: 'ok', by: 'sam' });
    const run = await waitFor(() => ended(app, runId), 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ i: ITERATIONS, branch: 'default', steps: ['start', 'work', 'loop', 'review'] });
  });
});
