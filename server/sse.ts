/**
 * Server-sent events helpers. Streams are fed from the database log (replay, then
 * follow on bus signals), so a reconnect with `Last-Event-ID` misses nothing.
 */
import 'server-only';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/** Interval of comment pings that keep idle connections open through proxies, ms. */
export const PING_MS = 15_000;

/** Frames queued for a slow client before {@link SseFlow.wanted} turns false (a replay then waits for it). */
export const SSE_QUEUE_FRAMES = 64;

/** Back-pressure of one SSE response, for producers that replay a long log. */
export interface SseFlow {
  /** True while the client keeps up: fewer than {@link SSE_QUEUE_FRAMES} frames are waiting to be sent. */
  wanted(): boolean;
  /** Calls `fn` whenever the client has read queued frames (the stream asks for more). */
  onPull(fn: () => void): void;
}

/**
 * Creates an SSE response. `setup` gets `send(data, id?, event?)` and the stream's
 * {@link SseFlow}, and returns a cleanup function, called when the client goes away.
 */
export function sseResponse(
  signal: AbortSignal,
  setup: (send: (data: unknown, id?: number, event?: string) => void, flow: SseFlow) => () => void,
): Response {
  const enc = new TextEncoder();
  let cleanup: (() => void) | null = null;
  let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
  const pullers: (() => void)[] = [];
  const flow: SseFlow = {
    wanted: () => (ctrl?.desiredSize ?? 0) > 0,
    onPull: (fn) => void pullers.push(fn),
  };
  const stream = new ReadableStream<Uint8Array>({
    pull() {
      for (const fn of pullers) fn();
    },
    start(controller) {
      ctrl = controller;
      let closed = false;
      const write = (s: string) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          closed = true;
        }
      };
      write('retry: 1000\n\n');
      const ping = setInterval(() => write(': ping\n\n'), PING_MS);
      const inner = setup((data, id, event) => {
        let frame = '';
        if (id !== undefined) frame += `id: ${id}\n`;
        if (event) frame += `event: ${event}\n`;
        frame += `data: ${JSON.stringify(data)}\n\n`;
        write(frame);
      }, flow);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        inner();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      signal.addEventListener('abort', () => cleanup?.());
    },
    cancel() {
      cleanup?.();
    },
  }, new CountQueuingStrategy({ highWaterMark: SSE_QUEUE_FRAMES }));
  return new Response(stream, { headers: SSE_HEADERS });
}
