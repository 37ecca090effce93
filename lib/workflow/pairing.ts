/**
 * Validator checks pairing diverging gateways with their joins: parallel splits
 * with parallel joins (BPMN 2.0 §10.6.4) and inclusive gateways with inclusive
 * joins (§10.6.3). A join waits for one token per branch of its split, so every
 * branch must reach it, and it must have one incoming edge per branch (edges
 * leaving a task's `error` port do not count: a branch's token arrives through
 * `out` or through `error`, never both).
 */
import { JOIN_BRANCH_MISMATCH, JOIN_KIND_MISMATCH, JOIN_WITHOUT_SPLIT, SPLIT_WITHOUT_JOIN, type Problem } from './problems';
import type { WorkflowEdge } from './document';
import { adjacency, type GraphNode } from './graph';

const SPLIT_OF_JOIN: Record<string, string> = { parallelJoin: 'parallelSplit', inclusiveJoin: 'inclusive' };
const isSplit = (b: string | undefined) => b === 'parallelSplit' || b === 'inclusive';
const isJoin = (b: string | undefined) => b === 'parallelJoin' || b === 'inclusiveJoin';

/** Branch edges of a split: a parallel split's `out` edges; every outgoing edge of an inclusive gateway (its branches and default). `outgoing`: edges by source node, in document order. */
function branchesOf(split: GraphNode, outgoing: ReadonlyMap<string, WorkflowEdge[]>): WorkflowEdge[] {
  const parallel = split.def?.behavior === 'parallelSplit';
  const out = outgoing.get(split.node.id) ?? [];
  return parallel ? out.filter((e) => e.sourcePort === 'out') : out;
}

/**
 * Pairs splits with joins by walking forward from each branch of each split,
 * counting nested splits (depth +1) and joins (depth -1); a join reached at depth 0
 * closes the branch. A split's join is the one most of its branches reach first.
 * Back edges are fine: the walk visits each (node, depth) once.
 */
export function checkSplitJoinPairs(edges: readonly WorkflowEdge[], infos: ReadonlyMap<string, GraphNode>, problems: Problem[]): void {
  const behaviorOf = (id: string) => infos.get(id)?.def?.behavior;
  const next = adjacency(edges);
  const splits = [...infos.values()].filter((i) => isSplit(i.def?.behavior));
  const maxDepth = splits.length + 1;
  const paired = new Set<string>();
  const incoming = new Map<string, number>();
  for (const e of edges) {
    if (e.source === e.target || (e.sourcePort === 'error' && behaviorOf(e.source) === 'task')) continue;
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }

  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const e of edges) {
    const list = outgoing.get(e.source);
    if (list) list.push(e);
    else outgoing.set(e.source, [e]);
  }

  for (const split of splits) {
    const branches = branchesOf(split, outgoing);
    if (branches.length === 0) continue;
    const reachedBy = branches.map((b) => joinsReached(b.target, next, behaviorOf, maxDepth));
    const join = mostCommonFirst(reachedBy);
    if (!join) {
      problems.push({
        code: SPLIT_WITHOUT_JOIN,
        severity: 'warning',
        nodeId: split.node.id,
        message: `${split.name}: its branches never meet at ${withArticle(joinWord(split))}; they run on independently and the run ends when all of them have ended`,
      });
      continue;
    }
    const joinInfo = infos.get(join)!;
    reachedBy.forEach((joins) => joins.forEach((j) => paired.add(j)));
    if (SPLIT_OF_JOIN[behaviorOf(join)!] !== split.def?.behavior) {
      problems.push({
        code: JOIN_KIND_MISMATCH,
        severity: 'error',
        nodeId: join,
        message: `${joinInfo.name} joins the branches of ${split.name}; use ${withArticle(joinWord(split))} there (a parallel join waits for every branch, an inclusive join for those its gateway started)`,
      });
      continue;
    }
    const count = incoming.get(join) ?? 0;
    if (count !== branches.length) {
      problems.push({
        code: JOIN_BRANCH_MISMATCH,
        severity: 'error',
        nodeId: join,
        message: `${joinInfo.name} has ${count} incoming edge${count === 1 ? '' : 's'} but its split ${split.name} starts ${branches.length} branches; the join waits for exactly one token per branch`,
      });
    }
    branches.forEach((b, i) => {
      if (reachedBy[i]!.includes(join)) return;
      const elsewhere = reachedBy[i]!.length ? `it reaches ${reachedBy[i]!.map((j) => infos.get(j)!.name).join(', ')} instead` : 'it ends without reaching it';
      problems.push({
        code: JOIN_BRANCH_MISMATCH,
        severity: 'error',
        nodeId: split.node.id,
        edgeId: b.id,
        message: `${split.name}: the branch starting with edge "${b.id}" never reaches the split's join ${joinInfo.name} (${elsewhere}), so the join would wait forever`,
      });
    });
  }
  for (const info of infos.values()) {
    if (!isJoin(info.def?.behavior) || paired.has(info.node.id)) continue;
    const inclusive = info.def?.behavior === 'inclusiveJoin';
    problems.push({
      code: JOIN_WITHOUT_SPLIT,
      severity: 'error',
      nodeId: info.node.id,
      message: inclusive
        ? `${info.name}: no inclusive gateway leads to this join; an inclusive join waits for the branches its gateway started`
        : `${info.name}: no parallel split leads to this join; a join waits for the branches of a split (use a plain edge to merge exclusive paths)`,
    });
  }
}

function joinWord(split: GraphNode): string {
  return split.def?.behavior === 'inclusive' ? 'inclusive join' : 'parallel join';
}

function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** Joins reached at depth 0 from `start` (breadth-first, in order of first reach). */
function joinsReached(start: string, next: Map<string, string[]>, behaviorOf: (id: string) => string | undefined, maxDepth: number): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const queue: Array<[string, number]> = [[start, 0]];
  for (let i = 0; i < queue.length; i++) {
    const [id, depth] = queue[i]!;
    const key = `${id}@${depth}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const behavior = behaviorOf(id);
    let d = depth;
    if (isJoin(behavior)) {
      if (depth === 0) {
        if (!found.includes(id)) found.push(id);
        continue;
      }
      d = depth - 1;
    } else if (isSplit(behavior)) {
      d = depth + 1;
      if (d > maxDepth) continue; // a split inside a loop without a join: stop deepening
    }
    for (const t of next.get(id) ?? []) queue.push([t, d]);
  }
  return found;
}

/** The join that most branches reach first; ties go to the earliest branch. */
function mostCommonFirst(reachedBy: string[][]): string | undefined {
  const counts = new Map<string, number>();
  for (const joins of reachedBy) if (joins[0]) counts.set(joins[0], (counts.get(joins[0]) ?? 0) + 1);
  let best: string | undefined;
  for (const [join, n] of counts) if (best === undefined || n > counts.get(best)!) best = join;
  return best;
}
