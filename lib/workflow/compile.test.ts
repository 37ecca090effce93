import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { WorkflowDefinitionError } from '../engine/errors';
import { fixture } from '../engine/__tests__/fixtures';
import type { WorkflowDocument } from './document';

const node = (id: string, type: string, label?: string) => ({ id, type, label, position: { x: 0, y: 0 }, config: {} });
const doc = (nodes: WorkflowDocument['nodes'], edges: WorkflowDocument['edges'] = []): WorkflowDocument => ({ schemaVersion: 1, name: 't', description: '', nodes, edges });

describe('compile', () => {
  it('indexes nodes with their behaviour and outgoing edges by node and port, in document order', () => {
    const def = compile(fixture('exclusive'));
    expect(def.triggerId).toBe('start');
    expect(def.nodes.route).toEqual({ id: 'route', type: 'exclusiveGateway', typeLabel: 'Exclusive gateway', label: 'Route by score', behavior: 'exclusive' });
    expect(Object.keys(def.outgoing.route!)).toEqual(['high', 'low', 'default']);
    expect(def.outgoing.route!.high!.map((e) => e.target)).toEqual(['fast']);
    expect(def.outgoing.end_high).toEqual({});
    expect(compile(fixture('parallel-5')).outgoing.split!.out!.map((e) => e.target)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('falls back to the node id as label', () => {
    expect(compile(doc([node('s', 'manualTrigger')])).nodes.s!.label).toBe('s');
  });

  it.each([
    ['no trigger', doc([node('a', 'transform')]), 'NO_TRIGGER', /no trigger/],
    ['two triggers', doc([node('s1', 'manualTrigger'), node('s2', 'manualTrigger')]), 'MULTIPLE_TRIGGERS', /2 triggers \(s1, s2\)/],
    ['unknown type', doc([node('s', 'manualTrigger'), node('x', 'ftp', 'Upload')]), 'UNKNOWN_NODE_TYPE', /Node "Upload" \(x\) has unknown type "ftp"/],
    [
      'edge to a missing node',
      doc([node('s', 'manualTrigger')], [{ id: 'e', source: 's', sourcePort: 'out', target: 'ghost', targetPort: 'in' }]),
      'UNKNOWN_NODE',
      /missing node "ghost"/,
    ],
  ])('rejects a definition with %s', (_, d, code, message) => {
    let error: unknown;
    try {
      compile(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as WorkflowDefinitionError).code).toBe(code);
    expect((error as WorkflowDefinitionError).name).toBe('WorkflowDefinitionError');
    expect((error as Error).message).toMatch(message);
  });
});
