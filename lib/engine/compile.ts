/**
 * Compiles a workflow document into the form the engine walks: nodes by id with
 * their BPMN behaviour (from the node-type registry) and outgoing edges indexed by
 * node and port. Checks only what makes a document impossible to run; the full
 * problem list (ports, config, pairing of joins) is `validateWorkflow()`'s job.
 */
import type { WorkflowDocument } from '../workflow/document';
import { getNodeType } from '../nodes/registry';
import { WorkflowDefinitionError } from './errors';
import { own } from './own';
import type { CompiledEdge, CompiledNode, CompiledWorkflow } from './types';

/**
 * `compile(doc)` → `{ nodes: {id → {id,type,label,behavior}}, outgoing: {nodeId → {port → edges[]}}, triggerId }`.
 * Edge order within a port follows the document (so split branches and their
 * effects come out in a stable order). `label` falls back to the node id.
 * Lookups by id elsewhere in the engine go through `own()`, so ids such as
 * `constructor` are safe; only `__proto__` is refused (it cannot be a plain-object key).
 * @throws WorkflowDefinitionError (code `UNKNOWN_NODE_TYPE`, `UNKNOWN_NODE`, `NO_TRIGGER`, `MULTIPLE_TRIGGERS`, `RESERVED_ID`).
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
    nodes[n.id] = { id: n.id, type: n.type, label, behavior: def.behavior };
    outgoing[n.id] = {};
    if (def.behavior === 'trigger') triggers.push(n.id);
  }

  for (const e of doc.edges) {
    rejectReserved(e.sourcePort, `port of edge "${e.id}"`);
    for (const end of [e.source, e.target]) {
      if (!own(nodes, end)) throw new WorkflowDefinitionError(`Edge "${e.id}" refers to missing node "${end}"`, 'UNKNOWN_NODE', end);
    }
    const byPort = own(outgoing, e.source)!;
    const list = own(byPort, e.sourcePort) ?? (byPort[e.sourcePort] = []);
    list.push({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort });
  }

  if (triggers.length === 0) throw new WorkflowDefinitionError('The workflow has no trigger: add a trigger node to start runs from', 'NO_TRIGGER');
  if (triggers.length > 1) {
    throw new WorkflowDefinitionError(`The workflow has ${triggers.length} triggers (${triggers.join(', ')}); exactly one is allowed`, 'MULTIPLE_TRIGGERS', triggers[1]);
  }
  return { nodes, outgoing, triggerId: triggers[0]! };
}

function rejectReserved(id: string, what: string): void {
  if (id === '__proto__') throw new WorkflowDefinitionError(`The id "__proto__" of ${what} is reserved; rename it`, 'RESERVED_ID');
}
