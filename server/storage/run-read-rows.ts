/**
 * The pure parts of the run read models (`ports/run-reads.ts`), shared by the SQLite and
 * the PostgreSQL implementation so both page, measure and map rows alike: the page byte
 * budget, step pages fed row by row, event pages fed segment by segment (with a small
 * cache of parsed segments), the rounds of a latest-outputs read, and row → view mapping.
 * No database access here: each implementation runs its queries and feeds the rows in.
 */
import type { Json, RunLogRecord, RunStatus } from '@/lib/engine/types';
import { fromJson } from './json';
import type { AttemptRow, EventPage, LatestOutputs, RunDetailRow, RunSummaryRow, StepPage, StepPosition, StepRow, StepStatusRow } from './ports/run-reads';

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
/** Bytes a step adds to a page besides its JSON columns (ids, status, times). */
const STEP_OVERHEAD = 160;

/** A step row as both databases return it (JSON columns as text; `rid`: SQLite's rowid, PostgreSQL's `rowid` column). */
export interface RawStep {
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

/** A step row with its JSON columns parsed. */
export function toStep(r: RawStep): StepRow {
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

/** A step's status row (no input or output) from a raw row. */
export function toStepStatus(r: Pick<RawStep, 'stepId' | 'nodeId' | 'status' | 'attempts' | 'error' | 'startedAt' | 'endedAt'>): StepStatusRow {
  return { stepId: r.stepId, nodeId: r.nodeId, status: r.status, attempts: r.attempts, error: fromJson<Json>(r.error), startedAt: r.startedAt, endedAt: r.endedAt };
}

/** The lowest position: a step page from the run's first step. */
export const FIRST_STEP: StepPosition = { startedAt: Number.MIN_SAFE_INTEGER, rowId: Number.MIN_SAFE_INTEGER };

/**
 * Builds one page of steps from rows read in activation order (read `limit + 1` rows:
 * the extra one tells whether a next page exists). Feed rows with {@link add} while it
 * returns true, then take {@link page}.
 */
export class StepPager {
  private readonly steps: StepRow[] = [];
  private bytes = 0;
  private last: RawStep | null = null;
  private more = false;

  constructor(
    private readonly limit: number,
    private readonly maxBytes: number,
  ) {}

  /** Takes the next row; false once the page is full (no more rows are wanted). */
  add(r: RawStep): boolean {
    const size = STEP_OVERHEAD + (r.input?.length ?? 0) + (r.output?.length ?? 0) + (r.error?.length ?? 0);
    if (this.steps.length >= this.limit || (this.steps.length > 0 && this.bytes + size > this.maxBytes)) {
      this.more = true;
      return false;
    }
    this.bytes += size;
    this.steps.push(toStep(r));
    this.last = r;
    return true;
  }

  page(): StepPage {
    return { steps: this.steps, next: this.more && this.last ? { startedAt: this.last.startedAt, rowId: this.last.rid } : null };
  }
}

/** Parsed records of log segments, a few kept (segments are append-only, never rewritten). */
export class SegmentCache {
  private readonly segments = new Map<string, RunLogRecord[]>();

  /** The records of segment `seq` of a run, parsed from `data` unless cached. */
  records(runId: string, seq: number, data: string): RunLogRecord[] {
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

/**
 * Builds one page of log records from a run's segments in `seq` order, starting with
 * the segment that holds record `after + 1`. Feed segments with {@link add} while it
 * returns true, then take {@link page}.
 */
export class EventPager {
  private readonly events: RunLogRecord[] = [];
  private bytes = 0;
  private more = false;

  constructor(
    private readonly cache: SegmentCache,
    private readonly runId: string,
    private readonly after: number,
    private readonly limit: number,
    private readonly maxBytes: number,
  ) {}

  /** Takes the next segment; false once the page is full. */
  add(seq: number, data: string): boolean {
    const recs = this.cache.records(this.runId, seq, data);
    // Small records are counted at the segment's average size; only large ones are measured.
    const average = data.length / Math.max(1, recs.length);
    for (const rec of recs) {
      if (rec.seq <= this.after) continue;
      if (this.events.length >= this.limit) return this.full();
      const size = average <= EXACT_SIZE_ABOVE ? average : JSON.stringify(rec).length;
      if (this.events.length > 0 && this.bytes + size > this.maxBytes) return this.full();
      this.bytes += size;
      this.events.push(rec);
    }
    return true;
  }

  private full(): false {
    this.more = true;
    return false;
  }

  page(): EventPage {
    return { events: this.events, more: this.more };
  }
}

/**
 * The rounds of a latest-outputs read (`RunReadPort.latestOutputs`): {@link probe} names
 * the steps to read next (each pending node's next older activation, latest first), the
 * implementation reads them by primary key and hands them to {@link take}, until
 * `probe()` is empty; then {@link result} applies the byte budget in the nodes' order.
 */
export class LatestOutputsReader {
  /** Per node: the activation number to probe next (0: settled). */
  private readonly next = new Map<string, number>();
  private readonly chosen = new Map<string, RawStep>();

  constructor(
    private readonly activations: Record<string, number>,
    private readonly maxBytes: number,
    private readonly lookBack: number,
  ) {
    for (const [nodeId, count] of Object.entries(activations)) this.next.set(nodeId, count);
  }

  /** Step ids to read in this round; empty when every node is settled. */
  probe(): string[] {
    const ids: string[] = [];
    for (const [nodeId, n] of this.next) {
      const count = this.activations[nodeId];
      if (n >= 1 && n > count - this.lookBack) ids.push(`${nodeId}#${n}`);
      else this.next.delete(nodeId);
    }
    return ids;
  }

  /** The rows read for the last {@link probe} (missing ids are absent from `rows`). */
  take(rows: ReadonlyMap<string, RawStep>): void {
    for (const [nodeId, n] of [...this.next]) {
      const r = rows.get(`${nodeId}#${n}`);
      if (r && (r.status === 'succeeded' || (r.status === 'failed' && r.endedAt !== null))) {
        this.chosen.set(nodeId, r);
        this.next.delete(nodeId);
      } else this.next.set(nodeId, n - 1);
    }
  }

  result(): LatestOutputs {
    const steps: LatestOutputs['steps'] = new Map();
    const omitted: string[] = [];
    let bytes = 0;
    for (const nodeId of Object.keys(this.activations)) {
      const r = this.chosen.get(nodeId);
      if (!r) continue;
      const size = (r.status === 'succeeded' ? r.output?.length : r.error?.length) ?? 4;
      if (bytes + size > this.maxBytes) {
        omitted.push(nodeId);
        continue;
      }
      bytes += size;
      if (r.status === 'succeeded') steps.set(nodeId, { output: fromJson<Json>(r.output), endedAt: r.endedAt ?? r.startedAt });
      else {
        const error = fromJson<Json>(r.error);
        steps.set(nodeId, { output: { error } as Json, error, endedAt: r.endedAt ?? r.startedAt });
      }
    }
    return { steps, omitted };
  }
}

/** A run listing row as both databases return it (`draft`: 0/1 or a boolean; JSON as text). */
export interface RawRunSummary extends Omit<RunSummaryRow, 'draft' | 'status' | 'error'> {
  draft: number | boolean;
  status: string;
  error: string | null;
}

/** A listing row with its JSON parsed. */
export function toRunSummary(r: RawRunSummary): RunSummaryRow {
  return {
    id: r.id,
    workflowId: r.workflowId,
    workflowName: r.workflowName,
    version: r.version,
    draft: r.draft === 1 || r.draft === true,
    status: r.status as RunStatus,
    startedBy: r.startedBy,
    trigger: r.trigger,
    createdAt: r.createdAt,
    endedAt: r.endedAt,
    error: fromJson<Json>(r.error),
  };
}

/** A run's detail row as both databases return it (`activations`: JSON text of `state.activations`). */
export interface RawRunDetail extends RawRunSummary {
  input: string;
  output: string | null;
  lastSeq: number | string;
  activations: string | null;
}

/** A detail row with its JSON parsed. */
export function toRunDetail(r: RawRunDetail): RunDetailRow {
  return {
    ...toRunSummary(r),
    input: fromJson<Json>(r.input),
    output: fromJson<Json>(r.output),
    lastSeq: Number(r.lastSeq),
    activations: fromJson<Record<string, number>>(r.activations) ?? {},
  };
}

/** An attempt row as both databases return it (JSON columns as text). */
export interface RawAttempt {
  attempt: number;
  status: string;
  input: string | null;
  output: string | null;
  error: string | null;
  logs: string | null;
  startedAt: number;
  endedAt: number;
}

/** An attempt row with its JSON parsed. */
export function toAttempt(a: RawAttempt): AttemptRow {
  return {
    attempt: a.attempt,
    status: a.status,
    input: fromJson<Json>(a.input),
    output: fromJson<Json>(a.output),
    error: fromJson<Json>(a.error),
    logs: fromJson<string[]>(a.logs) ?? [],
    startedAt: a.startedAt,
    endedAt: a.endedAt,
  };
}
