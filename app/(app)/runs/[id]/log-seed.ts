/**
 * The start of a run's log for the run view's first paint (see `useRunLog`'s `seed`):
 * pages of records from seq 1, read until the log's current end or until
 * {@link SEED_MAX_BYTES} of JSON; the live stream follows from the last record read.
 */
import 'server-only';
import type { RunLogRecord } from '@/lib/engine/types';

/** At most this much JSON (bytes, approximately: UTF-16 code units) goes into the page; the stream replays the rest. */
export const SEED_MAX_BYTES = 2 * 1024 * 1024;

/** `readPage(after)`: one page of records with `seq > after` and the `after` of the next page (null at the end). */
export async function runLogSeed(readPage: (after: number) => Promise<{ events: RunLogRecord[]; nextAfter: number | null }>): Promise<RunLogRecord[]> {
  const out: RunLogRecord[] = [];
  let bytes = 0;
  for (let after = 0; ; ) {
    const page = await readPage(after);
    for (const r of page.events) {
      bytes += JSON.stringify(r).length;
      if (bytes > SEED_MAX_BYTES) return out;
      out.push(r);
    }
    if (page.nextAfter === null || page.events.length === 0) return out;
    after = page.nextAfter;
  }
}
