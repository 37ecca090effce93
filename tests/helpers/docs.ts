/** Small workflow documents built in tests. */
import type { WorkflowDocument } from '@/lib/workflow/document';

type Node = WorkflowDocument['nodes'][number];
let n = 0;

export function node(id: string, type: string, config: Record<string, unknown> = {}): Node {
  return { id, type, label: id, position: { x: 0, y: 0 }, config };
}

export function edge(source: string, target: string, sourcePort = 'out') {
  return { id: `e${++n}_${source}_${target}`, source, sourcePort, target, targetPort: 'in' };
}

export function doc(name: string, nodes: Node[], edges: ReturnType<typeof edge>[]): WorkflowDocument {
  return { schemaVersion: 1, name, description: '', nodes, edges };
}

export const http = (id: string, url: string, body = '') =>
  node(id, 'http', { method: body ? 'POST' : 'GET', url, headers: [], body, timeoutMs: 10000, failOnHttpError: true });
