'use client';
/**
 * Covers the designer's canvas while the history shows a version (read-only) or a
 * comparison (visual diff): a banner naming what is shown, with Restore and Back to
 * the draft, over a read-only {@link DiffCanvas}. The draft's canvas stays mounted
 * underneath, so going back keeps its viewport.
 */
import { RotateCcw } from 'lucide-react';
import { describeSummary } from '@/lib/designer/version-diff';
import { DiffCanvas } from './diff-canvas';
import { refLabel, type HistoryModel } from './use-versions';
import { Button } from '../ui';
import { Spinner, UiIcon } from '../ui-icons';
import { errorMessage } from '@/lib/trpc/client';

const LEGEND: [string, string][] = [
  ['Added', 'bg-emerald-500'],
  ['Removed', 'bg-red-400'],
  ['Changed', 'bg-amber-400'],
  ['Moved', 'bg-sky-400'],
];

export function VersionOverlay({ model, canEdit, onRestore }: { model: HistoryModel; canEdit: boolean; onRestore: (version: number) => void }) {
  const { view } = model;
  if (!view) return null;
  const comparing = view.kind === 'compare';
  const restorable = view.kind === 'view' ? view.version : null;
  return (
    <div className="absolute inset-0 z-20 flex flex-col bg-slate-50" data-testid="version-overlay" data-mode={view.kind}>
      <div className="flex shrink-0 items-center gap-3 border-b border-indigo-100 bg-indigo-50/70 px-4 py-2 text-[13px]" role="status">
        <UiIcon name="info" className="h-4 w-4 shrink-0 text-indigo-500" />
        <p className="min-w-0 flex-1 truncate text-indigo-950" data-testid="version-banner">
          {comparing ? (
            <>
              <span className="font-semibold">
                Comparing {refLabel(view.from)} → {refLabel(view.to)}
              </span>
              {model.diff && <span className="text-indigo-700"> · {describeSummary(model.diff.summary)}</span>}
            </>
          ) : (
            <>
              <span className="font-semibold">Viewing v{view.version}</span>
              <span className="text-indigo-700"> · read only</span>
            </>
          )}
        </p>
        {comparing && (
          <span className="hidden items-center gap-3 text-xs text-slate-600 xl:flex" aria-hidden>
            {LEGEND.map(([label, dot]) => (
              <span key={label} className="inline-flex items-center gap-1">
                <span className={`h-2 w-2 rounded-full ${dot}`} />
                {label}
              </span>
            ))}
          </span>
        )}
        {canEdit && restorable !== null && (
          <Button size="sm" onClick={() => onRestore(restorable)} icon={<RotateCcw className="h-3.5 w-3.5" />} data-testid="banner-restore">
            Restore v{restorable}
          </Button>
        )}
        <Button size="sm" variant="primary" onClick={() => model.setView(null)} data-testid="back-to-draft">
          Back to draft
        </Button>
      </div>
      <div className="relative min-h-0 flex-1">
        {model.error ? (
          <p className="p-6 text-sm text-red-700">{errorMessage(model.error)}</p>
        ) : !model.to || (comparing && !model.diff) ? (
          <p className="flex items-center gap-2 p-6 text-sm text-slate-500">
            <Spinner className="h-4 w-4" /> Loading…
          </p>
        ) : (
          <DiffCanvas
            key={comparing ? `${view.from}-${view.to}` : `v${view.version}`}
            doc={model.to}
            diff={comparing ? model.diff : undefined}
            selectedNodeId={model.selected}
            onSelectNode={model.setSelected}
            testId="version-canvas"
          />
        )}
      </div>
    </div>
  );
}
