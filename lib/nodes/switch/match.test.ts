import { describe, expect, it } from 'vitest';
import { caseMatches } from './match';

describe('switch case matching', () => {
  it.each([
    ['gold', 'gold', false, true],
    ['gold', ' gold ', false, true],
    ['gold', '"gold"', false, true],
    ['Gold', 'gold', false, false],
    ['Gold', 'gold', true, true],
    ['42', '42', false, true],
    [42, '42', false, true],
    [42, '42.0', false, true],
    [42, '"42"', false, false],
    [42, 'forty-two', false, false],
    [0, '', false, false],
    [true, 'true', false, true],
    [false, 'true', false, false],
    [null, 'null', false, true],
    [undefined, 'null', false, true],
    [null, '', false, false],
    [{ a: [1, 2] }, '{"a":[1,2]}', false, true],
    [{ a: [1, 2] }, '{"a":[2,1]}', false, false],
    [[1], '[1]', false, true],
    [[1], 'not json', false, false],
  ])('%j vs %j (ignore case %s) → %s', (value, text, ignoreCase, expected) => {
    expect(caseMatches(value, text, ignoreCase)).toBe(expected);
  });
});
