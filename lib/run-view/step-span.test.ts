/** A step's duration covers all attempts and ticks while it runs or waits. */
import { describe, expect, it } from 'vitest';
import { stepSpan } from './step-span';

const base = { activatedAt: 1_000, startedAt: null, endedAt: null, status: 'running' as const, attempts: 0, failures: [] };
const failure = (attempt: number, at: number) => ({ attempt, at, delayMs: 500, error: { code: 'HTTP_503', message: 'unavailable' } });

describe('stepSpan', () => {
  it('ticks with now while the first attempt runs', () => {
    expect(stepSpan(base, 4_500)).toEqual({ start: 1_000, end: null, ms: 3_500, live: true, attempts: 1 });
    expect(stepSpan(base, 9_000).ms).toBe(8_000);
  });

  it('spans from the first attempt to the end of the last, counting every attempt', () => {
    const s = { ...base, status: 'succeeded' as const, startedAt: 6_000, endedAt: 6_400, attempts: 3, failures: [failure(1, 2_000), failure(2, 4_000)] };
    expect(stepSpan(s, 99_000)).toEqual({ start: 1_000, end: 6_400, ms: 5_400, live: false, attempts: 3 });
  });

  it('counts the running retry while earlier attempts failed', () => {
    expect(stepSpan({ ...base, attempts: 1, failures: [failure(1, 2_000)] }, 3_000)).toMatchObject({ live: true, attempts: 2, ms: 2_000 });
  });

  it('keeps a waiting user task open until it is decided', () => {
    const waiting = { ...base, status: 'waiting' as const, startedAt: 1_001, attempts: 1 };
    expect(stepSpan(waiting, 61_000)).toMatchObject({ live: true, end: null, ms: 60_000 });
    expect(stepSpan({ ...waiting, status: 'succeeded' as const, endedAt: 121_000 }, 500_000)).toMatchObject({ live: false, end: 121_000, ms: 120_000 });
  });
});
