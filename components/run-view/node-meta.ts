/** Display facts about the nodes of a workflow version (label, type name, icon, accent), by node id. */
import { getNodeType } from '@/lib/nodes/registry';
import type { WorkflowDocument } from '@/lib/workflow/document';

export interface NodeMeta {
  id: string;
  type: string;
  label: string;
  typeLabel: string;
  icon: string;
  accent: string;
  behavior: string | null;
  config: Record<string, unknown>;
}

export function nodeMetaMap(doc: WorkflowDocument | undefined): Map<string, NodeMeta> {
  const out = new Map<string, NodeMeta>();
  for (const n of doc?.nodes ?? []) {
    const def = getNodeType(n.type);
    out.set(n.id, {
      id: n.id,
      type: n.type,
      label: n.label?.trim() || def?.label || n.id,
      typeLabel: def?.label ?? n.type,
      icon: def?.icon ?? '',
      accent: def?.accent ?? '#94a3b8',
      behavior: def?.behavior ?? null,
      config: n.config ?? {},
    });
  }
  return out;
}

/** Meta of a node missing from the document (should not happen; keeps the UI total). */
export function fallbackMeta(nodeId: string): NodeMeta {
  return { id: nodeId, type: '', label: nodeId, typeLabel: 'Node', icon: '', accent: '#94a3b8', behavior: null, config: {} };
}
