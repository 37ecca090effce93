/** Durable timers: wait nodes, user task due dates (interrupting / non-interrupting), run timeout; cancel and duplicates. */
import { describe, expect, it } from 'vitest';
import { Driver, drive, T0 } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';

const MIN5 = 5 * 60_000;
const HOUR = 3_600_000;

describe('wait node', () => {
  const start = () => drive(fixture('wait'), { pause: { wait: T0 + MIN5 } });

  it('waits on a durable timer: step and run waiting, schedule effect, timer.scheduled', () => {
    const d = start();
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['pause#1']).toMatchObject({ status: 'waiting', timerId: 'timer-pause#1' });
    expect(d.state.timers).toEqual({ 'timer-pause#1': { id: 'timer-pause#1', kind: 'wait', dueAt: T0 + MIN5, stepId: 'pause#1' } });
    expect(d.effects.at(-1)).toEqual({ type: 'schedule', timerId: 'timer-pause#1', dueAt: T0 + MIN5, stepId: 'pause#1' });
    expect(d.log.at(-1)).toMatchObject({ type: 'timer.scheduled', timerId: 'timer-pause#1', kind: 'wait', stepId: 'pause#1', nodeId: 'pause', dueAt: T0 + MIN5 });
  });

  it('continues when the timer fires, with output { firedAt }', () => {
    const d = start();
    const t = d.fire('timer-pause#1');
    expect(t.log.map((r) => r.type)).toEqual(['timer.fired', 'step.succeeded', 'edge.taken', 'step.activated']);
    const fired = d.of('step.succeeded').find((r) => r.stepId === 'pause#1')!;
    expect(fired.output).toEqual({ firedAt: new Date(fired.at).toISOString() });
    expect(d.state.status).toBe('succeeded');
    expect(d.state.timers).toBeUndefined();
  });

  it('ignores a duplicate or late fire, an unknown timer and a fire for another step', () => {
    const d = start();
    expect(d.send({ type: 'timer.fired', timerId: 'timer-pause#1', stepId: 'other#1', at: d.now() }).log).toEqual([]);
    expect(d.send({ type: 'timer.fired', timerId: 'nope', at: d.now() }).log).toEqual([]);
    d.fire('timer-pause#1');
    const seq = d.state.seq;
    expect(d.send({ type: 'timer.fired', timerId: 'timer-pause#1', stepId: 'pause#1', at: d.now() })).toMatchObject({ log: [], effects: [] });
    expect(d.state.seq).toBe(seq);
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'pause')).toHaveLength(1);
  });

  it('fails the step clearly when the executor gives no valid due time', () => {
    const d = drive(fixture('wait'), { pause: { wait: Number.NaN } });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({ code: 'BAD_TIMER', message: 'Wait "Pause" (pause): the due time is not a valid time (NaN)', nodeId: 'pause', stepId: 'pause#1' });
  });

  it('cancels its timer when the run is cancelled', () => {
    const d = start();
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'not needed', at: d.now() });
    expect(t.effects).toEqual([{ type: 'cancelTimer', timerId: 'timer-pause#1' }]);
    expect(d.state.timers).toBeUndefined();
    expect(d.send({ type: 'timer.fired', timerId: 'timer-pause#1', at: d.now() }).log).toEqual([]);
  });
});

describe('user task due date', () => {
  const parked = (name: 'escalation' | 'reminder', escalation: 'interrupting' | 'nonInterrupting') =>
    drive(fixture(name), { approve: { park: { title: 'Approve' }, due: { at: T0 + HOUR, escalation } } });

  it('schedules a due-date timer beside the open task', () => {
    const d = parked('escalation', 'interrupting');
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['approve#1']).toMatchObject({ taskId: 'task-approve#1', timerId: 'approve#1:due' });
    expect(d.effects.slice(-2)).toEqual([
      { type: 'createTask', stepId: 'approve#1', nodeId: 'approve', taskId: 'task-approve#1', task: { title: 'Approve' } },
      { type: 'schedule', timerId: 'approve#1:due', dueAt: T0 + HOUR, stepId: 'approve#1' },
    ]);
  });

  it('interrupting: closes the task as escalated and leaves through escalate', () => {
    const d = parked('escalation', 'interrupting');
    const t = d.fire('approve#1:due');
    expect(t.log.map((r) => r.type)).toEqual(['timer.fired', 'task.escalated', 'step.succeeded', 'edge.taken', 'step.activated']);
    expect(t.effects.slice(0, 2)).toEqual([
      { type: 'escalateTask', taskId: 'task-approve#1', stepId: 'approve#1', mode: 'interrupting' },
      { type: 'closeTask', taskId: 'task-approve#1', status: 'cancelled', reason: 'escalated' },
    ]);
    expect(d.of('step.succeeded').find((r) => r.stepId === 'approve#1')).toMatchObject({ port: 'escalate', output: { escalated: true, taskId: 'task-approve#1' } });
    expect(d.state.live['manager#1']).toMatchObject({ status: 'waiting', taskId: 'task-manager#1' });
    // the person who opens the old task too late changes nothing
    expect(d.send({ type: 'task.completed', stepId: 'approve#1', taskId: 'task-approve#1', outcome: 'ok', data: {}, by: 'ann', at: d.now() }).log).toEqual([]);
    d.decide('manager', 'ok');
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'approve#1', 'manager#1', 'done_manager#1']);
  });

  it('a decision before the due date cancels the timer; a late fire is ignored', () => {
    const d = parked('escalation', 'interrupting');
    d.decide('approve', 'ok');
    expect(d.effects).toContainEqual({ type: 'cancelTimer', timerId: 'approve#1:due' });
    expect(d.state.status).toBe('succeeded');
    expect(d.send({ type: 'timer.fired', timerId: 'approve#1:due', stepId: 'approve#1', at: d.now() }).log).toEqual([]);
  });

  it('non-interrupting: a reminder path runs while the task stays open', () => {
    const d = parked('reminder', 'nonInterrupting');
    const t = d.fire('approve#1:due');
    expect(t.log.map((r) => r.type)).toEqual(['timer.fired', 'task.escalated', 'edge.taken', 'step.activated']);
    expect(t.log[1]).toMatchObject({ interrupting: false });
    expect(t.effects.some((e) => e.type === 'closeTask')).toBe(false);
    expect(d.activated).toEqual(['start#1', 'approve#1', 'nudge#1', 'nudged#1']);
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['approve#1']).toMatchObject({ status: 'waiting', taskId: 'task-approve#1' });
    expect(d.state.live['approve#1']!.timerId).toBeUndefined();
    d.decide('approve', 'ok');
    expect(d.state.status).toBe('succeeded');
    expect(d.activated.at(-1)).toBe('done#1');
  });

  it('reassign: the open task is handed to the group; no token moves and no task closes', () => {
    const d = drive(fixture('approval-due'), { approve: { park: { title: 'Approve' }, due: { at: T0 + HOUR, escalation: 'reassign', reassignTo: 'leads' } } });
    expect(d.state.timers?.['approve#1:due']).toMatchObject({ escalation: 'reassign', reassignTo: 'leads' });
    const t = d.fire('approve#1:due');
    expect(t.log.map((r) => r.type)).toEqual(['timer.fired', 'task.escalated']);
    expect(t.log[1]).toMatchObject({ interrupting: false, mode: 'reassign', reassignedTo: 'leads', taskId: 'task-approve#1' });
    expect(t.effects).toEqual([{ type: 'escalateTask', taskId: 'task-approve#1', stepId: 'approve#1', mode: 'reassign', reassignTo: 'leads' }]);
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['approve#1']).toMatchObject({ status: 'waiting', taskId: 'task-approve#1' });
    d.decide('approve', 'ok');
    expect(d.state.status).toBe('succeeded');
  });

  it('non-interrupting with a group: reminder path and reassignment together', () => {
    const d = drive(fixture('reminder'), { approve: { park: { title: 'Approve' }, due: { at: T0 + HOUR, escalation: 'nonInterrupting', reassignTo: 'leads' } } });
    const t = d.fire('approve#1:due');
    expect(t.log[1]).toMatchObject({ type: 'task.escalated', mode: 'nonInterrupting', reassignedTo: 'leads' });
    expect(t.effects[0]).toEqual({ type: 'escalateTask', taskId: 'task-approve#1', stepId: 'approve#1', mode: 'nonInterrupting', reassignTo: 'leads' });
    expect(d.activated).toEqual(['start#1', 'approve#1', 'nudge#1', 'nudged#1']);
  });

  it('interrupting ignores a group: the closed task is not reassigned', () => {
    const d = drive(fixture('escalation'), { approve: { park: { title: 'Approve' }, due: { at: T0 + HOUR, escalation: 'interrupting', reassignTo: 'leads' } } });
    expect(d.state.timers?.['approve#1:due']?.reassignTo).toBeUndefined();
    const t = d.fire('approve#1:due');
    expect(t.log[1]).not.toHaveProperty('reassignedTo');
    expect(t.effects[0]).toEqual({ type: 'escalateTask', taskId: 'task-approve#1', stepId: 'approve#1', mode: 'interrupting' });
  });

  it('cancelling the run closes the task and cancels its timer', () => {
    const d = parked('escalation', 'interrupting');
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'obsolete', at: d.now() });
    expect(t.effects).toEqual([
      { type: 'closeTask', taskId: 'task-approve#1', status: 'cancelled' },
      { type: 'cancelTimer', timerId: 'approve#1:due' },
    ]);
  });
});

describe('run timeout', () => {
  const timed = (ms: number) => {
    const doc = fixture('linear');
    doc.settings = { runTimeoutMs: ms };
    return doc;
  };

  it('is scheduled when the run starts', () => {
    const d = new Driver(timed(60_000)).start();
    expect(d.log.slice(0, 2).map((r) => r.type)).toEqual(['run.started', 'timer.scheduled']);
    expect(d.effects[0]).toEqual({ type: 'schedule', timerId: 'run-timeout', dueAt: T0 + 60_000 });
    expect(d.state.timers).toEqual({ 'run-timeout': { id: 'run-timeout', kind: 'runTimeout', dueAt: T0 + 60_000 } });
  });

  it('fails the run with RUN_TIMEOUT when it fires, cancelling what runs', () => {
    const d = new Driver(timed(60_000)).start();
    const t = d.fire('run-timeout');
    expect(t.log.map((r) => r.type)).toEqual(['timer.fired', 'step.cancelled', 'run.failed']);
    expect(d.state.error).toEqual({ code: 'RUN_TIMEOUT', message: 'The run took longer than its time limit of 60000 ms (settings.runTimeoutMs)' });
    expect(t.effects).toEqual([{ type: 'cancelJobs', stepIds: ['fetch#1'] }]);
  });

  it('is cancelled when the run ends first', () => {
    const d = drive(timed(60_000));
    expect(d.state.status).toBe('succeeded');
    expect(d.effects.at(-1)).toEqual({ type: 'cancelTimer', timerId: 'run-timeout' });
    expect(d.state.timers).toBeUndefined();
  });

  it('compensates completed steps when it fires', () => {
    const doc = fixture('saga');
    doc.settings = { runTimeoutMs: 10_000 };
    const d = new Driver(doc).start();
    d.send({ type: 'step.completed', stepId: 'reserve#1', attempt: 1, output: null, startedAt: 0, at: d.now() });
    d.fire('run-timeout');
    expect(d.state.status).toBe('compensated');
    expect(d.state.error).toMatchObject({ code: 'RUN_TIMEOUT' });
    expect(d.activated.at(-1)).toBe('release#1');
  });
});
