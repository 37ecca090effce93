/** User tasks: park (inbox row), resume by a person's decision, duplicates ignored. */
import { describe, expect, it } from 'vitest';
import { drive, T0 } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';

describe('user task', () => {
  it('parks: the run waits and the inbox task is created', () => {
    const d = drive(fixture('approval'), { approve: { park: { title: 'Approve Ann' } } });
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['approve#1']).toMatchObject({ status: 'waiting', taskId: 'task-approve#1' });
    expect(d.log.at(-1)).toMatchObject({ type: 'step.waiting', stepId: 'approve#1', taskId: 'task-approve#1', attempt: 1 });
    expect(d.effects.at(-1)).toEqual({ type: 'createTask', stepId: 'approve#1', nodeId: 'approve', taskId: 'task-approve#1', task: { title: 'Approve Ann' } });
  });

  it.each([
    ['approve', ['start#1', 'approve#1', 'notify#1', 'approved#1'], { approved: true }],
    ['reject', ['start#1', 'approve#1', 'rejected#1'], { approved: false }],
  ])('resumes through the %s outcome port', (outcome, steps, output) => {
    const d = drive(fixture('approval'), { approved: { output: { approved: true } }, rejected: { output: { approved: false } } });
    d.decide('approve', outcome, { comment: 'ok' }, 'bob');
    expect(d.activated).toEqual(steps);
    expect(d.state.status).toBe('succeeded');
    expect(d.state.output).toEqual(output);
    const decided = d.of('step.succeeded').find((r) => r.stepId === 'approve#1')!;
    expect(decided.port).toBe(outcome);
    expect(decided.output).toEqual({ outcome, data: { comment: 'ok' }, completedBy: 'bob', completedAt: new Date(decided.at).toISOString() });
    expect(decided.startedAt).toBeGreaterThanOrEqual(T0);
    expect(d.of('task.completed')).toMatchObject([{ stepId: 'approve#1', taskId: 'task-approve#1', outcome, by: 'bob' }]);
    expect(d.effects).toContainEqual({ type: 'closeTask', taskId: 'task-approve#1', status: 'completed', outcome, data: { comment: 'ok' }, by: 'bob' });
  });

  it('ignores a decision with another task id, a repeated decision and a completion of a waiting step', () => {
    const d = drive(fixture('approval'));
    const before = d.state;
    const wrongTask = d.send({ type: 'task.completed', stepId: 'approve#1', taskId: 'other', outcome: 'approve', data: {}, by: 'x', at: d.now() });
    expect(wrongTask.log).toEqual([]);
    expect(wrongTask.state).toEqual(before);
    const asExecutor = d.send({ type: 'step.completed', stepId: 'approve#1', attempt: 1, output: null, startedAt: 0, at: d.now() });
    expect(asExecutor.log).toEqual([]);
    d.decide('approve', 'reject');
    const seq = d.state.seq;
    const again = d.send({ type: 'task.completed', stepId: 'approve#1', taskId: 'task-approve#1', outcome: 'approve', data: {}, by: 'x', at: d.now() });
    expect(again).toMatchObject({ log: [], effects: [] });
    expect(d.state.seq).toBe(seq);
    expect(d.activated).toEqual(['start#1', 'approve#1', 'rejected#1']);
  });

  it('keeps a run with a parked task and a waiting join in status waiting', () => {
    const d = drive(fixture('parallel-approval'));
    expect(Object.values(d.state.live).map((l) => [l.id, l.status, l.taskId])).toEqual([
      ['manager#1', 'waiting', 'task-manager#1'],
      ['join#1', 'waiting', undefined],
    ]);
    expect(d.state.status).toBe('waiting');
    d.decide('manager', 'ok');
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'split#1', 'credit#1', 'manager#1', 'join#1', 'done#1']);
  });
});
