import { describe, expect, it } from 'vitest';
import { isSidePort, nodeOutputs, splitOutputs } from './ports';

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
