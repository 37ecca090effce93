import { describe, expect, it } from 'vitest';
import { connectionError, connectionToEdge } from './connect';
import { approvalDoc, doc, edge, node } from './test-helpers';

const base = () =>
  doc(
    [node('start', 'manualTrigger', {}, 'Start'), node('h', 'http', { url: '/x' }, 'Call'), node('split', 'parallelSplit'), node('a', 'end'), node('b', 'end')],
    [edge('e1', 'start', 'h'), edge('e2', 'split', 'a')],
  );

describe('connectionError', () => {
  it('accepts an output → input connection', () => {
    expect(connectionError(base(), { source: 'h', sourceHandle: 'out', target: 'a', targetHandle: 'in' })).toBeNull();
  });

  it('refuses self loops', () => {
    expect(connectionError(base(), { source: 'h', sourceHandle: 'out', target: 'h', targetHandle: 'in' })).toMatch(/cannot connect to itself/);
  });

  it('refuses edges into a trigger', () => {
    expect(connectionError(base(), { source: 'h', sourceHandle: 'out', target: 'start', targetHandle: null })).toMatch(/no input/);
  });

  it('refuses a second edge out of the same port, except from a parallel split', () => {
    expect(connectionError(base(), { source: 'start', sourceHandle: 'out', target: 'a', targetHandle: 'in' })).toMatch(/already connected; only a parallel split/);
    expect(connectionError(base(), { source: 'split', sourceHandle: 'out', target: 'b', targetHandle: 'in' })).toBeNull();
    expect(connectionError(base(), { source: 'split', sourceHandle: 'out', target: 'a', targetHandle: 'in' })).toMatch(/already connected to/);
  });

  it('names the port of a node with several outputs', () => {
    expect(connectionError(approvalDoc(), { source: 'review', sourceHandle: 'approve', target: 'no', targetHandle: 'in' })).toMatch(/Output "Approve" of User task "Review"/);
    expect(connectionError(approvalDoc(), { source: 'review', sourceHandle: 'nope', target: 'no', targetHandle: 'in' })).toMatch(/no output "nope"/);
  });

  it('refuses unknown nodes', () => {
    expect(connectionError(base(), { source: 'h', target: 'ghost' })).toMatch(/must be nodes/);
    expect(connectionError(base(), { source: null, target: 'h' })).not.toBeNull();
  });
});

describe('connectionToEdge', () => {
  it('makes a document edge with a fresh id and default ports', () => {
    expect(connectionToEdge(base(), { source: 'h', sourceHandle: null, target: 'a', targetHandle: null })).toEqual({
      id: 'e3',
      source: 'h',
      sourcePort: 'out',
      target: 'a',
      targetPort: 'in',
    });
  });
});
