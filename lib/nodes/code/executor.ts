import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { CodeConfig } from './definition';
import { runInSandbox } from './sandbox';
import type { Json } from '../../engine/types';

/**
 * Runs the node's code in the sandbox (`sandbox.ts`, on a worker thread) with the run
 * context; the result is the step output. `console` lines go to the attempt log.
 * Failures are not retryable (the same code on the same input fails the same way) and
 * carry the sandbox's code (`SYNTAX_ERROR`, `USER_ERROR`, `CPU_LIMIT`, `MEMORY_LIMIT`,
 * `STACK_LIMIT`, `NOT_JSON`, `NEVER_SETTLED`, `SANDBOX`, `CANCELLED` when the step's
 * signal aborted) and, when known, the line and column in the code (`details`).
 */
export const executeCode: Executor<CodeConfig> = async (config, ctx) => {
  if (ctx.signal.aborted) throw new StepError('cancelled before the code ran', { code: 'CANCELLED' });
  const { scope } = ctx;
  const result = await runInSandbox(
    config.code,
    { input: scope.input, steps: scope.steps, vars: scope.vars, run: scope.run },
    { timeoutMs: config.timeoutMs, memoryBytes: config.memoryMb * 1024 * 1024 },
    { signal: ctx.signal },
  );
  for (const line of result.logs) ctx.log(line);
  if (result.ok) return { output: result.value };
  const e = result.error;
  const message =
    e.code === 'CPU_LIMIT' ? e.message.replace('CPU time limit', `CPU time limit (${config.timeoutMs} ms)`) : e.code === 'MEMORY_LIMIT' ? `${e.message} (${config.memoryMb} MiB)` : e.message;
  const details: Record<string, Json> = { code: e.code };
  if (e.line !== undefined) details.line = e.line;
  if (e.column !== undefined) details.column = e.column;
  if (e.stack) details.stack = e.stack;
  throw new StepError(`Code "${ctx.label}" (${ctx.nodeId}): ${message}`, { code: e.code, retryable: false, details });
};
