'use client';
/**
 * The one canvas node component for every Baton node type. What it draws (accent,
 * icon, type name, summary, ports) comes from the node type's registry definition;
 * `data` adds validation problems (designer) or a run overlay (live run view).
 */
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { getNodeType } from '@/lib/nodes/registry';
import { formatDuration } from '@/lib/designer/format';
import { nodeInputs, nodeOutputs, nodeSummary } from '@/lib/designer/ports';
import type { NodeRunOverlay, WorkflowFlowNode } from '@/lib/designer/types';
import { NodeIcon } from './icons';
import { RUN_STATUS_CARD, RUN_STATUS_LABEL, RUN_STATUS_PILL, RunStatusIcon } from './run-status';

/** Width of a node card, px (layouts may rely on it). */
export const NODE_WIDTH = 220;

const HANDLE = 'h-3! w-3! rounded-full! border-2! border-white! shadow-sm transition-transform hover:scale-125';

function RunPill({ run }: { run: NodeRunOverlay }) {
  const parts = [RUN_STATUS_LABEL[run.status]];
  if (run.durationMs !== undefined && run.status !== 'pending' && run.status !== 'skipped') {
    const d = formatDuration(run.durationMs);
    if (d) parts.push(d);
  }
  if (run.attempts && run.attempts > 1) parts.push(`${run.attempts} attempts`);
  return (
    <div
      data-testid="node-run-status"
      data-status={run.status}
      className={`absolute -top-2.5 right-2 z-10 flex items-center gap-1 rounded-full px-2 py-0.5 text-[10px] font-semibold whitespace-nowrap shadow-sm ring-1 ${RUN_STATUS_PILL[run.status]}`}
    >
      <RunStatusIcon status={run.status} />
      {parts.join(' · ')}
    </div>
  );
}

function WorkflowNodeComponent({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const def = getNodeType(data.nodeType);
  const inputs = useMemo(() => nodeInputs(data.nodeType, data.config), [data.nodeType, data.config]);
  const outputs = useMemo(() => nodeOutputs(data.nodeType, data.config), [data.nodeType, data.config]);
  const summary = useMemo(() => nodeSummary(data.nodeType, data.config), [data.nodeType, data.config]);
  // React Flow caches handle positions by id; when ports are renamed, added or removed
  // it must measure again, or edges to the new ids are not drawn.
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = `${inputs.map((p) => p.id).join('|')}>${outputs.map((p) => p.id).join('|')}`;
  const firstPortKey = useRef(portKey);
  useEffect(() => {
    if (firstPortKey.current === portKey) return;
    firstPortKey.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);
  const accent = def?.accent ?? '#94a3b8';
  const typeLabel = def?.label ?? `Unknown type “${data.nodeType}”`;
  const title = data.label.trim() || def?.label || data.nodeType;
  const several = outputs.length > 1;
  const run = data.run;
  const problems = !data.readOnly ? data.problems : undefined;
  const connectable = !data.readOnly;
  const handleColor = { background: data.readOnly ? '#cbd5e1' : accent };

  const frame = run ? RUN_STATUS_CARD[run.status] : 'border-slate-200';
  const selection = selected ? 'outline-2 outline-offset-2 outline-indigo-500' : '';

  return (
    <div
      data-testid="workflow-node"
      data-node-id={id}
      data-node-type={data.nodeType}
      data-run-status={run?.status}
      className={`group relative rounded-lg ${run?.status === 'waiting' ? 'baton-pulse' : ''}`}
      style={{ width: NODE_WIDTH }}
    >
      <div className={`relative rounded-lg border bg-white shadow-sm transition-shadow hover:shadow-md ${frame} ${selection}`}>
        <span aria-hidden className="absolute inset-y-0 left-0 w-1 rounded-l-lg" style={{ background: accent }} />
        <div className="flex items-center gap-2.5 py-2.5 pr-3 pl-4">
          <div
            className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md"
            style={{ background: `color-mix(in srgb, ${accent} 13%, white)`, color: accent }}
          >
            <NodeIcon name={def?.icon ?? ''} className="h-[18px] w-[18px]" />
          </div>
          <div className="min-w-0 flex-1">
            <div className="truncate text-[13px] leading-tight font-semibold text-slate-900" title={title}>
              {title}
            </div>
            <div className="mt-0.5 truncate text-[11px] leading-tight text-slate-500">{typeLabel}</div>
          </div>
        </div>
        {summary && (
          <div className="truncate border-t border-slate-100 py-1.5 pr-3 pl-4 text-[11px] text-slate-500" title={summary}>
            {summary}
          </div>
        )}
        {several && (
          <div className="border-t border-slate-100 py-1">
            {outputs.map((p) => (
              <div key={p.id} className="relative flex h-6 items-center justify-end pr-3.5 pl-4" data-port={p.id}>
                <span className="truncate text-[11px] font-medium text-slate-600" title={p.id}>
                  {p.label}
                </span>
                <Handle type="source" position={Position.Right} id={p.id} isConnectable={connectable} className={HANDLE} style={handleColor} />
              </div>
            ))}
          </div>
        )}
        {inputs.length > 0 && (
          <Handle type="target" position={Position.Left} id={inputs[0]!.id} isConnectable={connectable} className={HANDLE} style={{ background: data.readOnly ? '#cbd5e1' : '#94a3b8' }} />
        )}
        {!several && outputs.length === 1 && (
          <Handle type="source" position={Position.Right} id={outputs[0]!.id} isConnectable={connectable} className={HANDLE} style={handleColor} />
        )}
      </div>
      {run && <RunPill run={run} />}
      {problems && (problems.errors > 0 || problems.warnings > 0) && (
        <div
          data-testid="node-problems"
          title={problems.messages.join('\n')}
          className={`absolute -top-2 -right-2 z-10 flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-[10px] font-bold text-white shadow ring-2 ring-white ${
            problems.errors > 0 ? 'bg-red-500' : 'bg-amber-500'
          }`}
        >
          {problems.errors + problems.warnings}
        </div>
      )}
    </div>
  );
}

/** The canvas node for every Baton node type (`nodeTypes.workflow`). */
export const WorkflowNode = memo(WorkflowNodeComponent);
WorkflowNode.displayName = 'WorkflowNode';
