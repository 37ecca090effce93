'use client';
/**
 * The right-hand panel: the selected node's label, id and generated config form; the
 * selected edge; or, with nothing selected, the workflow's description and problems.
 */
import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import { getNodeType } from '@/lib/nodes/registry';
import { nodeOutputs } from '@/lib/designer/ports';
import { plural } from '@/lib/designer/format';
import { designerStore, useDesigner } from '@/lib/designer/store';
import { CONFIG_INVALID, EXPRESSION_SYNTAX, type Problem } from '@/lib/workflow/validate';
import type { WorkflowDocument, WorkflowNode } from '@/lib/workflow/document';
import { NodeIcon } from '@/components/nodes/icons';
import { useSession } from '@/components/auth/session';
import { ExpressionEnvContext } from './config-form/expression-context';
import { ProblemsList } from './problems-list';
import { NodeIdField } from './node-id-field';
import { Keys } from './shortcut-keys';
import { Button, IconButton, TextArea, TextInput } from './ui';
import { Spinner, UiIcon } from './ui-icons';

// The configuration form (with the expression editor) and the step test load when a node is first selected, not with the page.
const SchemaForm = dynamic(() => import('./config-form/schema-form').then((m) => m.SchemaForm), { ssr: false, loading: FormLoading });
const TestStep = dynamic(() => import('./test-step').then((m) => m.TestStep), { ssr: false });

function FormLoading() {
  return (
    <p className="flex items-center gap-2 text-[13px] text-slate-500">
      <Spinner className="h-3.5 w-3.5" /> Loading…
    </p>
  );
}

export function SidePanel({ onSelectProblem }: { onSelectProblem: (p: Problem) => void }) {
  const selectedNodeId = useDesigner((s) => s.selectedNodeId);
  const selectedEdgeId = useDesigner((s) => s.selectedEdgeId);
  const selectionCount = useDesigner((s) => s.selectionCount);
  const selectedNodeCount = useDesigner((s) => s.selectedNodeCount);
  const doc = useDesigner((s) => s.doc);
  const problems = useDesigner((s) => s.problems);
  const checking = useDesigner((s) => s.problemsPending);
  const node = selectedNodeId ? doc.nodes.find((n) => n.id === selectedNodeId) : undefined;
  const edge = selectedEdgeId ? doc.edges.find((e) => e.id === selectedEdgeId) : undefined;

  let content;
  if (node) content = <NodePanel key={node.id} node={node} doc={doc} problems={problems} />;
  else if (edge) content = <EdgePanel edgeId={edge.id} doc={doc} />;
  else if (selectionCount > 1) content = <MultiPanel nodes={selectedNodeCount} edges={selectionCount - selectedNodeCount} />;
  else content = <WorkflowPanel doc={doc} problems={problems} checking={checking} onSelectProblem={onSelectProblem} />;

  // Delete/Backspace typed in the panel (even on a button) must not delete the selected canvas node.
  return (
    <aside
      className="flex w-[340px] shrink-0 flex-col border-l border-slate-200 bg-white"
      data-testid="side-panel"
      onKeyDown={(e) => (e.key === 'Delete' || e.key === 'Backspace') && e.stopPropagation()}
    >
      {content}
    </aside>
  );
}

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="border-b border-slate-100 px-5 py-5 last:border-b-0">
      <div className="mb-3.5 flex items-center">
        <h3 className="text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{title}</h3>
        {aside && <div className="ml-auto">{aside}</div>}
      </div>
      {children}
    </section>
  );
}

function nodeName(doc: WorkflowDocument, id: string): string {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) return id;
  return n.label?.trim() || getNodeType(n.type)?.label || n.id;
}

/** The message of a node problem without its `<Type> "<label>" (<id>): ` prefix. */
function shortMessage(p: Problem): string {
  const marker = p.nodeId ? `(${p.nodeId}): ` : '';
  const i = marker ? p.message.indexOf(marker) : -1;
  return i >= 0 ? p.message.slice(i + marker.length) : p.message;
}

function NodePanel({ node, doc, problems }: { node: WorkflowNode; doc: WorkflowDocument; problems: readonly Problem[] }) {
  const def = getNodeType(node.type);
  const accent = def?.accent ?? '#94a3b8';
  const mine = useMemo(() => problems.filter((p) => p.nodeId === node.id), [problems, node.id]);
  const fieldProblems = useMemo(() => mine.filter((p) => p.code === EXPRESSION_SYNTAX && p.path).map((p) => ({ path: p.path!, message: shortMessage(p) })), [mine]);
  const other = mine.filter((p) => p.code !== CONFIG_INVALID && p.code !== EXPRESSION_SYNTAX);
  const fieldCount = mine.length - other.length;
  const workflowId = useDesigner((s) => s.workflowId);
  const canEdit = useSession().can('workflow.edit');
  const exprEnv = useMemo(() => ({ workflowId, nodeId: node.id, doc: { nodes: doc.nodes, edges: doc.edges } }), [workflowId, node.id, doc.nodes, doc.edges]);

  return (
    <div className="min-h-0 flex-1 overflow-y-auto" data-testid="node-panel" data-node-id={node.id}>
      <div className="flex items-start gap-3 border-b border-slate-100 px-5 py-4">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg ring-1 ring-black/5 ring-inset" style={{ background: `color-mix(in srgb, ${accent} 13%, white)`, color: accent }}>
          <NodeIcon name={def?.icon ?? ''} className="h-5 w-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold text-slate-900">{def?.label ?? `Unknown type “${node.type}”`}</h2>
          <p className="mt-0.5 text-xs leading-snug text-slate-500">{def?.description ?? 'This Baton does not know this node type.'}</p>
        </div>
        {def && (
          <a
            href={`/help/nodes/${node.type}`}
            target="_blank"
            rel="noopener"
            aria-label={`Help: ${def.label} (opens in a new tab)`}
            title={`Help: ${def.label}`}
            data-testid="node-help"
            className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-slate-500 transition-colors hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <UiIcon name="help" />
          </a>
        )}
        <IconButton label="Delete node" data-testid="delete-node" className="hover:bg-red-50! hover:text-red-600!" onClick={() => designerStore.getState().removeNodes([node.id])}>
          <UiIcon name="trash" />
        </IconButton>
      </div>

      {(other.length > 0 || fieldCount > 0) && (
        <div className="border-b border-slate-100 px-5 py-3">
          <ul className="space-y-1.5 rounded-lg bg-red-50/70 px-3 py-2.5 ring-1 ring-red-100 ring-inset" data-testid="node-problems-list">
            {other.map((p, i) => (
              <li key={i} className={`flex items-start gap-2 text-[12.5px] leading-snug ${p.severity === 'error' ? 'text-red-700' : 'text-amber-700'}`}>
                <UiIcon name="alert" className="mt-0.5 h-3.5 w-3.5 shrink-0" />
                <span>{shortMessage(p)}</span>
              </li>
            ))}
            {fieldCount > 0 && (
              <li className="flex items-start gap-2 text-[12.5px] leading-snug text-red-700">
                <UiIcon name="alert" className="mt-0.5 h-3.5 w-3.5 shrink-0" />
                <span>{plural(fieldCount, 'setting needs', 'settings need')} attention below</span>
              </li>
            )}
          </ul>
        </div>
      )}

      <Section title="General">
        <div className="space-y-4">
          <div>
            <label htmlFor={`label-${node.id}`} className="mb-1.5 block text-[13px] font-medium text-slate-700">
              Label
            </label>
            <TextInput
              id={`label-${node.id}`}
              data-testid="node-label"
              value={node.label ?? ''}
              maxLength={200}
              placeholder={def?.label}
              onChange={(e) => designerStore.getState().updateLabel(node.id, e.target.value)}
            />
          </div>
          <NodeIdField key={node.id} nodeId={node.id} />
        </div>
      </Section>

      <Section title="Configuration">
        <ExpressionEnvContext.Provider value={exprEnv}>
          <SchemaForm nodeType={node.type} nodeId={node.id} config={node.config} extraIssues={fieldProblems} onChange={(c) => designerStore.getState().updateConfig(node.id, c)} />
        </ExpressionEnvContext.Provider>
      </Section>

      <Section title="Connections">
        <Connections node={node} doc={doc} />
      </Section>

      {workflowId && canEdit && def && def.behavior !== 'trigger' && (
        <Section title="Test this step">
          <TestStep key={node.id} workflowId={workflowId} nodeId={node.id} nodeType={node.type} />
        </Section>
      )}
    </div>
  );
}

function Connections({ node, doc }: { node: WorkflowNode; doc: WorkflowDocument }) {
  const outputs = nodeOutputs(node.type, node.config);
  const outgoing = doc.edges.filter((e) => e.source === node.id);
  const incoming = doc.edges.filter((e) => e.target === node.id);
  const orphans = outgoing.filter((e) => !outputs.some((p) => p.id === e.sourcePort));
  const remove = (id: string) => designerStore.getState().removeEdges([id]);
  const row = 'flex items-center gap-2 rounded-md px-2 py-1.5 text-[12.5px] hover:bg-slate-50';
  return (
    <div className="space-y-3" data-testid="node-connections">
      {incoming.length > 0 && (
        <div>
          <p className="mb-1 text-xs font-medium text-slate-500">From</p>
          {incoming.map((e) => (
            <div key={e.id} className={row}>
              <span className="min-w-0 flex-1 truncate text-slate-700">{nodeName(doc, e.source)}</span>
              <IconButton label="Remove connection" onClick={() => remove(e.id)}>
                <UiIcon name="x" className="h-3.5 w-3.5" />
              </IconButton>
            </div>
          ))}
        </div>
      )}
      {outputs.length > 0 && (
        <div>
          <p className="mb-1 text-xs font-medium text-slate-500">To</p>
          {outputs.map((p) => {
            const list = outgoing.filter((e) => e.sourcePort === p.id);
            return (
              <div key={p.id}>
                {list.length === 0 ? (
                  <div className={row}>
                    {outputs.length > 1 && <span className="shrink-0 rounded bg-slate-100 px-1.5 py-px text-[11px] font-medium text-slate-600">{p.label}</span>}
                    <span className={`flex-1 ${p.required ? 'text-amber-700' : 'text-slate-500'}`}>not connected</span>
                  </div>
                ) : (
                  list.map((e) => (
                    <div key={e.id} className={row}>
                      {outputs.length > 1 && <span className="shrink-0 rounded bg-slate-100 px-1.5 py-px text-[11px] font-medium text-slate-600">{p.label}</span>}
                      <UiIcon name="chevronRight" className="h-3 w-3 shrink-0 text-slate-300" />
                      <span className="min-w-0 flex-1 truncate text-slate-700">{nodeName(doc, e.target)}</span>
                      <IconButton label="Remove connection" onClick={() => remove(e.id)}>
                        <UiIcon name="x" className="h-3.5 w-3.5" />
                      </IconButton>
                    </div>
                  ))
                )}
              </div>
            );
          })}
          {orphans.map((e) => (
            <div key={e.id} className={`${row} bg-red-50/60`}>
              <span className="shrink-0 rounded bg-red-100 px-1.5 py-px font-mono text-[11px] text-red-700" title="This port no longer exists">
                {e.sourcePort}
              </span>
              <span className="min-w-0 flex-1 truncate text-red-700">→ {nodeName(doc, e.target)} (port removed)</span>
              <IconButton label="Remove connection" onClick={() => remove(e.id)}>
                <UiIcon name="x" className="h-3.5 w-3.5" />
              </IconButton>
            </div>
          ))}
        </div>
      )}
      {incoming.length === 0 && outputs.length === 0 && <p className="text-[13px] text-slate-500">No connections.</p>}
    </div>
  );
}

function EdgePanel({ edgeId, doc }: { edgeId: string; doc: WorkflowDocument }) {
  const e = doc.edges.find((x) => x.id === edgeId)!;
  const src = doc.nodes.find((n) => n.id === e.source);
  const ports = src ? nodeOutputs(src.type, src.config) : [];
  const port = ports.find((p) => p.id === e.sourcePort);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto" data-testid="edge-panel">
      <div className="flex items-center gap-3 border-b border-slate-100 px-5 py-4">
        <span className="flex h-9 w-9 items-center justify-center rounded-lg bg-slate-100 text-slate-500">
          <UiIcon name="link" className="h-4.5 w-4.5" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-slate-900">Connection</h2>
          <p className="font-mono text-xs text-slate-500">{e.id}</p>
        </div>
        <IconButton label="Delete connection" data-testid="delete-edge" className="hover:bg-red-50! hover:text-red-600!" onClick={() => designerStore.getState().removeEdges([e.id])}>
          <UiIcon name="trash" />
        </IconButton>
      </div>
      <Section title="Route">
        <dl className="space-y-3 text-[13px]">
          <div>
            <dt className="text-xs text-slate-500">From</dt>
            <dd className="mt-0.5 font-medium text-slate-800">
              {nodeName(doc, e.source)}
              {ports.length > 1 && <span className="ml-2 rounded bg-slate-100 px-1.5 py-px text-[11px] font-medium text-slate-600">{port?.label ?? e.sourcePort}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">To</dt>
            <dd className="mt-0.5 font-medium text-slate-800">{nodeName(doc, e.target)}</dd>
          </div>
        </dl>
      </Section>
    </div>
  );
}

/** A multi-selection: counts nodes (connections between them go along with them), and what can be done with them. */
function MultiPanel({ nodes, edges }: { nodes: number; edges: number }) {
  const what = nodes > 0 ? plural(nodes, 'node') : plural(edges, 'connection');
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center" data-testid="multi-panel">
      <span className="flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
        <UiIcon name="select" className="h-5 w-5" />
      </span>
      <p className="text-sm font-semibold text-slate-800" data-testid="selection-count">
        {what} selected
      </p>
      <p className="max-w-[15rem] text-[13px] leading-relaxed text-slate-500">
        Copy with <Keys keys={['mod', 'C']} />, duplicate with <Keys keys={['mod', 'D']} />, or right-click for more.
      </p>
      <Button variant="secondary" size="sm" icon={<UiIcon name="trash" className="h-3.5 w-3.5" />} onClick={() => designerStore.getState().deleteSelection()} data-testid="delete-selection">
        Delete {what}
      </Button>
    </div>
  );
}

function WorkflowPanel({ doc, problems, checking, onSelectProblem }: { doc: WorkflowDocument; problems: readonly Problem[]; checking: boolean; onSelectProblem: (p: Problem) => void }) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto" data-testid="workflow-panel">
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 className="text-sm font-semibold text-slate-900">Workflow</h2>
        <p className="mt-0.5 text-xs text-slate-500">
          {plural(doc.nodes.length, 'node')} · {plural(doc.edges.length, 'connection')}. Select a node to configure it.
        </p>
      </div>
      <Section title="Description">
        <TextArea
          data-testid="workflow-description"
          rows={3}
          maxLength={5000}
          value={doc.description}
          placeholder="What does this workflow do, and for whom?"
          onChange={(e) => designerStore.getState().setDescription(e.target.value)}
        />
      </Section>
      <Section
        title="Problems"
        aside={
          problems.length > 0 ? (
            <span className="text-xs text-slate-500" data-testid="problems-summary">
              {errors > 0 && <span className="font-medium text-red-600">{plural(errors, 'error')}</span>}
              {errors > 0 && warnings > 0 && ' · '}
              {warnings > 0 && <span className="font-medium text-amber-700">{plural(warnings, 'warning')}</span>}
            </span>
          ) : undefined
        }
      >
        {checking ? (
          <div className="flex items-center gap-2.5 rounded-lg bg-slate-50 px-3 py-2.5 text-[13px] text-slate-600 ring-1 ring-slate-100 ring-inset" data-testid="problems-checking">
            <Spinner className="h-4 w-4" />
            Checking the workflow…
          </div>
        ) : problems.length === 0 ? (
          <div className="flex items-center gap-2.5 rounded-lg bg-emerald-50 px-3 py-2.5 text-[13px] text-emerald-800 ring-1 ring-emerald-100 ring-inset" data-testid="no-problems">
            <UiIcon name="check" className="h-4 w-4" />
            No problems — ready to publish.
          </div>
        ) : (
          <div className="-mx-2">
            <ProblemsList problems={problems} onSelect={onSelectProblem} />
          </div>
        )}
      </Section>
      <Section title="Shortcuts">
        <dl className="grid grid-cols-[1fr_auto] items-center gap-y-2 text-[12.5px] text-slate-600">
          <dt>Undo</dt>
          <dd>
            <Keys keys={['mod', 'Z']} />
          </dd>
          <dt>Duplicate selection</dt>
          <dd>
            <Keys keys={['mod', 'D']} />
          </dd>
          <dt>Save draft</dt>
          <dd>
            <Keys keys={['mod', 'S']} />
          </dd>
          <dt>All shortcuts</dt>
          <dd>
            <Keys keys={['?']} />
          </dd>
        </dl>
      </Section>
    </div>
  );
}
