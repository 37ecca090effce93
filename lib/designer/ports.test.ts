import { describe, expect, it } from 'vitest';
import { isSidePort, nodeInputs, nodeOutputs, nodeSummary, splitOutputs } from './ports';

describe('splitOutputs', () => {
  it('keeps a task node to one primary `out` and moves error/compensation to the sides', () => {
    const { main, side } = splitOutputs(nodeOutputs('http', {}));
    expect(main.map((p) => p.id)).toEqual(['out']);
    expect(side.map((p) => [p.id, p.label])).toEqual([
      ['error', 'on error'],
      ['compensation', 'compensate'],
    ]);
    expect(splitOutputs(nodeOutputs('wait', {})).side.map((p) => p.id)).toEqual(['error']);
  });

  it('keeps every gateway branch and user task outcome primary, optional default included', () => {
    const g = splitOutputs(nodeOutputs('exclusiveGateway', { branches: [{ id: 'big', label: 'Big', condition: '1' }] }));
    expect(g.main.map((p) => p.id)).toEqual(['big', 'default']);
    expect(g.side).toEqual([]);
    const u = splitOutputs(nodeOutputs('userTask', { title: 'T', outcomes: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] }));
    expect(u.main.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('treats a required port named error as primary', () => {
    expect(isSidePort({ id: 'error', label: 'x', required: true })).toBe(false);
    expect(isSidePort({ id: 'error', label: 'x' })).toBe(true);
    expect(isSidePort({ id: 'other', label: 'x' })).toBe(false);
  });
});

describe('ports and summary from one parse per config object', () => {
  it('gives the same ports for the same config object asked again, and a new config its own', () => {
    const config = { branches: [{ id: 'big', label: 'Big', condition: '1' }] };
    const first = nodeOutputs('exclusiveGateway', config).map((p) => p.id);
    expect(nodeOutputs('exclusiveGateway', config).map((p) => p.id)).toEqual(first);
    expect(nodeInputs('exclusiveGateway', config).map((p) => p.id)).toEqual(['in']);
    const edited = { branches: [...config.branches, { id: 'small', label: 'Small', condition: '0' }] };
    expect(nodeOutputs('exclusiveGateway', edited).map((p) => p.id)).toEqual(['big', 'small', 'default']);
  });

  it('reads one config object as each node type that asks: the type is part of what is remembered', () => {
    const shared = { title: 'T', outcomes: [{ id: 'ok', label: 'OK' }] };
    expect(nodeOutputs('userTask', shared).map((p) => p.id)).toEqual(['ok']);
    expect(nodeOutputs('http', shared).map((p) => p.id)).toEqual(['out', 'error', 'compensation']);
    expect(nodeSummary('userTask', shared)).toBe(nodeSummary('userTask', { ...shared }));
  });
});
