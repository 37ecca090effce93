/**
 * The raw rows the chaos and failover tests check, read straight from the database
 * after (or while) the servers run — the same reads on a SQLite file
 * (`sqliteRunReads(file)`, read-only) and on a PostgreSQL database (`pgRunReads(url)`,
 * its own small pool):
 * - `runs()`: every run with its parsed input and output;
 * - `logs()`: every run's log segments (`run_events` rows) in `seq` order, by run id;
 * - `jobsLeft()`: rows in `jobs`;
 * - `notTerminal(workflowId)`: runs of that workflow not yet ended.
 * PostgreSQL also answers `jobOf(runId)`: the run's queued job with its lease
 * (owner id and `lease_until`, epoch ms), or null.
 */
import Database from 'better-sqlite3';
import { createPgPool } from '@/server/db/pg/pool';
import type { LogSegmentRow } from './log';

/** A run as the checks see it. */
export interface RunRowRead {
  id: string;
  workflowId: string;
  status: string;
  input: Record<string, unknown>;
  output: unknown;
  /** The run's error (parsed), or null. */
  error: unknown;
}

export interface RunReads {
  runs(): Promise<RunRowRead[]>;
  logs(): Promise<Map<string, LogSegmentRow[]>>;
  jobsLeft(): Promise<number>;
  notTerminal(workflowId: string): Promise<number>;
  close(): Promise<void>;
}

/** A queued job and who holds it. */
export interface JobLease {
  id: number;
  stepId: string;
  leaseOwner: string | null;
  /** Epoch ms, or null when never claimed. */
  leaseUntil: number | null;
}

const TERMINAL = `('succeeded', 'failed', 'cancelled', 'compensated')`;
const RUNS_SQL = `SELECT id, workflow_id AS "workflowId", status, input, output, error FROM runs ORDER BY id`;
const LOGS_SQL = `SELECT run_id AS "runId", seq, last_seq AS "lastSeq", data FROM run_events ORDER BY run_id, seq`;

function parseRun(r: { id: string; workflowId: string; status: string; input: string; output: string | null; error: string | null }): RunRowRead {
  const json = (v: string | null) => (v == null ? null : (JSON.parse(v) as unknown));
  return { id: r.id, workflowId: r.workflowId, status: r.status, input: JSON.parse(r.input) as Record<string, unknown>, output: json(r.output), error: json(r.error) };
}

function byRun(rows: (LogSegmentRow & { runId: string })[]): Map<string, LogSegmentRow[]> {
  const out = new Map<string, LogSegmentRow[]>();
  for (const { runId, ...seg } of rows) {
    const list = out.get(runId);
    if (list) list.push(seg);
    else out.set(runId, [seg]);
  }
  return out;
}

/** Reads a SQLite file (opened read-only for each call, so a running server keeps writing). */
export function sqliteRunReads(file: string): RunReads {
  const read = <T>(fn: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(file, { readonly: true });
    try {
      return Promise.resolve(fn(db));
    } finally {
      db.close();
    }
  };
  return {
    runs: () => read((db) => (db.prepare(RUNS_SQL).all() as Parameters<typeof parseRun>[0][]).map(parseRun)),
    logs: () => read((db) => byRun(db.prepare(LOGS_SQL).all() as (LogSegmentRow & { runId: string })[])),
    jobsLeft: () => read((db) => (db.prepare(`SELECT COUNT(*) AS n FROM jobs`).get() as { n: number }).n),
    notTerminal: (workflowId) => read((db) => (db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE workflow_id = ? AND status NOT IN ${TERMINAL}`).get(workflowId) as { n: number }).n),
    close: () => Promise.resolve(),
  };
}

/** Reads a PostgreSQL database through a pool of 2 connections; `close()` ends it. */
export function pgRunReads(url: string): RunReads & { jobOf(runId: string): Promise<JobLease | null> } {
  const pool = createPgPool(url, { max: 2, applicationName: 'baton-tests-reads' });
  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string | number }>(sql, params)).rows[0].n);
  return {
    runs: async () => (await pool.query<Parameters<typeof parseRun>[0]>(RUNS_SQL)).rows.map(parseRun),
    logs: async () => byRun((await pool.query<LogSegmentRow & { runId: string }>(LOGS_SQL)).rows),
    jobsLeft: () => count(`SELECT COUNT(*) AS n FROM jobs`),
    notTerminal: (workflowId) => count(`SELECT COUNT(*) AS n FROM runs WHERE workflow_id = $1 AND status NOT IN ${TERMINAL}`, [workflowId]),
    async jobOf(runId) {
      const r = await pool.query<JobLease>(`SELECT id, step_id AS "stepId", lease_owner AS "leaseOwner", lease_until AS "leaseUntil" FROM jobs WHERE run_id = $1 AND kind = 'execute' ORDER BY id LIMIT 1`, [runId]);
      return r.rows[0] ?? null;
    },
    close: () => pool.end(),
  };
}
