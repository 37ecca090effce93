'use client';
/** A failure, in red: message, code, and where it happened. */
import { CircleAlert } from 'lucide-react';
import { CopyButton } from './json-view';

export function ErrorBox({ error, title = 'Error' }: { error: unknown; title?: string }) {
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as { message?: unknown; code?: unknown; nodeId?: unknown; stepId?: unknown };
  const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
  return (
    <div data-testid="error-box" role="alert" className="group/json relative rounded-lg border border-red-200 bg-red-50 px-4 py-3">
      <CopyButton text={() => JSON.stringify(error, null, 2)} className="absolute right-2 top-2" />
      <div className="flex items-center gap-2 pr-10">
        <CircleAlert aria-hidden className="h-4 w-4 shrink-0 text-red-600" />
        <span className="text-sm font-semibold text-red-800">{title}</span>
        {typeof e.code === 'string' && e.code && <code className="rounded bg-red-100 px-1.5 py-0.5 font-mono text-[11px] font-medium text-red-700">{e.code}</code>}
      </div>
      <p data-testid="error-message" className="mt-1.5 whitespace-pre-wrap break-words font-mono text-xs leading-5 text-red-800">
        {message}
      </p>
      {typeof e.stepId === 'string' && <p className="mt-1 text-[11px] text-red-600/80">at step <span className="font-mono">{e.stepId}</span></p>}
    </div>
  );
}
