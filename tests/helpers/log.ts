/**
 * Reads a run's log straight from the database, for tests that check durability on the
 * raw rows: the run's log segments (`run_events` rows) flattened into records, plus the
 * number of places where the sequence is broken — a segment whose `seq` / `last_seq` do
 * not match its first / last record, or a record whose `seq` is not the previous one plus
 * one (the first is 1). `foldLogSegments` is the pure part, for rows read from either
 * backend (SQLite: `readRunLog`; PostgreSQL: `chaos-reads.ts`).
 */
import type Database from 'better-sqlite3';

export interface LogRecordRow {
  seq: number;
  type: string;
  at: number;
  stepId?: string;
  [key: string]: unknown;
}

/** One `run_events` row: records `seq..lastSeq` as JSON text. */
export interface LogSegmentRow {
  seq: number;
  lastSeq: number;
  data: string;
}

/** Flattens a run's segments (in `seq` order) into records and counts the breaks in the sequence. */
export function foldLogSegments(rows: readonly LogSegmentRow[]): { records: LogRecordRow[]; gaps: number } {
  const records: LogRecordRow[] = [];
  let gaps = 0;
  for (const row of rows) {
    const recs = JSON.parse(row.data) as LogRecordRow[];
    if (!recs.length || recs[0].seq !== row.seq || recs[recs.length - 1].seq !== row.lastSeq) gaps++;
    for (const r of recs) {
      if (r.seq !== records.length + 1) gaps++;
      records.push(r);
    }
  }
  return { records, gaps };
}

export function readRunLog(db: Database.Database, runId: string): { records: LogRecordRow[]; gaps: number } {
  return foldLogSegments(db.prepare(`SELECT seq, last_seq AS lastSeq, data FROM run_events WHERE run_id = ? ORDER BY seq`).all(runId) as LogSegmentRow[]);
}
