/**
 * Validator checks for compensation (BPMN 2.0 §10.7): an edge from a task's
 * `compensation` port leads to its handler, a task that runs only while the run
 * compensates. Handlers are reached through compensation edges only, so they are
 * neither unreachable nor required to connect their own outputs.
 */
import { COMPENSATION_INVALID, type Problem } from './problems';
import type { WorkflowEdge } from './document';
import type { GraphNode } from './graph';

const PORT = 'compensation';

function isCompensationEdge(e: WorkflowEdge, infos: ReadonlyMap<string, GraphNode>): boolean {
  return e.sourcePort === PORT && infos.get(e.source)?.def?.behavior === 'task';
}

/** Ids of nodes whose incoming edges are all compensation edges (and that have at least one). */
export function compensationHandlers(edges: readonly WorkflowEdge[], infos: ReadonlyMap<string, GraphNode>): Set<string> {
  const comp = new Set<string>();
  const other = new Set<string>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    (isCompensationEdge(e, infos) ? comp : other).add(e.target);
  }
  return new Set([...comp].filter((id) => !other.has(id)));
}

/**
 * `COMPENSATION_INVALID` when a handler is not a task, is also reached by normal
 * flow, or has a compensation handler of its own.
 */
export function checkCompensation(edges: readonly WorkflowEdge[], infos: ReadonlyMap<string, GraphNode>, problems: Problem[]): void {
  const normalIn = new Set(edges.filter((e) => e.source !== e.target && !isCompensationEdge(e, infos)).map((e) => e.target));
  const handlers = new Set<string>();
  for (const e of edges) {
    if (!isCompensationEdge(e, infos)) continue;
    const src = infos.get(e.source)!;
    const tgt = infos.get(e.target)!;
    handlers.add(e.target);
    if (tgt.def && tgt.def.behavior !== 'task') {
      problems.push({
        code: COMPENSATION_INVALID,
        severity: 'error',
        nodeId: e.source,
        edgeId: e.id,
        message: `${src.name}: its compensation handler ${tgt.name} must be a task (HTTP request, transform, sub-workflow, …)`,
      });
    } else if (normalIn.has(e.target)) {
      problems.push({
        code: COMPENSATION_INVALID,
        severity: 'error',
        nodeId: e.target,
        edgeId: e.id,
        message: `${tgt.name} is the compensation handler of ${src.name} and also part of the normal flow; a handler runs only when the run compensates, so use a node of its own`,
      });
    }
  }
  for (const e of edges) {
    if (!isCompensationEdge(e, infos) || !handlers.has(e.source)) continue;
    const src = infos.get(e.source)!;
    problems.push({
      code: COMPENSATION_INVALID,
      severity: 'error',
      nodeId: e.source,
      edgeId: e.id,
      message: `${src.name} is a compensation handler and cannot have a compensation handler of its own`,
    });
  }
}
