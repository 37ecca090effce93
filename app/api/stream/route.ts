/**
 * Change signals for lists, for a signed-in person (401 otherwise): `event: runs` when
 * a run starts or changes status (every signed-in person reads runs), and `event: tasks`
 * when a task of a run changes, sent only when the caller may read one of that run's
 * tasks (`maySeeTask`), or was already sent a task signal of that run on this stream
 * (so a task delegated away still leaves their inbox). Frames carry only the run id;
 * clients refetch the list they show (the database stays the source of truth).
 * After signals may have been missed (the database connection of the relay between
 * processes came back), both events are sent with `runId: null`.
 * Open streams are capped per person and in total (`server/events/stream-slots.ts`; 429).
 */
import { getApp } from '@/server/app';
import { bus, channels } from '@/server/events/bus';
import { acquireStreamSlot } from '@/server/events/stream-slots';
import { sseResponse } from '@/server/sse';
import { signedInOrError } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

/** How many runs a stream remembers having sent task signals for. */
const REMEMBERED_RUNS = 1000;

export async function GET(req: Request) {
  const caller = await signedInOrError(req);
  if (caller.error) return caller.error;
  const userId = caller.user.id;
  const slot = acquireStreamSlot(userId);
  if (slot.refused) return slot.refused;
  const app = getApp();
  const sentTasksOf = new Set<string>();
  const mayKnow = async (runId: string): Promise<boolean> => {
    if (sentTasksOf.has(runId)) return true;
    const visible = (await app.tasks.list({ runId, actor: await app.tasks.actor(userId), limit: 1 })).length > 0;
    if (visible) {
      if (sentTasksOf.size >= REMEMBERED_RUNS) sentTasksOf.delete(sentTasksOf.values().next().value as string);
      sentTasksOf.add(runId);
    }
    return visible;
  };
  return sseResponse(req.signal, (send) => {
    const onRuns = (runId: string) => send({ runId }, undefined, 'runs');
    let open = true;
    const onTasks = (runId: string) => {
      mayKnow(runId).then(
        (ok) => {
          if (ok && open) send({ runId }, undefined, 'tasks');
        },
        (err) => console.error('[baton] /api/stream: task signal not checked:', err),
      );
    };
    // Signals may have been missed (see `channels.resync`): the client refetches both lists. No run id, so nothing is disclosed.
    const onResync = () => {
      send({ runId: null }, undefined, 'runs');
      send({ runId: null }, undefined, 'tasks');
    };
    bus().on(channels.runs, onRuns);
    bus().on(channels.tasks, onTasks);
    bus().on(channels.resync, onResync);
    return () => {
      open = false;
      bus().off(channels.runs, onRuns);
      bus().off(channels.tasks, onTasks);
      bus().off(channels.resync, onResync);
      slot.release();
    };
  });
}
