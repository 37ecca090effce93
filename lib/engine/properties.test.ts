/**
 * Property-based tests of the pure engine (fast-check): random well-formed
 * workflows mixing sequences, parallel and inclusive blocks, exclusive branches,
 * loops, retries, error edges, compensation and timers, driven with random
 * executor outcomes (success, retryable and fatal failures, gateway choices) and
 * sometimes a cancel. Every run must end with nothing left behind, a gap-free log,
 * joins firing once, and exactly the steps an independent reference
 * interpretation implies (see `__tests__/reference.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Driver } from './__tests__/drive';
import {
  expectCompensationInReverse,
  expectEveryStepEndsOnce,
  expectGapFreeLog,
  expectJoinsFireOnce,
  expectNothingLeft,
  expectRetriesWithinPolicy,
} from './__tests__/invariants';
import { buildScenario, scenarioArb, type BuiltScenario, type Scenario } from './__tests__/random-workflow';
import { reference } from './__tests__/reference';
import { isTerminal } from './draft';
import { canRetry } from './resume';

/** Drives a run like the runner would: executors, then due timers, with an optional cancel; at most `limit` events. */
function play(d: Driver, cancelAfter: number | undefined, limit = 5000): void {
  for (let events = 0; events < limit; events++) {
    if (events === cancelAfter && !isTerminal(d.state.status)) {
      d.send({ type: 'run.cancel', by: 'prop', reason: 'random cancel', at: d.now() });
      continue;
    }
    if (d.step()) continue;
    const timer = d.timers.entries().next();
    if (timer.done) return;
    const [timerId, { stepId }] = timer.value;
    d.send({ type: 'timer.fired', timerId, stepId, at: d.now() });
  }
  throw new Error(`no quiescence after ${limit} events`);
}

function run(s: Scenario): { d: Driver; built: BuiltScenario } {
  const built = buildScenario(s);
  const d = new Driver(built.doc, built.script);
  d.freezeStates = true;
  d.start({});
  play(d, s.cancelAfter);
  return { d, built };
}

/** Activations per node, without compensation handlers (the reference does not model them). */
function activations(d: Driver, built: BuiltScenario): Map<string, number> {
  return new Map(Object.entries(d.state.activations).filter(([id]) => !built.handlers.has(id)));
}

function checkInvariants(d: Driver, built: BuiltScenario): void {
  const handlerOf = (nodeId: string) => built.doc.edges.find((e) => e.source === nodeId && e.sourcePort === 'compensation')?.target;
  expectNothingLeft(d);
  expectGapFreeLog(d);
  expectEveryStepEndsOnce(d);
  expectJoinsFireOnce(d);
  expectRetriesWithinPolicy(d);
  expectCompensationInReverse(d, handlerOf);
}

const PARAMS = { numRuns: Number(process.env.PROP_RUNS ?? 1000), seed: Number(process.env.PROP_SEED ?? 20250101) } as const;

describe('engine properties over random well-formed workflows', () => {
  it('every run ends, leaves nothing behind, and runs exactly the steps the reference implies', () => {
    const outcomes = { succeeded: 0, failed: 0, compensated: 0, cancelled: 0 } as Record<string, number>;
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const { d, built } = run(s);
        checkInvariants(d, built);
        const ref = reference(s, built);
        const got = activations(d, built);
        outcomes[d.state.status]! += 1;
        if (d.state.status === 'succeeded') {
          expect(ref.succeeds).toBe(true);
          expect(Object.fromEntries(got)).toEqual(Object.fromEntries(ref.counts));
          expect(d.of('step.failed').every((r) => r.handled)).toBe(true);
        } else {
          if (d.state.status !== 'cancelled') expect(ref.succeeds, `run ${d.state.status}: ${d.state.error?.message}`).toBe(false);
          for (const [node, n] of got) expect(n, node).toBeLessThanOrEqual(ref.counts.get(node) ?? 0);
        }
        if (d.state.status === 'failed' || d.state.status === 'compensated') expect(d.state.error ?? d.of('run.compensating')[0]).toBeTruthy();
      }),
      PARAMS,
    );
    // the generator reaches every ending, so the properties are not vacuous
    for (const status of ['succeeded', 'failed', 'compensated', 'cancelled']) expect(outcomes[status], status).toBeGreaterThan(5);
  });

  it('a failed run retried from its failure, with the failing executors healed, succeeds', () => {
    let retried = 0;
    fc.assert(
      fc.property(scenarioArb().map((s) => ({ ...s, cancelAfter: undefined, maxIterations: undefined })), (s) => {
        const { d, built } = run(s);
        if (d.state.status !== 'failed' || !canRetry(d.def, d.state).ok) return;
        retried += 1;
        heal(d, s, built);
        d.send({ type: 'run.retry', by: 'prop', at: d.now() });
        play(d, undefined);
        checkInvariants(d, built);
        expect(d.state.status, d.state.error?.message).toBe('succeeded');
      }),
      { ...PARAMS, numRuns: Math.ceil(PARAMS.numRuns / 2) },
    );
    expect(retried).toBeGreaterThan(10);
  });
});

/** Makes every task succeed and every gateway take a branch that exists (loops keep their iteration counts). */
function heal(d: Driver, s: Scenario, built: BuiltScenario): void {
  for (const [block, ids] of built.ids) {
    if (block.kind === 'task') d.rescript(ids.node, { output: 'healed' });
    if (block.kind === 'exclusive') d.rescript(ids.node, { port: 'b0' });
    if (block.kind === 'inclusive') d.rescript(ids.node, { ports: ['b0'] });
  }
  void s;
}
