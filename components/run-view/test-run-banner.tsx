'use client';
/** The run view's banner of a test run of the draft: it ran a snapshot of the draft, not a published version. */
import Link from 'next/link';
import { FlaskConical } from 'lucide-react';

export function TestRunBanner({ workflowId }: { workflowId: string }) {
  return (
    <div role="note" data-testid="test-run-banner" className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-900">
      <FlaskConical aria-hidden className="h-4 w-4 shrink-0 text-amber-600" />
      <span className="font-medium">Test run of the draft — not a published version.</span>
      <span className="text-amber-800/80">It runs a snapshot of the draft taken when it started; later edits do not change it.</span>
      <Link href={`/workflows/${encodeURIComponent(workflowId)}`} className="ml-auto shrink-0 font-medium text-amber-900 underline-offset-2 hover:underline">
        Open the draft
      </Link>
    </div>
  );
}
