'use client';
/**
 * The workflow designer: top bar, palette, canvas and side panel around one
 * designer store. Loads the draft once per visit; later refetches only refresh the
 * version status, never the document being edited. The draft usually comes with the
 * page (`initial`, read on the server); the history, the dialogs and Tidy up's layout
 * load their code when first used.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import type { AppRouter } from '@/server/api/root';
import { designerStore, useDesigner } from '@/lib/designer/store';
import { NOTE_LIMITS } from '@/lib/workflow/document';
import { usePicker } from './canvas-picker';
import { hasBlockingProblems, type Problem } from '@/lib/workflow/validate';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { BlockedDialog } from './blocking-problems';
import { Canvas } from './canvas';
import { CanvasRouterStats } from './router-stats-query';
import { useFitWorkflow } from './fit-view';
import { Palette } from './palette';
import { SidePanel } from './side-panel';
import { toast } from './toast';
import { TopBar } from './top-bar';
import { Button } from './ui';
import { Spinner, UiIcon } from './ui-icons';
import { useDesignerCommands } from './use-commands';
import { LeaveGuard } from './leave-guard';
import { useCanvasCommands } from './use-canvas-commands';
import { useShortcuts } from './use-shortcuts';
import { useDeferredChecks } from './use-deferred-checks';
import { keyLabel } from './shortcut-keys';
import { useSession } from '@/components/auth/session';
import { useHistoryModel } from './versions/use-versions';
import { useRestoreVersion } from './versions/use-restore';

/** The draft as `workflows.get` returns it. */
export type WorkflowDetail = inferRouterOutputs<AppRouter>['workflows']['get'];

/** `initial`: the draft read by the page on the server (skips the first request); undefined to fetch it here. */
// Loaded when first shown, not with the page: the history (and its JSON diff), the dialogs.
const VersionOverlay = dynamic(() => import('./versions/version-overlay').then((m) => m.VersionOverlay), { ssr: false });
const VersionPanel = dynamic(() => import('./versions/version-panel').then((m) => m.VersionPanel), { ssr: false, loading: PanelLoading });
const PublishDialog = dynamic(() => import('./versions/publish-dialog').then((m) => m.PublishDialog), { ssr: false });
const RunDialog = dynamic(() => import('./run-dialog').then((m) => m.RunDialog), { ssr: false });
const ShortcutsSheet = dynamic(() => import('./shortcuts-sheet').then((m) => m.ShortcutsSheet), { ssr: false });

/** The side panel's place while the version history's code loads. */
function PanelLoading() {
  return (
    <aside className="flex w-[360px] shrink-0 items-center justify-center gap-2 border-l border-slate-200 bg-white text-sm text-slate-500">
      <Spinner className="h-4 w-4" /> Loading…
    </aside>
  );
}

export function Designer({ workflowId, initial }: { workflowId: string; initial?: WorkflowDetail }) {
  return (
    <ReactFlowProvider>
      <DesignerLoader workflowId={workflowId} initial={initial} />
    </ReactFlowProvider>
  );
}

function DesignerLoader({ workflowId, initial }: { workflowId: string; initial?: WorkflowDetail }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.workflows.get.queryOptions({ id: workflowId }, { retry: false }), initialData: initial?.id === workflowId ? initial : undefined });
  const loadedId = useDesigner((s) => s.workflowId);
  const [loadError, setLoadError] = useState<string | null>(null);
  const loaded = useRef(false);

  // Before the first paint: a draft that came with the page is drawn without a "Loading" frame.
  // The server has read the draft through the document schema (`draftError` when it does not
  // parse); its validation runs in idle time after the canvas is drawn (`useDeferredChecks`).
  useLayoutEffect(() => {
    if (!detail.data || loaded.current) return;
    loaded.current = true;
    if (detail.data.draftError !== null) {
      setLoadError(detail.data.draftError);
      return;
    }
    designerStore.getState().load(workflowId, detail.data.draft, detail.data.draftRevision, { checkLater: true });
  }, [detail.data, workflowId]);

  // Leave no stale workflow in the (page-wide) store.
  useEffect(
    () => () => {
      loaded.current = false;
      designerStore.getState().reset();
    },
    [],
  );

  if (detail.error || loadError) {
    return (
      <div className="flex h-full items-center justify-center p-8">
        <div className="max-w-sm text-center" data-testid="designer-error">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-red-50 text-red-600">
            <UiIcon name="alert" className="h-5 w-5" />
          </div>
          <h1 className="text-base font-semibold text-slate-900">{loadError ? 'This workflow cannot be opened' : 'Workflow not found'}</h1>
          <p className="mt-1 text-sm text-slate-500">{loadError ?? errorMessage(detail.error)}</p>
          <Link href="/workflows" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
            ← Back to workflows
          </Link>
        </div>
      </div>
    );
  }
  if (!detail.data || loadedId !== workflowId) {
    return (
      <div className="flex h-full items-center justify-center gap-2 text-sm text-slate-500" data-testid="designer-loading">
        <Spinner className="h-4 w-4" /> Loading workflow…
      </div>
    );
  }
  return <DesignerView workflowId={workflowId} meta={{ latestVersion: detail.data.latestVersion, hasUnpublishedChanges: detail.data.hasUnpublishedChanges }} />;
}

function DesignerView({ workflowId, meta }: { workflowId: string; meta: { latestVersion: number; hasUnpublishedChanges: boolean } }) {
  const commands = useDesignerCommands(workflowId);
  const problems = useDesigner((s) => s.problems);
  const checking = useDesigner((s) => s.problemsPending);
  useDeferredChecks();
  const { screenToFlowPosition, setCenter, getZoom, getInternalNode } = useReactFlow();
  const fitWorkflow = useFitWorkflow();
  const canvasBox = useRef<HTMLDivElement>(null);
  const [runOpen, setRunOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const canEdit = useSession().can('workflow.edit');
  const history = useHistoryModel(workflowId);
  const restore = useRestoreVersion(history);
  const canvasCommands = useCanvasCommands(canvasBox);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const openConnect = useCallback((nodeId: string) => {
    const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
    const r = el?.getBoundingClientRect();
    if (!r) return;
    usePicker.getState().open({ kind: 'link', nodeId, screen: { x: r.left, y: r.bottom } });
  }, []);
  useShortcuts(canvasCommands, { canEdit, onHelp: openHelp, onConnect: openConnect });

  const addAt = useCallback((type: string, at: { x: number; y: number }) => {
    designerStore.getState().addNode(type, at);
  }, []);

  const addAtCenter = useCallback(
    (type: string) => {
      const r = canvasBox.current?.getBoundingClientRect();
      if (!r) return;
      const c = screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      addAt(type, { x: c.x - NODE_WIDTH / 2, y: c.y - NODE_HEIGHT / 2 });
    },
    [screenToFlowPosition, addAt],
  );

  const addNote = useCallback(
    (at?: { x: number; y: number }) => {
      let p = at;
      if (!p) {
        const r = canvasBox.current?.getBoundingClientRect();
        if (!r) return;
        const c = screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
        p = { x: c.x - NOTE_LIMITS.width / 2, y: c.y - NOTE_LIMITS.height / 2 };
      }
      try {
        designerStore.getState().addNote(p);
      } catch (err) {
        toast.error('Cannot add a note', (err as Error).message);
      }
    },
    [screenToFlowPosition],
  );

  const focusProblem = useCallback(
    (p: Problem) => {
      if (!p.nodeId) return;
      designerStore.getState().selectNode(p.nodeId);
      const n = getInternalNode(p.nodeId);
      if (!n) return;
      const w = n.measured.width ?? NODE_WIDTH;
      const h = n.measured.height ?? NODE_HEIGHT;
      void setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, { zoom: Math.max(getZoom(), 0.8), duration: 350 });
    },
    [getInternalNode, setCenter, getZoom],
  );

  const tidyUp = useCallback(async () => {
    // The layout engine (dagre) loads on the first tidy-up, not with the page.
    const { autoLayout } = await import('@/lib/layout/auto-layout');
    const before = designerStore.getState().changeCount;
    designerStore.getState().tidyUp(autoLayout);
    if (designerStore.getState().changeCount === before) {
      toast.info('Already tidy', 'Every node is where the layout would put it.');
      return;
    }
    // fitView waits for React Flow to take the new positions.
    void fitWorkflow(designerStore.getState().doc, 400);
    toast.info('Tidied up', `Nodes were laid out top to bottom. Press ${keyLabel('mod')}+Z to undo.`);
  }, [fitWorkflow]);

  const openPublish = () => {
    if (hasBlockingProblems(designerStore.getState().settleProblems())) commands.setBlocked('publish');
    else setPublishOpen(true);
  };

  // The Run dialog explains itself: a draft with blocking problems cannot be test-run, a published version still can.
  const openRun = () => {
    designerStore.getState().settleProblems();
    setRunOpen(true);
  };

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="designer" data-checking={checking || undefined}>
      <TopBar
        meta={meta}
        saving={commands.saving}
        publishing={commands.publishing}
        onSave={() => void commands.save()}
        onPublish={openPublish}
        onRun={openRun}
        onExport={commands.exportJson}
        onTidyUp={tidyUp}
        onUndo={canvasCommands.undo}
        onRedo={canvasCommands.redo}
        onHelp={openHelp}
        onShowProblems={() => designerStore.getState().selectNode(null)}
        onHistory={() => (history.open ? history.close() : history.setOpen(true))}
        historyOpen={history.open}
      />
      <LeaveGuard />
      {commands.conflict && (
        <div className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-[13px] text-amber-900" role="alert" data-testid="save-conflict">
          <UiIcon name="alert" className="h-4 w-4 shrink-0 text-amber-600" />
          <p className="min-w-0 flex-1">
            <span className="font-semibold">Not saved: this workflow was changed elsewhere</span> (another tab or person saved it after you opened it). Reload to get the
            latest version and lose your changes here, export yours first, or overwrite theirs.
          </p>
          <Button size="sm" variant="ghost" onClick={commands.exportJson}>
            Export mine
          </Button>
          <Button size="sm" variant="secondary" onClick={() => window.location.reload()}>
            Reload
          </Button>
          <Button size="sm" variant="danger" onClick={() => void commands.save({ overwrite: true })} data-testid="overwrite-save">
            Overwrite
          </Button>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {!history.view && <Palette onAdd={addAtCenter} onAddNote={canEdit ? () => addNote() : undefined} />}
        <div ref={canvasBox} className="relative min-w-0 flex-1">
          <CanvasRouterStats workflowId={workflowId}>
            <Canvas onAddAt={addAt} onAddNote={addNote} onAddCentre={addAtCenter} commands={canvasCommands} canEdit={canEdit} onTidyUp={tidyUp} onHelp={openHelp} />
          </CanvasRouterStats>
          {history.view && <VersionOverlay model={history} canEdit={canEdit} onRestore={restore} />}
        </div>
        {history.open ? <VersionPanel model={history} canEdit={canEdit} onRestore={restore} /> : <SidePanel onSelectProblem={focusProblem} />}
      </div>
      {runOpen && <RunDialog open onClose={() => setRunOpen(false)} workflowId={workflowId} meta={meta} save={() => commands.save()} onSelectProblem={focusProblem} />}
      {publishOpen && <PublishDialog open onClose={() => setPublishOpen(false)} workflowId={workflowId} latestVersion={meta.latestVersion} onPublish={commands.publish} />}
      {helpOpen && <ShortcutsSheet open onOpenChange={setHelpOpen} />}
      <BlockedDialog action={commands.blocked} problems={problems} onClose={() => commands.setBlocked(null)} onSelect={focusProblem} />
    </div>
  );
}
