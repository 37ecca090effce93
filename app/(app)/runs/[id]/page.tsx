import type { Metadata } from 'next';
import { RunViewPage } from '@/components/run-view/run-view';
import { FULL_REPLAY_MAX_RECORDS } from '@/lib/run-view/paged';
import { prefetched, serverCaller } from '@/server/api/server-caller';
import { runLogSeed } from './log-seed';

export const metadata: Metadata = { title: 'Run · Baton' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const runId = safeDecode(id);
  // The run, its document, its tasks and (for a run replayed whole) the start of its log come with the page:
  // the view is drawn right after hydration, without waiting for requests and the stream's replay.
  const caller = await serverCaller();
  const [run, document, tasks] = await Promise.all([
    prefetched(() => caller.runs.get({ id: runId })),
    prefetched(() => caller.runs.document({ id: runId })),
    prefetched(() => caller.tasks.list({ runId })),
  ]);
  const log = run && (run.lastSeq ?? 0) <= FULL_REPLAY_MAX_RECORDS ? await prefetched(() => runLogSeed((after) => caller.runs.events({ runId, after, limit: 1000 }))) : undefined;
  return <RunViewPage key={id} runId={runId} initial={{ run, document, tasks, log }} />;
}

/** Route params may arrive still percent-encoded; ids never contain `%` otherwise. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
