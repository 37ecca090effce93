'use client';
/** Which definition a run executes: `v3` for a published version, "Test run" for a test run of the draft. */
import { FlaskConical } from 'lucide-react';

export function VersionBadge({ version, size = 'sm' }: { version: number | null; size?: 'sm' | 'md' }) {
  const text = size === 'md' ? 'text-xs px-1.5 py-0.5 rounded-md' : 'text-[11px] px-1.5 py-0.5 rounded';
  if (version === null)
    return (
      <span data-testid="test-run-badge" title="A test run of the draft — not a published version" className={`inline-flex shrink-0 items-center gap-1 bg-amber-50 font-medium text-amber-800 ring-1 ring-inset ring-amber-200 ${text}`}>
        <FlaskConical aria-hidden className="h-3 w-3" />
        Test run
      </span>
    );
  return <span className={`shrink-0 bg-slate-100 font-mono font-medium text-slate-600 ring-1 ring-inset ring-slate-200 ${text}`}>v{version}</span>;
}
