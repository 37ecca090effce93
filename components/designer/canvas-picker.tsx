'use client';
/**
 * The node picker of the designer's canvas and what a pick does. Three requests open it:
 * - `connect`: a connection was dropped on empty canvas; the chosen node type is added
 *   at the drop point and connected to the handle the drag started from;
 * - `insert`: the "+" of an edge; the chosen type goes in the middle of the edge
 *   (source → new → target);
 * - `link`: the keyboard's connect command (`C`) on a selected node; the chosen node
 *   becomes the target of a new edge from the selected node's first free output.
 * Each pick is one undo step; a refused pick says why in a toast.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { getNodeType } from '@/lib/nodes/registry';
import { connectionError } from '@/lib/designer/connect';
import { fitsDragOrigin, fitsOnEdge, type DragOrigin } from '@/lib/designer/insert';
import { nodeOutputs, splitOutputs } from '@/lib/designer/ports';
import { designerStore } from '@/lib/designer/store';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { NodePicker, nodeTypeItems, type PickerItem } from './node-picker';
import { toast } from './toast';

type XY = { x: number; y: number };

/** What the picker was opened for; `screen` is where it pops up, `flow` the same point in canvas coordinates. */
export type PickerRequest =
  | { kind: 'connect'; from: DragOrigin; screen: XY; flow: XY }
  | { kind: 'insert'; edgeId: string; screen: XY; flow: XY }
  | { kind: 'link'; nodeId: string; screen: XY };

interface PickerState {
  request: PickerRequest | null;
  /** The edge under the mouse (its "+" shows). */
  hoveredEdge: string | null;
  open(r: PickerRequest): void;
  close(): void;
  hoverEdge(id: string | null): void;
}

/** Leaving an edge hides its "+" after this many ms, so the pointer can travel onto the button. */
const HOVER_GRACE_MS = 150;
let unhover: ReturnType<typeof setTimeout> | undefined;

/** The canvas picker's state (one designer is open at a time). */
export const usePicker = create<PickerState>()((set) => ({
  request: null,
  hoveredEdge: null,
  open: (request) => set({ request, hoveredEdge: null }),
  close: () => set({ request: null }),
  hoverEdge: (id) => {
    clearTimeout(unhover);
    if (id) set((s) => (s.hoveredEdge === id ? s : { hoveredEdge: id }));
    else unhover = setTimeout(() => set({ hoveredEdge: null }), HOVER_GRACE_MS);
  },
}));

/** The first output of `nodeId` a new edge may leave from (primary outputs first, then side ports), or null. */
export function freeOutput(nodeId: string): string | null {
  const doc = designerStore.getState().doc;
  const n = doc.nodes.find((x) => x.id === nodeId);
  if (!n) return null;
  const { main, side } = splitOutputs(nodeOutputs(n.type, n.config ?? {}));
  const used = new Set(doc.edges.filter((e) => e.source === nodeId).map((e) => e.sourcePort));
  const split = getNodeType(n.type)?.behavior === 'parallelSplit';
  return [...main, ...side].find((p) => split || !used.has(p.id))?.id ?? null;
}

/** The nodes `nodeId` may connect to now, as picker items. */
function targetItems(nodeId: string): PickerItem[] {
  const doc = designerStore.getState().doc;
  const port = freeOutput(nodeId);
  if (!port) return [];
  return doc.nodes
    .filter((n) => connectionError(doc, { source: nodeId, sourceHandle: port, target: n.id, targetHandle: null }) === null)
    .map((n) => {
      const def = getNodeType(n.type);
      return { id: n.id, label: n.label?.trim() || def?.label || n.id, hint: `${def?.label ?? n.type} · ${n.id}`, keywords: [n.type], icon: def?.icon ?? '', accent: def?.accent ?? '#94a3b8' };
    });
}

const centred = (p: XY): XY => ({ x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 });

export function CanvasPicker() {
  const request = usePicker((s) => s.request);
  const close = usePicker((s) => s.close);

  const items = useMemo(() => {
    if (!request) return [];
    if (request.kind === 'link') return targetItems(request.nodeId);
    if (request.kind === 'insert') return nodeTypeItems(fitsOnEdge);
    return nodeTypeItems((t) => fitsDragOrigin(t, request.from.side));
  }, [request]);

  const onPick = (item: PickerItem) => {
    if (!request) return;
    close();
    const s = designerStore.getState();
    if (request.kind === 'link') {
      const err = s.connect({ source: request.nodeId, sourceHandle: freeOutput(request.nodeId), target: item.id, targetHandle: null });
      if (err) toast.error('Cannot connect', err);
      return;
    }
    // A connection dropped below its source puts the new node's input at the drop point; above an input, its output.
    const at = request.kind === 'connect' ? (request.from.side === 'source' ? { x: request.flow.x - NODE_WIDTH / 2, y: request.flow.y } : { x: request.flow.x - NODE_WIDTH / 2, y: request.flow.y - NODE_HEIGHT }) : centred(request.flow);
    const r = request.kind === 'connect' ? s.addConnected(item.id, at, request.from) : s.insertOnEdge(request.edgeId, item.id, at);
    if ('error' in r) toast.error(request.kind === 'insert' ? 'Cannot insert' : 'Cannot connect', r.error);
  };

  const title = request?.kind === 'link' ? 'Connect to' : request?.kind === 'insert' ? 'Insert a node' : 'Add a connected node';
  return (
    <NodePicker
      at={request?.screen ?? null}
      title={title}
      placeholder={request?.kind === 'link' ? 'Search nodes of this workflow' : 'Search node types'}
      items={items}
      onPick={onPick}
      onClose={close}
      testId={request?.kind === 'link' ? 'connect-picker' : 'node-picker'}
    />
  );
}
