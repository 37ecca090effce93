/**
 * Compiles a workflow document into the form the engine walks: nodes by id with
 * their BPMN behaviour and type label (from the node-type registry) and outgoing
 * edges indexed by node and port. Checks only what makes a document impossible to
 * run; the full problem list (ports, config, pairing of joins) is
 * `validateWorkflow()`'s job. It lives beside the document, not in `lib/engine`,
 * because it reads the node-type registry and the config schemas: the engine knows
 * node types only through what this puts in the compiled workflow.
 */
import { nodeName } from '../engine/describe';
import { WorkflowDefinitionError } from '../engine/errors';
import { own } from '../engine/own';
import { COMPENSATION_PORT, ERROR_PORT } from '../engine/ports';
import type { CompiledEdge, CompiledNode, CompiledWorkflow } from '../engine/types';
import { RetryPolicySchema } from '../nodes/fields';
import { getNodeType } from '../nodes/registry';
import { MAX_ITERATIONS_LIMIT, type WorkflowDocument } from './document';

/**
 * `compile(doc)` → `{ nodes: {id → {id,type,typeLabel,label,behavior,…}}, outgoing: {nodeId → {port → edges[]}}, triggerId, maxIterations?, runTimeoutMs? }`.
 * Edge order within a port follows the document (so split branches and their
 * effects come out in a stable order). `label` falls back to the node id.
 * Lookups by id elsewhere in the engine go through `own()`, so ids such as
 * `constructor` are safe; only `__proto__` is refused (it cannot be a plain-object key).
 *
 * Read from the document besides the graph: a task's `config.retry` (→ `retry`), its
 * `error` edge (→ `hasErrorEdge`) and `compensation` edge (→ `compensation`, and
 * `compensationHandler` on a target only reached that way), an end's
 * `config.compensate` (→ `compensateEnd`), and `settings.maxIterations` / `runTimeoutMs`.
 * @throws WorkflowDefinitionError (code `UNKNOWN_NODE_TYPE`, `UNKNOWN_NODE`, `NO_TRIGGER`, `MULTIPLE_TRIGGERS`, `RESERVED_ID`, `INVALID_CONFIG`).
 */
export function compile(doc: WorkflowDocument): CompiledWorkflow {
  const nodes: Record<string, CompiledNode> = {};
  const outgoing: Record<string, Record<string, CompiledEdge[]>> = {};
  const triggers: string[] = [];

  for (const n of doc.nodes) {
    rejectReserved(n.id, `node "${n.id}"`);
    const def = getNodeType(n.type);
    const label = n.label?.trim() || n.id;
    if (!def) {
      throw new WorkflowDefinitionError(`Node "${label}" (${n.id}) has unknown type "${n.type}"`, 'UNKNOWN_NODE_TYPE', n.id);
    }
    const node: CompiledNode = { id: n.id, type: n.type, typeLabel: def.label, label, behavior: def.behavior };
    const config = (n.config ?? {}) as Record<string, unknown>;
    if (def.behavior === 'task' && config.retry !== undefined && config.retry !== null) node.retry = retryPolicy(node, config.retry);
    if (def.behavior === 'end' && config.compensate === true) node.compensateEnd = true;
    nodes[n.id] = node;
    outgoing[n.id] = {};
    if (def.behavior === 'trigger') triggers.push(n.id);
  }

  const incomingKinds = new Map<string, { compensation: number; other: number }>();
  for (const e of doc.edges) {
    rejectReserved(e.sourcePort, `port of edge "${e.id}"`);
    for (const end of [e.source, e.target]) {
      if (!own(nodes, end)) throw new WorkflowDefinitionError(`Edge "${e.id}" refers to missing node "${end}"`, 'UNKNOWN_NODE', end);
    }
    const byPort = own(outgoing, e.source)!;
    const list = own(byPort, e.sourcePort) ?? (byPort[e.sourcePort] = []);
    list.push({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort });

    const source = own(nodes, e.source)!;
    const isCompensation = source.behavior === 'task' && e.sourcePort === COMPENSATION_PORT;
    const kinds = incomingKinds.get(e.target) ?? { compensation: 0, other: 0 };
    kinds[isCompensation ? 'compensation' : 'other'] += 1;
    incomingKinds.set(e.target, kinds);
    if (source.behavior === 'task' && e.sourcePort === ERROR_PORT) source.hasErrorEdge = true;
    if (isCompensation && source.compensation === undefined) {
      const handler = own(nodes, e.target)!;
      if (handler.behavior !== 'task') {
        throw new WorkflowDefinitionError(
          `The compensation handler of ${nodeName(source)} must be a task (HTTP request, transform, …); ${nodeName(handler)} is not`,
          'INVALID_CONFIG',
          handler.id,
        );
      }
      source.compensation = handler.id;
      source.compensationEdgeId = e.id;
    }
  }
  for (const [id, kinds] of incomingKinds) if (kinds.compensation > 0 && kinds.other === 0) own(nodes, id)!.compensationHandler = true;

  if (triggers.length === 0) throw new WorkflowDefinitionError('The workflow has no trigger: add a trigger node to start runs from', 'NO_TRIGGER');
  if (triggers.length > 1) {
    throw new WorkflowDefinitionError(`The workflow has ${triggers.length} triggers (${triggers.join(', ')}); exactly one is allowed`, 'MULTIPLE_TRIGGERS', triggers[1]);
  }
  const compiled: CompiledWorkflow = { nodes, outgoing, triggerId: triggers[0]! };
  const settings = doc.settings;
  if (settings?.maxIterations !== undefined) compiled.maxIterations = Math.min(settings.maxIterations, MAX_ITERATIONS_LIMIT);
  if (settings?.runTimeoutMs !== undefined) compiled.runTimeoutMs = settings.runTimeoutMs;
  return compiled;
}

function retryPolicy(node: CompiledNode, raw: unknown): NonNullable<CompiledNode['retry']> {
  const r = RetryPolicySchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new WorkflowDefinitionError(`Node ${nodeName(node)} has an invalid retry policy: ${issue.message}`, 'INVALID_CONFIG', node.id);
  }
  return r.data;
}

function rejectReserved(id: string, what: string): void {
  if (id === '__proto__') throw new WorkflowDefinitionError(`The id "__proto__" of ${what} is reserved; rename it`, 'RESERVED_ID');
}
