/**
 * A small pool of worker threads that run the code sandbox (`sandbox-worker.mjs`), so
 * user code never runs on the server's main thread: while a script spins until its
 * CPU limit, HTTP requests, other runs and live views go on.
 *
 * - **Slots.** At most `size` workers (default: min(2, available cores)), started on
 *   demand and kept while idle (unreferenced, so they never keep a process alive).
 *   Executions beyond that wait in a FIFO queue.
 * - **Backstop.** The worker enforces the CPU limit itself (QuickJS's interrupt
 *   handler). The main thread also arms a wall-clock timer of CPU limit + `marginMs`
 *   when it hands an execution over: a worker that has not answered by then is
 *   terminated and replaced, and the execution fails with `CPU_LIMIT`.
 * - **Crashes.** A worker that dies (an uncaught error, running out of heap, a failed
 *   start) or that reports its module broken (`retire`) is replaced; an execution it
 *   was running fails with `SANDBOX` (or `STACK_LIMIT`, as the worker reported it).
 * - **Memory.** Each result carries the worker's WebAssembly memory and V8 heap sizes
 *   (bytes). WebAssembly memory never shrinks, so a worker whose sum is above
 *   `recycleBytes` after an execution is terminated and a fresh one started when work
 *   waits (`recycled` in the counters): one large execution does not keep its memory.
 * - **Cancellation.** An aborted `signal` removes a queued execution, or terminates the
 *   worker running it (then replaced); either way the execution fails with `CANCELLED`
 *   at once.
 *
 * Data crosses the thread boundary as strings: the run context as JSON text, the
 * result as JSON text parsed here.
 */
import 'server-only';
import os from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Json } from '../../engine/types';
import type { SandboxFailure, SandboxJob, SandboxResult } from './sandbox-types';

export interface SandboxPoolOptions {
  /** Most worker threads; default min(2, `os.availableParallelism()`), at least 1. */
  size?: number;
  /** Extra wall-clock time past the CPU limit before a silent worker is terminated, ms; default 2000. */
  marginMs?: number;
  /** Absolute path of the worker script; default {@link defaultWorkerFile}. */
  workerFile?: string;
  /** V8 heap and stack limits of each worker (Node's `ResourceLimits`, MiB); default Node's. */
  resourceLimits?: ResourceLimits;
  /** Longest a new worker may take to load QuickJS and report ready, ms; default 30000. */
  startupTimeoutMs?: number;
  /**
   * A worker whose WebAssembly memory + V8 heap is above this after an execution is
   * replaced, bytes; default {@link defaultRecycleBytes} (`BATON_CODE_WORKER_MAX_MB`).
   */
  recycleBytes?: number;
}

/** Default worker memory threshold, MiB, when `BATON_CODE_WORKER_MAX_MB` is not set. */
export const DEFAULT_WORKER_MAX_MB = 64;

/**
 * The worker memory threshold in bytes: `BATON_CODE_WORKER_MAX_MB` (MiB, a positive
 * number) or {@link DEFAULT_WORKER_MAX_MB}. An invalid value falls back to the default.
 */
export function defaultRecycleBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.BATON_CODE_WORKER_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_WORKER_MAX_MB) * 1024 * 1024;
}

/** Counters for tests and diagnostics. */
export interface SandboxPoolStats {
  /** Live workers (starting, idle or busy). */
  workers: number;
  busy: number;
  queued: number;
  /** Workers started since the pool was created. */
  started: number;
  /** Workers terminated or lost because of a timeout, a crash, a cancel or a broken module. */
  replaced: number;
  /** Workers terminated after an execution because their memory grew past `recycleBytes`. */
  recycled: number;
  /** Largest memory (WebAssembly + V8 heap, bytes) a live worker reported after its last execution; 0 before any. */
  memoryBytes: number;
}

/**
 * Where the worker script lives: `lib/nodes/code/sandbox-worker.mjs` under the app's
 * root, taken to be `process.cwd()` (vitest, tsx and `next start` all run from there;
 * the Next.js bundle has no stable path of its own to resolve against).
 */
export function defaultWorkerFile(): string {
  return path.join(process.cwd(), 'lib', 'nodes', 'code', 'sandbox-worker.mjs');
}

interface Pending {
  id: number;
  job: SandboxJob;
  resolve: (r: SandboxResult) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  queuedAt: number;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  current?: Pending;
  backstop?: ReturnType<typeof setTimeout>;
  startup?: ReturnType<typeof setTimeout>;
  /** WebAssembly memory + V8 heap after the last execution, bytes. */
  memoryBytes?: number;
}

type WorkerResult = { type: 'result'; id: number; logs: string[]; durationMs: number; retire?: boolean; wasmBytes?: number; heapBytes?: number } & ({ ok: true; valueText: string } | { ok: false; error: SandboxFailure });

/** Worker threads running sandboxed executions; see the module comment. */
export class SandboxPool {
  private readonly size: number;
  private readonly marginMs: number;
  private readonly file: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers that died before reporting ready, in a row; reset by a ready worker. */
  private failedStarts = 0;
  private lastStartError = '';
  private counters = { started: 0, replaced: 0, recycled: 0 };
  private readonly recycleBytes: number;

  constructor(private readonly opts: SandboxPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? Math.min(2, os.availableParallelism())));
    this.marginMs = Math.max(0, opts.marginMs ?? 2_000);
    this.file = opts.workerFile ?? defaultWorkerFile();
    this.recycleBytes = opts.recycleBytes ?? defaultRecycleBytes();
  }

  /**
   * Runs one execution. Resolves when the worker answers, when the backstop fires
   * (`CPU_LIMIT`), when the worker dies (`SANDBOX`) or when `signal` aborts
   * (`CANCELLED`); never rejects. `durationMs` of a failure decided here is the time
   * since the call, ms.
   */
  run(job: SandboxJob, signal?: AbortSignal): Promise<SandboxResult> {
    return new Promise<SandboxResult>((resolve) => {
      const p: Pending = { id: this.nextId++, job, resolve, signal, queuedAt: performance.now() };
      if (this.closed) return resolve(failure(p, { code: 'SANDBOX', message: 'the code sandbox is shut down' }));
      if (signal?.aborted) return resolve(failure(p, cancelled(signal)));
      if (signal) {
        p.onAbort = () => this.cancel(p);
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.pump();
    });
  }

  /** Current counters. */
  stats(): SandboxPoolStats {
    const live = this.slots.filter((s) => s.state !== 'dead');
    const memoryBytes = Math.max(0, ...live.map((s) => s.memoryBytes ?? 0));
    return { workers: live.length, busy: live.filter((s) => s.state === 'busy').length, queued: this.queue.length, ...this.counters, memoryBytes };
  }

  /** Terminates every worker; queued and running executions fail with `SANDBOX`. Later calls to `run` fail at once. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, failure(p, { code: 'SANDBOX', message: 'the code sandbox is shut down' }));
    await Promise.all([...this.slots].map((s) => this.kill(s, { code: 'SANDBOX', message: 'the code sandbox is shut down' }, false)));
  }

  /** Hands queued executions to idle workers, starting workers while there are free slots. */
  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const idle = this.slots.find((s) => s.state === 'idle');
      if (idle) {
        this.dispatch(idle, this.queue.shift()!);
        continue;
      }
      const live = this.slots.filter((s) => s.state !== 'dead').length;
      const starting = this.slots.filter((s) => s.state === 'starting').length;
      // Start a worker for each waiting execution that no starting worker will take.
      if (live < this.size && starting < this.queue.length) {
        this.spawn();
        continue;
      }
      return;
    }
  }

  private spawn(): void {
    this.counters.started++;
    let worker: Worker;
    try {
      worker = new Worker(this.file, { resourceLimits: this.opts.resourceLimits });
    } catch (err) {
      this.startFailed(`the sandbox worker could not start: ${errorText(err)}`);
      return;
    }
    const slot: Slot = { worker, state: 'starting' };
    this.slots.push(slot);
    slot.startup = setTimeout(() => {
      if (slot.state === 'starting') void this.kill(slot, { code: 'SANDBOX', message: 'the sandbox worker did not start in time' }, true, 'start');
    }, this.opts.startupTimeoutMs ?? 30_000);
    worker.on('message', (msg: { type: 'ready' } | WorkerResult) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`the worker exited with code ${code}`)));
  }

  /**
   * Marks a worker idle. An idle worker is unreferenced so it never keeps the process
   * alive; a starting or busy one is referenced (with its timers) until it answers.
   */
  private makeIdle(slot: Slot): void {
    slot.state = 'idle';
    slot.worker.unref();
  }

  private onMessage(slot: Slot, msg: { type: 'ready' } | WorkerResult): void {
    if (slot.state === 'dead') return;
    if (msg.type === 'ready') {
      clearTimeout(slot.startup);
      this.failedStarts = 0;
      this.makeIdle(slot);
      this.pump();
      return;
    }
    const p = slot.current;
    if (!p || msg.id !== p.id) return;
    clearTimeout(slot.backstop);
    slot.current = undefined;
    this.makeIdle(slot);
    slot.memoryBytes = (msg.wasmBytes ?? 0) + (msg.heapBytes ?? 0);
    this.settle(p, toResult(msg));
    if (msg.retire) void this.kill(slot, { code: 'SANDBOX', message: 'retired' }, true);
    else if (slot.memoryBytes > this.recycleBytes) {
      this.counters.recycled++;
      void this.kill(slot, { code: 'SANDBOX', message: 'recycled' }, false);
    }
    this.pump();
  }

  /** A worker's `error` or `exit` event: fail what it ran, forget it, and carry on with a fresh one if work is waiting. */
  private onDeath(slot: Slot, err: unknown): void {
    if (slot.state === 'dead') return;
    const wasStarting = slot.state === 'starting';
    const reason = errorText(err);
    this.bury(slot);
    this.counters.replaced++;
    const p = slot.current;
    slot.current = undefined;
    if (p) this.settle(p, failure(p, { code: 'SANDBOX', message: `the sandbox stopped unexpectedly (${reason}); it was replaced` }));
    if (wasStarting) this.startFailed(`the sandbox worker could not start: ${reason}`);
    else this.pump();
  }

  /**
   * A worker died before it was ready. Once is bad luck (try again); twice in a row
   * means it cannot start (a missing file, no memory), so fail what waits instead of
   * starting workers forever. The next `run` tries again.
   */
  private startFailed(reason: string): void {
    this.failedStarts++;
    this.lastStartError = reason;
    if (this.failedStarts < 2) return this.pump();
    this.failedStarts = 0;
    for (const p of this.queue.splice(0)) this.settle(p, failure(p, { code: 'SANDBOX', message: this.lastStartError }));
  }

  private dispatch(slot: Slot, p: Pending): void {
    slot.state = 'busy';
    slot.current = p;
    slot.worker.ref();
    slot.backstop = setTimeout(
      () => void this.kill(slot, { code: 'CPU_LIMIT', message: 'the code ran longer than its CPU time limit and did not stop, so its sandbox was replaced' }, true),
      p.job.timeoutMs + this.marginMs,
    );
    slot.worker.postMessage({ type: 'run', id: p.id, ...p.job });
  }

  /** The signal of `p` aborted: drop it from the queue, or stop the worker running it. */
  private cancel(p: Pending): void {
    const reason = cancelled(p.signal!);
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(p, failure(p, reason));
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (slot) void this.kill(slot, reason, true);
  }

  /**
   * Terminates a worker: its execution (if any) fails with `error`, the slot is freed,
   * and (unless the pool is closing) waiting executions get a new worker.
   */
  private async kill(slot: Slot, error: SandboxFailure, replace: boolean, phase: 'run' | 'start' = 'run'): Promise<void> {
    if (slot.state === 'dead') return;
    this.bury(slot);
    if (replace) this.counters.replaced++;
    const p = slot.current;
    slot.current = undefined;
    if (p) this.settle(p, failure(p, error));
    const exited = slot.worker.terminate().catch(() => undefined);
    if (phase === 'start') this.startFailed(error.message);
    else if (replace) this.pump();
    await exited;
  }

  private bury(slot: Slot): void {
    slot.state = 'dead';
    clearTimeout(slot.backstop);
    clearTimeout(slot.startup);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private settle(p: Pending, r: SandboxResult): void {
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    p.resolve(r);
  }
}

function toResult(msg: WorkerResult): SandboxResult {
  if (msg.ok) return { ok: true, value: JSON.parse(msg.valueText) as Json, logs: msg.logs, durationMs: msg.durationMs };
  return { ok: false, error: msg.error, logs: msg.logs, durationMs: msg.durationMs };
}

function failure(p: Pending, error: SandboxFailure): SandboxResult {
  return { ok: false, error, logs: [], durationMs: performance.now() - p.queuedAt };
}

function cancelled(signal: AbortSignal): SandboxFailure {
  const r: unknown = signal.reason;
  const why = r instanceof Error ? r.message : r === undefined ? 'aborted' : String(r);
  return { code: 'CANCELLED', message: `the execution was stopped: ${why}` };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
