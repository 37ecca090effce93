/**
 * Reads a run's log straight from the database file, for tests that check durability
 * on the raw rows: the run's log segments (`run_events` rows) flattened into records,
 * plus the number of places where the sequence is broken — a segment whose `seq` /
 * `last_seq` do not match its first / last record, or a record whose `seq` is not the
 * previous one plus one (the first is 1).
 */
import type Database from 'better-sqlite3';

export interface LogRecordRow {
  seq: number;
  type: string;
  at: number;
  stepId?: string;
  [key: string]: unknown;
}

export function readRunLog(db: Database.Database, runId: string): { records: LogRecordRow[]; gaps: number } {
  const rows = db.prepare(`SELECT seq, last_seq AS lastSeq, data FROM run_events WHERE run_id = ? ORDER BY seq`).all(runId) as { seq: number; lastSeq: number; data: string }[];
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
