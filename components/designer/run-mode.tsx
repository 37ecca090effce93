'use client';
/**
 * The two ways the designer's Run dialog starts a run, side by side: a test run of the
 * draft (no version is created) and a run of the latest published version. A choice
 * that cannot be taken is shown disabled with the reason.
 */
import { FlaskConical, Rocket } from 'lucide-react';
import type { ReactNode } from 'react';

export type RunMode = 'draft' | 'published';

export interface RunModeOption {
  mode: RunMode;
  title: string;
  detail: ReactNode;
  /** Why this choice cannot be taken; null when it can. */
  disabledReason: string | null;
}

/** A radio group of the two run modes (arrow keys move between them, as native radios do). */
export function RunModePicker({ options, value, onChange, disabled }: { options: RunModeOption[]; value: RunMode; onChange: (m: RunMode) => void; disabled?: boolean }) {
  return (
    <div role="radiogroup" aria-label="What to run" className="grid grid-cols-2 gap-2.5">
      {options.map((o) => {
        const selected = o.mode === value;
        const off = Boolean(o.disabledReason) || disabled;
        const Icon = o.mode === 'draft' ? FlaskConical : Rocket;
        return (
          <label
            key={o.mode}
            data-testid={`run-mode-${o.mode}`}
            data-selected={selected ? 'true' : 'false'}
            data-disabled={o.disabledReason ? 'true' : 'false'}
            className={`relative flex cursor-pointer flex-col gap-1 rounded-lg p-3 ring-1 transition ring-inset ${
              selected ? 'bg-indigo-50/70 ring-2 ring-indigo-500' : 'bg-white ring-slate-200 hover:ring-slate-300'
            } ${o.disabledReason ? 'cursor-not-allowed bg-slate-50 opacity-70 hover:ring-slate-200' : ''} has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-500`}
          >
            <input type="radio" name="run-mode" className="sr-only" checked={selected} disabled={off} onChange={() => onChange(o.mode)} />
            <span className="flex items-center gap-2 text-[13px] font-semibold text-slate-900">
              <Icon aria-hidden className={`h-4 w-4 ${o.mode === 'draft' ? 'text-amber-600' : 'text-indigo-600'}`} />
              {o.title}
            </span>
            <span className="text-xs leading-snug text-slate-500">{o.detail}</span>
            {o.disabledReason && (
              <span className="text-xs font-medium leading-snug text-slate-600" data-testid={`run-mode-${o.mode}-reason`}>
                {o.disabledReason}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}
