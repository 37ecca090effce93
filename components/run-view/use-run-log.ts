'use client';
/**
 * Follows a run's log over SSE (`/api/runs/<id>/stream`) and folds it into a
 * {@link RunView}. The first connection replays from seq 0, so a reload mid-run
 * shows the right state. Records are buffered and applied in one batch per frame
 * (a transition's records arrive together and are drawn together). On a dropped
 * connection the browser reconnects by itself and sends `Last-Event-ID`; if the
 * EventSource gives up (closed), we open a new one with `?after=<lastSeq>` after a
 * backoff. Duplicates from an overlapping replay are ignored by the reducer. The
 * stream is closed once a final record arrived (succeeded, cancelled, compensated);
 * a failed run's stream stays open, since a retry from failure (`run.retried`, from
 * this view or the API) continues the same log.
 */
import { useEffect, useRef, useState } from 'react';
import type { RunLogRecord } from '@/lib/engine/types';
import { applyLogs, initialRunView } from '@/lib/run-view/reduce';
import type { RunView } from '@/lib/run-view/types';

/** The view folded from `seed` and whether the log ends in it; null without records. */
function seedView(seed: readonly RunLogRecord[] | undefined): { view: RunView; finished: boolean } | null {
  if (!seed?.length) return null;
  return { view: applyLogs(initialRunView(), seed), finished: seed.some((r) => TERMINAL_RECORDS.has(r.type)) };
}

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'done';

/** Consecutive failed (re)connections before giving up (the run probably does not exist). */
const MAX_RETRIES = 12;

/** Records after which a run's log never grows again. (`run.failed` is not one: the run may be retried.) */
const TERMINAL_RECORDS = new Set(['run.succeeded', 'run.cancelled', 'run.compensated']);

/**
 * `from`: the sequence number to follow from (0: replay the whole log; a big run's
 * view starts at its `lastSeq` and loads its history in pages instead, see
 * `lib/run-view/paged.ts`); null waits until the caller knows.
 * `seed` (used when `from` is 0): the first records of the log, read by the page on the
 * server: the view starts from them and the stream follows from the last one (not at
 * all when they include the log's final record).
 */
export function useRunLog(runId: string, from: number | null = 0, seed?: readonly RunLogRecord[]): { view: RunView; stream: StreamState } {
  // The seed is folded once, at mount: it is the start of the log, which never changes.
  const [seeded] = useState(() => seedView(seed));
  const [state, setState] = useState<{ runId: string; view: RunView }>(() => ({ runId, view: from === 0 && seeded ? seeded.view : initialRunView() }));
  const [stream, setStream] = useState<StreamState>(() => (from === 0 && seeded?.finished ? 'done' : 'connecting'));
  const lastSeq = useRef(0);

  useEffect(() => {
    if (from === null) return;
    const start = from === 0 ? seeded : null;
    lastSeq.current = start ? start.view.lastSeq : from;
    setState({ runId, view: start ? start.view : { ...initialRunView(), lastSeq: from } });
    // A finished run's whole log came with the page: nothing to follow.
    if (start?.finished) {
      setStream('done');
      return;
    }
    setStream('connecting');
    let es: EventSource | null = null;
    let buffer: RunLogRecord[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let finished = false;

    const flush = () => {
      flushTimer = null;
      const batch = buffer;
      buffer = [];
      if (batch.length) setState((s) => (s.runId === runId ? { runId, view: applyLogs(s.view, batch) } : s));
    };

    const open = () => {
      es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/stream?after=${lastSeq.current}`);
      es.onopen = () => {
        failures = 0;
        setStream('live');
      };
      es.onmessage = (ev) => {
        let rec: RunLogRecord;
        try {
          rec = JSON.parse(ev.data) as RunLogRecord;
        } catch {
          return;
        }
        if (typeof rec?.seq !== 'number' || rec.seq <= lastSeq.current) return;
        lastSeq.current = rec.seq;
        buffer.push(rec);
        flushTimer ??= setTimeout(flush, 16);
        if (TERMINAL_RECORDS.has(rec.type)) {
          finished = true;
          es?.close();
          setStream('done');
        }
      };
      es.onerror = () => {
        if (finished) return;
        if (es?.readyState === EventSource.CLOSED) {
          // The browser gave up (e.g. the server answered with an error): retry ourselves.
          es.close();
          failures += 1;
          setStream('reconnecting');
          if (failures <= MAX_RETRIES) retryTimer = setTimeout(open, Math.min(1000 * 2 ** (failures - 1), 15_000));
        } else {
          setStream('reconnecting');
        }
      };
    };
    open();

    return () => {
      finished = true;
      es?.close();
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
    };
  }, [runId, from, seeded]);

  return { view: state.runId === runId ? state.view : initialRunView(), stream };
}
