'use client';
/**
 * The canvas edge: a smooth-step path with an arrow, a pill label naming the source
 * port when its node has several outputs, and run highlighting (`data.run`).
 */
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowEdge } from '@/lib/designer/types';

function WorkflowEdgeComponent(props: EdgeProps<WorkflowFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data, selected, style, interactionWidth } = props;
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12, offset: 24 });
  const run = data?.run;
  const stroke = run === 'taken' ? '#10b981' : run === 'active' ? '#6366f1' : selected ? '#6366f1' : '#94a3b8';
  const width = selected || run ? 2.25 : 1.5;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={interactionWidth ?? 24} style={{ stroke, strokeWidth: width, ...style }} />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan pointer-events-auto absolute rounded-full border bg-white px-2 py-0.5 text-[10px] font-medium whitespace-nowrap shadow-sm ${
              selected ? 'border-indigo-300 text-indigo-700' : 'border-slate-200 text-slate-600'
            }`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
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
