/**
 * Which rules of a decision table match, given the values of its input columns.
 * Pure (no JSONata here: the executor evaluates input and output expressions).
 */
import { matches, parseUnaryTest, type UnaryTest } from './unary-tests';
import type { HitPolicy } from './definition';

const parsedCache = new Map<string, UnaryTest>();
const CACHE_SIZE = 5000;

function parsed(cell: string): UnaryTest {
  let t = parsedCache.get(cell);
  if (!t) {
    t = parseUnaryTest(cell);
    if (parsedCache.size >= CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value as string);
    parsedCache.set(cell, t);
  }
  return t;
}

/**
 * Indices (0-based, in table order) of the rules whose every input entry holds for
 * the corresponding value. With `FIRST`, stops at the first match.
 * @throws UnaryTestSyntaxError for a cell that does not parse (the validator reports these before publishing).
 */
export function matchingRules(rules: readonly { when: readonly string[] }[], values: readonly unknown[], hitPolicy: HitPolicy): number[] {
  const out: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const when = rules[i]!.when;
    if (values.every((v, j) => matches(parsed(when[j] ?? '-'), v))) {
      out.push(i);
      if (hitPolicy === 'FIRST') break;
    }
  }
  return out;
}
