/**
 * Caps on open event streams (`/api/stream`, `/api/runs/{runId}/stream`): each person
 * may hold at most `BATON_STREAMS_PER_PERSON` (default 10) open streams and the server
 * at most `BATON_STREAMS_TOTAL` (default 500); a stream beyond either cap is refused
 * with `429` JSON and `Retry-After`. A slot is released when its stream ends (the client
 * disconnects or the server closes it). Counts live on `globalThis` (route handlers
 * are bundled separately).
 */
import 'server-only';

/** Seconds a refused client is told to wait (`Retry-After`). */
export const STREAM_RETRY_AFTER_S = 5;

export interface StreamCaps {
  perPerson: number;
  total: number;
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The caps from `BATON_STREAMS_PER_PERSON` and `BATON_STREAMS_TOTAL`. */
export function streamCaps(env: Record<string, string | undefined> = process.env): StreamCaps {
  return { perPerson: positiveInt(env.BATON_STREAMS_PER_PERSON, 10), total: positiveInt(env.BATON_STREAMS_TOTAL, 500) };
}

interface Slots {
  byPerson: Map<string, number>;
  total: number;
}

const g = globalThis as unknown as { __batonStreamSlots?: Slots };

function slots(): Slots {
  if (!g.__batonStreamSlots) g.__batonStreamSlots = { byPerson: new Map(), total: 0 };
  return g.__batonStreamSlots;
}

/** Open streams now: in total and of one person. */
export function openStreams(userId?: string): number {
  const s = slots();
  return userId === undefined ? s.total : (s.byPerson.get(userId) ?? 0);
}

/**
 * Takes a stream slot for `userId`.
 * @returns `release` (idempotent) to call when the stream ends, or a `429` JSON response
 *   naming the cap that was reached.
 */
export function acquireStreamSlot(userId: string, caps: StreamCaps = streamCaps()): { release: () => void; refused?: undefined } | { refused: Response; release?: undefined } {
  const s = slots();
  const mine = s.byPerson.get(userId) ?? 0;
  const message =
    mine >= caps.perPerson
      ? `you already have ${mine} open event streams (at most ${caps.perPerson} per person, BATON_STREAMS_PER_PERSON); close one first`
      : s.total >= caps.total
        ? `the server has ${s.total} open event streams (at most ${caps.total}, BATON_STREAMS_TOTAL); try again later`
        : null;
  if (message)
    return {
      refused: Response.json(
        { error: { message, code: 'too_many_requests', issues: [] } },
        { status: 429, headers: { 'Retry-After': String(STREAM_RETRY_AFTER_S), 'Cache-Control': 'no-store' } },
      ),
    };
  s.byPerson.set(userId, mine + 1);
  s.total++;
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      s.total--;
      const n = (s.byPerson.get(userId) ?? 1) - 1;
      if (n > 0) s.byPerson.set(userId, n);
      else s.byPerson.delete(userId);
    },
  };
}
