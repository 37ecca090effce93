/**
 * The runner's polling loop: claims due jobs up to the free concurrency, starts each,
 * and sleeps until the next job is due (at most `idlePollMs`) or until woken by a commit
 * that queued work. One claim at a time. A claim that fails because the database cannot
 * be reached (PostgreSQL restarting) is tried again with backoff (`server/outage.ts`: 0.25–2 s),
 * the outage logged once; any other failed claim is reported and tried again after the
 * idle poll. Times in ms.
 */
import 'server-only';
import type { JobRow } from '../storage/ports/run-store';
import { reportInternalError } from '../http/internal-error';
import { backoffMs, isUnreachable, OutageLog } from '../outage';

export interface JobLoopOptions {
  /** Leases up to `free` due jobs to this process. */
  claim: (free: number) => Promise<JobRow[]>;
  /** Earliest time (epoch ms) a job becomes claimable, or null. */
  nextDueAt: () => Promise<number | null>;
  /** Runs one claimed job; never rejects (the caller handles its errors). */
  run: (job: JobRow) => Promise<void>;
  clock: () => number;
  /** Most jobs running at once. */
  concurrency: number;
  /** Longest sleep between polls, ms. */
  idlePollMs: number;
  /** Where database outages are logged (default: the runner's own). */
  outage?: OutageLog;
}

export class JobLoop {
  private inFlight = 0;
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private idleWaiters: Array<() => void> = [];
  /** Claims in a row that failed because the database was unreachable. */
  private unreachable = 0;
  private readonly outage: OutageLog;

  constructor(private readonly o: JobLoopOptions) {
    this.outage = o.outage ?? new OutageLog('runner');
  }

  /** True once {@link stop} was called. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Starts polling once `before()` settled (its failure is reported, not thrown). Does nothing when started already. */
  start(before: () => Promise<unknown>): void {
    if (this.running) return;
    this.running = true;
    void before().catch((err: unknown) => reportInternalError(err, 'runner: preparing the job loop')).finally(() => this.wake());
  }

  /** Stops claiming; resolves once a claim under way has started its jobs (or none). Running jobs go on: see {@link idle}. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping;
  }

  /** Resolves when no job is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Looks for due jobs on the next turn of the event loop. */
  wake(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let delay = this.o.idlePollMs;
    const claiming = this.claimAndStart().then(
      (d) => {
        delay = d;
        this.unreachable = 0;
        this.outage.ok();
      },
      (err: unknown) => {
        if (isUnreachable(err)) {
          // PostgreSQL restarting: poll again soon, so work resumes within a couple of seconds of its return.
          this.outage.failed(err);
          delay = backoffMs(++this.unreachable);
        } else reportInternalError(err, 'runner: claiming jobs'); // try again after the idle poll
      },
    );
    this.pumping = claiming;
    await claiming;
    this.pumping = null;
    if (!this.running) return;
    if (this.pumpAgain) {
      this.pumpAgain = false;
      this.wake();
    } else if (delay >= 0 && !this.timer) this.timer = setTimeout(() => void this.pump(), delay);
  }

  /** One claim: starts the claimed jobs. @returns ms until the next poll, or -1 when more work may be waiting (a finishing job wakes the loop). */
  private async claimAndStart(): Promise<number> {
    const free = this.o.concurrency - this.inFlight;
    if (free > 0) {
      const jobs = await this.o.claim(free);
      if (!this.running) return -1; // stopped meanwhile: the claimed jobs keep their leases and run after the restart
      for (const job of jobs) {
        this.inFlight++;
        void this.o.run(job).finally(() => {
          this.inFlight--;
          if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
          this.wake();
        });
      }
      if (jobs.length === free) return -1; // more may be waiting; the finally() wakes us
    }
    const next = await this.o.nextDueAt();
    return next == null ? this.o.idlePollMs : Math.min(this.o.idlePollMs, Math.max(0, next - this.o.clock()));
  }
}
