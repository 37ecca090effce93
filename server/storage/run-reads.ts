/**
 * Bounded reads of one run's history for the APIs and the run view: a page of steps
 * in activation order, a page of log records after a sequence number, the latest step
 * of given nodes, the latest outputs per node. Every read is a LIMITed, indexed
 * query and stops at a byte budget, so reading a run with a million steps costs what
 * reading one page costs and never holds the event loop for long.
 *
 * Pages are bounded twice: by count (`limit`, clamped by the caller) and by the bytes
 * of JSON they carry ({@link PAGE_MAX_BYTES}); a page always holds at least one item,
 * so a single large item still moves the cursor forward.
 */
import 'server-only';
import type Database from 'better-sqlite3';
import type { Json, RunLogRecord } from '@/lib/engine/types';
import { fromJson } from './json';

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Most JSON one page of steps or log records carries, bytes (`BATON_PAGE_MAX_BYTES`, default 1 MiB). */
export const PAGE_MAX_BYTES = positiveInt(process.env.BATON_PAGE_MAX_BYTES, 1024 * 1024);

/** Segments whose parsed records are kept for the next page (log segments never change). */
const SEGMENT_CACHE_SIZE = 4;
/** Larger segments are parsed again for each page rather than kept, characters of JSON. */
const SEGMENT_CACHE_MAX_CHARS = 16 * 1024 * 1024;

/** Log records of segments whose average record is larger than this are measured one by one, characters. */
const EXACT_SIZE_ABOVE = 2048;

/** Position in a run's activation order: a step's `started_at` (epoch ms) and its row id (ties). */
export interface StepPosition {
  startedAt: number;
  rowId: number;
}

/** A step row as stored (JSON columns parsed; times epoch ms). */
export interface StepRow {
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  input: Json;
  output: Json;
  error: Json;
  startedAt: number;
  endedAt: number | null;
}

export interface StepPage {
  steps: StepRow[];
  /** Where the next page starts; null when this page reached the run's last step. */
  next: StepPosition | null;
}

export interface EventPage {
  events: RunLogRecord[];
  /** True when records after the last one returned exist (read again with `after` = its `seq`). */
  more: boolean;
}

interface RawStep {
  rid: number;
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  input: string | null;
  output: string | null;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
}

/** Bytes a step adds to a page besides its JSON columns (ids, status, times). */
const STEP_OVERHEAD = 160;

export class RunReads {
  private readonly s;
  private readonly segments = new Map<string, RunLogRecord[]>();

  constructor(sqlite: Database.Database) {
    const p = (sql: string) => sqlite.prepare(sql);
    const cols = `rowid AS rid, step_id AS stepId, node_id AS nodeId, status, attempts, input, output, error, started_at AS startedAt, ended_at AS endedAt`;
    this.s = {
      // Uses steps_run_started_idx: (run_id, started_at) plus the implicit rowid, no sort.
      stepsAfter: p(`SELECT ${cols} FROM steps WHERE run_id = @runId AND (started_at, rowid) > (@startedAt, @rowId) ORDER BY started_at, rowid LIMIT @limit`),
      step: p(`SELECT ${cols} FROM steps WHERE run_id = ? AND step_id = ?`),
      createdAt: p(`SELECT created_at AS t FROM runs WHERE id = ?`),
      stepStatus: p(`SELECT step_id AS stepId, node_id AS nodeId, status, attempts, error, started_at AS startedAt, ended_at AS endedAt FROM steps WHERE run_id = ? AND step_id = ?`),
      // The segment holding record `from` starts at the greatest `seq <= from` (primary key range), then later segments in order.
      segmentsFrom: p(`SELECT seq, data FROM run_events WHERE run_id = @runId
                         AND seq >= COALESCE((SELECT seq FROM run_events WHERE run_id = @runId AND seq <= @from ORDER BY seq DESC LIMIT 1), 0)
                       ORDER BY seq`),
    };
  }

  /**
   * Up to `limit` steps of a run in activation order, after `after` (null: from the first).
   * Stops early once the page's JSON passes `maxBytes` (at least one step is returned).
   */
  stepsPage(runId: string, after: StepPosition | null, limit: number, maxBytes = PAGE_MAX_BYTES): StepPage {
    const pos = after ?? { startedAt: Number.MIN_SAFE_INTEGER, rowId: Number.MIN_SAFE_INTEGER };
    const steps: StepRow[] = [];
    let bytes = 0;
    let last: RawStep | null = null;
    let more = false;
    for (const r of this.s.stepsAfter.iterate({ runId, startedAt: pos.startedAt, rowId: pos.rowId, limit: limit + 1 }) as IterableIterator<RawStep>) {
      const size = STEP_OVERHEAD + (r.input?.length ?? 0) + (r.output?.length ?? 0) + (r.error?.length ?? 0);
      if (steps.length >= limit || (steps.length > 0 && bytes + size > maxBytes)) {
        more = true;
        break;
      }
      bytes += size;
      steps.push(toStep(r));
      last = r;
    }
    return { steps, next: more && last ? { startedAt: last.startedAt, rowId: last.rid } : null };
  }

  /** When a run was created, epoch ms, or null for an unknown run. */
  createdAt(runId: string): number | null {
    return (this.s.createdAt.get(runId) as { t: number } | undefined)?.t ?? null;
  }

  /** One step with its input, output and error, or null. */
  step(runId: string, stepId: string): StepRow | null {
    const r = this.s.step.get(runId, stepId) as RawStep | undefined;
    return r ? toStep(r) : null;
  }

  /**
   * Status rows (no input or output) of the given steps of a run, by step id; unknown
   * ids are left out. One primary-key lookup per id: pass a bounded list.
   */
  stepStatuses(runId: string, stepIds: readonly string[]): Map<string, Omit<StepRow, 'input' | 'output'>> {
    const out = new Map<string, Omit<StepRow, 'input' | 'output'>>();
    for (const id of stepIds) {
      const r = this.s.stepStatus.get(runId, id) as (Omit<RawStep, 'rid' | 'input' | 'output'> & { error: string | null }) | undefined;
      if (r) out.set(id, { ...r, error: fromJson<Json>(r.error) });
    }
    return out;
  }

  /**
   * Log records of a run with `seq > after`, in order: at most `limit`, and no more
   * than `maxBytes` of JSON (at least one record). Reads only the segments that
   * reach past `after` (primary-key range), parsing each at most once per few pages.
   */
  eventsPage(runId: string, after: number, limit: number, maxBytes = PAGE_MAX_BYTES): EventPage {
    const events: RunLogRecord[] = [];
    let bytes = 0;
    for (const row of this.s.segmentsFrom.iterate({ runId, from: after + 1 }) as IterableIterator<{ seq: number; data: string }>) {
      const recs = this.segment(runId, row.seq, row.data);
      // Small records are counted at the segment's average size; only large ones are measured.
      const average = row.data.length / Math.max(1, recs.length);
      for (const rec of recs) {
        if (rec.seq <= after) continue;
        if (events.length >= limit) return { events, more: true };
        const size = average <= EXACT_SIZE_ABOVE ? average : JSON.stringify(rec).length;
        if (events.length > 0 && bytes + size > maxBytes) return { events, more: true };
        bytes += size;
        events.push(rec);
      }
    }
    return { events, more: false };
  }

  /**
   * What `$steps` shows of a run, read by primary key from the nodes' activation
   * counts (`RunState.activations`): each node's latest finished step (succeeded, or
   * failed and ended), looking back at most `lookBack` activations past live ones.
   * Outputs whose JSON would take the total past `maxBytes` are left out and listed
   * in `omitted` (node ids), so the scope of a run with huge outputs stays bounded.
   * The runner passes `Infinity` for both (`$steps` must be complete): then each node
   * costs one row per unfinished latest activation plus its latest finished one.
   */
  latestOutputs(runId: string, activations: Record<string, number>, maxBytes: number, lookBack = 4): { steps: Map<string, { output: Json; error?: Json; endedAt: number }>; omitted: string[] } {
    const steps = new Map<string, { output: Json; error?: Json; endedAt: number }>();
    const omitted: string[] = [];
    let bytes = 0;
    for (const [nodeId, count] of Object.entries(activations)) {
      for (let n = count; n >= 1 && n > count - lookBack; n--) {
        const r = this.s.step.get(runId, `${nodeId}#${n}`) as RawStep | undefined;
        if (!r || !(r.status === 'succeeded' || (r.status === 'failed' && r.endedAt !== null))) continue;
        const size = (r.status === 'succeeded' ? r.output?.length : r.error?.length) ?? 4;
        if (bytes + size > maxBytes) {
          omitted.push(nodeId);
          break;
        }
        bytes += size;
        if (r.status === 'succeeded') steps.set(nodeId, { output: fromJson<Json>(r.output), endedAt: r.endedAt ?? r.startedAt });
        else {
          const error = fromJson<Json>(r.error);
          steps.set(nodeId, { output: { error } as Json, error, endedAt: r.endedAt ?? r.startedAt });
        }
        break;
      }
    }
    return { steps, omitted };
  }

  /** Parsed records of one segment, from a small cache (segments are append-only, never rewritten). */
  private segment(runId: string, seq: number, data: string): RunLogRecord[] {
    const key = `${runId}\u0000${seq}`;
    const hit = this.segments.get(key);
    if (hit) {
      this.segments.delete(key);
      this.segments.set(key, hit);
      return hit;
    }
    const recs = JSON.parse(data) as RunLogRecord[];
    if (data.length > SEGMENT_CACHE_MAX_CHARS) return recs;
    if (this.segments.size >= SEGMENT_CACHE_SIZE) this.segments.delete(this.segments.keys().next().value as string);
    this.segments.set(key, recs);
    return recs;
  }
}

function toStep(r: RawStep): StepRow {
  return {
    stepId: r.stepId,
    nodeId: r.nodeId,
    status: r.status,
    attempts: r.attempts,
    input: fromJson<Json>(r.input),
    output: fromJson<Json>(r.output),
    error: fromJson<Json>(r.error),
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
}
