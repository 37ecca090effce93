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
  const out: Segment[] = [];
  // Most chunks of up to SEGMENT_MAX_RECORDS records fit the character bound: one
  // native stringify per chunk, as cheap as one stringify of the whole write set.
  // Only a chunk that does not fit is cut record by record.
  for (let from = 0; from < log.length; from += SEGMENT_MAX_RECORDS) {
    const chunk = log.slice(from, from + SEGMENT_MAX_RECORDS);
    const data = JSON.stringify(chunk);
    if (data.length <= SEGMENT_MAX_CHARS) out.push(segment(chunk, data));
    else cutByRecord(chunk, out);
  }
  return out;
}

function segment(records: readonly RunLogRecord[], data: string): Segment {
  const last = records[records.length - 1];
  return { seq: records[0].seq, lastSeq: last.seq, type: last.type, at: last.at, data };
}

/** Appends `log`'s segments of at most {@link SEGMENT_MAX_CHARS} (a larger single record alone). */
function cutByRecord(log: readonly RunLogRecord[], out: Segment[]): void {
  let parts: string[] = [];
  let chars = 0;
  let first = 0;
  for (let i = 0; i < log.length; i++) {
    const text = JSON.stringify(log[i]);
    parts.push(text);
    chars += text.length + 1;
    if (chars >= SEGMENT_MAX_CHARS || i === log.length - 1) {
      out.push(segment(log.slice(first, i + 1), `[${parts.join(',')}]`));
      parts = [];
      chars = 0;
      first = i + 1;
    }
  }
}
