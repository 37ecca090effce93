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

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'done';

/** Consecutive failed (re)connections before giving up (the run probably does not exist). */
const MAX_RETRIES = 12;

/** Records after which a run's log never grows again. (`run.failed` is not one: the run may be retried.) */
const TERMINAL_RECORDS = new Set(['run.succeeded', 'run.cancelled', 'run.compensated']);

/**
 * `from`: the sequence number to follow from (0: replay the whole log; a big run's
 * view starts at its `lastSeq` and loads its history in pages instead, see
 * `lib/run-view/paged.ts`); null waits until the caller knows.
 */
export function useRunLog(runId: string, from: number | null = 0): { view: RunView; stream: StreamState } {
  const [state, setState] = useState<{ runId: string; view: RunView }>(() => ({ runId, view: initialRunView() }));
  const [stream, setStream] = useState<StreamState>('connecting');
  const lastSeq = useRef(0);

  useEffect(() => {
    if (from === null) return;
    lastSeq.current = from;
    setState({ runId, view: { ...initialRunView(), lastSeq: from } });
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
  }, [runId, from]);

  return { view: state.runId === runId ? state.view : initialRunView(), stream };
}
