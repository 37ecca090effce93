/** Bounds on expression evaluation (`limits.ts`) and the linear-time regex engine (`regex.ts`), through `evaluate`. */
import { describe, expect, it } from 'vitest';
import { checkSyntax, evaluate, ExpressionError, type ExpressionScope } from './index';
import { LinearRegExp, regexProblem } from './regex';
import { distinctValues } from './limits';

const scope = (input: unknown = {}): ExpressionScope => ({ input, steps: {}, vars: {}, run: { id: 'r', workflowId: 'w', version: 1, startedAt: '2026-01-01T00:00:00.000Z' } });

async function failure(expression: string, input: unknown = {}): Promise<ExpressionError> {
  try {
    await evaluate(expression, scope(input), 'Transform "T" (t) mapping');
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    return err as ExpressionError;
  }
  throw new Error(`${expression} did not fail`);
}

describe('regular expressions run on RE2', () => {
  it('answers the catastrophic pattern on a long non-matching input at once, with JSONata results as before', async () => {
    const started = performance.now();
    expect(await evaluate('$contains($input.s, /^([a-z]+)+$/)', scope({ s: `${'a'.repeat(20000)}!` }))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await evaluate('$match("abcabc", /(b)(c)/)', scope())).toEqual([
      { match: 'bc', index: 1, groups: ['b', 'c'] },
      { match: 'bc', index: 4, groups: ['b', 'c'] },
    ]);
    expect(await evaluate('$replace("Hello World", /(\\w+) (\\w+)/, "$2 $1")', scope())).toBe('World Hello');
    expect(await evaluate('$split("a1b22c", /\\d+/)', scope())).toEqual(['a', 'b', 'c']);
    expect(await evaluate('$contains("ABC", /b/i)', scope())).toBe(true);
    expect(await evaluate('$match("x😀é", /é/).index', scope())).toBe(3);
  });

  it('refuses backreferences and lookaround with a clear message, when checking and when evaluating', async () => {
    expect(checkSyntax('$contains($input.a, /(?<=a)b/)')?.detail).toMatch(/uses a lookbehind "\(\?<=…\)", which the linear-time engine \(RE2\) does not support/);
    expect(regexProblem('[(?=]x(?!a)', 'u')).toMatch(/negative lookahead/); // only outside a character class
    expect(regexProblem('[(?=]x', 'u')).toBeNull();
    const err = await failure('$contains("aa", /(a)\\1/)');
    expect(err.message).toMatch(/^Transform "T" \(t\) mapping: regular expression \/\(a\)\\1\/ uses a backreference/);
    expect(regexProblem('a(?!b)', 'u')).toMatch(/negative lookahead/);
    expect(regexProblem('^[A-Z]{2}\\d{6}$', 'u')).toBeNull();
  });

  it('LinearRegExp follows RegExp: lastIndex with g, groups, no match', () => {
    const re = new LinearRegExp(/a(b)?/g);
    expect(re.exec('xa ab')).toMatchObject({ 0: 'a', 1: undefined, index: 1 });
    expect(re.lastIndex).toBe(2);
    expect(re.exec('xa ab')).toMatchObject({ 0: 'ab', 1: 'b', index: 3 });
    expect(re.exec('xa ab')).toBeNull();
    expect(re.lastIndex).toBe(0);
    expect(new LinearRegExp('^\\d+$', 'u').test('123')).toBe(true);
  });
});

describe('memory is bounded', () => {
  it('$pad beyond the size limit fails before allocating, with EXPRESSION_LIMIT', async () => {
    const err = await failure('$pad("", 150000000)');
    expect(err.code).toBe('EXPRESSION_LIMIT');
    expect(err.stepCode).toBe('EXPRESSION_LIMIT');
    expect(err.message).toMatch(/larger than the limit of 4194304 characters \(BATON_EXPRESSION_MAX_SIZE\)/);
    expect(await evaluate('$pad("x", 5, "ab") & "|" & $pad("x", -3)', scope())).toBe('xabab|  x');
  });

  it('doubling strings, arrays and self-sharing structures fail at the limit', async () => {
    for (const e of ['$reduce([1..40], function($a, $i) { $a & $a }, "x")', '$reduce([1..40], function($a, $i) { $append($a, $a) }, [1])', '$reduce([1..60], function($a, $i) { [$a, $a] }, "x")', '$string($reduce([1..60], function($a, $i) { {"l": $a, "r": $a} }, "x"))']) {
      expect((await failure(e)).stepCode, e).toBe('EXPRESSION_LIMIT');
    }
  });

  it('ranges and arrays are bounded by the item limit; order-by by a smaller one', async () => {
    expect((await failure('[1..200000]')).stepCode).toBe('EXPRESSION_LIMIT');
    expect((await failure('$count($input.items)', { items: new Array(100_001).fill(1) })).stepCode).toBe('EXPRESSION_LIMIT');
    expect(await evaluate('$count([1..100000])', scope())).toBe(100000);
    expect((await failure('[1..6000]^($)')).stepCode).toBe('EXPRESSION_LIMIT');
    expect(await evaluate('[3, 1, 2]^($)', scope())).toEqual([1, 2, 3]);
  });

  it('$sort and $distinct keep their results, in O(n log n)', async () => {
    expect(await evaluate('$sort([5, 3, 1, 4])', scope())).toEqual([1, 3, 4, 5]);
    expect(await evaluate('$sort(["b", "a", "c"], function($l, $r) { $l < $r })', scope())).toEqual(['c', 'b', 'a']);
    expect(await evaluate('$sort($input, function($l, $r) { $l.k > $r.k }).v', scope([{ k: 2, v: 'a' }, { k: 1, v: 'b' }, { k: 2, v: 'c' }]))).toEqual(['b', 'a', 'c']);
    expect((await failure('$sort([1, "a"])')).code).toBe('D3070');
    expect(await evaluate('$count($sort([1..100000]))', scope())).toBe(100000);
    expect(distinctValues([1, '1', 1, { a: 1, b: [2] }, { b: [2], a: 1 }, null, null])).toEqual([1, '1', { a: 1, b: [2] }, null]);
    expect(await evaluate('$count($distinct([1..100000]))', scope())).toBe(100000);
  });
});

describe('running time', () => {
  it('a runaway computation stops at the time limit while timers keep firing', async () => {
    let ticks = 0;
    let worstGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const t = performance.now();
      worstGap = Math.max(worstGap, t - last);
      last = t;
      ticks++;
    }, 5);
    const err = await failure('($f := function($n) { $n <= 1 ? $n : $f($n - 1) + $f($n - 2) }; $f(40))');
    clearInterval(timer);
    expect(err.stepCode).toBe('EXPRESSION_LIMIT');
    expect(err.message).toMatch(/evaluation ran longer than the limit of 1000 ms \(BATON_EXPRESSION_TIMEOUT_MS\)/);
    expect(ticks).toBeGreaterThan(5);
    expect(worstGap).toBeLessThan(200);
  });
});
