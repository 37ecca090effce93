/**
 * One Baton process's share of a PostgreSQL benchmark round (`bench/pg.ts`): the
 * process that coordinates and every worker process (`bench/pg-worker.ts`) run the
 * same agent over their own app (`createPgApp`) on one shared database, as Baton
 * processes behind a load balancer would: each starts its share of the runs or
 * decides its share of the tasks, and each runner claims whatever jobs are due
 * (`FOR UPDATE SKIP LOCKED`). Processes hear of each other's commits through the
 * LISTEN/NOTIFY relay (`server/events/pg-relay.ts`), as `boot()` sets it up.
 */
import { randomBytes } from 'node:crypto';
import { createPgApp, type App } from '../server/app';
import { bus, channels, setBusRelay } from '../server/events/bus';
import { PgRelay } from '../server/events/pg-relay';

/** What an agent is asked to do; it answers once every run concerned reached `until`. */
export type AgentCommand =
  /** Start `n` runs of `workflowId` together (input `{ i }`). */
  | { op: 'start'; workflowId: string; n: number; until: 'succeeded' | 'waiting' }
  /** Complete these tasks (outcome `ok`) together; their runs go on to `succeeded`. */
  | { op: 'complete'; tasks: { id: string; runId: string }[] };

/** An agent's answer: wall ms from receiving the command to its last run reaching the status. */
export interface AgentAnswer {
  ms: number;
}

/** The environment every bench process shares (one credential key for all, as the deployment guide asks). */
export function benchPgEnv(): void {
  process.env.BATON_SECRET_KEY ??= randomBytes(32).toString('base64');
}

/**
 * Run statuses seen on this process's bus (its own commits and, through the relay,
 * other processes'), so waiting for a set of runs costs nothing while they execute.
 */
class StatusWatch {
  private readonly seen = new Map<string, string>();
  private waiters: { ids: Set<string>; status: string; resolve: () => void }[] = [];

  private readonly on = (runId: string, status: string) => {
    this.seen.set(runId, status);
    for (const w of this.waiters) if (status === w.status) w.ids.delete(runId);
    this.waiters = this.waiters.filter((w) => (w.ids.size ? true : (w.resolve(), false)));
  };

  constructor() {
    bus().on(channels.runs, this.on);
  }

  /** Stops listening. */
  close(): void {
    bus().off(channels.runs, this.on);
  }

  /** Resolves when every run of `ids` has reached `status`; rejects after `timeoutMs`. */
  waitFor(ids: readonly string[], status: string, timeoutMs = 600_000): Promise<void> {
    const left = new Set(ids.filter((id) => this.seen.get(id) !== status));
    if (!left.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench timed out: ${left.size} of ${ids.length} runs not ${status}`)), timeoutMs);
      this.waiters.push({ ids: left, status, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Forgets what was seen (between rounds). */
  clear(): void {
    this.seen.clear();
  }
}

/** A process's app, relay and runner on the bench database; `do` carries out commands. */
export class BenchAgent {
  private readonly watch = new StatusWatch();
  private constructor(
    readonly app: App,
    private readonly relay: PgRelay,
  ) {}

  /** Builds the app on `url` (already migrated), joins the relay and starts the runner. */
  static async open(url: string): Promise<BenchAgent> {
    benchPgEnv();
    const app = createPgApp(url, { seed: false });
    const relay = new PgRelay({ url, origin: app.runner.owner, target: bus(), onReceive: () => app.runner.wake() });
    await relay.start();
    setBusRelay((s) => relay.publish(s));
    app.runner.start();
    return new BenchAgent(app, relay);
  }

  /** Carries out `cmd`. @returns the wall time until its runs reached the status asked for. */
  async do(cmd: AgentCommand): Promise<AgentAnswer> {
    this.watch.clear();
    const t0 = performance.now();
    if (cmd.op === 'start') {
      const ids = await Promise.all(
        Array.from({ length: cmd.n }, (_, i) => this.app.runs.start({ workflowId: cmd.workflowId, input: { i }, startedBy: 'bench' }).then((r) => r.runId)),
      );
      await this.watch.waitFor(ids, cmd.until);
    } else {
      await Promise.all(cmd.tasks.map((t) => this.app.tasks.complete(t.id, { outcome: 'ok', data: {}, by: 'bench' })));
      await this.watch.waitFor(
        cmd.tasks.map((t) => t.runId),
        'succeeded',
      );
    }
    return { ms: performance.now() - t0 };
  }

  /** Stops the runner and the relay, then closes the pool. */
  async close(): Promise<void> {
    await this.app.runner.stop();
    this.watch.close();
    setBusRelay(null);
    await this.relay.stop();
    await this.app.storage.close();
  }
}
