/** Inclusive gateway and join (BPMN 2.0 §10.6.3): the join waits for exactly the branches that were started. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import type { WorkflowDocument } from '../workflow/document';

describe('inclusive gateway with its join', () => {
  it.each([
    ['one branch', ['a'], ['x#1']],
    ['two branches', ['a', 'c'], ['x#1', 'z#1']],
    ['all branches', ['a', 'b', 'c'], ['x#1', 'y#1', 'z#1']],
    ['the default', ['default'], ['w#1']],
  ])('%s: starts exactly those, and the join fires once after all of them', (_, ports, steps) => {
    const d = drive(fixture('inclusive'), { gw: { ports, output: { branches: ports } } });
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'gw#1', ...steps, 'join#1', 'done#1']);
    expect(d.batches[1]).toEqual(steps);
    expect(d.of('step.succeeded').find((r) => r.stepId === 'gw#1')).toMatchObject({ port: ports[0], ports });
    expect(d.of('join.arrived').map((r) => [r.arrived, r.expected])).toEqual(steps.map((_, i) => [i + 1, steps.length]));
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'join')).toHaveLength(1);
    expect(d.state.forks).toEqual({});
  });

  it('keeps the join waiting until the last started branch arrives', () => {
    const d = new Driver(fixture('inclusive'), {}).start();
    d.send({ type: 'step.completed', stepId: 'gw#1', attempt: 1, output: null, ports: ['a', 'b'], startedAt: 0, at: d.now() });
    expect(d.state.forks).toEqual({ f1: { id: 'f1', splitStepId: 'gw#1', expected: 2, arrived: {} } });
    d.send({ type: 'step.completed', stepId: 'y#1', attempt: 1, output: null, startedAt: 0, at: d.now() });
    expect(d.state.live['join#1']).toMatchObject({ status: 'waiting' });
    expect(d.state.status).toBe('running');
    const t = d.send({ type: 'step.completed', stepId: 'x#1', attempt: 1, output: null, startedAt: 0, at: d.now() });
    expect(t.effects).toEqual([{ type: 'execute', stepId: 'done#1', nodeId: 'done', attempt: 1 }]);
  });

  it('treats a single port (no `ports`) like one branch, and repeated ports once', () => {
    const single = drive(fixture('inclusive'), { gw: { port: 'b' } });
    expect(single.activated).toEqual(['start#1', 'gw#1', 'y#1', 'join#1', 'done#1']);
    const dup = drive(fixture('inclusive'), { gw: { ports: ['c', 'c'] } });
    expect(dup.activated).toEqual(['start#1', 'gw#1', 'z#1', 'join#1', 'done#1']);
  });

  const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config });
  const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, target, sourcePort, targetPort: 'in' });

  it.each([
    ['default', 'Inclusive gateway "gw": no condition held and no default branch is connected'],
    ['ghost', 'Inclusive gateway "gw": branch "ghost" has no outgoing edge'],
  ])('fails clearly when chosen port %s has no edge', (port, message) => {
    const doc: WorkflowDocument = {
      schemaVersion: 1, name: 'i', description: '',
      nodes: [node('start', 'manualTrigger'), node('gw', 'inclusiveGateway'), node('x', 'transform'), node('join', 'inclusiveJoin'), node('done', 'end')],
      edges: [edge('e1', 'start', 'gw'), edge('e2', 'gw', 'x', 'a'), edge('e3', 'x', 'join'), edge('e4', 'join', 'done')],
    };
    const d = drive(doc, { gw: { ports: ['a', port] } });
    expect(d.state.error).toEqual({ code: 'NO_BRANCH', message, nodeId: 'gw', stepId: 'gw#1' });
    expect(d.activated).toEqual(['start#1', 'gw#1']);
  });

  it('fails a token reaching an inclusive join without a gateway', () => {
    const doc: WorkflowDocument = {
      schemaVersion: 1, name: 'i', description: '',
      nodes: [node('start', 'manualTrigger'), node('join', 'inclusiveJoin'), node('done', 'end')],
      edges: [edge('e1', 'start', 'join'), edge('e2', 'join', 'done')],
    };
    const d = drive(doc);
    expect(d.state.error).toMatchObject({ code: 'JOIN_WITHOUT_SPLIT', nodeId: 'join' });
    expect(d.state.error!.message).toMatch(/^Inclusive join "join" was reached by a token that did not come from an inclusive gateway/);
  });
});
