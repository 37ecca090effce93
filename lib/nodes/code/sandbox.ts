/**
 * Runs user JavaScript in QuickJS compiled to WebAssembly (quickjs-emscripten), on a
 * worker thread. The isolation model, measured on this code base's target (Node 20):
 *
 * - The user's code runs inside QuickJS, an interpreter living in WebAssembly linear
 *   memory. It has no handle on any host object: its globals are QuickJS's own
 *   built-ins (Object, JSON, Math, Date, Promise, RegExp, Map, …) plus what the worker
 *   defines (`$input`, `$steps`, `$vars`, `$run` parsed from JSON inside the sandbox,
 *   and a `console` whose only host call takes one string). There is no `require`,
 *   `process`, file system, network, `setTimeout` or `fetch`; a constructor chain ends
 *   at QuickJS's own `Function`.
 * - The interpreter runs in a small pool of worker threads (`pool.ts`, script
 *   `sandbox-worker.mjs`), never on the server's main thread: a script spinning until
 *   its CPU limit does not stall requests, other runs or live views. Each worker loads
 *   the WebAssembly module once (≈ 12 ms) and runs one execution at a time.
 * - Per execution: a fresh runtime and context, an interrupt handler with a wall-clock
 *   deadline (CPU limit, ms), a WebAssembly memory that cannot grow past 16 MiB + the
 *   memory limit (bytes; see `sandbox-worker.mjs` for why QuickJS's `setMemoryLimit`
 *   alone does not hold) and `setMaxStackSize` (bytes). Runtime and context are disposed
 *   afterwards, so nothing a script does survives into the next one; a worker whose
 *   memory grew past `BATON_CODE_WORKER_MAX_MB` is replaced (`pool.ts`).
 * - The main thread arms a backstop of CPU limit + a margin: a worker that does not
 *   answer by then is terminated and replaced (`CPU_LIMIT`). A worker that crashes, or
 *   whose module fails in a way QuickJS cannot report (a native stack overflow, an
 *   internal assertion), is replaced too (`SANDBOX` / `STACK_LIMIT`).
 * - The stack limit is fixed at {@link STACK_BYTES}: QuickJS's interpreter frames also
 *   use the thread's native stack, and a larger limit let some recursions (a
 *   self-referencing `toString`) overflow that stack before QuickJS noticed.
 *   128 KiB allows about 650 nested plain function calls.
 */
import 'server-only';
import { SandboxPool } from './pool';
import type { SandboxJob, SandboxResult } from './sandbox-types';

export type { SandboxFailure, SandboxJob, SandboxResult } from './sandbox-types';

/** Longest CPU limit a node may ask for, ms. */
export const MAX_TIMEOUT_MS = 5_000;
/** Largest memory limit a node may ask for, MiB. */
export const MAX_MEMORY_MB = 256;
/** QuickJS stack limit, bytes (see the module comment for why it is fixed and small). */
export const STACK_BYTES = 128 * 1024;
/** Most `console` lines kept per execution, and the longest line kept (characters). */
export const MAX_LOG_LINES = 100;
export const MAX_LOG_LINE_CHARS = 2_000;
/** Largest JSON result accepted, characters. */
export const MAX_RESULT_CHARS = 5 * 1024 * 1024;

export interface SandboxLimits {
  /** CPU (wall-clock) budget of the whole execution, ms; 1–{@link MAX_TIMEOUT_MS}. */
  timeoutMs: number;
  /** Heap limit of the QuickJS runtime, bytes (its WebAssembly memory may grow to 16 MiB more). */
  memoryBytes: number;
}

/**
 * The process-wide pool, created on first use. Kept on `globalThis` because the
 * Next.js server loads this module in more than one bundle (routes, instrumentation).
 */
export function sharedSandboxPool(): SandboxPool {
  const g = globalThis as { __batonCodeSandboxPool?: SandboxPool };
  return (g.__batonCodeSandboxPool ??= new SandboxPool());
}

/** The job message for `pool` from a call of {@link runInSandbox}; `context` must be JSON. */
export function sandboxJob(code: string, context: { input: unknown; steps: unknown; vars: unknown; run: unknown }, limits: SandboxLimits): SandboxJob {
  return {
    code,
    context: JSON.stringify({ input: context.input ?? null, steps: context.steps ?? {}, vars: context.vars ?? {}, run: context.run ?? null }),
    timeoutMs: Math.min(Math.max(1, limits.timeoutMs), MAX_TIMEOUT_MS),
    memoryBytes: limits.memoryBytes,
    stackBytes: STACK_BYTES,
    maxLogLines: MAX_LOG_LINES,
    maxLogLineChars: MAX_LOG_LINE_CHARS,
    maxResultChars: MAX_RESULT_CHARS,
  };
}

/**
 * Executes `code` as the body of an `async function` (so `return` and `await` work)
 * with `$input`, `$steps`, `$vars` and `$run` defined from `context` (which must be
 * JSON). The returned value (after awaiting it) is the result; no `return` gives
 * `null`. Runs on a worker of `pool` (default: the shared one); the calling thread
 * only waits. An aborted `signal` stops the execution (`CANCELLED`). Never rejects for
 * anything the user's code does; failures are returned.
 */
export function runInSandbox(
  code: string,
  context: { input: unknown; steps: unknown; vars: unknown; run: unknown },
  limits: SandboxLimits,
  opts: { signal?: AbortSignal; pool?: SandboxPool } = {},
): Promise<SandboxResult> {
  return (opts.pool ?? sharedSandboxPool()).run(sandboxJob(code, context, limits), opts.signal);
}
