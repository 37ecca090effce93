/**
 * The designer's clipboard format and paste: a Baton document fragment, the JSON put
 * on the system clipboard by copy, cut and duplicate, so nodes move between
 * workflows and browser tabs.
 *
 * ```json
 * { "kind": "baton.fragment", "schemaVersion": 1,
 *   "nodes": [{ "id": "check", "type": "http", "label": "Check", "position": { "x": 0, "y": 0 }, "config": {} }],
 *   "edges": [{ "id": "e1", "source": "check", "sourcePort": "out", "target": "review", "targetPort": "in" }] }
 * ```
 * Pasting also accepts a whole exported workflow document (its nodes and edges).
 * Pasted nodes get ids that are free in the target workflow, edges between them get
 * new ids, and references inside the pasted set (`$steps.<id>` in expressions,
 * templates and code) follow the new ids. Pure; validated with zod.
 */
import { z } from 'zod';
import { DOCUMENT_LIMITS, parseDocument, WorkflowEdgeSchema, WorkflowNodeSchema, WORKFLOW_SCHEMA_VERSION, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '@/lib/workflow/document';
import { edgeIdSource, uniqueNodeId } from './ids';
import { rewriteConfig } from './references';

export const FRAGMENT_KIND = 'baton.fragment';

/** Largest clipboard text read for a paste, characters (a full document at the node limit fits). */
export const CLIPBOARD_MAX_CHARS = 8 * 1024 * 1024;

export const FragmentSchema = z.object({
  kind: z.literal(FRAGMENT_KIND),
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
  nodes: z.array(WorkflowNodeSchema).min(1).max(DOCUMENT_LIMITS.nodes),
  edges: z.array(WorkflowEdgeSchema).max(DOCUMENT_LIMITS.edges).default([]),
});
export type Fragment = z.infer<typeof FragmentSchema>;

type XY = { x: number; y: number };

/** The fragment of `doc` holding the nodes `ids` and the edges between them, or null when none of the ids exist. */
export function buildFragment(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, ids: Iterable<string>): Fragment | null {
  const want = new Set(ids);
  const nodes = doc.nodes.filter((n) => want.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => want.has(e.source) && want.has(e.target));
  return { kind: FRAGMENT_KIND, schemaVersion: WORKFLOW_SCHEMA_VERSION, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/** The clipboard text of a fragment (pretty JSON, so a paste into an editor reads well). */
export function serializeFragment(f: Fragment): string {
  return JSON.stringify(f, null, 2);
}

/** Result of {@link parseClipboard}: the fragment, or why the text is not one (a sentence). */
export type ParsedClipboard = { ok: true; fragment: Fragment } | { ok: false; error: string };

/**
 * Reads clipboard text as a fragment, or as a whole workflow document (its nodes and
 * edges). Edges whose ends are not in the fragment are dropped. Never throws.
 */
export function parseClipboard(text: string): ParsedClipboard {
  if (text.length > CLIPBOARD_MAX_CHARS) return { ok: false, error: `The clipboard holds more than ${CLIPBOARD_MAX_CHARS} characters.` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The clipboard holds no Baton nodes (copy nodes in a Baton designer, or a workflow’s exported JSON).' };
  }
  if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === FRAGMENT_KIND) {
    const r = FragmentSchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      return { ok: false, error: `The copied nodes are not valid: ${i.path.join('.') || 'fragment'}: ${i.message}` };
    }
    return { ok: true, fragment: withInnerEdges(r.data) };
  }
  if (raw && typeof raw === 'object' && Array.isArray((raw as { nodes?: unknown }).nodes)) {
    const r = parseDocument(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      return { ok: false, error: `The workflow document is not valid: ${i.path.join('.') || 'document'}: ${i.message}` };
    }
    if (r.data.nodes.length === 0) return { ok: false, error: 'The workflow document has no nodes.' };
    return { ok: true, fragment: { kind: FRAGMENT_KIND, schemaVersion: WORKFLOW_SCHEMA_VERSION, nodes: r.data.nodes, edges: r.data.edges } };
  }
  return { ok: false, error: 'The clipboard holds JSON, but not Baton nodes or a workflow document.' };
}

function withInnerEdges(f: Fragment): Fragment {
  const ids = new Set(f.nodes.map((n) => n.id));
  const edges = f.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return edges.length === f.edges.length ? f : { ...f, edges };
}

/** Top-left corner of the nodes' positions. */
export function fragmentOrigin(nodes: readonly Pick<WorkflowNode, 'position'>[]): XY {
  return { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) };
}

/** The id a pasted node starts from: its own, without a trailing `_<n>` copy number. */
function baseOf(id: string): string {
  return id.replace(/_\d+$/, '') || id;
}

/** Step between repeated pastes of the same nodes, px. */
export const PASTE_OFFSET = 32;

/**
 * Adds the fragment's nodes and edges to `doc` under new ids. Placement: with `at`,
 * the fragment's top-left corner goes there; without, the nodes keep their positions
 * shifted by {@link PASTE_OFFSET} px steps until none lands exactly on an existing node
 * (so copy + paste in one workflow shows the copy beside the original).
 * Refused (throws RangeError) when the result would pass the document's node or edge limit.
 * @returns the new document and the ids of the pasted nodes (in fragment order).
 */
export function pasteFragment(doc: WorkflowDocument, f: Fragment, at?: XY): { doc: WorkflowDocument; nodeIds: string[] } {
  if (doc.nodes.length + f.nodes.length > DOCUMENT_LIMITS.nodes) throw new RangeError(`A workflow has at most ${DOCUMENT_LIMITS.nodes} nodes.`);
  if (doc.edges.length + f.edges.length > DOCUMENT_LIMITS.edges) throw new RangeError(`A workflow has at most ${DOCUMENT_LIMITS.edges} connections.`);
  const taken = new Set(doc.nodes.map((n) => n.id));
  const map = new Map<string, string>();
  for (const n of f.nodes) {
    const id = uniqueNodeId(baseOf(n.id), taken);
    taken.add(id);
    map.set(n.id, id);
  }
  let dx: number;
  let dy: number;
  if (at) {
    const o = fragmentOrigin(f.nodes);
    dx = Math.round(at.x - o.x);
    dy = Math.round(at.y - o.y);
  } else {
    const occupied = new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`));
    let k = 0;
    const hits = (d: number) => f.nodes.some((n) => occupied.has(`${n.position.x + d},${n.position.y + d}`));
    while (hits(k * PASTE_OFFSET) && k < 1000) k++;
    dx = dy = k * PASTE_OFFSET;
  }
  const nodes: WorkflowNode[] = f.nodes.map((n) => ({
    ...structuredClone(n),
    id: map.get(n.id)!,
    position: { x: n.position.x + dx, y: n.position.y + dy },
    config: structuredClone(rewriteConfig(n.type, n.config ?? {}, map)),
  }));
  const nextEdge = edgeIdSource(doc.edges.map((e) => e.id));
  const edges: WorkflowEdge[] = f.edges.map((e) => ({ ...e, id: nextEdge(), source: map.get(e.source)!, target: map.get(e.target)! }));
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}
