'use client';
/** The designer's top bar: breadcrumb and editable name, version and save status, problems, and the actions. */
import Link from 'next/link';
import { History } from 'lucide-react';
import { plural } from '@/lib/designer/format';
import { designerStore, useDesigner, useHistory } from '@/lib/designer/store';
import { Button, Kbd } from './ui';
import { Spinner, UiIcon } from './ui-icons';
import { useSession } from '@/components/auth/session';
import { keyLabel } from './shortcut-keys';

export interface VersionMeta {
  latestVersion: number;
  hasUnpublishedChanges: boolean;
}

interface Props {
  meta: VersionMeta;
  saving: boolean;
  publishing: boolean;
  onSave: () => void;
  onPublish: () => void;
  onRun: () => void;
  onExport: () => void;
  onTidyUp: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onHelp: () => void;
  onShowProblems: () => void;
  /** Opens or closes the version history panel. */
  onHistory: () => void;
  historyOpen: boolean;
}

/** A square toolbar button with a tooltip naming its shortcut. */
function ToolButton({ label, shortcut, icon, onClick, disabled, testId }: { label: string; shortcut?: string; icon: 'undo' | 'redo' | 'keyboard'; onClick: () => void; disabled?: boolean; testId: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      data-testid={testId}
      className="inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 transition-colors hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:pointer-events-none disabled:text-slate-300"
    >
      <UiIcon name={icon} className="h-4 w-4" />
    </button>
  );
}

export function TopBar({ meta, saving, publishing, onSave, onPublish, onRun, onExport, onTidyUp, onUndo, onRedo, onHelp, onShowProblems, onHistory, historyOpen }: Props) {
  const { canUndo, canRedo } = useHistory();
  const mod = keyLabel('mod');
  const session = useSession();
  const canEdit = session.can('workflow.edit');
  const canRun = session.can('run.start');
  const name = useDesigner((s) => s.doc.name);
  const nodeCount = useDesigner((s) => s.nodes.length);
  const dirty = useDesigner((s) => s.dirty);
  const problems = useDesigner((s) => s.problems);
  const checking = useDesigner((s) => s.problemsPending);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const unpublished = meta.hasUnpublishedChanges || dirty;
  const nothingToPublish = meta.latestVersion > 0 && !unpublished;

  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-4" data-testid="designer-topbar">
      <nav className="flex min-w-0 items-center gap-1 text-sm">
        <Link href="/workflows" className="rounded-md px-1.5 py-1 text-slate-500 transition-colors hover:bg-slate-100 hover:text-slate-800">
          Workflows
        </Link>
        <UiIcon name="chevronRight" className="h-3.5 w-3.5 shrink-0 text-slate-300" />
        <input
          aria-label="Workflow name"
          data-testid="workflow-name"
          value={name}
          maxLength={200}
          placeholder="Untitled workflow"
          onChange={(e) => designerStore.getState().setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          className={`field-sizing-content h-8 max-w-[16rem] min-w-[6rem] truncate 2xl:max-w-[24rem] rounded-md border border-transparent bg-transparent px-1.5 text-[15px] font-semibold text-slate-900 transition-colors hover:border-slate-200 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none ${name.trim() ? '' : 'border-red-300!'}`}
        />
      </nav>

      <div className="flex min-w-0 flex-1 items-center gap-2.5 overflow-hidden text-[12.5px]">
        <span
          data-testid="version-status"
          className={`inline-flex min-w-0 shrink items-center gap-1 truncate rounded-full px-2 py-0.5 font-medium whitespace-nowrap ring-1 ring-inset ${
            meta.latestVersion > 0 ? 'bg-indigo-50 text-indigo-700 ring-indigo-200' : 'bg-slate-100 text-slate-600 ring-slate-200'
          }`}
        >
          {meta.latestVersion > 0 ? (
            <>
              v{meta.latestVersion} published
              {unpublished && <span className="truncate font-normal text-indigo-500"> · unpublished changes</span>}
            </>
          ) : (
            'Draft · not published'
          )}
        </span>
        <span data-testid="save-status" data-state={saving ? 'saving' : dirty ? 'dirty' : 'saved'} className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap text-slate-500">
          {saving ? (
            <>
              <Spinner className="h-3 w-3" /> Saving…
            </>
          ) : dirty ? (
            <>
              <span className="h-1.5 w-1.5 rounded-full bg-amber-500" /> Unsaved changes
            </>
          ) : (
            <>
              <UiIcon name="check" className="h-3.5 w-3.5 text-emerald-600" /> Saved
            </>
          )}
        </span>
      </div>

      <div className="ml-auto flex shrink-0 items-center gap-2">
        <button
          type="button"
          data-testid="problems-count"
          data-count={checking ? undefined : problems.length}
          onClick={onShowProblems}
          className={`inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-[13px] font-medium whitespace-nowrap transition-colors ${
            checking ? 'text-slate-500 hover:bg-slate-50' : errors > 0 ? 'text-red-700 hover:bg-red-50' : warnings > 0 ? 'text-amber-700 hover:bg-amber-50' : 'text-emerald-700 hover:bg-emerald-50'
          }`}
        >
          <span className={`h-2 w-2 rounded-full ${checking ? 'animate-pulse bg-slate-300' : errors > 0 ? 'bg-red-500' : warnings > 0 ? 'bg-amber-500' : 'bg-emerald-500'}`} />
          {checking ? 'Checking…' : problems.length === 0 ? 'No problems' : plural(problems.length, 'problem')}
        </button>
        <span className="h-5 w-px bg-slate-200" />
        {canEdit && (
          <>
        <div className="flex items-center" role="group" aria-label="History">
          <ToolButton label="Undo" shortcut={`${mod}+Z`} icon="undo" onClick={onUndo} disabled={!canUndo} testId="undo" />
          <ToolButton label="Redo" shortcut={`${mod}+Shift+Z`} icon="redo" onClick={onRedo} disabled={!canRedo} testId="redo" />
        </div>
        <Button
          size="sm"
          variant="ghost"
          onClick={onTidyUp}
          disabled={nodeCount < 2}
          title="Tidy up: lay out every node top to bottom (undo with Ctrl+Z)"
          data-testid="auto-layout"
          icon={<UiIcon name="tidy" className="h-3.5 w-3.5" />}
        >
          Tidy up
        </Button>
          </>
        )}
        <ToolButton label="Keyboard shortcuts" shortcut="?" icon="keyboard" onClick={onHelp} testId="open-shortcuts" />
        <Button
          size="sm"
          variant="ghost"
          onClick={onHistory}
          aria-pressed={historyOpen}
          title="Version history: view, compare and restore published versions"
          data-testid="open-history"
          className={historyOpen ? 'bg-indigo-50 text-indigo-700' : ''}
          icon={<History className="h-3.5 w-3.5" aria-hidden />}
        >
          History
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={onExport}
          title="Export JSON: download the workflow document"
          aria-label="Export JSON"
          data-testid="export-json"
          icon={<UiIcon name="download" className="h-3.5 w-3.5" />}
        >
          <span className="hidden 2xl:inline">Export JSON</span>
        </Button>
        {canEdit ? (
          <>
        <Button size="sm" onClick={onSave} loading={saving} disabled={!dirty && !saving} title="Save draft (Ctrl+S)" data-testid="save-workflow" icon={<UiIcon name="save" className="h-3.5 w-3.5" />}>
          Save
          <span className="hidden 2xl:inline">
            <Kbd>⌘S</Kbd>
          </span>
        </Button>
        <Button
          size="sm"
          onClick={onPublish}
          loading={publishing}
          disabled={nothingToPublish}
          title={nothingToPublish ? `No changes since v${meta.latestVersion}` : 'Publish the draft as a new version'}
          data-testid="publish-workflow"
          icon={<UiIcon name="upload" className="h-3.5 w-3.5" />}
        >
          Publish
        </Button>
          </>
        ) : (
          <span data-testid="read-only" className="rounded-md bg-slate-100 px-2 py-1 text-xs font-medium text-slate-600">Read only</span>
        )}
        {canRun && (
          <Button size="sm" variant="primary" onClick={onRun} data-testid="run-workflow" icon={<UiIcon name="play" className="h-3.5 w-3.5" />}>
            Run
          </Button>
        )}
      </div>
    </header>
  );
}
