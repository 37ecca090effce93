/**
 * Reachability problems of the validator, reported by their root cause rather than
 * node by node. Deleting one edge near the trigger can cut off dozens of nodes; the
 * person needs to hear about the one place to reconnect, with how much hangs on it,
 * not read dozens of identical lines.
 *
 * Every node of a known type that no path from the trigger reaches belongs to exactly
 * one group. A group's root is an unreached node without incoming edges (in document
 * order); the group is the root and every unreached node reachable from it that no
 * earlier group took. Unreached nodes left over lie on loops with no way in: each such
 * loop is a group rooted at its first node in document order.
 *
 * One problem per group:
 * - root without incoming edges, alone: `INPUT_UNCONNECTED` (as before grouping);
 * - root without incoming edges, with nodes after it: `INPUT_UNCONNECTED` naming the
 *   count and the first nodes cut off;
 * - a loop with no way in: `UNREACHABLE` naming the count and the first nodes.
 * `nodeId` is the root; `nodeIds` lists every node of the group, root first.
 * Without a trigger only the unconnected inputs are reported, one per node (there is
 * nothing to be reachable from).
 */
import type { NodeTypeDefinition } from '../nodes/types';
import type { WorkflowNode } from './document';
import { INPUT_UNCONNECTED, UNREACHABLE, type Problem } from './problems';

/** How many cut-off nodes a message names before "and N more". */
export const CUT_OFF_NAMED = 5;

/** What grouping needs to know of a node. */
interface ReachInfo {
  node: WorkflowNode;
  def: NodeTypeDefinition | undefined;
  /** `HTTP request "Credit check" (check)` */
  name: string;
}

/**
 * The reachability problems of a graph (see the module comment).
 * @param infos every node, in document order
 * @param next successor ids of each node (every edge, compensation edges included)
 * @param incoming number of incoming edges of each node, self loops not counted
 * @param reached ids of the nodes reachable from the trigger(s)
 * @param hasTrigger whether the document has a trigger at all
 */
export function cutOffProblems(
  infos: ReadonlyMap<string, ReachInfo>,
  next: ReadonlyMap<string, readonly string[]>,
  incoming: ReadonlyMap<string, number>,
  reached: ReadonlySet<string>,
  hasTrigger: boolean,
): Problem[] {
  const candidates = [...infos.values()].filter((i) => i.def && i.def.behavior !== 'trigger');
  if (!hasTrigger) {
    return candidates
      .filter((i) => !incoming.get(i.node.id))
      .map((i) => ({ code: INPUT_UNCONNECTED, severity: 'error' as const, nodeId: i.node.id, message: `${i.name}: its input is not connected, so it can never run` }));
  }
  const unreached = candidates.filter((i) => !reached.has(i.node.id));
  const taken = new Set<string>();
  /** Unreached nodes reachable from `root` that no group took yet, root first (breadth first). */
  const collect = (root: string): string[] => {
    const group = [root];
    taken.add(root);
    for (let i = 0; i < group.length; i++) {
      for (const t of next.get(group[i]!) ?? []) {
        if (taken.has(t) || reached.has(t) || !infos.has(t)) continue;
        taken.add(t);
        group.push(t);
      }
    }
    // Nodes of unknown type are reported by their own check; they are not counted here.
    return group.filter((id) => id === root || infos.get(id)?.def);
  };
  const problems: Problem[] = [];
  for (const info of unreached) {
    if (incoming.get(info.node.id)) continue;
    const group = collect(info.node.id);
    const rest = group.slice(1);
    const message = rest.length
      ? `${info.name}: its input is not connected, so ${group.length} nodes are unreachable from the trigger: it and ${nodeList(rest)} after it`
      : `${info.name}: its input is not connected, so it can never run`;
    problems.push({ code: INPUT_UNCONNECTED, severity: 'error', nodeId: info.node.id, nodeIds: group, message });
  }
  for (const info of unreached) {
    if (taken.has(info.node.id)) continue;
    const group = collect(info.node.id);
    const message =
      group.length > 1
        ? `${info.name}: no path from the trigger leads to this loop of ${group.length} nodes (it and ${nodeList(group.slice(1))}), so none of them can ever run`
        : `${info.name}: no path from the trigger leads to this node, so it can never run`;
    problems.push({ code: UNREACHABLE, severity: 'error', nodeId: info.node.id, nodeIds: group, message });
  }
  return problems;
}

/** `a, b and c` / `a, b, c, d, e and 7 more` (node ids). */
function nodeList(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0]!;
  if (ids.length <= CUT_OFF_NAMED) return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return `${ids.slice(0, CUT_OFF_NAMED).join(', ')} and ${ids.length - CUT_OFF_NAMED} more`;
}
