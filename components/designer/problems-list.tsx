'use client';
/** The list of validation problems; a click on a problem with a node selects and centres that node. */
import type { Problem } from '@/lib/workflow/validate';
import { UiIcon } from './ui-icons';

export function ProblemsList({ problems, onSelect, limit }: { problems: readonly Problem[]; onSelect: (p: Problem) => void; limit?: number }) {
  const shown = limit ? problems.slice(0, limit) : problems;
  return (
    <ul className="space-y-1" data-testid="problems-list">
      {shown.map((p, i) => {
        const error = p.severity === 'error';
        const clickable = !!p.nodeId;
        return (
          <li key={`${p.code}-${p.nodeId ?? ''}-${p.edgeId ?? ''}-${i}`}>
            <button
              type="button"
              data-testid="problem-item"
              data-code={p.code}
              data-node-id={p.nodeId}
              disabled={!clickable}
              onClick={() => onSelect(p)}
              className={`group flex w-full items-start gap-2.5 rounded-md px-2 py-1.5 text-left text-[12.5px] leading-snug text-slate-700 transition-colors ${clickable ? 'hover:bg-slate-100' : 'cursor-default'}`}
            >
              <span className={`mt-px flex h-4 w-4 shrink-0 items-center justify-center rounded-full ${error ? 'bg-red-100 text-red-600' : 'bg-amber-100 text-amber-700'}`}>
                <UiIcon name={error ? 'x' : 'alert'} className="h-2.5 w-2.5" />
              </span>
              <span className="min-w-0 flex-1 break-words">{p.message}</span>
              {clickable && <UiIcon name="chevronRight" className="mt-0.5 h-3.5 w-3.5 shrink-0 text-slate-300 group-hover:text-slate-500" />}
            </button>
          </li>
        );
      })}
      {limit && problems.length > limit && <li className="px-2 pt-1 text-xs text-slate-500">and {problems.length - limit} more…</li>}
    </ul>
  );
}
