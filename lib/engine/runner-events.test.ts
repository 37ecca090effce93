/** Events the runner sends on its own: `step.rejected` (a result over the size limit) and `run.fail` (a quota). */
import { describe, expect, it } from 'vitest';
import { Driver } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import { canRetry } from './resume';

const tooLarge = { code: 'OUTPUT_TOO_LARGE', message: '"fetch": the step\'s output is too large' };

describe('step.rejected', () => {
  it('is the step’s final failure even with retries left, naming node and step', () => {
    const d = new Driver(fixture('linear')).start();
    d.send({ type: 'step.rejected', stepId: 'fetch#1', attempt: 1, error: tooLarge, startedAt: 5, at: d.now() });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({ ...tooLarge, retryable: false, nodeId: 'fetch', stepId: 'fetch#1' });
    expect(d.log.at(-2)).toMatchObject({ type: 'step.failed', stepId: 'fetch#1', startedAt: 5 });
  });

  it('is ignored for another attempt or a step that is not live', () => {
    const d = new Driver(fixture('linear')).start();
    expect(d.send({ type: 'step.rejected', stepId: 'fetch#1', attempt: 2, error: tooLarge, at: d.now() }).log).toEqual([]);
    expect(d.send({ type: 'step.rejected', stepId: 'nope#1', error: tooLarge, at: d.now() }).log).toEqual([]);
    expect(d.state.status).toBe('running');
  });
});

describe('run.fail', () => {
  it('cancels live steps and tasks, fails the run without compensating, and leaves nothing to retry', () => {
    const p = new Driver(fixture('parallel-approval')).start();
    p.send({ type: 'step.parked', stepId: 'manager#1', attempt: 1, taskId: 't1', task: {}, startedAt: 0, at: p.now() });
    const error = { code: 'RUN_QUOTA', message: 'Run quota of steps reached' };
    p.send({ type: 'run.fail', error, at: p.now() });
    expect(p.state.status).toBe('failed');
    expect(p.state.error).toEqual(error);
    expect(p.state.live).toEqual({});
    expect(p.types.slice(-1)).toEqual(['run.failed']);
    expect(p.effects).toContainEqual({ type: 'closeTask', taskId: 't1', status: 'cancelled' });
    expect(canRetry(p.def, p.state)).toMatchObject({ ok: false });
    // A run that ended ignores it.
    expect(p.send({ type: 'run.fail', error, at: p.now() }).log).toEqual([]);
  });
});
