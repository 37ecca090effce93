'use client';
/**
 * The difference between two documents as a list: a summary line, then each added,
 * removed, changed and moved node (click to find it on the canvas), and the changed
 * fields of one node (before → after). Shared by the compare view and the Publish dialog.
 */
import { getNodeType } from '@/lib/nodes/registry';
import { describeSummary, formatPath, type DocumentDiff, type FieldChange, type NodeDiff, type NodeDiffStatus } from '@/lib/designer/version-diff';
import { NodeIcon } from '@/components/nodes/icons';

const STATUS_DOT: Record<NodeDiffStatus, string> = {
  added: 'bg-emerald-500',
  removed: 'bg-red-500',
  changed: 'bg-amber-500',
  moved: 'bg-sky-500',
  unchanged: 'bg-slate-300',
};
const STATUS_TEXT: Record<NodeDiffStatus, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', moved: 'Moved', unchanged: 'Unchanged' };

/** Display name of a node in a diff: its label, else its type's name, else its id. */
export function nodeTitle(n: NodeDiff): string {
  const node = n.after ?? n.before!;
  return node.label?.trim() || getNodeType(node.type)?.label || node.id;
}

/** A JSON value in one short line. */
function short(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** Coloured counts: "2 added · 1 removed · 3 changed · 1 moved". */
export function DiffSummaryChips({ diff }: { diff: DocumentDiff }) {
  const s = diff.summary;
  const chips: [number, string, string][] = [
    [s.added, 'added', 'bg-emerald-50 text-emerald-700 ring-emerald-200'],
    [s.removed, 'removed', 'bg-red-50 text-red-700 ring-red-200'],
    [s.changed, 'changed', 'bg-amber-50 text-amber-800 ring-amber-200'],
    [s.moved, 'moved', 'bg-sky-50 text-sky-700 ring-sky-200'],
  ];
  const edges = s.edgesAdded + s.edgesRemoved;
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-xs" data-testid="diff-summary" aria-label={describeSummary(s)}>
      {diff.identical && <span className="text-slate-500">No changes</span>}
      {chips
        .filter(([n]) => n > 0)
        .map(([n, what, cls]) => (
          <span key={what} data-kind={what} className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${cls}`}>
            {n} {what}
          </span>
        ))}
      {edges > 0 && (
        <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-600 ring-1 ring-slate-200 ring-inset">
          {[s.edgesAdded && `+${s.edgesAdded}`, s.edgesRemoved && `−${s.edgesRemoved}`].filter(Boolean).join(' ')} connection{edges === 1 ? '' : 's'}
        </span>
      )}
      {s.documentFields > 0 && <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-600 ring-1 ring-slate-200 ring-inset">settings</span>}
    </div>
  );
}

/** One node per row (unchanged ones left out), each a button when `onSelect` is given. */
export function DiffNodeList({ diff, selectedId, onSelect, max }: { diff: DocumentDiff; selectedId?: string | null; onSelect?: (id: string) => void; max?: number }) {
  const rows = diff.nodes.filter((n) => n.status !== 'unchanged');
  const shown = max ? rows.slice(0, max) : rows;
  if (rows.length === 0) return <p className="text-[13px] text-slate-500">No node was added, removed, changed or moved.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" data-testid="diff-list">
      {shown.map((n) => {
        const node = n.after ?? n.before!;
        const def = getNodeType(node.type);
        const body = (
          <>
            <span className={`h-2 w-2 shrink-0 rounded-full ${STATUS_DOT[n.status]}`} />
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-md text-white" style={{ background: def?.accent ?? '#94a3b8' }}>
              <NodeIcon name={def?.icon ?? 'box'} className="h-3.5 w-3.5" />
            </span>
            <span className="min-w-0 flex-1">
              <span className={`block truncate text-[13px] font-medium ${n.status === 'removed' ? 'text-slate-500 line-through' : 'text-slate-800'}`}>{nodeTitle(n)}</span>
              <span className="block truncate font-mono text-[11px] text-slate-400">{n.id}</span>
            </span>
            <span className="shrink-0 text-right text-[11.5px] text-slate-500">
              {STATUS_TEXT[n.status]}
              {n.status === 'changed' && ` · ${n.fields.length} field${n.fields.length === 1 ? '' : 's'}`}
              {n.status === 'changed' && n.moved && ' · moved'}
            </span>
          </>
        );
        return (
          <li key={n.id} data-testid={`diff-row-${n.id}`} data-diff={n.status}>
            {onSelect ? (
              <button
                type="button"
                onClick={() => onSelect(n.id)}
                className={`flex w-full items-center gap-2.5 px-3 py-2 text-left transition-colors hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 ${selectedId === n.id ? 'bg-indigo-50/60' : ''}`}
              >
                {body}
              </button>
            ) : (
              <div className="flex items-center gap-2.5 px-3 py-2">{body}</div>
            )}
          </li>
        );
      })}
      {max && rows.length > max && <li className="px-3 py-2 text-xs text-slate-500">and {rows.length - max} more</li>}
    </ul>
  );
}

/** Changed fields, each as path, then the old value struck through and the new one. */
export function FieldChanges({ changes, testId = 'field-changes' }: { changes: readonly FieldChange[]; testId?: string }) {
  if (changes.length === 0) return <p className="text-[13px] text-slate-500">No field changed.</p>;
  return (
    <ul className="space-y-2.5" data-testid={testId}>
      {changes.map((c, i) => (
        <li key={i} className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset" data-path={c.path.join('.')} data-kind={c.kind}>
          <div className="mb-1 flex items-center gap-2">
            <span className="min-w-0 flex-1 truncate font-mono text-[11.5px] font-medium text-slate-700">{formatPath(c.path[0] === 'config' ? c.path.slice(1) : c.path)}</span>
            <span className="shrink-0 text-[11px] text-slate-500">{c.kind}</span>
          </div>
          {c.kind === 'moved' ? (
            <p className="text-xs text-slate-600">
              position {Number(c.before) + 1} → {Number(c.after) + 1}
            </p>
          ) : (
            <div className="space-y-1 font-mono text-[11.5px] break-all">
              {c.kind !== 'added' && <p className="rounded bg-red-50 px-1.5 py-0.5 text-red-800 line-through decoration-red-300">{short(c.before)}</p>}
              {c.kind !== 'removed' && <p className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800">{short(c.after)}</p>}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
