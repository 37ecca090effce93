'use client';
/**
 * The right-hand panel of the version history: the list of versions (number, who
 * published it, when, their note, runs) with View, Compare and Restore; for a version
 * on the canvas, its details; for a comparison, both sides, the change list and the
 * per-field diff of the selected node.
 */
import { Eye, GitCompareArrows, History, RotateCcw } from 'lucide-react';
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/runs/time';
import { plural } from '@/lib/designer/format';
import { useDesigner } from '@/lib/designer/store';
import { DiffNodeList, DiffSummaryChips, FieldChanges, nodeTitle } from './diff-list';
import { refLabel, useVersionList, type DocRef, type HistoryModel } from './use-versions';
import { Button, IconButton } from '../ui';
import { Spinner, UiIcon } from '../ui-icons';

type Version = ReturnType<typeof useVersionList>['versions'][number];

interface Props {
  model: HistoryModel;
  canEdit: boolean;
  onRestore: (version: number) => void;
}

export function VersionPanel({ model, canEdit, onRestore }: Props) {
  const list = useVersionList(model.workflowId);
  const { view } = model;
  return (
    <aside className="flex w-[360px] shrink-0 flex-col border-l border-slate-200 bg-white" data-testid="version-panel" aria-label="Version history">
      <div className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-100 px-4">
        {view ? (
          <button type="button" onClick={() => model.setView(null)} className="inline-flex items-center gap-1 rounded-md px-1 py-0.5 text-[13px] font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900" data-testid="history-back">
            <UiIcon name="chevronLeft" className="h-3.5 w-3.5" /> All versions
          </button>
        ) : (
          <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            <History className="h-4 w-4 text-slate-500" aria-hidden /> Version history
          </h2>
        )}
        <IconButton label="Close version history" onClick={model.close} className="ml-auto" data-testid="history-close">
          <UiIcon name="x" />
        </IconButton>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {view?.kind === 'compare' ? (
          <CompareDetails model={model} versions={list.versions} />
        ) : view?.kind === 'view' ? (
          <ViewDetails model={model} version={list.versions.find((v) => v.version === view.version)} canEdit={canEdit} onRestore={onRestore} />
        ) : list.isPending ? (
          <p className="flex items-center gap-2 px-4 py-6 text-sm text-slate-500">
            <Spinner className="h-4 w-4" /> Loading versions…
          </p>
        ) : (
          <VersionList model={model} list={list} canEdit={canEdit} onRestore={onRestore} />
        )}
      </div>
    </aside>
  );
}

function VersionList({ model, list, canEdit, onRestore }: { model: HistoryModel; list: ReturnType<typeof useVersionList>; canEdit: boolean; onRestore: (v: number) => void }) {
  const dirty = useDesigner((s) => s.dirty);
  return (
    <div>
      <div className="flex items-center gap-3 border-b border-slate-100 bg-slate-50/60 px-4 py-3">
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-white text-slate-500 ring-1 ring-slate-200">
          <UiIcon name="pencil" className="h-3.5 w-3.5" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-medium text-slate-800">Draft</p>
          <p className="text-xs text-slate-500">{dirty ? 'Being edited · unsaved changes' : 'Being edited'}</p>
        </div>
      </div>
      {list.versions.length === 0 ? (
        <div className="px-6 py-10 text-center" data-testid="no-versions">
          <History className="mx-auto h-6 w-6 text-slate-300" aria-hidden />
          <p className="mt-2 text-sm font-medium text-slate-700">No versions yet</p>
          <p className="mt-1 text-xs text-slate-500">Publish the draft to create version 1. Every publish adds a version you can view, compare and restore.</p>
        </div>
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="version-list">
          {list.versions.map((v, i) => (
            <VersionRow key={v.version} v={v} latest={i === 0} model={model} canEdit={canEdit} onRestore={onRestore} />
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <div className="p-3">
          <Button size="sm" variant="ghost" className="w-full" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Older versions
          </Button>
        </div>
      )}
    </div>
  );
}

function VersionRow({ v, latest, model, canEdit, onRestore }: { v: Version; latest: boolean; model: HistoryModel; canEdit: boolean; onRestore: (v: number) => void }) {
  return (
    <li className="group px-4 py-3" data-testid={`version-${v.version}`}>
      <div className="flex items-start gap-3">
        <span className={`mt-0.5 inline-flex h-6 min-w-9 items-center justify-center rounded-md px-1.5 text-xs font-semibold ring-1 ring-inset ${latest ? 'bg-indigo-50 text-indigo-700 ring-indigo-200' : 'bg-slate-50 text-slate-600 ring-slate-200'}`}>
          v{v.version}
        </span>
        <div className="min-w-0 flex-1">
          <p className={`text-[13px] ${v.note ? 'text-slate-800' : 'text-slate-400 italic'}`} data-testid="version-note">
            {v.note || 'No note'}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            {v.createdByName} · <RelativeTime at={v.createdAt} /> · {plural(v.runCount, 'run')}
            {latest && <span className="ml-1.5 rounded bg-emerald-50 px-1 py-px text-[10.5px] font-medium text-emerald-700">live</span>}
          </p>
        </div>
      </div>
      <div className="mt-2 flex gap-1 pl-12">
        <RowAction icon={<Eye className="h-3.5 w-3.5" />} onClick={() => model.setView({ kind: 'view', version: v.version })} testId={`view-${v.version}`}>
          View
        </RowAction>
        <RowAction icon={<GitCompareArrows className="h-3.5 w-3.5" />} onClick={() => model.setView({ kind: 'compare', from: v.version, to: 'draft' })} testId={`compare-${v.version}`}>
          Compare
        </RowAction>
        {canEdit && (
          <RowAction icon={<RotateCcw className="h-3.5 w-3.5" />} onClick={() => onRestore(v.version)} testId={`restore-${v.version}`}>
            Restore
          </RowAction>
        )}
      </div>
    </li>
  );
}

function RowAction({ icon, onClick, children, testId }: { icon: ReactNode; onClick: () => void; children: ReactNode; testId: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      {icon}
      {children}
    </button>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-b border-slate-100 px-4 py-4 last:border-b-0">
      <h3 className="mb-2.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">{title}</h3>
      {children}
    </section>
  );
}

function ViewDetails({ model, version, canEdit, onRestore }: { model: HistoryModel; version: Version | undefined; canEdit: boolean; onRestore: (v: number) => void }) {
  const n = model.view?.kind === 'view' ? model.view.version : 0;
  const node = model.selected ? model.to?.nodes.find((x) => x.id === model.selected) : undefined;
  return (
    <div data-testid="version-details">
      <Section title={`Version ${n}`}>
        {version && (
          <>
            <p className={`text-[13px] ${version.note ? 'text-slate-800' : 'text-slate-400 italic'}`}>{version.note || 'No note'}</p>
            <p className="mt-1 text-xs text-slate-500">
              Published by {version.createdByName} · <RelativeTime at={version.createdAt} /> · {plural(version.runCount, 'run')}
            </p>
          </>
        )}
        <div className="mt-3 flex gap-2">
          {canEdit && (
            <Button size="sm" onClick={() => onRestore(n)} icon={<RotateCcw className="h-3.5 w-3.5" />} data-testid="restore-version">
              Restore as draft
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => model.setView({ kind: 'compare', from: n, to: 'draft' })} icon={<GitCompareArrows className="h-3.5 w-3.5" />}>
            Compare with draft
          </Button>
        </div>
      </Section>
      <Section title={node ? node.label?.trim() || node.id : 'Nodes'}>
        {node ? (
          <pre className="max-h-96 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-[11.5px] text-slate-700 ring-1 ring-slate-200" data-testid="version-node-config">
            {JSON.stringify(node.config, null, 2)}
          </pre>
        ) : (
          <p className="text-[13px] text-slate-500">{plural(model.to?.nodes.length ?? 0, 'node')}. Select one on the canvas to read its configuration.</p>
        )}
      </Section>
    </div>
  );
}

function RefSelect({ label, value, versions, onChange, testId }: { label: string; value: DocRef; versions: Version[]; onChange: (r: DocRef) => void; testId: string }) {
  return (
    <label className="flex min-w-0 flex-1 flex-col gap-1">
      <span className="text-[11px] font-medium text-slate-500">{label}</span>
      <select
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
        data-testid={testId}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-[13px] text-slate-800 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none"
      >
        <option value="draft">Draft</option>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
            {v.note ? ` — ${v.note.slice(0, 40)}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function CompareDetails({ model, versions }: { model: HistoryModel; versions: Version[] }) {
  if (model.view?.kind !== 'compare') return null;
  const { from, to } = model.view;
  const diff = model.diff;
  const selected = model.selected ? diff?.nodes.find((n) => n.id === model.selected) : undefined;
  return (
    <div data-testid="compare-details">
      <Section title="Compare">
        <div className="flex items-end gap-2">
          <RefSelect label="From (older)" value={from} versions={versions} onChange={(r) => model.setView({ kind: 'compare', from: r, to })} testId="compare-from" />
          <UiIcon name="chevronRight" className="mb-2 h-4 w-4 shrink-0 text-slate-400" />
          <RefSelect label="To (newer)" value={to} versions={versions} onChange={(r) => model.setView({ kind: 'compare', from, to: r })} testId="compare-to" />
        </div>
        <div className="mt-3">{diff ? <DiffSummaryChips diff={diff} /> : <Spinner className="h-4 w-4 text-slate-400" />}</div>
      </Section>
      {selected && (
        <Section title={`${nodeTitle(selected)} · ${selected.status}`}>
          {selected.status === 'changed' ? (
            <FieldChanges changes={selected.fields} />
          ) : (
            <p className="text-[13px] text-slate-500">
              {selected.status === 'added' && `Not in ${refLabel(from)}; added in ${refLabel(to)}.`}
              {selected.status === 'removed' && `In ${refLabel(from)}; removed in ${refLabel(to)}.`}
              {selected.status === 'moved' && 'Only its place on the canvas changed.'}
              {selected.status === 'unchanged' && 'The same in both.'}
            </p>
          )}
        </Section>
      )}
      {diff && (
        <Section title="Changes">
          <DiffNodeList diff={diff} selectedId={model.selected} onSelect={model.setSelected} />
          {diff.document.length > 0 && (
            <div className="mt-4">
              <p className="mb-2 text-xs font-medium text-slate-600">Workflow settings</p>
              <FieldChanges changes={diff.document} testId="document-changes" />
            </div>
          )}
        </Section>
      )}
    </div>
  );
}
