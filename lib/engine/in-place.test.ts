/** `transition(..., { inPlace: true })` gives exactly the results of the copying form. */
import { describe, expect, it } from 'vitest';
import { compile } from '../workflow/compile';
import { startRun, transition } from './transition';
import type { EngineEvent, Json, RunState } from './types';
import { fixture } from './__tests__/fixtures';

describe('in-place transitions', () => {
  it('produce the same log, effects and state as copying transitions, and leave no trace when copying', () => {
    const def = compile(fixture('parallel-5'));
    const t0 = startRun(def, { runId: 'r1', input: { n: 1 } as Json, at: 1000 });
    const events: EngineEvent[] = t0.effects
      .filter((e) => e.type === 'execute')
      .map((e, i) => ({ type: 'step.completed', stepId: e.stepId, attempt: e.attempt, output: i as Json, startedAt: 1000, at: 1001 + i }));
    let copied: RunState = t0.state;
    const before = JSON.stringify(t0.state);
    const copiedLogs = [];
    for (const ev of events) {
      const t = transition(def, copied, ev);
      copiedLogs.push(t.log, t.effects);
      copied = t.state;
    }
    expect(JSON.stringify(t0.state)).toBe(before); // copying never touches its input
    let owned: RunState = structuredClone(t0.state);
    const ownedLogs = [];
    for (const ev of events) {
      const t = transition(def, owned, ev, { inPlace: true });
      expect(t.state).toBe(owned); // edited, not copied
      ownedLogs.push(t.log, t.effects);
      owned = t.state;
    }
    expect(ownedLogs).toEqual(copiedLogs);
    expect(owned).toEqual(copied);
    expect(copied.seq).toBeGreaterThan(t0.state.seq + events.length); // the branches completed and the join fired
  });
});
