/**
 * The difference between two workflow documents (two versions, or a version and the
 * draft), for the version history's compare view and the Publish dialog. Pure.
 *
 * - Nodes are matched by id (ids are stable; labels are display only). A node only in
 *   `to` is `added`, only in `from` is `removed`; one whose type, label or config differ
 *   is `changed`, with one {@link FieldChange} per changed leaf (from a jsondiffpatch
 *   delta: array items such as form fields, headers or outcomes are matched by their
 *   `id`/`name`/`key`, so inserting one is one change, not a shift of every later item).
 *   A node whose position differs by more than {@link MOVE_TOLERANCE} px is `moved` (a
 *   flag, also set on a changed node; a node only moved has status `moved`).
 * - Edges are matched by what they connect (`source:port → target:port`), not by id,
 *   so an edge redrawn between the same ports is the same edge.
 * - Document fields (name, description, settings) are compared like node fields.
 */
import { create, type Delta } from 'jsondiffpatch';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '@/lib/workflow/document';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';

/** Position changes up to this many px (either axis) are not a move. */
export const MOVE_TOLERANCE = 1;

export type FieldChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/**
 * One changed leaf: `path` into the compared object (`["config", "url"]`,
 * `["config", "headers", "Accept", "value"]`: array items are named by their key when
 * they have one, else by index). For `moved` (an array item reordered), `before` and
 * `after` are its old and new index.
 */
export interface FieldChange {
  path: string[];
  kind: FieldChangeKind;
  before?: unknown;
  after?: unknown;
}

export type NodeDiffStatus = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export interface NodeDiff {
  id: string;
  status: NodeDiffStatus;
  /** Position changed (also on a `changed` node). */
  moved: boolean;
  /** The node in `from` (absent when added). */
  before?: WorkflowNode;
  /** The node in `to` (absent when removed). */
  after?: WorkflowNode;
  /** Changes of `type`, `label` and `config` (empty unless `changed`). */
  fields: FieldChange[];
}

export interface EdgeDiff {
  /** `source:sourcePort->target:targetPort`. */
  key: string;
  status: 'added' | 'removed' | 'unchanged';
  edge: WorkflowEdge;
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  edgesAdded: number;
  edgesRemoved: number;
  /** Document fields (name, description, settings) that changed. */
  documentFields: number;
}

export interface DocumentDiff {
  /** Every node of either document: `to`'s in its order, then the removed ones. */
  nodes: NodeDiff[];
  /** Every edge of either document: `to`'s in its order, then the removed ones. */
  edges: EdgeDiff[];
  /** Changes of name, description and settings. */
  document: FieldChange[];
  summary: DiffSummary;
  /** Nothing differs (positions included). */
  identical: boolean;
}

/** Array items are matched by a key they carry (form fields, headers, outcomes, rules), else by position. */
const differ = create({
  objectHash: (item: object, index?: number) => {
    const o = item as Record<string, unknown>;
    for (const k of ['id', 'name', 'key'] as const) if (typeof o[k] === 'string' && o[k]) return `${k}:${o[k] as string}`;
    return `#${index ?? 0}`;
  },
  arrays: { detectMove: true, includeValueOnMove: false },
  cloneDiffValues: false,
});

/** The stable key of an edge: what it connects. */
export function edgeKey(e: Pick<WorkflowEdge, 'source' | 'sourcePort' | 'target' | 'targetPort'>): string {
  return `${e.source}:${e.sourcePort ?? 'out'}->${e.target}:${e.targetPort ?? 'in'}`;
}

/** Name of an array item in a path: its key when it has one, else its index. */
function itemName(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const k of ['id', 'name', 'key'] as const) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  return String(index);
}

/**
 * Flattens a jsondiffpatch delta of `before` → `after` into leaf changes.
 * Delta shapes (jsondiffpatch): `[new]` added, `[old, new]` modified, `[old, 0, 0]`
 * deleted, `['', to, 3]` moved array item, `{ _t: 'a', … }` array, else an object.
 */
export function flattenDelta(delta: Delta, before: unknown, after: unknown, path: string[] = [], out: FieldChange[] = []): FieldChange[] {
  if (delta === undefined) return out;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path, kind: 'added', after: delta[0] });
    else if (delta.length === 2) out.push({ path, kind: 'changed', before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ path, kind: 'removed', before: delta[0] });
    return out;
  }
  if (delta._t === 'a') {
    const prev = Array.isArray(before) ? before : [];
    const next = Array.isArray(after) ? after : [];
    for (const [k, d] of Object.entries(delta)) {
      if (k === '_t') continue;
      if (k.startsWith('_')) {
        const from = Number(k.slice(1));
        const sub = d as unknown[];
        if (sub[2] === 3) out.push({ path: [...path, itemName(prev[from], from)], kind: 'moved', before: from, after: sub[1] });
        else if (sub[2] === 0) out.push({ path: [...path, itemName(prev[from], from)], kind: 'removed', before: sub[0] });
        continue;
      }
      const to = Number(k);
      // A nested delta at a new index: the item with that key in `before`, wherever it was.
      const name = itemName(next[to], to);
      const old = Array.isArray(d) ? undefined : prev.find((x, i) => itemName(x, i) === name);
      flattenDelta(d as Delta, old, next[to], [...path, name], out);
    }
    return out;
  }
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  for (const [k, d] of Object.entries(delta)) flattenDelta(d as Delta, b[k], a[k], [...path, k], out);
  return out;
}

/** Field changes between two JSON values (empty when equal). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  return flattenDelta(differ.diff(before, after), before, after);
}

const comparable = (n: WorkflowNode) => ({ type: n.type, label: n.label ?? '', config: n.config });

/** Compares two documents (`from` the older, `to` the newer). */
export function diffDocuments(from: WorkflowDocument, to: WorkflowDocument): DocumentDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const afterIds = new Set(to.nodes.map((n) => n.id));
  const nodes: NodeDiff[] = [];
  for (const n of to.nodes) {
    const old = before.get(n.id);
    if (!old) {
      nodes.push({ id: n.id, status: 'added', moved: false, after: n, fields: [] });
      continue;
    }
    const fields = fieldChanges(comparable(old), comparable(n));
    const moved = Math.abs(old.position.x - n.position.x) > MOVE_TOLERANCE || Math.abs(old.position.y - n.position.y) > MOVE_TOLERANCE;
    nodes.push({ id: n.id, status: fields.length ? 'changed' : moved ? 'moved' : 'unchanged', moved, before: old, after: n, fields });
  }
  for (const n of from.nodes) if (!afterIds.has(n.id)) nodes.push({ id: n.id, status: 'removed', moved: false, before: n, fields: [] });

  const oldEdges = new Set(from.edges.map(edgeKey));
  const newEdges = new Set(to.edges.map(edgeKey));
  const edges: EdgeDiff[] = [
    ...to.edges.map((e): EdgeDiff => ({ key: edgeKey(e), status: oldEdges.has(edgeKey(e)) ? 'unchanged' : 'added', edge: e })),
    ...from.edges.filter((e) => !newEdges.has(edgeKey(e))).map((e): EdgeDiff => ({ key: edgeKey(e), status: 'removed', edge: e })),
  ];

  const docFields = (d: WorkflowDocument) => ({ name: d.name, description: d.description ?? '', settings: d.settings ?? {} });
  const document = fieldChanges(docFields(from), docFields(to));

  const count = (s: NodeDiffStatus) => nodes.filter((n) => n.status === s).length;
  const summary: DiffSummary = {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    moved: nodes.filter((n) => n.moved).length,
    edgesAdded: edges.filter((e) => e.status === 'added').length,
    edgesRemoved: edges.filter((e) => e.status === 'removed').length,
    documentFields: document.length,
  };
  const identical = Object.values(summary).every((v) => v === 0);
  return { nodes, edges, document, summary, identical };
}

/**
 * Where to draw the ghosts of removed nodes on the newer document's canvas: at their
 * old place, unless a node of the newer document (or another ghost) is there — a node
 * replaced by another at the same place is common — then moved right, one column
 * (node width + 48 px) at a time, until free. Returns removed node id → position.
 */
export function ghostPositions(diff: DocumentDiff, size = { width: NODE_WIDTH, height: NODE_HEIGHT }): Map<string, { x: number; y: number }> {
  const gap = 48;
  const boxes = diff.nodes.filter((n) => n.after).map((n) => n.after!.position);
  const overlaps = (p: { x: number; y: number }) => boxes.some((b) => Math.abs(b.x - p.x) < size.width + gap / 2 && Math.abs(b.y - p.y) < size.height + gap / 2);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of diff.nodes) {
    if (n.status !== 'removed') continue;
    const p = { ...n.before!.position };
    for (let i = 0; i < 50 && overlaps(p); i++) p.x += size.width + gap;
    boxes.push(p);
    out.set(n.id, p);
  }
  return out;
}

/** "2 added, 1 removed, 3 changed, 1 moved, 2 connections added" (or "No changes"). */
export function describeSummary(s: DiffSummary): string {
  const parts: string[] = [];
  if (s.added) parts.push(`${s.added} added`);
  if (s.removed) parts.push(`${s.removed} removed`);
  if (s.changed) parts.push(`${s.changed} changed`);
  if (s.moved) parts.push(`${s.moved} moved`);
  const conn = (n: number, what: string) => n && parts.push(`${n} connection${n === 1 ? '' : 's'} ${what}`);
  conn(s.edgesAdded, 'added');
  conn(s.edgesRemoved, 'removed');
  if (s.documentFields) parts.push(`${s.documentFields} workflow setting${s.documentFields === 1 ? '' : 's'} changed`);
  return parts.length ? parts.join(', ') : 'No changes';
}

/** `headers › Accept › value`: a field path for display. */
export function formatPath(path: readonly string[]): string {
  return path.join(' › ');
}
