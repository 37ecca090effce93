/** Parallel split/join (BPMN parallel gateway) token semantics. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';

describe.each([
  ['parallel-2', 2],
  ['parallel-5', 5],
] as const)('%s', (name, n) => {
  const branches = Array.from({ length: n }, (_, i) => `b${i + 1}#1`);

  it('emits the execute effects of every branch in one transition', () => {
    const d = drive(fixture(name));
    expect(d.batches[0]).toEqual(branches);
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'split#1', ...branches, 'join#1', 'done#1']);
  });

  it('fires the join exactly once, after every branch arrived', () => {
    const d = drive(fixture(name));
    const joinIdx = d.log.findIndex((r) => r.type === 'step.succeeded' && r.nodeId === 'join');
    const lastBranchDone = Math.max(...branches.map((b) => d.log.findIndex((r) => r.type === 'step.succeeded' && r.stepId === b)));
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'join')).toHaveLength(1);
    expect(d.of('step.activated').filter((r) => r.nodeId === 'join')).toHaveLength(1);
    expect(joinIdx).toBeGreaterThan(lastBranchDone);
    expect(d.of('join.arrived').map((r) => [r.stepId, r.forkId, r.arrived, r.expected])).toEqual(
      branches.map((_, i) => ['join#1', 'f1', i + 1, n]),
    );
    expect(d.of('step.activated').find((r) => r.stepId === 'done#1')!.seq).toBeGreaterThan(d.log[joinIdx]!.seq);
    expect(d.state.forks).toEqual({});
  });

  it('keeps the run running with the join waiting until the last branch completes', () => {
    const d = new Driver(fixture(name)).start();
    expect(d.state.forks).toEqual({ f1: { id: 'f1', splitStepId: 'split#1', expected: n, arrived: {} } });
    for (const [i, b] of branches.entries()) {
      const t = d.send({ type: 'step.completed', stepId: b, attempt: 1, output: i, startedAt: d.now(), at: d.now() });
      if (i < n - 1) {
        expect(d.state.status).toBe('running');
        expect(d.state.live['join#1']).toMatchObject({ status: 'waiting', nodeId: 'join', forks: [] });
        expect(d.state.forks.f1!.arrived).toEqual({ join: { stepId: 'join#1', count: i + 1 } });
        expect(t.effects).toEqual([]);
      } else {
        expect(t.effects).toEqual([{ type: 'execute', stepId: 'done#1', nodeId: 'done', attempt: 1 }]);
        expect(d.state.live['join#1']).toBeUndefined();
      }
    }
  });
});

describe('a split nested inside a branch of another split', () => {
  const d = drive(fixture('nested-split'));

  it('runs both levels and succeeds', () => {
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual([
      // b reaches the outer join first, which creates (activates) the outer join's step early
      'start#1', 'outer#1', 'a1#1', 'b#1', 'inner#1', 'x#1', 'y#1', 'outer_join#1', 'inner_join#1', 'a2#1', 'done#1',
    ]);
  });

  it('pairs each join with its own fork and fires each once, inner before outer', () => {
    expect(d.of('join.arrived').map((r) => [r.nodeId, r.forkId, r.arrived, r.expected])).toEqual([
      ['outer_join', 'f1', 1, 2], // b finished first (FIFO driver)
      ['inner_join', 'f2', 1, 2],
      ['inner_join', 'f2', 2, 2],
      ['outer_join', 'f1', 2, 2],
    ]);
    const fired = d.of('step.succeeded').filter((r) => r.nodeId.endsWith('join')).map((r) => r.stepId);
    expect(fired).toEqual(['inner_join#1', 'outer_join#1']);
  });

  it('gives inner branch steps both forks, and pops the inner one at its join', () => {
    const live = new Driver(fixture('nested-split')).start();
    live.send({ type: 'step.completed', stepId: 'a1#1', attempt: 1, output: null, startedAt: 0, at: live.now() });
    expect(live.state.live['x#1']!.forks).toEqual(['f1', 'f2']);
    expect(live.state.live['b#1']!.forks).toEqual(['f1']);
    live.send({ type: 'step.completed', stepId: 'x#1', attempt: 1, output: null, startedAt: 0, at: live.now() });
    expect(live.state.live['inner_join#1']!.forks).toEqual(['f1']);
    live.send({ type: 'step.completed', stepId: 'y#1', attempt: 1, output: null, startedAt: 0, at: live.now() });
    expect(live.state.live['a2#1']!.forks).toEqual(['f1']);
    expect(Object.keys(live.state.forks)).toEqual(['f1']);
  });
});
