/**
 * The scheduler: starts runs of workflows whose published version begins with a
 * schedule trigger, at each fire time of its cron expression.
 *
 * Durability and no double fire: the schedule lives in the `schedules` row. A fire
 * is claimed with a compare-and-set on `next_fire_at` (from the due time it read to
 * the next fire time) inside the very transaction that inserts the run (a
 * `ScheduleClaimGuard` passed to `RunService.start`, `storage/ports/triggers.ts`). Either
 * both commit or neither does: a crash before the commit leaves the row due and it fires
 * after the restart; a second scheduler (another process on the same database, SQLite or
 * PostgreSQL) that read the same due row fails its compare-and-set and its run is
 * refused with it (`ScheduleClaimLost`).
 *
 * Missed fires: a fire is "missed" when the scheduler sees it more than
 * `graceMs` after its time (the server was down, or the process stalled). The
 * trigger's `missedFires` policy decides: `fireOnce` starts one run for the whole
 * missed window, `skip` starts none; either way the schedule moves on to the first
 * fire time after now.
 *
 * Database outages: a fire whose run could not start because the database is away
 * (PostgreSQL restarting) claims nothing and is tried again on a later tick, so it fires
 * once the database is back (within the grace time it counts as on time).
 *
 * Time comes from the injected `clock` (epoch ms); tests call {@link Scheduler.tick}.
 */
import 'server-only';
import type { RunService } from '../services/runs';
import type { ScheduleClaimSet, ScheduleRow, TriggerStorePort } from '../storage/ports/triggers';
import { ScheduleClaimLost } from '../storage/trigger-errors';
import { isUnreachable, OutageLog } from '../outage';
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

export class Scheduler {
  private readonly clock: () => number;
  private readonly graceMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<FireOutcome[]> | null = null;
  /** A database outage is logged when it starts and ends, not on every tick. */
  private readonly outage = new OutageLog('scheduler');

  constructor(
    private readonly store: TriggerStorePort,
    private readonly runs: Pick<RunService, 'start'>,
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
      .then(
        () => this.outage.ok(),
        (err) => (isUnreachable(err) ? this.outage.failed(err) : this.opts.onError?.(`scheduler tick failed: ${err instanceof Error ? err.message : String(err)}`)),
      )
      .then(() => this.nextDueAt())
      .catch(() => null)
      .then((next) => {
        if (!this.running) return;
        const delay = next == null ? this.pollMs : Math.min(this.pollMs, Math.max(0, next - this.clock()));
        this.timer = setTimeout(() => this.loop(), delay);
      });
  }

  /** The earliest next fire time of any schedule (epoch ms), or null. */
  nextDueAt(): Promise<number | null> {
    return this.store.nextDueAt();
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
    const due = await this.store.dueSchedules(now, this.batch);
    const outcomes: FireOutcome[] = [];
    for (const row of due) outcomes.push(await this.fire(row, now));
    return outcomes;
  }

  /** Compare-and-set of a schedule row from the due time it was read with. @returns whether this caller won. */
  private claim(row: ScheduleRow, set: ScheduleClaimSet): Promise<boolean> {
    return this.store.claimSchedule({ workflowId: row.workflowId, version: row.version, dueAt: row.nextFireAt!, set });
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
      await this.claim(row, { nextFireAt: null, lastError: error, updatedAt: now });
      this.opts.onError?.(`workflow ${row.workflowId}: ${error}`);
      return { workflowId: row.workflowId, dueAt, result: 'failed', error };
    }
    const missed = now - dueAt > this.graceMs;
    if (missed && (row.missedFires as MissedFirePolicy) === 'skip') {
      const won = await this.claim(row, { nextFireAt: next, lastError: null, updatedAt: now });
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
        // The claim commits with the run (and records its id as the schedule's last run), or refuses it.
        guards: () => [{ type: 'scheduleClaim', workflowId: row.workflowId, version: row.version, dueAt, set: { nextFireAt: next, lastFiredAt: now, lastError: null, updatedAt: now } }],
      });
      return { workflowId: row.workflowId, dueAt, result: 'started', runId };
    } catch (err) {
      if (err instanceof ScheduleClaimLost) return { workflowId: row.workflowId, dueAt, result: 'lost' };
      // The database is away (restarting): nothing was claimed, the fire is tried again on a later tick.
      if (isUnreachable(err)) throw err;
      // The run could not start (version gone, input refused…): move on so one bad fire does not block the schedule.
      const error = err instanceof Error ? err.message : String(err);
      const won = await this.claim(row, { nextFireAt: next, lastError: error, updatedAt: now });
      if (won) this.opts.onError?.(`workflow ${row.workflowId}: scheduled run not started: ${error}`);
      return { workflowId: row.workflowId, dueAt, result: won ? 'failed' : 'lost', error };
    }
  }
}
