/**
 * The canvas vocabulary shared by the designer and the live run view. Render a
 * workflow read-only with:
 *
 * ```tsx
 * <ReactFlow nodes={toFlowNodes(doc, (n) => ({ readOnly: true, run: overlay[n.id] }))}
 *            edges={toFlowEdges(doc, (e) => (taken.has(e.id) ? { run: 'taken' } : undefined))}
 *            nodeTypes={nodeTypes} edgeTypes={edgeTypes}
 *            nodesDraggable={false} nodesConnectable={false} />
 * ```
 * `nodeTypes`/`edgeTypes` are module-level constants: pass them as they are.
 */
import { WorkflowEdge } from './workflow-edge';
import { WorkflowNode } from './workflow-node';

export { WorkflowNode, NODE_WIDTH, NODE_HEIGHT } from './workflow-node';
export { WorkflowEdge } from './workflow-edge';
export { NodeIcon, NODE_ICON_KEYS } from './icons';
export { RunStatusIcon, RUN_STATUS_LABEL, RUN_STATUS_PILL, RUN_STATUS_CARD } from './run-status';
export { toFlowNodes, toFlowEdges, toFlowNode, problemsByNode, connectedOutputs, type NodeExtra, type EdgeExtra } from '@/lib/designer/flow';
export {
  FLOW_NODE_TYPE,
  FLOW_EDGE_TYPE,
  type WorkflowNodeData,
  type WorkflowEdgeData,
  type WorkflowFlowNode,
  type WorkflowFlowEdge,
  type NodeRunOverlay,
  type NodeRunStatus,
  type EdgeRunState,
  type NodeProblemSummary,
} from '@/lib/designer/types';

/** React Flow `nodeTypes`: every Baton node renders with {@link WorkflowNode}. */
export const nodeTypes = { workflow: WorkflowNode };
/** React Flow `edgeTypes`: every edge renders with {@link WorkflowEdge}. */
export const edgeTypes = { workflow: WorkflowEdge };
