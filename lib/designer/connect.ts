/**
 * Rules for drawing an edge on the canvas: which connections are refused (with a
 * message saying why) and the document edge a valid connection becomes. The
 * workflow validator reports the same situations on loaded documents; here we stop
 * them being drawn in the first place.
 */
import { getNodeType } from '@/lib/nodes/registry';
import type { WorkflowDocument, WorkflowEdge } from '@/lib/workflow/document';
import { nextEdgeId } from './ids';
import { nodeInputs, nodeOutputs } from './ports';

/** What React Flow hands us for a new connection (`Connection` / `Edge`). */
export interface ConnectionLike {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

function nodeName(doc: Pick<WorkflowDocument, 'nodes'>, id: string): string {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) return id;
  const typeLabel = getNodeType(n.type)?.label ?? 'Node';
  const label = n.label?.trim();
  if (!label) return `${typeLabel} (${n.id})`;
  return label === typeLabel ? `${typeLabel} (${n.id})` : `${typeLabel} "${label}"`;
}

/** The ports a connection uses, with missing handles filled in (first output, first input). */
export function resolvePorts(doc: Pick<WorkflowDocument, 'nodes'>, c: ConnectionLike): { sourcePort: string; targetPort: string } {
  const src = doc.nodes.find((n) => n.id === c.source);
  const tgt = doc.nodes.find((n) => n.id === c.target);
  const sourcePort = c.sourceHandle || (src && nodeOutputs(src.type, src.config)[0]?.id) || 'out';
  const targetPort = c.targetHandle || (tgt && nodeInputs(tgt.type, tgt.config)[0]?.id) || 'in';
  return { sourcePort, targetPort };
}

/** Why `c` may not be drawn in `doc`, or null when it may. */
export function connectionError(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, c: ConnectionLike): string | null {
  if (!c.source || !c.target) return 'Connect an output to an input';
  const src = doc.nodes.find((n) => n.id === c.source);
  const tgt = doc.nodes.find((n) => n.id === c.target);
  if (!src || !tgt) return 'Both ends must be nodes of this workflow';
  if (c.source === c.target) return `${nodeName(doc, src.id)} cannot connect to itself`;
  const inputs = nodeInputs(tgt.type, tgt.config);
  if (inputs.length === 0) return `${nodeName(doc, tgt.id)} has no input: a trigger only starts runs`;
  const { sourcePort, targetPort } = resolvePorts(doc, c);
  const outputs = nodeOutputs(src.type, src.config);
  const port = outputs.find((p) => p.id === sourcePort);
  if (!port) return `${nodeName(doc, src.id)} has no output "${sourcePort}"`;
  if (!inputs.some((p) => p.id === targetPort)) return `${nodeName(doc, tgt.id)} has no input "${targetPort}"`;
  const fromPort = doc.edges.filter((e) => e.source === src.id && e.sourcePort === sourcePort);
  if (fromPort.some((e) => e.target === tgt.id)) return `${nodeName(doc, src.id)} is already connected to ${nodeName(doc, tgt.id)}`;
  if (fromPort.length > 0 && getNodeType(src.type)?.behavior !== 'parallelSplit') {
    const which = outputs.length > 1 ? `Output "${port.label}" of ${nodeName(doc, src.id)}` : `The output of ${nodeName(doc, src.id)}`;
    return `${which} is already connected; only a parallel split can start several branches`;
  }
  return null;
}

/** The document edge for a valid connection, with a fresh id. */
export function connectionToEdge(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, c: ConnectionLike): WorkflowEdge {
  const { sourcePort, targetPort } = resolvePorts(doc, c);
  return { id: nextEdgeId(doc.edges.map((e) => e.id)), source: c.source!, sourcePort, target: c.target!, targetPort };
}
