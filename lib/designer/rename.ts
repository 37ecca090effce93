/**
 * Renaming a node id: the node, every edge that touches it, and every expression,
 * template and code field of every node that reads `$steps.<old id>` (see
 * `references.ts`). Pure.
 */
import { NodeIdSchema, type WorkflowDocument } from '@/lib/workflow/document';
import { rewriteConfig, type IdMap } from './references';

/** Result of {@link renameNodeId}: the new document, or why the id was refused (a sentence for the panel). */
export type RenameResult = { ok: true; doc: WorkflowDocument } | { ok: false; error: string };

/** Why `id` cannot be a node id (for the panel), or null when it can. */
export function nodeIdProblem(id: string): string | null {
  if (id === '') return 'Enter an id.';
  if (id.length > 64) return 'An id has at most 64 characters.';
  if (!NodeIdSchema.safeParse(id).success) return 'Use letters, digits and _ only, starting with a letter or _ (expressions read it as $steps.<id>).';
  return null;
}

/** Applies an id map to every node's config and to the edges; nodes themselves are not renamed here. */
export function rewriteReferences(doc: WorkflowDocument, map: IdMap): WorkflowDocument {
  if (map.size === 0) return doc;
  let nodesChanged = false;
  const nodes = doc.nodes.map((n) => {
    const config = rewriteConfig(n.type, n.config ?? {}, map);
    if (config === n.config) return n;
    nodesChanged = true;
    return { ...n, config };
  });
  let edgesChanged = false;
  const edges = doc.edges.map((e) => {
    const source = map.get(e.source) ?? e.source;
    const target = map.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) return e;
    edgesChanged = true;
    return { ...e, source, target };
  });
  if (!nodesChanged && !edgesChanged) return doc;
  return { ...doc, nodes: nodesChanged ? nodes : doc.nodes, edges: edgesChanged ? edges : doc.edges };
}

/**
 * Renames node `from` to `to` and rewrites what references it.
 * Refused (ok: false) when `to` is not a valid id, is taken by another node, or `from` does not exist.
 * Renaming to the same id returns the document unchanged.
 */
export function renameNodeId(doc: WorkflowDocument, from: string, to: string): RenameResult {
  if (!doc.nodes.some((n) => n.id === from)) return { ok: false, error: `There is no node "${from}".` };
  if (to === from) return { ok: true, doc };
  const problem = nodeIdProblem(to);
  if (problem) return { ok: false, error: problem };
  if (doc.nodes.some((n) => n.id === to)) return { ok: false, error: `Another node already has the id "${to}".` };
  const map = new Map([[from, to]]);
  const rewritten = rewriteReferences(doc, map);
  return { ok: true, doc: { ...rewritten, nodes: rewritten.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)) } };
}
