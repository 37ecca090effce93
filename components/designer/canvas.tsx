'use client';
/**
 * The editable canvas: React Flow bound to the designer store. Connections are
 * checked with `connectionError` while dragging (refused handles do not light up)
 * and a refused drop says why. Right-click opens the canvas menu; keys are handled
 * by `use-shortcuts.ts` (React Flow's own Delete handling is off, so a delete is
 * one undo step).
 */
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type FinalConnectionState,
  type IsValidConnection,
  type OnConnect,
} from '@xyflow/react';
import { useCallback, useMemo, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { connectionError } from '@/lib/designer/connect';
import { designerStore, GRID, useDesigner } from '@/lib/designer/store';
import type { CanvasNode, WorkflowFlowEdge } from '@/lib/designer/types';
import { getNodeType } from '@/lib/nodes/registry';
import { CanvasMenu, type MenuTarget } from './canvas-menu';
import { CanvasPicker, usePicker } from './canvas-picker';
import { designerEdgeTypes } from './edge-insert';
import { canvasNodeTypes, NOTE_LOOK } from './sticky-note';
import { initialFitOptions, VISIBLE_ONLY_ABOVE } from './fit-view';
import { DND_NODE_TYPE } from './palette';
import type { CanvasCommands } from './use-canvas-commands';
import { toast } from './toast';
import { Button } from './ui';
import { UiIcon } from './ui-icons';

export { FIT_VIEW } from './fit-view';

/** Minimap colour of a node (module level, so the minimap's nodes stay memoised). */
const minimapColor = (n: CanvasNode) => (n.type === 'note' ? NOTE_LOOK[(n as Extract<CanvasNode, { type: 'note' }>).data.color]?.swatch : getNodeType((n as Extract<CanvasNode, { type: 'workflow' }>).data.nodeType)?.accent) ?? '#cbd5e1';

const isValidConnection: IsValidConnection<WorkflowFlowEdge> = (c) => connectionError(designerStore.getState().doc, c) === null;

/**
 * After a connection drag: dropped on empty canvas, it opens the node picker there (the
 * chosen node is added and connected); refused on a handle, it says why.
 */
function onConnectEnd(event: MouseEvent | TouchEvent, state: FinalConnectionState, toFlow: (p: { x: number; y: number }) => { x: number; y: number }) {
  if (state.isValid === true || !state.fromHandle) return;
  if (!state.toHandle) {
    const target = event.target as Element | null;
    if (!target?.classList?.contains('react-flow__pane') || !state.fromHandle.nodeId) return;
    const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
    const screen = { x: point.clientX, y: point.clientY };
    const from = { nodeId: state.fromHandle.nodeId, port: state.fromHandle.id ?? null, side: state.fromHandle.type };
    if (!designerStore.getState().doc.nodes.some((n) => n.id === from.nodeId)) return;
    // `state.to` is in the pane's pixels, not canvas units: convert the pointer itself.
    usePicker.getState().open({ kind: 'connect', from, screen, flow: toFlow(screen) });
    return;
  }
  if (state.fromHandle.type === state.toHandle.type) {
    toast.info('Connect an output to an input', 'Drag from a handle at the bottom of a node to the top of another.');
    return;
  }
  const fromSource = state.fromHandle.type === 'source';
  const src = fromSource ? state.fromHandle : state.toHandle;
  const tgt = fromSource ? state.toHandle : state.fromHandle;
  const reason = connectionError(designerStore.getState().doc, { source: src.nodeId, sourceHandle: src.id ?? null, target: tgt.nodeId, targetHandle: tgt.id ?? null });
  if (reason) toast.error('Cannot connect', reason);
}

interface CanvasProps {
  onAddAt: (type: string, at: { x: number; y: number }) => void;
  onAddNote: (at?: { x: number; y: number }) => void;
  onAddCentre: (type: string) => void;
  commands: CanvasCommands;
  canEdit: boolean;
  onTidyUp: () => void;
  onHelp: () => void;
}

/** Selects exactly this edge (for its context menu). */
function selectOnlyEdge(id: string) {
  const s = designerStore.getState();
  s.selectNode(null);
  s.onEdgesChange(s.edges.map((e) => ({ type: 'select' as const, id: e.id, selected: e.id === id })));
}

export function Canvas({ onAddAt, onAddNote, onAddCentre, commands, canEdit, onTidyUp, onHelp }: CanvasProps) {
  const workflowNodes = useDesigner((s) => s.nodes);
  const notes = useDesigner((s) => s.notes);
  // Notes first: they lie under the workflow's nodes.
  const nodes = useMemo<CanvasNode[]>(() => (notes.length ? [...notes, ...workflowNodes] : workflowNodes), [notes, workflowNodes]);
  const edges = useDesigner((s) => s.edges);
  const onNodesChange = useDesigner((s) => s.onNodesChange);
  const onEdgesChange = useDesigner((s) => s.onEdgesChange);
  const connect = useDesigner((s) => s.connect);
  const { screenToFlowPosition } = useReactFlow();
  const [menu, setMenu] = useState<MenuTarget>({ kind: 'pane' });

  const onNodeContextMenu = useCallback((_: ReactMouseEvent, node: CanvasNode) => {
    // Right-clicking a node outside the selection acts on that node alone.
    if (node.type === 'note') {
      const s = designerStore.getState();
      if (!node.selected) {
        s.selectNode(null);
        s.onNodesChange([{ type: 'select', id: node.id, selected: true }]);
      }
      setMenu({ kind: 'note' });
      return;
    }
    if (!node.selected) designerStore.getState().selectNode(node.id);
    setMenu({ kind: 'node' });
  }, []);
  const onEdgeMouseEnter = useCallback((_: ReactMouseEvent, edge: WorkflowFlowEdge) => usePicker.getState().hoverEdge(edge.id), []);
  const fitAtStart = useMemo(() => initialFitOptions(designerStore.getState().doc), []);
  const onEdgeMouseLeave = useCallback(() => usePicker.getState().hoverEdge(null), []);
  const onSelectionContextMenu = useCallback(() => setMenu({ kind: 'node' }), []);
  const onEdgeContextMenu = useCallback((_: ReactMouseEvent, edge: WorkflowFlowEdge) => {
    selectOnlyEdge(edge.id);
    setMenu({ kind: 'edge' });
  }, []);
  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => setMenu({ kind: 'pane', at: screenToFlowPosition({ x: e.clientX, y: e.clientY }) }),
    [screenToFlowPosition],
  );

  const onConnect: OnConnect = useCallback(
    (c) => {
      const err = connect(c);
      if (err) toast.error('Cannot connect', err);
    },
    [connect],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_NODE_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DND_NODE_TYPE);
      if (!type) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      onAddAt(type, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 });
    },
    [screenToFlowPosition, onAddAt],
  );

  return (
    <CanvasMenu target={menu} commands={commands} canEdit={canEdit} onTidyUp={onTidyUp} onHelp={onHelp} onAddNote={onAddNote}>
    <div className="absolute inset-0" data-testid="canvas">
      <ReactFlow<CanvasNode, WorkflowFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={canvasNodeTypes}
        edgeTypes={designerEdgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={(e, state) => onConnectEnd(e, state, screenToFlowPosition)}
        onEdgeMouseEnter={onEdgeMouseEnter}
        onEdgeMouseLeave={onEdgeMouseLeave}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onNodeContextMenu={onNodeContextMenu}
        onSelectionContextMenu={onSelectionContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onPaneContextMenu={onPaneContextMenu}
        fitView
        fitViewOptions={fitAtStart}
        // A large workflow keeps only the nodes and edges in view in the DOM: opening, panning and hit-testing cost what is visible, not its size.
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[GRID, GRID]}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        connectionLineType={ConnectionLineType.SmoothStep}
        connectionLineStyle={{ stroke: '#6366f1', strokeWidth: 2 }}
        connectionRadius={28}
        proOptions={{ hideAttribution: true }}
        className="bg-slate-50"
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID} size={1.2} color="#cbd5e1" />
        <Controls position="bottom-left" showInteractive={false} />
        {workflowNodes.length > 0 && (
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeBorderRadius={6}
          nodeColor={minimapColor}
          maskColor="rgba(241,245,249,0.7)"
          style={{ width: 160, height: 104 }}
        />
        )}
      </ReactFlow>
      {workflowNodes.length === 0 && <EmptyCanvas onAdd={onAddCentre} />}
      <CanvasPicker />
    </div>
    </CanvasMenu>
  );
}

function EmptyCanvas({ onAdd }: { onAdd: (type: string) => void }) {
  const trigger = getNodeType('manualTrigger');
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
      <div className="pointer-events-auto w-80 rounded-xl border border-slate-200 bg-white/95 p-6 text-center shadow-sm backdrop-blur" data-testid="empty-canvas">
        <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <UiIcon name="workflow" className="h-5 w-5" />
        </div>
        <h3 className="text-sm font-semibold text-slate-900">Start with a trigger</h3>
        <p className="mt-1 text-[13px] text-slate-500">Every workflow begins with a trigger. Add one, then drag more nodes from the palette and connect them.</p>
        {trigger && (
          <Button variant="primary" size="sm" className="mt-4" icon={<UiIcon name="plus" className="h-3.5 w-3.5" />} onClick={() => onAdd(trigger.type)} data-testid="add-trigger">
            Add {trigger.label.toLowerCase()}
          </Button>
        )}
      </div>
    </div>
  );
}
