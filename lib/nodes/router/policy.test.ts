import { describe, expect, it } from 'vitest';
import { sampleBeta, seededRandom } from './beta';
import { choose } from './policy';
import { median, summarize, type CandidateHistory, type Outcome } from './stats';
import { routerConfig, type RouterConfig } from './definition';

const BREAKER = { failures: 3, cooldownMs: 1_000 };
const NOW = 100_000;
const outcomes = (spec: string, endedAt = NOW - 10, durationMs = 100): Outcome[] => [...spec].map((c, i) => ({ ok: c === '+', durationMs, endedAt: endedAt - i }));
const hist = (spec: string, over: Partial<CandidateHistory> = {}): CandidateHistory => ({ recent: outcomes(spec), chosen: spec.length, pendingSince: null, ...over });
const config = (policy: RouterConfig['policy'], weights: Array<number | undefined> = []): RouterConfig =>
  routerConfig.parse({ candidates: [{ id: 'a', label: 'A', weight: weights[0] }, { id: 'b', label: 'B', weight: weights[1] }], policy, breaker: BREAKER });
const all = () => true;

describe('router statistics', () => {
  it('counts successes, the failure streak from the newest outcome, and the median duration', () => {
    const s = summarize('a', 'A', { recent: [{ ok: false, durationMs: 30, endedAt: 5 }, { ok: true, durationMs: 10, endedAt: 4 }, { ok: true, durationMs: 20, endedAt: 3 }], chosen: 7, pendingSince: null }, BREAKER, NOW);
    expect(s).toMatchObject({ succeeded: 2, failed: 1, failStreak: 1, p50Ms: 20, chosen: 7, breaker: 'closed' });
    expect(median([])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('opens the breaker after `failures` in a row, half-opens after the cooldown, stays open while a probe runs', () => {
    const last = NOW - 10;
    expect(summarize('a', 'A', hist('--+'), BREAKER, NOW).breaker).toBe('closed');
    expect(summarize('a', 'A', hist('---+'), BREAKER, NOW)).toMatchObject({ breaker: 'open', retryAt: last + 1_000 });
    expect(summarize('a', 'A', hist('---'), BREAKER, last + 1_000).breaker).toBe('halfOpen');
    expect(summarize('a', 'A', hist('---', { pendingSince: last + 1_000 }), BREAKER, last + 1_100).breaker).toBe('open');
    // A probe that never ended stops blocking after a cooldown of its own.
    expect(summarize('a', 'A', hist('---', { pendingSince: last + 1_000 }), BREAKER, last + 2_100).breaker).toBe('halfOpen');
  });
});

describe('router policies', () => {
  const stats = (a: string, b: string, ha: Partial<CandidateHistory> = {}, hb: Partial<CandidateHistory> = {}) => [summarize('a', 'A', hist(a, ha), BREAKER, NOW), summarize('b', 'B', hist(b, hb), BREAKER, NOW)];

  it('adaptive: Thompson sampling prefers the better candidate but still explores', () => {
    const random = seededRandom(7);
    const s = stats('++-+-+--++', '+++++++++-');
    const picks = Array.from({ length: 2_000 }, () => choose(config('adaptive'), s, { random, connected: all })!.chosen);
    const bShare = picks.filter((p) => p === 'b').length / picks.length;
    expect(bShare).toBeGreaterThan(0.85);
    expect(bShare).toBeLessThan(1); // A is still tried now and then
    const d = choose(config('adaptive'), s, { random, connected: all })!;
    expect(d.candidates.every((c) => typeof c.sample === 'number')).toBe(true);
    expect(d.reason).toMatch(/^[AB]: .*[AB] \d+% of 10$/);
  });

  it('adaptive: near-ties go to the lower latency', () => {
    const s = [summarize('a', 'A', { recent: outcomes('+'.repeat(400), NOW, 300), chosen: 400, pendingSince: null }, BREAKER, NOW), summarize('b', 'B', { recent: outcomes('+'.repeat(400), NOW, 80), chosen: 400, pendingSince: null }, BREAKER, NOW)];
    const random = seededRandom(3);
    const picks = Array.from({ length: 200 }, () => choose(config('adaptive'), s, { random, connected: all })!);
    expect(picks.every((p) => p.chosen === 'b')).toBe(true);
    expect(picks[0]!.reason).toContain('lower latency');
  });

  it('skips an open breaker, probes a half-open one, takes default when all are open, else gives up', () => {
    const random = seededRandom(1);
    const openA = stats('---', '+');
    const d = choose(config('adaptive'), openA, { random, connected: all })!;
    expect(d.chosen).toBe('b');
    expect(d.reason).toMatch(/^B: A’s breaker is open; .*; B 100% of 1$/);
    const halfOpen = [summarize('a', 'A', hist('---'), BREAKER, NOW + 5_000), summarize('b', 'B', hist('+'), BREAKER, NOW + 5_000)];
    expect(choose(config('adaptive'), halfOpen, { random, connected: all })).toMatchObject({ chosen: 'a', probe: true });
    const bothOpen = stats('---', '----');
    expect(choose(config('adaptive'), bothOpen, { random, connected: all })).toMatchObject({ chosen: 'default', reason: 'Default: A’s breaker is open; B’s breaker is open; every candidate’s breaker is open' });
    expect(choose(config('adaptive'), bothOpen, { random, connected: (p) => p !== 'default' })).toBeNull();
    // An unconnected candidate is never chosen.
    expect(choose(config('roundRobin'), stats('+', '+'), { random, connected: (p) => p !== 'a' })!.chosen).toBe('b');
  });

  it('roundRobin takes the candidates in turn; lowestLatency tries the untried first, then the fastest', () => {
    const random = seededRandom(2);
    expect(choose(config('roundRobin'), stats('++', '+'), { random, connected: all })!.chosen).toBe('b'); // 3 chosen so far → index 1
    expect(choose(config('roundRobin'), stats('++', '++'), { random, connected: all })!.chosen).toBe('a');
    expect(choose(config('lowestLatency'), stats('+', ''), { random, connected: all })!.chosen).toBe('b');
    const fast = [summarize('a', 'A', { recent: outcomes('++', NOW, 50), chosen: 2, pendingSince: null }, BREAKER, NOW), summarize('b', 'B', { recent: outcomes('++', NOW, 500), chosen: 2, pendingSince: null }, BREAKER, NOW)];
    expect(choose(config('lowestLatency'), fast, { random, connected: all })).toMatchObject({ chosen: 'a', reason: 'A: lowest p50 (50 ms); A 100% of 2' });
  });

  it('weighted follows the weights', () => {
    const random = seededRandom(11);
    const picks = Array.from({ length: 4_000 }, () => choose(config('weighted', [1, 3]), stats('', ''), { random, connected: all })!.chosen);
    const bShare = picks.filter((p) => p === 'b').length / picks.length;
    expect(bShare).toBeGreaterThan(0.72);
    expect(bShare).toBeLessThan(0.78);
    expect(Array.from({ length: 50 }, () => choose(config('weighted', [0, 5]), stats('', ''), { random, connected: all })!.chosen).every((p) => p === 'b')).toBe(true);
  });
});

describe('Beta sampling', () => {
  it('has the Beta distribution’s mean and stays in (0, 1)', () => {
    const random = seededRandom(5);
    for (const [a, b] of [[1, 1], [3, 9], [40, 2], [0.5, 0.5]] as const) {
      const xs = Array.from({ length: 20_000 }, () => sampleBeta(a, b, random));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(Math.abs(mean - a / (a + b))).toBeLessThan(0.01);
      expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    }
    expect(() => sampleBeta(0, 1, random)).toThrow(RangeError);
  });
});

describe('router config', () => {
  it('refuses reserved and duplicate candidate ids, one candidate, and windows out of range', () => {
    const base = { candidates: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
    expect(routerConfig.safeParse(base).success).toBe(true);
    expect(routerConfig.parse(base)).toMatchObject({ policy: 'adaptive', window: 200, breaker: { failures: 5, cooldownMs: 60_000 } });
    expect(routerConfig.safeParse({ candidates: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] }).error?.issues[0]?.message).toMatch(/used twice/);
    expect(routerConfig.safeParse({ candidates: [{ id: 'a', label: 'A' }, { id: 'default', label: 'B' }] }).error?.issues[0]?.message).toMatch(/reserved/);
    expect(routerConfig.safeParse({ candidates: [{ id: 'a', label: 'A' }] }).success).toBe(false);
    expect(routerConfig.safeParse({ ...base, window: 0 }).success).toBe(false);
    expect(routerConfig.safeParse({ ...base, window: 10_001 }).success).toBe(false);
  });
});
