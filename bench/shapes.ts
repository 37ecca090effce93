/**
 * The workflows of the engine benchmark's shapes (`bench/run.ts`, `bench/pg.ts`), as
 * documents: W1/W3 a chain of no-op steps, W2 a split into parallel no-op branches and
 * a join, W4 a run that parks at a user task. No-op step = a Transform node whose
 * mapping is the constant `1`.
 */
import type { WorkflowDocument } from '../lib/workflow/document';

type Node = WorkflowDocument['nodes'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}): Node => ({ id, type, label: id, position: { x: 0, y: 0 }, config });
let edgeNo = 0;
const edge = (source: string, target: string, sourcePort = 'out') => ({ id: `e${++edgeNo}`, source, sourcePort, target, targetPort: 'in' });
const noop = (id: string) => node(id, 'transform', { expression: '1', assignTo: '' });

/** A manual trigger, `n` no-op steps one after another, an End. */
export function chain(n: number): WorkflowDocument {
  const nodes: Node[] = [node('start', 'manualTrigger')];
  const edges = [];
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    nodes.push(noop(`s${i}`));
    edges.push(edge(prev, `s${i}`));
    prev = `s${i}`;
  }
  nodes.push(node('done', 'end'));
  edges.push(edge(prev, 'done'));
  return { schemaVersion: 1, name: `chain ${n}`, description: '', nodes, edges };
}

/** A manual trigger, a parallel split into `n` no-op branches, a join, an End. */
export function fan(n: number): WorkflowDocument {
  const nodes: Node[] = [node('start', 'manualTrigger'), node('split', 'parallelSplit'), node('join', 'parallelJoin'), node('done', 'end')];
  const edges = [edge('start', 'split'), edge('join', 'done')];
  for (let i = 1; i <= n; i++) {
    nodes.push(noop(`b${i}`));
    edges.push(edge('split', `b${i}`), edge(`b${i}`, 'join'));
  }
  return { schemaVersion: 1, name: `fan ${n}`, description: '', nodes, edges };
}

/** A manual trigger, a user task (outcome `ok`), an End. */
export function parked(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'parked',
    description: '',
    nodes: [node('start', 'manualTrigger'), node('task', 'userTask', { title: 'Approve', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')],
    edges: [edge('start', 'task'), edge('task', 'done', 'ok')],
  };
}
