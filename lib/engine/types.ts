/**
 * Types of the pure workflow interpreter. The engine is a function
 * `(definition, state, event) → { state, effects, log }` in the style of XState's
 * `transition`: it performs no I/O, reads no clock and makes no random ids. Times
 * (`at`, epoch ms) and ids arrive with the event; step ids and fork ids are derived
 * deterministically from the state.
 *
 * Token semantics follow BPMN 2.0 (§13 "Execution semantics"): a token moving along
 * an edge activates the target node, creating a **step** with id `<nodeId>#<n>`
 * (n = 1, 2, … per node). A parallel split pushes a **fork** onto the token's fork
 * stack; the matching join fires once every token of that fork has arrived.
 */

import type { RunState } from './state';
import type { Effect, RunLogRecord } from './events';

// The parts, each its own module (none imports this one): basic values, the compiled
// workflow, the run state, and events, effects and log records.
export * from './values';
export * from './compiled';
export * from './state';
export * from './events';

/** What a transition returns. `state` is a new object; the input state is not mutated. */
export interface Transition {
  state: RunState;
  effects: Effect[];
  log: RunLogRecord[];
}
