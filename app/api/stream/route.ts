/**
 * Change signals for lists: `event: runs` when a run starts or changes status, and
 * `event: tasks` when the inbox changes. Frames carry only the run id; clients refetch
 * the list they show (the database stays the source of truth).
 */
import { getApp } from '@/server/app';
import { bus, channels } from '@/server/events/bus';
import { sseResponse } from '@/server/sse';
import { signedInOrError } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  getApp();
  return sseResponse(req.signal, (send) => {
    const onRuns = (runId: string) => send({ runId }, undefined, 'runs');
    const onTasks = (runId: string) => send({ runId }, undefined, 'tasks');
    bus().on(channels.runs, onRuns);
    bus().on(channels.tasks, onTasks);
    return () => {
      bus().off(channels.runs, onRuns);
      bus().off(channels.tasks, onTasks);
    };
  });
}
