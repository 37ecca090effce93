/**
 * Expressions whose single steps are slow or whose values add up: each fails with
 * EXPRESSION_LIMIT (or succeeds) without holding the event loop for long, measured by
 * the longest gap between the ticks of a 5 ms timer. See `lib/expressions/limits.ts` and `regex.ts`. Runs in the isolated pass: the gaps it measures need an otherwise idle machine.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, type ExpressionScope } from '@/lib/expressions';
import { LIMITS } from '@/lib/expressions/limits';

const scope = (input: unknown = {}): ExpressionScope => ({ input, steps: {}, vars: {}, run: { id: 'r', workflowId: 'w', version: 1, startedAt: '2026-01-01T00:00:00.000Z' } });

/** Evaluates `expression` while a 5 ms timer ticks; returns the result or the ExpressionError, the longest gap between ticks (ms) and the highest RSS growth seen at a tick (bytes). */
async function watched(expression: string, input: unknown = {}, timeoutMs?: number) {
  let worstGap = 0;
  let last = performance.now();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worstGap = Math.max(worstGap, t - last);
    last = t;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rssBefore);
  }, 5);
  let outcome: unknown;
  try {
    outcome = await evaluate(expression, scope(input), 'Transform "T" (t) mapping', timeoutMs);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    outcome = err;
  }
  const t = performance.now();
  worstGap = Math.max(worstGap, t - last);
  clearInterval(timer);
  return { outcome, worstGap, rssPeak };
}

function limitError(outcome: unknown, message: RegExp) {
  expect(outcome).toBeInstanceOf(ExpressionError);
  const err = outcome as ExpressionError;
  expect(err.stepCode).toBe('EXPRESSION_LIMIT');
  expect(err.message).toMatch(/^Transform "T" \(t\) mapping: /);
  expect(err.message).toMatch(message);
}

const MAX_GAP_MS = 150;

describe('regular expressions are bounded in work per search and per call', () => {
  it('a large pattern over a long input is refused before it runs', async () => {
    const { outcome, worstGap } = await watched('$contains($input.s, /[ab]{1000}[bc]/)', { s: 'a'.repeat(100_000) });
    limitError(outcome, /regular expression \/\[ab\]\{1000\}\[bc\]\/ \(\d+ instructions\) over 100000 characters is more work than the limit/);
    expect(worstGap).toBeLessThan(MAX_GAP_MS);
  });

  it('a search too long for one go is refused before it runs; $replace, $split and $match pause between matches', async () => {
    const big = await watched('$replace($input.s, /a/, "bb")', { s: 'a'.repeat(1_000_000) });
    limitError(big.outcome, /regular expression \/a\/ \(\d+ instructions\) over 1000000 characters is more work than the limit/);
    expect(big.worstGap).toBeLessThan(MAX_GAP_MS);
    const s = 'a'.repeat(300_000);
    // These searches are about work limits and pauses, not speed: a 10 s running-time budget.
    const replaced = await watched('$length($replace($input.s, /a/, "bb"))', { s }, 10_000);
    expect(replaced.outcome).toBe(600_000);
    expect(replaced.worstGap).toBeLessThan(MAX_GAP_MS);
    const split = await watched('$split($input.s, /a/)', { s }, 10_000);
    limitError(split.outcome, /an array grew longer than the limit of 100000 items/);
    expect(split.worstGap).toBeLessThan(MAX_GAP_MS);
    const matched = await watched('$count($match($input.s, /a/, 90000))', { s }, 10_000);
    expect(matched.outcome).toBe(90_000);
    expect(matched.worstGap).toBeLessThan(MAX_GAP_MS);
  });

  it('ordinary use on 100 KB works', async () => {
    const text = 'lorem  ipsum\tdolor sit\namet, '.repeat(3500);
    const { outcome, worstGap } = await watched('$replace($input.text, /\\s+/, " ")', { text });
    expect(outcome).toBe(text.replace(/\s+/g, ' '));
    expect(worstGap).toBeLessThan(MAX_GAP_MS);
  });
});

describe('time slices hold when each step is slow', () => {
  it('steps of tens of ms each still pause after every step', async () => {
    // 30,000 words: one $sort is a single step of tens of ms on 2 cores (it cannot pause inside).
    const words = Array.from({ length: 30_000 }, (_, i) => `w${(i * 7919) % 100_003}`);
    const { outcome, worstGap } = await watched('$sum($map([1..10], function($i) { $count($sort($input.words)) }))', { words });
    if (outcome instanceof ExpressionError) limitError(outcome, /evaluation ran longer than the limit of 1000 ms/);
    else expect(outcome).toBe(10 * 30_000);
    expect(worstGap).toBeLessThan(MAX_GAP_MS);
  });
});

describe('values near the size limit', () => {
  it('the default size limit is 4 MiB of characters, as a step\'s data', () => {
    expect(LIMITS.maxSize).toBe(4_194_304);
  });

  it('$pad, $length and $pad with a multi-character or astral fill are quick and right', async () => {
    const { outcome, worstGap } = await watched('$length($pad("", 4000000)) + $length($pad("é", -4000000, "ab"))');
    expect(outcome).toBe(8_000_000);
    expect(worstGap).toBeLessThan(MAX_GAP_MS);
    expect(await evaluate('$pad("x", 4, "😀é") & "|" & $pad("😀", -3, "-") & "|" & $string($length("a😀b"))', scope())).toBe('x😀é😀|--😀|3');
  });
});

describe('memory is bounded per evaluation', () => {
  it('many large strings made one after the other fail before they add up', async () => {
    const { outcome, rssPeak } = await watched('($s := $pad("", 4000000); $map([1..60], function($i) { $uppercase($s & $string($i)) }))');
    limitError(outcome, /the values made by one evaluation grew larger than 8 × the limit of 4194304 characters/);
    expect(rssPeak).toBeLessThan(150 * 1024 * 1024);
  });

  it('ordinary work that makes and drops many small values is not counted against it', async () => {
    // A running-time budget of 10 s: this is about memory accounting, not speed.
    expect(await evaluate('$count($map([1..50000], function($i) { $uppercase("value " & $string($i)) }))', scope(), 'expression', 10_000)).toBe(50000);
    expect(await evaluate('$length($reduce([1..3000], function($a, $i) { $a & "row, " }, ""))', scope(), 'expression', 10_000)).toBe(15000);
  });
});
