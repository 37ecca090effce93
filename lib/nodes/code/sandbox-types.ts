/**
 * The messages between the code sandbox's caller (`sandbox.ts`) and its worker pool
 * (`pool.ts`): the job handed to a worker and the result or failure that comes back.
 * Shared by both, so neither has to import the other for its types.
 */
import type { Json } from '../../engine/types';

/** What one execution needs; see `sandbox-worker.mjs` for the message it becomes. */
export interface SandboxJob {
  code: string;
  /** JSON text of `{ input, steps, vars, run }`. */
  context: string;
  /** CPU limit, ms (already clamped by the caller). */
  timeoutMs: number;
  /** QuickJS heap limit, bytes. */
  memoryBytes: number;
  /** QuickJS stack limit, bytes. */
  stackBytes: number;
  maxLogLines: number;
  /** Longest console line kept, characters. */
  maxLogLineChars: number;
  /** Largest JSON result accepted, characters. */
  maxResultChars: number;
}

/**
 * Why an execution failed. `code`: `SYNTAX_ERROR`, `USER_ERROR` (the script threw or
 * its promise rejected), `CPU_LIMIT`, `MEMORY_LIMIT`, `STACK_LIMIT`, `NOT_JSON` (the
 * result cannot be JSON), `NEVER_SETTLED` (an awaited promise never resolved),
 * `SANDBOX` (the interpreter or its worker failed; it is replaced), `CANCELLED` (the
 * caller's signal aborted; the execution was stopped).
 * `line`/`column`: 1-based position in the user's code, when known.
 */
export interface SandboxFailure {
  code: 'SYNTAX_ERROR' | 'USER_ERROR' | 'CPU_LIMIT' | 'MEMORY_LIMIT' | 'STACK_LIMIT' | 'NOT_JSON' | 'NEVER_SETTLED' | 'SANDBOX' | 'CANCELLED';
  message: string;
  line?: number;
  column?: number;
  /** The script's stack trace (positions in the user's code), when there is one. */
  stack?: string;
}

export type SandboxResult = ({ ok: true; value: Json } | { ok: false; error: SandboxFailure }) & {
  /** `console.*` lines, capped at `MAX_LOG_LINES` (`sandbox.ts`). */
  logs: string[];
  /** Time spent in the sandbox, ms. */
  durationMs: number;
};
