/** Sequential flow: linear runs, exclusive gateways, back edges. */
import { describe, expect, it } from 'vitest';
import { drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import type { WorkflowDocument } from '../workflow/document';

describe('linear flow', () => {
  const d = drive(fixture('linear'), { fetch: { output: { status: 200 } }, shape: { output: 'shaped' }, done: { output: { ok: true } } }, { id: 7 });

  it('activates each node once, in order, and succeeds with the end output', () => {
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'shape#1', 'done#1']);
    expect(d.state.status).toBe('succeeded');
    expect(d.state.output).toEqual({ ok: true });
    expect(d.state.live).toEqual({});
    expect(d.state.endedAt).toBe(d.log.at(-1)!.at);
  });

  it('logs the trigger completing at once with the run input, then the tokens', () => {
    expect(d.types.slice(0, 6)).toEqual(['run.started', 'step.activated', 'step.succeeded', 'edge.taken', 'step.activated', 'step.succeeded']);
    expect(d.log[0]).toMatchObject({ type: 'run.started', input: { id: 7 }, seq: 1 });
    expect(d.log[2]).toMatchObject({ type: 'step.succeeded', stepId: 'start#1', output: { id: 7 }, port: 'out' });
    expect(d.log[3]).toMatchObject({ type: 'edge.taken', edgeId: 'e_start_fetch', fromStepId: 'start#1' });
    expect(d.log[4]).toMatchObject({ type: 'step.activated', stepId: 'fetch#1', nodeId: 'fetch', edgeId: 'e_start_fetch' });
    expect(d.of('step.succeeded').map((r) => [r.stepId, r.output])).toEqual([
      ['start#1', { id: 7 }],
      ['fetch#1', { status: 200 }],
      ['shape#1', 'shaped'],
      ['done#1', { ok: true }],
    ]);
    expect(d.log.at(-1)).toMatchObject({ type: 'run.succeeded', output: { ok: true } });
  });

  it('emits one execute effect per executing step', () => {
    expect(d.effects).toEqual([
      { type: 'execute', stepId: 'fetch#1', nodeId: 'fetch', attempt: 1 },
      { type: 'execute', stepId: 'shape#1', nodeId: 'shape', attempt: 1 },
      { type: 'execute', stepId: 'done#1', nodeId: 'done', attempt: 1 },
    ]);
  });
});

describe('exclusive gateway', () => {
  it.each([
    ['high', ['start#1', 'score#1', 'route#1', 'fast#1', 'end_high#1'], 'approved'],
    ['low', ['start#1', 'score#1', 'route#1', 'review#1', 'end_low#1'], 'rejected'],
    ['default', ['start#1', 'score#1', 'route#1', 'fallback#1', 'end_mid#1'], 'referred'],
  ])('takes the %s branch only', (port, steps, output) => {
    const d = drive(fixture('exclusive'), {
      route: { output: { branch: port }, port },
      end_high: { output: 'approved' },
      end_low: { output: 'rejected' },
      end_mid: { output: 'referred' },
    });
    expect(d.activated).toEqual(steps);
    expect(d.state.status).toBe('succeeded');
    expect(d.state.output).toBe(output);
    expect(d.of('step.succeeded').find((r) => r.stepId === 'route#1')).toMatchObject({ port, output: { branch: port } });
    expect(d.of('edge.taken').map((r) => r.edgeId)).toContain(port === 'high' ? 'e_route_high_fast' : port === 'low' ? 'e_route_low_review' : 'e_route_default_fallback');
  });

  it.each([
    ['default', 'Exclusive gateway "Route" (route): no condition held and no default branch is connected'],
    ['maybe', 'Exclusive gateway "Route" (route): branch "maybe" has no outgoing edge'],
  ])('fails the step and the run when port %s has no edge', (port, message) => {
    const d = drive(fixture('exclusive-no-default'), { route: { output: { branch: port }, port } });
    const error = { code: 'NO_BRANCH', message, nodeId: 'route', stepId: 'route#1' };
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual(error);
    expect(d.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
    expect(d.log.at(-2)).toMatchObject({ type: 'step.failed', stepId: 'route#1', attempt: 1, error });
    expect(d.of('step.succeeded').map((r) => r.stepId)).toEqual(['start#1']);
    expect(d.activated).toEqual(['start#1', 'route#1']);
  });
});

describe('switch without a default edge', () => {
  const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string) => ({ id, type, label, position: { x: 0, y: 0 }, config });
  const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, target, sourcePort, targetPort: 'in' });
  const doc: WorkflowDocument = {
    schemaVersion: 1, name: 's', description: '',
    nodes: [node('start', 'manualTrigger'), node('tier', 'switch', {}, 'Tier'), node('gold', 'end')],
    edges: [edge('e1', 'start', 'tier'), edge('e2', 'tier', 'gold', 'gold')],
  };

  it.each([
    ['default', 'Switch "Tier" (tier): no condition held and no default branch is connected'],
    ['silver', 'Switch "Tier" (tier): branch "silver" has no outgoing edge'],
  ])('names the node a Switch, not a gateway, when port %s has no edge', (port, message) => {
    const d = drive(doc, { tier: { output: { case: port }, port } });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({ code: 'NO_BRANCH', message, nodeId: 'tier', stepId: 'tier#1' });
    expect(d.activated).toEqual(['start#1', 'tier#1']);
  });
});

describe('back edge (loop through an exclusive gateway)', () => {
  it('creates n#2, n#3 steps and keeps merged vars', () => {
    const d = drive(fixture('loop'), {
      work: (n) => ({ output: n, vars: { count: n } }),
      check: (n) => ({ port: n < 3 ? 'again' : 'default' }),
      done: { output: 'finished' },
    });
    expect(d.activated).toEqual(['start#1', 'work#1', 'check#1', 'work#2', 'check#2', 'work#3', 'check#3', 'done#1']);
    expect(d.state.activations).toEqual({ start: 1, work: 3, check: 3, done: 1 });
    expect(d.state.vars).toEqual({ count: 3 });
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.activated').filter((r) => r.nodeId === 'work').map((r) => r.edgeId)).toEqual(['e_start_work', 'e_check_again_work', 'e_check_again_work']);
  });
});
