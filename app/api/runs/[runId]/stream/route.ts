/**
 * Live log of one run as server-sent events: every `run_events` record after the
 * client's last sequence number (`Last-Event-ID` header on reconnect, or `?after=`),
 * then each new record as it is committed. Each frame: `id: <seq>`, `data: <record>`.
 * Needs sign-in (401); open streams are capped per person and in total
 * (`server/events/stream-slots.ts`; 429).
 */
import { getApp } from '@/server/app';
import { bus, channels } from '@/server/events/bus';
import { acquireStreamSlot } from '@/server/events/stream-slots';
import { sseResponse } from '@/server/sse';
import { signedInOrError } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

const PAGE = 500;

export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const caller = await signedInOrError(req);
  if (caller.error) return caller.error;
  const app = getApp();
  if (!app.store.getRun(runId)) return Response.json({ error: { message: `run "${runId}" not found` } }, { status: 404 });
  const url = new URL(req.url);
  const fromHeader = Number(req.headers.get('last-event-id'));
  const fromQuery = Number(url.searchParams.get('after'));
  let after = Number.isFinite(fromHeader) && fromHeader > 0 ? fromHeader : Number.isFinite(fromQuery) && fromQuery > 0 ? fromQuery : 0;
  const slot = acquireStreamSlot(caller.user.id);
  if (slot.refused) return slot.refused;

  return sseResponse(req.signal, (send) => {
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      for (;;) {
        const recs = app.store.eventsAfter(runId, after, PAGE);
        for (const r of recs) {
          send(r, r.seq);
          after = r.seq;
        }
        if (recs.length < PAGE) break;
      }
    };
    const onSignal = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    };
    bus().on(channels.run(runId), onSignal);
    flush();
    return () => {
      bus().off(channels.run(runId), onSignal);
      slot.release();
    };
  });
}
