/** The unary-test language of decision table cells (a subset of DMN 1.3 FEEL simple unary tests). */
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
    ['1.5e2', 150, true],
    ['"gold"', 'gold', true],
    ['"gold"', 'Gold', false],
    ['"say \\"hi\\""', 'say "hi"', true],
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
    ['["a".."m"]', 'k', true],
    ['"a", "b", "c"', 'b', true],
    ['"a", "b", "c"', 'd', false],
    ['< 0, > 100', 150, true],
    ['< 0, > 100', 50, false],
    ['not("a", "b")', 'c', true],
    ['not("a", "b")', 'a', false],
    ['not([1..5])', 7, true],
    ['not ( < 3 )', 2, false],
    ['[1..10]', null, false],
    ['> 3', [5], false],
  ])('%s on %j → %s', (cell, value, expected) => {
    expect(test(cell, value)).toBe(expected);
  });
});

describe('unary tests: syntax errors name what is wrong and where', () => {
  it.each([
    ['gold', /text must be in double quotes: write "gold" \(at position 1\)/],
    ['< ', /expected a number or a string after "<" \(at position 3\)/],
    ['"open', /string is not closed/],
    ["'x'", /double quotes/],
    ['[1..', /expected the end of the range/],
    ['[1 10]', /expected "\.\." between/],
    ['[1.."z"]', /both ends of a range must be numbers, or both strings \(at position 5\)/],
    ['[1..10', /to close the range/],
    ['not(1', /expected "\)" to close not\(/],
    ['1 2', /expected "," between tests \(at position 3\)/],
    ['= 5', /without "="/],
    ['!= 5', /not\(\.\.\.\)/],
    ['< true', /compares numbers or strings/],
    ['1,', /expected a test|expected a number/],
    ['"a\\q"', /unknown escape/],
  ])('%s', (cell, message) => {
    const err = checkUnaryTest(cell);
    expect(err).not.toBeNull();
    expect(err!.message).toMatch(message);
  });

  it('valid cells have no error', () => {
    for (const c of ['-', '', '1', '"x"', 'not(1, 2)', '[1..2]', '<= -3.5', 'null', 'true']) expect(checkUnaryTest(c), c).toBeNull();
  });
});

describe('matchingRules', () => {
  const rules = [{ when: ['< 18', '-'] }, { when: ['[18..65]', '"gold", "platinum"'] }, { when: ['[18..65]', '-'] }, { when: ['> 65', 'not("basic")'] }];
  it('FIRST stops at the first match; UNIQUE and COLLECT see all', () => {
    expect(matchingRules(rules, [30, 'gold'], 'FIRST')).toEqual([1]);
    expect(matchingRules(rules, [30, 'gold'], 'UNIQUE')).toEqual([1, 2]);
    expect(matchingRules(rules, [30, 'basic'], 'COLLECT')).toEqual([2]);
    expect(matchingRules(rules, [70, 'basic'], 'COLLECT')).toEqual([]);
  });
});
