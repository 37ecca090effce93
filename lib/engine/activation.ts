/**
 * Step activation: the next step id of a node (`<nodeId>#<n>`) and its
 * `step.activated` record, and for executing nodes the live `running` step with its
 * `execute` effect. Used by token movement (`tokens.ts`), compensation handlers and
 * retries from a failure (`resume.ts`).
 */
import { emit, type Draft } from './draft';
import { own } from './own';

/**
 * Creates the next step of `nodeId` (`<nodeId>#<n>`, n = ++activations[nodeId]) and
 * logs `step.activated` (`edgeId` null when no edge brought it: trigger, retried
 * step, compensation handler without edge).
 */
export function activate(d: Draft, nodeId: string, edgeId: string | null): string {
  const n = (own(d.state.activations, nodeId) ?? 0) + 1;
  d.state.activations[nodeId] = n;
  const stepId = `${nodeId}#${n}`;
  emit(d, { type: 'step.activated', stepId, nodeId, edgeId });
  return stepId;
}

/** Activates an executing node: a live `running` step and its `execute` effect. */
export function activateExecuting(d: Draft, nodeId: string, edgeId: string | null, forks: string[]): string {
  const stepId = activate(d, nodeId, edgeId);
  d.state.live[stepId] = { id: stepId, nodeId, status: 'running', attempt: 1, forks, activatedAt: d.at };
  d.effects.push({ type: 'execute', stepId, nodeId, attempt: 1 });
  return stepId;
}
