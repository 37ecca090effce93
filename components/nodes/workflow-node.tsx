'use client';
/**
 * The one canvas node component for every Baton node type. What it draws (accent,
 * icon, type name, summary, ports) comes from the node type's registry definition;
 * `data` adds validation problems (designer) or a run overlay (live run view).
 */
import Link from 'next/link';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { getNodeType } from '@/lib/nodes/registry';
import { formatDuration } from '@/lib/util/time';
import { nodeInputs, nodeOutputs, nodeSummary, splitOutputs, type SidePortKind } from '@/lib/designer/ports';
import { useNames } from './use-names';
import type { PortSpec } from '@/lib/nodes/types';
import type { NodeRunOverlay, WorkflowFlowNode } from '@/lib/designer/types';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { NodeIcon } from './icons';
import { RouterStatsPanel, useRouterStats } from './router-stats';
import { RUN_STATUS_CARD, RUN_STATUS_LABEL, RUN_STATUS_PILL, RunStatusIcon } from './run-status';

export { NODE_WIDTH, NODE_HEIGHT } from '@/lib/layout/geometry';

const HANDLE = 'h-3! w-3! rounded-full! border-2! border-white! shadow-sm transition-transform hover:scale-125';

/** Left offset of output `i` of `n` along the bottom edge: evenly spread, each in the middle of its column. */
const portLeft = (i: number, n: number) => `${((i + 0.5) / n) * 100}%`;

/**
 * Where and how the optional side outputs are drawn: `error` on the right edge (orange),
 * `compensation` on the left (violet), both at mid-height, so edges leave sideways.
 */
const SIDE_PORT: Record<SidePortKind, { position: Position; color: string; text: string; hint: string }> = {
  error: { position: Position.Right, color: '#f97316', text: 'text-orange-600', hint: 'the path taken when this step fails after its retries' },
  compensation: { position: Position.Left, color: '#8b5cf6', text: 'text-violet-600', hint: 'the handler that undoes this step when the run is compensated' },
};

function SidePortGlyph({ kind }: { kind: SidePortKind }) {
  return (
    <svg aria-hidden viewBox="0 0 12 12" className="h-[9px] w-[9px] shrink-0" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round">
      {kind === 'error' ? <path d="M6.8 1.5 3 6.8h3l-.8 3.7L9 5.2H6z" fill="currentColor" strokeWidth={1} /> : <path d="M4.5 3 2 5.5 4.5 8M2.5 5.5h4.3a3 3 0 0 1 0 6H5" />}
    </svg>
  );
}

/**
 * An optional side output: a small handle on the card's edge, named by its tooltip,
 * labelled beside the card when it has an edge, and while the pointer is on it (the label sits above the edge's
 * first, horizontal stretch). Not drawn at all in the read-only view when unconnected.
 */
function SidePort({ port, connected, connectable }: { port: PortSpec; connected: boolean; connectable: boolean }) {
  const kind = port.id as SidePortKind;
  const spec = SIDE_PORT[kind];
  const right = spec.position === Position.Right;
  return (
    <>
      <Handle
        type="source"
        position={spec.position}
        id={port.id}
        isConnectable={connectable}
        title={`${port.label}: ${spec.hint}`}
        data-testid="node-side-port"
        data-port={port.id}
        data-connected={connected ? 'true' : 'false'}
        className={`peer h-2.5! w-2.5! min-h-0! min-w-0! rounded-full! border-[1.5px]! transition-[transform,opacity] hover:scale-150 ${connected ? 'shadow-sm' : 'opacity-60 group-hover:opacity-100'}`}
        style={connected ? { background: spec.color, borderColor: 'white' } : { background: 'white', borderColor: spec.color }}
      />
      {/* Connected: always labelled. Unconnected: labelled while the pointer is on the handle. */}
      {(connected || connectable) && (
        <span
          aria-hidden
          className={`pointer-events-none absolute bottom-[calc(50%+2px)] flex items-center gap-0.5 text-[10px] leading-[12px] font-medium whitespace-nowrap ${spec.text} ${
            right ? 'left-[calc(100%+7px)]' : 'right-[calc(100%+7px)] flex-row-reverse'
          } ${connected ? '' : 'rounded bg-white/95 px-1 py-px opacity-0 shadow-sm ring-1 ring-slate-200 transition-opacity peer-hover:opacity-100'}`}
          data-port-label={port.id}
          data-port-hint={connected ? undefined : 'hover'}
        >
          <SidePortGlyph kind={kind} />
          {port.label}
        </span>
      )}
    </>
  );
}

function RunPill({ run }: { run: NodeRunOverlay }) {
  const parts = [RUN_STATUS_LABEL[run.status]];
  if (run.durationMs !== undefined && run.status !== 'pending' && run.status !== 'skipped') {
    const d = formatDuration(run.durationMs);
    if (d) parts.push(d);
  }
  if (run.attempts && run.attempts > 1) parts.push(`${run.attempts} attempts`);
  // On the top edge, right-aligned, but never left of the input handle in the middle:
  // a long pill ("Failed · 2.1 s · 3 attempts") grows past the right edge instead.
  // Anchored by its bottom, so a detail line ("attempt 2 of 5 · next in 4 s") grows
  // it upwards, into the gap above the card, instead of over the title.
  const detail = run.detail ? (
    run.detailHref ? (
      <Link href={run.detailHref} data-testid="node-run-detail" className="nodrag nopan block font-medium underline decoration-current/30 underline-offset-2 hover:decoration-current">
        {run.detail}
      </Link>
    ) : (
      <span data-testid="node-run-detail" className="block font-medium">
        {run.detail}
      </span>
    )
  ) : null;
  return (
    <div className="pointer-events-none absolute bottom-[calc(100%-8px)] -right-1.5 left-[calc(50%+10px)] z-10 flex" style={{ justifyContent: 'safe flex-end' }}>
      <div
        data-testid="node-run-status"
        data-status={run.status}
        className={`pointer-events-auto flex shrink-0 flex-col items-end whitespace-nowrap shadow-sm ring-1 ${detail ? 'rounded-lg px-2 py-0.5' : 'rounded-full px-2 py-0.5'} text-[10px] ${RUN_STATUS_PILL[run.status]}`}
      >
        <span className="flex items-center gap-1 font-semibold">
          <RunStatusIcon status={run.status} />
          {parts.join(' · ')}
        </span>
        {detail && <span className="tabular-nums leading-[13px] opacity-90">{detail}</span>}
      </div>
    </div>
  );
}

function WorkflowNodeComponent({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const def = getNodeType(data.nodeType);
  const inputs = useMemo(() => nodeInputs(data.nodeType, data.config), [data.nodeType, data.config]);
  const allOutputs = useMemo(() => nodeOutputs(data.nodeType, data.config), [data.nodeType, data.config]);
  const { main: outputs, side } = useMemo(() => splitOutputs(allOutputs), [allOutputs]);
  const connected = data.connectedPorts;
  // The run view draws only the side ports that have an edge; the designer all of them (to connect).
  const sidePorts = useMemo(() => (data.readOnly ? side.filter((p) => connected?.includes(p.id)) : side), [side, connected, data.readOnly]);
  const names = useNames(data.nodeType === 'userTask');
  const routerStats = useRouterStats(id);
  const summary = useMemo(() => nodeSummary(data.nodeType, data.config, names), [data.nodeType, data.config, names]);
  // React Flow caches handle positions by id; when ports are renamed, added or removed
  // it must measure again, or edges to the new ids are not drawn.
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = `${inputs.map((p) => p.id).join('|')}>${outputs.map((p) => p.id).join('|')}>${sidePorts.map((p) => p.id).join('|')}`;
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

  // With several (primary) outputs the last line labels them, so a short summary ("for sam") joins the type.
  const subtitle = several && summary && typeLabel.length + summary.length <= 22 ? `${typeLabel} · ${summary}` : typeLabel;

  return (
    <div
      data-testid="workflow-node"
      data-node-id={id}
      data-node-type={data.nodeType}
      data-run-status={run?.status}
      className={`group relative rounded-lg ${run?.status === 'waiting' ? 'baton-pulse' : ''}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
    >
      <div className={`relative flex h-full flex-col rounded-lg border bg-white shadow-sm transition-shadow hover:shadow-md ${frame} ${selection}`}>
        <span aria-hidden className="absolute inset-x-0 top-0 h-[3px] rounded-t-lg" style={{ background: accent }} />
        <div className="flex min-h-0 flex-1 flex-col justify-center gap-1 px-3 pt-[3px]">
          <div className="flex items-center gap-2.5">
            <div
              className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md"
              style={{ background: `color-mix(in srgb, ${accent} 13%, white)`, color: accent }}
            >
              <NodeIcon name={def?.icon ?? ''} className="h-[18px] w-[18px]" />
            </div>
            <div className="min-w-0 flex-1">
              <div className="truncate text-[14px] leading-[18px] font-semibold text-slate-900" title={title}>
                {title}
              </div>
              <div className="truncate text-[11.5px] leading-[15px] text-slate-500" title={subtitle}>
                {subtitle}
              </div>
            </div>
          </div>
          {several ? (
            <div className="flex" data-testid="node-ports">
              {outputs.map((p, i) => (
                <div key={p.id} className="flex min-w-0 flex-1 justify-center px-1" data-port={p.id}>
                  <span className="truncate text-[11px] leading-[14px] font-medium text-slate-600" title={p.id}>
                    {p.label}
                  </span>
                  <Handle
                    type="source"
                    position={Position.Bottom}
                    id={p.id}
                    isConnectable={connectable}
                    className={HANDLE}
                    style={{ ...handleColor, left: portLeft(i, outputs.length) }}
                  />
                </div>
              ))}
            </div>
          ) : (
            summary && (
              <div className="truncate text-[11.5px] leading-[15px] text-slate-500" title={summary}>
                {summary}
              </div>
            )
          )}
        </div>
        {inputs.length > 0 && (
          <Handle type="target" position={Position.Top} id={inputs[0]!.id} isConnectable={connectable} className={HANDLE} style={{ background: data.readOnly ? '#cbd5e1' : '#94a3b8' }} />
        )}
        {!several && outputs.length === 1 && (
          <Handle type="source" position={Position.Bottom} id={outputs[0]!.id} isConnectable={connectable} className={HANDLE} style={handleColor} />
        )}
        {sidePorts.map((p) => (
          <SidePort key={p.id} port={p} connected={!!connected?.includes(p.id)} connectable={connectable} />
        ))}
      </div>
      {run && <RunPill run={run} />}
      {routerStats && data.nodeType === 'router' && <RouterStatsPanel stats={routerStats} />}
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
