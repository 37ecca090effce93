/**
 * Invariants every finished run must satisfy, checked on the driver's final state
 * and log (used by the property tests). Each returns nothing and throws (via
 * `expect`) when violated.
 */
import { expect } from 'vitest';
import type { Driver } from './drive';

/** The run ended, and nothing of it is left: no live step, fork, timer, child, pending job or compensation list. */
export function expectNothingLeft(d: Driver): void {
  expect(['succeeded', 'failed', 'cancelled', 'compensated']).toContain(d.state.status);
  expect(d.state.live).toEqual({});
  expect(d.state.forks).toEqual({});
  expect(d.state.timers).toBeUndefined();
  expect(d.state.compensable).toBeUndefined();
  expect(d.state.endedAt).not.toBeNull();
  expect([...d.timers.keys()]).toEqual([]);
  expect(d.step()).toBe(false);
}

/** Log sequence numbers are 1..N with no gap and `state.seq` is N; times never go back. */
export function expectGapFreeLog(d: Driver): void {
  d.log.forEach((r, i) => expect(r.seq).toBe(i + 1));
  expect(d.state.seq).toBe(d.log.length);
  for (let i = 1; i < d.log.length; i++) expect(d.log[i]!.at).toBeGreaterThanOrEqual(d.log[i - 1]!.at);
}

/** Every activated step ends exactly once (succeeded, failed or cancelled), after its activation. */
export function expectEveryStepEndsOnce(d: Driver): void {
  const ends = new Map<string, number>();
  const activatedAt = new Map<string, number>();
  for (const r of d.log) {
    if (r.type === 'step.activated') {
      expect(activatedAt.has(r.stepId), `${r.stepId} activated twice`).toBe(false);
      activatedAt.set(r.stepId, r.seq);
    }
    if (r.type === 'step.succeeded' || r.type === 'step.failed' || r.type === 'step.cancelled') {
      expect(activatedAt.has(r.stepId), `${r.stepId} ended before it was activated`).toBe(true);
      ends.set(r.stepId, (ends.get(r.stepId) ?? 0) + 1);
    }
  }
  for (const stepId of activatedAt.keys()) expect(ends.get(stepId), `${stepId} ends`).toBe(1);
}

/** Arrivals at each join step count 1, 2, … (a re-created join from where it was) up to at most `expected`; the join fires once, only when all arrived. */
export function expectJoinsFireOnce(d: Driver): void {
  const arrivals = new Map<string, { arrived: number; expected: number }>();
  /** Join steps re-created by `run.retry` (activated without an edge): their first record carries the arrivals kept. */
  const recreated = new Set(d.log.flatMap((r) => (r.type === 'step.activated' && r.edgeId === null ? [r.stepId] : [])));
  for (const r of d.log) {
    if (r.type === 'join.arrived') {
      const prev = arrivals.get(r.stepId);
      if (prev || !recreated.has(r.stepId)) expect(r.arrived).toBe((prev?.arrived ?? 0) + 1);
      expect(r.arrived).toBeLessThanOrEqual(r.expected);
      if (prev) expect(r.expected).toBe(prev.expected);
      arrivals.set(r.stepId, { arrived: r.arrived, expected: r.expected });
    }
    if (r.type === 'step.succeeded' && arrivals.has(r.stepId)) {
      const a = arrivals.get(r.stepId)!;
      expect(a.arrived, `${r.stepId} fired early`).toBe(a.expected);
    }
  }
}

/** Retries stay within the policy: attempt n+1 follows attempt n, never beyond `maxAttempts`. */
export function expectRetriesWithinPolicy(d: Driver): void {
  for (const r of d.of('step.retrying')) {
    expect(r.nextAttempt).toBe(r.attempt + 1);
    expect(r.nextAttempt).toBeLessThanOrEqual(r.maxAttempts);
    expect(r.error.retryable).toBe(true);
  }
}

/**
 * Compensation: handlers run one at a time, for exactly the compensable steps that
 * succeeded before the run started compensating, latest first; a handler that fails
 * ends the run `failed` with `COMPENSATION_FAILED`.
 */
export function expectCompensationInReverse(d: Driver, handlerOf: (nodeId: string) => string | undefined): void {
  const startIdx = d.log.findIndex((r) => r.type === 'run.compensating');
  const started = d.of('compensation.started');
  if (startIdx < 0) {
    expect(started).toEqual([]);
    return;
  }
  const completed = d.log
    .slice(0, startIdx)
    .flatMap((r) => (r.type === 'step.succeeded' && handlerOf(r.nodeId) !== undefined ? [r.stepId] : []))
    .reverse();
  const done = d.of('compensation.completed');
  if (d.state.status === 'compensated') {
    expect(started.map((r) => r.forStepId)).toEqual(completed);
    expect(done.map((r) => r.forStepId)).toEqual(completed);
  } else if (d.state.status === 'failed') {
    expect(d.state.error?.code).toBe('COMPENSATION_FAILED');
    expect(started.map((r) => r.forStepId)).toEqual(completed.slice(0, started.length));
    expect(done.length).toBe(started.length - 1);
  } else {
    expect(d.state.status).toBe('cancelled');
  }
  // one handler at a time: started/completed alternate
  const seq = d.log.filter((r) => r.type === 'compensation.started' || r.type === 'compensation.completed').map((r) => r.type);
  seq.forEach((t, i) => expect(t).toBe(i % 2 === 0 ? 'compensation.started' : 'compensation.completed'));
  for (const s of started) expect(handlerOf(s.forStepId.split('#')[0]!)).toBe(s.nodeId);
}
