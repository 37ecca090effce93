/** Steps working in rounds (`step.await`, the AI agent): memory, child runs and tasks awaited together, retries per round. */
import { describe, expect, it } from 'vitest';
import { Driver, type Outcome } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import type { Json } from './types';

/** The retry fixture's `fetch` node plays the agent: round n is scripted by attempt. */
function agent(rounds: (attempt: number) => Outcome) {
  return new Driver(fixture('retry'), { fetch: (_n, attempt) => rounds(attempt) }).start().runUntilQuiescent();
}

describe('step.await', () => {
  it('runs the executor again at once when a round awaits nothing, keeping its memory', () => {
    const d = agent((a) => (a < 3 ? { await: { memory: { turn: a }, trace: { kind: 'model', turn: a } } } : { output: 'final' }));
    expect(d.state.status).toBe('succeeded');
    expect(d.executes.filter((e) => e.stepId === 'fetch#1').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(d.of('step.progress').map((r) => [r.attempt, r.trace, r.waiting])).toEqual([
      [1, { kind: 'model', turn: 1 }, false],
      [2, { kind: 'model', turn: 2 }, false],
    ]);
    expect(d.of('step.resumed').map((r) => r.attempt)).toEqual([2, 3]);
    expect(d.of('step.succeeded').find((r) => r.stepId === 'fetch#1')).toMatchObject({ attempt: 3, output: 'final' });
  });

  it('waits for every child and task of a round, then hands their results to the next round', () => {
    let seen: Json | undefined;
    const d: Driver = new Driver(fixture('retry'), {
      fetch: (_n, attempt): Outcome => {
        if (attempt === 1)
          return {
            await: {
              memory: ['asked'],
              children: [
                { key: 'c1', childRunId: 'r1.fetch-1.t1.0', workflowId: 'wf_a', input: { q: 1 } },
                { key: 'c2', childRunId: 'r1.fetch-1.t1.1', workflowId: 'wf_b', version: 3, input: { q: 2 } },
              ],
              tasks: [{ key: 'k3', taskId: 'task_1', task: { title: 'Approve' } }],
            },
          };
        seen = d.state.live['fetch#1']?.results ?? null;
        return { output: { memory: d.state.live['fetch#1']!.memory! } };
      },
    });
    d.start().runUntilQuiescent();
    expect(d.state.live['fetch#1']).toMatchObject({ status: 'waiting', awaiting: { children: { 'r1.fetch-1.t1.0': 'c1', 'r1.fetch-1.t1.1': 'c2' }, tasks: { task_1: 'k3' } } });
    expect(d.effects.filter((e) => e.type === 'startChild').map((e) => e.type === 'startChild' && [e.childRunId, e.workflowId, e.version])).toEqual([
      ['r1.fetch-1.t1.0', 'wf_a', undefined],
      ['r1.fetch-1.t1.1', 'wf_b', 3],
    ]);
    expect(d.effects.find((e) => e.type === 'createTask')).toEqual({ type: 'createTask', stepId: 'fetch#1', nodeId: 'fetch', taskId: 'task_1', task: { title: 'Approve' } });
    d.finishChild('r1.fetch-1.t1.1', 'failed', null, { message: 'no stock' });
    d.finishChild('r1.fetch-1.t1.1', 'succeeded', 1); // duplicate: ignored
    expect(d.state.live['fetch#1']?.status).toBe('waiting');
    d.send({ type: 'task.completed', stepId: 'fetch#1', taskId: 'task_1', outcome: 'reject', data: { reason: 'too much' }, by: 'ann', at: d.now() });
    expect(d.state.live['fetch#1']?.status).toBe('waiting');
    d.finishChild('r1.fetch-1.t1.0', 'succeeded', { price: 5 });
    expect(d.state.status).toBe('succeeded');
    expect(seen).toEqual({
      c1: { kind: 'child', runId: 'r1.fetch-1.t1.0', status: 'succeeded', output: { price: 5 }, error: null },
      c2: { kind: 'child', runId: 'r1.fetch-1.t1.1', status: 'failed', output: null, error: { message: 'no stock' } },
      k3: { kind: 'task', outcome: 'reject', data: { reason: 'too much' }, by: 'ann', at: expect.any(Number) },
    });
    expect(d.effects.filter((e) => e.type === 'closeTask')).toEqual([{ type: 'closeTask', taskId: 'task_1', status: 'completed', outcome: 'reject', data: { reason: 'too much' }, by: 'ann' }]);
    expect(d.of('step.succeeded').find((r) => r.stepId === 'fetch#1')).toMatchObject({ attempt: 2, output: { memory: ['asked'] } });
  });

  it('counts retries per round: a retryable failure in round 3 gets the whole policy again', () => {
    const fails = new Set([3, 4]);
    const d = agent((a) => (a < 3 ? { await: { memory: a } } : fails.has(a) ? { fail: { message: '429', retryable: true, retryAfterMs: 5 } } : { output: 'ok' }));
    // Rounds 1 and 2, then attempts 3 and 4 fail retryably and 5 succeeds: policy maxAttempts 3 counted from attempt 3.
    expect(d.of('step.retrying').map((r) => [r.attempt, r.nextAttempt, r.maxAttempts])).toEqual([
      [3, 4, 5],
      [4, 5, 5],
    ]);
    expect(d.state.status).toBe('succeeded');
  });

  it('cancels awaited children and closes awaited tasks when the run is cancelled', () => {
    const d = agent(() => ({ await: { memory: null, children: [{ key: 'a', childRunId: 'r1.c', workflowId: 'wf', input: {} }], tasks: [{ key: 'b', taskId: 'task_9', task: {} }] } }));
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'stop', at: d.now() });
    expect(t.effects).toEqual(expect.arrayContaining([{ type: 'cancelChild', childRunId: 'r1.c' }, { type: 'closeTask', taskId: 'task_9', status: 'cancelled' }]));
    expect(d.state.status).toBe('cancelled');
  });

  it('ignores a round for another attempt', () => {
    const d = agent(() => ({ await: { memory: null, tasks: [{ key: 'b', taskId: 'task_9', task: {} }] } }));
    const t = d.send({ type: 'step.await', stepId: 'fetch#1', attempt: 7, memory: 'x', startedAt: d.now(), at: d.now() });
    expect(t.log).toEqual([]);
  });
});
