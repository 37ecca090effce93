/**
 * Small builders for template documents: a node at the origin (positions come from
 * the auto-layout when a template is built) and edges numbered `e1, e2, …` in order.
 * Pure; shared by the examples and the templates.
 */
import type { WorkflowDocument } from '@/lib/workflow/document';

type N = WorkflowDocument['nodes'][number];
type E = WorkflowDocument['edges'][number];

/** A node of `type` with `config`; its position is computed later by the auto-layout. */
export const node = (id: string, type: string, label: string, config: Record<string, unknown> = {}): N => ({ id, type, label, position: { x: 0, y: 0 }, config });

/** Edges from `[source, target, sourcePort?]` triples (port `out` by default) into the `in` port. */
export function edges(list: readonly (readonly [string, string, string?])[]): E[] {
  return list.map(([source, target, sourcePort], i) => ({ id: `e${i + 1}`, source, sourcePort: sourcePort ?? 'out', target, targetPort: 'in' }));
}

/** An HTTP step calling a demo endpoint (`/api/demo/…`, resolved against the server's own address). */
export function demoCall(id: string, label: string, method: 'GET' | 'POST', path: string, body = '', extra: Record<string, unknown> = {}): N {
  return node(id, 'http', label, { method, url: `/api/demo/${path}`, headers: [], body, timeoutMs: 10_000, failOnHttpError: true, ...extra });
}
