/**
 * How a write set's log records are cut into `run_events` segment rows: at most
 * {@link SEGMENT_MAX_RECORDS} records and about {@link SEGMENT_MAX_CHARS} characters
 * of JSON each, so a reader never parses more than one bounded segment at a time
 * (one batch of inline steps can log tens of thousands of records). Pure.
 */
import type { RunLogRecord } from '@/lib/engine/types';

/** Most log records in one segment row. */
export const SEGMENT_MAX_RECORDS = 1000;
/** A segment is closed once its JSON reaches this many characters (a larger single record gets a segment of its own). */
export const SEGMENT_MAX_CHARS = 512 * 1024;

export interface Segment {
  /** `seq` of the first and last record. */
  seq: number;
  lastSeq: number;
  /** Type and time (epoch ms) of the last record. */
  type: string;
  at: number;
  /** The records as a JSON array. */
  data: string;
}

/** The segments of `log` (records in `seq` order), in order; none for an empty log. */
export function logSegments(log: readonly RunLogRecord[]): Segment[] {
  if (!log.length) return [];
  // The common write set fits one segment: one native stringify of the whole array,
  // as cheap as before segments were bounded. Only larger ones are cut record by record.
  if (log.length <= SEGMENT_MAX_RECORDS) {
    const data = JSON.stringify(log);
    if (data.length <= SEGMENT_MAX_CHARS) {
      const last = log[log.length - 1];
      return [{ seq: log[0].seq, lastSeq: last.seq, type: last.type, at: last.at, data }];
    }
  }
  const out: Segment[] = [];
  let parts: string[] = [];
  let chars = 0;
  let first = 0;
  for (let i = 0; i < log.length; i++) {
    const text = JSON.stringify(log[i]);
    parts.push(text);
    chars += text.length + 1;
    if (parts.length >= SEGMENT_MAX_RECORDS || chars >= SEGMENT_MAX_CHARS || i === log.length - 1) {
      const last = log[i];
      out.push({ seq: log[first].seq, lastSeq: last.seq, type: last.type, at: last.at, data: `[${parts.join(',')}]` });
      parts = [];
      chars = 0;
      first = i + 1;
    }
  }
  return out;
}
