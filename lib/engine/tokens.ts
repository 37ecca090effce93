/**
 * Token movement (BPMN 2.0 §13.2–13.3): a step leaving through a port sends one
 * token down each edge of that port; a token arriving at a node activates it.
 * Steps of executing nodes start `running` and produce an `execute` effect;
 * gateways without an executor (parallel split, joins) complete within the same
 * transition, so every branch a split starts is activated, and its `execute`
 * effect emitted, in one transition: the runner can run them concurrently.
 *
 * Tokens are processed first-in first-out from one queue per transition, so the
 * order of log records and effects follows edge order in the document. Movement
 * stops as soon as the run is no longer active (failed, compensating, ended).
 */
import { activate, activateExecuting } from './activation';
import { isExecuting } from './behaviors';
import { DEFAULT_MAX_ITERATIONS, emit, isActive, MAX_TOKEN_MOVES_PER_TRANSITION, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { failRun, failStep } from './lifecycle';
import { own } from './own';
import type { CompiledEdge, CompiledNode } from './types';

/** A token on its way along `edge`. `forks`: fork ids of the splits it is inside, innermost last. */
interface Token {
  edge: CompiledEdge;
  fromStepId: string;
  forks: string[];
}

/** Edges leaving `nodeId` through `port` (empty when none). */
export function edgesOf(d: Draft, nodeId: string, port: string): CompiledEdge[] {
  return own(own(d.def.outgoing, nodeId), port) ?? [];
}

/**
 * Moves the tokens of a step that left `nodeId` through `port`: for each edge of
 * `def.outgoing[nodeId][port]`, logs `edge.taken` and activates the target, until
 * no token is in flight or the run is no longer active. A port without edges consumes the token.
 */
export function leave(d: Draft, fromStepId: string, nodeId: string, port: string, forks: string[]): void {
  move(d, edgesOf(d, nodeId, port).map((edge) => ({ edge, fromStepId, forks })));
}

/**
 * Sends one token down each of `edges` inside a new fork `f<n>` expecting
 * `edges.length` arrivals at its join (a parallel split, an inclusive gateway's
 * chosen branches). No edges: nothing happens.
 */
export function leaveForked(d: Draft, fromStepId: string, edges: CompiledEdge[], forks: string[]): void {
  const queue: Token[] = [];
  forkTokens(d, fromStepId, edges, forks, queue);
  move(d, queue);
}

function forkTokens(d: Draft, fromStepId: string, edges: CompiledEdge[], forks: string[], queue: Token[]): void {
  if (edges.length === 0) return;
  const forkId = `f${d.state.nextFork}`;
  d.state.nextFork += 1;
  d.state.forks[forkId] = { id: forkId, splitStepId: fromStepId, expected: edges.length, arrived: {} };
  for (const edge of edges) queue.push({ edge, fromStepId, forks: [...forks, forkId] });
}

function move(d: Draft, queue: Token[]): void {
  for (let i = 0; i < queue.length && isActive(d.state.status); i++) {
    const token = queue[i]!;
    if (++d.moves > MAX_TOKEN_MOVES_PER_TRANSITION) {
      const node = own(d.def.nodes, token.edge.target);
      failRun(
        d,
        {
          code: ENGINE_ERROR_CODES.IMMEDIATE_LOOP,
          message: `Tokens keep cycling through gateways without running any step (last at ${node ? nodeName(node) : token.edge.target}); add a step to the loop or remove the cycle`,
          nodeId: token.edge.target,
        },
        { resumable: false },
      );
      return;
    }
    emit(d, { type: 'edge.taken', edgeId: token.edge.id, fromStepId: token.fromStepId });
    arrive(d, token, queue);
  }
}

function arrive(d: Draft, token: Token, queue: Token[]): void {
  const node = own(d.def.nodes, token.edge.target)!;
  if (isExecuting(node.behavior) && !withinIterations(d, node)) return;
  switch (node.behavior) {
    case 'task':
    case 'exclusive':
    case 'inclusive':
    case 'userTask':
    case 'end':
      activateExecuting(d, node.id, token.edge.id, token.forks);
      return;
    case 'parallelSplit':
      return split(d, node, token, queue);
    case 'parallelJoin':
    case 'inclusiveJoin':
      return join(d, node, token, queue);
    case 'trigger': {
      // A trigger only starts runs; an edge back into it is a modelling error
      // (the validator reports it as UNKNOWN_PORT: triggers have no input).
      const stepId = activate(d, node.id, token.edge.id);
      failStep(
        d,
        { id: stepId, nodeId: node.id, attempt: 1 },
        { code: ENGINE_ERROR_CODES.EDGE_INTO_TRIGGER, message: `Trigger ${nodeName(node)} was reached by edge "${token.edge.id}"; a trigger only starts runs and cannot be re-entered` },
        null,
        d.at,
      );
      return;
    }
  }
}

/**
 * Loop guard: back edges are allowed, but an executing node activated
 * `maxIterations` times already (default 1000) fails the run (`MAX_ITERATIONS`,
 * naming the node) instead of looping forever. Every loop that runs a step passes
 * an executing node; cycles through gateways only are caught by `IMMEDIATE_LOOP`.
 * The error names the node and its last step (`<nodeId>#<max>`, the step that ran the
 * max-th time). A run failing this way cannot be retried from the failure.
 */
function withinIterations(d: Draft, node: CompiledNode): boolean {
  const max = d.def.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if ((own(d.state.activations, node.id) ?? 0) < max) return true;
  failRun(
    d,
    {
      code: ENGINE_ERROR_CODES.MAX_ITERATIONS,
      message: `${nodeName(node)} would run more than ${max} times in this run (settings.maxIterations = ${max}); the loop does not end: check its exit condition, or raise the limit`,
      nodeId: node.id,
      // The node's last step (its max-th activation): the next one is never created.
      stepId: `${node.id}#${own(d.state.activations, node.id) ?? max}`,
    },
    { resumable: false },
  );
  return false;
}

/**
 * Parallel split: completes at once (output null) and sends one token per edge of
 * its `out` port, each carrying a new fork `f<n>` that expects that many arrivals.
 */
function split(d: Draft, node: CompiledNode, token: Token, queue: Token[]): void {
  const stepId = activate(d, node.id, token.edge.id);
  emit(d, { type: 'step.succeeded', stepId, nodeId: node.id, attempt: 1, output: null, port: 'out', input: null, startedAt: d.at });
  forkTokens(d, stepId, edgesOf(d, node.id, 'out'), token.forks, queue);
}

/**
 * Parallel or inclusive join: the token's innermost fork names the split (or
 * inclusive gateway) it belongs to. The first arrival creates the join step (live,
 * `waiting`); every arrival logs `join.arrived`; the last one completes the step and
 * sends one token on through `out`, with that fork popped. For an inclusive join the
 * fork expects exactly the branches the gateway activated. A token outside any fork
 * fails the run.
 */
function join(d: Draft, node: CompiledNode, token: Token, queue: Token[]): void {
  const forkId = token.forks[token.forks.length - 1];
  const fork = forkId === undefined ? undefined : own(d.state.forks, forkId);
  if (!fork || forkId === undefined) {
    const stepId = activate(d, node.id, token.edge.id);
    const [kind, from] = node.behavior === 'inclusiveJoin' ? ['Inclusive join', 'an inclusive gateway'] : ['Parallel join', 'a parallel split'];
    failStep(
      d,
      { id: stepId, nodeId: node.id, attempt: 1 },
      {
        code: ENGINE_ERROR_CODES.JOIN_WITHOUT_SPLIT,
        message: `${kind} ${nodeName(node)} was reached by a token that did not come from ${from} (edge "${token.edge.id}"); a join only waits for the branches of its split`,
      },
      null,
      d.at,
    );
    return;
  }
  const outer = token.forks.slice(0, -1);
  let arrival = own(fork.arrived, node.id);
  if (!arrival) {
    const stepId = activate(d, node.id, token.edge.id);
    d.state.live[stepId] = { id: stepId, nodeId: node.id, status: 'waiting', attempt: 1, forks: outer, activatedAt: d.at };
    arrival = fork.arrived[node.id] = { stepId, count: 0 };
  }
  arrival.count += 1;
  emit(d, { type: 'join.arrived', stepId: arrival.stepId, nodeId: node.id, forkId, arrived: arrival.count, expected: fork.expected });
  if (arrival.count < fork.expected) return;

  const step = d.state.live[arrival.stepId]!;
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: node.id, attempt: 1, output: null, port: 'out', input: null, startedAt: step.activatedAt });
  delete d.state.live[step.id];
  delete d.state.forks[forkId];
  for (const edge of edgesOf(d, node.id, 'out')) queue.push({ edge, fromStepId: step.id, forks: outer });
}
