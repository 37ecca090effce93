/** Invariants over every scenario: gap-free log sequence, event times, no mutation of the input state. */
import { describe, expect, it } from 'vitest';
import { Driver, drive, type Script } from './__tests__/drive';
import { fixture, type FixtureName } from './__tests__/fixtures';
import { transition } from './transition';
import type { EngineEvent, RunState } from './types';

const scenarios: Array<[string, FixtureName, Script]> = [
  ['linear', 'linear', {}],
  ['http failure', 'linear', { fetch: { fail: 'x' } }],
  ['exclusive default', 'exclusive', { route: { port: 'default' } }],
  ['exclusive no branch', 'exclusive-no-default', { route: { port: 'default' } }],
  ['parallel 5', 'parallel-5', {}],
  ['nested split', 'nested-split', {}],
  ['join stuck', 'join-stuck', { gate: { port: 'default' } }],
  ['loop', 'loop', { check: (n) => ({ port: n < 4 ? 'again' : 'default' }) }],
  ['approval', 'approval', {}],
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe.each(scenarios)('log of %s', (_, name, script) => {
  it('has seq 1..N with no gap, matching state.seq, and non-decreasing times', () => {
    const d = drive(fixture(name), script);
    if (d.state.status === 'waiting') d.decide('approve', 'approve');
    expect(d.log.length).toBeGreaterThan(3);
    expect(d.log.map((r) => r.seq)).toEqual(d.log.map((_, i) => i + 1));
    expect(d.state.seq).toBe(d.log.length);
    for (let i = 1; i < d.log.length; i++) expect(d.log[i]!.at).toBeGreaterThanOrEqual(d.log[i - 1]!.at);
    expect(['succeeded', 'failed']).toContain(d.state.status);
  });
});

describe('purity', () => {
  it('never mutates the state it is given (frozen input, same result twice)', () => {
    const d = new Driver(fixture('parallel-2')).start();
    const frozen: RunState = deepFreeze(structuredClone(d.state));
    const event: EngineEvent = { type: 'step.completed', stepId: 'b1#1', attempt: 1, output: { a: 1 }, vars: { v: 1 }, startedAt: 0, at: 99 };
    const a = transition(d.def, frozen, event);
    const b = transition(d.def, frozen, event);
    expect(a).toEqual(b);
    expect(a.state).not.toBe(frozen);
    expect(a.state.vars).toEqual({ v: 1 });
    expect(frozen.vars).toEqual({});
    expect(a.log.map((r) => [r.seq, r.at])).toEqual([
      [frozen.seq + 1, 99],
      [frozen.seq + 2, 99],
      [frozen.seq + 3, 99],
      [frozen.seq + 4, 99],
    ]);
  });
});
