/** Decision table cells: DMN 1.3 FEEL unary tests evaluated by feelin, and the rule matching of hit policies. */
import { describe, expect, it } from 'vitest';
import { checkUnaryTest, matches, parseUnaryTest } from './unary-tests';
import { matchingRules } from './evaluate';

const test = (cell: string, value: unknown) => matches(parseUnaryTest(cell), value);

describe('unary tests: matching', () => {
  it.each([
    ['-', 42, true],
    ['', 'anything', true],
    ['  -  ', null, true],
    ['5', 5, true],
    ['5', '5', false],
    ['-5', -5, true],
    ['"gold"', 'gold', true],
    ['"gold"', 'Gold', false],
    ['true', true, true],
    ['false', true, false],
    ['null', null, true],
    ['null', undefined, true],
    ['< 10', 9.99, true],
    ['< 10', 10, false],
    ['<= 10', 10, true],
    ['> 10', 11, true],
    ['>= 10', 10, true],
    ['< 10', '9', false],
    ['< 10', 'x', false],
    ['< "b"', 'a', true],
    ['>= "2025-01-01"', '2025-06-30', true],
    ['[1..10]', 1, true],
    ['[1..10]', 10, true],
    ['(1..10)', 1, false],
    ['(1..10)', 10, false],
    [']1..10[', 5, true],
    [']1..10[', 10, false],
    ['[1..10)', 10, false],
    ['[1..10]', '5', false],
    ['[1..10]', 'five', false],
    ['["a".."m"]', 'k', true],
    ['"gold","platinum"', 'platinum', true],
    ['"gold","platinum"', 'silver', false],
    ['< 0, > 100', 150, true],
    ['< 0, > 100', 50, false],
    ['< 10, "gold"', 'gold', true],
    ['not(< 10, "gold")', 'silver', true],
    ['not(< 10, "gold")', 5, false],
    ['not("gold","platinum")', 'silver', true],
    ['not("gold","platinum")', 'gold', false],
    ['not([1..10])', 11, true],
    ['? > 5 and ? < 10', 7, true],
    ['? > 5 and ? < 10', 10, false],
  ])('%s against %j → %s', (cell, value, expected) => {
    expect(test(cell, value)).toBe(expected);
  });

  it('does not throw for values FEEL cannot compare', () => {
    expect(test('< 10', { a: 1 })).toBe(false);
    expect(test('"a"', { a: 1 })).toBe(false);
  });
});

describe('unary tests: problems', () => {
  it.each([
    ['gold', 'text must be in double quotes: write "gold"', 0],
    ['[1..', 'incomplete range', 4],
    ['< ', 'incomplete comparison', 2],
    ['1 2', 'unexpected text in this test', 2],
    ['not(', 'incomplete test', 4],
  ])('%j: %s at %i', (cell, detail, position) => {
    const err = checkUnaryTest(cell);
    expect(err).not.toBeNull();
    expect(err!.detail).toBe(detail);
    expect(err!.position).toBe(position);
    expect(err!.message).toBe(`${detail} (at position ${position + 1})`);
  });

  it('accepts every valid form', () => {
    for (const cell of ['-', '', '5', '"a"', '< 10', '[1..10]', '"a","b"', 'not("a")', '? > 1']) expect(checkUnaryTest(cell)).toBeNull();
  });
});

describe('matchingRules', () => {
  const rules = [{ when: ['< 1000', '-'] }, { when: ['[1000..10000]', '"gold","platinum"'] }, { when: ['[1000..10000]', 'not("gold","platinum")'] }, { when: ['> 10000', '-'] }];

  it('FIRST stops at the first matching rule', () => {
    expect(matchingRules([...rules, { when: ['-', '-'] }], [500, 'silver'], 'FIRST')).toEqual([0]);
  });

  it('UNIQUE and COLLECT return every matching rule in table order', () => {
    const overlapping = [...rules, { when: ['-', '"gold"'] }];
    expect(matchingRules(overlapping, [5000, 'gold'], 'UNIQUE')).toEqual([1, 4]);
    expect(matchingRules(overlapping, [5000, 'gold'], 'COLLECT')).toEqual([1, 4]);
  });

  it('finds no rule when none matches', () => {
    expect(matchingRules(rules.slice(0, 1), [5000, 'gold'], 'COLLECT')).toEqual([]);
  });
});
