'use client';
/**
 * The canvas edge: a smooth-step path with an arrow, a pill label naming the source
 * port when its node has several outputs, and run highlighting (`data.run`).
 */
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, Position, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowEdge } from '@/lib/designer/types';
import { LAYOUT_SPACING } from '@/lib/layout/geometry';

/** Length of the straight stub out of a handle before the first bend, px. */
const STUB = 14;
/**
 * Where a downward edge turns sideways: in the middle of the gap below its source
 * (the auto-layout's rank gap), not halfway to the target. A long edge thus leaves
 * its node's rank at once and drops straight into its target, along the lane the
 * layout keeps free for it, instead of crossing the ranks in between sideways.
 */
const TURN_BELOW_SOURCE = Math.round(LAYOUT_SPACING.ranksep / 2);

function WorkflowEdgeComponent(props: EdgeProps<WorkflowFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data, selected, style, interactionWidth } = props;
  const downward = sourcePosition === Position.Bottom && targetPosition === Position.Top && targetY - sourceY > 2 * TURN_BELOW_SOURCE;
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
    offset: STUB,
    ...(downward ? { centerY: sourceY + TURN_BELOW_SOURCE } : {}),
  });
  // A long edge is labelled halfway down its drop into the target, where a reader
  // following the line meets it (its port already names it at the source).
  const drop = downward ? targetY - (sourceY + TURN_BELOW_SOURCE) : 0;
  const [lx, ly] = drop > 3 * LAYOUT_SPACING.ranksep ? [targetX, targetY - drop / 2] : [labelX, labelY];
  const run = data?.run;
  const stroke = run === 'taken' ? '#10b981' : run === 'active' ? '#6366f1' : selected ? '#6366f1' : '#94a3b8';
  const width = selected || run ? 2.25 : 1.5;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={interactionWidth ?? 24} style={{ stroke, strokeWidth: width, ...style }} />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan pointer-events-auto absolute rounded-full border bg-white px-2 py-0.5 text-[11px] leading-[14px] font-medium whitespace-nowrap shadow-sm ${
              selected ? 'border-indigo-300 text-indigo-700' : 'border-slate-200 text-slate-600'
            }`}
            // Above the edges (a taken or active edge is raised to z-index 1–2 in the run view).
            style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)`, zIndex: 3 }}
            data-testid="edge-label"
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** The canvas edge for every workflow edge (`edgeTypes.workflow`). */
export const WorkflowEdge = memo(WorkflowEdgeComponent);
WorkflowEdge.displayName = 'WorkflowEdge';
