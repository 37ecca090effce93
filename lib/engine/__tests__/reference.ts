/**
 * An independent reference interpretation of the block grammar in
 * `random-workflow.ts`: a recursive evaluator over the blocks (not over the graph,
 * not using the engine) that says how many times each node is activated and
 * whether the run can succeed.
 *
 * It runs every branch to its end even after another branch died, so for a run
 * that fails (or is cancelled) its counts are an upper bound of what the engine,
 * which stops at the first failure, activates; for a run that succeeds they are
 * exact. Compensation handlers are not modelled (they are checked on the log).
 */
import { DEFAULT_MAX_ITERATIONS } from '../draft';
import { attemptOf, exclusivePort, inclusivePorts, loopAgain, portsOf, type Block, type BuiltScenario, type Scenario } from './random-workflow';

export interface Reference {
  /** Activations per node id (trigger, gateways, joins, tasks, End), handlers excluded. */
  counts: Map<string, number>;
  /** False when some token dies (fatal failure, no branch, loop guard): the run cannot succeed. */
  succeeds: boolean;
}

export function reference(s: Scenario, built: BuiltScenario): Reference {
  const counts = new Map<string, number>();
  const max = s.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const id = (b: Block) => built.ids.get(b)!;

  /** Activates an executing node unless the loop guard stops it; returns its activation number or 0. */
  const run = (node: string): number => {
    const n = counts.get(node) ?? 0;
    if (n >= max) return 0;
    counts.set(node, n + 1);
    return n + 1;
  };
  /** Activates a split or join (no guard). */
  const pass = (node: string) => counts.set(node, (counts.get(node) ?? 0) + 1);

  /** Evaluates a block; true when its token leaves it. */
  const evaluate = (b: Block): boolean => {
    switch (b.kind) {
      case 'task': {
        const n = run(id(b).node);
        if (!n) return false;
        for (let a = 1; ; a++) {
          const o = attemptOf(b.table, n, a);
          if (o === 'ok') return true;
          if (o === 'retry' && b.retry !== null && a < b.retry) continue;
          return b.errorPath ? evaluate(b.errorPath) : false;
        }
      }
      case 'wait':
        return run(id(b).node) > 0;
      case 'seq':
        return b.items.every(evaluate);
      case 'parallel': {
        pass(id(b).node);
        const alive = b.branches.map(evaluate);
        if (alive.some(Boolean)) pass(id(b).join!);
        return alive.every(Boolean);
      }
      case 'inclusive': {
        const n = run(id(b).node);
        if (!n) return false;
        const ports = portsOf(b);
        const chosen = inclusivePorts(b, n);
        if (chosen.some((p) => !ports.includes(p))) return false; // no edge for `default`
        const alive = chosen.map((p) => evaluate(b.branches[ports.indexOf(p)]!));
        if (alive.some(Boolean)) pass(id(b).join!);
        return alive.every(Boolean);
      }
      case 'exclusive': {
        const n = run(id(b).node);
        if (!n) return false;
        const ports = portsOf(b);
        const port = exclusivePort(b, n);
        return ports.includes(port) ? evaluate(b.branches[ports.indexOf(port)]!) : false;
      }
      case 'loop': {
        for (;;) {
          if (!evaluate(b.body)) return false;
          const n = run(id(b).node);
          if (!n) return false;
          if (!loopAgain(b.iterations, n)) return true;
        }
      }
    }
  };

  const start = built.doc.nodes[0]!.id;
  const done = built.doc.nodes.at(-1)!.id;
  counts.set(start, 1);
  const succeeds = evaluate(built.block) && run(done) > 0;
  return { counts, succeeds };
}
