import { describe, expect, it } from 'vitest';
import { addInput, addOutput, addRule, duplicateRule, moveInput, moveOutput, moveRule, normalizeTable, removeInput, removeOutput, removeRule, setCell, updateInput } from './decision-table';

const base = normalizeTable({
  inputs: [{ label: 'Amount', expression: '$input.amount' }, { label: 'Tier', expression: '$input.tier' }],
  outputs: [{ name: 'approval' }],
  rules: [
    { when: ['< 10', '"gold"'], then: ['"auto"'], note: 'a' },
    { when: ['>= 10'], then: [], note: 'b' },
  ],
});

describe('decision table edits keep cells aligned with columns', () => {
  it('normalize pads missing cells and never drops extra ones', () => {
    expect(base.rules[1]).toEqual({ when: ['>= 10', '-'], then: [''], note: 'b' });
    expect(normalizeTable({ inputs: [{ label: 'A', expression: '1' }], outputs: [], rules: [{ when: ['1', '2'], then: ['x'] }] }).rules[0]).toEqual({ when: ['1', '2'], then: ['x'], note: '' });
    expect(normalizeTable(null)).toEqual({ inputs: [], outputs: [], rules: [] });
  });

  it('adds, moves and removes input columns in every rule', () => {
    const added = addInput(base, 1);
    expect(added.inputs.map((i) => i.label)).toEqual(['Amount', 'Input 3', 'Tier']);
    expect(added.rules.map((r) => r.when)).toEqual([['< 10', '-', '"gold"'], ['>= 10', '-', '-']]);
    const moved = moveInput(base, 0, 1);
    expect(moved.inputs.map((i) => i.label)).toEqual(['Tier', 'Amount']);
    expect(moved.rules[0]!.when).toEqual(['"gold"', '< 10']);
    const removed = removeInput(base, 0);
    expect(removed.rules.map((r) => r.when)).toEqual([['"gold"'], ['-']]);
    expect(updateInput(base, 1, { expression: '$input.level' }).inputs[1]).toEqual({ label: 'Tier', expression: '$input.level' });
  });

  it('adds, moves and removes output columns in every rule, with fresh names', () => {
    const added = addOutput(addOutput(base));
    expect(added.outputs.map((o) => o.name)).toEqual(['approval', 'output2', 'output3']);
    expect(added.rules[0]!.then).toEqual(['"auto"', '', '']);
    const moved = moveOutput(setCell(added, 0, 'then', 2, '5'), 2, 0);
    expect(moved.outputs[0]!.name).toBe('output3');
    expect(moved.rules[0]!.then).toEqual(['5', '"auto"', '']);
    expect(removeOutput(base, 0).rules[0]!.then).toEqual([]);
  });

  it('adds, duplicates, reorders and removes rules', () => {
    const t = addRule(base, 0);
    expect(t.rules[0]).toEqual({ when: ['-', '-'], then: [''], note: '' });
    expect(duplicateRule(base, 0).rules.map((r) => r.note)).toEqual(['a', 'a', 'b']);
    expect(moveRule(base, 1, 0).rules.map((r) => r.note)).toEqual(['b', 'a']);
    expect(moveRule(base, 0, 99).rules.map((r) => r.note)).toEqual(['b', 'a']);
    expect(removeRule(base, 0).rules.map((r) => r.note)).toEqual(['b']);
    expect(setCell(base, 1, 'note', 0, 'changed').rules[1]!.note).toBe('changed');
    expect(base.rules[1]!.note).toBe('b');
  });
});
