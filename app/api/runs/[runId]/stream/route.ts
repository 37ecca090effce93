/**
 * Live log of one run as server-sent events: every `run_events` record after the
 * client's last sequence number (`Last-Event-ID` header on reconnect, or `?after=`),
 * then each new record as it is committed. Each frame: `id: <seq>`, `data: <record>`.
 * Needs sign-in (401); open streams are capped per person and in total
 * (`server/events/stream-slots.ts`; 429).
 *
 * A replay is read in bounded pages (`RunService.eventsPage`: at most {@link PAGE}
 * records and `BATON_PAGE_MAX_BYTES` of JSON), one page per event-loop turn, and
 * only while the client keeps up ({@link SseFlow}): replaying a run of millions of
 * records never holds the server for more than one page, nor queues the whole log.
 * A page that cannot be read (the database restarting) is read again every second until
 * it can; the stream stays open meanwhile.
 */
import { getApp } from '@/server/app';
import { bus, channels } from '@/server/events/bus';
import { acquireStreamSlot } from '@/server/events/stream-slots';
import { sseResponse } from '@/server/sse';
import { signedInOrError } from '@/server/rest/handler';
import { asUnavailable } from '@/server/errors';

export const dynamic = 'force-dynamic';

/** Records per replay page. */
const PAGE = 500;
/** Pause before a page that could not be read (the database away) is read again, ms. */
const REREAD_MS = 1_000;

export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const caller = await signedInOrError(req);
  if (caller.error) return caller.error;
  const app = getApp();
  if (!(await app.runs.exists(runId))) return Response.json({ error: { message: `run "${runId}" not found` } }, { status: 404 });
  const url = new URL(req.url);
  const fromHeader = Number(req.headers.get('last-event-id'));
  const fromQuery = Number(url.searchParams.get('after'));
  let after = Number.isSafeInteger(fromHeader) && fromHeader > 0 ? fromHeader : Number.isSafeInteger(fromQuery) && fromQuery > 0 ? fromQuery : 0;
  const slot = acquireStreamSlot(caller.user.id);
  if (slot.refused) return slot.refused;

  return sseResponse(req.signal, (send, flow) => {
    let closed = false;
    /** A pump chain is scheduled or waiting for the client. */
    let pumping = false;
    /** A record was announced while a page was being read: read once more before stopping. */
    let again = false;
    /** The chain stopped because the client's queue is full; a pull resumes it. */
    let stalled = false;
    /** A failed read is tried again by this timer. */
    let retry: NodeJS.Timeout | null = null;
    const pump = async () => {
      if (closed) return;
      if (!flow.wanted()) {
        stalled = true;
        return;
      }
      let next: number | null;
      again = false;
      try {
        const page = await app.runs.eventsPage(runId, { after, limit: PAGE });
        if (closed) return;
        for (const r of page.events) {
          send(r, r.seq);
          after = r.seq;
        }
        next = page.nextAfter;
      } catch (err) {
        // The database is away (restarting) or the read failed: read again after a pause, or
        // sooner on the next signal; the client's Last-Event-ID covers a reconnect.
        if (!asUnavailable(err)) console.error(`[baton] /api/runs/${runId}/stream: replay page not read:`, err);
        pumping = false;
        if (!retry) retry = setTimeout(() => ((retry = null), start()), REREAD_MS);
        return;
      }
      if (next !== null || again) setImmediate(pump);
      else pumping = false;
    };
    const start = () => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      setImmediate(pump);
    };
    flow.onPull(() => {
      if (!stalled) return;
      stalled = false;
      setImmediate(pump);
    });
    bus().on(channels.run(runId), start);
    bus().on(channels.resync, start);
    start();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      bus().off(channels.run(runId), start);
      bus().off(channels.resync, start);
      slot.release();
    };
  });
}
