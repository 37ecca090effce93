'use client';
/**
 * The designer's edge: the shared canvas edge plus a "+" button in its middle while
 * the mouse is over it (or it is selected), which opens the node picker to insert a
 * node there (see `canvas-picker.tsx`). The run view keeps the plain edge.
 */
import { EdgeLabelRenderer, getSmoothStepPath, Position, useReactFlow, type EdgeProps } from '@xyflow/react';
import { Plus } from 'lucide-react';
import { memo } from 'react';
import { edgeTypes, WorkflowEdge, type WorkflowFlowEdge } from '@/components/nodes';
import { LAYOUT_SPACING } from '@/lib/layout/geometry';
import { usePicker } from './canvas-picker';

const TURN_BELOW_SOURCE = Math.round(LAYOUT_SPACING.ranksep / 2);

function InsertableEdgeComponent(props: EdgeProps<WorkflowFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data } = props;
  const shown = usePicker((s) => s.hoveredEdge === id) || !!selected;
  const open = usePicker((s) => s.open);
  const hover = usePicker((s) => s.hoverEdge);
  const { flowToScreenPosition } = useReactFlow();
  const downward = sourcePosition === Position.Bottom && targetPosition === Position.Top && targetY - sourceY > 2 * TURN_BELOW_SOURCE;
  const [, cx, cy] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: 14 });
  // On a long downward edge the middle is on its drop into the target; beside a branch label, move aside.
  let x = downward ? targetX : cx;
  const y = downward ? (sourceY + TURN_BELOW_SOURCE + targetY) / 2 : cy;
  if (data?.label) x += 34;
  return (
    <>
      <WorkflowEdge {...props} />
      {shown && (
        <EdgeLabelRenderer>
          <button
            type="button"
            aria-label="Insert a node here"
            title="Insert a node here"
            data-testid="edge-insert"
            data-edge-id={id}
            onMouseEnter={() => hover(id)}
            onMouseLeave={() => hover(null)}
            onClick={(e) => {
              e.stopPropagation();
              open({ kind: 'insert', edgeId: id, screen: flowToScreenPosition({ x, y }), flow: { x, y } });
            }}
            className="nodrag nopan pointer-events-auto absolute flex h-6 w-6 items-center justify-center rounded-full border border-indigo-200 bg-white text-indigo-600 shadow-md transition-transform hover:scale-110 hover:bg-indigo-600 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-600"
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`, zIndex: 4 }}
          >
            <Plus className="h-3.5 w-3.5" strokeWidth={2.5} aria-hidden />
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** The designer's edge with the insert button. */
export const InsertableEdge = memo(InsertableEdgeComponent);
InsertableEdge.displayName = 'InsertableEdge';

/** React Flow `edgeTypes` of the designer (module-level constant). */
export const designerEdgeTypes = { ...edgeTypes, workflow: InsertableEdge };
