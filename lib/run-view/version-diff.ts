/**
 * What changed between two versions of a workflow, for the "retry from failure on
 * a newer version" dialog: nodes added, removed and changed (label, type, config
 * fields), edges added and removed, run settings. Nodes are matched by id (as the
 * engine matches them when a run continues on another version); edges by what they
 * connect (source, port, target), so re-created edges with new ids are not noise.
 * Positions are layout, not behaviour, and are ignored. Configs are compared with
 * their type's defaults filled in, so `{}` and `{ timeoutMs: 10000 }` are equal.
 * Pure; no React.
 */
import { isExecuting } from '../engine/behaviors';
import { getNodeType, parseNodeConfig } from '../nodes/registry';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../workflow/document';

/** A node as the diff names it. */
export interface DiffNode {
  id: string;
  type: string;
  /** Display label: the node's label, else its id. */
  label: string;
  /** `HTTP request "Charge" (charge)`: type, label and id, as validator messages name nodes. */
  name: string;
}

/** One field that differs: `path` is dotted inside the node (`label`, `type`, `url`, `retry.maxAttempts`) or the settings. */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface NodeDiff {
  /** The node as it is in the newer version. */
  node: DiffNode;
  changes: FieldChange[];
  /** `HTTP request "Charge" (charge): url changed, retry added`. */
  message: string;
}

export interface DiffEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
  /** `"Charge" → "Ship"`, with the port when it is not `out`: `"Review" [approve] → "Done"`. */
  text: string;
}

export interface VersionDiff {
  nodesAdded: DiffNode[];
  nodesRemoved: DiffNode[];
  nodesChanged: NodeDiff[];
  edgesAdded: DiffEdge[];
  edgesRemoved: DiffEdge[];
  /** `settings.maxIterations`, `settings.runTimeoutMs`. */
  settings: FieldChange[];
  /** Nothing that affects a run changed. */
  same: boolean;
}

type Doc = Pick<WorkflowDocument, 'nodes' | 'edges'> & { settings?: WorkflowDocument['settings'] };

/** The differences from `a` (older) to `b` (newer). */
export function diffVersions(a: Doc, b: Doc): VersionDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const nodesAdded = b.nodes.filter((n) => !before.has(n.id)).map(describeNode);
  const nodesRemoved = a.nodes.filter((n) => !after.has(n.id)).map(describeNode);
  const nodesChanged: NodeDiff[] = [];
  for (const nb of b.nodes) {
    const na = before.get(nb.id);
    if (!na) continue;
    const changes = nodeChanges(na, nb);
    if (!changes.length) continue;
    const node = describeNode(nb);
    nodesChanged.push({ node, changes, message: `${node.name}: ${changes.map(changeText).join(', ')}` });
  }

  const labelOf = (id: string) => {
    const n = after.get(id) ?? before.get(id);
    return n ? `"${displayLabel(n)}"` : `"${id}"`;
  };
  const edgeKeys = (doc: Doc) => new Map(doc.edges.map((e) => [edgeKey(e), e]));
  const ea = edgeKeys(a);
  const eb = edgeKeys(b);
  const describeEdge = (e: WorkflowEdge): DiffEdge => {
    const sourcePort = e.sourcePort ?? 'out';
    const port = sourcePort === 'out' ? '' : ` [${sourcePort}]`;
    return { id: e.id, source: e.source, sourcePort, target: e.target, targetPort: e.targetPort ?? 'in', text: `${labelOf(e.source)}${port} → ${labelOf(e.target)}` };
  };
  const edgesAdded = [...eb].filter(([k]) => !ea.has(k)).map(([, e]) => describeEdge(e));
  const edgesRemoved = [...ea].filter(([k]) => !eb.has(k)).map(([, e]) => describeEdge(e));

  const settings: FieldChange[] = [];
  valueChanges('settings', a.settings ?? {}, b.settings ?? {}, settings);

  const same = !nodesAdded.length && !nodesRemoved.length && !nodesChanged.length && !edgesAdded.length && !edgesRemoved.length && !settings.length;
  return { nodesAdded, nodesRemoved, nodesChanged, edgesAdded, edgesRemoved, settings, same };
}

/** Every change as one line of text, in the order the dialog lists them. */
export function diffLines(d: VersionDiff): string[] {
  return [
    ...d.nodesAdded.map((n) => `Added ${n.name}`),
    ...d.nodesRemoved.map((n) => `Removed ${n.name}`),
    ...d.nodesChanged.map((n) => n.message),
    ...d.edgesAdded.map((e) => `Added edge ${e.text}`),
    ...d.edgesRemoved.map((e) => `Removed edge ${e.text}`),
    ...d.settings.map(changeText),
  ];
}

/** `url changed`, `retry added`, `label changed`. */
export function changeText(c: FieldChange): string {
  return `${c.path} ${c.kind}`;
}

/** A short one-line rendering of a changed value (for "before → after"), or null when it is too long to be useful. */
export function previewValue(v: unknown, max = 48): string | null {
  if (v === undefined) return null;
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length <= max ? text : null;
}

/**
 * Nodes of a run's failed or interrupted steps that a retry on `b` could not
 * resume, each with why (the server refuses such a retry; the dialog warns first).
 */
export function retryBlockers(b: Doc, nodeIds: readonly string[]): string[] {
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (const id of new Set(nodeIds)) {
    const n = after.get(id);
    if (!n) out.push(`Node "${id}" is not in this version, so its failed step cannot run again`);
    else if (getNodeType(n.type) && !isExecuting(getNodeType(n.type)!.behavior)) out.push(`${describeNode(n).name} is no longer a step that runs`);
  }
  return out;
}

/** The node's own label, else its id (more telling in a diff than the type's name). */
function displayLabel(n: Pick<WorkflowNode, 'id' | 'label'>): string {
  return n.label?.trim() || n.id;
}

export function describeNode(n: Pick<WorkflowNode, 'id' | 'type' | 'label'>): DiffNode {
  const typeLabel = getNodeType(n.type)?.label ?? n.type;
  const label = displayLabel(n);
  const name = label !== n.id ? `${typeLabel} "${label}" (${n.id})` : `${typeLabel} "${n.id}"`;
  return { id: n.id, type: n.type, label, name };
}

function edgeKey(e: WorkflowEdge): string {
  return `${e.source}\u0000${e.sourcePort ?? 'out'}\u0000${e.target}\u0000${e.targetPort ?? 'in'}`;
}

/** The config with its type's defaults filled in (as the engine reads it); the raw config when it does not parse. */
function normalConfig(n: WorkflowNode): Record<string, unknown> {
  const parsed = parseNodeConfig(n.type, n.config ?? {});
  return parsed?.success ? (parsed.data as Record<string, unknown>) : (n.config ?? {});
}

function nodeChanges(a: WorkflowNode, b: WorkflowNode): FieldChange[] {
  const out: FieldChange[] = [];
  if ((a.label ?? '').trim() !== (b.label ?? '').trim()) out.push({ path: 'label', kind: 'changed', before: a.label ?? '', after: b.label ?? '' });
  if (a.type !== b.type) {
    // Another type: its config fields mean something else, so listing them adds nothing.
    out.push({ path: 'type', kind: 'changed', before: a.type, after: b.type });
    return out;
  }
  const ca = normalConfig(a);
  const cb = normalConfig(b);
  for (const key of unionKeys(ca, cb)) valueChanges(key, ca[key], cb[key], out);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

/** Appends the changes between two values at `path`, descending into plain objects present on both sides. */
function valueChanges(path: string, a: unknown, b: unknown, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, kind: 'added', after: b });
  if (b === undefined) return void out.push({ path, kind: 'removed', before: a });
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of unionKeys(a, b)) valueChanges(`${path}.${k}`, a[k], b[k], out);
    return;
  }
  if (!deepEqual(a, b)) out.push({ path, kind: 'changed', before: a, after: b });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
