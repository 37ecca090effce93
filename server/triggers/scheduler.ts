/**
 * The scheduler: starts runs of workflows whose published version begins with a
 * schedule trigger, at each fire time of its cron expression.
 *
 * Durability and no double fire: the schedule lives in the `schedules` row. A fire
 * is claimed with a compare-and-set on `next_fire_at` (from the due time it read to
 * the next fire time) inside the very transaction that inserts the run
 * (`RunService.start`'s `inCommit`). Either both commit or neither does: a crash
 * before the commit leaves the row due and it fires after the restart; a second
 * scheduler (another process on the same file) that read the same due row fails
 * its compare-and-set and its run is rolled back with it.
 *
 * Missed fires: a fire is "missed" when the scheduler sees it more than
 * `graceMs` after its time (the server was down, or the process stalled). The
 * trigger's `missedFires` policy decides: `fireOnce` starts one run for the whole
 * missed window, `skip` starts none; either way the schedule moves on to the first
 * fire time after now.
 *
 * Time comes from the injected `clock` (epoch ms); tests call {@link Scheduler.tick}.
 */
import 'server-only';
import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { schedules } from '../db/schema';
import type { RunService } from '../services/runs';
import { fireTimesBetween, nextFireTime } from '@/lib/nodes/schedule-trigger/cron';
import type { MissedFirePolicy } from '@/lib/nodes/schedule-trigger/definition';

export interface SchedulerOptions {
  clock?: () => number;
  /** A fire seen later than this after its time counts as missed, ms. Default 60 s (as Quartz). */
  graceMs?: number;
  /** Longest sleep between looks at the table, ms (picks up schedules published by other processes). Default 1 s. */
  pollMs?: number;
  /** Most fires handled per tick. */
  batch?: number;
  /** Called with a message when a fire could not start its run. */
  onError?: (message: string) => void;
}

/** What one tick did with a due schedule. */
export interface FireOutcome {
  workflowId: string;
  /** The fire time handled (epoch ms). */
  dueAt: number;
  result: 'started' | 'skipped' | 'lost' | 'failed';
  runId?: string;
  error?: string;
}

/** The run input of a scheduled run (the trigger's output). */
export interface ScheduledRunInput {
  [key: string]: string | number;
  /** The fire time this run stands for (ISO-8601); with missed fires, the latest of them. */
  scheduledAt: string;
  /** When the run was started (ISO-8601). */
  firedAt: string;
  /** Earlier fire times of the missed window folded into this run (0 when on time). */
  missedFires: number;
}

/** Thrown inside the run's transaction when another scheduler claimed the fire first; rolls the run back. */
class ClaimLost extends Error {
  constructor() {
    super('fire claimed by another scheduler');
    this.name = 'ClaimLost';
  }
}

type ScheduleRow = typeof schedules.$inferSelect;

export class Scheduler {
  private readonly clock: () => number;
  private readonly graceMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<FireOutcome[]> | null = null;

  constructor(
    private readonly h: DbHandle,
    private readonly runs: RunService,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.clock = opts.clock ?? Date.now;
    this.graceMs = opts.graceMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 50;
  }

  /** Starts the loop: a tick at once (handling fires missed while down), then one per due time or `pollMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop();
  }

  /** Stops the loop; resolves when a tick in progress has finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
  }

  private loop(): void {
    if (!this.running) return;
    void this.tick()
      .catch((err) => this.opts.onError?.(`scheduler tick failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!this.running) return;
        const next = this.nextDueAt();
        const delay = next == null ? this.pollMs : Math.min(this.pollMs, Math.max(0, next - this.clock()));
        this.timer = setTimeout(() => this.loop(), delay);
      });
  }

  /** The earliest next fire time of any schedule (epoch ms), or null. */
  nextDueAt(): number | null {
    const r = this.h.db
      .select({ at: schedules.nextFireAt })
      .from(schedules)
      .where(isNotNull(schedules.nextFireAt))
      .orderBy(asc(schedules.nextFireAt))
      .limit(1)
      .get();
    return r?.at ?? null;
  }

  /**
   * Handles every schedule due at the clock's now: starts (or, by policy, skips) one
   * run each and moves it to its next fire time. Concurrent calls share one tick.
   * @returns what happened per due schedule (for logs and tests).
   */
  tick(): Promise<FireOutcome[]> {
    if (!this.ticking) this.ticking = this.fireDue().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async fireDue(): Promise<FireOutcome[]> {
    const now = this.clock();
    const due = this.h.db
      .select()
      .from(schedules)
      .where(and(isNotNull(schedules.nextFireAt), lte(schedules.nextFireAt, now)))
      .orderBy(asc(schedules.nextFireAt))
      .limit(this.batch)
      .all();
    const outcomes: FireOutcome[] = [];
    for (const row of due) outcomes.push(await this.fire(row, now));
    return outcomes;
  }

  /** Compare-and-set of a schedule row from the due time it was read with. @returns whether this caller won. */
  private claim(row: ScheduleRow, set: Partial<ScheduleRow>): boolean {
    const r = this.h.db
      .update(schedules)
      .set(set)
      .where(and(eq(schedules.workflowId, row.workflowId), eq(schedules.nextFireAt, row.nextFireAt!), eq(schedules.version, row.version)))
      .run();
    return r.changes === 1;
  }

  private async fire(row: ScheduleRow, now: number): Promise<FireOutcome> {
    const dueAt = row.nextFireAt!;
    let next: number | null;
    let window: { count: number; last: number | null };
    try {
      next = nextFireTime(row.cron, row.timezone, now);
      window = fireTimesBetween(row.cron, row.timezone, dueAt, now);
    } catch (err) {
      // A pattern that no longer parses (e.g. a time zone removed from this runtime): stop it, say why.
      const error = `schedule cannot be computed: ${err instanceof Error ? err.message : String(err)}`;
      this.claim(row, { nextFireAt: null, lastError: error, updatedAt: now });
      this.opts.onError?.(`workflow ${row.workflowId}: ${error}`);
      return { workflowId: row.workflowId, dueAt, result: 'failed', error };
    }
    const missed = now - dueAt > this.graceMs;
    if (missed && (row.missedFires as MissedFirePolicy) === 'skip') {
      const won = this.claim(row, { nextFireAt: next, lastError: null, updatedAt: now });
      return { workflowId: row.workflowId, dueAt, result: won ? 'skipped' : 'lost' };
    }
    const scheduledAt = window.last ?? dueAt;
    const input: ScheduledRunInput = {
      scheduledAt: new Date(scheduledAt).toISOString(),
      firedAt: new Date(now).toISOString(),
      missedFires: Math.max(0, window.count - 1),
    };
    try {
      const { runId } = await this.runs.start({
        workflowId: row.workflowId,
        version: row.version,
        input,
        startedBy: 'schedule',
        trigger: 'schedule',
        inCommit: () => {
          if (!this.claim(row, { nextFireAt: next, lastFiredAt: now, lastError: null, updatedAt: now })) throw new ClaimLost();
        },
      });
      // The run id is known only after the commit; record it for the designer (best effort, informational).
      this.h.db.update(schedules).set({ lastRunId: runId }).where(and(eq(schedules.workflowId, row.workflowId), eq(schedules.lastFiredAt, now))).run();
      return { workflowId: row.workflowId, dueAt, result: 'started', runId };
    } catch (err) {
      if (err instanceof ClaimLost) return { workflowId: row.workflowId, dueAt, result: 'lost' };
      // The run could not start (version gone, input refused…): move on so one bad fire does not block the schedule.
      const error = err instanceof Error ? err.message : String(err);
      const won = this.claim(row, { nextFireAt: next, lastError: error, updatedAt: now });
      if (won) this.opts.onError?.(`workflow ${row.workflowId}: scheduled run not started: ${error}`);
      return { workflowId: row.workflowId, dueAt, result: won ? 'failed' : 'lost', error };
    }
  }
}
